"""The password of a PostgreSQL store: from the OS keyring, libpq's PGPASSFILE, or asked.

In that order: a password written in the URL (accepted, never shown); the keyring
(app/secrets.py, under "postgresql:<user>@<host>:<port>/<db>"); none, so libpq reads
PGPASSFILE / ~/.pgpass (or PGPASSWORD) itself; and only when the server still wants one, the
caller's `ask` — getpass on a terminal for the CLI, a dialog in the window. A password is kept
in memory for as long as the store is open and is never written anywhere else: not in the
settings, the recent-stores list, the logs, the change log or a message.
"""

from __future__ import annotations

from app.secrets import KeyringUnavailable, delete_passphrase, get_passphrase, set_passphrase
from db.location import Location

__all__ = ["ASK_LIMIT", "forget_password", "keyring_password", "remember_password"]

ASK_LIMIT = 3


def _key(location: Location) -> str:
    return f"postgresql:{location.keyring_key}"


def keyring_password(location: Location) -> str | None:
    """The password kept in the OS keyring for this store, or None (none kept, or no keyring)."""
    try:
        return get_passphrase(_key(location))
    except KeyringUnavailable:
        return None


def remember_password(location: Location, password: str) -> bool:
    """Keep the password in the OS keyring; False when there is no usable keyring (nothing kept)."""
    try:
        set_passphrase(_key(location), password)
    except KeyringUnavailable:
        return False
    return True


def forget_password(location: Location) -> None:
    try:
        delete_passphrase(_key(location))
    except KeyringUnavailable:
        return
