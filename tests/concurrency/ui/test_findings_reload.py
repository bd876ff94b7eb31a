"""The 倒查 page and a register page when another desk changed the same finding or record first:
the store refuses, the message names who and when, and 重新载入 reads the list again."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.audit import service as audit
from app.demo import load_demo
from app.records import service as records
from app.rectify.problems import list_problems
from app.store import Store
from tests.concurrency.desks import other_desk
from tests.ui.ui_helpers import answer_confirmations, type_text
from ui.audit import finding_actions
from ui.audit.audit_page import AuditPage
from ui.registers import register_page
from ui.registers.register_page import RegisterPage


@pytest.fixture
def other(gui_store: Store) -> Iterator[Store]:
    desk = other_desk(gui_store.path)
    yield desk
    desk.engine.dispose()


def _answer(button_text: str, seen: list[str]) -> None:
    """Click `button_text` in the stale-record box once it is up (modal: exec() returns after)."""
    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or box.objectName() != "staleRecordBox":
            QTimer.singleShot(20, click)
            return
        seen.append(box.text())
        next(b for b in box.buttons() if b.text() == button_text).click()
    QTimer.singleShot(0, click)


def _row(page: AuditPage, finding_id: int) -> int | None:
    """The row the list shows `finding_id` on, reading every row (not only the pages cached)."""
    return next((r for r in range(page.model.rowCount()) if page.model.finding_id(r) == finding_id), None)


def _page(qtbot, store: Store) -> AuditPage:  # type: ignore[no-untyped-def]
    load_demo(store, size=20)
    audit.run_audit(store, as_of=date(2024, 6, 30))
    page = AuditPage(store, operator="赵六")
    qtbot.addWidget(page)
    page.show()
    page.status_combo.setCurrentIndex(page.status_combo.findData("open"))
    page.refresh()
    page.select_row(0)
    assert page.current_finding() is not None
    return page


def test_a_dismissal_over_another_desks_is_refused_and_reload_keeps_the_reason(qtbot, gui_store, other) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, gui_store)
    shown = page.current_finding()
    assert shown is not None and shown["row_version"] == 1
    fid = int(shown["id"])
    audit.dismiss_finding(other, fid, "王五的理由", operator="王五", expected_version=1)

    dialog = page.dismiss_current()
    assert dialog is not None
    type_text(qtbot, dialog.reason, "赵六的理由")
    seen: list[str] = []
    _answer("重新载入", seen)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert seen and "王五" in seen[0] and "未保存" in seen[0]
    assert dialog.isVisible() and dialog.reason.toPlainText() == "赵六的理由"  # what was typed is kept
    assert "已重新载入" in dialog.error.text() and "王五的理由" in dialog.error.text()
    assert audit.get_finding(gui_store, fid)["dismiss_reason"] == "王五的理由"
    assert _row(page, fid) is None  # the list was read again: no longer among the open ones

    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # against the reloaded version: saved
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert audit.get_finding(gui_store, fid)["dismiss_reason"] == "赵六的理由"


def test_cancel_leaves_the_refusal_in_the_dialog_and_writes_nothing(qtbot, gui_store, other) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, gui_store)
    fid = int(page.current_finding()["id"])  # type: ignore[index]
    audit.dismiss_finding(other, fid, "王五的理由", operator="王五", expected_version=1)
    dialog = page.dismiss_current()
    assert dialog is not None
    type_text(qtbot, dialog.reason, "赵六的理由")
    seen: list[str] = []
    _answer("取消", seen)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert seen and dialog.isVisible()
    assert "王五" in dialog.error.text()
    assert audit.get_finding(gui_store, fid)["dismiss_reason"] == "王五的理由"
    dialog.forget_edits()
    dialog.reject()


def test_confirming_a_finding_another_desk_dismissed_offers_reload(qtbot, gui_store, other, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    answer_confirmations(monkeypatch, finding_actions)
    page = _page(qtbot, gui_store)
    fid = int(page.current_finding()["id"])  # type: ignore[index]
    audit.dismiss_finding(other, fid, "王五的理由", operator="王五", expected_version=1)
    seen: list[str] = []
    _answer("重新载入", seen)
    assert page.confirm_current() is None
    assert seen and "王五" in seen[0]
    assert list_problems(gui_store) == []
    assert _row(page, fid) is None  # reloaded: the dismissed finding left the open list


def test_restoring_a_finding_another_desk_changed_is_refused(qtbot, gui_store, other) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, gui_store)
    fid = int(page.current_finding()["id"])  # type: ignore[index]
    audit.dismiss_finding(gui_store, fid, "初次理由", operator="赵六", expected_version=1)
    page.status_combo.setCurrentIndex(page.status_combo.findData("dismissed"))
    page.refresh()
    row = _row(page, fid)
    assert row is not None
    page.select_row(row)
    assert page.current_finding()["row_version"] == 2  # type: ignore[index]
    audit.dismiss_finding(other, fid, "王五改的理由", operator="王五", expected_version=2)

    seen: list[str] = []
    _answer("取消", seen)
    page.reopen_current()
    assert seen and "王五" in seen[0]
    assert audit.get_finding(gui_store, fid)["status"] == "dismissed"
    assert page.current_finding()["row_version"] == 2  # type: ignore[index]  # 取消: the list as it was

    _answer("重新载入", seen)
    page.reopen_current()
    assert len(seen) == 2
    assert page.current_finding()["row_version"] == 3  # type: ignore[index]  # the list read again
    page.reopen_current()  # now against what it shows: restored
    assert audit.get_finding(gui_store, fid)["status"] == "open"


def test_deleting_a_record_another_desk_edited_offers_reload(qtbot, gui_store, other, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    answer_confirmations(monkeypatch, register_page)
    cid = records.save(gui_store, "cases", {"case_no": "沈浑罚字〔2019〕第1号", "party": "原当事人"},
                       operator="录入员甲")
    page = RegisterPage(gui_store, "cases", operator="赵六")
    qtbot.addWidget(page)
    page.show()
    page.select_row(0)
    assert page.current_id() == cid
    records.save(other, "cases", {"case_no": "沈浑罚字〔2019〕第1号", "party": "王五改的"}, record_id=cid,
                 operator="王五", expected_version=1)

    seen: list[str] = []
    _answer("重新载入", seen)
    page.delete_current()
    assert seen and "王五" in seen[0]
    assert records.get(gui_store, "cases", cid)["party"] == "王五改的"  # not deleted unseen
    page.select_row(0)
    assert page.model.record(0)["party"] == "王五改的"  # type: ignore[index]  # the list read again

    page.delete_current()  # against the version it shows now: deleted
    assert records.rows(gui_store, "cases", [cid]) == [None]
