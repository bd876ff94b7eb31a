"""Is a decision 重大 (major), so that it needs 法制审核 first? The register's own mark, or the
office's 法制审核目录清单 in force on the decision date for the case's field.

The catalogue lists penalty kinds, fine amounts by party kind ("以上": at or above) and whether a
hearing makes a decision major. A case the register marks 否 can still be major by the
catalogue: the mark is the unit's own judgement, which the audit is there to check.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.audit.law.hearing import reaches
from app.audit.law.inputs import CaseFacts
from app.audit.law.office import ReviewCatalogue
from app.audit.law.office_rules import OfficeRules
from app.audit.law.penalties import PARTY_KINDS
from app.domain.amounts import format_fen

MARKED = "台账标记为重大执法决定"


@dataclass(frozen=True)
class MajorVerdict:
    major: bool
    reasons: tuple[str, ...]
    catalogue: ReviewCatalogue | None  # the catalogue that made it major, if it did

    @property
    def derived(self) -> bool:
        """Major by the catalogue (not only by the register's mark)."""
        return self.catalogue is not None


def catalogue_reasons(case: CaseFacts, catalogue: ReviewCatalogue) -> tuple[str, ...]:
    if not catalogue.covers_field(case.field):
        return ()
    reasons = [f"目录清单所列处罚：{k}" for k in catalogue.penalty_kinds if k in case.kinds]
    if reaches(case.fine_fen, case.party_kind, {k: catalogue.fine_limit(k) for k in PARTY_KINDS}):
        reasons.append(f"罚款 {format_fen(case.fine_fen)} 元达到目录清单标准")
    if catalogue.after_hearing and case.hearing_held_on is not None:
        reasons.append("经过听证程序")
    return tuple(reasons)


def major_verdict(case: CaseFacts, office: OfficeRules | None) -> MajorVerdict:
    """The register's 是 mark, and the catalogue in force on the decision date."""
    reasons: list[str] = [MARKED] if case.knows("major") and case.major else []
    catalogue = None
    if office is not None and case.decided_on is not None:
        catalogue = office.catalogue(case.field, case.decided_on)
        derived = catalogue_reasons(case, catalogue) if catalogue is not None else ()
        reasons += derived
        catalogue = catalogue if derived else None
    return MajorVerdict(bool(reasons), tuple(reasons), catalogue)
