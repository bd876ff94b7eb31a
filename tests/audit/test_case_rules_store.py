"""The officer, date, publication, payment and discretion rules over the store (narrow reads, and
candidates chosen in SQL: app/audit/case_columns.py, case_candidates.py) find exactly what the
same rules find over every loaded case: the same drafts in the same order, and the same years
noted on the calendar as lacking holiday data — on a store drawn to sit on and around every
candidate condition's edge (a day either side), on both engines."""

from __future__ import annotations

import json
import random
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from app.audit import case_candidates as cand
from app.audit import rules_cases, rules_discretion, rules_officers
from app.audit.data import AuditData
from app.audit.engine import run_rules
from app.audit.load import load_all
from app.audit.load_cases import load_cases
from app.audit.load_money import load_ledger, load_receipts
from app.audit.model import Draft
from app.audit.rule import Rule, RunInputs
from app.domain.calendar import Calendar
from app.domain.numbers import normalise_case_no
from db.models import CaseFile, CaseOfficer, ImportBatch, LedgerEntry, Officer, Unit
from db.models_audit import DiscretionBenchmark
from db.models_publication import Publication, PublicationList

AS_OF = date(2025, 6, 30)
SHORT = date(2025, 4, 21)  # a Monday whose 7th working day is 8 days on (a Sunday worked: 04-27)
RULES: tuple[Rule, ...] = (*rules_officers.RULES, *rules_cases.RULES, *rules_discretion.RULES)
# Years without holiday data in the bundled calendar (2010–2026) on both sides, a year end, mid-years.
STARTS = [date(2009, 12, 22), date(2017, 3, 1), date(2021, 7, 1), date(2022, 12, 24), date(2024, 9, 28),
          date(2025, 6, 10), date(2026, 12, 22), date(2027, 6, 1)]
CAUSES = ["非法采砂", "非法 采砂", "无证取水", "", "超计划取水"]
BASES = ["《中华人民共和国水法》第六十九条", "《中华人民共和国水法》 第六十九条", ""]
PENALTIES = ["罚款", "警告并处罚款", "罚款、没收违法所得", ""]
PARTIES = [("张三", ""), ("张 三", ""), ("某某有限公司", ""), ("", "210102199001011234"), ("李四", "91210100MA0XXXXX1Y"),
           ("李四", "91210100ma0xxxxx1y "), ("王五", "")]
ROSTER = [("赵一", "A001", 1, date(2015, 1, 1), date(2030, 1, 1), "有效", "执法人员", None),
          ("钱二", "A002", 1, date(2015, 1, 1), date(2022, 12, 31), "有效", "执法人员", None),
          ("孙三", "A003", 2, date(2023, 1, 2), None, "有效", "执法人员", None),
          ("李四", "A004", 2, None, None, "暂扣", "执法人员", date(2024, 10, 1)),
          ("周五", "A005", 1, None, None, "注销", "执法人员", None),
          ("吴六", "A006", 1, None, None, "有效", "辅助人员", None),
          ("赵一", "B001", 2, date(2015, 1, 1), date(2021, 6, 30), "有效", "执法人员", None),
          ("郑七", "", 2, None, date(2025, 6, 1), "有效", "执法人员", None)]
WRITTEN = [("赵一", "A001"), ("赵一", ""), ("钱二", "A002"), ("钱二", "a 002"), ("孙三", ""), ("李四", "A004"),
           ("周五", ""), ("吴六", "A006"), ("郑七", ""), ("无名", ""), ("赵 一", "")]


def _dates(rng: random.Random) -> dict[str, Any]:
    filed = rng.choice(STARTS) + timedelta(days=rng.randrange(0, 30)) if rng.random() < 0.9 else None
    chain: dict[str, Any] = {"filed_on": filed}
    last = filed or rng.choice(STARTS)
    for name in ("notified_on", "decided_on", "served_on", "paid_on", "closed_on"):
        step = rng.choice((0, 1, 5, 9, 16, -1, 3))  # -1: a day back, out of order; 0: the same day, in order
        on = last + timedelta(days=step)
        chain[name] = on if rng.random() < 0.8 else None
        last = on
    return chain


