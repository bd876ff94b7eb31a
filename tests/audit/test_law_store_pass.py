"""The law pass over the store (rules_law_store.py reads only the cases a check could report on)
finds exactly what the pass over every loaded case finds: the same drafts of every law case rule,
in the same order, and the same years noted on the calendar as lacking holiday data — on a store
of cases drawn to sit on and around every condition's edge, with and without the office's rules,
on both engines."""

from __future__ import annotations

import json
import random
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from app.audit import rules_law
from app.audit.data import AuditData
from app.audit.law import HearingThreshold, OfficeRules, ReviewCatalogue, SectorRule
from app.audit.load import load_all
from app.audit.load_cases import load_cases
from app.audit.model import Draft
from app.audit.rule import RunInputs
from app.audit.rules_law_cases import EMPTY_BASIS
from app.audit.rules_law_store import BASIS_WORDS, keys_and_units, spread
from app.audit.sql_dates import days_after
from app.domain.calendar import Calendar
from app.domain.numbers import normalise_case_no
from db.models import CaseFile, ImportBatch, Unit

AS_OF = date(2025, 6, 30)
PENALTIES = ["", "  ", "罚款", "警告", "吊销取水许可证", "吊 销许可证", "责令停产停业", "降低资质等级并罚款", "不予处罚",
             "限制从业", "责令关闭", "没收违法所得", "暂扣许可证"]
BASES = ["", " ", "无", "——", "\u3000无", "暂 无", "/", "－", "空", "见附件", "《中华人民共和国水法》第六十九条", "第三条"]
OUTCOMES = ["", "通过", "不通过", " 不 通过", "未通过", "同意", "不同意", "退回补正", "通 过"]
FIELDS = ["", "水利", " 水利 ", "渔业", "\t"]
# Years without holiday data in the bundled calendar (2010–2026) on both sides, and the 2021 revision.
STARTS = [date(2008, 12, 20), date(2009, 12, 26), date(2017, 3, 1), date(2021, 4, 1), date(2021, 7, 1), date(2021, 7, 12),
          date(2022, 9, 28), date(2025, 12, 27), date(2026, 12, 24), date(2027, 6, 1)]


def _maybe(rng: random.Random, value: Any, p: float = 0.75) -> Any:
    return value if rng.random() < p else None


def _day(rng: random.Random) -> date:
    return rng.choice(STARTS) + timedelta(days=rng.randrange(0, 40))


def _after(rng: random.Random, d: date | None, spans: tuple[int, ...]) -> date | None:
    return None if d is None or rng.random() < 0.15 else d + timedelta(days=rng.choice(spans))


def _cases(n: int, units: list[int], batches: list[int]) -> list[CaseFile]:
    rng = random.Random(20251201)
    out = []
    for i in range(n):
        filed = _maybe(rng, _day(rng), 0.9)
        decided = _after(rng, filed, (10, 89, 90, 91, 95, 120, 400, 800))
        notified = _after(rng, decided, (-14, -6, -5, -3, -2, -1))
        if decided is None and filed is not None and rng.random() < 0.3:
            notified = filed + timedelta(days=5)
        hearing = notified + timedelta(days=4) if notified and rng.random() < 0.15 else None
        served = _after(rng, decided, (0, 1, 6, 7, 8, 9, 10, 12, 20))
        paid = _after(rng, served, (3, 15, 16, 30))
        review = _after(rng, decided, (-3, 0, 1, 5)) if rng.random() < 0.8 else None
        fine = rng.choice([None, 0, 1_000, 500_000, 5_000_000, 20_000_000])
        twin = i % 17 == 0 and i > 0  # the same party and act again: DOUBLE_PENALTY
        cause = rng.choice(["非法采砂", "无证取水"])
        out.append(CaseFile(
            id=i + 1, case_no=f"沈水罚字〔2022〕第{i + 1}号", case_key=normalise_case_no(f"沈水罚字〔2022〕第{i + 1}号"),
            cause=cause, party="张三" if twin or i % 23 == 0 else f"当事人{i}",
            party_id=rng.choice(["", "", "210102199001011234", "91210100MA0XXXXX1Y"]),
            facts=rng.choice(["", "", "未经许可采砂", " "]), legal_basis=rng.choice(BASES),
            penalty=rng.choice(PENALTIES), fine_fen=fine, confiscation_fen=rng.choice([None, 0, 300_000, 9_000_000]),
            filed_on=filed, notified_on=notified, hearing_on=hearing, decided_on=decided, served_on=served,
            paid_on=paid, closed_on=_after(rng, decided, (30,)) if rng.random() < 0.3 else None,
            major=rng.random() < 0.2, legal_review_on=review, enforcement=rng.choice(["", "分期缴纳", "强制执行"]),
            field=rng.choice(FIELDS), act_on=date(2022, 1, 5) if twin and rng.random() < 0.7 else None,
            hearing_requested_on=notified + timedelta(days=1) if notified and rng.random() < 0.1 else None,
            hearing_waived_on=notified + timedelta(days=1) if notified and rng.random() < 0.1 else None,
            legal_review_outcome=rng.choice(OUTCOMES),
            extension_on=decided - timedelta(days=30) if decided and rng.random() < 0.1 else None,
            extended_to=decided + timedelta(days=rng.choice((-1, 5))) if decided and rng.random() < 0.1 else None,
            surcharge_fen=rng.choice([None, None, 0, 500]), surcharge_exempt=rng.random() < 0.1,
            unit_id=rng.choice(units), batch_id=rng.choice([None, None, *batches]), source_row=i + 2,
            party_kind=rng.choice(["", "自然人", "法人及非法人组织", "个体工商户"])))
    return out


