"""The window's own memory (geometry, column widths, order, sort, hidden columns): QSettings in
an INI file under the user's configuration folder, one name for the whole program.

Tests point QSettings' INI path at their tmp folder (tests/ui/conftest.py), so no test reads or
writes what a real user left behind.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

ORGANISATION = "CaseAudit"
APPLICATION = "CaseAudit"


def settings() -> QSettings:
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION)


def load_bytes(key: str) -> QByteArray | None:
    value = settings().value(key)
    if isinstance(value, QByteArray) and not value.isEmpty():
        return value
    if isinstance(value, bytes | bytearray) and value:
        return QByteArray(bytes(value))
    return None


def save_bytes(key: str, value: QByteArray) -> None:
    s = settings()
    s.setValue(key, value)
    s.sync()
