"""Law checks on procedure: hearing rights, legal review, service of the decision (DOMAIN §3.3).

Pure functions over `CaseFacts` returning a `LawFinding` or None; fields the source could not
show make a check say nothing. Periods follow law/transition.py (the text in force on the day
the step had to be taken by); the other rules apply the text in force on the decision date.
"""

from __future__ import annotations

from functools import lru_cache

from app.audit.law.hearing import open_to_hearing
from app.audit.law.inputs import CaseFacts
from app.audit.law.major import major_verdict
from app.audit.law.office_rules import OfficeRules
from app.audit.law.periods import elapsed
from app.audit.law.provisions import HEARING_REQUEST, LEGAL_REVIEW, SERVICE, cite, provision, provision_of
from app.audit.law.result import LawFinding
from app.audit.law.texts import TEXT_2021, text_on
from app.audit.law.transition import applicable_period, statutory_period
from app.domain.calendar import Calendar

REJECTED_WORDS = ("不通过", "未通过", "不同意", "退回")


def _refs(case: CaseFacts) -> dict[str, str]:
    return {"case_no": case.key}


def hearing_rights_ignored(case: CaseFacts, calendar: Calendar,
                           office: OfficeRules | None = None) -> LawFinding | None:
    """HEARING_RIGHTS_IGNORED: a penalty open to a hearing decided while the party could still ask
    for one (on or before the last day of the request period after 告知 — that day is the party's),
    or after the party asked, with no hearing held and no waiver recorded.

    The request period (3 days, 2017 第四十二条; 5 working days, 2021 第六十四条) is chosen by the
    day it ran out; that same text says which penalties are open to a hearing, with the office's
    较大数额 in force on that day. Needs the hearing-held and waiver columns."""
    if case.notified_on is None or case.decided_on is None:
        return None
    if not case.knows("hearing_held_on", "hearing_waived_on"):
        return None
    if case.hearing_held_on is not None or case.hearing_waived_on is not None:
        return None
    applied = statutory_period(HEARING_REQUEST, case.notified_on, calendar)
    assert applied.deadline is not None  # both texts set a request period
    due = applied.deadline.due
    scope = open_to_hearing(case, applied.text, office, due)
    if not scope.open:
        return None
    citation = cite(scope.provision, applied.provision)
    if scope.threshold is not None and scope.threshold.citation and any("较大数额" in r for r in scope.reasons):
        citation += "；" + scope.threshold.citation  # the office's 较大数额 made it open to a hearing
    what = "、".join(scope.reasons)
    head = f"案卷 {case.case_no} 处罚（{what}）属应告知听证权利的处罚"
    requested = case.hearing_requested_on if case.knows("hearing_requested_on") else None
    if requested is not None:
        return LawFinding("HEARING_RIGHTS_IGNORED", "组织听证后作出决定",
                          {"hearing_requested_on": requested.isoformat(), "hearing_held_on": None,
                           "decided_on": case.decided_on.isoformat()}, citation,
                          f"{head}，当事人于 {requested.isoformat()} 要求听证，未见组织听证即于 "
                          f"{case.decided_on.isoformat()} 作出决定", applied.text.id, _refs(case),
                          applied.deadline.fallback)
    if case.decided_on > due:
        return None
    return LawFinding("HEARING_RIGHTS_IGNORED",
                      {"request_period_ends": due.isoformat(), "decide_after": due.isoformat()},
                      {"notified_on": case.notified_on.isoformat(), "decided_on": case.decided_on.isoformat(),
                       "hearing_held_on": None, "hearing_waived_on": None}, citation,
                      f"{head}，{case.notified_on.isoformat()} 告知后听证申请期限（{applied.length}）至 "
                      f"{due.isoformat()} 届满，{case.decided_on.isoformat()} 即作出决定，未见听证或放弃听证记录",
                      applied.text.id, _refs(case), applied.deadline.fallback)


def hearing_without_legal_review(case: CaseFacts) -> LawFinding | None:
    """HEARING_WITHOUT_LEGAL_REVIEW: under the 2021 text (decision date on or after 2021-07-15), a
    decision after a hearing with no 法制审核 before it (第五十八条第一款第二项). The 2017 text
    had no such rule."""
    if case.decided_on is None or case.hearing_held_on is None or not case.knows("legal_review_on"):
        return None
    if text_on(case.decided_on) is not TEXT_2021:
        return None
    review = case.legal_review_on
    if review is not None and review <= case.decided_on:
        return None
    p = provision_of(LEGAL_REVIEW, TEXT_2021)
    late = f"法制审核日期 {review.isoformat()} 晚于决定日期" if review is not None else "未见法制审核记录"
    return LawFinding("HEARING_WITHOUT_LEGAL_REVIEW", {"legal_review_on_by": case.decided_on.isoformat()},
                      {"hearing_held_on": case.hearing_held_on.isoformat(),
                       "legal_review_on": review.isoformat() if review else None}, p.citation,
                      f"案卷 {case.case_no} 于 {case.hearing_held_on.isoformat()} 举行听证，"
                      f"{case.decided_on.isoformat()} 作出决定，{late}", p.text.id, _refs(case))


