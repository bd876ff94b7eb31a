"""CLI command for importing spreadsheets: `import KIND FILE [--sheet S | --all-sheets] [--unit U]
[--skip-invalid] [--dry-run] [--json]`, and `import undo BATCH` · `import list`
(app/cli/import_batches.py) (CLI.md "Store and records"; the import JSON is
ImportReport.to_json, with --all-sheets AllSheetsReport.to_json). A refused import with --json
prints the report (when there is one) with the `error` document of CLI.md.

`import publications FILE [--published-on DATE]` matches a published list to the case files
(app/imports/publications.py); its JSON adds matched, unmatched, covers and last_published_on."""

from __future__ import annotations

import argparse
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from app.cli.common import emit_json, error_document, open_cli_store, operator_of, say, stderr_progress
from app.errors import BadFileError, ImportRejectedError, UserError

COMMANDS = ("import",)  # the commands register() adds; main registers only the one named

IMPORT_KINDS = ("officers", "cases", "ledger", "receipts")  # the registers (also `list KIND`)
PUBLICATIONS = "publications"  # a published list, matched to the cases: not a register of its own
BATCH_ACTIONS = ("undo", "list")  # `import undo BATCH` · `import list` (app/cli/import_batches.py)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import", help="导入表格（执法人员/案卷/台账/收据；publications：已公示的清单）")
    p.add_argument("kind", choices=(*IMPORT_KINDS, PUBLICATIONS, *BATCH_ACTIONS),
                   help="导入类型；undo BATCH：撤销一个导入批次；list：导入记录")
    p.add_argument("file", type=Path, nargs="?", help="要导入的文件（undo：批次编号）")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--sheet", help="要导入的工作表（也可以是隐藏的工作表）")
    which.add_argument("--all-sheets", action="store_true", help="导入表头相符的每个工作表，每个工作表一个批次")
    p.add_argument("--unit", help="表中没有执法单位列时，记入的执法单位")
    p.add_argument("--skip-invalid", action="store_true", help="只导入有效行，列出被拒绝的行")
    p.add_argument("--dry-run", action="store_true", help="只检查，不写入")
    p.add_argument("--published-on", dest="published_on",
                   help="publications：清单没有公示日期列时，整张清单的公示日期（YYYY-MM-DD）")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_import)


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """The cyclic garbage collector paused for the block.

    An import allocates millions of containers that never form cycles (rows, cells, records),
    which reference counting frees; the collector's full passes over them found nothing and cost
    a quarter of the import's time on 100,000 rows (measured with gc.callbacks)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def cmd_import(args: argparse.Namespace) -> int:
    from app.imports.reading_ahead import read_ahead

    if args.kind in BATCH_ACTIONS:
        from app.cli.import_batches import cmd_batches

        return cmd_batches(args)
    if args.file is None:
        raise UserError(f"命令行参数有误：缺少要导入的文件。用法：import {args.kind} FILE")
    if not args.file.exists():
        raise BadFileError(f"找不到文件 {args.file}。", file=args.file.name)
    if args.kind == PUBLICATIONS:
        return _import_publications(args)
    if args.published_on:
        raise UserError("--published-on 只用于导入公示清单（import publications）。")
    # the file is read on another thread while the services are imported and the store opened
    with no_cycle_collection(), read_ahead(args.file, args.sheet):
        if args.all_sheets:
            return _import_all_sheets(args)
        return _import_one_sheet(args)


def _import_one_sheet(args: argparse.Namespace) -> int:
    from app.imports.service import import_file
    from app.records.fields import KIND_LABELS

    store = open_cli_store(args)
    try:
        with _refusals_said(args, lambda report: _json(report, args.dry_run)):
            report = import_file(store, args.kind, args.file, sheet=args.sheet, unit=args.unit,
                                 skip_invalid=args.skip_invalid, dry_run=args.dry_run,
                                 operator=operator_of(args), progress=stderr_progress("导入 "))
    finally:
        store.close()
    if args.json:
        emit_json(_json(report, args.dry_run))
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
        if not issue.row:  # about the file or the sheet as a whole (a hidden sheet passed over)
            say(f"  提醒 {issue.reason}")
            continue
        say(f"  提醒 第 {issue.row} 行 {issue.column_letter} 列「{issue.column}」：{issue.reason}")
    if args.dry_run:
        for c in report.columns:
            if c.field:
                unit = f"（单位：{c.scale}）" if c.scale else ""
                say(f"  列 {c.letter}「{c.header}」→ {_field_label(args.kind, c.field)}{unit}")
        say("（试运行：数据库未作任何改动）")
    return 0


@contextmanager
def _refusals_said(args: argparse.Namespace, doc: Any = None) -> Iterator[None]:
    """A refused import: with --json its report and the refusal as CLI.md has it, in one document
    on stdout; a bad file is named by its file name. The error then goes on to main()."""
    try:
        yield
    except ImportRejectedError as exc:
        if args.json and exc.report is not None:
            report_doc = doc(exc.report) if doc is not None else exc.report.to_json()  # type: ignore[attr-defined]
            emit_json({**report_doc, **error_document(exc, exc.message)})
        raise
    except BadFileError as exc:
        exc.locate(file=args.file.name)
        raise


def _json(report: Any, dry_run: bool) -> dict[str, Any]:
    """The import JSON; a dry run's adds the columns as matched."""
    doc: dict[str, Any] = report.to_json()
    if dry_run:
        doc["columns"] = columns_json(report.columns)
    return doc


