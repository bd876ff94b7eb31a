"""Backups of a PostgreSQL store: `pg_dump --format=custom`, checked with `pg_restore --list`.

A dump is written to a claimed `.partial` (db/backup.claim_backup_name) and renamed to
`<db>.<stamp>.<reason>.dump` only after pg_restore has read its table of contents, so a killed
dump never sits under a backup's name. The binaries are looked for on PATH, then in the newest
/usr/lib/postgresql/<version>/bin (Debian/Ubuntu keep them there); pg_dump must be at least as
new as the server, which the newest one installed is most likely to be. Without them a backup
— and so an upgrade, which is never run without one — is refused with a message saying what to
install; nothing is changed.

The password reaches the child processes in their environment (PGPASSWORD), never their
command line (which `ps` shows to every user) and never a file.

Restoring a dump over a live server database is left to the administrator (`pg_restore --clean
--if-exists --dbname …`): the program refuses it with that command rather than drop tables that
other desks are using.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from db.backup import PG_DUMP_EXT, Verification, backup_dir_for, claim_backup_name
from db.errors import StoreError

if TYPE_CHECKING:
    from db.store_handle import Store

__all__ = ["backup_before_upgrade", "pg_tool", "verify_dump", "write_pg_backup"]

DUMP_TIMEOUT_SECONDS = 3600
MISSING_TOOLS = ("没有找到 PostgreSQL 的 {tool} 程序，无法备份数据库 {where}{then}。"
                 "请安装 PostgreSQL 客户端（Debian/Ubuntu：apt install postgresql-client），"
                 "或把它所在的文件夹加入 PATH。")


def pg_tool(name: str) -> Path | None:
    """pg_dump / pg_restore / psql: from PATH, else the newest Debian-style install."""
    found = shutil.which(name)
    if found:
        return Path(found)
    versions = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
                      key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0)
    return versions[-1] if versions else None


def _env(store: Store) -> dict[str, str]:
    env = dict(os.environ)
    assert store.location is not None and store.location.url is not None
    secret = store.secret if store.secret is not None else store.location.url.password
    if secret is not None:
        env["PGPASSWORD"] = str(secret)
    env["PGAPPNAME"] = store.app_name or "caseaudit"
    return env


def _conn_args(store: Store) -> list[str]:
    loc = store.location
    assert loc is not None
    args = ["--host", loc.host, "--port", str(loc.port), "--dbname", loc.database, "--no-password"]
    return [*args, "--username", loc.user] if loc.user else args


def write_pg_backup(store: Store, folder: Path, reason: str, *, when: datetime | None = None, then: str = "") -> Path:
    """A checked custom-format dump of the store in `folder`; StoreError when it cannot be made."""
    assert store.location is not None
    where = store.location.where
    dump, restore = pg_tool("pg_dump"), pg_tool("pg_restore")
    for tool, found in (("pg_dump", dump), ("pg_restore", restore)):
        if found is None:
            raise StoreError(MISSING_TOOLS.format(tool=tool, where=where, then=then))
    assert dump is not None and restore is not None
    partial, dest = claim_backup_name(folder, store.path.stem, reason, when, PG_DUMP_EXT)
    env = _env(store)
    try:
        made = subprocess.run([str(dump), "--format=custom", "--file", str(partial), *_conn_args(store)],
                              capture_output=True, text=True, env=env, timeout=DUMP_TIMEOUT_SECONDS, check=False)
        if made.returncode != 0:
            raise StoreError(f"无法备份数据库 {where}（pg_dump：{made.stderr.strip()[-300:]}）{then}。")
        listed = subprocess.run([str(restore), "--list", str(partial)], capture_output=True, text=True,
                                env=env, timeout=600, check=False)
        if listed.returncode != 0 or "TABLE DATA" not in listed.stdout:
            raise StoreError(f"数据库 {where} 的备份 {dest.name} 校验未通过（pg_restore --list："
                             f"{listed.stderr.strip()[-300:]}）{then}。")
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, dest)
    return dest


def backup_before_upgrade(store: Store) -> Path:
    """The checked 'migration' dump an upgrade needs first, in the store's local backups folder."""
    return write_pg_backup(store, backup_dir_for(store.path), "migration", then="，已停止升级，数据库未改动")


def verify_dump(path: Path) -> Verification:
    """A dump read back with pg_restore: its table of contents, then the schema version its
    caseaudit_schema row holds — without a server, nothing restored."""
    restore = pg_tool("pg_restore")
    if not path.is_file():
        return Verification(path, False, 0, "文件不存在")
    if restore is None:
        return Verification(path, False, 0, MISSING_TOOLS.format(tool="pg_restore", where=path.name, then=""))
    listed = subprocess.run([str(restore), "--list", str(path)], capture_output=True, text=True, timeout=600,
                            check=False)
    if listed.returncode != 0 or "TABLE DATA" not in listed.stdout:
        return Verification(path, False, 0, f"pg_restore --list：{listed.stderr.strip()[-300:] or '没有数据'}")
    data = subprocess.run([str(restore), "--data-only", "--table=caseaudit_schema", "--file=-", str(path)],
                          capture_output=True, text=True, timeout=600, check=False).stdout
    rows = [line.split("\t") for line in data.splitlines() if line[:1].isdigit()]
    if not rows or len(rows[0]) != 2 or not rows[0][1].isdigit():
        return Verification(path, False, 0, "不是本程序的数据库备份（没有结构版本）")
    return Verification(path, True, int(rows[0][1]), "ok")
