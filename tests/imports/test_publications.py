"""Golden tests for `import publications` (issue 11 point 9): each test writes a published list —
a 双公示 export with case numbers, a website list without them — and checks which case each row
was matched to, the date recorded, and how unmatched, ambiguous and bad rows are reported."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select

from app.errors import BadFileError, ImportRejectedError
from app.imports.publications import import_publications
from app.store import Store
from db.models import CaseFile, ChangeLogEntry, ImportBatch, Unit
from db.models_publication import Publication, PublicationList
from tests.imports.credit_layouts import HEADER_2021, ORG_CODE, PERSON_ID, PERSON_ID_2, row_of

BUREAU, OTHER = "沈阳市水务局", "沈阳市生态环境局"
K = "沈水罚字〔2024〕第{}号"
# id, number, party, party ID, decision date, unit (1 = BUREAU, 2 = OTHER)
CASES = [
    (1, K.format(1), "张三", PERSON_ID, date(2024, 3, 4), 1),
    (2, K.format(2), "沈阳某某建材有限公司", ORG_CODE, date(2024, 3, 5), 1),
    (3, K.format(3), "李四", PERSON_ID_2, date(2024, 3, 6), 1),
    (4, K.format(4), "李五", "", date(2024, 3, 6), 1),
    (5, K.format(5), "王五", "", date(2024, 3, 8), 2),
]


@pytest.fixture
def cases(store: Store) -> Store:
    with store.writing() as s:
        s.execute(insert(Unit), [{"id": 1, "name": BUREAU}, {"id": 2, "name": OTHER}])
        s.execute(insert(CaseFile), [{"id": i, "case_no": no, "case_key": no, "party": party, "party_id": pid,
                                      "decided_on": decided, "unit_id": unit}
                                     for i, no, party, pid, decided, unit in CASES])
    return store


def _publications(store: Store) -> list[tuple[int, date, str, str, int | None]]:
    with store.session() as s:
        return [tuple(r) for r in s.execute(select(Publication.case_id, Publication.published_on, Publication.title,
                                                   Publication.url, Publication.source_row)
                                            .order_by(Publication.source_row))]


def _count(store: Store, model: type) -> int:
    with store.session() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_a_list_with_case_numbers_is_matched_by_the_normalised_number(cases: Store, xlsx: Callable[..., Path]) -> None:
    path = xlsx("双公示.xlsx", {"公示": [
        ["行政处罚公示信息"],
        ["行政处罚决定书文号", "行政相对人名称", "处罚决定日期", "公示日期"],
        ["沈水罚字[2024]第001号", "张某", "2024/03/04", "2024-03-08"],
        ["沈水罚字（2024）2号", "沈阳某某建材有限公司", datetime(2024, 3, 5), datetime(2024, 3, 20)],
        ["沈环罚〔2024〕7号", "赵某", "2024/03/05", "2024-03-09"],  # another office's decision
    ]})
    report = import_publications(cases, path, operator="甲")
    assert (report.matched, report.unmatched, report.imported, report.rows_read) == (2, 1, 2, 3)
    assert report.rejected == [] and report.header_row == 2 and report.sheet == "公示"
    assert _publications(cases) == [(1, date(2024, 3, 8), "", "", 3), (2, date(2024, 3, 20), "", "", 4)]
    [warning] = report.warnings
    assert (warning.row, warning.column_letter, warning.column) == (5, "A", "行政处罚决定书文号")
    assert "未找到对应的案卷" in warning.reason and "沈环罚〔2024〕7号" in warning.reason
    # the span it covers: the earliest to the latest decision on it, for the unit it showed
    assert (report.covers_from, report.covers_to, report.units) == (date(2024, 3, 4), date(2024, 3, 5), [BUREAU])
    assert report.last_published_on == date(2024, 3, 20)
    with cases.session() as s:
        batch = s.scalars(select(ImportBatch)).one()
        assert (batch.kind, batch.file_name, batch.operator, batch.imported) == ("publications", "双公示.xlsx", "甲", 2)
        lst = s.scalars(select(PublicationList)).one()
        assert (lst.batch_id, lst.covers_from, lst.covers_to, lst.unit_ids_json) == (
            batch.id, date(2024, 3, 4), date(2024, 3, 5), "[1]")
        entry = s.scalars(select(ChangeLogEntry).order_by(ChangeLogEntry.id.desc())).first()
        assert entry is not None and (entry.action, entry.table_name, entry.record_id) == (
            "import", "publications", batch.id)
    doc = report.to_json()
    assert doc["kind"] == "publications" and doc["matched"] == 2 and doc["unmatched"] == 1
    assert doc["covers"] == {"from": "2024-03-04", "to": "2024-03-05", "units": [BUREAU]}
    # the same file again adds nothing
    again = import_publications(cases, path)
    assert again.already_imported and again.imported == 0 and _count(cases, Publication) == 2


def test_a_website_list_without_numbers_is_matched_by_party_and_date(cases: Store, xlsx: Callable[..., Path]) -> None:
    """Websites show a person as 张某: the party is compared as a published list writes it."""
    path = xlsx("网站.xlsx", {"Sheet1": [
        ["标题", "当事人", "作出决定日期", "发布时间", "链接"],
        ["行政处罚决定公开", "张某", "2024年3月4日", "2024-03-12 09:30:00", "http://x.gov.cn/1.html"],
        ["行政处罚决定公开", "沈阳某某建材有限公司", "20240305", "2024/3/13", "http://x.gov.cn/2.html"],
        ["行政处罚决定公开", "孙某", "2024-03-05", "2024-03-13", ""],
    ]})
    report = import_publications(cases, path)
    assert (report.matched, report.unmatched) == (2, 1)
    assert _publications(cases) == [(1, date(2024, 3, 12), "行政处罚决定公开", "http://x.gov.cn/1.html", 2),
                                    (2, date(2024, 3, 13), "行政处罚决定公开", "http://x.gov.cn/2.html", 3)]
    [warning] = report.warnings
    assert warning.row == 4 and warning.column == "当事人" and "孙某" in warning.reason


def test_a_number_that_matches_nothing_falls_back_to_party_and_date_with_a_warning(
        cases: Store, xlsx: Callable[..., Path]) -> None:
    path = xlsx("l.xlsx", {"S": [["文号", "当事人", "决定日期", "公开日期"],
                                 ["沈水罚〔2024〕1号", "张三", "2024-03-04", "2024-03-06"]]})
    report = import_publications(cases, path)
    assert report.matched == 1 and _publications(cases)[0][0] == 1
    [warning] = report.warnings
    assert warning.column == "文号" and f"案卷「{K.format(1)}」" in warning.reason


def test_an_ambiguous_row_is_refused_and_nothing_is_written(cases: Store, xlsx: Callable[..., Path]) -> None:
    """李某 on 2024-03-06 is 李四 or 李五: the program does not pick one."""
    path = xlsx("l.xlsx", {"S": [["当事人", "处罚决定日期", "上网日期"],
                                 ["张某", "2024-03-04", "2024-03-06"],
                                 ["李某", "2024-03-06", "2024-03-07"]]})
    before = _count(cases, ChangeLogEntry)
    with pytest.raises(ImportRejectedError) as err:
        import_publications(cases, path)
    [issue] = err.value.report.rejected  # type: ignore[attr-defined]
    assert (issue.row, issue.column) == (3, "当事人")
    assert K.format(3) in issue.reason and K.format(4) in issue.reason and "无法确定" in issue.reason
    assert "l.xlsx 工作表「S」第 3 行" in err.value.message
    assert (err.value.file, err.value.sheet, err.value.row) == ("l.xlsx", "S", 3)
    assert _count(cases, Publication) == 0 and _count(cases, ImportBatch) == 0
    assert _count(cases, ChangeLogEntry) == before
    # skipping the refused rows records the others
    report = import_publications(cases, path, skip_invalid=True)
    assert report.matched == 1 and len(report.rejected) == 1 and [p[0] for p in _publications(cases)] == [1]


def test_the_2021_layout_has_no_publication_date_the_import_asks_for_one(
        cases: Store, xlsx: Callable[..., Path]) -> None:
    rows = [HEADER_2021, row_of(HEADER_2021, {"行政相对人名称": "张三", "行政处罚决定书文号": K.format(1),
                                              "处罚决定日期": "2024/03/04", "处罚机关": BUREAU})]
    path = xlsx("2021.xlsx", {"行政处罚": rows})
    with pytest.raises(BadFileError) as err:
        import_publications(cases, path)
    assert "公示日期" in err.value.message and "--published-on" in err.value.message
    assert (err.value.file, err.value.sheet) == ("2021.xlsx", "行政处罚")
    assert _count(cases, ImportBatch) == 0
    report = import_publications(cases, path, published_on=date(2024, 3, 10))
    assert report.matched == 1 and _publications(cases) == [(1, date(2024, 3, 10), "", "", 2)]


def test_rows_that_cannot_be_used_are_refused_naming_the_cell(cases: Store, xlsx: Callable[..., Path]) -> None:
    path = xlsx("l.xlsx", {"S": [["案号", "当事人", "决定日期", "公示日期"],
                                 [K.format(1), "张三", None, "2024-03-01"],  # before the decision
                                 [K.format(2), "", None, "2024-13-40"],  # no such date
                                 [K.format(2), "", None, None],  # no date at all
                                 [None, "王某", None, "2024-03-09"],  # nothing to match by
                                 ["合计", None, None, None]]})
    with pytest.raises(ImportRejectedError) as err:
        import_publications(cases, path)
    issues = {(i.row, i.column): i.reason for i in err.value.report.rejected}  # type: ignore[attr-defined]
    assert set(issues) == {(2, "公示日期"), (3, "公示日期"), (4, "公示日期"), (5, "案号")}
    assert "早于" in issues[(2, "公示日期")] and issues[(4, "公示日期")] == "公示日期为空"
    assert "无法对应案卷" in issues[(5, "案号")]
    assert _count(cases, Publication) == 0


def test_a_sheet_without_a_usable_header_is_refused(cases: Store, xlsx: Callable[..., Path]) -> None:
    path = xlsx("l.xlsx", {"S": [["标题", "公示日期"], ["x", "2024-03-01"]]})
    with pytest.raises(BadFileError) as err:
        import_publications(cases, path)
    assert "找不到公示清单的表头" in err.value.message and "当事人" in err.value.message


def test_a_dry_run_writes_nothing(cases: Store, xlsx: Callable[..., Path]) -> None:
    path = xlsx("l.xlsx", {"S": [["案号", "公示日期"], [K.format(1), "2024-03-05"]]})
    report = import_publications(cases, path, dry_run=True)
    assert report.dry_run and report.imported == 1 and _count(cases, Publication) == 0
    assert _count(cases, ImportBatch) == 0
