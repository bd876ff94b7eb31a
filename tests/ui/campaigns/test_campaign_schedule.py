"""专项活动 page, 进度与报送: phases with the current one, what is due this week, late units in red
and 问题零报告 units; a screenshot at 1366×768 for a person to look at."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QApplication

from app.audit.service import run_audit
from tests.campaigns.builders import AS_OF, DASHBOARD_DAY, campaign_with_work, fill
from ui.campaigns.campaign_page import CampaignPage
from ui.common.fonts import install_fonts

SHOTS = os.environ.get("CASEAUDIT_SCREENSHOTS")


def test_the_page_shows_phases_due_this_week_and_late_units(qtbot, gui_store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    fill(gui_store)
    run_audit(gui_store, as_of=AS_OF)
    _cid, zero, late = campaign_with_work(gui_store, tmp_path)
    if SHOTS:
        install_fonts(QApplication.instance())  # type: ignore[arg-type]
    page = CampaignPage(gui_store)
    qtbot.addWidget(page)
    page.as_of = DASHBOARD_DAY
    page.refresh()
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    view = page.schedule
    phases = [[view.phases.item(r, c).text() for c in range(4)] for r in range(view.phases.rowCount())]
    assert [p[0] for p in phases] == ["自评自改", "提升整改", "预评立制"] and phases[1][3] == "当前"
    text = view.summary.text()
    assert "当前阶段：<b>提升整改</b>" in text and "09月15日 第二次督导" in text and "09月16日 整改报告" in text
    assert f"逾期单位：{late}" in text and f"问题零报告单位（重点抽查对象）：{zero}" in text
    rows = {(view.submissions.item(r, 0).text(), view.submissions.item(r, 1).text()): r
            for r in range(view.submissions.rowCount())}
    late_row = rows[(late, "问题清单")]
    assert view.submissions.item(late_row, 3).text().startswith("逾期未报")
    assert view.submissions.item(late_row, 0).foreground().color().name() == "#c0392b"
    assert view.submissions.item(rows[(zero, "问题清单")], 6).text() == "0"
    image = page.grab()
    assert (image.width(), image.height()) == (1366, 768)
    if SHOTS:
        image.save(str(Path(SHOTS) / "campaign_page_1366x768.png"))
