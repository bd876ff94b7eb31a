"""A web system's "导出Excel": an HTML table saved with the .xls extension, read as a sheet.

The 非税 and 执法平台 web systems write `<table>` with `<tr><td>` (or `<th>`) and call it .xls;
Excel opens it with a warning. Rows are numbered as the table shows them: every `<tr>` of every
top-level table in document order is one row, and a cell with rowspan/colspan sits where the
table draws it, its value in the top-left cell and the range returned as a merged range (so the
data rows below the header are filled like merged cells in a workbook). The encoding is the
page's own (`<meta charset>` or `content="…; charset=…"`), else UTF-8, else GB18030 (a superset
of GBK and GB2312).

The page is decoded and parsed in blocks by the standard library's html.parser, so memory stays
within what the rows need; rows, columns, cells, spans and one cell's text are bounded by the
same limits as a workbook (limits.py).
"""

from __future__ import annotations

import codecs
import contextlib
import re
from html.parser import HTMLParser
from pathlib import Path

from app.errors import BadFileError
from app.imports.limits import MAX_CELLS, MAX_COLUMNS, MAX_LINE_CHARS, MAX_ROWS, MB, count_text
from app.imports.merged_cells import MergedRange

BLOCK = 1 * MB
MAX_COLSPAN = 1000  # the HTML standard's own limits on spans
MAX_ROWSPAN = 65534
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_TABLE_MARK = re.compile(rb"<table\b", re.I)
_CODEC_NAMES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
                "cp936": "gb18030", "utf8": "utf-8"}
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def looks_like_html_table(head: bytes) -> bool:
    """Whether the first bytes are markup holding a table (not an XML workbook or other XML)."""
    for bom, codec in _BOMS:
        if head.startswith(bom):
            text = head[len(bom):].decode(codec.replace("-sig", ""), "ignore").encode("utf-8", "ignore")
            return looks_like_html_table(text)
    stripped = head.lstrip()
    return stripped[:1] == b"<" and _TABLE_MARK.search(head) is not None


def page_codecs(head: bytes) -> list[str]:
    """The encodings to try, in order: the BOM's, the page's declared one, UTF-8, GB18030."""
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return [codec]
    found: list[str] = []
    m = _META_CHARSET.search(head)
    if m:
        declared = m.group(1).decode("ascii", "ignore").lower()
        declared = _CODEC_NAMES.get(declared, declared)
        with contextlib.suppress(LookupError):  # an unknown name: try the usual ones
            found.append(codecs.lookup(declared).name)
    for codec in ("utf-8", "gb18030"):
        if codec not in found:
            found.append(codec)
    return found


def read_html_table(path: Path, head: bytes) -> tuple[list[list[object]], list[MergedRange]]:
    """The rows and merged ranges of every top-level table of the page."""
    name = path.name
    for codec in page_codecs(head):
        try:
            parser = _TableParser(name)
            decoder = codecs.getincrementaldecoder(codec)()
            with open(path, "rb") as f:
                while block := f.read(BLOCK):
                    parser.feed(decoder.decode(block))
            parser.feed(decoder.decode(b"", final=True))
            parser.close()
        except UnicodeDecodeError:
            continue
        except OSError as exc:
            raise BadFileError(f"无法读取文件 {name}：{exc.strerror or exc}。", file=name) from exc
        if not parser.rows:
            raise BadFileError(f"文件 {name} 是网页文件，但其中没有表格（<table>）内容。", file=name)
        return parser.finish()
    raise BadFileError(f"文件 {name} 是网页导出的表格，但文字编码无法识别（既不是 UTF-8 也不是 GBK）。"
                       "请用 Excel 打开后“另存为” .xlsx 文件，再导入。", file=name)


