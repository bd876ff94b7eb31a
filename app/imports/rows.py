"""Turning the data rows under a header into records, with every problem named by cell.

A plan is built once per import (one converter per mapped column); the loop then does no
registry look-ups. Blank rows, rows that only carry a pre-printed 序号, and a closing 合计/总计
row are skipped, not errors. A row with any unreadable cell or a missing required field is
rejected as a whole; each bad cell becomes one RowIssue.

Two things a cell may hold are never passed over quietly: a formula the file carries without its
result (the reader would show it empty) rejects the row naming the cell, and control, bidi or
tag characters removed from a text are a warning naming the cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from app.domain.errors import ValueParseError
from app.domain.ids import check_id
from app.domain.text import clean_text
from app.imports.issues import ColumnInfo, RowIssue, value_text
from app.imports.none_marks import blank_none_marks
from app.imports.reading import Rows, Uncalculated
from app.imports.row_checks import UNCALCULATED, ColumnPlan, UnitDoubts, duplicate_columns, warn_unsafe
from app.imports.row_finish import FINISHERS, RowRejected
from app.imports.values import BLANK, converter
from app.jobs import Cancel, Progress, raise_if_cancelled
from app.records.fields import FIELDS, FieldType

CHUNK = 1000  # rows between progress reports and cancel checks
NOT_CONTENT = frozenset({"seq"})  # a row holding only its 序号 is an empty pre-numbered row
TOTAL_WORDS = frozenset({"合计", "总计", "总合计", "本页合计", "本月合计", "本年合计", "累计", "合计金额"})


@dataclass
class Converted:
    """What the rows gave: records (dicts with `source_row`) and the problems found."""

    records: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[RowIssue] = field(default_factory=list)
    warnings: list[RowIssue] = field(default_factory=list)
    rejected_rows: set[int] = field(default_factory=set)
    skipped_blank: int = 0
    rows_read: int = 0


def make_plan(kind: str, columns: list[ColumnInfo]) -> list[ColumnPlan]:
    """One plan per mapped column, with the unit its header states and the other columns that
    name the same field (not imported; convert_rows warns of them)."""
    types = {f.name: f.type for f in FIELDS[kind]}
    duplicates: dict[int, list[tuple[str, str]]] = {}
    for c in columns:
        if c.same_as is not None and not c.field:
            duplicates.setdefault(c.same_as, []).append((c.letter, c.header))
    return [ColumnPlan(c.index, c.field, types[c.field], c.header, c.letter, c.scale,
                       tuple(duplicates.get(c.index, ())))
            for c in columns if c.field]


def _is_blank_cell(c: object) -> bool:
    return c is None or (c.__class__ is str and not c.strip())


def _is_total(text: str) -> bool:
    """"合计", "合 计", "总计：", "本页合计" — but not a name that merely starts with 合计."""
    return "".join(text.split()).rstrip(":：") in TOTAL_WORDS


def last_data_row(rows: Rows, start: int) -> int:
    """Index after the last row with any content (formatted empty rows at the end don't count)."""
    end = len(rows)
    while end > start and all(_is_blank_cell(c) or c == "" for c in rows[end - 1]):
        end -= 1
    return end


# Types whose text cells are the stripped text (other cells go through the converter).
TEXT_LIKE = (FieldType.TEXT, FieldType.CERT, FieldType.RECEIPT_REMARK)


def record_template(kind: str) -> dict[str, Any]:
    """A record with every field of the kind at its blank value; rows start from a copy."""
    return {f.name: BLANK[f.type] for f in FIELDS[kind]}


def convert_rows(kind: str, rows: Rows, header_index: int, plan: list[ColumnPlan], *,
                 default_unit: str | None = None, progress: Progress | None = None,
                 cancel: Cancel | None = None) -> Converted:
    """The records and problems of the data rows under the header (rows[header_index + 1:])."""
    converter = RowConverter(kind, plan, header_index, default_unit=default_unit)
    out = converter.out
    first = header_index + 1
    end = last_data_row(rows, first)
    out.warnings.extend(blank_none_marks(kind, rows, first, end, plan))  # `/`, `—`, `无` … mean none
    total = max(end - first, 0)
    out.rows_read = total
    for start in range(first, end, CHUNK):
        raise_if_cancelled(cancel)
        if progress is not None:
            progress(start - first, total, "检查数据行")
        converter.convert(rows, start, min(end, start + CHUNK))
    converter.finish()
    if progress is not None:
        progress(total, total, "检查数据行")
    return out


class RowConverter:
    """The row loop, fed a run of rows at a time: convert_rows feeds it a sheet's rows in one
    list, a streamed import (streamed.py) one chunk of the sheet after another. Records and
    problems gather in `out`; finish() adds the warnings about whole columns."""

    def __init__(self, kind: str, plan: list[ColumnPlan], header_index: int, *,
                 default_unit: str | None = None) -> None:
        self.kind = kind
        self.out = Converted()
        self.out.warnings.extend(duplicate_columns(plan, header_index + 1))
        self.column_warnings = len(self.out.warnings)  # the warnings about the header come first
        self.doubts = UnitDoubts(plan)
        self.width = max((p.index for p in plan), default=0) + 1
        self.required = [f.name for f in FIELDS[kind] if f.required]
        self.by_field = {p.field: p for p in plan}
        # one list per kind of work, so the loop below does no per-cell dispatch on the type
        self.text_cols = [(p.index, p.field, converter(p.type)) for p in plan if p.type in TEXT_LIKE]
        self.date_cols = [(p.index, p.field, converter(p.type)) for p in plan if p.type is FieldType.DATE]
        self.other_cols = [(p.index, p.field, converter(p.type, p.scale)) for p in plan
                           if p.type not in TEXT_LIKE and p.type is not FieldType.DATE]
        self.content_at = [p.index for p in plan if p.field not in NOT_CONTENT]
        self.id_cols = [p for p in plan if p.type is FieldType.ID]
        self.template = record_template(kind)
        self.template["unit"] = (default_unit or "").strip()

    def finish(self) -> Converted:
        """The warnings about amount columns whose values do not fit their unit, added last."""
        self.out.warnings.extend(self.doubts.found())
        return self.out

    def convert(self, rows: Rows, start: int, end: int, offset: int = 0) -> None:
        """Convert rows[start:end]; rows[i] is the sheet's row index offset + i."""
        out = self.out
        width, required, by_field = self.width, self.required, self.by_field
        text_cols, date_cols, other_cols = self.text_cols, self.date_cols, self.other_cols
        content_at, id_cols = self.content_at, self.id_cols
        finish = FINISHERS[self.kind]
        template = self.template
        default_unit_text = template["unit"]
        records = out.records
        warnings = out.warnings
        skipped = 0
        first_new = len(records)

        def issue(p: ColumnPlan | None, row_no: int, raw: object, reason: str) -> RowIssue:
            if p is None:
                return RowIssue(row_no, "", "", value_text(raw), reason)
            return RowIssue(row_no, p.header, p.letter, value_text(raw), reason)

        for r in range(start, end):
            row = rows[r]
            # blank and closing rows: the first truthy cell decides cheaply
            if not any(row):
                if all(c == "" or c is None for c in row):
                    skipped += 1
                    continue
            else:
                for c in row:
                    if c:
                        break
                if c.__class__ is str:
                    s = c.strip()
                    if not s:
                        if all(_is_blank_cell(x) for x in row):
                            skipped += 1
                            continue
                    elif s[-1] in "计额：:" and _is_total(s):
                        skipped += 1
                        continue
            if len(row) < width:
                row = [*row, *([""] * (width - len(row)))]
            # a row whose mapped cells are empty but for 序号 is a pre-numbered empty row
            for i in content_at:
                c = row[i]
                if c.__class__ is str:
                    if c and not c.isspace():
                        break
                elif c is not None:
                    break
            else:
                skipped += 1
                continue
            row_no = offset + r + 1
            rec = template.copy()
            rec["source_row"] = row_no
            errors: list[RowIssue] | None = None
            for idx, name, conv in text_cols:
                raw = row[idx]
                if raw.__class__ is str:
                    if raw:
                        if raw.isprintable():
                            rec[name] = raw.strip()
                        else:
                            rec[name] = clean_text(raw)
                            warn_unsafe(warnings, issue, by_field[name], row_no, raw)
                elif raw.__class__ is Uncalculated:
                    errors = _failed(errors, issue(by_field[name], row_no, raw, UNCALCULATED))
                elif raw is not None:
                    try:
                        rec[name] = conv(raw)
                    except ValueParseError as exc:
                        errors = _failed(errors, issue(by_field[name], row_no, raw, exc.reason))
            for idx, name, conv in date_cols:
                raw = row[idx]
                if raw.__class__ is date:
                    rec[name] = raw
                elif raw.__class__ is Uncalculated:
                    errors = _failed(errors, issue(by_field[name], row_no, raw, UNCALCULATED))
                elif raw != "" and raw is not None:
                    try:
                        rec[name] = conv(raw)
                    except ValueParseError as exc:
                        errors = _failed(errors, issue(by_field[name], row_no, raw, exc.reason))
            for idx, name, conv in other_cols:
                raw = row[idx]
                if raw.__class__ is Uncalculated:
                    errors = _failed(errors, issue(by_field[name], row_no, raw, UNCALCULATED))
                elif raw != "" and raw is not None:
                    if raw.__class__ is str and not raw.isprintable():
                        warn_unsafe(warnings, issue, by_field[name], row_no, raw)
                    try:
                        rec[name] = conv(raw)
                    except ValueParseError as exc:
                        errors = _failed(errors, issue(by_field[name], row_no, raw, exc.reason))
            if errors is None:
                for name in required:
                    if rec[name] is None or rec[name] == "":
                        if errors is None:
                            errors = []
                        p = by_field[name]
                        errors.append(issue(p, row_no, "", f"缺少必填项「{p.header or name}」"))
            if errors is None:
                for p in id_cols:
                    value = rec[p.field]
                    if value:
                        warning = check_id(value)
                        if warning:
                            warnings.append(issue(p, row_no, value, warning))
                if not rec["unit"]:
                    rec["unit"] = default_unit_text
                try:
                    finish(rec, by_field, warnings)
                except RowRejected as exc:
                    errors = [issue(by_field.get(exc.field), row_no, exc.value, exc.reason)]
            if errors is not None:
                out.rejected.extend(errors)
                out.rejected_rows.add(row_no)
                continue
            records.append(rec)
        out.skipped_blank += skipped
        self.doubts.feed(records, first_new)


def _failed(errors: list[RowIssue] | None, problem: RowIssue) -> list[RowIssue]:
    if errors is None:
        errors = []
    errors.append(problem)
    return errors
