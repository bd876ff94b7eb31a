"""The window under login (issue 16): the login dialog refuses a wrong password without saying
which part was wrong and logs the right one in; the role's missing actions are disabled with a
tooltip naming the role(s) — 销号, 审核措施, 确认线索, 账户管理 — and stay so whatever the page
selects; a 管理员 (or anyone on a store without accounts) manages accounts under 设置."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.accounts.actor import has_accounts, log_in, logged_in
from app.accounts.roles import Actor
from app.accounts.service import add_account, list_accounts
from app.rectify import service as rectify
from tests.ui.rectify_helpers import audited_store
from tests.ui.ui_helpers import type_text
from ui.system.login_dialog import LoginDialog, account_text

PASSWORDS = {"王管理": ("管理员", "admin-pass-01"), "赵局长": ("负责人", "leader-pass-01"),
             "钱审核": ("审核员", "checker-pass-01"), "李录入": ("录入员", "clerk-pass-01")}


@pytest.fixture
def office(gui_store):  # type: ignore[no-untyped-def]
    """An audited store whose problems have measures, with one account per role used here."""
    ids = audited_store(gui_store)
    from datetime import date

    for pid in ids[:2]:
        rectify.set_measure(gui_store, pid, measure="补正案卷", dept="法制科", owner="张三", deadline=date(2024, 9, 30))
    add_account(gui_store, "王管理", role="管理员", password=PASSWORDS["王管理"][1])
    log_in(gui_store, Actor("王管理", "管理员"))
    for name, (role, password) in PASSWORDS.items():
        if name != "王管理":
            add_account(gui_store, name, role=role, password=password)
    gui_store.extra.pop("actor")
    return gui_store


def _as(store, name: str) -> None:  # type: ignore[no-untyped-def]
    log_in(store, Actor(name, PASSWORDS[name][0]))


def test_the_login_dialog_refuses_a_wrong_password_and_logs_the_right_one_in(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    dialog = LoginDialog(office)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(qtbot, dialog.name, "赵局长")
    type_text(qtbot, dialog.password, "wrong-password")
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "账户名或密码不正确" in dialog.error.text()
    assert dialog.password.text() == "" and logged_in(office) is None
    type_text(qtbot, dialog.password, PASSWORDS["赵局长"][1])
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and dialog.actor == Actor("赵局长", "负责人") == logged_in(office)
    assert account_text(dialog.actor) == "账户：赵局长（负责人）"


def _problems_page(qtbot, store):  # type: ignore[no-untyped-def]
    from ui.rectify.problems_page import ProblemsPage

    page = ProblemsPage(store, operator="")
    qtbot.addWidget(page)
    page.show()
    page.select_row(0)
    return page


def test_a_clerk_sees_close_out_and_approval_disabled_naming_the_roles(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    _as(office, "李录入")
    page = _problems_page(qtbot, office)
    assert page.current_problem() is not None and page.current_problem()["status"] != "已销号"
    assert page.measure_button.isEnabled()  # the clerk's own action
    assert not page.close_button.isEnabled()
    assert "负责人" in page.close_button.toolTip() and "审核员" in page.close_button.toolTip()
    assert not page.approve_button.isEnabled() and "审核员" in page.approve_button.toolTip()
    page.select_row(1)
    page._update_buttons()  # the page enables by selection; the gate keeps the button off
    assert not page.close_button.isEnabled()


def test_a_leader_may_close_out_and_sees_the_approver_fixed_to_the_account(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    _as(office, "赵局长")
    page = _problems_page(qtbot, office)
    assert page.close_button.isEnabled() and not page.measure_button.isEnabled()
    dialog = page.close_problem()
    assert dialog is not None
    assert dialog.approver.text() == "赵局长" and dialog.approver.isReadOnly()


def test_a_checker_approves_a_measure_from_the_page(qtbot, office, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _as(office, "钱审核")
    page = _problems_page(qtbot, office)
    assert page.approve_button.isEnabled()
    assert page.approve_measure()
    from app.rectify.measure_approval import measure_approval

    assert measure_approval(office, int(page.current_problem()["id"]))["approved_by"] == "钱审核"


def test_confirming_findings_is_disabled_for_a_clerk(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    from ui.audit.audit_page import AuditPage

    _as(office, "李录入")
    page = AuditPage(office)
    qtbot.addWidget(page)
    page.confirm_button.setEnabled(True)  # as a selection would
    assert not page.confirm_button.isEnabled() and "审核员" in page.confirm_button.toolTip()


def test_account_management_is_the_administrators(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    from ui.system.settings_page import SettingsPage

    _as(office, "赵局长")
    page = SettingsPage(office)
    qtbot.addWidget(page)
    assert not page.accounts_button.isEnabled() and "管理员" in page.accounts_button.toolTip()
    _as(office, "王管理")
    admin_page = SettingsPage(office)
    qtbot.addWidget(admin_page)
    assert admin_page.accounts_button.isEnabled()
    dialog = admin_page.open_accounts()
    assert dialog.table.rowCount() == len(PASSWORDS)
    type_text(qtbot, dialog.name, "周评查")
    dialog.role.setCurrentText("评查员")
    type_text(qtbot, dialog.passwords.first, "reviewer-pass-01")
    type_text(qtbot, dialog.passwords.second, "reviewer-pass-01")
    dialog.add()
    assert {a.name: a.role for a in list_accounts(office)}["周评查"] == "评查员"
    assert dialog.table.rowCount() == len(PASSWORDS) + 1


def test_on_a_store_without_accounts_the_first_administrator_is_added_from_settings(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    from ui.system.settings_page import SettingsPage

    page = SettingsPage(gui_store)
    qtbot.addWidget(page)
    assert page.accounts_button.isEnabled()
    dialog = page.open_accounts()
    assert dialog.role.currentText() == "管理员"
    type_text(qtbot, dialog.name, "王管理")
    type_text(qtbot, dialog.passwords.first, "admin-pass-01")
    type_text(qtbot, dialog.passwords.second, "admin-pass-02")
    dialog.add()  # the two differ: refused
    assert not has_accounts(gui_store)
    dialog.passwords.second.setText("admin-pass-01")
    dialog.add()
    assert has_accounts(gui_store)


def test_a_user_changes_their_own_password_under_settings(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    from app.accounts.service import authenticate
    from ui.system.settings_page import SettingsPage

    _as(office, "李录入")
    page = SettingsPage(office)
    qtbot.addWidget(page)
    assert page.own_password_button.isEnabled() and not page.accounts_button.isEnabled()
    dialog = page.open_own_password()
    assert dialog is not None
    type_text(qtbot, dialog.passwords.first, "clerk-pass-02")
    type_text(qtbot, dialog.passwords.second, "clerk-pass-02")
    dialog.accept()
    assert authenticate(office, "李录入", "clerk-pass-02") == Actor("李录入", "录入员")


def test_the_window_asks_to_log_in_and_shows_the_account(qtbot, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel

    from app.store import open_store
    from ui import app as ui_app

    path = tmp_path / "office.sqlite"
    store = open_store(path)
    add_account(store, "王管理", role="管理员", password=PASSWORDS["王管理"][1])
    store.close()
    monkeypatch.setattr(ui_app.crash, "install", lambda: None)  # leave pytest-qt's hook in place
    monkeypatch.setattr(ui_app.first_run, "needs_first_run", lambda _store: False)
    windows: list[object] = []

    class Recorded(ui_app.MainWindow):  # type: ignore[misc, name-defined]
        def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
            super().__init__(*args, **kwargs)
            windows.append(self)

    monkeypatch.setattr(ui_app, "MainWindow", Recorded)
    monkeypatch.setattr(ui_app.QApplication, "exec", lambda _self: 0)
    asked: list[object] = []
    monkeypatch.setattr(ui_app, "ask_login", lambda s: asked.append(s))  # cancelled: None
    assert ui_app.main(["--db", str(path)]) == 0
    assert asked and windows == []  # no window without a login

    def logged(s):  # type: ignore[no-untyped-def]
        log_in(s, Actor("王管理", "管理员"))
        return Actor("王管理", "管理员")

    monkeypatch.setattr(ui_app, "ask_login", logged)
    assert ui_app.main(["--db", str(path)]) == 0
    (window,) = windows
    label = window.statusBar().findChild(QLabel, "accountLabel")  # type: ignore[attr-defined]
    assert label is not None and label.text() == "账户：王管理（管理员）"
    assert window.operator == "王管理"  # type: ignore[attr-defined]
    window.close()  # type: ignore[attr-defined]


def test_the_signing_certificate_buttons_are_the_leaders(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QPushButton

    from ui.system.settings_page import SettingsPage

    _as(office, "王管理")  # a 管理员 does administration, not the key of the one who signs
    page = SettingsPage(office)
    qtbot.addWidget(page)
    create = page.findChild(QPushButton, "createSigner")
    assert create is not None and not create.isEnabled() and "负责人" in create.toolTip()
    _as(office, "赵局长")
    leader_page = SettingsPage(office)
    qtbot.addWidget(leader_page)
    assert leader_page.findChild(QPushButton, "createSigner").isEnabled()
