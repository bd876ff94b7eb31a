"""Writing one cell of an exported sheet: dates as dates, text never as a formula.

A party or a fact that begins with `=`, `+`, `-` or `@` is text the clerk typed (or a trap); in a
sheet opened by Excel or uploaded to a platform it must stay text, so every str cell is stored
with the string type whatever it begins with.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from openpyxl.styles import Alignment

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def put_cell(ws: Any, row: int, col: int, value: Any) -> Any:
    """Write `value` at (row, col), wrapped and top-aligned; returns the cell."""
    if value is None:
        value = ""
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, date):
        cell.number_format = "yyyy-mm-dd"
    elif isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever the text begins with
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell
