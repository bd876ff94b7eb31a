"""Reading the outputs back for real: poppler's pdffonts/pdftotext/pdfinfo and calamine."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook


def pdffonts(path: Path) -> list[dict[str, str]]:
    """Each font of the PDF: name, type and the emb column."""
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    lines = out.splitlines()[2:]
    fonts = []
    for line in lines:
        m = re.match(r"^(\S+)\s+(.+?)\s+(\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", line)
        assert m, f"unexpected pdffonts line: {line!r}"
        fonts.append({"name": m.group(1), "type": m.group(2), "emb": m.group(4)})
    return fonts


def pdftext(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def pdfraw(path: Path) -> str:
    """The text in drawing order (-raw): each table cell's lines stay together."""
    return subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def pdfpages(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))  # type: ignore[union-attr]


def page_texts(path: Path) -> list[str]:
    """The text of each page (pdftotext separates pages with a form feed)."""
    return pdftext(path).split("\f")[: pdfpages(path)]


def squeeze(text: str) -> str:
    """Text without white space: pdftotext lays wrapped cells out over several lines."""
    return re.sub(r"\s+", "", text)


def sheet_rows(path: Path) -> list[list[Any]]:
    wb = CalamineWorkbook.from_path(str(path))
    return wb.get_sheet_by_index(0).to_python(skip_empty_area=False)


def assert_all_embedded(path: Path) -> None:
    fonts = pdffonts(path)
    assert fonts, f"{path.name}: no fonts at all"
    assert all(f["emb"] == "yes" for f in fonts), fonts
    assert not any("STSong" in f["name"] or "Helvetica" in f["name"] for f in fonts), fonts
