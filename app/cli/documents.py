"""CLI commands for the documents the office issues and the campaign's registers:

    documents list [--kind K] [--json]                         the issued documents and their numbers
    documents issue KIND --out F.pdf [--unit U] [--to 机关] [--problem ID …] [--case ID …] [--as-of D] [--json]
                                                               KIND: 监督函 监督建议书 纪律检查建议书 移送函 通报
    documents addressee [--set TEXT] [--json]                  the campaign's 主送机关 (专项整治办)
    typical add --title T --summary S [--handling H] [--problem ID] [--unit U] [--case-no C] · typical list
    assess UNIT --verdict 一票否优|一票否决 --reason R --decided-by P [--on D] · assess list [--unit U]
    unit-report import --unit U FILE · unit-report compare      units' own Excel 问题清单 / 统计表
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.common import cli_store, emit_json, operator_of, say
from app.errors import UserError

COMMANDS = ("documents", "typical", "assess", "unit-report")
KINDS = ("监督函", "监督建议书", "纪律检查建议书", "移送函", "通报")


def _date(text: str | None, what: str) -> Any:
    from app.campaigns.service import to_date

    return to_date(text, what) if text else None


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("documents", help="发文：监督函、建议书、移送函、通报；文号登记；主送机关")
    dsub = p.add_subparsers(dest="documents_command", metavar="ACTION", parser_class=type(p))
    d = dsub.add_parser("list", help="已发文书及其文号")
    d.add_argument("--kind")
    d.add_argument("--json", action="store_true")
    d.set_defaults(handler=cmd_list)
    d = dsub.add_parser("issue", help="按处置记录生成并编号一份文书（PDF，GB/T 9704 格式）")
    d.add_argument("kind", choices=KINDS)
    d.add_argument("--out", type=Path, required=True, help="输出的 PDF 文件")
    d.add_argument("--unit", default="", help="发往的执法单位（监督函、建议书）")
    d.add_argument("--to", default="", help="移送机关（移送函）或通报的主送（通报）")
    d.add_argument("--problem", type=int, action="append", default=[], help="问题编号（可重复；默认：待发文的处置）")
    d.add_argument("--case", type=int, action="append", default=[], help="典型案例编号（通报，可重复；默认全部）")
    d.add_argument("--as-of", dest="as_of", help="成文日期（默认今天）")
    d.add_argument("--json", action="store_true")
    d.set_defaults(handler=cmd_issue)
    d = dsub.add_parser("addressee", help="本专项活动报告的主送机关（专项整治办）")
    d.add_argument("--set", dest="value", help="设置主送机关")
    d.add_argument("--json", action="store_true")
    d.set_defaults(handler=cmd_addressee)

    p = sub.add_parser("typical", help="典型案例登记（用于通报和整改报告）")
    tsub = p.add_subparsers(dest="typical_command", metavar="ACTION", parser_class=type(p))
    t = tsub.add_parser("add", help="登记一个典型案例")
    t.add_argument("--title", required=True)
    t.add_argument("--summary", required=True, help="基本案情")
    t.add_argument("--handling", default="", help="处理情况")
    t.add_argument("--problem", type=int, help="对应的问题编号")
    t.add_argument("--unit", default="")
    t.add_argument("--case-no", dest="case_no", default="")
    t.add_argument("--on", help="日期（默认今天）")
    t.add_argument("--json", action="store_true")
    t.set_defaults(handler=cmd_typical_add)
    t = tsub.add_parser("list", help="列出典型案例")
    t.add_argument("--json", action="store_true")
    t.set_defaults(handler=cmd_typical_list)

    p = sub.add_parser("assess", help="单位考核：一票否优、一票否决（assess list 查看）")
    p.add_argument("unit", help="执法单位；list 列出已作的考核结论")
    p.add_argument("--verdict", choices=("一票否优", "一票否决"))
    p.add_argument("--reason", default="")
    p.add_argument("--decided-by", dest="decided_by", default="")
    p.add_argument("--on")
    p.add_argument("--of", dest="of_unit", help="（list）只列此单位")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_assess)

    p = sub.add_parser("unit-report", help="未使用本程序的单位报送的 Excel 问题清单、统计表")
    usub = p.add_subparsers(dest="unit_report_command", metavar="ACTION", parser_class=type(p))
    u = usub.add_parser("import", help="导入一个单位报送的问题清单或统计表（附件格式）")
    u.add_argument("file", type=Path)
    u.add_argument("--unit", required=True, help="报送单位")
    u.add_argument("--json", action="store_true")
    u.set_defaults(handler=cmd_unit_import)
    u = usub.add_parser("compare", help="各单位自查报告数与督查发现数对照（自查数据是否真实）")
    u.add_argument("--json", action="store_true")
    u.set_defaults(handler=cmd_unit_compare)


def cmd_list(args: argparse.Namespace) -> int:
    from app.reports.docnumbers import list_documents

    with cli_store(args) as store:
        rows = list_documents(store, kind=args.kind)
    if args.json:
        emit_json(rows)
        return 0
    for d in rows:
        say(f"{d['doc_no']}\t{d['kind']}\t{d['issued_on']}\t{d['addressee']}\t{d['title']}")
    say(f"共 {len(rows)} 份文书。")
    return 0


def cmd_issue(args: argparse.Namespace) -> int:
    from app.reports.doc_letters import issue_letter

    out = Path(args.out)
    if out.suffix.lower() != ".pdf":
        raise UserError(f"输出文件 {out} 应以 .pdf 结尾。")
    as_of = _date(args.as_of, "成文日期（--as-of）")
    with cli_store(args) as store:
        record = issue_letter(store, args.kind, out, unit=args.unit, to=args.to, problem_ids=args.problem or None,
                              case_ids=args.case or None, as_of=as_of, operator=operator_of(args))
    if args.json:
        emit_json(record)
    else:
        say(f"已生成{record['kind']}（{record['doc_no']}）：{out}")
    return 0


def cmd_addressee(args: argparse.Namespace) -> int:
    from app.reports.docnumbers import addressee_of, set_addressee

    with cli_store(args) as store:
        if args.value is not None:
            set_addressee(store, args.value, operator=operator_of(args))
        value = addressee_of(store)
    if args.json:
        emit_json({"addressee": value})
    else:
        say(f"主送机关：{value or '（未设置）'}")
    return 0


def cmd_typical_add(args: argparse.Namespace) -> int:
    from app.rectify.registers import add_typical_case

    with cli_store(args) as store:
        row = add_typical_case(store, title=args.title, summary=args.summary, handling=args.handling,
                               unit=args.unit, case_no=args.case_no, problem_id=args.problem,
                               on=_date(args.on, "日期"), operator=operator_of(args))
    if args.json:
        emit_json(row)
    else:
        say(f"已登记典型案例 #{row['id']}：{row['title']}")
    return 0


def cmd_typical_list(args: argparse.Namespace) -> int:
    from app.rectify.registers import list_typical_cases

    with cli_store(args) as store:
        rows = list_typical_cases(store)
    if args.json:
        emit_json(rows)
        return 0
    for r in rows:
        say(f"#{r['id']}\t{r['on']}\t{r['unit']}\t{r['title']}")
    return 0


def cmd_assess(args: argparse.Namespace) -> int:
    from app.rectify.registers import assess_unit, assessments

    with cli_store(args) as store:
        if args.unit == "list":
            rows = assessments(store, args.of_unit)
            if args.json:
                emit_json(rows)
            for a in [] if args.json else rows:
                say(f"{a['unit']}\t{a['verdict']}\t{a['on']}\t{a['decided_by']}\t{a['reason']}")
            return 0
        if not args.verdict:
            raise UserError("请写明考核结论（--verdict 一票否优 或 一票否决）。")
        row = assess_unit(store, args.unit, verdict=args.verdict, reason=args.reason, decided_by=args.decided_by,
                          on=_date(args.on, "日期"), operator=operator_of(args))
    if args.json:
        emit_json(row)
    else:
        say(f"已记录：{row['unit']} {row['verdict']}（{row['reason']}）")
    return 0


def cmd_unit_import(args: argparse.Namespace) -> int:
    from app.rectify.unit_reports import import_unit_report

    with cli_store(args) as store:
        result = import_unit_report(store, args.unit, args.file, operator=operator_of(args))
    if args.json:
        emit_json(result)
    elif result["already_imported"]:
        say(f"{result['file']} 已于此前导入（{result['unit']}，{result['kind']}），未重复导入。")
    else:
        say(f"已导入 {result['unit']} 报送的{result['kind']}：{result['rows']} 行。")
    return 0


def cmd_unit_compare(args: argparse.Namespace) -> int:
    from app.rectify.unit_reports import compare_units

    with cli_store(args) as store:
        rows = compare_units(store)
    if args.json:
        emit_json(rows)
        return 0
    say("单位\t报送\t自查报告数\t督查发现数\t考核")
    for r in rows:
        zero = "（零报告）" if r["zero_report"] else ""
        say(f"{r['unit']}\t{r['reported'] or '未报送'}{zero}\t{r['self_reported']}\t{r['office_found']}\t"
            f"{'；'.join(r['assessments'])}")
    return 0
