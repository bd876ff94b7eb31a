"""A store with the demo data (60 cases) audited once: the rectification tests start from it.

The demo store is built once per session and copied per test (building it takes seconds)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from app.audit.service import run_audit
from app.demo import load_demo
from app.store import Store, open_store
from db.changelog_key import key_path

AS_OF = date(2024, 6, 30)


@pytest.fixture(scope="session")
def audited_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "audited.sqlite"
    store = open_store(path)
    try:
        load_demo(store, size=60)
        run_audit(store, as_of=AS_OF)
    finally:
        store.close()
    return path


@pytest.fixture
def audited(audited_template: Path, tmp_path: Path) -> Iterator[Store]:
    """A fresh copy of the audited demo store (its own folder, so its own evidence folder)."""
    path = tmp_path / "store" / "audited.sqlite"
    path.parent.mkdir()
    shutil.copy(audited_template, path)
    key_path(path).parent.mkdir()  # the store's change-log key goes with it (it is never inside the file)
    shutil.copy(key_path(audited_template), key_path(path))
    store = open_store(path)
    yield store
    store.close()


@pytest.fixture
def evidence_file(tmp_path: Path) -> Path:
    path = tmp_path / "整改佐证.pdf"
    path.write_bytes("%PDF-1.4 台账补录情况说明（盖章扫描件）\n".encode() * 50)
    return path
