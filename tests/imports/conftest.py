"""Fixtures for import tests: messy spreadsheets written by the tests, and a way to read the
store back through its own SQLite file."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from db.models import CaseFile, CaseOfficer, ChangeLogEntry, ImportBatch, LedgerEntry, Officer, Receipt, Unit

Row = Sequence[Any]


@pytest.fixture
def xlsx(tmp_path: Path) -> Callable[..., Path]:
    """write(name, {sheet: rows}, merges={sheet: ["A1:F1"]}, text_cols={sheet: ["C"]}) → path.
    Rows are written from row 1; None leaves a cell empty."""

    def write(name: str, sheets: dict[str, list[Row]], merges: dict[str, list[str]] | None = None,
              formats: dict[str, dict[str, str]] | None = None) -> Path:
        wb = openpyxl.Workbook()
        wb.remove(wb.active)
        for title, rows in sheets.items():
            ws = wb.create_sheet(title)
            for r, row in enumerate(rows, start=1):
                for c, value in enumerate(row, start=1):
                    if value is not None:
                        ws.cell(row=r, column=c, value=value)
            for rng in (merges or {}).get(title, []):
                ws.merge_cells(rng)
            for cell, fmt in (formats or {}).get(title, {}).items():
                ws[cell].number_format = fmt
        path = tmp_path / name
        wb.save(path)
        return path

    return write


class StoreFile:
    """Reads the store back through a new engine (not the import's session): on its SQLite file,
    or on the same PostgreSQL database."""

    def __init__(self, path: Path, url: Any = None) -> None:
        self.path = path
        self.url = url if url is not None else f"sqlite:///{path}"

    def _session(self) -> tuple[Any, Session]:
        engine = create_engine(self.url)
        return engine, Session(engine)

    def all(self, model: type, order: Any = None) -> list[Any]:
        engine, s = self._session()
        try:
            order = order if order is not None else model.id
            stmt = select(model).order_by(*(order if isinstance(order, tuple) else (order,)))
            rows = list(s.scalars(stmt))
            s.expunge_all()
            return rows
        finally:
            s.close()
            engine.dispose()

    def counts(self) -> dict[str, int]:
        engine, s = self._session()
        try:
            return {m.__tablename__: int(s.scalar(select(func.count()).select_from(m)) or 0)
                    for m in (Unit, ImportBatch, Officer, CaseFile, CaseOfficer, LedgerEntry, Receipt,
                              ChangeLogEntry)}
        finally:
            s.close()
            engine.dispose()

    def units(self) -> dict[int, str]:
        return {u.id: u.name for u in self.all(Unit)}


@pytest.fixture
def db(store: Any) -> StoreFile:
    return StoreFile(Path(store.path), None if store.kind == "sqlite" else store.engine.url)
