"""Header blocks: a header written over two or three rows, read as one row of labels.

    | 案号 | 当事人 | 处罚决定            | 缴款情况            |
    |      |        | 罚款金额（元）| 决定日期 | 缴款日期 | 票据号码 |

A parent label (处罚决定) covers the columns of its children; a label merged down (案号) stands
alone. A reader gives a merged cell's value in its top-left cell and empty cells to the right
and below, so a parent spans the empty cells after it for as long as there is a label below
them in the block; a label with nothing below it (merged down) spans nothing. Each column's labels are joined
top to bottom ("处罚决定/罚款金额（元）") and matched by the whole and by each tail, longest first,
so 罚款金额（元） is found under any parent and 缴款 + 日期 could read as 缴款日期.
"""

from __future__ import annotations

from app.imports.header_labels import HeaderLabel, header_keys, header_text, header_unit, read_label
from app.imports.reading import Rows

MAX_DEPTH = 3  # header rows in one block
JOIN = "/"


def _filled(cell: object) -> bool:
    return cell is not None and not (isinstance(cell, str) and not cell.strip())


def _label_cell(cell: object) -> bool:
    """Only text cells are labels (a number or date above a header is a title's part or data)."""
    return isinstance(cell, str) and bool(cell.strip())


def _cell(rows: Rows, r: int, c: int) -> object:
    row = rows[r]
    return row[c] if c < len(row) else None


def _spread(rows: Rows, r: int, bottom: int, width: int) -> list[object]:
    """Row r's labels with each parent carried over the empty cells after it that have a
    label below them in the block."""
    out: list[object] = []
    carry: object = None
    for c in range(width):
        cell = _cell(rows, r, c)
        below = any(_filled(_cell(rows, k, c)) for k in range(r + 1, bottom + 1))
        if _label_cell(cell):
            out.append(cell)
            carry = cell if below else None
        elif carry is not None and not _filled(cell) and below:
            out.append(carry)
        else:
            out.append(None)
            carry = None
    return out


def block_labels(rows: Rows, top: int, bottom: int, width: int) -> list[HeaderLabel]:
    """One HeaderLabel per column for the header rows top..bottom (inclusive)."""
    if top == bottom:
        return [read_label(c) if _label_cell(c) else HeaderLabel(header_text(c), (), None)
                for c in (_cell(rows, bottom, i) for i in range(width))]
    layers = [_spread(rows, r, bottom, width) for r in range(top, bottom)]
    layers.append([_cell(rows, bottom, c) for c in range(width)])
    out: list[HeaderLabel] = []
    for c in range(width):
        parts: list[object] = []
        for layer in layers:
            cell = layer[c]
            if _label_cell(cell) and (not parts or header_text(parts[-1]) != header_text(cell)):
                parts.append(cell)
        out.append(_joined(parts))
    return out


def _joined(parts: list[object]) -> HeaderLabel:
    if not parts:
        return HeaderLabel("", (), None)
    if len(parts) == 1:
        return read_label(parts[0])
    texts = [header_text(p) for p in parts]
    keys: list[str] = []
    for k in range(len(parts)):
        keys.extend(header_keys("".join(str(p) for p in parts[k:])))
    unit = next((u for u in map(header_unit, reversed(parts)) if u is not None), None)
    return HeaderLabel(JOIN.join(texts), tuple(dict.fromkeys(keys)), unit)
