"""整改通知书: the office tells one unit which problems it must rectify, how, and by when.

    rectification_notice(store, unit, out) → out        the unit's problems not yet closed (销号)
    notice_data(store, unit) / render_notice(data, out)
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from app.errors import UserError
from app.jobs import Cancel, Progress
from app.logs import logged
from app.reports.fonts import FontSet, report_fonts
from app.reports.pdf_base import build_pdf, esc, frame_width, grid_table, make_styles, sign_rows
from app.reports.pdf_rectification import SIGN_DATE, doc_number, letterhead, office_name
from app.reports.text import clean, cn_date, method_label
from app.store import Store

NOTICE_COLUMNS = ("序号", "问题类别", "具体表现", "整改要求", "整改时限")
NOTICE_WIDTHS = (12 * mm, 24 * mm, 54 * mm, 40 * mm, 26 * mm)


def notice_data(store: Store, unit: str, *, as_of: date | None = None) -> dict[str, Any]:
    """The report data (app.reports.data.gather) narrowed to one unit's open problems."""
    from app.reports.data import gather

    unit = (unit or "").strip()
    if not unit:
        raise UserError("请指定要发整改通知书的单位（--unit）。")
    data = gather(store, as_of=as_of, unit=unit)
    data["unit"] = unit
    data["problems"] = [p for p in data["problems"] if p.get("status") != "已销号"]
    if not data["problems"]:
        raise UserError(f"单位「{unit}」没有尚未销号的问题，无需发整改通知书。")
    return data


def deadline_cell(p: dict[str, Any]) -> str:
    if p.get("immediate"):
        return "立行立改"
    if p.get("deadline"):
        return cn_date(p["deadline"]) + "前"
    return clean(p.get("timetable")) or "收到通知之日起30日内"


def render_notice(data: dict[str, Any], out: Path, *, progress: Progress | None = None,
                  cancel: Cancel | None = None, fonts: FontSet | None = None) -> Path:
    fonts = fonts or report_fonts()
    st = make_styles(fonts)
    unit, problems = clean(data["unit"]), data["problems"]
    camp = data.get("campaign") or {}
    basis = f"根据《{clean(camp['name'])}》" if camp.get("name") else "根据专项整治工作部署"
    if camp.get("doc_no"):
        basis += f"（{clean(camp['doc_no'])}）"
    office = office_name(data) or "本机关"
    rows = [[n, clean(p.get("category")), clean(p.get("manifestation")) + (
        f"（案号：{clean(p['case_no'])}）" if p.get("case_no") else ""),
             clean(p.get("measure")) or "查明原因，逐项整改", deadline_cell(p)]
            for n, p in enumerate(problems, start=1)]
    immediate = sum(method_label(p) == "立行立改" for p in problems)
    story: list[Flowable] = [
        *letterhead(data, st), Paragraph("整改通知书", st.title), Paragraph(f"{esc(unit)}：", st.plain),
        Paragraph(esc(f"{basis}要求，{office}在执法案卷倒查和专项检查中发现你单位存在以下{len(problems)}个问题"
                      f"（其中立行立改{immediate}个），现通知你单位按下表要求认真组织整改："), st.body),
        Spacer(1, 2 * mm),
        grid_table(NOTICE_COLUMNS, rows, NOTICE_WIDTHS, fonts, center_cols=(0,)), Spacer(1, 3 * mm),
        Paragraph("整改要求：", st.heading),
        Paragraph("一、对立行立改的问题立即整改；对限期整改的问题制定整改方案，明确责任人和时间表，按期完成。", st.body),
        Paragraph(esc(f"二、整改完成后，将整改情况报告及佐证材料报送{office}，经审核后销号，"
                      "坚持“不解决不销号”。"), st.body),
        KeepTogether([Paragraph("三、逾期未整改或整改不到位的，将按照专项整治有关规定严肃处理。", st.body),
                      Spacer(1, 12 * mm), Paragraph(f"{esc(office)}（单位盖章）", st.right),
                      Paragraph(esc(cn_date(data["as_of"])), st.right), Spacer(1, 10 * mm),
                      sign_rows([("签收单位（盖章）：＿＿＿＿＿", SIGN_DATE), ("签收人（签字）：＿＿＿＿＿", "")],
                                frame_width(), st.sign)]),
    ]
    title = f"{office}整改通知书（{unit}）{doc_number(data)}"
    return build_pdf(out, story, fonts, title=title, progress=progress, cancel=cancel,
                     est_pages=2 + len(rows) // 12)


def rectification_notice(store: Store, unit: str, out: Path, *, as_of: date | None = None,
                         progress: Progress | None = None,
                         cancel: Cancel | None = None) -> Path:
    """整改通知书 to `unit` listing its problems not yet closed, into `out`."""
    with logged("export.report", store.path, report="notice"):
        return render_notice(notice_data(store, unit, as_of=as_of), out, progress=progress, cancel=cancel)
