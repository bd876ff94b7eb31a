"""The window as a whole: the one table of pages, the title, 关于, and the one change signal —
a write on one page shows on the pages already built and in the status-bar counts."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from app import __version__
from app.audit import service as audit
from app.rectify.problems import list_problems
from tests.ui.audit_helpers import demo_window, run_from_page
from tests.ui.ui_helpers import ledger_rows, type_text, write_messy_ledger
from ui.main_window import APP_TITLE, MainWindow
from ui.pages import PAGES

UI = Path(__file__).resolve().parents[2] / "ui"


def _window(qtbot, store) -> MainWindow:  # type: ignore[no-untyped-def]
    w = MainWindow(store, operator="测试员")
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_the_navigation_is_the_table_of_pages(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    w = _window(qtbot, gui_store)
    assert [w.nav.item(i).text() for i in range(w.nav.count())] == [p.title for p in PAGES]
    assert [p.title for p in PAGES] == ["首页", "案卷", "台账", "收据", "执法人员", "执法单位", "专项活动", "倒查", "本单位规则",
                                        "评查",
                                        "问题整改", "投诉举报", "回访", "问卷调查", "报告", "上级汇总", "全过程记录",
                                        "任务推进表", "统计年报", "备份", "设置"]
    for row, spec in enumerate(PAGES):
        w.nav.setCurrentRow(row)
        assert w.stack.currentWidget() is w.page(spec.key)


def test_ui_top_level_holds_only_packages_and_the_window(qtbot) -> None:  # type: ignore[no-untyped-def]
    modules = sorted(p.name for p in UI.glob("*.py"))
    assert modules == ["__init__.py", "app.py", "main_window.py", "pages.py"]
    assert all((d / "__init__.py").is_file() for d in UI.iterdir() if d.is_dir() and d.name != "__pycache__")


def test_the_title_names_the_file_once_and_about_shows_the_version(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    w = _window(qtbot, gui_store)
    # Qt appends the application's display name (APP_TITLE) itself; the title must not repeat it
    assert w.windowTitle() == "案卷库.sqlite" and APP_TITLE not in w.windowTitle()
    dialog = w.show_about()  # 关于 is a dialog now: the version, the store, the licences
    text = dialog.text.toPlainText()
    assert dialog.isVisible() and f"版本 {__version__}" in text and APP_TITLE in text


def test_confirming_a_finding_shows_on_the_problem_page_already_built(qtbot, gui_store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.ui_helpers import answer_confirmations
    from ui.audit import finding_actions

    answer_confirmations(monkeypatch, finding_actions)
    w = demo_window(qtbot, gui_store)
    problems = w.show_page("problems")
    assert problems.model.rowCount() == 0  # built before anything was confirmed
    page = w.show_page("audit")
    run_from_page(qtbot, page)
    page.tree.select_code("TOO_FEW_OFFICERS")
    page.select_row(0)
    fid = page.current_id()
    qtbot.mouseClick(page.confirm_button, Qt.MouseButton.LeftButton)
    case_no = audit.get_finding(gui_store, fid)["case_no"]
    assert [p["case_no"] for p in list_problems(gui_store)] == [case_no]
    assert w.show_page("problems") is problems
    assert problems.model.rowCount() == 1
    assert problems.model.problem(0)["case_no"] == case_no


def test_an_import_updates_the_register_pages_and_the_counts(qtbot, gui_store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    w = _window(qtbot, gui_store)
    assert w.stack.currentWidget() is w.welcome
    ledger = w.show_kind("ledger")
    cases = w.show_kind("cases")
    assert ledger.model.rowCount() == 0 and cases.model.rowCount() == 0
    qtbot.waitUntil(lambda: "台账 0" in w.counts_label.text(), timeout=2000)

    wizard = w.open_import("ledger")
    type_text(qtbot, wizard.choose_page.file_edit, str(write_messy_ledger(tmp_path / "台账.xlsx", ledger_rows(7))))
    for _step in range(3):  # 下一步 · 下一步 · 导入
        button = wizard.button(QWizard.WizardButton.CommitButton if wizard.currentPage().isCommitPage()
                               else QWizard.WizardButton.NextButton)
        qtbot.waitUntil(button.isEnabled, timeout=10_000)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.result_page.finished, timeout=20_000)
    assert wizard.result_page.outcome == "imported"

    assert "台账 7" in w.counts_label.text()
    assert w.current_page() is ledger and ledger.model.rowCount() == 7
    assert w.show_kind("cases") is cases and cases.model.rowCount() == 0


def test_office_details_saved_in_settings_show_on_the_reports_page(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    w = _window(qtbot, gui_store)
    reports = w.show_page("reports")
    assert reports.office_labels["office_name"].text() == "（未填写）"
    settings = w.show_page("settings")
    type_text(qtbot, settings.office_edits["office_name"], "沈阳市水务局")
    qtbot.mouseClick(settings.office_save, Qt.MouseButton.LeftButton)
    w.show_page("reports")
    assert reports.office_labels["office_name"].text() == "沈阳市水务局"
