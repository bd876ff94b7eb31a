"""The 清零 ledger (reference/003: 开展重点领域投诉举报"清零行动"…确实无法完成的要建立工作台账): every
complaint of the period with its deadlines and outcome, as an Excel form (the forms' layout,
app/reports/forms_base.py) and as a PDF (app/reports/pdf_base.py). The complainant is masked
unless the caller asks otherwise (the rows come from list_complaints).

    ledger(store, date_from, date_to, as_of, unmasked) → {"title", "info", "rows", "counts"}
    write_ledger(store, data, out)   .xlsx → Excel, anything else → PDF
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from app.registers.complaints import CLOSED, list_complaints
from app.reports.text import clean
from app.store import Store

HEADERS = ("序号", "收到日期", "来源渠道", "投诉举报人", "投诉举报事项", "涉及单位", "回复期限", "回复日期",
           "办结期限", "办结日期", "办理情况", "状态")
XLSX_WIDTHS = (6, 12, 10, 10, 36, 16, 12, 12, 12, 12, 40, 10)
PDF_SHARES = (0.04, 0.075, 0.075, 0.07, 0.15, 0.08, 0.075, 0.075, 0.075, 0.075, 0.155, 0.055)
CENTERED = (0, 1, 2, 6, 7, 8, 9, 11)


def _period(date_from: date | None, date_to: date | None) -> str:
    if date_from is None and date_to is None:
        return "全部"
    return f"{date_from or '…'} 至 {date_to or '今'}"


def ledger(store: Store, *, date_from: date | None = None, date_to: date | None = None,
           as_of: date | None = None, unmasked: bool = False, overdue: bool = False) -> dict[str, Any]:
    """The ledger's title, info line, rows (as printed) and counts."""
    from app.office import office_info

    as_of = as_of or date.today()
    items = list_complaints(store, date_from=date_from, date_to=date_to, as_of=as_of, unmasked=unmasked,
                            overdue=overdue)
    closed = sum(r["status"] == CLOSED for r in items)
    late = sum(r["overdue"] for r in items)
    office = clean(office_info(store).get("office_name")) or "（未设置单位名称）"
    year = f"{date_to.year}年" if date_to is not None and (date_from is None or date_from.year == date_to.year) else ""
    rows = [[n, r["received_on"], r["channel"], r["complainant"] or "—", r["subject"], r["unit"] or "—",
             r["reply_due"], r["replied_on"] or ("逾期未回复" if r["reply_overdue"] else ""), r["result_due"],
             r["closed_on"] or ("逾期未办结" if r["result_overdue"] else ""), r["outcome"], r["status"]]
            for n, r in enumerate(items, start=1)]
    counts = {"total": len(items), "closed": closed, "open": len(items) - closed, "overdue": late}
    return {"title": f"{year}投诉举报“清零行动”工作台账", "rows": rows, "counts": counts, "items": items,
            "info": f"填报单位：{office}　收到期间：{_period(date_from, date_to)}　截至 {as_of}：共 {len(items)} 件，"
                    f"已办结 {closed} 件，未办结 {len(items) - closed} 件（逾期 {late} 件）"}


def _cell(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else clean(value)


def write_ledger_xlsx(data: dict[str, Any], out: Path) -> Path:
    from openpyxl import Workbook

    from app.reports.forms_base import Column, write_form
    from app.reports.output import atomic_file

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "清零台账"
    columns = [Column(h, w, i in CENTERED) for i, (h, w) in enumerate(zip(HEADERS, XLSX_WIDTHS, strict=True))]
    write_form(ws, title=data["title"], info_line=data["info"], columns=columns, rows=data["rows"], landscape=True)
    with atomic_file(Path(out)) as temp:
        wb.save(temp)
    return Path(out)


def write_ledger_pdf(data: dict[str, Any], out: Path) -> Path:
    from reportlab.platypus import Paragraph

    from app.reports.fonts import report_fonts
    from app.reports.pdf_base import build_pdf, esc, frame_width, grid_table, make_styles

    fonts = report_fonts()
    st = make_styles(fonts, body_size=12)
    width = frame_width(wide=True)
    rows = [[_cell(v) for v in row] for row in data["rows"]] or [["", "", "", "", "（本期间没有投诉举报）"] + [""] * 7]
    story = [Paragraph(esc(data["title"]), st.title), Paragraph(esc(data["info"]), st.small),
             grid_table(HEADERS, rows, [width * s for s in PDF_SHARES], fonts, size=9, center_cols=CENTERED)]
    return build_pdf(Path(out), story, fonts, title=data["title"], wide=True, est_pages=1 + len(rows) // 15)


def write_ledger(store: Store, data: dict[str, Any], out: Path | str) -> Path:
    """The ledger into `out`: an Excel form for .xlsx, else a PDF (in the office's report font)."""
    out = Path(out)
    if out.suffix.lower() == ".xlsx":
        return write_ledger_xlsx(data, out)
    from app.reports.font_setting import apply_report_font

    apply_report_font(store)
    return write_ledger_pdf(data, out)
