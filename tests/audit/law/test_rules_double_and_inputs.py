"""一事不再罚 over a set of decisions; what the inputs say about penalty kinds and unknown fields."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.audit.law import CaseFacts
from app.audit.law import penalties as pk
from app.audit.rules_law_double import double_penalty

LAW_2017 = "2017年修正的《中华人民共和国行政处罚法》"
LAW_2021 = "2021年修订的《中华人民共和国行政处罚法》"


def fined(no: str, decided: date, **kw: object) -> CaseFacts:
    base: dict[str, object] = {"party": "某某建材有限公司", "party_id": "91210100MA0XXXXX1X", "cause": "未批先建",
                               "act_on": date(2019, 3, 2), "fine_fen": 2_000_000}
    base.update(kw)
    return CaseFacts(no, decided_on=decided, **base)  # type: ignore[arg-type]


def test_the_same_act_fined_twice_is_reported_on_the_later_decision() -> None:
    [f] = double_penalty([fined("B〔2022〕2号", date(2022, 1, 10)), fined("A〔2019〕1号", date(2019, 5, 1))])
    assert f.code == "DOUBLE_PENALTY" and f.citation == LAW_2021 + "第二十九条" and f.law_text == "2021"
    assert f.refs == {"case_no": "B〔2022〕2号", "earlier_case_no": "A〔2019〕1号"}
    assert f.found == {"earlier_case_no": "A〔2019〕1号", "earlier_decided_on": "2019-05-01",
                       "decided_on": "2022-01-10", "fine_fen": 2_000_000}
    [old] = double_penalty([fined("A1", date(2019, 5, 1)), fined("A2", date(2019, 6, 1), party_id="",
                                                                party="某某建材 有限公司")])
    assert old.citation == LAW_2017 + "第二十四条"


def test_the_same_decision_entered_twice_or_paid_in_instalments_is_one_fine() -> None:
    assert double_penalty([fined("A1", date(2019, 5, 1)), fined("A1", date(2019, 5, 1))]) == []
    assert double_penalty([fined("A1", date(2019, 5, 1), instalment=True),
                           fined("A1-2", date(2019, 5, 1), instalment=True, fine_fen=1_000_000)]) == []


def test_different_acts_parties_or_no_fine_are_not_double() -> None:
    assert double_penalty([fined("A1", date(2019, 5, 1)), fined("A2", date(2019, 9, 1), act_on=date(2019, 8, 1))]) == []
    assert double_penalty([fined("A1", date(2019, 5, 1)),
                           fined("A2", date(2019, 9, 1), party_id="91210100MA0YYYYY2Y")]) == []
    assert double_penalty([fined("A1", date(2019, 5, 1)),
                           fined("A2", date(2019, 9, 1), fine_fen=None, penalty=("警告",))]) == []


def test_without_an_act_date_the_facts_identify_the_act_and_with_neither_nothing_is_said() -> None:
    facts = {"act_on": None, "facts": "在河道管理范围内未经批准建设码头"}
    assert len(double_penalty([fined("A1", date(2019, 5, 1), **facts), fined("A2", date(2019, 9, 1), **facts)])) == 1
    blind = {"act_on": None, "facts": ""}
    assert double_penalty([fined("A1", date(2019, 5, 1), **blind), fined("A2", date(2019, 9, 1), **blind)]) == []


def test_three_fines_for_one_act_give_two_findings_each_naming_the_first() -> None:
    found = double_penalty([fined("A1", date(2019, 5, 1)), fined("A2", date(2019, 6, 1)), fined("A3", date(2019, 7, 1))])
    assert [(f.refs["case_no"], f.refs["earlier_case_no"]) for f in found] == [("A2", "A1"), ("A3", "A1")]


@given(st.lists(st.tuples(st.sampled_from(["A1", "A2", "A3"]), st.dates(date(2018, 1, 1), date(2023, 1, 1))),
                max_size=6))
def test_findings_never_outnumber_distinct_decisions(rows: list[tuple[str, date]]) -> None:
    cases = [fined(no, d) for no, d in rows]
    found = double_penalty(cases)
    assert len(found) <= max(0, len({no for no, _ in rows}) - 1)
    assert all(f.refs["case_no"] != f.refs["earlier_case_no"] for f in found)


@pytest.mark.parametrize(("text", "kinds"), [
    ("罚款5000元，没收违法所得2000元", {pk.FINE, pk.CONFISCATE_GAINS}),
    ("吊销营业执照", {pk.REVOKE_LICENCE}),
    ("责令停产停业三个月", {pk.STOP_BUSINESS}),
    ("不予行政处罚", set()),
    ("警 告", {pk.WARNING}),
])
def test_penalty_kinds_are_found_in_free_text(text: str, kinds: set[str]) -> None:
    assert pk.kinds_in(text) == kinds


def test_a_fine_counts_as_a_penalty_even_if_the_text_omits_it() -> None:
    assert CaseFacts("x", fine_fen=100).kinds == {pk.FINE}
    assert not CaseFacts("x", penalty=("不予处罚",)).is_penalty


def test_known_fields_are_checked_for_typos() -> None:
    with pytest.raises(ValueError):
        CaseFacts("x", known=frozenset({"case_no", "notifed_on"}))
    c = CaseFacts("x", known=frozenset({"case_no", "notified_on"}))
    assert c.knows("notified_on") and not c.knows("notified_on", "legal_basis")
    assert CaseFacts("x").knows("legal_basis")


def test_party_kinds_from_register_wording() -> None:
    assert pk.party_kind_from_text("法人及非法人组织") == "organisation"
    assert pk.party_kind_from_text("自然人") == "person"
    assert pk.party_kind_from_text("个体工商户") == "person"
    assert pk.party_kind_from_text("") is None
