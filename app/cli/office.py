"""CLI commands for the office's own details (`office set|show`): the 填报单位 and the principal
leader who signs the reports."""

from __future__ import annotations

import argparse

from app.cli.common import cli_store, emit_json, operator_of, say
from app.errors import UserError

COMMANDS = ("office",)  # the commands register() adds; main registers only the one named


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("office", help="本单位信息（填报单位、主要负责人）")
    osub = p.add_subparsers(dest="office_command", metavar="ACTION", parser_class=type(p))
    o = osub.add_parser("set", help="设置本单位信息")
    o.add_argument("--name", help="单位名称（填报单位）")
    o.add_argument("--unit", help="内设机构，如 政策法规处")
    o.add_argument("--leader", help="主要负责人（签字）")
    o.add_argument("--doc-prefix", dest="doc_prefix", help="文号前缀，如 沈水依法办发")
    o.add_argument("--contact", dest="contact_person", help="联系人")
    o.add_argument("--phone", dest="contact_phone", help="联系电话")
    o.add_argument("--json", action="store_true")
    o.set_defaults(handler=cmd_office_set)
    o = osub.add_parser("show", help="显示本单位信息")
    o.add_argument("--json", action="store_true")
    o.set_defaults(handler=cmd_office_show)


def _print_office(info: dict[str, str]) -> None:
    from app.office import FIELDS, LABELS

    for key in FIELDS:
        say(f"{LABELS[key]}：{info[key] or '（未设置）'}")


def cmd_office_set(args: argparse.Namespace) -> int:
    from app.office import set_office_info

    fields = {"office_name": args.name, "office_unit": args.unit, "principal_leader": args.leader,
              "doc_prefix": args.doc_prefix, "contact_person": args.contact_person,
              "contact_phone": args.contact_phone}
    if all(v is None for v in fields.values()):
        raise UserError("请至少给出一项：--name、--unit、--leader、--doc-prefix、--contact、--phone。")
    with cli_store(args) as store:
        info = set_office_info(store, operator=operator_of(args), **{k: v for k, v in fields.items() if v is not None})
    if args.json:
        emit_json(info)
    else:
        say("本单位信息已保存：")
        _print_office(info)
    return 0


def cmd_office_show(args: argparse.Namespace) -> int:
    from app.office import office_info

    with cli_store(args) as store:
        info = office_info(store)
    if args.json:
        emit_json(info)
    else:
        _print_office(info)
    return 0
