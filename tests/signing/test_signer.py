"""The office's signing certificate: create, import, active signer, passphrase resolution, and
what happens without a keyring."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from app.errors import UserError
from app.signing import (
    PassphraseRequired,
    active_signer,
    create_signer,
    import_signer,
    list_signers,
    passphrase_needed,
    sign_pdf,
    verify_pdf,
)
from app.signing.keys import make_self_signed, to_pkcs12
from app.signing.signer import keyring_key
from tests.signing.helpers import PASSPHRASE


def _rows(store, table: str) -> int:  # type: ignore[no-untyped-def]
    con = sqlite3.connect(store.path)
    try:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        con.close()


def test_create_makes_a_ten_year_rsa_certificate_and_keeps_the_passphrase_in_the_keyring(
        store, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    from db.models_settings import Setting

    with store.writing() as s:
        s.add(Setting(key="office.office_name", value="沈阳市水务局"))
    info = create_signer(store, name="政策法规处", passphrase=PASSPHRASE, operator="张三")
    assert info["passphrase_saved"] is True and info["active"] is True and info["replaced"] is None
    assert memory_keyring.items == {("CaseAudit", keyring_key(info["fingerprint"])): PASSPHRASE}
    p12 = Path(info["p12_path"])
    assert p12.parent == store.path.parent / "signer" and p12.suffix == ".p12"
    key, cert, _ = pkcs12.load_key_and_certificates(p12.read_bytes(), PASSPHRASE.encode())
    assert isinstance(key, rsa.RSAPrivateKey) and key.key_size == 2048
    assert cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "政策法规处"
    assert cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value == "沈阳市水务局"
    assert cert.issuer == cert.subject and isinstance(cert.signature_hash_algorithm, hashes.SHA256)
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment and not usage.key_cert_sign
    assert 3650 <= (cert.not_valid_after_utc - cert.not_valid_before_utc).days <= 3653
    assert info["fingerprint"] == cert.fingerprint(hashes.SHA256()).hex()
    assert active_signer(store)["fingerprint"] == info["fingerprint"]
    assert not passphrase_needed(store)
    with pytest.raises(ValueError):
        pkcs12.load_key_and_certificates(p12.read_bytes(), b"wrong")
    assert _rows(store, "signers") == 1 and _rows(store, "change_log") >= 1


def test_without_a_keyring_creation_succeeds_and_says_the_passphrase_is_asked_each_time(
        store, failing_keyring, unsigned_pdf, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    info = create_signer(store, name="法制办", passphrase=PASSPHRASE)
    assert info["passphrase_saved"] is False
    assert info["notice"] == "本机没有可用的系统密钥环（钥匙串），无法保存口令；每次签名时需要输入口令。"
    assert passphrase_needed(store)
    # no plaintext fallback: the passphrase is in no file next to the store
    for path in store.path.parent.rglob("*"):
        if path.is_file():
            assert PASSPHRASE.encode() not in path.read_bytes(), path
    with pytest.raises(PassphraseRequired) as info_err:
        sign_pdf(store, unsigned_pdf, tmp_path / "a.pdf")
    assert "CASEAUDIT_SIGNER_PASSPHRASE" in info_err.value.message and not (tmp_path / "a.pdf").exists()
    # explicit passphrase, then the environment
    assert verify_pdf(store, sign_pdf(store, unsigned_pdf, tmp_path / "a.pdf", passphrase=PASSPHRASE)["path"])["trusted"]
    monkeypatch.setenv("CASEAUDIT_SIGNER_PASSPHRASE", PASSPHRASE)
    assert not passphrase_needed(store)
    assert verify_pdf(store, sign_pdf(store, unsigned_pdf, tmp_path / "b.pdf")["path"])["trusted"]


def test_signing_reads_the_passphrase_from_the_keyring(signer_store, unsigned_pdf, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = sign_pdf(signer_store, unsigned_pdf, tmp_path / "k.pdf")
    assert verify_pdf(signer_store, out["path"])["trusted"]


def test_a_wrong_passphrase_refuses_to_sign(signer_store, unsigned_pdf, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UserError) as info:
        sign_pdf(signer_store, unsigned_pdf, tmp_path / "x.pdf", passphrase="不对")
    assert "口令不正确或证书文件已损坏" in info.value.message
    assert not (tmp_path / "x.pdf").exists() and _rows(signer_store, "signed_reports") == 0


def test_no_signer_yet_says_how_to_make_one(store, unsigned_pdf, tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert active_signer(store) is None and not passphrase_needed(store)
    with pytest.raises(UserError) as info:
        sign_pdf(store, unsigned_pdf, tmp_path / "x.pdf", passphrase="p")
    assert "signer create" in info.value.message


def _p12(tmp_path: Path, name: str, passphrase: str) -> tuple[Path, str]:
    material = make_self_signed(name)
    path = tmp_path / f"{name}.p12"
    path.write_bytes(to_pkcs12(material, passphrase))
    return path, material.fingerprint


@pytest.mark.parametrize("damage", ["wrong passphrase", "damaged file", "not a p12"])
def test_import_with_a_wrong_passphrase_or_damaged_file_writes_nothing(
        store, memory_keyring, tmp_path, damage) -> None:  # type: ignore[no-untyped-def]
    path, _fp = _p12(tmp_path, "外单位", "对的口令")
    if damage == "damaged file":
        data = bytearray(path.read_bytes())
        data[len(data) // 2] ^= 0xFF
        path.write_bytes(bytes(data))
    elif damage == "not a p12":
        path.write_bytes(b"%PDF-1.4 not a certificate")
    with pytest.raises(UserError) as info:
        import_signer(store, path, "错的口令" if damage == "wrong passphrase" else "对的口令")
    assert "口令不正确或证书文件已损坏" in info.value.message and path.name in info.value.message
    assert _rows(store, "signers") == 0 and _rows(store, "change_log") == 0
    assert not (store.path.parent / "signer").exists() and memory_keyring.items == {}


def test_import_takes_over_and_the_old_certificate_still_verifies_old_reports(
        signer_store, memory_keyring, unsigned_pdf, tmp_path) -> None:  # type: ignore[no-untyped-def]
    old = sign_pdf(signer_store, unsigned_pdf, tmp_path / "old.pdf")
    path, fp = _p12(tmp_path, "新证书", "新口令")
    info = import_signer(signer_store, path, "新口令", operator="李四")
    assert info["fingerprint"] == fp and info["name"] == "新证书" and info["replaced"] == "沈阳市某某局政策法规处"
    assert Path(info["p12_path"]).read_bytes() == path.read_bytes()
    assert [s["active"] for s in list_signers(signer_store)] == [False, True]
    assert memory_keyring.items[("CaseAudit", keyring_key(fp))] == "新口令"
    new = sign_pdf(signer_store, unsigned_pdf, tmp_path / "new.pdf")
    assert verify_pdf(signer_store, new["path"])["signer"] == "新证书"
    old_check = verify_pdf(signer_store, old["path"])
    assert old_check["trusted"] and old_check["signer"] == "沈阳市某某局政策法规处"


def test_import_refuses_an_expired_certificate(store, memory_keyring, tmp_path) -> None:  # type: ignore[no-untyped-def]
    material = make_self_signed("过期", now=datetime.now(UTC) - timedelta(days=3700))
    path = tmp_path / "old.p12"
    path.write_bytes(to_pkcs12(material, "pw"))
    with pytest.raises(UserError, match="过期"):
        import_signer(store, path, "pw")
    assert _rows(store, "signers") == 0
