"""The application log: one line for each import, audit, backup, restore and export.

`setup_logging()` (called once by the window and by the CLI) sends the `caseaudit` loggers to a
rotating file, caseaudit.log, in the user's log directory — the folder crash.log is written to —
or in $CASEAUDIT_LOG_DIR when that is set (the tests set it, so they never write to the real
one). Until it is called the lines go nowhere: the CLI's stdout and stderr stay exactly as
CLI.md describes them.

A line says what was done, to which store (its path), how many rows, and how long it took —
never personal data: no names, ID numbers, case or receipt numbers, amounts or file names, only
counts. A failure logs the exception's type, not its message (a message may quote a cell).
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import platformdirs

__all__ = ["ENV_LOG_DIR", "LOG_FILE", "close_logging", "log_dir", "logged", "setup_logging"]

APP_NAME = "CaseAudit"  # the same folder as crash.log (ui/crash.py)
ENV_LOG_DIR = "CASEAUDIT_LOG_DIR"
LOG_FILE = "caseaudit.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5  # caseaudit.log.1 … .5: a few months of an office's work

_root = logging.getLogger("caseaudit")
_root.addHandler(logging.NullHandler())  # nothing reaches stderr before setup_logging()
_handler: logging.Handler | None = None

Fact = int | float | str | bool | None


def log_dir() -> Path:
    """$CASEAUDIT_LOG_DIR, else the user's log directory."""
    chosen = os.environ.get(ENV_LOG_DIR)
    return Path(chosen) if chosen else Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


class _RotatingOnFirstLine(logging.Handler):
    """Opens the rotating file only when the first line is written: `logging.handlers` alone
    costs a read-only command (summary, list) a tenth of its start-up, and most write nothing."""

    def __init__(self, path: Path, level: int) -> None:
        super().__init__(level)
        self.path = path
        self._file: logging.Handler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self._file is None:
            import logging.handlers

            try:
                self._file = logging.handlers.RotatingFileHandler(
                    self.path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8")
            except OSError as exc:
                print(f"无法写入运行日志 {self.path}：{exc.strerror or exc}", file=sys.stderr)
                self._file = logging.NullHandler()
            self._file.setFormatter(self.formatter or logging.Formatter())
        self._file.handle(record)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        super().close()


def setup_logging(folder: Path | None = None, level: int = logging.INFO) -> Path | None:
    """Log to `folder`/caseaudit.log (default `log_dir()`), rotating at 1 MB; returns the file.
    Calling it again moves the log (no line is written twice). A folder that cannot be written
    is said on stderr and the program goes on without a log (None)."""
    global _handler
    path = (folder or log_dir()) / LOG_FILE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        print(f"无法写入运行日志 {path}：{exc.strerror or exc}", file=sys.stderr)
        return None
    handler = _RotatingOnFirstLine(path, level)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s", "%Y-%m-%d %H:%M:%S"))
    close_logging()
    _root.addHandler(handler)
    _root.setLevel(level)
    _handler = handler
    return path


def close_logging() -> None:
    """Stop writing the log file (at exit, or when a test is done with it)."""
    global _handler
    if _handler is not None:
        _root.removeHandler(_handler)
        _handler.close()
        _handler = None


def _line(what: str, outcome: str, store: Path | str | None, facts: dict[str, Fact], took: float) -> str:
    parts = [what, outcome]
    if store is not None:
        parts.append(f"store={store}")
    parts += [f"{key}={value}" for key, value in facts.items()]
    parts.append(f"took={took:.2f}s")
    return " ".join(parts)


@contextmanager
def logged(what: str, store: Path | str | None, **facts: Fact) -> Iterator[dict[str, Fact]]:
    """Log one line when the block ends: `what done store=… rows=… took=…s`, or `what failed …
    error=TypeName`. The block adds its counts to the yielded dict (counts only, nothing personal)."""
    log = logging.getLogger(f"caseaudit.{what}")
    start = time.perf_counter()
    try:
        yield facts
    except BaseException as exc:
        log.info(_line(what, "failed", store, {**facts, "error": type(exc).__name__}, time.perf_counter() - start))
        raise
    log.info(_line(what, "done", store, facts, time.perf_counter() - start))
