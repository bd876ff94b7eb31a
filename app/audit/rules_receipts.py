"""Stage 1 of the reverse-order audit: receipts (罚没款收据) against the ledger and the custody
of the pre-printed receipt books.

The reconciliation checks are set-based: each is one SQL statement over the store (joins,
anti-joins, a window over each receipt series) returning only the receipts it finds, which
become Drafts here. Names are compared in Python (`norm`), but only over the candidate pairs
the SQL joined. On-site collection (当场收缴) is judged by the law in force on its date:
rules_law.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection

from app.audit.data import norm
from app.audit.load_money import INSTALMENT, RECEIPT_COLUMNS, as_date, columns, query, receipt_rec
from app.audit.model import Draft, ReceiptRec
from app.audit.rule import on_store
from app.domain.amounts import format_fen
from app.domain.numbers import format_receipt_no

R = columns("r", RECEIPT_COLUMNS)
N = len(RECEIPT_COLUMNS)


def _receipt_draft(code: str, r: ReceiptRec, expected: object, found: object, message: str,
                   **refs: object) -> Draft:
    base: dict[str, object] = {"receipt_no": r.receipt_key}
    if r.case_key:
        base["case_no"] = r.case_key
    base.update(refs)
    return Draft(code, base, expected, found, message, unit_id=r.unit_id, case_key=r.case_key,
                 receipt_key=r.receipt_key)


_NOT_IN_LEDGER = f"""
SELECT {R} FROM receipts r
 WHERE NOT r.voided AND r.receipt_key <> ''
   AND NOT EXISTS (SELECT 1 FROM ledger_entries l WHERE l.receipt_key = r.receipt_key)
   AND NOT (r.case_key <> '' AND EXISTS (SELECT 1 FROM ledger_entries l
                                          WHERE l.case_key = r.case_key AND l.receipt_key = ''))
 ORDER BY r.id"""


def receipt_not_in_ledger(db: Connection) -> Iterator[Draft]:
    """A non-voided receipt that no ledger row accounts for (账外收款嫌疑)."""
    for row in query(db, _NOT_IN_LEDGER):
        r = receipt_rec(row)
        yield _receipt_draft("RECEIPT_NOT_IN_LEDGER", r, "台账中有该收据的登记",
                             {"amount_fen": r.amount_fen, "issued_on": r.issued_on.isoformat() if r.issued_on else None},
                             f"收据 {r.receipt_no} 金额 {format_fen(r.amount_fen)} 元，台账中没有对应登记")


# The first (lowest id) of a receipt's ledger rows (AuditData.ledger_for_receipt: by its receipt
# number, else its case's rows naming no receipt) whose fine differs from the receipt's amount.
_OFF = ("NOT r.voided AND r.amount_fen IS NOT NULL AND l.fine_fen IS NOT NULL AND l.fine_fen <> r.amount_fen"
        " AND l.enforcement NOT LIKE :instalment")
_AMOUNT_MISMATCH = f"""
WITH first_off AS (
  SELECT r.id AS receipt_id, MIN(l.id) AS ledger_id
    FROM receipts r JOIN ledger_entries l ON l.receipt_key = r.receipt_key
   WHERE r.receipt_key <> '' AND {_OFF} GROUP BY r.id
  UNION ALL
  SELECT r.id, MIN(l.id)
    FROM receipts r JOIN ledger_entries l ON l.case_key = r.case_key AND l.receipt_key = ''
   WHERE r.case_key <> '' AND {_OFF}
     AND NOT EXISTS (SELECT 1 FROM ledger_entries x WHERE x.receipt_key = r.receipt_key AND r.receipt_key <> '')
   GROUP BY r.id)
