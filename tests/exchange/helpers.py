"""Helpers for the exchange tests: rewriting zips member by member, and a snapshot of a store
(row counts of every table, the database and WAL files' hashes, the files beside it)."""

from __future__ import annotations

import hashlib
import sqlite3
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

Members = list[tuple[zipfile.ZipInfo, bytes]]


def read_members(path: Path) -> Members:
    with zipfile.ZipFile(path) as zf:
        return [(info, zf.read(info)) for info in zf.infolist()]


def write_members(path: Path, members: Members) -> Path:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a duplicate name warns
        with zipfile.ZipFile(path, "w") as zf:
            for info, data in members:
                zf.writestr(info, data)
    return path


def rewrite(src: Path, dst: Path, change: Callable[[Members], Members]) -> Path:
    return write_members(dst, change(read_members(src)))


def flip(data: bytes, at: int | None = None) -> bytes:
    i = len(data) // 2 if at is None else at
    return data[:i] + bytes([data[i] ^ 0x01]) + data[i + 1:]


def new_info(name: str, like: zipfile.ZipInfo | None = None) -> zipfile.ZipInfo:
    """A member's header as the exporter writes one (plain-file attributes), so that a test's
    added member differs from a real one only in what the test is about."""
    info = zipfile.ZipInfo(name, date_time=like.date_time if like else (2024, 6, 30, 12, 0, 0))
    info.compress_type = like.compress_type if like else zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def snapshot(store_path: Path) -> dict[str, Any]:
    """Everything a refused import must leave as it was. (The automatic daily backup that opening a
    store from the command line may make is the store's own policy, not the import's: left out.)"""
    con = sqlite3.connect(f"file:{store_path.as_posix()}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        counts = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        con.close()
    files = {}
    for p in sorted(store_path.parent.rglob("*")):
        if p.is_file() and not p.name.endswith((".lock", "-shm")) and p.parent.name != "backups":
            files[str(p.relative_to(store_path.parent))] = hashlib.sha256(p.read_bytes()).hexdigest()
    return {"counts": counts, "files": files}


def forge(src: Path, dst: Path, key: Any, change: Callable[[dict[str, Any]], None] | None = None,
          *, key_in_manifest: bool = True) -> Path:
    """Re-sign `src`'s manifest (optionally changed) with `key`: a well-formed package by another
    signer. With key_in_manifest False the manifest keeps naming the original key."""
    import json

    from app.exchange.manifest import fingerprint_of, manifest_bytes, public_raw, signature_bytes

    members = read_members(src)
    manifest = json.loads(next(d for i, d in members if i.filename == "manifest.json"))
    if change is not None:
        change(manifest)
    if key_in_manifest:
        manifest["key"]["fingerprint"] = fingerprint_of(public_raw(key.public_key()))
    raw = manifest_bytes(manifest)
    out = []
    for info, data in members:
        if info.filename == "manifest.json":
            data = raw
        elif info.filename == "manifest.sig":
            data = signature_bytes(key, raw)
        out.append((info, data))
    return write_members(dst, out)


def export_first_package(office_dir: Path, store_name: str, out: Path, *, passphrase: str, as_of: Any) -> Path:
    """Copy an office's folder next to `out`, export its first package there and return it (the
    copy keeps the office key, so a test can export package 2 with the same key)."""
    import shutil

    import pytest

    from app.exchange import export_package
    from app.store import open_store

    shutil.copytree(office_dir, out.parent / "office")
    mp = pytest.MonkeyPatch()
    mp.setenv("CASEAUDIT_SIGNER_PASSPHRASE", passphrase)
    store = open_store(out.parent / "office" / store_name)
    try:
        export_package(store, out, as_of=as_of, operator="测试")
    finally:
        store.close()
        mp.undo()
    return out
