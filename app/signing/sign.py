"""Sign a PDF (PAdES, SHA-256, invisible field "Signature1", incremental update) with the
office's active signer, and record the signed file's SHA-256: a signed report is frozen.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
from datetime import datetime
from pathlib import Path
from typing import Any

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

from app.accounts.actor import check
from app.errors import UserError
from app.private_files import make_private
from app.signing.keys import KeyMaterial
from app.signing.signer import load_active
from app.store import Store
from db import changelog
from db.models_signing import SignedReport

FIELD_NAME = "Signature1"
MAX_PDF_BYTES = 200_000_000


def _pyhanko_signer(material: KeyMaterial) -> signers.SimpleSigner:
    der_key = material.key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                         serialization.NoEncryption())
    der_cert = material.cert.public_bytes(serialization.Encoding.DER)
    return signers.SimpleSigner(signing_cert=asn1_x509.Certificate.load(der_cert),
                                signing_key=asn1_keys.PrivateKeyInfo.load(der_key),
                                cert_registry=SimpleCertificateStore())


def _read_pdf(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_PDF_BYTES:
            raise UserError(f"{path.name}：文件太大，不能签名。")
        return path.read_bytes()
    except OSError as exc:
        raise UserError(f"无法读取文件 {path}（{exc.strerror or exc}）。") from exc


def sign_bytes(data: bytes, material: KeyMaterial, *, reason: str, name: str = "") -> bytes:
    """`data` (a PDF) with a PAdES signature appended as an incremental update."""
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(data))
        if writer.prev.embedded_signatures:
            raise UserError("该文件已经签名；签名后的报告不可再改动，请对未签名的原文件签名。")
    except (PdfError, ValueError, KeyError) as exc:
        raise UserError(f"不是有效的 PDF 文件或文件已损坏（{exc}），未签名。") from exc
    meta = signers.PdfSignatureMetadata(field_name=FIELD_NAME, subfilter=fields.SigSeedSubFilter.PADES,
                                        md_algorithm="sha256", reason=reason or None, name=name or None)
    out = signers.sign_pdf(writer, meta, signer=_pyhanko_signer(material))
    return out.getvalue()


def signing_time(signed: bytes) -> datetime:
    """The signing time the signature itself reports (local time, with offset)."""
    sig = PdfFileReader(io.BytesIO(signed)).embedded_signatures[-1]
    reported = sig.self_reported_timestamp
    if reported is None:  # pragma: no cover - pyHanko always writes signingTime for PAdES
        raise UserError("签名中没有签名时间，签名失败。")
    return reported.astimezone().replace(microsecond=0)


def sign_pdf(store: Store, in_path: Path, out_path: Path, *, passphrase: str | None = None,
             reason: str = "整改报告签发", operator: str = "", kind: str = "report") -> dict[str, Any]:
    """Sign `in_path` with the active signer into `out_path` (may be the same file) and record the
    result's SHA-256 in `signed_reports`. Returns {path, sha256, signer, fingerprint, signed_at,
    kind}. Passphrase: argument → CASEAUDIT_SIGNER_PASSPHRASE → keyring, else PassphraseRequired.
    Any refusal (UserError) leaves `out_path` and the store untouched. Under login signing a
    report is a 负责人's, recorded under their account."""
    actor = check(store, "reports.sign")
    operator = actor.name if actor else operator
    in_path, out_path = Path(in_path), Path(out_path)
    signer, material = load_active(store, passphrase)
    signed = sign_bytes(_read_pdf(in_path), material, reason=reason, name=signer["name"])
    sha = hashlib.sha256(signed).hexdigest()
    signed_at = signing_time(signed)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_path.with_name(out_path.name + ".signing.tmp")
    try:
        tmp.write_bytes(signed)
        make_private(tmp)  # signed reports are as private as the store they came from
        with store.writing() as s:
            row = SignedReport(file_name=out_path.name, sha256=sha, signer_fingerprint=signer["fingerprint"],
                               signed_at=signed_at.replace(tzinfo=None), kind=kind)
            s.add(row)
            s.flush()
            changelog.append(s, operator=operator, action="create", table_name="signed_reports",
                             record_id=row.id, after={"file_name": row.file_name, "sha256": sha, "kind": kind,
                                                      "signer_fingerprint": signer["fingerprint"]})
            os.replace(tmp, out_path)
    except OSError as exc:
        raise UserError(f"无法写入 {out_path}（{exc.strerror or exc}），未签名。") from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
    return {"path": str(out_path), "sha256": sha, "signer": signer["name"],
            "fingerprint": signer["fingerprint"], "signed_at": signed_at.isoformat(), "kind": kind}
