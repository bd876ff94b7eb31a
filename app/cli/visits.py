"""CLI commands for return visits (CLI.md "The office's registers"):

    visit draw --n N --seed S [--by-unit] [--all-records]        parties drawn like the case sample
    visit record ID | --case CASE_NO  --on DATE --way 电话|上门|书面 --visitor NAME
                 --satisfaction 满意|基本满意|不满意 [--said TEXT] [--problem TEXT …] [--category C]
    visit sheet [ID …] [--draw D] --out F.pdf                     回访记录表, one page per party
    visit summary [--draw D] [--out F.pdf|F.xlsx]                 satisfaction by unit
    visits [--draw D] [--unit U] [--json]
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.common import cli_store, emit_json, operator_of, say

COMMANDS = ("visit", "visits")  # the commands register() adds; main registers only the one named
WAYS = ("电话", "上门", "书面")
GRADES = ("满意", "基本满意", "不满意")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("visit", help="回访：随机抽取处罚对象、登记回访、打印回访记录表和满意度统计")
    vsub = p.add_subparsers(dest="visit_command", metavar="ACTION", parser_class=type(p))
    d = vsub.add_parser("draw", help="随机抽取回访对象（与案卷抽样同一算法，可复现）")
    d.add_argument("--n", type=int, required=True, help="抽取户数")
    d.add_argument("--seed", type=int, required=True, help="随机种子（非负整数）")
    d.add_argument("--by-unit", action="store_true", help="按执法单位分层抽取")
    d.add_argument("--campaign", type=int, help="专项活动编号（默认当前活动的范围）")
    d.add_argument("--all-records", action="store_true", help="不限于当前专项活动的范围")
    d.set_defaults(handler=cmd_draw)
    r = vsub.add_parser("record", help="登记一次回访（只限抽中的当事人）")
    r.add_argument("id", type=int, nargs="?", help="回访编号（visits 所示）")
    r.add_argument("--case", dest="case_no", help="或：抽中当事人的案号")
    r.add_argument("--on", required=True, help="回访日期")
    r.add_argument("--way", required=True, choices=WAYS, help="回访方式")
    r.add_argument("--visitor", required=True, help="回访人")
    r.add_argument("--said", default="", help="当事人意见")
    r.add_argument("--satisfaction", required=True, choices=GRADES, help="满意程度")
    r.add_argument("--problem", action="append", default=[], help="当事人反映的问题（可重复；列入问题清单）")
    r.add_argument("--category", help="反映问题的问题类别")
    r.set_defaults(handler=cmd_record)
    s = vsub.add_parser("sheet", help="打印回访记录表（PDF，每户一页）")
    s.add_argument("ids", type=int, nargs="*", help="回访编号（默认全部）")
    s.add_argument("--draw", type=int, help="只打印此抽取批次")
    s.add_argument("--out", type=Path, required=True)
    s.set_defaults(handler=cmd_sheet)
    m = vsub.add_parser("summary", help="回访满意度统计（按执法单位）")
    m.add_argument("--draw", type=int, help="只统计此抽取批次")
    m.add_argument("--out", type=Path, help="写出统计表：.pdf 或 .xlsx")
    m.set_defaults(handler=cmd_summary)
    for action in (d, r, s, m):
        action.add_argument("--json", action="store_true")

    p = sub.add_parser("visits", help="回访名单及回访记录")
    p.add_argument("--draw", type=int, help="只列此抽取批次")
    p.add_argument("--unit", help="只列此执法单位")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_visits)


def _line(v: dict[str, Any]) -> None:
    done = (f"{v['visited_on']} {v['way']}回访（{v['visitor']}）：{v['satisfaction']}" if v["visited_on"]
            else v["status"])
    problems = f"，反映问题 {'、'.join('#' + str(i) for i in v['problem_ids'])}" if v["problem_ids"] else ""
    say(f"[{v['id']}] {v['case_no']}\t{v['party']}\t{v['unit'] or '—'}\t{done}{problems}")


def cmd_draw(args: argparse.Namespace) -> int:
    from app.registers.visits import draw_visits

    with cli_store(args) as store:
        result = draw_visits(store, n=args.n, seed=args.seed, by_unit=args.by_unit, campaign_id=args.campaign,
                             all_records=args.all_records, operator=operator_of(args))
    if args.json:
        emit_json(result)
        return 0
    say(f"从 {result['population']} 件已作出处罚决定案件的当事人中抽取 {len(result['sample'])} 户回访"
        f"（种子 {result['seed']}，{'按单位分层' if args.by_unit else '简单随机'}，总体 SHA-256 "
        f"{result['population_sha256']}）：")
    for v in result["visits"]:
        _line(v)
    return 0


def cmd_record(args: argparse.Namespace) -> int:
    from app.errors import UserError
    from app.registers.visits import record_visit

    if (args.id is None) == (args.case_no is None):
        raise UserError("请给出回访编号或 --case 案号之一。")
    with cli_store(args) as store:
        v = record_visit(store, args.id, case_no=args.case_no, on=args.on, way=args.way, visitor=args.visitor,
                         statement=args.said, satisfaction=args.satisfaction, problems=args.problem,
                         category=args.category, operator=operator_of(args))
    if args.json:
        emit_json(v)
    else:
        say("已登记回访：")
        _line(v)
    return 0


def cmd_sheet(args: argparse.Namespace) -> int:
    from app.registers.visit_print import write_visit_sheets

    with cli_store(args) as store:
        out = write_visit_sheets(store, args.out, visit_ids=args.ids or None, draw_id=args.draw)
    if args.json:
        emit_json({"out": out})
    else:
        say(f"已写出回访记录表 {out}")
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    from app.registers.visit_print import write_visit_summary
    from app.registers.visits import visit_summary

    with cli_store(args) as store:
        data = visit_summary(store, draw_id=args.draw)
        out = write_visit_summary(store, args.out, draw_id=args.draw) if args.out else None
    if args.json:
        emit_json({**data, "out": out})
        return 0
    for r in [*data["units"], data["total"]]:
        rate = "—" if r["rate"] is None else f"{r['rate'] * 100:.1f}%"
        say(f"{r['unit']}\t抽取 {r['drawn']}\t已回访 {r['visited']}\t满意 {r['满意']}\t基本满意 {r['基本满意']}"
            f"\t不满意 {r['不满意']}\t满意率 {rate}")
    if out:
        say(f"已写出 {out}")
    return 0


def cmd_visits(args: argparse.Namespace) -> int:
    from app.registers.visits import list_visits

    with cli_store(args) as store:
        rows = list_visits(store, draw_id=args.draw, unit=args.unit)
    if args.json:
        emit_json(rows)
        return 0
    for v in rows:
        _line(v)
    say(f"共 {len(rows)} 户，已回访 {sum(v['visited_on'] is not None for v in rows)} 户。")
    return 0
