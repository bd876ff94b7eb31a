"""`caseaudit signer …` and `verify-pdf` run as a user would: no terminal, the passphrase from
CASEAUDIT_SIGNER_PASSPHRASE, the keyring being keyring's null back-end (no keyring, as on a Linux
server). The refusal without a terminal and pyHanko's quiet log are checked in a real process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

from app.signing.keys import make_self_signed, to_pkcs12
from app.store import open_store
from tests.cli.helpers import CliResult, run_cli, run_process

NULL_KEYRING = "keyring.backends.null.Keyring"


def _env(passphrase: str | None) -> dict[str, str | None]:
    return {"CASEAUDIT_SIGNER_PASSPHRASE": passphrase, "PYTHON_KEYRING_BACKEND": NULL_KEYRING}


def run(db: str | Path, *args: str, passphrase: str | None = None) -> CliResult:
    return run_cli("--db", db, "--operator", "测试", *args, env=_env(passphrase))


def run_in_process_of_its_own(db: str | Path, *args: str, passphrase: str | None = None) -> CliResult:
    return run_process("--db", db, "--operator", "测试", *args, env=_env(passphrase), timeout=120)


def _count(db: str | Path, table: str) -> int:
    """Rows in `table`, read through a Store on either engine."""
    store = open_store(db, auto_backup=False)
    try:
        with store.engine.connect() as conn:
            return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
    finally:
        store.close()


def test_signer_create_with_the_passphrase_in_the_environment(tmp_path: Path, store_location: str) -> None:
    db = store_location
    r = run(db, "signer", "create", "--name", "沈阳市某某局", "--json", passphrase="环境口令")
    assert r.returncode == 0, r.stderr
    info = json.loads(r.stdout)
    assert info["name"] == "沈阳市某某局" and len(info["fingerprint"]) == 64 and info["passphrase_saved"] is False
    assert "每次签名时需要输入口令" in info["notice"] and Path(info["p12_path"]).is_file()
    shown = json.loads(run(db, "signer", "show", "--json").stdout)
    assert shown["active"]["fingerprint"] == info["fingerprint"] and shown["keyring"] is False
    assert shown["passphrase_needed"] is True
    human = run(db, "signer", "show")
    assert human.returncode == 0 and "沈阳市某某局" in human.stdout and "签名时需要输入口令" in human.stdout


# About the file itself: "writes nothing" is that no store file (and no signer folder) appears.
@pytest.mark.sqlite_only
def test_signer_create_without_terminal_or_environment_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite"
    r = run_in_process_of_its_own(db, "signer", "create", "--name", "某局", "--json")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert json.loads(r.stdout)["error"]["message"] == r.stderr.strip()  # CLI.md: the error document
    assert "CASEAUDIT_SIGNER_PASSPHRASE" in r.stderr and "口令" in r.stderr
    assert not db.exists() and not (tmp_path / "signer").exists()


def test_signer_import_wrong_passphrase_is_refused(tmp_path: Path, store_location: str) -> None:
    db = store_location
    p12 = tmp_path / "office.p12"
    p12.write_bytes(to_pkcs12(make_self_signed("外来证书"), "right"))
    r = run(db, "signer", "import", str(p12), passphrase="wrong")
    assert r.returncode == 2 and "口令不正确或证书文件已损坏" in r.stderr and "Traceback" not in r.stderr
    assert _count(db, "signers") == 0
    r = run(db, "signer", "import", str(p12), "--json", passphrase="right")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["name"] == "外来证书" and _count(db, "signers") == 1


def test_verify_pdf_exit_status_and_messages(tmp_path: Path, store_location: str) -> None:
    from app.signing import sign_pdf
    from tests.signing.helpers import append_content_update, make_pdf

    db = store_location
    assert run(db, "signer", "create", "--name", "某局法制办", passphrase="pw").returncode == 0
    unsigned = tmp_path / "报告.pdf"
    unsigned.write_bytes(make_pdf())
    store = open_store(db)
    try:
        signed = Path(sign_pdf(store, unsigned, tmp_path / "报告-签.pdf", passphrase="pw")["path"])
    finally:
        store.close()

    ok = run(db, "verify-pdf", str(signed), "--json")
    assert ok.returncode == 0, ok.stderr
    result = json.loads(ok.stdout)
    assert (result["signed"], result["intact"], result["trusted"], result["signer"]) == (True, True, True, "某局法制办")
    assert "签名有效" in run(db, "verify-pdf", str(signed)).stdout

    r = run(db, "verify-pdf", str(unsigned), "--json")
    assert r.returncode == 2 and json.loads(r.stdout)["signed"] is False and "未签名" in r.stderr

    data = bytearray(signed.read_bytes())
    data[data.index(b"stream") + 12] ^= 0x01
    tampered = tmp_path / "改过.pdf"
    tampered.write_bytes(bytes(data))
    r = run(db, "verify-pdf", str(tampered))
    assert r.returncode == 2 and "签名后文件被改动" in r.stderr and "Traceback" not in r.stderr

    forged = tmp_path / "加页.pdf"
    forged.write_bytes(append_content_update(signed.read_bytes()))
    # In a process of its own: under pytest the logging plugin would swallow what pyHanko logs.
    r = run_in_process_of_its_own(db, "verify-pdf", str(forged))
    assert r.returncode == 2 and "签名后文件被改动" in r.stderr
    assert "Traceback" not in r.stderr and "Suspicious" not in r.stderr  # pyHanko's own log stays quiet

    r = run(tmp_path / "other.sqlite", "verify-pdf", str(signed))  # a store that never pinned this cert
    assert r.returncode == 2 and "签名证书不受信任" in r.stderr

    notpdf = tmp_path / "x.pdf"
    notpdf.write_text("not a pdf", encoding="utf-8")
    r = run(db, "verify-pdf", str(notpdf))
    assert r.returncode == 2 and "不是 PDF 文件或文件已损坏" in r.stderr and "Traceback" not in r.stderr
    r = run(db, "verify-pdf", str(tmp_path / "missing.pdf"))
    assert r.returncode == 2 and "找不到文件" in r.stderr
