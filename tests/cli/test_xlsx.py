"""`list KIND --xlsx`, `findings --xlsx`, `problems --xlsx`: formatted sheets read back with calamine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from tests.cli.helpers import CliResult, run_cli


def run(db: str | Path, *args: str | Path) -> CliResult:
    return run_cli("--db", db, *args)


def sheet(path: Path) -> list[list[object]]:
    wb = CalamineWorkbook.from_path(str(path))
    return wb.get_sheet_by_index(0).to_python(skip_empty_area=False)


@pytest.fixture
def demo_db(store_location: str) -> str:
    """A demo store per test (a file or a PostgreSQL database, by engine)."""
    db = store_location
    assert run(db, "demo", "--size", "60").returncode == 0
    assert run(db, "campaign", "create", "--name", "专项", "--doc-no", "沈水发〔2024〕1号",
               "--taxonomy", "A").returncode == 0
    assert run(db, "audit", "run", "--as-of", "2024-06-30").returncode == 0
    return db


def test_list_xlsx_matches_the_json_listing(demo_db: str, tmp_path: Path) -> None:
    out = tmp_path / "案卷.xlsx"
    result = run(demo_db, "list", "cases", "--xlsx", out, "--json")
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)  # --json still prints exactly the JSON document
    rows = sheet(out)
    assert rows[0][0] == "案卷登记"
    assert rows[1][0] == f"共 {len(records)} 条"
    header = rows[2]
    assert header[:4] == ["案号", "案由", "违法事实", "当事人"]  # the fields in CLI.md's order
    body = rows[3:]
    assert len(body) == len(records)
    fine = header.index("罚款金额")
    decided = header.index("决定日期")
    for rec, row in zip(records, body, strict=True):
        assert row[0] == rec["case_no"]
        if rec["fine_fen"] is not None:
            assert row[fine] == pytest.approx(rec["fine_fen"] / 100)  # a number, in 元
        if rec["decided_on"]:
            assert str(row[decided])[:10] == rec["decided_on"]


def test_list_xlsx_writes_formula_like_text_as_text(tmp_path: Path, store_location: str) -> None:
    db = store_location
    assert run(db, "init").returncode == 0
    csv = tmp_path / "o.csv"
    csv.write_text("姓名,执法证号,执法单位\n=1+1,21010012345,@单位\n", encoding="utf-8")
    assert run(db, "import", "officers", csv).returncode == 0
    out = tmp_path / "o.xlsx"
    assert run(db, "list", "officers", "--xlsx", out).returncode == 0
    from openpyxl import load_workbook

    ws = load_workbook(out).active
    values = [c.value for c in ws[4]]
    assert "=1+1" in values and "@单位" in values
    assert all(c.data_type == "s" for c in ws[4] if isinstance(c.value, str))


def test_findings_and_problems_xlsx(demo_db: str, tmp_path: Path) -> None:
    result = run(demo_db, "findings", "--json")
    findings = json.loads(result.stdout)["findings"]
    assert findings
    out = tmp_path / "线索.xlsx"
    assert run(demo_db, "findings", "--xlsx", out).returncode == 0
    rows = sheet(out)
    assert rows[0][0] == "问题线索" and rows[2][:3] == ["问题类型", "状态", "案号"]
    assert len(rows) - 3 == len(findings)
    assert {r[1] for r in rows[3:]} == {"待核实"}

    ids = [str(f["id"]) for f in findings[:3]]
    assert run(demo_db, "findings", "confirm", *ids).returncode == 0
    problems = json.loads(run(demo_db, "problems", "--json").stdout)
    out = tmp_path / "问题.xlsx"
    assert run(demo_db, "problems", "--xlsx", out).returncode == 0
    rows = sheet(out)
    assert rows[0][0] == "问题清单" and rows[2][0] == "序号"
    assert [int(r[0]) for r in rows[3:]] == [p["id"] for p in problems]
    assert [r[4] for r in rows[3:]] == [p["case_no"] or "" for p in problems]
