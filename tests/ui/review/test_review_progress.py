"""评查 progress (issue 14 point 10): the sample with each case's state per reviewer, the case's
own data and findings beside the checklist, 未评 before anything is scored, the reviewer asked
once (never the login name), and 提交评查 asking once what becomes final."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from app.audit.service import run_audit
from app.review import record_consensus, start_review, submit_review
from app.review.progress import AGREED, IN_PROGRESS, NOT_STARTED, SUBMITTED, case_overview, review_progress
from app.sampling import draw_sample
from tests.ui.audit_helpers import demo_window
from tests.ui.ui_helpers import answer_confirmations
from ui.review import review_page


def test_states_per_reviewer_and_the_case_as_a_whole(gui_store) -> None:  # type: ignore[no-untyped-def]
    from app.demo import load_demo

    load_demo(gui_store)
    cases = draw_sample(gui_store, seed=3, n=3)["sample"]
    a = start_review(gui_store, cases[0], reviewer="甲", blind=True)
    b = start_review(gui_store, cases[0], reviewer="乙", blind=True)
    start_review(gui_store, cases[1], reviewer="甲")
    progress = review_progress(gui_store, cases)
    assert [p.state for p in progress] == [IN_PROGRESS, IN_PROGRESS, NOT_STARTED]
    assert progress[0].by_reviewer == {"甲": IN_PROGRESS, "乙": IN_PROGRESS}
    for r in (a, b):
        submit_review(gui_store, r["id"], rest="ok")
    assert review_progress(gui_store, cases)[0].state == SUBMITTED
    record_consensus(gui_store, cases[0])  # both said 无问题 throughout: nothing to decide
    assert review_progress(gui_store, cases)[0].state == AGREED


def test_the_page_shows_progress_case_and_asks_the_reviewer_once(qtbot, gui_store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    w = demo_window(qtbot, gui_store)  # the window's operator is 测试员: never taken as the reviewer
    run_audit(gui_store)
    cases = draw_sample(gui_store, seed=7, n=4)["sample"]
    page = w.show_page("review")
    assert page.progress.rowCount() == 4 and page.reviewer.text() == ""
    assert all(page.progress.state_of(c) == NOT_STARTED for c in cases)

    asked_names: list[str] = []
    monkeypatch.setattr(QInputDialog, "getText",
                        staticmethod(lambda *_a, **_k: (asked_names.append("asked") or "李评查", True)))
    page.progress.cellClicked.emit(1, 0)
    assert page.case_box.currentText() == cases[1]
    overview = case_overview(gui_store, cases[1])
    assert overview["case"]["party"] in page.case_panel.toPlainText()
    assert f"倒查发现（{len(overview['findings'])} 条）" in page.case_panel.toPlainText()
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    assert asked_names == ["asked"] and page.review["reviewer"] == "李评查" and page.reviewer.text() == "李评查"
    assert page.score_label.text().startswith("未评")
    assert page.progress.state_of(cases[1], "李评查") == IN_PROGRESS

    page.progress.cellClicked.emit(2, 0)
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    assert asked_names == ["asked"] and page.review["case_no"] == cases[2]  # asked once

    asked = answer_confirmations(monkeypatch, review_page, answer=False)
    page.rest_ok.setChecked(True)
    qtbot.mouseClick(page.submit_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1 and "不能再修改" in asked[0] and page.review["status"] == "draft"
    answer_confirmations(monkeypatch, review_page, answer=True)
    qtbot.mouseClick(page.submit_button, Qt.MouseButton.LeftButton)
    assert page.review["status"] == "submitted"
    assert page.progress.state_of(cases[2], "李评查") == SUBMITTED
