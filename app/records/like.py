"""A search's LIKE, the same on both engines.

SQLite's LIKE ignores the case of ASCII letters and compares any column as text; PostgreSQL's
LIKE is case-sensitive and refuses a number or a date column. `matches(col, pattern)` is
`lower(col) LIKE lower(pattern)` on SQLite (its lower() folds ASCII only, so the rows found are
the ones LIKE found) and ILIKE on PostgreSQL, with a column that is not text cast to text first:
a search for "no.0001" finds "NO.0001" on both, and a search over an amount column runs on both.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, String, Text, cast


def matches(column: Any, pattern: str) -> ColumnElement[bool]:
    """`column` LIKE `pattern` (escaped with backslash), case-insensitive for ASCII letters."""
    text = column if isinstance(getattr(column, "type", None), String | Text) else cast(column, String)
    return text.ilike(pattern, escape="\\")
