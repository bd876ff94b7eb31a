"""CLI commands for case review: `review start | mark | submit | show | diff | consensus`."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.common import cli_store, emit_json, operator_of, say
from app.errors import UserError

COMMANDS = ("review",)  # the commands register() adds; main registers only the one named


def _status_label(status: str) -> str:
    from app.review.scoring import STATUS_LABELS  # app.review loads its services: only when needed

    return STATUS_LABELS[status]


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("review", help="案卷评查（一案一查、背靠背评查）")
    rsub = p.add_subparsers(dest="review_command", metavar="ACTION", parser_class=type(p))
    r = rsub.add_parser("start", help="开始评查一个案卷，列出评查项")
    r.add_argument("case_no")
    r.add_argument("--reviewer", required=True, help="评查人")
    r.add_argument("--blind", action="store_true", help="背靠背评查（须两名评查人）")
    r.add_argument("--campaign", type=int, help="专项活动编号（默认当前活动）")
    r.add_argument("--json", action="store_true")
    r.set_defaults(handler=cmd_start)
    r = rsub.add_parser("mark", help="评定一个评查项：ok 无问题 / problem 有问题 / na 不适用")
    r.add_argument("review_id", type=int)
    r.add_argument("item_no", type=int)
    r.add_argument("status", choices=("ok", "problem", "na"))
    r.add_argument("--note", help="说明")
    r.add_argument("--deduct", type=int, help="扣分（仅 problem）")
    r.add_argument("--evidence", action="append", default=[], help="证据（案卷页码、文书名称等，可重复）")
    r.add_argument("--json", action="store_true")
    r.set_defaults(handler=cmd_mark)
    r = rsub.add_parser("submit", help="提交评查单（计分定等）")
    r.add_argument("review_id", type=int)
    r.add_argument("--rest", choices=("ok", "na"), help="未评项统一记为 ok 或 na")
    r.add_argument("--json", action="store_true")
    r.set_defaults(handler=cmd_submit)
    r = rsub.add_parser("show", help="查看一个案卷的评查（他人未提交的内容不显示）")
    r.add_argument("case_no")
    r.add_argument("--reviewer", help="以该评查人身份查看")
    r.add_argument("--campaign", type=int)
    r.add_argument("--json", action="store_true")
    r.set_defaults(handler=cmd_show)
    r = rsub.add_parser("diff", help="背靠背评查：列出两名评查人意见不一致的评查项")
    r.add_argument("case_no")
    r.add_argument("--campaign", type=int)
    r.add_argument("--json", action="store_true")
    r.set_defaults(handler=cmd_diff)
    r = rsub.add_parser("consensus", help="记录背靠背评查的合议结果")
    r.add_argument("case_no")
    r.add_argument("--decide", action="append", default=[], metavar="项号=结论[:扣分]",
                   help="对不一致项的合议结论，如 12=problem:5 或 7=ok（可重复）")
    r.add_argument("--campaign", type=int)
    r.add_argument("--json", action="store_true")
    r.set_defaults(handler=cmd_consensus)


def _review_lines(r: dict[str, Any]) -> None:
    state = "已提交" if r["status"] == "submitted" else "草稿"
    kind = "合议" if r["kind"] == "consensus" else ("背靠背" if r["blind"] else "单人")
    say(f"评查单 {r['id']}：案卷 {r['case_no']}，评查人 {r['reviewer']}（{kind}，{state}）")
    if r.get("hidden"):
        say("  （背靠背评查：对方提交前不显示其评查内容）")
        return
    if r["status"] == "submitted":
        veto = "，触及否决项" if r["vetoed"] else ""
        say(f"  得分 {r['score']}，等次 {r['grade']}{veto}")
    for i in r["items"]:
        extra = f" 扣{i['deduct']}分" if i["deduct"] else ""
        note = f" — {i['note']}" if i["note"] else ""
        say(f"  {i['item_no']:>3}. [{i['section']}] {i['text']}：{_status_label(i['status'])}{extra}{note}")


def cmd_start(args: argparse.Namespace) -> int:
    from app.review import start_review

    with cli_store(args) as store:
        review = start_review(store, args.case_no, reviewer=args.reviewer, campaign_id=args.campaign,
                              blind=args.blind, operator=operator_of(args))
    if args.json:
        emit_json(review)
    else:
        _review_lines(review)
    return 0


def cmd_mark(args: argparse.Namespace) -> int:
    from app.review import mark_item

    with cli_store(args) as store:
        item = mark_item(store, args.review_id, args.item_no, args.status, note=args.note, deduct=args.deduct,
                         evidence=args.evidence, operator=operator_of(args))
    if args.json:
        emit_json(item)
    else:
        say(f"第 {item['item_no']} 项「{item['text']}」：{_status_label(item['status'])}")
    return 0


def cmd_submit(args: argparse.Namespace) -> int:
    from app.review import submit_review

    with cli_store(args) as store:
        review = submit_review(store, args.review_id, rest=args.rest, operator=operator_of(args))
    if args.json:
        emit_json(review)
    else:
        say(f"评查单 {review['id']} 已提交：得分 {review['score']}，等次 {review['grade']}"
            + ("（已定稿）" if review["final"] else "（背靠背：待双方提交后合议）"))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from app.review import view_reviews

    with cli_store(args) as store:
        reviews = view_reviews(store, args.case_no, viewer=args.reviewer, campaign_id=args.campaign)
    if args.json:
        emit_json(reviews)
        return 0
    if not reviews:
        say(f"案卷 {args.case_no} 尚未评查。")
    for r in reviews:
        _review_lines(r)
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from app.review import disagreements

    with cli_store(args) as store:
        rows = disagreements(store, args.case_no, campaign_id=args.campaign)
    if args.json:
        emit_json(rows)
        return 0
    if not rows:
        say("两名评查人意见完全一致。")
    for row in rows:
        answers = "；".join(f"{who}：{_status_label(a['status'])}" + (f" 扣{a['deduct']}分" if a["deduct"] else "")
                           for who, a in row["answers"].items())
        say(f"  {row['item_no']:>3}. [{row['section']}] {row['text']} — {answers}")
    return 0


def parse_decisions(texts: list[str]) -> dict[int, dict[str, Any]]:
    """'12=problem:5' → {12: {"status": "problem", "deduct": 5}}."""
    out: dict[int, dict[str, Any]] = {}
    for text in texts:
        no, sep, rest = text.partition("=")
        status, _, deduct = rest.partition(":")
        if not sep or not no.strip().isdigit() or not status.strip():
            raise UserError(f"合议结论「{text}」格式有误，应为 项号=结论[:扣分]，如 12=problem:5。")
        if deduct and not deduct.strip().isdigit():
            raise UserError(f"合议结论「{text}」的扣分应为整数。")
        out[int(no)] = {"status": status.strip(), "deduct": int(deduct) if deduct else 0}
    return out


def cmd_consensus(args: argparse.Namespace) -> int:
    from app.review import record_consensus

    decisions = parse_decisions(args.decide)
    with cli_store(args) as store:
        review = record_consensus(store, args.case_no, decisions=decisions, campaign_id=args.campaign,
                                  operator=operator_of(args))
    if args.json:
        emit_json(review)
    else:
        say(f"已记录合议结果：得分 {review['score']}，等次 {review['grade']}。")
    return 0
