"""The money side of the store — receipts (罚没款收据) and the ledger (处罚台账) — as the audit reads it.

The reconciliation rules (rules_receipts.py, rules_ledger.py) are SQL over the store: they read the
columns below and turn only their result rows into records with `receipt_rec` / `ledger_rec`. The
SQL is plain enough for SQLite and PostgreSQL alike (no engine-only functions; booleans tested with
NOT, LIKE patterns passed as parameters).

`load_receipts` / `load_ledger` read whole tables into records, for the case-stage rules that still
look at every receipt or ledger row in Python.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, Date, String, bindparam, select, text, type_coerce
from sqlalchemy.orm import Session

from app.audit.model import LedgerRec, ReceiptRec
from app.errors import UserError
from db.models import LedgerEntry, Receipt

INSTALMENT = "%分期%"  # LedgerRec.instalment as a LIKE pattern

RECEIPT_COLUMNS = ("id", "receipt_no", "receipt_key", "series", "number", "issued_on", "payer", "amount_fen",
                   "case_key", "onsite", "voided", "unit_id", "source_row")
LEDGER_COLUMNS = ("id", "case_no", "case_key", "party", "fine_fen", "decided_on", "paid_on", "receipt_no",
                  "receipt_key", "enforcement", "unit_id", "source_row")


def columns(alias: str, names: Sequence[str]) -> str:
    """`r.id, r.receipt_no, …` — a record's columns in the order `receipt_rec`/`ledger_rec` read."""
    return ", ".join(f"{alias}.{n}" for n in names)


_DATES: dict[str, date] = {}


