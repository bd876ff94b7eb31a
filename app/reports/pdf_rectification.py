"""整改报告 (the rectification report the principal leader signs, a GB/T 9704 上行文 to the
campaign's 专项整治办) and 问题清单 as a printable form (reference/004 附件2), as PDF.

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
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer

from app.jobs import Cancel, Progress
from app.logs import logged
from app.reports import doc_parts as parts
from app.reports.data import summary_figures
from app.reports.fonts import FontSet, document_fonts, report_fonts
from app.reports.gbt9704 import Document, build_document
from app.reports.pdf_base import build_pdf, esc, grid_table, header_lines, make_styles
from app.reports.report_charts import report_charts
from app.reports.stats_layout import stats_grid
from app.reports.text import clean, cn_date, dept_of, status_text
from app.store import Store

CN_NUMS = "一二三四五六七八九十"
REPORT_COLUMNS = ("序号", "具体表现", "整治措施", "责任部门", "状态")
REPORT_WIDTHS_MM = (12.0, 53.0, 45.0, 24.0, 22.0)
LIST_COLUMNS = ("序号", "问题类别", "具体表现", "整治措施", "责任部门")
LIST_WIDTHS = (13 * mm, 34 * mm, 90 * mm, 74 * mm, 44 * mm)
SIGNER = "主要负责人（签字）："
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
    return parts.office_name(data)


def doc_number(data: dict[str, Any]) -> str:
    """The number the document was issued under (from the office's sequence, docnumbers)."""
    number = clean(data.get("doc_no"))
    if not number:
        raise ValueError("an issued document needs its number: data['doc_no'] (app.reports.docnumbers.issue)")
    return number


def report_title(data: dict[str, Any]) -> str:
    camp = clean((data.get("campaign") or {}).get("name"))
    return f"{office_name(data)}关于{camp or '专项整治'}整改情况的报告"


def addressee(data: dict[str, Any]) -> str:
    """主送机关: the campaign's receiving office (专项整治办), else the plan's issuing body."""
    camp = data.get("campaign") or {}
    return clean(data.get("addressee")) or clean(camp.get("issuing_body"))


def intro(data: dict[str, Any], fig: dict[str, int], fonts: FontSet) -> list[Flowable]:
    return [parts.para(
        f"{parts.basis_of(data)}要求，{office_name(data) or '我单位'}对照问题分类开展自查自纠和执法案卷倒查。"
        f"截至{cn_date(data['as_of'])}，共发现问题{fig['found']}个，已整改销号{fig['rectified']}个，"
        f"正在整改{fig['in_progress']}个，尚未整改{fig['pending']}个，其中逾期未完成{fig['overdue']}个；"
        f"处理{fig['people_handled']}人，给予党纪政务处分{fig['sanctions']}人。现将整改情况报告如下。", fonts)]


def summary_table(data: dict[str, Any], fonts: FontSet) -> list[Flowable]:
    """The statistics in the 附件3 layout: 整治重点, the categories as columns, the five rows."""
    header, rows = stats_grid(data["statistics"], with_total=bool(data.get("stats_total")))
    widths = [30.0, *([126.0 / (len(header) - 1)] * (len(header) - 1))]
    return parts.table(header, rows, widths, fonts, center_cols=tuple(range(1, len(header))))


def category_sections(data: dict[str, Any], fonts: FontSet, progress: Progress | None) -> list[Flowable]:
    problems = data["problems"]
    by_cat = {k: list(g) for k, g in groupby(problems, key=lambda p: clean(p.get("category")) or "未分类")}
    names = list(data.get("categories") or []) + [c for c in by_cat if c not in (data.get("categories") or [])]
    out: list[Flowable] = []
    done = 0
    for n, cat in enumerate(names, start=1):
        items = by_cat.get(cat, [])
        out += [CondPageBreak(45 * mm), parts.para(f"（{cn_ordinal(n)}）{cat}（{len(items)}个）", fonts)]
        if not items:
            out.append(parts.para("本类别未发现问题。", fonts))
            continue
        rows = [[i, clean(p.get("manifestation")), clean(p.get("measure")), dept_of(p), status_text(p)]
                for i, p in enumerate(items, start=1)]
        out += parts.table(REPORT_COLUMNS, rows, REPORT_WIDTHS_MM, fonts, center_cols=(0, 4))
        done += len(items)
        if progress is not None:
            progress(done, len(problems), "整理问题")
    return out


def report_document(data: dict[str, Any], fonts: FontSet, progress: Progress | None = None) -> Document:
    """整改报告 as a GB/T 9704 上行文: 签发人 is the principal leader; under 一、总体情况 the
    statistics table and the 首页's two charts (app.reports.report_charts)."""
    fig = summary_figures(data["problems"], data["statistics"]["total"])
    leader = clean((data.get("office") or {}).get("principal_leader"))
    body: list[Flowable] = [*intro(data, fig, fonts), parts.heading("一、总体情况", fonts),
                            *summary_table(data, fonts), *report_charts(data, fonts), CondPageBreak(60 * mm),
                            parts.heading("二、问题及整改措施", fonts), *category_sections(data, fonts, progress)]
    cases = data.get("typical_cases") or []
    if cases:  # the typical-case register (典型案例) feeds the report
        body.append(parts.heading(f"三、典型案例（{len(cases)}起）", fonts))
        for n, c in enumerate(cases, start=1):
            who = clean(c.get("unit")) + (f"（案号：{clean(c['case_no'])}）" if c.get("case_no") else "")
            body.append(parts.para(f"（{cn_ordinal(n)}）{clean(c['title'])}。{who}{clean(c['summary'])}"
                                   + (f"处理情况：{clean(c['handling'])}" if c.get("handling") else ""), fonts))
    closing: list[Flowable] = [parts.heading(f"{'四' if cases else '三'}、下一步工作", fonts),
                               parts.para(NEXT_STEPS, fonts), parts.plain(SIGNER, fonts)]
    return Document(kind="整改报告", issuer=parts.issuer_mark(data), doc_no=doc_number(data),
                    title=report_title(data), addressee=addressee(data), body=body,
                    signature=office_name(data) or "（发文机关）", issued_on=data["as_of"], signer=leader or "＿＿＿",
                    closing=closing)


def render_rectification_report(data: dict[str, Any], out: Path, *, progress: Progress | None = None,
                                cancel: Cancel | None = None, fonts: FontSet | None = None) -> Path:
    """整改报告 from plain data (see app.reports.data; `doc_no` the number it is issued under)."""
    fonts = fonts or document_fonts()
    return build_document(out, report_document(data, fonts, progress), fonts, progress=progress, cancel=cancel)


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
                         cancel: Cancel | None = None, operator: str = "") -> Path:
    """整改报告 of the store's problems (the active campaign's taxonomy) into `out`, issued under
    the next number of the office's sequence (the same report of the same day keeps its number)."""
    from app.reports.data import gather
    from app.reports.docnumbers import issue

    with logged("export.report", store.path, report="rectification") as facts:
        data = gather(store, as_of=as_of)
        facts["problems"] = len(data["problems"])

        def render(doc_no: str) -> Path:
            return render_rectification_report({**data, "doc_no": doc_no}, out, progress=progress, cancel=cancel)

        record = issue(store, kind="整改报告", title=report_title(data), addressee=addressee(data),
                       issued_on=data["as_of"], out=out, render=render, operator=operator)
        facts["doc_no"] = record["doc_no"]
        return Path(out)


def problem_list_pdf(store: Store, out: Path, *, as_of: date | None = None, progress: Progress | None = None,
                     cancel: Cancel | None = None) -> Path:
    """问题清单 (附件2) of the store's problems as a printable PDF into `out`."""
    from app.reports.data import gather

    with logged("export.report", store.path, report="problem_list") as facts:
        data = gather(store, as_of=as_of)
        facts["problems"] = len(data["problems"])
        return render_problem_list(data, out, progress=progress, cancel=cancel)
