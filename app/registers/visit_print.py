"""Printed return visits: a 回访记录表 per party (one page each; blank lines to fill in by hand for
a visit not yet made, the record as entered for one made) and the satisfaction summary by unit
(PDF, or an Excel form for .xlsx).

    write_visit_sheets(store, out, visit_ids=None, draw_id=None) · write_visit_summary(store, out, draw_id=None)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.errors import UserError
from app.registers.visits import list_visits, visit_summary
from app.reports.text import clean
from app.store import Store
from db.models_registers import SATISFACTION, VISIT_WAYS

SHEET_TITLE = "行政处罚回访记录表"
SUMMARY_TITLE = "行政处罚回访满意度统计表"
SUMMARY_HEADERS = ("序号", "执法单位", "抽取户数", "已回访", "满意", "基本满意", "不满意", "满意率", "反映问题")
SUMMARY_WIDTHS = (8, 30, 10, 10, 8, 10, 8, 10, 10)
BLANK = "\n\n"
GAP = "\u00a0" * 5  # no-break spaces: a Paragraph collapses ordinary (and full-width) ones
DATE_LINE = "日期：＿＿年＿＿月＿＿日"


def ticks(chosen: str, options: tuple[str, ...]) -> str:
    """'■电话　□上门　□书面' — the choice ticked, or all boxes empty to tick by hand."""
    return GAP.join(("■" if o == chosen else "□") + o for o in options)


def _sheet_rows(v: dict[str, Any], office: str) -> list[tuple[str, str]]:
    raised = "、".join(f"问题 #{i}" for i in v["problem_ids"])
    return [("执法单位", clean(v["unit"]) or "—"), ("案号", clean(v["case_no"])), ("当事人", clean(v["party"])),
            ("回访日期", v["visited_on"].isoformat() if v["visited_on"] else "＿＿＿＿年＿＿月＿＿日"),
            ("回访方式", ticks(v["way"], VISIT_WAYS)), ("回访人", clean(v["visitor"]) or "\n"),
            ("当事人意见", clean(v["statement"]) or "\n" * 4),
            ("满意程度", ticks(v["satisfaction"], SATISFACTION)),
            ("反映的问题", raised or (BLANK if not v["visited_on"] else "无")),
            ("组织回访单位", office or "\n")]


def _sheet(v: dict[str, Any], office: str, fonts: Any, st: Any, width: float) -> list[Any]:
    from reportlab.lib import colors
    from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

    from app.reports.pdf_base import esc, sign_rows

    label_w = width * 0.22
    rows = [[Paragraph(esc(k), st.small), Paragraph(esc(val), st.small)] for k, val in _sheet_rows(v, office)]
    table = Table(rows, colWidths=[label_w, width - label_w], style=TableStyle([
        ("FONT", (0, 0), (-1, -1), fonts.body, 12),  # else the cells set Helvetica, which is not embedded
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
    signs = sign_rows([(f"{who}（签字）：＿＿＿＿＿＿", DATE_LINE) for who in ("回访人", "当事人")], width, st.sign)
    return [Paragraph(esc(SHEET_TITLE), st.title), Paragraph(esc(f"回访编号：{v['id']}（抽取批次 {v['draw_id']}）"), st.small),
            Spacer(1, 6), KeepTogether([table, Spacer(1, 18), signs])]


def write_visit_sheets(store: Store, out: Path | str, *, visit_ids: list[int] | None = None,
                       draw_id: int | None = None) -> Path:
    """The 回访记录表 of the visits named (default: every visit of the draw, or of all draws)."""
    from reportlab.platypus import PageBreak

    from app.office import office_info
    from app.reports.font_setting import apply_report_font
    from app.reports.fonts import report_fonts
    from app.reports.pdf_base import build_pdf, frame_width, make_styles

    visits = list_visits(store, draw_id=draw_id)
    if visit_ids is not None:
        wanted = set(visit_ids)
        missing = sorted(wanted - {v["id"] for v in visits})
        if missing:
            raise UserError(f"找不到回访（编号 {'、'.join(map(str, missing))}），回访记录表只能为抽中的当事人打印。")
        visits = [v for v in visits if v["id"] in wanted]
    if not visits:
        raise UserError("还没有抽取回访对象（visit draw），没有可打印的回访记录表。")
    apply_report_font(store)
    fonts = report_fonts()
    st = make_styles(fonts, body_size=14)
    office = clean(office_info(store).get("office_name"))
    story: list[Any] = []
    for i, v in enumerate(visits):
        if i:
            story.append(PageBreak())
        story += _sheet(v, office, fonts, st, frame_width())
    return build_pdf(Path(out), story, fonts, title=SHEET_TITLE, est_pages=len(visits))


def summary_rows(data: dict[str, Any]) -> list[list[Any]]:
    def rate(r: dict[str, Any]) -> str:
        return "—" if r["rate"] is None else f"{r['rate'] * 100:.1f}%"

    rows = [[n, r["unit"], r["drawn"], r["visited"], *[r[g] for g in SATISFACTION], rate(r), r["problems"]]
            for n, r in enumerate(data["units"], start=1)]
    t = data["total"]
    return rows + [["", "合计", t["drawn"], t["visited"], *[t[g] for g in SATISFACTION], rate(t), t["problems"]]]


def write_visit_summary(store: Store, out: Path | str, *, draw_id: int | None = None) -> Path:
    """满意度统计表 by unit: an Excel form for .xlsx, else a PDF."""
    from app.office import office_info
    from app.reports.output import atomic_file

    data = visit_summary(store, draw_id=draw_id)
    out = Path(out)
    info = f"填报单位：{clean(office_info(store).get('office_name')) or '—'}" + (f"　抽取批次：{draw_id}" if draw_id else "")
    rows = summary_rows(data)
    if out.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        from app.reports.forms_base import Column, write_form

        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.title = "回访统计"
        cols = [Column(h, w, i != 1) for i, (h, w) in enumerate(zip(SUMMARY_HEADERS, SUMMARY_WIDTHS, strict=True))]
        write_form(ws, title=SUMMARY_TITLE, info_line=info, columns=cols, rows=rows, landscape=False)
        with atomic_file(out) as temp:
            wb.save(temp)
        return out
    from reportlab.platypus import Paragraph

    from app.reports.font_setting import apply_report_font
    from app.reports.fonts import report_fonts
    from app.reports.pdf_base import build_pdf, esc, frame_width, grid_table, make_styles

    apply_report_font(store)
    fonts = report_fonts()
    st = make_styles(fonts)
    width = frame_width()
    shares = [w / sum(SUMMARY_WIDTHS) for w in SUMMARY_WIDTHS]
    story = [Paragraph(esc(SUMMARY_TITLE), st.title), Paragraph(esc(info), st.small),
             grid_table(SUMMARY_HEADERS, [[str(c) for c in r] for r in rows], [width * s for s in shares], fonts,
                        size=10.5, center_cols=(0, 2, 3, 4, 5, 6, 7, 8))]
    return build_pdf(out, story, fonts, title=SUMMARY_TITLE)
