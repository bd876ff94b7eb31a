"""投诉举报 page: a complaint registered in the dialog gets its deadlines and shows red once late;
a reply before the received date is refused inside the dialog; 并入问题 announces the problems; the
清零 ledger written from the page masks the complainant; a change elsewhere refreshes the page."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor

from app.registers import complaints
from tests.reports.helpers import sheet_rows
from tests.ui.ui_helpers import click_check, type_text
from ui.common.events import Events
from ui.registers.complaints_page import ComplaintsPage
from ui.registers.register_rows import OVERDUE_COLOUR


def _page(qtbot, store, events: Events | None = None) -> ComplaintsPage:  # type: ignore[no-untyped-def]
    page = ComplaintsPage(store, operator="测试员", events=events or Events())
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    qtbot.waitExposed(page)
    return page


def _ok(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def test_register_reply_triage_and_the_ledger(qtbot, gui_store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    events = Events()
    seen: list[str] = []
    events.changed.connect(seen.append)
    page = _page(qtbot, gui_store, events)
    dialog = page.add_complaint()
    dialog.received.setDate(QDate(2023, 9, 28))
    dialog.channel.setCurrentText("信件")
    type_text(qtbot, dialog.complainant, "张三")
    type_text(qtbot, dialog.subject, "执法人员未出示证件")
    dialog.unit.setCurrentText("市水务局")
    assert "7 个自然日" in " ".join(w.text() for w in dialog.findChildren(type(dialog.error)))
    _ok(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert page.model.rowCount() == 1 and seen == ["registers"]
    row = page.model.row(0)
    assert row is not None and (row["reply_due"], row["result_due"]) == (date(2023, 10, 5), date(2023, 10, 28))
    assert page.model.data(page.model.index(0, 4), Qt.ItemDataRole.ForegroundRole).color() == QColor(OVERDUE_COLOUR)
    assert page.current_id() == 1 and page.reply_button.isEnabled() and not page.close_button.isEnabled()

    reply = page.answer("reply")
    reply.on.setDate(QDate(2023, 9, 27))
    type_text(qtbot, reply.text, "已收到")
    _ok(qtbot, reply)
    assert reply.isVisible() and "早于投诉举报 #1 的收到日期" in reply.error.text()
    assert complaints.get_complaint(gui_store, 1)["replied_on"] is None
    reply.on.setDate(QDate(2023, 10, 3))
    _ok(qtbot, reply)
    qtbot.waitUntil(lambda: not reply.isVisible())
    assert page.model.row(0)["status"] == "已回复" and not page.reply_button.isEnabled()  # type: ignore[index]

    triage = page.triage()
    triage.kind.setCurrentText("并入问题")
    assert triage.category.isEnabled() and not triage.reason.isEnabled()
    triage.on.setDate(QDate(2023, 10, 3))
    _ok(qtbot, triage)
    qtbot.waitUntil(lambda: not triage.isVisible())
    assert seen[-2:] == ["registers", "problems"]
    assert page.model.row(0)["problem_id"] is not None and page.close_button.isEnabled()  # type: ignore[index]

    out = tmp_path / "台账.xlsx"
    task = page.write_ledger(".xlsx", out=out)
    assert task is not None
    qtbot.waitUntil(out.exists, timeout=10_000)  # written atomically: complete once it is there
    assert sheet_rows(out)[3][3] == "张某"
    click_check(qtbot, page.unmasked_check)
    out2 = tmp_path / "台账全名.xlsx"
    page.write_ledger(".xlsx", out=out2)
    qtbot.waitUntil(out2.exists, timeout=10_000)
    assert sheet_rows(out2)[3][3] == "张三"


def test_the_overdue_filter_and_a_refresh_from_elsewhere(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    events = Events()
    page = _page(qtbot, gui_store, events)
    complaints.add_complaint(gui_store, received_on=date.today(), channel="电话", subject="今天收到")
    complaints.add_complaint(gui_store, received_on=date(2023, 9, 28), channel="电话", subject="早已逾期")
    assert page.model.rowCount() == 0
    events.announce("registers")  # written elsewhere (another page, a CLI run seen at refresh)
    assert page.model.rowCount() == 2 and page.year_combo.count() >= 2
    click_check(qtbot, page.overdue_check)
    assert [r["subject"] for r in page.model.rows] == ["早已逾期"]
    assert "逾期 1 件" in page.count_label.text()
    page.overdue_check.setChecked(False)
    page.year_combo.setCurrentIndex(page.year_combo.findData(2023))
    assert [r["subject"] for r in page.model.rows] == ["早已逾期"]
