"""`bureau summary`: the offices' figures from the latest package each sent.

    bureau_summary(store, as_of=None) → {"offices": [{"office_id", "name", "sequence", "problems",
        "rectified", "overdue", "people_handled", "sanctions", "by_category": {category: {"found",
        "rectified", "people_handled", "sanctions"}}}], "by_category": {…}, "total": {…}}

Figures are recomputed from the problems in data.json (not copied from the office's statistics),
in the order of the office's statistics form; `overdue` counts problems past their deadline on
`as_of` (default today) that the package does not show closed (已销号).

Each office also shows the own rules its package carried (`office_rules`: how many of each kind,
the backlog threshold and the rules in words, as `law rules show` prints them), or None when the
package carried none.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import select

from app.audit.law_settings import describe
from app.exchange.bureau import received_office_rules
from app.store import Store
from db.models_exchange import ReceivedOffice, ReceivedPackage

CLOSED = "已销号"
KEYS = ("found", "rectified", "people_handled", "sanctions")


def _zero() -> dict[str, int]:
    return dict.fromkeys(KEYS, 0)


def _count(n: object) -> int:
    return n if isinstance(n, int) and not isinstance(n, bool) else 0


def office_figures(data: dict[str, Any], as_of: date) -> dict[str, Any]:
    """One office's figures from its data.json."""
    stats_rows = (data.get("statistics") or {}).get("rows") or []
    by_cat: dict[str, dict[str, int]] = {str(r.get("category")): _zero() for r in stats_rows if isinstance(r, dict)}
    overdue = 0
    for p in data.get("problems", []):
        c = by_cat.setdefault(str(p.get("category") or ""), _zero())
        closed = p.get("status") == CLOSED
        c["found"] += 1
        c["rectified"] += closed
        c["people_handled"] += _count(p.get("people_handled"))
        c["sanctions"] += _count(p.get("sanctions"))
        deadline = p.get("deadline")
        if not closed and isinstance(deadline, str) and deadline and deadline < as_of.isoformat():
            overdue += 1
    total = {k: sum(c[k] for c in by_cat.values()) for k in KEYS}
    return {"problems": total["found"], "rectified": total["rectified"], "overdue": overdue,
            "people_handled": total["people_handled"], "sanctions": total["sanctions"], "by_category": by_cat}


def rules_summary(data: dict[str, Any]) -> dict[str, Any] | None:
    """The office's own rules from its data.json, in brief."""
    rules = received_office_rules(data)
    if rules is None:
        return None
    return {"backlog_days": rules.backlog_days, "sector_rules": len(rules.sector_rules),
            "hearing_thresholds": len(rules.hearing_thresholds), "review_catalogues": len(rules.review_catalogues),
            "lines": describe(rules)}


def bureau_summary(store: Store, *, as_of: date | None = None) -> dict[str, Any]:
    as_of = as_of or date.today()
    offices: list[dict[str, Any]] = []
    with store.session() as s:
        for office in s.scalars(select(ReceivedOffice).order_by(ReceivedOffice.name, ReceivedOffice.office_id)):
            pkg = s.scalar(select(ReceivedPackage).where(ReceivedPackage.office_id == office.office_id)
                           .order_by(ReceivedPackage.sequence.desc()).limit(1))
            if pkg is None:
                continue
            data = json.loads(pkg.data_json)
            figures = office_figures(data, as_of)
            offices.append({"office_id": office.office_id, "name": office.name, "sequence": pkg.sequence,
                            "imported_at": pkg.imported_at, "as_of_package": data.get("as_of"), **figures,
                            "office_rules": rules_summary(data)})
    by_category: dict[str, dict[str, int]] = {}
    for o in offices:
        for cat, c in o["by_category"].items():
            agg = by_category.setdefault(cat, _zero())
            for k in KEYS:
                agg[k] += c[k]
    fields = ("problems", "rectified", "overdue", "people_handled", "sanctions")
    total = {k: sum(o[k] for o in offices) for k in fields}
    return {"as_of": as_of, "offices": offices, "by_category": by_category, "total": {"offices": len(offices), **total}}
