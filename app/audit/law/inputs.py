"""What the law checks read: plain facts of a case and of a receipt, with what the source knew.

Deliberately not the audit's CaseRec/ReceiptRec: these say only what the law checks need, and
the loader fills them from whichever record shape the store has. "Where the data cannot show a
thing, report nothing": `known` lists the fields whose column the source file had; a field not
in it is unknown (an empty value of a known field is a fact: the register left it blank).
`known=None` means every field is known (entered by hand, or built in a test).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from functools import cache

from app.audit.law.penalties import FINE, PartyKind, kinds_of


@cache
def _field_names(cls: type) -> frozenset[str]:
    return frozenset(f.name for f in fields(cls))


def _check_known(cls: type, known: frozenset[str] | None) -> None:
    """A typo in `known` would silently switch a check off; refuse it. (The audit builds a
    hundred thousand of these per run: the field names are computed once per class.)"""
    if not known:
        return
    stray = known - _field_names(cls)
    if stray:
        raise ValueError(f"known names no field: {sorted(stray)}")


@dataclass(frozen=True, slots=True)  # slots: the audit makes one per case of the store
class CaseFacts:
    """One penalty decision (处罚案卷) as the law checks see it."""

    case_no: str
    case_key: str = ""  # the normalised number; case_no when empty
    field: str = ""  # 执法领域, matches the office's sector rules and catalogue
    unit: str = ""
    party: str = ""
    party_id: str = ""  # 身份证号 / 统一社会信用代码
    party_kind: PartyKind | None = None
    cause: str = ""  # 案由 / 违法行为
    facts: str = ""  # 违法事实
    act_on: date | None = None  # 违法行为发生日期
    legal_basis: str = ""
    penalty: tuple[str, ...] = ()  # free text, e.g. ("罚款5000元", "吊销许可证")
    fine_fen: int | None = None
    confiscated_fen: int | None = None  # 没收违法所得、非法财物的金额
    filed_on: date | None = None
    notified_on: date | None = None  # 告知
    hearing_requested_on: date | None = None
    hearing_held_on: date | None = None
    hearing_waived_on: date | None = None  # 放弃听证
    legal_review_on: date | None = None
    legal_review_outcome: str = ""  # 通过 / 不通过 / ""
    decided_on: date | None = None
    served_on: date | None = None
    paid_on: date | None = None
    closed_on: date | None = None
    major: bool | None = None  # 重大执法决定 as the register marks it; None: not marked either way
    extension_on: date | None = None  # 延期 approved on
    extended_to: date | None = None  # the new last day for the decision
    surcharge_fen: int | None = None  # 加处罚款 recorded
    surcharge_exempt: bool = False  # 加处罚款减免 / 不予加处 recorded
    instalment: bool = False  # 分期 / 延期缴纳 approved (2021 第六十六条)
    known: frozenset[str] | None = None

    def __post_init__(self) -> None:
        _check_known(type(self), self.known)

    @property
    def key(self) -> str:
        return self.case_key or self.case_no

    def knows(self, *names: str) -> bool:
        """True when the source could show every one of these fields."""
        return self.known is None or all(n in self.known for n in names)

    @property
    def kinds(self) -> frozenset[str]:
        """The penalty kinds the decision imposes; a fine counts even if the text omits it."""
        found = kinds_of(self.penalty)
        return found | {FINE} if self.fine_fen else found

    @property
    def is_penalty(self) -> bool:
        """A decision that imposes a penalty (not 不予处罚)."""
        return bool(self.kinds)


@dataclass(frozen=True, slots=True)
class ReceiptFacts:
    """One fine receipt (罚没款收据) as the law checks see it."""

    receipt_no: str
    receipt_key: str = ""
    case_no: str = ""
    amount_fen: int | None = None
    issued_on: date | None = None
    onsite: bool = False  # 当场收缴
    onsite_reason: str = ""  # e.g. 事后难以执行 / 边远地区 — the law's other grounds
    handed_over_on: date | None = None  # 上缴日期: cash handed to the agency
    voided: bool = False
    known: frozenset[str] | None = None

    def __post_init__(self) -> None:
        _check_known(type(self), self.known)

    @property
    def key(self) -> str:
        return self.receipt_key or self.receipt_no

    def knows(self, *names: str) -> bool:
        return self.known is None or all(n in self.known for n in names)
