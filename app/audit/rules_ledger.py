"""Stage 2 of the reverse-order audit: the ledger (处罚台账) against receipts and case files."""

from __future__ import annotations

from collections.abc import Iterator

from app.audit.data import AuditData
from app.audit.model import Draft, LedgerRec
from app.audit.rule import on_data
from app.domain.amounts import format_fen

PAID_WORDS = ("已缴纳", "已缴", "已执行")


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


def ledger_without_case(data: AuditData) -> Iterator[Draft]:
    """A ledger row whose case number matches no case file (有账无卷)."""
    for row in data.ledger:
        if row.case_key and row.case_key not in data.case_by_key:
            yield _ledger_draft("LEDGER_WITHOUT_CASE", row, "有对应的处罚案卷", None,
                                f"{_where(row)} 案号 {row.case_no} 找不到对应的处罚案卷")


def case_not_in_ledger(data: AuditData) -> Iterator[Draft]:
    """A case file with a fine and no ledger row (有卷无账)."""
    for case in data.cases:
        if case.fine_fen and case.fine_fen > 0 and case.case_key not in data.ledger_by_case:
            yield Draft("CASE_NOT_IN_LEDGER", {"case_no": case.case_key}, "台账中有该案登记",
                        {"fine_fen": case.fine_fen},
                        f"案卷 {case.case_no} 罚款 {format_fen(case.fine_fen)} 元，台账中没有登记",
                        unit_id=case.unit_id, case_key=case.case_key)


def ledger_amount_mismatch(data: AuditData) -> Iterator[Draft]:
    """The ledger's fine ≠ the fine in the decision (instalment rows are not compared)."""
    for row in data.ledger:
        case = data.case_by_key.get(row.case_key)
        if case is None or row.instalment or row.fine_fen is None or case.fine_fen is None:
            continue
        if row.fine_fen != case.fine_fen:
            yield _ledger_draft("LEDGER_AMOUNT_MISMATCH", row, {"fine_fen": case.fine_fen},
                                {"fine_fen": row.fine_fen},
                                f"{_where(row)} 案号 {row.case_no} 罚款 {format_fen(row.fine_fen)} 元，"
                                f"处罚决定 {format_fen(case.fine_fen)} 元")


def _says_paid(row: LedgerRec) -> bool:
    return row.paid_on is not None or any(w in row.enforcement for w in PAID_WORDS)


def ledger_paid_without_receipt(data: AuditData) -> Iterator[Draft]:
    """The ledger says paid (a payment date, or 已缴纳) and no receipt shows it."""
    for row in data.ledger:
        if not _says_paid(row):
            continue
        by_no = [r for r in data.receipts_by_key.get(row.receipt_key, ()) if not r.voided] if row.receipt_key else []
        by_case = [r for r in data.receipts_by_case.get(row.case_key, ()) if not r.voided]
        if by_no or by_case:
            continue
        said = f"缴款日期 {row.paid_on.isoformat()}" if row.paid_on else f"执行情况「{row.enforcement}」"
        yield _ledger_draft("LEDGER_PAID_WITHOUT_RECEIPT", row, "有对应的罚没款收据",
                            {"paid_on": row.paid_on.isoformat() if row.paid_on else None,
                             "receipt_no": row.receipt_key or None},
                            f"{_where(row)} 案号 {row.case_no} 记载{said}，"
                            f"但找不到对应收据{('（票据号 ' + row.receipt_no + '）') if row.receipt_no else ''}")


def ledger_duplicate_case(data: AuditData) -> Iterator[Draft]:
    """One case number on two or more ledger rows, unless every one of them is an instalment."""
    for key, rows in data.ledger_by_case.items():
        if len(rows) < 2 or all(r.instalment for r in rows):
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


RULES = on_data("核对台账", ledger_without_case, case_not_in_ledger, ledger_amount_mismatch,
                ledger_paid_without_receipt, ledger_duplicate_case)
