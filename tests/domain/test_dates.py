"""Date parsing: cells, Excel serials (with the 1900 leap-year bug) and typed text."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.dates import excel_serial_to_date, parse_date
from app.domain.errors import ValueParseError

D = date(2019, 3, 5)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("  \u3000", None),
        (D, D),
        (datetime(2019, 3, 5, 14, 30), D),
        (43529, D),
        (43529.0, D),
        (43529.99, D),  # the fraction is the time of day
        (61, date(1900, 3, 1)),
        (59, date(1900, 2, 28)),
        (1, date(1900, 1, 1)),
        (2958465, date(9999, 12, 31)),
        (20190305, D),  # typed into a General cell: yyyymmdd, far above any serial
        (20190305.0, D),
        ("2019-03-05", D),
        ("2019/3/5", D),
        ("2019/03/05", D),
        ("2019.3.5", D),
        ("2019-3-5", D),
        ("2019年3月5日", D),
        ("2019年03月05日", D),
        ("2019 年 3 月 5 日", D),
        ("2019年3月5", D),
        ("20190305", D),
        ("２０１９－０３－０５", D),
        ("２０１９／３／５", D),
        ("２０１９．３．５", D),
        ("２０１９年３月５日", D),
        ("２０１９０３０５", D),
        ("  2019-03-05  ", D),
        ("2019-03-05 14:30:00", D),
        ("2019-03-05 14:30", D),
        ("2019-03-05T14:30:00", D),
        ("2019/3/5 9:05:00", D),
        ("2019年3月5日 14:30", D),
        ("20190305 14:30:00.123", D),
        ("2020-02-29", date(2020, 2, 29)),
    ],
)
def test_examples(value: object, expected: date | None) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2019-02-30", "日期不存在「2019-02-30」"),
        ("2019-13-01", "日期不存在「2019-13-01」"),
        ("20191332", "日期不存在「20191332」"),
        ("2019年2月29日", "日期不存在「2019年2月29日」"),
        ("２０１９－０２－３０", "日期不存在「２０１９－０２－３０」"),
        ("2019-00-10", "日期不存在"),
        (20190230, "日期不存在「20190230」"),
        (60, "日期不存在「1900-02-29」"),  # Excel's fake leap day
        (0, "超出范围"),
        (-1, "超出范围"),
        (2958466, "超出范围"),
        (1e300, "超出范围"),
        (float("nan"), "无法识别"),
        (True, "无法识别"),
        ("abc", "无法识别的日期「abc」"),
        ("2019-3/5", "无法识别"),  # mixed separators: not a date anyone writes
        ("05/03/2019", "无法识别"),  # day/month order unknowable
        ("19-3-5", "无法识别"),
        ("43529", "无法识别"),  # a serial in a text cell is not guessed
        ("2019-03-05 下午", "无法识别"),
        ("0219-03-05", "年份不合理"),
        ([2019, 3, 5], "无法识别"),
    ],
)
def test_errors(value: object, reason: str) -> None:
    with pytest.raises(ValueParseError) as info:
        parse_date(value)
    assert reason in info.value.reason


def test_serial_function_directly() -> None:
    assert excel_serial_to_date(43529) == D
    assert excel_serial_to_date(43529.5) == D
    assert excel_serial_to_date(61) == date(1900, 3, 1)
    with pytest.raises(ValueParseError):
        excel_serial_to_date(60)


dates = st.dates(min_value=date(1900, 3, 1), max_value=date(2100, 12, 31))
FULL_WIDTH = str.maketrans("0123456789-/. :", "０１２３４５６７８９－／．\u3000：")


def _formats(d: date) -> list[str]:
    y, m, dd = d.year, d.month, d.day
    return [
        d.isoformat(),
        f"{y}/{m}/{dd}",
        f"{y}/{m:02d}/{dd:02d}",
        f"{y}.{m}.{dd}",
        f"{y}-{m}-{dd}",
        f"{y}年{m}月{dd}日",
        f"{y}年{m:02d}月{dd:02d}日",
        f"{y}{m:02d}{dd:02d}",
    ]


@given(dates)
def test_every_text_format_round_trips(d: date) -> None:
    for text in _formats(d):
        assert parse_date(text) == d, text
        assert parse_date(text.translate(FULL_WIDTH)) == d, text
        assert parse_date(f"  {text} 14:30:00 ") == d, text


@given(dates)
def test_excel_serial_round_trips(d: date) -> None:
    serial = (d - date(1899, 12, 30)).days  # valid from 1900-03-01 on, where Excel is right
    assert excel_serial_to_date(serial) == d
    assert parse_date(serial) == d
    assert parse_date(float(serial) + 0.75) == d


@given(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(9999, 12, 31)))
def test_date_and_datetime_objects(dt: datetime) -> None:
    assert parse_date(dt) == dt.date()
    assert parse_date(dt.date()) == dt.date()
