"""Date arithmetic in SQL that SQLite and PostgreSQL both run: "a date column + N days".

SQLite keeps a Date column as ISO text and adds days with its date() function; PostgreSQL adds
an integer to a date. One construct, compiled per engine, so a set-based check can compare two
date columns across a period (`served_on > days_after(decided_on, 7)`) without engine-only SQL
in the check itself.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Date
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement, FunctionElement


class days_after(FunctionElement[Any]):  # noqa: N801  (reads as the SQL function it stands for)
    """`column + n days` as a date (`n` a whole number of days, written into the SQL)."""

    type = Date()
    inherit_cache = False  # the day count is written into the SQL text: no cached compilation
    name = "days_after"

    def __init__(self, column: ColumnElement[Any], days: int) -> None:
        if not isinstance(days, int) or isinstance(days, bool):
            raise TypeError("days_after wants a whole number of days")
        self.days = days
        super().__init__(column)


@compiles(days_after)
def _days_after_default(element: days_after, compiler: Any, **kw: Any) -> str:  # PostgreSQL and others
    return f"({compiler.process(element.clauses, **kw)} + {int(element.days)})"


@compiles(days_after, "sqlite")
def _days_after_sqlite(element: days_after, compiler: Any, **kw: Any) -> str:
    return f"date({compiler.process(element.clauses, **kw)}, '{int(element.days):+d} days')"
