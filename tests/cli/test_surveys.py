"""`survey create|print|import|tally` as a user runs them: the questionnaire from --q options or a
JSON file, the sheet printed, filled and imported back, the tally exact; a sheet with other columns
refused (exit 2) naming the column in the error document."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import load_workbook

from tests.cli.helpers import CliResult, run_cli
from tests.reports.helpers import pdftext, squeeze


def run(db: str | Path, *args: str | Path) -> CliResult:
    return run_cli("--db", db, "--operator", "测试", *args)


def test_create_print_fill_import_and_tally(tmp_path: Path, store_location: str) -> None:
    db = store_location
    r = run(db, "survey", "create", "--title", "执法满意度问卷", "--audience", "社会公众",
            "--q", "单选", "执法人员态度如何", "好", "一般", "差", "--q", "问答", "意见建议", "--json")
    assert r.returncode == 0, r.stderr
    sid = str(json.loads(r.stdout)["id"])
    form, sheet = tmp_path / "问卷.pdf", tmp_path / "答卷.xlsx"
    assert run(db, "survey", "print", sid, "--out", form).returncode == 0
    assert "执法人员态度如何" in squeeze(pdftext(form))
    assert run(db, "survey", "print", sid, "--out", sheet).returncode == 0
    wb = load_workbook(sheet)
    ws = wb["问卷"]
    for i, (unit, answer, text) in enumerate((("甲局", "好", "无"), ("甲局", "B", ""), ("乙局", "好", "多公开"))):
        ws.cell(4 + i, 2, unit)
        ws.cell(4 + i, 4, answer)
        ws.cell(4 + i, 5, text)
    wb.save(tmp_path / "已填.xlsx")
    r = run(db, "survey", "import", sid, tmp_path / "已填.xlsx", "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["imported"] == 3
    r = run(db, "survey", "tally", sid, "--out", tmp_path / "统计.pdf", "--json")
    data = json.loads(r.stdout)
    q1 = data["questions"][0]
    assert [(o["option"], o["count"]) for o in q1["options"]] == [("好", 2), ("一般", 1), ("差", 0)]
    assert data["questions"][1]["answers"] == ["无", "多公开"]
    assert "收回答卷3份" in squeeze(pdftext(tmp_path / "统计.pdf"))
    ws["D3"] = "1. 别的题目（单选）"
    wb.save(tmp_path / "错列.xlsx")
    r = run(db, "survey", "import", sid, tmp_path / "错列.xlsx", "--json")
    assert r.returncode == 2 and "D 列表头应为" in r.stderr
    err = json.loads(r.stdout)["error"]
    assert (err["file"], err["sheet"], err["row"], err["column"]) == ("错列.xlsx", "问卷", 3, "D")
    assert json.loads(run(db, "survey", "show", sid, "--json").stdout)["responses"] == 3


def test_create_from_a_file_and_bad_definitions(tmp_path: Path, store_location: str) -> None:
    db = store_location
    path = tmp_path / "q.json"
    path.write_text(json.dumps({"title": "问卷", "audience": "执法单位",
                                "questions": [{"text": "是否建立台账", "kind": "single", "options": ["是", "否"]}]},
                               ensure_ascii=False), encoding="utf-8")
    r = run(db, "survey", "create", "--file", path, "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["audience"] == "执法单位"
    r = run(db, "survey", "create", "--title", "x", "--audience", "社会公众", "--q", "单选", "只有一个选项", "是")
    assert r.returncode == 2 and "至少要有两个选项" in r.stderr
    assert len(json.loads(run(db, "survey", "list", "--json").stdout)) == 1
