"""data.json: what the bureau needs of the office, with CLI.md's field names.

    {"schema_version", "as_of", "masked", "office", "campaign", "findings", "problems", "statistics",
     "office_rules", "registers"}

Findings carry the audit JSON's fields; problems the problem list's fields plus progress,
dispositions and evidence by name, size and SHA-256 (never the office's local paths). Resident
ID numbers anywhere in the text are masked (2101**********123X) unless `unmasked`. `office_rules`
is the office's own rules the findings cite (sector periods, 较大数额, 法制审核目录清单), as
`caseaudit law rules show --json` prints them. `registers` sums up the complaints, return visits
and questionnaires (app/registers/summary.py).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from app.audit.law_settings import get_office_rules
from app.audit.service import list_findings
from app.campaigns.scope import active_scope, findings_in_scope
from app.campaigns.service import active_campaign
from app.office import office_info
from app.process.exchange_data import process_data
from app.publication.redact import mask_id_numbers
from app.rectify.service import get_problem, list_problems, statistics
from app.registers.summary import registers_summary
from app.store import Store

DATA_SCHEMA_VERSION = 1
FINDING_FIELDS = ("id", "code", "refs", "expected", "found", "rule", "message", "stage", "status", "unit",
                  "case_no", "receipt_no", "source")
PROBLEM_FIELDS = ("id", "category", "manifestation", "unit", "case_no", "measure", "dept", "owner", "deadline",
                  "status", "immediate", "timetable", "overdue", "closed_on", "approver", "source", "finding_id",
                  "people_handled", "sanctions", "close_evidence_sha256")
OFFICE_FIELDS = ("office_id", "office_name", "office_unit", "principal_leader")


def _files(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"file_name": f["file_name"], "sha256": f["sha256"], "size": f["size"]} for f in items]


def problem_entry(p: dict[str, Any]) -> dict[str, Any]:
    """A problem as the bureau receives it (from rectify.get_problem)."""
    out = {k: p.get(k) for k in PROBLEM_FIELDS}
    out["progress"] = [{"on": e["on"], "note": e["note"], "evidence": _files(e["evidence"])} for e in p["progress"]]
    out["dispositions"] = [{k: d[k] for k in ("kind", "referral", "people_handled", "sanctions", "note", "on")}
                           for d in p["dispositions"]]
    out["close_evidence"] = _files(p["close_evidence"])
    return out


def _campaign(store: Store) -> dict[str, Any] | None:
    camp = active_campaign(store)
    if camp is None:
        return None
    tax = camp.get("taxonomy") or {}
    return {"name": camp["name"], "doc_no": camp["doc_no"], "issuing_body": camp.get("issuing_body"),
            "period_from": camp.get("period_from"), "period_to": camp.get("period_to"),
            "taxonomy": {"id": tax.get("id"), "name": tax.get("name"),
                         "categories": [c["name"] for c in tax.get("categories", [])]}}


def masked(value: Any) -> Any:
    """Every string inside `value` with resident ID numbers masked."""
    if isinstance(value, str):
        return mask_id_numbers(value)
    if isinstance(value, dict):
        return {k: masked(v) for k, v in value.items()}
    if isinstance(value, list):
        return [masked(v) for v in value]
    return value


def gather_data(store: Store, *, unmasked: bool = False, as_of: date | None = None) -> dict[str, Any]:
    as_of = as_of or date.today()
    info = office_info(store)
    problems = [problem_entry(get_problem(store, p["id"], as_of=as_of))
                for p in list_problems(store, as_of=as_of)]
    with store.session() as s:  # the active campaign's scope: its problems above, its findings here
        covered = findings_in_scope(s, active_scope(s))
    findings = [{k: f.get(k) for k in FINDING_FIELDS} for f in list_findings(store) if f["id"] in covered]
    data = {"schema_version": DATA_SCHEMA_VERSION, "as_of": as_of, "masked": not unmasked,
            "office": {k: info.get(k, "") for k in OFFICE_FIELDS}, "campaign": _campaign(store),
            "findings": findings, "problems": problems, "statistics": statistics(store),
            "office_rules": get_office_rules(store).to_json(), "process": process_data(store, as_of),
            "registers": registers_summary(store, as_of=as_of, unmasked=unmasked)}
    return data if unmasked else masked(data)


def _default(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"not JSON-serialisable: {type(value).__name__}")


def data_bytes(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1, default=_default) + "\n").encode("utf-8")