SELECT {R}, l.fine_fen, l.source_row, l.id
  FROM first_off f JOIN receipts r ON r.id = f.receipt_id JOIN ledger_entries l ON l.id = f.ledger_id
 ORDER BY r.id"""


def receipt_amount_mismatch(db: Connection) -> Iterator[Draft]:
    """Receipt amount ≠ the fine on its ledger row (instalment rows are not compared)."""
    for row in query(db, _AMOUNT_MISMATCH, instalment=INSTALMENT):
        r = receipt_rec(row)
        fine, ledger_row, ledger_id = row[N:]
        yield _receipt_draft("RECEIPT_AMOUNT_MISMATCH", r, {"amount_fen": fine}, {"amount_fen": r.amount_fen},
                             f"收据 {r.receipt_no} 金额 {format_fen(r.amount_fen)} 元，台账记载 {format_fen(fine)} 元",
                             ledger_row=ledger_row, ledger_id=ledger_id)


# A gap ends at a number whose successor no receipt of the series carries, and runs to the next
# number the series has (none after its highest number: no gap). Each is found once however many
# receipts repeat its numbers; the first (lowest id) receipt of either number names it. Index
# look-ups on (series, number) for each number, where a window over the whole table in number
# order cost three times as much.
_GAPS = """
WITH ends AS (
  SELECT DISTINCT r.series, r.number FROM receipts r
   WHERE r.number IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM receipts x WHERE x.series = r.series AND x.number = r.number + 1)),
gaps AS (
  SELECT e.series, e.number,
         (SELECT MIN(x.number) FROM receipts x WHERE x.series = e.series AND x.number > e.number) AS next_number
    FROM ends e)
SELECT g.series, g.number, g.next_number, lo.receipt_key, lo.receipt_no, lo.unit_id, hi.receipt_no
  FROM gaps g
  JOIN receipts lo ON lo.id = (SELECT MIN(r.id) FROM receipts r WHERE r.series = g.series AND r.number = g.number)
  JOIN receipts hi ON hi.id = (SELECT MIN(r.id) FROM receipts r
                                WHERE r.series = g.series AND r.number = g.next_number)
 WHERE g.next_number IS NOT NULL"""


def receipt_number_gaps(db: Connection) -> Iterator[Draft]:
    """Missing numbers inside each series, between its lowest and highest number; a voided stub
    counts as present. One finding per contiguous gap, series in name order."""
    found = sorted(query(db, _GAPS), key=lambda g: (g[0] or "", g[1]))  # Python's order, not the collation's
    for series, low, high, low_key, low_no, unit_id, high_no in found:
        name = series or ""
        width = len(low_key or "") - len(name)
        first = format_receipt_no(name, low + 1, width)
        last = format_receipt_no(name, high - 1, width)
        count = high - low - 1
        span = first if count == 1 else f"{first} 至 {last}"
        yield Draft("RECEIPT_NUMBER_GAP",
                    {"series": name, "first_missing": first, "last_missing": last, "count": count},
                    "号码连续（作废票据留存）", {"missing": count},
                    f"收据 {name} 系列缺号 {span}，共 {count} 张（前后号码 {low_no}、{high_no}）",
                    unit_id=unit_id)


_DUPLICATES = """
WITH dup AS (
  SELECT receipt_key, MIN(id) AS first_id FROM receipts
   WHERE receipt_key <> '' GROUP BY receipt_key HAVING COUNT(*) > 1)
