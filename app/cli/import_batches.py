"""`import undo BATCH [--json]` and `import list [--json]` (CLI.md "Store and records"): the
import batches, and undoing one as a whole (app/imports/undo.py). A refused undo is exit 2 with
every reason on stderr (and in the error document's `reasons` with --json); nothing is written."""

from __future__ import annotations

import argparse

from app.cli.common import cli_store, emit_json, error_document, operator_of, say
from app.errors import UserError


def _batch_id(args: argparse.Namespace) -> int:
    text = str(args.file) if args.file is not None else ""
    if not text.isdigit() or int(text) <= 0:
        raise UserError(f"命令行参数有误：导入批次编号「{text}」应为正整数。用法：import undo BATCH"
                        "（批次编号见 import list）")
    return int(text)


def cmd_batches(args: argparse.Namespace) -> int:
    return _undo(args) if args.kind == "undo" else _list(args)


def _undo(args: argparse.Namespace) -> int:
    from app.imports.undo import UndoRefusedError, undo_import

    batch_id = _batch_id(args)
    with cli_store(args) as store:
        try:
            result = undo_import(store, batch_id, operator=operator_of(args))
        except UndoRefusedError as exc:
            if args.json:
                doc = error_document(exc, exc.message)
                doc["error"]["reasons"] = exc.reasons
                emit_json(doc)
            raise
    if args.json:
        emit_json(result.to_json())
    else:
        say(result.message())
        say(f"撤销前的数据库已备份为 {result.backup}")
    return 0


def _list(args: argparse.Namespace) -> int:
    from app.imports.undo import list_batches
    from app.records.fields import KIND_LABELS

    if args.file is not None:
        raise UserError("命令行参数有误：import list 不带文件。")
    with cli_store(args) as store:
        batches = list_batches(store)
    if args.json:
        emit_json([b.to_json() for b in batches])
        return 0
    for b in batches:
        left = "" if b.present == b.imported else f"（现存 {b.present} 行）"
        say(f"#{b.id}\t{b.imported_at:%Y-%m-%d %H:%M}\t{KIND_LABELS[b.kind]}\t{b.imported} 行{left}\t"
            f"{b.file_name}{'「' + b.sheet + '」' if b.sheet else ''}\t{b.operator}")
    say(f"共 {len(batches)} 个导入批次。")
    return 0
