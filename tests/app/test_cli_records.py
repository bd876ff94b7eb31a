"""The command line as the acceptance checks call it (CLI.md "Store and records")."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(db), *args],
                          capture_output=True, text=True, encoding="utf-8", timeout=120, cwd=ROOT)


def _ledger_xlsx(path: Path, rows: list[list[object]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "台账"
    ws.append(["沈阳市水务局行政处罚台账"])
    ws.merge_cells("A1:F1")
    ws.append(["序号", "处罚决定书文号", "被处罚人", "罚款金额（元）", "作出决定日期", "票据号"])
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    result = run(db, "demo", "--size", "60")
    assert result.returncode == 0, result.stderr
    return db


def test_init_creates_and_reports(tmp_path: Path) -> None:
    db = tmp_path / "a" / "store.sqlite"
    result = run(db, "init", "--json")
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout)
    assert info["schema_version"] >= 2 and Path(info["db"]) == db.resolve()
    assert db.exists()


def test_summary_json_counts_demo(demo_db: Path) -> None:
    result = run(demo_db, "summary", "--json")
    assert result.returncode == 0, result.stderr
    counts = json.loads(result.stdout)
    assert counts["cases"] == 60
    assert counts["officers"] == 12
    assert {"officers", "cases", "ledger", "receipts", "findings"} <= counts.keys()
    assert counts["ledger"] > 50 and counts["receipts"] > 50


def test_list_json_uses_contract_fields_and_types(demo_db: Path) -> None:
    cases = json.loads(run(demo_db, "list", "cases", "--json", "--limit", "5").stdout)
    assert len(cases) == 5
    c = cases[0]
    assert list(c) == ["case_no", "cause", "party", "party_id", "legal_basis", "penalty", "fine_fen",
                       "confiscation_fen", "filed_on", "decided_on", "served_on", "closed_on", "published_on",
                       "officers", "major", "legal_review_on", "enforcement", "unit"]
    assert isinstance(c["fine_fen"], int) and len(c["decided_on"]) == 10 and "〔" in c["case_no"]
    assert all(set(o) == {"name", "cert_no"} for o in c["officers"])
    officers = json.loads(run(demo_db, "list", "officers", "--json").stdout)
    assert sum(1 for o in officers if o["kind"] == "辅助人员") == 1
    receipts = json.loads(run(demo_db, "list", "receipts", "--json").stdout)
    assert any(r["voided"] for r in receipts) and all(isinstance(r["onsite"], bool) for r in receipts)
    ledger = json.loads(run(demo_db, "list", "ledger", "--json", "--limit", "3").stdout)
    assert list(ledger[0]) == ["row", "case_no", "party", "violation", "penalty", "fine_fen", "decided_on",
                               "paid_on", "receipt_no", "unit"]


def test_demo_refuses_a_store_with_data(demo_db: Path) -> None:
    result = run(demo_db, "demo")
    assert result.returncode == 2
    assert "空数据库" in result.stderr and "Traceback" not in result.stderr


def test_import_json_then_same_file_again(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite"
    xlsx = _ledger_xlsx(tmp_path / "台账.xlsx", [
        [1, "沈水罚字[2019]第012号", "张三", "5,000.00", "2019年3月5日", "A0001"],
        [2, "沈水罚字(2019)第13号", "李四", "伍仟元整", "2019/3/6", "A0002"],
        [None, None, None, None, None, None],
        ["合计", None, None, 10000, None, None],
    ])
    result = run(db, "import", "ledger", str(xlsx), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert {k: report[k] for k in ("kind", "sheet", "header_row", "imported", "already_imported")} == {
        "kind": "ledger", "sheet": "台账", "header_row": 2, "imported": 2, "already_imported": False}
    assert report["rejected"] == [] and report["skipped_blank"] >= 1
    rows = json.loads(run(db, "list", "ledger", "--json").stdout)
    assert [(r["case_no"], r["fine_fen"], r["decided_on"]) for r in rows] == [
        ("沈水罚字〔2019〕第12号", 500_000, "2019-03-05"), ("沈水罚字〔2019〕第13号", 500_000, "2019-03-06")]
    again = json.loads(run(db, "import", "ledger", str(xlsx), "--json").stdout)
    assert again["already_imported"] is True and again["imported"] == 0
    assert json.loads(run(db, "summary", "--json").stdout)["ledger"] == 2


def test_bad_row_is_refused_with_location_and_nothing_written(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite"
    xlsx = _ledger_xlsx(tmp_path / "坏台账.xlsx", [
        [1, "沈水罚字[2019]第012号", "张三", 5000, "2019-03-05", "A0001"],
        [2, "沈水罚字[2019]第013号", "李四", 5000, "2019-02-30", "A0002"],
    ])
    result = run(db, "import", "ledger", str(xlsx))
    assert result.returncode == 2
    assert "坏台账.xlsx" in result.stderr and "第 4 行" in result.stderr and "E" in result.stderr
    assert "Traceback" not in result.stderr
    assert json.loads(run(db, "summary", "--json").stdout)["ledger"] == 0
    dry = run(db, "import", "ledger", str(xlsx), "--skip-invalid", "--dry-run", "--json")
    assert dry.returncode == 0, dry.stderr
    assert json.loads(dry.stdout)["imported"] == 1
    assert json.loads(run(db, "summary", "--json").stdout)["ledger"] == 0
    ok = json.loads(run(db, "import", "ledger", str(xlsx), "--skip-invalid", "--json").stdout)
    assert ok["imported"] == 1 and [r["row"] for r in ok["rejected"]] == [4]


def test_not_a_spreadsheet_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite"
    bogus = tmp_path / "台账.xlsx"
    bogus.write_bytes(b"this is not a workbook at all")
    result = run(db, "import", "ledger", str(bogus))
    assert result.returncode == 2
    assert "台账.xlsx" in result.stderr and result.stdout == ""


def test_missing_file_and_bad_usage_exit_2(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite"
    assert run(db, "import", "ledger", str(tmp_path / "nope.xlsx")).returncode == 2
    assert run(db, "list", "nonsense").returncode == 2


def test_list_without_json_is_a_tab_separated_table_with_yuan(demo_db: Path) -> None:
    result = run(demo_db, "list", "ledger", "--limit", "2")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split("\t") == ["行号", "案号", "当事人", "违法行为", "处罚种类", "罚款金额", "决定日期",
                                    "缴款日期", "票据号", "执法单位"]
    assert len(lines) == 3
    fine = lines[1].split("\t")[5]
    assert fine.endswith(".00") and fine.replace(",", "").replace(".", "").isdigit()
    assert "共 2 条台账记录" in result.stderr
