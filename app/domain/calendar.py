"""Working days (工作日) after the State Council's yearly holiday notices (DOMAIN §3.2).

行政处罚法 art. 85 counts 二日/三日/五日/七日 periods in working days: Monday to Friday, minus
the statutory holidays, plus the adjusted working weekends (调休上班日) of that year's notice.
The known years ship as data in `resources/holidays/<year>.json`; the office adds a newer year
by hand (kept in the store). A year with no data anywhere falls back to weekends only, and the
calendar remembers every year it had to guess for, so each result can say so.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path


@dataclass(frozen=True)
class YearData:
    """One year's notice: its days off and its adjusted working weekends."""

    year: int
    holidays: frozenset[date]
    workdays: frozenset[date]
    source: str = ""
    origin: str = "bundled"  # "bundled" (resources/) or "store" (added by the office)

    def to_json(self) -> dict[str, object]:
        return {
            "year": self.year,
            "source": self.source,
            "origin": self.origin,
            "holidays": sorted(d.isoformat() for d in self.holidays),
            "workdays": sorted(d.isoformat() for d in self.workdays),
        }


def holidays_dir() -> Path:
    """`resources/holidays/` beside the packages, or inside the PyInstaller bundle."""
    frozen_base = getattr(sys, "_MEIPASS", None)
    base = Path(frozen_base) if frozen_base else Path(__file__).resolve().parents[2]
    return base / "resources" / "holidays"


def parse_year_file(doc: Mapping[str, object], origin: str = "bundled") -> YearData:
    """A year's JSON document → YearData (dates as ISO strings)."""
    hol = doc.get("holidays", [])
    wd = doc.get("workdays", [])
    assert isinstance(hol, list) and isinstance(wd, list)
    return YearData(
        year=int(str(doc["year"])),
        holidays=frozenset(date.fromisoformat(str(d)) for d in hol),
        workdays=frozenset(date.fromisoformat(str(d)) for d in wd),
        source=str(doc.get("source", "")),
        origin=origin,
    )


def load_bundled(directory: Path | None = None) -> dict[int, YearData]:
    """Every `<year>.json` shipped in resources/holidays/."""
    directory = directory or holidays_dir()
    out: dict[int, YearData] = {}
    for path in sorted(directory.glob("[0-9][0-9][0-9][0-9].json")):
        data = parse_year_file(json.loads(path.read_text(encoding="utf-8")))
        out[data.year] = data
    return out


@dataclass
class Calendar:
    """Working-day arithmetic over known years; weekends only (and noted) for the others."""

    years: dict[int, YearData]
    years_missing: set[int] = field(default_factory=set)  # years looked up without data
    _overrides: dict[date, bool] = field(default_factory=dict, repr=False)
    _cache: dict[tuple[date, int], date] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        # Later (store) data overrides earlier (bundled) data for the same dates.
        for data in sorted(self.years.values(), key=lambda y: y.origin != "bundled"):
            for d in data.holidays:
                self._overrides[d] = False
            for d in data.workdays:
                self._overrides[d] = True

    @classmethod
    def bundled(cls, extra: Iterable[YearData] = ()) -> Calendar:
        years = load_bundled()
        for data in extra:
            years[data.year] = data
        return cls(years)

    def is_workday(self, d: date) -> bool:
        known = self._overrides.get(d)
        if known is not None:
            return known
        if d.year not in self.years:
            self.years_missing.add(d.year)
        return d.weekday() < 5

    def add_workdays(self, start: date, n: int) -> date:
        """The n-th working day after `start` (the start day itself is not counted)."""
        if n < 1:
            raise ValueError("n must be at least 1")
        key = (start, n)
        hit = self._cache.get(key)
        if hit is not None:
            for y in range(start.year, hit.year + 1):
                if y not in self.years:
                    self.years_missing.add(y)
            return hit
        d, left = start, n
        while left:
            d += timedelta(days=1)
            if self.is_workday(d):
                left -= 1
        self._cache[key] = d
        return d

    def fallback_years(self, first: date, last: date) -> list[int]:
        """Years between two dates (inclusive) for which the weekends-only fallback applies."""
        return [y for y in range(first.year, last.year + 1) if y not in self.years]
