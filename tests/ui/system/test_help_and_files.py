"""使用手册 (F1, printable), 关于, and the file basics (issue 14 points 8, 9): 打开/新建数据库
switching the window's store cleanly, 最近打开 (five), 打开数据文件夹, 最近生成的文件."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication

from app.recent import recent_outputs, recent_path, recent_stores, remember_output, remember_store
from app.records import service
from app.store import open_store
from ui.main_window import MainWindow
from ui.system import store_switch, window_actions
from ui.system.help_window import HelpWindow
from ui.system.recent_outputs import RecentOutputsDialog


def _window(qtbot, store) -> MainWindow:  # type: ignore[no-untyped-def]
    w = MainWindow(store, operator="甲")
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def _fresh_recent() -> None:
    recent_path().unlink(missing_ok=True)


def test_f1_opens_the_manual_and_it_prints(qtbot, gui_store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    w = _window(qtbot, gui_store)
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    qtbot.keyClick(w, Qt.Key.Key_F1)
    help_window = w.findChild(HelpWindow, "helpWindow")
    assert help_window is not None and help_window.isVisible()
    assert "专项活动 → 导入 → 倒查 → 抽查/评查 → 问题整改 → 报告 → 上报" in help_window.current_text()
    help_window.show_code("PUBLICATION_LATE")
    assert "未按时公示" in help_window.current_text() and "七个工作日" in help_window.current_text()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "手册.pdf"))
    help_window.print_to(printer)
    assert (tmp_path / "手册.pdf").stat().st_size > 1000


def test_about_names_the_store_and_the_licences(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    dialog = _window(qtbot, gui_store).show_about()
    text = dialog.text.toPlainText()
    assert str(gui_store.path) in text and "LGPL" in text and "LICENSE-wqy-microhei.txt" in text


def test_open_another_store_switches_the_window_cleanly(qtbot, gui_store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _fresh_recent()
    other = tmp_path / "另一个库.sqlite"
    s = open_store(other, auto_backup=False)
    service.save(s, "cases", {"case_no": "沈水罚字〔2020〕第9号", "party": "王五"})
    s.close()
    w = _window(qtbot, gui_store)
    fresh = store_switch.switch_store(w, other)
    assert fresh is not None and fresh.isVisible() and not w.isVisible()
    assert fresh.store.path == other.resolve() or fresh.store.path == other
    assert not gui_store.lock.held  # the old store was released
    assert fresh.show_kind("cases").model.rowCount() == 1
    assert recent_stores()[0] == other.resolve()
    again = store_switch.switch_store(fresh, other)  # the same store: nothing to do
    assert again is None and fresh.isVisible()
    fresh.close()


def test_new_store_refuses_an_existing_file_and_creates_a_new_one(qtbot, gui_store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    w = _window(qtbot, gui_store)
    assert store_switch.switch_store(w, gui_store.path.parent / "x.txt", create=False) is None  # missing file
    made = store_switch.switch_store(w, tmp_path / "新建.sqlite", create=True)
    assert made is not None and (tmp_path / "新建.sqlite").exists() and made.show_kind("cases").model.rowCount() == 0
    made.close()


def test_recent_stores_keep_five_and_the_menu_lists_them(qtbot, gui_store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _fresh_recent()
    paths = []
    for i in range(7):
        p = tmp_path / f"库{i}.sqlite"
        p.write_bytes(b"")
        remember_store(p)
        paths.append(p.resolve())
    assert recent_stores() == list(reversed(paths))[:5]
    w = _window(qtbot, gui_store)
    window_actions.fill_recent(w, w.recent_menu)
    texts = [a.text() for a in w.recent_menu.actions()]
    assert len(texts) == 5 and texts[0].startswith("库6.sqlite")  # the window's own store is not offered


def test_data_folder_and_recent_outputs_open_through_the_desktop(qtbot, gui_store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _fresh_recent()
    w = _window(qtbot, gui_store)
    opened: list[QUrl] = []
    assert store_switch.open_data_folder(w, opener=lambda url: opened.append(url) or True)
    assert Path(opened[0].toLocalFile()) == gui_store.path.parent
    report = tmp_path / "报告" / "整改报告-2026-01-05.pdf"
    report.parent.mkdir()
    report.write_bytes(b"%PDF-1.4")
    remember_output(report, "整改报告")
    remember_output(tmp_path / "gone.pdf", "问题清单")  # no longer there: not listed
    assert [o.path for o in recent_outputs()] == [report.resolve()]
    dialog = RecentOutputsDialog(w, opener=lambda url: opened.append(url) or True)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 1).text() == "整改报告"
    assert dialog.open_file(0) and Path(opened[-1].toLocalFile()) == report.resolve()
    assert dialog.open_folder(0) and Path(opened[-1].toLocalFile()) == report.parent.resolve()
