"""`bureau summary` reads each package's figures stored at its import (schema version 21), and
gives the same answer as from the package's data.json — also for a package imported before,
with no figures stored, and for the overdue count on any day."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select, update

from app.exchange import bureau_summary, export_package, import_package
from app.exchange.figures import figures_on, package_figures
from app.exchange.summary import office_figures
from app.store import Store
from db import changelog
from db.models_exchange import ReceivedPackage
from tests.exchange.conftest import AS_OF


def test_import_stores_the_figures_and_the_summary_reads_them(office: Store, bureau: Store, tmp_path: Path) -> None:
    export_package(office, tmp_path / "p.zip", as_of=AS_OF, operator="测试")
    import_package(bureau, tmp_path / "p.zip", operator="科员")
    with bureau.session() as s:
        figures_json, data_json = s.execute(select(ReceivedPackage.figures_json, ReceivedPackage.data_json)).one()
    assert figures_json is not None
    stored = json.loads(figures_json)
    assert stored["problems"] == len(json.loads(data_json)["problems"]) > 0
    with_figures = bureau_summary(bureau, as_of=AS_OF)
    with bureau.writing() as s:  # as a package imported before version 21 has it
        s.execute(update(ReceivedPackage).values(figures_json=None))
    assert bureau_summary(bureau, as_of=AS_OF) == with_figures


def test_the_stored_figures_are_covered_by_the_change_log(office: Store, bureau: Store, tmp_path: Path) -> None:
    export_package(office, tmp_path / "p.zip", as_of=AS_OF, operator="测试")
    import_package(bureau, tmp_path / "p.zip", operator="科员")
    with bureau.session() as s:
        assert changelog.first_bad_entry(s) is None
    with bureau.engine.begin() as conn:  # figures edited behind the program's back
        conn.execute(update(ReceivedPackage).values(figures_json='{"version": 1}'))
    with bureau.session() as s:
        assert changelog.first_bad_entry(s) is not None


def test_overdue_on_any_day_is_what_the_whole_list_gives() -> None:
    problems = [{"category": "甲", "status": "已销号" if i % 3 == 0 else "整改中", "people_handled": i % 2,
                 "sanctions": 1, "deadline": (date(2025, 1, 1) + timedelta(days=i)).isoformat() if i % 5 else ""}
                for i in range(60)]
    data = {"problems": problems, "statistics": {"rows": [{"category": "乙"}, {"category": "甲"}]}}
    figures = package_figures(data, None)
    assert list(figures["by_category"]) == ["乙", "甲"]
    for day in (date(2024, 12, 31), date(2025, 1, 20), date(2025, 2, 1), date(2026, 1, 1)):
        expected = sum(1 for i, p in enumerate(problems) if p["status"] != "已销号" and p["deadline"]
                       and p["deadline"] < day.isoformat())
        assert figures_on(figures, day)["overdue"] == expected
        assert office_figures(data, day) == figures_on(figures, day)
    assert figures_on(figures, date(2026, 1, 1))["overdue"] > 0
