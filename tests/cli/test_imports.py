"""`caseaudit import KIND FILE …` (CLI.md "Store and records"): the import JSON, the same file
twice, a bad row refused with its location and nothing written, not a spreadsheet."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl

from tests.cli.helpers import CliResult, run_cli


def run(db: str | Path, *args: str) -> CliResult:
    return run_cli("--db", db, *args)


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


def test_import_json_then_same_file_again(tmp_path: Path, store_location: str) -> None:
    db = store_location
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


def test_bad_row_is_refused_with_location_and_nothing_written(tmp_path: Path, store_location: str) -> None:
    db = store_location
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


def test_not_a_spreadsheet_is_refused(tmp_path: Path, store_location: str) -> None:
    db = store_location
    bogus = tmp_path / "台账.xlsx"
    bogus.write_bytes(b"this is not a workbook at all")
    result = run(db, "import", "ledger", str(bogus))
    assert result.returncode == 2
    assert "台账.xlsx" in result.stderr and result.stdout == ""


def test_dry_run_json_lists_the_columns_with_field_and_scale(tmp_path: Path, store_location: str) -> None:
    db = store_location
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "行政处罚"
    ws.append(["行政处罚决定书文号", "行政相对人名称", "行政相对人类别", "罚款金额（万元）", "处罚决定日期", "备注"])
    ws.append(["沈水罚字〔2021〕第1号", "张三", "自然人", 0.005, "2021/08/05", None])
    path = tmp_path / "双公示.xlsx"
    wb.save(path)

    dry = run(db, "import", "cases", str(path), "--dry-run", "--json")

    assert dry.returncode == 0, dry.stderr
    report = json.loads(dry.stdout)
    assert report["columns"] == [
        {"column": "A", "header": "行政处罚决定书文号", "field": "case_no", "scale": None},
        {"column": "B", "header": "行政相对人名称", "field": "party", "scale": None},
        {"column": "C", "header": "行政相对人类别", "field": "party_kind", "scale": None},
        {"column": "D", "header": "罚款金额（万元）", "field": "fine_fen", "scale": "万元"},
        {"column": "E", "header": "处罚决定日期", "field": "decided_on", "scale": None},
        {"column": "F", "header": "备注", "field": None, "scale": None},
    ]
    assert report["imported"] == 1 and json.loads(run(db, "summary", "--json").stdout)["cases"] == 0
    text = run(db, "import", "cases", str(path), "--dry-run")
    assert "列 D「罚款金额（万元）」→ 罚款金额（单位：万元）" in text.stdout
    done = run(db, "import", "cases", str(path), "--json")
    assert "columns" not in json.loads(done.stdout)  # only the dry run lists them
    [case] = json.loads(run(db, "list", "cases", "--json").stdout)
    assert (case["party_kind"], case["fine_fen"], case["decided_on"]) == ("自然人", 5_000, "2021-08-05")


# --- the --json error document (CLI.md), hidden sheets and --all-sheets ----------------------

def test_json_refusal_of_a_bad_file_prints_the_error_document(tmp_path: Path, store_location: str) -> None:
    db = store_location
    bogus = tmp_path / "台账.xlsx"
    bogus.write_bytes(b"this is not a workbook at all")
    result = run(db, "import", "ledger", str(bogus), "--json")
    assert result.returncode == 2 and "台账.xlsx" in result.stderr
    doc = json.loads(result.stdout)  # exactly one document
    assert doc == {"error": {"message": result.stderr.strip(), "file": "台账.xlsx", "sheet": None, "row": None,
                             "column": None}}


def test_json_refusal_of_a_bad_row_names_its_cell_beside_the_report(tmp_path: Path, store_location: str) -> None:
    db = store_location
    xlsx = _ledger_xlsx(tmp_path / "坏台账.xlsx", [
        [1, "沈水罚字[2019]第012号", "张三", 5000, "2019-03-05", "A0001"],
        [2, "沈水罚字[2019]第013号", "李四", 5000, "2019-02-30", "A0002"],
    ])
    result = run(db, "import", "ledger", str(xlsx), "--json")
    assert result.returncode == 2
    doc = json.loads(result.stdout)
    assert doc["error"] == {"message": result.stderr.strip(), "file": "坏台账.xlsx", "sheet": "台账", "row": 4,
                            "column": "E"}
    assert [(r["row"], r["column"]) for r in doc["rejected"]] == [(4, "作出决定日期")] and doc["imported"] == 0
    assert json.loads(run(db, "summary", "--json").stdout)["ledger"] == 0


def test_json_refusal_names_the_sheet_when_one_is_missing(tmp_path: Path, store_location: str) -> None:
    db = store_location
    xlsx = _ledger_xlsx(tmp_path / "台账.xlsx", [[1, "沈水罚字[2019]第012号", "张三", 5000, "2019-03-05", "A1"]])
    result = run(db, "import", "ledger", str(xlsx), "--sheet", "没有这张表", "--json")
    assert result.returncode == 2
    error = json.loads(result.stdout)["error"]
    assert error["file"] == "台账.xlsx" and "没有这张表" in error["message"]
    missing = run(db, "import", "ledger", str(tmp_path / "无.xlsx"), "--json")
    assert missing.returncode == 2 and json.loads(missing.stdout)["error"]["file"] == "无.xlsx"


def test_json_refusal_of_the_arguments_is_a_document_too(tmp_path: Path) -> None:
    result = run(tmp_path / "s.sqlite", "import", "nonsense", "x.xlsx", "--json")
    assert result.returncode == 2 and "命令行参数有误" in result.stderr
    assert json.loads(result.stdout)["error"]["message"].startswith("命令行参数有误")


def _two_sheet_book(path: Path, hidden_first: bool) -> Path:
    wb = openpyxl.Workbook()
    old = wb.active
    old.title = "旧台账"
    old.append(["案号", "当事人", "罚款金额（元）"])
    old.append(["沈水罚字〔2017〕第1号", "旧", 100])
    if hidden_first:
        old.sheet_state = "hidden"
    for title, case_no in (("法人", "沈水罚字〔2019〕第1号"), ("自然人", "沈水罚字〔2019〕第2号")):
        ws = wb.create_sheet(title)
        ws.append(["案号", "当事人", "罚款金额（元）"])
        ws.append([case_no, title, 5000])
    wb.create_sheet("说明").append(["填表说明"])
    wb.save(path)
    return path


def test_hidden_sheet_is_skipped_and_named_and_read_with_sheet(tmp_path: Path, store_location: str) -> None:
    db = store_location
    book = _two_sheet_book(tmp_path / "台账.xlsx", hidden_first=True)
    result = run(db, "import", "ledger", str(book))
    assert result.returncode == 0, result.stderr
    assert "工作表「法人」" in result.stdout and "隐藏的工作表「旧台账」未导入" in result.stdout
    named = json.loads(run(db, "import", "ledger", str(book), "--sheet", "旧台账", "--json").stdout)
    assert (named["sheet"], named["imported"]) == ("旧台账", 1)


def test_all_sheets_json_lists_each_batch_and_the_sheets_skipped(tmp_path: Path, store_location: str) -> None:
    db = store_location
    book = _two_sheet_book(tmp_path / "双公示.xlsx", hidden_first=True)
    result = run(db, "import", "ledger", str(book), "--all-sheets", "--json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert [(s["sheet"], s["imported"]) for s in doc["sheets"]] == [("法人", 1), ("自然人", 1)]
    assert len({s["batch_id"] for s in doc["sheets"]}) == 2 and doc["imported"] == 2
    assert {s["sheet"] for s in doc["skipped"]} == {"旧台账", "说明"}
    rows = json.loads(run(db, "list", "ledger", "--json").stdout)
    assert [(r["case_no"], r["party"], r["fine_fen"]) for r in rows] == [
        ("沈水罚字〔2019〕第1号", "法人", 500_000), ("沈水罚字〔2019〕第2号", "自然人", 500_000)]
    human = run(db, "import", "ledger", str(book), "--all-sheets")
    assert human.returncode == 0 and "已导入过" in human.stdout and "跳过 工作表「说明」" in human.stdout
    both = run(db, "import", "ledger", str(book), "--all-sheets", "--sheet", "法人", "--json")
    assert both.returncode == 2 and "error" in json.loads(both.stdout)
