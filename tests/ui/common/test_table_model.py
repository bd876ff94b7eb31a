"""The lazy register model: Qt's model contract, paging, SQL sort and search, display."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.demo import load_demo
from app.records import service
from ui.common.table_model import RecordTableModel


def test_model_passes_qt_model_tester_on_demo_data(qtmodeltester, gui_store) -> None:  # type: ignore[no-untyped-def]
    load_demo(gui_store, size=120)
    for kind in ("cases", "ledger", "receipts", "officers", "units"):
        model = RecordTableModel(gui_store, kind, page_size=50)
        qtmodeltester.check(model, force_py=True)


def test_rows_are_fetched_page_by_page(gui_store) -> None:  # type: ignore[no-untyped-def]
    load_demo(gui_store, size=300)
    model = RecordTableModel(gui_store, "cases", page_size=100)
    assert model.rowCount() == 300
    assert model.pages_fetched == 0  # counting needs no rows
    model.index(250, 0).data()
    assert model.pages_fetched == 1
    model.index(299, 1).data()
    model.index(201, 3).data()
    assert model.pages_fetched == 1  # same page, from the cache
    model.index(0, 0).data()
    assert model.pages_fetched == 2


def test_display_formats_money_dates_booleans_and_officers(gui_store) -> None:  # type: ignore[no-untyped-def]
    service.save(gui_store, "cases", {"case_no": "沈浑罚字〔2019〕第1号", "fine_fen": "1234567.8",
                                      "decided_on": "2019年3月5日", "major": "是",
                                      "officers": "张三(21010012345)、李四"})
    model = RecordTableModel(gui_store, "cases")
    cell = model.index(0, model.column_of("fine_fen"))
    assert cell.data() == "1,234,567.80"
    assert cell.data(Qt.ItemDataRole.TextAlignmentRole) & int(Qt.AlignmentFlag.AlignRight)
    assert model.index(0, model.column_of("decided_on")).data() == "2019-03-05"
    assert model.index(0, model.column_of("major")).data() == "是"
    assert model.index(0, model.column_of("officers")).data() == "张三(21010012345)、李四"
    assert model.headerData(model.column_of("fine_fen"), Qt.Orientation.Horizontal) == "罚款金额"


def test_sort_and_search_are_asked_of_sql(gui_store) -> None:  # type: ignore[no-untyped-def]
    for n in (3, 1, 2):
        service.save(gui_store, "ledger", {"case_no": f"沈浑罚字〔2019〕第{n}号", "party": f"当事人{n}",
                                           "fine_fen": str(n * 100)})
    model = RecordTableModel(gui_store, "ledger")
    fine = model.column_of("fine_fen")
    model.sort(fine, Qt.SortOrder.DescendingOrder)
    assert [model.index(r, fine).data() for r in range(3)] == ["300.00", "200.00", "100.00"]
    model.sort(fine, Qt.SortOrder.AscendingOrder)
    assert [model.index(r, fine).data() for r in range(3)] == ["100.00", "200.00", "300.00"]
    model.set_search("当事人2")
    assert model.rowCount() == 1 and model.index(0, fine).data() == "200.00"
    model.set_search("")
    assert model.rowCount() == 3
