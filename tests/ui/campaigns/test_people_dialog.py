"""人员名单 in the window: people added to the leadership group and as a unit's liaison, refusals
in the dialog (bad phone, a liaison without a unit), removal, and the 名单 printed as PDF
(previewed) and Excel (read back with calamine)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.campaigns import create_campaign
from app.campaigns.people import list_people
from tests.reports.helpers import pdftext, sheet_rows, squeeze
from tests.ui.campaigns.test_schedule_dialogs import SHOTS
from tests.ui.ui_helpers import type_text
from ui.campaigns.campaign_page import CampaignPage
from ui.campaigns.people_dialog import PeopleDialog
from ui.common.events import Events
from ui.common.fonts import install_fonts
from ui.reports.preview_dialog import PreviewDialog


def _dialog(qtbot, store) -> tuple[CampaignPage, PeopleDialog, list[str]]:  # type: ignore[no-untyped-def]
    create_campaign(store, name="行政执法突出问题集中整治", doc_no="鞍依法组〔2022〕1号", taxonomy="A",
                    units=["县水利局", "县林业局"])
    if SHOTS:
        install_fonts(QApplication.instance())  # type: ignore[arg-type]
    events = Events()
    heard: list[str] = []
    events.changed.connect(heard.append)
    page = CampaignPage(store, events=events)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    qtbot.mouseClick(page.schedule_actions.people_button, Qt.MouseButton.LeftButton)
    dialog = page.schedule_actions.dialog
    assert isinstance(dialog, PeopleDialog) and dialog.isVisible()
    return page, dialog, heard


def _add(qtbot, d: PeopleDialog, group: str, role: str, name: str, post: str = "", unit: str = "",  # type: ignore[no-untyped-def]
         phone: str = "") -> None:
    d.group.setCurrentText(group)
    d.role.setCurrentText(role)
    type_text(qtbot, d.name, name)
    if post:
        type_text(qtbot, d.post, post)
    d.unit.setCurrentText(unit)
    if phone:
        type_text(qtbot, d.phone, phone)
    qtbot.mouseClick(d.add_button, Qt.MouseButton.LeftButton)


def test_people_added_refused_removed_and_printed(qtbot, gui_store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page, d, heard = _dialog(qtbot, gui_store)
    assert d.table.rowCount() == 0 and not d.pdf_button.isEnabled()
    _add(qtbot, d, "领导小组", "组长", "陈双伟", post="局长")
    _add(qtbot, d, "领导小组", "副组长", "赵晓明", post="副局长")
    assert d.error.isHidden() and heard == ["campaign", "campaign"]
    # a bad phone is refused, the dialog keeps what was typed
    _add(qtbot, d, "单位联络员", "联络员", "王维维", post="法制科科长", unit="县水利局", phone="abc")
    assert d.error.isVisible() and "联系电话「abc」有误" in d.error.text()
    assert d.name.text() == "王维维" and len(list_people(gui_store)) == 2
    d.phone.clear()
    type_text(qtbot, d.phone, "0413-6169675")
    qtbot.mouseClick(d.add_button, Qt.MouseButton.LeftButton)
    assert d.error.isHidden(), d.error.text()
    # a liaison group without a unit is refused
    _add(qtbot, d, "单位联络员", "联络员", "李四")
    assert "单位联络员须写明所在单位" in d.error.text() and d.name.text() == "李四"
    d.name.clear()
    _add(qtbot, d, "综合督查组", "成员", "张程程", post="法制科")
    rows = [[d.table.item(r, c).text() for c in range(6)] for r in range(d.table.rowCount())]
    assert rows == [["领导小组", "组长", "陈双伟", "", "局长", ""], ["领导小组", "副组长", "赵晓明", "", "副局长", ""],
                    ["综合督查组", "成员", "张程程", "", "法制科", ""],
                    ["单位联络员", "联络员", "王维维", "县水利局", "法制科科长", "0413-6169675"]]
    if SHOTS:
        d.grab().save(str(Path(SHOTS) / "campaign_people_dialog.png"))
    # remove the one chosen
    d.table.selectRow(1)
    assert d.remove_selected() == 1
    assert [p["name"] for p in list_people(gui_store)] == ["陈双伟", "张程程", "王维维"]
    # 名单 as PDF (previewed in the window) and as Excel
    pdf = d.print_list("pdf", tmp_path / "名单.pdf")
    assert pdf is not None and "名单已保存" in d.saved_label.text()
    text = squeeze(pdftext(pdf))
    assert "行政执法突出问题集中整治领导小组及工作人员名单" in text and "组长：陈双伟局长" in text
    assert "县水利局" in text and "0413-6169675" in text and "赵晓明" not in text
    assert isinstance(d.preview, PreviewDialog) and d.preview.preview.page_count >= 1
    qtbot.waitUntil(lambda: 0 in d.preview.preview.rendered_pages(), timeout=10_000)
    xlsx = d.print_list("xlsx", tmp_path / "名单.xlsx")
    assert xlsx is not None
    cells = [c for row in sheet_rows(xlsx) for c in row]
    assert "陈双伟" in cells and "综合督查组" in cells and "0413-6169675" in cells
