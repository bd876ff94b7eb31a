"""Counting a questionnaire's responses: per question and per unit, each option's count and
percentage, free-text answers listed; printed as a PDF with a bar chart per choice question
(ReportLab graphics) or as an Excel form.

A percentage is of the responses that answered the question (a multiple-choice question's
percentages may add up to more than 100). Counts are exact; percentages are rounded to one
decimal only when printed.

    tally(store, survey_id) → dict · write_tally(store, survey_id, out)
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.registers.surveys import KIND_LABELS, TEXT, get_survey
from app.reports.text import clean
from app.store import Store
from db.models_registers import SurveyResponse

NO_UNIT = "（未填单位）"


def _count(questions: list[dict[str, Any]], answers: list[list[Any]]) -> list[dict[str, Any]]:
    out = []
    for n, q in enumerate(questions):
        given = [a[n] for a in answers if n < len(a) and a[n] not in ("", [], None)]
        entry: dict[str, Any] = {"no": n + 1, "text": q["text"], "kind": q["kind"], "answered": len(given)}
        if q["kind"] == TEXT:
            entry["answers"] = [str(g) for g in given]
        else:
            counts = Counter(o for g in given for o in (g if isinstance(g, list) else [g]))
            entry["options"] = [{"option": o, "count": counts[o],
                                 "percent": 100.0 * counts[o] / len(given) if given else 0.0} for o in q["options"]]
        out.append(entry)
    return out


def tally(store: Store, survey_id: int) -> dict[str, Any]:
    """{"survey", "responses", "questions": [...], "by_unit": [{"unit", "responses", "questions"}]}."""
    sv = get_survey(store, survey_id)
    with store.session() as s:
        rows = [(r.unit, json.loads(r.answers_json)) for r in
                s.scalars(select(SurveyResponse).where(SurveyResponse.survey_id == survey_id).order_by(SurveyResponse.id))]
    units: dict[str, list[list[Any]]] = {}
    for unit, answers in rows:
        units.setdefault(unit or NO_UNIT, []).append(answers)
    questions = sv["questions"]
    return {"survey": {k: sv[k] for k in ("id", "title", "audience")}, "responses": len(rows),
            "questions": _count(questions, [a for _u, a in rows]),
            "by_unit": [{"unit": u, "responses": len(units[u]), "questions": _count(questions, units[u])}
                        for u in sorted(units)]}


def percent_text(p: float) -> str:
    return f"{p:.1f}%"


def bar_chart(q: dict[str, Any], fonts: Any, width: float) -> Any:
    """A horizontal bar chart of one choice question's counts, with the count and % at each bar."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors

    options = q["options"]
    bar_h, label_w = 16, min(width * 0.4, 8 + 10 * max(len(clean(o["option"])) for o in options))
    height = bar_h * len(options) + 24
    d = Drawing(width, height)
    d.initialFontName = fonts.body  # the renderer's first font: else Helvetica, which is not embedded
    chart = HorizontalBarChart()
    chart.x, chart.y = label_w, 12
    chart.width, chart.height = width - label_w - 80, bar_h * len(options)
    chart.data = [[o["count"] for o in reversed(options)]]
    chart.categoryAxis.categoryNames = [clean(o["option"]) for o in reversed(options)]
    chart.categoryAxis.labels.fontName = fonts.body
    chart.categoryAxis.labels.fontSize = 9
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max([o["count"] for o in options] + [1])
    chart.valueAxis.visible = False
    chart.valueAxis.labels.fontName = chart.barLabels.fontName = fonts.body
    chart.bars[0].fillColor = colors.HexColor("#1565c0")
    chart.barWidth = bar_h * 0.6
    d.add(chart)
    top = chart.valueAxis.valueMax
    for i, o in enumerate(reversed(options)):
        x = chart.x + chart.width * (o["count"] / top) + 4
        y = chart.y + bar_h * i + bar_h / 2 - 3
        d.add(String(x, y, f"{o['count']}（{percent_text(o['percent'])}）", fontName=fonts.body, fontSize=9))
    return d


