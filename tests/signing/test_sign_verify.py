"""Sign a real ReportLab PDF with Chinese text, then check it with the program's verify_pdf and
with pyHanko's own validation called directly (trusting the certificate the store pinned); tamper
with it in the ways that matter and see both notice. Where poppler's independent `pdfsig` is
installed it gives a second opinion; the main assertions never need it."""

from __future__ import annotations

import hashlib
import re
import shutil
import sqlite3
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from app.errors import UserError
from app.signing import create_signer, sign_pdf, verify_pdf
from app.store import Store
from tests.reports.helpers import pdftext, squeeze
from tests.signing.helpers import PASSPHRASE, append_content_update

needs_pdfsig = pytest.mark.skipif(shutil.which("pdfsig") is None, reason="poppler-utils 未安装：仅跳过第二意见")


def pdfsig(path: Path) -> str:
    return subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, timeout=60).stdout


def pinned_roots(store: Store) -> list[asn1_x509.Certificate]:
    """The store's signing certificates, read from the table itself rather than through app code."""
    con = sqlite3.connect(store.path)
    try:
        pems = [row[0] for row in con.execute("SELECT cert_pem FROM signers ORDER BY id")]
    finally:
        con.close()
    return [asn1_x509.Certificate.load(pem.unarmor(p.encode())[2]) for p in pems]


def pyhanko_status(store: Store, path: Path) -> tuple[PdfSignatureStatus, str]:
    """pyHanko's verdict on the last signature of `path`, and the signature's /SubFilter."""
    with path.open("rb") as f:
        sig = PdfFileReader(f).embedded_signatures[-1]
        context = ValidationContext(trust_roots=pinned_roots(store), allow_fetching=False,
                                    revocation_mode="soft-fail")
        return validate_pdf_signature(sig, context), str(sig.sig_object["/SubFilter"])


