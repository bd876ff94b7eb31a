"""`caseaudit backup create | list | verify | restore`, and a damaged store refused by every command.
(`--version`: test_process.py.)"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.cli.helpers import CliResult, run_cli
from tests.delivery.helpers import counts, damage, write_ledger


def cli(*args: str | Path) -> CliResult:
    return run_cli(*args)


# About the file itself: the backups are copies of the SQLite file, counted by opening those files.
@pytest.mark.sqlite_only
def test_backup_create_list_verify_restore(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite"
    assert cli("--db", db, "import", "ledger", write_ledger(tmp_path / "a.xlsx", 20)).returncode == 0
    made = cli("--db", db, "backup", "create", "--json")
    assert made.returncode == 0, made.stderr
    backup = Path(json.loads(made.stdout)["backup"])
    listed = json.loads(cli("--db", db, "backup", "list", "--json").stdout)
    assert str(backup) in [b["path"] for b in listed] and {b["reason"] for b in listed} >= {"manual"}
    verified = cli("--db", db, "backup", "verify", backup, "--json")
    assert verified.returncode == 0 and json.loads(verified.stdout)["usable"] is True

    assert cli("--db", db, "import", "ledger", write_ledger(tmp_path / "b.xlsx", 5, first=50, seed=5)).returncode == 0
    refused = cli("--db", db, "backup", "restore", backup)
    assert refused.returncode == 2 and "--yes" in refused.stderr and counts(db)["ledger_entries"] == 25
    restored = cli("--db", db, "backup", "restore", backup, "--yes", "--json")
    assert restored.returncode == 0, restored.stderr
    assert counts(db)["ledger_entries"] == 20
    saved = Path(json.loads(restored.stdout)["saved_current"])
    assert counts(saved)["ledger_entries"] == 25


# About the file itself: a backup file's user_version is changed and its bytes damaged.
@pytest.mark.sqlite_only
def test_verify_and_restore_refuse_bad_backups(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite"
    cli("--db", db, "import", "ledger", write_ledger(tmp_path / "a.xlsx", 2000))
    backup = Path(json.loads(cli("--db", db, "backup", "create", "--json").stdout)["backup"])
    future = backup.with_name(backup.name.replace(".manual.", "-9.manual."))
    future.write_bytes(backup.read_bytes())
    con = sqlite3.connect(future)
    con.execute("PRAGMA user_version=999")
    con.commit()
    con.close()
    result = cli("--db", db, "backup", "verify", future)
    assert result.returncode == 2 and "更新版本" in result.stderr
    result = cli("--db", db, "backup", "restore", future, "--yes")
    assert result.returncode == 2 and "更新版本" in result.stderr
    damage(backup)
    result = cli("--db", db, "backup", "verify", backup)
    assert result.returncode == 2 and "未通过校验" in result.stderr


# About the file itself: the store file's bytes are damaged and must stay as they were.
@pytest.mark.sqlite_only
def test_a_damaged_store_is_refused_by_every_command(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite"
    cli("--db", db, "import", "ledger", write_ledger(tmp_path / "a.xlsx", 2000))
    damage(db)
    before = db.read_bytes()
    result = cli("--db", db, "summary")
    assert result.returncode == 2 and "已损坏" in result.stderr and "Traceback" not in result.stderr
    assert db.read_bytes() == before
