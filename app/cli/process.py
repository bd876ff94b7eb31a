"""CLI commands for the process registers:

    record add CASE_NO --stage 立案|调查取证|审核|决定|送达|执行 --kind 文字|音像 [--on D] [--by P] [--file F]
    record attach FOLDER --stage S --kind K [--on D] [--by P] [--skip-unmatched]   (files named by case number)
    records [--case C] [--missing]                  the records, or the listed cases and their 音像 status
    recording-list [--set 查封扣押 --set …]          the office's 音像记录事项清单
    task import FILE.xlsx [--replace] · task list [--overdue] [--as-of D] · task export --out F.xlsx
    task status SEQ --as 未开始|推进中|已完成 [--on D] · task progress SEQ --note N [--on D] [--evidence F]
    publish officers|units --out F.xlsx             执法人员清单 / 执法主体名录
Every command takes --json.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.common import cli_store, emit_json, operator_of, say

COMMANDS = ("record", "records", "recording-list", "task", "publish")
STAGE_HELP = "阶段：立案、调查取证、审核、决定、送达、执行"


def _record_parsers(sub: argparse._SubParsersAction) -> list[argparse.ArgumentParser]:
    p = sub.add_parser("record", help="执法全过程记录：登记、按文件夹批量登记")
    rs = p.add_subparsers(dest="record_command", metavar="ACTION", parser_class=type(p))
    a = rs.add_parser("add", help="登记一条记录")
    a.add_argument("case_no", help="案号")
    a.add_argument("--file", type=Path, help="记录文件（按 SHA-256 保存）")
    a.add_argument("--note", default="")
    a.set_defaults(handler=cmd_record_add)
    b = rs.add_parser("attach", help="按文件名（案号）批量登记一个文件夹中的文件")
    b.add_argument("folder", type=Path)
    b.add_argument("--skip-unmatched", dest="skip_unmatched", action="store_true", help="跳过对不上案号的文件")
    b.set_defaults(handler=cmd_record_attach)
    for q in (a, b):
        q.add_argument("--stage", required=True, help=STAGE_HELP)
        q.add_argument("--kind", required=True, help="形式：文字 或 音像")
        q.add_argument("--on", help="记录日期")
        q.add_argument("--by", default="", help="记录人")
    r = sub.add_parser("records", help="列出执法全过程记录")
    r.add_argument("--case", help="只列此案号")
    r.add_argument("--missing", action="store_true", help="列出音像记录事项清单所列而无音像记录的案件")
    r.set_defaults(handler=cmd_records)
    lst = sub.add_parser("recording-list", help="音像记录事项清单（查看或设置）")
    lst.add_argument("--set", dest="items", action="append", help="清单事项（可重复；给出即替换整个清单）")
    lst.set_defaults(handler=cmd_recording_list)
    return [a, b, r, lst]


def _task_parsers(sub: argparse._SubParsersAction) -> list[argparse.ArgumentParser]:
    p = sub.add_parser("task", help="三项制度任务分解推进表：导入、列出、状态、进展、导出")
    ts = p.add_subparsers(dest="task_command", metavar="ACTION", parser_class=type(p))
    i = ts.add_parser("import", help="导入任务分解推进表（.xlsx）")
    i.add_argument("file", type=Path)
    i.add_argument("--replace", action="store_true", help="以新表替换库中已有的任务")
    i.set_defaults(handler=cmd_task_import)
    ls = ts.add_parser("list", help="列出任务")
    ls.add_argument("--overdue", action="store_true", help="只列逾期未完成的任务")
    ls.add_argument("--as-of", dest="as_of", help="判断逾期的基准日（默认今天）")
    ls.set_defaults(handler=cmd_task_list)
    e = ts.add_parser("export", help="按原表各列导出，加完成情况列")
    e.add_argument("--out", type=Path, required=True)
    e.set_defaults(handler=cmd_task_export)
    st = ts.add_parser("status", help="设置任务状态")
    st.add_argument("seq", type=int, help="序号")
    st.add_argument("--as", dest="status", required=True, help="未开始 / 推进中 / 已完成")
    st.add_argument("--on", help="完成日期（已完成时；默认今天）")
    st.set_defaults(handler=cmd_task_status)
    pr = ts.add_parser("progress", help="登记推进情况")
    pr.add_argument("seq", type=int, help="序号")
    pr.add_argument("--note", required=True)
    pr.add_argument("--on", help="日期（默认今天）")
    pr.add_argument("--evidence", type=Path, help="佐证材料")
    pr.set_defaults(handler=cmd_task_progress)
    pub = sub.add_parser("publish", help="公开清单：执法人员清单（officers）、执法主体名录（units）")
    pub.add_argument("list_kind", choices=("officers", "units"))
    pub.add_argument("--out", type=Path, required=True, help="写出的 Excel 文件（.xlsx）")
    pub.set_defaults(handler=cmd_publish)
    return [i, ls, e, st, pr, pub]


def register(sub: argparse._SubParsersAction) -> None:
    for q in (*_record_parsers(sub), *_task_parsers(sub)):
        q.add_argument("--json", action="store_true")


def cmd_record_add(args: argparse.Namespace) -> int:
    from app.process.records import RecordInput, add_record

    with cli_store(args) as store:
        r = add_record(store, RecordInput(args.case_no, args.stage, args.kind, args.on, args.by, args.note),
                       file=args.file, operator=operator_of(args))
    if args.json:
        emit_json(r)
    else:
        say(f"已登记 [{r['id']}] {r['case_no']} {r['stage']} {r['kind']}记录" + (f"，文件 {r['file_name']}"
                                                                             if r["file_name"] else ""))
    return 0


def cmd_record_attach(args: argparse.Namespace) -> int:
    from app.process.bulk_attach import attach_folder

    with cli_store(args) as store:
        res = attach_folder(store, args.folder, stage=args.stage, kind=args.kind, on=args.on, by=args.by,
                            skip_unmatched=args.skip_unmatched, operator=operator_of(args))
    if args.json:
        emit_json(res.to_json())
    else:
        say(f"已登记 {len(res.attached)} 个文件" + (f"；未对上案号而跳过：{'、'.join(res.unmatched)}"
                                                  if res.unmatched else ""))
    return 0


def cmd_records(args: argparse.Namespace) -> int:
    from app.process.records import list_records, listed_cases

    with cli_store(args) as store:
        if args.missing:
            rows: list[dict[str, Any]] = [st.to_json() for st in listed_cases(store, missing_only=True)]
        else:
            rows = list_records(store, args.case)
    if args.json:
        emit_json(rows)
    elif args.missing:
        for r in rows:
            say(f"{r['case_no']}\t清单事项：{r['listed_for']}\t无音像记录")
        say(f"共 {len(rows)} 件缺少全程音像记录")
    else:
        for r in rows:
            say(f"[{r['id']}] {r['case_no']}\t{r['stage']}\t{r['kind']}\t{r['recorded_on'] or ''}\t"
                f"{r['recorded_by']}\t{r['file_name']}")
        say(f"共 {len(rows)} 条记录")
    return 0


def cmd_recording_list(args: argparse.Namespace) -> int:
    from app.process.recording_list import recording_list, set_recording_list

    with cli_store(args) as store:
        words = (set_recording_list(store, args.items, operator=operator_of(args)) if args.items is not None
                 else recording_list(store))
    if args.json:
        emit_json({"recording_list": words})
    else:
        say("音像记录事项清单：" + ("、".join(words) or "（空）"))
    return 0


def _task_line(t: dict[str, Any]) -> None:
    late = f"（逾期 {t['days_overdue']} 天）" if t["overdue"] else ""
    say(f"{t['seq']}\t{t['breakdown']}\t{t['units']}\t{t['due_text']}\t{t['status']}{late}")


def cmd_task_import(args: argparse.Namespace) -> int:
    from app.process.task_sheet import read_task_sheet
    from app.process.tasks import import_tasks

    rows = read_task_sheet(args.file)
    with cli_store(args) as store:
        n = import_tasks(store, rows, file=args.file, replace=args.replace, operator=operator_of(args))
    if args.json:
        emit_json({"file": str(args.file), "imported": n})
    else:
        say(f"已导入任务分解推进表 {n} 项任务")
    return 0


def cmd_task_list(args: argparse.Namespace) -> int:
    from app.campaigns.service import to_date
    from app.process.tasks import list_tasks

    with cli_store(args) as store:
        rows = list_tasks(store, as_of=to_date(args.as_of, "基准日"), overdue=args.overdue)
    if args.json:
        emit_json(rows)
        return 0
    for t in rows:
        _task_line(t)
    late = sum(t["overdue"] for t in rows)
    say(f"共 {len(rows)} 项任务" + (f"；逾期未完成 {late} 项" if late else ""))
    return 0


def cmd_task_export(args: argparse.Namespace) -> int:
    from app.process.task_sheet import write_task_sheet
    from app.process.tasks import list_tasks

    with cli_store(args) as store:
        rows = list_tasks(store)
    write_task_sheet(args.out, rows)
    if args.json:
        emit_json({"file": str(args.out), "tasks": len(rows)})
    else:
        say(f"已写出 {args.out}（{len(rows)} 项任务）")
    return 0


def cmd_task_status(args: argparse.Namespace) -> int:
    from app.process.tasks import update_task

    with cli_store(args) as store:
        t = update_task(store, args.seq, status=args.status, completed_on=args.on, operator=operator_of(args))
    emit_json(t) if args.json else _task_line(t)
    return 0


def cmd_task_progress(args: argparse.Namespace) -> int:
    from app.process.tasks import add_progress

    with cli_store(args) as store:
        t = add_progress(store, args.seq, on=args.on, note=args.note, evidence=args.evidence,
                         operator=operator_of(args))
    emit_json(t) if args.json else _task_line(t)
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    from app.errors import UserError
    from app.office import office_info
    from app.process.published_lists import write_officer_list, write_unit_list

    if args.out.suffix.lower() != ".xlsx":
        raise UserError(f"清单文件应以 .xlsx 结尾：{args.out}")
    with cli_store(args) as store:
        office = office_info(store).get("office_name", "")
        write = write_officer_list if args.list_kind == "officers" else write_unit_list
        n = write(store, args.out, office=office)
    if args.json:
        emit_json({"list": args.list_kind, "file": str(args.out), "rows": n})
    else:
        say(f"已写出 {args.out}（{n} 行）")
    return 0
