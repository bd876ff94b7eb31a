"""The officer rules over the store, where SQL sets aside the cases whose every officer is written
exactly as a certificate surely good on every decision day, under two names or more
(rules_officers._maybe_reported, officer_columns.teams_that_may_fail): the same findings, in the same order, as the rules over every
case read — on a roster and teams drawn to sit on each side of what "surely" means (a certificate
a day short of the last decision, written in another width, case or spacing, a name not in its
normalised form, two entries of one name, a 暂扣 dated later, an auxiliary, one officer twice), on
both engines."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from itertools import product
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete

from app.audit import case_columns, officer_columns, rules_officers
from app.audit.data import AuditData
from app.audit.load import load_all
from app.audit.load_cases import load_cases
from app.audit.rule import RunInputs
from app.domain.calendar import Calendar
from app.domain.numbers import normalise_case_no
from app.store import open_store
from db.models import CaseFile, CaseOfficer, Officer, Unit

FIRST, LAST = date(2016, 1, 4), date(2024, 11, 29)  # the store's first and last decision days
ROSTER = [("冯八", "C008", 1, None, None, "有效", "执法人员", None),
          ("陈九", "C009", 2, FIRST, LAST, "有效", "执法人员", None),  # valid from the first to the last day
          ("褚十", "C010", 1, FIRST, LAST - timedelta(days=1), "有效", "执法人员", None),  # a day short of the last
          ("卫十一", "C011", 1, None, None, "有效", "辅助人员", None),
          ("蒋十二", "C012", 1, None, None, "暂扣", "执法人员", date(2020, 1, 1)),  # suspended after some cases
          ("沈十三", "C013", 1, None, None, "有效", "执法人员", None),
          ("沈十三", "C014", 2, None, None, "有效", "执法人员", None),  # one name, two entries
          ("韩 十四", "C015", 1, None, None, "有效", "执法人员", None),  # the roster's name is not its normalised form
          ("杨十五", "D016", 1, None, None, "有效", "执法人员", None),
          ("杨十六", "d016", 1, None, None, "有效", "执法人员", None),  # the same certificate once normalised
          ("秦十七", "C017", 2, FIRST + timedelta(days=1), None, "有效", "执法人员", None)]  # a day after the first
WRITTEN = [("冯八", "C008"), ("陈九", "C009"), ("冯八", "c008"), ("冯 八", "C008"), ("冯八", ""), ("陈九", "C009 "),
           ("褚十", "C010"), ("卫十一", "C011"), ("蒋十二", "C012"), ("沈十三", "C013"), ("沈十三", "C014"),
           ("韩 十四", "C015"), ("韩十四", "C015"), ("杨十五", "D016"), ("杨十六", "d016"), ("秦十七", "C017"),
           ("陈九", "C008"), ("无名", "X999")]
DECIDED = [None, FIRST, FIRST + timedelta(days=1), date(2019, 12, 31), date(2020, 1, 1), LAST - timedelta(days=1), LAST]


def _teams() -> list[tuple[tuple[str, str], ...]]:
    """No officer, each one alone, every pair (an officer twice among them), and a few of three."""
    pairs = list(product(WRITTEN, repeat=2))
    return [(), *((w,) for w in WRITTEN), *pairs, *((a, b, WRITTEN[0]) for a, b in pairs[::7])]


def _seed(store: Any) -> int:
    with store.writing() as s:
        s.add_all([Unit(id=1, name="水政监察支队", field="水利"), Unit(id=2, name="渔政站", field="渔业")])
        s.add_all([Officer(id=i + 1, name=n, cert_no=c, unit_id=u, valid_from=f, valid_to=t, status=st, kind=k,
                           status_on=on) for i, (n, c, u, f, t, st, k, on) in enumerate(ROSTER)])
        n = 0
        for team in _teams():
            for decided in DECIDED:
                n += 1
                no = f"沈水罚字〔2020〕第{n}号"
                s.add(CaseFile(id=n, case_no=no, case_key=normalise_case_no(no), decided_on=decided,
                               filed_on=date(2015, 6, 1), unit_id=(None, 1, 2)[n % 3]))
                s.add_all([CaseOfficer(case_id=n, position=p, name=name, cert_no=cert)
                           for p, (name, cert) in enumerate(team)])
        # Plainly good teams decided on every day of the store, for the prefilter to set aside.
        for k in range(40):
            n += 1
            no = f"沈水罚字〔2021〕第{n}号"
            s.add(CaseFile(id=n, case_no=no, case_key=normalise_case_no(no), decided_on=DECIDED[1 + k % 6],
                           unit_id=1))
            s.add_all([CaseOfficer(case_id=n, position=0, name="冯八", cert_no="C008"),
                       CaseOfficer(case_id=n, position=1, name="陈九", cert_no="C009")])
    return n


def _found(data: AuditData, db: Any) -> list[list[tuple[Any, ...]]]:
    run = RunInputs(data, Calendar.bundled(), date(2025, 6, 30), 5.0, None, db)
    return [[(d.code, d.refs, d.expected, d.found, d.message, d.unit_id, d.case_key, d.rule) for d in rule.check(run)]
            for rule in rules_officers.RULES]


def _ids(db: Any, data: AuditData) -> list[int] | None:
    """The ids the prefilter leaves to the rules (rules_officers._maybe_reported), or None: all."""
    select = rules_officers._maybe_reported(data, db)
    return None if select is None else sorted({r[0] for r in case_columns.driver_rows(db, select)})


@pytest.mark.parametrize("prefilter", ["sql", "read all", "ids with a gap", "every case with officers"])
def test_the_officer_rules_set_aside_in_sql_only_cases_they_would_not_report(store: Any, prefilter: str,
                                                                             monkeypatch: Any) -> None:
    """Also when the rules read every case (a roster that vouches for no certificate); when the
    case ids do not run without a gap (the cases with no officer are then found case by case, not
    from counts); and when the counts show that every case has an officer."""
    if prefilter == "read all":
        monkeypatch.setattr(rules_officers, "_surely_fine", lambda *_: (set(), set()))
    n = _seed(store)
    gone = {"ids with a gap": [10], "every case with officers": list(range(1, len(DECIDED) + 1))}.get(prefilter, [])
    if gone:  # the first cases are those with no officer (`_teams`)
        with store.writing() as s:
            s.execute(delete(CaseOfficer).where(CaseOfficer.case_id.in_(gone)))
            s.execute(delete(CaseFile).where(CaseFile.id.in_(gone)))
        n -= len(gone)
    with store.writing() as s:
        db = s.connection()
        data = load_all(s)
        ids = _ids(db, data)
        found = _found(data, db)
        assert data.case_loader is not None  # no rule read every case
        every = AuditData.build(cases=load_cases(s), officers=data.officers)
        expected = _found(every, db)
        s.rollback()
    assert found == expected
    if prefilter == "read all":
        assert ids is None
        return
    assert ids is not None and 0 < len(ids) < n  # the prefilter was used, and set cases aside
    with store.session() as s:
        no_officer = {c.id for c in load_cases(s) if not c.officers}
    assert len(no_officer) == (0 if prefilter == "every case with officers" else len(DECIDED))
    assert no_officer <= set(ids)
    if prefilter == "every case with officers":
        with store.session() as s:
            assert officer_columns._every_case_has_officers(s.connection())
    reported = {d[6] for rule in expected for d in rule}
    assert len(expected[0]) > 100 and len(expected[1]) > 50
    # the cases set aside: each officer written exactly as a certificate good on every decision day
    # (and a name the roster writes in its normalised form), two names or more
    sure = {("冯八", "C008"), ("陈九", "C009"), ("沈十三", "C013"), ("沈十三", "C014"), ("杨十五", "D016"),
            ("陈九", "C008")}
    kept = set(ids)
    with store.session() as s:
        aside = [c for c in load_cases(s) if c.id not in kept]
    assert len(aside) > 40 and all(c.case_key not in reported for c in aside)
    assert all({(o.name, o.cert_no) for o in c.officers} <= sure and len({o.name for o in c.officers}) > 1
               for c in aside)


def test_a_roster_vouching_for_no_certificate_reads_every_case(store: Any) -> None:
    """Every roster entry a day short of the store's decision days: nothing set aside in SQL, and
    still the findings of the rules over every case."""
    with store.writing() as s:
        s.add(Officer(id=1, name="冯八", cert_no="C008", valid_from=FIRST + timedelta(days=1), status="有效",
                      kind="执法人员"))
        for i, decided in enumerate((FIRST, LAST), start=1):
            s.add(CaseFile(id=i, case_no=f"C{i}", case_key=f"C{i}", decided_on=decided))
            s.add_all([CaseOfficer(case_id=i, position=p, name=name, cert_no="C008") for p, name in
                       enumerate(("冯八", "陈九"))])
    with store.writing() as s:
        db = s.connection()
        data = load_all(s)
        assert _ids(db, data) is None
        found = _found(data, db)
        expected = _found(AuditData.build(cases=load_cases(s), officers=data.officers), db)
        s.rollback()
    assert found == expected and [len(x) for x in found] == [2, 0]


def test_every_case_is_known_to_have_an_officer_from_counts_only_where_the_ids_run_without_a_gap(
        tmp_path: Path) -> None:
    """officer_columns._every_case_has_officers: an officer row whose case is gone (a store edited
    with its foreign keys off) does not stand in for a case with no officer."""
    path = tmp_path / "counts.sqlite"
    store = open_store(path)
    try:
        def answer() -> bool:
            with store.session() as s:
                return officer_columns._every_case_has_officers(s.connection())

        assert answer()  # no case at all
        with store.writing() as s:
            s.add_all([CaseFile(id=i, case_no=f"C{i}", case_key=f"C{i}") for i in (1, 2, 3, 4)])
        assert not answer()  # no officer row at all
        with store.writing() as s:
            s.add_all([CaseOfficer(case_id=i, position=0, name="冯八", cert_no="C008") for i in (1, 2, 3)])
        assert not answer()  # case 4 has no officer
        con = sqlite3.connect(path)
        con.execute("PRAGMA foreign_keys=OFF")
        con.execute("INSERT INTO case_officers (case_id, position, name, cert_no) VALUES (99, 0, '陈九', 'C009')")
        con.commit()
        con.close()
        assert not answer()  # four cases with officer rows, one of them no case's
        with store.writing() as s:
            s.add(CaseOfficer(case_id=4, position=0, name="陈九", cert_no="C009"))
        assert answer()
        with store.writing() as s:
            s.execute(delete(CaseOfficer).where(CaseOfficer.case_id == 2))
            s.execute(delete(CaseFile).where(CaseFile.id == 2))
            s.add(CaseFile(id=5, case_no="C5", case_key="C5"))
            s.add(CaseOfficer(case_id=5, position=0, name="陈九", cert_no="C009"))
        assert not answer()  # a gap in the ids: asked case by case
    finally:
        store.close()
