"""The header row a user names (the wizard's 表头在第 N 行) and the first rows as read under it
(app/imports/preview.py): the fields re-detected from that row, the import reading below it."""

from __future__ import annotations

import pytest

from app.errors import BadFileError
from app.imports.service import import_file, preview_import
from tests.imports.test_header_blocks import TWO_ROW_MERGES, TWO_ROWS

# An old header left above the real one (row 2): both name four fields, the first is taken, and
# its 元 would read the 万元 amounts 10,000 times too small. The user names row 2.
NOTE_THEN_HEADER = [
    ["案号", "当事人", "罚款金额（元）", "决定日期"],
    ["决定书文号", "被处罚人", "罚款金额（万元）", "决定日期", None],
    ["沈水罚字〔2019〕第1号", "张三", 0.5, "2019-03-05", "附注甲"],
    ["沈水罚字〔2019〕第2号", "李四", 0.005, "2019-03-06", None],
]


def test_the_header_named_by_the_user_is_read_with_its_units(store, xlsx) -> None:  # type: ignore[no-untyped-def]
    path = xlsx("台账.xlsx", {"台账": NOTE_THEN_HEADER})
    found = preview_import(None, "ledger", path)
    assert found.header_row == 1 and found.columns[2].scale == "元"
    assert [i.row for i in found.rejected] == [2, 2, 4]  # the real header read as data; 0.005 元 refused

    chosen = preview_import(None, "ledger", path, header_row=2)

    assert chosen.header_row == 2 and chosen.header_top == 2
    assert [(c.letter, c.header, c.field, c.scale) for c in chosen.columns] == [
        ("A", "决定书文号", "case_no", None), ("B", "被处罚人", "party", None),
        ("C", "罚款金额（万元）", "fine_fen", "万元"), ("D", "决定日期", "decided_on", None), ("E", "", None, None),
    ]
    assert [s["fine_fen"] for s in chosen.sample] == [500_000, 5_000]
    assert [(g.row, g.cells) for g in chosen.grid] == [
        (3, ["沈水罚字〔2019〕第1号", "张三", "0.5", "2019-03-05", "附注甲"]),
        (4, ["沈水罚字〔2019〕第2号", "李四", "0.005", "2019-03-06", ""]),
    ]
    report = import_file(store, "ledger", path, header_row=2)
    assert (report.header_row, report.imported) == (2, 2)


def test_a_named_header_row_keeps_the_block_above_it(xlsx) -> None:  # type: ignore[no-untyped-def]
    path = xlsx("台账.xlsx", {"台账": TWO_ROWS}, merges={"台账": TWO_ROW_MERGES})

    preview = preview_import(None, "ledger", path, header_row=3)

    assert (preview.header_top, preview.header_row) == (2, 3)
    assert preview.columns[3].header == "处罚决定/罚款金额（元）" and preview.columns[3].field == "fine_fen"
    assert preview.grid[0].row == 4 and preview.grid[0].cells[:3] == ["1", "沈水罚字[2019]第012号", "张三"]


def test_a_mapping_applies_to_the_named_row(xlsx) -> None:  # type: ignore[no-untyped-def]
    path = xlsx("台账.xlsx", {"台账": NOTE_THEN_HEADER})

    preview = preview_import(None, "ledger", path, header_row=2, mapping={0: "case_no", 1: "party", 4: "penalty"})

    assert [(c.letter, c.field) for c in preview.columns if c.field] == [("A", "case_no"), ("B", "party"),
                                                                         ("E", "penalty")]
    assert [s["penalty"] for s in preview.sample] == ["附注甲", ""]


@pytest.mark.parametrize(("row", "says"), [(9, "第 9 行是空的"), (3, "以第 3 行作表头时，找不到必填的")])
def test_a_row_that_cannot_be_the_header_is_refused_naming_it(xlsx, row: int, says: str) -> None:  # type: ignore[no-untyped-def]
    path = xlsx("台账.xlsx", {"台账": NOTE_THEN_HEADER})

    with pytest.raises(BadFileError) as caught:
        preview_import(None, "ledger", path, header_row=row)

    assert says in caught.value.message and "台账" in caught.value.message
