"""Plain report data built by hand (the shape app.reports.data.gather returns)."""

from __future__ import annotations

from datetime import date
from typing import Any

from app.reports.data import order_problems, statistics_rows

CATEGORIES = ["选择性执法问题", "随意性执法问题", "机械性执法问题", "逐利性执法问题"]
FORMULA = '=HYPERLINK("http://x","y")'
AS_OF = date(2024, 9, 10)
DOC_NO = "沈水发〔2024〕5号"  # what app.reports.docnumbers would allocate
TEXTS = ("执法人员少于2人，案卷中仅有一名执法人员签名，调查询问笔录由辅助人员单独制作",
         "罚款收据未入账，票据号码不连续，缺号两份且未作废处理",
         "处罚决定超过法定期限作出，立案至决定相隔九十一日",
         "同案异罚：同类违法行为罚款金额相差三倍以上，未说明裁量理由")


def problem(n: int, *, category: str | None = None, manifestation: str | None = None, status: str = "整改中",
            **extra: Any) -> dict[str, Any]:
    p: dict[str, Any] = {
        "id": n, "category": category or CATEGORIES[n % 4],
        "manifestation": manifestation or f"第{n}号问题：{TEXTS[n % 4]}",
        "unit": "沈阳市浑河管理处", "case_no": f"沈浑罚字〔2019〕第{n}号",
        "measure": f"组织案卷复查，补正文书并建立台账（措施{n}）", "dept": "法制科", "owner": "王维维",
        "deadline": date(2024, 10, 31), "status": status, "immediate": n % 3 == 0, "timetable": "",
        "overdue": False, "closed_on": None, "approver": "", "source": "audit", "finding_id": n,
        "people_handled": 1 if n % 5 == 0 else 0, "sanctions": 1 if n % 10 == 0 else 0,
        "progress": [{"on": date(2024, 9, 1), "note": f"已完成复查{n}", "operator": "张三", "evidence": []}],
        "close_evidence": [],
    }
    if status == "已销号":
        p.update(closed_on=date(2024, 9, 5), approver="刘彦",
                 close_evidence=[{"file_name": f"整改佐证{n}.pdf", "sha256": "ab12cd34ef56" + "0" * 52,
                                  "size": 1000, "path": "x"}])
    p.update(extra)
    return p


def report_data(problems: list[dict[str, Any]], *, campaign: bool = True) -> dict[str, Any]:
    ordered = order_problems(problems, CATEGORIES)
    return {"office": {"office_name": "沈阳市水务局", "office_unit": "法制处", "office_id": "X1",
                       "principal_leader": "李局长", "doc_prefix": "沈水发"},
            "campaign": {"name": "行政执法乱象专项整治", "doc_no": "攸纪发〔2021〕3号",
                         "issuing_body": "县专项整治办"} if campaign else None,
            "categories": list(CATEGORIES), "as_of": AS_OF, "problems": ordered, "doc_no": DOC_NO,
            "statistics": statistics_rows(CATEGORIES, None, ordered)}


def many(n: int) -> dict[str, Any]:
    statuses = ("待整改", "整改中", "已销号")
    return report_data([problem(i, status=statuses[i % 3], overdue=i % 7 == 0) for i in range(1, n + 1)])
