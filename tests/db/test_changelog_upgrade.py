"""The keyed change log across schema steps that add columns: rows sealed before a step still
verify after it, an old column edited outside the program is still found, and a column the step
added is covered from the next time the program writes the row (db/changelog.py's threat model).

A later step is simulated the way a real one is written: an entry in db/schema_columns.py's
registry and a step that calls `add_columns` — with the program's version raised by one."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from app.exchange import verify_log
from app.store import Store, open_store
from db import migrations
from db.schema_columns import ADDED_COLUMNS, add_columns
from db.schema_version import CURRENT_VERSION

NEXT = CURRENT_VERSION + 1
CASE_NO = "沈水罚字〔2024〕第901号"


def _sql(path: Path, statement: str, params: tuple[object, ...] = ()) -> None:
    con = sqlite3.connect(path)
    try:
        con.execute(statement, params)
        con.commit()
    finally:
        con.close()


def _one(path: Path, query: str) -> object:
    con = sqlite3.connect(path)
    try:
        return con.execute(query).fetchone()[0]
    finally:
        con.close()


def _import_cases(store: Store, folder: Path) -> None:
    from app.imports.service import import_file

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["案号", "当事人", "案由", "罚款金额（元）", "立案日期", "处罚决定日期", "承办人", "执法单位"])
    ws.append([CASE_NO, "某某公司", "违法取水", 5000, "2024-01-10", "2024-02-01", "张三", "沈阳市水务局"])
    ws.append(["沈水罚字〔2024〕第902号", "某某厂", "违法排水", 800, "2024-01-12", "2024-02-03", "李四", "沈阳市水务局"])
    path = folder / "案卷.xlsx"
    wb.save(path)
    import_file(store, "cases", path, unit="沈阳市水务局")


def _history(store: Store, folder: Path) -> int:
    """Cases imported (a packed batch), one case saved by hand, a problem added and edited."""
    from datetime import date

    from app.records.service import get, save
    from app.rectify.service import add_problem, set_measure

    _import_cases(store, folder)
    case_id = int(_one(store.path, f"SELECT id FROM cases WHERE case_no = '{CASE_NO}'"))  # type: ignore[call-overload]
    texts = {k: ("" if v is None else v) for k, v in get(store, "cases", case_id).items()}
    save(store, "cases", {**texts, "archive_location": "档案室 3 号柜"}, case_id)
    problem = add_problem(store, category="执法不规范", manifestation="未告知陈述申辩权利", source="complaint")
    set_measure(store, problem, measure="补正案卷", dept="法制科", owner="王五", deadline=date(2030, 1, 1))
    return problem


def _later_step(monkeypatch: pytest.MonkeyPatch, table: str, column: str, ddl: str, *,
                registered: bool = True) -> None:
    """Step CURRENT→NEXT adds `table.column`; every module holding the version gets NEXT."""
    if registered:
        monkeypatch.setitem(ADDED_COLUMNS, NEXT, {table: ((column, ddl),)})
        monkeypatch.setitem(migrations.STEPS, CURRENT_VERSION, lambda conn: add_columns(conn, NEXT))
    else:  # what a step that bypasses the registry does
        monkeypatch.setitem(migrations.STEPS, CURRENT_VERSION,
                            lambda conn: conn.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {column} {ddl}"))
    for name, module in list(sys.modules.items()):
        if name.startswith(("db.", "app.")) and getattr(module, "CURRENT_VERSION", None) == CURRENT_VERSION:
            monkeypatch.setattr(module, "CURRENT_VERSION", NEXT)


@pytest.fixture
def written(tmp_path: Path) -> Iterator[tuple[Path, int]]:
    """A store written through the services at the current version, closed; and a problem's id."""
    path = tmp_path / "office.sqlite"
    store = open_store(path)
    try:
        problem = _history(store, tmp_path)
        assert verify_log(store)["ok"], verify_log(store)["reason"]
    finally:
        store.close()
    yield path, problem


def _upgraded(path: Path) -> Store:
    store = open_store(path)
    assert store.upgraded_from == CURRENT_VERSION and store.backup_path is not None
    return store


