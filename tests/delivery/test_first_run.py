"""The first start: the dialog (real widgets) saves the office's details, can be skipped, is not
shown again; on a first installation its data folder decides where the store is created."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from app.office import office_info
from app.store import config_path, default_store_path, open_store
from tests.ui.ui_helpers import click_check, type_text
from ui.system import first_run
from ui.system.first_run import FirstRunDialog, apply_answers, needs_first_run


def _fill(qtbot: QtBot, dialog: FirstRunDialog, folder: Path | None = None) -> None:
    type_text(qtbot, dialog.name_edit, "沈阳市水务局")
    type_text(qtbot, dialog.unit_edit, "政策法规处")
    type_text(qtbot, dialog.leader_edit, "王建国")
    if folder is not None:
        dialog.folder_edit.clear()
        type_text(qtbot, dialog.folder_edit, str(folder))


def test_the_dialog_saves_the_office_details(qtbot: QtBot, store) -> None:  # type: ignore[no-untyped-def]
    assert needs_first_run(store)
    dialog = FirstRunDialog(store.path.parent, folder_editable=False)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.folder_edit.isReadOnly()
    _fill(qtbot, dialog)
    click_check(qtbot, dialog.demo_check)
    qtbot.mouseClick(dialog.ok_button, _left())
    assert dialog.result() == QDialog.DialogCode.Accepted
    answers = dialog.answers()
    assert answers.load_demo
    apply_answers(store, answers, operator="测试")
    info = office_info(store)
    assert (info["office_name"], info["office_unit"], info["principal_leader"]) == ("沈阳市水务局", "政策法规处", "王建国")
    assert not needs_first_run(store)


def test_the_name_is_required_unless_skipped(qtbot: QtBot, store) -> None:  # type: ignore[no-untyped-def]
    dialog = FirstRunDialog(store.path.parent)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.ok_button, _left())
    assert dialog.isVisible() and "单位名称" in dialog.error_label.text()
    qtbot.mouseClick(dialog.skip_button, _left())
    assert dialog.result() == QDialog.DialogCode.Rejected
    apply_answers(store, None)
    assert office_info(store)["office_name"] == ""
    assert not needs_first_run(store)  # skipped: not asked again


def test_a_store_with_records_is_not_new(store) -> None:  # type: ignore[no-untyped-def]
    from app.demo import load_demo

    load_demo(store, size=20)
    assert not needs_first_run(store)


def _left():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_first_installation_asks_and_creates_the_store_in_the_chosen_folder(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ui import app as ui_app
    from ui.main_window import MainWindow

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    chosen = tmp_path / "办公数据"
    seen: dict[str, object] = {}

    def answer_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, FirstRunDialog):
            QTimer.singleShot(50, answer_dialog)
            return
        seen["folder_editable"] = not dialog.folder_edit.isReadOnly()
        _fill(qtbot, dialog, chosen)
        dialog.ok_button.click()
        QTimer.singleShot(50, close_window)

    def close_window() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if not windows:
            QTimer.singleShot(50, close_window)
            return
        seen["title"] = windows[0].windowTitle()
        windows[0].close()

    QTimer.singleShot(0, answer_dialog)
    monkeypatch.setattr(first_run, "ask", _real_ask_spy(seen))
    assert ui_app.main([]) == 0
    assert seen["folder_editable"] is True and seen["asked"] == 1
    assert json.loads(config_path().read_text(encoding="utf-8")) == {"data_folder": str(chosen.resolve())}
    assert default_store_path() == chosen.resolve() / "caseaudit.sqlite"
    store = open_store(default_store_path())
    try:
        assert office_info(store)["office_name"] == "沈阳市水务局"
        assert not needs_first_run(store)
    finally:
        store.close()
    assert not (tmp_path / "data").exists()  # nothing in the default folder


def _real_ask_spy(seen: dict[str, object]):  # type: ignore[no-untyped-def]
    real = first_run.FirstRunDialog

    def ask(folder: Path, *, folder_editable: bool, parent=None):  # type: ignore[no-untyped-def]
        seen["asked"] = int(seen.get("asked", 0)) + 1  # type: ignore[call-overload]
        dialog = real(folder, folder_editable=folder_editable, parent=parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.answers() if accepted else None

    return ask