def _edges(first_id: int) -> list[CaseFile]:
    """Cases a day either side of each condition's bound: the 2021 decision period's first filing
    day (2021-04-16), the backlog (365 and 200 days before the audit date), 7 days to serve, 15 to pay."""
    rows: list[dict[str, Any]] = []
    for day in (date(2021, 4, 15), date(2021, 4, 16), date(2021, 4, 17)):
        rows += [dict(filed_on=day, decided_on=day + timedelta(days=n)) for n in (90, 91)]
    for backlog in (365, 200):
        rows += [dict(filed_on=AS_OF - timedelta(days=backlog + n)) for n in (-1, 0, 1)]
    for decided in (date(2019, 3, 1), date(2021, 7, 8), date(2022, 3, 1)):
        rows += [dict(filed_on=decided - timedelta(days=20), decided_on=decided, notified_on=decided - timedelta(days=9),
                      served_on=decided + timedelta(days=n), paid_on=decided + timedelta(days=n + 15 + m),
                      fine_fen=100_000) for n in (7, 8, 9, 11) for m in (0, 1)]
    return [CaseFile(id=first_id + i, case_no=f"沈水罚字〔边界〕第{i}号", case_key=f"沈水罚字〔边界〕第{i}号",
                     legal_basis="《中华人民共和国水法》第六十九条", penalty="罚款", unit_id=1, **row)
            for i, row in enumerate(rows)]


def _seed(store: Any) -> None:
    with store.writing() as s:
        s.add_all([Unit(id=1, name="水政监察支队", field="水利"), Unit(id=2, name="渔政站", field=" 渔业 "),
                   Unit(id=3, name="综合执法队", field="")])
        columns = [{"column": "A", "header": "案号", "field": "case_no"},
                   {"column": "B", "header": "决定日期", "field": "decided_on"},
                   {"column": "C", "header": "处罚依据", "field": "legal_basis"}]
        for bid, cols in ((1, columns), (2, [*columns, {"column": "D", "header": "告知日期", "field": "notified_on"},
                                             {"column": "E", "header": "听证日期", "field": "hearing_on"},
                                             {"column": "F", "header": "放弃听证", "field": "hearing_waived_on"}])):
            s.add(ImportBatch(id=bid, kind="cases", file_name=f"案卷{bid}.xlsx", sha256=f"{bid:064d}", sheet="",
                              header_row=1, imported_at=datetime(2025, 1, 1), mapping_json=json.dumps({"columns": cols})))
        s.flush()
        s.add_all(_cases(700, [1, 2, 3], [1, 2]))
        s.add_all(_edges(701))


OFFICES = {
    "none": None,
    "rules": OfficeRules(
        sector_rules=(SectorRule("decision_period", "水利", 60, "calendar", date(2018, 1, 1), "《某规章》第一条"),
                      SectorRule("service_of_decision", "", 5, "calendar", date(2019, 1, 1), "《某规章》第二条")),
        hearing_thresholds=(HearingThreshold(1_000_000, 10_000_000, date(2016, 1, 1), "《较大数额》第三条"),),
        review_catalogues=(ReviewCatalogue(date(2018, 1, 1), penalty_kinds=("吊销许可证件",),
                                           fine_person_fen=5_000_000, after_hearing=True, citation="《目录》"),),
        backlog_days=200),
    "working": OfficeRules(
        sector_rules=(SectorRule("decision_period", "", 30, "working", date(2015, 1, 1), "《某规章》第四条"),
                      SectorRule("service_of_decision", "渔业", 3, "working", date(2015, 1, 1), "《某规章》第五条"))),
}


def _calendar(gaps: tuple[int, ...]) -> Calendar:
    """The bundled calendar, less the years in `gaps` (as if their notices were never shipped)."""
    bundled = Calendar.bundled()
    return Calendar({y: data for y, data in bundled.years.items() if y not in gaps})


