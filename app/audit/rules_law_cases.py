"""Law checks on a case file's basis, notice and periods, under the text in force (DOMAIN §3.3).

Pure functions over `CaseFacts`: each returns a `LawFinding` or None. A field the source file
had no column for (`CaseFacts.knows`) makes a check say nothing; a date the file leaves blank
skips the check that needs it. Which text governs a period is decided in law/transition.py:
the text in force on the day the step had to be taken by.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from app.audit.law.inputs import CaseFacts
from app.audit.law.office_rules import OfficeRules
from app.audit.law.periods import elapsed
from app.audit.law.provisions import DECISION_PERIOD, LEGAL_BASIS, NOTICE, provision
from app.audit.law.result import LawFinding
from app.audit.law.transition import AppliedPeriod, applicable_period
from app.domain.calendar import Calendar

EMPTY_BASIS = frozenset({"", "无", "/", "／", "-", "－", "—", "——", "空", "暂无"})


def _refs(case: CaseFacts) -> dict[str, str]:
    return {"case_no": case.key}


def _decide_by(case: CaseFacts, applied: AppliedPeriod) -> tuple[date, bool] | None:
    """The last day for the decision, and whether a recorded extension moved it there. An extension
    counts when it gives a new last day and (if dated) was approved within the original period."""
    if applied.deadline is None:
        return None
    due = applied.deadline.due
    if case.extended_to is not None and case.extended_to > due and (
            case.extension_on is None or case.extension_on <= due):
        return case.extended_to, True
    return due, False


def _period_expected(applied: AppliedPeriod, decide_by: date, extended: bool) -> dict[str, object]:
    key = "max_working_days" if applied.day_kind == "working" else "max_days"
    out: dict[str, object] = {key: applied.period, "decided_by": decide_by.isoformat()}
    if extended:
        out["extended"] = True
    return out


def decision_overdue(case: CaseFacts, calendar: Calendar,
                     office: OfficeRules | None = None) -> LawFinding | None:
    """DECISION_OVERDUE: decided after the decision period that governed the case.

    2021 text: 90 days from 立案 (第六十条), the last day still in time; before 2021-07-15 the law
    set no general period, so only a sector rule the office entered (in force on its own last day)
    gives one — and is then what the finding cites. The 2021 period reaches a case filed earlier
    only when its 90th day is on or after 2021-07-15 (the decision had to be made under the 2021
    text). A recorded 延期 with a new last day extends the period up to that day."""
    if case.filed_on is None or case.decided_on is None:
        return None
    applied = applicable_period(DECISION_PERIOD, case.filed_on, calendar, case.field, office)
    limit = _decide_by(case, applied)
    if limit is None or case.decided_on <= limit[0]:
        return None
    decide_by, extended = limit
    days = elapsed(case.filed_on, case.decided_on, applied.day_kind, calendar)
    unit = "个工作日" if applied.day_kind == "working" else " 日"
    tail = f"，延期至 {decide_by.isoformat()} 后仍超期" if extended else f"，超过{applied.length}办案期限"
    found_key = "working_days" if applied.day_kind == "working" else "days"
    return LawFinding(
        "DECISION_OVERDUE", _period_expected(applied, decide_by, extended),
        {"decided_on": case.decided_on.isoformat(), found_key: days}, applied.citation,
        f"案卷 {case.case_no} 于 {case.filed_on.isoformat()} 立案，{case.decided_on.isoformat()} 作出决定，"
        f"历时 {days}{unit}{tail}", applied.text.id, _refs(case),
        bool(applied.deadline and applied.deadline.fallback))


def case_pending_too_long(case: CaseFacts, as_of: date, calendar: Calendar,
                          office: OfficeRules | None = None) -> LawFinding | None:
    """CASE_PENDING_TOO_LONG (历史积案): filed, and as of `as_of` neither decided nor closed, past
    both the decision period (extension respected) and the office's backlog threshold (default
    365 days from 立案). The register must have a decision column, and a closure date counts
    only where it has one. The period is chosen as for DECISION_OVERDUE; a case whose period
    the 2017 text governed (none) is measured by the backlog threshold alone."""
    if case.filed_on is None or not case.knows("decided_on") or case.decided_on is not None:
        return None
    if case.knows("closed_on") and case.closed_on is not None:
        return None
    backlog = office.backlog_days if office is not None else OfficeRules().backlog_days
    applied = applicable_period(DECISION_PERIOD, case.filed_on, calendar, case.field, office)
    limit = _decide_by(case, applied)
    pending_by = max(case.filed_on + timedelta(days=backlog), limit[0] if limit else date.min)
    if as_of <= pending_by:
        return None
    days = (as_of - case.filed_on).days
    rule = applied.citation if limit else applied.text.name
    return LawFinding(
        "CASE_PENDING_TOO_LONG", {"decided_or_closed_by": pending_by.isoformat(), "backlog_days": backlog},
        {"decided_on": None, "closed_on": None, "pending_days": days},
        f"{rule}；历史积案标准：立案后 {backlog} 日内作出决定或结案",
        f"案卷 {case.case_no} 于 {case.filed_on.isoformat()} 立案，截至 {as_of.isoformat()} 已 {days} 日，"
        f"未见处理决定或结案记录", applied.text.id, _refs(case),
        bool(applied.deadline and applied.deadline.fallback))


@lru_cache(maxsize=4096)  # a register cites a few bases over all its cases
def _empty_basis(text: str) -> bool:
    return "".join(text.split()) in EMPTY_BASIS


def no_legal_basis(case: CaseFacts) -> LawFinding | None:
    """NO_LEGAL_BASIS: a penalty decision whose 处罚依据 is empty (or 无, /, —) in a register that
    has the column. The decision date chooses the text (第三条、第三十九条 / 第三十八条、第五十九条)."""
    if case.decided_on is None or not case.knows("legal_basis") or not _empty_basis(case.legal_basis):
        return None
    if not case.is_penalty:
        return None
    p = provision(LEGAL_BASIS, case.decided_on)
    return LawFinding("NO_LEGAL_BASIS", "载明处罚依据", {"legal_basis": case.legal_basis.strip() or None},
                      p.citation, f"案卷 {case.case_no} 作出处罚决定，未载明处罚依据", p.text.id, _refs(case))


def notice_missing(case: CaseFacts) -> LawFinding | None:
    """NOTICE_MISSING: a penalty decision with no 告知 date where the register has a 告知 column.
    The decision date chooses the text: the notice had to come before the decision."""
    if case.decided_on is None or not case.knows("notified_on") or case.notified_on is not None:
        return None
    if not case.is_penalty:
        return None
    p = provision(NOTICE, case.decided_on)
    return LawFinding("NOTICE_MISSING", "决定前告知拟处罚的事实、理由、依据及陈述申辩权利", {"notified_on": None},
                      p.citation, f"案卷 {case.case_no} 于 {case.decided_on.isoformat()} 作出处罚决定，未见告知记录",
                      p.text.id, _refs(case))
