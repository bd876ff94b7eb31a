"""The case loader's lookups give what their plain definitions give: the published list that
covers an unlisted decision (indexed by unit, each date and unit answered once)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from app.audit.load_cases import PublicationSeen, _CoveringList


def _plainly(lists: list[_CoveringList], decided_on: date, unit_id: int | None) -> _CoveringList | None:
    found = [x for x in lists if x.covers_from <= decided_on <= x.covers_to and unit_id in x.unit_ids]
    return max(found, key=lambda x: x.last_published_on or date.min, default=None)


def test_the_covering_list_is_the_one_the_plain_definition_picks() -> None:
    rng = random.Random(5)
    seen = PublicationSeen.__new__(PublicationSeen)  # the lists as the store would give them
    seen.listed, seen._by_unit, seen._answers = {}, None, {}
    seen.lists = []
    for i in range(60):
        first = date(2019, 1, 1) + timedelta(days=rng.randrange(0, 1500))
        last = first + timedelta(days=rng.randrange(0, 200))
        shown = rng.choice([None, last, last + timedelta(days=3)])  # ties on the last date shown, too
        seen.lists.append(_CoveringList(f"公示{i}.xlsx", first, last, shown,
                                        frozenset(rng.sample([1, 2, 3, None, 5], rng.randrange(1, 4)))))
    asked = [(date(2019, 1, 1) + timedelta(days=rng.randrange(0, 1800)), rng.choice([1, 2, 3, None, 5, 7]))
             for _ in range(5000)]
    picked = [seen.covering(d, u) for d, u in asked]
    assert picked == [_plainly(seen.lists, d, u) for d, u in asked]
    assert all(p is q for p, q in zip(picked, (_plainly(seen.lists, d, u) for d, u in asked), strict=True))
    assert sum(p is not None for p in picked) > 500 and seen.covering(None, 1) is None
