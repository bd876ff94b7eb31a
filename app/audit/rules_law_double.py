"""DOUBLE_PENALTY (一事不再罚): the same party fined twice for the same act (DOMAIN §3.3).

"The same act" needs more than the same 案由 — a party caught twice is two acts. An act is the
normalised 案由 with either the date of the act or, where the register has no such date, the
normalised 违法事实; with neither, the data cannot show the act and nothing is reported. The
party is the same by ID where both records carry one, else by normalised name. The same decision
entered twice (one case key, or the same fine on the same day) is one decision, and so are the
rows of an instalment (分期) decision made on one day.

The later decision is the one reported, under the text in force on its date (2017 第二十四条,
2021 第二十九条): it is the second fine that the law forbids.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from app.audit.data import norm
from app.audit.law.inputs import CaseFacts
from app.audit.law.provisions import ONE_ACT_ONE_FINE, provision
from app.audit.law.result import LawFinding
from app.domain.amounts import format_fen
from app.domain.text import normalise_name


def _party_id(case: CaseFacts) -> str:
    return "".join(case.party_id.split()).upper()


def same_party(a: CaseFacts, b: CaseFacts) -> bool:
    """By ID where both records carry one (two 张伟 are two people), else by normalised name."""
    ia, ib = _party_id(a), _party_id(b)
    if ia and ib:
        return ia == ib
    na, nb = normalise_name(a.party), normalise_name(b.party)
    return bool(na) and na == nb


def act_key(case: CaseFacts) -> str | None:
    if case.knows("act_on") and case.act_on is not None:
        return f"{norm(case.cause)}|on:{case.act_on.isoformat()}"
    facts = normalise_name(case.facts) if case.knows("facts") and case.facts else ""
    return f"{norm(case.cause)}|facts:{facts}" if facts else None


def _same_decision(a: CaseFacts, b: CaseFacts) -> bool:
    """One decision: the same case key; the rows of an instalment decision made on one day; or the
    same fine on the same day — the decision entered twice under two spellings of its number,
    which is the register's duplicate (LEDGER_DUPLICATE_CASE's business), not a second fine."""
    if a.key == b.key or a.decided_on != b.decided_on:
        return a.key == b.key
    return a.instalment or b.instalment or a.fine_fen == b.fine_fen


def act_of(c: CaseFacts) -> str | None:
    """The act a fined decision with a named party is for; None when the case takes no part
    (no decision, no fine, no party, or the data cannot show the act)."""
    if c.decided_on is None or not c.fine_fen or c.fine_fen <= 0:
        return None
    act = act_key(c)
    return act if act is not None and (c.party.strip() or c.party_id.strip()) else None


def double_penalty(cases: Iterable[CaseFacts]) -> list[LawFinding]:
    """One finding per fine imposed again for an act already fined, naming the first fine."""
    return double_penalty_of(acts_of(cases))


def acts_of(cases: Iterable[CaseFacts]) -> list[tuple[str, CaseFacts]]:
    """(act_of(case), case) of the cases that take part, in their order."""
    return [(act, c) for c in cases if (act := act_of(c)) is not None]


def double_penalty_of(acts: Iterable[tuple[str, CaseFacts]]) -> list[LawFinding]:
    """double_penalty over cases whose act is already known ((act_of(case), case), in order): the
    law pass works it out as it reads, and does not normalise each 违法事实 twice."""
    by_act: dict[str, list[CaseFacts]] = defaultdict(list)
    for act, c in acts:
        by_act[act].append(c)
    out: list[LawFinding] = []
    for group in by_act.values():
        group.sort(key=lambda c: (c.decided_on or date.min, c.key))
        fined: list[CaseFacts] = []
        for c in group:
            mine = [f for f in fined if same_party(f, c)]
            if any(_same_decision(f, c) for f in mine):
                continue
            fined.append(c)
            if mine:
                out.append(_finding(mine[0], c))
    return out


def _finding(first: CaseFacts, c: CaseFacts) -> LawFinding:
    assert c.decided_on is not None and first.decided_on is not None
    p = provision(ONE_ACT_ONE_FINE, c.decided_on)
    return LawFinding(
        "DOUBLE_PENALTY", "同一违法行为只处一次罚款",
        {"earlier_case_no": first.key, "earlier_decided_on": first.decided_on.isoformat(),
         "decided_on": c.decided_on.isoformat(), "fine_fen": c.fine_fen}, p.citation,
        f"当事人「{c.party}」因同一违法行为（{c.cause or '案由未载明'}）已于 {first.decided_on.isoformat()} "
        f"被处以罚款（案卷 {first.case_no}），{c.decided_on.isoformat()} 又被罚款 {format_fen(c.fine_fen)} 元"
        f"（案卷 {c.case_no}）", p.text.id, {"case_no": c.key, "earlier_case_no": first.key})