def _cases(n: int) -> list[CaseFile]:
    rng = random.Random(20251201)
    out = []
    for i in range(n):
        row = _dates(rng)
        decided = row["decided_on"]
        gap = rng.choice((None, 5, 6, 7, 8, 9, 10, 11, 12, 30))  # 7 calendar days, 7 working days, either side
        party, party_id = rng.choice(PARTIES)
        out.append(CaseFile(
            id=i + 1, case_no=f"沈水罚字〔2022〕第{i + 1}号", case_key=normalise_case_no(f"沈水罚字〔2022〕第{i + 1}号"),
            cause=rng.choice(CAUSES), legal_basis=rng.choice(BASES), penalty=rng.choice(PENALTIES),
            party=party, party_id=party_id, party_kind=rng.choice(["", "", "自然人", "法人及非法人组织", "个体工商户"]),
            fine_fen=rng.choice([None, 0, 1_000, 20_000, 100_000, 500_000, 2_000_000]),
            published_on=decided + timedelta(days=gap) if decided and gap else None,
            enforcement=rng.choice(["", "", "分期缴纳", "已申请人民法院强制执行"]),
            unit_id=rng.choice([1, 2, None]), batch_id=rng.choice([None, 1, 2]), source_row=i + 2, **row))
    return out


def _edges(first_id: int) -> list[CaseFile]:
    """A day either side of each bound: published 7 calendar days after the decision and around its
    7th working day; not published 7 days before the audit date; served 15 days before it; fines at
    a benchmark's ends; two dates of the chain equal and a day back; published around a 7th working day
    that a weekend worked brings to 8 days on. (Of a unit and dates no published list covers.)"""
    rows: list[dict[str, Any]] = []
    for decided in (date(2024, 3, 4), date(2024, 9, 27), date(2025, 1, 24)):  # a Monday; before 国庆; before 春节
        rows += [dict(decided_on=decided, published_on=decided + timedelta(days=n)) for n in range(5, 21)]
    rows += [dict(decided_on=AS_OF - timedelta(days=n)) for n in range(5, 14)]
    rows += [dict(decided_on=date(2025, 5, 1), served_on=AS_OF - timedelta(days=n), fine_fen=1_000)
             for n in (14, 15, 16, 17)]
    rows += [dict(decided_on=date(2024, 5, 6), fine_fen=fine, cause="非法采砂") for fine in (9_999, 10_000, 50_000, 50_001)]
    rows += [dict(filed_on=date(2024, 1, 2), notified_on=date(2024, 1, 2 + n), decided_on=date(2024, 1, 3))
             for n in (0, 1, 2)]
    # 2025-04-21: a Sunday worked (04-27) makes the 7th working day 04-29, 8 days on (fewer than the 9
    # days a week of weekends alone gives)
    rows += [dict(decided_on=SHORT, published_on=SHORT + timedelta(days=n)) for n in range(6, 11)]
    return [CaseFile(id=first_id + i, case_no=f"沈水罚字〔边界〕第{i}号", case_key=f"沈水罚字〔边界〕第{i}号",
                     legal_basis="《中华人民共和国水法》第六十九条", penalty="罚款", party=f"边界{i}", unit_id=2, **row)
            for i, row in enumerate(rows)]


