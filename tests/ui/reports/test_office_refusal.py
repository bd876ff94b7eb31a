"""Official documents are refused while the office name or principal leader is missing (issue 14
point 5): the service raises the typed error before a number is taken or a file written; the
报告 page says why and its button opens the office details dialog."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from app.office import OfficeDetailsMissingError, set_office_info
from app.reports import rectification_report
from tests.ui.rectify_helpers import audited_store


def test_the_service_refuses_and_writes_nothing(gui_store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    audited_store(gui_store)
    set_office_info(gui_store, office_name="沈阳市水务局")
    out = tmp_path / "整改报告.pdf"
    with pytest.raises(OfficeDetailsMissingError) as info:
        rectification_report(gui_store, out)
    assert info.value.missing == ["principal_leader"] and "主要负责人" in info.value.message
    assert not out.exists()
    set_office_info(gui_store, principal_leader="王局长")
    assert rectification_report(gui_store, out).exists()


def test_the_page_refuses_with_a_button_to_fix_it(qtbot, gui_store, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ui.main_window import MainWindow

    audited_store(gui_store)
    w = MainWindow(gui_store, operator="测试员")
    qtbot.addWidget(w)
    w.show()
    page = w.show_page("reports")
    asked: list[str] = []
    monkeypatch.setattr(page, "ask_save_path", lambda _t, name: asked.append(name) or tmp_path / name)

    assert page.produce("rectification") is None
    box = page.refusal
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "单位名称、主要负责人尚未填写" in box.text() and asked == []  # not even the save dialog
    button = next(b for b in box.buttons() if b.objectName() == "fixOffice")
    button.click()
    qtbot.waitUntil(lambda: page.office_dialog is not None and page.office_dialog.isVisible())
    assert page.produce("problem_list", tmp_path / "问题清单.pdf") is not None  # not an official document
