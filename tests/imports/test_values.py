"""Per-type cell converters (the parts the imports add on top of app.domain's parsers)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from app.domain.errors import ValueParseError
from app.imports.issues import RowIssue, format_issue, value_text
from app.imports.values import converter
from app.records.fields import FieldType


@pytest.mark.parametrize("raw", ["是", "Y", "y", "1", 1.0, True, "√", " 是 "])
def test_bool_true(raw) -> None:
    assert converter(FieldType.BOOL)(raw) is True


@pytest.mark.parametrize("raw", ["否", "N", "0", 0.0, False, "×"])
def test_bool_false(raw) -> None:
    assert converter(FieldType.BOOL)(raw) is False


@pytest.mark.parametrize("raw", ["也许", 2.0])
def test_bool_other_is_an_error(raw) -> None:
    with pytest.raises(ValueParseError) as info:
        converter(FieldType.BOOL)(raw)
    assert "是" in info.value.reason


def test_cert_number_cell_is_text() -> None:
    conv = converter(FieldType.CERT)
    assert conv(21010012345.0) == "21010012345"
    assert conv(21010012345) == "21010012345"
    assert conv(" A-001 ") == "A-001"


def test_status_and_staff_kind_defaults_and_refusals() -> None:
    assert converter(FieldType.STATUS)(" ") == "有效"
    assert converter(FieldType.STATUS)("注销") == "注销"
    assert converter(FieldType.STAFF_KIND)("") == "执法人员"
    assert converter(FieldType.STAFF_KIND)("辅助人员") == "辅助人员"
    with pytest.raises(ValueParseError):
        converter(FieldType.STATUS)("过期")
    with pytest.raises(ValueParseError):
        converter(FieldType.STAFF_KIND)("协管员")


def test_collection_mode() -> None:
    conv = converter(FieldType.COLLECTION)
    assert conv("当场收缴") is True
    assert conv("银行代收") is False


def test_dates_and_serials_in_a_date_column() -> None:
    conv = converter(FieldType.DATE)
    assert conv(43529.0) == date(2019, 3, 5)
    assert conv(datetime(2019, 3, 5, 10, 0)) == date(2019, 3, 5)
    assert conv("2019.3.5") == conv("2019.3.5") == date(2019, 3, 5)  # second call from the cache
    with pytest.raises(ValueParseError):
        conv("2019-02-29")
    with pytest.raises(ValueParseError):  # a failure is not cached as a value
        conv("2019-02-29")


def test_officers_cell() -> None:
    assert converter(FieldType.OFFICERS)("张三(21010012345)、李四") == [
        {"name": "张三", "cert_no": "21010012345"}, {"name": "李四", "cert_no": ""}]


def test_issue_line_and_value_text() -> None:
    issue = RowIssue(7, "罚款金额（元）", "F", "五千块", "无法识别的金额「五千块」")
    assert format_issue("台账.xlsx", "2019年", issue) == (
        "台账.xlsx 工作表「2019年」第 7 行 F 列「罚款金额（元）」：无法识别的金额「五千块」")
    assert [value_text(v) for v in (5000.0, 0.5, date(2019, 3, 5), None, "x")] == [
        "5000", "0.5", "2019-03-05", "", "x"]
