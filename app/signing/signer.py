"""The office's signing certificate in the store: create, import, the active one, and where its
passphrase comes from.

The PKCS#12 file (private key + certificate, encrypted with the passphrase) lives in
`<store dir>/signer/office-<fingerprint[:16]>.p12`; the certificate itself and its SHA-256
fingerprint are pinned in the `signers` table. The passphrase is kept in the OS keyring when
there is one (app.secrets) — never in a file. For signing it is taken, in order, from an
explicit argument, the environment variable CASEAUDIT_SIGNER_PASSPHRASE, or the keyring; the
CLI prompts on a terminal and the window asks when `passphrase_needed` says so.
"""

from __future__ import annotations

import contextlib
import os
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app import secrets
from app.accounts.actor import check
from app.errors import UserError
from app.signing.keys import (
    KeyMaterial,
    cert_pem,
    common_name,
    from_pkcs12,
    load_cert_pem,
    make_self_signed,
    to_pkcs12,
)
from app.store import Store
from db import changelog
from db.models_settings import Setting
from db.models_signing import Signer

ENV_PASSPHRASE = "CASEAUDIT_SIGNER_PASSPHRASE"
SIGNER_DIR = "signer"
MAX_P12_BYTES = 1_000_000
OFFICE_NAME_SETTING = "office.office_name"  # app.office keeps the office's name under this key
NO_SIGNER_MESSAGE = ("尚未设置签名证书：请先运行 caseaudit signer create --name 单位名称，"
                     "或用 caseaudit signer import 证书.p12 导入已有证书。")
PASSPHRASE_REQUIRED_MESSAGE = ("签名需要签名证书的口令：请在终端中运行以便输入口令，"
                               f"或通过环境变量 {ENV_PASSPHRASE} 提供口令。")


class PassphraseRequired(UserError):
    """No passphrase was given and none is available from the environment or the keyring."""

    def __init__(self, message: str = PASSPHRASE_REQUIRED_MESSAGE) -> None:
        super().__init__(message)


def keyring_key(fingerprint: str) -> str:
    return f"signer:{fingerprint}"


def signer_dict(store: Store, row: Signer) -> dict[str, Any]:
    cert = load_cert_pem(row.cert_pem)
    return {"id": row.id, "name": row.name, "fingerprint": row.fingerprint,
            "subject": cert.subject.rfc4514_string(),
            "not_before": cert.not_valid_before_utc.date().isoformat(),
            "not_after": cert.not_valid_after_utc.date().isoformat(),
            "p12_path": str(store.path.parent / row.p12_path), "created_at": row.created_at.isoformat(),
            "active": row.active}


def active_signer(store: Store) -> dict[str, Any] | None:
    """The signer used for new signatures, or None when none has been created or imported."""
    with store.session() as s:
        row = s.scalar(select(Signer).where(Signer.active.is_(True)).order_by(Signer.id.desc()).limit(1))
        return signer_dict(store, row) if row is not None else None


def list_signers(store: Store) -> list[dict[str, Any]]:
    """Every signer the store has pinned, oldest first (all stay trust roots for verification)."""
    with store.session() as s:
        return [signer_dict(store, r) for r in s.scalars(select(Signer).order_by(Signer.id))]


def pinned_certificates_pem(store: Store) -> list[str]:
    with store.session() as s:
        return list(s.scalars(select(Signer.cert_pem).order_by(Signer.id)))


def _office_name(s: Session) -> str:
    return s.scalar(select(Setting.value).where(Setting.key == OFFICE_NAME_SETTING)) or ""


def _save(store: Store, material: KeyMaterial, p12: bytes, name: str, operator: str) -> dict[str, Any]:
    """Pin the certificate, make it the active signer and put its PKCS#12 file in place — one
    transaction; the file is moved in last, and removed again if anything fails."""
    fp = material.fingerprint
    rel = f"{SIGNER_DIR}/office-{fp[:16]}.p12"
    final = store.path.parent / rel
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = final.with_name(final.name + ".tmp")
    existed, placed = final.exists(), False
    try:
        tmp.write_bytes(p12)
        with contextlib.suppress(OSError):
            tmp.chmod(0o600)
        with store.writing() as s:
            previous = s.scalar(select(Signer).where(Signer.active.is_(True)))
            s.execute(update(Signer).values(active=False))
            row = s.scalar(select(Signer).where(Signer.fingerprint == fp))
            if row is None:
                row = Signer(name=name, fingerprint=fp, cert_pem=cert_pem(material.cert), p12_path=rel,
                             created_at=datetime.now().replace(microsecond=0), active=True)
                s.add(row)
                action = "create"
            else:
                row.active, row.p12_path = True, rel
                action = "update"
            s.flush()
            changelog.append(s, operator=operator, action=action, table_name="signers", record_id=row.id,
                             after={"name": row.name, "fingerprint": fp, "active": True})
            os.replace(tmp, final)
            placed = True
            info = signer_dict(store, row)
    except BaseException:
        if placed and not existed:
            final.unlink(missing_ok=True)
        raise
    finally:
        tmp.unlink(missing_ok=True)
    info["replaced"] = previous.name if previous is not None and previous.fingerprint != fp else None
    return info


