"""`store copy --from A --to B`: a whole store moved to another engine (or file), then checked.

    copy_store(source, target, progress=None) → CopyResult(tables, rows, chain)

Order of work, each step a reason to stop with the target put back as it was:
 1. B is refused unless it is new or empty (target.py) — before anything is opened for writing;
 2. A is opened (an older schema is upgraded first, as every command does, after its backup)
    and its writer lock held, so no import or audit changes it while it is read; every table is
    read in one transaction, one consistent snapshot;
 3. B is created at the current schema, and every row copied in one transaction (rows.py);
    PostgreSQL's sequences are moved past the copied ids;
 4. the change log's key is written beside B (key.py), so the chain B carries is B's own;
 5. B is checked: each table's count equal to A's, and `log verify` ok on B.
A is only read. A failure at any step removes what the copy wrote (target.remove_target).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.exchange.logcheck import verify_log
from app.store import Store
from app.store_copy.key import install_key, source_key
from app.store_copy.rows import Progress, copied_tables, copy_table, count_rows, reset_sequences
from app.store_copy.target import Target, parse_target, refuse_unless_empty, remove_target
from db.errors import StoreError
from db.location import parse_location
from db.store import open_store


@dataclass(frozen=True)
class CopyResult:
    tables: dict[str, int]  # every table of the schema → rows copied (equal in A and B)
    rows: int
    chain: str  # "ok": `log verify` passed on the copy


def _same_place(source: str | Path, target: Target) -> bool:
    src = parse_location(source)
    if src.kind != target.location.kind:
        return False
    if src.path is not None:
        return Path(src.path).expanduser().resolve() == target.location.path
    return src.where == target.location.where


def copy_store(source: str | Path, target_text: str | Path, *, progress: Progress | None = None) -> CopyResult:
    """Copy the store at `source` to the new or empty `target_text` (a file or a URL); see module doc."""
    target = parse_target(target_text)
    if _same_place(source, target):
        raise StoreError("复制的来源和目标是同一个数据库，未作任何改动。")
    refuse_unless_empty(target)
    src = open_store(source, create=False)
    try:
        with src.locked():
            return _copy_into(src, target, progress)
    finally:
        src.close()


def _copy_into(src: Store, target: Target, progress: Progress | None) -> CopyResult:
    refuse_unless_empty(target)  # again under A's lock: the first look was before A was opened
    dest: Store | None = None
    key_file = None
    try:
        dest = open_store(target.text, create=True)
        tables = copied_tables()
        with src.engine.connect() as read:
            if read.dialect.name == "postgresql":  # one snapshot for every table
                read = read.execution_options(isolation_level="REPEATABLE READ")
            with read.begin():
                counts = count_rows(read, tables)
                with dest.locked(), dest.engine.begin() as write:
                    for table in tables:
                        copy_table(read, write, table, counts[table.name], progress)
                    reset_sequences(write, tables)
        key = source_key(src)
        if key is not None:
            key_file = install_key(dest, key)
        _check(dest, counts)
        dest.close()
        return CopyResult(tables=counts, rows=sum(counts.values()), chain="ok")
    except BaseException:
        if dest is not None:
            dest.close()
        remove_target(target, key_file)
        raise


def _check(dest: Store, expected: dict[str, int]) -> None:
    with dest.engine.connect() as conn:
        got = count_rows(conn, copied_tables())
    wrong = [f"{name}（来源 {n} 行，目标 {got.get(name)} 行）" for name, n in expected.items() if got.get(name) != n]
    if wrong:
        raise StoreError("复制后核对行数不一致：" + "；".join(wrong[:5]) + "。目标已删除，来源未改动。")
    log = verify_log(dest)
    if not log["ok"]:
        raise StoreError(f"复制后核验目标：{log['message']}目标已删除，来源未改动。")
