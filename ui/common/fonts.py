"""Chinese text must never show as boxes: use a CJK font the system has, or the bundled one.

Windows has 微软雅黑/宋体, most Linux desktops have Noto CJK or WenQuanYi; a bare machine (or a
CI container) has none, and then the bundled WenQuanYi Micro Hei is registered and becomes the
application font.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

CJK_FAMILIES: tuple[str, ...] = (
    "Microsoft YaHei", "Microsoft YaHei UI", "微软雅黑", "SimSun", "宋体", "NSimSun", "SimHei", "黑体",
    "DengXian", "等线", "PingFang SC", "Hiragino Sans GB", "Heiti SC", "STHeiti",
    "Noto Sans CJK SC", "Noto Sans SC", "Noto Serif CJK SC", "Source Han Sans SC", "Source Han Sans CN",
    "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "文泉驿微米黑", "文泉驿正黑", "AR PL UMing CN",
)
BUNDLED_FONT = ("fonts", "wqy-microhei.ttc")


def resources_dir() -> Path:
    """`resources/` beside the packages, or inside the PyInstaller bundle when frozen."""
    frozen_base = getattr(sys, "_MEIPASS", None)
    if frozen_base:
        return Path(frozen_base) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"  # ui/common/fonts.py → the root


def find_cjk_family(families: Iterable[str]) -> str | None:
    """The first family of CJK_FAMILIES present in `families` (case-insensitive)."""
    present = {f.casefold(): f for f in families}
    for wanted in CJK_FAMILIES:
        if wanted.casefold() in present:
            return present[wanted.casefold()]
    return None


def register_bundled_font(path: Path | None = None) -> str | None:
    """Register the bundled CJK font with Qt; returns its family, or None if it cannot be loaded."""
    path = path or resources_dir().joinpath(*BUNDLED_FONT)
    if not path.is_file():
        return None
    font_id = QFontDatabase.addApplicationFont(str(path))
    if font_id < 0:
        return None
    families = QFontDatabase.applicationFontFamilies(font_id)
    return families[0] if families else None


def install_fonts(app: QApplication, families: Iterable[str] | None = None) -> str | None:
    """Make sure Chinese renders. Returns the CJK family in use (None if none could be found).

    A system CJK font is left to Qt's own fallback (the platform default font stays, so the
    window looks native); without one, the bundled font becomes the application font.
    """
    present = list(QFontDatabase.families()) if families is None else list(families)
    system = find_cjk_family(present)
    if system is not None:
        return system
    bundled = register_bundled_font()
    if bundled is None:
        return None
    font = QFont(app.font())
    font.setFamilies([bundled, *font.families()])
    app.setFont(font)
    return bundled
