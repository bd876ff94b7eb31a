"""The campaign's people (leadership group, working groups, units' liaisons) and their 附件 名单,
printed as a PDF (read back for its text and embedded fonts) and as Excel (read back with calamine)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.campaigns import active_campaign, create_campaign, update_campaign
from app.campaigns.people import add_person, list_people, remove_person
from app.campaigns.people_print import print_people
from app.errors import UserError
from app.office import set_office_info
from app.store import Store, open_store
from tests.reports.helpers import assert_all_embedded, pdftext, sheet_rows, squeeze


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = open_store(tmp_path / "store.sqlite")
    create_campaign(s, name="行政执法乱象专项整治", doc_no="攸纪发〔2021〕3号", taxonomy="B",
                    leadership=[{"role": "成员", "name": "丁新立", "title": "县司法局副局长"}])
    add_person(s, role="联络员", name="张三", unit="县水利局", phone="0731-24257219")
    add_person(s, role="组长", name="刘志国", post="县纪委第一纪检监察室主任", group="专项整治监督问责组")
    add_person(s, role="副组长", name="袁武军", post="县纪委监委")
    add_person(s, role="常务副组长", name="刘彦", post="县司法局局长")
    add_person(s, role="组长", name="易介兵", post="县纪委监委副书记")
    add_person(s, role="主任", name="丁新立", post="兼任", group="领导小组办公室")
    set_office_info(s, office_name="攸县司法局", contact_person="王维维", contact_phone="24257219")
    return s


def test_people_in_print_order_and_the_leadership_stays_the_campaigns(store: Store) -> None:
    people = list_people(store)
    assert [(p["group"], p["role"], p["name"]) for p in people] == [
        ("领导小组", "组长", "易介兵"), ("领导小组", "常务副组长", "刘彦"), ("领导小组", "副组长", "袁武军"),
        ("领导小组", "成员", "丁新立"), ("领导小组办公室", "主任", "丁新立"),
        ("专项整治监督问责组", "组长", "刘志国"), ("单位联络员", "联络员", "张三")]
    camp = active_campaign(store)
    assert camp is not None and [m["name"] for m in camp["leadership"]] == ["丁新立", "袁武军", "刘彦", "易介兵"]  # as entered
    # replacing the leadership group leaves the working groups and liaisons alone
    update_campaign(store, camp["id"], leadership=[{"role": "组长", "name": "易介兵", "title": "副书记"}])
    assert [p["name"] for p in list_people(store)] == ["易介兵", "丁新立", "刘志国", "张三"]


@pytest.mark.parametrize("values, message", [
    ({"role": "处长", "name": "甲"}, "职务「处长」有误"),
    ({"role": "组长", "name": " "}, "姓名不能为空"),
    ({"role": "联络员", "name": "乙", "group": "单位联络员"}, "须写明所在单位"),
    ({"role": "联络员", "name": "丙", "unit": "县林业局", "phone": "电话号码"}, "联系电话「电话号码」有误"),
    ({"role": "联络员", "name": "张三", "unit": "县水利局"}, "已有「张三」"),
])
def test_bad_people_are_refused(store: Store, values: dict[str, str], message: str) -> None:
    before = list_people(store)
    with pytest.raises(UserError, match=message):
        add_person(store, **values)
    assert list_people(store) == before


def test_the_list_prints_as_pdf_and_excel(store: Store, tmp_path: Path) -> None:
    pdf = print_people(store, tmp_path / "名单.pdf")
    text = squeeze(pdftext(pdf))
    for expected in ("附件", "行政执法乱象专项整治领导小组及工作人员名单", "组长：易介兵县纪委监委副书记",
                     "常务副组长：刘彦县司法局局长", "专项整治监督问责组", "单位联络员", "县水利局张三",
                     "0731-24257219", "联系人：王维维联系电话：24257219"):
        assert squeeze(expected) in text, expected
    assert text.index("领导小组") < text.index("专项整治监督问责组") < text.index("单位联络员")
    assert_all_embedded(pdf)

    rows = sheet_rows(print_people(store, tmp_path / "名单.xlsx"))
    assert rows[0][0] == "行政执法乱象专项整治领导小组及工作人员名单" and "王维维" in rows[1][0]
    assert rows[2] == ["序号", "小组", "职务", "姓名", "单位及职务", "联系电话"]
    assert rows[3][1:4] == ["领导小组", "组长", "易介兵"] and rows[-1][1:] == [
        "单位联络员", "联络员", "张三", "县水利局", "0731-24257219"]
    assert len(rows) == 3 + len(list_people(store))


def test_remove_and_an_empty_list_is_not_printed(store: Store, tmp_path: Path) -> None:
    for p in list_people(store):
        remove_person(store, p["id"])
    with pytest.raises(UserError, match="还没有录入人员"):
        print_people(store, tmp_path / "名单.pdf")
    assert not (tmp_path / "名单.pdf").exists()
