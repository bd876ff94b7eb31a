"""报告 page: producing the 整改报告 on the worker, the preview's page count, printing to a PDF
file, signing (in-memory keyring; no keyring → the passphrase is asked; no signer → created),
验证PDF, the office details and the Excel forms."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from keyring.backends import fail
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter

from app import secrets
from app.office import office_info, set_office_info
from app.signing import create_signer, verify_pdf
from tests.ui.rectify_helpers import audited_store, installed
from tests.ui.ui_helpers import message_boxes, type_text
from ui.signing.signing_dialogs import CreateSignerDialog, PassphraseDialog

PASSPHRASE = "Zhenggai-2026"


def pages_of(path: Path) -> int:
    doc = pdfium.PdfDocument(str(path))
    try:
        return len(doc)
    finally:
        doc.close()


@pytest.fixture(autouse=True)
def _no_env_passphrase(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CASEAUDIT_SIGNER_PASSPHRASE", raising=False)


@pytest.fixture
def memory_keyring() -> Iterator[object]:
    from tests.signing.helpers import MemoryKeyring

    yield from installed(MemoryKeyring())


@pytest.fixture
def failing_keyring() -> Iterator[object]:
    yield from installed(fail.Keyring())


@pytest.fixture
def page(qtbot, gui_store, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    from ui.main_window import MainWindow

    audited_store(gui_store)
    set_office_info(gui_store, office_name="沈阳市水务局", principal_leader="王局长")  # official documents need both
    w = MainWindow(gui_store, operator="测试员")
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    page = w.show_page("reports")
    monkeypatch.setattr(page, "ask_save_path", lambda _title, name: tmp_path / name)
    return page


def produce_report(qtbot, page) -> Path:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(page.report_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.task is not None and page.task.done, timeout=30_000)
    assert page.task.error is None, page.task.error
    path = Path(page.task.result)
    assert path.name.startswith("整改报告-") and path.suffix == ".pdf"
    return path


def wait_signed(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: page.sign_flow.task is not None and page.sign_flow.task.done, timeout=30_000)
    assert page.sign_flow.task.error is None, page.sign_flow.task.error


def test_report_preview_and_print(qtbot, page, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = produce_report(qtbot, page)
    m = pages_of(path)
    assert m >= 2
    preview = page.preview
    assert preview.page_count == m and len(preview.page_labels) == m
    assert preview.page_total.text() == f"/ {m} 页"
    assert preview.zoom_box.currentText() == "适合宽度"
    assert preview.page_labels[0].width() <= preview.scroll_area.viewport().width()
    qtbot.waitUntil(lambda: 0 in preview.rendered_pages(), timeout=10_000)
    preview.go_to_page(m)
    qtbot.waitUntil(lambda: preview.page_box.value() == m and m - 1 in preview.rendered_pages(), timeout=10_000)
    preview.set_zoom(50)
    assert preview.page_labels[0].width() < 420
    qtbot.waitUntil(lambda: bool(preview.rendered_pages()), timeout=10_000)

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "打印输出.pdf"
    printer.setOutputFileName(str(out))
    task = preview.print_document(printer)
    qtbot.waitUntil(lambda: task.done, timeout=60_000)
    assert task.error is None, task.error
    assert task.result == m and pages_of(out) == m


def test_sign_with_the_keyring(qtbot, page, gui_store, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    create_signer(gui_store, name="沈阳市水务局", passphrase=PASSPHRASE)
    path = produce_report(qtbot, page)
    qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
    assert page.sign_flow.dialog is None  # the passphrase comes from the keyring
    wait_signed(qtbot, page)
    verdict = verify_pdf(gui_store, path)
    assert verdict["signed"] and verdict["intact"] and verdict["trusted"]
    assert "已签名 · 未被改动 · 证书可信" in page.verdict_label.text()
    assert "已签名" in page.file_label.text() and not page.sign_button.isEnabled()


def test_no_keyring_asks_for_the_passphrase(qtbot, page, gui_store, failing_keyring) -> None:  # type: ignore[no-untyped-def]
    info = create_signer(gui_store, name="沈阳市水务局", passphrase=PASSPHRASE)
    assert info["passphrase_saved"] is False
    path = produce_report(qtbot, page)
    qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
    dialog = page.sign_flow.dialog
    assert isinstance(dialog, PassphraseDialog) and dialog.isVisible()
    assert dialog.explanation.text() == secrets.UNAVAILABLE_MESSAGE
    assert "每次签名时需要输入口令" in dialog.explanation.text()
    assert dialog.passphrase.echoMode() == dialog.passphrase.EchoMode.Password

    type_text(qtbot, dialog.passphrase, "wrong-passphrase")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=30_000)
    assert "口令不正确" in dialog.error.text() and dialog.isVisible()
    assert not verify_pdf(gui_store, path)["signed"]

    dialog.passphrase.clear()
    type_text(qtbot, dialog.passphrase, PASSPHRASE)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_signed(qtbot, page)
    qtbot.waitUntil(lambda: page.sign_flow.dialog is None)  # closed (and deleted) once signed
    verdict = verify_pdf(gui_store, path)
    assert verdict["signed"] and verdict["intact"] and verdict["trusted"]
    assert not list(Path(gui_store.path).parent.rglob("*passphrase*"))


def test_no_signer_offers_to_create_one(qtbot, page, gui_store, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    path = produce_report(qtbot, page)
    qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
    dialog = page.sign_flow.dialog
    assert isinstance(dialog, CreateSignerDialog)
    dialog.name.clear()
    type_text(qtbot, dialog.name, "沈阳市水务局政策法规处")
    type_text(qtbot, dialog.passphrase, PASSPHRASE)
    type_text(qtbot, dialog.repeat, "different-1")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "不一致" in dialog.error.text()
    dialog.repeat.clear()
    type_text(qtbot, dialog.repeat, PASSPHRASE)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_signed(qtbot, page)
    verdict = verify_pdf(gui_store, path)
    assert verdict["trusted"] and verdict["signer"] == "沈阳市水务局政策法规处"
    assert "沈阳市水务局政策法规处" in page.signer_label.text()


def test_verify_an_unsigned_pdf(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    path = produce_report(qtbot, page)
    task = page.verify_file(path)
    qtbot.waitUntil(lambda: task.done, timeout=30_000)
    assert "未签名" in page.verdict_label.text()
    assert any("未签名" in box.text() for box in message_boxes())


def test_office_details_dialog(qtbot, page, gui_store) -> None:  # type: ignore[no-untyped-def]
    dialog = page.edit_office()
    for key, text in (("office_name", "沈阳市水务局"), ("principal_leader", "王局长"), ("doc_prefix", "沈水法")):
        dialog.edits[key].clear()
        type_text(qtbot, dialog.edits[key], text)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    info = office_info(gui_store)
    assert (info["office_name"], info["principal_leader"], info["doc_prefix"]) == ("沈阳市水务局", "王局长", "沈水法")
    assert page.office_labels["principal_leader"].text() == "王局长"


def test_problem_list_notice_and_forms(qtbot, page, tmp_path) -> None:  # type: ignore[no-untyped-def]
    task = page.produce("problem_list")
    qtbot.waitUntil(lambda: task.done, timeout=30_000)
    assert task.error is None and page.preview.page_count == pages_of(Path(task.result))
    assert page.unit_box.count() > 0
    task = page.produce("notice")
    qtbot.waitUntil(lambda: task.done, timeout=30_000)
    assert task.error is None and Path(task.result).name.startswith("整改通知书-")
    folder = tmp_path / "表格"
    task = page.export_forms(folder)
    qtbot.waitUntil(lambda: task.done, timeout=30_000)
    assert task.error is None
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["问题清单.xlsx", "整改台账.xlsx", "销号台账.xlsx", "统计表.xlsx"])


def test_review_sheet_refusal_is_shown(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    page.case_box.setEditText("沈水罚字〔2017〕第3号")
    task = page.produce("review_sheet")
    qtbot.waitUntil(lambda: task.done, timeout=30_000)
    assert task.error is not None
    assert any("评查" in box.text() for box in message_boxes())
    assert page.report_button.isEnabled()
