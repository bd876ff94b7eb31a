"""The question a form asks when its save was refused because another desk saved the same record
first (app/concurrency.StaleRecordError): 重新载入 the stored record, or 取消 and keep what was
typed on screen. Nothing is written either way; the choice is the clerk's."""

from __future__ import annotations

from collections.abc import Callable
from typing import NoReturn

from PySide6.QtWidgets import QMessageBox, QWidget

from app.concurrency import StaleRecordError
from app.errors import UserError

RELOAD = "重新载入"
CANCEL = "取消"


def ask_reload(parent: QWidget | None, error: StaleRecordError) -> bool:
    """True when the clerk chose 重新载入. A modal box over the form, whose typed values stay
    visible behind it."""
    box = QMessageBox(QMessageBox.Icon.Warning, "记录已被他人修改", error.message, QMessageBox.StandardButton.NoButton,
                      parent)
    box.setObjectName("staleRecordBox")
    reload_button = box.addButton(RELOAD, QMessageBox.ButtonRole.AcceptRole)
    cancel_button = box.addButton(CANCEL, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel_button)
    box.setEscapeButton(cancel_button)
    box.exec()
    return box.clickedButton() is reload_button


def kept_note(typed: dict[str, str], stored: dict[str, str], labels: dict[str, str]) -> str:
    """What the clerk had typed where it differs from the record reloaded, so it is not lost:
    「字段：值」 joined, or '' when nothing differs."""
    parts = [f"{labels.get(k, k)}：{v or '（空）'}" for k, v in typed.items() if stored.get(k, "") != v]
    return "；".join(parts)


def reload_or_raise(parent: QWidget | None, error: StaleRecordError, reload: Callable[[], str]) -> NoReturn:
    """For a dialog that records a step on a record (分流, 回复, 办结): ask; on 重新载入 call
    `reload` (it reads the record again, takes its new version and says what it is now) and
    refuse this 确定 with that news, the clerk's entries left in the dialog to check and send
    again; on 取消 refuse with the stale message. Either way the dialog shows it in red."""
    if ask_reload(parent, error):
        raise UserError(f"已重新载入最新内容：{reload()}。您填写的内容仍在，请核对后再点「确定」。") from None
    raise error
