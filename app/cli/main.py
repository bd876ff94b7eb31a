"""`caseaudit`: the command line (CLI.md). A thin shell over the services in app/.

Exit status: 0 done · 2 refused (bad input, nothing written) · 1 a bug. Expected errors print
one Chinese line on stderr; `--json` prints exactly one JSON document on stdout.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app import __version__
from app.errors import UserError

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


def emit_json(data: object) -> None:
    """Exactly one JSON document on stdout, UTF-8, not ASCII-escaped."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, default=_json_default, indent=1) + "\n")
    sys.stdout.flush()


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


def build_parser() -> argparse.ArgumentParser:
    from app import (
        cli_audit,
        cli_campaign,
        cli_exchange,
        cli_office,
        cli_records,
        cli_rectify,
        cli_reports,
        cli_signing,
        cli_store,
    )

    parser = CliParser(prog="caseaudit", description="执法案卷倒查工作台（CaseAudit）命令行")
    parser.add_argument("--version", action="version", version=f"caseaudit {__version__}")
    parser.add_argument("--db", type=Path, default=None, help="数据库文件（默认：用户数据目录）")
    parser.add_argument("--operator", default=None, help="操作人（记入变更日志；默认当前系统用户）")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=CliParser)
    for module in (cli_records, cli_audit, cli_campaign, cli_reports, cli_signing, cli_rectify, cli_office,
                   cli_exchange, cli_store):
        module.register(sub)
    return parser


def open_cli_store(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from app.store import default_store_path, open_store

    # No daily backup from the command line: a refused command must leave nothing behind, and the
    # commands that change data back up themselves (imports before writing, upgrades before
    # migrating). The window makes the daily backup at start-up.
    return open_store(args.db or default_store_path(), auto_backup=False)


@contextmanager
def cli_store(args: argparse.Namespace) -> Iterator[Store]:
    """The command's store, closed (and its lock released) however the command ends."""
    store = open_cli_store(args)
    try:
        yield store
    finally:
        store.close()


def operator_of(args: argparse.Namespace) -> str:
    if args.operator:
        return str(args.operator)
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - getuser raises a bare OSError/KeyError on odd systems
        return ""


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if not getattr(args, "handler", None):
            parser.print_help(sys.stderr)
            return 2
        return int(args.handler(args) or 0)
    except UserError as exc:
        sys.stderr.write(exc.message + "\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("已中断，数据库未作任何改动。\n")
        return 2
    except Exception:  # noqa: BLE001 - the one place bugs are reported from the CLI
        sys.stderr.write("程序错误（这是一个缺陷，请把以下报告发给开发者）：\n")
        traceback.print_exc(file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
