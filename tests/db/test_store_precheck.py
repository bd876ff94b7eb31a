"""The quick_check the command line starts early (db/store_precheck.py): taken by open_store for
the very file it read, never for a file changed since, and a damaged store refused as before."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from app.imports.service import import_file
from app.store import StoreDamagedError, open_store
from db import store_precheck
from tests.cli.helpers import run_cli
from tests.delivery.helpers import damage, write_ledger


@pytest.fixture
def good_store(tmp_path: Path) -> Path:
    path = tmp_path / "caseaudit.sqlite"
    store = open_store(path)
    try:
        import_file(store, "ledger", write_ledger(tmp_path / "l.xlsx", 500), operator="测试")
    finally:
        store.close()
    return path


def _checked(path: Path) -> None:
    """Wait until the early check of `path` has read the file (so what follows happens after it)."""
    store_precheck._CHECKS[path.resolve()].thread.join()


def _touch_later(path: Path) -> None:
    """A modification time no file system could leave unchanged by a write."""
    st = os.stat(path)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))


def test_the_early_result_is_taken_for_the_same_file(good_store: Path) -> None:
    store_precheck.start(good_store)
    assert store_precheck.take(good_store.resolve()) == "ok"
    assert store_precheck.take(good_store.resolve()) is None  # taken once: a later open checks again


def test_a_store_damaged_after_the_early_check_is_refused_all_the_same(good_store: Path) -> None:
    store_precheck.start(good_store)
    _checked(good_store)
    damage(good_store)  # after the check: its "ok" must not vouch for the file now
    _touch_later(good_store)
    with pytest.raises(StoreDamagedError):
        open_store(good_store)


def test_another_file_put_in_its_place_is_checked_itself(good_store: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.sqlite"
    shutil.copyfile(good_store, broken)
    damage(broken)
    store_precheck.start(good_store)
    assert store_precheck.take(good_store.resolve()) == "ok"
    store_precheck.start(good_store)
    _checked(good_store)
    os.replace(broken, good_store)  # same name, another file (inode): the early "ok" is not its
    with pytest.raises(StoreDamagedError):
        open_store(good_store)


def test_the_command_line_refuses_a_damaged_store_through_the_early_check(good_store: Path) -> None:
    damage(good_store)
    result = run_cli("--db", good_store, "summary")
    assert result.returncode == 2
    assert "已损坏" in result.stderr


def test_a_missing_or_empty_file_starts_no_check(tmp_path: Path) -> None:
    store_precheck.start(tmp_path / "none.sqlite")
    (tmp_path / "empty.sqlite").write_bytes(b"")
    store_precheck.start(tmp_path / "empty.sqlite")
    assert store_precheck.take((tmp_path / "none.sqlite").resolve()) is None
    assert store_precheck.take((tmp_path / "empty.sqlite").resolve()) is None


def test_the_window_start_checks_the_store_it_names_and_survives_a_broken_config(good_store: Path) -> None:
    from app.store import check_store_early, config_path

    check_store_early(good_store)
    assert store_precheck.take(good_store.resolve()) == "ok"
    config = config_path()
    config.parent.mkdir(parents=True, exist_ok=True)
    saved = config.read_bytes() if config.exists() else None
    config.write_text("{ not json", encoding="utf-8")
    before = dict(store_precheck._CHECKS)  # other tests' commands may have left unopened checks
    try:
        check_store_early(None)  # the default store cannot be known: nothing started, nothing raised here
        started = dict(store_precheck._CHECKS)
        assert started == before
    finally:
        if saved is None:
            config.unlink()
        else:
            config.write_bytes(saved)
