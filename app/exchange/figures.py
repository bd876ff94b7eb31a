"""A received package's figures for `bureau summary`, worked out once, when it is imported.

    package_figures(data) → {"problems", "rectified", "people_handled", "sanctions",
                             "by_category", "open_deadlines", "as_of_package", "office_rules"}
    figures_on(figures, as_of) → the office's row of the summary (app/exchange/summary.py)

A package's data.json holds every problem of the office (ten thousand and more), and parsing a
hundred of them is what made a bureau's summary take tens of seconds; the summary needs a few
numbers of each. Everything but "overdue" is fixed by the package itself; "overdue" depends on
the day the summary is asked for, so the figures keep the open problems' deadlines counted by
date (a few hundred dates at most), and `figures_on` counts those before `as_of` — the same
problems `office_figures` counted from the whole list. They are stored in
received_packages.figures_json (schema version 21), inside the import's transaction, so the
change-log entry of the import covers them with the row.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from app.audit.law.office_rules import OfficeRules
from app.audit.law_settings import describe
from app.errors import ValidationError

CLOSED = "已销号"
KEYS = ("found", "rectified", "people_handled", "sanctions")
FIGURES_VERSION = 1  # the form of figures_json; a package with another form is read from data.json


def _zero() -> dict[str, int]:
    return dict.fromkeys(KEYS, 0)


def _count(n: object) -> int:
    return n if isinstance(n, int) and not isinstance(n, bool) else 0


def received_office_rules(data: dict[str, Any]) -> OfficeRules | None:
    """The office's own rules as its package's data.json carries them; None when the package has
    none (an older office) or they do not read as rules (shown as such, never guessed)."""
    doc = data.get("office_rules")
    if doc is None:
        return None
    try:
        return OfficeRules.from_json(doc)
    except ValidationError:
        return None


def rules_summary(data: dict[str, Any]) -> dict[str, Any] | None:
    """The office's own rules from its data.json, in brief."""
    rules = received_office_rules(data)
    if rules is None:
        return None
    return {"backlog_days": rules.backlog_days, "sector_rules": len(rules.sector_rules),
            "hearing_thresholds": len(rules.hearing_thresholds), "review_catalogues": len(rules.review_catalogues),
            "lines": describe(rules)}


def package_figures(data: dict[str, Any], rules: dict[str, Any] | None) -> dict[str, Any]:
    """The figures of one package's data.json that do not depend on the day (see module doc);
    `rules` is the office's own rules in brief (summary.rules_summary)."""
    stats_rows = (data.get("statistics") or {}).get("rows") or []
    by_cat: dict[str, dict[str, int]] = {str(r.get("category")): _zero() for r in stats_rows if isinstance(r, dict)}
    open_deadlines: dict[str, int] = {}
    for p in data.get("problems", []):
        c = by_cat.setdefault(str(p.get("category") or ""), _zero())
        closed = p.get("status") == CLOSED
        c["found"] += 1
        c["rectified"] += closed
        c["people_handled"] += _count(p.get("people_handled"))
        c["sanctions"] += _count(p.get("sanctions"))
        deadline = p.get("deadline")
        if not closed and isinstance(deadline, str) and deadline:
            open_deadlines[deadline] = open_deadlines.get(deadline, 0) + 1
    total = {k: sum(c[k] for c in by_cat.values()) for k in KEYS}
    return {"version": FIGURES_VERSION, "problems": total["found"], "rectified": total["rectified"],
            "people_handled": total["people_handled"], "sanctions": total["sanctions"], "by_category": by_cat,
            "open_deadlines": open_deadlines, "as_of_package": data.get("as_of"), "office_rules": rules}


def figures_on(figures: dict[str, Any], as_of: date) -> dict[str, Any]:
    """The office's figures on `as_of`: "overdue" counted from the open deadlines."""
    day = as_of.isoformat()
    overdue = sum(n for deadline, n in figures["open_deadlines"].items() if deadline < day)
    return {"problems": figures["problems"], "rectified": figures["rectified"], "overdue": overdue,
            "people_handled": figures["people_handled"], "sanctions": figures["sanctions"],
            "by_category": figures["by_category"]}


def dumps(figures: dict[str, Any]) -> str:
    return json.dumps(figures, ensure_ascii=False, default=str)  # in order: by_category keeps the form's order


def loads(text: str | None) -> dict[str, Any] | None:
    """The stored figures, or None when the package has none (imported before version 21) or
    they are of another form: then the summary reads its data.json."""
    if not text:
        return None
    try:
        figures = json.loads(text)
    except ValueError:
        return None
    return figures if isinstance(figures, dict) and figures.get("version") == FIGURES_VERSION else None
