"""What a cell read from a file may hold besides plain values (shared by every reader)."""

from __future__ import annotations


class Uncalculated:
    """A formula cell that carries no cached result (the file was written by a program, not
    saved by Excel). The reader shows it as empty; the import must say so instead."""

    __slots__ = ("formula",)

    def __init__(self, formula: str) -> None:
        self.formula = formula

    def __str__(self) -> str:
        return self.formula

    def __repr__(self) -> str:
        return f"Uncalculated({self.formula!r})"
