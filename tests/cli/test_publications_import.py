"""`caseaudit import publications FILE [--published-on DATE] [--json]` (CLI.md): the import JSON with
what was matched and covered, unmatched rows named by file, sheet and row, refusals exit 2."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import insert

from app.store import Store
from db.models import CaseFile, Unit
from tests.cli.helpers import run_cli

K = "沈水罚字〔2024〕第{}号".format


@pytest.fixture
def db(store: Store) -> Path | str:
    with store.writing() as s:
        s.execute(insert(Unit), [{"id": 1, "name": "沈阳市水务局"}])
        s.execute(insert(CaseFile), [{"case_no": K(1), "case_key": K(1), "party": "张三", "decided_on": date(2024, 3, 4),
                                      "unit_id": 1}])
    return Path(store.path) if store.kind == "sqlite" else store.display  # what --db takes: a file or the URL


def _xlsx(tmp_path: Path, rows: list[list[object]], name: str = "公示.xlsx") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "公示"
    for row in rows:
        ws.append(row)
    path = tmp_path / name
    wb.save(path)
    return path


def test_json_report_and_unmatched_rows(db: Path, tmp_path: Path) -> None:
    path = _xlsx(tmp_path, [["案号", "当事人", "公示日期"], [K(1), "张某", "2024-03-08"],
                            ["沈环罚〔2024〕7号", "赵某", "2024-03-09"]])
    r = run_cli("--db", db, "import", "publications", path, "--json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert {k: doc[k] for k in ("kind", "file", "sheet", "header_row", "rows_read", "imported", "already_imported",
                                "matched", "unmatched")} == {
        "kind": "publications", "file": "公示.xlsx", "sheet": "公示", "header_row": 1, "rows_read": 2, "imported": 1,
        "already_imported": False, "matched": 1, "unmatched": 1}
    assert doc["covers"] == {"from": "2024-03-04", "to": "2024-03-04", "units": ["沈阳市水务局"]}
    assert doc["last_published_on"] == "2024-03-09" and doc["rejected"] == []
    assert [w["row"] for w in doc["warnings"]] == [3]
    again = run_cli("--db", db, "import", "publications", path)
    assert again.returncode == 0 and "已导入过" in again.stdout


def test_text_output_names_file_sheet_and_row(db: Path, tmp_path: Path) -> None:
    path = _xlsx(tmp_path, [["案号", "公示日期"], ["沈环罚〔2024〕7号", "2024-03-09"]])
    r = run_cli("--db", db, "import", "publications", path)
    assert r.returncode == 0, r.stderr
    assert "已记录公示 0 条" in r.stdout
    assert "提醒 公示.xlsx 工作表「公示」第 2 行 A 列「案号」：未找到对应的案卷" in r.stdout


def test_no_date_column_is_refused_unless_the_date_is_given(db: Path, tmp_path: Path) -> None:
    path = _xlsx(tmp_path, [["行政处罚决定书文号", "行政相对人名称"], [K(1), "张三"]])
    r = run_cli("--db", db, "import", "publications", path, "--json")
    assert r.returncode == 2 and "--published-on" in r.stderr
    assert json.loads(r.stdout)["error"]["file"] == "公示.xlsx"
    r = run_cli("--db", db, "import", "publications", path, "--published-on", "2024-03-10", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["matched"] == 1
    bad = run_cli("--db", db, "import", "publications", path, "--published-on", "2024-13-40")
    assert bad.returncode == 2 and "--published-on" in bad.stderr


def test_options_that_mean_nothing_for_a_list_are_refused(db: Path, tmp_path: Path) -> None:
    path = _xlsx(tmp_path, [["案号", "公示日期"], [K(1), "2024-03-09"]])
    r = run_cli("--db", db, "import", "publications", path, "--unit", "某局")
    assert r.returncode == 2 and "--unit" in r.stderr
    cases = _xlsx(tmp_path, [["案号", "当事人"], [K(2), "李四"]], "案卷.xlsx")
    r = run_cli("--db", db, "import", "cases", cases, "--published-on", "2024-03-09")
    assert r.returncode == 2 and "import publications" in r.stderr


def test_an_ambiguous_row_exits_2_with_the_report(store: Store, tmp_path: Path) -> None:
    with store.writing() as s:
        s.execute(insert(CaseFile), [
            {"case_no": K(i), "case_key": K(i), "party": name, "decided_on": date(2024, 3, 6)}
            for i, name in ((3, "李四"), (4, "李五"))])
    path = _xlsx(tmp_path, [["当事人", "决定日期", "公示日期"], ["李某", "2024-03-06", "2024-03-08"]])
    r = run_cli("--db", store.path if store.kind == "sqlite" else store.display, "import", "publications", path, "--json")
    assert r.returncode == 2
    doc = json.loads(r.stdout)
    assert doc["error"]["row"] == 2 and doc["rejected"][0]["column"] == "当事人"
    assert "无法确定" in r.stderr
