"""PUBLICATION_LATE with the published lists (issue 11 point 9): the date a list shows beats the
register's 公示日期, both ways, and a decision a covering list does not show is "未见公示"."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import insert

from app.audit import rules_cases as rc
from app.audit import service
from app.domain.calendar import Calendar
from app.imports.publications import import_publications
from app.store import Store
from db.models import CaseFile, Unit
from tests.audit.factories import case, data

AS_OF = date(2025, 6, 30)
DECIDED = date(2024, 9, 27)
DEADLINE = date(2024, 10, 12)  # 7 working days (国庆: 9/29 and 10/12 are working weekends)


@pytest.fixture
def cal() -> Calendar:
    return Calendar.bundled()


def test_on_time_by_the_register_but_late_by_the_list_is_a_finding(cal: Calendar) -> None:
    d = data(cases=[case("C〔2024〕1号", decided_on=DECIDED, published_on=date(2024, 9, 30),
                         listed_on=date(2024, 10, 14), listed_in="公示.xlsx")])
    [f] = rc.publication_late(d, cal, AS_OF)
    assert f.code == "PUBLICATION_LATE" and f.expected == {"deadline": DEADLINE.isoformat()}
    assert f.found == {"published_on": "2024-10-14", "publication_list": "公示.xlsx"}
    assert "公示清单 公示.xlsx 所示公示日期 2024-10-14" in f.message and "登记的公示日期为 2024-09-30" in f.message


def test_late_by_the_register_but_on_time_by_the_list_is_none(cal: Calendar) -> None:
    d = data(cases=[case("C〔2024〕1号", decided_on=DECIDED, published_on=date(2024, 11, 1),
                         listed_on=DEADLINE, listed_in="公示.xlsx")])
    assert list(rc.publication_late(d, cal, AS_OF)) == []
    # and without the list the register's date stands
    d = data(cases=[case("C〔2024〕1号", decided_on=DECIDED, published_on=date(2024, 11, 1))])
    [f] = rc.publication_late(d, cal, AS_OF)
    assert f.found == {"published_on": "2024-11-01"}


def test_missing_from_a_covering_list_is_not_published(cal: Calendar) -> None:
    """The register claims publication; the list that covers the decision, and shows publications
    made after its deadline, does not show it."""
    d = data(cases=[case("C〔2024〕1号", decided_on=DECIDED, published_on=date(2024, 9, 30),
                         unlisted_in="公示.xlsx", unlisted_as_of=date(2024, 10, 20)),
                    case("C〔2024〕2号", decided_on=DECIDED, unknown_fields=frozenset({"published_on"}),
                         unlisted_in="公示.xlsx", unlisted_as_of=date(2024, 10, 20))])
    found = list(rc.publication_late(d, cal, AS_OF))
    assert [f.refs["case_no"] for f in found] == ["C〔2024〕第1号", "C〔2024〕第2号"]
    assert all(f.found == {"published_on": None, "publication_list": "公示.xlsx", "status": "未见公示"} for f in found)
    assert "中未见公示" in found[0].message


def test_a_list_that_ends_before_the_deadline_proves_nothing(cal: Calendar) -> None:
    d = data(cases=[case("C〔2024〕1号", decided_on=DECIDED, published_on=date(2024, 9, 30),
                         unlisted_in="公示.xlsx", unlisted_as_of=DEADLINE)])
    assert list(rc.publication_late(d, cal, AS_OF)) == []


def _list(tmp_path: Path, rows: list[list[object]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in [["案号", "当事人", "决定日期", "公示日期"], *rows]:
        ws.append(row)
    path = tmp_path / "公示清单.xlsx"
    wb.save(path)
    return path


def _late(store: Store) -> dict[str, dict]:  # type: ignore[type-arg]
    result = service.run_audit(store, as_of=AS_OF)
    return {f["refs"]["case_no"]: f for f in result.findings if f["code"] == "PUBLICATION_LATE"}


def test_the_audit_reads_the_imported_list(store: Store, tmp_path: Path) -> None:
    k = "沈水罚字〔2024〕第{}号".format
    with store.writing() as s:
        s.execute(insert(Unit), [{"id": 1, "name": "沈阳市水务局"}, {"id": 2, "name": "沈阳市某区城管局"}])
        s.execute(insert(CaseFile), [
            # register: on time; the list: late
            {"case_no": k(1), "case_key": k(1), "party": "甲公司", "decided_on": DECIDED,
             "published_on": date(2024, 9, 30), "unit_id": 1},
            # register: late; the list: on time
            {"case_no": k(2), "case_key": k(2), "party": "乙公司", "decided_on": DECIDED,
             "published_on": date(2024, 11, 1), "unit_id": 1},
            # register: on time; not on the list that covers its date and unit
            {"case_no": k(3), "case_key": k(3), "party": "丙公司", "decided_on": date(2024, 10, 8),
             "published_on": date(2024, 10, 9), "unit_id": 1},
            # the same dates, another unit the list does not show: the register decides
            {"case_no": k(4), "case_key": k(4), "party": "丁公司", "decided_on": date(2024, 10, 8),
             "published_on": date(2024, 10, 9), "unit_id": 2},
            # outside the span the list covers
            {"case_no": k(5), "case_key": k(5), "party": "戊公司", "decided_on": date(2024, 12, 2),
             "published_on": date(2024, 12, 3), "unit_id": 1},
        ])
    assert _late(store) == {k(2): _late(store)[k(2)]}  # before: only the register's late date
    path = _list(tmp_path, [[k(1), "甲公司", DECIDED, date(2024, 10, 14)],
                            [k(2), "乙公司", DECIDED, DEADLINE],
                            ["沈水罚字〔2024〕第99号", "己公司", date(2024, 10, 10), date(2024, 10, 30)]])
    report = import_publications(store, path)
    assert (report.matched, report.unmatched) == (2, 1)
    late = _late(store)
    assert set(late) == {k(1), k(3)}
    assert late[k(1)]["found"] == {"published_on": "2024-10-14", "publication_list": "公示清单.xlsx"}
    assert late[k(3)]["found"] == {"published_on": None, "publication_list": "公示清单.xlsx", "status": "未见公示"}


def test_a_version_12_store_gains_the_publication_tables(tmp_path: Path) -> None:
    import sqlite3

    from app.store import open_store
    from db.migrations import CURRENT_VERSION, PUBLICATION_TABLES

    path = tmp_path / "v12.sqlite"
    open_store(path).close()
    con = sqlite3.connect(path)
    for table in reversed(PUBLICATION_TABLES):
        con.execute(f"DROP TABLE {table.name}")
    con.execute("PRAGMA user_version=12")
    con.commit()
    con.close()
    store = open_store(path)
    try:
        assert store.upgraded_from == 12 and CURRENT_VERSION >= 14
        with store.session() as s:
            names = {r[0] for r in s.connection().exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"publications", "publication_lists"} <= names
    finally:
        store.close()
