"""The register queries give what the plain queries they replace gave, on the demo data.

count() is a bare count(*) (the unit and officer terms of a search are uncorrelated
subqueries), page() and rows() select plain columns, ids() lists a search's matches in display
order. The references below are the straightforward forms: a LEFT JOIN to units, a correlated
EXISTS over the officers, and the ORM object turned into a dict by `get()`.
"""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import exists, func, or_, select

from app.demo import load_demo
from app.records import service
from app.records.columns import REGISTERS, _escape_like
from app.records.fields import REGISTER_FIELDS
from app.records.sort_keys import TEXT_SORTED, sort_key
from db.models import CaseFile, CaseOfficer, Unit

SEARCHES = ("", "王", "沈水罚字", "取水", "有限公司", "2019", "[2018]第012号", "浑河", "水利", "查无此人", "100_%")
KINDS = ("cases", "ledger", "receipts", "officers", "units")


@pytest.fixture
def demo_store(store):  # type: ignore[no-untyped-def]
    load_demo(store, size=300)
    return store


def _reference_where(kind: str, text: str):  # type: ignore[no-untyped-def]
    """The search as it was written before: LIKE on the joined unit name, EXISTS per case."""
    from app.domain.numbers import normalise_case_no

    reg = REGISTERS[kind]
    pattern = f"%{_escape_like(text)}%"
    terms = []
    for f in REGISTER_FIELDS[kind]:
        if not f.searchable:
            continue
        if f.name == "officers":
            terms.append(exists().where(CaseOfficer.case_id == CaseFile.id,
                                        CaseOfficer.name.like(pattern, escape="\\")))
        else:
            terms.append(reg.column(f.name).like(pattern, escape="\\"))
    if kind in ("cases", "ledger", "receipts") and normalise_case_no(text):
        terms.append(reg.model.case_key.like(f"%{_escape_like(normalise_case_no(text))}%", escape="\\"))
    return or_(*terms)


def _reference_ids(store, kind: str, text: str, sort: str | None = None, descending: bool = False) -> list[int]:  # type: ignore[no-untyped-def]
    reg = REGISTERS[kind]
    stmt = select(reg.model.id)
    if reg.has_unit:
        stmt = stmt.outerjoin(Unit, reg.model.unit_id == Unit.id)
    if text.strip():
        stmt = stmt.where(_reference_where(kind, text.strip()))
    col = reg.column(sort) if sort else None
    field = next((f for f in REGISTER_FIELDS[kind] if f.name == sort), None)
    if col is not None and field is not None and field.type in TEXT_SORTED:
        # Text sorts as read (numbers by value, names by pinyin): the key applied in Python here,
        # the same key in SQL's ORDER BY there; ties by id either way.
        with store.session() as s:
            pairs = list(s.execute(stmt.add_columns(col).order_by(reg.model.id)))
        pairs.sort(key=lambda p: sort_key(p[1]), reverse=descending)
        return [p[0] for p in pairs]
    if col is not None:
        stmt = stmt.order_by(col.desc() if descending else col.asc(), reg.model.id)
    else:
        stmt = stmt.order_by(reg.model.id)
    with store.session() as s:
        return list(s.scalars(stmt))


@pytest.mark.parametrize("kind", KINDS)
def test_count_and_ids_match_the_joined_query(demo_store, kind: str) -> None:  # type: ignore[no-untyped-def]
    for text in SEARCHES:
        expected = _reference_ids(demo_store, kind, text)
        assert service.count(demo_store, kind, text) == len(expected), (kind, text)
        assert service.ids(demo_store, kind, search=text) == expected, (kind, text)


def test_some_searches_find_something(demo_store) -> None:  # type: ignore[no-untyped-def]
    """So that the comparison above compares more than empty lists."""
    with demo_store.session() as s:
        name = s.scalar(select(CaseOfficer.name).limit(1))
        total = s.scalar(select(func.count()).select_from(CaseFile))
    assert 0 < service.count(demo_store, "cases", name) < total  # found through the officers
    assert service.count(demo_store, "cases", "浑河") > 0  # found through the unit's name
    assert service.count(demo_store, "cases", "沈水罚字") > 0


@pytest.mark.parametrize("kind", KINDS)
def test_sorted_ids_match_and_pages_agree(demo_store, kind: str) -> None:  # type: ignore[no-untyped-def]
    sortable = [f.name for f in REGISTER_FIELDS[kind] if f.name != "officers"]
    for sort in sortable:
        for descending in (False, True):
            expected = _reference_ids(demo_store, kind, "", sort, descending)
            got = service.ids(demo_store, kind, sort=sort, descending=descending)
            assert got == expected, (kind, sort, descending)
            paged = service.page(demo_store, kind, sort=sort, descending=descending, offset=10, limit=25)
            assert [r["id"] for r in paged] == expected[10:35]


@pytest.mark.parametrize("kind", KINDS)
def test_plain_column_rows_equal_the_orm_records(demo_store, kind: str) -> None:  # type: ignore[no-untyped-def]
    rows = service.page(demo_store, kind, limit=40)
    assert rows
    for rec in rows:
        assert rec == service.get(demo_store, kind, rec["id"])
        assert list(rec) == list(service.get(demo_store, kind, rec["id"]))  # same keys, same order
    ids = [r["id"] for r in rows][::-1]
    assert service.rows(demo_store, kind, ids) == rows[::-1]


def test_rows_gives_none_for_a_vanished_record(demo_store) -> None:  # type: ignore[no-untyped-def]
    first, second = service.ids(demo_store, "ledger")[:2]
    service.delete(demo_store, "ledger", first)
    gone, kept = service.rows(demo_store, "ledger", [first, second])
    assert gone is None and kept is not None and kept["id"] == second
    assert service.rows(demo_store, "ledger", []) == []


def test_first_filled_and_is_empty(store) -> None:  # type: ignore[no-untyped-def]
    assert service.first_filled(store) is None and service.is_empty(store)
    service.save(store, "receipts", {"receipt_no": "A001", "amount_fen": "10"})
    assert service.first_filled(store) == "receipts" and not service.is_empty(store)
    assert service.first_filled(store, ("cases", "officers")) is None


def test_demo_is_the_same_for_a_seed_and_ids_follow_insertion(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from app.store import open_store_for_gui

    dumps = []
    for name in ("a", "b"):
        st = open_store_for_gui(tmp_path / f"{name}.sqlite")
        try:
            load_demo(st, size=200, seed=7)
        finally:
            st.close()
        con = sqlite3.connect(tmp_path / f"{name}.sqlite")
        dumps.append([con.execute(f"SELECT * FROM {t} ORDER BY id").fetchall()  # noqa: S608
                      for t in ("units", "officers", "cases", "case_officers", "ledger_entries", "receipts")])
        con.close()
    assert dumps[0] == dumps[1]
    con = sqlite3.connect(tmp_path / "a.sqlite")
    # each case's officers are of the case's own unit (but the one planted expired certificate):
    # the case ids given to case_officers follow the order the cases were inserted in
    other_unit = con.execute("SELECT count(*) FROM case_officers co JOIN cases c ON c.id = co.case_id "
                             "JOIN officers o ON o.cert_no = co.cert_no WHERE o.unit_id != c.unit_id").fetchone()[0]
    assert other_unit <= 1
    assert con.execute("SELECT decided_on FROM cases LIMIT 1").fetchone()[0][4] == "-"
    assert con.execute("SELECT typeof(major), typeof(fine_fen) FROM cases LIMIT 1").fetchone() == ("integer", "integer")
    con.close()
