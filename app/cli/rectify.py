"""CLI commands for rectification (CLI.md "Campaign, review, rectification, reports"):
`problems`, `rectify …`, `dispose`, `stats`, `category-map` (挂牌督办, 预警 and the disposition
vocabulary: cli_dispositions; office details: cli_office).

`rectify ID …` and `rectify progress|close ID …` share one word, which argparse sub-commands
cannot express next to a positional ID: `rectify` takes the rest of the line and dispatches
itself, reporting mistakes in Chinese (exit 2) like every other command.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.cli.common import CliParser, cli_date, cli_store, emit_json, operator_of, say
from app.errors import UserError

# the commands register() adds; main registers only the one named
COMMANDS = ("problems", "rectify", "dispose", "stats", "category-map")

RECTIFY_USAGE = ("rectify ID --measure 措施 --dept 责任部门 --owner 责任人 --deadline 日期 [--immediate]"
                 " | rectify progress ID --note 说明 [--evidence 文件] | rectify close ID --evidence 文件 --approver 审批人"
                 " | rectify approve ID")




def _problem_id(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"问题编号「{text}」应为数字") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"问题编号「{text}」应为正整数")
    return value


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("problems", help="问题清单（整改台账、销号台账）")
    p.add_argument("--category", help="只列此类别")
    p.add_argument("--unit", help="只列此执法单位")
    p.add_argument("--status", choices=("待整改", "整改中", "已销号"))
    p.add_argument("--overdue", action="store_true", help="只列逾期未销号的问题")
    p.add_argument("--as-of", dest="as_of", help="判断逾期的基准日（默认今天）")
    p.add_argument("--json", action="store_true")
    p.add_argument("--xlsx", metavar="FILE", default=None, help="另存为 Excel 表格")
    p.set_defaults(handler=cmd_problems)
    psub = p.add_subparsers(dest="problems_command", metavar="ACTION", parser_class=type(p))
    a = psub.add_parser("add", help="手工添加问题（投诉举报、实地督查等发现）")
    a.add_argument("--category", required=True, help="问题类别")
    a.add_argument("--manifestation", required=True, help="具体表现")
    a.add_argument("--unit", default="", help="执法单位")
    a.add_argument("--case-no", default="", help="案号")
    a.add_argument("--source", default="manual", choices=("manual", "complaint", "onsite", "review", "audit"))
    a.add_argument("--json", action="store_true")
    a.set_defaults(handler=cmd_problem_add)
    a = psub.add_parser("show", help="查看一个问题：整改措施、进展、佐证材料、处置")
    a.add_argument("id", type=_problem_id)
    a.add_argument("--json", action="store_true")
    a.set_defaults(handler=cmd_problem_show)
    from app.cli.problems_batch import register_batch  # problems assign · problems deadline

    register_batch(psub, _problem_id)

    p = sub.add_parser("rectify", help="整改：措施（rectify ID …）、进展（rectify progress ID …）、销号（rectify close ID …）",
                       usage=RECTIFY_USAGE)
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(handler=cmd_rectify)

    p = sub.add_parser("dispose", help="分类处置（约谈、挂牌督办、诫勉谈话 …）及移送")
    p.add_argument("id", type=_problem_id)
    p.add_argument("--kind", required=True, help="处置方式")
    p.add_argument("--referral", default="", help="移送机关：纪检监察机关 / 检察机关 / 公安机关 / 专项整治监督问责组")
    p.add_argument("--people", type=int, default=0, help="处理人数")
    p.add_argument("--sanctions", type=int, default=0, help="党纪政务处分人数")
    p.add_argument("--note", default="")
    p.add_argument("--on", help="处置（决定）日期（默认今天）")
    p.add_argument("--decided-by", dest="decided_by", default="", help="决定人（挂牌督办：领导小组或其负责人）")
    p.add_argument("--deadline", help="督办时限 YYYY-MM-DD（挂牌督办）")
    p.add_argument("--officer", default="", help="执法人员的执法证号或姓名（暂扣执法证件）")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_dispose)

    p = sub.add_parser("stats", help="统计表：各类别发现问题数、整改问题数、处理人数、党纪政务处分人数")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_stats)

    p = sub.add_parser("category-map", help="问题代码默认归入的问题类别（当前专项活动可修改）")
    p.add_argument("--set", nargs=2, metavar=("CODE", "CATEGORY"), help="修改某一问题代码的类别")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_category_map)


def _print_problem_line(r: dict[str, Any]) -> None:
    deadline = r["deadline"].isoformat() if r["deadline"] else "—"
    late = "［逾期］" if r["overdue"] else ""
    say(f"#{r['id']}\t{r['status']}{late}\t{r['category']}\t{r['unit'] or '—'}\t{r['manifestation']}")
    if r["measure"]:
        kind = "立行立改" if r["immediate"] else "限期整改"
        say(f"\t措施：{r['measure']}（{r['dept']}，{r['owner']}，{kind}，时限 {deadline}）")
    if r["closed_on"]:
        say(f"\t销号：{r['closed_on'].isoformat()}，审批人 {r['approver']}")


def cmd_problems(args: argparse.Namespace) -> int:
    from app.rectify.service import list_problems

    as_of = cli_date(args.as_of, "基准日")
    with cli_store(args) as store:
        rows = list_problems(store, category=args.category, unit=args.unit, status=args.status,
                             overdue=True if args.overdue else None, as_of=as_of)
    if getattr(args, "xlsx", None):
        from app.reports.list_tables import problems_table
        from app.reports.table_xlsx import write_table_xlsx

        title = "问题清单（逾期未销号）" if args.overdue else "问题清单"
        written = write_table_xlsx(args.xlsx, problems_table(rows, title=title, subtitle=f"共 {len(rows)} 个问题"))
        sys.stderr.write(f"已写入 {args.xlsx}（{written} 条）\n")
    if args.json:
        emit_json(rows)
        return 0
    for r in rows:
        _print_problem_line(r)
    closed = sum(r["status"] == "已销号" for r in rows)
    say(f"共 {len(rows)} 个问题，已销号 {closed} 个，逾期未销号 {sum(r['overdue'] for r in rows)} 个。")
    return 0


def cmd_problem_add(args: argparse.Namespace) -> int:
    from app.rectify.service import add_problem, get_problem

    with cli_store(args) as store:
        pid = add_problem(store, category=args.category, manifestation=args.manifestation, unit=args.unit,
                          case_no=args.case_no, source=args.source, operator=operator_of(args))
        problem = get_problem(store, pid)
    if args.json:
        emit_json(problem)
    else:
        say(f"已添加问题 #{pid}（{problem['category']}）：{problem['manifestation']}")
    return 0


def cmd_problem_show(args: argparse.Namespace) -> int:
    from app.rectify.service import get_problem

    with cli_store(args) as store:
        p = get_problem(store, args.id)
    if args.json:
        emit_json(p)
        return 0
    _print_problem_line(p)
    for e in p["progress"]:
        files = "".join(f"［{f['file_name']} SHA-256 {f['sha256']}］" for f in e["evidence"])
        say(f"\t进展 {e['on'].isoformat()}：{e['note']}{files}")
    for f in p["close_evidence"]:
        say(f"\t销号佐证：{f['file_name']}（SHA-256 {f['sha256']}）")
    for d in p["dispositions"]:
        ref = f"，移送{d['referral']}" if d["referral"] else ""
        say(f"\t处置 {d['on'].isoformat() if d['on'] else ''}：{d['kind']}{ref}，处理 {d['people_handled']} 人，"
            f"处分 {d['sanctions']} 人")
    return 0


def _rectify_parser(action: str) -> CliParser:
    p = CliParser(prog=f"caseaudit rectify{'' if action == 'measure' else ' ' + action}", add_help=True)
    p.add_argument("id", type=_problem_id, nargs="?", help="问题编号")
    if action == "measure":
        p.add_argument("--measure", help="整治措施")
        p.add_argument("--dept", help="责任部门")
        p.add_argument("--owner", help="责任人")
        p.add_argument("--deadline", help="整改时限 YYYY-MM-DD")
        p.add_argument("--immediate", action="store_true", help="立行立改（默认限期整改）")
        p.add_argument("--timetable", default="", help="时间表、路线图（限期整改）")
    elif action == "approve":
        pass  # the approver is the logged-in account (or --operator on a store without accounts)
    elif action == "progress":
        p.add_argument("--note", help="进展说明")
        p.add_argument("--evidence", type=Path, help="佐证材料文件")
        p.add_argument("--on", help="日期（默认今天）")
    else:
        p.add_argument("--evidence", type=Path, action="append", default=[], help="销号佐证材料文件（可重复）")
        p.add_argument("--approver", default="", help="审批人")
        p.add_argument("--on", help="销号日期（默认今天）")
    p.add_argument("--json", action="store_true")
    return p


def cmd_rectify(args: argparse.Namespace) -> int:
    rest = list(args.rest)
    if not rest:
        raise UserError(f"缺少问题编号。用法：{RECTIFY_USAGE}")
    action = rest[0] if rest[0] in ("progress", "close", "approve") else "measure"
    ns = _rectify_parser(action).parse_args(rest[1:] if action != "measure" else rest)
    if ns.id is None:
        raise UserError(f"缺少问题编号。用法：{RECTIFY_USAGE}")
    return {"measure": _measure, "progress": _progress, "close": _close, "approve": _approve}[action](args, ns)


def _approve(args: argparse.Namespace, ns: argparse.Namespace) -> int:
    from app.rectify.measure_approval import approve_measure

    with cli_store(args) as store:
        done = approve_measure(store, ns.id, operator=operator_of(args))
    if ns.json:
        emit_json(done)
    else:
        say(f"问题 #{ns.id} 的整改措施已由 {done['approved_by']} 审核通过。")
    return 0


def _measure(args: argparse.Namespace, ns: argparse.Namespace) -> int:
    from app.rectify.service import get_problem, set_measure

    missing = [opt for opt in ("measure", "dept", "owner", "deadline") if not (getattr(ns, opt) or "").strip()]
    if missing:
        raise UserError(f"整改措施不完整：缺少 {'、'.join('--' + m for m in missing)}，未作任何改动。")
    deadline = cli_date(ns.deadline, "整改时限")
    assert deadline is not None
    with cli_store(args) as store:
        set_measure(store, ns.id, measure=ns.measure, dept=ns.dept, owner=ns.owner, deadline=deadline,
                    immediate=ns.immediate, timetable=ns.timetable, operator=operator_of(args))
        p = get_problem(store, ns.id)
    if ns.json:
        emit_json(p)
    else:
        say(f"问题 #{p['id']} 整改措施已记录（{'立行立改' if p['immediate'] else '限期整改'}，时限 {p['deadline']}），"
            f"状态：{p['status']}。")
    return 0


def _progress(args: argparse.Namespace, ns: argparse.Namespace) -> int:
    from app.rectify.service import add_progress, get_problem

    on = cli_date(ns.on, "日期")
    with cli_store(args) as store:
        entry_id = add_progress(store, ns.id, note=ns.note or "", evidence=ns.evidence, on=on,
                                operator=operator_of(args))
        p = get_problem(store, ns.id)
    entry = next(e for e in p["progress"] if e["id"] == entry_id)
    if ns.json:
        emit_json(entry)
    else:
        files = "".join(f"，佐证 {f['file_name']}（SHA-256 {f['sha256']}）" for f in entry["evidence"])
        say(f"问题 #{ns.id} 已记录 {entry['on']} 的整改进展{files}。")
    return 0


def _close(args: argparse.Namespace, ns: argparse.Namespace) -> int:
    from app.rectify.service import close_problem, get_problem

    on = cli_date(ns.on, "销号日期")
    with cli_store(args) as store:
        close_problem(store, ns.id, evidence=ns.evidence, approver=ns.approver, on=on, operator=operator_of(args))
        p = get_problem(store, ns.id)
    if ns.json:
        emit_json(p)
    else:
        files = "、".join(f"{f['file_name']}（SHA-256 {f['sha256']}）" for f in p["close_evidence"])
        say(f"问题 #{p['id']} 已于 {p['closed_on']} 销号，审批人 {p['approver']}，佐证材料：{files}")
    return 0


def cmd_dispose(args: argparse.Namespace) -> int:
    from app.rectify.service import add_disposition, get_problem

    on = cli_date(args.on, "处置日期")
    deadline = cli_date(args.deadline, "督办时限")
    with cli_store(args) as store:
        did = add_disposition(store, args.id, kind=args.kind, referral=args.referral, people_handled=args.people,
                              sanctions=args.sanctions, note=args.note, on=on, operator=operator_of(args),
                              decided_by=args.decided_by, deadline=deadline, officer=args.officer)
        p = get_problem(store, args.id)
    d = next(x for x in p["dispositions"] if x["id"] == did)
    if args.json:
        emit_json(d)
    else:
        ref = f"，移送{d['referral']}" if d["referral"] else ""
        say(f"问题 #{args.id} 处置已记录：{d['kind']}{ref}，处理 {d['people_handled']} 人，"
            f"党纪政务处分 {d['sanctions']} 人。")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from app.rectify.service import statistics

    with cli_store(args) as store:
        data = statistics(store)
    if args.json:
        emit_json(data)
        return 0
    say("问题类别\t发现问题数\t整改问题数\t处理人数\t党纪政务处分人数")
    for r in [*data["rows"], data["total"]]:
        say(f"{r['category']}\t{r['found']}\t{r['rectified']}\t{r['people_handled']}\t{r['sanctions']}")
    return 0


def cmd_category_map(args: argparse.Namespace) -> int:
    from app.audit.codes import CODES, label_of
    from app.rectify.categories import category_mapping, set_category_mapping

    with cli_store(args) as store:
        if args.set:
            set_category_mapping(store, args.set[0], args.set[1], operator=operator_of(args))
        data = category_mapping(store)
    if args.json:
        emit_json(data)
        return 0
    say(f"问题分类 {data['taxonomy_id']}" + (f"（专项活动 #{data['campaign_id']}）" if data["campaign_id"] else "（默认）"))
    for code, category in data["mapping"].items():
        label = label_of(code) if code in CODES else "案卷评查问题"
        say(f"{code}\t{label}\t→ {category}")
    return 0
