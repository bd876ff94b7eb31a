"""Checks at open: a damaged store is detected by quick_check, left byte-for-byte as it was (no
-wal/-shm appears) and the message names the newest good backup; a store on a network share is
refused with the reason."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from pathlib import Path

import pytest

import db.store
from app.backups import make_backup
from app.errors import StoreError
from app.imports.service import import_file
from app.store import StoreDamagedError, StoreLocationError, open_store, set_data_dir
from db.backup import backup_name
from db.store import mount_type, network_location
from tests.delivery.helpers import damage, write_ledger

MOUNTS = """\
/dev/vda / ext4 rw,relatime 0 0
proc /proc proc rw 0 0
server:/export/office /mnt/office nfs4 rw,vers=4.2 0 0
//fs01/法制科 /media/共享\\040盘 cifs rw,vers=3.0 0 0
user@host:/data /home/me/remote fuse.sshfs rw 0 0
/dev/sdb1 /mnt/office/local ext4 rw 0 0
tmpfs /tmp tmpfs rw 0 0
"""


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _side_files(path: Path) -> list[Path]:
    return [p for p in (Path(str(path) + s) for s in ("-wal", "-shm", "-journal")) if p.exists()]


@pytest.fixture
def real_store(tmp_path: Path) -> Path:
    path = tmp_path / "caseaudit.sqlite"
    store = open_store(path)
    try:
        import_file(store, "ledger", write_ledger(tmp_path / "l.xlsx", 3000), operator="测试")
    finally:
        store.close()
    assert not _side_files(path)  # closed cleanly
    return path


def test_a_damaged_store_is_refused_untouched_and_the_newest_good_backup_named(real_store: Path) -> None:
    for p in (real_store.parent / "backups").iterdir():  # the one made before the import
        p.unlink()
    older = make_backup(real_store, "manual", when=datetime.now() - timedelta(days=2))
    newest = make_backup(real_store, "manual", when=datetime.now() - timedelta(days=1))
    broken = real_store.parent / "backups" / backup_name("caseaudit", datetime.now(), "manual")
    broken.write_bytes(b"SQLite format 3\x00" + b"\x00" * 5000)  # newer still, but no good
    damage(real_store)
    before = _sha(real_store)
    listing = sorted(p.name for p in real_store.parent.iterdir())
    with pytest.raises(StoreDamagedError) as caught:
        open_store(real_store)
    assert _sha(real_store) == before
    assert not _side_files(real_store)
    assert sorted(p.name for p in real_store.parent.iterdir()) == listing  # no lock file, nothing new
    message = caught.value.message
    assert "已损坏" in message and str(real_store) in message and "没有修改、修复或替换" in message
    assert str(newest) in message and str(older) not in message and str(broken) not in message
    assert caught.value.newest_backup is not None and caught.value.newest_backup.path == newest


def test_a_damaged_store_without_backups_says_so(real_store: Path) -> None:
    for p in (real_store.parent / "backups").iterdir():
        p.unlink()
    damage(real_store)
    with pytest.raises(StoreDamagedError, match="没有找到可用的备份") as caught:
        open_store(real_store)
    assert caught.value.newest_backup is None


def test_restoring_the_offered_backup_keeps_the_damaged_file_aside(real_store: Path) -> None:
    from app.backups import restore_backup

    good = make_backup(real_store, "manual")
    damage(real_store)
    damaged = real_store.read_bytes()
    with pytest.raises(StoreDamagedError) as caught:
        open_store(real_store)
    offered = caught.value.newest_backup
    assert offered is not None and offered.path == good
    result = restore_backup(offered.path, real_store, allow_newer=True)
    assert result.saved_current is not None and result.saved_current.read_bytes() == damaged
    open_store(real_store).close()  # passes quick_check again


def test_mount_table_lookup_takes_the_longest_mount_point() -> None:
    assert mount_type(Path("/mnt/office/2019/s.sqlite"), MOUNTS) == "nfs4"
    assert mount_type(Path("/mnt/office/local/s.sqlite"), MOUNTS) == "ext4"
    assert mount_type(Path("/mnt/officex/s.sqlite"), MOUNTS) == "ext4"
    assert mount_type(Path("/media/共享 盘/s.sqlite"), MOUNTS) == "cifs"
    assert mount_type(Path("/home/me/remote/a/s.sqlite"), MOUNTS) == "fuse.sshfs"


@pytest.mark.parametrize(("path", "kind"), [
    ("/mnt/office/caseaudit.sqlite", "nfs4"), ("/media/共享 盘/caseaudit.sqlite", "cifs"),
    ("/home/me/remote/caseaudit.sqlite", "fuse.sshfs"), ("/mnt/office/local/caseaudit.sqlite", None),
    ("/home/me/caseaudit.sqlite", None), ("/tmp/caseaudit.sqlite", None),
])
def test_network_filesystems_are_recognised(path: str, kind: str | None) -> None:
    assert network_location(Path(path), platform="linux", mounts=MOUNTS) == kind


@pytest.mark.parametrize(("path", "network"), [
    (r"\\fs01\法制科\caseaudit.sqlite", True), ("//fs01/share/caseaudit.sqlite", True),
    (r"\\?\UNC\fs01\share\caseaudit.sqlite", True), (r"C:\Users\me\caseaudit.sqlite", False),
])
def test_unc_paths_are_recognised_on_windows(path: str, network: bool) -> None:
    class WinPath(type(Path())):  # a path that prints as given, as on Windows
        def __str__(self) -> str:
            return path

    found = network_location(WinPath(path), platform="win32", mounts="")
    assert (found is not None) == network


def test_a_store_on_a_network_share_is_refused_with_the_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = f"/dev/vda / ext4 rw 0 0\n//fs01/share {tmp_path.as_posix()} cifs rw 0 0\n"
    monkeypatch.setattr(db.store, "_read_mounts", lambda _platform: fake)
    target = tmp_path / "caseaudit.sqlite"
    with pytest.raises(StoreLocationError) as caught:
        open_store(target)
    assert "网络共享盘" in caught.value.message and "无法在网络共享盘上可靠加锁" in caught.value.message
    assert "本机磁盘" in caught.value.message and "cifs" in caught.value.message
    assert isinstance(caught.value, StoreError)
    assert not target.exists()
    with pytest.raises(StoreLocationError):  # nor can it be chosen as the data folder
        set_data_dir(tmp_path / "data")
