"""The office's package-signing key: an Ed25519 key pair made on the first export.

The first export makes the key in memory and registers it (file and row) in the same
transaction that records the package (export.py), so an export that is interrupted leaves
neither a key nor a log entry behind; a key file left by an interruption between the file's
move and the commit is taken up by the next export when the passphrase opens it.

The private key is kept in `<store dir>/signer/package_ed25519.pem`, PKCS#8 encrypted with
`BestAvailableEncryption` under a passphrase; the public key and its fingerprint (SHA-256 of the
raw 32 bytes) are in the `office_keys` table. The passphrase is resolved as for PDF signing:
an explicit argument → CASEAUDIT_SIGNER_PASSPHRASE → the OS keyring (app.secrets) — the CLI
asks on a terminal when `key_passphrase_needed` says so — else PassphraseRequired.
"""

from __future__ import annotations

import base64
import contextlib
import os
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import secrets
from app.errors import UserError
from app.exchange.manifest import fingerprint_of, public_raw
from app.signing.signer import ENV_PASSPHRASE, PassphraseRequired
from app.store import Store
from db import changelog
from db.models_exchange import OfficeKey

KEY_PATH = "signer/package_ed25519.pem"
MAX_KEY_BYTES = 10_000
PASSPHRASE_MESSAGE = ("导出数据包需要数据包签名密钥的口令：请在终端中运行以便输入口令，"
                      f"或通过环境变量 {ENV_PASSPHRASE} 提供口令。")


def keyring_key(fingerprint: str) -> str:
    return f"package-key:{fingerprint}"


def office_key(store: Store) -> dict[str, Any] | None:
    """The active package key {fingerprint, public_key, key_path, created_at}, or None."""
    with store.session() as s:
        row = s.scalar(select(OfficeKey).where(OfficeKey.active.is_(True)).order_by(OfficeKey.id.desc()).limit(1))
        if row is None:
            return None
        return {"fingerprint": row.fingerprint, "public_key": row.public_key,
                "key_path": str(store.path.parent / row.key_path), "created_at": row.created_at}


def _stored(fingerprint: str | None) -> str | None:
    env = os.environ.get(ENV_PASSPHRASE)
    if env:
        return env
    if fingerprint is None:
        return None
    try:
        return secrets.get_passphrase(keyring_key(fingerprint))
    except secrets.KeyringUnavailable:
        return None


def key_passphrase_needed(store: Store) -> bool:
    """True when exporting now needs the user to type the key's passphrase (for a new key: to
    choose one)."""
    key = office_key(store)
    return _stored(key["fingerprint"] if key else None) is None


@dataclass
class PackageKey:
    """The office's package key, unlocked. A key not yet registered (`new`) is registered by the
    transaction that records the first export, so an interrupted export leaves no key behind;
    `pem` is the encrypted file still to be written (None when it is already in place)."""

    info: dict[str, Any]
    key: Ed25519PrivateKey
    new: bool = False
    pem: bytes | None = None
    passphrase: str = ""


def _describe(key: Ed25519PrivateKey) -> dict[str, Any]:
    raw = public_raw(key.public_key())
    return {"fingerprint": fingerprint_of(raw), "public_key": base64.b64encode(raw).decode("ascii"),
            "key_path": KEY_PATH, "created_at": datetime.now().replace(microsecond=0)}


def _new_key(store: Store, passphrase: str) -> PackageKey:
    """A key for the first export. A key file already there without its database row is what an
    export interrupted between writing the file and committing leaves: it is taken up when the
    passphrase opens it (harmless: it was never used), else refused rather than overwritten."""
    final = store.path.parent / KEY_PATH
    if final.exists():
        try:
            pem = final.read_bytes()[:MAX_KEY_BYTES]
            key = serialization.load_pem_private_key(pem, passphrase.encode("utf-8"))
        except (OSError, ValueError, TypeError):
            key = None
        if not isinstance(key, Ed25519PrivateKey):
            raise UserError(f"密钥文件 {final} 已存在，但数据库中没有登记对应的公钥，且无法用此口令打开；"
                            "为免覆盖，请先移走该文件。")
        return PackageKey(_describe(key), key, new=True, pem=None, passphrase=passphrase)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.BestAvailableEncryption(passphrase.encode("utf-8")))
    return PackageKey(_describe(key), key, new=True, pem=pem, passphrase=passphrase)


def register_key(s: Session, store: Store, pk: PackageKey, operator: str) -> None:
    """Inside the caller's transaction: the key file put in place and the key recorded."""
    if not pk.new:
        return
    final = store.path.parent / KEY_PATH
    if pk.pem is not None:
        final.parent.mkdir(parents=True, exist_ok=True)
        tmp = final.with_name(final.name + ".tmp")
        try:
            tmp.write_bytes(pk.pem)
            with contextlib.suppress(OSError):
                tmp.chmod(0o600)
            os.replace(tmp, final)
        finally:
            tmp.unlink(missing_ok=True)
    info = pk.info
    row = OfficeKey(fingerprint=info["fingerprint"], public_key=info["public_key"], key_path=KEY_PATH,
                    created_at=info["created_at"], active=True)
    s.add(row)
    s.flush()
    changelog.append(s, operator=operator, action="create", table_name="office_keys", record_id=row.id,
                     after={"fingerprint": info["fingerprint"], "public_key": info["public_key"], "key_path": KEY_PATH})
    pk.info = {**info, "key_path": str(final)}


def remember_passphrase(pk: PackageKey) -> None:
    """After the key is registered: its passphrase into the keyring, when there is one."""
    if pk.new and pk.passphrase:
        with contextlib.suppress(secrets.KeyringUnavailable):
            secrets.set_passphrase(keyring_key(pk.info["fingerprint"]), pk.passphrase)


def _load(store: Store, info: dict[str, Any], passphrase: str) -> Ed25519PrivateKey:
    path = store.path.parent / KEY_PATH if not info["key_path"] else info["key_path"]
    try:
        with open(path, "rb") as fh:
            pem = fh.read(MAX_KEY_BYTES)
    except OSError as exc:
        raise UserError(f"找不到或无法读取数据包签名密钥 {path}（{exc.strerror or exc}）。") from None
    try:
        key = serialization.load_pem_private_key(pem, passphrase.encode("utf-8"))
    except (ValueError, TypeError):
        raise UserError("数据包签名密钥的口令不正确，或密钥文件已损坏，未导出。") from None
    if not isinstance(key, Ed25519PrivateKey) or fingerprint_of(public_raw(key.public_key())) != info["fingerprint"]:
        raise UserError(f"密钥文件 {path} 与数据库中登记的数据包签名公钥不一致（文件被替换？），未导出。")
    return key


def prepare_key(store: Store, passphrase: str | None = None) -> PackageKey:
    """The office's package key, unlocked; a new one (not yet registered) when there is none.
    PassphraseRequired when no passphrase is available."""
    info = office_key(store)
    secret = passphrase or _stored(info["fingerprint"] if info else None)
    if not secret:
        raise PassphraseRequired(PASSPHRASE_MESSAGE)
    if info is None:
        return _new_key(store, secret)
    return PackageKey(info, _load(store, info, secret))


def unlock_key(store: Store, passphrase: str | None = None, *,
               operator: str = "") -> tuple[dict[str, Any], Ed25519PrivateKey]:
    """The office's package key, unlocked; made and registered at once (in one transaction) when
    there is none. PassphraseRequired when no passphrase is available."""
    pk = prepare_key(store, passphrase)
    if pk.new:
        with store.writing() as s:
            register_key(s, store, pk, operator)
        remember_passphrase(pk)
    return pk.info, pk.key