def byte_range(data: bytes) -> list[int]:
    match = re.search(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", data)
    assert match is not None
    return [int(g) for g in match.groups()]


def flip_one_signed_byte(signed: Path, out: Path) -> Path:
    """A copy of `signed` with one bit changed inside the page content, which the signature covers."""
    data = bytearray(signed.read_bytes())
    start, first_len, _second, _ = byte_range(bytes(data))
    pos = data.index(b"stream", start) + 12  # inside the page content, before the signature hex
    assert pos < start + first_len
    data[pos] ^= 0x01
    out.write_bytes(bytes(data))
    return out


@pytest.fixture
def signed(signer_store, unsigned_pdf, tmp_path) -> Path:  # type: ignore[no-untyped-def]
    out = tmp_path / "signed" / "整改报告-已签发.pdf"
    sign_pdf(signer_store, unsigned_pdf, out, operator="测试")
    return out


def test_signed_pdf_is_valid_and_keeps_its_text(signer_store, unsigned_pdf, tmp_path) -> None:  # type: ignore[no-untyped-def]
    original = unsigned_pdf.read_bytes()
    out = tmp_path / "out.pdf"
    result = sign_pdf(signer_store, unsigned_pdf, out, operator="测试")
    data = out.read_bytes()
    assert data.startswith(original)  # an incremental update: the report's bytes are untouched
    assert unsigned_pdf.read_bytes() == original
    assert result["sha256"] == hashlib.sha256(data).hexdigest() and result["signer"] == "沈阳市某某局政策法规处"
    assert abs(datetime.fromisoformat(result["signed_at"]) - datetime.now().astimezone()) < timedelta(minutes=2)
    check = verify_pdf(signer_store, out)
    assert {k: check[k] for k in ("signed", "intact", "trusted", "signer", "signed_at")} == {
        "signed": True, "intact": True, "trusted": True, "signer": "沈阳市某某局政策法规处",
        "signed_at": result["signed_at"]}
    assert check["recorded"] and check["problems"] == [] and check["fingerprint"] == result["fingerprint"]
    con = sqlite3.connect(signer_store.path)
    rows = con.execute("SELECT file_name, sha256, signer_fingerprint, kind FROM signed_reports").fetchall()
    con.close()
    assert rows == [("out.pdf", result["sha256"], result["fingerprint"], "report")]
    assert "整改报告：执法案卷倒查问题整改情况" in squeeze(pdftext(out))


def test_pyhanko_says_the_whole_file_is_validly_signed_with_cades_sha256(signer_store, signed) -> None:  # type: ignore[no-untyped-def]
    status, subfilter = pyhanko_status(signer_store, signed)
    assert status.intact and status.valid and status.bottom_line
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert subfilter == "/ETSI.CAdES.detached" and status.md_algorithm == "sha256"


@needs_pdfsig
def test_pdfsig_says_signature_is_valid(signed) -> None:  # type: ignore[no-untyped-def]
    report = pdfsig(signed)
    assert "Signature is Valid" in report and "Total document signed" in report
    assert "ETSI.CAdES.detached" in report and "SHA-256" in report


def test_one_flipped_byte_in_the_signed_range_breaks_it(signer_store, signed, tmp_path) -> None:  # type: ignore[no-untyped-def]
    tampered = flip_one_signed_byte(signed, tmp_path / "tampered.pdf")
    check = verify_pdf(signer_store, tampered)
    assert check["signed"] and not check["intact"] and not check["trusted"]
    assert check["problems"] == ["签名后文件被改动"]
    status, _ = pyhanko_status(signer_store, tampered)
    # The signature over the signed attributes still holds; the document digest they carry does not.
    assert status.valid and not status.intact and not status.bottom_line


@needs_pdfsig
def test_pdfsig_also_rejects_the_flipped_byte(signed, tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert "Signature is Valid" in pdfsig(signed)
    assert "Signature is Valid" not in pdfsig(flip_one_signed_byte(signed, tmp_path / "tampered.pdf"))


def test_an_appended_update_that_changes_content_is_not_intact(signer_store, signed, tmp_path) -> None:  # type: ignore[no-untyped-def]
    forged = tmp_path / "forged.pdf"
    forged.write_bytes(append_content_update(signed.read_bytes()))
    check = verify_pdf(signer_store, forged)
    assert check["signed"] and not check["intact"] and not check["trusted"]
    assert "签名后文件被改动" in check["problems"] and "签名证书不受信任" not in check["problems"]
    status, _ = pyhanko_status(signer_store, forged)
    assert status.intact  # the signed bytes themselves are untouched …
    assert status.coverage != SignatureCoverageLevel.ENTIRE_FILE and not status.bottom_line  # … but not all


@needs_pdfsig
def test_pdfsig_also_sees_the_appended_update(signed, tmp_path) -> None:  # type: ignore[no-untyped-def]
    forged = tmp_path / "forged.pdf"
    forged.write_bytes(append_content_update(signed.read_bytes()))
    assert "Not total document signed" in pdfsig(forged)


def test_bytes_appended_after_signing_are_not_intact(signer_store, signed, tmp_path) -> None:  # type: ignore[no-untyped-def]
    extended = tmp_path / "extended.pdf"
    extended.write_bytes(signed.read_bytes() + b"\n% appended later\n")
    assert not verify_pdf(signer_store, extended)["intact"]


def test_unsigned_and_non_pdf_files_are_not_signed_without_a_traceback(signer_store, unsigned_pdf, signed,
                                                                       tmp_path) -> None:  # type: ignore[no-untyped-def]
    unsigned = verify_pdf(signer_store, unsigned_pdf)
    assert (unsigned["signed"], unsigned["intact"], unsigned["trusted"], unsigned["problems"]) == (
        False, False, False, ["未签名"])
    for name, content in (("note.pdf", "这不是 PDF".encode()), ("half.pdf", signed.read_bytes()[:4000]),
                          ("empty.pdf", b"")):
        bad = tmp_path / name
        bad.write_bytes(content)
        check = verify_pdf(signer_store, bad)
        assert not check["signed"] and check["problems"][0].startswith("不是 PDF 文件或文件已损坏"), name


def test_a_signature_by_a_certificate_not_in_the_store_is_not_trusted(signer_store, unsigned_pdf, tmp_path,
                                                                      memory_keyring) -> None:  # type: ignore[no-untyped-def]
    from app.store import open_store

    other_dir = tmp_path / "other"
    other_dir.mkdir()
    other = open_store(other_dir / "other.sqlite")
    try:
        create_signer(other, name="沈阳市某某局政策法规处", passphrase="另一个口令")  # same name, other key
        foreign = sign_pdf(other, unsigned_pdf, tmp_path / "foreign.pdf")
        assert verify_pdf(other, foreign["path"])["trusted"]  # its own store trusts it …
    finally:
        other.close()
    check = verify_pdf(signer_store, foreign["path"])  # … ours does not
    assert check["signed"] and check["intact"] and not check["trusted"]
    assert check["problems"] == ["签名证书不受信任"] and not check["recorded"]
    assert not verify_pdf(None, foreign["path"])["trusted"]


def test_signing_refuses_a_signed_file_or_a_non_pdf_and_writes_nothing(signer_store, signed, tmp_path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "again.pdf"
    with pytest.raises(UserError, match="已经签名"):
        sign_pdf(signer_store, signed, target)
    notpdf = tmp_path / "x.pdf"
    notpdf.write_text("hello", encoding="utf-8")
    with pytest.raises(UserError, match="不是有效的 PDF"):
        sign_pdf(signer_store, notpdf, target)
    assert not target.exists() and list(tmp_path.glob("*.tmp")) == []
    con = sqlite3.connect(signer_store.path)
    assert con.execute("SELECT count(*) FROM signed_reports").fetchone()[0] == 1
    con.close()


def test_signing_in_place_replaces_the_file_with_its_signed_version(signer_store, unsigned_pdf) -> None:  # type: ignore[no-untyped-def]
    original = unsigned_pdf.read_bytes()
    result = sign_pdf(signer_store, unsigned_pdf, unsigned_pdf, passphrase=PASSPHRASE)
    assert unsigned_pdf.read_bytes().startswith(original) and len(unsigned_pdf.read_bytes()) > len(original)
    assert verify_pdf(signer_store, unsigned_pdf)["trusted"] and result["path"] == str(unsigned_pdf)
