"""Verify a package before anything in it is used: structure, names, signature, then each
member's size and SHA-256, streamed from the zip (nothing is extracted to disk).

Order of checks (the first failure raises PackageRejected naming the member and the check):
 1. the end record (entry count, directory size) before the directory is loaded, and the file's
    layout (layout.py: no byte outside the members, the directory and the end record); the
    central directory: member count, declared sizes, total, compression ratio, compression
    method, encryption; names (no '..', no leading '/', no backslash, no drive letter, no
    duplicates — also case-insensitively); each record as the exporter writes it (no extra
    fields, plain-file attributes, flags, versions); each local header equal to its record,
    the members back to back from offset 0 up to the directory;
 2. manifest.sig over manifest.json's exact bytes (before manifest.json is parsed);
 3. the manifest's shape (strict JSON: no duplicate keys, bounded depth); `check_key` (the
    bureau compares the key with the pinned one, refuses replays, older sequences and a change
    log that does not continue the one it holds) — before any other member is read;
 4. the member set equals the manifest's; each member's size and SHA-256, hashed while reading
    (deflate output bounded by the declared size, so a bomb is stopped early), then its CRC.
"""

from __future__ import annotations

import hashlib
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from app.exchange import layout, strict_json
from app.exchange.errors import WHOLE_FILE, PackageRejected
from app.exchange.manifest import (
    DATA,
    MANIFEST,
    RESERVED,
    SIGNATURE,
    check_signature,
    name_problem,
    parse_manifest,
)

CHUNK = 1 << 20
MB = 1 << 20
DATA_DEPTH = 32  # data.json nests 6 deep (problems → problem → progress → entry → evidence → file)


@dataclass(frozen=True)
class Limits:
    max_members: int = 200
    max_member_size: int = 200 * MB
    max_total: int = 1024 * MB
    max_ratio: int = 100
    ratio_from: int = 1 * MB  # members smaller than this cannot be a bomb: the ratio is not checked
    max_manifest: int = 4 * MB
    max_signature: int = 4096
    max_kept: int = 64 * MB  # a member read into memory (data.json)


DEFAULT_LIMITS = Limits()
KeyCheck = Callable[[dict[str, Any], str, str], None]  # (manifest, manifest_sha256, fingerprint)


@dataclass
class VerifiedPackage:
    path: Path
    manifest: dict[str, Any]
    manifest_sha256: str
    fingerprint: str
    public_key: str
    kept: dict[str, bytes] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)  # data.json, parsed and its shape checked

    @property
    def office_id(self) -> str:
        return str(self.manifest["office"]["office_id"])

    @property
    def office_name(self) -> str:
        return str(self.manifest["office"].get("office_name") or "")

    @property
    def sequence(self) -> int:
        return int(self.manifest["sequence"])

    def to_json(self) -> dict[str, Any]:
        m = self.manifest
        return {"ok": True, "office": {"office_id": self.office_id, "office_name": self.office_name},
                "sequence": self.sequence, "members": len(m["members"]), "created_at": m.get("created_at"),
                "changelog_head": m.get("changelog_head"), "previous_package_sha256": m.get("previous_package_sha256"),
                "manifest_sha256": self.manifest_sha256, "key_fingerprint": self.fingerprint, "error": None}


@dataclass(frozen=True)
class _Entry:
    info: zipfile.ZipInfo
    data_start: int


