"""The header synonyms collected from real exports (issue 11 point 3): one test per synonym, and
the table stays data — no key is claimed by two fields of one kind."""

from __future__ import annotations

import pytest

from app.imports.header_labels import header_keys
from app.imports.headers import detect_header
from app.records.fields import FIELDS

# (kind, header, field) — each header as real files write it
SYNONYMS = [
    *[("cases", h, "case_no") for h in ("行政处罚决定书文号", "行政处罚决定文号", "行政处罚决定书号", "决定文书号",
                                         "文书号", "处罚文号", "文书号（必填）")],
    *[("ledger", h, "case_no") for h in ("行政处罚决定书文号", "文书号", "处罚文号")],
    *[("cases", h, "party") for h in ("行政相对人名称", "行政相对人", "被处罚当事人", "被罚当事人名称", "企业名称",
                                       "企业或个人名称", "法人及其他组织名称", "自然人姓名", "当事人名称(姓名)",
                                       "当事人名称（姓名）", "行政相对人名称（必填）")],
    *[("ledger", h, "party") for h in ("行政相对人名称", "被处罚当事人")],
    *[("cases", h, "unit") for h in ("处罚机关", "处罚机构", "作出行政处罚决定机关名称", "作出决定机关", "执法机构名称")],
    *[("cases", h, "decided_on") for h in ("处罚日期", "作出行政处罚决定日期", "作出处罚决定的日期", "处罚决定日期",
                                            "处罚决定日期（必填，XXXX/XX/XX格式）")],
    *[("ledger", h, "decided_on") for h in ("处罚日期", "作出行政处罚决定日期", "作出处罚决定的日期")],
    *[("cases", h, "cause") for h in ("处罚事由", "主要违法违规事实（案由）", "违法行为类型")],
    ("cases", "违法事实", "facts"),
    *[("cases", h, "penalty") for h in ("行政处罚内容", "行政处罚决定", "处罚内容")],
    *[("ledger", h, "penalty") for h in ("行政处罚内容", "行政处罚决定")],
    ("cases", "处罚类别", "penalty_kinds"),
    ("receipts", "缴款人全称", "payer"),
    *[("cases", h, "confiscation_fen") for h in ("没收违法所得、没收非法财物的金额", "没收违法所得没收非法财物的金额",
                                                  "没收违法所得、没收非法财物的金额（万元）")],
    *[("cases", h, "fine_fen") for h in ("罚款金额（万元）", "罚款金额（单位万元,范围为0.00~9999.99）")],
    *[("cases", h, "party_kind") for h in ("行政相对人类别", "行政相对人类别（法人及非法人组织/自然人/个体工商户）")],
    *[("cases", h, "party_credit_code") for h in ("行政相对人代码_1（统一社会信用代码）", "统一社会信用代码")],
    *[("cases", h, "party_id") for h in ("证件号码", "身份证号")],
    ("cases", "处罚机关统一社会信用代码", "unit_credit_code"),
    ("cases", "处罚有效期", "penalty_valid_to"),
    ("cases", "公示截止期", "publicity_until"),
]
REQUIRED = {"cases": "案号", "ledger": "案号", "receipts": "票据号"}


@pytest.mark.parametrize(("kind", "header", "field"), SYNONYMS)
def test_each_synonym_names_its_field(kind: str, header: str, field: str) -> None:
    row: list[object] = [header] if field in ("case_no", "receipt_no") else [REQUIRED[kind], header]
    match = detect_header([row, ["x"] * len(row)], kind)
    assert match is not None and match.ok
    assert match.columns[len(row) - 1].field == field


@pytest.mark.parametrize("header", ["行政相对人代码_2（工商注册号）", "法定代表人证件号码", "数据来源单位",
                                    "数据来源单位统一社会信用代码", "法定代表人", "证件类型"])
def test_columns_the_register_does_not_keep_are_not_taken_for_a_field(header: str) -> None:
    match = detect_header([["案号", header]], "cases")
    assert match is not None and match.columns[1].field is None


@pytest.mark.parametrize("kind", sorted(FIELDS))
def test_no_header_key_is_claimed_by_two_fields(kind: str) -> None:
    owner: dict[str, str] = {}
    clashes = []
    for f in FIELDS[kind]:
        for text in f.headers:
            for key in header_keys(text):
                if owner.setdefault(key, f.name) != f.name:
                    clashes.append((key, owner[key], f.name))
    assert clashes == []