def _seed(store: Any) -> int:
    rng = random.Random(7)
    with store.writing() as s:
        s.add_all([Unit(id=1, name="水政监察支队", field="水利"), Unit(id=2, name="渔政站", field="渔业")])
        columns = [{"column": "A", "header": "案号", "field": "case_no"},
                   {"column": "B", "header": "决定日期", "field": "decided_on"}]
        for bid, kind, cols in ((1, "cases", columns),  # a sheet with no officers or publication column
                                (2, "cases", [*columns, {"column": "C", "header": "执法人员", "field": "officers"},
                                              {"column": "D", "header": "公示日期", "field": "published_on"}]),
                                (3, "publications", []), (4, "publications", [])):
            s.add(ImportBatch(id=bid, kind=kind, file_name=f"清单{bid}.xlsx", sha256=f"{bid:064d}", sheet="",
                              header_row=1, imported_at=datetime(2025, 1, 1), mapping_json=json.dumps({"columns": cols})))
        s.add_all([Officer(id=i + 1, name=n, cert_no=c or None, unit_id=u, valid_from=f, valid_to=t, status=st, kind=k,
                           status_on=on) for i, (n, c, u, f, t, st, k, on) in enumerate(ROSTER)])
        s.add_all([DiscretionBenchmark(id=1, violation="非法采砂", min_fen=10_000, max_fen=50_000),
                   DiscretionBenchmark(id=2, legal_basis="《中华人民共和国水法》第六十九条", min_fen=1_000,
                                       max_fen=1_000_000)])
        s.flush()
        cases = _cases(600)
        cases += _edges(len(cases) + 1)
        s.add_all(cases)
        s.flush()
        for c in cases:
            for pos in range(rng.choice((0, 1, 2, 2, 2, 3))):
                name, cert = rng.choice(WRITTEN)
                s.add(CaseOfficer(case_id=c.id, position=pos, name=name, cert_no=cert))
        listed = [c for c in cases[:600] if c.decided_on is not None and rng.random() < 0.2]  # not the edges
        for c in listed:
            assert c.decided_on is not None
            for n in rng.sample((3, 7, 8, 9, 10, 11, 14), 2):
                s.add(Publication(case_id=c.id, batch_id=rng.choice((3, 4)), published_on=c.decided_on + timedelta(days=n)))
        s.add_all([PublicationList(batch_id=3, covers_from=date(2024, 1, 1), covers_to=date(2024, 12, 31),
                                   last_published_on=date(2024, 10, 12), unit_ids_json="[1]"),
                   PublicationList(batch_id=4, covers_from=date(2022, 12, 1), covers_to=date(2023, 1, 31),
                                   last_published_on=date(2023, 1, 6), unit_ids_json="[1, 2, null]")])
        settled = cases[600 + 60]  # the edge served 17 days before the audit date: paid by the ledger's date
        s.add(LedgerEntry(case_no=settled.case_no, case_key=settled.case_key, paid_on=date(2025, 6, 1)))
        return len(cases)


def _calendar(gaps: tuple[int, ...]) -> Calendar:
    bundled = Calendar.bundled()
    return Calendar({y: data for y, data in bundled.years.items() if y not in gaps})


def _seen(d: Draft) -> tuple[Any, ...]:
    return (d.code, d.refs, d.expected, d.found, d.message, d.unit_id, d.case_key, d.calendar_fallback, d.rule)


def _drafts(data: AuditData, db: Any, gaps: tuple[int, ...]) -> tuple[list[list[tuple[Any, ...]]], list[int]]:
    calendar = _calendar(gaps)
    run = RunInputs(data, calendar, AS_OF, 5.0, None, db)
    return [[_seen(d) for d in rule.check(run)] for rule in RULES], sorted(calendar.years_missing)


@pytest.mark.parametrize("gaps", [(), (2023, 2025)])
def test_the_case_rules_on_the_store_find_what_they_find_over_every_case(store: Any, gaps: tuple[int, ...]) -> None:
    _seed(store)
    with store.writing() as s:
        db = s.connection()
        from_store = load_all(s)
        found, years = _drafts(from_store, db, gaps)
        assert from_store.case_loader is not None  # no rule read every case
        every = AuditData.build(cases=load_cases(s), officers=from_store.officers, benchmarks=from_store.benchmarks)
        expected, expected_years = _drafts(every, db, gaps)
        s.rollback()
    assert found == expected and years == expected_years
    assert all(expected)  # every rule reports on this store
    assert not gaps or set(gaps) <= set(expected_years)
    codes = {rule[0][0]: len(rule) for rule in expected}
    assert codes["PUBLICATION_LATE"] > 30 and codes["DATE_ORDER"] > 30 and codes["OFFICER_NOT_CERTIFIED"] > 30


