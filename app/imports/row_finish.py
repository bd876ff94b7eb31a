"""Finishing a converted row: the keys it is matched by, and what a row's fields imply together.

Called once per row by rows.convert_rows after every cell converted; a RowRejected names the
field whose value makes the row unusable. Here the row gets its case and receipt keys, a case
keeps one party ID of several ID columns, an amount given only in the penalty text becomes a
derived value (with a warning), and a receipt is checked for what a non-voided one must carry.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from app.domain.amounts import format_fen
from app.domain.errors import ValueParseError
from app.domain.fines_text import CONFISCATION, FINE, amounts_in_text
from app.domain.numbers import normalise_case_no, normalise_receipt_no, split_receipt_no
from app.domain.party_kinds import INDIVIDUAL_BUSINESS, ORGANISATION, PERSON
from app.imports.issues import RowIssue, value_text
from app.imports.row_checks import ColumnPlan


class RowRejected(Exception):
    def __init__(self, field: str, value: object, reason: str) -> None:
        super().__init__(reason)
        self.field, self.value, self.reason = field, value, reason


def _case_key(rec: dict[str, Any], field: str = "case_no") -> str:
    text = rec.get(field) or ""
    if not text:
        return ""
    try:
        return normalise_case_no(text)
    except ValueParseError as exc:
        raise RowRejected(field, text, exc.reason) from exc


def _receipt_key(rec: dict[str, Any]) -> str:
    text = rec.get("receipt_no") or ""
    if not text:
        return ""
    try:
        return normalise_receipt_no(text)
    except ValueParseError as exc:
        raise RowRejected("receipt_no", text, exc.reason) from exc


def _warn(by_field: dict[str, ColumnPlan], warnings: list[RowIssue], field: str, rec: dict[str, Any],
          reason: str) -> None:
    p = by_field.get(field)
    warnings.append(RowIssue(rec["source_row"], p.header if p else "", p.letter if p else "",
                             value_text(rec.get(field, "")), reason))


# Which ID a row keeps when the file has both a 证件号码 and a 统一社会信用代码 column.
_ID_ORDER = {PERSON: ("party_id", "party_credit_code"), ORGANISATION: ("party_credit_code", "party_id"),
             INDIVIDUAL_BUSINESS: ("party_credit_code", "party_id")}
_TEXT_AMOUNTS = {"cases": ((FINE, "fine_fen", "罚款金额"), (CONFISCATION, "confiscation_fen", "没收金额")),
                 "ledger": ((FINE, "fine_fen", "罚款金额"),)}


def _choose_party_id(rec: dict[str, Any], by_field: dict[str, ColumnPlan]) -> None:
    """The one party ID of the row: the first non-empty of the ID columns, a 自然人 looked up by
    证件号码 first and an organisation or 个体工商户 by its code first; without a kind, the
    leftmost column first."""
    code = rec.pop("party_credit_code", "")
    if not code:
        return
    order: tuple[str, ...] | None = _ID_ORDER.get(rec.get("party_kind") or "")
    if order is None:
        cols = {name: by_field[name].index for name in ("party_id", "party_credit_code") if name in by_field}
        order = tuple(sorted(cols, key=cols.__getitem__))
    values = {"party_id": rec["party_id"], "party_credit_code": code}
    rec["party_id"] = next((values[name] for name in order if values[name]), "")


# Penalty texts repeat ("罚款", "警告"): each distinct one is read once per process.
_text_amounts = lru_cache(maxsize=8192)(amounts_in_text)


def _amounts_from_text(kind: str, rec: dict[str, Any], by_field: dict[str, ColumnPlan],
                       warnings: list[RowIssue]) -> None:
    """With no column for an amount, the amount the penalty text states (罚款5000元) — a derived
    value, so each such row is a warning the user can check."""
    text = rec.get("penalty")
    if not text or ("fine_fen" in by_field and (kind == "ledger" or "confiscation_fen" in by_field)):
        return  # the cheap test first: this runs once per row
    found = _text_amounts(text)
    for what, name, label in _TEXT_AMOUNTS[kind]:
        if name in by_field:
            continue
        if what in found.amounts:
            rec[name] = found.amounts[what]
            _warn(by_field, warnings, "penalty", rec,
                  f"表中没有「{label}」列，{label} {format_fen(rec[name])} 元取自本行处罚内容的文字，请核对")
        elif what in found.unclear:
            _warn(by_field, warnings, "penalty", rec, f"处罚内容中写有几个不同的{label}，没有取用，请核对")


def finish_case(rec: dict[str, Any], by_field: dict[str, ColumnPlan], warnings: list[RowIssue]) -> None:
    if rec["officers"] is None:
        rec["officers"] = []
    rec["case_key"] = _case_key(rec)
    if not rec["case_key"]:
        raise RowRejected("case_no", rec["case_no"], "案号为空")
    _choose_party_id(rec, by_field)
    _amounts_from_text("cases", rec, by_field, warnings)


def finish_ledger(rec: dict[str, Any], by_field: dict[str, ColumnPlan], warnings: list[RowIssue]) -> None:
    rec["case_key"] = _case_key(rec)
    if not rec["case_key"]:
        raise RowRejected("case_no", rec["case_no"], "案号为空")
    rec["receipt_key"] = _receipt_key(rec)
    _amounts_from_text("ledger", rec, by_field, warnings)


def finish_receipt(rec: dict[str, Any], by_field: dict[str, ColumnPlan], warnings: list[RowIssue]) -> None:
    key = _receipt_key(rec)
    if not key:
        raise RowRejected("receipt_no", rec.get("receipt_no", ""), "票据号为空")
    rec["receipt_key"] = key
    rec["series"], rec["number"], _width = split_receipt_no(key)
    rec["case_key"] = _case_key(rec)
    remark = rec.get("remark") or ""
    rec["voided"] = "作废" in remark
    if not rec["voided"]:
        if rec.get("amount_fen") is None:
            raise RowRejected("amount_fen", "", "未作废的收据必须填写金额（作废的收据请在备注中注明“作废”）")
        if not rec.get("payer"):
            _warn(by_field, warnings, "payer", rec, "未作废的收据没有填写缴款人")


def finish_officer(rec: dict[str, Any], by_field: dict[str, ColumnPlan], warnings: list[RowIssue]) -> None:
    cert = rec.get("cert_no") or ""
    rec["cert_no"] = cert or None
    if rec.get("kind") == "辅助人员" and cert:
        _warn(by_field, warnings, "cert_no", rec, "辅助人员不持执法证，此处不应填写执法证号")


FINISHERS: dict[str, Callable[[dict[str, Any], dict[str, ColumnPlan], list[RowIssue]], None]] = {
    "cases": finish_case, "ledger": finish_ledger, "receipts": finish_receipt, "officers": finish_officer,
}
