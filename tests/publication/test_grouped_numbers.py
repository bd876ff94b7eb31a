"""ID, mobile and landline numbers are removed however they are grouped or punctuated, and so
are house numbers; case numbers, articles, amounts, dates and organisations' names are not."""

from __future__ import annotations

import re

import pytest

from app.publication.addresses import remove_addresses
from app.publication.numbers import remove_personal_numbers
from app.publication.redact import redact_text


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


@pytest.mark.parametrize("number", [
    # resident IDs
    "210102 19700101 456X", "210102-19700101-456X", "210102.19700101.456x", "2101 0219 9212 3100 2X",
    "210102 700101 123", "21010219700101456X",
    # mobiles
    "13800138000", "138 0013 8000", "138-0013-8000", "138.0013.8000", "(138)0013 8000", "138—0013—8000",
    "138——0013——8000", "1 3 8 0 0 1 3 8 0 0 0", "+86 138 0013 8000", "（+86）13800138000", "+86-138-0013-8000",
    "1380 0138 000", "１３８ ００１３ ８０００", "138 00 13 80 00",
    # landlines
    "024-12345678", "(024)1234 5678", "（024）12345678", "0411—8888888", "0411-8888888", "024 1234 5678",
    "010-87654321", "02412345678", "0411-8765432-801", "0 2 4 1 2 3 4 5 6 7 8",
])
@pytest.mark.parametrize(("before", "after"), [("", ""), ("联系方式为", "。"), ("当事人（", "）于2019年3月5日"),
                                               ("经查，", " 2019年3月5日")])
def test_numbers_are_removed_however_written(number: str, before: str, after: str) -> None:
    out = redact_text(before + number + after)
    assert out == before + "***" + after, out


def test_a_number_next_to_a_date_takes_only_itself() -> None:
    assert remove_personal_numbers("2019.3.5 138 0013 8000") == "2019.3.5 ***"
    assert remove_personal_numbers("13800138000/13900139000") == "***/***"
    assert remove_personal_numbers("13800138000 2019年") == "*** 2019年"
    assert remove_personal_numbers("（138 0013 8000）") == "（***）"  # brackets stay paired


@pytest.mark.parametrize(("text", "gone"), [
    ("住在58-6号", "58-6"), ("家住某某小区12号楼3单元401", "12号楼3单元401"), ("3栋2单元501室", "501"),
    ("5-2-301室", "301"), ("沈阳市大东区小河沿路36-8号", "36-8"), ("某某花园9号楼2单元1102", "1102"),
    ("黄河北大街88号3单元501室", "501"), ("（58-6号）", "58-6"), ("某某小区5-2-301", "301"), ("住12-1-1102", "1102"),
])
def test_house_numbers_are_removed(text: str, gone: str) -> None:
    out = remove_addresses(text)
    assert gone not in out and "***" in out, out


KEPT = [
    "沈环罚〔2019〕12号", "沈水罚字[2019]第012号", "沈环罚2019-12号", "沈环罚〔2019〕12-1号", "（2019）12号",
    "沈环罚〔2019〕12号、13号", "第五十七条", "第57条第1款第（三）项", "依据《某某条例》第十条第（一）项、第十二条",
    "罚款5000元", "罚款人民币10,000.00元", "没收违法所得1,234.56元", "罚款0.5万元", "罚款13800元", "罚款5000元（伍仟元整）",
    "共3000-5000元", "2019年3月5日", "2019-03-05", "2019/3/5", "2019.3.5", "20190305", "2019年3月5日14时30分",
    "2019.03.05—2019.04.05", "2019-03-05至2019-04-05", "2019.3.5-2019.4.5", "于2019-3-5 9:30", "2018—2019年度",
    "2019年第1-3季度", "5-10日内", "5-10-2019", "第1-3-501项", "责令停产停业3日", "面积120平方米", "编号20190305001",
    "辽A12345", "第3栋",
    "沈阳市某某建材有限公司", "统一社会信用代码91210102MA0XAB1C2D", "GB 32100-2015",
]


@pytest.mark.parametrize("text", KEPT)
def test_what_is_not_personal_is_left_alone(text: str) -> None:
    assert redact_text(text) == text


def test_a_whole_decision_keeps_its_public_parts() -> None:
    facts = ("经查，当事人（身份证号210102 19700101 456X，电话138-0013-8000，座机(024)1234 5678，住沈阳市和平区58-6号）"
             "于2019年3月5日在沈阳市某某建材有限公司院内无证经营，违反《某某条例》第五十七条，依据沈环罚〔2019〕12号"
             "决定罚款5000元。")
    out = redact_text(facts)
    for kept in ("2019年3月5日", "沈阳市某某建材有限公司", "第五十七条", "沈环罚〔2019〕12号", "罚款5000元"):
        assert kept in out
    for gone in ("21010219700101456", "13800138000", "02412345678", "586"):
        assert gone not in _digits(out.replace("2019年3月5日", "").replace("〔2019〕12", "")), out
