"""Units that do not run the program send their 问题清单 (附件2) or 统计表 (附件3) as Excel; the
office imports each under its unit, so the campaign holds all ~30 units (reference/004 四(一)1,
四(四)).

    import_unit_report(store, unit, path) → {"kind", "unit", "rows", "already_imported", …}
    consolidated_statistics(store) → the office's 统计表 with the units' own 统计表 added
    compare_units(store) → per unit: what it reported itself beside what the office found

A 问题清单 becomes problems (source `selfcheck`) of that unit in the active campaign; a 统计表 is
kept as the unit's figures and counted in the office's summary for a unit that sent no list (a
unit that sent both is counted once, from its list). The file is recognised by its header: 序号 ·
问题类别 · 具体表现 … or 整治重点 with the categories to its right. A row that cannot be read
refuses the whole file, naming the sheet, the row as Excel numbers it and the column.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.errors import UserError
from app.rectify.categories import scope_of
from app.rectify.evidence import check_readable, file_sha256
from app.rectify.stats_terms import CORNER, FORM_WORDING, REMARK, ROWS
from app.store import Store
from db import changelog
from db.models_rectify import Problem, UnitReport, UnitReportCount

LIST, STATS = "问题清单", "统计表"
LIST_HEAD = ("序号", "问题类别", "具体表现")
PLAIN_WORDING = {form: plan for plan, form in FORM_WORDING.items()}


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).replace(" ", "").replace("\u3000", "").strip()


def read_sheet(path: Path) -> tuple[str, list[list[str]]]:
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
        name = wb.sheet_names[0]
        rows = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except Exception as exc:  # noqa: BLE001 - calamine raises its own kinds for every bad file
        raise UserError(f"无法读取 {path.name}（{exc}），请确认是 Excel 文件（.xlsx/.xls）。") from None
    return name, [[_cell(v) for v in row] for row in rows]


def category_in(scope_categories: list[str], text: str) -> str | None:
    """The taxonomy's category for what the unit wrote (the form's wording, or without 问题)."""
    text = PLAIN_WORDING.get(text, text)
    for c in scope_categories:
        if text in (c, c.removesuffix("问题"), c + "问题"):
            return c
    return None


def _find(rows: list[list[str]], first: str) -> int | None:
    return next((i for i, r in enumerate(rows) if r and r[0] == first), None)


def import_unit_report(store: Store, unit: str, path: Path | str, *, operator: str = "") -> dict[str, Any]:
    """Import a unit's 问题清单 or 统计表 (recognised by its header) under `unit`."""
    unit = (unit or "").strip()
    if not unit:
        raise UserError("请指定报送单位（--unit）。")
    source = check_readable(path)
    sha = file_sha256(source)
    sheet, rows = read_sheet(source)
    with store.writing() as s:
        scope = scope_of(s)
        seen = s.scalar(select(UnitReport).where(UnitReport.sha256 == sha, UnitReport.unit == unit,
                                                 UnitReport.campaign_id.is_(None) if scope.campaign_id is None
                                                 else UnitReport.campaign_id == scope.campaign_id))
        if seen is not None:
            return {"kind": seen.kind, "unit": unit, "file": source.name, "sha256": sha, "rows": seen.rows,
                    "already_imported": True, "report_id": seen.id}
        head = next((i for i, r in enumerate(rows) if tuple(r[:3]) == LIST_HEAD), None)
        kind = LIST if head is not None else STATS if _find(rows, CORNER) is not None else ""
        if not kind:
            raise UserError(f"{source.name}（工作表「{sheet}」）既不是问题清单（表头 序号、问题类别、具体表现）"
                            f"也不是统计表（表头 {CORNER}），未导入。")
        report = UnitReport(campaign_id=scope.campaign_id, unit=unit, kind=kind, file_name=source.name,
                            sha256=sha, imported_at=datetime.now().replace(microsecond=0), operator=operator)
        s.add(report)
        s.flush()
        if kind == LIST:
            items = _list_rows(rows, head or 0, scope.categories, sheet)
            for category, text, measure, dept in items:
                s.add(Problem(campaign_id=scope.campaign_id, category=category, manifestation=text, unit=unit,
                              source="selfcheck", created_at=report.imported_at, status="待整改", measure=measure,
                              dept=dept, unit_report_id=report.id))
            report.rows = len(items)
        else:
            counts = _stats_rows(rows, _find(rows, CORNER) or 0, scope.categories, sheet)
            for c in counts:
                s.add(UnitReportCount(report_id=report.id, **c))
            report.rows = len(counts)
        s.flush()
        changelog.append(s, operator=operator, action="create", table_name="unit_reports", record_id=report.id,
                         after={"unit": unit, "kind": kind, "file_name": source.name, "sha256": sha,
                                "rows": report.rows})
        return {"kind": kind, "unit": unit, "file": source.name, "sha256": sha, "rows": report.rows,
                "already_imported": False, "report_id": report.id}


def _bad(sheet: str, row: int, column: str, reason: str) -> UserError:
    return UserError(f"工作表「{sheet}」第 {row} 行「{column}」列：{reason}，未导入。")


