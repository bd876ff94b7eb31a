"""Stage 3: checks on each case file's dates and procedure.

A date the case file does not give skips the check that needs it (no finding), except that a
decision still unpublished once its deadline has passed is PUBLICATION_LATE ("or not at all").
15 and 90 days are calendar days; 7 days are working days (行政处罚法 第八十五条).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from app.audit.data import AuditData
from app.audit.model import CaseRec, Draft
from app.audit.rule import Rule
from app.domain.amounts import format_fen
from app.domain.calendar import Calendar

DECISION_DAYS = 90  # 第六十条：立案之日起九十日内
PAYMENT_DAYS = 15  # 第六十七条：收到决定书之日起十五日内
PUBLICATION_WORKDAYS = 7  # 三项制度：作出决定之日起7个工作日内
ENFORCEMENT_WORDS = ("申请法院强制执行", "申请人民法院强制执行", "强制执行")

DATE_CHAIN = (("filed_on", "立案"), ("notified_on", "告知"), ("decided_on", "决定"),
              ("served_on", "送达"), ("paid_on", "缴款"), ("closed_on", "结案"))


def _case_draft(code: str, c: CaseRec, expected: object, found: object, message: str,
                fallback: bool = False) -> Draft:
    return Draft(code, {"case_no": c.case_key}, expected, found, message, unit_id=c.unit_id,
                 case_key=c.case_key, calendar_fallback=fallback)


def decision_overdue(data: AuditData) -> Iterator[Draft]:
    """More than 90 calendar days from 立案 to 决定 (day 90 is still in time)."""
    for c in data.cases:
        if c.filed_on is None or c.decided_on is None:
            continue
        days = (c.decided_on - c.filed_on).days
        if days > DECISION_DAYS:
            yield _case_draft("DECISION_OVERDUE", c, {"max_days": DECISION_DAYS}, {"days": days},
                              f"案卷 {c.case_no} 于 {c.filed_on.isoformat()} 立案，{c.decided_on.isoformat()} "
                              f"作出决定，历时 {days} 日，超过 {DECISION_DAYS} 日")


def major_without_legal_review(data: AuditData) -> Iterator[Draft]:
    """A major decision (重大执法决定) with no legal review, or one dated after the decision."""
    for c in data.cases:
        if not c.major or "legal_review_on" in c.unknown_fields:
            continue
        if c.legal_review_on is None:
            yield _case_draft("MAJOR_DECISION_WITHOUT_LEGAL_REVIEW", c, "决定前经法制审核", {"legal_review_on": None},
                              f"案卷 {c.case_no} 为重大执法决定，未见法制审核记录")
        elif c.decided_on is not None and c.legal_review_on > c.decided_on:
            yield _case_draft("MAJOR_DECISION_WITHOUT_LEGAL_REVIEW", c,
                              {"legal_review_on_by": c.decided_on.isoformat()},
                              {"legal_review_on": c.legal_review_on.isoformat()},
                              f"案卷 {c.case_no} 为重大执法决定，法制审核日期 {c.legal_review_on.isoformat()} "
                              f"晚于决定日期 {c.decided_on.isoformat()}")


def publication_late(data: AuditData, calendar: Calendar, as_of: date) -> Iterator[Draft]:
    """Published after the 7th working day after the decision, or not at all once that day has
    passed (as of `as_of`). Publishing on the 7th working day is on time."""
    for c in data.cases:
        if c.decided_on is None:
            continue
        if c.published_on is None and "published_on" in c.unknown_fields:
            continue
        deadline = calendar.add_workdays(c.decided_on, PUBLICATION_WORKDAYS)
        fallback = bool(calendar.fallback_years(c.decided_on, deadline))
        expected = {"deadline": deadline.isoformat()}
        if c.published_on is not None:
            if c.published_on > deadline:
                yield _case_draft("PUBLICATION_LATE", c, expected, {"published_on": c.published_on.isoformat()},
                                  f"案卷 {c.case_no} 于 {c.decided_on.isoformat()} 作出决定，应于 "
                                  f"{deadline.isoformat()} 前公示，实际公示日期 {c.published_on.isoformat()}",
                                  fallback)
        elif as_of > deadline:
            yield _case_draft("PUBLICATION_LATE", c, expected, {"published_on": None},
                              f"案卷 {c.case_no} 于 {c.decided_on.isoformat()} 作出决定，应于 "
                              f"{deadline.isoformat()} 前公示，截至 {as_of.isoformat()} 未见公示", fallback)


def _enforcement_applied(text: str) -> bool:
    return any(w in text for w in ENFORCEMENT_WORDS)


def _paid_or_enforced(data: AuditData) -> set[str]:
    """Case keys whose fine a receipt or a ledger payment date shows paid, or whose ledger row
    records an application for court enforcement."""
    out = {key for key, rs in data.receipts_by_case.items() if any(not r.voided for r in rs)}
    live = {key for key, rs in data.receipts_by_key.items() if any(not r.voided for r in rs)}
    for row in data.ledger:
        if row.paid_on is not None or _enforcement_applied(row.enforcement) or (
                row.receipt_key and row.receipt_key in live):
            out.add(row.case_key)
    return out


def fine_unpaid_overdue(data: AuditData, as_of: date) -> Iterator[Draft]:
    """A fine not shown paid (no receipt, no payment date) more than 15 days after service, with
    no application to the court for enforcement recorded."""
    settled: set[str] | None = None
    for c in data.cases:
        if not c.fine_fen or c.fine_fen <= 0 or c.served_on is None or c.paid_on is not None:
            continue
        due = c.served_on + timedelta(days=PAYMENT_DAYS)
        if as_of <= due or _enforcement_applied(c.enforcement):
            continue
        if settled is None:
            settled = _paid_or_enforced(data)
        if c.case_key in settled:
            continue
        yield _case_draft("FINE_UNPAID_OVERDUE", c, {"paid_by": due.isoformat()}, {"paid_on": None},
                          f"案卷 {c.case_no} 罚款 {format_fen(c.fine_fen)} 元，{c.served_on.isoformat()} 送达，"
                          f"逾期未见缴款，也未申请法院强制执行")


def date_order(data: AuditData) -> Iterator[Draft]:
    """Dates out of the order 立案 ≤ 告知 ≤ 决定 ≤ 送达 ≤ 缴款 ≤ 结案 (over the dates present);
    one finding per case naming the first pair out of order."""
    for c in data.cases:
        present = [(name, label, getattr(c, name)) for name, label in DATE_CHAIN if getattr(c, name) is not None]
        for (n1, l1, d1), (n2, l2, d2) in zip(present, present[1:], strict=False):
            if d1 > d2:
                yield _case_draft("DATE_ORDER", c, {"order": f"{l1}≤{l2}"},
                                  {n1: d1.isoformat(), n2: d2.isoformat()},
                                  f"案卷 {c.case_no} {l1}日期 {d1.isoformat()} 晚于{l2}日期 {d2.isoformat()}")
                break


RULES: tuple[Rule, ...] = (
    Rule("检查案卷", lambda run: decision_overdue(run.data)),
    Rule("检查案卷", lambda run: major_without_legal_review(run.data)),
    Rule("检查公示", lambda run: publication_late(run.data, run.calendar, run.as_of)),
    Rule("检查缴款", lambda run: fine_unpaid_overdue(run.data, run.as_of)),
    Rule("检查案卷", lambda run: date_order(run.data)),
)
