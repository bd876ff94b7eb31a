"""CLI commands for the store and the registers: init, summary, list, demo (`import`: app.cli.imports)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from app.cli.common import cli_store, emit_json, operator_of, say, stderr_progress
from app.cli.imports import IMPORT_KINDS
from app.errors import UserError
from app.records.fields import KIND_LABELS, LIST_FIELDS

COMMANDS = ("init", "summary", "list", "demo")  # the commands register() adds; main registers only the one named


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help="创建或升级数据库")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("summary", help="数据库中各类记录的数量")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_summary)

    p = sub.add_parser("list", help="列出记录")
    p.add_argument("kind", choices=(*IMPORT_KINDS, "units"))
    p.add_argument("--limit", type=int, default=None)
    p.add_argument("--json", action="store_true")
    p.add_argument("--xlsx", metavar="FILE", default=None, help="另存为 Excel 表格（标题、表头、金额为数字）")
    p.set_defaults(handler=cmd_list)

    p = sub.add_parser("demo", help="向空数据库载入演示数据")
    p.add_argument("--size", type=int, default=300, help="案卷数（默认 300）")
    p.add_argument("--seed", type=int, default=2019)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_demo)


def cmd_init(args: argparse.Namespace) -> int:
    from db.migrations import CURRENT_VERSION

    with cli_store(args) as store:
        info = {"db": store.display, "schema_version": CURRENT_VERSION,
                "upgraded_from": store.upgraded_from,
                "backup": str(store.backup_path) if store.backup_path else None}
    if args.json:
        emit_json(info)
    elif store.upgraded_from is not None:
        say(f"数据库已从结构版本 {store.upgraded_from} 升级到 {CURRENT_VERSION}：{store.display}")
        say(f"升级前的备份：{store.backup_path}")
    else:
        say(f"数据库已就绪（结构版本 {CURRENT_VERSION}）：{store.display}")
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    from app.records.counts import summary  # not app.records.service: no ORM models to import

    with cli_store(args) as store:
        counts = summary(store)
    if args.json:
        emit_json(counts)
    else:
        say("  ".join(f"{KIND_LABELS.get(k, k)} {v}" for k, v in counts.items() if k in KIND_LABELS)
            + f"  问题线索 {counts['findings']}")
    return 0


def list_records(store: Any, kind: str, limit: int | None) -> list[dict[str, Any]]:
    """Records with CLI.md's field names; case numbers in their normalised form."""
    from app.domain.numbers import normalise_case_no
    from app.records.service import page

    fields = LIST_FIELDS.get(kind, ("id", "name", "field"))
    out: list[dict[str, Any]] = []
    offset, chunk = 0, 1000
    while limit is None or len(out) < limit:
        want = chunk if limit is None else min(chunk, limit - len(out))
        rows = page(store, kind, offset=offset, limit=want)
        for r in rows:
            rec = {f: r.get(f) for f in fields}
            if "case_no" in rec and rec["case_no"]:
                rec["case_no"] = normalise_case_no(rec["case_no"])
            out.append(rec)
        if len(rows) < want:
            break
        offset += len(rows)
    return out


def cmd_list(args: argparse.Namespace) -> int:
    if args.limit is not None and args.limit < 0:
        raise UserError("--limit 不能为负数。")
    with cli_store(args) as store:
        records = list_records(store, args.kind, args.limit)
    if args.xlsx:
        _write_list_xlsx(args.kind, records, args.xlsx)
    if args.json:
        emit_json(records)
        return 0
    names = LIST_FIELDS.get(args.kind, ("id", "name", "field"))
    say("\t".join(_label(args.kind, n) for n in names))  # tab-separated: pastes into Excel
    for rec in records:
        say("\t".join("" if v is None else _plain(k, v) for k, v in rec.items()))
    sys.stderr.write(f"共 {len(records)} 条{KIND_LABELS[args.kind]}记录\n")
    return 0


def _write_list_xlsx(kind: str, records: list[dict[str, Any]], path: str) -> None:
    """`list KIND --xlsx FILE`: the same records and fields as the listing, as a formatted sheet."""
    from app.records.fields import REGISTER_FIELDS, FieldType
    from app.reports.table_data import DATE, FEN, TEXT, TableColumn, TableData
    from app.reports.table_xlsx import write_table_xlsx

    names = LIST_FIELDS.get(kind, ("id", "name", "field"))
    types = {f.name: f.type for f in REGISTER_FIELDS[kind]}
    kinds = {FieldType.FEN: FEN, FieldType.DATE: DATE}
    columns = [TableColumn(_label(kind, n), kinds.get(types[n], TEXT) if n in types else TEXT) for n in names]
    rows = ([_plain(n, v) if isinstance(v, list | bool) else v for n, v in ((n, rec.get(n)) for n in names)]
            for rec in records)
    written = write_table_xlsx(path, TableData(f"{KIND_LABELS[kind]}登记", columns, rows,
                                               subtitle=f"共 {len(records)} 条", count=len(records)))
    sys.stderr.write(f"已写入 {path}（{written} 条）\n")


def _label(kind: str, name: str) -> str:
    from app.records.fields import field_by_name

    extra = {"row": "行号", "id": "编号", "voided": "作废", "onsite": "当场收缴"}
    if name in extra:
        return extra[name]
    try:
        return field_by_name(kind, name).label
    except KeyError:
        return name


def _plain(name: str, value: Any) -> str:
    from app.domain.amounts import format_fen

    if name.endswith("_fen") and isinstance(value, int):
        return format_fen(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(f"{o['name']}({o['cert_no']})" if o.get("cert_no") else o["name"] for o in value)
    return str(value)


def cmd_demo(args: argparse.Namespace) -> int:
    from app.demo import load_demo

    if args.size < 1 or args.size > 200_000:
        raise UserError("--size 应在 1 到 200000 之间。")
    with cli_store(args) as store:
        counts = load_demo(store, size=args.size, seed=args.seed, operator=operator_of(args),
                           progress=stderr_progress("演示数据 "))
    if args.json:
        emit_json(counts)
    else:
        say("已载入演示数据：" + "  ".join(f"{KIND_LABELS.get(k, k)} {v}" for k, v in counts.items()))
    return 0
