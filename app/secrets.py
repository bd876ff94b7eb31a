"""The one module that touches the OS keyring (Windows Credential Manager, macOS Keychain,
Secret Service on Linux).

Where there is no usable keyring — a Linux machine without a desktop session, or the `fail`
/ `null` back-ends — every call raises `KeyringUnavailable` with a Chinese explanation, so the
caller can tell the user and ask for the secret instead. There is no plaintext fallback.
"""

from __future__ import annotations

import keyring
import keyring.errors
from keyring.backend import KeyringBackend
from keyring.backends import fail, null

from app.errors import UserError

SERVICE = "CaseAudit"
UNAVAILABLE_MESSAGE = "本机没有可用的系统密钥环（钥匙串），无法保存口令；每次签名时需要输入口令。"

__all__ = ["SERVICE", "UNAVAILABLE_MESSAGE", "KeyringUnavailable", "delete_passphrase",
           "get_passphrase", "keyring_available", "set_passphrase"]


class KeyringUnavailable(UserError):
    """No usable system keyring: the secret must be entered by the user each time."""

    def __init__(self, message: str = UNAVAILABLE_MESSAGE) -> None:
        super().__init__(message)


def _backend() -> KeyringBackend:
    backend = keyring.get_keyring()
    # `fail` raises on every call; `null` silently forgets — neither keeps a secret.
    if isinstance(backend, fail.Keyring | null.Keyring):
        raise KeyringUnavailable()
    return backend


def keyring_available() -> bool:
    """Whether a keyring that actually keeps secrets is configured (does not read anything)."""
    try:
        _backend()
    except KeyringUnavailable:
        return False
    return True


def get_passphrase(key: str) -> str | None:
    """The secret stored under `key`, or None when there is none. Raises KeyringUnavailable."""
    backend = _backend()
    try:
        return backend.get_password(SERVICE, key)
    except keyring.errors.KeyringError as exc:
        raise KeyringUnavailable(f"{UNAVAILABLE_MESSAGE}（{exc}）") from exc


def set_passphrase(key: str, value: str) -> None:
    """Store `value` under `key`. Raises KeyringUnavailable; never writes anywhere else."""
    backend = _backend()
    try:
        backend.set_password(SERVICE, key, value)
    except keyring.errors.KeyringError as exc:
        raise KeyringUnavailable(f"{UNAVAILABLE_MESSAGE}（{exc}）") from exc


def delete_passphrase(key: str) -> None:
    """Forget the secret under `key` (nothing happens when there is none)."""
    backend = _backend()
    try:
        backend.delete_password(SERVICE, key)
    except keyring.errors.PasswordDeleteError:
        return
    except keyring.errors.KeyringError as exc:
        raise KeyringUnavailable(f"{UNAVAILABLE_MESSAGE}（{exc}）") from exc
