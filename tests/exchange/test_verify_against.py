"""Verify means the same thing everywhere: `package verify --db BUREAU` checks what `import`
checks against that store; a new office id under a known office's name is a person's decision;
and a first export is one unit — interrupted, it leaves no key and no log entry."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.exchange import (
    PackageRejected,
    accept_new_office,
    bureau_summary,
    export_package,
    import_package,
    office_key,
    verify_against,
    verify_package,
)
from app.store import Store, open_store
from tests.exchange.conftest import AS_OF
from tests.exchange.helpers import forge, snapshot
from tests.exchange.test_log_and_cli import run


def test_verify_with_a_store_refuses_a_foreign_key_claiming_a_pinned_office(package: Path, bureau: Store,
                                                                           tmp_path: Path) -> None:
    first = import_package(bureau, package)

    def next_package(m: dict) -> None:
        m["sequence"], m["previous_package_sha256"] = 2, first["manifest_sha256"]

    foreign = forge(package, tmp_path / "p2.zip", Ed25519PrivateKey.generate(), next_package)
    assert run("package", "verify", foreign).returncode == 0  # sound in itself
    with pytest.raises(PackageRejected) as refused:
        verify_against(bureau, foreign)
    assert (refused.value.member, refused.value.check) == ("manifest.sig", "key")
    bureau_path = bureau.path
    bureau.close()
    before = snapshot(bureau_path)
    cli = run("--db", bureau_path, "package", "verify", foreign, "--json")
    assert cli.returncode == 2 and json.loads(cli.stdout)["error"]["check"] == "key"
    assert "首次导入时登记的密钥" in cli.stderr
    replay = run("--db", bureau_path, "package", "verify", package, "--json")
    assert replay.returncode == 2 and json.loads(replay.stdout)["error"]["check"] == "replay"
    assert snapshot(bureau_path) == before  # verifying wrote nothing


def _second_office(office_template: Path, tmp_path: Path, office_id: str) -> Path:
    """A package from another office (own id and key) that uses the first office's name."""
    folder = tmp_path / "second"
    shutil.copytree(office_template.parent, folder)
    path = folder / office_template.name
    con = sqlite3.connect(path)  # only the id: a setting (not covered row by row)
    con.execute("UPDATE settings SET value = ? WHERE key = 'office.office_id'", (office_id,))
    con.commit()
    con.close()
    store = open_store(path)
    try:
        export_package(store, tmp_path / "second.zip", as_of=AS_OF)
    finally:
        store.close()
    return tmp_path / "second.zip"


def test_a_new_office_id_under_a_known_name_waits_for_a_person(office_template: Path, package: Path,
                                                              bureau: Store, tmp_path: Path) -> None:
    import_package(bureau, package)
    second = _second_office(office_template, tmp_path, "office-two")
    vp = verify_package(second)
    assert vp.office_name == verify_package(package).office_name and vp.office_id == "office-two"
    before = snapshot(bureau.path)
    with pytest.raises(PackageRejected) as refused:
        import_package(bureau, second)
    exc = refused.value
    assert (exc.member, exc.check) == ("manifest.json", "office")
    assert f"caseaudit bureau accept-office office-two {vp.fingerprint}" in exc.message and "未导入" in exc.message
    assert snapshot(bureau.path) == before
    assert bureau_summary(bureau, as_of=AS_OF)["total"]["offices"] == 1
    bureau_path = bureau.path
    bureau.close()
    cli = run("--db", bureau_path, "package", "verify", second)
    assert cli.returncode == 2 and "accept-office" in cli.stderr
    accepted = run("--db", bureau_path, "--operator", "王科长", "bureau", "accept-office", "office-two",
                   vp.fingerprint, "--json")
    assert accepted.returncode == 0, accepted.stderr
    assert run("--db", bureau_path, "package", "verify", second).returncode == 0
    store = open_store(bureau_path)
    try:
        assert import_package(store, second)["office_id"] == "office-two"
        assert bureau_summary(store, as_of=AS_OF)["total"]["offices"] == 2
        with pytest.raises(Exception, match="已登记"):
            accept_new_office(store, "office-two", vp.fingerprint, "王科长")
    finally:
        store.close()


def _log_tables(store: Store) -> list[str]:
    con = sqlite3.connect(store.path)
    try:
        return [t for (t,) in con.execute("SELECT table_name FROM change_log ORDER BY id")]
    finally:
        con.close()


def _document_numbers(store: Store) -> list[str]:
    con = sqlite3.connect(store.path)
    try:
        return [n for (n,) in con.execute("SELECT doc_no FROM issued_documents ORDER BY id")]
    finally:
        con.close()


def _log_count(store: Store) -> int:
    con = sqlite3.connect(store.path)
    try:
        return con.execute("SELECT count(*) FROM change_log").fetchone()[0]
    finally:
        con.close()


def test_an_interrupted_first_export_leaves_no_key_and_no_entry(office: Store, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from app.exchange import export as export_module

    entries = _log_count(office)

    def killed(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt  # as if the program were stopped while writing the zip

    with monkeypatch.context() as m, pytest.raises(KeyboardInterrupt):
        m.setattr(export_module, "write_zip", killed)
        export_package(office, tmp_path / "p.zip", as_of=AS_OF)
    assert office_key(office) is None and not (office.path.parent / "signer" / "package_ed25519.pem").exists()
    # Nothing of the export itself is left: no key, no export entry. The one thing the attempt
    # may leave is the 整改报告's number from the office's sequence (issued_documents): that is
    # idempotent — the same document issued again keeps its number — so the next export reuses it.
    left = _log_tables(office)[entries:]
    assert set(left) <= {"issued_documents"} and len(left) <= 1
    numbers = _document_numbers(office)
    result = export_package(office, tmp_path / "p.zip", as_of=AS_OF)
    assert result["sequence"] == 1 and office_key(office)["fingerprint"] == result["key_fingerprint"]
    assert _document_numbers(office) == numbers  # the same report, the same number: none used up


def test_a_key_file_left_by_an_interruption_is_taken_up(office: Store, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Killed after the key file was moved into place but before the commit: the next export
    opens that file with the passphrase and registers it, instead of refusing for ever."""
    from app.exchange import export as export_module

    def killed(*_args: object) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as m, pytest.raises(KeyboardInterrupt):
        m.setattr(export_module, "commit", killed)
        export_package(office, tmp_path / "p.zip", as_of=AS_OF)
    pem = office.path.parent / "signer" / "package_ed25519.pem"
    assert pem.exists() and office_key(office) is None
    left = pem.read_bytes()
    result = export_package(office, tmp_path / "p.zip", as_of=AS_OF)
    assert pem.read_bytes() == left and office_key(office)["fingerprint"] == result["key_fingerprint"]
    assert verify_package(tmp_path / "p.zip").fingerprint == result["key_fingerprint"]
