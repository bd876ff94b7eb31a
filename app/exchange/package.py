"""Writing a package: members hashed, the manifest built and signed, the zip written.

Members that are already compressed (.xlsx, .pdf, images, archives) are stored (ZIP_STORED);
text members are deflated. Timestamps inside the zip are the manifest's creation time.
"""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.exchange.manifest import FORMAT, MANIFEST, SCHEMA_VERSION, SIGNATURE, manifest_bytes, signature_bytes

CHUNK = 1 << 20
STORED_SUFFIXES = (".xlsx", ".docx", ".pdf", ".zip", ".png", ".jpg", ".jpeg", ".gz", ".7z", ".ofd")


@dataclass(frozen=True)
class Member:
    """One file of the package: its bytes, or a file on disk."""

    name: str
    data: bytes | None = None
    path: Path | None = None

    def chunks(self) -> Iterator[bytes]:
        if self.data is not None:
            yield self.data
            return
        assert self.path is not None
        with open(self.path, "rb") as fh:
            yield from iter(lambda: fh.read(CHUNK), b"")


def describe(member: Member) -> dict[str, Any]:
    """{name, size, sha256} of a member."""
    h, size = hashlib.sha256(), 0
    for chunk in member.chunks():
        h.update(chunk)
        size += len(chunk)
    return {"name": member.name, "size": size, "sha256": h.hexdigest()}


def build_manifest(members: list[Member], *, office: dict[str, str], sequence: int, previous: str | None,
                   changelog_head: str, fingerprint: str, masked: bool, created_at: datetime,
                   extra: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"format": FORMAT, "schema_version": SCHEMA_VERSION,
            "office": {"office_id": office["office_id"], "office_name": office.get("office_name", "")},
            "sequence": sequence, "created_at": created_at.isoformat(), "previous_package_sha256": previous,
            "changelog_head": changelog_head, "key": {"algorithm": "Ed25519", "fingerprint": fingerprint},
            "masked": masked, "members": [describe(m) for m in members], **(extra or {})}


def compression_for(name: str) -> int:
    return zipfile.ZIP_STORED if name.lower().endswith(STORED_SUFFIXES) else zipfile.ZIP_DEFLATED


def _info(name: str, when: datetime) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
    info.compress_type = compression_for(name)
    info.external_attr = 0o644 << 16
    return info


def write_zip(out: Path, members: list[Member], manifest: dict[str, Any], key: Ed25519PrivateKey) -> bytes:
    """Write the package to `out` (members, manifest.json, manifest.sig); returns the manifest bytes."""
    raw = manifest_bytes(manifest)
    when = datetime.fromisoformat(manifest["created_at"])
    with zipfile.ZipFile(out, "w") as zf:
        for m in members:
            with zf.open(_info(m.name, when), "w") as dst:
                for chunk in m.chunks():
                    dst.write(chunk)
        zf.writestr(_info(MANIFEST, when), raw)
        zf.writestr(_info(SIGNATURE, when), signature_bytes(key, raw))
    return raw


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            h.update(chunk)
    return h.hexdigest()
