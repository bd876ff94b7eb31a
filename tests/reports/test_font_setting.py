"""The report font chosen in 设置 is used by the command line too, and a bad one falls back."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app.errors import UserError
from app.reports import fonts
from app.reports.font_setting import REPORT_FONT_KEY, apply_report_font, set_report_font
from app.settings import read_settings, write_settings
from app.store import open_store
from tests.reports.helpers import pdffonts

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "resources" / "fonts" / "wqy-microhei.ttc"


def test_a_file_that_cannot_embed_is_refused_and_not_saved(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.sqlite")
    try:
        bogus = tmp_path / "not-a-font.ttf"
        bogus.write_bytes(b"\x00\x01 nonsense")
        with pytest.raises(UserError):
            set_report_font(store, bogus)
        assert read_settings(store, REPORT_FONT_KEY) == {}
    finally:
        fonts.use_font_file(None)
        store.close()


def test_a_saved_font_that_vanished_warns_and_falls_back(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.sqlite")
    try:
        write_settings(store, {REPORT_FONT_KEY: str(tmp_path / "gone.ttf")})
        warning = apply_report_font(store)
        assert warning is not None and "报表改用默认字体" in warning
    finally:
        fonts.use_font_file(None)
        store.close()


def test_cli_report_warns_about_an_unusable_font_and_still_embeds_one(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite"
    store = open_store(db)
    write_settings(store, {REPORT_FONT_KEY: str(tmp_path / "gone.ttf")})
    store.close()
    out = tmp_path / "清单.pdf"
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(db), "report", "problem-list",
                             "--out", str(out)], capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert result.returncode == 0, result.stderr
    assert "报表改用默认字体" in result.stderr
    fonts = pdffonts(out)
    assert fonts and all(f["emb"] == "yes" for f in fonts), fonts
