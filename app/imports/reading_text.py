"""A file named like a workbook (.xls, .xlsx) that is text: what web systems' "导出Excel" writes.

An HTML table is read by reading_html, tab-separated text by reading_csv (Excel opens both and
shows them as a sheet, so clerks keep them as .xls); any other text is refused saying what it is
and what to do.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from app.errors import BadFileError
from app.imports.merged_cells import MergedRange
from app.imports.reading_csv import read_csv, sniff_encoding
from app.imports.reading_html import looks_like_html_table, read_html_table

SAVE_AS_XLSX = "请用 Excel 或 WPS 打开后“另存为” Excel 工作簿（.xlsx）文件，再导入。"


def read_text_export(path: Path, head: bytes) -> tuple[list[list[object]], list[MergedRange]]:
    """The rows (and merged ranges) of a text file named as a workbook; BadFileError otherwise."""
    name = path.name
    if looks_like_html_table(head):
        return read_html_table(path, head)
    if head.lstrip()[:1] == b"<" or head.startswith(codecs.BOM_UTF8 + b"<"):
        raise BadFileError(f"文件 {name} 实际上是网页（HTML/XML）文件而不是 Excel 表格，其中也没有可读取的表格。"
                           f"{SAVE_AS_XLSX}", file=name)
    if _is_tab_text(path, head):
        return read_csv(path, sniff_encoding(path, head), delimiter="\t"), []
    raise BadFileError(f"文件 {name} 不是 Excel 表格（文件内容无法识别），可能已损坏或只是改了扩展名。", file=name)


def _is_tab_text(path: Path, head: bytes) -> bool:
    """Text (in an encoding sniff_encoding accepts) whose first line has a tab."""
    try:
        codec = sniff_encoding(path, head)
    except BadFileError:
        return False
    first = head.decode(codec, "ignore").lstrip("\ufeff").split("\n", 1)[0]
    return "\t" in first
