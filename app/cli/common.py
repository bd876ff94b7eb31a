"""What every command module of the CLI shares: the Chinese-speaking argument parser, output on
stdout (one JSON document, or lines for people), progress on stderr, and the command's store.

Kept light on purpose: every command module imports this at start-up, so nothing here may import
a service, SQLAlchemy or a file-format library at module level.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.errors import UserError, location_of

if TYPE_CHECKING:
    from app.store import Store


class CliParser(argparse.ArgumentParser):
    """argparse that reports usage errors in Chinese with exit status 2 (a refusal)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        raise UserError(f"命令行参数有误：{message}")


def _json_default(value: object) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"not JSON-serialisable: {type(value).__name__}")


class _Output:
    """Whether the running command has written its JSON document yet: a refusal after it (a
    verify-pdf that fails, a strict import that prints its report) must not add a second."""

    json_written = False


def begin_command() -> None:
    """Called by the dispatcher before each command (the in-process tests run many)."""
    _Output.json_written = False


def emit_json(data: object) -> None:
    """Exactly one JSON document on stdout, UTF-8, not ASCII-escaped."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, default=_json_default, indent=1) + "\n")
    sys.stdout.flush()
    _Output.json_written = True


def json_written() -> bool:
    return _Output.json_written


def error_document(exc: BaseException, message: str) -> dict[str, Any]:
    """CLI.md's refusal document: `{"error": {"message", "file", "sheet", "row", "column"}}`, the
    location read off the error's attributes (None where it does not apply)."""
    return {"error": {"message": message, **location_of(exc)}}


def say(text: str) -> None:
    sys.stdout.write(text + "\n")


def stderr_progress(label_prefix: str = "") -> Callable[[int, int, str], None] | None:
    """A progress callback that redraws one line on stderr when it is a terminal, else None."""
    if not sys.stderr.isatty():
        return None

    def progress(done: int, total: int, label: str) -> None:
        sys.stderr.write(f"\r{label_prefix}{label} {done}/{total}   ")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return progress


def ask_password_on_tty(question: str) -> str | None:
    """The CLI's way to ask for a PostgreSQL password: getpass on a terminal, else nothing (a
    script gets the refusal, which says to use the keyring or PGPASSFILE)."""
    if not sys.stdin.isatty():
        return None
    sys.stderr.write(question.rsplit("\n", 1)[0] + "\n")
    return getpass.getpass(question.rsplit("\n", 1)[-1]) or None


def open_cli_store(args: argparse.Namespace) -> Store:
    from app.store import default_store, open_store

    # No daily backup from the command line: a refused command must leave nothing behind, and the
    # commands that change data back up themselves (imports before writing, upgrades before
    # migrating). The window makes the daily backup at start-up. `--db` is a file or a
    # postgresql:// URL (db/location.py); a server's password is asked only on a terminal.
    store = open_store(args.db or default_store(), auto_backup=False, ask_password=ask_password_on_tty,
                       who=getattr(args, "user", None) or getattr(args, "operator", None) or None)
    try:
        from app.cli.login import log_in_from_cli

        log_in_from_cli(store, getattr(args, "user", None))  # a store with accounts: who is there
    except BaseException:
        store.close()
        raise
    return store


@contextmanager
def cli_store(args: argparse.Namespace) -> Iterator[Store]:
    """The command's store, closed (and its lock released) however the command ends."""
    store = open_cli_store(args)
    try:
        yield store
    finally:
        store.close()


def operator_of(args: argparse.Namespace) -> str:
    """The change log's operator: the account logged in with --user (the store was opened, and the
    login checked, before anything is written), else --operator, else the OS login."""
    if getattr(args, "user", None):
        return str(args.user).strip()
    if args.operator:
        return str(args.operator)
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - getuser raises a bare OSError/KeyError on odd systems
        return ""


def cli_date(text: str | None, what: str) -> date | None:
    """A date option as typed (2024-05-01, 2024年5月1日 …); None when not given; a UserError naming
    the option and what is wrong with it. The parser is imported here, not at start-up."""
    if text is None:
        return None
    from app.domain.dates import parse_date
    from app.domain.errors import ValueParseError

    try:
        return parse_date(text)
    except ValueParseError as exc:
        raise UserError(f"{what}「{text}」无法识别：{exc.reason}") from exc