def _question_story(q: dict[str, Any], st: Any, fonts: Any, width: float) -> list[Any]:
    from reportlab.platypus import KeepTogether, Paragraph

    from app.reports.pdf_base import esc, grid_table

    head = Paragraph(esc(f"{q['no']}. {q['text']}（{KIND_LABELS[q['kind']]}，作答 {q['answered']} 份）"), st.heading)
    if q["kind"] == TEXT:
        rows = [[str(i), clean(a)] for i, a in enumerate(q["answers"], start=1)] or [["", "（无人作答）"]]
        return [head, grid_table(("序号", "回答"), rows, [width * 0.1, width * 0.9], fonts, size=10.5,
                                 center_cols=(0,))]
    rows = [[clean(o["option"]), str(o["count"]), percent_text(o["percent"])] for o in q["options"]]
    table = grid_table(("选项", "人数", "比例"), rows, [width * 0.6, width * 0.2, width * 0.2], fonts, size=10.5,
                       center_cols=(1, 2))
    return [KeepTogether([head, table, bar_chart(q, fonts, width)])]


def write_tally_pdf(data: dict[str, Any], out: Path) -> Path:
    from reportlab.platypus import Paragraph, Spacer

    from app.reports.fonts import report_fonts
    from app.reports.pdf_base import build_pdf, esc, frame_width, grid_table, make_styles

    fonts = report_fonts()
    st = make_styles(fonts, body_size=14)
    width = frame_width()
    title = f"{clean(data['survey']['title'])}统计结果"
    story: list[Any] = [Paragraph(esc(title), st.title),
                        Paragraph(esc(f"调查对象：{data['survey']['audience']}　收回答卷 {data['responses']} 份"), st.small)]
    for q in data["questions"]:
        story += _question_story(q, st, fonts, width)
    choice = [q for q in data["questions"] if q["kind"] != TEXT]
    if data["by_unit"] and choice:
        from reportlab.lib.styles import ParagraphStyle

        story += [Spacer(1, 8), Paragraph("按单位统计", ParagraphStyle("unit_head", parent=st.heading, keepWithNext=1))]
        rows = []
        for u in data["by_unit"]:
            for q in (x for x in u["questions"] if x["kind"] != TEXT):
                detail = "；".join(f"{clean(o['option'])} {o['count']}（{percent_text(o['percent'])}）" for o in q["options"])
                rows.append([clean(u["unit"]), str(u["responses"]), f"第 {q['no']} 题", detail])
        story.append(grid_table(("单位", "答卷", "题目", "各选项人数（比例）"), rows,
                                [width * 0.22, width * 0.1, width * 0.12, width * 0.56], fonts, size=10,
                                center_cols=(1, 2)))
    return build_pdf(out, story, fonts, title=title, est_pages=1 + len(data["questions"]) // 3)


def write_tally_xlsx(data: dict[str, Any], out: Path) -> Path:
    from openpyxl import Workbook

    from app.reports.forms_base import Column, write_form
    from app.reports.output import atomic_file

    rows: list[list[Any]] = []
    for scope, qs in [("全部", data["questions"])] + [(u["unit"], u["questions"]) for u in data["by_unit"]]:
        for q in qs:
            if q["kind"] == TEXT:
                rows += [[scope, q["no"], q["text"], "（回答）", a, ""] for a in q["answers"]]
            else:
                rows += [[scope, q["no"], q["text"], o["option"], o["count"], round(o["percent"], 1)]
                         for o in q["options"]]
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "统计"
    cols = [Column("范围", 18), Column("题号", 6, True), Column("题目", 36), Column("选项", 20),
            Column("人数 / 回答", 24), Column("比例（%）", 10, True)]
    write_form(ws, title=f"{data['survey']['title']}统计结果", columns=cols, rows=rows, landscape=True,
               info_line=f"调查对象：{data['survey']['audience']}　收回答卷 {data['responses']} 份")
    with atomic_file(out) as temp:
        wb.save(temp)
    return out


def write_tally(store: Store, survey_id: int, out: Path | str) -> Path:
    out = Path(out)
    data = tally(store, survey_id)
    if out.suffix.lower() == ".xlsx":
        return write_tally_xlsx(data, out)
    from app.reports.font_setting import apply_report_font

    apply_report_font(store)
    return write_tally_pdf(data, out)
