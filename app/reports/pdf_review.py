"""案卷评查表: one case's final review as a signed sheet — the case facts, every checklist item
with its conclusion, deduction and note, the score and grade, and the reviewers' signature lines.

    case_review_sheet(store, case_no, out) → out         the case's final review (UserError if none)
    review_sheet_data(store, case_no) / render_review_sheet(data, out)
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from app.domain.amounts import format_fen
from app.errors import UserError
from app.jobs import Cancel, Progress
from app.logs import logged
from app.reports.fonts import FontSet, report_fonts
from app.reports.pdf_base import build_pdf, esc, frame_width, grid_table, make_styles, sign_rows
from app.reports.pdf_rectification import SIGN_DATE
from app.reports.text import clean, cn_date
from app.store import Store

STATUS_LABELS = {"ok": "无问题", "problem": "有问题", "na": "不适用", "": "未评"}
ITEM_COLUMNS = ("序号", "评查项目", "评查内容", "结论", "扣分", "说明")
ITEM_WIDTHS = (12 * mm, 26 * mm, 56 * mm, 16 * mm, 12 * mm, 34 * mm)
FACTS = (("case_no", "案号"), ("unit", "执法单位"), ("cause", "案由"), ("party", "当事人"),
         ("filed_on", "立案日期"), ("decided_on", "处罚决定日期"), ("served_on", "送达日期"),
         ("closed_on", "结案日期"), ("legal_basis", "法律依据"), ("penalty", "处罚内容"), ("fine_fen", "罚款金额"),
         ("officers", "执法人员"))


def fact_text(key: str, value: Any) -> str:
    if key == "fine_fen":
        return f"{format_fen(value)} 元" if value is not None else ""
    if key == "officers":
        return "、".join(f"{clean(o.get('name'))}（{clean(o.get('cert_no'))}）" if o.get("cert_no")
                        else clean(o.get("name")) for o in value or [])
    if isinstance(value, date):
        return cn_date(value)
    return clean(value)


def review_sheet_data(store: Store, case_no: str, *, as_of: date | None = None) -> dict[str, Any]:
    """The case record and its final review (a single submitted review, or a blind pair's
    consensus); UserError when the case has none yet."""
    from app.records import service as records
    from app.review import view_reviews
    from app.review.service import find_case

    with store.session() as s:
        case_id = find_case(s, case_no).id
    case = records.get(store, "cases", case_id)
    reviews = [r for r in view_reviews(store, case_no) if not r.get("hidden")]
    final = [r for r in reviews if r.get("final")]
    if not final:
        waiting = "（背靠背评查尚未合议定稿）" if reviews else ""
        raise UserError(f"案卷「{case['case_no']}」还没有定稿的评查{waiting}，无法生成评查表。")
    review = final[-1]
    if review["kind"] == "consensus":
        reviewers = [r["reviewer"] for r in reviews if r["kind"] == "single"]
    else:
        reviewers = [review["reviewer"]]
    from app.reports.data import office

    return {"office": office(store), "as_of": as_of or date.today(), "case": case, "review": review,
            "reviewers": reviewers}


def _facts_table(case: dict[str, Any], fonts: FontSet) -> Flowable:
    rows = [[label, fact_text(key, case.get(key))] for key, label in FACTS]
    return grid_table(("项目", "内容"), rows, (30 * mm, frame_width() - 30 * mm), fonts, size=11)


def _result_line(review: dict[str, Any]) -> str:
    items = review.get("items") or []
    lost = sum(int(i.get("deduct") or 0) for i in items if i.get("status") == "problem")
    problems = sum(i.get("status") == "problem" for i in items)
    veto = "，触及否决项，评为不合格" if review.get("vetoed") else ""
    return (f"评查结果：共评查{len(items)}项，发现问题{problems}项，扣{lost}分；"
            f"得分{review.get('score')}分，等次：{clean(review.get('grade'))}{veto}。")


def render_review_sheet(data: dict[str, Any], out: Path, *, progress: Progress | None = None,
                        cancel: Cancel | None = None, fonts: FontSet | None = None) -> Path:
    fonts = fonts or report_fonts()
    st = make_styles(fonts, body_size=14)
    case, review = data["case"], data["review"]
    office = clean((data.get("office") or {}).get("office_name"))
    title = "行政执法案卷评查表"
    rows = [[i.get("item_no"), clean(i.get("section")), clean(i.get("text")) + ("（否决项）" if i.get("veto") else ""),
             STATUS_LABELS.get(i.get("status") or "", clean(i.get("status"))),
             i.get("deduct") or "" if i.get("status") == "problem" else "", clean(i.get("note"))]
            for i in review.get("items") or []]
    kind = "背靠背评查（合议）" if review.get("kind") == "consensus" else "评查"
    pairs = [(f"评查人（签字）：＿＿＿＿＿（{clean(name)}）", SIGN_DATE) for name in data.get("reviewers") or [""]]
    pairs += [("复核人（签字）：＿＿＿＿＿", SIGN_DATE), ("法制机构负责人（签字）：＿＿＿＿＿", SIGN_DATE)]
    signs: list[Flowable] = [Paragraph("三、评查结论", st.heading), Paragraph(esc(_result_line(review)), st.body),
                             Spacer(1, 8 * mm), sign_rows(pairs, frame_width(), st.sign)]
    story: list[Flowable] = [
        Paragraph(title, st.title),
        Paragraph(esc(f"评查单位：{office}\u3000\u3000评查方式：{kind}"), st.small),
        Paragraph(esc(f"评查日期：{cn_date(review.get('submitted_at'))}"), st.small),
        Spacer(1, 3 * mm), Paragraph("一、案件基本情况", st.heading), _facts_table(case, fonts),
        Spacer(1, 3 * mm), Paragraph("二、评查项目", st.heading),
        grid_table(ITEM_COLUMNS, rows, ITEM_WIDTHS, fonts, center_cols=(0, 3, 4)),
        Spacer(1, 3 * mm), KeepTogether(signs)]
    return build_pdf(out, story, fonts, title=f"{title}（{fact_text('case_no', case.get('case_no'))}）",
                     progress=progress, cancel=cancel, est_pages=2 + len(rows) // 25)


def case_review_sheet(store: Store, case_no: str, out: Path, *, progress: Progress | None = None,
                      cancel: Cancel | None = None) -> Path:
    """The 案卷评查表 of one case's final review into `out`."""
    with logged("export.report", store.path, report="review_sheet"):
        return render_review_sheet(review_sheet_data(store, case_no), out, progress=progress, cancel=cancel)
