"""Windows and dialogs fit the screen (ui/common/screen_fit.py): a 1366×768 laptop at 100 % and at
150 % (a fake available geometry here; a real QT_SCALE_FACTOR=1.5 in a subprocess), the last
geometry restored when it still fits; Qt's own texts in Chinese."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QRect, QSize
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLineEdit, QPlainTextEdit, QVBoxLayout, QWizard

from ui.common import screen_fit
from ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[3]
LAPTOP = QRect(0, 0, 1366, 728)  # 1366×768 less a 40-pixel task bar
LAPTOP_150 = QRect(0, 0, 910, 485)  # the same at 150 %: logical pixels


@pytest.fixture(params=[LAPTOP, LAPTOP_150], ids=["100%", "150%"])
def screen(request, monkeypatch) -> QRect:  # type: ignore[no-untyped-def]
    area: QRect = request.param
    monkeypatch.setattr(screen_fit, "available_geometry", lambda _w=None: area)
    return area


def _fits(widget, area: QRect) -> bool:  # type: ignore[no-untyped-def]
    return widget.width() + screen_fit.FRAME.width() <= area.width() and \
        widget.height() + screen_fit.FRAME.height() <= area.height() and area.contains(widget.pos())


def _inside(child, window) -> bool:  # type: ignore[no-untyped-def]
    top_left = child.mapTo(window, child.rect().topLeft())
    return QRect(top_left, child.size()).intersected(window.rect()) == QRect(top_left, child.size())


def test_main_window_fits_the_laptop(qtbot, gui_store, screen: QRect) -> None:  # type: ignore[no-untyped-def]
    w = MainWindow(gui_store)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    assert _fits(w, screen)
    assert w.width() >= min(1280, screen.width() - 16) - 1  # as large as the screen allows
    assert _inside(w.statusBar(), w)


def test_main_window_restores_its_geometry_when_it_fits(qtbot, gui_store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(screen_fit, "available_geometry", lambda _w=None: QRect(0, 0, 1920, 1040))
    w = MainWindow(gui_store)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.resize(700, 500)  # within the offscreen platform's real 800×600 screen, which Qt checks too
    w.close()
    again = MainWindow(gui_store)
    qtbot.addWidget(again)
    assert again.size() == QSize(700, 500)
    again.close()
    # on a smaller screen the remembered size no longer fits: fitted afresh
    monkeypatch.setattr(screen_fit, "available_geometry", lambda _w=None: LAPTOP_150)
    small = MainWindow(gui_store)
    qtbot.addWidget(small)
    assert _fits(small, LAPTOP_150)


def test_import_wizard_keeps_its_buttons_on_screen(qtbot, gui_store, screen: QRect) -> None:  # type: ignore[no-untyped-def]
    screen_fit.install(QApplication.instance())
    w = MainWindow(gui_store)
    qtbot.addWidget(w)
    w.show()
    wizard = w.open_import("ledger")
    qtbot.waitExposed(wizard)
    assert _fits(wizard, screen)
    for which in (QWizard.WizardButton.NextButton, QWizard.WizardButton.CancelButton):
        button = wizard.button(which)
        assert button.isVisible() and _inside(button, wizard)


def test_a_tall_dialog_is_cut_to_the_screen(qtbot, screen: QRect) -> None:  # type: ignore[no-untyped-def]
    screen_fit.install(QApplication.instance())
    dialog = QDialog()
    dialog.setObjectName("tallDialog")
    qtbot.addWidget(dialog)
    layout = QVBoxLayout(dialog)
    text = QPlainTextEdit("\n".join(f"第{i}行" for i in range(200)))
    text.setMinimumHeight(100)
    layout.addWidget(text)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    layout.addWidget(buttons)
    dialog.resize(1600, 1200)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert _fits(dialog, screen)
    assert _inside(buttons, dialog)


def test_tab_in_a_text_box_moves_on_and_ctrl_tab_types_a_tab(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QWidget

    screen_fit.install(QApplication.instance())
    w = QWidget()
    qtbot.addWidget(w)
    layout = QVBoxLayout(w)
    note, after = QPlainTextEdit(), QLineEdit()
    layout.addWidget(note)
    layout.addWidget(after)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    note.setFocus()
    qtbot.keyClick(note, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert note.toPlainText() == "\t"
    qtbot.keyClick(note, Qt.Key.Key_Tab)
    assert after.hasFocus() and note.toPlainText() == "\t"


def test_qt_texts_are_chinese(qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.app import install_translations

    assert install_translations(QApplication.instance())  # qtbase_zh_CN.qm ships with PySide6
    assert QLocale().name() == "zh_CN"
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Ok)
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text().replace("(&C)", "") == "取消"
    assert QLocale().monthName(3) == "三月"


@pytest.mark.parametrize("scale", ["1", "1.25", "1.5"])
def test_window_fits_a_real_scaled_screen_in_a_subprocess(tmp_path: Path, scale: str) -> None:
    """A real 1366×768 screen (the offscreen platform's screen configuration) and a real
    QT_SCALE_FACTOR: at 150 % it is 911×512 logical pixels. Every page is shown in turn."""
    config = tmp_path / "screen.json"
    config.write_text('{"screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768, '
                      '"logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}', encoding="utf-8")
    code = (
        "import sys\n"
        "from PySide6.QtCore import QSettings\n"
        f"QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, {str(tmp_path / 's')!r})\n"
        "from ui.app import create_application\n"
        "from app.store import open_store_for_gui\n"
        "from ui.main_window import MainWindow\n"
        "app = create_application([])\n"
        f"store = open_store_for_gui({str(tmp_path / 'db.sqlite')!r})\n"
        "from app.demo import load_demo\n"
        "from ui.pages import PAGES\n"
        "load_demo(store, size=50)\n"
        "w = MainWindow(store); w.show(); app.processEvents()\n"
        "area = w.screen().availableGeometry()\n"
        "for spec in PAGES:\n"
        "    w.show_page(spec.key); app.processEvents()\n"
        "    assert w.width() <= area.width() and w.height() <= area.height(), (spec.key, w.size())\n"
        "print(w.width(), w.height(), area.width(), area.height())\n"
        "w.close(); store.close()\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}", "QT_SCALE_FACTOR": scale}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=120, check=True).stdout.split()
    width, height, area_w, area_h = (int(v) for v in out[-4:])
    assert width <= area_w and height <= area_h
    assert area_w == round(1366 / float(scale)) or abs(area_w - 1366 / float(scale)) < 1.5  # the scale applied
    assert width >= min(1280, area_w - 16) - 1
