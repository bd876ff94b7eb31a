"""CLI commands for campaigns, sampling and case review: `campaign …`, `sample`, `review …`."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from app.cli import cli_store, emit_json, operator_of, say
from app.domain.amounts import format_fen
from app.errors import UserError

TAXONOMY_ACTIONS = {"add-category": "add_category", "rename-category": "rename_category",
                    "remove-category": "remove_category", "add-item": "add_manifestation",
                    "rename-item": "rename_manifestation", "remove-item": "remove_manifestation"}
METHOD_LABELS = {"simple": "简单随机抽样", "stratified": "按执法单位分层抽样", "mus": "货币单位抽样"}
STATUS_LABELS = {"ok": "无问题", "problem": "有问题", "na": "不适用", "": "未评"}


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("campaign", help="专项活动：创建、列出、查看、修改问题分类")
    csub = p.add_subparsers(dest="campaign_command", metavar="ACTION", parser_class=type(p))
    c = csub.add_parser("create", help="创建专项活动（问题分类复制自模板 A/B/C）")
    c.add_argument("--name", required=True, help="活动名称")
    c.add_argument("--doc-no", required=True, help="文号，如 沈水依法办发〔2019〕04号")
    c.add_argument("--taxonomy", required=True, help="问题分类模板：A（2017/2019）、B（2021）、C（2022）")
    c.add_argument("--from", dest="period_from", help="倒查起始日期（此日以后作出的处罚决定）")
    c.add_argument("--to", dest="period_to", help="倒查截止日期")
    c.add_argument("--issuer", default="", help="印发机关")
    c.add_argument("--issued-on", help="印发日期")
    c.add_argument("--unit", action="append", default=[], help="纳入范围的执法单位（可重复）")
    c.add_argument("--hotline", default="", help="监督举报电话")
    c.add_argument("--mailbox", default="", help="监督举报邮箱")
    c.add_argument("--json", action="store_true")
    c.set_defaults(handler=cmd_campaign_create)
    c = csub.add_parser("list", help="列出专项活动")
    c.add_argument("--json", action="store_true")
    c.set_defaults(handler=cmd_campaign_list)
    c = csub.add_parser("show", help="查看专项活动及其问题分类（不给编号时为当前活动）")
    c.add_argument("id", type=int, nargs="?")
    c.add_argument("--json", action="store_true")
    c.set_defaults(handler=cmd_campaign_show)
    c = csub.add_parser("activate", help="设为当前专项活动")
    c.add_argument("id", type=int)
    c.set_defaults(handler=cmd_campaign_activate)
    c = csub.add_parser("taxonomy", help="修改专项活动的问题分类")
    c.add_argument("id", type=int)
    c.add_argument("action", choices=tuple(TAXONOMY_ACTIONS))
    c.add_argument("category", help="问题类别")
    c.add_argument("text", nargs="?", default="", help="具体表现（*-item 操作）")
    c.add_argument("--to", dest="new_text", default="", help="新名称（rename-* 操作）")
    c.add_argument("--json", action="store_true")
    c.set_defaults(handler=cmd_campaign_taxonomy)

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

    from app.review.cli import register as register_review

    register_review(sub)


def _campaign_lines(c: dict[str, Any]) -> None:
    mark = "（当前）" if c["active"] else ""
    say(f"[{c['id']}] {c['name']}{mark}  {c['doc_no']}")
    period = f"{c['period_from'] or '不限'} 至 {c['period_to'] or '今'}"
    say(f"    倒查期间：{period}  问题分类：{c['taxonomy_id']}  执法单位：{'、'.join(c['units']) or '全部'}")


def cmd_campaign_create(args: argparse.Namespace) -> int:
    from app.campaigns import create_campaign

    with cli_store(args) as store:
        camp = create_campaign(store, name=args.name, doc_no=args.doc_no, taxonomy=args.taxonomy,
                               period_from=args.period_from, period_to=args.period_to, issuing_body=args.issuer,
                               issued_on=args.issued_on, units=args.unit, hotline=args.hotline,
                               mailbox=args.mailbox, operator=operator_of(args))
    if args.json:
        emit_json(camp)
    else:
        say("已创建专项活动：")
        _campaign_lines(camp)
        _taxonomy_lines(camp["taxonomy"])
    return 0


def cmd_campaign_list(args: argparse.Namespace) -> int:
    from app.campaigns import list_campaigns

    with cli_store(args) as store:
        camps = list_campaigns(store)
    if args.json:
        emit_json(camps)
    else:
        for c in camps:
            _campaign_lines(c)
        sys.stderr.write(f"共 {len(camps)} 个专项活动\n")
    return 0


def cmd_campaign_show(args: argparse.Namespace) -> int:
    from app.campaigns import active_campaign, get_campaign

    with cli_store(args) as store:
        camp = get_campaign(store, args.id) if args.id is not None else active_campaign(store)
    if camp is None:
        raise UserError("还没有专项活动。请先用 campaign create 创建。")
    if args.json:
        emit_json(camp)
        return 0
    _campaign_lines(camp)
    for p in camp["phases"]:
        say(f"    阶段：{p['name']} {p['from'] or ''}—{p['to'] or ''} 报送期限 {p['report_deadline'] or '—'}")
    for m in camp["leadership"]:
        say(f"    {m['role']}：{m['name']} {m['title']}")
    _taxonomy_lines(camp["taxonomy"])
    return 0


def _taxonomy_lines(tax: dict[str, Any]) -> None:
    say(f"问题分类（{tax['id']}）：{tax['source']}")
    for cat in tax["categories"]:
        say(f"  {cat['name']}：{'；'.join(cat['manifestations']) or '（未列具体表现）'}")


def cmd_campaign_activate(args: argparse.Namespace) -> int:
    from app.campaigns import update_campaign

    with cli_store(args) as store:
        camp = update_campaign(store, args.id, active=True, operator=operator_of(args))
    say(f"当前专项活动：[{camp['id']}] {camp['name']}")
    return 0


def cmd_campaign_taxonomy(args: argparse.Namespace) -> int:
    from app.campaigns import edit_taxonomy

    with cli_store(args) as store:
        tax = edit_taxonomy(store, args.id, TAXONOMY_ACTIONS[args.action], category=args.category,
                            text=args.text, new_text=args.new_text, operator=operator_of(args))
    if args.json:
        emit_json(tax)
    else:
        _taxonomy_lines(tax)
    return 0


def cmd_sample(args: argparse.Namespace) -> int:
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
