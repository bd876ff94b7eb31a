"""`publication export --format credit`: the decisions in the 2021 双公示 30-column layout.

    credit_rows(store, date_from, date_to) → {"rows": [[30 values], …], "warnings": [...]}
    export_credit(store, out, date_from, date_to) → {"path", "rows", "format": "credit", …}

This is the file the office uploads to the credit platform (信用中国 / 省信用平台), not the public
page: the national standard has the platform receive the party's full name and, for a 自然人, the
证件类型 and 证件号码 (the platform masks what it shows). So unlike the masked list
(`--format list`), this file holds personal data; it is written readable by its owner only (0600)
and the command says so. The layout is exactly DOMAIN.md §5.1's: the header texts in order on
the first row, one decision per row below.

Amounts go back to 万元 exactly: fen / 1,000,000 has at most six decimals, and for every amount
the store can hold (< 10^15 fen: at most 15 significant digits) the cell's number is that
decimal exactly (checked, never rounded). Dates are written as the templates ask, `YYYY/MM/DD`.
The ID goes in the column its kind calls for: a 统一社会信用代码 in 行政相对人代码_1, an old
组织机构代码 in 代码_3, a resident ID in 证件号码 with 证件类型 身份证. The party kind is the one the
register states; where it states none it is read from the ID, then the name, and each such row
is listed in the warnings.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from sqlalchemy import select

from app.domain.party_kinds import INDIVIDUAL_BUSINESS, ORGANISATION, PARTY_KINDS, PERSON
from app.domain.persons import IdKind, id_kind
from app.errors import UserError
from app.private_files import make_private
from app.publication.cells import put_cell
from app.publication.redact import is_organisation
from app.reports.output import atomic_file
from app.store import Store
from db.models import CaseFile, Unit
from db.models_settings import Setting

CREDIT_HEADER = (
    "行政相对人名称", "行政相对人类别", "行政相对人代码_1（统一社会信用代码）", "行政相对人代码_2（工商注册号）",
    "行政相对人代码_3（组织机构代码）", "行政相对人代码_4（税务登记号）", "行政相对人代码_5（事业单位证书号）",
    "行政相对人代码_6（社会组织登记证号）", "法定代表人", "法定代表人证件类型", "法定代表人证件号码", "证件类型",
    "证件号码", "行政处罚决定书文号", "违法行为类型", "违法事实", "处罚依据", "处罚类别", "处罚内容",
    "罚款金额（万元）", "没收违法所得、没收非法财物的金额（万元）", "暂扣或吊销证照名称及编号", "处罚决定日期",
    "处罚有效期", "公示截止期", "处罚机关", "处罚机关统一社会信用代码", "数据来源单位",
    "数据来源单位统一社会信用代码", "备注",
)
AMOUNT_COLUMNS = frozenset({"罚款金额（万元）", "没收违法所得、没收非法财物的金额（万元）"})
RESIDENT_ID_TYPE = "身份证"
FEN_PER_WAN = 1_000_000
PERSONAL_DATA_NOTE = ("此文件含自然人的姓名和证件号码等个人信息，仅供向信用平台报送（双公示上传），"
                      "不得对外公开；对外公示请用 --format list 导出的公示清单。")


def wan_yuan(fen: int | None) -> int | float | None:
    """fen → 万元, exact: an int when whole, else the float whose shortest text is the decimal."""
    if fen is None:
        return None
    if fen % FEN_PER_WAN == 0:
        return fen // FEN_PER_WAN
    exact = Decimal(fen).scaleb(-6)
    value = float(exact)
    if Decimal(repr(value)) != exact:  # beyond 15 significant digits: no amount the store holds
        raise UserError(f"金额 {fen} 分换算为万元时无法精确表示，未导出。")
    return value


def _text_date(d: date | None) -> str:
    return d.strftime("%Y/%m/%d") if d else ""


def party_kind_of(stored: str, party: str, party_id: str) -> tuple[str, bool]:
    """(行政相对人类别, whether it was inferred rather than stated)."""
    if stored in PARTY_KINDS:
        return stored, False
    kind = id_kind(party_id)
    if kind is IdKind.PERSON:
        return PERSON, True
    if kind is IdKind.INDIVIDUAL_BUSINESS:
        return INDIVIDUAL_BUSINESS, True
    if kind is IdKind.ORGANISATION:
        return ORGANISATION, True
    return (ORGANISATION if is_organisation(party, party_id) else PERSON), True


def _id_columns(party_id: str) -> dict[str, str]:
    """The code column (or 证件类型 + 证件号码) the party's ID belongs in."""
    pid = (party_id or "").strip()
    if not pid:
        return {}
    kind = id_kind(pid)
    if kind is IdKind.PERSON:
        return {"证件类型": RESIDENT_ID_TYPE, "证件号码": pid}
    if kind in (IdKind.ORGANISATION, IdKind.INDIVIDUAL_BUSINESS):
        column = "行政相对人代码_1（统一社会信用代码）" if len(pid) == 18 else "行政相对人代码_3（组织机构代码）"
        return {column: pid}
    return {"证件号码": pid}  # a passport or another document: its type is not known


