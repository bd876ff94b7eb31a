"""Reading the file on another thread while the command line is still starting up.

`caseaudit import` spends its first quarter second importing SQLAlchemy, the models and the
services, and opening the store; the reader then spends most of a second building the sheet in
native code, without the interpreter lock. So the command starts the reading first: the sheet's
bounds are checked on the reading thread (limits.py, the same checks in the same order — nothing
is handed to the reader unchecked), and once the reader is building the sheet the command goes on
with its imports. The import's own open_workbook of that file then takes the workbook being read
(reading.READ_AHEAD) instead of opening it again.

Errors are not raised on the reading thread: they are raised where the import would have met
them, by open_workbook (the file cannot be opened) or by rows() (the sheet cannot be read, which
reads it again to say why).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.imports.reading import READ_AHEAD, Workbook, file_identity, open_file


class _ReadAhead:
    def __init__(self, path: Path, sheet: str | None) -> None:
        self.path, self.sheet = path, sheet
        self.loading = threading.Event()  # bounds checked, the reader is building the sheet (or done)
        self.book: Workbook | None = None
        self.error: BaseException | None = None
        self.taken = False
        self.thread = threading.Thread(target=self._run, name="read-ahead", daemon=True)

    def _run(self) -> None:
        try:
            self.book = open_file(self.path, before_load=self.loading.set)
            names = self.book.sheet_names
            sheet = self.sheet if self.sheet is not None else (names[0] if names else None)
            if sheet is not None and self.book.has_sheet(sheet):
                # the sheet the import looks at first; a failure is kept by the workbook and
                # raised by rows() where the import reads the sheet. A sheet too big to read
                # whole is only scanned here: the import streams it (reading_stream.py)
                with contextlib.suppress(BaseException):
                    if self.book.streamed(sheet) is None:
                        self.book.rows(sheet)
        except BaseException as exc:  # noqa: BLE001 - raised again by take(), on the import's thread
            self.error = exc
        finally:
            self.loading.set()

    def take(self) -> Workbook:
        self.taken = True
        self.thread.join()
        if self.error is not None:
            raise self.error
        assert self.book is not None
        return self.book


@contextmanager
def read_ahead(path: Path, sheet: str | None = None) -> Iterator[None]:
    """Within the block, an open_workbook of `path` takes the workbook read on another thread.
    Returns once the reader is building the sheet (so the caller's work overlaps it)."""
    ident = file_identity(Path(path))
    if ident is None or ident in READ_AHEAD:
        yield
        return
    ahead = _ReadAhead(Path(path), sheet)
    READ_AHEAD[ident] = ahead.take
    ahead.thread.start()
    try:
        ahead.loading.wait()
        yield
    finally:
        if READ_AHEAD.get(ident) == ahead.take:
            del READ_AHEAD[ident]
        if not ahead.taken:
            ahead.thread.join()
            if ahead.book is not None:
                ahead.book.close()
