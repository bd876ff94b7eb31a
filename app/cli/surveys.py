"""CLI commands for questionnaires (问卷调查):

    survey create --file F.json | --title T --audience 处罚对象|执法单位|社会公众 --q 单选|多选|问答 题目 [选项 …] …
    survey list · survey show ID
    survey print ID --out F.pdf|F.xlsx      the form to hand out, or the sheet to fill in and import back
    survey import ID FILE.xlsx              filled sheets, one row per response (strict: nothing on a mismatch)
    survey tally ID [--out F.pdf|F.xlsx]    counts and percentages by question and by unit
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.common import cli_store, emit_json, operator_of, say

COMMANDS = ("survey",)  # the commands register() adds; main registers only the one named


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("survey", help="问卷调查：设计问卷、打印、导入答卷、统计")
    ssub = p.add_subparsers(dest="survey_command", metavar="ACTION", parser_class=type(p))
    c = ssub.add_parser("create", help="新建问卷（JSON 文件，或逐题给出）")
    c.add_argument("--file", type=Path, help="问卷定义（JSON：title、audience、intro、questions）")
    c.add_argument("--title", help="问卷标题")
    c.add_argument("--audience", choices=("处罚对象", "执法单位", "社会公众"), help="调查对象")
    c.add_argument("--intro", default="", help="卷首语")
    c.add_argument("--q", dest="questions", nargs="+", action="append", default=[], metavar="题型 题目 选项",
                   help="一道题：题型（单选/多选/问答）、题目、选项…（可重复）")
    c.add_argument("--campaign", type=int, help="专项活动编号（默认当前活动）")
    c.set_defaults(handler=cmd_create)
    ls = ssub.add_parser("list", help="列出问卷")
    ls.set_defaults(handler=cmd_list)
    sh = ssub.add_parser("show", help="查看问卷")
    sh.add_argument("id", type=int)
    sh.set_defaults(handler=cmd_show)
    pr = ssub.add_parser("print", help="打印问卷：.pdf 为纸质问卷，.xlsx 为可回填导入的答卷表")
    pr.add_argument("id", type=int)
    pr.add_argument("--out", type=Path, required=True)
    pr.set_defaults(handler=cmd_print)
    im = ssub.add_parser("import", help="导入填好的答卷表（每行一份答卷）")
    im.add_argument("id", type=int)
    im.add_argument("file", type=Path)
    im.set_defaults(handler=cmd_import)
    t = ssub.add_parser("tally", help="统计：各题各选项人数及比例，按单位，问答题列出")
    t.add_argument("id", type=int)
    t.add_argument("--out", type=Path, help="写出统计结果：.pdf（含柱状图）或 .xlsx")
    t.set_defaults(handler=cmd_tally)
    for action in (c, ls, sh, pr, im, t):
        action.add_argument("--json", action="store_true")


def _definition(args: argparse.Namespace) -> dict[str, Any]:
    from app.errors import UserError
    from app.registers.surveys import survey_from_file

    if args.file is not None:
        if args.title or args.audience or args.questions:
            raise UserError("--file 不能与 --title、--audience、--q 同时使用。")
        return survey_from_file(args.file)
    if not args.questions:
        raise UserError("请给出问卷文件 --file，或用 --title、--audience 和 --q 逐题给出。")
    questions = []
    for q in args.questions:
        if len(q) < 2:
            raise UserError(f"--q {' '.join(q)}：应为 题型 题目 [选项 …]。")
        questions.append({"kind": q[0], "text": q[1], "options": q[2:]})
    return {"title": args.title, "audience": args.audience, "intro": args.intro, "questions": questions}


def _show(sv: dict[str, Any]) -> None:
    from app.registers.surveys import KIND_LABELS

    say(f"问卷 #{sv['id']}：{sv['title']}（调查对象：{sv['audience']}，答卷 {sv['responses']} 份）")
    for n, q in enumerate(sv["questions"], start=1):
        options = f"：{'／'.join(q['options'])}" if q["options"] else ""
        say(f"\t{n}. {q['text']}（{KIND_LABELS[q['kind']]}）{options}")


def cmd_create(args: argparse.Namespace) -> int:
    from app.registers.surveys import create_survey

    definition = _definition(args)
    with cli_store(args) as store:
        sv = create_survey(store, definition, campaign_id=args.campaign, operator=operator_of(args))
    if args.json:
        emit_json(sv)
    else:
        _show(sv)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from app.registers.surveys import list_surveys

    with cli_store(args) as store:
        rows = list_surveys(store)
    if args.json:
        emit_json(rows)
    else:
        for sv in rows:
            say(f"#{sv['id']}\t{sv['title']}\t{sv['audience']}\t{len(sv['questions'])} 题\t答卷 {sv['responses']} 份")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from app.registers.surveys import get_survey

    with cli_store(args) as store:
        sv = get_survey(store, args.id)
    if args.json:
        emit_json(sv)
    else:
        _show(sv)
    return 0


def cmd_print(args: argparse.Namespace) -> int:
    from app.registers.survey_print import print_survey

    with cli_store(args) as store:
        out = print_survey(store, args.id, args.out)
    if args.json:
        emit_json({"out": out})
    else:
        say(f"已写出 {out}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from app.registers.survey_sheet import import_sheet

    with cli_store(args) as store:
        result = import_sheet(store, args.id, args.file, operator=operator_of(args))
    if args.json:
        emit_json(result)
    elif result["already_imported"]:
        say(f"{result['file']} 已导入过（SHA-256 相同），未重复导入。")
    else:
        say(f"已从 {result['file']}（工作表「{result['sheet']}」）导入 {result['imported']} 份答卷。")
    return 0


def cmd_tally(args: argparse.Namespace) -> int:
    from app.registers.survey_tally import percent_text, tally, write_tally

    with cli_store(args) as store:
        data = tally(store, args.id)
        out = write_tally(store, args.id, args.out) if args.out else None
    if args.json:
        emit_json({**data, "out": out})
        return 0
    say(f"{data['survey']['title']}：收回答卷 {data['responses']} 份")
    for q in data["questions"]:
        say(f"{q['no']}. {q['text']}（作答 {q['answered']} 份）")
        if "options" in q:
            for o in q["options"]:
                say(f"\t{o['option']}\t{o['count']}\t{percent_text(o['percent'])}")
        else:
            for a in q["answers"]:
                say(f"\t· {a}")
    if out:
        say(f"已写出 {out}")
    return 0
