"""CLI commands for the office's own rules that the law checks apply (DOMAIN §3.3):

    law rules show [--json]                       the stored rules (one JSON document)
    law rules set --file F.json [--json]          replace them all from a file
    law sector-rule add --topic T --days N --from D --citation C [--field F] [--working] [--to D]
    law sector-rule remove --topic T [--field F]
    law threshold set --person A --org A --from D [--field F] [--to D] [--citation C] …
    law catalogue set --from D [--kinds K,…] [--person A] [--org A] [--after-hearing] [--fields F,…] …
    law backlog set DAYS
    law text --on DATE [--json]                   which text of the 行政处罚法 governs a date

Each write is refused (exit 2, nothing stored) when the rules would contradict themselves.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from app.cli.common import cli_date, cli_store, emit_json, operator_of, say
from app.errors import UserError

COMMANDS = ("law",)

TOPIC_HELP = "decision_period（办案期限）或 service_of_decision（送达期限）"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("law", help="本单位规则：规章期限、较大数额标准、法制审核目录清单、历史积案标准")
    lsub = p.add_subparsers(dest="law_command", metavar="ACTION")

    r = lsub.add_parser("rules", help="查看或整体替换本单位规则")
    rsub = r.add_subparsers(dest="rules_command", metavar="ACTION")
    s = rsub.add_parser("show", help="显示本单位规则")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_rules_show)
    s = rsub.add_parser("set", help="用 JSON 文件替换全部本单位规则")
    s.add_argument("--file", required=True, help="JSON 文件（格式同 law rules show --json）")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_rules_set)

    r = lsub.add_parser("sector-rule", help="规章另有规定的期限（按执法领域、生效日期）")
    ssub = r.add_subparsers(dest="sector_command", metavar="ACTION")
    a = ssub.add_parser("add", help="增加一条规章期限")
    a.add_argument("--topic", required=True, help=TOPIC_HELP)
    a.add_argument("--field", default="", help="执法领域（默认全部领域）")
    a.add_argument("--days", type=int, required=True, help="期限（日）")
    a.add_argument("--working", action="store_true", help="按工作日计算（默认自然日）")
    a.add_argument("--from", dest="effective_from", required=True, help="生效日期")
    a.add_argument("--to", dest="effective_to", help="失效日期（含）")
    a.add_argument("--citation", required=True, help="规章名称和条文，如《水行政处罚实施办法》第三十条")
    a.add_argument("--json", action="store_true")
    a.set_defaults(handler=cmd_sector_add)
    d = ssub.add_parser("remove", help="删除某事项、某领域的规章期限")
    d.add_argument("--topic", required=True, help=TOPIC_HELP)
    d.add_argument("--field", default="", help="执法领域（默认：适用于全部领域的那些）")
    d.add_argument("--json", action="store_true")
    d.set_defaults(handler=cmd_sector_remove)

    r = lsub.add_parser("threshold", help="听证的较大数额标准")
    tsub = r.add_subparsers(dest="threshold_command", metavar="ACTION")
    t = tsub.add_parser("set", help="设定较大数额（同一领域、同一生效日期的替换）")
    t.add_argument("--person", required=True, help="对公民的较大数额（元，以上）")
    t.add_argument("--org", required=True, help="对法人或者其他组织的较大数额（元，以上）")
    t.add_argument("--from", dest="effective_from", required=True, help="生效日期")
    t.add_argument("--to", dest="effective_to", help="失效日期（含）")
    t.add_argument("--field", default="", help="执法领域（默认全部领域）")
    t.add_argument("--citation", default="", help="依据，如《辽宁省行政处罚听证程序规定》第五条")
    t.add_argument("--confiscation-person", dest="confiscation_person", help="没收较大数额：公民（元）")
    t.add_argument("--confiscation-org", dest="confiscation_org", help="没收较大数额：法人或者其他组织（元）")
    t.add_argument("--json", action="store_true")
    t.set_defaults(handler=cmd_threshold_set)

    r = lsub.add_parser("catalogue", help="重大执法决定法制审核目录清单")
    csub = r.add_subparsers(dest="catalogue_command", metavar="ACTION")
    c = csub.add_parser("set", help="设定目录清单（同一生效日期、同一领域范围的替换）")
    c.add_argument("--from", dest="effective_from", required=True, help="生效日期")
    c.add_argument("--to", dest="effective_to", help="失效日期（含）")
    c.add_argument("--kinds", default="", help="处罚种类，逗号分隔，如 吊销许可证,责令停产停业")
    c.add_argument("--person", help="对公民罚款达到（元，以上）")
    c.add_argument("--org", help="对法人或者其他组织罚款达到（元，以上）")
    c.add_argument("--after-hearing", dest="after_hearing", action="store_true", help="经过听证程序的")
    c.add_argument("--fields", default="", help="适用的执法领域，逗号分隔（默认全部领域）")
    c.add_argument("--citation", default="", help="目录清单名称、文号")
    c.add_argument("--json", action="store_true")
    c.set_defaults(handler=cmd_catalogue_set)

    r = lsub.add_parser("backlog", help="历史积案标准")
    bsub = r.add_subparsers(dest="backlog_command", metavar="ACTION")
    b = bsub.add_parser("set", help="立案后超过多少日仍未决定、未结案的为历史积案")
    b.add_argument("days", type=int)
    b.add_argument("--json", action="store_true")
    b.set_defaults(handler=cmd_backlog_set)

    x = lsub.add_parser("text", help="某日适用的行政处罚法文本")
    x.add_argument("--on", required=True, help="日期")
    x.add_argument("--json", action="store_true")
    x.set_defaults(handler=cmd_text)


def _date(text: str | None, what: str) -> date | None:
    """A blank date option means none here (an open-ended rule)."""
    return cli_date(text if text and text.strip() else None, what)


def _required_date(text: str, what: str) -> date:
    d = _date(text, what)
    if d is None:
        raise UserError(f"请给出{what}。")
    return d


def _fen(text: str | None, what: str) -> int | None:
    from app.domain.amounts import parse_amount_fen
    from app.domain.errors import ValueParseError

    if text is None or not text.strip():
        return None
    try:
        return parse_amount_fen(text)
    except ValueParseError as exc:
        raise UserError(f"{what}「{text}」无法识别：{exc.reason}") from exc


def _required_fen(text: str, what: str) -> int:
    fen = _fen(text, what)
    if fen is None:
        raise UserError(f"请给出{what}。")
    return fen


def _items(text: str) -> list[str]:
    return [p.strip() for p in text.replace("，", ",").replace("、", ",").split(",") if p.strip()]


def _done(args: argparse.Namespace, rules: Any, line: str) -> int:
    if args.json:
        emit_json(rules.to_json())
    else:
        say(line)
    return 0


def cmd_rules_show(args: argparse.Namespace) -> int:
    from app.audit.law_settings import describe, get_office_rules

    with cli_store(args) as store:
        rules = get_office_rules(store)
    if args.json:
        emit_json(rules.to_json())
    else:
        for line in describe(rules):
            say(line)
    return 0


def cmd_rules_set(args: argparse.Namespace) -> int:
    from pathlib import Path

    from app.audit.law_settings import parse_document, set_office_rules

    path = Path(args.file)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"无法读取文件 {path}：{exc}") from exc
    rules = parse_document(text)  # refused before the store is opened: nothing is written
    with cli_store(args) as store:
        set_office_rules(store, rules, operator=operator_of(args))
    return _done(args, rules, f"本单位规则已替换：规章期限 {len(rules.sector_rules)} 条，较大数额标准 "
                              f"{len(rules.hearing_thresholds)} 条，法制审核目录清单 {len(rules.review_catalogues)} 条")


def cmd_sector_add(args: argparse.Namespace) -> int:
    from app.audit.law import SectorRule
    from app.audit.law_settings import add_sector_rule

    rule = SectorRule(args.topic.strip(), args.field.strip(), args.days, "working" if args.working else "calendar",
                      _required_date(args.effective_from, "生效日期"), args.citation.strip(),
                      _date(args.effective_to, "失效日期"))
    with cli_store(args) as store:
        rules = add_sector_rule(store, rule, operator=operator_of(args))
    return _done(args, rules, f"已增加规章期限：{rule.citation}（{rule.field or '全部领域'}，{rule.period}"
                              f"{'个工作日' if args.working else '日'}）")


def cmd_sector_remove(args: argparse.Namespace) -> int:
    from app.audit.law_settings import clear_sector_rules

    with cli_store(args) as store:
        rules = clear_sector_rules(store, args.topic.strip(), args.field.strip(), operator=operator_of(args))
    return _done(args, rules, f"已删除「{args.field.strip() or '全部领域'}」的该项规章期限")


def cmd_threshold_set(args: argparse.Namespace) -> int:
    from app.audit.law import HearingThreshold
    from app.audit.law_settings import set_threshold

    threshold = HearingThreshold(
        _required_fen(args.person, "对公民的较大数额"), _required_fen(args.org, "对法人或者其他组织的较大数额"),
        _required_date(args.effective_from, "生效日期"), args.citation.strip(), args.field.strip(),
        _date(args.effective_to, "失效日期"), _fen(args.confiscation_person, "没收较大数额（公民）"),
        _fen(args.confiscation_org, "没收较大数额（组织）"))
    with cli_store(args) as store:
        rules = set_threshold(store, threshold, operator=operator_of(args))
    return _done(args, rules, f"已设定较大数额标准（{threshold.field or '全部领域'}，"
                              f"{threshold.effective_from.isoformat()} 起）")


def cmd_catalogue_set(args: argparse.Namespace) -> int:
    from app.audit.law import ReviewCatalogue
    from app.audit.law_settings import set_catalogue

    first = _required_date(args.effective_from, "生效日期")
    doc = {"effective_from": first.isoformat(), "penalty_kinds": _items(args.kinds),
           "fine_person_fen": _fen(args.person, "对公民罚款标准"), "fine_organisation_fen": _fen(args.org, "对组织罚款标准"),
           "after_hearing": bool(args.after_hearing), "fields": _items(args.fields), "citation": args.citation.strip()}
    last = _date(args.effective_to, "失效日期")
    if last is not None:
        doc["effective_to"] = last.isoformat()
    catalogue = ReviewCatalogue.from_json(doc)  # names the kinds it cannot recognise
    with cli_store(args) as store:
        rules = set_catalogue(store, catalogue, operator=operator_of(args))
    return _done(args, rules, f"已设定法制审核目录清单（{first.isoformat()} 起）")


def cmd_backlog_set(args: argparse.Namespace) -> int:
    from app.audit.law_settings import set_backlog_days

    with cli_store(args) as store:
        rules = set_backlog_days(store, args.days, operator=operator_of(args))
    return _done(args, rules, f"历史积案标准：立案后 {rules.backlog_days} 日")


def cmd_text(args: argparse.Namespace) -> int:
    from app.audit.law import text_on

    on = _required_date(args.on, "日期")
    text = text_on(on)
    if args.json:
        emit_json({"on": on.isoformat(), "text": text.id, "name": text.name})
    else:
        say(f"{on.isoformat()} 适用{text.name}")
    return 0
