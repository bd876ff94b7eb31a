"""The annual enforcement statistics (行政执法统计年报, reference/002: 每年1月31日前公开本机关上年度
行政执法总体情况有关数据，并报本级人民政府和上级主管部门), counted from the registers, per unit and in total.

    annual_report(store, year) -> AnnualReport (the due date the 首页 shows: app/domain/annual_due.py)

What it counts, for decisions made in the year (decided_on in the year): the decisions, by
penalty kind (the law's kinds, found in 处罚内容 and 处罚类别 as the law checks find them), fines and
confiscations (fen), hearings held, legal reviews; complaints received and closed in the year;
problems found (put on a problem list) and rectified (销号) in the year. Reconsideration,
litigation and correction of decisions are not recorded in the registers yet: they are listed in
`not_recorded` and reported as 0 rather than guessed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, inspect, select, text

from app.audit.law.penalties import KINDS, kinds_of
from app.errors import UserError
from app.store import Store
from db.models import CaseFile, Unit
from db.models_rectify import Problem

NO_UNIT = "（未注明单位）"
TOTAL = "合计"
NOT_RECORDED = ("reconsidered", "litigated", "corrected")
COUNT_FIELDS = ("decisions", "fine_fen", "confiscation_fen", "hearings", "legal_reviews", "reconsidered",
                "litigated", "corrected", "complaints", "complaints_closed", "problems", "problems_rectified")


@dataclass
class Tally:
    """One unit's figures (or the total's)."""

    decisions: int = 0
    by_kind: dict[str, int] = field(default_factory=lambda: {k: 0 for k in KINDS})
    fine_fen: int = 0
    confiscation_fen: int = 0
    hearings: int = 0
    legal_reviews: int = 0
    reconsidered: int = 0
    litigated: int = 0
    corrected: int = 0
    complaints: int = 0
    complaints_closed: int = 0
    problems: int = 0
    problems_rectified: int = 0

    def add(self, other: Tally) -> None:
        for name in COUNT_FIELDS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for k, v in other.by_kind.items():
            self.by_kind[k] = self.by_kind.get(k, 0) + v

    def to_json(self) -> dict[str, Any]:
        return {**{n: getattr(self, n) for n in COUNT_FIELDS}, "by_kind": dict(self.by_kind)}


@dataclass
class AnnualReport:
    year: int
    due_on: date
    units: dict[str, Tally]
    totals: Tally
    complaints_source: str  # where the complaint counts came from, or why they are 0

    def to_json(self) -> dict[str, Any]:
        return {"year": self.year, "due_on": self.due_on, "totals": self.totals.to_json(),
                "units": [{"unit": name, **t.to_json()} for name, t in self.units.items()],
                "not_recorded": list(NOT_RECORDED), "complaints_source": self.complaints_source}


def _year_bounds(year: int) -> tuple[date, date]:
    if not 1990 <= year <= 2100:
        raise UserError(f"统计年度 {year} 有误（应为四位年份，如 2023）。")
    return date(year, 1, 1), date(year, 12, 31)


def _cases(db: Connection, first: date, last: date, units: dict[str, Tally]) -> None:
    stmt = (select(Unit.name, CaseFile.penalty, CaseFile.penalty_kinds, CaseFile.fine_fen, CaseFile.confiscation_fen,
                   CaseFile.hearing_on, CaseFile.legal_review_on)
            .outerjoin(Unit, Unit.id == CaseFile.unit_id)
            .where(CaseFile.decided_on >= first, CaseFile.decided_on <= last))
    for name, penalty, kinds, fine, confiscation, hearing, review in db.execute(stmt):
        t = units[name or NO_UNIT]
        t.decisions += 1
        for k in kinds_of((penalty or "", kinds or "")):
            t.by_kind[k] += 1
        t.fine_fen += fine or 0
        t.confiscation_fen += confiscation or 0
        t.hearings += hearing is not None
        t.legal_reviews += review is not None


def _problems(db: Connection, first: date, last: date, units: dict[str, Tally]) -> None:
    start, end = datetime(first.year, 1, 1), datetime(last.year + 1, 1, 1)
    for unit, in db.execute(select(Problem.unit).where(Problem.created_at >= start, Problem.created_at < end)):
        units[unit or NO_UNIT].problems += 1
    for unit, in db.execute(select(Problem.unit).where(Problem.status == "已销号", Problem.closed_on >= first,
                                                       Problem.closed_on <= last)):
        units[unit or NO_UNIT].problems_rectified += 1


def _complaints(db: Connection, first: date, last: date, units: dict[str, Tally]) -> str:
    """The complaints register's counts, read from its table when the store has one (it comes
    with the complaints register, a separate schema step); 0 and the reason when it has not."""
    insp = inspect(db)
    if not insp.has_table("complaints"):
        return "本库尚无投诉举报登记表，投诉举报计为 0"
    cols = {c["name"] for c in insp.get_columns("complaints")}
    if not {"received_on", "closed_on"} <= cols:
        return "投诉举报登记表缺少受理、办结日期列，投诉举报计为 0"
    unit = "unit" if "unit" in cols else "''"
    rows = db.execute(text(f"SELECT {unit}, received_on, closed_on FROM complaints"))  # noqa: S608 - fixed names
    for name, received, closed in rows:
        t = units[name or NO_UNIT]
        t.complaints += _within(received, first, last)
        t.complaints_closed += _within(closed, first, last)
    return "投诉举报登记表"


def _within(value: object, first: date, last: date) -> bool:
    if value is None or value == "":
        return False
    d = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    return first <= d <= last


def annual_report(store: Store, year: int) -> AnnualReport:
    first, last = _year_bounds(year)
    units: dict[str, Tally] = defaultdict(Tally)
    with store.engine.connect() as db:
        _cases(db, first, last, units)
        _problems(db, first, last, units)
        source = _complaints(db, first, last, units)
    ordered = {name: units[name] for name in sorted(units, key=lambda n: (n == NO_UNIT, n))}
    totals = Tally()
    for t in ordered.values():
        totals.add(t)
    return AnnualReport(year, date(year + 1, 1, 31), ordered, totals, source)
