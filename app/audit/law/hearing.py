"""Is a decision open to a hearing (听证)? The text decides the kinds; the office decides 较大数额.

Both texts open a hearing for 较大数额罚款, which the law leaves to local rules: the office's
`HearingThreshold` in force gives it for persons and organisations ("以上" includes the amount).
With no threshold entered, a fine alone never makes a case open to a hearing — the data cannot
show it. Where the party's kind is unknown, the fine must reach both amounts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from app.audit.law.inputs import CaseFacts
from app.audit.law.office import HearingThreshold
from app.audit.law.office_rules import OfficeRules
from app.audit.law.penalties import PARTY_KINDS, PartyKind
from app.audit.law.provisions import HEARING_SCOPE, Provision, provision_of
from app.audit.law.texts import LawText
from app.domain.amounts import format_fen


@dataclass(frozen=True)
class HearingScope:
    provision: Provision
    reasons: tuple[str, ...]  # "吊销许可证件", "较大数额罚款（50,000.00 元）"
    threshold: HearingThreshold | None

    @property
    def open(self) -> bool:
        return bool(self.reasons)


# Per provision (by identity: the provisions are the rule book's constants, and their dataclass
# hash is Python code): "not open to a hearing", with nothing to say why.
_CLOSED: dict[int, HearingScope] = {}


def reaches(amount: int | None, party: PartyKind | None, limit_of: Mapping[PartyKind, int | None]) -> bool:
    """`amount` at or above the limit for the party's kind (both limits, when the kind is unknown)."""
    if not amount:
        return False
    kinds = (party,) if party is not None else PARTY_KINDS
    limits = [limit_of[k] for k in kinds]
    return all(lim is not None for lim in limits) and amount >= max(lim for lim in limits if lim is not None)


def open_to_hearing(case: CaseFacts, text: LawText, office: OfficeRules | None, on: date) -> HearingScope:
    """What makes `case` open to a hearing under `text`, with the office's 较大数额 in force on `on`."""
    p = provision_of(HEARING_SCOPE, text)
    threshold = office.hearing_threshold(case.field, on) if office is not None else None
    kinds = case.kinds
    if threshold is None and kinds.isdisjoint(p.kinds):  # most decisions: a fine and no 较大数额 set
        closed = _CLOSED.get(id(p))
        if closed is None or closed.provision is not p:
            closed = _CLOSED[id(p)] = HearingScope(p, (), None)
        return closed
    reasons = [k for k in sorted(kinds) if k in p.kinds]
    if threshold is not None:
        fines = {k: threshold.fine_limit(k) for k in PARTY_KINDS}
        if reaches(case.fine_fen, case.party_kind, fines):
            reasons.append(f"较大数额罚款（{format_fen(case.fine_fen)} 元）")
        takings = {k: threshold.confiscation_limit(k) for k in PARTY_KINDS}
        if p.large_confiscation and case.knows("confiscated_fen") and reaches(
                case.confiscated_fen, case.party_kind, takings):
            reasons.append(f"没收较大数额违法所得、非法财物（{format_fen(case.confiscated_fen)} 元）")
    return HearingScope(p, tuple(reasons), threshold)
