"""AuditData reads receipts and the ledger from its loader only when a rule looks at them, once;
set-based rules get the run's connection."""

from __future__ import annotations

from datetime import date

import pytest

from app.audit.data import AuditData
from app.audit.rule import RunInputs, on_store
from app.domain.calendar import Calendar
from tests.audit.factories import case, ledger, receipt


def test_money_is_loaded_on_first_use_and_only_once() -> None:
    calls = []
    r, row = receipt("A001", case_no="C〔2019〕1号"), ledger("C〔2019〕1号", receipt_no="A001")

    def load() -> tuple[list, list]:  # type: ignore[type-arg]
        calls.append(1)
        return [r], [row]

    d = AuditData.build(cases=[case("C〔2019〕1号")], money=load)
    assert d.case_by_key and calls == []  # the case side is there, the money side not read yet
    assert d.receipts_by_case == {"C〔2019〕第1号": [r]} and d.ledger == [row]
    assert d.ledger_for_receipt(r) == [row] and d.receipts == [r]
    assert calls == [1]


def test_the_store_cases_are_loaded_on_first_use_and_only_once() -> None:
    calls = []
    c = case("C〔2019〕1号")

    def load() -> list:  # type: ignore[type-arg]
        calls.append(1)
        return [c]

    d = AuditData.build(case_loader=load)
    assert d.cases_from_store and calls == []  # the store's cases, not read yet
    assert d.cases == [c] and d.case_by_key == {"C〔2019〕第1号": c} and d.cases == [c]
    assert calls == [1] and d.cases_from_store  # still the store's own once loaded
    given = AuditData.build(cases=[c])
    assert not given.cases_from_store and given.cases == [c]


def test_lists_given_directly_need_no_loader() -> None:
    r = receipt("A001")
    d = AuditData.build(receipts=[r])
    assert d.receipts == [r] and d.receipts_by_key == {"A001": [r]} and d.ledger == []


def test_a_set_based_rule_without_a_connection_says_so() -> None:
    [rule] = on_store("核对", lambda db: [])
    run = RunInputs(AuditData.build(), Calendar({}), date(2025, 6, 30), 5.0)
    with pytest.raises(RuntimeError, match="connection"):
        list(rule.check(run))
