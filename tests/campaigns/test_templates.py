"""The shipped taxonomy templates: their shape, and that every category and manifestation is
the customer's own words (checked against the documents in shared/reference when present)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.campaigns.templates import TEMPLATE_IDS, load_template, taxonomies_dir
from app.domain.text import squeeze
from app.errors import UserError

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT.parent / "shared" / "reference"
EXPECTED_CATEGORIES = {
    "A": ["执法不严格", "执法不公正", "执法不规范", "执法不廉洁", "执法不文明"],
    "B": ["选择性执法问题", "随意性执法问题", "机械性执法问题", "逐利性执法问题", "回应群众诉求方面"],
    "C": ["执法不作为", "执法乱作为", "执法不规范、不公开"],
}
SOURCES = {"A": ("000_", "001_"), "B": ("004_",), "C": ("003_",)}


@pytest.mark.parametrize("tid", TEMPLATE_IDS)
def test_template_shape(tid: str) -> None:
    raw = json.loads((taxonomies_dir() / f"{tid}.json").read_text(encoding="utf-8"))
    assert raw["id"] == tid and raw["name"] and raw["source"]
    assert [c["name"] for c in raw["categories"]] == EXPECTED_CATEGORIES[tid]
    for cat in raw["categories"]:
        items = cat["manifestations"]
        assert len(items) == len(set(items)), cat["name"]
        assert all(isinstance(i, str) and i == i.strip() and i for i in items)
        if cat["name"] != "回应群众诉求方面":  # 004 names this category but lists no manifestations
            assert len(items) >= 4, cat["name"]
    assert load_template(tid.lower())["id"] == tid


def test_template_a_holds_the_domain_examples() -> None:
    cats = {c["name"]: c["manifestations"] for c in load_template("A")["categories"]}
    for example in ("重复执法", "选择性执法", "滥用自由裁量权", "同案异罚", "畸轻畸重", "人情案", "以罚代管",
                    "以罚代刑", "弄虚作假"):
        assert any(example in m for m in cats["执法不公正"]), example
    assert cats["执法不规范"] == ["处罚主体不适格", "违反法定程序", "适用依据不准确", "处罚决定执行不到位",
                              "文书制作不规范", "辅助人员滥用执法权"]


def test_sources_name_the_documents() -> None:
    assert "沈水依法办发〔2019〕04号" in load_template("A")["source"]
    assert "鲅政办发〔2017〕37号" in load_template("A")["source"]
    assert "攸纪发〔2021〕3号" in load_template("B")["source"]
    assert "鞍山市集中整治行政执法突出问题的行动方案" in load_template("C")["source"]


@pytest.mark.parametrize("tid", TEMPLATE_IDS)
def test_every_item_is_verbatim_in_the_reference_documents(tid: str) -> None:
    if not REFERENCE.is_dir():
        pytest.skip("shared/reference is not beside this clone")
    # Width and whitespace only (the extracted PDFs break lines mid-word: "选\n\n择性执法").
    texts = [squeeze(p.read_text(encoding="utf-8")) for prefix in SOURCES[tid]
             for p in REFERENCE.glob(f"{prefix}*.txt")]
    assert len(texts) == len(SOURCES[tid])
    checked = 0
    for cat in load_template(tid)["categories"]:
        for item in [cat["name"], *cat["manifestations"]]:
            for text in texts:
                assert squeeze(item) in text, f"{tid}: 「{item}」 not in the source document"
                checked += 1
    assert checked > 20


def test_unknown_or_broken_template_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="未知的问题分类模板"):
        load_template("D")
    (tmp_path / "A.json").write_text('{"categories": [{"name": "x", "manifestations": ["a", "a"]}]}',
                                     encoding="utf-8")
    with pytest.raises(UserError, match="重复"):
        load_template("A", tmp_path)
