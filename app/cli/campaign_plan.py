"""`campaign phase | milestone | people` — the campaign's timetable and its people; registered
under `campaign` by app/cli/campaign.py. Each works on the active campaign unless `--campaign N`.

    campaign phase add --name 自查自纠 --from 2019-03-15 --to 2019-07-31 [--deadline 2019-07-30]
    campaign phase list [--as-of DATE]
    campaign milestone add --title … --due DATE [--phase NAME] · campaign milestone list
    campaign people add --role 组长 --name 陈双伟 [--post 局长] [--group 综合督查组] [--unit U] [--phone P]
    campaign people list · campaign people remove ID · campaign people print --out 名单.pdf|名单.xlsx
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from app.cli.common import cli_store, emit_json, operator_of, say
from app.errors import UserError


def _date(text: str | None, what: str) -> date | None:
    from app.campaigns.service import to_date

    return to_date(text, what) if text is not None else None


def register_actions(csub: argparse._SubParsersAction, parser_class: type[argparse.ArgumentParser]) -> None:
    """Add the phase, milestone and people actions to `campaign` (parsers of `parser_class`)."""

    def group(name: str, help_text: str) -> argparse._SubParsersAction:
        p = csub.add_parser(name, help=help_text)
        return p.add_subparsers(dest=f"campaign_{name}_command", metavar="ACTION", parser_class=parser_class)

    def add(sub: argparse._SubParsersAction, name: str, help_text: str, handler: Any) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = sub.add_parser(name, help=help_text)
        p.add_argument("--campaign", type=int, help="专项活动编号（默认当前活动）")
        p.add_argument("--json", action="store_true")
        p.set_defaults(handler=handler)
        return p

    phase = group("phase", "活动阶段（自查自纠 → 重点抽查 → 整改提高 等）")
    p = add(phase, "add", "添加阶段", cmd_phase_add)
    p.add_argument("--name", required=True, help="阶段名称，如 自查自纠")
    p.add_argument("--from", dest="date_from", required=True, help="开始日期")
    p.add_argument("--to", dest="date_to", required=True, help="结束日期")
    p.add_argument("--deadline", help="本阶段材料报送期限")
    p = add(phase, "list", "列出阶段（标出当前阶段）", cmd_phase_list)
    p.add_argument("--as-of", dest="as_of", help="基准日（默认今天）")

    milestone = group("milestone", "时间节点（如 7月22日前完成领导小组设立）")
    p = add(milestone, "add", "添加时间节点", cmd_milestone_add)
    p.add_argument("--title", required=True, help="事项")
    p.add_argument("--due", required=True, help="期限")
    p.add_argument("--phase", default="", help="所属阶段名称")
    p.add_argument("--note", default="")
    add(milestone, "list", "列出时间节点", cmd_milestone_list)

    people = group("people", "领导小组、工作组、单位联络员名单")
    p = add(people, "add", "添加人员", cmd_people_add)
    p.add_argument("--role", required=True, help="组长、常务副组长、副组长、主任、副主任、成员、联络员")
    p.add_argument("--name", required=True, help="姓名")
    p.add_argument("--post", default="", help="职务，如 局长")
    p.add_argument("--group", default=None, help="所在小组（默认领导小组；联络员写了 --unit 时为单位联络员）")
    p.add_argument("--unit", default="", help="所在单位")
    p.add_argument("--phone", default="", help="联系电话")
    add(people, "list", "列出人员", cmd_people_list)
    p = add(people, "remove", "删除人员", cmd_people_remove)
    p.add_argument("id", type=int)
    p = add(people, "print", "打印名单（.pdf 或 .xlsx）", cmd_people_print)
    p.add_argument("--out", required=True, type=Path, help="输出文件：名单.pdf 或 名单.xlsx")


def _phase_line(p: dict[str, Any]) -> None:
    mark = "（当前）" if p.get("current") else ""
    deadline = f"，报送期限 {p['report_deadline']}" if p.get("report_deadline") else ""
    say(f"[{p['id']}] {p['name']}{mark}  {p['from']} 至 {p['to']}{deadline}")


def cmd_phase_add(args: argparse.Namespace) -> int:
    from app.campaigns.phases import add_phase

    with cli_store(args) as store:
        phase = add_phase(store, name=args.name, date_from=args.date_from, date_to=args.date_to,
                          report_deadline=args.deadline, campaign_id=args.campaign, operator=operator_of(args))
    if args.json:
        emit_json(phase)
    else:
        say("已添加阶段：")
        _phase_line(phase)
    return 0


def cmd_phase_list(args: argparse.Namespace) -> int:
    from app.campaigns.phases import list_phases

    with cli_store(args) as store:
        phases = list_phases(store, campaign_id=args.campaign, as_of=_date(args.as_of, "基准日"))
    if args.json:
        emit_json(phases)
    else:
        for p in phases:
            _phase_line(p)
        if not phases:
            say("还没有录入阶段（campaign phase add）。")
    return 0


def cmd_milestone_add(args: argparse.Namespace) -> int:
    from app.campaigns.phases import add_milestone

    with cli_store(args) as store:
        m = add_milestone(store, title=args.title, due_on=args.due, phase=args.phase, note=args.note,
                          campaign_id=args.campaign, operator=operator_of(args))
    if args.json:
        emit_json(m)
    else:
        say(f"已添加时间节点：[{m['id']}] {m['due_on']} 前 {m['title']}")
    return 0


def cmd_milestone_list(args: argparse.Namespace) -> int:
    from app.campaigns.phases import list_milestones

    with cli_store(args) as store:
        rows = list_milestones(store, campaign_id=args.campaign)
    if args.json:
        emit_json(rows)
    else:
        for m in rows:
            say(f"[{m['id']}] {m['due_on']} 前  {m['title']}{'（' + m['phase'] + '）' if m['phase'] else ''}")
    return 0


def cmd_people_add(args: argparse.Namespace) -> int:
    from app.campaigns.people import add_person

    with cli_store(args) as store:
        person = add_person(store, role=args.role, name=args.name, post=args.post, group=args.group,
                            unit=args.unit, phone=args.phone, campaign_id=args.campaign, operator=operator_of(args))
    if args.json:
        emit_json(person)
    else:
        say(f"已添加：[{person['id']}] {person['group']} {person['role']} {person['name']} {person['post']}")
    return 0


def cmd_people_list(args: argparse.Namespace) -> int:
    from app.campaigns.people import grouped, list_people

    with cli_store(args) as store:
        people = list_people(store, campaign_id=args.campaign)
    if args.json:
        emit_json(people)
        return 0
    for group_name, members in grouped(people):
        say(group_name)
        for m in members:
            extra = "　".join(x for x in (m["unit"], m["post"], m["phone"]) if x)
            say(f"  [{m['id']}] {m['role']}：{m['name']}　{extra}")
    if not people:
        say("还没有录入人员（campaign people add）。")
    return 0


def cmd_people_remove(args: argparse.Namespace) -> int:
    from app.campaigns.people import remove_person

    with cli_store(args) as store:
        remove_person(store, args.id, operator=operator_of(args))
    if args.json:
        emit_json({"removed": args.id})
    else:
        say(f"已删除人员 {args.id}。")
    return 0


def cmd_people_print(args: argparse.Namespace) -> int:
    from app.campaigns.people_print import print_people

    if args.out.suffix.lower() not in (".pdf", ".xlsx"):
        raise UserError(f"输出文件 {args.out} 应以 .pdf 或 .xlsx 结尾。")
    with cli_store(args) as store:
        out = print_people(store, args.out, campaign_id=args.campaign)
    if args.json:
        emit_json({"out": str(out)})
    else:
        say(f"已生成名单：{out}")
    return 0
