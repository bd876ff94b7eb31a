"""Stage 1 of the reverse-order audit: receipts (罚没款收据) against the ledger and the custody
of the pre-printed receipt books. Each rule is a generator of Drafts over AuditData.

On-site collection (当场收缴) is judged by the law in force on its date: rules_law.py."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from app.audit.data import AuditData, norm
from app.audit.model import Draft, ReceiptRec
from app.audit.rule import on_data
from app.domain.amounts import format_fen
from app.domain.numbers import format_receipt_no


def _receipt_draft(code: str, r: ReceiptRec, expected: object, found: object, message: str,
                   **refs: object) -> Draft:
    base: dict[str, object] = {"receipt_no": r.receipt_key}
    if r.case_key:
        base["case_no"] = r.case_key
    base.update(refs)
    return Draft(code, base, expected, found, message, unit_id=r.unit_id, case_key=r.case_key,
                 receipt_key=r.receipt_key)


def receipt_not_in_ledger(data: AuditData) -> Iterator[Draft]:
    """A non-voided receipt that no ledger row accounts for (账外收款嫌疑)."""
    for r in data.receipts:
        if r.voided or not r.receipt_key or data.ledger_for_receipt(r):
            continue
        yield _receipt_draft("RECEIPT_NOT_IN_LEDGER", r, "台账中有该收据的登记",
                             {"amount_fen": r.amount_fen, "issued_on": r.issued_on.isoformat() if r.issued_on else None},
                             f"收据 {r.receipt_no} 金额 {format_fen(r.amount_fen)} 元，台账中没有对应登记")


def receipt_amount_mismatch(data: AuditData) -> Iterator[Draft]:
    """Receipt amount ≠ the fine on its ledger row (instalment rows are not compared)."""
    for r in data.receipts:
        if r.voided or r.amount_fen is None:
            continue
        for row in data.ledger_for_receipt(r):
            if row.instalment or row.fine_fen is None or row.fine_fen == r.amount_fen:
                continue
            yield _receipt_draft("RECEIPT_AMOUNT_MISMATCH", r, {"amount_fen": row.fine_fen},
                                 {"amount_fen": r.amount_fen},
                                 f"收据 {r.receipt_no} 金额 {format_fen(r.amount_fen)} 元，"
                                 f"台账记载 {format_fen(row.fine_fen)} 元",
                                 ledger_row=row.source_row, ledger_id=row.id)
            break


def receipt_number_gaps(data: AuditData) -> Iterator[Draft]:
    """Missing numbers inside each series, between its lowest and highest number; a voided stub
    counts as present. One finding per contiguous gap."""
    series: dict[str, dict[int, ReceiptRec]] = defaultdict(dict)
    for r in data.receipts:
        if r.number is not None:
            series[r.series].setdefault(r.number, r)
    for name in sorted(series):
        by_number = series[name]
        numbers = sorted(by_number)
        for low, high in zip(numbers, numbers[1:], strict=False):
            if high - low <= 1:
                continue
            width = by_number[low].width
            first = format_receipt_no(name, low + 1, width)
            last = format_receipt_no(name, high - 1, width)
            count = high - low - 1
            span = first if count == 1 else f"{first} 至 {last}"
            yield Draft("RECEIPT_NUMBER_GAP",
                        {"series": name, "first_missing": first, "last_missing": last, "count": count},
                        "号码连续（作废票据留存）", {"missing": count},
                        f"收据 {name} 系列缺号 {span}，共 {count} 张（前后号码 "
                        f"{by_number[low].receipt_no}、{by_number[high].receipt_no}）",
                        unit_id=by_number[low].unit_id)


def receipt_number_duplicates(data: AuditData) -> Iterator[Draft]:
    """The same receipt number on two or more receipts."""
    for key, rows in data.receipts_by_key.items():
        if len(rows) < 2:
            continue
        r = rows[0]
        yield Draft("RECEIPT_NUMBER_DUPLICATE", {"receipt_no": key}, {"count": 1},
                    {"count": len(rows), "rows": [x.source_row for x in rows]},
                    f"收据号码 {r.receipt_no} 出现 {len(rows)} 次", unit_id=r.unit_id, receipt_key=key)


def receipt_payer_mismatch(data: AuditData) -> Iterator[Draft]:
    """Payer ≠ party of the matched case, comparing names without width or spacing."""
    for r in data.receipts:
        if r.voided or not r.payer.strip():
            continue
        case = data.case_for_receipt(r)
        if case is None or not case.party.strip():
            continue
        if norm(r.payer) != norm(case.party):
            yield _receipt_draft("RECEIPT_PAYER_MISMATCH", r, {"party": case.party}, {"payer": r.payer},
                                 f"收据 {r.receipt_no} 缴款人「{r.payer}」，案卷 {case.case_no} "
                                 f"当事人「{case.party}」", case_no=case.case_key)


def receipt_before_decision(data: AuditData) -> Iterator[Draft]:
    """Money taken before the decision (罚缴分离); on-site collection is exempt."""
    for r in data.receipts:
        if r.voided or r.onsite or r.issued_on is None:
            continue
        case = data.case_for_receipt(r)
        decided = case.decided_on if case is not None else None
        if decided is None:
            decided = next((row.decided_on for row in data.ledger_for_receipt(r) if row.decided_on), None)
        if decided is not None and r.issued_on < decided:
            yield _receipt_draft("RECEIPT_BEFORE_DECISION", r, {"decided_on": decided.isoformat()},
                                 {"issued_on": r.issued_on.isoformat()},
                                 f"收据 {r.receipt_no} 开票日期 {r.issued_on.isoformat()} 早于处罚决定日期 "
                                 f"{decided.isoformat()}",
                                 **({"case_no": case.case_key} if case is not None else {}))


RULES = on_data("核对收据", receipt_not_in_ledger, receipt_amount_mismatch, receipt_number_gaps,
                receipt_number_duplicates, receipt_payer_mismatch, receipt_before_decision)
