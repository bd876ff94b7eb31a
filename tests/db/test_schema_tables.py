"""The model modules are named by concept; db/migrations.py says which version added each table.
A model that no version lists would never be created in a new store, nor added by an upgrade."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.schema import sort_tables_and_constraints

from db.migrations import ALL_TABLES, CAMPAIGN_TABLES, RECTIFY_TABLES
from db.models import Base
from db.store import open_store


def test_every_model_table_is_listed_once_by_a_schema_version() -> None:
    names = [t.name for t in ALL_TABLES]
    assert len(names) == len(set(names))
    assert set(names) == set(Base.metadata.tables)


def test_the_tables_moved_to_concept_modules_still_belong_to_their_versions() -> None:
    assert {"samples", "reviews", "review_items"} <= {t.name for t in CAMPAIGN_TABLES}
    assert "settings" in {t.name for t in RECTIFY_TABLES}


def test_a_new_store_creates_the_tables_in_the_listed_order(tmp_path: Path) -> None:
    """Parents before children, otherwise as listed — not in the order the modules happened to load."""
    path = tmp_path / "s.sqlite"
    open_store(path).close()
    con = sqlite3.connect(path)
    try:
        created = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY rowid")]
    finally:
        con.close()
    assert created == [t.name for t, _ in sort_tables_and_constraints(ALL_TABLES) if t is not None]
