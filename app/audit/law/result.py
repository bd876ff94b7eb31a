"""What a law check returns, and the finding codes the law checks add (DOMAIN §3.1, §3.3)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.audit.law.texts import TextId

# code: Chinese name. Existing codes (DECISION_OVERDUE, ONSITE_COLLECTION_OVER_LIMIT,
# MAJOR_DECISION_WITHOUT_LEGAL_REVIEW) keep their place in codes.py; these are new.
NEW_CODES: dict[str, str] = {
    "NO_LEGAL_BASIS": "处罚依据缺失",
    "NOTICE_MISSING": "未告知即作出决定",
    "HEARING_RIGHTS_IGNORED": "未保障听证权利",
    "HEARING_WITHOUT_LEGAL_REVIEW": "听证后未经法制审核",
    "SERVICE_LATE": "决定书送达超期",
    "DOUBLE_PENALTY": "一事再罚",
    "CASE_PENDING_TOO_LONG": "久拖未决（历史积案）",
    "LATE_PAYMENT_NO_SURCHARGE": "逾期缴款未加处罚款",
    "CASH_HANDOVER_LATE": "当场收缴罚款上缴超期",
    "DECIDED_AFTER_REVIEW_REJECTED": "法制审核未通过仍作出决定",
}
RECEIPT_CODES = frozenset({"ONSITE_COLLECTION_OVER_LIMIT", "CASH_HANDOVER_LATE"})


@dataclass(frozen=True)
class LawFinding:
    """One check's verdict on one record.

    `citation` is the rule applied, exactly as it is to be printed; `law_text` says which text of
    the 行政处罚法 governed ("2017"/"2021"), `calendar_fallback` that working days were counted
    by weekends only for a year with no holiday data. `refs` names the records (case_no /
    receipt_no by their normalised keys), as the audit's findings do."""

    code: str
    expected: Any
    found: Any
    citation: str
    message: str
    law_text: TextId
    refs: dict[str, str] = field(default_factory=dict)
    calendar_fallback: bool = False
