"""The store's key/value settings (the `settings` table): read by prefix, written with the change log.

Settings belong to the store, so they travel with it (a backup restores them). The backup
folder and rotation (app/backups.py), the report font, the office's details and the first-run
flag all live here under their own key prefix.

Reading is one Core statement, so opening a store (app/store.py reads the backup folder from
here) imports neither the ORM nor the models; writing, which goes through the change log, does.
"""

from __future__ import annotations

from sqlalchemy import text

from db.store import Store

_BY_PREFIX = text("SELECT key, value FROM settings WHERE substr(key, 1, :n) = :prefix")

__all__ = ["read_settings", "write_settings"]


def read_settings(store: Store, prefix: str) -> dict[str, str]:
    """The `settings` rows whose key starts with `prefix`, keyed by the rest of the key."""
    with store.engine.connect() as conn:  # substr, not LIKE: a prefix's `_` and `%` are plain text
        rows = conn.execute(_BY_PREFIX, {"n": len(prefix), "prefix": prefix}).all()
    return {str(key)[len(prefix):]: str(value) for key, value in rows}


def write_settings(store: Store, values: dict[str, str | None], *, operator: str = "") -> None:
    """Set (or, for None, remove) settings rows in one transaction, each change logged. Under
    login (a store with accounts) settings are a 管理员's, recorded under their account."""
    from sqlalchemy import delete

    from app.accounts.actor import check  # here: app.accounts imports app.store, which imports us

    actor = check(store, "settings.write")
    operator = actor.name if actor else operator

    from db import changelog
    from db.models_settings import Setting

    with store.writing() as s:
        for key, value in values.items():
            row = s.get(Setting, key)
            before = {"key": key, "value": row.value} if row is not None else None
            if value is None:
                if row is None:
                    continue
                s.execute(delete(Setting).where(Setting.key == key))
                action, after = "delete", None
            elif row is None:
                s.add(Setting(key=key, value=value))
                action, after = "create", {"key": key, "value": value}
            elif row.value == value:
                continue
            else:
                row.value = value
                action, after = "update", {"key": key, "value": value}
            s.flush()
            changelog.append(s, operator=operator, action=action, table_name="settings", record_id=None,
                             before=before, after=after)
