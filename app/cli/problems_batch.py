"""`problems assign ID… --dept D --owner P` and `problems deadline ID… --deadline DATE`: batch work
on the problem list (app/rectify/batch.py), all or nothing; registered under `problems`
(app/cli/rectify.py). A deadline in the past is refused (exit 2)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from app.cli.common import cli_store, emit_json, operator_of, say
from app.errors import UserError


def register_batch(psub: Any, problem_id: Callable[[str], int]) -> None:
    a = psub.add_parser("assign", help="为多个问题指定责任部门和责任人（全部成功或全部不改）")
    a.add_argument("ids", type=problem_id, nargs="+", metavar="ID")
    a.add_argument("--dept", required=True, help="责任部门")
    a.add_argument("--owner", required=True, help="责任人")
    a.add_argument("--json", action="store_true")
    a.set_defaults(handler=cmd_assign)
    d = psub.add_parser("deadline", help="为多个问题设定同一整改时限（不能早于今天）")
    d.add_argument("ids", type=problem_id, nargs="+", metavar="ID")
    d.add_argument("--deadline", required=True, help="整改时限 YYYY-MM-DD")
    d.add_argument("--json", action="store_true")
    d.set_defaults(handler=cmd_deadline)


def cmd_assign(args: argparse.Namespace) -> int:
    from app.rectify.batch import assign_problems

    with cli_store(args) as store:
        done = assign_problems(store, args.ids, dept=args.dept, owner=args.owner, operator=operator_of(args))
    if args.json:
        emit_json({"problems": done, "dept": args.dept.strip(), "owner": args.owner.strip()})
    else:
        say(f"已为 {len(done)} 个问题指定责任部门「{args.dept.strip()}」、责任人 {args.owner.strip()}。")
    return 0


def cmd_deadline(args: argparse.Namespace) -> int:
    from app.campaigns.service import to_date
    from app.rectify.batch import set_deadlines

    deadline = to_date(args.deadline, "整改时限")
    if deadline is None:
        raise UserError("缺少整改时限（--deadline）。")
    with cli_store(args) as store:
        done = set_deadlines(store, args.ids, deadline, operator=operator_of(args))
    if args.json:
        emit_json({"problems": done, "deadline": deadline})
    else:
        say(f"已将 {len(done)} 个问题的整改时限定为 {deadline.isoformat()}。")
    return 0
