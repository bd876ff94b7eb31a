"""Officer and discretion rules."""

from __future__ import annotations

from datetime import date, timedelta

from app.audit import rules_officers as ro
from app.audit.rules_discretion import discretion_out_of_range, inconsistent_penalty
from tests.audit.factories import benchmark, case, codes, data, officer

DECIDED = date(2019, 6, 10)


def _roster() -> list:  # type: ignore[type-arg]
    return [
        officer("张三", "21010001", unit_id=1, valid_to=DECIDED),  # valid through the decision day
        officer("李四", "21010002", unit_id=1, valid_to=DECIDED - timedelta(days=1)),  # expired the day before
        officer("王五", "21010003", unit_id=1, status="暂扣"),
        officer("赵六", "", unit_id=1, kind="辅助人员"),
        officer("钱七", "21010007", unit_id=1, valid_from=DECIDED + timedelta(days=1)),
        officer("孙八", "21010008", unit_id=2),
    ]


def _not_certified(officers: tuple[tuple[str, str], ...], unit_id: int = 1) -> list[str]:
    d = data(cases=[case("C〔2019〕1号", officers, decided_on=DECIDED, unit_id=unit_id)], officers=_roster())
    return [f.refs["officer"] for f in ro.officer_not_certified(d)]


def test_certificate_valid_through_the_decision_day_is_fine() -> None:
    assert _not_certified((("张三", "21010001"),)) == []


def test_certificate_expired_the_day_before_the_decision() -> None:
    d = data(cases=[case("C〔2019〕1号", (("李四", "21010002"),), decided_on=DECIDED, unit_id=1)], officers=_roster())
    [f] = ro.officer_not_certified(d)
    assert f.refs == {"case_no": "C〔2019〕第1号", "officer": "李四(21010002)"}
    assert "有效期至 2019-06-09" in f.message


def test_suspended_auxiliary_not_yet_valid_and_unknown_officers() -> None:
    got = _not_certified((("王五", "21010003"), ("赵六", ""), ("钱七", "21010007"), ("周九", "99999")))
    assert got == ["王五(21010003)", "赵六", "钱七(21010007)", "周九(99999)"]


def test_match_by_name_within_the_unit_only() -> None:
    assert _not_certified((("张三", ""),)) == []  # matched by name in unit 1
    assert _not_certified((("孙八", ""),)) == ["孙八"]  # 孙八 is in unit 2, the case in unit 1
    assert _not_certified((("孙八", ""),), unit_id=2) == []


def test_certificate_number_written_in_full_width_still_matches() -> None:
    assert _not_certified((("张 三", "２１０１０００１"),)) == []


def test_empty_roster_says_nothing_about_certificates() -> None:
    d = data(cases=[case("C〔2019〕1号", (("谁", "1"),), decided_on=DECIDED)])
    assert list(ro.officer_not_certified(d)) == []


def test_too_few_officers_does_not_count_auxiliaries() -> None:
    d = data(cases=[case("C〔2019〕1号", (("张三", "21010001"), ("赵六", "")), unit_id=1),
                    case("C〔2019〕2号", (("张三", "21010001"), ("王五", "21010003")), unit_id=1),
                    case("C〔2019〕3号", (("张三", "21010001"),), unit_id=1),
                    case("C〔2019〕4号", (), unit_id=1),
                    case("C〔2019〕5号", (), unit_id=1, unknown_fields=frozenset({"officers"}))],
             officers=_roster())
    assert codes(ro.too_few_officers(d)) == [("TOO_FEW_OFFICERS", "C〔2019〕第1号"), ("TOO_FEW_OFFICERS", "C〔2019〕第3号"),
                                             ("TOO_FEW_OFFICERS", "C〔2019〕第4号")]


def test_discretion_out_of_range_by_violation_or_basis() -> None:
    marks = [benchmark("无证取水", lo=100_000, hi=500_000), benchmark("", "《水法》第六十九条", lo=200_000, hi=1_000_000)]
    d = data(benchmarks=marks, cases=[
        case("C〔2019〕1号", cause="无证 取水", fine_fen=100_000),  # lower bound is inside
        case("C〔2019〕2号", cause="无证取水", fine_fen=500_001),
        case("C〔2019〕3号", cause="其他", legal_basis="《水法》第六十九条", fine_fen=199_999),
        case("C〔2019〕4号", cause="其他", fine_fen=1),  # no benchmark
        case("C〔2019〕5号", cause="无证取水"),  # no fine
    ])
    found = list(discretion_out_of_range(d))
    assert codes(found) == [("DISCRETION_OUT_OF_RANGE", "C〔2019〕第2号"), ("DISCRETION_OUT_OF_RANGE", "C〔2019〕第3号")]
    assert found[0].expected["max_fen"] == 500_000 and "高于" in found[0].message


def _group(fines: list[int], cause: str = "无证取水", basis: str = "《水法》第六十九条", start: int = 1) -> list:  # type: ignore[type-arg]
    return [case(f"C〔2019〕{start + i}号", cause=cause, legal_basis=basis, fine_fen=f) for i, f in enumerate(fines)]


def test_inconsistent_penalty_beyond_the_factor_names_the_extremes() -> None:
    d = data(cases=_group([10_000, 30_000, 50_001]) + _group([10_000, 50_000, 20_000], cause="超计划取水", start=10)
             + _group([1, 100], cause="少数", start=20))
    [f] = inconsistent_penalty(d, factor=5.0)
    assert f.refs["case_nos"] == ["C〔2019〕第1号", "C〔2019〕第3号"]
    assert f.found["min_fen"] == 10_000 and f.found["max_fen"] == 50_001 and f.found["cases"] == 3
    assert list(inconsistent_penalty(d, factor=6.0)) == []


def test_inconsistent_penalty_groups_by_basis_too() -> None:
    d = data(cases=_group([10_000, 10_000]) + _group([90_000], basis="另一依据", start=5))
    assert list(inconsistent_penalty(d)) == []


def test_suspension_counts_from_its_day_on() -> None:
    """A 暂扣 recorded with its day (a disposition) flags the cases decided on or after that day,
    not the ones decided before; a 暂扣 without a day (an imported roster) flags every case."""
    roster = [officer("王五", "21010003", unit_id=1, status="暂扣", status_on=DECIDED),
              officer("吴十", "21010010", unit_id=1, status="暂扣")]

    def flagged(decided_on: date | None, cert: str) -> list[str]:
        d = data(cases=[case("C〔2019〕1号", (("x", cert),), decided_on=decided_on, unit_id=1)], officers=roster)
        return [f.found["problem"] for f in ro.officer_not_certified(d)]

    assert flagged(DECIDED - timedelta(days=1), "21010003") == []
    assert flagged(DECIDED, "21010003") == ["执法证状态为「暂扣」"]
    assert flagged(None, "21010003") == ["执法证状态为「暂扣」"]  # not decided yet: the suspension stands
    assert flagged(DECIDED - timedelta(days=3650), "21010010") == ["执法证状态为「暂扣」"]


def test_suspension_day_is_read_from_the_store(store) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import insert

    from app.audit.load import load_officers
    from db.models import Officer

    with store.writing() as s:
        s.execute(insert(Officer), [{"name": "王五", "cert_no": "21010003", "status": "暂扣", "status_on": DECIDED},
                                    {"name": "吴十", "cert_no": "21010010", "status": "暂扣"}])
        got = {o.name: (o.status, o.status_on) for o in load_officers(s)}
    assert got == {"王五": ("暂扣", DECIDED), "吴十": ("暂扣", None)}
