"""The CJK TrueType fonts the PDF reports are set in; every font is embedded (ARCHITECTURE.md §3).

ReportLab's built-in `STSong-Light` is never used: it is not embedded and shows blank or as boxes
on a PC without it. On Windows the system's 仿宋 (body) and 黑体 (titles) are preferred, else 宋体;
elsewhere, or when they are missing, the bundled WenQuanYi Micro Hei (`subfontIndex=0` of the
TTC) serves both. `use_font_file` forces one file for body and titles (a setting, later).

Official documents (`document_fonts`, GB/T 9704) want a Song/仿宋 face for the body, never the
sans-serif one: off Windows the bundled AR PL UMing CN (`uming.ttc`, face 0, TrueType outlines,
Arphic Public License) sets the body and titles, WenQuanYi Micro Hei the 黑体 headings.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from app.errors import UserError

BODY_NAME = "CaseAudit-Body"
TITLE_NAME = "CaseAudit-Title"
BUNDLED = ("fonts", "wqy-microhei.ttc")
BUNDLED_SONG = ("fonts", "uming.ttc")  # face 0 is UMingCN (simplified-Chinese glyph forms)
# (file, subfont index) in the order they are preferred.
WINDOWS_BODY = (("simfang.ttf", 0), ("simsun.ttc", 0))
WINDOWS_TITLE = (("simhei.ttf", 0), ("simsun.ttc", 0))

_override: Path | None = None


@dataclass(frozen=True)
class FontSet:
    """The registered ReportLab font names and the files behind them."""

    body: str
    title: str
    body_file: Path
    title_file: Path


def resources_dir() -> Path:
    """`resources/` beside the packages, or inside the PyInstaller bundle when frozen."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def bundled_font() -> Path:
    return resources_dir().joinpath(*BUNDLED)


def windows_fonts_dir() -> Path | None:
    if sys.platform != "win32":
        return None
    return Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"


def use_font_file(path: Path | str | None) -> None:
    """Force one TrueType font file (.ttf, or .ttc with its first face) for every report;
    None goes back to the automatic choice. Refuses a file ReportLab cannot embed."""
    global _override
    if path is None:
        _override = None
        return
    chosen = Path(path)
    _load(chosen, 0, "CaseAudit-Check")
    _override = chosen


def _first_present(folder: Path | None, candidates: tuple[tuple[str, int], ...]) -> tuple[Path, int] | None:
    if folder is None:
        return None
    for name, index in candidates:
        if (folder / name).is_file():
            return folder / name, index
    return None


def _load(path: Path, index: int, name: str) -> None:
    if not path.is_file():
        raise UserError(f"找不到报表字体文件 {path}。")
    try:
        pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=index))
    except (TTFError, OSError, ValueError) as exc:
        raise UserError(f"字体文件 {path} 无法嵌入 PDF（须为 TrueType 轮廓的 .ttf/.ttc）：{exc}") from None


@lru_cache(maxsize=8)
def _register(body: tuple[Path, int], title: tuple[Path, int], tag: str) -> FontSet:
    body_name, title_name = f"{BODY_NAME}-{tag}", f"{TITLE_NAME}-{tag}"
    _load(body[0], body[1], body_name)
    if title == body:
        title_name = body_name
    else:
        _load(title[0], title[1], title_name)
    return FontSet(body_name, title_name, body[0], title[0])


def report_fonts(font_file: Path | str | None = None) -> FontSet:
    """Register (once) and return the fonts for a report.

    `font_file` (or the file set by `use_font_file`) wins; then the Windows system fonts; then
    the bundled font. The registered names carry a tag so two choices never collide.
    """
    forced = Path(font_file) if font_file is not None else _override
    if forced is not None:
        return _register((forced, 0), (forced, 0), f"F{abs(hash(str(forced))) % 10**8}")
    win = windows_fonts_dir()
    body = _first_present(win, WINDOWS_BODY)
    if body is not None:
        title = _first_present(win, WINDOWS_TITLE) or body
        return _register(body, title, "W")
    bundled = (bundled_font(), 0)
    return _register(bundled, bundled, "B")


def bundled_song() -> Path:
    return resources_dir().joinpath(*BUNDLED_SONG)


def document_fonts(font_file: Path | str | None = None) -> FontSet:
    """Fonts for an official document: `body` a Song/仿宋 face (正文, 标题), `title` a 黑体 face
    (一级标题, table headers). A forced file serves both; then Windows 仿宋/宋体 with 黑体; else the
    bundled UMing with WenQuanYi Micro Hei."""
    forced = Path(font_file) if font_file is not None else _override
    if forced is not None:
        return report_fonts(forced)
    win = windows_fonts_dir()
    body = _first_present(win, WINDOWS_BODY)
    if body is not None:
        return _register(body, _first_present(win, WINDOWS_TITLE) or body, "W")
    return _register((bundled_song(), 0), (bundled_font(), 0), "D")
