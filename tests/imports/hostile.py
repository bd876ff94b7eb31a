"""Hostile workbooks written by hand, and a way to run the real import under a memory limit.

A minimal .xlsx is five small XML parts in a zip; writing it here (not with openpyxl) lets a
test put one cell at XFD1048576 or stream a zip bomb without building it in memory first.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MEMORY_LIMIT = 1536 * 1024 * 1024  # far below what the unbounded readers asked for (4–17 GB)

_CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
       'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
       'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
       'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
       '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
       'officedocument.spreadsheetml.worksheet+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
         '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
         'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_BOOK = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
         '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
         '<sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>')
_BOOK_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
              'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
              'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
_HEAD = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
_TAIL = "</sheetData></worksheet>"


def text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def ledger_rows() -> str:
    """A header and one good ledger row, as sheet XML rows 1–2."""
    header = "".join(text_cell(f"{c}1", t) for c, t in zip("ABC", ("案号", "当事人", "罚款金额"), strict=True))
    data = text_cell("A2", "沈水罚字〔2019〕第1号") + text_cell("B2", "张三") + '<c r="C2"><v>100</v></c>'
    return f'<row r="1">{header}</row><row r="2">{data}</row>'


def write_xlsx(path: Path, sheet_xml: str | Iterable[bytes], extra: dict[str, bytes] | None = None) -> Path:
    """A one-sheet workbook whose sheetData is `sheet_xml` (rows), or whose whole sheet part is
    streamed from `sheet_xml` when it is an iterable of byte blocks."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _BOOK)
        z.writestr("xl/_rels/workbook.xml.rels", _BOOK_RELS)
        if isinstance(sheet_xml, str):
            z.writestr("xl/worksheets/sheet1.xml", _HEAD + sheet_xml + _TAIL)
        else:
            with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
                f.write(_HEAD.encode())
                for block in sheet_xml:
                    f.write(block)
                f.write(_TAIL.encode())
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return path


def run_import_limited(db: Path, file: Path, kind: str = "ledger",
                       limit: int = MEMORY_LIMIT) -> subprocess.CompletedProcess[str]:
    """`caseaudit import KIND FILE` in a child process whose address space is capped at `limit`."""
    code = (
        "import resource, runpy, sys\n"
        f"resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))\n"
        f"sys.argv = ['main.py', '--db', {str(db)!r}, 'import', {kind!r}, {str(file)!r}]\n"
        f"runpy.run_path({str(ROOT / 'main.py')!r}, run_name='__main__')\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), "RUST_BACKTRACE": "0"}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          cwd=ROOT, env=env, stdin=subprocess.DEVNULL)
