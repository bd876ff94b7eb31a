"""The 行政处罚法 by date: which text governs a step, what it says, and the office's own rules.

- texts.py        the two texts (2017 until 2021-07-14, 2021 from 2021-07-15); `text_on(d)`
- provisions.py   the rule book: `provision(topic, on)` → article, limits, period, day kind, citation
- periods.py      `deadline(start, period, day_kind, calendar)`; working days via Calendar
- transition.py   the rule for mixed dates: the text in force when the step had to be taken
- office.py, office_rules.py   sector rules, local 较大数额, the 法制审核目录清单 (JSON round trip)
- penalties.py, hearing.py, major.py   penalty kinds, hearing scope, major decisions
- inputs.py, result.py   what the checks read (CaseFacts, ReceiptFacts) and return (LawFinding)

The checks themselves are app/audit/rules_law_*.py and rules_procedure.py.
"""

from __future__ import annotations

from app.audit.law.inputs import CaseFacts, ReceiptFacts
from app.audit.law.office import HearingThreshold, ReviewCatalogue, SectorRule
from app.audit.law.office_rules import OfficeRules
from app.audit.law.periods import DayKind, Deadline, deadline
from app.audit.law.provisions import TOPICS, Provision, cite, provision, provision_of
from app.audit.law.result import NEW_CODES, LawFinding
from app.audit.law.texts import REVISION_DAY, TEXT_2017, TEXT_2021, LawText, text_on
from app.audit.law.transition import AppliedPeriod, applicable_period, statutory_period

__all__ = ["NEW_CODES", "REVISION_DAY", "TEXT_2017", "TEXT_2021", "TOPICS", "AppliedPeriod", "CaseFacts",
           "DayKind", "Deadline", "HearingThreshold", "LawFinding", "LawText", "OfficeRules", "Provision",
           "ReceiptFacts", "ReviewCatalogue", "SectorRule", "applicable_period", "cite", "deadline",
           "provision", "provision_of", "statutory_period", "text_on"]
