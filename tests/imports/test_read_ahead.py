"""Reading ahead (app/imports/reading_ahead.py): the import takes the workbook read on the other
thread, errors come out where the import would have met them, and an untaken read is closed."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.errors import BadFileError
from app.imports import reading
from app.imports.reading import open_workbook
from app.imports.reading_ahead import read_ahead
from app.imports.service import import_file
from tests.imports.hostile import ledger_rows, text_cell, write_xlsx


def test_the_import_takes_the_workbook_read_ahead(store, xlsx) -> None:
    path = xlsx("台账.xlsx", {"台账": [["案号", "罚款金额"], ["沈水罚字〔2019〕第1号", 100]]})
    with read_ahead(path):
        assert reading.READ_AHEAD  # registered until taken
        with open_workbook(path) as book:
            assert not reading.READ_AHEAD
            assert book._cache  # the first sheet was already read on the other thread
            assert book.rows("台账")[1] == ["沈水罚字〔2019〕第1号", 100.0]
        assert open_workbook(path).rows("台账")[1][1] == 100.0  # a later open reads afresh
    report = import_file(store, "ledger", path)
    assert report.imported == 1


def test_an_error_read_ahead_is_raised_where_the_import_reads(store, tmp_path: Path) -> None:
    xml = ledger_rows() + f'<row r="1048576">{text_cell("XFD1048576", "x")}</row>'
    path = write_xlsx(tmp_path / "远.xlsx", xml)  # one cell at Excel's far corner
    with read_ahead(path), pytest.raises(BadFileError) as info:
        import_file(store, "ledger", path)
    assert info.value.file == "远.xlsx" and "远.xlsx" in info.value.message and info.value.sheet == "台账"
    assert "XFD" in info.value.message
    missing = tmp_path / "不存在.xlsx"
    with read_ahead(missing):
        assert not reading.READ_AHEAD  # nothing to read ahead: the import says the file is missing


def test_an_untaken_read_ahead_is_closed(xlsx) -> None:
    path = xlsx("台账.xlsx", {"台账": [["案号"], ["A"]]})
    with read_ahead(path):
        pass
    assert not reading.READ_AHEAD
