"""Key material for the office's signing certificate: make a self-signed certificate, write and
read PKCS#12 files. Pure crypto (cryptography); no store, no keyring.

RSA-2048 with SHA-256: what pyHanko, poppler's `pdfsig` (NSS) and Adobe Reader all validate.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from app.errors import UserError

VALIDITY_DAYS = 3652  # ten years
MAX_NAME_LENGTH = 64  # X.509 upper bound for commonName / organizationName
BAD_P12_MESSAGE = "口令不正确或证书文件已损坏"


@dataclass(frozen=True)
class KeyMaterial:
    """A private key with its certificate, as loaded from (or written to) a PKCS#12 file."""

    key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey
    cert: x509.Certificate

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.cert)


def fingerprint(cert: x509.Certificate) -> str:
    """SHA-256 of the certificate's DER encoding, lower-case hex."""
    return hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest()


def cert_pem(cert: x509.Certificate) -> str:
    return cert.public_bytes(serialization.Encoding.PEM).decode("ascii")


def load_cert_pem(pem: str) -> x509.Certificate:
    return x509.load_pem_x509_certificate(pem.encode("ascii"))


def common_name(cert: x509.Certificate) -> str:
    """The certificate's CN, or its whole subject when it has none."""
    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if names else cert.subject.rfc4514_string()


def make_self_signed(name: str, organization: str = "", *, now: datetime | None = None) -> KeyMaterial:
    """A new RSA-2048 key and a self-signed certificate (CN = name, O = organization) valid for ten
    years, key usage digitalSignature + nonRepudiation, not a CA."""
    name = name.strip()
    if not name:
        raise UserError("签名证书的名称不能为空。")
    if len(name) > MAX_NAME_LENGTH:
        raise UserError(f"签名证书的名称太长（{len(name)} 个字符，最多 {MAX_NAME_LENGTH} 个）。")
    attrs = [x509.NameAttribute(NameOID.COMMON_NAME, name)]
    organization = organization.strip()
    if organization and len(organization) <= MAX_NAME_LENGTH:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization))
    subject = x509.Name(attrs)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    start = (now or datetime.now(UTC)) - timedelta(minutes=5)  # tolerate a slightly slow clock
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=VALIDITY_DAYS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                     crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return KeyMaterial(key=key, cert=cert)


def to_pkcs12(material: KeyMaterial, passphrase: str, friendly_name: str = "office") -> bytes:
    """The key and certificate as a PKCS#12 archive encrypted with `passphrase`."""
    if not passphrase:
        raise UserError("签名证书的口令不能为空。")
    return pkcs12.serialize_key_and_certificates(
        friendly_name.encode("utf-8"), material.key, material.cert, None,
        serialization.BestAvailableEncryption(passphrase.encode("utf-8")))


def from_pkcs12(data: bytes, passphrase: str) -> KeyMaterial:
    """Key and certificate from a PKCS#12 archive. A wrong passphrase, a damaged file, or an
    archive without a usable signing key raises UserError (BAD_P12_MESSAGE)."""
    try:
        key, cert, _others = pkcs12.load_key_and_certificates(data, passphrase.encode("utf-8"))
    except (ValueError, TypeError) as exc:
        raise UserError(BAD_P12_MESSAGE + "。") from exc
    if cert is None or not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise UserError(BAD_P12_MESSAGE + "（文件中没有可用于签名的私钥和证书）。")
    spki = serialization.PublicFormat.SubjectPublicKeyInfo
    if key.public_key().public_bytes(serialization.Encoding.DER, spki) != \
            cert.public_key().public_bytes(serialization.Encoding.DER, spki):
        raise UserError(BAD_P12_MESSAGE + "（私钥与证书不匹配）。")
    return KeyMaterial(key=key, cert=cert)