def columns_json(columns: list[Any]) -> list[dict[str, Any]]:
    """The dry run's `columns` (CLI.md): letter, header as in the file, field key or null, the
    unit its header states or null."""
    return [{"column": c.letter, "header": c.header, "field": c.field, "scale": c.scale} for c in columns]


def _field_label(kind: str, name: str) -> str:
    from app.records.fields import FIELDS

    return next((f.label for f in FIELDS[kind] if f.name == name), name)


def _import_all_sheets(args: argparse.Namespace) -> int:
    from app.imports.all_sheets import import_all_sheets
    from app.records.fields import KIND_LABELS

    store = open_cli_store(args)
    try:
        with _refusals_said(args):
            result = import_all_sheets(store, args.kind, args.file, unit=args.unit, skip_invalid=args.skip_invalid,
                                       dry_run=args.dry_run, operator=operator_of(args),
                                       progress=stderr_progress("导入 "))
    finally:
        store.close()
    if args.json:
        emit_json(result.to_json())
        return 0
    label = KIND_LABELS[args.kind]
    verb = "可导入" if args.dry_run else "已导入"
    for report in result.reports:
        if report.already_imported:
            say(f"工作表「{report.sheet}」已导入过（内容相同），未重复导入。")
            continue
        say(f"工作表「{report.sheet}」：{verb}{label} {report.imported} 行（表头在第 {report.header_row} 行；"
            f"读取 {report.rows_read} 行，跳过空行 {report.skipped_blank} 行）。")
    for skipped in result.skipped:
        say(f"  跳过 工作表「{skipped.sheet}」：{skipped.reason}")
    say(f"共{verb}{label} {result.imported} 行（文件 {args.file.name}，{len(result.reports)} 个工作表）。")
    if args.dry_run:
        say("（试运行：数据库未作任何改动）")
    return 0


def _import_publications(args: argparse.Namespace) -> int:
    from app.campaigns.service import to_date
    from app.imports.issues import format_issue
    from app.imports.publications import check_options, import_publications

    check_options(unit=args.unit, all_sheets=args.all_sheets)
    published_on = to_date(args.published_on, "公示日期（--published-on）") if args.published_on else None
    store = open_cli_store(args)
    try:
        with _refusals_said(args):
            report = import_publications(store, args.file, sheet=args.sheet, published_on=published_on,
                                         skip_invalid=args.skip_invalid, dry_run=args.dry_run,
                                         operator=operator_of(args))
    finally:
        store.close()
    if args.json:
        emit_json(report.to_json())
        return 0
    if report.already_imported:
        say(f"文件 {args.file.name} 已导入过（内容相同），未重复导入。")
        return 0
    verb = "可记录" if args.dry_run else "已记录"
    say(f"{verb}公示 {report.matched} 条（文件 {report.file}，工作表「{report.sheet}」，表头在第 {report.header_row} 行；"
        f"读取 {report.rows_read} 行，未对应案卷 {report.unmatched} 行）。")
    if report.covers_from and report.covers_to and report.units:
        say(f"  本清单视为 {report.covers_from.isoformat()} 至 {report.covers_to.isoformat()} 作出的决定的公示"
            f"（执法单位：{'、'.join(report.units)}；最后公示日期 {report.last_published_on}）："
            "其间这些单位的决定未见于清单的，审查时记为未按时公示。")
    for issue in report.rejected:
        say(f"  拒绝 {format_issue(report.file, report.sheet, issue)}")
    for issue in report.warnings:
        say(f"  提醒 {format_issue(report.file, report.sheet, issue)}")
    if args.dry_run:
        say("（试运行：数据库未作任何改动）")
    return 0