def _remember(info: dict[str, Any], passphrase: str) -> dict[str, Any]:
    try:
        secrets.set_passphrase(keyring_key(info["fingerprint"]), passphrase)
    except secrets.KeyringUnavailable as exc:
        info.update(passphrase_saved=False, notice=exc.message)
    else:
        info.update(passphrase_saved=True, notice="口令已保存在系统密钥环中，签名时无需再输入。")
    return info


def create_signer(store: Store, *, name: str, passphrase: str, operator: str = "") -> dict[str, Any]:
    """A new self-signed signing certificate for the office; it becomes the active signer (an
    earlier one stays pinned so reports it signed still verify). The passphrase goes to the
    keyring when there is one; otherwise `passphrase_saved` is False and `notice` says it must
    be entered each time."""
    if not passphrase:
        raise UserError("签名证书的口令不能为空。")
    actor = check(store, "signers.manage")
    operator = actor.name if actor else operator
    with store.session() as s:
        organization = _office_name(s)
    material = make_self_signed(name, organization)
    info = _save(store, material, to_pkcs12(material, passphrase), name.strip(), operator)
    return _remember(info, passphrase)


def import_signer(store: Store, p12_path: Path | str, passphrase: str, *, operator: str = "") -> dict[str, Any]:
    """Take an existing PKCS#12 file as the office's signer. A wrong passphrase or damaged file
    is refused (UserError) and nothing is written."""
    actor = check(store, "signers.manage")
    operator = actor.name if actor else operator
    p12_path = Path(p12_path)
    try:
        if p12_path.stat().st_size > MAX_P12_BYTES:
            raise UserError(f"{p12_path.name}：文件太大，不是证书文件（PKCS#12）。")
        data = p12_path.read_bytes()
    except OSError as exc:
        raise UserError(f"无法读取证书文件 {p12_path}（{exc.strerror or exc}）。") from exc
    try:
        material = from_pkcs12(data, passphrase)
    except UserError as exc:
        raise UserError(f"{p12_path.name}：{exc.message}") from exc
    if material.cert.not_valid_after_utc < datetime.now(material.cert.not_valid_after_utc.tzinfo):
        raise UserError(f"{p12_path.name}：证书已于 {material.cert.not_valid_after_utc.date()} 过期，不能用于签名。")
    info = _save(store, material, data, common_name(material.cert), operator)
    return _remember(info, passphrase)


def stored_passphrase(fingerprint: str) -> str | None:
    """The passphrase from the environment or the keyring, or None (a missing keyring is not an
    error here: the caller asks the user)."""
    env = os.environ.get(ENV_PASSPHRASE)
    if env:
        return env
    try:
        return secrets.get_passphrase(keyring_key(fingerprint))
    except secrets.KeyringUnavailable:
        return None


def resolve_passphrase(fingerprint: str, explicit: str | None) -> str:
    """Explicit argument → environment → keyring; PassphraseRequired when none has it."""
    found = explicit or stored_passphrase(fingerprint)
    if not found:
        raise PassphraseRequired()
    return found


def passphrase_needed(store: Store) -> bool:
    """True when signing now would need the user to type the passphrase (an active signer whose
    passphrase is neither in the environment nor in the keyring). False when there is no signer:
    signing then fails with a message saying to create one."""
    signer = active_signer(store)
    return signer is not None and stored_passphrase(signer["fingerprint"]) is None


def load_active(store: Store, passphrase: str | None) -> tuple[dict[str, Any], KeyMaterial]:
    """The active signer and its key material, unlocked with the resolved passphrase."""
    signer = active_signer(store)
    if signer is None:
        raise UserError(NO_SIGNER_MESSAGE)
    secret = resolve_passphrase(signer["fingerprint"], passphrase)
    path = Path(signer["p12_path"])
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"找不到或无法读取签名证书文件 {path}（{exc.strerror or exc}）。") from exc
    try:
        material = from_pkcs12(data, secret)
    except UserError as exc:
        raise UserError(f"签名证书「{signer['name']}」：{exc.message}") from exc
    if material.fingerprint != signer["fingerprint"]:
        raise UserError(f"签名证书文件 {path} 与数据库中登记的证书不一致（文件被替换？），未签名。")
    return signer, material
