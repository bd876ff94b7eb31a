"""The command line as the acceptance checks call it (CLI.md "Store and records"): init, summary,
list, demo. (`import`: test_imports.py.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import CliResult, run_cli


def run(db: str | Path, *args: str) -> CliResult:
    return run_cli("--db", db, *args)


@pytest.fixture
def demo_db(store_location: str) -> str:
    """A demo store per test (a file or a PostgreSQL database, by engine)."""
    db = store_location
    result = run(db, "demo", "--size", "60")
    assert result.returncode == 0, result.stderr
    return db


# About the file itself: init makes the file (and its folder) and reports its resolved path.
@pytest.mark.sqlite_only
def test_init_creates_and_reports(tmp_path: Path) -> None:
    db = tmp_path / "a" / "store.sqlite"
    result = run(db, "init", "--json")
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout)
    assert info["schema_version"] >= 2 and Path(info["db"]) == db.resolve()
    assert db.exists()


def test_summary_json_counts_demo(demo_db: str) -> None:
    result = run(demo_db, "summary", "--json")
    assert result.returncode == 0, result.stderr
    counts = json.loads(result.stdout)
    assert counts["cases"] == 60
    assert counts["officers"] == 12
    assert {"officers", "cases", "ledger", "receipts", "findings"} <= counts.keys()
    assert counts["ledger"] > 50 and counts["receipts"] > 50


def test_summary_counts_the_tables_of_the_models(demo_db: str) -> None:
    # app/records/counts.py names its tables as text: they must be the models' tables
    from sqlalchemy import func, select

    from app.records.columns import REGISTERS
    from app.records.counts import COUNTED_TABLES
    from app.store import open_store
    from db.models import ImportBatch
    from db.models_audit import Finding

    models = {**{kind: REGISTERS[kind].model for kind in ("officers", "cases", "ledger", "receipts", "units")},
              "findings": Finding, "imports": ImportBatch}
    assert {kind: m.__tablename__ for kind, m in models.items()} == COUNTED_TABLES
    store = open_store(demo_db, auto_backup=False)
    try:
        with store.session() as s:
            expected = {kind: int(s.scalar(select(func.count()).select_from(m)) or 0) for kind, m in models.items()}
    finally:
        store.close()
    assert json.loads(run(demo_db, "summary", "--json").stdout) == expected


COLD_SUMMARY = """
import sys
from app.cli import main
code = main(sys.argv[1:])
heavy = sorted(m for m in sys.modules if m == "sqlalchemy.orm" or m.startswith(("db.models", "db.migrations"))
               or m in ("app.records.service", "db.changelog"))
sys.stderr.write("LOADED " + " ".join(heavy) + "\\n")
sys.exit(code)
"""


def test_a_cold_summary_imports_neither_the_orm_nor_the_models(demo_db: str) -> None:
    # what keeps `caseaudit summary` near a bare `import sqlalchemy` (bench/bench_cli.py)
    import os
    import subprocess
    import sys

    from tests.cli.helpers import ROOT

    done = subprocess.run([sys.executable, "-c", COLD_SUMMARY, "--db", str(demo_db), "summary", "--json"],
                          capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["cases"] == 60
    loaded = done.stderr.split("LOADED", 1)[1].split()
    assert loaded == [], loaded


def test_list_json_uses_contract_fields_and_types(demo_db: str) -> None:
    cases = json.loads(run(demo_db, "list", "cases", "--json", "--limit", "5").stdout)
    assert len(cases) == 5
    c = cases[0]
    # CLI.md "Record fields": facts and party_kind (issue 11) sit where the contract lists them
    assert list(c) == ["case_no", "cause", "facts", "party", "party_kind", "party_id", "legal_basis", "penalty",
                       "fine_fen", "confiscation_fen", "filed_on", "decided_on", "served_on", "closed_on",
                       "published_on", "officers", "major", "legal_review_on", "enforcement", "unit"]
    assert {x["party_kind"] for x in cases} <= {"法人及非法人组织", "自然人", "个体工商户"}
    assert all(x["facts"].startswith("经查") for x in cases)
    assert isinstance(c["fine_fen"], int) and len(c["decided_on"]) == 10 and "〔" in c["case_no"]
    assert all(set(o) == {"name", "cert_no"} for o in c["officers"])
    officers = json.loads(run(demo_db, "list", "officers", "--json").stdout)
    assert sum(1 for o in officers if o["kind"] == "辅助人员") == 1
    receipts = json.loads(run(demo_db, "list", "receipts", "--json").stdout)
    assert any(r["voided"] for r in receipts) and all(isinstance(r["onsite"], bool) for r in receipts)
    ledger = json.loads(run(demo_db, "list", "ledger", "--json", "--limit", "3").stdout)
    assert list(ledger[0]) == ["row", "case_no", "party", "violation", "penalty", "fine_fen", "decided_on",
                               "paid_on", "receipt_no", "unit"]


def test_demo_refuses_a_store_with_data(demo_db: str) -> None:
    result = run(demo_db, "demo")
    assert result.returncode == 2
    assert "空数据库" in result.stderr and "Traceback" not in result.stderr


def test_list_without_json_is_a_tab_separated_table_with_yuan(demo_db: str) -> None:
    result = run(demo_db, "list", "ledger", "--limit", "2")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split("\t") == ["行号", "案号", "当事人", "违法行为", "处罚种类", "罚款金额", "决定日期",
                                    "缴款日期", "票据号", "执法单位"]
    assert len(lines) == 3
    fine = lines[1].split("\t")[5]
    assert fine.endswith(".00") and fine.replace(",", "").replace(".", "").isdigit()
    assert "共 2 条台账记录" in result.stderr
