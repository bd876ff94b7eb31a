"""评查 page: a veto item makes the case 不合格 with 0 points; 背靠背 hides the first reviewer's
answers from the second; after both submit, the disagreements and the consensus."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.review import view_reviews
from app.sampling import draw_sample
from tests.ui.audit_helpers import demo_window
from tests.ui.ui_helpers import message_boxes, type_text
from ui.review.review_page import ReviewPage

CASE = "沈水罚字〔2017〕第1号"


@pytest.fixture(autouse=True)
def _submit_confirmed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """提交评查 asks once (tests/ui/review/test_review_progress.py checks the question)."""
    from tests.ui.ui_helpers import answer_confirmations
    from ui.review import review_page

    return answer_confirmations(monkeypatch, review_page)


def _page(qtbot, store) -> ReviewPage:  # type: ignore[no-untyped-def]
    w = demo_window(qtbot, store)
    page = w.show_page("review")
    assert isinstance(page, ReviewPage)
    return page


def _start(qtbot, page: ReviewPage, reviewer: str, case_no: str = CASE, blind: bool = False) -> None:  # type: ignore[no-untyped-def]
    page.case_box.setEditText(case_no)
    page.reviewer.clear()
    type_text(qtbot, page.reviewer, reviewer)
    page.blind.setChecked(blind)
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    assert page.review is not None and page.review["reviewer"] == reviewer, [b.text() for b in message_boxes()]


def _answer(qtbot, page: ReviewPage, row: int, status: str, deduct: int = 0, note: str = "") -> None:  # type: ignore[no-untyped-def]
    box = page.checklist.status_box(row)
    box.setCurrentIndex(box.findData(status))
    if deduct:
        spin = page.checklist.deduct_box(row)
        spin.setValue(deduct)
        spin.editingFinished.emit()
    if note:
        edit = page.checklist.note_box(row)
        type_text(qtbot, edit, note)
        edit.editingFinished.emit()


def test_veto_item_gives_fail_and_zero(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, gui_store)
    _start(qtbot, page, "王评查")
    checklist = page.checklist
    assert checklist.rowCount() > 10 and checklist.veto_rows()
    assert page.score_label.text().startswith("未评")  # nothing scored yet: no 100 分 for an empty checklist
    _answer(qtbot, page, checklist.veto_rows()[-1] + 1, "problem", deduct=15)
    assert page.score_label.text().startswith("得分 85 分　合格")
    veto = checklist.veto_rows()[0]
    _answer(qtbot, page, veto, "problem", note="处罚主体不适格")
    assert page.score_label.text().startswith("得分 0 分　不合格（否决项）")
    item = page.review["items"][veto]
    stored = view_reviews(gui_store, CASE, viewer="王评查")[0]["items"][veto]
    assert stored["status"] == "problem" and stored["note"] == "处罚主体不适格" and item["veto"]
    page.rest_ok.setChecked(True)
    qtbot.mouseClick(page.submit_button, Qt.MouseButton.LeftButton)
    assert page.review["status"] == "submitted" and page.review["score"] == 0 and page.review["grade"] == "不合格"
    assert not page.submit_button.isEnabled() and not checklist.status_box(0).isEnabled()


def test_submit_refused_while_items_unanswered(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, gui_store)
    _start(qtbot, page, "王评查")
    qtbot.mouseClick(page.submit_button, Qt.MouseButton.LeftButton)
    assert page.review["status"] == "draft"
    assert any("未评" in b.text() for b in message_boxes())


def test_blind_second_reviewer_sees_nothing_of_the_first(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, gui_store)
    _start(qtbot, page, "甲评查", blind=True)
    first_id = page.review["id"]
    _answer(qtbot, page, 7, "problem", deduct=10, note="甲的意见：告知书缺少陈述申辩权利")
    _start(qtbot, page, "乙评查")
    assert page.review["id"] != first_id and page.review["blind"]
    text = page.checklist.all_text()
    assert "甲的意见" not in text and "告知书" not in text
    assert page.checklist.status_box(7).currentData() == "" and page.checklist.deduct_box(7).value() == 0
    assert "背靠背评查" in page.others.text() and "甲评查" in page.others.text()
    assert "10" not in page.others.text()
    _answer(qtbot, page, 7, "ok")
    page.rest_ok.setChecked(True)
    qtbot.mouseClick(page.submit_button, Qt.MouseButton.LeftButton)
    assert page.review["status"] == "submitted"
    assert not page.consensus.record_button.isEnabled()  # 甲 has not submitted yet

    _start(qtbot, page, "甲评查")
    assert page.review["id"] == first_id and page.checklist.note_box(7).text().startswith("甲的意见")
    qtbot.mouseClick(page.submit_button, Qt.MouseButton.LeftButton)
    assert page.review["status"] == "submitted"
    panel = page.consensus
    assert panel.record_button.isEnabled() and [d["item_no"] for d in panel.rows] == [8]
    assert "扣10分" in panel.table.item(0, 2).text() and panel.table.item(0, 3).text() == "无问题"
    qtbot.mouseClick(panel.record_button, Qt.MouseButton.LeftButton)  # undecided: refused
    assert any("未合议" in b.text() for b in message_boxes())
    combo = panel.table.cellWidget(0, 4)
    combo.setCurrentIndex(combo.findData("problem"))
    panel.table.cellWidget(0, 5).setValue(5)
    qtbot.mouseClick(panel.record_button, Qt.MouseButton.LeftButton)
    assert "合议结果已经记录：95 分，优秀" in panel.title.text()
    consensus = [r for r in view_reviews(gui_store, CASE) if r["kind"] == "consensus"]
    assert consensus and consensus[0]["score"] == 95


def test_case_list_comes_from_the_latest_sample(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    w = demo_window(qtbot, gui_store)
    result = draw_sample(gui_store, seed=7, n=5)
    page = w.show_page("review")
    assert [page.case_box.itemText(i) for i in range(page.case_box.count())] == result["sample"]
    assert "随机种子 7" in page.sample_label.text()
