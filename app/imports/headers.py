"""Finding the header row and the data sheet, and mapping columns to the register's fields.

Real ledgers carry title rows, merged cells, a unit line and a date line above the header, and
put the data on the second sheet. The header row is the one among the top rows that names all of
the kind's required fields and the most fields; it may be a block of two or three rows
(header_blocks.py). Each header is read with its unit and hints (header_labels.py). A caller may
instead give its own column mapping (the import wizard lets the user correct ours).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from app.errors import BadFileError
from app.imports.header_blocks import MAX_DEPTH, block_labels
from app.imports.header_labels import HeaderLabel, header_keys, header_text
from app.imports.issues import ColumnInfo
from app.imports.limits import MAX_SHEETS_LISTED
from app.imports.reading import Rows, Workbook, column_letter
from app.records.fields import FIELDS, KIND_LABELS, Field, FieldType

__all__ = ["HeaderMatch", "apply_mapping", "choose_sheet", "detect_header", "header_from", "header_index",
           "header_text", "label_hit"]

SCAN_ROWS = 30  # where the header is looked for first
FAR_SCAN_ROWS = 300  # and how far down, when the first rows hold no complete header
SHEET_REASONS_SHOWN = 5  # a workbook of 1,000 sheets gets a short message, not a list of 1,000
_NO_LABEL = HeaderLabel("", (), None)


@dataclass
class HeaderMatch:
    """The header found on a sheet: its 0-based row index (the last row of a header block: the
    data start below it), the columns and what is missing; `top_index` is the block's first row."""

    row_index: int
    columns: list[ColumnInfo]
    missing: list[str]  # Chinese labels of required fields with no column
    top_index: int | None = None

    @property
    def mapping(self) -> dict[int, str]:
        return {c.index: c.field for c in self.columns if c.field}

    @property
    def ok(self) -> bool:
        return not self.missing

    @property
    def excel_row(self) -> int:
        return self.row_index + 1


@cache
def header_index(kind: str) -> dict[str, tuple[str, bool]]:
    """header key → (field name, is the field's own label), for one kind. Every key a synonym
    gives (brackets kept, brackets removed) is indexed; the first field to claim a key keeps it."""
    index: dict[str, tuple[str, bool]] = {}
    for f in FIELDS[kind]:
        for i, text in enumerate(f.headers):
            for key in header_keys(text):
                if key not in index:
                    index[key] = (f.name, i == 0)
    return index


def required_fields(kind: str) -> list[Field]:
    return [f for f in FIELDS[kind] if f.required]


def label_hit(label: HeaderLabel, kind: str) -> tuple[str, bool] | None:
    """(field, is its own label) a header names, by its most specific known key; None if none."""
    index = header_index(kind)
    for key in label.keys:
        hit = index.get(key)
        if hit is not None:
            return hit
    return None


def _match_labels(labels: list[HeaderLabel], kind: str) -> dict[str, int]:
    """field → column index for one candidate header; a field's own label beats a synonym, and
    otherwise the leftmost column wins."""
    found: dict[str, tuple[int, bool]] = {}
    for col, label in enumerate(labels):
        hit = label_hit(label, kind)
        if hit is None:
            continue
        name, is_label = hit
        prev = found.get(name)
        if prev is None or (is_label and not prev[1]):
            found[name] = (col, is_label)
    return {name: col for name, (col, _label) in found.items()}


def _columns(labels: list[HeaderLabel], mapping: dict[int, str], width: int, kind: str) -> list[ColumnInfo]:
    """The columns with their fields. An amount column carries the unit its header states; a
    column naming a field another column is imported for says which (row_checks warns of it)."""
    types = {f.name: f.type for f in FIELDS[kind]}
    imported_at = {name: col for col, name in mapping.items()}
    out: list[ColumnInfo] = []
    for i in range(width):
        label = labels[i] if i < len(labels) else _NO_LABEL
        name = mapping.get(i)
        scale = label.unit if name is not None and types.get(name) is FieldType.FEN else None
        same_as = None
        if name is None:
            hit = label_hit(label, kind)
            if hit is not None and hit[0] in imported_at:
                same_as = imported_at[hit[0]]
        out.append(ColumnInfo(index=i, letter=column_letter(i), header=label.text, field=name, scale=scale,
                              same_as=same_as))
    return out


