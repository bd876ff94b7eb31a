"""Publication masking: surnames (compound ones keep both characters), organisations kept, ID,
phone and bank numbers and addresses removed from free text, ordinary numbers left alone."""

from __future__ import annotations

import pytest

from app.publication.redact import (
    COMPOUND_SURNAMES,
    is_organisation,
    mask_id_numbers,
    person_name,
    publish_party,
    redact_text,
    replace_names,
)

REQUIRED_COMPOUNDS = ["欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯", "轩辕", "令狐", "钟离", "单于", "太史"]


@pytest.mark.parametrize(("name", "published"), [
    ("张三", "张某"), ("王小明", "王某"), ("欧阳娜娜", "欧阳某"), ("司马光", "司马某"), ("诸葛亮", "诸葛某"),
    ("上官婉儿", "上官某"), ("令狐冲", "令狐某"), ("单于雪", "单于某"), ("司马", "司某"), ("买买提·吐尔逊", "买某"),
    (" 李四 ", "李某"),
])
def test_person_names_keep_the_surname(name: str, published: str) -> None:
    assert person_name(name) == published


@pytest.mark.parametrize("surname", REQUIRED_COMPOUNDS)
def test_every_listed_compound_surname_keeps_both_characters(surname: str) -> None:
    assert surname in COMPOUND_SURNAMES
    assert person_name(surname + "明") == surname + "某"


@pytest.mark.parametrize(("party", "party_id", "published"), [
    ("沈阳市和平区某某商贸有限公司", "91210102MA0XAB1C2D", "沈阳市和平区某某商贸有限公司"),
    ("沈阳市和平区老四季面馆", "", "沈阳市和平区老四季面馆"),
    ("沈阳某某建筑工程集团", "", "沈阳某某建筑工程集团"),
    ("张三", "210102199001011234", "张某"),
    ("欧阳娜娜", "", "欧阳某"),
    ("张三、欧阳娜娜", "", "张某、欧阳某"),
    ("张记面馆", "210102199001011234", "张某"),  # a resident ID: a natural person, whatever the name says
])
def test_parties(party: str, party_id: str, published: str) -> None:
    assert publish_party(party, party_id) == published


def test_organisation_by_credit_code() -> None:
    assert is_organisation("某某", "91210102MA0XAB1C2D")
    assert not is_organisation("某某商店", "210102199001011234")


@pytest.mark.parametrize("text", [
    "身份证号210102199001011234", "身份证号：21010219900101123x", "证件号码 21010219900101123X",
    "老身份证210102900101123", "电话13812345678", "手机：138 1234 5678", "联系方式+86 13812345678",
    "138-1234-5678", "座机024-23456789", "电话(024)23456789", "0411-8765432", "开户账号6222021234567890123",
    "卡号6222 0212 3456 7890", "银行账户：6217 0000 1234 5678 901", "１３８１２３４５６７８",
])
def test_numbers_are_removed(text: str) -> None:
    out = redact_text(text)
    assert "***" in out
    assert not any(ch.isdigit() for ch in out.replace("0411", "")), out


@pytest.mark.parametrize(("text", "kept", "gone"), [
    ("住址：沈阳市和平区南京街5号", "住址：", "南京街"),
    ("家住沈阳市于洪区黄河北大街88号3单元501室", "家住", "黄河北大街"),
    ("当事人于2024年3月5日在沈阳市和平区中华路12号无照经营", "当事人于2024年3月5日在", "中华路12号"),
    ("经营地址为大东区小河沿路3号", "经营地址为", "小河沿路"),
])
def test_addresses_are_removed(text: str, kept: str, gone: str) -> None:
    out = redact_text(text)
    assert out.startswith(kept) and gone not in out and "***" in out


@pytest.mark.parametrize("text", [
    "罚款5000元", "罚款人民币伍仟元整", "2024年3月5日", "20240305", "沈水罚字〔2024〕第12号",
    "依据《中华人民共和国食品安全法》第一百二十二条", "统一社会信用代码91210102MA0XAB1C2D", "没收违法所得1,234.56元",
])
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert redact_text(text) == text


def test_names_inside_free_text_are_reduced_too() -> None:
    facts = "经查，当事人欧阳娜娜（身份证号210102199001011234，电话13812345678）于2024年3月5日无照经营，欧阳娜娜对事实无异议。"
    out = redact_text(replace_names(facts, "欧阳娜娜"))
    assert "娜娜" not in out and out.count("欧阳某") == 2
    assert "210102199001011234" not in out and "13812345678" not in out and "2024年3月5日" in out
    assert replace_names("某某有限公司超范围经营", "某某有限公司") == "某某有限公司超范围经营"


def test_package_masking_keeps_first_and_last_four() -> None:
    assert mask_id_numbers("当事人张三，身份证号21010219900101123X。") == "当事人张三，身份证号2101**********123X。"
    assert mask_id_numbers("210102900101123") == "2101*******1123"
    assert mask_id_numbers("案号沈水罚字〔2024〕第12号，罚款5000元") == "案号沈水罚字〔2024〕第12号，罚款5000元"
    assert mask_id_numbers("91210102MA0XAB1C2D") == "91210102MA0XAB1C2D"


def test_long_texts_are_quick() -> None:
    import time

    text = ("沈阳市和平区" * 2000) + ("市区县" * 3000) + "1" * 5000
    start = time.perf_counter()
    redact_text(text)
    assert time.perf_counter() - start < 1.0