def as_date(value: Any) -> date | None:
    """A date column as read: ISO text from SQLite, a date from PostgreSQL, or None."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    hit = _DATES.get(value)
    if hit is None:
        hit = _DATES[value] = stored_date(value)
    return hit


def stored_date(text: Any) -> date:
    """A date as SQLite keeps it (ISO text). SQLite keeps whatever it is given, so a store edited
    around the program may hold something else ("2025-13-45", a blob): the audit is refused, in
    words, before it writes anything, rather than stopped by a traceback."""
    try:
        return date.fromisoformat(text[:10])
    except (TypeError, ValueError):
        shown = str(text)[:40]
        raise UserError(f"数据库中有无法识别的日期「{shown}」（应为“年-月-日”）：数据库可能被本程序以外的工具改写过。"
                        "倒查未进行，数据库未作任何改动；请从备份恢复，或把数据库交给技术人员检查。") from None


def receipt_rec(row: Sequence[Any], at: int = 0) -> ReceiptRec:
    """A ReceiptRec from `row[at:at + 13]`, laid out as RECEIPT_COLUMNS."""
    (rid, no, key, series, number, issued, payer, amount, case_key, onsite, voided, unit_id,
     source_row) = row[at:at + len(RECEIPT_COLUMNS)]
    key, series = key or "", series or ""
    width = len(key) - len(series) if number is not None else 0
    no = key if no == key else no or ""  # one string object where the number is already normal
    return ReceiptRec(rid, no, key, series, number, width, as_date(issued), payer or "", amount,
                      case_key or "", bool(onsite), bool(voided), unit_id, source_row)


def ledger_rec(row: Sequence[Any], at: int = 0) -> LedgerRec:
    """A LedgerRec from `row[at:at + 12]`, laid out as LEDGER_COLUMNS."""
    (lid, case_no, case_key, party, fine, decided, paid, receipt_no, receipt_key, enforcement, unit_id,
     source_row) = row[at:at + len(LEDGER_COLUMNS)]
    case_key, receipt_key = case_key or "", receipt_key or ""
    case_no = case_key if case_no == case_key else case_no or ""  # one string object where already normal
    receipt_no = receipt_key if receipt_no == receipt_key else receipt_no or ""
    return LedgerRec(lid, case_no, case_key, party or "", fine, as_date(decided), as_date(paid), receipt_no,
                     receipt_key, enforcement or "", unit_id, source_row)


def query(conn: Connection, sql: str, **params: Any) -> list[Any]:
    """All rows of one SQL statement (named `:params`)."""
    return list(conn.execute(text(sql), params).all())


def _iso(column: Any) -> Any:
    """A Date column read as its stored text (parsed by `as_date`, much faster in bulk)."""
    return type_coerce(column, String).label(column.key)


def load_ledger(s: Session) -> list[LedgerRec]:
    e = LedgerEntry
    stmt = select(e.id, e.case_no, e.case_key, e.party, e.fine_fen, _iso(e.decided_on), _iso(e.paid_on),
                  e.receipt_no, e.receipt_key, e.enforcement, e.unit_id, e.source_row).order_by(e.id)
    return [ledger_rec(r) for r in s.connection().execute(stmt).all()]


def load_receipts(s: Session) -> list[ReceiptRec]:
    t = Receipt
    stmt = select(t.id, t.receipt_no, t.receipt_key, t.series, t.number, _iso(t.issued_on), t.payer, t.amount_fen,
                  t.case_key, t.onsite, t.voided, t.unit_id, t.source_row).order_by(t.id)
    return [receipt_rec(r) for r in s.connection().execute(stmt).all()]


# For the case stage (rules_cases.fine_unpaid_overdue), as SQL: the case keys whose fine a live
# receipt of the case shows paid, or whose ledger row has a payment date, records an application
# for court enforcement (every ENFORCEMENT_WORD contains 强制执行), or names a live receipt.
_SETTLED = """
SELECT r.case_key FROM receipts r WHERE r.case_key <> '' AND NOT r.voided
UNION
SELECT l.case_key FROM ledger_entries l
 WHERE l.paid_on IS NOT NULL OR l.enforcement LIKE :enforced
    OR (l.receipt_key <> '' AND EXISTS (SELECT 1 FROM receipts r
                                         WHERE r.receipt_key = l.receipt_key AND NOT r.voided))"""


def settled_case_keys(db: Connection) -> set[str]:
    """`rules_cases._paid_or_enforced` without loading a receipt or a ledger row."""
    return {key for (key,) in query(db, _SETTLED, enforced="%强制执行%")}


# The same, turned round: the keys of the cases that nothing above settles. A store's cases are
# mostly paid, so this is a handful of rows where _SETTLED is one per case. A NULL case key is
# read as "" (as the case loader reads it).
_NOTHING_SETTLES = """
     NOT EXISTS (SELECT 1 FROM receipts r WHERE r.case_key = c.case_key AND r.case_key <> '' AND NOT r.voided)
 AND NOT EXISTS (SELECT 1 FROM ledger_entries l WHERE l.case_key = COALESCE(c.case_key, '')
                    AND (l.paid_on IS NOT NULL OR l.enforcement LIKE :enforced
                         OR (l.receipt_key <> '' AND EXISTS (SELECT 1 FROM receipts r
                                                              WHERE r.receipt_key = l.receipt_key
                                                                AND NOT r.voided))))"""
_UNSETTLED = f"SELECT DISTINCT COALESCE(c.case_key, '') FROM cases c WHERE {_NOTHING_SETTLES}"


class SettledCases:
    """Answers `key in settled` for a case's key as `settled_case_keys` would, from the few keys
    of the store's cases that are not settled."""

    def __init__(self, unsettled: set[str]) -> None:
        self.unsettled = unsettled

    def __contains__(self, case_key: object) -> bool:
        return case_key not in self.unsettled


def settled_cases(db: Connection) -> SettledCases:
    """`settled_case_keys` for the keys of the store's own cases (all the payment check asks about)."""
    return SettledCases({key for (key,) in query(db, _UNSETTLED, enforced="%强制执行%")})


# The cases the payment check can find unpaid: a fine, served before `served_before`, and nothing
# above settles them (the condition depends on the case key alone, as `settled_cases` does).
_UNSETTLED_SERVED = text(f"SELECT c.id FROM cases c WHERE c.fine_fen > 0 AND c.served_on < :served_before"
                         f" AND {_NOTHING_SETTLES}").bindparams(bindparam("served_before", type_=Date))


def unsettled_served_before(db: Connection, served_before: date) -> set[int]:
    """The ids of the cases with a fine, served before `served_before`, that no receipt or ledger
    row settles (`settled_cases` turned into the candidates of the payment check)."""
    return {cid for (cid,) in db.execute(_UNSETTLED_SERVED, {"served_before": served_before,
                                                             "enforced": "%强制执行%"})}


def onsite_receipts(db: Connection) -> list[ReceiptRec]:
    """The receipts of on-site collections (当场收缴), voided ones too, in id order: all that the
    on-site checks read, without loading every receipt."""
    return [receipt_rec(r) for r in query(db, f"SELECT {columns('r', RECEIPT_COLUMNS)} FROM receipts r"
                                              " WHERE r.onsite ORDER BY r.id")]