SELECT r.receipt_key, r.receipt_no, r.unit_id, r.source_row
  FROM dup d JOIN receipts r ON r.receipt_key = d.receipt_key
 ORDER BY d.first_id, r.id"""


def receipt_number_duplicates(db: Connection) -> Iterator[Draft]:
    """The same receipt number on two or more receipts."""
    groups: dict[str, list[tuple[str, int | None, int | None]]] = {}
    for key, no, unit_id, source_row in query(db, _DUPLICATES):
        groups.setdefault(key, []).append((no, unit_id, source_row))
    for key, rows in groups.items():
        no, unit_id, _ = rows[0]
        yield Draft("RECEIPT_NUMBER_DUPLICATE", {"receipt_no": key}, {"count": 1},
                    {"count": len(rows), "rows": [x[2] for x in rows]},
                    f"收据号码 {no} 出现 {len(rows)} 次", unit_id=unit_id, receipt_key=key)


# The case file of a receipt (AuditData.case_for_receipt): by the case number written on it, else
# by the first of its ledger rows whose case number names a case file. (A receipt whose own case
# number names no case file can only reach one through the rows naming its receipt number.)
_CASE_ID = """COALESCE(
    (SELECT c.id FROM cases c WHERE c.case_key = r.case_key AND r.case_key <> ''),
    (SELECT c.id FROM ledger_entries l JOIN cases c ON c.case_key = l.case_key
      WHERE l.receipt_key = r.receipt_key AND r.receipt_key <> '' AND l.case_key <> ''
      ORDER BY l.id LIMIT 1))"""

# The decision date is the case file's; failing that, the first of the receipt's ledger rows
# (AuditData.ledger_for_receipt) that gives one. Dates compare as dates (ISO text in SQLite).
_LEDGER_DECIDED = """CASE
    WHEN EXISTS (SELECT 1 FROM ledger_entries x WHERE x.receipt_key = r.receipt_key AND r.receipt_key <> '')
    THEN (SELECT l.decided_on FROM ledger_entries l WHERE l.receipt_key = r.receipt_key
            AND l.decided_on IS NOT NULL ORDER BY l.id LIMIT 1)
    ELSE (SELECT l.decided_on FROM ledger_entries l WHERE l.case_key = r.case_key AND r.case_key <> ''
            AND l.receipt_key = '' AND l.decided_on IS NOT NULL ORDER BY l.id LIMIT 1) END"""

# Each live receipt against its case file, once for both checks that need it (the case looked up
# once per receipt): the payer against the party (raw inequality first: names equal as stored are
# equal once normalised), and the date issued against the decision (on-site collection exempt).
_AGAINST_CASE = f"""
SELECT {R}, r.k_case_no, r.k_case_key, r.k_party, r.decided_on, r.is_payer, r.is_before FROM (
  SELECT r.*, CASE WHEN r.payer <> '' AND r.k_party <> '' AND r.payer <> r.k_party THEN 1 ELSE 0 END AS is_payer,
         CASE WHEN NOT r.onsite AND r.issued_on < r.decided_on THEN 1 ELSE 0 END AS is_before
    FROM (SELECT r.*, k.case_no AS k_case_no, k.case_key AS k_case_key, k.party AS k_party,
                 COALESCE(k.decided_on, {_LEDGER_DECIDED}) AS decided_on
            FROM (SELECT r.*, {_CASE_ID} AS case_id FROM receipts r WHERE NOT r.voided) r
            LEFT JOIN cases k ON k.id = r.case_id) r) r
 WHERE r.is_payer = 1 OR r.is_before = 1
 ORDER BY r.id"""
_IS_PAYER, _IS_BEFORE = N + 4, N + 5


def receipts_against_cases(db: Connection) -> Iterator[Draft]:
    """`receipt_payer_mismatch`, then `receipt_before_decision`, from one query."""
    rows = query(db, _AGAINST_CASE)
    yield from _payer_drafts(rows)
    yield from _before_drafts(rows)


def receipt_payer_mismatch(db: Connection) -> Iterator[Draft]:
    """Payer ≠ party of the matched case, comparing names without width or spacing."""
    return _payer_drafts(query(db, _AGAINST_CASE))


def _payer_drafts(rows: list[Any]) -> Iterator[Draft]:
    for row in rows:
        if row[_IS_PAYER] != 1:
            continue
        r = receipt_rec(row)
        case_no, case_key, party = row[N:N + 3]
        if not r.payer.strip() or not party.strip() or norm(r.payer) == norm(party):
            continue
        yield _receipt_draft("RECEIPT_PAYER_MISMATCH", r, {"party": party}, {"payer": r.payer},
                             f"收据 {r.receipt_no} 缴款人「{r.payer}」，案卷 {case_no} 当事人「{party}」",
                             case_no=case_key)


def receipt_before_decision(db: Connection) -> Iterator[Draft]:
    """Money taken before the decision (罚缴分离); on-site collection is exempt."""
    return _before_drafts(query(db, _AGAINST_CASE))


def _before_drafts(rows: list[Any]) -> Iterator[Draft]:
    for row in rows:
        if row[_IS_BEFORE] != 1:
            continue
        r = receipt_rec(row)
        case_key, decided_text = row[N + 1], row[N + 3]
        decided, issued = as_date(decided_text), r.issued_on
        assert decided is not None and issued is not None  # the WHERE compared them
        yield _receipt_draft("RECEIPT_BEFORE_DECISION", r, {"decided_on": decided.isoformat()},
                             {"issued_on": issued.isoformat()},
                             f"收据 {r.receipt_no} 开票日期 {issued.isoformat()} 早于处罚决定日期 "
                             f"{decided.isoformat()}",
                             **({"case_no": case_key} if case_key is not None else {}))


# The payer and the decision date are checked together (receipts_against_cases), in this order.
RULES = on_store("核对收据", receipt_not_in_ledger, receipt_amount_mismatch, receipt_number_gaps,
                 receipt_number_duplicates, receipts_against_cases)
