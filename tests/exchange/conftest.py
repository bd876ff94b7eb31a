"""Fixtures for the exchange tests: an office store with a real rectification history (built
once per session, copied per test), its exported package, and fresh bureau stores.

The package key's passphrase comes from CASEAUDIT_SIGNER_PASSPHRASE; the suite's keyring is the
null back-end, so nothing is kept anywhere."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from app.audit.service import run_audit
from app.demo import load_demo
from app.store import Store, open_store
from tests.exchange.helpers import export_first_package

AS_OF = date(2024, 6, 30)
PASSPHRASE = "数据包口令-2024"


@pytest.fixture(autouse=True)
def _passphrase(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEAUDIT_SIGNER_PASSPHRASE", PASSPHRASE)


def _history(store: Store, evidence: Path) -> None:
    """Problems with measures, progress, close-outs (with evidence) and dispositions."""
    from app.office import set_office_info
    from app.rectify.service import (
        add_disposition,
        add_problem,
        add_progress,
        close_problem,
        confirm_findings,
        set_measure,
    )

    set_office_info(store, office_name="沈阳市某某区综合行政执法局", principal_leader="李局长")
    ids = confirm_findings(store, None, operator="测试")
    for n, pid in enumerate(ids[:12]):
        set_measure(store, pid, measure="补正案卷并组织学习", dept="法制科", owner="王五",
                    deadline=date(2024, 5, 1) if n % 2 else date(2030, 1, 1), operator="测试")
    for pid in ids[:5]:
        add_progress(store, pid, note="已完成补正", evidence=evidence, on=date(2024, 4, 1))
        close_problem(store, pid, evidence=evidence, approver="李局长", on=date(2024, 4, 20))
    add_disposition(store, ids[0], kind="约谈", people_handled=2, sanctions=0, on=date(2024, 4, 2))
    add_disposition(store, ids[6], kind="诫勉谈话", people_handled=1, sanctions=1, on=date(2024, 4, 3))
    add_problem(store, category="执法不规范", manifestation="当事人张三（身份证号 210102199001011234）反映未告知权利",
                source="complaint")


@pytest.fixture(scope="session")
def office_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("office")
    evidence = folder / "整改佐证.pdf"
    evidence.write_bytes("%PDF-1.4 整改情况说明\n".encode() * 40)
    path = folder / "store" / "office.sqlite"
    path.parent.mkdir()
    store = open_store(path)
    try:
        load_demo(store, size=60)
        run_audit(store, as_of=AS_OF)
        _history(store, evidence)
    finally:
        store.close()
    return path


@pytest.fixture
def office(office_template: Path, tmp_path: Path) -> Iterator[Store]:
    """A fresh copy of the office store in its own folder (its key file and evidence go there)."""
    path = tmp_path / "office" / "office.sqlite"
    shutil.copytree(office_template.parent, path.parent)
    store = open_store(path)
    yield store
    store.close()


@pytest.fixture(scope="session")
def package_template(office_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One exported package (sequence 1) of a copy of the office store; the copy stays beside it
    so tests can export package 2 with the same key."""
    folder = tmp_path_factory.mktemp("package")
    return export_first_package(office_template.parent, office_template.name, folder / "package-1.zip",
                                passphrase=PASSPHRASE, as_of=AS_OF)


@pytest.fixture
def package(package_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "package-1.zip"
    shutil.copy(package_template, path)
    return path


@pytest.fixture
def bureau(tmp_path: Path) -> Iterator[Store]:
    store = open_store(tmp_path / "bureau" / "bureau.sqlite")
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    yield store
    store.close()
