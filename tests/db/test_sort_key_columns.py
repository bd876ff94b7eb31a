"""The stored sort keys (schema 18, db/sort_key.py): filled by every kind of write, kept right on
an edit, back-filled by the step from version 17, and the order a text sort gives."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import openpyxl
from sqlalchemy import insert, select

from app.demo import load_demo
from app.records import service
from app.records.fields import REGISTER_FIELDS
from app.records.sort_keys import TEXT_SORTED, sort_key, stored_key
from app.store import Store, open_store
from db.models import CaseFile, Unit
from db.schema_version import CURRENT_VERSION
from db.sort_key import KEY_LENGTH, KEYED, key_name

TABLES = {"cases": "cases", "ledger": "ledger_entries", "receipts": "receipts", "officers": "officers"}


def _rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _store_rows(store: Store, sql: str) -> list[tuple[object, ...]]:
    """Rows read through the store's own engine: the same on SQLite and PostgreSQL."""
    with store.engine.connect() as conn:
        return [tuple(r) for r in conn.exec_driver_sql(sql)]


def test_every_sortable_text_column_of_the_big_registers_has_a_key_column() -> None:
    for kind, table in TABLES.items():
        text = {f.name for f in REGISTER_FIELDS[kind] if f.type in TEXT_SORTED and f.name != "unit"}
        assert set(KEYED[table]) == text, kind
    assert KEYED["units"] == ("name",)  # every register's unit column sorts by it


def test_a_saved_record_gets_its_keys_and_an_edit_recomputes_them(store: Store) -> None:
    rid = service.save(store, "cases", {"case_no": "沈水罚字〔2019〕第10号", "party": "张三", "unit": "沈阳市水务局"})
    with store.session() as s:
        case = s.get(CaseFile, rid)
        assert case is not None
        assert case.case_no_sort == sort_key("沈水罚字〔2019〕第10号")
        assert case.party_sort == sort_key("张三")
        assert case.cause_sort == ""
        assert s.scalar(select(Unit.name_sort).where(Unit.name == "沈阳市水务局")) == sort_key("沈阳市水务局")
    service.save(store, "cases", {"case_no": "沈水罚字〔2019〕第2号", "party": "李四"}, record_id=rid)
    with store.session() as s:
        case = s.get(CaseFile, rid)
        assert case is not None
        assert (case.case_no_sort, case.party_sort) == (sort_key("沈水罚字〔2019〕第2号"), sort_key("李四"))


def test_a_core_insert_fills_the_key_through_the_column_default(store: Store) -> None:
    with store.writing() as s:
        s.execute(insert(Unit), [{"name": "第10执法队", "field": ""}, {"name": "第2执法队", "field": ""}])
    with store.session() as s:
        keys = dict(s.execute(select(Unit.name, Unit.name_sort)).all())
    assert keys == {"第10执法队": sort_key("第10执法队"), "第2执法队": sort_key("第2执法队")}


def test_an_import_and_the_demo_write_the_keys_of_every_row(store: Store, tmp_path: Path) -> None:
    from app.imports.service import import_file

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["案号", "当事人", "案由", "罚款金额（元）", "处罚决定日期", "执法单位"])
    ws.append(["沈水罚字〔2024〕第10号", "王五", "违法取水", 5000, "2024-02-01", "沈阳市水务局"])
    ws.append(["沈水罚字〔2024〕第9号", "赵六", "违法排水", 800, "2024-02-03", "沈阳市水务局"])
    wb.save(tmp_path / "案卷.xlsx")
    import_file(store, "cases", tmp_path / "案卷.xlsx")
    got = _store_rows(store, "SELECT case_no, case_no_sort, party, party_sort, cause, cause_sort, "
                            "legal_basis_sort FROM cases ORDER BY id")
    assert [(r[0], r[1], r[2], r[3], r[4], r[5], r[6]) for r in got] == [
        (r[0], sort_key(r[0]), r[2], sort_key(r[2]), r[4], sort_key(r[4]), "") for r in got]
    assert service.ids(store, "cases", sort="case_no") == [2, 1]  # 第9号 before 第10号


def test_demo_rows_carry_their_keys(tmp_path: Path) -> None:
    store = open_store(tmp_path / "demo.sqlite")
    try:
        load_demo(store, size=40)
    finally:
        store.close()
    for table, columns in KEYED.items():
        for column in columns:
            pairs = _rows(tmp_path / "demo.sqlite", f"SELECT {column}, {key_name(column)} FROM {table}")
            assert pairs and all(k == stored_key(v) for v, k in pairs), (table, column)


def test_a_long_text_keeps_the_first_key_characters() -> None:
    text = "当事人" * 100
    assert len(sort_key(text)) > KEY_LENGTH
    assert stored_key(text) == sort_key(text)[:KEY_LENGTH]


def test_the_step_from_version_17_back_fills_the_keys(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    store = open_store(path)
    try:
        load_demo(store, size=30)
        expected = service.ids(store, "cases", sort="party")
    finally:
        store.close()
    con = sqlite3.connect(path)
    try:  # the store as version 17 left it: no keys (the columns the step adds, emptied)
        for table, columns in KEYED.items():
            con.execute(f"UPDATE {table} SET " + ", ".join(f"{key_name(c)} = NULL" for c in columns))
        con.execute("DROP INDEX ix_cases_party_sort")
        con.execute("PRAGMA user_version=17")
        con.commit()
    finally:
        con.close()
    store = open_store(path)
    try:
        assert service.ids(store, "cases", sort="party") == expected
    finally:
        store.close()
    assert _rows(path, "SELECT count(*) FROM cases WHERE party_sort IS NULL OR case_no_sort IS NULL") == [(0,)]
    assert _rows(path, "SELECT count(*) FROM sqlite_master WHERE name = 'ix_cases_party_sort'") == [(1,)]
    assert _rows(path, "PRAGMA user_version") == [(CURRENT_VERSION,)]  # this step and every later one ran


def test_a_text_of_digits_alone_sorts_by_value_as_any_number_inside_a_text_does() -> None:
    # the digits-only shortcut of sort_key must give the key the general rule gives: the same
    # number written inside a text keys the same after the text's own part
    numbers = ["0", "00", "7", "007", "10", "9", "100", "0100", "1" * 70, "12345678901234567890123"]
    for digits in numbers:
        assert sort_key("第" + digits) == sort_key("第") + sort_key(digits), digits
    assert sorted(numbers, key=sort_key)[:6] == ["0", "00", "7", "007", "9", "10"]
    assert sort_key(12) == sort_key("12") and sort_key("１２") == sort_key("12")  # full-width digits too
