"""The rule book run in lanes (app/audit/lanes.py), each lane on a connection of its own, gives
the findings of one rule after another — the same drafts in the same order, the same years noted
— on both engines; a rule that fails, or a cancel, in a lane stops the run with nothing written
and no lane left running."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from app.audit import engine, service
from app.audit.lanes import readers
from app.audit.load import load_all
from app.audit.model import Draft
from app.audit.registry import BOOK, LANES, RULES
from app.audit.rule import Rule, RunInputs
from app.demo import load_demo
from app.errors import Cancelled
from app.store import open_store
from tests.audit.test_case_rules_store import AS_OF, _calendar, _seed, _seen

ROOT = Path(__file__).resolve().parents[2]


def _lane_threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith("audit-lane")]


def test_the_rule_book_has_a_lane_for_each_module_and_the_law_in_one() -> None:
    assert len(LANES) == len(RULES) and len(set(LANES)) == len(BOOK) - 1  # the law's two lists: one lane
    assert [lane for lane, _ in BOOK].count("law") == 2


@pytest.mark.parametrize("gaps", [(), (2023, 2025)])
def test_lanes_find_what_one_rule_after_another_finds(store: Any, gaps: tuple[int, ...]) -> None:
    _seed(store)
    with store.writing() as s:
        one_by_one = engine.run_rules(load_all(s), _calendar(gaps), AS_OF, db=s.connection())
        labels: list[str] = []
        in_lanes = engine.run_rules(load_all(s), _calendar(gaps), AS_OF, db=s.connection(),
                                    connect=readers(store.engine), progress=lambda i, n, label: labels.append(label))
        s.rollback()
    assert [_seen(d) for d in in_lanes.drafts] == [_seen(d) for d in one_by_one.drafts]
    assert in_lanes.calendar_fallback_years == one_by_one.calendar_fallback_years
    assert len(one_by_one.drafts) > 300 and len({d.code for d in one_by_one.drafts}) > 5
    assert labels == [r.label for r in RULES] + ["核对完成"]  # the bar still goes through the book in order
    assert _lane_threads() == []


def _failing(run: RunInputs) -> list[Draft]:
    raise RuntimeError("规则出错（测试）")


@pytest.mark.parametrize("where", [0, 5, -1])
def test_a_rule_failing_in_a_lane_fails_the_run_and_writes_nothing(store: Any, monkeypatch: pytest.MonkeyPatch,
                                                                   where: int) -> None:
    _seed(store)
    rules, lanes = list(RULES), list(LANES)
    at = where % len(rules)
    rules[at] = Rule(rules[at].label, _failing)  # in its own module's lane, the others running beside it
    monkeypatch.setattr(engine, "RULES", tuple(rules))
    monkeypatch.setattr(engine, "LANES", tuple(lanes))
    with pytest.raises(RuntimeError, match="规则出错"):
        service.run_audit(store, as_of=AS_OF)
    assert service.count_findings(store) == 0
    assert _lane_threads() == []


def test_a_cancel_stops_every_lane_and_writes_nothing(store: Any) -> None:
    _seed(store)
    asked = threading.Event()

    def cancel() -> bool:  # asked from the lanes' threads too: cancel once the run is under way
        if asked.is_set():
            return True
        asked.set()
        return False

    with pytest.raises(Cancelled):
        service.run_audit(store, as_of=AS_OF, cancel=cancel)
    assert service.count_findings(store) == 0
    assert _lane_threads() == []
    assert service.run_audit(store, as_of=AS_OF).findings  # and the store is as good as before


@pytest.mark.parametrize("written", ["2025-13-45", "yesterday", b"\xff\x00\xff"])
def test_a_date_the_store_cannot_hold_refuses_the_run_in_words(tmp_path: Path, written: object) -> None:
    """SQLite keeps whatever it is given: a store edited around the program may hold an impossible
    date. `audit run` refuses with a message naming it (exit 2), writes nothing, and nothing
    complains afterwards — a read left off in a lane ends with its connection, not with a
    traceback at exit."""
    path = tmp_path / "edited.sqlite"
    store = open_store(path, auto_backup=False)
    try:
        load_demo(store)
    finally:
        store.close()
    con = sqlite3.connect(path)
    con.execute("UPDATE cases SET filed_on = ? WHERE id = 5", (written,))
    con.commit()
    con.close()
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(path), "audit", "run",
                           "--as-of", AS_OF.isoformat()], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "无法识别的日期" in done.stderr and str(written)[:10] in done.stderr
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
    con = sqlite3.connect(path)
    assert con.execute("SELECT COUNT(*) FROM findings").fetchone()[0] == 0
    con.close()
