"""The package's manifest and its signature: format, names, Ed25519.

    manifest.json  sorted, indented UTF-8 JSON: format, schema_version, office {office_id,
                   office_name}, sequence, created_at, previous_package_sha256, changelog_head,
                   key {algorithm, fingerprint}, masked, members [{name, size, sha256}]
    manifest.sig   {"algorithm": "Ed25519", "public_key": b64(raw 32 bytes), "signature":
                   b64(64 bytes)} — the signature over manifest.json's exact bytes.

The key travels in manifest.sig so the signature can be checked before manifest.json is parsed;
manifest.json names the key's fingerprint (SHA-256 of the raw public key), binding the two.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from app.exchange import strict_json
from app.exchange.errors import PackageRejected

FORMAT = "caseaudit-package"
SCHEMA_VERSION = 1
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
DATA = "data.json"
RESERVED = (MANIFEST, SIGNATURE)
_HEX64 = re.compile(r"[0-9a-f]{64}")
_DRIVE = re.compile(r"^[A-Za-z]:")
MANIFEST_DEPTH = 8  # the manifest nests 3 deep (members → entry → field); room for later fields
SIGNATURE_DEPTH = 2


def public_raw(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def fingerprint_of(raw_public: bytes) -> str:
    """SHA-256 of the raw 32-byte public key, lower-case hex."""
    return hashlib.sha256(raw_public).hexdigest()


def is_hex64(value: object) -> bool:
    return isinstance(value, str) and _HEX64.fullmatch(value) is not None


def name_problem(name: str) -> str | None:
    """Why a member name is unsafe, or None. Refused: empty, NUL or control characters, a
    backslash, a leading '/', a drive letter, an empty, '.' or '..' component, a folder entry."""
    if not name:
        return "名称为空"
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in name):
        return "名称含控制字符"
    if "\\" in name:
        return "名称含反斜杠（\\）"
    if name.startswith("/"):
        return "是绝对路径（以 / 开头）"
    if _DRIVE.match(name):
        return "含盘符（如 C:）"
    if name.endswith("/"):
        return "是文件夹条目"
    parts = name.split("/")
    if ".." in parts:
        return "含上级目录（..）"
    if any(p in ("", ".") for p in parts):
        return "含空的或“.”路径部分"
    return None


def manifest_bytes(manifest: dict[str, Any]) -> bytes:
    return (json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8")


def signature_bytes(key: Ed25519PrivateKey, data: bytes) -> bytes:
    sig = {"algorithm": "Ed25519", "public_key": base64.b64encode(public_raw(key.public_key())).decode("ascii"),
           "signature": base64.b64encode(key.sign(data)).decode("ascii")}
    return (json.dumps(sig, sort_keys=True, indent=1) + "\n").encode("ascii")


def _b64(value: object, length: int) -> bytes:
    if not isinstance(value, str):
        raise ValueError("not text")
    raw = base64.b64decode(value.encode("ascii"), validate=True)
    if len(raw) != length:
        raise ValueError("wrong length")
    return raw


def check_signature(manifest: bytes, sig: bytes) -> tuple[str, str]:
    """Verify manifest.sig over the exact manifest bytes; (fingerprint, public key b64)."""
    try:
        doc = strict_json.load(sig, member=SIGNATURE, check="signature", max_depth=SIGNATURE_DEPTH, encoding="ascii")
    except PackageRejected as exc:
        raise PackageRejected(SIGNATURE, "signature", f"不是有效的 Ed25519 签名文件（{exc.detail}）") from None
    try:
        if not isinstance(doc, dict) or doc.get("algorithm") != "Ed25519":
            raise ValueError("algorithm")
        raw_key, raw_sig = _b64(doc.get("public_key"), 32), _b64(doc.get("signature"), 64)
    except (ValueError, binascii.Error):
        raise PackageRejected(SIGNATURE, "signature", "不是有效的 Ed25519 签名文件（格式已损坏）") from None
    try:
        Ed25519PublicKey.from_public_bytes(raw_key).verify(raw_sig, manifest)
    except (InvalidSignature, ValueError):
        raise PackageRejected(MANIFEST, "signature", "的签名验证失败：清单或签名被改动，或不是用所附公钥签名的") \
            from None
    return fingerprint_of(raw_key), doc["public_key"]


def _member_entry(item: object, seen: set[str]) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise PackageRejected(MANIFEST, "manifest", "的成员列表格式有误")
    name, size, sha = item.get("name"), item.get("size"), item.get("sha256")
    if not isinstance(name, str) or name in RESERVED:
        raise PackageRejected(MANIFEST, "manifest", f"列出的成员名称「{name}」无效")
    problem = name_problem(name)
    if problem:
        raise PackageRejected(name, "name", f"{problem}（清单中列出）")
    if name.casefold() in seen:
        raise PackageRejected(name, "duplicate", "在清单中重复列出")
    seen.add(name.casefold())
    if isinstance(size, bool) or not isinstance(size, int) or size < 0 or not is_hex64(sha):
        raise PackageRejected(name, "manifest", "在清单中的大小或 SHA-256 格式有误")
    return {"name": name, "size": size, "sha256": sha}


def _changelog_fields(doc: dict[str, Any]) -> None:
    """`changelog_head` ('' for an empty log) and `changelog_checkpoints` (the heads of the
    office's earlier packages, [{sequence, head}]; absent in packages of earlier versions)."""
    head = doc.get("changelog_head")
    if head is not None and head != "" and not is_hex64(head):
        raise PackageRejected(MANIFEST, "manifest", "的变更日志链头格式有误")
    points = doc.get("changelog_checkpoints")
    if points is None:
        return
    if not isinstance(points, list) or not all(
            isinstance(p, dict) and set(p) == {"sequence", "head"} and type(p["sequence"]) is int
            and (p["head"] == "" or is_hex64(p["head"])) for p in points):
        raise PackageRejected(MANIFEST, "manifest", "的变更日志检查点（changelog_checkpoints）格式有误")


def parse_manifest(data: bytes, fingerprint: str) -> dict[str, Any]:
    """The signed manifest as a dict, its shape checked, its key fingerprint matching the signer's."""
    doc = strict_json.load(data, member=MANIFEST, check="manifest", max_depth=MANIFEST_DEPTH)
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise PackageRejected(MANIFEST, "manifest", "不是本程序的数据包清单")
    if doc.get("schema_version") != SCHEMA_VERSION:
        raise PackageRejected(MANIFEST, "manifest", f"的格式版本 {doc.get('schema_version')} 不受支持"
                                                    f"（本程序支持 {SCHEMA_VERSION}）")
    office, key, seq = doc.get("office"), doc.get("key"), doc.get("sequence")
    if not isinstance(office, dict) or not isinstance(office.get("office_id"), str) or not office["office_id"]:
        raise PackageRejected(MANIFEST, "manifest", "没有写明发送单位的标识")
    if isinstance(seq, bool) or not isinstance(seq, int) or seq < 1:
        raise PackageRejected(MANIFEST, "manifest", "的序号无效")
    if not isinstance(key, dict) or key.get("fingerprint") != fingerprint:
        raise PackageRejected(MANIFEST, "key", "中登记的密钥指纹与签名所用的公钥不一致")
    prev = doc.get("previous_package_sha256")
    if prev is not None and not is_hex64(prev):
        raise PackageRejected(MANIFEST, "manifest", "的前序数据包哈希格式有误")
    _changelog_fields(doc)
    members = doc.get("members")
    if not isinstance(members, list):
        raise PackageRejected(MANIFEST, "manifest", "没有成员列表")
    seen: set[str] = set()
    doc["members"] = [_member_entry(m, seen) for m in members]
    return doc
