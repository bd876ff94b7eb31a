"""A questionnaire printed as a form to hand out (问卷调查表): the title, the introduction, the
respondent's line, each question with its lettered options in boxes to tick (free-text questions
get lines to write on), and a thank-you line. `print_survey` writes the PDF form, or for .xlsx the
sheet whose filled copies import back (survey_sheet.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.registers.survey_sheet import LETTERS, write_sheet
from app.registers.surveys import KIND_LABELS, MULTIPLE, TEXT, get_survey
from app.reports.text import clean
from app.store import Store

AUDIENCE_LINES = {"处罚对象": "被处罚单位（人）：＿＿＿＿＿＿＿ 办案单位：＿＿＿＿＿＿＿ 日期：＿＿＿＿",
                  "执法单位": "单位：＿＿＿＿＿＿＿＿＿＿ 填表人：＿＿＿＿＿ 日期：＿＿＿＿",
                  "社会公众": "（可不署名）单位或身份：＿＿＿＿＿＿＿＿＿ 日期：＿＿＿＿"}
WRITE_LINE = "＿" * 30  # one line across the portrait frame at 14 points
GAP = "&nbsp;" * 6  # Paragraph collapses spaces, full-width ones too


def _question(n: int, q: dict[str, Any], style: Any) -> list[Any]:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import KeepTogether, Paragraph

    from app.reports.pdf_base import esc

    hint = "（可多选）" if q["kind"] == MULTIPLE else ("" if q["kind"] == TEXT else "（单选）")
    parts = [Paragraph(esc(f"{n}. {clean(q['text'])}{hint}"), style)]
    if q["kind"] == TEXT:
        parts += [Paragraph(WRITE_LINE, style) for _ in range(3)]
    else:
        choices = GAP.join(esc(f"□ {LETTERS[i]}. {clean(o)}") for i, o in enumerate(q["options"]))
        parts.append(Paragraph(choices, ParagraphStyle("options", parent=style, leftIndent=style.fontSize * 2)))
    return [KeepTogether(parts)]


def write_form_pdf(survey: dict[str, Any], out: Path) -> Path:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Spacer

    from app.reports.fonts import report_fonts
    from app.reports.pdf_base import build_pdf, esc, make_styles

    fonts = report_fonts()
    st = make_styles(fonts, body_size=14)
    plain = ParagraphStyle("q", parent=st.plain, leftIndent=0, spaceBefore=4)
    story: list[Any] = [Paragraph(esc(clean(survey["title"])), st.title)]
    if survey["intro"]:
        story.append(Paragraph(esc(clean(survey["intro"])), st.body))
    story += [Spacer(1, 4), Paragraph(esc(AUDIENCE_LINES.get(survey["audience"], "")), st.small), Spacer(1, 8)]
    for n, q in enumerate(survey["questions"], start=1):
        story += _question(n, q, plain)
    story += [Spacer(1, 12), Paragraph("感谢您的支持与配合！", st.right)]
    kinds = "、".join(sorted({KIND_LABELS[q["kind"]] for q in survey["questions"]}))
    return build_pdf(out, story, fonts, title=f"{clean(survey['title'])}（{kinds}）",
                     est_pages=1 + len(survey["questions"]) // 8)


def print_survey(store: Store, survey_id: int, out: Path | str) -> Path:
    """The form as a PDF, or for .xlsx the Excel sheet to fill in and import back."""
    out = Path(out)
    if out.suffix.lower() == ".xlsx":
        return write_sheet(store, survey_id, out)
    from app.reports.font_setting import apply_report_font

    apply_report_font(store)
    return write_form_pdf(get_survey(store, survey_id), out)
