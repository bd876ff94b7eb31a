"""Imports are bounded and never abort (issue 10, point 1).

Each hostile file runs through the real `caseaudit import` in a child process whose address
space is capped (hostile.MEMORY_LIMIT). Before the fix the stray-cell files killed the process
with SIGABRT (the reader's allocation failing in Rust) and /dev/zero read until MemoryError; now
each ends with exit 2 and a message naming the limit, and a good file still imports under the
same cap.
"""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.errors import BadFileError
from app.imports.limits import MAX_CELLS, MAX_COLUMNS
from app.imports.reading import open_workbook
from tests.imports.hostile import ledger_rows, run_import_limited, text_cell, write_xlsx


def _refused(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode >= 0, f"killed by {signal.Signals(-result.returncode).name}: {result.stderr[-800:]}"
    assert result.returncode == 2, (result.returncode, result.stderr[-800:])
    assert "Traceback" not in result.stderr
    return result.stderr


def test_a_good_file_imports_under_the_same_memory_cap(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "台账.xlsx", ledger_rows())
    result = run_import_limited(tmp_path / "store.sqlite", path)
    assert result.returncode == 0, result.stderr[-800:]


def test_stray_cell_at_the_last_column_and_row_is_refused_naming_it(tmp_path: Path) -> None:
    """2 KB on disk, 16384 × 1048576 cells to the reader: it aborted the process."""
    xml = ledger_rows() + f'<row r="1048576">{text_cell("XFD1048576", "x")}</row>'
    path = write_xlsx(tmp_path / "台账.xlsx", xml)
    assert path.stat().st_size < 4096
    msg = _refused(run_import_limited(tmp_path / "store.sqlite", path))
    assert "台账.xlsx" in msg and "「台账」" in msg
    assert f"16384 列，超过上限 {MAX_COLUMNS} 列" in msg
    assert "第 1048576 行 XFD 列" in msg


def test_stray_cell_within_the_column_limit_is_refused_by_the_cell_limit(tmp_path: Path) -> None:
    """CV1048576: 100 columns × 1048576 rows, 4.2 GB to the reader."""
    xml = ledger_rows() + '<row r="1048576"><c r="CV1048576"><v>1</v></c></row>'
    msg = _refused(run_import_limited(tmp_path / "store.sqlite", write_xlsx(tmp_path / "台账.xlsx", xml)))
    assert "1048576 行 × 100 列" in msg and str(MAX_CELLS // 10_000) in msg


def test_cell_reference_that_contradicts_its_row_still_counts(tmp_path: Path) -> None:
    """The reader places a cell by its own reference, whatever row element holds it."""
    xml = ledger_rows().replace('<row r="2">', '<row r="2"><c r="CV1048576"><v>1</v></c>', 1)
    msg = _refused(run_import_limited(tmp_path / "store.sqlite", write_xlsx(tmp_path / "台账.xlsx", xml)))
    assert "1048576 行 × 100 列" in msg


def test_cells_without_references_are_counted_like_the_reader_does(tmp_path: Path) -> None:
    """No `r` on the row or the cells: position by order (the tag-by-tag walk)."""
    far = "<row>" + "<c><v>1</v></c>" * 20 + "</row>"
    xml = ledger_rows() + '<row r="1048575"/>' + far
    msg = _refused(run_import_limited(tmp_path / "store.sqlite", write_xlsx(tmp_path / "台账.xlsx", xml)))
    assert "1048576 行 × 20 列" in msg


def _repeat(block: bytes, total: int) -> Iterator[bytes]:
    chunk = block * (1024 * 1024 // len(block))
    for _ in range(total // len(chunk)):
        yield chunk


def test_zip_bomb_sheet_is_refused_from_the_zip_directory(tmp_path: Path) -> None:
    """A sheet that inflates ~1000 times: refused before a byte of it is inflated."""
    rows = _repeat(b'<row><c t="inlineStr"><is><t>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa</t></is></c></row>', 96 * 1024 * 1024)
    path = write_xlsx(tmp_path / "炸弹.xlsx", rows)
    assert path.stat().st_size < 2 * 1024 * 1024
    msg = _refused(run_import_limited(tmp_path / "store.sqlite", path))
    assert "炸弹.xlsx" in msg and "压缩炸弹" in msg and "xl/worksheets/sheet1.xml" in msg


def test_shared_strings_bomb_is_refused(tmp_path: Path) -> None:
    strings = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>' + (
        b"\xe5\xbc\xa0" * (8 * 1024 * 1024)) + b"</t></si></sst>"
    path = write_xlsx(tmp_path / "炸弹.xlsx", ledger_rows(), extra={"xl/sharedStrings.xml": strings})
    msg = _refused(run_import_limited(tmp_path / "store.sqlite", path))
    assert "xl/sharedStrings.xml" in msg


def test_zip_that_lies_about_inflated_size_is_refused(tmp_path: Path) -> None:
    """A central directory that declares a small part which inflates further fails its CRC."""
    path = write_xlsx(tmp_path / "台账.xlsx", ledger_rows(), extra={"xl/styles.xml": b"<styleSheet/>" * 1000})
    data = bytearray(path.read_bytes())
    # shrink the declared uncompressed size of styles.xml in the central directory
    name = b"xl/styles.xml"
    at = data.rfind(b"PK\x01\x02", 0, data.rfind(name))
    data[at + 24:at + 28] = (13).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    with pytest.raises(BadFileError) as info:
        open_workbook(path)
    assert "损坏" in info.value.message


def test_device_and_fifo_are_refused_without_reading(tmp_path: Path) -> None:
    msg = _refused(run_import_limited(tmp_path / "store.sqlite", Path("/dev/zero")))
    assert "不是普通文件" in msg
    fifo = tmp_path / "台账.csv"
    os.mkfifo(fifo)
    with pytest.raises(BadFileError) as info:
        open_workbook(fifo)  # opening a FIFO for reading would block for ever
    assert "台账.csv" in info.value.message and "不是普通文件" in info.value.message


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "台账.csv"
    with open(path, "wb") as f:
        f.truncate(200 * 1024 * 1024)  # sparse: 200 MB that costs no disk
    msg = _refused(run_import_limited(tmp_path / "store.sqlite", path))
    assert "200 MB" in msg and "160 MB" in msg


def test_csv_line_without_end_is_refused_naming_the_line(tmp_path: Path) -> None:
    path = tmp_path / "台账.csv"
    path.write_text("案号,当事人,罚款金额\n沈水罚字〔2019〕第1号,张三,100\n" + "x" * (3 * 1024 * 1024) + "\n",
                    encoding="utf-8")
    with pytest.raises(BadFileError) as info:
        open_workbook(path)
    assert "第 3 行" in info.value.message and "上限" in info.value.message


def test_csv_of_many_lines_imports_under_the_cap(tmp_path: Path) -> None:
    """The streamed CSV reader still reads an ordinary file end to end (20,000 rows)."""
    path = tmp_path / "台账.csv"
    with open(path, "w", encoding="utf-8") as f:
        f.write("案号,当事人,罚款金额\n")
        for i in range(1, 20_001):
            f.write(f"沈水罚字〔2019〕第{i}号,张三,100\n")
    result = run_import_limited(tmp_path / "store.sqlite", path)
    assert result.returncode == 0, result.stderr[-800:]


def test_ods_run_of_repeated_rows_is_refused(tmp_path: Path) -> None:
    import zipfile

    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
               '<table:table table:name="台账"><table:table-row table:number-rows-repeated="1048576">'
               '<table:table-cell table:number-columns-repeated="500" office:value-type="float" office:value="1">'
               '<text:p>1</text:p></table:table-cell></table:table-row></table:table>'
               '</office:spreadsheet></office:body></office:document-content>')
    path = tmp_path / "台账.ods"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content)
        z.writestr("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                   'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry '
                   'manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                   '</manifest:manifest>')
    msg = _refused(run_import_limited(tmp_path / "store.sqlite", path))
    assert "「台账」" in msg and "上限" in msg


def test_stray_cell_file_is_small_and_refused_quickly(tmp_path: Path) -> None:
    """In process too (the window): the refusal is a BadFileError, not a crash."""
    xml = ledger_rows() + f'<row r="1048576">{text_cell("XFD1048576", "x")}</row>'
    with pytest.raises(BadFileError) as info:
        open_workbook(write_xlsx(tmp_path / "台账.xlsx", xml)).rows("台账")
    assert "XFD" in info.value.message
