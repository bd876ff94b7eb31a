"""`store copy --from A --to B`: every table moved, the change log still verifying, a target
that is not new refused, a failed copy leaving nothing behind — on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import Connection, Table

from app.records import service as records
from app.store import open_store
from app.store_copy.rows import Progress
from tests.cli.helpers import run_cli


def _case(n: int) -> dict[str, object]:
    return {"case_no": f"沈水罚字[2021]第{n:03d}号", "party": f"当事人{n}", "cause": "未经批准擅自取水",
            "fine_fen": f"{n * 100}元", "decided_on": f"2021年3月{n}日", "unit": "沈阳市浑河管理处",
            "officers": "张三(21010012345)"}


def _filled_store(path: Path) -> Path:
    """A store with the demo data (bulk rows, one log entry) and a few edits (entries covering
    their rows one by one), so the copy carries both kinds of change-log records."""
    from app.demo import load_demo

    store = open_store(path)
    try:
        load_demo(store, size=40, seed=7, operator="clerk")
        first = records.save(store, "cases", _case(1), operator="clerk")
        records.save(store, "cases", {**_case(1), "party": "改名的当事人"}, record_id=first, operator="clerk")
        second = records.save(store, "cases", _case(2), operator="clerk")
        records.delete(store, "cases", second, operator="clerk")
    finally:
        store.close()
    return path


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _copy(source: str | Path, target: str | Path) -> dict[str, object]:
    result = run_cli("store", "copy", "--from", str(source), "--to", str(target), "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _log_ok(db: str | Path) -> dict[str, object]:
    result = run_cli("--db", str(db), "log", "verify", "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout)


def test_sqlite_copy_has_every_row_and_a_chain_that_verifies(tmp_path: Path) -> None:
    source = _filled_store(tmp_path / "a" / "office.sqlite")
    before = _sha(source)
    target = tmp_path / "b" / "copy.sqlite"
    out = _copy(source, target)
    assert out["chain"] == "ok"
    tables = out["tables"]
    assert isinstance(tables, dict)
    assert tables["cases"] == 41 and tables["change_log"] == 5 and tables["change_log_rows"] > 0
    assert out["rows"] == sum(tables.values())
    assert _sha(source) == before  # A only read
    with sqlite3.connect(source) as a, sqlite3.connect(target) as b:
        for table in ("cases", "ledger_entries", "receipts", "change_log", "change_log_rows"):
            assert a.execute(f"SELECT * FROM {table} ORDER BY id").fetchall() == \
                b.execute(f"SELECT * FROM {table} ORDER BY id").fetchall(), table
    assert _log_ok(target)["entries"] == 5


def test_a_target_file_that_exists_is_refused_untouched(tmp_path: Path) -> None:
    source = _filled_store(tmp_path / "a" / "office.sqlite")
    other = _filled_store(tmp_path / "b" / "other.sqlite")
    before = _sha(other)
    result = run_cli("store", "copy", "--from", str(source), "--to", str(other), "--json")
    assert result.returncode == 2
    assert "已存在" in json.loads(result.stdout)["error"]["message"]
    assert _sha(other) == before


def test_a_copy_that_fails_midway_leaves_no_target(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.store_copy import rows

    source = _filled_store(tmp_path / "a" / "office.sqlite")
    before = _sha(source)
    real = rows.copy_table
    copied: list[str] = []

    def failing(src: Connection, dst: Connection, table: Table, total: int, progress: Progress | None = None) -> int:
        if table.name == "receipts":
            raise OSError("disk full")
        copied.append(table.name)
        return real(src, dst, table, total, progress)

    monkeypatch.setattr("app.store_copy.service.copy_table", failing)
    target = tmp_path / "b" / "copy.sqlite"
    with pytest.raises(OSError):
        from app.store_copy import copy_store

        copy_store(source, target)
    assert copied  # it had begun
    assert not target.exists()
    assert not any(target.parent.rglob("*.key"))
    assert _sha(source) == before


def test_a_source_whose_log_does_not_verify_is_not_copied(tmp_path: Path) -> None:
    source = _filled_store(tmp_path / "a" / "office.sqlite")
    with sqlite3.connect(source) as con:  # an edit made behind the program's back
        con.execute("UPDATE cases SET fine_fen = fine_fen + 100 WHERE case_no LIKE '%第001号'")
    target = tmp_path / "b" / "copy.sqlite"
    result = run_cli("store", "copy", "--from", str(source), "--to", str(target), "--json")
    assert result.returncode == 2
    assert "变更日志核验未通过" in json.loads(result.stdout)["error"]["message"]
    assert not target.exists()


@pytest.mark.slow
def test_sqlite_to_postgresql_to_sqlite_keeps_counts_and_chain(tmp_path: Path, pg_database: str) -> None:
    source = _filled_store(tmp_path / "a" / "office.sqlite")
    there = _copy(source, pg_database)
    assert _log_ok(pg_database)["entries"] == 5
    back = tmp_path / "c" / "back.sqlite"
    again = _copy(pg_database, back)
    assert there["tables"] == again["tables"]
    assert there["rows"] == again["rows"]
    assert again["chain"] == "ok"
    with sqlite3.connect(source) as a, sqlite3.connect(back) as b:
        for table in ("cases", "receipts", "change_log", "change_log_rows", "change_log_state"):
            assert a.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall() == \
                b.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall(), table


@pytest.mark.slow
def test_postgresql_copy_goes_on_numbering_after_the_copied_ids(tmp_path: Path, pg_database: str) -> None:
    source = _filled_store(tmp_path / "a" / "office.sqlite")
    _copy(source, pg_database)
    store = open_store(pg_database, auto_backup=False)
    try:
        new_id = records.save(store, "cases", _case(9), operator="clerk")
    finally:
        store.close()
    assert new_id == 42  # past the 41 cases copied (a sequence left at 1 would collide), as SQLite numbers
    assert _log_ok(pg_database)["entries"] == 6


@pytest.mark.slow
def test_a_postgresql_target_with_tables_is_refused(tmp_path: Path, pg_database: str) -> None:
    source = _filled_store(tmp_path / "a" / "office.sqlite")
    _copy(source, pg_database)
    result = run_cli("store", "copy", "--from", str(source), "--to", pg_database, "--json")
    assert result.returncode == 2
    assert "不是空的" in json.loads(result.stdout)["error"]["message"]
    assert _log_ok(pg_database)["entries"] == 5
