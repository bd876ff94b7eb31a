"""CLI commands for campaigns: `campaign create | list | show | activate | taxonomy`, and (from
app/cli/campaign_plan.py) `campaign phase | milestone | people`."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from app.cli.campaign_plan import register_actions
from app.cli.common import cli_store, emit_json, operator_of, say
from app.errors import UserError

COMMANDS = ("campaign",)  # the commands register() adds; main registers only the one named

TAXONOMY_ACTIONS = {"add-category": "add_category", "rename-category": "rename_category",
                    "remove-category": "remove_category", "add-item": "add_manifestation",
                    "rename-item": "rename_manifestation", "remove-item": "remove_manifestation"}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("campaign", help="专项活动：创建、列出、查看、修改问题分类")
    csub = p.add_subparsers(dest="campaign_command", metavar="ACTION", parser_class=type(p))
    c = csub.add_parser("create", help="创建专项活动（问题分类复制自模板 A/B/C）")
    c.add_argument("--name", required=True, help="活动名称")
    c.add_argument("--doc-no", required=True, help="文号，如 沈水依法办发〔2019〕04号")
    c.add_argument("--taxonomy", required=True, help="问题分类模板：A（2017/2019）、B（2021）、C（2022）")
    c.add_argument("--from", dest="period_from", help="倒查起始日期（此日以后作出的处罚决定）")
    c.add_argument("--to", dest="period_to", help="倒查截止日期")
    c.add_argument("--issuer", default="", help="印发机关")
    c.add_argument("--issued-on", help="印发日期")
    c.add_argument("--unit", action="append", default=[], help="纳入范围的执法单位（可重复）")
    c.add_argument("--hotline", default="", help="监督举报电话")
    c.add_argument("--mailbox", default="", help="监督举报邮箱")
    c.add_argument("--json", action="store_true")
    c.set_defaults(handler=cmd_campaign_create)
    c = csub.add_parser("list", help="列出专项活动")
    c.add_argument("--json", action="store_true")
    c.set_defaults(handler=cmd_campaign_list)
    c = csub.add_parser("show", help="查看专项活动及其问题分类（不给编号时为当前活动）")
    c.add_argument("id", type=int, nargs="?")
    c.add_argument("--json", action="store_true")
    c.set_defaults(handler=cmd_campaign_show)
    c = csub.add_parser("activate", help="设为当前专项活动")
    c.add_argument("id", type=int)
    c.set_defaults(handler=cmd_campaign_activate)
    c = csub.add_parser("taxonomy", help="修改专项活动的问题分类")
    c.add_argument("id", type=int)
    c.add_argument("action", choices=tuple(TAXONOMY_ACTIONS))
    c.add_argument("category", help="问题类别")
    c.add_argument("text", nargs="?", default="", help="具体表现（*-item 操作）")
    c.add_argument("--to", dest="new_text", default="", help="新名称（rename-* 操作）")
    c.add_argument("--json", action="store_true")
    c.set_defaults(handler=cmd_campaign_taxonomy)
    register_actions(csub, type(p))


def _campaign_lines(c: dict[str, Any]) -> None:
    mark = "（当前）" if c["active"] else ""
    say(f"[{c['id']}] {c['name']}{mark}  {c['doc_no']}")
    period = f"{c['period_from'] or '不限'} 至 {c['period_to'] or '今'}"
    say(f"    倒查期间：{period}  问题分类：{c['taxonomy_id']}  执法单位：{'、'.join(c['units']) or '全部'}")


def cmd_campaign_create(args: argparse.Namespace) -> int:
    from app.campaigns import create_campaign

    with cli_store(args) as store:
        camp = create_campaign(store, name=args.name, doc_no=args.doc_no, taxonomy=args.taxonomy,
                               period_from=args.period_from, period_to=args.period_to, issuing_body=args.issuer,
                               issued_on=args.issued_on, units=args.unit, hotline=args.hotline,
                               mailbox=args.mailbox, operator=operator_of(args))
    if args.json:
        emit_json(camp)
    else:
        say("已创建专项活动：")
        _campaign_lines(camp)
        _taxonomy_lines(camp["taxonomy"])
    return 0


def cmd_campaign_list(args: argparse.Namespace) -> int:
    from app.campaigns import list_campaigns

    with cli_store(args) as store:
        camps = list_campaigns(store)
    if args.json:
        emit_json(camps)
    else:
        for c in camps:
            _campaign_lines(c)
        sys.stderr.write(f"共 {len(camps)} 个专项活动\n")
    return 0


def cmd_campaign_show(args: argparse.Namespace) -> int:
    from app.campaigns import active_campaign, get_campaign

    with cli_store(args) as store:
        camp = get_campaign(store, args.id) if args.id is not None else active_campaign(store)
    if camp is None:
        raise UserError("还没有专项活动。请先用 campaign create 创建。")
    if args.json:
        emit_json(camp)
        return 0
    _campaign_lines(camp)
    for p in camp["phases"]:
        say(f"    阶段：{p['name']} {p['from'] or ''}—{p['to'] or ''} 报送期限 {p['report_deadline'] or '—'}")
    for m in camp["leadership"]:
        say(f"    {m['role']}：{m['name']} {m['title']}")
    _taxonomy_lines(camp["taxonomy"])
    return 0


def _taxonomy_lines(tax: dict[str, Any]) -> None:
    say(f"问题分类（{tax['id']}）：{tax['source']}")
    for cat in tax["categories"]:
        say(f"  {cat['name']}：{'；'.join(cat['manifestations']) or '（未列具体表现）'}")


def cmd_campaign_activate(args: argparse.Namespace) -> int:
    from app.campaigns import update_campaign

    with cli_store(args) as store:
        camp = update_campaign(store, args.id, active=True, operator=operator_of(args))
    say(f"当前专项活动：[{camp['id']}] {camp['name']}")
    return 0


def cmd_campaign_taxonomy(args: argparse.Namespace) -> int:
    from app.campaigns import edit_taxonomy

    with cli_store(args) as store:
        tax = edit_taxonomy(store, args.id, TAXONOMY_ACTIONS[args.action], category=args.category,
                            text=args.text, new_text=args.new_text, operator=operator_of(args))
    if args.json:
        emit_json(tax)
    else:
        _taxonomy_lines(tax)
    return 0
