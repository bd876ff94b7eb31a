"""The registers in a few figures, for the bureau's package (data.json `registers`) and the 首页:
complaints received, closed and overdue (with their rows, the complainant masked unless asked),
return visits' satisfaction by unit, and each questionnaire's response count."""

from __future__ import annotations

from datetime import date
from typing import Any

from app.registers.complaints import CLOSED, list_complaints
from app.registers.surveys import list_surveys
from app.registers.visits import visit_summary
from app.store import Store

COMPLAINT_FIELDS = ("id", "received_on", "channel", "subject", "unit", "status", "reply_due", "replied_on",
                    "result_due", "closed_on", "complainant", "triage", "problem_id", "overdue", "outcome")


def registers_summary(store: Store, *, as_of: date | None = None, unmasked: bool = False) -> dict[str, Any]:
    complaints = list_complaints(store, as_of=as_of, unmasked=unmasked)
    return {"complaints": {"total": len(complaints), "closed": sum(c["status"] == CLOSED for c in complaints),
                           "overdue": sum(c["overdue"] for c in complaints),
                           "items": [{k: c[k] for k in COMPLAINT_FIELDS} for c in complaints]},
            "visits": visit_summary(store),
            "surveys": [{k: sv[k] for k in ("id", "title", "audience", "responses")} for sv in list_surveys(store)]}
