"""The findings and the problem list as tables to export or print (app/reports/table_data.py),
with the columns and wording the window's tables show, for the window and for `--xlsx`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from app.reports.table_data import DATE, NUMBER, TEXT, TableColumn, TableData

FINDING_COLUMNS = (("code", "问题类型", TEXT), ("status", "状态", TEXT), ("case_no", "案号", TEXT),
                   ("receipt_no", "收据号", TEXT), ("unit", "执法单位", TEXT), ("message", "说明", TEXT),
                   ("rule", "依据", TEXT))
PROBLEM_COLUMNS = (("id", "序号", NUMBER), ("category", "问题类别", TEXT), ("manifestation", "具体表现", TEXT),
                   ("unit", "执法单位", TEXT), ("case_no", "案号", TEXT), ("measure", "整治措施", TEXT),
                   ("dept", "责任部门", TEXT), ("owner", "责任人", TEXT), ("deadline", "整改时限", DATE),
                   ("status", "状态", TEXT))


def finding_text(rec: dict[str, Any], name: str) -> Any:
    """One cell of the findings table as the window words it (code and status in Chinese, a
    receipt-number gap as its first–last numbers)."""
    from app.audit.codes import CODES
    from app.audit.service import STATUS_LABELS

    if name == "code":
        code = rec.get("code") or ""
        return CODES[code][1] if code in CODES else code
    if name == "status":
        return STATUS_LABELS.get(rec.get("status") or "", rec.get("status") or "")
    if name == "receipt_no" and not rec.get("receipt_no"):
        refs = rec.get("refs") or {}
        if refs.get("first_missing"):
            first, last = refs["first_missing"], refs.get("last_missing") or refs["first_missing"]
            return first if first == last else f"{first}–{last}"
    return rec.get(name) or ""


def problem_text(p: dict[str, Any], name: str) -> Any:
    if name == "status":
        status = str(p.get("status") or "")
        if status == "已销号" and isinstance(p.get("closed_on"), date):
            return f"已销号 {p['closed_on'].isoformat()}"
        return f"{status} · 逾期" if p.get("overdue") else status
    if name == "deadline" and p.get("immediate"):
        d = p.get("deadline")
        return f"立行立改 {d.isoformat() if isinstance(d, date) else ''}".strip()
    return p.get(name)


def findings_table(findings: Iterable[dict[str, Any]], *, title: str = "问题线索",
                   subtitle: str = "", columns: Sequence[str] | None = None) -> TableData:
    cols = [c for c in FINDING_COLUMNS if columns is None or c[0] in columns]
    rows = ([finding_text(f, name) for name, _h, _k in cols] for f in findings)
    return TableData(title, [TableColumn(h, k) for _n, h, k in cols], rows, subtitle=subtitle)


def problems_table(problems: Sequence[dict[str, Any]], *, title: str = "问题清单", subtitle: str = "",
                   columns: Sequence[str] | None = None) -> TableData:
    cols = [c for c in PROBLEM_COLUMNS if columns is None or c[0] in columns]
    rows = [[problem_text(p, name) for name, _h, _k in cols] for p in problems]
    return TableData(title, [TableColumn(h, k) for _n, h, k in cols], rows, subtitle=subtitle, count=len(rows))
