"""Reading a text table (.csv, .txt, .tsv) as it streams from the disk.

The encoding is settled first, from the byte-order mark or by decoding the file block by block
(UTF-8, else GB18030, a superset of GBK): Excel's "Unicode 文本" save type is UTF-16LE with a BOM
and tabs between the cells. The rows are then parsed by the csv module from the file, a line at
a time, each line at most MAX_LINE_CHARS long and at most MAX_ROWS of them, so a 200 MB file is
never one 200 MB string. A quote that is opened and never closed swallows the rest of the file
into one cell; that is refused naming the line where the quote opened.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from pathlib import Path

from app.errors import BadFileError
from app.imports.limits import MAX_LINE_CHARS, MAX_ROWS, MB, size_text

Row = list[object]

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def sniff_encoding(path: Path, head: bytes) -> str:
    """The codec the whole file decodes with; BadFileError for binary or unknown encodings."""
    name = path.name
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return codec
    sample = head[:4096]
    if sample.count(b"\x00") > max(len(sample) // 100, 4):  # a stray NUL in a cell is text; many are not
        raise BadFileError(f"文件 {name} 不是文本表格（CSV），内容像是二进制文件。")
    for codec in ("utf-8", "gb18030"):
        if _decodes(path, codec):
            return codec
    raise BadFileError(
        f"文件 {name} 的文字编码无法识别（既不是 UTF-8 也不是 GBK），请在 Excel 中另存为 .xlsx 再导入。"
    )


def _decodes(path: Path, codec: str) -> bool:
    decoder = codecs.getincrementaldecoder(codec)()
    try:
        with open(path, "rb") as f:
            while block := f.read(1 * MB):
                decoder.decode(block)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def read_csv(path: Path, codec: str, delimiter: str | None = None) -> list[Row]:
    """All rows of the text table, padded to one width. The delimiter is sniffed unless given
    (tab-separated text: a comma in `5,000.00` must not split the cell)."""
    name = path.name
    with open(path, encoding=codec, newline="") as f:
        sample = f.read(8192)
        f.seek(0)
        dialect: type[csv.Dialect] | csv.Dialect | str
        if delimiter == "\t":
            dialect = "excel-tab"
        else:
            try:
                dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
            except csv.Error:
                dialect = "excel-tab" if "\t" in sample.split("\n", 1)[0] else csv.excel
        lines = _Lines(f, name)
        reader = csv.reader(lines, dialect, strict=True)
        rows: list[Row] = []
        while True:
            start = lines.count + 1  # the line the next record starts on
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                raise BadFileError(_csv_error(name, start, lines.count, exc)) from exc
            if len(rows) >= MAX_ROWS:
                raise BadFileError(f"文件 {name} 超过 {MAX_ROWS} 行（Excel 一张工作表的上限），请分成几个文件导入。")
            rows.append(row)  # type: ignore[arg-type]
    width = max((len(r) for r in rows), default=0)
    for r in rows:
        if len(r) < width:
            r.extend([""] * (width - len(r)))
    return rows


def _csv_error(name: str, start: int, end: int, exc: csv.Error) -> str:
    text = str(exc)
    if "unexpected end of data" in text or "EOF" in text or end > start:
        return (f"文件 {name} 第 {start} 行有一个没有配对的引号（\"），它之后直到第 {end} 行的内容都会被当作"
                f"同一个单元格。请检查该行的引号后再导入。")
    return f"文件 {name} 第 {start} 行不是格式正确的 CSV（{exc}）。"


class _Lines:
    """The file's lines, each at most MAX_LINE_CHARS; counts them for error messages."""

    def __init__(self, f: io.TextIOBase, name: str) -> None:
        self.f, self.name, self.count = f, name, 0

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = self.f.readline(MAX_LINE_CHARS + 1)
        if not line:
            raise StopIteration
        if len(line) > MAX_LINE_CHARS:
            raise BadFileError(
                f"文件 {self.name} 第 {self.count + 1} 行超过 {size_text(MAX_LINE_CHARS)} 个字符的上限，"
                "不像是正常的表格（可能缺少换行或引号没有配对）。"
            )
        self.count += 1
        return line
