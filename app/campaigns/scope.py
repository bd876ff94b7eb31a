"""A campaign's scope in one place: the decisions it checks (决定日期 from/to) and its units.

    scope = active_scope(store)          # None: no active campaign, or all_records=True
    stmt = select(CaseFile).where(scope.case_filter(CaseFile))

While a campaign is active, sampling, review, the problem list, the forms, the statistics, the
reports and the package see only what its scope covers; without one (or with `--all-records`)
they see everything. A record the campaign does not cover is kept in the store, just not
counted. The rules, the same for every service:

- a case file is in scope when decided within the period (a case with no decision date is then
  out) and, when the campaign lists units, belongs to one of them;
- a ledger row likewise, by its own decision date and unit;
- a receipt by its unit, and issued on or after `period_from` (money for a decision is collected
  after it; a receipt later than `period_to` may still pay a decision made within the period);
- a finding through the records it names: its case file when there is one, else the ledger row
  of its case number, else its receipt, else (receipt gaps, officer findings) its unit;
- a problem through its finding; a problem added by hand belongs to its campaign as it is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, false, or_, select, true
from sqlalchemy.orm import Session

from app.errors import UserError
from app.store import Store
from db.models import CaseFile, LedgerEntry, Receipt, Unit
from db.models_audit import Finding
from db.models_campaign import Campaign
from db.models_rectify import Problem


@dataclass(frozen=True)
class Scope:
    """What one campaign covers. `unit_ids` None means every unit; an empty set means the
    campaign names units the store does not know (so nothing is in scope)."""

    period_from: date | None
    period_to: date | None
    unit_ids: frozenset[int] | None
    campaign_id: int | None = None
    unit_names: tuple[str, ...] = field(default=())

    # --- plain Python, for a record already in hand ---------------------------------------
    def covers_date(self, on: date | None) -> bool:
        if self.period_from is None and self.period_to is None:
            return True
        if on is None:
            return False
        return (self.period_from is None or on >= self.period_from) and (
            self.period_to is None or on <= self.period_to)

    def covers_unit(self, unit_id: int | None) -> bool:
        return self.unit_ids is None or (unit_id is not None and unit_id in self.unit_ids)

    def covers_case(self, decided_on: date | None, unit_id: int | None) -> bool:
        return self.covers_date(decided_on) and self.covers_unit(unit_id)

    def describe(self) -> dict[str, Any]:
        """As the sample's options and the CLI print it: {period_from, period_to, units}."""
        return {"period_from": self.period_from, "period_to": self.period_to, "units": list(self.unit_names)}

    # --- SQL conditions ---------------------------------------------------------------------
    def date_filter(self, column: Any, *, upper: bool = True) -> ColumnElement[bool]:
        conds: list[ColumnElement[bool]] = []
        if self.period_from is not None:
            conds.append(column >= self.period_from)
        if upper and self.period_to is not None:
            conds.append(column <= self.period_to)
        return and_(true(), *conds)

    def unit_filter(self, column: Any) -> ColumnElement[bool]:
        if self.unit_ids is None:
            return true()
        if not self.unit_ids:
            return false()
        return column.in_(sorted(self.unit_ids))

    def case_filter(self, case: type[CaseFile] = CaseFile) -> ColumnElement[bool]:
        return and_(self.date_filter(case.decided_on), self.unit_filter(case.unit_id))

    def ledger_filter(self, row: type[LedgerEntry] = LedgerEntry) -> ColumnElement[bool]:
        return and_(self.date_filter(row.decided_on), self.unit_filter(row.unit_id))

    def receipt_filter(self, receipt: type[Receipt] = Receipt) -> ColumnElement[bool]:
        return and_(self.date_filter(receipt.issued_on, upper=False), self.unit_filter(receipt.unit_id))

    def finding_filter(self, finding: type[Finding] = Finding) -> ColumnElement[bool]:
        """A finding is in scope through the records it names (see the module's rules)."""
        case_exists = exists().where(CaseFile.case_key == finding.case_key)
        case_in = exists().where(CaseFile.case_key == finding.case_key, self.case_filter())
        ledger_in = exists().where(LedgerEntry.case_key == finding.case_key, self.ledger_filter())
        receipt_in = exists().where(Receipt.receipt_key == finding.receipt_key, self.receipt_filter())
        no_case, no_receipt = finding.case_key == "", finding.receipt_key == ""
        return or_(
            and_(finding.case_key != "", case_in),
            and_(finding.case_key != "", ~case_exists, ledger_in),
            and_(no_case, finding.receipt_key != "", receipt_in),
            and_(no_case, no_receipt, self.unit_filter(finding.unit_id)),
        )

    def problem_filter(self, problem: type[Problem] = Problem) -> ColumnElement[bool]:
        """The campaign's own problems whose finding (if any) is in scope."""
        own = problem.campaign_id == self.campaign_id if self.campaign_id is not None else true()
        finding_in = exists().where(Finding.id == problem.finding_id, self.finding_filter())
        return and_(own, or_(problem.finding_id.is_(None), finding_in))


def _campaign(s: Session, campaign_id: int | None) -> Campaign | None:
    if campaign_id is not None:
        camp = s.get(Campaign, campaign_id)
        if camp is None:
            raise UserError(f"找不到专项活动（编号 {campaign_id}）。")
        return camp
    return s.scalar(select(Campaign).where(Campaign.active.is_(True)).order_by(Campaign.id.desc()).limit(1))


def scope_of_campaign(s: Session, camp: Campaign) -> Scope:
    names = tuple(json.loads(camp.units_json or "[]"))
    unit_ids: frozenset[int] | None = None
    if names:
        unit_ids = frozenset(s.scalars(select(Unit.id).where(Unit.name.in_(names))))
    return Scope(camp.period_from, camp.period_to, unit_ids, camp.id, names)


def session_scope(s: Session, *, campaign_id: int | None = None, all_records: bool = False) -> Scope | None:
    """The scope of the named campaign, else of the active one; None when there is none or when
    `all_records` asks for everything."""
    if all_records:
        return None
    camp = _campaign(s, campaign_id)
    return scope_of_campaign(s, camp) if camp is not None else None


def active_scope(source: Store | Session, *, campaign_id: int | None = None,
                 all_records: bool = False) -> Scope | None:
    """The active (or named) campaign's scope, from a store or inside an open session."""
    if isinstance(source, Session):
        return session_scope(source, campaign_id=campaign_id, all_records=all_records)
    with source.session() as s:
        return session_scope(s, campaign_id=campaign_id, all_records=all_records)


def case_in_scope(s: Session, scope: Scope | None, case_key: str) -> bool:
    """Whether the case with this key is covered (True without a scope)."""
    if scope is None:
        return True
    row = s.execute(select(CaseFile.decided_on, CaseFile.unit_id).where(CaseFile.case_key == case_key)).first()
    return row is not None and scope.covers_case(row[0], row[1])


def findings_in_scope(s: Session, scope: Scope | None) -> set[int]:
    """The ids of the findings the scope covers (every finding without a scope)."""
    stmt = select(Finding.id)
    if scope is not None:
        stmt = stmt.where(scope.finding_filter())
    return set(s.scalars(stmt))
