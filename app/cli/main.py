"""`caseaudit`: the command line (CLI.md). A thin shell over the services in app/.

Exit status: 0 done · 2 refused (bad input, nothing written) · 1 a bug. Expected errors print
one Chinese line on stderr; `--json` prints exactly one JSON document on stdout — for a refusal
the error document `{"error": {"message", "file", "sheet", "row", "column"}}`, written here for
every command unless the command wrote its own.

Start-up stays cheap: the command modules import only argparse and app.cli.common at module
level, only the module of the command given builds its sub-parsers, and each handler imports its
services when it runs, so `caseaudit --version` or `caseaudit summary` never load ReportLab,
pyHanko or openpyxl.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from types import ModuleType

from app import __version__
from app.cli.common import CliParser, begin_command, emit_json, error_document, json_written
from app.errors import UserError

GLOBAL_OPTIONS_WITH_VALUE = ("--db", "--operator", "--user")


def command_named(argv: list[str]) -> str | None:
    """The command the arguments name (`summary` in `--db X summary --json`), or None when they
    start with anything else (--help, --version, a mistake): then the whole parser is needed."""
    args = iter(argv)
    for arg in args:
        if arg in GLOBAL_OPTIONS_WITH_VALUE:
            next(args, None)
        elif arg.split("=", 1)[0] not in GLOBAL_OPTIONS_WITH_VALUE:  # not --db=PATH
            return None if arg.startswith("-") else arg
    return None


def command_modules() -> tuple[ModuleType, ...]:
    """The command modules, in the order of `caseaudit --help`. Importing them is cheap (argparse
    and app.cli.common only); building their ~80 sub-parsers is what costs."""
    from app.cli import (
        annual,
        audit,
        backup,
        campaign,
        complaints,
        dispositions,
        documents,
        exchange,
        imports,
        law,
        office,
        process,
        records,
        rectify,
        reports,
        review,
        signing,
        store_copy,
        submissions,
        surveys,
        users,
        visits,
    )

    return (records, imports, audit, law, campaign, submissions, review, reports, documents, signing, rectify,
            dispositions, office, complaints, visits, surveys, process, annual,
            exchange, backup, users, store_copy)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; with `command`, only the module that has it registers (all of them when none
    does, so a mistyped command is told the choices)."""
    parser = CliParser(prog="caseaudit", description="执法案卷倒查工作台（CaseAudit）命令行")
    parser.add_argument("--version", action="version", version=f"caseaudit {__version__}")
    parser.add_argument("--db", default=None, help="数据库文件，或 postgresql://用户@主机:端口/数据库名（默认：用户数据目录中的文件）")
    parser.add_argument("--operator", default=None, help="操作人（记入变更日志；默认当前系统用户）")
    parser.add_argument("--user", default=None,
                        help="登录账户（数据库已设置账户时必填；密码取自 CASEAUDIT_PASSWORD 或提示输入）")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=CliParser)
    modules = command_modules()
    wanted = [m for m in modules if command in m.COMMANDS] or list(modules)
    for module in wanted:
        module.register(sub)
    return parser


def wants_json(argv: list[str]) -> bool:
    """Whether the command line asks for JSON (looked at in argv, so that a command refused
    while its arguments are parsed still answers in JSON)."""
    return "--json" in (argv[: argv.index("--")] if "--" in argv else argv)


def _refuse(argv: list[str], exc: BaseException, message: str) -> int:
    """An expected refusal: the message on stderr, and with --json the error document on stdout
    (CLI.md) unless the command already wrote its own document."""
    sys.stderr.write(message + "\n")
    if wants_json(argv) and not json_written():
        emit_json(error_document(exc, message))
    return 2


def _check_store_early(args: argparse.Namespace) -> None:
    """Start the quick_check of the store file `--db` names now, on another thread, while the
    command imports its services (db/store_precheck.py); opening the store takes its result. A
    server store (postgresql://…) has no such check."""
    db = getattr(args, "db", None)
    if isinstance(db, str) and db and "://" not in db:  # the default store is left to open_store
        from db import store_precheck

        store_precheck.start(db)


def _dispatch(argv: list[str]) -> int:
    begin_command()
    try:
        parser = build_parser(command_named(argv))
        args = parser.parse_args(argv)
        if not getattr(args, "handler", None):
            parser.print_help(sys.stderr)
            return 2
        from app.logs import setup_logging  # here, not at import: --version and --help write no log

        setup_logging()
        _check_store_early(args)
        return int(args.handler(args) or 0)
    except UserError as exc:
        return _refuse(argv, exc, exc.message)
    except KeyboardInterrupt as exc:
        return _refuse(argv, exc, "已中断，数据库未作任何改动。")
    except BrokenPipeError:
        raise  # the reader went away (`caseaudit … | head`): not a bug, see main()
    except Exception:  # noqa: BLE001 - the one place bugs are reported from the CLI
        sys.stderr.write("程序错误（这是一个缺陷，请把以下报告发给开发者）：\n")
        traceback.print_exc(file=sys.stderr)
        return 1


def _stdout_gone() -> None:
    """Point stdout at devnull, so the interpreter's final flush of what is still buffered cannot
    raise again at exit (the recipe in the Python docs, "Note on SIGPIPE")."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file: nothing is flushed at exit
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        try:
            return _dispatch(argv)
        finally:
            sys.stdout.flush()  # here, not at exit, so a closed pipe is seen while we can still act
    except BrokenPipeError:
        # Whoever read our output stopped reading (`| head`). Exit quietly with status 1 as the
        # Python docs' recipe does: the output is incomplete, so not 0, and nothing was refused.
        _stdout_gone()
        return 1


if __name__ == "__main__":
    sys.exit(main())
