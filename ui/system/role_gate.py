"""Actions the logged-in account's role may not do are disabled, with a tooltip naming the role.

The services refuse them anyway (app/accounts); greying the button out says so before the user
fills in a dialog for nothing. The pages keep enabling and disabling their buttons by selection,
so the gate watches the button and turns it off again whenever the page turns it on.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from app.accounts.actor import may
from app.accounts.roles import needs_text
from app.store import Store


class _KeepDisabled(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.EnabledChange and isinstance(watched, QWidget) and watched.isEnabled():
            watched.setEnabled(False)
        return False


def gate_by_role(widget: QWidget, store: Store, action: str) -> bool:
    """Disable `widget` for good, with the role(s) needed as its tooltip, unless the logged-in
    account may do `action` (always allowed on a store without accounts). Returns whether allowed."""
    if may(store, action):
        return True
    widget.setEnabled(False)
    widget.setToolTip(needs_text(action) + "（当前登录账户的角色无此权限）")
    widget.installEventFilter(_KeepDisabled(widget))
    return False
