"""连接数据库服务器…: the dialog puts the postgresql:// address together from its fields, refuses
an empty server or database in Chinese, and the window switched to a real PostgreSQL store names
it by its address without the password — never by the local `<db>.postgresql` side entry."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel

from db.location import parse_location
from ui.main_window import MainWindow
from ui.system import store_switch
from ui.system.server_dialog import ServerDialog, ServerFields, check_server_fields, server_url


def test_the_address_is_put_together_as_db_location_reads_it_back() -> None:
    assert server_url("10.0.0.5", 5432, "caseaudit", "kj") == "postgresql://kj@10.0.0.5:5432/caseaudit"
    assert server_url(" db-server ", 6543, "cases", "") == "postgresql://db-server:6543/cases"
    odd = server_url("::1", 5433, "案卷 库", "甲@科")
    assert odd == "postgresql://%E7%94%B2%40%E7%A7%91@[::1]:5433/%E6%A1%88%E5%8D%B7%20%E5%BA%93"
    where = parse_location(odd)
    assert (where.kind, where.host, where.port, where.database, where.user) == ("postgresql", "::1", 5433,
                                                                                 "案卷 库", "甲@科")


def test_the_fields_are_checked_before_any_connection() -> None:
    assert check_server_fields("10.0.0.5", 5432, "caseaudit") is None
    assert check_server_fields("fe80::1%eth0", 5432, "caseaudit") is None
    empty_host = check_server_fields("  ", 5432, "caseaudit")
    assert empty_host is not None and empty_host.field == "host" and "服务器" in empty_host.message
    pasted_url = check_server_fields("postgresql://10.0.0.5", 5432, "caseaudit")
    assert pasted_url is not None and pasted_url.field == "host"
    empty_db = check_server_fields("10.0.0.5", 5432, " ")
    assert empty_db is not None and empty_db.field == "database" and "数据库名" in empty_db.message


def test_the_dialog_previews_the_address_and_refuses_an_empty_host_or_database(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = ServerDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.port_spin.value() == 5432
    assert "postgresql://" not in dialog.preview.text()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # nothing filled in
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert "请填写服务器" in dialog.error_label.text()

    qtbot.keyClicks(dialog.host_edit, "10.0.0.5")
    assert dialog.error_label.text() == ""  # typing clears the old complaint
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "请填写数据库名" in dialog.error_label.text()
    assert dialog.focusWidget() is dialog.database_edit  # the cursor goes where the fault is

    qtbot.keyClicks(dialog.database_edit, "caseaudit")
    qtbot.keyClicks(dialog.user_edit, "kj")
    dialog.port_spin.setValue(6543)
    assert dialog.preview.text() == "postgresql://kj@10.0.0.5:6543/caseaudit"
    dialog.remember_check.setChecked(True)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.fields() == ServerFields("10.0.0.5", 6543, "caseaudit", "kj", remember_password=True)
    assert dialog.fields().url == "postgresql://kj@10.0.0.5:6543/caseaudit"


def test_the_file_menu_offers_the_server_beside_open(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    w = MainWindow(gui_store, operator="甲")
    qtbot.addWidget(w)
    names = [a.objectName() for a in w.file_menu.actions()]
    assert names.index("connectServer") == names.index("openStore") + 1
    assert store_switch.server_fields_of(gui_store) is None  # a file store: the dialog starts empty
    # a SQLite store is named as before: the file in the title, its path in the status bar
    assert w.windowTitle() == "案卷库.sqlite"
    assert w.findChild(QLabel, "storePath").text() == str(gui_store.path)


def test_a_cancelled_dialog_switches_nothing(qtbot, gui_store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    w = MainWindow(gui_store, operator="甲")
    qtbot.addWidget(w)
    w.show()
    monkeypatch.setattr(store_switch, "ask_server", lambda *_a: None)
    assert store_switch.connect_server(w) is None and w.isVisible()


def test_connecting_names_the_server_store_by_its_masked_address(qtbot, gui_store, pg_template_database,  # type: ignore[no-untyped-def]
                                                                 monkeypatch) -> None:
    where = parse_location(pg_template_database)
    asked: list[object] = []

    def fake_ask(_parent, initial):  # type: ignore[no-untyped-def]
        asked.append(initial)
        return ServerFields(where.host, where.port, where.database, where.user)

    monkeypatch.setattr(store_switch, "ask_server", fake_ask)
    w = MainWindow(gui_store, operator="甲")
    qtbot.addWidget(w)
    w.show()
    fresh = store_switch.connect_server(w)
    assert fresh is not None and fresh.isVisible() and not w.isVisible()
    assert asked == [None]
    display = fresh.store.display
    assert display == f"postgresql://{where.user + '@' if where.user else ''}{where.host}:{where.port}/{where.database}"
    assert fresh.windowTitle() == display and ".postgresql" not in fresh.windowTitle()
    path_label = fresh.findChild(QLabel, "storePath")
    assert path_label.text() == display and path_label.toolTip() == display
    assert display in fresh.welcome.findChildren(QLabel)[1].text()
    about = fresh.show_about()
    assert display in about.text.toPlainText() and ".postgresql" not in about.text.toPlainText()
    from ui.system.login_dialog import LoginDialog

    login = LoginDialog(fresh.store)
    qtbot.addWidget(login)
    assert any(f"数据库 {display} 已启用账户登录" in label.text() for label in login.findChildren(QLabel))
    # its side-folder entry is not a file: not offered under 最近打开
    from app.recent import recent_stores

    assert fresh.store.path.resolve() not in [p.resolve() for p in recent_stores(existing_only=False, limit=99)]
    # the next 连接数据库服务器… starts from the server in use
    assert store_switch.server_fields_of(fresh.store) == ServerFields(where.host, where.port, where.database,
                                                                     where.user)
    fresh.close()


def test_a_typed_password_is_kept_only_when_asked_and_a_missing_keyring_is_said(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import app.store_password as store_password

    kept: list[tuple[object, str]] = []
    told: list[str] = []
    monkeypatch.setattr(store_password, "remember_password", lambda loc, pw: kept.append((loc, pw)) or False)
    monkeypatch.setattr(store_switch, "show_info", lambda _w, text, _title: told.append(text))

    class FakeStore:
        location = parse_location("postgresql://kj@10.0.0.5/caseaudit")
        secret = "typed-secret"

    store_switch._keep_password(None, FakeStore())
    assert kept == [(FakeStore.location, "typed-secret")]
    assert told and "钥匙串" in told[0] and "typed-secret" not in told[0]


def test_the_first_start_can_name_the_server_instead_of_a_local_file(qtbot, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import argparse

    from app.store import config_path
    from ui import app as ui_app
    from ui.system import first_run

    later = first_run.FirstRunDialog(tmp_path, folder_editable=False)  # a store already open: no switching here
    qtbot.addWidget(later)
    assert later.server_row.isHidden()

    offered: list[bool] = []

    def fake_ask(_parent, _initial, *, offer_remember):  # type: ignore[no-untyped-def]
        offered.append(offer_remember)
        return ServerFields("10.0.0.5", 5432, "caseaudit", "kj")

    monkeypatch.setattr(first_run, "ask_server", fake_ask)
    dialog = first_run.FirstRunDialog(tmp_path, folder_editable=True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.server_row.isHidden() and dialog.server_button.isVisible()
    qtbot.mouseClick(dialog.server_button, Qt.MouseButton.LeftButton)  # no office name needed for it
    assert dialog.result() == QDialog.DialogCode.Accepted and offered == [False]
    answers = dialog.answers()
    assert answers.server == "postgresql://kj@10.0.0.5:5432/caseaudit"
    assert (answers.office_name, answers.load_demo) == ("", False)

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setattr(first_run, "ask", lambda *_a, **_k: answers)
    chosen = ui_app.choose_store(argparse.Namespace(db=None))
    assert chosen == ("postgresql://kj@10.0.0.5:5432/caseaudit", None, False)
    saved = json.loads(config_path().read_text(encoding="utf-8"))
    assert saved == {"server": "postgresql://kj@10.0.0.5:5432/caseaudit"}  # no data folder for a file not used
    monkeypatch.setattr(first_run, "ask", lambda *_a, **_k: pytest.fail("asked again at the next start"))
    again = ui_app.choose_store(argparse.Namespace(db=None))  # the next start opens the server again
    assert again == ("postgresql://kj@10.0.0.5:5432/caseaudit", None, False)
