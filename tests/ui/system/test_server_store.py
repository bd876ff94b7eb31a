"""The window on a PostgreSQL store: 打开数据库 with a postgresql:// address switches to it without
holding the writer lock, and the server's password is asked in a dialog whose field shows dots."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QLineEdit

from ui.main_window import MainWindow
from ui.system import store_switch
from ui.system.pg_password import password_asker


def test_switching_to_a_server_store_opens_it_without_holding_the_lock(qtbot, gui_store,  # type: ignore[no-untyped-def]
                                                                     pg_template_database) -> None:
    w = MainWindow(gui_store, operator="甲")
    qtbot.addWidget(w)
    w.show()
    fresh = store_switch.switch_store(w, pg_template_database)
    assert fresh is not None and fresh.isVisible() and not w.isVisible()
    assert fresh.store.kind == "postgresql" and not fresh.store.lock.held
    assert fresh.show_kind("cases").model.rowCount() == 0
    again = store_switch.switch_store(fresh, pg_template_database)  # the same store: nothing to do
    assert again is None and fresh.isVisible()
    fresh.close()


def test_the_password_dialog_hides_what_is_typed(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    seen: list[object] = []

    def fake(parent, title, label, echo):  # type: ignore[no-untyped-def]
        seen.append(echo)
        return "typed-secret", True

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(fake))
    assert password_asker(None)("请输入密码：") == "typed-secret"
    assert seen == [QLineEdit.EchoMode.Password]
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *_a: ("", False)))
    assert password_asker(None)("请输入密码：") is None