def test_the_edges_are_judged_by_the_rules_themselves(store: Any) -> None:
    n = _seed(store)
    with store.writing() as s:
        found, _ = _drafts(load_all(s), s.connection(), ())
        s.rollback()
    by_case = {(d[0], d[6]) for rule in found for d in rule}
    edge = [f"沈水罚字〔边界〕第{i}号" for i in range(n - 600)]
    # 2024-03-04 (a Monday): the 7th working day is 03-13 (9 days on); published on it is in time, a day later is not
    assert [("PUBLICATION_LATE", edge[k]) in by_case for k in range(2, 6)] == [False, False, False, True]
    # 2024-09-27: 国庆 in between, the 7th working day is 10-12 (a Saturday worked): 15 days on
    assert [("PUBLICATION_LATE", edge[16 + k]) in by_case for k in range(9, 12)] == [False, False, True]
    # not published, decided 11 days before the audit date (a Monday): its 7th working day is the audit date itself
    assert [("PUBLICATION_LATE", edge[48 + k]) in by_case for k in range(9)] == [False] * 7 + [True, True]
    # served 14, 15, 16, 17 days before it (the last one paid by the ledger's date)
    assert [("FINE_UNPAID_OVERDUE", edge[57 + k]) in by_case for k in range(4)] == [False, False, True, False]
    assert [("DISCRETION_OUT_OF_RANGE", edge[61 + k]) in by_case for k in range(4)] == [True, False, False, True]
    assert [("DATE_ORDER", edge[65 + k]) in by_case for k in range(3)] == [False, False, True]
    # published 6 … 10 days on: the 8th day is in time, the 9th (a day the 9-day bound would let through) is not
    assert [("PUBLICATION_LATE", edge[68 + k]) in by_case for k in range(5)] == [False, False, False, True, True]
    assert n == 600 + 73


@pytest.mark.parametrize("gaps", [(), (2023, 2025)])
def test_an_audit_run_reads_no_case_file_whole_and_finds_what_reading_them_finds(store: Any,
                                                                                 gaps: tuple[int, ...]) -> None:
    """The whole rule book, each rule after the others as in a run (the calendar's memo shared):
    the same findings, and the same years noted, as over every case read."""
    _seed(store)
    with store.writing() as s:
        db = s.connection()
        data = load_all(s)
        out = run_rules(data, _calendar(gaps), AS_OF, db=db)
        assert data.case_loader is not None
        every = AuditData.build(cases=load_cases(s), officers=data.officers, benchmarks=data.benchmarks,
                                onsite_receipts=data.onsite_receipts,
                                money=lambda: (load_receipts(s), load_ledger(s)))
        expected = run_rules(every, _calendar(gaps), AS_OF, db=db)
        s.rollback()
    assert [_seen(d) for d in out.drafts] == [_seen(d) for d in expected.drafts]
    assert out.calendar_fallback_years == expected.calendar_fallback_years
    assert len(expected.drafts) > 300 and (not gaps or set(gaps) <= set(expected.calendar_fallback_years))


def test_a_year_without_data_is_noted_though_nothing_was_published_late(store: Any) -> None:
    """Decisions published in time, in a year the calendar has no data for and on the eve of one:
    no finding, but their deadlines were counted by weekends only, and the calendar says so."""
    with store.writing() as s:
        s.add_all([CaseFile(id=i, case_no=f"沈水罚字〔2023〕第{i}号", case_key=f"沈水罚字〔2023〕第{i}号",
                            decided_on=decided, published_on=decided + timedelta(days=2))
                   for i, decided in ((1, date(2023, 3, 1)), (2, date(2024, 12, 30)))])
    for gaps, noted in (((2023,), [2023]), ((2025,), [2025])):
        with store.writing() as s:
            found, years = _drafts(load_all(s), s.connection(), gaps)
            expected, expected_years = _drafts(AuditData.build(cases=load_cases(s)), s.connection(), gaps)
        assert not [d for rule in expected for d in rule if d[0] == "PUBLICATION_LATE"] and expected_years == noted
        assert found == expected and years == expected_years


def _fined(i: int, cause: str, fine: int, **kw: Any) -> CaseFile:
    return CaseFile(id=i, case_no=f"C{i}", case_key=f"C{i}", cause=cause, fine_fen=fine, decided_on=date(2024, 5, i),
                    party=kw.pop("party", f"当事人{i}"), party_kind=kw.pop("party_kind", "自然人"), **kw)


