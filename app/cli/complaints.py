"""CLI commands for the complaint register (CLI.md "The office's registers"):

    complaint add --received DATE --channel C --subject TEXT [--unit U] [--from NAME] [--contact X]
    complaint triage ID --as 受理|不予受理|转办|并入问题 [--reason R] [--to WHOM] [--category C]
    complaint reply ID --on DATE --note N [--attachment F]
    complaint close ID --on DATE --result R [--attachment F]
    complaint show ID · complaint settings [--reply-days N] [--working-days|--calendar-days] [--result-months M]
    complaints [--overdue] [--as-of DATE] [--from D] [--to D] [--year Y] [--json] [--xlsx F] [--pdf F]

The complainant and contact are masked in everything printed or written unless
`--show-complainant` is given.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from app.cli.common import cli_store, emit_json, operator_of, say

COMMANDS = ("complaint", "complaints")  # the commands register() adds; main registers only the one named
CHANNELS = ("电话", "信件", "邮箱", "来访", "网络平台", "12345转办", "12345")
TRIAGES = ("受理", "不予受理", "转办", "并入问题")


def _positive_id(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"投诉举报编号「{text}」应为数字") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"投诉举报编号「{text}」应为正整数")
    return value


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("complaint", help="投诉举报：登记、分流、程序性回复、办结")
    csub = p.add_subparsers(dest="complaint_command", metavar="ACTION", parser_class=type(p))
    a = csub.add_parser("add", help="登记一件投诉举报（按设置计算回复和办结期限）")
    a.add_argument("--received", required=True, help="收到日期")
    a.add_argument("--channel", required=True, help="来源渠道：" + "、".join(CHANNELS[:-1]))
    a.add_argument("--subject", required=True, help="投诉举报事项")
    a.add_argument("--unit", default="", help="涉及的执法单位")
    a.add_argument("--from", dest="complainant", default="", help="投诉举报人（可匿名）")
    a.add_argument("--contact", default="", help="联系方式")
    a.add_argument("--campaign", type=int, help="专项活动编号（默认当前活动）")
    a.set_defaults(handler=cmd_add)
    t = csub.add_parser("triage", help="分流：受理、不予受理（理由）、转办（转交单位）、并入问题（问题类别）")
    t.add_argument("id", type=_positive_id)
    t.add_argument("--as", dest="as_", required=True, choices=TRIAGES)
    t.add_argument("--reason", default="", help="不予受理的理由（转办时也可写转交单位）")
    t.add_argument("--to", dest="referred_to", default="", help="转办：转交的机关或单位")
    t.add_argument("--category", help="并入问题：问题类别")
    t.add_argument("--on", help="分流日期（默认今天）")
    t.set_defaults(handler=cmd_triage)
    r = csub.add_parser("reply", help="程序性回复")
    r.add_argument("id", type=_positive_id)
    r.add_argument("--on", required=True, help="回复日期")
    r.add_argument("--note", required=True, help="回复内容")
    r.add_argument("--attachment", type=Path, help="回复材料（保存文件及其 SHA-256）")
    r.set_defaults(handler=cmd_reply)
    c = csub.add_parser("close", help="实体性办理结果（办结）")
    c.add_argument("id", type=_positive_id)
    c.add_argument("--on", required=True, help="办结日期")
    c.add_argument("--result", required=True, help="办理结果")
    c.add_argument("--attachment", type=Path, help="办结材料（保存文件及其 SHA-256）")
    c.set_defaults(handler=cmd_close)
    s = csub.add_parser("show", help="查看一件投诉举报")
    s.add_argument("id", type=_positive_id)
    s.set_defaults(handler=cmd_show)
    g = csub.add_parser("settings", help="回复和办结期限（本单位设置）")
    g.add_argument("--reply-days", type=int, help="程序性回复期限（天）")
    count = g.add_mutually_exclusive_group()
    count.add_argument("--working-days", action="store_const", const="working", dest="reply_count",
                       help="回复期限按工作日计算")
    count.add_argument("--calendar-days", action="store_const", const="calendar", dest="reply_count",
                       help="回复期限按自然日计算（默认）")
    g.add_argument("--result-months", type=int, help="实体性办理期限（月）")
    g.set_defaults(handler=cmd_settings)
    for action in (a, t, r, c, s, g):
        action.add_argument("--json", action="store_true")
    for action in (a, t, r, c, s):
        action.add_argument("--show-complainant", action="store_true", help="输出投诉举报人姓名和联系方式（默认隐去）")

    p = sub.add_parser("complaints", help="投诉举报登记簿；--xlsx/--pdf 输出“清零行动”工作台账")
    p.add_argument("--overdue", action="store_true", help="只列逾期未回复或未办结的")
    p.add_argument("--as-of", dest="as_of", help="判断逾期的基准日（默认今天）")
    p.add_argument("--from", dest="date_from", help="收到日期自")
    p.add_argument("--to", dest="date_to", help="收到日期至")
    p.add_argument("--year", type=int, help="某一年收到的（清零台账）")
    p.add_argument("--unit", help="只列此执法单位")
    p.add_argument("--xlsx", type=Path, help="写出清零台账 Excel")
    p.add_argument("--pdf", type=Path, help="写出清零台账 PDF")
    p.add_argument("--show-complainant", action="store_true", help="输出投诉举报人姓名和联系方式（默认隐去）")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_complaints)


def _date(text: str | None, what: str) -> date | None:
    from app.registers.values import optional_date

    return optional_date(text, what)


def _line(r: dict[str, Any]) -> None:
    late = "［逾期］" if r["overdue"] else ""
    say(f"#{r['id']}\t{r['received_on']}\t{r['channel']}\t{r['status']}{late}\t{r['unit'] or '—'}\t{r['subject']}")
    say(f"\t回复期限 {r['reply_due']}（{r['replied_on'] or '未回复'}）\t办结期限 {r['result_due']}"
        f"（{r['closed_on'] or '未办结'}）\t{r['outcome']}")


def _answer(args: argparse.Namespace, store: Any, complaint_id: int, done: str) -> int:
    from app.registers.complaints import get_complaint

    row = get_complaint(store, complaint_id, unmasked=args.show_complainant)
    if args.json:
        emit_json(row)
    else:
        say(done)
        _line(row)
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    from app.registers.complaints import add_complaint

    with cli_store(args) as store:
        row = add_complaint(store, received_on=args.received, channel=args.channel, subject=args.subject,
                            unit=args.unit, complainant=args.complainant, contact=args.contact,
                            campaign_id=args.campaign, operator=operator_of(args))
        return _answer(args, store, row["id"], f"已登记投诉举报 #{row['id']}：")


def cmd_triage(args: argparse.Namespace) -> int:
    from app.registers.complaints import triage_complaint

    with cli_store(args) as store:
        triage_complaint(store, args.id, as_=args.as_, reason=args.reason, referred_to=args.referred_to,
                         category=args.category, on=args.on, operator=operator_of(args))
        return _answer(args, store, args.id, f"投诉举报 #{args.id} 已分流为「{args.as_}」：")


def cmd_reply(args: argparse.Namespace) -> int:
    from app.registers.complaints import reply_complaint

    with cli_store(args) as store:
        reply_complaint(store, args.id, on=args.on, note=args.note, attachment=args.attachment,
                        operator=operator_of(args))
        return _answer(args, store, args.id, f"已记录投诉举报 #{args.id} 的程序性回复：")


def cmd_close(args: argparse.Namespace) -> int:
    from app.registers.complaints import close_complaint

    with cli_store(args) as store:
        close_complaint(store, args.id, on=args.on, result=args.result, attachment=args.attachment,
                        operator=operator_of(args))
        return _answer(args, store, args.id, f"投诉举报 #{args.id} 已办结：")


def cmd_show(args: argparse.Namespace) -> int:
    with cli_store(args) as store:
        return _answer(args, store, args.id, f"投诉举报 #{args.id}：")


def cmd_settings(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from app.registers.deadlines import read_rules, write_rules

    with cli_store(args) as store:
        if args.reply_days is None and args.reply_count is None and args.result_months is None:
            rules = read_rules(store)
        else:
            rules = write_rules(store, reply_days=args.reply_days, reply_count=args.reply_count,
                                result_months=args.result_months, operator=operator_of(args))
    if args.json:
        emit_json({**asdict(rules), "description": rules.describe()})
    else:
        say(rules.describe())
    return 0


def cmd_complaints(args: argparse.Namespace) -> int:
    from app.errors import UserError
    from app.registers.complaint_ledger import ledger, write_ledger

    as_of = _date(args.as_of, "基准日")
    date_from, date_to = _date(args.date_from, "起始日期"), _date(args.date_to, "截止日期")
    if args.year is not None:
        if date_from is not None or date_to is not None:
            raise UserError("--year 不能与 --from/--to 同时使用。")
        date_from, date_to = date(args.year, 1, 1), date(args.year, 12, 31)
    with cli_store(args) as store:
        data = ledger(store, date_from=date_from, date_to=date_to, as_of=as_of, unmasked=args.show_complainant,
                      overdue=args.overdue)
        written = [str(write_ledger(store, data, out)) for out in (args.xlsx, args.pdf) if out is not None]
    rows = data["items"]
    if args.json:  # always the register's rows (CLI.md); files written are named on stderr
        emit_json(rows)
        for path in written:
            sys.stderr.write(f"已写出 {path}\n")
        return 0
    for r in rows:
        _line(r)
    c = data["counts"]
    say(f"共 {c['total']} 件，已办结 {c['closed']} 件，未办结 {c['open']} 件，逾期 {c['overdue']} 件。")
    for path in written:
        say(f"已写出 {path}")
    return 0
