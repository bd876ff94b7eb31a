"""报告 page, 发文…: the documents dialog opened from the page; a 监督函 issued there is shown in the
page's own preview (ready to print or sign), and the issue is announced."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt

from app.office import set_office_info
from app.rectify import service as rectify
from app.reports.docnumbers import list_documents
from tests.ui.rectify_helpers import audited_store
from ui.common.events import Events
from ui.rectify.documents_dialog import DocumentsDialog
from ui.reports.reports_page import ReportsPage


def test_a_letter_issued_from_the_reports_page_is_previewed_there(qtbot, gui_store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    audited_store(gui_store)
    set_office_info(gui_store, office_name="沈阳市水务局", principal_leader="李局长", doc_prefix="沈水依法办发")
    problem = next(p for p in rectify.list_problems(gui_store) if p["unit"])
    rectify.add_disposition(gui_store, problem["id"], kind="行政执法监督建议书", on=date.today())
    events = Events()
    heard: list[str] = []
    events.changed.connect(heard.append)
    page = ReportsPage(gui_store, events=events)
    qtbot.addWidget(page)
    page.folder = tmp_path
    page.show()
    qtbot.waitExposed(page)
    qtbot.mouseClick(page.letters_button, Qt.MouseButton.LeftButton)
    d = page.letters_dialog
    assert isinstance(d, DocumentsDialog) and d.isVisible() and d.folder_edit.text() == str(tmp_path)
    d.kind.setCurrentIndex(d.kind.findData("监督建议书"))
    d.unit.setCurrentText(problem["unit"])
    assert f"将列入 1 个尚未发文的问题：#{problem['id']}" in d.pending.text()
    record = d.issue()
    assert record is not None and [x["doc_no"] for x in list_documents(gui_store)] == [record["doc_no"]]
    assert record["doc_no"] == f"沈水依法办发〔{date.today().year}〕1号"
    assert d.preview is None  # shown in the page's preview, not a window of its own
    assert page.current_pdf == tmp_path / record["file_name"] and page.sign_button.isEnabled()
    assert page.preview.page_count >= 1
    qtbot.waitUntil(lambda: 0 in page.preview.rendered_pages(), timeout=10_000)
    assert heard == ["reports", "problems"]
