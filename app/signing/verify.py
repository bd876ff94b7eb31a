"""Check a signed PDF: is it signed, unchanged since signing, and signed by a certificate this
office has pinned?

pyHanko's `valid` only says the cryptography holds; trust is judged by `bottom_line` (validity,
chain of trust to a pinned certificate, modification policy), as ARCHITECTURE.md §3 says. Intact
means every signature's digest and signature hold AND the last signature covers the whole file:
any later incremental update — even a harmless-looking one — breaks the freeze.
"""

from __future__ import annotations

import hashlib
import io
import logging
from pathlib import Path
from typing import Any

from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from sqlalchemy import select

from app.errors import UserError
from app.signing.keys import load_cert_pem
from app.signing.signer import pinned_certificates_pem
from app.store import Store
from db.models_signing import SignedReport

NOT_SIGNED = "未签名"
MODIFIED = "签名后文件被改动"
UNTRUSTED = "签名证书不受信任"
NOT_A_PDF = "不是 PDF 文件或文件已损坏"

# pyHanko logs failed diff analyses with a traceback; without a handler Python would print them
# on stderr. They are reported as results here; an application log handler still receives them.
for _name in ("pyhanko", "pyhanko_certvalidator"):
    logging.getLogger(_name).addHandler(logging.NullHandler())


def _pinned(store: Store | None) -> list[asn1_x509.Certificate]:
    if store is None:
        return []
    from cryptography.hazmat.primitives.serialization import Encoding

    return [asn1_x509.Certificate.load(load_cert_pem(pem).public_bytes(Encoding.DER))
            for pem in pinned_certificates_pem(store)]


def _result(path: Path, **values: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"signed": False, "intact": False, "trusted": False, "signer": "", "signed_at": "",
                           "file": str(path), "fingerprint": "", "signatures": 0, "recorded": False,
                           "problems": []}
    out.update(values)
    return out


def _cert_trusted(status: PdfSignatureStatus, pinned: set[str]) -> bool:
    """The signing certificate is one of the pinned ones and pyHanko found a path to it."""
    return (status.signing_cert.sha256.hex() in pinned and status.validation_path is not None
            and status.trust_problem_indic is None)


def verify_pdf(store: Store | None, path: Path | str) -> dict[str, Any]:
    """{"signed","intact","trusted","signer","signed_at"} plus file, fingerprint, signatures,
    recorded (this exact file was signed by this store) and problems (Chinese, empty when all
    hold). Without a store nothing is trusted. A damaged or non-PDF file gives signed false."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"无法读取文件 {path}（{exc.strerror or exc}）。") from exc
    roots = _pinned(store)
    pinned = {c.sha256.hex() for c in roots}
    try:
        sigs = PdfFileReader(io.BytesIO(data)).embedded_signatures
    except (PdfError, ValueError, KeyError, TypeError) as exc:
        return _result(path, problems=[f"{NOT_A_PDF}（{exc}）"])
    if not sigs:
        return _result(path, problems=[NOT_SIGNED])
    context = ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")
    statuses: list[PdfSignatureStatus | None] = []
    for sig in sigs:
        try:
            statuses.append(validate_pdf_signature(sig, context))
        except (PdfError, ValueError, KeyError, TypeError):
            statuses.append(None)
    last = statuses[-1]
    intact = all(st is not None and st.intact and st.valid for st in statuses) and \
        last is not None and last.coverage == SignatureCoverageLevel.ENTIRE_FILE
    cert_ok = all(st is not None and _cert_trusted(st, pinned) for st in statuses)
    trusted = cert_ok and all(st is not None and st.bottom_line for st in statuses)
    problems = ([] if intact else [MODIFIED]) + ([] if cert_ok else [UNTRUSTED])
    if intact and cert_ok and not trusted:
        problems.append("签名未通过校验（签名策略或文档修改限制不符）")
    reported = sigs[-1].self_reported_timestamp
    cert = last.signing_cert if last is not None else sigs[-1].signer_cert
    return _result(path, signed=True, intact=intact, trusted=trusted,
                   signer=_common_name(cert), fingerprint=cert.sha256.hex(),
                   signed_at=reported.astimezone().replace(microsecond=0).isoformat() if reported else "",
                   signatures=len(sigs), recorded=_recorded(store, data), problems=problems)


def _common_name(cert: asn1_x509.Certificate) -> str:
    native = cert.subject.native
    return str(native.get("common_name") or cert.subject.human_friendly)


def _recorded(store: Store | None, data: bytes) -> bool:
    if store is None:
        return False
    sha = hashlib.sha256(data).hexdigest()
    with store.session() as s:
        return s.scalar(select(SignedReport.id).where(SignedReport.sha256 == sha).limit(1)) is not None