def _directory(zf: zipfile.ZipFile, limits: Limits) -> list[zipfile.ZipInfo]:
    infos = zf.infolist()
    if len(infos) > limits.max_members:
        raise PackageRejected(WHOLE_FILE, "count", f"含 {len(infos)} 个成员，超过上限 {limits.max_members} 个")
    total, seen = 0, set()
    for info in infos:
        name = info.orig_filename
        problem = name_problem(name)
        if problem:
            raise PackageRejected(name, "name", problem)
        if name.casefold() in seen:
            raise PackageRejected(name, "duplicate", "在压缩包中出现不止一次")
        seen.add(name.casefold())
        if info.flag_bits & 0x1:
            raise PackageRejected(name, "compression", "已加密，不能核验")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise PackageRejected(name, "compression", f"使用了不支持的压缩方式（{info.compress_type}）")
        if info.file_size > limits.max_member_size:
            raise PackageRejected(name, "size_limit", f"解压后 {info.file_size} 字节，超过上限 {limits.max_member_size} 字节")
        total += info.file_size
        if total > limits.max_total:
            raise PackageRejected(name, "total_size", f"使解压后总大小超过上限 {limits.max_total} 字节")
        if info.file_size >= limits.ratio_from and info.file_size > limits.max_ratio * max(info.compress_size, 0):
            raise PackageRejected(name, "ratio", f"压缩比超过 {limits.max_ratio}:1（{info.compress_size} 字节解压为 "
                                                 f"{info.file_size} 字节），疑似压缩炸弹")
        if info.compress_type == zipfile.ZIP_STORED and info.compress_size != info.file_size:
            raise PackageRejected(name, "zip", "未压缩存储，但压缩前后大小不一致")
    for info in infos:
        layout.canonical_member(info)
    return infos


def _entries(fh: IO[bytes], infos: list[zipfile.ZipInfo], cd_offset: int) -> dict[str, _Entry]:
    """Each member's local header equal to its directory record; the members back to back."""
    starts = {info.orig_filename: layout.local_header(fh, info) for info in infos}
    layout.contiguous(infos, starts, cd_offset)
    return {info.orig_filename: _Entry(info, starts[info.orig_filename]) for info in infos}


def _stream(fh: IO[bytes], entry: _Entry, size: int, keep: bool) -> tuple[str, int, bytes | None]:
    """SHA-256 and CRC-32 of the member's content, read in chunks into one reused buffer; refused
    as soon as the content exceeds `size` (deflate output is produced at most 2 MiB per step)."""
    info, name = entry.info, entry.info.orig_filename
    h, parts, produced, left, crc = hashlib.sha256(), [], 0, info.compress_size, 0
    inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
    buf = bytearray(min(CHUNK, max(left, 1)))
    view = memoryview(buf)
    fh.seek(entry.data_start)

    def take(out: bytes | memoryview) -> None:
        nonlocal produced, crc
        produced += len(out)
        if produced > size:
            raise PackageRejected(name, "size", f"的实际内容超过清单所列大小 {size} 字节")
        h.update(out)
        crc = zlib.crc32(out, crc)
        if keep:
            parts.append(bytes(out))

    try:
        while left:
            n = fh.readinto(view[:min(len(buf), left)])  # type: ignore[attr-defined]
            if not n:
                raise PackageRejected(name, "zip", "的数据不完整（文件被截断）")
            left -= n
            if inflater is None:
                take(view[:n])
                continue
            chunk: bytes | memoryview = view[:n]
            while chunk:
                take(inflater.decompress(chunk, 2 * CHUNK))
                chunk = inflater.unconsumed_tail
        if inflater is not None:
            take(inflater.flush())
            if not inflater.eof:
                raise PackageRejected(name, "zip", "的压缩数据不完整")
    except zlib.error:
        raise PackageRejected(name, "zip", "的压缩数据损坏") from None
    if produced != size:
        raise PackageRejected(name, "size", f"实际 {produced} 字节，与清单所列 {size} 字节不符")
    return h.hexdigest(), crc, b"".join(parts) if keep else None


def _crc(entry: _Entry, crc: int) -> None:
    if crc != entry.info.CRC:
        raise PackageRejected(entry.info.orig_filename, "crc", f"的 CRC-32 校验值与压缩包记录的不符（实际 {crc:08x}，"
                                                           f"记录为 {entry.info.CRC:08x}）")


def _read_small(fh: IO[bytes], entries: dict[str, _Entry], name: str, limit: int) -> bytes:
    entry = entries.get(name)
    if entry is None:
        raise PackageRejected(name, "missing", "不在压缩包中")
    if entry.info.file_size > limit:
        raise PackageRejected(name, "size_limit", f"超过 {limit} 字节")
    _digest, crc, data = _stream(fh, entry, entry.info.file_size, True)
    _crc(entry, crc)
    return data or b""