def test_rows_sealed_before_a_step_that_adds_a_column_still_verify(
        written: tuple[Path, int], monkeypatch: pytest.MonkeyPatch) -> None:
    path, _problem = written
    _later_step(monkeypatch, "cases", "remark_later", "TEXT NOT NULL DEFAULT ''")
    store = _upgraded(path)
    try:
        assert _one(path, "PRAGMA user_version") == NEXT
        assert _one(path, "SELECT count(*) FROM pragma_table_info('cases') WHERE name = 'remark_later'") == 1
        assert _one(path, "SELECT min(schema) FROM change_log_rows") == CURRENT_VERSION
        result = verify_log(store)
        assert result["ok"], result["reason"]
    finally:
        store.close()


def test_a_step_that_adds_a_column_outside_the_registry_breaks_the_old_digests(
        written: tuple[Path, int], monkeypatch: pytest.MonkeyPatch) -> None:
    # why the registry is the one way to add a column: without it every old row looks edited
    path, _problem = written
    _later_step(monkeypatch, "cases", "remark_later", "TEXT NOT NULL DEFAULT ''", registered=False)
    store = _upgraded(path)
    try:
        result = verify_log(store)
        assert not result["ok"] and "表 cases" in result["reason"] and "被改动" in result["reason"]
    finally:
        store.close()


@pytest.mark.parametrize(("statement", "table"), [
    (f"UPDATE cases SET fine_fen = 50000 WHERE case_no = '{CASE_NO}'", "cases"),  # in the imported batch
    (f"UPDATE cases SET archive_location = '别处' WHERE case_no = '{CASE_NO}'", "cases"),  # saved by hand
    ("UPDATE problems SET measure = '无需整改'", "problems"),
])
def test_an_old_column_edited_after_the_step_is_found(written: tuple[Path, int], monkeypatch: pytest.MonkeyPatch,
                                                      statement: str, table: str) -> None:
    path, _problem = written
    _later_step(monkeypatch, "cases", "remark_later", "TEXT NOT NULL DEFAULT ''")
    store = _upgraded(path)
    try:
        _sql(path, statement)
        result = verify_log(store)
        assert not result["ok"] and f"表 {table}" in result["reason"] and "的内容被改动" in result["reason"]
    finally:
        store.close()


def test_the_new_column_of_an_old_row_is_covered_from_its_next_write(
        written: tuple[Path, int], monkeypatch: pytest.MonkeyPatch) -> None:
    from app.rectify.service import set_measure

    path, problem = written
    _later_step(monkeypatch, "problems", "note_later", "TEXT NOT NULL DEFAULT ''")
    store = _upgraded(path)
    try:
        # sealed before the column existed: a value put there behind the program's back is not
        # seen (the threat model says so) …
        _sql(path, "UPDATE problems SET note_later = '改过' WHERE id = ?", (problem,))
        assert verify_log(store)["ok"]
        # … until the program writes the row again, sealing it under the new version
        from datetime import date

        set_measure(store, problem, measure="补正案卷并学习", dept="法制科", owner="王五", deadline=date(2030, 1, 1))
        assert _one(path, "SELECT max(schema) FROM change_log_rows WHERE table_name = 'problems'") == NEXT
        assert verify_log(store)["ok"], verify_log(store)["reason"]
        _sql(path, "UPDATE problems SET note_later = '又改过' WHERE id = ?", (problem,))
        result = verify_log(store)
        assert not result["ok"] and f"表 problems 第 {problem} 行的内容被改动" in result["reason"]
    finally:
        store.close()


def test_a_record_whose_version_was_lowered_no_longer_matches(
        written: tuple[Path, int], monkeypatch: pytest.MonkeyPatch) -> None:
    # lowering `schema` would leave columns out of the digest: the digest names its columns, so
    # the record stops matching instead of hiding an edit
    path, _problem = written
    _later_step(monkeypatch, "cases", "remark_later", "TEXT NOT NULL DEFAULT ''")
    store = _upgraded(path)
    try:
        _sql(path, "UPDATE change_log_rows SET schema = 8 WHERE table_name = 'cases'")
        result = verify_log(store)
        assert not result["ok"] and "表 cases" in result["reason"]
        _sql(path, "UPDATE change_log_rows SET schema = 'neun' WHERE table_name = 'cases'")
        result = verify_log(store)
        assert not result["ok"] and "缺少结构版本" in result["reason"]
    finally:
        store.close()
