"""The 统计表 exactly as reference/004 附件3 prints it, shared by the Excel form and the 整改报告:

    整治重点 | 选择性执法问题 | 随意性执法问题 | 机械式执法问题 | 逐利性执法问题 | 回应群众诉求方面
    发现问题数
    整改问题数
    处理人数
    党纪政务处分人数
    备注

The categories are the columns, in the taxonomy's order, in the form's own wording (附件3 writes
机械式执法问题 where the plan's text says 机械性执法问题); the five row labels are the rows. A 合计
column is added only when the office asks for one (`with_total`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.rectify.stats_terms import CORNER, FORM_WORDING, REMARK, ROWS

ROW_LABELS = (*(label for _key, label in ROWS), REMARK)
TOTAL = "合计"


def form_name(category: str) -> str:
    return FORM_WORDING.get(category, category)


def stats_grid(stats: Mapping[str, Any], *, with_total: bool = False,
               remarks: Mapping[str, str] | None = None) -> tuple[list[str], list[list[Any]]]:
    """(header, rows): header = 整治重点 + one column per category (+ 合计); rows = the four
    counts and the 备注 row. `stats` is {"rows": [{category, found, …}], "total": {…}}."""
    cats = [str(r["category"]) for r in stats["rows"]]
    header = [CORNER, *(form_name(c) for c in cats)] + ([TOTAL] if with_total else [])
    rows: list[list[Any]] = []
    for key, label in ROWS:
        values: list[Any] = [int(r.get(key) or 0) for r in stats["rows"]]
        if with_total:
            values.append(sum(values))
        rows.append([label, *values])
    notes = remarks or {}
    rows.append([REMARK, *(notes.get(c, "") for c in cats)] + ([notes.get(TOTAL, "")] if with_total else []))
    return header, rows