def _drafts(data: AuditData, office: OfficeRules | None, db: Any,
            gaps: tuple[int, ...] = ()) -> tuple[list[list[tuple[Any, ...]]], list[int]]:
    calendar = _calendar(gaps)  # a calendar of its own: the years it notes are this pass's
    run = RunInputs(data, calendar, AS_OF, 5.0, office, db)
    out = [[_seen(d) for d in rule.check(run)] for rule in rules_law.CASE_RULES]
    return out, sorted(calendar.years_missing)


def _seen(d: Draft) -> tuple[Any, ...]:
    return (d.code, d.refs, d.expected, d.found, d.message, d.unit_id, d.case_key, d.calendar_fallback, d.rule)


@pytest.mark.parametrize(("office", "gaps"), [("none", ()), ("rules", ()), ("working", ()), ("none", (2022, 2024)),
                                               ("rules", (2017, 2021))])
def test_the_store_pass_finds_what_reading_every_case_finds(store: Any, office: str, gaps: tuple[int, ...]) -> None:
    _seed(store)
    rules = OFFICES[office]
    with store.writing() as s:
        from_store = load_all(s)
        assert from_store.cases_from_store
        found, years = _drafts(from_store, rules, s.connection(), gaps)
        every = AuditData.build(cases=load_cases(s))  # the records themselves: every case read
        assert not every.cases_from_store
        expected, expected_years = _drafts(every, rules, s.connection(), gaps)
        s.rollback()
    assert found == expected and years == expected_years
    assert sum(map(len, expected)) > 50 and expected_years  # the store exercises the checks and the calendar
    assert all(expected[:-1]) or office != "rules"  # with the office's rules every per-case check reports
    assert not gaps or set(gaps) & set(expected_years)


def test_a_year_without_data_is_noted_though_no_check_reports(store: Any) -> None:
    """A decision served in time and a notice with no hearing-relevant penalty, in a year the
    calendar has no data for: no finding, but their working days were counted by weekends only."""
    with store.writing() as s:
        s.add(CaseFile(id=1, case_no="沈水罚字〔2023〕第1号", case_key=normalise_case_no("沈水罚字〔2023〕第1号"),
                       legal_basis="《中华人民共和国水法》第六十九条", penalty="罚款", fine_fen=100_000,
                       filed_on=date(2023, 2, 1), notified_on=date(2023, 2, 20), decided_on=date(2023, 3, 1),
                       served_on=date(2023, 3, 2), legal_review_on=date(2023, 2, 28)))
    with store.writing() as s:
        found, years = _drafts(load_all(s), None, s.connection(), (2023,))
        expected, expected_years = _drafts(AuditData.build(cases=load_cases(s)), None, s.connection(), (2023,))
    assert not any(expected) and expected_years == [2023]
    assert found == expected and years == expected_years


def test_the_law_pass_leaves_the_case_files_unread(store: Any) -> None:
    _seed(store)
    with store.writing() as s:
        data = load_all(s)
        _drafts(data, None, s.connection())
        assert data.case_loader is not None  # nobody asked for data.cases
        assert len(data.cases) == 700 + len(_edges(701)) and data.case_loader is None
        s.rollback()


def test_the_words_that_mark_a_real_basis_are_in_no_empty_one() -> None:
    blanks = "".join(chr(i) for i in range(0x110000) if chr(i).isspace())
    assert not any(w in b or w in blanks for w in BASIS_WORDS for b in EMPTY_BASIS)


def test_spread_holds_wherever_the_word_does_once_blanks_are_out() -> None:
    assert spread("吊销") == "%吊%销%"


def test_days_after_adds_calendar_days_on_both_engines(store: Any) -> None:
    with store.writing() as s:
        s.add(CaseFile(id=1, case_no="C1", case_key="C1", decided_on=date(2024, 2, 27), served_on=date(2024, 3, 1)))
    c = CaseFile.__table__.c
    with store.writing() as s:
        db = s.connection()
        assert db.execute(select(days_after(c.decided_on, 3), days_after(c.decided_on, 400))).one() == (
            date(2024, 3, 1), date(2024, 2, 27) + timedelta(days=400))  # over a leap day and a year end
        assert db.execute(select(c.id).where(c.served_on > days_after(c.decided_on, 2))).all() == [(1,)]
        assert db.execute(select(c.id).where(c.served_on > days_after(c.decided_on, 3))).all() == []


def test_the_units_of_named_cases_are_read_in_id_order_whatever_the_chunk(store: Any) -> None:
    _seed(store)
    with store.writing() as s:
        db = s.connection()
        keys = sorted({c.case_key or c.case_no for c in load_cases(s)})[::7]
        whole = keys_and_units(db, keys)
        assert len(whole) == len(keys) and keys_and_units(db, keys, chunk=3) == whole
        assert [k for k, _ in whole] == [k for k in (c.case_key or c.case_no for c in load_cases(s)) if k in keys]
