"""A new key's passphrase is typed twice and a weak one is warned about once (issue 14 point 5):
the new signing certificate and the new package key."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.ui_helpers import type_text
from ui.signing.signing_dialogs import CreateSignerDialog, PassphraseDialog


def test_a_new_package_key_passphrase_is_typed_twice_and_weak_is_warned(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = PassphraseDialog("新建数据包签名密钥", "数据包签名密钥", new=True)
    qtbot.addWidget(dialog)
    secrets: list[str] = []
    dialog.entered.connect(secrets.append)
    type_text(qtbot, dialog.passphrase, "Shuiwu-2026-法规")
    type_text(qtbot, dialog.repeat, "Shuiwu-2026-法规X")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "两次输入的口令不一致" in dialog.error.text() and secrets == []
    for edit in (dialog.passphrase, dialog.repeat):
        edit.clear()
        type_text(qtbot, edit, "12345678")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "口令较弱" in dialog.error.text() and "最常见" in dialog.error.text() and secrets == []
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # told once: kept if wanted
    assert secrets == ["12345678"]


def test_an_existing_keys_passphrase_is_asked_once(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = PassphraseDialog("签名", "证书")
    qtbot.addWidget(dialog)
    secrets: list[str] = []
    dialog.entered.connect(secrets.append)
    type_text(qtbot, dialog.passphrase, "123456")  # not judged: it is the key's passphrase already
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert secrets == ["123456"] and not dialog.repeat.isVisible()


def test_a_new_signer_with_a_weak_passphrase_is_warned_first(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    dialog = CreateSignerDialog(gui_store, "沈阳市水务局")
    qtbot.addWidget(dialog)
    created: list[object] = []
    dialog.created.connect(lambda info, _s: created.append(info))
    for edit in (dialog.passphrase, dialog.repeat):
        type_text(qtbot, edit, "20190305")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "日期" in dialog.error.text() and created == []
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert len(created) == 1
