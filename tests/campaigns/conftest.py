"""A real store with penalty decisions of 2019 and of 2022 in two units, audited once: the scope
tests start from it. Built once per session and copied per test (each in its own folder, so
each has its own evidence folder)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from app.audit.service import run_audit
from app.records.service import save
from app.store import Store, open_store

AS_OF = date(2024, 6, 30)
WATER, FOREST = "县水利局", "县林业局"
# (year, unit) of each case; case n is 攸水罚字〔year〕第n号
CASES = ((2019, WATER), (2019, FOREST), (2019, WATER), (2022, WATER), (2022, FOREST), (2022, WATER))


def case_no(n: int) -> str:
    return f"攸水罚字〔{CASES[n - 1][0]}〕第{n}号"


def receipt_no(year: int) -> str:
    """One receipt per book (series A for 2019, B for 2022), so there is no gap between them."""
    return f"{'A' if year == 2019 else 'B'}{year}0001"


def fill(store: Store) -> None:
    """Six case files (no ledger rows: each is 有卷无账), a ledger row without a case file and a
    receipt not in the ledger for each year."""
    for n, (year, unit) in enumerate(CASES, start=1):
        save(store, "cases", {"case_no": case_no(n), "party": f"当事人{n}", "unit": unit, "fine_fen": "5000",
                              "filed_on": f"{year}-02-01", "decided_on": f"{year}-03-{n + 1:02d}",
                              "officers": "张三(21010012345)"})
    for year in (2019, 2022):
        save(store, "ledger", {"row": str(year), "case_no": f"攸水罚字〔{year}〕第90号", "party": "台账当事人",
                               "fine_fen": "200", "decided_on": f"{year}-05-01", "unit": WATER})
        save(store, "receipts", {"receipt_no": receipt_no(year), "issued_on": f"{year}-06-01", "payer": "缴款人",
                                 "amount_fen": "300", "unit": WATER})


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
    path = tmp_path / "store" / "store.sqlite"
    path.parent.mkdir()
    shutil.copy(two_years_template, path)
    store = open_store(path)
    yield store
    store.close()
