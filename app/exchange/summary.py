"""`bureau summary`: the offices' figures from the latest package each sent.

    bureau_summary(store, as_of=None) → {"offices": [{"office_id", "name", "sequence", "problems",
        "rectified", "overdue", "people_handled", "sanctions", "by_category": {category: {"found",
        "rectified", "people_handled", "sanctions"}}}], "by_category": {…}, "total": {…}}

Figures are recomputed from the problems in data.json (not copied from the office's statistics),
in the order of the office's statistics form; `overdue` counts problems past their deadline on
`as_of` (default today) that the package does not show closed (已销号).

Each package's figures are worked out once, when it is imported (app/exchange/figures.py):
the summary reads a few kilobytes per office, not every data.json (a package imported before
schema version 21 has none stored and is read from its data.json, as before).

Each office also shows the own rules its package carried (`office_rules`: how many of each kind,
the backlog threshold and the rules in words, as `law rules show` prints them), or None when the
package carried none.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import select

from app.exchange.figures import figures_on, loads, package_figures, rules_summary
from app.store import Store
from db.models_exchange import ReceivedOffice, ReceivedPackage

KEYS = ("found", "rectified", "people_handled", "sanctions")


def _zero() -> dict[str, int]:
    return dict.fromkeys(KEYS, 0)


def office_figures(data: dict[str, Any], as_of: date) -> dict[str, Any]:
    """One office's figures from its data.json."""
    return figures_on(package_figures(data, None), as_of)


def stored_figures(data_json: str, figures_json: str | None) -> dict[str, Any]:
    """A package's figures: as stored at its import, else worked out from its data.json."""
    figures = loads(figures_json)
    if figures is None:
        data = json.loads(data_json)
        figures = package_figures(data, rules_summary(data))
    return figures


def bureau_summary(store: Store, *, as_of: date | None = None) -> dict[str, Any]:
    as_of = as_of or date.today()
    offices: list[dict[str, Any]] = []
    pkg = ReceivedPackage
    with store.session() as s:
        for office in s.scalars(select(ReceivedOffice).order_by(ReceivedOffice.name, ReceivedOffice.office_id)):
            # the latest package's figures only: its data.json (megabytes) is read when it has none
            latest = s.execute(select(pkg.id, pkg.sequence, pkg.imported_at, pkg.figures_json)
                               .where(pkg.office_id == office.office_id)
                               .order_by(pkg.sequence.desc()).limit(1)).first()
            if latest is None:
                continue
            stored = loads(latest.figures_json)
            if stored is None:
                data_json = s.scalar(select(pkg.data_json).where(pkg.id == latest.id)) or "{}"
                stored = stored_figures(data_json, None)
            offices.append({"office_id": office.office_id, "name": office.name, "sequence": latest.sequence,
                            "imported_at": latest.imported_at, "as_of_package": stored["as_of_package"],
                            **figures_on(stored, as_of), "office_rules": stored["office_rules"]})
    by_category: dict[str, dict[str, int]] = {}
    for o in offices:
        for cat, c in o["by_category"].items():
            agg = by_category.setdefault(cat, _zero())
            for k in KEYS:
                agg[k] += c[k]
    fields = ("problems", "rectified", "overdue", "people_handled", "sanctions")
    total = {k: sum(o[k] for o in offices) for k in fields}
    return {"as_of": as_of, "offices": offices, "by_category": by_category, "total": {"offices": len(offices), **total}}
