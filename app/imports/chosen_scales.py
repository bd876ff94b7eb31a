"""The unit the user chooses for an amount column whose header states none (the wizard's 金额单位).

A header that states its unit (`罚款金额（万元）`) says what the column means, and a choice cannot
override it. A header that states none is read in 元 — right for most registers, 10,000 times
off for a 万元 list someone retitled — so the clerk who knows the file may say 元, 千元 or 万元
for it; the column is then converted, previewed, checked for doubtful values and reported in that
unit exactly as if its header had said so.
"""

from __future__ import annotations

from app.domain.amount_units import QIAN_YUAN, WAN_YUAN, YUAN
from app.errors import UserError
from app.imports.issues import ColumnInfo
from app.records.fields import FIELDS, FieldType

CHOOSABLE = (YUAN, QIAN_YUAN, WAN_YUAN)


def apply_chosen_scales(kind: str, columns: list[ColumnInfo], scales: dict[int, str] | None) -> None:
    """Give each amount column named in `scales` (0-based column index → 元/千元/万元) that unit.
    UserError for a unit not among them, a column that is not an imported amount, or a column
    whose header states another unit."""
    if not scales:
        return
    types = {f.name: f.type for f in FIELDS[kind]}
    by_index = {c.index: c for c in columns}
    for index, unit in sorted(scales.items()):
        if unit not in CHOOSABLE:
            raise UserError(f"金额单位应为 {'、'.join(CHOOSABLE)} 之一，而不是「{unit}」。")
        col = by_index.get(index)
        if col is None or col.field is None or types.get(col.field) is not FieldType.FEN:
            named = f"{col.letter} 列" if col is not None else f"第 {index + 1} 列"
            raise UserError(f"{named}不是导入的金额列，不能为它指定金额单位。")
        if col.scale is not None and not col.scale_chosen:
            if col.scale != unit:
                raise UserError(f"{col.letter} 列「{col.header}」的表头已注明单位为{col.scale}，不能改按{unit}读。")
            continue
        col.scale, col.scale_chosen = unit, True
