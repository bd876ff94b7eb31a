"""`log verify` over a real store edited behind the program's back, and the exchange commands
as a user (or a script) runs them (in-process; the refusal without a terminal in a process of its own)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from app.exchange import verify_log
from app.store import Store
from tests.cli.helpers import CliResult, run_cli, run_process
from tests.exchange.conftest import PASSPHRASE
from tests.exchange.helpers import flip, rewrite, snapshot


def run(*args: str | Path, env: dict[str, str | None] | None = None) -> CliResult:
    return run_cli(*args, env={"CASEAUDIT_SIGNER_PASSPHRASE": PASSPHRASE, **(env or {})})


def test_an_untouched_log_verifies(office: Store) -> None:
    result = verify_log(office)
    with office.session() as s:
        from db.changelog import head_hash
        head = head_hash(s)
    assert result["ok"] and result["first_bad"] is None and result["entries"] > 50 and result["head"] == head


@pytest.mark.parametrize("column", ["after_json", "operator", "at"])
def test_an_entry_edited_in_the_sqlite_file_is_named(office: Store, column: str) -> None:
    con = sqlite3.connect(office.path)
    try:
        victim = con.execute("SELECT id FROM change_log WHERE after_json IS NOT NULL ORDER BY id LIMIT 1 OFFSET 20") \
            .fetchone()[0]
        value = {"after_json": "{\"status\": \"已销号\"}", "operator": "某人", "at": "2020-01-01 00:00:00.000000"}[column]
        con.execute(f"UPDATE change_log SET {column} = ? WHERE id = ?", (value, victim))
        con.commit()
    finally:
        con.close()
    result = verify_log(office)
    assert not result["ok"] and result["first_bad"] == victim
    cli = run("--db", office.path, "log", "verify", "--json")
    assert cli.returncode == 2
    doc = json.loads(cli.stdout)
    assert doc == {"ok": False, "entries": result["entries"], "first_bad": victim, "head": result["head"]}
    assert f"编号 {victim}" in cli.stderr
    plain = run("--db", office.path, "log", "verify")
    assert plain.returncode == 2 and str(victim) in plain.stderr and plain.stdout == ""


def test_a_deleted_entry_breaks_the_link_of_the_next(office: Store) -> None:
    con = sqlite3.connect(office.path)
    try:
        ids = [r[0] for r in con.execute("SELECT id FROM change_log ORDER BY id")]
        con.execute("DELETE FROM change_log WHERE id = ?", (ids[5],))
        con.commit()
    finally:
        con.close()
    assert verify_log(office)["first_bad"] == ids[6]


def test_export_verify_import_summary_through_the_cli(office: Store, tmp_path: Path) -> None:
    office_path = office.path
    office.close()
    out = tmp_path / "p.zip"
    exported = run("--db", office_path, "package", "export", "--out", out, "--json")
    assert exported.returncode == 0, exported.stderr
    doc = json.loads(exported.stdout)
    assert doc["sequence"] == 1 and doc["masked"] and doc["report_signed"] is False
    verified = run("package", "verify", out, "--json")
    assert verified.returncode == 0 and json.loads(verified.stdout)["ok"] is True
    bureau = tmp_path / "bureau" / "bureau.sqlite"
    imported = run("--db", bureau, "package", "import", out, "--json")
    assert imported.returncode == 0, imported.stderr
    assert json.loads(imported.stdout)["office_id"] == doc["office_id"]
    summary = run("--db", bureau, "bureau", "summary", "--json")
    office_doc = json.loads(summary.stdout)["offices"][0]
    stats = json.loads(run("--db", office_path, "stats", "--json").stdout)
    assert office_doc["by_category"] == {r["category"]: {k: r[k] for k in ("found", "rectified", "people_handled",
                                                                           "sanctions")} for r in stats["rows"]}
    assert office_doc["problems"] == stats["total"]["found"] > 0
    again = run("--db", bureau, "package", "import", out, "--json")
    assert again.returncode == 2 and json.loads(again.stdout)["error"]["check"] == "replay"
    assert "重放" in again.stderr


def test_a_tampered_package_through_the_cli(package: Path, bureau: Store, tmp_path: Path) -> None:
    bad = rewrite(package, tmp_path / "bad.zip",
                  lambda m: [(i, flip(d) if i.filename == "forms/问题清单.xlsx" else d) for i, d in m])
    bureau_path = bureau.path
    before = snapshot(bureau_path)
    for args in (("package", "verify", bad, "--json"), ("--db", bureau_path, "package", "import", bad, "--json")):
        result = run(*args)
        assert result.returncode == 2
        doc = json.loads(result.stdout)
        assert doc["ok"] is False and doc["error"]["member"] == "forms/问题清单.xlsx" and doc["error"]["check"] == "sha256"
        assert "forms/问题清单.xlsx" in result.stderr and "SHA-256" in result.stderr
    assert snapshot(bureau_path) == before
    plain = run("package", "verify", bad)
    assert plain.returncode == 2 and plain.stdout == "" and len(plain.stderr.strip().splitlines()) == 1


def test_export_without_a_passphrase_and_no_terminal_is_refused(office: Store, tmp_path: Path) -> None:
    office_path = office.path
    office.close()
    result = run_process("--db", office_path, "package", "export", "--out", tmp_path / "p.zip",
                         env={"CASEAUDIT_SIGNER_PASSPHRASE": None})
    assert result.returncode == 2 and "CASEAUDIT_SIGNER_PASSPHRASE" in result.stderr
    assert not (tmp_path / "p.zip").exists()


def test_accept_key_through_the_cli(package: Path, bureau: Store) -> None:
    from app.exchange import import_package

    first = import_package(bureau, package)
    bureau_path = bureau.path
    bureau.close()
    new = "ab" * 32
    result = run("--db", bureau_path, "--operator", "王科长", "bureau", "accept-key", first["office_id"], new, "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["pinned_fingerprint"] == new
    bad = run("--db", bureau_path, "bureau", "accept-key", first["office_id"], "xyz")
    assert bad.returncode == 2 and "64 位" in bad.stderr
