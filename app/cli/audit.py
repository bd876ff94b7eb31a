"""CLI commands for the audit (CLI.md "Audit"): audit run, findings (dismiss, confirm), sample, calendar,
benchmark."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from datetime import date
from typing import Any

from app.cli.common import cli_store, emit_json, operator_of, say, stderr_progress
from app.errors import UserError

COMMANDS = ("audit", "findings", "sample", "calendar", "benchmark")  # the commands register() adds; main registers only the one named

MARKS = {"dismissed": "［已排除］", "confirmed": "［已确认］", "resolved": "［已消除］"}  # by a finding's status
METHOD_LABELS = {"simple": "简单随机抽样", "stratified": "按执法单位分层抽样", "mus": "货币单位抽样"}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("audit", help="倒查：收据→台账→案卷核对与案卷检查")
    asub = p.add_subparsers(dest="audit_command", metavar="ACTION")
    r = asub.add_parser("run", help="对全部数据运行倒查，保存并列出问题线索")
    r.add_argument("--as-of", dest="as_of", help="核查基准日（默认今天），YYYY-MM-DD")
    r.add_argument("--factor", type=float, default=5.0, help="同案异罚：最高与最低罚款之比超过此倍数（默认 5）")
    r.add_argument("--all-records", dest="all_records", action="store_true",
                   help="列出全部记录的问题线索（默认只列当前专项活动的期间和单位）")
    r.add_argument("--json", action="store_true")
    r.set_defaults(handler=cmd_audit_run)

    p = sub.add_parser("findings", help="已保存的问题线索")
    p.add_argument("--status", choices=("open", "confirmed", "dismissed", "resolved"))
    p.add_argument("--code")
    p.add_argument("--all-records", dest="all_records", action="store_true",
                   help="全部记录的问题线索（默认只列当前专项活动的期间和单位）")
    p.add_argument("--json", action="store_true")
    p.add_argument("--xlsx", metavar="FILE", default=None, help="另存为 Excel 表格")
    p.set_defaults(handler=cmd_findings)
    fsub = p.add_subparsers(dest="findings_command", metavar="ACTION")
    d = fsub.add_parser("dismiss", help="排除问题线索（须说明理由；可多条，同一理由，全部成功或全部不改）")
    d.add_argument("ids", type=int, nargs="+", metavar="ID")
    d.add_argument("--reason", required=True)
    d.add_argument("--json", action="store_true")
    d.set_defaults(handler=cmd_dismiss)
    c = fsub.add_parser("confirm", help="确认问题线索：每条成为问题清单上的一个问题")
    c.add_argument("ids", nargs="*", metavar="ID", help="问题线索编号（可多个）")
    c.add_argument("--all", action="store_true", help="确认全部待核实的问题线索")
    c.add_argument("--category", help="问题类别（默认按问题代码对应的类别）")
    c.add_argument("--json", action="store_true")
    c.set_defaults(handler=cmd_confirm)

    p = sub.add_parser("sample", help="可重现的案卷随机抽样")
    size = p.add_mutually_exclusive_group(required=True)
    size.add_argument("--n", type=int, help="样本量（件）")
    size.add_argument("--fraction", help="抽样比例，如 0.1")
    p.add_argument("--seed", type=int, required=True, help="随机种子（非负整数）")
    p.add_argument("--by-unit", action="store_true", help="按执法单位分层，按比例分配")
    p.add_argument("--method", choices=("simple", "mus"), default="simple", help="simple 简单随机；mus 货币单位")
    p.add_argument("--campaign", type=int, help="专项活动编号（默认当前活动）")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_sample)

    p = sub.add_parser("calendar", help="法定节假日与调休（工作日计算）")
    csub = p.add_subparsers(dest="calendar_command", metavar="ACTION")
    a = csub.add_parser("add-year", help="录入一年的节假日安排（国务院办公厅通知）")
    a.add_argument("year", type=int)
    a.add_argument("--holidays", required=True, help="放假日期，逗号分隔")
    a.add_argument("--workdays", default="", help="调休上班日期（周末），逗号分隔")
    a.add_argument("--source", default="", help="依据的通知名称和文号")
    a.add_argument("--json", action="store_true")
    a.set_defaults(handler=cmd_calendar_add)
    s = csub.add_parser("show", help="显示一年的节假日安排")
    s.add_argument("year", type=int)
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_calendar_show)

    p = sub.add_parser("benchmark", help="裁量基准")
    bsub = p.add_subparsers(dest="benchmark_command", metavar="ACTION")
    b = bsub.add_parser("set", help="设定某违法行为（或处罚依据）的罚款幅度")
    b.add_argument("--violation", default="")
    b.add_argument("--basis", default="", help="处罚依据")
    b.add_argument("--min", dest="min_amount", required=True, help="最低罚款（元，可写 5,000.00 / 伍仟元）")
    b.add_argument("--max", dest="max_amount", required=True, help="最高罚款（元）")
    b.add_argument("--note", default="")
    b.add_argument("--json", action="store_true")
    b.set_defaults(handler=cmd_benchmark_set)
    b = bsub.add_parser("list", help="列出裁量基准")
    b.add_argument("--json", action="store_true")
    b.set_defaults(handler=cmd_benchmark_list)


def _date(text: str | None) -> date | None:
    from app.domain.dates import parse_date
    from app.domain.errors import ValueParseError

    if text is None:
        return None
    try:
        return parse_date(text)
    except ValueParseError as exc:
        raise UserError(f"日期「{text}」无法识别：{exc.reason}") from exc


def _print_grouped(findings: list[dict[str, Any]]) -> None:
    from app.audit.codes import STAGES, label_of

    by_stage: dict[str, list[dict[str, Any]]] = {stage: [] for stage in STAGES}
    for f in findings:
        by_stage.setdefault(f["stage"], []).append(f)
    lines: list[str] = []  # written at once: a run prints tens of thousands of lines
    for stage in STAGES:
        items = by_stage[stage]
        if not items:
            continue
        lines.append(f"【{stage}】{len(items)} 条")
        for code, n in Counter(f["code"] for f in items).items():
            lines.append(f"  {label_of(code)}（{code}）{n} 条")
        for f in items:
            mark = MARKS.get(f["status"], "")
            fallback = "（工作日按周末推算）" if f.get("calendar_fallback") else ""
            reason = f"（排除理由：{f['dismiss_reason']}）" if f.get("dismiss_reason") else ""
            lines.append(f"    #{f['id']} {mark}{f['message']}{fallback}{reason}")
    if lines:
        say("\n".join(lines))


def cmd_audit_run(args: argparse.Namespace) -> int:
    from app.audit.service import run_audit

    as_of = _date(args.as_of)
    with cli_store(args) as store:
        result = run_audit(store, as_of=as_of, operator=operator_of(args), factor=args.factor,
                           progress=stderr_progress("倒查 "), all_records=args.all_records)
    if args.json:
        emit_json(result.to_json())
        return 0
    say(f"倒查完成（基准日 {result.as_of.isoformat()}）：问题线索 {len(result.findings)} 条，"
        f"新增 {result.new} 条，已消除 {result.resolved} 条。")
    _print_grouped(result.findings)
    if result.calendar_fallback_years:
        years = "、".join(str(y) for y in result.calendar_fallback_years)
        say(f"注意：{years} 年没有节假日数据，工作日按周一至周五推算（可用 calendar add-year 录入）。")
    return 0


def cmd_findings(args: argparse.Namespace) -> int:
    from app.audit.service import list_findings

    with cli_store(args) as store:
        findings = list_findings(store, status=args.status, code=args.code,
                                 all_records=getattr(args, "all_records", False))
    if getattr(args, "xlsx", None):
        from app.reports.list_tables import findings_table
        from app.reports.table_xlsx import write_table_xlsx

        written = write_table_xlsx(args.xlsx, findings_table(findings, subtitle=f"共 {len(findings)} 条"))
        sys.stderr.write(f"已写入 {args.xlsx}（{written} 条）\n")
    if args.json:
        emit_json({"findings": findings, "counts": dict(Counter(f["code"] for f in findings))})
        return 0
    say(f"问题线索 {len(findings)} 条。")
    _print_grouped(findings)
    return 0


def cmd_dismiss(args: argparse.Namespace) -> int:
    from app.audit.service import dismiss_finding, dismiss_findings

    if len(args.ids) > 1:
        with cli_store(args) as store:
            done = dismiss_findings(store, args.ids, args.reason, operator_of(args))
        if args.json:
            emit_json({"dismissed": done, "reason": args.reason.strip()})
        else:
            say(f"已排除问题线索 {'、'.join(f'#{i}' for i in done)}（共 {len(done)} 条），理由：{args.reason.strip()}")
        return 0
    with cli_store(args) as store:
        f = dismiss_finding(store, args.ids[0], args.reason, operator_of(args))
    if args.json:
        emit_json(f)
    else:
        say(f"已排除问题线索 #{f['id']}（{f['message']}），理由：{f['dismiss_reason']}")
    return 0


def cmd_confirm(args: argparse.Namespace) -> int:
    from app.rectify.service import confirm_findings

    if args.all == bool(args.ids):
        raise UserError("请给出要确认的问题线索编号，或用 --all 确认全部待核实的线索（二者选一）。")
    ids: list[int] | None = None
    if args.ids:
        try:
            ids = [int(x) for x in args.ids]
        except ValueError:
            raise UserError(f"问题线索编号应为数字：{' '.join(args.ids)}") from None
    with cli_store(args) as store:
        problem_ids = confirm_findings(store, ids, category=args.category, operator=operator_of(args))
    if args.json:
        emit_json({"problems": problem_ids})
    else:
        say(f"已确认 {len(problem_ids)} 条问题线索，列入问题清单（问题编号 "
            f"{'、'.join(str(i) for i in problem_ids) or '无'}）。")
    return 0


def cmd_sample(args: argparse.Namespace) -> int:
    from app.domain.amounts import format_fen
    from app.sampling import draw_sample

    with cli_store(args) as store:
        result = draw_sample(store, seed=args.seed, n=args.n, fraction=args.fraction, method=args.method,
                             by_unit=args.by_unit, campaign_id=args.campaign, operator=operator_of(args))
    if args.json:
        emit_json({k: result[k] for k in ("seed", "method", "population", "population_sha256", "sample", "n",
                                          "options")})
        return 0
    say(f"{METHOD_LABELS[result['method']]}：随机种子 {result['seed']}，总体 {result['population']} 件"
        f"（SHA-256 {result['population_sha256']}），抽取 {len(result['sample'])} 件。")
    say("序号\t案号\t当事人\t执法单位\t罚款金额（元）")
    for i, c in enumerate(result["cases"], start=1):
        say(f"{i}\t{c['case_no']}\t{c['party']}\t{c['unit']}\t{format_fen(c['fine_fen'])}")
    return 0


def cmd_calendar_add(args: argparse.Namespace) -> int:
    from app.audit.calendar_service import add_year, parse_dates

    holidays = parse_dates(args.holidays, "--holidays")
    workdays = parse_dates(args.workdays, "--workdays")
    with cli_store(args) as store:
        data = add_year(store, args.year, holidays, workdays, source=args.source, operator=operator_of(args))
    if args.json:
        emit_json(data.to_json())
    else:
        say(f"已录入 {args.year} 年节假日 {len(holidays)} 天、调休上班日 {len(workdays)} 天（{data.source}）。")
    return 0


def cmd_calendar_show(args: argparse.Namespace) -> int:
    from app.audit.calendar_service import show_year

    with cli_store(args) as store:
        data = show_year(store, args.year)
    if args.json:
        emit_json(data)
        return 0
    origin = {"bundled": "随程序提供", "store": "本单位录入", "fallback": "无数据"}[str(data["origin"])]
    say(f"{args.year} 年（{origin}）：{data['source']}")
    say("放假：" + ("、".join(data["holidays"]) or "无"))  # type: ignore[arg-type]
    say("调休上班：" + ("、".join(data["workdays"]) or "无"))  # type: ignore[arg-type]
    return 0


def _fen(text: str, what: str) -> int:
    from app.domain.amounts import parse_amount_fen
    from app.domain.errors import ValueParseError

    try:
        fen = parse_amount_fen(text)
    except ValueParseError as exc:
        raise UserError(f"{what}「{text}」无法识别：{exc.reason}") from exc
    if fen is None:
        raise UserError(f"请给出{what}。")
    return fen


def cmd_benchmark_set(args: argparse.Namespace) -> int:
    from app.audit.service import set_benchmark
    from app.domain.amounts import format_fen

    lo, hi = _fen(args.min_amount, "最低罚款"), _fen(args.max_amount, "最高罚款")
    with cli_store(args) as store:
        b = set_benchmark(store, violation=args.violation, legal_basis=args.basis, min_fen=lo, max_fen=hi,
                          note=args.note, operator=operator_of(args))
    if args.json:
        emit_json(b)
    else:
        say(f"裁量基准「{b['violation'] or b['legal_basis']}」：{format_fen(lo)}–{format_fen(hi)} 元")
    return 0


def cmd_benchmark_list(args: argparse.Namespace) -> int:
    from app.audit.service import list_benchmarks
    from app.domain.amounts import format_fen

    with cli_store(args) as store:
        rows = list_benchmarks(store)
    if args.json:
        emit_json(rows)
        return 0
    for b in rows:
        say(f"#{b['id']}\t{b['violation']}\t{b['legal_basis']}\t{format_fen(b['min_fen'])}–{format_fen(b['max_fen'])} 元")
    say(f"共 {len(rows)} 条裁量基准")
    return 0