def _list_rows(rows: list[list[str]], head: int, categories: list[str],
               sheet: str) -> list[tuple[str, str, str, str]]:
    """(category, 具体表现, 整治措施, 责任部门) per filled row; a blank 问题类别 means "as above"."""
    cols = {name: i for i, name in enumerate(rows[head])}
    out: list[tuple[str, str, str, str]] = []
    current = ""
    for i in range(head + 1, len(rows)):
        r = rows[i] + [""] * len(cols)
        if r[0] == REMARK:
            break
        written = r[cols["问题类别"]]
        if written:
            found = category_in(categories, written)
            if found is None:
                raise _bad(sheet, i + 1, "问题类别", f"「{written}」不在本专项活动的问题分类（{'、'.join(categories)}）中")
            current = found
        text = r[cols["具体表现"]]
        if not text:
            continue  # the form's empty placeholder rows
        if not current:
            raise _bad(sheet, i + 1, "问题类别", "没有填写问题类别")
        out.append((current, text, r[cols["整治措施"]] if "整治措施" in cols else "",
                    r[cols["责任部门"]] if "责任部门" in cols else ""))
    return out


def _stats_rows(rows: list[list[str]], head: int, categories: list[str], sheet: str) -> list[dict[str, Any]]:
    """One dict per category column of 附件3 (found, rectified, people_handled, sanctions, remark)."""
    header = rows[head]
    columns: list[tuple[int, str]] = []
    for j, name in enumerate(header[1:], start=1):
        if not name or name == "合计":
            continue
        found = category_in(categories, name)
        if found is None:
            raise _bad(sheet, head + 1, name, "不在本专项活动的问题分类中")
        columns.append((j, found))
    out = {cat: {"category": cat, "found": 0, "rectified": 0, "people_handled": 0, "sanctions": 0, "remark": ""}
           for _j, cat in columns}
    labels = {label: key for key, label in ROWS}
    for i in range(head + 1, len(rows)):
        r = rows[i] + [""] * len(header)
        key = labels.get(r[0])
        for j, cat in columns:
            if r[0] == REMARK:
                out[cat]["remark"] = r[j]
            elif key is not None and r[j]:
                if not r[j].isdigit():
                    raise _bad(sheet, i + 1, header[j], f"{r[0]}「{r[j]}」应为整数")
                out[cat][key] = int(r[j])
    return list(out.values())


def _reports(s: Any, campaign_id: int | None) -> list[UnitReport]:
    stmt = select(UnitReport).order_by(UnitReport.id)
    stmt = stmt.where(UnitReport.campaign_id.is_(None) if campaign_id is None else UnitReport.campaign_id == campaign_id)
    return list(s.scalars(stmt))


def stats_only_counts(store: Store) -> dict[str, dict[str, dict[str, int]]]:
    """{unit: {category: counts}} from the newest 统计表 of each unit that sent no 问题清单."""
    keys = ("found", "rectified", "people_handled", "sanctions")
    with store.session() as s:
        reports = _reports(s, scope_of(s).campaign_id)
        listed = {r.unit for r in reports if r.kind == LIST}
        newest = {r.unit: r for r in reports if r.kind == STATS and r.unit not in listed}
        return {unit: {c.category: {k: int(getattr(c, k)) for k in keys}
                       for c in s.scalars(select(UnitReportCount).where(UnitReportCount.report_id == r.id))}
                for unit, r in newest.items()}


def consolidated_statistics(store: Store) -> dict[str, Any]:
    """The office's 统计表 (rectify.statistics) plus the units that reported figures only."""
    from app.rectify.problems import statistics

    stats = statistics(store)
    by_cat = {r["category"]: r for r in stats["rows"]}
    for counts in stats_only_counts(store).values():
        for cat, c in counts.items():
            row = by_cat.get(cat)
            if row is None:
                row = by_cat[cat] = {"category": cat, "found": 0, "rectified": 0, "people_handled": 0, "sanctions": 0}
                stats["rows"].append(row)
            for k, v in c.items():
                row[k] += v
                stats["total"][k] += v
    return stats


def compare_units(store: Store) -> list[dict[str, Any]]:
    """自查数据是否真实: per unit, the problems it reported itself (its list, else its 统计表's 发现问题数)
    beside the problems the office found there (audit, review, complaints, on-site checks)."""
    from app.rectify.problems import list_problems
    from app.rectify.registers import assessments

    problems = list_problems(store)
    figures = stats_only_counts(store)
    with store.session() as s:
        reported = {r.unit: r.kind for r in _reports(s, scope_of(s).campaign_id)}
    units = sorted({p["unit"] for p in problems if p["unit"]} | set(reported))
    verdicts: dict[str, list[str]] = {}
    for a in assessments(store):
        verdicts.setdefault(a["unit"], []).append(f"{a['verdict']}（{a['reason']}）")
    out = []
    for unit in units:
        mine = [p for p in problems if p["unit"] == unit]
        own = sum(p["source"] == "selfcheck" for p in mine)
        if unit in figures:
            own = sum(c["found"] for c in figures[unit].values())
        found = sum(p["source"] != "selfcheck" for p in mine)
        out.append({"unit": unit, "reported": reported.get(unit, ""), "self_reported": own, "office_found": found,
                    "zero_report": unit in reported and own == 0, "gap": found - own,
                    "assessments": verdicts.get(unit, [])})
    return out
