"""Pieces every issued document is made of, on the GB/T 9704 page (app.reports.gbt9704):
body paragraphs, 黑体 headings, tables that keep the text after them on the grid, the issuer's
name and 发文机关标志.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from app.reports.fonts import FontSet
from app.reports.gbt9704 import TEXT_W, GridSnap, GridText
from app.reports.pdf_base import grid_table
from app.reports.text import clean

TABLE_PT = 12.0  # 小四 in tables


def office_name(data: dict[str, Any]) -> str:
    office = data.get("office") or {}
    return clean(office.get("office_name") or office.get("office_unit") or "")


def issuer_mark(data: dict[str, Any]) -> str:
    """发文机关标志: the office's name followed by 文件 (GB/T 9704 7.2.2)."""
    name = office_name(data)
    return f"{name}文件" if name else "文件"


def para(text: str, fonts: FontSet) -> GridText:
    """正文 paragraph: 3号 Song/仿宋, two characters indented."""
    return GridText(clean(text), fonts.body)


def heading(text: str, fonts: FontSet) -> GridText:
    """一级标题 (一、…) in 黑体, indented like the body."""
    return GridText(clean(text), fonts.title)


def plain(text: str, fonts: FontSet) -> GridText:
    return GridText(clean(text), fonts.body, indent=0)


def table(header: Sequence[str], rows: Sequence[Sequence[object]], widths_mm: Sequence[float], fonts: FontSet,
          *, center_cols: Sequence[int] = ()) -> list[Flowable]:
    """A bordered table across the 版心 (widths scaled to 156 mm), then back onto the grid."""
    scale = TEXT_W / (sum(widths_mm) * mm)
    widths = [w * mm * scale for w in widths_mm]
    return [grid_table(header, rows, widths, fonts, size=TABLE_PT, center_cols=center_cols), GridSnap()]


def basis_of(data: dict[str, Any]) -> str:
    """根据《方案》（文号） — the campaign's plan the document acts on."""
    camp = data.get("campaign") or {}
    basis = f"根据《{clean(camp.get('name'))}》" if camp.get("name") else "根据专项整治工作部署"
    if camp.get("doc_no"):
        basis += f"（{clean(camp['doc_no'])}）"
    return basis
