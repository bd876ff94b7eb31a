"""The office's rules in the store: stored as one settings document with the change log, edited
piece by piece, read by the audit inside its own session, and carried in the bureau's data.json."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.audit import law_settings as ls
from app.audit.law import HearingThreshold, OfficeRules, SectorRule
from app.errors import UserError
from app.exchange.data import gather_data
from db.models import ChangeLogEntry

RULE = SectorRule("decision_period", "水利", 60, "calendar", date(2018, 1, 1), "《某办法》第三十条")


def test_edits_are_stored_logged_and_read_back(store) -> None:  # type: ignore[no-untyped-def]
    assert ls.get_office_rules(store) == OfficeRules()
    ls.add_sector_rule(store, RULE, operator="法规处")
    ls.set_threshold(store, HearingThreshold(500_000, 5_000_000, date(2017, 1, 1)))
    ls.set_threshold(store, HearingThreshold(1_000_000, 5_000_000, date(2017, 1, 1)))  # replaces
    rules = ls.set_backlog_days(store, 500)
    assert ls.get_office_rules(store) == rules
    assert rules.sector_rules == (RULE,) and [t.person_fen for t in rules.hearing_thresholds] == [1_000_000]
    with store.session() as s:
        assert ls.office_rules_in(s) == rules
        logged = s.scalars(select(ChangeLogEntry).where(ChangeLogEntry.table_name == "settings")).all()
    assert len(logged) == 4 and logged[0].operator == "法规处"
    assert ls.describe(rules)[0] == "历史积案标准：立案后 500 日"


def test_a_contradiction_is_refused_and_nothing_changes(store) -> None:  # type: ignore[no-untyped-def]
    ls.add_sector_rule(store, RULE)
    before = ls.get_office_rules(store)
    with pytest.raises(UserError, match="重叠"):
        ls.add_sector_rule(store, SectorRule("decision_period", "水利", 30, "calendar", date(2020, 1, 1), "《乙》"))
    with pytest.raises(UserError, match="没有"):
        ls.clear_sector_rules(store, "service_of_decision", "水利")
    assert ls.get_office_rules(store) == before


def test_the_bureau_package_carries_the_office_rules(store) -> None:  # type: ignore[no-untyped-def]
    ls.add_sector_rule(store, RULE)
    data = gather_data(store, as_of=date(2025, 6, 30))
    assert data["office_rules"] == ls.get_office_rules(store).to_json()
    assert OfficeRules.from_json(data["office_rules"]).sector_rules == (RULE,)
