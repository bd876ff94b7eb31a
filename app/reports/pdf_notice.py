"""整改通知书: the office tells one unit which problems it must rectify, how, and by when.

    rectification_notice(store, unit, out) → out        the unit's problems not yet closed (销号)
    notice_data(store, unit) / render_notice(data, out)
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from reportlab.platypus import Flowable

from app.errors import UserError
from app.jobs import Cancel, Progress
from app.logs import logged
from app.reports import doc_parts as parts
from app.reports.fonts import FontSet, document_fonts
from app.reports.gbt9704 import Document, build_document
from app.reports.pdf_rectification import doc_number, office_name
from app.reports.text import clean, cn_date, method_label
from app.store import Store

NOTICE_COLUMNS = ("序号", "问题类别", "具体表现", "整改要求", "整改时限")
NOTICE_WIDTHS_MM = (12.0, 24.0, 54.0, 40.0, 26.0)


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
    """整改通知书 from plain data (`doc_no` the number it is issued under): a GB/T 9704 下行文."""
    fonts = fonts or document_fonts()
    unit, problems = clean(data["unit"]), data["problems"]
    office = office_name(data) or "本机关"
    rows = [[n, clean(p.get("category")), clean(p.get("manifestation")) + (
        f"（案号：{clean(p['case_no'])}）" if p.get("case_no") else ""),
             clean(p.get("measure")) or "查明原因，逐项整改", deadline_cell(p)]
            for n, p in enumerate(problems, start=1)]
    immediate = sum(method_label(p) == "立行立改" for p in problems)
    body: list[Flowable] = [
        parts.para(f"{parts.basis_of(data)}要求，{office}在执法案卷倒查和专项检查中发现你单位存在以下{len(problems)}个问题"
                   f"（其中立行立改{immediate}个），现通知你单位按下表要求认真组织整改：", fonts),
        *parts.table(NOTICE_COLUMNS, rows, NOTICE_WIDTHS_MM, fonts, center_cols=(0,)),
        parts.heading("整改要求", fonts),
        parts.para("一、对立行立改的问题立即整改；对限期整改的问题制定整改方案，明确责任人和时间表，按期完成。", fonts),
        parts.para(f"二、整改完成后，将整改情况报告及佐证材料报送{office}，经审核后销号，坚持“不解决不销号”。", fonts),
        parts.para("三、逾期未整改或整改不到位的，将按照专项整治有关规定严肃处理。", fonts),
        parts.plain("签收单位（盖章）：＿＿＿＿＿　签收人（签字）：＿＿＿＿", fonts)]
    doc = Document(kind="整改通知书", issuer=parts.issuer_mark(data), doc_no=doc_number(data),
                   title="整改通知书", addressee=unit, body=body, signature=office, issued_on=data["as_of"])
    return build_document(out, doc, fonts, progress=progress, cancel=cancel)


def rectification_notice(store: Store, unit: str, out: Path, *, as_of: date | None = None,
                         progress: Progress | None = None, cancel: Cancel | None = None,
                         operator: str = "") -> Path:
    """整改通知书 to `unit` listing its problems not yet closed, into `out`, numbered from the
    office's sequence."""
    from app.reports.docnumbers import issue

    with logged("export.report", store.path, report="notice"):
        data = notice_data(store, unit, as_of=as_of)

        def render(doc_no: str) -> Path:
            return render_notice({**data, "doc_no": doc_no}, out, progress=progress, cancel=cancel)

        issue(store, kind="整改通知书", title=f"整改通知书（{data['unit']}）", addressee=data["unit"],
              issued_on=data["as_of"], out=out, render=render, unit=data["unit"],
              problem_ids=[p["id"] for p in data["problems"]], operator=operator)
        return Path(out)
