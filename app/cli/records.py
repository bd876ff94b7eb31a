"""CLI commands for the store and the registers: init, import, summary, list, demo."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.cli import cli_store, emit_json, open_cli_store, operator_of, say, stderr_progress
from app.errors import ImportRejectedError, UserError
from app.records.fields import KIND_LABELS, LIST_FIELDS

IMPORT_KINDS = ("officers", "cases", "ledger", "receipts")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("init", help="创建或升级数据库")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("import", help="导入表格（执法人员/案卷/台账/收据）")
    p.add_argument("kind", choices=IMPORT_KINDS)
    p.add_argument("file", type=Path)
    p.add_argument("--sheet")
    p.add_argument("--unit", help="表中没有执法单位列时，记入的执法单位")
    p.add_argument("--skip-invalid", action="store_true", help="只导入有效行，列出被拒绝的行")
    p.add_argument("--dry-run", action="store_true", help="只检查，不写入")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("summary", help="数据库中各类记录的数量")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_summary)

    p = sub.add_parser("list", help="列出记录")
    p.add_argument("kind", choices=(*IMPORT_KINDS, "units"))
    p.add_argument("--limit", type=int, default=None)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_list)

    p = sub.add_parser("demo", help="向空数据库载入演示数据")
    p.add_argument("--size", type=int, default=300, help="案卷数（默认 300）")
    p.add_argument("--seed", type=int, default=2019)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_demo)


def cmd_init(args: argparse.Namespace) -> int:
    from db.migrations import CURRENT_VERSION

    with cli_store(args) as store:
        info = {"db": str(store.path), "schema_version": CURRENT_VERSION,
                "upgraded_from": store.upgraded_from,
                "backup": str(store.backup_path) if store.backup_path else None}
    if args.json:
        emit_json(info)
    elif store.upgraded_from is not None:
        say(f"数据库已从结构版本 {store.upgraded_from} 升级到 {CURRENT_VERSION}：{store.path}")
        say(f"升级前的备份：{store.backup_path}")
    else:
        say(f"数据库已就绪（结构版本 {CURRENT_VERSION}）：{store.path}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from app.imports.service import import_file

    if not args.file.exists():
        raise UserError(f"找不到文件 {args.file}。")
    store = open_cli_store(args)
    try:
        report = import_file(store, args.kind, args.file, sheet=args.sheet, unit=args.unit,
                             skip_invalid=args.skip_invalid, dry_run=args.dry_run,
                             operator=operator_of(args), progress=stderr_progress("导入 "))
    except ImportRejectedError as exc:
        if args.json and exc.report is not None:
            emit_json(exc.report.to_json())  # type: ignore[attr-defined]
        raise
    finally:
        store.close()
    if args.json:
        emit_json(report.to_json())
        return 0
    label = KIND_LABELS[args.kind]
    if report.already_imported:
        say(f"文件 {args.file.name} 已导入过（内容相同），未重复导入。")
        return 0
    verb = "可导入" if args.dry_run else "已导入"
    say(f"{verb}{label} {report.imported} 行（文件 {args.file.name}，工作表「{report.sheet}」，"
        f"表头在第 {report.header_row} 行；读取 {report.rows_read} 行，跳过空行 {report.skipped_blank} 行）。")
    for issue in report.rejected:
        say(f"  拒绝 第 {issue.row} 行 {issue.column_letter} 列「{issue.column}」：{issue.reason}")
    for issue in report.warnings:
        say(f"  提醒 第 {issue.row} 行 {issue.column_letter} 列「{issue.column}」：{issue.reason}")
    if args.dry_run:
        say("（试运行：数据库未作任何改动）")
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    from app.records.service import summary

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
    if args.json:
        emit_json(records)
        return 0
    names = LIST_FIELDS.get(args.kind, ("id", "name", "field"))
    say("\t".join(_label(args.kind, n) for n in names))  # tab-separated: pastes into Excel
    for rec in records:
        say("\t".join("" if v is None else _plain(k, v) for k, v in rec.items()))
    sys.stderr.write(f"共 {len(records)} 条{KIND_LABELS[args.kind]}记录\n")
    return 0


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
