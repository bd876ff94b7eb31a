"""A column filter means the same whether SQL applies it (`column_clause`, the registers and the
findings) or Python does on rows already held (`row_matches`, the problem list)."""

from __future__ import annotations

from datetime import date

import pytest

from app.demo import load_demo
from app.records import service
from app.records.filters import EMPTY, ColumnFilter, row_matches, year_filter

FILTERS = [
    ColumnFilter("party", text="有限公司"),
    ColumnFilter("party", text="王"),
    ColumnFilter("case_no", values=("沈浑罚字〔2017〕第001号", EMPTY)),
    ColumnFilter("enforcement", values=(EMPTY,)),
    ColumnFilter("fine_fen", low=1_000_000),
    ColumnFilter("fine_fen", low=200_000, high=2_000_000),
    year_filter("decided_on", 2019),
    ColumnFilter("filed_on", high=date(2018, 6, 30)),
    ColumnFilter("cause", values=("未经批准擅自取水",), text="取水"),
]


@pytest.fixture
def demo_store(store):  # type: ignore[no-untyped-def]
    load_demo(store, size=200)
    return store


@pytest.mark.parametrize("flt", FILTERS, ids=lambda f: f"{f.field}")
def test_python_keeps_what_sql_keeps(demo_store, flt: ColumnFilter) -> None:  # type: ignore[no-untyped-def]
    every = service.rows(demo_store, "cases", service.ids(demo_store, "cases"))
    in_python = [r["id"] for r in every if r is not None and row_matches(flt, r[flt.field])]
    in_sql = service.ids(demo_store, "cases", filters=[flt])
    assert in_python == in_sql
    assert 0 < len(in_sql) < len(every) or flt.field == "enforcement"
