"""How many records the store holds, for the status bar and `caseaudit summary`.

    summary(store) -> {"officers", "cases", "ledger", "receipts", "units", "findings", "imports"}

One Core statement over the tables by name, so counting imports neither the ORM nor the models:
`caseaudit summary` starts in about the time SQLAlchemy itself takes to import
(bench/bench_cli.py). tests/cli/test_records.py checks the names against the models.
"""

from __future__ import annotations

from sqlalchemy import text

from app.store import Store

__all__ = ["COUNTED_TABLES", "summary"]

# The summary's keys, in its order, and the table each counts.
COUNTED_TABLES: dict[str, str] = {
    "officers": "officers",
    "cases": "cases",
    "ledger": "ledger_entries",
    "receipts": "receipts",
    "units": "units",
    "findings": "findings",
    "imports": "import_batches",
}

_COUNTS = text("SELECT " + ", ".join(f'(SELECT count(*) FROM "{table}") AS "{key}"'
                                     for key, table in COUNTED_TABLES.items()))


def summary(store: Store) -> dict[str, int]:
    """The number of rows of each kind, in one read."""
    with store.engine.connect() as conn:
        row = conn.execute(_COUNTS).one()
    return {key: int(value or 0) for key, value in zip(COUNTED_TABLES, row, strict=True)}
