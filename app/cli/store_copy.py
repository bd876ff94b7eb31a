"""CLI command `store copy --from A --to B [--json]`: a store copied between engines (CLI.md).

A and B are each a SQLite file or a `postgresql://` URL; B must be new or empty (refused with
exit 2 otherwise, nothing written). The copy is checked after (counts, `log verify`) and removed
again when anything fails; A is only read.
"""

from __future__ import annotations

import argparse

from app.cli.common import emit_json, say, stderr_progress
from app.errors import UserError

COMMANDS = ("store",)  # the commands register() adds; main registers only the one named


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("store", help="数据库：在 SQLite 与 PostgreSQL 之间复制")
    ssub = p.add_subparsers(dest="store_command", metavar="ACTION", parser_class=type(p))
    c = ssub.add_parser("copy", help="把整个数据库复制到新的（或空的）数据库，复制后核对行数和变更日志")
    c.add_argument("--from", dest="source", required=True, help="来源：数据库文件或 postgresql://用户@主机:端口/库名")
    c.add_argument("--to", dest="target", required=True, help="目标：还不存在的文件，或空的 PostgreSQL 数据库")
    c.add_argument("--json", action="store_true")
    c.set_defaults(handler=cmd_copy)
    p.set_defaults(handler=lambda _args: _usage(p))


def _usage(parser: argparse.ArgumentParser) -> int:
    raise UserError("请指定操作：copy --from 来源 --to 目标。\n" + parser.format_usage())


def cmd_copy(args: argparse.Namespace) -> int:
    from app.store_copy import copy_store

    result = copy_store(args.source, args.target, progress=None if args.json else stderr_progress("复制 "))
    if args.json:
        emit_json({"tables": result.tables, "rows": result.rows, "chain": result.chain})
    else:
        say(f"已复制 {result.rows} 行（{len(result.tables)} 张表），行数核对一致，变更日志核验通过。")
    return 0
