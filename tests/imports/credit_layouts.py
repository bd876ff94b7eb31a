"""The 双公示 行政处罚 layouts (DOMAIN.md §5.1) as the tests write them, with valid IDs to fill them.

HEADER_2021 is the 2021 unified list's 30 columns exactly; the older split templates use the same
names (法人 26 columns, 自然人 20); WPS_HEADER is a local 信用办 template with its hints inside
the header cells.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, String, Text, inspect

from app.domain.ids import credit_check_char, id_check_char
from db.models import CaseFile, table_of
from db.sort_key import key_sources

HEADER_2021 = [
    "行政相对人名称", "行政相对人类别", "行政相对人代码_1（统一社会信用代码）", "行政相对人代码_2（工商注册号）",
    "行政相对人代码_3（组织机构代码）", "行政相对人代码_4（税务登记号）", "行政相对人代码_5（事业单位证书号）",
    "行政相对人代码_6（社会组织登记证号）", "法定代表人", "法定代表人证件类型", "法定代表人证件号码", "证件类型",
    "证件号码", "行政处罚决定书文号", "违法行为类型", "违法事实", "处罚依据", "处罚类别", "处罚内容",
    "罚款金额（万元）", "没收违法所得、没收非法财物的金额（万元）", "暂扣或吊销证照名称及编号", "处罚决定日期",
    "处罚有效期", "公示截止期", "处罚机关", "处罚机关统一社会信用代码", "数据来源单位",
    "数据来源单位统一社会信用代码", "备注",
]
_CODES = HEADER_2021[2:8]
_TAIL = HEADER_2021[13:]  # 行政处罚决定书文号 … 备注: the part every template shares
HEADER_LEGAL_PERSON = ["行政相对人名称", "行政相对人类别", *_CODES, "法定代表人", *_TAIL]  # 26
HEADER_NATURAL_PERSON = ["行政相对人名称", "证件类型", "证件号码", *_TAIL]  # 20
WPS_HEADER = [
    "序号", "文书号（必填）", "行政相对人名称（必填）", "行政相对人类别（法人及非法人组织/自然人/个体工商户）",
    "统一社会信用代码", "证件号码", "违法行为类型（必填）", "违法事实（必填）", "处罚依据（必填）",
    "处罚类别（必填）", "处罚内容（必填）", "罚款金额（单位万元,范围为0.00~9999.99）",
    "没收违法所得、没收非法财物的金额（单位万元,范围为0.00~9999.99）", "处罚决定日期（必填，XXXX/XX/XX格式）",
    "处罚有效期（XXXX/XX/XX格式）", "公示截止期（XXXX/XX/XX格式）", "处罚机关（必填）",
    "处罚机关统一社会信用代码（必填）", "备注",
]


def credit_code(body17: str) -> str:
    return body17 + credit_check_char(body17)


def resident_id(body17: str) -> str:
    return body17 + id_check_char(body17)


ORG_CODE = credit_code("91210102MA0XAB1C2")
SHOP_CODE = credit_code("92210102MA0XCD3E4")  # 个体工商户: 类别 2
BUREAU_CODE = credit_code("11210100001234567")
PERSON_ID = resident_id("21010219800101123")
PERSON_ID_2 = resident_id("21010219851231002")
REP_ID = resident_id("21010219700505001")


def row_of(header: list[str], values: dict[str, Any]) -> list[Any]:
    """A data row in the header's column order; columns not given stay empty."""
    unknown = set(values) - set(header)
    assert not unknown, unknown
    return [values.get(h) for h in header]


# the stored fields; the sort keys beside the text (db/sort_key.py) are derived from them and
# checked on their own (tests/db/test_sort_key_columns.py)
CASE_COLUMNS = [c.key for c in inspect(CaseFile).columns
                if c.key not in ("id", "batch_id", "unit_id") and c.key not in key_sources(table_of(CaseFile))]


def case_fields(case: CaseFile, units: dict[int, str]) -> dict[str, Any]:
    """Every stored field of a case, the unit by name (so a test compares the whole record)."""
    out = {name: getattr(case, name) for name in CASE_COLUMNS}
    out["unit"] = units.get(case.unit_id) if case.unit_id is not None else None
    return out


def blank_case(**given: Any) -> dict[str, Any]:
    """A case as the store holds it when the file gave only `given`: blank text, no dates, no
    amounts, not major, no unit."""
    out: dict[str, Any] = {}
    for c in inspect(CaseFile).columns:
        if c.key in CASE_COLUMNS:
            out[c.key] = "" if isinstance(c.type, String | Text) else False if isinstance(c.type, Boolean) else None
    out["unit"] = None
    out["row_version"] = 1  # an imported row is at its first version (schema step 20)
    out.update(given)
    return out