def test_inconsistent_penalty_reads_only_the_groups_whose_fines_may_differ(store: Any) -> None:
    """Groups told apart as written but one once normalised (非法 采砂 is 非法采砂) are counted
    together; a group within the factor, one too small and one made of instalments are told in SQL.
    (A violation written with a quote and a percent sign: the SQL is written with its values in.)"""
    cases = [_fined(1, "非法采砂%'", 1_000), _fined(2, "非法采砂%'", 1_000), _fined(3, "非法 采砂%'", 100_000),
             *(_fined(4 + k, "无证取水", 5_000 + k * 100) for k in range(10)),
             _fined(14, "超计划取水", 1_000), _fined(15, "超计划取水", 900_000),
             _fined(16, "拒不缴纳水资源费", 1_000, party="王五", enforcement="分期缴纳"),
             _fined(17, "拒不缴纳水资源费", 1_000, party="王五", enforcement="分期缴纳"),
             _fined(18, "拒不缴纳水资源费", 2_000), _fined(19, "拒不缴纳水资源费", 20_000)]
    cases[16].decided_on = cases[15].decided_on  # one decision in two instalments
    with store.writing() as s:
        s.add_all(cases)
    key = rules_discretion._written_group
    with store.writing() as s:
        db = s.connection()
        where = cand.groups_that_may_differ(db, key, 5.0, rules_discretion.MIN_GROUP)
        assert where is not None  # 7 of the 19 fined cases are read
        assert [c.id for c in cand.fined_cases(db, *where)] == [1, 2, 3, 16, 17, 18, 19]
        assert cand.groups_that_may_differ(db, key, 5.0, rules_discretion.MIN_GROUP, whole=0.2) is None
        # at 1000 times only the group with instalments may (their sum is one decision's fine)
        assert [c.id for c in cand.fined_cases(db, *cand.groups_that_may_differ(db, key, 1000.0, 3) or ())] == [
            16, 17, 18, 19]
        found, _ = _drafts(load_all(s), db, ())
        expected, _ = _drafts(AuditData.build(cases=load_cases(s)), db, ())
    assert found == expected
    assert [d[1]["case_nos"] for d in expected[-1]] == [["C16", "C19"], ["C1", "C3"]]  # the instalments: one decision


def test_unpublished_past_a_deadline_a_worked_weekend_brought_forward(store: Any) -> None:
    """Decided on a day whose 7th working day is 8 days on and not published: in time on that day,
    late the day after (9 days on: a day the 9-day bound alone would not reach), on both paths."""
    with store.writing() as s:
        s.add(CaseFile(id=1, case_no="沈水罚字〔2025〕第1号", case_key="沈水罚字〔2025〕第1号", decided_on=SHORT))
    late = []
    for as_of in (SHORT + timedelta(days=8), SHORT + timedelta(days=9)):
        with store.writing() as s:
            run = RunInputs(load_all(s), Calendar.bundled(), as_of, 5.0, None, s.connection())
            every = RunInputs(AuditData.build(cases=load_cases(s)), Calendar.bundled(), as_of, 5.0, None, s.connection())
            found = [_seen(d) for d in rules_cases.RULES[0].check(run)]
            assert found == [_seen(d) for d in rules_cases.RULES[0].check(every)]
            late.append(len(found))
    assert late == [0, 1]


def test_a_violation_is_counted_in_sql_with_its_every_basis_and_penalty(store: Any) -> None:
    """The SQL counts a violation's cases whatever their basis and penalty (a union of groups): a
    union whose fines differ is read whole — the group within the factor and the one of two cases
    as well — and the rules then find what they find over every case; a union within the factor
    is not read."""
    cases = [_fined(1, "无证取水", 1_000, legal_basis="第一款"), _fined(2, "无证取水", 1_200, legal_basis="第一款"),
             _fined(3, "无证取水", 1_100, legal_basis="第一款"), _fined(4, "无证 取水", 9_000, legal_basis="第二款"),
             _fined(5, "无证取水", 100_000, legal_basis="第二款", penalty="警告并处罚款"),
             *(_fined(6 + k, "超计划取水", 5_000, legal_basis=f"第{k}款") for k in range(4))]
    with store.writing() as s:
        s.add_all(cases)
    with store.writing() as s:
        db = s.connection()
        where = cand.groups_that_may_differ(db, rules_discretion._written_group, 5.0, rules_discretion.MIN_GROUP,
                                            whole=1.0)
        assert where is not None and [c.id for c in cand.fined_cases(db, *where)] == [1, 2, 3, 4, 5]
        found, _ = _drafts(load_all(s), db, ())
        expected, _ = _drafts(AuditData.build(cases=load_cases(s)), db, ())
    assert found == expected
    assert not expected[-1]  # no group of one basis and penalty holds fines more than 5 times apart
