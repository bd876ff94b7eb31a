"""The slot-filling constructor (app/audit/fast_records.py) makes the very records the dataclass
constructor makes, and a case file's law facts are what the keyword mapping of the register
fields gives (the way case_facts was written before it filled the slots itself)."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, dataclass, fields
from datetime import date

import pytest

from app.audit.fast_records import maker
from app.audit.law.inputs import CaseFacts
from app.audit.law_facts import CASE_FACT_FIELDS, case_facts, known_of
from app.audit.model import CaseOfficerRec, CaseRec


def _a_case(**kw: object) -> CaseRec:
    values: dict[str, object] = dict(
        id=7, case_no="沈水罚字〔2022〕第7号", case_key="沈水罚字〔2022〕第7号", cause="无证取水", party="某公司",
        legal_basis="《中华人民共和国水法》第六十九条", fine_fen=500_000, filed_on=date(2022, 3, 1),
        notified_on=date(2022, 4, 1), decided_on=date(2022, 4, 20), served_on=date(2022, 4, 22),
        paid_on=date(2022, 5, 1), closed_on=date(2022, 6, 1), published_on=date(2022, 4, 25), major=True,
        legal_review_on=date(2022, 4, 18), enforcement="分期缴纳", unit_id=3, source_row=9,
        officers=(CaseOfficerRec("张三", "21010001"),), unknown_fields=frozenset({"act_on", "hearing_on"}),
        field="水利", party_id="91210100MA0000000X", party_kind="organisation", penalty="罚款5000元，吊销许可证",
        facts="未经许可取水", confiscation_fen=10_000, act_on=date(2022, 2, 1),
        hearing_requested_on=date(2022, 4, 3), hearing_on=date(2022, 4, 10), hearing_waived_on=None,
        legal_review_outcome="通过", extension_on=date(2022, 5, 20), extended_to=date(2022, 6, 30),
        surcharge_fen=0, surcharge_exempt=True, listed_on=date(2022, 4, 26), listed_in="公示.xlsx")
    values.update(kw)
    return CaseRec(**values)  # type: ignore[arg-type]


def test_maker_gives_the_record_the_constructor_gives() -> None:
    rec = _a_case()
    made = maker(CaseRec)(*(getattr(rec, f.name) for f in fields(CaseRec)))
    assert type(made) is CaseRec
    assert made == rec and hash(made) == hash(rec)
    with pytest.raises(FrozenInstanceError):
        made.fine_fen = 1  # type: ignore[misc]


def test_maker_wants_every_field_and_a_slotted_dataclass() -> None:
    make = maker(CaseOfficerRec)
    assert make("李四", "2101") == CaseOfficerRec("李四", "2101")
    with pytest.raises(TypeError):
        make("李四")

    @dataclass(frozen=True)
    class NoSlots:
        a: int

    with pytest.raises(TypeError):
        maker(NoSlots)


def _facts_by_keywords(c: CaseRec) -> CaseFacts:
    """case_facts as it was written with keyword arguments."""
    return CaseFacts(
        case_no=c.case_no, case_key=c.case_key, field=c.field, party=c.party, party_id=c.party_id,
        party_kind=c.party_kind if c.party_kind in ("person", "organisation") else None,  # type: ignore[arg-type]
        cause=c.cause, facts=c.facts, act_on=c.act_on, legal_basis=c.legal_basis,
        penalty=(c.penalty,) if c.penalty.strip() else (), fine_fen=c.fine_fen, confiscated_fen=c.confiscation_fen,
        filed_on=c.filed_on, notified_on=c.notified_on, hearing_requested_on=c.hearing_requested_on,
        hearing_held_on=c.hearing_on, hearing_waived_on=c.hearing_waived_on, legal_review_on=c.legal_review_on,
        legal_review_outcome=c.legal_review_outcome, decided_on=c.decided_on, served_on=c.served_on,
        paid_on=c.paid_on, closed_on=c.closed_on, major=c.major, extension_on=c.extension_on,
        extended_to=c.extended_to, surcharge_fen=c.surcharge_fen, surcharge_exempt=c.surcharge_exempt,
        instalment=c.instalment, known=known_of(c.unknown_fields, CASE_FACT_FIELDS))


@pytest.mark.parametrize("kw", [
    {}, {"party_kind": None}, {"party_kind": "person", "penalty": "  ", "enforcement": ""},
    {"unknown_fields": frozenset()}, {"unknown_fields": frozenset({"notified_on", "confiscation_fen"})},
])
def test_case_facts_are_the_keyword_mapping_of_the_register_fields(kw: dict[str, object]) -> None:
    c = _a_case(**kw)
    facts = case_facts(c)
    assert facts == _facts_by_keywords(c)
    assert case_facts(c).known == facts.known  # the memo of `known` gives the same answer again
