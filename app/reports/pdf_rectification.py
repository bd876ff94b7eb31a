"""整改报告 (the rectification report the principal leader signs) and 问题清单 as a printable
form (reference/004 附件2), as PDF.

    rectification_report(store, out, as_of=None, progress=None, cancel=None) → out
    problem_list_pdf(store, out, as_of=None, progress=None, cancel=None) → out
    render_rectification_report(data, out, …) / render_problem_list(data, out, …)   plain data
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from itertools import groupby
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, HRFlowable, KeepTogether, Paragraph, Spacer

from app.jobs import Cancel, Progress
from app.logs import logged
from app.reports.data import summary_figures
from app.reports.fonts import FontSet, report_fonts
from app.reports.pdf_base import (
    Styles,
    build_pdf,
    esc,
    frame_width,
    grid_table,
    header_lines,
    make_styles,
    sign_rows,
)
from app.reports.text import clean, cn_date, dept_of, status_text
from app.store import Store

CN_NUMS = "一二三四五六七八九十"
REPORT_COLUMNS = ("序号", "具体表现", "整治措施", "责任部门", "状态")
REPORT_WIDTHS = (12 * mm, 53 * mm, 45 * mm, 24 * mm, 22 * mm)
LIST_COLUMNS = ("序号", "问题类别", "具体表现", "整治措施", "责任部门")
LIST_WIDTHS = (13 * mm, 34 * mm, 90 * mm, 74 * mm, 44 * mm)
SIGNER = "主要负责人（签字）：＿＿＿＿＿＿"
SIGN_DATE = "日期：＿＿年＿＿月＿＿日"
NEXT_STEPS = ("对尚未完成整改的问题，坚持“不解决不销号”，逐项明确责任人和整改时限，跟踪督办，确保按期整改到位；"
              "对照问题原因完善制度，建立长效机制。")


def cn_ordinal(n: int) -> str:
    if n <= 10:
        return CN_NUMS[n - 1]
    if n < 20:
        return "十" + CN_NUMS[n - 11]
    tens, ones = divmod(n, 10)
    return CN_NUMS[tens - 1] + "十" + (CN_NUMS[ones - 1] if ones else "")


def office_name(data: dict[str, Any]) -> str:
    office = data.get("office") or {}
    return clean(office.get("office_name") or office.get("office_unit") or "")


def doc_number(data: dict[str, Any]) -> str:
    """The office's own number (prefix〔year〕 号, the number filled in by hand), else the campaign's."""
    prefix = clean((data.get("office") or {}).get("doc_prefix"))
    if prefix:
        return f"{prefix}〔{data['as_of'].year}〕    号"
    return clean((data.get("campaign") or {}).get("doc_no"))


def report_title(data: dict[str, Any]) -> str:
    camp = clean((data.get("campaign") or {}).get("name"))
    return f"{office_name(data)}关于{camp or '专项整治'}整改情况的报告"


def title_paragraph(title: str, st: Styles) -> Paragraph:
    """The title, broken after 关于 (or before it) when it needs two lines and each half fits,
    rather than wherever the line happens to fill up."""
    width = frame_width()
    size = st.title.fontSize

    def fits(part: str) -> bool:
        return stringWidth(part, st.title.fontName, size) <= width

    if not fits(title) and "关于" in title:
        at = title.index("关于")
        for cut in (at + 2, at):
            if 0 < cut < len(title) and fits(title[:cut]) and fits(title[cut:]):
                return Paragraph(f"{esc(title[:cut])}<br/>{esc(title[cut:])}", st.title)
    return Paragraph(esc(title), st.title)


def letterhead(data: dict[str, Any], st: Styles) -> list[Flowable]:
    """发文机关标志 in red, 发文字号, the red separator line."""
    out: list[Flowable] = []
    if office_name(data):
        out.append(Paragraph(f'<font color="#C00000">{esc(office_name(data))}</font>', st.title))
    if doc_number(data):
        out.append(Paragraph(esc(doc_number(data)), st.doc_no))
    out += [Spacer(1, 2 * mm), HRFlowable(width="100%", thickness=1.5, color=colors.HexColor("#C00000")),
            Spacer(1, 6 * mm)]
    return out


def signature_block(data: dict[str, Any], st: Styles, before: Sequence[Flowable] = ()) -> Flowable:
    """主要负责人（签字） and 日期, then the office (单位盖章) and the date, kept on one page with
    the paragraphs before it (a page holding only the signature is not allowed)."""
    return KeepTogether([*before, Spacer(1, 12 * mm), sign_rows([(SIGNER, SIGN_DATE)], frame_width(), st.sign),
                         Spacer(1, 8 * mm), Paragraph(f"{esc(office_name(data))}（单位盖章）", st.right),
                         Paragraph(esc(cn_date(data["as_of"])), st.right)])


def intro(data: dict[str, Any], fig: dict[str, int], st: Styles) -> list[Flowable]:
    camp = data.get("campaign") or {}
    basis = f"根据《{clean(camp.get('name'))}》" if camp.get("name") else "根据专项整治工作部署"
    if camp.get("doc_no"):
        basis += f"（{clean(camp['doc_no'])}）"
    out: list[Flowable] = []
    if camp.get("issuing_body"):
        out.append(Paragraph(f"{esc(camp['issuing_body'])}：", st.plain))
    out.append(Paragraph(esc(
        f"{basis}要求，{office_name(data) or '我单位'}对照问题分类开展自查自纠和执法案卷倒查。"
        f"截至{cn_date(data['as_of'])}，共发现问题{fig['found']}个，已整改销号{fig['rectified']}个，"
        f"正在整改{fig['in_progress']}个，尚未整改{fig['pending']}个，其中逾期未完成{fig['overdue']}个；"
        f"处理{fig['people_handled']}人，给予党纪政务处分{fig['sanctions']}人。现将整改情况报告如下。"), st.body))
    return out


def summary_table(data: dict[str, Any], fonts: FontSet) -> Flowable:
    stats = data["statistics"]
    keys = ("found", "rectified", "people_handled", "sanctions")
    rows = [[r["category"], *(r[k] for k in keys)] for r in stats["rows"]]
    rows.append(["合计", *(stats["total"][k] for k in keys)])
    widths = (56 * mm, 25 * mm, 25 * mm, 22 * mm, 28 * mm)
    return grid_table(("问题类别", "发现问题数", "整改问题数", "处理人数", "党纪政务处分人数"), rows, widths, fonts,
                      center_cols=(1, 2, 3, 4))


def category_sections(data: dict[str, Any], st: Styles, progress: Progress | None) -> list[Flowable]:
    problems = data["problems"]
    by_cat = {k: list(g) for k, g in groupby(problems, key=lambda p: clean(p.get("category")) or "未分类")}
    names = list(data.get("categories") or []) + [c for c in by_cat if c not in (data.get("categories") or [])]
    out: list[Flowable] = []
    done = 0
    for n, cat in enumerate(names, start=1):
        items = by_cat.get(cat, [])
        out += [CondPageBreak(45 * mm)]
        out.append(Paragraph(f"（{cn_ordinal(n)}）{esc(cat)}（{len(items)}个）", st.heading))
        if not items:
            out.append(Paragraph("本类别未发现问题。", st.body))
            continue
        rows = [[i, clean(p.get("manifestation")), clean(p.get("measure")), dept_of(p), status_text(p)]
                for i, p in enumerate(items, start=1)]
        out += [grid_table(REPORT_COLUMNS, rows, REPORT_WIDTHS, st.fonts, center_cols=(0, 4)), Spacer(1, 4 * mm)]
        done += len(items)
        if progress is not None:
            progress(done, len(problems), "整理问题")
    return out


def render_rectification_report(data: dict[str, Any], out: Path, *, progress: Progress | None = None,
                                cancel: Cancel | None = None, fonts: FontSet | None = None) -> Path:
    """整改报告 from plain data (see app.reports.data)."""
    fonts = fonts or report_fonts()
    st = make_styles(fonts)
    fig = summary_figures(data["problems"], data["statistics"]["total"])
    story: list[Flowable] = [*letterhead(data, st), title_paragraph(report_title(data), st),
                             *intro(data, fig, st),
                             Paragraph("一、总体情况", st.heading), summary_table(data, fonts), Spacer(1, 4 * mm),
                             CondPageBreak(60 * mm), Paragraph("二、问题及整改措施", st.heading),
                             *category_sections(data, st, progress),
                             signature_block(data, st, [Paragraph("三、下一步工作", st.heading),
                                                        Paragraph(NEXT_STEPS, st.body)])]
    return build_pdf(out, story, fonts, title=report_title(data), progress=progress, cancel=cancel,
                     est_pages=3 + len(data["problems"]) // 10)


def note_row(note: tuple[str, str], widths: Sequence[float], fonts: FontSet) -> Flowable:
    """附件2's closing 备注 row: the label under 序号, the text across the other columns."""
    from reportlab.platypus import Table, TableStyle

    return Table([list(note)], colWidths=[widths[0], sum(widths[1:])],
                 style=TableStyle([("FONT", (0, 0), (-1, -1), fonts.body, 10.5),
                                   ("BOX", (0, 0), (-1, -1), 0.5, colors.black),
                                   ("INNERGRID", (0, 0), (-1, -1), 0.5, colors.black),
                                   ("ALIGN", (0, 0), (0, 0), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))


def render_problem_list(data: dict[str, Any], out: Path, *, progress: Progress | None = None,
                        cancel: Cancel | None = None, fonts: FontSet | None = None) -> Path:
    """问题清单 (附件2) from plain data: landscape, the header lines, the five columns."""
    from app.reports.forms import PROBLEM_LIST_NOTE, info_cells, problem_list_rows, title_of

    fonts = fonts or report_fonts()
    st = make_styles(fonts, body_size=14)
    title = title_of(data, "问题清单")
    rows = problem_list_rows(data["problems"])
    story: list[Flowable] = [Paragraph(esc(title), st.title), header_lines(info_cells(data), sum(LIST_WIDTHS), st.small),
                             Spacer(1, 3 * mm),
                             grid_table(LIST_COLUMNS, rows, LIST_WIDTHS, fonts, center_cols=(0,)),
                             note_row(PROBLEM_LIST_NOTE, LIST_WIDTHS, fonts)]
    return build_pdf(out, story, fonts, title=title, wide=True, progress=progress, cancel=cancel,
                     est_pages=1 + len(rows) // 14)


def rectification_report(store: Store, out: Path, *, as_of: date | None = None, progress: Progress | None = None,
                         cancel: Cancel | None = None) -> Path:
    """整改报告 of the store's problems (the active campaign's taxonomy) into `out`."""
    from app.reports.data import gather

    with logged("export.report", store.path, report="rectification") as facts:
        data = gather(store, as_of=as_of)
        facts["problems"] = len(data["problems"])
        return render_rectification_report(data, out, progress=progress, cancel=cancel)


def problem_list_pdf(store: Store, out: Path, *, as_of: date | None = None, progress: Progress | None = None,
                     cancel: Cancel | None = None) -> Path:
    """问题清单 (附件2) of the store's problems as a printable PDF into `out`."""
    from app.reports.data import gather

    with logged("export.report", store.path, report="problem_list") as facts:
        data = gather(store, as_of=as_of)
        facts["problems"] = len(data["problems"])
        return render_problem_list(data, out, progress=progress, cancel=cancel)
