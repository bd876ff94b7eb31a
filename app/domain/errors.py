"""The one exception the value parsers raise.

It carries a short Chinese reason meant for the user (it ends up in an import report next to the
sheet, row and column), so callers show `reason` as is and never the traceback.
"""

from __future__ import annotations


class ValueParseError(ValueError):
    """A cell or form value that cannot be read as the type its column asks for."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
