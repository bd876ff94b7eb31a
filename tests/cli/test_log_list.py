"""`caseaudit log list [--json] [--xlsx F]` and `log revert-last`: the 操作记录 from the command line."""

from __future__ import annotations

import json
from pathlib import Path

from python_calamine import CalamineWorkbook

from tests.cli.helpers import CliResult, run_cli
from tests.delivery.helpers import write_ledger


def run(db: str | Path, *args: str, who: str = "甲") -> CliResult:
    return run_cli("--db", db, "--operator", who, *args)


def test_log_list_filters_and_exports(tmp_path: Path, store_location: str) -> None:
    db = store_location
    assert run(db, "import", "ledger", str(write_ledger(tmp_path / "a.xlsx", 4))).returncode == 0
    batch = json.loads(run(db, "import", "list", "--json").stdout)[0]["id"]
    assert run(db, "import", "undo", str(batch), who="乙").returncode == 0

    rows = json.loads(run(db, "log", "list", "--json").stdout)
    assert [(r["action"], r["operator"]) for r in rows] == [("undo", "乙"), ("import", "甲")]
    assert "a.xlsx" in rows[0]["summary"] and rows[0]["before"]["rows"] == 4
    only = json.loads(run(db, "log", "list", "--by", "甲", "--json").stdout)
    assert [r["action"] for r in only] == ["import"]
    out = tmp_path / "log.xlsx"
    done = run(db, "log", "list", "--action", "undo", "--xlsx", str(out))
    assert done.returncode == 0 and "1 条" in done.stdout
    sheet = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("操作记录").to_python()
    assert sheet[3][2:4] == ["乙", "撤销导入"]
    bad = run(db, "log", "list", "--from", "去年")
    assert bad.returncode == 2


def test_revert_last_undoes_the_last_record_edit(tmp_path: Path, store_location: str) -> None:
    db = store_location
    assert run(db, "log", "revert-last").returncode == 2  # nothing to undo yet
    assert run(db, "import", "ledger", str(write_ledger(tmp_path / "a.xlsx", 2))).returncode == 0
    from app.records import service
    from app.store import open_store

    store = open_store(db, auto_backup=False)
    try:
        rid = service.ids(store, "ledger")[0]
        service.delete(store, "ledger", rid, operator="甲")
    finally:
        store.close()
    assert json.loads(run(db, "summary", "--json").stdout)["ledger"] == 1
    done = run(db, "log", "revert-last")
    assert done.returncode == 0 and "已撤销" in done.stdout
    assert json.loads(run(db, "summary", "--json").stdout)["ledger"] == 2
    assert json.loads(run(db, "log", "verify", "--json").stdout)["ok"] is True
