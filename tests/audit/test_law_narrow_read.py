"""The law pass's narrow read (rules_law_narrow.py) and its cheaper SQL conditions: a narrow row
gives the narrow checks what the whole case gives them, and the plain penalties tested by
equality before the LIKEs are those no LIKE finds a hearing kind in."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from app.audit import rules_law
from app.audit.case_columns import driver_rows
from app.audit.data import AuditData
from app.audit.law.penalties import kinds_of
from app.audit.load import load_all
from app.audit.load_cases import load_cases
from app.audit.rule import RunInputs
from app.audit.rules_law_double import act_of, double_penalty
from app.audit.rules_law_narrow import (
    ACT_FACTS,
    NARROW_FACTS,
    NarrowReader,
    act_columns,
    narrow_checks,
    narrow_columns,
)
from app.audit.rules_law_store import (
    COMMON_PENALTIES,
    C,
    decisions_clear_of_gaps,
    fact_columns,
    hearing_words,
    holds_spread,
    plain_penalties,
    spread,
)
from db.models import CaseFile, Unit
from tests.audit.test_law_store_pass import AS_OF, OFFICES, PENALTIES, _calendar, _drafts, _edges, _seed

BOUND = {name: bind for _, name, bind in rules_law.PER_CASE}


@pytest.mark.parametrize(("office", "gaps"), [("none", ()), ("rules", ()), ("working", ()), ("none", (2022, 2024)),
                                               ("rules", (2017, 2021))])
def test_a_narrow_row_gives_the_narrow_checks_what_the_whole_case_gives(store: Any, office: str,
                                                                        gaps: tuple[int, ...]) -> None:
    _seed(store)
    rules = OFFICES[office]
    with store.writing() as s:
        db = s.connection()
        read = NarrowReader(db)
        rows = {r[0]: r for r in driver_rows(db, select(*narrow_columns()).order_by(C.id))}
        narrow = {i: read(r) for i, r in rows.items()}
        acted = {r[0]: read.with_act(rows[r[0]], r) for r in driver_rows(db, select(*act_columns()).order_by(C.id))}
        whole = {r[0]: read.whole(r) for r in driver_rows(db, select(*fact_columns()).order_by(C.id))}
        data = load_all(s)
        assert narrow.keys() == acted.keys() == whole.keys() and len(whole) > 700
        for i, facts in whole.items():
            assert all(getattr(narrow[i], f) == getattr(facts, f) for f in NARROW_FACTS), i
            assert all(getattr(acted[i], f) == getattr(facts, f) for f in NARROW_FACTS | ACT_FACTS), i
        reported = 0
        for name in sorted(narrow_checks(rules)):
            seen = []
            for facts_of in (narrow, whole):
                calendar = _calendar(gaps)  # a calendar of its own: the years it notes are this reading's
                check = BOUND[name](RunInputs(data, calendar, AS_OF, 5.0, rules, db))
                seen.append(([check(f) for f in facts_of.values()], sorted(calendar.years_missing)))
            assert seen[0] == seen[1], name
            reported += sum(f is not None for f in seen[1][0])
        s.rollback()
    assert reported > 50
    # DOUBLE_PENALTY compares the fined decisions read with ACT_COLUMNS (rules_law._store_pass)
    doubles = [double_penalty([f for f in facts_of.values() if act_of(f) is not None]) for facts_of in (acted, whole)]
    assert doubles[0] == doubles[1] and doubles[1]


def test_major_without_review_is_read_whole_where_the_office_has_catalogues() -> None:
    assert "major_without_legal_review" in narrow_checks(OFFICES["none"])
    assert "major_without_legal_review" not in narrow_checks(OFFICES["rules"])  # the catalogue reads the party


def test_a_plain_penalty_names_no_kind_open_to_a_hearing() -> None:
    words = hearing_words()
    plain = plain_penalties(words)
    assert "" in plain and "罚款" in plain and "警告" in plain
    assert "吊销许可证" not in plain
    hearing_kinds = {k for w in words for k in kinds_of((w,))}
    assert all(kinds_of((p,)).isdisjoint(hearing_kinds) for p in plain)
    assert not any(holds_spread(p, w) for p in plain for w in words)
    assert not holds_spread("罚款", "吊销") and holds_spread("吊 销许可证", "吊销") and not holds_spread("销吊", "吊销")


def test_holds_spread_says_what_like_says_on_both_engines(store: Any) -> None:
    texts = sorted({*PENALTIES, *COMMON_PENALTIES, "吊 销", "销吊", "吊", "责令停产、停业", "降低资质", "限制 从业"})
    with store.writing() as s:
        s.add_all([CaseFile(id=i + 1, case_no=f"C{i}", case_key=f"C{i}", penalty=t) for i, t in enumerate(texts)])
    with store.writing() as s:
        db = s.connection()
        for w in hearing_words():
            in_sql = {r[0] for r in db.execute(select(C.penalty).where(C.penalty.like(spread(w))))}
            assert in_sql == {t for t in texts if holds_spread(t, w)}, w


def test_the_store_pass_reads_most_candidates_narrow_and_the_others_whole(store: Any, monkeypatch: Any) -> None:
    """The equivalence tests (test_law_store_pass.py) go through the three reads: on the planted
    cases some candidates only the narrow checks need, some DOUBLE_PENALTY compares besides, and
    some a wide check needs."""
    _seed(store)
    calls = {"narrow": 0, "act": 0, "whole": 0}
    narrow_read, act_read, whole_read = NarrowReader.__call__, NarrowReader.with_act, NarrowReader.whole

    def counted(kind: str, read: Any) -> Any:
        def inner(self: NarrowReader, *rows: Any) -> Any:
            calls[kind] += 1
            return read(self, *rows)
        return inner

    monkeypatch.setattr(NarrowReader, "__call__", counted("narrow", narrow_read))
    monkeypatch.setattr(NarrowReader, "with_act", counted("act", act_read))
    monkeypatch.setattr(NarrowReader, "whole", counted("whole", whole_read))
    with store.writing() as s:
        run = RunInputs(load_all(s), _calendar(()), AS_OF, 5.0, OFFICES["rules"], s.connection())
        assert sum(len(list(rule.check(run))) for rule in rules_law.CASE_RULES) > 50
        s.rollback()
    assert calls["narrow"] > 50 and calls["act"] > 5 and calls["whole"] > 50


@pytest.mark.parametrize("gaps", [(), (2022,), (2019, 2023)])
def test_the_decisions_clear_of_gaps_leave_the_near_year_test_out_with_the_same_findings(store: Any,
                                                                                        gaps: tuple[int, ...]) -> None:
    """Decisions of 2019–2022 only (the edge cases): with every year's data the scan leaves the
    near-a-year-without-data test on the decision date out; with a year missing in or next to the
    span it keeps it, and the store pass finds and notes what reading every case does."""
    with store.writing() as s:
        s.add(Unit(id=1, name="水政监察支队", field="水利"))
        s.flush()
        s.add_all(_edges(1))
    with store.writing() as s:
        db = s.connection()
        assert decisions_clear_of_gaps(db, _calendar(gaps)) == (not gaps)
        found, years = _drafts(load_all(s), None, db, gaps)
        expected, expected_years = _drafts(AuditData.build(cases=load_cases(s)), None, db, gaps)
        s.rollback()
    assert found == expected and years == expected_years
    # 2022's decisions count 7 working days into 2022; 2019's count calendar days (the 2017 text)
    assert sum(map(len, expected)) > 10 and bool(expected_years) == (2022 in gaps)


def test_no_decision_date_is_clear_of_gaps(store: Any) -> None:
    with store.writing() as s:
        s.add(CaseFile(id=1, case_no="C1", case_key="C1"))
    with store.writing() as s:
        assert decisions_clear_of_gaps(s.connection(), _calendar((2022,)))


@pytest.mark.parametrize(("decided", "gaps", "noted"), [(date(2023, 3, 1), (), []), (date(2023, 3, 1), (2023,), [2023]),
                                                     (date(2026, 12, 28), (), [2027])])
def test_a_decision_served_in_time_in_a_year_without_data_is_still_counted(store: Any, decided: date,
                                                                          gaps: tuple[int, ...],
                                                                          noted: list[int]) -> None:
    """Served the next day, hearing waived: no check reports, and only SERVICE_LATE counts working
    days (from the decision). In a year without data (or just before one: the bundled calendar
    ends with 2026) that count is a guess the audit notes, so the case is read for SERVICE_LATE
    although it was served in time."""
    with store.writing() as s:
        s.add(CaseFile(id=1, case_no="沈水罚字〔2023〕第1号", case_key="沈水罚字〔2023〕第1号",
                       legal_basis="《中华人民共和国水法》第六十九条", penalty="罚款", fine_fen=100_000,
                       filed_on=decided - timedelta(days=28), notified_on=decided - timedelta(days=9),
                       hearing_waived_on=decided - timedelta(days=8), legal_review_on=decided - timedelta(days=1),
                       decided_on=decided, served_on=decided + timedelta(days=1)))
    with store.writing() as s:
        db = s.connection()
        assert decisions_clear_of_gaps(db, _calendar(gaps)) == (not noted)
        found, years = _drafts(load_all(s), None, db, gaps)
        expected, expected_years = _drafts(AuditData.build(cases=load_cases(s)), None, db, gaps)
    assert not any(expected) and expected_years == noted
    assert found == expected and years == expected_years
