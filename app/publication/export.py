"""`publication export`: the penalty decisions of a period as a publication list (xlsx).

    publication_rows(store, date_from=None, date_to=None) → {"rows": [...], "calendar_fallback_years": [...]}
    export_publication(store, out, date_from=None, date_to=None, format="list") → {"path", "rows", …}

`format="credit"` writes the 2021 双公示 30-column layout instead, for the platform upload
(app/publication/credit.py): that file is not masked.

Natural persons appear as surname + 某 (also inside the facts and cause, however the facts dot
or space the name); who is a person is decided by the party's ID and stated role
(app.publication.parties), not by words in the name; organisations keep their names; ID numbers,
phone and landline numbers in any grouping, bank accounts, addresses and house numbers are
removed from every text field.
Each decision shows its publication deadline: the 7th working day after the decision (the day
after the decision is the first), from the program's working-day calendar. Text cells never
become formulas.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from sqlalchemy import select

from app.audit.calendar_service import calendar_for
from app.domain.amounts import format_fen
from app.errors import UserError
from app.logs import logged
from app.publication.cells import put_cell
from app.publication.credit import export_credit
from app.publication.redact import publish_party, redact_text, replace_names
from app.reports.output import atomic_file
from app.store import Store
from db.models import CaseFile, Unit

PUBLICATION_WORKDAYS = 7
COLUMNS = (("序号", 6), ("行政处罚决定书文号", 26), ("当事人", 22), ("案由", 24), ("违法事实", 48), ("处罚依据", 30),
           ("处罚内容", 30), ("罚款金额（元）", 14), ("没收金额（元）", 14), ("执法单位", 20), ("作出决定日期", 13),
           ("公示截止日期", 13), ("公示日期", 13))


def _row(c: CaseFile, unit: str, deadline: date) -> dict[str, Any]:
    def text(value: str) -> str:
        return redact_text(replace_names(value or "", c.party, c.party_id))

    return {"case_no": c.case_no, "party": publish_party(c.party, c.party_id), "cause": text(c.cause),
            "facts": text(c.facts), "legal_basis": text(c.legal_basis), "penalty": text(c.penalty),
            "fine_fen": c.fine_fen, "confiscation_fen": c.confiscation_fen, "unit": redact_text(unit),
            "decided_on": c.decided_on, "deadline": deadline, "published_on": c.published_on}


def publication_rows(store: Store, date_from: date | None = None, date_to: date | None = None) -> dict[str, Any]:
    """Decisions made between the dates (inclusive), in decision-date and case-number order."""
    if date_from and date_to and date_from > date_to:
        raise UserError(f"起始日期 {date_from.isoformat()} 晚于截止日期 {date_to.isoformat()}。")
    stmt = (select(CaseFile, Unit.name).outerjoin(Unit, Unit.id == CaseFile.unit_id)
            .where(CaseFile.decided_on.is_not(None)).order_by(CaseFile.decided_on, CaseFile.case_key))
    if date_from:
        stmt = stmt.where(CaseFile.decided_on >= date_from)
    if date_to:
        stmt = stmt.where(CaseFile.decided_on <= date_to)
    with store.session() as s:
        calendar = calendar_for(s)
        rows = []
        fallback: set[int] = set()
        for c, unit in s.execute(stmt):
            decided = c.decided_on
            assert decided is not None  # the query asks for decided cases only
            deadline = calendar.add_workdays(decided, PUBLICATION_WORKDAYS)
            fallback.update(calendar.fallback_years(decided, deadline))
            rows.append(_row(c, unit or "", deadline))
    return {"rows": rows, "calendar_fallback_years": sorted(fallback)}


def _cell_values(n: int, r: dict[str, Any]) -> list[Any]:
    return [n, r["case_no"], r["party"], r["cause"], r["facts"], r["legal_basis"], r["penalty"],
            format_fen(r["fine_fen"]), format_fen(r["confiscation_fen"]), r["unit"], r["decided_on"],
            r["deadline"], r["published_on"]]


def build_workbook(rows: list[dict[str, Any]], title: str) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = "行政处罚公示"
    ws.cell(row=1, column=1, value=title).font = Font(name="宋体", size=16, bold=True)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
    for col, (header, width) in enumerate(COLUMNS, start=1):
        ws.cell(row=2, column=col, value=header).font = Font(name="宋体", bold=True)
        ws.column_dimensions[get_column_letter(col)].width = width
    for n, r in enumerate(rows, start=1):
        for col, value in enumerate(_cell_values(n, r), start=1):
            put_cell(ws, n + 2, col, value)
    ws.freeze_panes = "A3"
    ws.print_title_rows = "2:2"
    return wb


FORMATS = ("list", "credit")


def export_publication(store: Store, out: Path | str, *, date_from: date | None = None,
                       date_to: date | None = None, format: str = "list") -> dict[str, Any]:
    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        raise UserError(f"输出文件 {out} 应以 .xlsx 结尾。")
    if format not in FORMATS:
        raise UserError(f"未知的导出格式「{format}」，应为 {'、'.join(FORMATS)} 之一。")
    with logged("export.publication", store.path, format=format) as facts:
        result = export_credit(store, out, date_from, date_to) if format == "credit" else \
            _export(store, out, date_from, date_to)
        facts["rows"] = result["rows"]
        return result


def _export(store: Store, out: Path, date_from: date | None, date_to: date | None) -> dict[str, Any]:
    found = publication_rows(store, date_from, date_to)
    period = (f"{date_from.isoformat() if date_from else ''}起" if date_from else "") + \
        (f"至{date_to.isoformat()}" if date_to else "")
    wb = build_workbook(found["rows"], f"行政处罚决定公示（决定日期{period}）" if period else "行政处罚决定公示")
    with atomic_file(out) as temp:
        wb.save(temp)
    return {"path": str(out), "rows": len(found["rows"]), "from": date_from, "to": date_to,
            "calendar_fallback_years": found["calendar_fallback_years"]}
