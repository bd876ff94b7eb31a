"""A real store with penalty decisions of 2019 and of 2022 in two units, audited once: the scope
tests start from it. Built once per session and copied per test (each in its own folder, so
each has its own evidence folder)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.audit.service import run_audit
from app.store import Store, open_store
from tests.campaigns.builders import AS_OF, fill


@pytest.fixture(scope="session")
def two_years_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("two_years") / "store.sqlite"
    store = open_store(path)
    try:
        fill(store)
        run_audit(store, as_of=AS_OF)
    finally:
        store.close()
    return path


@pytest.fixture
def two_years(two_years_template: Path, tmp_path: Path) -> Iterator[Store]:
    # the whole folder: the change log's key lives beside the store (signer/), never inside it
    shutil.copytree(two_years_template.parent, tmp_path / "store")
    path = tmp_path / "store" / "store.sqlite"
    store = open_store(path)
    yield store
    store.close()
