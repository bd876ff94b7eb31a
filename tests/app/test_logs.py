"""The application log: one line per import, audit, backup and export, with the store's path,
counts and time taken — and nothing personal from the data."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from app.audit.service import run_audit
from app.backups import make_backup
from app.errors import ImportRejectedError
from app.imports.service import import_file
from app.logs import ENV_LOG_DIR, LOG_FILE, close_logging, setup_logging
from app.reports import write_forms
from app.store import Store

PARTY = "沈阳浑河砂石经营部"
PERSON_ID = "110105194912310021"
HEADER = ["序号", "决定书文号", "被处罚人", "身份证号", "罚款", "决定日期", "收据号"]


@pytest.fixture
def log_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv(ENV_LOG_DIR, str(tmp_path / "logs"))
    path = setup_logging()
    yield tmp_path / "logs" / LOG_FILE
    close_logging()
    assert path == tmp_path / "logs" / LOG_FILE


def _ledger(tmp_path: Path, bad: bool = False) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER)
    for i in range(1, 4):
        fine = "五千块" if bad and i == 2 else 1000 * i
        ws.append([i, f"沈水罚字〔2019〕第{i}号", PARTY, PERSON_ID, fine, "2019-03-05", f"A{i:06d}"])
    path = tmp_path / ("bad.xlsx" if bad else "台账.xlsx")
    wb.save(path)
    return path


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def test_import_and_audit_log_one_line_each_without_personal_data(store: Store, tmp_path: Path,
                                                                   log_file: Path) -> None:
    import_file(store, "ledger", _ledger(tmp_path))
    run_audit(store)
    lines = _lines(log_file)
    imports = [line for line in lines if " import done " in line]
    audits = [line for line in lines if " audit done " in line]
    assert len(imports) == 1 and len(audits) == 1
    assert f"store={store.path}" in imports[0] and "kind=ledger" in imports[0]
    assert "rows_read=3" in imports[0] and "imported=3" in imports[0] and "rejected=0" in imports[0]
    assert re.search(r"took=\d+\.\d\ds$", imports[0])
    assert f"store={store.path}" in audits[0] and re.search(r" findings=\d+ ", audits[0])
    assert any(" backup done " in line and "reason=import" in line for line in lines)  # the one before the import
    text = log_file.read_text(encoding="utf-8")
    for personal in (PARTY, PERSON_ID, "沈水罚字", "A000001", "台账.xlsx"):
        assert personal not in text


def test_a_refused_import_logs_its_failure_by_type_only(store: Store, tmp_path: Path, log_file: Path) -> None:
    with pytest.raises(ImportRejectedError):
        import_file(store, "ledger", _ledger(tmp_path, bad=True))
    (line,) = [line for line in _lines(log_file) if " import " in line]
    assert " import failed " in line and "error=ImportRejectedError" in line
    assert "五千块" not in log_file.read_text(encoding="utf-8")


def test_backups_and_exports_are_logged(store: Store, tmp_path: Path, log_file: Path) -> None:
    make_backup(store, "manual")
    write_forms(store, tmp_path / "forms")
    lines = _lines(log_file)
    assert any(" backup done " in line and "reason=manual" in line and re.search(r"bytes=\d+", line) for line in lines)
    assert any(" export.forms done " in line and "problems=0" in line for line in lines)


def test_without_setup_nothing_is_written(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_LOG_DIR, str(tmp_path / "logs"))
    import_file(store, "ledger", _ledger(tmp_path))
    assert not (tmp_path / "logs").exists()


def test_an_unwritable_log_folder_does_not_stop_the_program(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert setup_logging(blocker) is None
    assert "无法写入运行日志" in capsys.readouterr().err