def major_without_legal_review(case: CaseFacts, office: OfficeRules | None = None) -> LawFinding | None:
    """MAJOR_DECISION_WITHOUT_LEGAL_REVIEW: a decision that is major — by the register's mark or by
    the office's 法制审核目录清单 in force on the decision date — with no review, or one dated after
    the decision. The text is the one in force on the decision date (2017 第三十八条第三款 /
    2021 第五十八条); with no decision date yet, the latest procedural date known chooses it."""
    if not case.knows("legal_review_on"):
        return None
    verdict = major_verdict(case, office)
    if not verdict.major:
        return None
    review, decided = case.legal_review_on, case.decided_on
    if review is not None and (decided is None or review <= decided):
        return None
    on = decided or case.notified_on or case.filed_on
    p = provision_of(LEGAL_REVIEW, text_on(on) if on is not None else TEXT_2021)
    citation = p.citation
    if verdict.catalogue is not None and verdict.catalogue.citation:
        citation += "；" + verdict.catalogue.citation
    expected: dict[str, object] = {"legal_review_on_by": decided.isoformat() if decided else None,
                                   "major_because": list(verdict.reasons)}
    why = "、".join(verdict.reasons)
    if review is None:
        msg = f"案卷 {case.case_no} 为重大执法决定（{why}），未见法制审核记录"
    else:
        assert decided is not None
        msg = (f"案卷 {case.case_no} 为重大执法决定（{why}），法制审核日期 {review.isoformat()} "
               f"晚于决定日期 {decided.isoformat()}")
    return LawFinding("MAJOR_DECISION_WITHOUT_LEGAL_REVIEW", expected,
                      {"legal_review_on": review.isoformat() if review else None}, citation, msg, p.text.id,
                      _refs(case))


@lru_cache(maxsize=4096)  # a register writes its outcomes in a few words, over every case
def _rejected(outcome: str) -> bool:
    """An outcome text that says the review did not pass."""
    text = "".join(outcome.split())
    return any(w in text for w in REJECTED_WORDS)


def decided_after_review_rejected(case: CaseFacts) -> LawFinding | None:
    """DECIDED_AFTER_REVIEW_REJECTED: a decision made although 法制审核 did not pass (不通过), and
    not before that review (a decision dated before it is MAJOR_DECISION_WITHOUT_LEGAL_REVIEW's
    business). Text in force on the decision date (2021 第五十八条: 审核未通过的，不得作出决定)."""
    if case.decided_on is None or not case.knows("legal_review_outcome"):
        return None
    if not _rejected(case.legal_review_outcome):
        return None
    review = case.legal_review_on
    if review is not None and case.decided_on < review:
        return None
    p = provision(LEGAL_REVIEW, case.decided_on)
    when = f"{review.isoformat()} " if review else ""
    return LawFinding("DECIDED_AFTER_REVIEW_REJECTED", "法制审核通过后作出决定",
                      {"legal_review_outcome": case.legal_review_outcome.strip(),
                       "legal_review_on": review.isoformat() if review else None,
                       "decided_on": case.decided_on.isoformat()}, p.citation,
                      f"案卷 {case.case_no} 法制审核{when}结论为「{case.legal_review_outcome.strip()}」，"
                      f"仍于 {case.decided_on.isoformat()} 作出决定", p.text.id, _refs(case))


def service_late(case: CaseFacts, calendar: Calendar,
                 office: OfficeRules | None = None) -> LawFinding | None:
    """SERVICE_LATE: the decision served after the service period from the decision date — 7 days
    (2017 第四十条) or 7 working days (2021 第六十一条), or a sector rule's period; the last day is
    in time. The period is chosen by the day it ran out (law/transition.py)."""
    if case.decided_on is None or case.served_on is None:
        return None
    applied = applicable_period(SERVICE, case.decided_on, calendar, case.field, office)
    assert applied.deadline is not None
    due = applied.deadline.due
    if case.served_on <= due:
        return None
    n = elapsed(case.decided_on, case.served_on, applied.day_kind, calendar)
    key = "working_days" if applied.day_kind == "working" else "days"
    counted = f"第 {n} 个工作日" if applied.day_kind == "working" else f"第 {n} 日"
    return LawFinding("SERVICE_LATE", {"served_by": due.isoformat(), "period": applied.length},
                      {"served_on": case.served_on.isoformat(), key: n}, applied.citation,
                      f"案卷 {case.case_no} 于 {case.decided_on.isoformat()} 作出决定，应于 {due.isoformat()} 前送达"
                      f"（{applied.length}），实际送达日期 {case.served_on.isoformat()}（{counted}）",
                      applied.text.id, _refs(case), applied.deadline.fallback)
