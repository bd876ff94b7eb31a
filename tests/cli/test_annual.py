"""`annual-report --year Y --out F.xlsx [--pdf F.pdf] [--json]` (CLI.md) and the process commands:
record, records --missing, recording-list, task import/list/export, publish officers|units."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from app.store import open_store
from db.models import Officer
from tests.cli.helpers import run_cli
from tests.process.helpers import add_case, unit_id
from tests.process.test_tasks import plan_sheet


def _store(db: str) -> str:
    store = open_store(db)
    try:
        add_case(store, "甲罚〔2023〕1号", unit="甲大队", penalty="责令停产停业，罚款", fine_fen=500000,
                 decided_on=date(2023, 5, 1), legal_review_on=date(2023, 4, 28))
        add_case(store, "乙罚〔2023〕2号", unit="乙大队", penalty="警告", decided_on=date(2023, 7, 1))
        uid = unit_id(store, "甲大队")
        with store.writing() as s:
            s.add_all([Officer(name="张三", cert_no="14000012345", unit_id=uid, field="水利", kind="执法人员"),
                       Officer(name="王五", cert_no=None, unit_id=uid, kind="辅助人员")])
    finally:
        store.close()
    return db


def test_annual_report_json_and_files(tmp_path: Path, store_location: str) -> None:
    db = _store(store_location)
    r = run_cli("--db", db, "annual-report", "--year", "2023", "--out", tmp_path / "年报.xlsx",
                "--pdf", tmp_path / "年报.pdf", "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["year"] == 2023 and data["due_on"] == "2024-01-31"
    t = data["totals"]
    assert (t["decisions"], t["fine_fen"], t["confiscation_fen"], t["hearings"], t["legal_reviews"],
            t["complaints"]) == (2, 500000, 0, 0, 1, 0)
    assert [u["unit"] for u in data["units"]] == ["乙大队", "甲大队"]
    ws = load_workbook(tmp_path / "年报.xlsx").active
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[0][0] == "2023年度行政执法统计年报"
    header = rows[2]
    assert header[:2] == ["执法单位", "处罚决定"] and "责令停产停业" in header and "罚款金额（元）" in header
    total = rows[-1]
    assert total[0] == "合计" and total[1] == 2 and total[header.index("罚款金额（元）")] == 5000
    assert (tmp_path / "年报.pdf").read_bytes().startswith(b"%PDF")


def test_annual_report_refuses_a_bad_year_in_json(tmp_path: Path, store_location: str) -> None:
    r = run_cli("--db", store_location, "annual-report", "--year", "23", "--out", tmp_path / "x.xlsx", "--json")
    assert r.returncode == 2 and "统计年度" in json.loads(r.stdout)["error"]["message"]
    assert not (tmp_path / "x.xlsx").exists()


def test_records_and_the_missing_list(tmp_path: Path, store_location: str) -> None:
    db = _store(store_location)
    r = run_cli("--db", db, "records", "--missing", "--json")
    assert r.returncode == 0 and [x["case_no"] for x in json.loads(r.stdout)] == ["甲罚〔2023〕1号"]
    clip = tmp_path / "现场.mp4"
    clip.write_bytes(b"clip")
    r = run_cli("--db", db, "record", "add", "甲罚〔2023〕1号", "--stage", "执行", "--kind", "音像",
                "--on", "2023-05-10", "--by", "张三", "--file", clip, "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["file_name"] == "现场.mp4"
    assert json.loads(run_cli("--db", db, "records", "--missing", "--json").stdout) == []
    bad = run_cli("--db", db, "record", "add", "甲罚〔2023〕1号", "--stage", "归档", "--kind", "音像")
    assert bad.returncode == 2 and "不在" in bad.stderr
    r = run_cli("--db", db, "recording-list", "--set", "强制拆除", "--json")
    assert json.loads(r.stdout) == {"recording_list": ["强制拆除"]}


def test_task_commands_and_the_published_lists(tmp_path: Path, store_location: str) -> None:
    db = _store(store_location)
    r = run_cli("--db", db, "task", "import", plan_sheet(tmp_path / "附件2.xlsx"), "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["imported"] == 7
    late = json.loads(run_cli("--db", db, "task", "list", "--overdue", "--as-of", "2019-11-01", "--json").stdout)
    assert [t["seq"] for t in late] == [4, 5]
    assert run_cli("--db", db, "task", "export", "--out", tmp_path / "出.xlsx").returncode == 0
    again = run_cli("--db", db, "task", "import", tmp_path / "出.xlsx")
    assert again.returncode == 2 and "--replace" in again.stderr
    r = run_cli("--db", db, "publish", "officers", "--out", tmp_path / "人员.xlsx", "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["rows"] == 1
    rows = [[c.value for c in row] for row in load_workbook(tmp_path / "人员.xlsx").active.iter_rows()]
    assert rows[2] == ["序号", "姓名", "执法单位", "执法领域", "执法证号", "有效期起", "有效期至", "证件状态"]
    assert rows[3][:5] == [1, "张三", "甲大队", "水利", "14000012345"]
    assert not any("身份证" in str(v) for row in rows for v in row)
    r = run_cli("--db", db, "publish", "units", "--out", tmp_path / "主体.xlsx", "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["rows"] == 2
