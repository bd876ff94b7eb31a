"""Gathering what a form or report shows from the store, as plain data.

Renderers never read the store: they take the dict built here (or one built by hand in a test),
so "what is shown" and "how it is printed" are tested separately.

    {"office": {office_name, office_unit, office_id, principal_leader, doc_prefix, contact_person,
                contact_phone},
     "campaign": {"name", "doc_no"} | None, "categories": [name, …], "as_of": date,
     "problems": [problem dict as app.rectify.service.list_problems gives, + progress,
                  close_evidence when details were asked for],
     "statistics": {"rows": [{category, found, rectified, people_handled, sanctions}], "total": {…}},
     "unit", "field", "addressee" (主送机关), "unit_remark" (一票否优/否决), "typical_cases": [...]}
    An issued document's renderer also gets "doc_no" (app.reports.docnumbers).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from app.jobs import Progress
from app.store import Store

STAT_KEYS = ("found", "rectified", "people_handled", "sanctions")
OFFICE_KEYS = ("office_name", "office_unit", "office_id", "principal_leader", "doc_prefix", "contact_person",
               "contact_phone")


def taxonomy_categories(store: Store) -> tuple[dict[str, Any] | None, list[str]]:
    """The active campaign (name, doc_no) and its categories; without one, taxonomy A's."""
    from app.campaigns import active_campaign
    from app.campaigns.templates import load_template

    camp = active_campaign(store)
    if camp is not None:
        cats = [c["name"] for c in camp["taxonomy"]["categories"]]
        return {"name": camp["name"], "doc_no": camp["doc_no"], "issuing_body": camp.get("issuing_body", "")}, cats
    return None, [c["name"] for c in load_template("A")["categories"]]


def office(store: Store) -> dict[str, str]:
    from app.office import office_info

    info = office_info(store)
    return {k: str(info.get(k) or "") for k in OFFICE_KEYS}


def order_problems(problems: Iterable[Mapping[str, Any]], categories: list[str]) -> list[dict[str, Any]]:
    """Problems grouped in the taxonomy's category order (unknown categories last), then by id."""
    rank = {c: i for i, c in enumerate(categories)}
    return sorted((dict(p) for p in problems),
                  key=lambda p: (rank.get(p.get("category") or "", len(rank)), p.get("category") or "",
                                 p.get("id") or 0))


def statistics_rows(categories: list[str], stats: Mapping[str, Any] | None,
                    problems: Iterable[Mapping[str, Any]] = ()) -> dict[str, Any]:
    """One row per taxonomy category (zeros where nothing was found), any other category after
    them, and a 合计 row that is the sum of the rows. Without `stats`, counted from `problems`:
    found = all, rectified = 已销号, people/sanctions summed."""
    by_cat: dict[str, dict[str, int]] = {}
    if stats is not None:
        for row in stats.get("rows", []):
            by_cat[str(row.get("category") or "")] = {k: int(row.get(k) or 0) for k in STAT_KEYS}
    else:
        for p in problems:
            row = by_cat.setdefault(str(p.get("category") or ""), dict.fromkeys(STAT_KEYS, 0))
            row["found"] += 1
            row["rectified"] += p.get("status") == "已销号"
            row["people_handled"] += int(p.get("people_handled") or 0)
            row["sanctions"] += int(p.get("sanctions") or 0)
    names = list(categories) + sorted(c for c in by_cat if c not in categories and any(by_cat[c].values()))
    rows: list[dict[str, Any]] = [{"category": c or "未分类", **by_cat.get(c, dict.fromkeys(STAT_KEYS, 0))}
                                  for c in names]
    total = {k: sum(r[k] for r in rows) for k in STAT_KEYS}
    return {"rows": rows, "total": total}


def summary_figures(problems: Iterable[Mapping[str, Any]], total: Mapping[str, int]) -> dict[str, int]:
    """The report's figures: found, rectified (销号), in progress, pending, overdue, people, sanctions."""
    ps = list(problems)
    return {"found": len(ps), "rectified": sum(p.get("status") == "已销号" for p in ps),
            "in_progress": sum(p.get("status") == "整改中" for p in ps),
            "pending": sum(p.get("status") in (None, "", "待整改") for p in ps),
            "overdue": sum(bool(p.get("overdue")) and p.get("status") != "已销号" for p in ps),
            "people_handled": int(total.get("people_handled", 0)), "sanctions": int(total.get("sanctions", 0))}


def units_in_field(store: Store, field: str) -> list[str]:
    """The units whose 执法领域 is `field`; UserError naming the fields there are when none is."""
    from sqlalchemy import select

    from app.errors import UserError
    from db.models import Unit

    with store.session() as s:
        rows = s.execute(select(Unit.name, Unit.field)).all()
    names = [n for n, f in rows if (f or "").strip() == field.strip()]
    if not names:
        fields = sorted({(f or "").strip() for _n, f in rows if (f or "").strip()})
        raise UserError(f"没有执法领域为「{field}」的单位" + (f"（现有领域：{'、'.join(fields)}）。" if fields else "。"))
    return names


def gather(store: Store, *, as_of: date | None = None, unit: str | None = None, field: str | None = None,
           details: bool = False, progress: Progress | None = None) -> dict[str, Any]:
    """Everything the forms and the rectification report show. `details` adds each problem's
    progress entries and close-out evidence (the 台账 need them; the report does not). `unit`
    or `field` (执法领域) narrow it to one unit's or one field's problems."""
    from app.rectify import service as rectify

    as_of = as_of or date.today()
    campaign, categories = taxonomy_categories(store)
    problems = rectify.list_problems(store, unit=unit, as_of=as_of)
    if field:
        members = set(units_in_field(store, field))
        problems = [p for p in problems if p.get("unit") in members]
    if details:
        total = len(problems)
        for n, p in enumerate(problems, start=1):
            full = rectify.get_problem(store, p["id"])
            p["progress"] = full.get("progress", [])
            p["close_evidence"] = full.get("close_evidence", [])
            if progress is not None and (n % 50 == 0 or n == total):
                progress(n, total, "读取整改台账")
    problems = order_problems(problems, categories)
    whole = unit is None and not field
    if whole:  # the office's summary adds up the units that sent only their own 统计表
        from app.rectify.unit_reports import consolidated_statistics

        stats = statistics_rows(categories, consolidated_statistics(store), problems)
    else:
        stats = statistics_rows(categories, None, problems)
    from app.rectify.registers import assessments, list_typical_cases
    from app.reports.docnumbers import addressee_of

    # a unit's 一票否优 / 一票否决 is printed in its own summary (the 备注 of its 统计表)
    remark = "；".join(f"{a['verdict']}：{a['reason']}（{a['decided_by']}）" for a in assessments(store, unit)) \
        if unit else ""
    return {"office": office(store), "campaign": campaign, "categories": categories, "as_of": as_of,
            "problems": problems, "statistics": stats, "unit": unit or "", "field": field or "",
            "addressee": addressee_of(store), "unit_remark": remark,
            "typical_cases": list_typical_cases(store) if whole else []}
