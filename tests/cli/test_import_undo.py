"""`caseaudit import undo BATCH` and `import list` (CLI.md): the undo restores the counts, `log
verify` passes afterwards, a refused undo is exit 2 with its reasons and nothing written."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.helpers import CliResult, run_cli
from tests.delivery.helpers import write_ledger
from tests.imports.test_undo import _cases_xlsx


def run(db: str | Path, *args: str) -> CliResult:
    return run_cli("--db", db, "--operator", "测试员", *args)


def test_import_undo_restores_the_counts_and_the_log_verifies(tmp_path: Path, store_location: str) -> None:
    db = store_location
    assert run(db, "import", "ledger", str(write_ledger(tmp_path / "a.xlsx", 8))).returncode == 0
    second = json.loads(run(db, "import", "ledger", str(write_ledger(tmp_path / "b.xlsx", 5, first=9)),
                            "--json").stdout)
    assert json.loads(run(db, "summary", "--json").stdout)["ledger"] == 13
    listed = json.loads(run(db, "import", "list", "--json").stdout)
    assert [(b["id"], b["file"], b["imported"]) for b in listed] == [(second["batch_id"], "b.xlsx", 5),
                                                                    (listed[1]["id"], "a.xlsx", 8)]

    undone = run(db, "import", "undo", str(second["batch_id"]), "--json")

    assert undone.returncode == 0, undone.stderr
    doc = json.loads(undone.stdout)
    assert doc["batch_id"] == second["batch_id"] and doc["deleted"] == 5
    assert json.loads(run(db, "summary", "--json").stdout)["ledger"] == 8
    verify = run(db, "log", "verify", "--json")
    assert verify.returncode == 0 and json.loads(verify.stdout)["ok"] is True
    text = run(db, "import", "list")
    assert "b.xlsx" not in text.stdout and "共 1 个导入批次" in text.stdout


def test_a_refused_undo_says_why_and_writes_nothing(tmp_path: Path, store_location: str) -> None:
    db = store_location
    batch = json.loads(run(db, "import", "cases", str(_cases_xlsx(tmp_path / "c.xlsx")), "--json").stdout)["batch_id"]
    audit = json.loads(run(db, "audit", "run", "--json").stdout)
    fid = audit["findings"][0]["id"]
    assert run(db, "findings", "confirm", str(fid), "--category", "执法不规范").returncode == 0
    entries = json.loads(run(db, "log", "verify", "--json").stdout)["entries"]

    refused = run(db, "import", "undo", str(batch))

    assert refused.returncode == 2
    assert f"不能撤销导入批次 #{batch}" in refused.stderr and f"#{fid}" in refused.stderr
    assert "数据库未作任何改动" in refused.stderr
    as_json = run(db, "import", "undo", str(batch), "--json")
    error = json.loads(as_json.stdout)["error"]
    assert as_json.returncode == 2 and error["reasons"] and "确认为问题" in error["reasons"][0]
    assert json.loads(run(db, "summary", "--json").stdout)["cases"] == 2
    assert json.loads(run(db, "log", "verify", "--json").stdout)["entries"] == entries


def test_undo_needs_a_batch_number(tmp_path: Path, store_location: str) -> None:
    db = store_location
    bad = run(db, "import", "undo", "abc")
    assert bad.returncode == 2 and "应为正整数" in bad.stderr
    missing = run(db, "import", "undo", "7")
    assert missing.returncode == 2 and "找不到导入批次 #7" in missing.stderr
    no_file = run(db, "import", "cases")
    assert no_file.returncode == 2 and "缺少要导入的文件" in no_file.stderr
