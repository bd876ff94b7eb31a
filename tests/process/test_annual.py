"""The 统计年报: its totals equal what SQL counts directly in the store; per unit they add up;
the year's bounds; due on 31 January, shown from December."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import text

from app.domain.annual_due import annual_due
from app.errors import UserError
from app.reports.annual import annual_report
from db.models_rectify import Problem
from tests.process.helpers import add_case


def _fill(store) -> None:
    add_case(store, "甲罚〔2023〕1号", unit="甲大队", penalty="罚款5000元", fine_fen=500000, decided_on=date(2023, 1, 1),
             hearing_on=date(2022, 12, 20), legal_review_on=date(2022, 12, 28))
    add_case(store, "甲罚〔2023〕2号", unit="甲大队", penalty="罚款，没收违法所得", fine_fen=120000,
             confiscation_fen=30050, decided_on=date(2023, 12, 31))
    add_case(store, "乙罚〔2023〕1号", unit="乙大队", penalty="责令停产停业", decided_on=date(2023, 6, 30),
             legal_review_on=date(2023, 6, 20))
    add_case(store, "乙罚〔2022〕9号", unit="乙大队", penalty="罚款", fine_fen=99900, decided_on=date(2022, 12, 31))
    add_case(store, "乙罚〔2024〕1号", unit="乙大队", penalty="警告", decided_on=date(2024, 1, 1))
    add_case(store, "乙罚〔2023〕未决", unit="乙大队", penalty="罚款", fine_fen=100)  # no decision yet
    with store.writing() as s:
        s.add_all([Problem(unit="甲大队", created_at=datetime(2023, 3, 1), status="已销号", closed_on=date(2023, 5, 1)),
                   Problem(unit="乙大队", created_at=datetime(2023, 12, 31, 23, 59), status="整改中"),
                   Problem(unit="乙大队", created_at=datetime(2022, 11, 1), status="已销号",
                           closed_on=date(2023, 2, 1)),
                   Problem(unit="甲大队", created_at=datetime(2024, 1, 1), status="待整改")])


def test_the_totals_equal_counts_computed_directly_from_the_store(store) -> None:
    _fill(store)
    report = annual_report(store, 2023)
    where = "decided_on BETWEEN '2023-01-01' AND '2023-12-31'"
    with store.engine.connect() as db:
        def one(sql: str) -> int:
            return int(db.execute(text(sql)).scalar() or 0)

        expected = {
            "decisions": one(f"SELECT COUNT(*) FROM cases WHERE {where}"),
            "fine_fen": one(f"SELECT SUM(fine_fen) FROM cases WHERE {where}"),
            "confiscation_fen": one(f"SELECT SUM(confiscation_fen) FROM cases WHERE {where}"),
            "hearings": one(f"SELECT COUNT(*) FROM cases WHERE {where} AND hearing_on IS NOT NULL"),
            "legal_reviews": one(f"SELECT COUNT(*) FROM cases WHERE {where} AND legal_review_on IS NOT NULL"),
            "problems": one("SELECT COUNT(*) FROM problems WHERE created_at >= '2023-01-01' "
                            "AND created_at < '2024-01-01'"),
            "problems_rectified": one("SELECT COUNT(*) FROM problems WHERE status = '已销号' "
                                      "AND closed_on BETWEEN '2023-01-01' AND '2023-12-31'"),
            "fines_by_kind": one(f"SELECT COUNT(*) FROM cases WHERE {where} AND penalty LIKE '%罚款%'"),
        }
    totals = report.to_json()["totals"]
    assert expected == {"decisions": 3, "fine_fen": 620000, "confiscation_fen": 30050, "hearings": 1,
                        "legal_reviews": 2, "problems": 2, "problems_rectified": 2, "fines_by_kind": 2}
    assert {k: totals[k] for k in expected if k in totals} == {k: v for k, v in expected.items() if k in totals}
    assert totals["by_kind"]["罚款"] == expected["fines_by_kind"]
    assert totals["by_kind"]["责令停产停业"] == 1 and totals["by_kind"]["没收违法所得"] == 1
    assert totals["by_kind"]["警告"] == 0
    assert totals["complaints"] == 0 and "投诉" in report.complaints_source


def test_the_units_add_up_to_the_totals(store) -> None:
    _fill(store)
    data = annual_report(store, 2023).to_json()
    assert [u["unit"] for u in data["units"]] == ["乙大队", "甲大队"]
    by = {u["unit"]: u for u in data["units"]}
    assert by["甲大队"]["decisions"] == 2 and by["甲大队"]["fine_fen"] == 620000
    assert by["乙大队"]["decisions"] == 1 and by["乙大队"]["problems"] == 1
    for key in ("decisions", "fine_fen", "confiscation_fen", "hearings", "legal_reviews", "problems"):
        assert sum(u[key] for u in data["units"]) == data["totals"][key]


def test_complaints_are_read_from_their_table_when_the_store_has_one(store) -> None:
    """The complaints register's own records (app/registers): received and closed in the year."""
    from app.registers.complaints import add_complaint, close_complaint, reply_complaint, triage_complaint

    _fill(store)
    for received, closed, unit in (("2023-09-28", "2023-10-20", "甲大队"), ("2023-12-30", "2024-01-05", "甲大队"),
                                   ("2022-12-30", "2023-01-05", "乙大队"), ("2023-11-02", None, "乙大队")):
        c = add_complaint(store, received_on=received, channel="电话", subject="执法态度", unit=unit,
                          as_of=date(2024, 3, 1))
        triage_complaint(store, c["id"], as_="受理", on=received)
        if closed:
            reply_complaint(store, c["id"], on=received, note="已受理")
            close_complaint(store, c["id"], on=closed, result="已办结")
    t = annual_report(store, 2023).totals
    assert (t.complaints, t.complaints_closed) == (3, 2)  # received in 2023: 3; closed in 2023: 2


def test_a_bad_year_is_refused_and_the_due_date_shows_from_december() -> None:
    with pytest.raises(UserError, match="统计年度"):
        annual_report(None, 23)  # type: ignore[arg-type]
    assert annual_due(date(2023, 11, 30)) is None
    assert annual_due(date(2023, 12, 1)) == date(2024, 1, 31)
    assert annual_due(date(2024, 1, 31)) == date(2024, 1, 31)
    assert annual_due(date(2024, 2, 1)) is None
