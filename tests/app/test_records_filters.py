"""Column filters, the search's readings (amounts, dates, case numbers) and the order of text."""

from __future__ import annotations

from datetime import date

from app.records import service
from app.records.filters import EMPTY, ColumnFilter, year_filter
from app.records.sort_keys import sort_key
from app.records.values import distinct_values


def _case(store, case_no: str, party: str, fine: str = "", decided: str = "", unit: str = "") -> int:  # type: ignore[no-untyped-def]
    return service.save(store, "cases", {"case_no": case_no, "party": party, "fine_fen": fine,
                                         "decided_on": decided, "unit": unit})


def _names(store, ids: list[int]) -> list[str]:  # type: ignore[no-untyped-def]
    return [r["case_no"] for r in service.rows(store, "cases", ids) if r]


def test_sort_key_orders_numbers_by_value_and_chinese_by_pinyin() -> None:
    assert sorted(["第10号", "第2号", "第1号"], key=sort_key) == ["第1号", "第2号", "第10号"]
    assert sorted(["张三", "王五", "李四", "安娜"], key=sort_key) == ["安娜", "李四", "王五", "张三"]
    assert sorted(["序号100", "序号10", "序号9"], key=sort_key) == ["序号9", "序号10", "序号100"]
    assert sort_key("〔2019〕第3号").split("\x00")[0] == sort_key("[2019]第3号").split("\x00")[0]
    assert sort_key(None) == "" and sort_key("") == ""


def test_text_sort_is_natural_in_sql(store) -> None:  # type: ignore[no-untyped-def]
    for n in (10, 2, 1, 100):
        _case(store, f"沈水罚字〔2019〕第{n}号", f"当事人{n}")
    ids = service.ids(store, "cases", sort="case_no")
    assert _names(store, ids) == [f"沈水罚字〔2019〕第{n}号" for n in (1, 2, 10, 100)]
    desc = service.ids(store, "cases", sort="case_no", descending=True)
    assert desc == ids[::-1]
    page = service.page(store, "cases", sort="case_no", offset=1, limit=2)
    assert [r["id"] for r in page] == ids[1:3]


def test_names_sort_by_pinyin(store) -> None:  # type: ignore[no-untyped-def]
    for i, name in enumerate(("张三", "王五", "李四", "赵六")):
        _case(store, f"第{i + 1}号", name)
    ids = service.ids(store, "cases", sort="party")
    assert [r["party"] for r in service.rows(store, "cases", ids) if r] == ["李四", "王五", "张三", "赵六"]


def test_column_filters_values_ranges_and_empty(store) -> None:  # type: ignore[no-untyped-def]
    a = _case(store, "第1号", "甲", "500", "2019-03-05", "浑河站")
    b = _case(store, "第2号", "乙", "20000", "2020-07-01", "浑南站")
    c = _case(store, "第3号", "丙", "", "", "")
    assert service.ids(store, "cases", filters=[ColumnFilter("fine_fen", low=1_000_000)]) == [b]  # 1万元
    assert service.ids(store, "cases", filters=[ColumnFilter("fine_fen", high=100_000)]) == [a]  # 1000元
    assert service.ids(store, "cases", filters=[year_filter("decided_on", 2019)]) == [a]
    assert service.ids(store, "cases", filters=[ColumnFilter("decided_on", low=date(2020, 1, 1),
                                                             high=date(2020, 12, 31))]) == [b]
    assert service.ids(store, "cases", filters=[ColumnFilter("unit", values=("浑南站",))]) == [b]
    assert service.ids(store, "cases", filters=[ColumnFilter("unit", values=(EMPTY,))]) == [c]
    assert service.ids(store, "cases", filters=[ColumnFilter("party", values=("甲", "丙"))]) == [a, c]
    both = [ColumnFilter("unit", values=("浑河站", "浑南站")), ColumnFilter("fine_fen", low=100)]
    assert service.ids(store, "cases", filters=both) == [a, b]
    assert service.count(store, "cases", filters=both) == 2
    assert service.count(store, "cases", "乙", filters=both) == 1


def test_distinct_values_for_the_filter_list(store) -> None:  # type: ignore[no-untyped-def]
    _case(store, "第1号", "张三", unit="浑河站")
    _case(store, "第2号", "李四", unit="浑河站")
    _case(store, "第3号", "王五")
    assert distinct_values(store, "cases", "unit") == ["浑河站", EMPTY]
    assert distinct_values(store, "cases", "party") == ["李四", "王五", "张三"]


def test_search_finds_amounts_dates_and_case_numbers_without_di(store) -> None:  # type: ignore[no-untyped-def]
    a = _case(store, "沈水罚字〔2019〕第12号", "甲", "10000", "2019-03-05")
    b = _case(store, "沈水罚字〔2019〕第13号", "乙", "500", "2019-04-01")
    assert service.ids(store, "cases", search="10000") == [a]
    assert service.ids(store, "cases", search="1万") == [a]
    assert service.ids(store, "cases", search="2019年3月5日") == [a]
    assert service.ids(store, "cases", search="2019/4/1") == [b]
    assert service.ids(store, "cases", search="2019年4月") == [b]
    assert service.ids(store, "cases", search="沈水罚字[2019]12号") == [a]
    assert service.ids(store, "cases", search="(2019)13号") == [b]
    assert service.ids(store, "cases", search="2019") == [a, b]  # the year in the case number
