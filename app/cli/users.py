"""CLI accounts (`user add|passwd|disable|list`) and the global `--user` login (issue 16).

    caseaudit [--db X] [--user NAME] user add NAME --role 管理员|负责人|审核员|评查员|录入员
    caseaudit --user NAME user passwd NAME        (one's own, or anyone's by a 管理员)
    caseaudit --user NAME user disable NAME
    caseaudit --user NAME user list [--json]

A new password comes from CASEAUDIT_NEW_PASSWORD or is typed twice; the login password from
CASEAUDIT_PASSWORD or typed once. Without a terminal and without the variable the command is
refused (exit 2) rather than reading a password from a pipe. On a store that has accounts every
command needs `--user` (app/cli/common.py calls app/cli/login.py when it opens the store); a
wrong name or password is refused without saying which of the two was wrong.
"""

from __future__ import annotations

import argparse

from app.cli.common import cli_store, emit_json, operator_of, say
from app.cli.login import new_password

COMMANDS = ("user",)  # the commands register() adds; main registers only the one named

ROLE_CHOICES = ("管理员", "负责人", "审核员", "评查员", "录入员")  # app.accounts.roles.ROLES, not imported here


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("user", help="账户与角色（管理员、负责人、审核员、评查员、录入员）")
    usub = p.add_subparsers(dest="user_command", metavar="ACTION", parser_class=type(p))
    u = usub.add_parser("add", help="添加账户（第一个账户须为管理员，添加后启用登录）")
    u.add_argument("name", help="账户名")
    u.add_argument("--role", required=True, choices=ROLE_CHOICES, help="角色")
    u.add_argument("--json", action="store_true")
    u.set_defaults(handler=cmd_user_add)
    u = usub.add_parser("passwd", help="修改密码（本人，或由管理员重置）")
    u.add_argument("name", help="账户名")
    u.set_defaults(handler=cmd_user_passwd)
    u = usub.add_parser("disable", help="停用账户（由管理员办理）")
    u.add_argument("name", help="账户名")
    u.set_defaults(handler=cmd_user_disable)
    u = usub.add_parser("list", help="列出账户")
    u.add_argument("--json", action="store_true")
    u.set_defaults(handler=cmd_user_list)


def cmd_user_add(args: argparse.Namespace) -> int:
    from app.accounts.service import add_account

    with cli_store(args) as store:
        info = add_account(store, args.name, role=args.role, password=new_password(), operator=operator_of(args))
    if args.json:
        emit_json(info.as_json())
    else:
        say(f"已添加账户「{info.name}」（{info.role}）。")
    return 0


def cmd_user_passwd(args: argparse.Namespace) -> int:
    from app.accounts.service import change_password

    with cli_store(args) as store:
        change_password(store, args.name, password=new_password(), operator=operator_of(args))
    say(f"账户「{args.name}」的密码已修改。")
    return 0


def cmd_user_disable(args: argparse.Namespace) -> int:
    from app.accounts.service import disable_account

    with cli_store(args) as store:
        disable_account(store, args.name, operator=operator_of(args))
    say(f"账户「{args.name}」已停用。")
    return 0


def cmd_user_list(args: argparse.Namespace) -> int:
    from app.accounts.service import list_accounts

    with cli_store(args) as store:
        accounts = list_accounts(store)
    if args.json:
        emit_json({"accounts": [a.as_json() for a in accounts]})
        return 0
    if not accounts:
        say("（尚无账户：本数据库不需要登录）")
    for a in accounts:
        say(f"{a.name}\t{a.role}\t{'已停用' if a.disabled else '在用'}\t创建于 {a.created_at:%Y-%m-%d %H:%M}")
    return 0
