"""`log list` and `log revert-last`: the change log read back for people (app/history.py) and the
last record edit undone (app/history_undo.py). Registered under `log` beside `log verify`
(app/cli/exchange.py), so `log` stays one command.

    log list [--by NAME] [--action A] [--table T] [--from DATE] [--to DATE] [--search TEXT]
             [--limit N] [--json] [--xlsx FILE]
    log revert-last [--json]
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.common import cli_store, emit_json, operator_of, say


def register_log(lsub: Any) -> None:
    ll = lsub.add_parser("list", help="操作记录：谁、何时、做了什么、修改前后（可筛选、导出 Excel）")
    ll.add_argument("--by", help="只列此操作人")
    ll.add_argument("--action", help="只列此操作：create update delete import undo revert audit …")
    ll.add_argument("--table", help="只列此表：cases ledger_entries receipts officers findings problems …")
    ll.add_argument("--from", dest="date_from", help="起始日期")
    ll.add_argument("--to", dest="date_to", help="截止日期（含当天）")
    ll.add_argument("--search", default="", help="在修改前后的内容中查找（案号、姓名、金额……）")
    ll.add_argument("--limit", type=int, default=None, help="最多列出多少条（最新的在前）")
    ll.add_argument("--json", action="store_true")
    ll.add_argument("--xlsx", type=Path, help="写成 Excel 表")
    ll.set_defaults(handler=cmd_log_list)
    lr = lsub.add_parser("revert-last", help="撤销上一次对记录（案卷、台账、收据、人员、单位）的修改或删除")
    lr.add_argument("--json", action="store_true")
    lr.set_defaults(handler=cmd_revert_last)


def _filter(args: argparse.Namespace) -> Any:
    from app.campaigns.service import to_date
    from app.history import LogFilter

    return LogFilter(operator=args.by, action=args.action, table=args.table,
                     since=to_date(args.date_from, "起始日期（--from）") if args.date_from else None,
                     until=to_date(args.date_to, "截止日期（--to）") if args.date_to else None, text=args.search)


def cmd_log_list(args: argparse.Namespace) -> int:
    from app.history import export_log_xlsx, list_log

    f = _filter(args)
    with cli_store(args) as store:
        if args.xlsx is not None:
            n = export_log_xlsx(store, args.xlsx, f)
            if not args.json:
                say(f"已导出操作记录 {n} 条：{args.xlsx}")
        rows = list_log(store, f, limit=args.limit)
    if args.json:
        emit_json(rows)
    elif args.xlsx is None:
        for r in rows:
            say(f"#{r['id']}\t{r['at']}\t{r['operator'] or '—'}\t{r['action_label']}\t{r['summary']}")
        say(f"共 {len(rows)} 条。")
    return 0


def cmd_revert_last(args: argparse.Namespace) -> int:
    from app.history_undo import undo_last_change

    with cli_store(args) as store:
        undone = undo_last_change(store, operator_of(args))
    if args.json:
        emit_json(undone)
    else:
        say(f"已撤销：{undone['summary']}（{undone['at']}，{undone['operator'] or '—'}）")
    return 0
