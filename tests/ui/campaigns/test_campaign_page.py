"""专项活动 page: create through the dialog, see it listed; edit its taxonomy in the tree."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.campaigns import get_campaign, list_campaigns
from tests.ui.audit_helpers import demo_window
from tests.ui.ui_helpers import type_text
from ui.campaigns.campaign_page import CampaignPage
from ui.common import messages


def _page(qtbot, store) -> CampaignPage:  # type: ignore[no-untyped-def]
    w = demo_window(qtbot, store)
    labels = [w.nav.item(i).text() for i in range(w.nav.count())]
    w.nav.setCurrentRow(labels.index("专项活动"))  # first after the registers
    page = w.stack.currentWidget()
    assert isinstance(page, CampaignPage)
    return page


def _create(qtbot, page: CampaignPage, name: str, doc_no: str, template: str = "A") -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    type_text(qtbot, dialog.name, name)
    type_text(qtbot, dialog.doc_no, doc_no)
    dialog.taxonomy.setCurrentIndex(dialog.taxonomy.findData(template))
    type_text(qtbot, dialog.period_from, "2017年1月1日")
    type_text(qtbot, dialog.issuing_body, "沈阳市水务局依法行政领导小组")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible(), dialog.error.text()


def test_create_through_the_dialog_appears_in_the_list(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, gui_store)
    assert page.table.rowCount() == 0 and "还没有专项活动" in page.details.text()
    _create(qtbot, page, "规范文明执法专项活动", "沈水依法办发〔2019〕04号")
    assert page.names() == ["规范文明执法专项活动"]
    assert page.table.item(0, 1).text() == "沈水依法办发〔2019〕04号"
    assert page.table.item(0, 3).text() == "2017-01-01 至 今" and page.table.item(0, 4).text() == "当前"
    assert page.taxonomy.categories()[:2] == ["执法不严格", "执法不公正"]
    assert "滥用自由裁量权" in page.taxonomy.manifestations("执法不公正")
    _create(qtbot, page, "行政执法乱象专项整治", "攸纪发〔2021〕3号", "B")
    assert page.names()[0] == "行政执法乱象专项整治" and len(list_campaigns(gui_store)) == 2
    assert page.current_id() == list_campaigns(gui_store)[0]["id"]
    page.table.selectRow(1)
    qtbot.mouseClick(page.activate_button, Qt.MouseButton.LeftButton)
    assert [c["active"] for c in list_campaigns(gui_store)] == [False, True]


def test_duplicate_doc_no_is_refused_in_the_dialog(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, gui_store)
    _create(qtbot, page, "甲活动", "沈水依法办发〔2019〕04号")
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    type_text(qtbot, dialog.name, "乙活动")
    type_text(qtbot, dialog.doc_no, "沈水依法办发〔2019〕04号")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "已经存在" in dialog.error.text()
    dialog.reject()


def test_taxonomy_add_rename_remove(qtbot, gui_store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, gui_store)
    _create(qtbot, page, "集中整治行政执法突出问题", "", "C")
    editor = page.taxonomy
    cid = page.current_id()
    editor.text.clear()
    type_text(qtbot, editor.text, "执法不廉洁")
    qtbot.mouseClick(editor.add_category_button, Qt.MouseButton.LeftButton)
    assert editor.categories()[-1] == "执法不廉洁"
    editor.text.clear()
    type_text(qtbot, editor.text, "吃拿卡要")
    qtbot.mouseClick(editor.add_item_button, Qt.MouseButton.LeftButton)
    assert editor.manifestations("执法不廉洁") == ["吃拿卡要"]
    editor.text.clear()
    type_text(qtbot, editor.text, "索取、收受财物")
    qtbot.mouseClick(editor.rename_button, Qt.MouseButton.LeftButton)
    assert editor.manifestations("执法不廉洁") == ["索取、收受财物"]
    editor.select("执法不廉洁")
    editor.text.clear()
    type_text(qtbot, editor.text, "执法不作为")  # already there: refused with a message
    qtbot.mouseClick(editor.rename_button, Qt.MouseButton.LeftButton)
    assert editor.message.isVisible() and "已经存在" in editor.message.text()
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    editor.select("执法不廉洁")
    qtbot.mouseClick(editor.remove_button, Qt.MouseButton.LeftButton)
    assert "执法不廉洁" not in editor.categories()
    assert [c["name"] for c in get_campaign(gui_store, cid)["taxonomy"]["categories"]] == editor.categories()
