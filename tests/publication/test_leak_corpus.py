"""The publication list leaks nothing: ≥ 80 planted personal items in ≥ 70 cases go through the
real export (`export_publication` writing the .xlsx), the file is read back with python-calamine,
and no planted item survives in any cell — names compared without spaces and dots, numbers
without their separators — while organisations, case numbers, articles, amounts and dates do."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from app.publication import export_publication
from app.store import Store
from db.models import CaseFile, Unit
from tests.publication.corpus import PlantedCase, build_corpus

# What people put between digits and between the parts of a name; removed before comparing.
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―−﹣－~.．·•・‧∙⋅･_()（）+＋/／]")


def _flat(text: str) -> str:
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", text)).upper()


@pytest.fixture(scope="module")
def corpus() -> list[PlantedCase]:
    return build_corpus()


@pytest.fixture
def published(store: Store, corpus: list[PlantedCase], tmp_path: Path) -> dict[str, list[str]]:
    """case number → the row's cells as text, read back from the exported workbook."""
    with store.writing() as s:
        unit = Unit(name="沈阳市某某区综合行政执法局")
        s.add(unit)
        s.flush()
        for c in corpus:
            s.add(CaseFile(case_no=c.case_no, case_key=c.case_no, party=c.party, party_id=c.party_id,
                           facts=c.facts(), cause=f"{c.names_in_facts[0]}无证经营", legal_basis="《某某条例》第五十七条",
                           penalty=f"对{c.names_in_facts[-1]}罚款5000元", decided_on=c.decided_on, fine_fen=500000,
                           unit_id=unit.id))
    out = tmp_path / "公示.xlsx"
    result = export_publication(store, out)
    assert result["rows"] == len(corpus)
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    header = [str(v) for v in rows[1]]
    case_col = header.index("行政处罚决定书文号")
    return {str(r[case_col]): ["" if v is None else str(v) for v in r] for r in rows[2:]}


def test_the_corpus_is_big_enough(corpus: list[PlantedCase]) -> None:
    assert len(corpus) >= 70
    assert sum(len(c.planted) for c in corpus) >= 80
    assert len({c.case_no for c in corpus}) == len(corpus)


def test_no_planted_item_is_published(corpus: list[PlantedCase], published: dict[str, list[str]]) -> None:
    cells = [_flat(cell) for row in published.values() for cell in row]
    leaks = [(c.case_no, item) for c in corpus for item in c.planted
             if any(_flat(item) in cell for cell in cells)]
    assert leaks == [], f"{len(leaks)} 项个人信息被公示：{leaks}"


def test_what_must_be_published_is(corpus: list[PlantedCase], published: dict[str, list[str]]) -> None:
    missing = [(c.case_no, kept) for c in corpus for kept in c.kept
               if not any(kept in cell for cell in published[c.case_no])]
    assert missing == [], missing


def test_people_are_published_as_surname_and_mou(published: dict[str, list[str]]) -> None:
    parties = [row[2] for row in published.values()]
    for expected in ("司马某", "上官某", "欧阳某", "买某", "张某（个体工商户）", "个体工商户李某", "郑某、钱某", "冯某 陈某",
                     "褚某/卫某", "蒋某／沈某", "沈阳市和平区老四季面馆（经营者：孙某）"):
        assert expected in parties, expected