def _office(s: Any) -> tuple[str, str]:
    """数据来源单位 (the office's name as set) and its code (the unit of that name's, if any).
    Read without writing: office_info would create the office's id on first read."""
    name = s.scalar(select(Setting.value).where(Setting.key == "office.office_name")) or ""
    if not name:
        return "", ""
    return name, s.scalar(select(Unit.credit_code).where(Unit.name == name)) or ""


def credit_rows(store: Store, date_from: date | None = None, date_to: date | None = None) -> dict[str, Any]:
    """The decisions made between the dates (inclusive) as rows of CREDIT_HEADER's values."""
    if date_from and date_to and date_from > date_to:
        raise UserError(f"起始日期 {date_from.isoformat()} 晚于截止日期 {date_to.isoformat()}。")
    stmt = (select(CaseFile, Unit.name, Unit.credit_code).outerjoin(Unit, Unit.id == CaseFile.unit_id)
            .where(CaseFile.decided_on.is_not(None)).order_by(CaseFile.decided_on, CaseFile.case_key))
    if date_from:
        stmt = stmt.where(CaseFile.decided_on >= date_from)
    if date_to:
        stmt = stmt.where(CaseFile.decided_on <= date_to)
    rows: list[list[Any]] = []
    warnings: list[str] = []
    with store.session() as s:
        office, office_code = _office(s)
        for c, unit, unit_code in s.execute(stmt):
            kind, inferred = party_kind_of(c.party_kind, c.party, c.party_id)
            if inferred:
                warnings.append(f"案卷 {c.case_no}：案卷未登记行政相对人类别，按证件号码或名称填为「{kind}」，请核对")
            values = {
                "行政相对人名称": c.party, "行政相对人类别": kind, **_id_columns(c.party_id),
                "行政处罚决定书文号": c.case_no, "违法行为类型": c.cause, "违法事实": c.facts,
                "处罚依据": c.legal_basis, "处罚类别": c.penalty_kinds, "处罚内容": c.penalty,
                "罚款金额（万元）": wan_yuan(c.fine_fen),
                "没收违法所得、没收非法财物的金额（万元）": wan_yuan(c.confiscation_fen),
                "处罚决定日期": _text_date(c.decided_on), "处罚有效期": _text_date(c.penalty_valid_to),
                "公示截止期": _text_date(c.publicity_until), "处罚机关": unit or "",
                "处罚机关统一社会信用代码": unit_code or "", "数据来源单位": office,
                "数据来源单位统一社会信用代码": office_code,
            }
            rows.append([values.get(h) for h in CREDIT_HEADER])
    if not office:
        warnings.insert(0, "未设置本单位名称（caseaudit office set --name …），「数据来源单位」为空")
    return {"rows": rows, "warnings": warnings}


def build_credit_workbook(rows: list[list[Any]]) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = "行政处罚"
    for col, header in enumerate(CREDIT_HEADER, start=1):
        ws.cell(row=1, column=col, value=header).font = Font(name="宋体", bold=True)
        ws.column_dimensions[get_column_letter(col)].width = 16 if header not in ("违法事实", "处罚内容") else 40
    for r, values in enumerate(rows, start=2):
        for col, (header, value) in enumerate(zip(CREDIT_HEADER, values, strict=True), start=1):
            cell = put_cell(ws, r, col, value)
            if header in AMOUNT_COLUMNS and value is not None:
                cell.number_format = "0.00####"  # up to the six decimals a fen needs, nothing rounded
    ws.freeze_panes = "A2"
    return wb


def export_credit(store: Store, out: Path, date_from: date | None = None,
                  date_to: date | None = None) -> dict[str, Any]:
    found = credit_rows(store, date_from, date_to)
    wb = build_credit_workbook(found["rows"])
    with atomic_file(out) as temp:
        wb.save(temp)
    make_private(out)  # atomic_file's temp is 0600 already; said again, as this file holds IDs
    return {"path": str(out), "rows": len(found["rows"]), "from": date_from, "to": date_to, "format": "credit",
            "personal_data": True, "note": PERSONAL_DATA_NOTE, "warnings": found["warnings"]}
