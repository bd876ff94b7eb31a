"""The 设置 and 备份 pages, driven through their widgets: office details, report font (a font
that cannot be embedded is refused), backup folder and rotation, the signing certificate; a
backup made, verified and restored (with the confirmation a newer store needs)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.backups import backup_settings, list_backups
from app.office import office_info
from app.records import service
from app.store import read_settings
from tests.delivery.helpers import write_ledger
from tests.ui.ui_helpers import type_text
from ui.main_window import MainWindow
from ui.system import backups_page

BUNDLED_FONT = Path(__file__).resolve().parents[2] / "resources" / "fonts" / "wqy-microhei.ttc"


@pytest.fixture
def window(qtbot: QtBot, store) -> MainWindow:  # type: ignore[no-untyped-def]
    w = MainWindow(store, operator="测试")
    qtbot.addWidget(w)
    w.show()
    return w


def _open(window: MainWindow, label: str):  # type: ignore[no-untyped-def]
    labels = [window.nav.item(i).text() for i in range(window.nav.count())]
    window.nav.setCurrentRow(labels.index(label))
    return window.stack.currentWidget()


def test_settings_page_saves_office_details_and_backup_rotation(qtbot: QtBot, window: MainWindow,
                                                                tmp_path: Path) -> None:
    page = _open(window, "设置")
    assert page.objectName() == "settingsPage"
    page.office_edits["office_name"].clear()
    type_text(qtbot, page.office_edits["office_name"], "沈阳市水务局")
    type_text(qtbot, page.office_edits["principal_leader"], "王建国")
    qtbot.mouseClick(page.office_save, Qt.MouseButton.LeftButton)
    info = office_info(window.store)
    assert (info["office_name"], info["principal_leader"]) == ("沈阳市水务局", "王建国")

    type_text(qtbot, page.backup_folder, str(tmp_path / "bk"))
    page.keep["keep_daily"].setValue(3)
    page.keep["keep_monthly"].setValue(24)
    qtbot.mouseClick(page.backup_save, Qt.MouseButton.LeftButton)
    s = backup_settings(window.store)
    assert (s.folder, s.keep_daily, s.keep_weekly, s.keep_monthly) == (str(tmp_path / "bk"), 3, 4, 24)


def test_report_font_is_checked_then_stored(window: MainWindow, tmp_path: Path) -> None:
    from app.reports import fonts

    page = _open(window, "设置")
    bogus = tmp_path / "假字体.ttf"
    bogus.write_bytes(b"not a font")
    try:
        assert not page.choose_font(bogus)
        assert read_settings(window.store, "report.font_path") == {}
        assert page.choose_font(BUNDLED_FONT)
        assert read_settings(window.store, "report.font_path") == {"": str(BUNDLED_FONT)}
        assert str(BUNDLED_FONT) in page.font_label.text()
        assert fonts.report_fonts().body_file == BUNDLED_FONT
        assert page.choose_font(None)
        assert read_settings(window.store, "report.font_path") == {}
    finally:
        fonts.use_font_file(None)


def test_settings_page_creates_a_signer(qtbot: QtBot, window: MainWindow) -> None:
    page = _open(window, "设置")
    assert "尚未设置" in page.signer_label.text()
    dialog = page.create_signer()
    type_text(qtbot, dialog.name, "沈阳市水务局")
    type_text(qtbot, dialog.passphrase, "secret-123")
    type_text(qtbot, dialog.repeat, "secret-123")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "当前证书：沈阳市水务局" in page.signer_label.text()


def test_backups_page_backs_up_verifies_and_restores(qtbot: QtBot, window: MainWindow, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from app.imports.service import import_file

    store = window.store
    import_file(store, "ledger", write_ledger(tmp_path / "a.xlsx", 30), operator="测试")
    page = _open(window, "备份")
    task = page.backup_now()
    qtbot.waitUntil(lambda: task.done, timeout=10_000)
    manual = [b for b in list_backups(store) if b.reason == "manual"]
    assert len(manual) == 1 and page.backups[0] == manual[0]
    page.table.selectRow(0)
    assert page.verify_selected() is True
    assert page.table.item(0, 3).text().startswith("完好")

    import_file(store, "ledger", write_ledger(tmp_path / "b.xlsx", 5, first=100, seed=3), operator="测试")
    assert service.summary(store)["ledger"] == 35
    page.refresh()
    page.table.selectRow([b.path for b in page.backups].index(manual[0].path))
    questions: list[str] = []
    monkeypatch.setattr(backups_page, "confirm", lambda _p, q, _t="": questions.append(q) or False)
    assert page.restore_selected() is False  # declined: nothing changed
    assert "之后还有改动" in questions[0] and service.summary(store)["ledger"] == 35
    monkeypatch.setattr(backups_page, "confirm", lambda _p, q, _t="": True)
    with qtbot.waitSignal(window.events.changed, timeout=5000, check_params_cb=lambda what: what == "all"):
        assert page.restore_selected() is True
    assert service.summary(store)["ledger"] == 30
    assert any(b.reason == "before-restore" for b in list_backups(store))
