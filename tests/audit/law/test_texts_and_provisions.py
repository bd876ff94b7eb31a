"""The two texts and the rule book: the boundary day, citations, every topic in both texts."""

from __future__ import annotations

from datetime import date

import pytest

from app.audit.law import TEXT_2017, TEXT_2021, TOPICS, cite, provision, provision_of, text_on
from app.audit.law import provisions as pv

LAW_2017 = "2017年修正的《中华人民共和国行政处罚法》"
LAW_2021 = "2021年修订的《中华人民共和国行政处罚法》"


def test_the_2021_text_governs_from_2021_07_15() -> None:
    assert text_on(date(2021, 7, 14)) is TEXT_2017
    assert text_on(date(2021, 7, 15)) is TEXT_2021
    assert text_on(date(2017, 1, 1)).id == "2017"
    assert TEXT_2017.in_force(date(2021, 7, 14)) and not TEXT_2017.in_force(date(2021, 7, 15))
    assert TEXT_2021.in_force(date(2021, 7, 15)) and not TEXT_2021.in_force(date(2021, 7, 14))


def test_citations_name_the_edition_and_the_article() -> None:
    assert provision(pv.ONSITE_COLLECTION, date(2019, 5, 1)).citation == LAW_2017 + "第四十七条"
    assert provision(pv.ONSITE_COLLECTION, date(2022, 5, 1)).citation == LAW_2021 + "第六十八条"
    assert provision(pv.DECISION_PERIOD, date(2022, 5, 1)).citation == LAW_2021 + "第六十条"
    assert provision(pv.TWO_OFFICERS, date(2021, 7, 14)).article == "第三十七条"
    assert provision(pv.TWO_OFFICERS, date(2021, 7, 15)).article == "第四十二条"


@pytest.mark.parametrize(("topic", "old", "new"), [
    (pv.ONSITE_COLLECTION, (2_000, None, "calendar"), (10_000, None, "calendar")),
    (pv.HEARING_REQUEST, (None, 3, "calendar"), (None, 5, "working")),
    (pv.SERVICE, (None, 7, "calendar"), (None, 7, "working")),
    (pv.CASH_HANDOVER, (None, 2, "calendar"), (None, 2, "working")),
    (pv.PAYMENT, (None, 15, "calendar"), (None, 15, "calendar")),
    (pv.DECISION_PERIOD, (None, None, "calendar"), (None, 90, "calendar")),
    (pv.PUBLICATION_WITHDRAWN, (None, None, "calendar"), (None, 3, "working")),
])
def test_limits_and_periods_of_each_text(topic: str, old: tuple, new: tuple) -> None:
    for text, (limit, period, kind) in ((TEXT_2017, old), (TEXT_2021, new)):
        p = provision_of(topic, text)
        assert (p.limit_fen, p.period, p.day_kind) == (limit, period, kind)


def test_simple_procedure_limits_for_persons_and_organisations() -> None:
    old, new = provision_of(pv.SIMPLE_PROCEDURE, TEXT_2017), provision_of(pv.SIMPLE_PROCEDURE, TEXT_2021)
    assert (old.limit_fen, old.limit_org_fen, old.article) == (5_000, 100_000, "第三十三条")
    assert (new.limit_fen, new.limit_org_fen, new.article) == (20_000, 300_000, "第五十一条")


def test_every_topic_is_in_both_texts_and_only_the_new_rules_are_missing_from_2017() -> None:
    assert len(TOPICS) >= 15
    missing = {t for t in TOPICS if not provision_of(t, TEXT_2017).exists}
    assert missing == {pv.DECISION_PERIOD, pv.FIRST_MINOR, pv.PUBLICATION_WITHDRAWN}
    assert all(provision_of(t, TEXT_2021).exists for t in TOPICS)
    assert provision_of(pv.DECISION_PERIOD, TEXT_2017).citation == LAW_2017


def test_unknown_topic_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        provision("no_such_topic", date(2022, 1, 1))


def test_cite_joins_articles_of_one_text_once() -> None:
    a, b = provision_of(pv.PAYMENT, TEXT_2021), provision_of(pv.SURCHARGE, TEXT_2021)
    assert cite(a, b) == LAW_2021 + "第六十七条、第七十二条"
    scope, request = provision_of(pv.HEARING_SCOPE, TEXT_2017), provision_of(pv.HEARING_REQUEST, TEXT_2017)
    assert cite(scope, request) == LAW_2017 + "第四十二条"
    mixed = cite(provision_of(pv.SERVICE, TEXT_2017), provision_of(pv.SERVICE, TEXT_2021))
    assert mixed == LAW_2017 + "第四十条；" + LAW_2021 + "第六十一条"
