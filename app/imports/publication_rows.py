"""Reading a published list (公示清单): its header, and each row's case number, party, dates.

    read_publication_rows(book, sheet, default_published_on) → PublishedSheet

A published list comes as a 双公示 export (the 2021 30 columns or a local template) or as a
website's list, which may carry no case number at all: its rows are matched to case files by
the number, else by party and decision date (app/imports/publications.py). So a header is
usable when it names a case number, or a party and a decision date. The date a row was
published comes from its 公示日期 / 发布日期 / 公开日期 / 上网日期 / 公示时间 column.

The 2021 standard layout has no column for it: its rows say what was decided, not when it was
put online. For such a file the import refuses, naming the headers it looks for, unless the
user states the one date the whole list was published (`--published-on`) — the program never
takes a file's own date or today's for it: a wrong publication date turns a late publication
into an on-time one, or the reverse, without a word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from app.domain.dates import parse_date
from app.domain.errors import ValueParseError
from app.domain.numbers import normalise_case_no
from app.domain.text import clean_text
from app.errors import BadFileError
from app.imports.header_blocks import MAX_DEPTH, block_labels
from app.imports.header_labels import HeaderLabel, header_keys
from app.imports.issues import ColumnInfo, RowIssue, value_text
from app.imports.none_marks import is_none_mark
from app.imports.reading import Rows, Workbook, column_letter
from app.imports.rows import TOTAL_WORDS, last_data_row
from app.imports.sheet_rows import sheet_rows
from app.records import synonyms as syn

SCAN_ROWS = 30
DATE_FIELDS = frozenset({"decided_on", "published_on"})
# field → headers meaning it; the first is the program's own label
PUBLICATION_HEADERS: dict[str, tuple[str, ...]] = {
    "case_no": ("案号", *syn.CASE_NO),
    "party": ("当事人", *syn.PARTY),
    "decided_on": ("决定日期", *syn.DECIDED_ON),
    "published_on": ("公示日期", "发布日期", "公开日期", "上网日期", "公示时间", "发布时间", "公开时间", "上网时间",
                     "公布日期", "信息公开日期", "发布日期时间"),
    "title": ("标题", "信息标题", "公示标题", "公告标题", "信息名称"),
    "url": ("链接", "网址", "链接地址", "网页链接", "网页地址", "URL"),
}
LABELS = {name: headers[0] for name, headers in PUBLICATION_HEADERS.items()}
_INDEX: dict[str, str] = {}
for _name, _headers in PUBLICATION_HEADERS.items():
    for _text in _headers:
        for _key in header_keys(_text):
            _INDEX.setdefault(_key, _name)
_TIME_AFTER = re.compile(r"^(\S+)[\sT]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")  # 2021-08-10 15:30:00


@dataclass
class PublishedRow:
    source_row: int
    case_no: str = ""
    case_key: str = ""
    party: str = ""
    decided_on: date | None = None
    published_on: date | None = None
    title: str = ""
    url: str = ""


@dataclass
class PublishedSheet:
    sheet: str
    header_row: int  # as Excel shows it
    columns: list[ColumnInfo]
    rows: list[PublishedRow] = field(default_factory=list)
    rejected: list[RowIssue] = field(default_factory=list)
    warnings: list[RowIssue] = field(default_factory=list)
    rows_read: int = 0
    skipped_blank: int = 0

    def column(self, name: str) -> ColumnInfo | None:
        return next((c for c in self.columns if c.field == name), None)


def _field_of(label: HeaderLabel) -> str | None:
    return next((_INDEX[k] for k in label.keys if k in _INDEX), None)


def _usable(found: dict[str, int]) -> bool:
    return "case_no" in found or ("party" in found and "decided_on" in found)


def _match(labels: list[HeaderLabel]) -> dict[str, int]:
    found: dict[str, int] = {}
    for col, label in enumerate(labels):
        name = _field_of(label)
        if name is not None and name not in found:  # the leftmost column naming a field wins
            found[name] = col
    return found


def _header(rows: Rows) -> tuple[int, int, dict[str, int]] | None:
    """(top, bottom, field → column) of the best usable header in the first rows."""
    best: tuple[tuple[int, int], int, int, dict[str, int]] | None = None
    for r in range(min(len(rows), SCAN_ROWS)):
        for top in range(r, max(r - MAX_DEPTH, -1), -1):
            width = max(max(len(rows[k]) for k in range(top, r + 1)), 1)
            found = _match(block_labels(rows, top, r, width))
            if not _usable(found):
                continue
            score = (len(found), top - r)
            if best is None or score > best[0]:
                best = (score, top, r, found)
    return None if best is None else (best[1], best[2], best[3])


def find_header(book: Workbook, sheet: str | None) -> tuple[str, int, list[ColumnInfo]]:
    """(sheet, header row index, columns) of the first sheet whose header is usable."""
    if sheet is not None and not book.has_sheet(sheet):
        raise BadFileError(f"文件 {book.name} 中没有名为「{sheet}」的工作表。", file=book.name)
    for name in [sheet] if sheet is not None else book.sheet_names:
        rows = book.rows(name)
        hit = _header(rows)
        if hit is None:
            continue
        top, bottom, found = hit
        width = max(max(len(rows[k]) for k in range(top, bottom + 1)), 1)
        labels = block_labels(rows, top, bottom, width)
        by_col = {col: f for f, col in found.items()}
        return name, bottom, [ColumnInfo(i, column_letter(i), labels[i].text, by_col.get(i)) for i in range(width)]
    need = (f"「{LABELS['case_no']}」（或 {'、'.join(syn.CASE_NO[:5])} 等），或者「{LABELS['party']}」和"
            f"「{LABELS['decided_on']}」两列")
    raise BadFileError(f"文件 {book.name} 中找不到公示清单的表头（已查找每个工作表的前 {SCAN_ROWS} 行）："
                       f"表头须有{need}。", file=book.name)


def _date(raw: object) -> date | None:
    if isinstance(raw, str):
        m = _TIME_AFTER.match(raw.strip())
        if m:
            raw = m.group(1)
    return parse_date(raw)


def _is_total(text: str) -> bool:
    return "".join(text.split()).rstrip(":：") in TOTAL_WORDS


def _cell(row: list[object], col: int) -> object:
    return row[col] if col < len(row) else None


def read_publication_rows(book: Workbook, sheet: str | None, default_published_on: date | None) -> PublishedSheet:
    """The list's rows, each bad cell a rejection naming its row and column."""
    name, header_index, columns = find_header(book, sheet)
    plan = {c.field: c for c in columns if c.field}
    if "published_on" not in plan and default_published_on is None:
        heads = "、".join(f"「{h}」" for h in PUBLICATION_HEADERS["published_on"][:5])
        raise BadFileError(f"文件 {book.name} 工作表「{name}」没有公示日期列（{heads} 之一），无法知道这些决定是哪天公示的。"
                           "请在表中加上公示日期列，或用 --published-on 日期 说明整张清单的公示日期。",
                           file=book.name, sheet=name)
    rows, notes = sheet_rows(book, name, header_index, columns, named=sheet is not None)
    out = PublishedSheet(name, header_index + 1, columns, warnings=list(notes))
    end = last_data_row(rows, header_index + 1)
    out.rows_read = max(end - header_index - 1, 0)
    for r in range(header_index + 1, end):
        row = rows[r]
        cells = {f: _cell(row, c.index) for f, c in plan.items()}
        texts = {f: clean_text(v) for f, v in cells.items()}
        if not any(texts.values()) or any(_is_total(t) for t in texts.values() if t):
            out.skipped_blank += 1
            continue
        rec = PublishedRow(r + 1, case_no=texts.get("case_no", ""), party=texts.get("party", ""),
                           title=texts.get("title", ""), url=texts.get("url", ""))
        problems = []
        for f in DATE_FIELDS & plan.keys():
            raw = cells[f]
            if is_none_mark(raw):
                continue
            try:
                setattr(rec, f, _date(raw))
            except ValueParseError as exc:
                c = plan[f]
                problems.append(RowIssue(r + 1, c.header, c.letter, value_text(raw), exc.reason))
        rec.case_key = normalise_case_no(rec.case_no) if rec.case_no else ""
        if rec.published_on is None and not problems:
            if default_published_on is None:
                c = plan["published_on"]
                problems.append(RowIssue(r + 1, c.header, c.letter, "", "公示日期为空"))
            else:
                rec.published_on = default_published_on
        if problems:
            out.rejected.extend(problems)
        else:
            out.rows.append(rec)
    return out
