"""Evidence files (整改佐证材料): checked, copied into the store's evidence folder, named by hash.

A file is kept at `<store dir>/evidence/<sha256[:2]>/<sha256><ext>`: content-addressed, so the
same file given twice is stored once, and its SHA-256 is recorded with the problem. The copy is
hashed as it is written, so the recorded hash is the hash of the bytes actually kept.

On a server store the folder is this desk's own side folder, so the bytes also go into the
database and a desk without a local copy fetches it before use (app/rectify/evidence_blobs.py);
every reader of evidence goes through `absolute_path`. A SQLite store keeps its files beside it only.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from app.errors import UserError
from app.private_files import private_dir
from app.rectify import evidence_blobs as blobs
from app.store import Store

CHUNK = 1 << 20


@dataclass(frozen=True)
class StoredFile:
    file_name: str
    sha256: str
    stored_path: str  # relative to the store's folder, with forward slashes
    size: int
    created: bool  # False when the same content was already kept


def evidence_dir(store: Store) -> Path:
    return store.path.parent / "evidence"


def absolute_path(store: Store, stored_path: str) -> Path:
    """Where a kept file is on this desk; on a server store a missing copy is fetched (and checked) first."""
    path = store.path.parent / stored_path
    if blobs.on_server(store) and not path.exists():
        blobs.fetch(store, stored_path, path)
    return path


def check_readable(path: Path | str) -> Path:
    """The file as a Path, or UserError (in Chinese) when it is missing, a folder, empty or unreadable."""
    p = Path(path).expanduser()
    if not p.exists():
        raise UserError(f"找不到证明材料文件 {p}。")
    if not p.is_file():
        raise UserError(f"证明材料 {p} 不是文件。")
    try:
        with open(p, "rb") as fh:
            first = fh.read(1)
    except OSError as exc:
        raise UserError(f"无法读取证明材料 {p}（{exc.strerror or exc}）。") from exc
    if not first:
        raise UserError(f"证明材料 {p} 是空文件。")
    return p


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            h.update(chunk)
    return h.hexdigest()


def keep(store: Store, source: Path) -> StoredFile:
    """Copy `source` into the evidence folder (hashing what is written) and say where it went;
    on a server store also into the database (its own short transaction)."""
    try:
        blobs.check_size(store, source)
    except OSError as exc:
        raise UserError(f"无法读取证明材料 {source}（{exc.strerror or exc}）。") from exc
    folder = private_dir(evidence_dir(store))
    h, size = hashlib.sha256(), 0
    fd, tmp_name = tempfile.mkstemp(prefix=".incoming-", dir=folder)
    tmp = Path(tmp_name)
    try:
        with open(source, "rb") as src, os.fdopen(fd, "wb") as out:
            for chunk in iter(lambda: src.read(CHUNK), b""):
                h.update(chunk)
                out.write(chunk)
                size += len(chunk)
            out.flush()
            os.fsync(out.fileno())
        digest = h.hexdigest()
        ext = source.suffix.lower() if len(source.suffix) <= 10 else ""
        rel = f"evidence/{digest[:2]}/{digest}{ext}"
        target = store.path.parent / rel
        created = not (target.exists() and file_sha256(target) == digest)
        if created:
            private_dir(target.parent)
            os.replace(tmp, target)
        else:
            tmp.unlink()
        if blobs.on_server(store):
            try:
                blobs.upload(store, target, digest, size)
            except BaseException:
                if created:  # the caller never learns of this file, so it cannot discard it
                    target.unlink(missing_ok=True)
                raise
        return StoredFile(source.name, digest, rel, size, created=created)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UserError(f"无法保存证明材料 {source}（{exc.strerror or exc}），未作任何改动。") from exc


def discard(store: Store, files: list[StoredFile]) -> None:
    """Remove files this operation created (its transaction failed)."""
    for f in files:
        if f.created:
            (store.path.parent / f.stored_path).unlink(missing_ok=True)