class _TableParser(HTMLParser):
    """Lays the cells of top-level tables out on a grid, as a browser draws them."""

    def __init__(self, file: str) -> None:
        super().__init__(convert_charrefs=True)
        self.file = file
        self.rows: list[list[object]] = []
        self.merged: list[MergedRange] = []
        self.cells = 0
        self._depth = 0  # nesting of <table>; only depth 1 makes rows
        self._skip = 0  # inside <script>/<style>
        self._table_start = 0  # first row of the current table
        self._covered: list[int] = []  # per column: rows still covered by a rowspan above
        self._row: list[object] | None = None
        self._col = 0
        self._text: list[str] | None = None
        self._text_len = 0
        self._cell: tuple[int, int, int, int] | None = None  # row, col, rowspan, colspan

    # --- tags ---------------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "table":
            self._depth += 1
            if self._depth == 1:
                self._table_start, self._covered = len(self.rows), []
        elif self._depth != 1:
            if tag == "br" and self._text is not None:
                self._text.append("\n")
        elif tag == "tr":
            self._end_row()
            self._start_row()
        elif tag in ("td", "th"):
            if self._row is None:
                self._start_row()
            self._end_cell()
            self._start_cell(dict(attrs))
        elif tag == "br" and self._text is not None:
            self._text.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(self._skip - 1, 0)
        elif tag == "table":
            if self._depth == 1:
                self._end_row()
                self._clip_spans()
            self._depth = max(self._depth - 1, 0)
        elif self._depth != 1:
            return
        elif tag in ("td", "th"):
            self._end_cell()
        elif tag == "tr":
            self._end_row()

    def handle_data(self, data: str) -> None:
        if self._skip or self._text is None:
            return
        self._text_len += len(data)
        if self._text_len > MAX_LINE_CHARS:
            raise BadFileError(f"文件 {self.file} 第 {len(self.rows) + 1} 行有一个单元格的内容超过 "
                               f"{MAX_LINE_CHARS // MB} MB，不像是正常的表格。", file=self.file,
                               row=len(self.rows) + 1)
        self._text.append(data)

    # --- the grid -----------------------------------------------------------------------------
    def _start_row(self) -> None:
        if len(self.rows) >= MAX_ROWS:
            raise BadFileError(f"文件 {self.file} 的表格超过 {MAX_ROWS} 行（Excel 一张工作表的上限），"
                               "请分成几个文件导入。", file=self.file)
        self._row, self._col = [], 0
        self.rows.append(self._row)

    def _end_row(self) -> None:
        if self._row is None:
            return
        self._end_cell()
        row = self._row
        for c, left in enumerate(self._covered):  # covered cells at the end of the row
            if left and c >= len(row):
                row.extend([""] * (c + 1 - len(row)))
        self._covered = [n - 1 if n else 0 for n in self._covered]
        self._row = None

    def _start_cell(self, attrs: dict[str, str | None]) -> None:
        row = self._row
        assert row is not None
        covered = self._covered
        col = self._col
        while col < len(covered) and covered[col]:
            col += 1  # a cell of a rowspan above sits here
        rowspan = _span(attrs.get("rowspan"), MAX_ROWSPAN, zero=MAX_ROWSPAN)
        colspan = _span(attrs.get("colspan"), MAX_COLSPAN, zero=1)
        if col + colspan > MAX_COLUMNS:
            raise BadFileError(f"文件 {self.file} 的表格第 {len(self.rows)} 行超过 {MAX_COLUMNS} 列的上限，"
                               "不像是正常的表格。", file=self.file, row=len(self.rows))
        if len(row) < col + colspan:
            row.extend([""] * (col + colspan - len(row)))
        if rowspan > 1:
            if len(covered) < col + colspan:
                covered.extend([0] * (col + colspan - len(covered)))
            for c in range(col, col + colspan):
                covered[c] = rowspan  # this row counts too: _end_row takes one off
        self._cell = (len(self.rows) - 1, col, rowspan, colspan)
        self._col = col + colspan
        self._text, self._text_len = [], 0
        self.cells += colspan
        if self.cells > MAX_CELLS:
            raise BadFileError(f"文件 {self.file} 的表格超过 {count_text(MAX_CELLS)}个单元格的上限，"
                               "请分成几个文件导入。", file=self.file)

    def _end_cell(self) -> None:
        if self._cell is None or self._row is None or self._text is None:
            self._cell = self._text = None
            return
        r, col, rowspan, colspan = self._cell
        self._row[col] = _cell_text("".join(self._text))
        if rowspan > 1 or colspan > 1:
            self.merged.append(MergedRange(r, col, r + rowspan - 1, col + colspan - 1))
        self._cell = self._text = None

    def _clip_spans(self) -> None:
        """A rowspan reaching past its table's last row ends there, as a browser draws it."""
        last = len(self.rows) - 1
        for i, m in enumerate(self.merged):
            if m.first_row >= self._table_start and m.last_row > last:
                self.merged[i] = MergedRange(m.first_row, m.first_col, last, m.last_col)
        self._covered = []

    def finish(self) -> tuple[list[list[object]], list[MergedRange]]:
        width = max((len(r) for r in self.rows), default=0)
        for r in self.rows:
            if len(r) < width:
                r.extend([""] * (width - len(r)))
        return self.rows, self.merged


def _span(value: str | None, limit: int, *, zero: int) -> int:
    try:
        n = int((value or "1").strip())
    except ValueError:
        return 1
    if n == 0:
        return zero
    return min(max(n, 1), limit)


def _cell_text(text: str) -> str:
    """The text a browser shows: runs of spaces, tabs and &nbsp; one space, <br> a line break."""
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
