"""The record form when another desk saved the same record first: 重新载入 or 取消, and what
the clerk typed is never lost silently."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.records import service
from app.store import Store
from tests.concurrency.desks import other_desk
from tests.ui.ui_helpers import type_text
from ui.registers.record_form import RecordForm


@pytest.fixture
def other(gui_store: Store) -> Iterator[Store]:
    desk = other_desk(gui_store.path)
    yield desk
    desk.engine.dispose()


def _answer(qtbot, button_text: str, seen: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Click `button_text` in the stale-record box once it is up (it is modal: exec() returns after)."""
    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click)
            return
        seen.append(box.text())
        button = next(b for b in box.buttons() if b.text() == button_text)
        button.click()
    QTimer.singleShot(0, click)


def _case(store: Store) -> int:
    return service.save(store, "cases", {"case_no": "沈浑罚字〔2019〕第1号", "party": "原当事人"}, operator="录入员甲")


def test_reload_shows_the_other_desks_record_and_names_what_was_typed(qtbot, gui_store, other) -> None:  # type: ignore[no-untyped-def]
    cid = _case(gui_store)
    form = RecordForm(gui_store, "cases", cid, operator="赵六")
    qtbot.addWidget(form)
    form.show()
    service.save(other, "cases", {"case_no": "沈浑罚字〔2019〕第1号", "party": "王五改的"}, record_id=cid,
                 operator="王五")
    form.editor("party").clear()
    type_text(qtbot, form.editor("party"), "赵六改的")

    seen: list[str] = []
    _answer(qtbot, "重新载入", seen)
    assert form.try_save() is False
    assert seen and "王五" in seen[0]
    assert form.isVisible()  # still open, now with the stored record
    assert form.text("party") == "王五改的"
    assert "赵六改的" in form.status.text()  # what was typed is named, not silently dropped
    assert service.get(gui_store, "cases", cid)["party"] == "王五改的"

    form.editor("party").clear()
    type_text(qtbot, form.editor("party"), "赵六再改")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)  # against the reloaded version: saved
    qtbot.waitUntil(lambda: not form.isVisible())
    assert service.get(gui_store, "cases", cid)["party"] == "赵六再改"


def test_cancel_keeps_the_typed_values_in_the_form_and_writes_nothing(qtbot, gui_store, other) -> None:  # type: ignore[no-untyped-def]
    cid = _case(gui_store)
    form = RecordForm(gui_store, "cases", cid, operator="赵六")
    qtbot.addWidget(form)
    form.show()
    service.save(other, "cases", {"case_no": "沈浑罚字〔2019〕第1号", "party": "王五改的"}, record_id=cid,
                 operator="王五")
    form.editor("party").clear()
    type_text(qtbot, form.editor("party"), "赵六改的")

    seen: list[str] = []
    _answer(qtbot, "取消", seen)
    assert form.try_save() is False
    assert seen
    assert form.isVisible() and form.text("party") == "赵六改的"
    assert "王五" in form.status.text()
    assert service.get(gui_store, "cases", cid)["party"] == "王五改的"

    _answer(qtbot, "取消", seen)  # still the old version: refused again until reloaded
    assert form.try_save() is False
    assert len(seen) == 2
    assert service.get(gui_store, "cases", cid)["party"] == "王五改的"
    form.forget_edits()
