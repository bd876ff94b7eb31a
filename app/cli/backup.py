"""CLI commands for backups: `backup create | list | verify PATH | restore PATH [--yes]`."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.common import cli_store, emit_json, say
from app.errors import UserError

COMMANDS = ("backup",)  # the commands register() adds; main registers only the one named


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("backup", help="备份：创建、列出、校验、恢复")
    bsub = p.add_subparsers(dest="backup_command", metavar="ACTION", parser_class=type(p))
    c = bsub.add_parser("create", help="立即备份数据库（SQLite 备份接口，备份后做完整性检查）")
    c.add_argument("--json", action="store_true")
    c.set_defaults(handler=cmd_create)
    c = bsub.add_parser("list", help="列出备份（新的在前）")
    c.add_argument("--json", action="store_true")
    c.set_defaults(handler=cmd_list)
    c = bsub.add_parser("verify", help="校验一个备份文件（完整性与结构版本）")
    c.add_argument("path", type=Path)
    c.add_argument("--json", action="store_true")
    c.set_defaults(handler=cmd_verify)
    c = bsub.add_parser("restore", help="用备份恢复数据库（先校验；恢复前先备份当前数据库）")
    c.add_argument("path", type=Path)
    c.add_argument("--yes", action="store_true", help="当前数据库在备份之后有改动时，确认仍要恢复")
    c.add_argument("--json", action="store_true")
    c.set_defaults(handler=cmd_restore)
    p.set_defaults(handler=lambda _args: _usage(p))


def _usage(parser: argparse.ArgumentParser) -> int:
    raise UserError("请指定备份操作：create、list、verify PATH 或 restore PATH。\n" + parser.format_usage())


def _store_path(args: argparse.Namespace) -> Path:
    from app.store import default_store_path

    return Path(args.db or default_store_path()).expanduser().resolve()


def cmd_create(args: argparse.Namespace) -> int:
    from app.backups import make_backup

    with cli_store(args) as store:
        path = make_backup(store, "manual")
    if args.json:
        emit_json({"backup": str(path), "size": path.stat().st_size})
    else:
        say(f"已备份：{path}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from app.backups import REASON_LABELS, list_backups
    from app.store import is_server_address

    if args.db and is_server_address(args.db):  # a server store's dumps are in its local folder
        with cli_store(args) as store:
            backups = list_backups(store)
    else:
        backups = list_backups(_store_path(args))
    if args.json:
        emit_json([{"path": str(b.path), "taken_at": b.taken_at.isoformat(), "reason": b.reason,
                    "size": b.size} for b in backups])
        return 0
    if not backups:
        say("还没有备份。")
    for b in backups:
        say(f"{b.taken_at:%Y-%m-%d %H:%M:%S}  {REASON_LABELS.get(b.reason, b.reason):<6}  "
            f"{b.size / 1e6:8.1f} MB  {b.path}")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from app.backups import verify_backup
    from db.migrations import CURRENT_VERSION

    v = verify_backup(args.path)
    usable = v.ok and v.version <= CURRENT_VERSION
    if args.json:
        emit_json({"path": str(args.path), "ok": v.ok, "schema_version": v.version, "usable": usable,
                   "detail": v.detail})
    elif usable:
        say(f"备份完好：{args.path}（结构版本 {v.version}）")
    if not v.ok:
        raise UserError(f"备份 {args.path} 未通过校验：{v.detail}")
    if not usable:
        raise UserError(f"备份 {args.path} 完好，但由更新版本的程序创建（结构版本 {v.version}，"
                        f"本程序支持 {CURRENT_VERSION}），不能用于恢复。")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from app.backups import restore_backup
    from app.store import is_server_address

    if args.db and is_server_address(args.db):
        raise UserError(f"服务器上的数据库不由本程序恢复（其他电脑可能正在使用）：请管理员在服务器上用 "
                        f"pg_restore --clean --if-exists --dbname 数据库名 {args.path} 恢复，本程序未作任何改动。")

    result = restore_backup(args.path, _store_path(args), allow_newer=args.yes)
    if args.json:
        emit_json({"restored_from": str(result.restored_from), "db": str(_store_path(args)),
                   "saved_current": str(result.saved_current) if result.saved_current else None,
                   "upgraded_from": result.upgraded_from})
    else:
        say(f"已用备份 {result.restored_from} 恢复数据库 {_store_path(args)}。")
        if result.saved_current:
            say(f"恢复前的数据库已另存为 {result.saved_current}。")
    return 0
