"""Other desks' changes appear in the open pages without anyone touching the window: a second
connection to the same file writes through the services, and the page shows it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from app import store_head
from app.records import service
from app.registers import complaints
from app.store import Store
from tests.concurrency.desks import other_desk
from ui.common import store_watch
from ui.common.events import EVERYTHING, Events
from ui.common.store_watch import StoreWatch, kinds_of
from ui.main_window import MainWindow


@pytest.fixture
def other(gui_store: Store) -> Iterator[Store]:
    desk = other_desk(gui_store.path)
    yield desk
    desk.engine.dispose()


def _window(qtbot, store: Store) -> MainWindow:  # type: ignore[no-untyped-def]
    w = MainWindow(store, operator="赵六")
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_a_case_saved_at_another_desk_appears_within_seconds(qtbot, gui_store, other) -> None:  # type: ignore[no-untyped-def]
    service.save(gui_store, "cases", {"case_no": "沈浑罚字〔2019〕第1号", "party": "甲"})
    w = _window(qtbot, gui_store)
    page = w.show_kind("cases")
    assert page.model.rowCount() == 1
    assert w.store_watch.timer.interval() == 3000  # the window's own watch, at its real pace

    service.save(other, "cases", {"case_no": "沈浑罚字〔2019〕第2号", "party": "乙"}, operator="王五")
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=6000)  # no click, no key
    parties = {page.model.index(r, page.model.column_of("party")).data() for r in range(2)}
    assert parties == {"甲", "乙"}


def test_an_edit_at_another_desk_refreshes_the_row_shown(qtbot, gui_store, other, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(store_watch, "POLL_MS", 100)
    cid = service.save(gui_store, "cases", {"case_no": "沈浑罚字〔2019〕第1号", "party": "甲"})
    w = _window(qtbot, gui_store)
    page = w.show_kind("cases")
    col = page.model.column_of("party")
    assert page.model.index(0, col).data() == "甲"
    service.save(other, "cases", {"case_no": "沈浑罚字〔2019〕第1号", "party": "王五改的"}, record_id=cid,
                 operator="王五")
    qtbot.waitUntil(lambda: page.model.index(0, col).data() == "王五改的", timeout=3000)


def test_no_work_while_nothing_changed_and_no_echo_of_the_windows_own_writes(qtbot, gui_store, other) -> None:  # type: ignore[no-untyped-def]
    events = Events()
    heard: list[str] = []
    events.changed.connect(heard.append)
    watch = StoreWatch(gui_store, events, interval_ms=60_000)
    try:
        assert watch.poll() == [] and heard == []  # unchanged: one look at the head, nothing announced
        service.save(gui_store, "units", {"name": "本窗口写的单位"})  # this window's own write
        assert watch.poll() == [] and heard == []
        complaints.add_complaint(other, received_on=date(2026, 11, 2), channel="电话", subject="噪声")
        assert watch.poll() == ["registers"] and heard == ["registers"]
        assert watch.poll() == []  # seen once, announced once
    finally:
        watch.stop()


def test_a_page_hidden_behind_another_refreshes_when_shown(qtbot, gui_store, other, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(store_watch, "POLL_MS", 100)
    service.save(gui_store, "officers", {"name": "张三", "cert_no": "21010012345"})
    w = _window(qtbot, gui_store)
    officers = w.show_kind("officers")
    assert officers.model.rowCount() == 1
    w.show_kind("cases")
    service.save(other, "officers", {"name": "李四", "cert_no": "21010012346"}, operator="王五")
    qtbot.waitUntil(lambda: w.store_watch.seen == store_head.head(gui_store), timeout=3000)
    assert w.show_kind("officers").model.rowCount() == 2


def test_the_tables_map_to_the_pages_kinds() -> None:
    assert kinds_of({"ledger_entries", "import_batches"}) == ["cases", "ledger", "receipts", "officers"]
    assert kinds_of({"progress_entries", "problems"}) == ["problems"]
    assert kinds_of({"a_table_no_page_knows"}) == [EVERYTHING]
    assert kinds_of(set()) == []


def test_a_wait_for_the_writer_lock_shows_in_the_status_bar(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    import threading

    from PySide6.QtCore import QThread

    from app import writer_turn

    w = _window(qtbot, gui_store)
    delivered_on: list[object] = []
    w.store_watch.waiting.connect(lambda _text: delivered_on.append(QThread.currentThread()))
    threading.Thread(target=writer_turn._notice, args=("正在等待另一个程序的导入完成…",)).start()  # a worker's notice
    qtbot.waitUntil(lambda: w.statusBar().currentMessage() == "正在等待另一个程序的导入完成…", timeout=3000)
    assert delivered_on == [w.thread()]  # shown from the GUI thread, not the worker's
    w.close()
    assert writer_turn._notice is writer_turn._to_stderr  # the window gone: back to stderr
