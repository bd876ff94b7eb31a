"""The report font the office chose in 设置, kept in the store's settings (key report.font_path).

The window and the command line both apply it before producing a report, so a PDF looks the
same whichever made it.
"""

from __future__ import annotations

from pathlib import Path

from app.errors import UserError
from app.reports.fonts import use_font_file
from app.settings import read_settings, write_settings
from app.store import Store

REPORT_FONT_KEY = "report.font_path"


def apply_report_font(store: Store) -> str | None:
    """Use the chosen font for the reports to come; a Chinese warning when it is unusable (the
    automatic choice then applies), None otherwise."""
    chosen = read_settings(store, REPORT_FONT_KEY).get("")
    if not chosen:
        return None
    try:
        use_font_file(chosen)
    except UserError as exc:
        use_font_file(None)
        return f"设置中选择的报表字体不可用，报表改用默认字体：{exc.message}"
    return None


def set_report_font(store: Store, path: Path | str | None, *, operator: str = "") -> None:
    """Use `path` (a .ttf/.ttc that embeds) for every report, or None for the automatic choice."""
    use_font_file(path)  # raises UserError for a file ReportLab cannot embed; nothing is saved then
    write_settings(store, {REPORT_FONT_KEY: str(path) if path else None}, operator=operator)
