"""Law checks on money: on-site collection, cash handed over, late payment (DOMAIN §3.3).

Pure functions over `ReceiptFacts` / `CaseFacts` returning a `LawFinding` or None.
On-site collection is judged by the text in force on the day the money was taken (the on-site
decision and the collection are the same act); the periods follow law/transition.py.
"""

from __future__ import annotations

from app.audit.law.inputs import CaseFacts, ReceiptFacts
from app.audit.law.periods import elapsed
from app.audit.law.provisions import (
    CASH_HANDOVER,
    ONSITE_COLLECTION,
    PAYMENT,
    SURCHARGE,
    cite,
    provision,
    provision_of,
)
from app.audit.law.result import LawFinding
from app.audit.law.transition import statutory_period
from app.domain.amounts import format_fen
from app.domain.calendar import Calendar

# The law's other grounds for taking cash on the spot: 不当场收缴事后难以执行 (2017 第四十七条第二项,
# 2021 第六十八条第二项) and remote areas (第四十八条 / 第六十九条). A receipt that records one is
# not held to the amount limit.
OTHER_GROUNDS = ("难以执行", "边远", "水上", "交通不便")


def _receipt_refs(r: ReceiptFacts) -> dict[str, str]:
    refs = {"receipt_no": r.key}
    if r.case_no:
        refs["case_no"] = r.case_no
    return refs


def onsite_over_limit(r: ReceiptFacts) -> LawFinding | None:
    """ONSITE_COLLECTION_OVER_LIMIT: on-site collection above the limit in force on the day —
    20 元 until 2021-07-14 (2017 第四十七条), 100 元 from 2021-07-15 (2021 第六十八条). The limit
    itself is allowed ("以下" includes the amount). A recorded other ground exempts it."""
    if r.voided or not r.onsite or r.amount_fen is None or r.issued_on is None:
        return None
    if any(w in r.onsite_reason for w in OTHER_GROUNDS):
        return None
    p = provision(ONSITE_COLLECTION, r.issued_on)
    assert p.limit_fen is not None
    if r.amount_fen <= p.limit_fen:
        return None
    return LawFinding("ONSITE_COLLECTION_OVER_LIMIT", {"max_fen": p.limit_fen}, {"amount_fen": r.amount_fen},
                      p.citation, f"收据 {r.receipt_no} 于 {r.issued_on.isoformat()} 当场收缴 {format_fen(r.amount_fen)} 元，"
                      f"超过 {format_fen(p.limit_fen)} 元", p.text.id, _receipt_refs(r))


def cash_handover_late(r: ReceiptFacts, calendar: Calendar) -> LawFinding | None:
    """CASH_HANDOVER_LATE: cash taken on the spot handed to the agency after 2 days (2017 第五十条)
    or 2 working days (2021 第七十一条) from the collection; only where receipts carry a 上缴日期."""
    if r.voided or not r.onsite or r.issued_on is None or not r.knows("handed_over_on"):
        return None
    if r.handed_over_on is None:
        return None
    applied = statutory_period(CASH_HANDOVER, r.issued_on, calendar)
    assert applied.deadline is not None
    due = applied.deadline.due
    if r.handed_over_on <= due:
        return None
    n = elapsed(r.issued_on, r.handed_over_on, applied.day_kind, calendar)
    key = "working_days" if applied.day_kind == "working" else "days"
    return LawFinding("CASH_HANDOVER_LATE", {"handed_over_by": due.isoformat(), "period": applied.length},
                      {"handed_over_on": r.handed_over_on.isoformat(), key: n}, applied.citation,
                      f"收据 {r.receipt_no} 于 {r.issued_on.isoformat()} 当场收缴的罚款，应于 {due.isoformat()} 前"
                      f"交至行政机关（{applied.length}），实际上缴日期 {r.handed_over_on.isoformat()}",
                      applied.text.id, _receipt_refs(r), applied.deadline.fallback)


def surcharge_due(fine_fen: int, days_late: int, rate_percent: int, capped: bool) -> int:
    """加处罚款 in whole fen (rounded down): rate % of the fine per day late, at most the fine."""
    owed = fine_fen * rate_percent * days_late // 100
    return min(owed, fine_fen) if capped else owed


def late_payment_no_surcharge(case: CaseFacts) -> LawFinding | None:
    """LATE_PAYMENT_NO_SURCHARGE: a fine paid after 15 days from service (2017 第四十六条, 2021
    第六十七条; calendar days, the 15th day in time) with no 加处罚款 (第五十一条 / 第七十二条)
    and no exemption, instalment or deferral recorded; only where the register has a surcharge
    column. The text is the one in force on the last day to pay."""
    if not case.fine_fen or case.fine_fen <= 0 or case.served_on is None or case.paid_on is None:
        return None
    if not case.knows("surcharge_fen") or case.surcharge_fen or case.surcharge_exempt or case.instalment:
        return None
    applied = statutory_period(PAYMENT, case.served_on)
    assert applied.deadline is not None
    due = applied.deadline.due
    if case.paid_on <= due:
        return None
    extra = provision_of(SURCHARGE, applied.text)
    assert extra.daily_rate_percent is not None
    days_late = (case.paid_on - due).days
    owed = surcharge_due(case.fine_fen, days_late, extra.daily_rate_percent, extra.capped_at_fine)
    return LawFinding("LATE_PAYMENT_NO_SURCHARGE", {"paid_by": due.isoformat(), "surcharge_fen": owed},
                      {"paid_on": case.paid_on.isoformat(), "days_late": days_late, "surcharge_fen": None},
                      cite(applied.provision, extra),
                      f"案卷 {case.case_no} 罚款 {format_fen(case.fine_fen)} 元，{case.served_on.isoformat()} 送达，"
                      f"应于 {due.isoformat()} 前缴纳，{case.paid_on.isoformat()} 缴款，逾期 {days_late} 日，"
                      f"未见加处罚款（应加处 {format_fen(owed)} 元）或减免记录",
                      applied.text.id, {"case_no": case.key})
