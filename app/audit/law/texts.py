"""The two texts of the 行政处罚法 a campaign "2017年至今" meets (DOMAIN §3.3).

The 1996 law as amended in 2009 and 2017 applied until 2021-07-14; the 2021 revision took
effect on 2021-07-15. Both are values here, not branches scattered through the checks: a check
asks which text governs a step and reads its numbers from the rule book (provisions.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

TextId = Literal["2017", "2021"]
LAW_NAME = "《中华人民共和国行政处罚法》"
REVISION_DAY = date(2021, 7, 15)  # 2021年修订的行政处罚法施行之日


@dataclass(frozen=True)
class LawText:
    """One text of the law: its id, the first and last day it governed, and how it is cited."""

    id: TextId
    first_day: date | None
    last_day: date | None
    edition: str  # "2017年修正的" / "2021年修订的"

    @property
    def name(self) -> str:
        """"2017年修正的《中华人民共和国行政处罚法》"."""
        return self.edition + LAW_NAME

    def in_force(self, d: date) -> bool:
        return (self.first_day is None or d >= self.first_day) and (self.last_day is None or d <= self.last_day)


TEXT_2017 = LawText("2017", None, date(2021, 7, 14), "2017年修正的")
TEXT_2021 = LawText("2021", REVISION_DAY, None, "2021年修订的")
TEXTS: tuple[LawText, ...] = (TEXT_2017, TEXT_2021)


def text_on(d: date) -> LawText:
    """The text in force on `d`: the 2017 text until 2021-07-14, the 2021 text from 2021-07-15."""
    return TEXT_2021 if d >= REVISION_DAY else TEXT_2017


def text_by_id(text_id: str) -> LawText:
    for t in TEXTS:
        if t.id == text_id:
            return t
    raise KeyError(text_id)
