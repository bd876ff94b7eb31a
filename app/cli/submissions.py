"""CLI commands for what the units hand in: `submission expect | receive | list [--late]`.

    submission expect --kind 自查报告 --due 2019-07-30 [--unit U …]     (default: the campaign's units)
    submission receive ID --on DATE --by 接收人 [--file F] [--problems N]
    submission list [--late] [--unit U] [--kind K] [--as-of DATE] [--json]
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.common import cli_store, emit_json, operator_of, say

COMMANDS = ("submission",)  # the commands register() adds; main registers only the one named


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("submission", help="各单位报送材料：应报、收到、逾期")
    ssub = p.add_subparsers(dest="submission_command", metavar="ACTION", parser_class=type(p))
    e = ssub.add_parser("expect", help="登记各单位应报送的材料及期限")
    e.add_argument("--kind", required=True, help="材料：自查报告、问题清单、整改报告、统计表 …")
    e.add_argument("--due", required=True, help="报送期限")
    e.add_argument("--unit", action="append", default=[], help="报送单位（可重复；默认本活动的全部执法单位）")
    e.add_argument("--note", default="")
    e.set_defaults(handler=cmd_expect)
    r = ssub.add_parser("receive", help="登记收到的材料")
    r.add_argument("id", type=int, help="报送事项编号（submission list 所示）")
    r.add_argument("--on", required=True, help="收到日期")
    r.add_argument("--by", required=True, help="接收人")
    r.add_argument("--file", type=Path, help="收到的文件（保存其 SHA-256）")
    r.add_argument("--problems", type=int, help="报告的问题数（问题清单、自查报告；0 为问题零报告）")
    r.add_argument("--note", default="")
    r.set_defaults(handler=cmd_receive)
    s = ssub.add_parser("list", help="列出报送事项")
    s.add_argument("--late", action="store_true", help="只列逾期未报和逾期报送的")
    s.add_argument("--unit", help="只列此单位")
    s.add_argument("--kind", help="只列此材料")
    s.add_argument("--as-of", dest="as_of", help="判断逾期的基准日（默认今天）")
    s.set_defaults(handler=cmd_list)
    for action in (e, s):  # a receipt names its submission by id, which knows its campaign
        action.add_argument("--campaign", type=int, help="专项活动编号（默认当前活动）")
    for action in (e, r, s):
        action.add_argument("--json", action="store_true")


def _line(r: dict[str, Any]) -> None:
    got = f"，{r['received_on']} 由 {r['received_by']} 接收" if r["received_on"] else ""
    late = f"（逾期 {r['days_late']} 天）" if r["late"] else ""
    count = f"，报告问题 {r['problem_count']} 个" if r["problem_count"] is not None else ""
    say(f"[{r['id']}] {r['unit']}\t{r['kind']}\t{r['due_on']} 前\t{r['status']}{late}{got}{count}")


def cmd_expect(args: argparse.Namespace) -> int:
    from app.campaigns.submissions import expect_submission

    with cli_store(args) as store:
        rows = expect_submission(store, kind=args.kind, due_on=args.due, units=args.unit, note=args.note,
                                 campaign_id=args.campaign, operator=operator_of(args))
    if args.json:
        emit_json(rows)
    else:
        say(f"已登记 {len(rows)} 个单位应于 {rows[0]['due_on']} 前报送「{rows[0]['kind']}」：")
        for r in rows:
            _line(r)
    return 0


def cmd_receive(args: argparse.Namespace) -> int:
    from app.campaigns.submissions import receive_submission

    with cli_store(args) as store:
        row = receive_submission(store, args.id, on=args.on, by=args.by, file=args.file,
                                 problem_count=args.problems, note=args.note, operator=operator_of(args))
    if args.json:
        emit_json(row)
    else:
        say("已登记收到：")
        _line(row)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from app.campaigns.service import to_date
    from app.campaigns.submissions import late_units, list_submissions, zero_report_units

    as_of = to_date(args.as_of, "基准日") if args.as_of else None
    with cli_store(args) as store:
        rows = list_submissions(store, late=args.late, unit=args.unit, kind=args.kind, as_of=as_of,
                                campaign_id=args.campaign)
    if args.json:
        emit_json(rows)
        return 0
    for r in rows:
        _line(r)
    late, zero = late_units(rows), zero_report_units(rows)
    say(f"共 {len(rows)} 项" + (f"；逾期单位：{'、'.join(late)}" if late else "")
        + (f"；问题零报告：{'、'.join(zero)}（重点抽查对象）" if zero else ""))
    return 0