def _width(rows: Rows, top: int, bottom: int) -> int:
    return max(max(len(rows[r]) for r in range(top, bottom + 1)), 1)


def _has_text(row: list[object]) -> bool:
    return any(isinstance(c, str) and c.strip() for c in row)


def detect_header(rows: Rows, kind: str) -> HeaderMatch | None:
    """The best header among the top rows, or None when no row names any field. A block of two
    or three rows is taken only where it names more fields than fewer of its rows do. A match
    without all required fields is returned with `missing` filled in."""
    required = [f.name for f in required_fields(kind)]
    best: tuple[tuple[bool, int, int], int, int, dict[str, int]] | None = None
    for r in range(min(len(rows), FAR_SCAN_ROWS)):
        if r == SCAN_ROWS and best is not None and best[0][0]:
            break  # a complete header in the first rows: the rows below are data
        if not _has_text(rows[r]):
            continue
        for top in range(r, max(r - MAX_DEPTH, -1), -1):
            found = _match_labels(block_labels(rows, top, r, _width(rows, top, r)), kind)
            if not found:
                continue
            # complete first, then more fields, then fewer header rows; on a tie the first wins
            score = (all(n in found for n in required), len(found), top - r)
            if best is None or score > best[0]:
                if r >= SCAN_ROWS and not score[0]:
                    continue  # far down, only a complete header counts (data cells can look like one)
                best = (score, top, r, found)
    if best is None:
        return None
    _score, top, r, found = best
    width = _width(rows, top, r)
    mapping = {col: name for name, col in found.items()}
    labels = {f.name: f.label for f in FIELDS[kind]}
    missing = [labels[n] for n in required if n not in found]
    return HeaderMatch(row_index=r, columns=_columns(block_labels(rows, top, r, width), mapping, width, kind),
                       missing=missing, top_index=top)


def header_from(rows: Rows, kind: str, top: int, bottom: int, mapping: dict[int, str] | None = None) -> HeaderMatch:
    """The rows top..bottom (0-based, inclusive) read as the header: the fields its labels name,
    or the caller's `mapping` (checked by apply_mapping first). Used where the user names the row."""
    width = _width(rows, top, bottom)
    if mapping:
        width = max(width, max(mapping) + 1)
    labels = block_labels(rows, top, bottom, width)
    if mapping is None:
        mapping = {col: name for name, col in _match_labels(labels, kind).items()}
    names = set(mapping.values())
    missing = [f.label for f in required_fields(kind) if f.name not in names]
    return HeaderMatch(row_index=bottom, columns=_columns(labels, mapping, width, kind), missing=missing,
                       top_index=top)


def apply_mapping(rows: Rows, kind: str, mapping: dict[int, str], file: str, sheet: str) -> HeaderMatch:
    """A caller's own column → field mapping. The header row is still the detected one (or the
    first non-empty row when nothing looks like a header)."""
    fields = {f.name: f for f in FIELDS[kind]}
    unknown = sorted({name for name in mapping.values() if name not in fields})
    if unknown:
        raise BadFileError(f"列映射有误：{KIND_LABELS[kind]}没有字段 {'、'.join(unknown)}。")
    seen: dict[str, int] = {}
    for col, name in sorted(mapping.items()):
        if col < 0:
            raise BadFileError(f"列映射有误：列号 {col} 无效。")
        if name in seen:
            raise BadFileError(
                f"列映射有误：{column_letter(seen[name])} 列和 {column_letter(col)} 列都对应「{fields[name].label}」。"
            )
        seen[name] = col
    missing = [f.label for f in required_fields(kind) if f.name not in seen]
    if missing:
        raise BadFileError(f"列映射缺少必填列：{'、'.join(f'「{m}」' for m in missing)}（文件 {file}，工作表「{sheet}」）。")
    detected = detect_header(rows, kind)
    first = detected.row_index if detected is not None else first_filled_row(rows)
    if first is None:
        raise BadFileError(f"文件 {file} 的工作表「{sheet}」是空的，没有可导入的内容。")
    r = first
    top = detected.top_index if detected is not None and detected.top_index is not None else r
    width = max(_width(rows, top, r), max(mapping) + 1)
    return HeaderMatch(row_index=r, columns=_columns(block_labels(rows, top, r, width), mapping, width, kind),
                       missing=[], top_index=top)


