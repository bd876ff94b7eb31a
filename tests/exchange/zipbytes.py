"""Byte-level surgery on a real package: where each member's local header and directory record
sit, and patching their fields in place (zipfile would rewrite them canonically)."""

from __future__ import annotations

import json
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

EOCD = struct.Struct("<4s4H2LH")


@dataclass(frozen=True)
class Record:
    name: str
    local: int  # offset of the local header
    central: int  # offset of the directory record


def records(raw: bytes) -> list[Record]:
    eocd = len(raw) - EOCD.size
    assert raw[eocd:eocd + 4] == b"PK\x05\x06"
    cd_offset = EOCD.unpack_from(raw, eocd)[6]
    out, at = [], cd_offset
    while raw[at:at + 4] == b"PK\x01\x02":
        nlen, elen, clen = struct.unpack_from("<3H", raw, at + 28)
        local = struct.unpack_from("<L", raw, at + 42)[0]
        flags = struct.unpack_from("<H", raw, at + 8)[0]
        name = raw[at + 46:at + 46 + nlen].decode("utf-8" if flags & 0x800 else "cp437")
        out.append(Record(name, local, at))
        at += 46 + nlen + elen + clen
    return out


def record(raw: bytes, name: str) -> Record:
    return next(r for r in records(raw) if r.name == name)


def patch(raw: bytes, at: int, fmt: str, value: int) -> bytes:
    out = bytearray(raw)
    struct.pack_into(fmt, out, at, value)
    return bytes(out)


# field offsets inside a local header / a directory record
LOCAL_METHOD, LOCAL_CRC, LOCAL_CSIZE, LOCAL_USIZE = 8, 14, 18, 22
CENTRAL_CRC, CENTRAL_EXTERNAL = 16, 38


def shift_offsets(raw: bytes, by: int) -> bytes:
    """Every local-header offset in the directory and the directory offset in the end record
    moved by `by` bytes (what a polyglot maker does after prepending a stub)."""
    for r in records(raw):
        raw = patch(raw, r.central + 42, "<L", r.local + by)
    eocd = len(raw) - EOCD.size
    return patch(raw, eocd + 16, "<L", EOCD.unpack_from(raw, eocd)[6] + by)


def unicode_path_extra(original: str, shown: str) -> bytes:
    """Info-ZIP Unicode Path extra field (0x7075): version 1, CRC of the header name, new name."""
    body = b"\x01" + struct.pack("<L", zipfile.crc32(original.encode())) + shown.encode("utf-8")
    return struct.pack("<2H", 0x7075, len(body)) + body


def resign(src: Path, dst: Path, key: Any, manifest_raw: bytes, replace: dict[str, bytes] | None = None) -> Path:
    """`src` with its manifest replaced by `manifest_raw` (exact bytes), signed by `key`, and the
    members in `replace` given new contents (the manifest must already describe them)."""
    from app.exchange.manifest import signature_bytes
    from tests.exchange.helpers import read_members, write_members

    out = []
    for info, data in read_members(src):
        if info.filename == "manifest.json":
            data = manifest_raw
        elif info.filename == "manifest.sig":
            data = signature_bytes(key, manifest_raw)
        elif replace and info.filename in replace:
            data = replace[info.filename]
        out.append((info, data))
    return write_members(dst, out)


def manifest_of(path: Path) -> dict[str, Any]:
    with zipfile.ZipFile(path) as zf:
        return json.loads(zf.read("manifest.json"))
