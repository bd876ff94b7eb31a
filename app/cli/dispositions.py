"""CLI commands for 挂牌督办, 预警 and the disposition vocabulary (CLI.md "Campaign, review,
rectification, reports"): `supervised` (the leadership's decisions with their deadlines),
`warnings` (overdue problems, yellow / red) and `disposition-terms list|add|remove`.
"""

from __future__ import annotations

import argparse
from datetime import date

from app.cli.common import cli_date, cli_store, emit_json, operator_of, say
from app.cli.rectify import _print_problem_line

COMMANDS = ("supervised", "warnings", "disposition-terms")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("supervised", help="挂牌督办：领导小组决定督办的问题及督办时限")
    p.add_argument("--as-of", dest="as_of", help="基准日（默认今天）")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_supervised)

    p = sub.add_parser("warnings", help="预警：逾期未销号（黄色/红色）及超过督办时限的挂牌督办问题（红色）")
    p.add_argument("--as-of", dest="as_of", help="基准日（默认今天）")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_warnings)

    p = sub.add_parser("disposition-terms", help="本专项活动的处置用语（分类处置、移送机关），可增删")
    tsub = p.add_subparsers(dest="terms_command", metavar="ACTION", parser_class=type(p))
    t = tsub.add_parser("list", help="列出处置用语")
    t.add_argument("--json", action="store_true")
    t.set_defaults(handler=cmd_terms)
    for action, label in (("add", "增加"), ("remove", "删除")):
        t = tsub.add_parser(action, help=f"{label}一个处置用语")
        t.add_argument("term")
        t.add_argument("--referral", action="store_true", help="移送机关（默认为处置方式）")
        if action == "add":
            t.add_argument("--severity", default="", help="适用情形，如 一般性问题")
        t.add_argument("--json", action="store_true")
        t.set_defaults(handler=cmd_terms, terms_action=action)



def cmd_supervised(args: argparse.Namespace) -> int:
    from app.rectify.service import supervised

    as_of = cli_date(args.as_of, "基准日") or date.today()
    with cli_store(args) as store:
        rows = supervised(store, as_of)
    if args.json:
        emit_json(rows)
        return 0
    for r in rows:
        _print_problem_line(r)
        red = "［已超督办时限］" if r["warning"] == "red" else ""
        say(f"\t挂牌督办：{r['decided_by']} {r['decided_on']} 决定，督办时限 {r['supervision_deadline']}{red}")
    say(f"截至 {as_of.isoformat()}，挂牌督办 {len(rows)} 个，其中超过督办时限未销号 "
        f"{sum(r['warning'] == 'red' for r in rows)} 个。")
    return 0


WARNING_LABELS = {"red": "红色预警", "yellow": "黄色预警"}


def cmd_warnings(args: argparse.Namespace) -> int:
    from app.rectify.service import warnings

    as_of = cli_date(args.as_of, "基准日") or date.today()
    with cli_store(args) as store:
        rows = warnings(store, as_of)
    if args.json:
        emit_json(rows)
        return 0
    for r in rows:
        say(f"［{WARNING_LABELS[r['warning']]}］#{r['id']} 时限 {r['deadline'] or '—'}")
        _print_problem_line(r)
    red = sum(r["warning"] == "red" for r in rows)
    say(f"截至 {as_of.isoformat()}，预警 {len(rows)} 个：红色 {red} 个，黄色 {len(rows) - red} 个。")
    return 0


def cmd_terms(args: argparse.Namespace) -> int:
    from app.rectify.vocabulary import DISPOSE, REFER, add_term, list_terms, remove_term

    action = getattr(args, "terms_action", "list")
    kind = REFER if getattr(args, "referral", False) else DISPOSE
    with cli_store(args) as store:
        if action == "add":
            data = add_term(store, args.term, kind=kind, severity=args.severity, operator=operator_of(args))
        elif action == "remove":
            data = remove_term(store, args.term, kind=kind, operator=operator_of(args))
        else:
            data = list_terms(store)
    if args.json:
        emit_json(data)
        return 0
    for t in data["terms"]:
        extra = {"supervise": "（设督办时限）", "suspend_officer": "（暂扣名册中的执法证）"}.get(t["effect"], "")
        say(f"{t['kind']}\t{t['term']}\t{t['severity']}{extra}")
    return 0
