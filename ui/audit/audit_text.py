"""How audit findings read in the window: code and status labels, expected/found as a sentence."""

from __future__ import annotations

from typing import Any

from app.audit.codes import CODES, STAGES
from app.audit.service import STATUS_LABELS
from app.domain.amounts import format_fen

__all__ = ["CODES", "STAGES", "STATUS_LABELS", "code_label", "codes_of_stage", "describe", "status_label"]

KEY_LABELS = {
    "amount_fen": "金额", "fine_fen": "罚款", "max_fen": "上限", "min_fen": "最低罚款", "issued_on": "收据日期",
    "decided_on": "决定日期", "served_on": "送达日期", "paid_on": "缴款日期", "published_on": "公示日期",
    "deadline": "期限", "party": "当事人", "payer": "缴款人", "receipt_no": "收据号", "case_no": "案号",
    "missing": "缺号数", "officer": "执法人员", "problem": "问题", "min_officers": "最少人数",
    "officers": "执法人员数", "max_days": "最多天数", "days": "天数", "order": "应有顺序", "max_ratio": "最大倍数",
    "ratio": "倍数", "cases": "同类案件数", "filed_on": "立案日期", "notified_on": "告知日期",
    "closed_on": "结案日期", "legal_review_on": "法制审核日期",
}


def code_label(code: str) -> str:
    return CODES[code][1] if code in CODES else code


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def codes_of_stage(stage: str) -> list[str]:
    return [code for code, (st, _name, _rule) in CODES.items() if st == stage]


def describe(value: Any) -> str:
    """A finding's expected/found value (text, number or small dict) as one readable line."""
    if value is None or value == "":
        return "—"
    if isinstance(value, dict):
        return "；".join(f"{KEY_LABELS.get(k, k)}：{_one(k, v)}" for k, v in value.items())
    if isinstance(value, list):
        return "、".join(describe(v) for v in value)
    return str(value)


def _one(key: str, value: Any) -> str:
    if key.endswith("_fen") and isinstance(value, int) and not isinstance(value, bool):
        return f"{format_fen(value)} 元"
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return "—" if value is None else str(value)
