"""Any list as a printable PDF: a titled A4 table, landscape when its columns are too wide for
portrait, the header repeated on every page, 第 N 页 共 M 页 below — the look of the reports
(app/reports/pdf_base.py) with the embedded CJK font (app/reports/fonts.py).

Column widths follow the content: each column gets the width its header and its typical text
ask for (the 80th percentile of the first rows, so one long remark does not starve the rest),
scaled to the page; long text wraps inside its cell.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from reportlab.platypus import Paragraph, Spacer

from app.jobs import Cancel, raise_if_cancelled
from app.reports.fonts import report_fonts
from app.reports.output import CANCELLED_MESSAGE
from app.reports.pdf_base import CELL_PAD, build_pdf, char_widths, esc, frame_width, grid_table, make_styles
from app.reports.table_data import FEN, TableData, cell_text

BODY_SIZE = 9.0
SMALL_SIZE = 7.5
SAMPLE = 300
MIN_COL = 28.0  # points
SHORT_COL = 64.0  # a column this narrow (a date, an amount) is never squeezed while others can give


def write_table_pdf(out: Path | str, table: TableData, *, font_file: Path | str | None = None,
                    progress: Callable[[int, int, str], None] | None = None, cancel: Cancel | None = None) -> int:
    """Write `table` to `out` (atomically); returns the number of data rows printed."""
    fonts = report_fonts(font_file)
    rows: list[list[str]] = []
    kinds = [c.kind for c in table.columns]
    for i, row in enumerate(table.rows):
        rows.append([cell_text(k, v) for k, v in zip(kinds, row, strict=False)])
        if i % 2000 == 0:
            raise_if_cancelled(cancel, CANCELLED_MESSAGE)
    headers = [c.header for c in table.columns]
    size = BODY_SIZE if len(headers) <= 12 else SMALL_SIZE  # a wide register: smaller type
    wanted = _wanted_widths(headers, rows, fonts.body, size)
    wide = sum(wanted) > frame_width(False)
    total = frame_width(wide)
    widths = _fit(wanted, total)
    styles = make_styles(fonts, body_size=11)
    story: list[Any] = [Paragraph(esc(table.title), styles.title)]
    line = table.subtitle or f"共 {len(rows)} 条"
    story += [Paragraph(esc(line), styles.plain), Spacer(1, 4)]
    if headers:
        right = [i for i, k in enumerate(kinds) if k == FEN]
        story.append(grid_table(headers, rows or [[""] * len(headers)], widths, fonts, size=size,
                                center_cols=[i for i in range(len(headers)) if i not in right and
                                             len(headers[i]) <= 2]))
    build_pdf(Path(out), story, fonts, title=table.title, wide=wide, progress=progress, cancel=cancel,
              est_pages=max(1, len(rows) // 30))
    return len(rows)


def _wanted_widths(headers: list[str], rows: list[list[str]], font: str, size: float) -> list[float]:
    widths = char_widths(font, size)
    out = []
    for c, header in enumerate(headers):
        sample = sorted(sum(widths.of(r[c])) for r in rows[:SAMPLE] if c < len(r))
        typical = sample[int(len(sample) * 0.8)] if sample else 0.0
        out.append(max(MIN_COL, sum(widths.of(header)), typical) + 2 * CELL_PAD + 2)
    return out


def _fit(wanted: list[float], total: float) -> list[float]:
    """Scale the wanted widths to the page: short columns (dates, amounts, codes — text that
    should not wrap) keep theirs, long ones share the rest; if even the short ones do not fit,
    everything shrinks alike."""
    if not wanted:
        return []
    if sum(wanted) <= total:
        extra = (total - sum(wanted)) / len(wanted)
        return [w + extra for w in wanted]
    short = [w for w in wanted if w <= SHORT_COL]
    long_sum = sum(w for w in wanted if w > SHORT_COL)
    rest = total - sum(short)
    n_long = len(wanted) - len(short)
    if long_sum == 0 or rest < MIN_COL * n_long:
        # Too many columns for the page (hide some with 列… before printing): widths in
        # proportion to their square roots, so the long columns give up the most.
        roots = [w ** 0.5 for w in wanted]
        return [total * r / sum(roots) for r in roots]
    return [w if w <= SHORT_COL else max(MIN_COL, w * rest / long_sum) for w in wanted]