def _filled(cell: object) -> bool:
    return cell is not None and not (isinstance(cell, str) and not cell.strip())


def first_filled_row(rows: Rows) -> int | None:
    """Index of the first row with any content, however far down; None for an empty sheet."""
    return next((i for i, row in enumerate(rows) if any(_filled(c) for c in row)), None)


def choose_sheet(book: Workbook, kind: str, sheet: str | None,
                 mapping: dict[int, str] | None = None) -> tuple[str, HeaderMatch]:
    """The sheet to import and its header. Without `sheet`, the first sheet whose header names
    the kind's required fields (or, with a mapping, the first non-empty sheet)."""
    if sheet is not None and not book.has_sheet(sheet):  # a hidden sheet may be named
        raise BadFileError(f"文件 {book.name} 中没有名为「{sheet}」的工作表（现有工作表：{_names(book.sheet_names)}）。")
    candidates = [sheet] if sheet is not None else list(book.sheet_names)
    if mapping:
        for name in candidates:
            rows = book.header_rows(name, FAR_SCAN_ROWS)
            if sheet is None and not _sheet_ok(rows, kind):
                continue
            return name, apply_mapping(rows, kind, mapping, book.name, name)
        non_empty = [n for n in candidates if first_filled_row(book.header_rows(n, FAR_SCAN_ROWS)) is not None]
        if not non_empty:
            raise BadFileError(f"文件 {book.name} 中的工作表都是空的，没有可导入的内容。")
        return non_empty[0], apply_mapping(book.header_rows(non_empty[0], FAR_SCAN_ROWS), kind, mapping, book.name, non_empty[0])
    tried: list[str] = []
    for name in candidates:
        rows = book.header_rows(name, FAR_SCAN_ROWS)
        match = detect_header(rows, kind)
        if match is not None and match.ok:
            return name, match
        tried.append(_why_not(name, rows, match, kind))
    raise BadFileError(_no_header_message(book.name, kind, tried))


def _sheet_ok(rows: Rows, kind: str) -> bool:
    m = detect_header(rows, kind)
    return m is not None and m.ok


def _names(names: list[str]) -> str:
    shown = "、".join(f"「{n}」" for n in names[:MAX_SHEETS_LISTED])
    return shown if len(names) <= MAX_SHEETS_LISTED else f"{shown} 等共 {len(names)} 个"


def _why_not(sheet: str, rows: Rows, match: HeaderMatch | None, kind: str) -> str:
    first = first_filled_row(rows)
    if first is None:
        return f"工作表「{sheet}」是空的"
    if first >= FAR_SCAN_ROWS:
        return f"工作表「{sheet}」的前 {FAR_SCAN_ROWS} 行是空的（内容从第 {first + 1} 行开始）"
    missing = match.missing if match is not None else [f.label for f in required_fields(kind)]
    return f"工作表「{sheet}」缺少{'、'.join(f'「{m}」' for m in missing)}列"


def _no_header_message(file: str, kind: str, tried: list[str]) -> str:
    hints = "；".join(f"「{f.label}」（也可写作 {'、'.join(f.synonyms)}）" if f.synonyms else f"「{f.label}」"
                     for f in required_fields(kind))
    shown = "；".join(tried[:SHEET_REASONS_SHOWN])
    if len(tried) > SHEET_REASONS_SHOWN:
        shown += f"；另有 {len(tried) - SHEET_REASONS_SHOWN} 个工作表也没有找到表头"
    return (f"文件 {file} 中找不到{KIND_LABELS[kind]}的表头（已查找每个工作表的前 {FAR_SCAN_ROWS} 行）："
            f"{shown}。表头行必须包含 {hints}。")
