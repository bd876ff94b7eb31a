"""Who is a natural person in the party field: the ID and a stated role decide, not the words of
the name; roles, several people and dotted minority names are each masked, in the party column
and inside the facts."""

from __future__ import annotations

import pytest

from app.domain.persons import IdKind, id_kind, is_resident_id, looks_like_organisation, person_name
from app.publication.parties import party_parts, party_people
from app.publication.redact import is_organisation, publish_party, replace_names

CREDIT_92 = "92210102MA0XAB1C2D"  # 个体工商户
CREDIT_91 = "91210102MA0XAB1C3E"


@pytest.mark.parametrize(("party_id", "kind"), [
    ("210102197001014567", IdKind.PERSON), ("21010219700101456x", IdKind.PERSON),
    ("210102 19700101 456X", IdKind.PERSON), ("210102700101123", IdKind.PERSON),
    ("２１０１０２１９７００１０１４５６７", IdKind.PERSON),
    (CREDIT_91, IdKind.ORGANISATION), ("93210112MA0Y8XBK1D", IdKind.ORGANISATION),
    ("12210000MB0123456A", IdKind.ORGANISATION), ("12345678-9", IdKind.ORGANISATION),
    (CREDIT_92, IdKind.INDIVIDUAL_BUSINESS),
    ("", IdKind.UNKNOWN), ("210102197002304567", IdKind.UNKNOWN),  # 2月30日: no such birth date
])
def test_the_id_says_who_the_party_is(party_id: str, kind: IdKind) -> None:
    assert id_kind(party_id) is kind


def test_a_birth_date_must_exist() -> None:
    assert is_resident_id("210103200002291234")  # 2000 was a leap year
    assert not is_resident_id("210103190002291234")  # 1900 was not


@pytest.mark.parametrize("name", ["司马文城", "上官小园", "欧阳建行", "李文行", "王园园", "刘建城", "赵家场", "孙小院",
                                  "买买提·吐尔逊", "阿布都热西提·依明"])
def test_given_names_that_look_like_organisation_words_are_names(name: str) -> None:
    assert not looks_like_organisation(name)
    assert publish_party(name) == person_name(name)


@pytest.mark.parametrize("party_id", ["", "210102197001014567", CREDIT_92])
@pytest.mark.parametrize(("name", "published"), [("司马文城", "司马某"), ("上官小园", "上官某"), ("欧阳建行", "欧阳某")])
def test_compound_surnames_whatever_the_id(name: str, published: str, party_id: str) -> None:
    assert publish_party(name, party_id) == published
    assert replace_names(f"当事人{name}无证经营，{name}对事实无异议。", name, party_id) == \
        f"当事人{published}无证经营，{published}对事实无异议。"


@pytest.mark.parametrize("party_dot", ["·", "•", "・", "．", ".", "-", "‐", "－"])
@pytest.mark.parametrize("facts_dot", ["·", "•", "・", "．", ".", "-", "", " "])
def test_minority_names_are_masked_whichever_dot_the_facts_use(party_dot: str, facts_dot: str) -> None:
    party = f"买买提{party_dot}吐尔逊"
    assert publish_party(party) == "买某"
    out = replace_names(f"经查，买买提{facts_dot}吐尔逊于2019年3月5日无证经营。", party)
    assert out == "经查，买某于2019年3月5日无证经营。"


@pytest.mark.parametrize(("party", "party_id", "published"), [
    ("张建国（个体工商户）", "", "张某（个体工商户）"),
    ("张建国(个体工商户)", CREDIT_92, "张某(个体工商户)"),
    ("个体工商户李文斌", "", "个体工商户李某"),
    ("个体工商户：王淑芬", "", "个体工商户：王某"),
    ("经营者：吴桂园", "", "经营者：吴某"),
    ("周立行(个体户)", "", "周某(个体户)"),
    ("赵德城（经营者）", CREDIT_92, "赵某（经营者）"),
    ("沈阳市和平区老四季面馆（个体工商户）", CREDIT_92, "沈阳市和平区老四季面馆（个体工商户）"),  # its 字号
    ("沈阳市和平区老四季面馆（经营者：孙秀场）", CREDIT_92, "沈阳市和平区老四季面馆（经营者：孙某）"),
    ("郑国强、钱多多", "", "郑某、钱某"),
    ("冯志城 陈晓园", "", "冯某 陈某"),
    ("褚卫国/卫青山", "", "褚某/卫某"),
    ("蒋大为／沈小梅", "", "蒋某／沈某"),
    ("韩梅梅、杨建行、朱莉莉", "210102197001014567", "韩某、杨某、朱某"),
    ("张 三", "", "张某"),  # one name typed with a space, not two people
    ("司马 文城", "", "司马某"), ("张 三丰", "", "张某"),
    ("沈阳某某有限公司、张三", CREDIT_91, "沈阳某某有限公司、张某"),
    ("张三 沈阳某某建材有限公司", "", "张某 沈阳某某建材有限公司"),
    ("沈阳市 某某建材有限公司", "", "沈阳市 某某建材有限公司"),
    ("沈阳市 和平区 某某建材有限公司", "", "沈阳市 和平区 某某建材有限公司"),
    ("沈阳市 某某物业", CREDIT_91, "沈阳市 某某物业"),
    ("某某", CREDIT_91, "某某"),  # an organisation by its credit code, whatever its name
    # the company is kept; the person named beside it is still a person
    ("沈阳某某建材有限公司（法定代表人：张三）", CREDIT_91, "沈阳某某建材有限公司（法定代表人：张某）"),
])
def test_roles_and_several_people(party: str, party_id: str, published: str) -> None:
    assert publish_party(party, party_id) == published


def test_every_person_of_the_field_is_masked_in_the_facts() -> None:
    facts = "经查，个体工商户李文斌与褚卫国、卫青山共同经营，李文斌对事实无异议。"
    assert replace_names(facts, "个体工商户李文斌") == "经查，个体工商户李某与褚卫国、卫青山共同经营，李某对事实无异议。"
    assert replace_names(facts, "褚卫国/卫青山") == "经查，个体工商户李文斌与褚某、卫某共同经营，李文斌对事实无异议。"
    assert replace_names("当事人张 建国无证经营", "张建国（个体工商户）") == "当事人张某无证经营"
    assert replace_names("当事人司马文城无证经营", "司马 文城") == "当事人司马某无证经营"
    assert replace_names("买买提•吐尔逊（以下简称吐尔逊）", "买买提·吐尔逊") == "买某（以下简称吐某）"


def test_the_parts_join_back_to_the_field() -> None:
    for party in ("张建国（个体工商户）", "郑国强、钱多多", "冯志城  陈晓园", "=HYPERLINK(\"http://x\")有限公司",
                  "沈阳市 和平区 某某建材有限公司", "老四季面馆（经营者：孙秀场）"):
        assert "".join(text for text, _ in party_parts(party)) == party
    assert party_people("韩梅梅、杨建行、朱莉莉、韩梅梅") == ["韩梅梅", "杨建行", "朱莉莉"]
    assert party_people("=HYPERLINK(\"http://x\")有限公司") == []


def test_organisations_are_kept() -> None:
    for name in ("沈阳市某某建材有限公司", "沈阳某某建筑工程集团", "沈阳市浑南区某某农民专业合作社", "沈阳市皇姑区某某幼儿园",
                 "辽宁某某律师事务所", "沈阳市铁西区某某大药房", "张记面馆", "沈阳市和平区某某区"):
        assert looks_like_organisation(name), name
        assert is_organisation(name) and publish_party(name) == name
