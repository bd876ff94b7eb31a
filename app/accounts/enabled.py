"""Whether a store has accounts (login is on) — one Core query, no ORM and no models.

Apart from app/accounts/actor.py because every command asks it when it opens the store, and a
`caseaudit summary` must stay as cheap as a bare `import sqlalchemy` (bench/bench_cli.py): the
ORM and the models are imported only once there are accounts to log in to.
"""

from __future__ import annotations

from sqlalchemy import text

from db.store import Store

_ANY = text("SELECT id FROM accounts LIMIT 1")  # both engines run it; the table exists from version 19


def has_accounts(store: Store) -> bool:
    """Whether login is on: the store has at least one account (enabled or not)."""
    with store.engine.connect() as conn:
        return conn.execute(_ANY).first() is not None
