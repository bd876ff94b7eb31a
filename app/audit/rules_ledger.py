"""Stage 2 of the reverse-order audit: the ledger (处罚台账) against receipts and case files.

Set-based: each check is one SQL statement over the store (anti-joins to the case files and
receipts, a join on the case number, a GROUP BY for duplicates) that returns only the rows it
finds; those rows become Drafts here.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection

from app.audit.load_money import INSTALMENT, LEDGER_COLUMNS, columns, ledger_rec, query
from app.audit.model import Draft, LedgerRec
from app.audit.rule import on_store
from app.domain.amounts import format_fen

PAID_WORDS = ("已缴纳", "已缴", "已执行")
L = columns("l", LEDGER_COLUMNS)
N = len(LEDGER_COLUMNS)


def _ledger_draft(code: str, row: LedgerRec, expected: object, found: object, message: str,
                  **refs: object) -> Draft:
    base: dict[str, object] = {"case_no": row.case_key, "ledger_row": row.source_row, "ledger_id": row.id}
    if row.receipt_key:
        base["receipt_no"] = row.receipt_key
    base.update(refs)
    return Draft(code, base, expected, found, message, unit_id=row.unit_id, case_key=row.case_key,
                 receipt_key=row.receipt_key)


def _where(row: LedgerRec) -> str:
    return f"台账第 {row.source_row} 行" if row.source_row else "台账"


# Each ledger row naming a case number, against the case file of that number (case numbers are
# unique among case files), once for both checks that need it: no case file (有账无卷), or a fine
# that differs (a NULL on either side compares as no difference; instalment rows not compared).
_AGAINST_CASE = f"""
SELECT {L}, c.id, c.fine_fen FROM ledger_entries l LEFT JOIN cases c ON c.case_key = l.case_key
 WHERE l.case_key <> '' AND (c.id IS NULL OR (l.fine_fen <> c.fine_fen AND l.enforcement NOT LIKE :instalment))
 ORDER BY l.id"""


def _against_cases(db: Connection) -> list[Any]:
    return query(db, _AGAINST_CASE, instalment=INSTALMENT)


def ledger_without_case(db: Connection) -> Iterator[Draft]:
    """A ledger row whose case number matches no case file (有账无卷)."""
    return _without_case_drafts(_against_cases(db))


def _without_case_drafts(rows: list[Any]) -> Iterator[Draft]:
    for r in rows:
        if r[N] is not None:
            continue
        row = ledger_rec(r)
        yield _ledger_draft("LEDGER_WITHOUT_CASE", row, "有对应的处罚案卷", None,
                            f"{_where(row)} 案号 {row.case_no} 找不到对应的处罚案卷")


_CASE_NOT_IN_LEDGER = """
SELECT c.case_no, c.case_key, c.fine_fen, c.unit_id FROM cases c
 WHERE c.fine_fen > 0
   AND NOT EXISTS (SELECT 1 FROM ledger_entries l WHERE l.case_key = c.case_key AND l.case_key <> '')
 ORDER BY c.id"""


def case_not_in_ledger(db: Connection) -> Iterator[Draft]:
    """A case file with a fine and no ledger row (有卷无账)."""
    for case_no, case_key, fine, unit_id in query(db, _CASE_NOT_IN_LEDGER):
        yield Draft("CASE_NOT_IN_LEDGER", {"case_no": case_key or ""}, "台账中有该案登记", {"fine_fen": fine},
                    f"案卷 {case_no or ''} 罚款 {format_fen(fine)} 元，台账中没有登记",
                    unit_id=unit_id, case_key=case_key or "")


def ledger_amount_mismatch(db: Connection) -> Iterator[Draft]:
    """The ledger's fine ≠ the fine in the decision (instalment rows are not compared)."""
    return _amount_drafts(_against_cases(db))


