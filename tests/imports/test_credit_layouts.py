"""Golden tests for the 双公示 行政处罚 layouts (DOMAIN.md §5.1, issue 11 point 2): the 2021 unified
30 columns, the older 法人 26 / 自然人 20 templates and a WPS template with hints in its header.
Each test writes its own file and compares every stored field of every row, fen exact."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from app.errors import ImportRejectedError
from app.imports.service import import_file, preview_import
from db.models import CaseFile, Unit
from tests.imports.credit_layouts import (
    BUREAU_CODE,
    HEADER_2021,
    HEADER_LEGAL_PERSON,
    HEADER_NATURAL_PERSON,
    ORG_CODE,
    PERSON_ID,
    PERSON_ID_2,
    REP_ID,
    SHOP_CODE,
    WPS_HEADER,
    blank_case,
    case_fields,
    row_of,
)

BUREAU = "沈阳市水务局"
BASIS = "《中华人民共和国水法》第六十九条"


def _rows_2021() -> list[list[object]]:
    common = {"处罚依据": BASIS, "处罚机关": BUREAU, "处罚机关统一社会信用代码": BUREAU_CODE, "数据来源单位": BUREAU,
              "数据来源单位统一社会信用代码": BUREAU_CODE}
    return [
        HEADER_2021,
        row_of(HEADER_2021, {**common, "行政相对人名称": "沈阳某某建材有限公司", "行政相对人类别": "法人及非法人组织",
                             "行政相对人代码_1（统一社会信用代码）": ORG_CODE, "法定代表人": "王某某",
                             "法定代表人证件类型": "身份证", "法定代表人证件号码": REP_ID,
                             "行政处罚决定书文号": "沈水罚字〔2021〕第1号", "违法行为类型": "未经批准擅自取水",
                             "违法事实": "经查，当事人未经批准于2021年5月擅自取水。", "处罚类别": "罚款",
                             "处罚内容": "罚款人民币伍仟元", "罚款金额（万元）": 0.5,
                             "没收违法所得、没收非法财物的金额（万元）": 0,
                             "处罚决定日期": datetime(2021, 8, 5), "处罚有效期": "2022/08/05",
                             "公示截止期": "2024/08/05"}),
        row_of(HEADER_2021, {**common, "行政相对人名称": "张三", "行政相对人类别": "自然人", "证件类型": "身份证",
                             "证件号码": PERSON_ID, "行政处罚决定书文号": "沈水罚字<2021>2号",
                             "违法行为类型": "无证取水", "违法事实": "经查，当事人无证取水。",
                             "处罚类别": "罚款;没收违法所得", "处罚内容": "罚款50元，没收违法所得1234.5元",
                             "罚款金额（万元）": 0.005, "没收违法所得、没收非法财物的金额（万元）": "0.12345",
                             "处罚决定日期": "2021/08/06", "处罚有效期": None, "公示截止期": "2022/02/06"}),
        # a 个体工商户 with both a code and the operator's ID: the code is its ID
        row_of(HEADER_2021, {**common, "行政相对人名称": "李四烧烤店", "行政相对人类别": "个体工商户",
                             "行政相对人代码_1（统一社会信用代码）": SHOP_CODE, "证件类型": "身份证",
                             "证件号码": PERSON_ID_2, "行政处罚决定书文号": "沈水罚字（2021）第003号",
                             "违法行为类型": "违法排污", "违法事实": "经查，当事人违法排污。", "处罚类别": "罚款",
                             "处罚内容": "罚款1.2万元", "罚款金额（万元）": "1.2",
                             "处罚决定日期": "2021年8月7日", "公示截止期": "2024-08-07"}),
        # a 自然人 whose row also has a code: the person's ID comes first
        row_of(HEADER_2021, {**common, "行政相对人名称": "王五", "行政相对人类别": "自然人",
                             "行政相对人代码_1（统一社会信用代码）": SHOP_CODE, "证件号码": PERSON_ID_2,
                             "行政处罚决定书文号": "沈水罚字〔2021〕第4号", "违法行为类型": "违法采砂",
                             "违法事实": "经查，当事人违法采砂。", "处罚类别": "罚款", "处罚内容": "罚款12.5万元",
                             "罚款金额（万元）": 12.5, "处罚决定日期": "20210808"}),
    ]


EXPECTED_2021 = [
    blank_case(case_no="沈水罚字〔2021〕第1号", case_key="沈水罚字〔2021〕第1号", cause="未经批准擅自取水",
               facts="经查，当事人未经批准于2021年5月擅自取水。", party="沈阳某某建材有限公司",
               party_kind="法人及非法人组织", party_id=ORG_CODE, legal_basis=BASIS, penalty_kinds="罚款",
               penalty="罚款人民币伍仟元", fine_fen=500_000, confiscation_fen=0, decided_on=date(2021, 8, 5),
               penalty_valid_to=date(2022, 8, 5), publicity_until=date(2024, 8, 5), source_row=2, unit=BUREAU),
    blank_case(case_no="沈水罚字<2021>2号", case_key="沈水罚字〔2021〕第2号", cause="无证取水",
               facts="经查，当事人无证取水。", party="张三", party_kind="自然人", party_id=PERSON_ID,
               legal_basis=BASIS, penalty_kinds="罚款;没收违法所得", penalty="罚款50元，没收违法所得1234.5元",
               fine_fen=5_000, confiscation_fen=123_450, decided_on=date(2021, 8, 6),
               publicity_until=date(2022, 2, 6), source_row=3, unit=BUREAU),
    blank_case(case_no="沈水罚字（2021）第003号", case_key="沈水罚字〔2021〕第3号", cause="违法排污",
               facts="经查，当事人违法排污。", party="李四烧烤店", party_kind="个体工商户", party_id=SHOP_CODE,
               legal_basis=BASIS, penalty_kinds="罚款", penalty="罚款1.2万元", fine_fen=1_200_000,
               decided_on=date(2021, 8, 7), publicity_until=date(2024, 8, 7), source_row=4, unit=BUREAU),
    blank_case(case_no="沈水罚字〔2021〕第4号", case_key="沈水罚字〔2021〕第4号", cause="违法采砂",
               facts="经查，当事人违法采砂。", party="王五", party_kind="自然人", party_id=PERSON_ID_2,
               legal_basis=BASIS, penalty_kinds="罚款", penalty="罚款12.5万元", fine_fen=12_500_000,
               decided_on=date(2021, 8, 8), source_row=5, unit=BUREAU),
]


def test_the_2021_unified_list_imports_every_field(store, db, xlsx) -> None:
    path = xlsx("双公示2021.xlsx", {"行政处罚": _rows_2021()})

    report = import_file(store, "cases", path)

    assert (report.header_row, report.imported, report.rejected, report.warnings) == (1, 4, [], [])
    units = db.units()
    assert [case_fields(c, units) for c in db.all(CaseFile)] == EXPECTED_2021
    [unit] = db.all(Unit)
    assert (unit.name, unit.credit_code) == (BUREAU, BUREAU_CODE)


def test_the_2021_header_maps_each_column_with_its_unit(xlsx) -> None:
    path = xlsx("双公示2021.xlsx", {"行政处罚": _rows_2021()})

    preview = preview_import(None, "cases", path)

    fields = {c.header: (c.field, c.scale) for c in preview.columns}
    assert len(preview.columns) == 30
    assert fields["罚款金额（万元）"] == ("fine_fen", "万元")
    assert fields["没收违法所得、没收非法财物的金额（万元）"] == ("confiscation_fen", "万元")
    assert fields["行政相对人代码_1（统一社会信用代码）"] == ("party_credit_code", None)
    assert fields["证件号码"] == ("party_id", None)
    assert fields["处罚机关统一社会信用代码"] == ("unit_credit_code", None)
    assert fields["违法事实"] == ("facts", None) and fields["违法行为类型"] == ("cause", None)
    # what the register does not keep stays unmapped, and never steals a field
    for header in ("行政相对人代码_2（工商注册号）", "法定代表人证件号码", "证件类型", "数据来源单位",
                   "数据来源单位统一社会信用代码", "备注", "暂扣或吊销证照名称及编号"):
        assert fields[header] == (None, None), header


def test_the_older_legal_person_and_natural_person_templates(store, db, xlsx) -> None:
    legal = [HEADER_LEGAL_PERSON,
             row_of(HEADER_LEGAL_PERSON, {"行政相对人名称": "沈阳某某建材有限公司", "行政相对人类别": "法人及非法人组织",
                                          "行政相对人代码_1（统一社会信用代码）": ORG_CODE, "法定代表人": "王某某",
                                          "行政处罚决定书文号": "沈水罚字〔2020〕第7号", "违法行为类型": "未批先建",
                                          "违法事实": "经查，当事人未批先建。", "处罚依据": BASIS, "处罚类别": "罚款",
                                          "处罚内容": "罚款2万元", "罚款金额（万元）": 2,
                                          "处罚决定日期": "2020/05/06", "处罚机关": BUREAU})]
    natural = [HEADER_NATURAL_PERSON,
               row_of(HEADER_NATURAL_PERSON, {"行政相对人名称": "张三", "证件类型": "身份证", "证件号码": PERSON_ID,
                                              "行政处罚决定书文号": "沈水罚字〔2020〕8号", "违法行为类型": "无证取水",
                                              "违法事实": "经查，当事人无证取水。", "处罚依据": BASIS,
                                              "处罚类别": "罚款", "处罚内容": "罚款800元", "罚款金额（万元）": 0.08,
                                              "处罚决定日期": "2020/05/07", "处罚机关": BUREAU})]
    assert (len(legal[0]), len(natural[0])) == (26, 20)
    import_file(store, "cases", xlsx("法人.xlsx", {"法人": legal}))
    import_file(store, "cases", xlsx("自然人.xlsx", {"自然人": natural}))

    units = db.units()
    assert [case_fields(c, units) for c in db.all(CaseFile)] == [
        blank_case(case_no="沈水罚字〔2020〕第7号", case_key="沈水罚字〔2020〕第7号", cause="未批先建",
                   facts="经查，当事人未批先建。", party="沈阳某某建材有限公司", party_kind="法人及非法人组织",
                   party_id=ORG_CODE, legal_basis=BASIS, penalty_kinds="罚款", penalty="罚款2万元",
                   fine_fen=2_000_000, decided_on=date(2020, 5, 6), source_row=2, unit=BUREAU),
        blank_case(case_no="沈水罚字〔2020〕8号", case_key="沈水罚字〔2020〕第8号", cause="无证取水",
                   facts="经查，当事人无证取水。", party="张三", party_id=PERSON_ID, legal_basis=BASIS,
                   penalty_kinds="罚款", penalty="罚款800元", fine_fen=80_000, decided_on=date(2020, 5, 7),
                   source_row=2, unit=BUREAU),
    ]


def test_a_wps_template_with_hints_in_its_header(store, db, xlsx) -> None:
    rows = [
        ["沈阳市行政处罚信息公示表（模板）"],
        WPS_HEADER,
        row_of(WPS_HEADER, {"序号": 1, "文书号（必填）": "沈水罚字〔2022〕第1号", "行政相对人名称（必填）": "赵六",
                            "行政相对人类别（法人及非法人组织/自然人/个体工商户）": "自然人", "证件号码": PERSON_ID,
                            "违法行为类型（必填）": "无证取水", "违法事实（必填）": "经查，当事人无证取水。",
                            "处罚依据（必填）": BASIS, "处罚类别（必填）": "警告;罚款",
                            "处罚内容（必填）": "警告，罚款500元",
                            "罚款金额（单位万元,范围为0.00~9999.99）": "0.05",
                            "处罚决定日期（必填，XXXX/XX/XX格式）": "2022/03/04",
                            "处罚有效期（XXXX/XX/XX格式）": "2022/09/04", "公示截止期（XXXX/XX/XX格式）": "2022/06/04",
                            "处罚机关（必填）": BUREAU, "处罚机关统一社会信用代码（必填）": BUREAU_CODE}),
        row_of(WPS_HEADER, {"序号": 2, "文书号（必填）": "沈水罚字〔2022〕第2号", "行政相对人名称（必填）": "沈阳某某建材有限公司",
                            "行政相对人类别（法人及非法人组织/自然人/个体工商户）": "法人", "统一社会信用代码": ORG_CODE,
                            "违法行为类型（必填）": "未批先建", "违法事实（必填）": "经查，当事人未批先建。",
                            "处罚依据（必填）": BASIS, "处罚类别（必填）": "罚款;没收违法所得",
                            "处罚内容（必填）": "罚款3万元，没收违法所得0.3万元",
                            "罚款金额（单位万元,范围为0.00~9999.99）": 3,
                            "没收违法所得、没收非法财物的金额（单位万元,范围为0.00~9999.99）": 0.3,
                            "处罚决定日期（必填，XXXX/XX/XX格式）": "2022/03/05",
                            "处罚机关（必填）": BUREAU, "处罚机关统一社会信用代码（必填）": BUREAU_CODE}),
    ]
    path = xlsx("信用办模板.xlsx", {"Sheet1": rows}, merges={"Sheet1": ["A1:S1"]})

    report = import_file(store, "cases", path)

    assert (report.header_row, report.imported, report.warnings) == (2, 2, [])
    units = db.units()
    assert [case_fields(c, units) for c in db.all(CaseFile)] == [
        blank_case(case_no="沈水罚字〔2022〕第1号", case_key="沈水罚字〔2022〕第1号", cause="无证取水",
                   facts="经查，当事人无证取水。", party="赵六", party_kind="自然人", party_id=PERSON_ID,
                   legal_basis=BASIS, penalty_kinds="警告;罚款", penalty="警告，罚款500元", fine_fen=50_000,
                   decided_on=date(2022, 3, 4), penalty_valid_to=date(2022, 9, 4),
                   publicity_until=date(2022, 6, 4), source_row=3, unit=BUREAU),
        blank_case(case_no="沈水罚字〔2022〕第2号", case_key="沈水罚字〔2022〕第2号", cause="未批先建",
                   facts="经查，当事人未批先建。", party="沈阳某某建材有限公司", party_kind="法人及非法人组织",
                   party_id=ORG_CODE, legal_basis=BASIS, penalty_kinds="罚款;没收违法所得",
                   penalty="罚款3万元，没收违法所得0.3万元", fine_fen=3_000_000, confiscation_fen=300_000,
                   decided_on=date(2022, 3, 5), source_row=4, unit=BUREAU),
    ]
    assert db.all(Unit)[0].credit_code == BUREAU_CODE


def test_a_refused_credit_list_names_the_cell_and_writes_nothing(store, db, xlsx) -> None:
    rows = _rows_2021()
    rows[2][HEADER_2021.index("行政相对人类别")] = "外星人"
    rows[3][HEADER_2021.index("罚款金额（万元）")] = "0.0000001"  # a thousandth of a fen
    path = xlsx("双公示2021.xlsx", {"行政处罚": rows})
    before = db.counts()

    with pytest.raises(ImportRejectedError) as info:
        import_file(store, "cases", path)

    assert db.counts() == before
    msg = info.value.message
    assert "双公示2021.xlsx" in msg and "工作表「行政处罚」" in msg and "数据库未作任何改动" in msg
    assert "第 3 行 B 列「行政相对人类别」" in msg and "外星人" in msg
    assert "第 4 行 T 列「罚款金额（万元）」" in msg and "只能精确到分" in msg
