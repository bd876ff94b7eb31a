"""Evidence bytes kept in a server store's database, so every desk reads the same files.

A PostgreSQL store's side folder is local to each desk (db/pg_store.py): a file one desk
attached is not in another desk's evidence folder. So on a server store `evidence.keep()` also
writes the file into `evidence_blobs` (db/models_evidence.py), and `evidence.absolute_path()`
fetches a missing local copy from there first, checking its SHA-256 against the name it is
stored under: a blob changed on the server is refused, never handed to the person approving.

Memory stays bounded: the bytes go up in chunks (the first inserted, the rest appended with
`||`) and come down in chunks (`substring`), so neither side holds a whole file. Appending
rewrites the value on the server each time, so files are capped at MAX_SERVER_BYTES (the same
cap a package member has, app/exchange/verify.py) and the chunks are large. SQLite stores never
come here: their files stay beside the store, as before.

A blob written for an attachment whose transaction then failed stays in the table: it is named by
its content, so it costs space only, and another desk may already be relying on the same row.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

from sqlalchemy import LargeBinary, func, insert, select, update

from app.errors import StoreError, UserError
from app.private_files import private_dir
from app.store import Store
from db.models import table_of
from db.models_evidence import EvidenceBlob

CHUNK = 8 << 20  # bytes sent or fetched per statement
MAX_SERVER_BYTES = 200_000_000
_BLOBS = table_of(EvidenceBlob)
_DIGEST = re.compile(r"[0-9a-f]{64}")


def on_server(store: Store) -> bool:
    """True when the store is a server database whose evidence must be shared between desks."""
    return store.kind == "postgresql"


def check_size(store: Store, source: Path) -> None:
    """Refuse (in Chinese) a file too large to keep in a server store's database."""
    if on_server(store) and source.stat().st_size > MAX_SERVER_BYTES:
        raise UserError(f"证明材料 {source} 超过 {MAX_SERVER_BYTES // 1_000_000} MB，"
                        "无法存入服务器数据库；请压缩或拆分后再添加。")


def upload(store: Store, path: Path, digest: str, size: int) -> bool:
    """Write `path`'s bytes under `digest` in their own short transaction, unless that digest is
    already there. True when written. Runs under the writer lock (re-entered when the caller's
    own transaction holds it), so two desks cannot both insert the same digest."""
    with store.writing() as s:
        if s.scalar(select(_BLOBS.c.sha256).where(_BLOBS.c.sha256 == digest)) is not None:
            return False
        with open(path, "rb") as fh:
            s.execute(insert(_BLOBS).values(sha256=digest, size=size, content=fh.read(CHUNK)))
            for chunk in iter(lambda: fh.read(CHUNK), b""):
                s.execute(update(_BLOBS).where(_BLOBS.c.sha256 == digest)
                          .values(content=_BLOBS.c.content.concat(chunk)))
    return True


def digest_of(stored_path: str) -> str | None:
    """The SHA-256 an evidence path is named by (`evidence/ab/<sha256><ext>`), or None."""
    name = stored_path.replace("\\", "/").rsplit("/", 1)[-1]
    return name[:64] if _DIGEST.fullmatch(name[:64]) else None


def fetch(store: Store, stored_path: str, target: Path) -> bool:
    """Copy the blob named by `stored_path` from the database to `target`, checked against its
    SHA-256 and size. False when the database has no such blob (attached before version 22,
    or not evidence); StoreError when the blob does not match its name."""
    digest = digest_of(stored_path)
    if digest is None:
        return False
    shown = target.name
    with store.session() as s:
        size = s.scalar(select(_BLOBS.c.size).where(_BLOBS.c.sha256 == digest))
        if size is None:
            return False
        folder = private_dir(target.parent)
        fd, tmp_name = tempfile.mkstemp(prefix=".fetching-", dir=folder)
        tmp = Path(tmp_name)
        try:
            h, got = hashlib.sha256(), 0
            with os.fdopen(fd, "wb") as out:
                while got <= size:  # one read past the recorded size shows a blob that grew
                    part = func.substring(_BLOBS.c.content, got + 1, CHUNK, type_=LargeBinary)
                    chunk = s.scalar(select(part).where(_BLOBS.c.sha256 == digest)) or b""
                    if not chunk:
                        break
                    h.update(chunk)
                    out.write(chunk)
                    got += len(chunk)
                out.flush()
                os.fsync(out.fileno())
            if got != size or h.hexdigest() != digest:
                raise StoreError(f"服务器上的证明材料 {shown} 与其 SHA-256 不符（已损坏或被改动），未取回；"
                                 "请让上传该材料的窗口重新添加。")
            os.replace(tmp, target)
        except OSError as exc:
            raise UserError(f"无法从服务器取回证明材料 {shown}（{exc.strerror or exc}）。") from exc
        finally:
            tmp.unlink(missing_ok=True)
    return True