def _amount_drafts(rows: list[Any]) -> Iterator[Draft]:
    for r in rows:
        if r[N] is None:
            continue
        row, decided_fine = ledger_rec(r), r[N + 1]
        yield _ledger_draft("LEDGER_AMOUNT_MISMATCH", row, {"fine_fen": decided_fine}, {"fine_fen": row.fine_fen},
                            f"{_where(row)} 案号 {row.case_no} 罚款 {format_fen(row.fine_fen)} 元，"
                            f"处罚决定 {format_fen(decided_fine)} 元")


def ledger_against_cases(db: Connection) -> Iterator[Draft]:
    """`ledger_without_case`, `case_not_in_ledger` and `ledger_amount_mismatch`, in this order,
    the first and the last from one query."""
    rows = _against_cases(db)
    yield from _without_case_drafts(rows)
    yield from case_not_in_ledger(db)
    yield from _amount_drafts(rows)


_SAYS_PAID = " OR ".join(["l.paid_on IS NOT NULL"] + [f"l.enforcement LIKE :paid{i}" for i in range(len(PAID_WORDS))])
_PAID_WITHOUT_RECEIPT = f"""
SELECT {L} FROM ledger_entries l
 WHERE ({_SAYS_PAID})
   AND NOT (l.receipt_key <> '' AND EXISTS (SELECT 1 FROM receipts r
                                             WHERE r.receipt_key = l.receipt_key AND NOT r.voided))
   AND NOT (l.case_key <> '' AND EXISTS (SELECT 1 FROM receipts r
                                          WHERE r.case_key = l.case_key AND NOT r.voided))
 ORDER BY l.id"""


def ledger_paid_without_receipt(db: Connection) -> Iterator[Draft]:
    """The ledger says paid (a payment date, or 已缴纳) and no receipt shows it."""
    words = {f"paid{i}": f"%{w}%" for i, w in enumerate(PAID_WORDS)}
    for r in query(db, _PAID_WITHOUT_RECEIPT, **words):
        row = ledger_rec(r)
        said = f"缴款日期 {row.paid_on.isoformat()}" if row.paid_on else f"执行情况「{row.enforcement}」"
        yield _ledger_draft("LEDGER_PAID_WITHOUT_RECEIPT", row, "有对应的罚没款收据",
                            {"paid_on": row.paid_on.isoformat() if row.paid_on else None,
                             "receipt_no": row.receipt_key or None},
                            f"{_where(row)} 案号 {row.case_no} 记载{said}，"
                            f"但找不到对应收据{('（票据号 ' + row.receipt_no + '）') if row.receipt_no else ''}")


# Case numbers on two or more ledger rows (the index alone finds them); a group whose every row
# is an instalment is left out in Python.
_DUPLICATE_CASE = f"""
WITH dup AS (
  SELECT case_key, MIN(id) AS first_id FROM ledger_entries
   WHERE case_key <> '' GROUP BY case_key HAVING COUNT(*) > 1)
SELECT {L} FROM dup d JOIN ledger_entries l ON l.case_key = d.case_key
 ORDER BY d.first_id, l.id"""


def ledger_duplicate_case(db: Connection) -> Iterator[Draft]:
    """One case number on two or more ledger rows, unless every one of them is an instalment."""
    groups: dict[str, list[LedgerRec]] = {}
    for r in query(db, _DUPLICATE_CASE):
        row = ledger_rec(r)
        groups.setdefault(row.case_key, []).append(row)
    for key, rows in groups.items():
        if all(r.instalment for r in rows):
            continue
        first = rows[0]
        lines = [r.source_row for r in rows]
        yield Draft("LEDGER_DUPLICATE_CASE",
                    {"case_no": key, "ledger_row": first.source_row, "ledger_rows": lines,
                     "ledger_ids": [r.id for r in rows]},
                    {"rows": 1}, {"rows": len(rows)},
                    f"案号 {first.case_no} 在台账中登记 {len(rows)} 次（第 "
                    f"{'、'.join(str(n) for n in lines)} 行）",
                    unit_id=first.unit_id, case_key=key)


RULES = on_store("核对台账", ledger_against_cases, ledger_paid_without_receipt, ledger_duplicate_case)
