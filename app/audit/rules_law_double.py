"""DOUBLE_PENALTY (一事不再罚): the same party fined twice for the same act (DOMAIN §3.3).

"The same act" needs more than the same 案由 — a party caught twice is two acts. An act is the
party (ID, else normalised name), the normalised 案由, and either the date of the act or, where
the register has no such date, the normalised 违法事实. With neither, the data cannot show the
act, so nothing is reported. The same decision entered twice (one case key) is one decision,
and so are the rows of an instalment (分期) decision made on one day.

The later decision is the one reported, under the text in force on its date (2017 第二十四条,
2021 第二十九条): it is the second fine that the law forbids.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from app.audit.law.inputs import CaseFacts
from app.audit.law.provisions import ONE_ACT_ONE_FINE, provision
from app.audit.law.result import LawFinding
from app.domain.amounts import format_fen
from app.domain.text import normalise_name


def party_key(case: CaseFacts) -> str:
    pid = "".join(case.party_id.split()).upper()
    return f"id:{pid}" if pid else (f"name:{normalise_name(case.party)}" if case.party.strip() else "")


def act_key(case: CaseFacts) -> str | None:
    cause = normalise_name(case.cause)
    if case.knows("act_on") and case.act_on is not None:
        return f"{cause}|on:{case.act_on.isoformat()}"
    facts = normalise_name(case.facts) if case.knows("facts") else ""
    return f"{cause}|facts:{facts}" if facts else None


def _same_decision(a: CaseFacts, b: CaseFacts) -> bool:
    return a.key == b.key or ((a.instalment or b.instalment) and a.decided_on == b.decided_on)


def double_penalty(cases: Iterable[CaseFacts]) -> list[LawFinding]:
    """One finding per fine imposed again for an act already fined, naming the earlier case."""
    groups: dict[tuple[str, str], list[CaseFacts]] = defaultdict(list)
    for c in cases:
        if c.decided_on is None or not c.fine_fen or c.fine_fen <= 0:
            continue
        party, act = party_key(c), act_key(c)
        if party and act is not None:
            groups[(party, act)].append(c)
    out: list[LawFinding] = []
    for group in groups.values():
        group.sort(key=lambda c: (c.decided_on, c.key))
        fined: list[CaseFacts] = []
        for c in group:
            first = next((f for f in fined if not _same_decision(f, c)), None)
            if any(_same_decision(f, c) for f in fined):
                continue
            fined.append(c)
            if first is None:
                continue
            assert c.decided_on is not None and first.decided_on is not None
            p = provision(ONE_ACT_ONE_FINE, c.decided_on)
            out.append(LawFinding(
                "DOUBLE_PENALTY", "同一违法行为只处一次罚款",
                {"earlier_case_no": first.key, "earlier_decided_on": first.decided_on.isoformat(),
                 "decided_on": c.decided_on.isoformat(), "fine_fen": c.fine_fen}, p.citation,
                f"当事人「{c.party}」因同一违法行为（{c.cause or '案由未载明'}）已于 {first.decided_on.isoformat()} "
                f"被处以罚款（案卷 {first.case_no}），{c.decided_on.isoformat()} 又被罚款 {format_fen(c.fine_fen)} 元"
                f"（案卷 {c.case_no}）", p.text.id, {"case_no": c.key, "earlier_case_no": first.key}))
    return out