def verify_open(fh: IO[bytes], path: Path, *, check_key: KeyCheck | None = None,
                keep: frozenset[str] = frozenset({DATA}), limits: Limits = DEFAULT_LIMITS) -> VerifiedPackage:
    count, cd_offset, _cd_size = layout.end_record(fh, limits.max_members)
    try:
        zf = zipfile.ZipFile(fh)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError) as exc:
        raise PackageRejected(WHOLE_FILE, "zip", f"不是有效的 zip 压缩包（{exc}）") from None
    infos = _directory(zf, limits)
    if len(infos) != count:
        raise PackageRejected(WHOLE_FILE, "layout", f"的目录有 {len(infos)} 个成员，目录结束记录却写着 {count} 个")
    entries = _entries(fh, infos, cd_offset)
    manifest_raw = _read_small(fh, entries, MANIFEST, limits.max_manifest)
    signature_raw = _read_small(fh, entries, SIGNATURE, limits.max_signature)
    fingerprint, public_key = check_signature(manifest_raw, signature_raw)
    manifest = parse_manifest(manifest_raw, fingerprint)
    manifest_sha = hashlib.sha256(manifest_raw).hexdigest()
    if check_key is not None:
        check_key(manifest, manifest_sha, fingerprint)
    listed = {m["name"]: m for m in manifest["members"]}
    for name in entries:
        if name not in listed and name not in RESERVED:
            raise PackageRejected(name, "not_in_manifest", "不在清单中（数据包被加入了文件）")
    out = VerifiedPackage(path, manifest, manifest_sha, fingerprint, public_key)
    raw_data = b""
    for m in manifest["members"]:
        entry = entries.get(m["name"])
        if entry is None:
            raise PackageRejected(m["name"], "missing", "列在清单中，但压缩包中没有")
        if entry.info.file_size != m["size"]:
            raise PackageRejected(m["name"], "size", f"的大小 {entry.info.file_size} 字节与清单所列 {m['size']} 字节不符")
        wanted = m["name"] in keep or m["name"] == DATA
        if wanted and m["size"] > limits.max_kept:
            raise PackageRejected(m["name"], "size_limit", f"有 {m['size']} 字节，超过上限 {limits.max_kept} 字节")
        digest, crc, data = _stream(fh, entry, m["size"], wanted)
        if digest != m["sha256"]:
            raise PackageRejected(m["name"], "sha256", "的 SHA-256 与清单不符（内容被改动）")
        _crc(entry, crc)  # after the hash: the content is the manifest's, but a zip tool would see a bad CRC
        if m["name"] == DATA:
            raw_data = data or b""
        if data is not None and m["name"] in keep:
            out.kept[m["name"]] = data
    if DATA not in listed:
        raise PackageRejected(DATA, "missing", "不在清单中（数据包没有数据）")
    out.data = parse_data(raw_data)
    return out


def parse_data(raw: bytes) -> dict[str, Any]:
    """data.json read strictly (strict_json) with the one shape every reader relies on."""
    data = strict_json.load(raw, member=DATA, check="data", max_depth=DATA_DEPTH)
    if not isinstance(data, dict) or not isinstance(data.get("problems"), list) or \
            not all(isinstance(p, dict) for p in data["problems"]):
        raise PackageRejected(DATA, "data", "中没有问题清单（problems）")
    return data


def verify_package(path: Path | str, *, check_key: KeyCheck | None = None,
                   keep: frozenset[str] = frozenset({DATA}), limits: Limits = DEFAULT_LIMITS) -> VerifiedPackage:
    """Verify the package at `path`; the verified bytes of the members in `keep` are returned in
    `kept`. Raises PackageRejected (a UserError) on the first failed check."""
    path = Path(path)
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed below; errors must become refusals
    except OSError as exc:
        raise PackageRejected(WHOLE_FILE, "file", f"无法读取（{path}：{exc.strerror or exc}）") from None
    with fh:
        try:
            return verify_open(fh, path, check_key=check_key, keep=keep, limits=limits)
        except OSError as exc:
            raise PackageRejected(WHOLE_FILE, "file", f"读取时出错（{exc.strerror or exc}）") from None
