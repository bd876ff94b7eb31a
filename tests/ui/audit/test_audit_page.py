"""倒查 page: run from the button, counts per stage and code, filters, chain view, dismiss/reopen."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt

from app.audit import service as audit
from tests.ui.audit_helpers import demo_window, run_from_page
from tests.ui.ui_helpers import message_boxes, type_text
from ui.audit.audit_page import AuditPage, fallback_notice
from ui.audit.audit_text import STAGES, codes_of_stage
from ui.audit.chain_view import ChainView
from ui.audit.findings_model import FindingsModel


def _page(qtbot, store) -> AuditPage:  # type: ignore[no-untyped-def]
    w = demo_window(qtbot, store)
    page = w.show_page("audit")
    assert w.stack.currentWidget() is page
    return page


def _select_code(page: AuditPage, code: str) -> None:
    page.tree.select_code(code)
    assert page.model.rowCount() > 0
    page.select_row(0)


def test_run_from_the_page_counts_per_stage_and_code(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, gui_store)
    assert page.model.rowCount() == 0 and page.tree.total == 0
    run_from_page(qtbot, page)
    assert page.last_result is not None and "倒查完成" in page.summary.text()
    total = audit.count_findings(gui_store)
    assert total > 0 and page.tree.total == total == page.model.rowCount()
    assert page.count_label.text() == f"共 {total:,} 条"
    for stage in STAGES:
        expected = sum(audit.count_findings(gui_store, code=c) for c in codes_of_stage(stage))
        assert page.tree.stage_counts[stage] == expected
        assert page.tree.stage_items[stage].text(1) == f"{expected:,}"
        page.tree.select_stage(stage)
        assert page.model.rowCount() == expected
    assert page.tree.stage_counts["收据→台账"] > 0 and page.tree.stage_counts["案卷检查"] > 0
    page.tree.select_code("RECEIPT_AMOUNT_MISMATCH")
    n = audit.count_findings(gui_store, code="RECEIPT_AMOUNT_MISMATCH")
    assert page.model.rowCount() == n == page.tree.code_counts["RECEIPT_AMOUNT_MISMATCH"]
    assert page.model.index(0, 0).data() == "收据金额与台账不符"
    assert page.model.index(0, 1).data() == "待核实"
    assert not page.notice.isVisible()


def test_unit_and_status_filters(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, gui_store)
    run_from_page(qtbot, page)
    unit = "沈阳市浑河管理处"
    page.unit_combo.setCurrentIndex(page.unit_combo.findData(unit))
    expected = audit.count_findings(gui_store, unit=unit)
    assert 0 < expected < audit.count_findings(gui_store)
    assert page.model.rowCount() == expected == page.tree.total
    unit_col = 4
    assert {page.model.index(r, unit_col).data() for r in range(page.model.rowCount())} == {unit}
    page.status_combo.setCurrentIndex(page.status_combo.findData("dismissed"))
    assert page.model.rowCount() == 0 and page.tree.total == 0


def test_chain_view_highlights_the_disagreeing_amount(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, gui_store)
    run_from_page(qtbot, page)
    _select_code(page, "RECEIPT_AMOUNT_MISMATCH")
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    view = page.chain_view
    assert isinstance(view, ChainView) and view.isVisible()
    assert "amount" in view.disagree
    assert all(view.is_highlighted("amount", col) for col in range(3))
    assert not view.is_highlighted("case_no", 0) and not view.is_highlighted("party", 1)
    row = view.row_of("amount")
    receipt_amount, ledger_amount = view.table.item(row, 0).text(), view.table.item(row, 1).text()
    assert receipt_amount != ledger_amount
    assert view.labels["expected"].text().startswith("金额：") and "元" in view.labels["found"].text()
    assert "倒查" in view.labels["rule"].text()
    view.close()


def test_dismissal_needs_a_reason_and_survives_another_run(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, gui_store)
    run_from_page(qtbot, page)
    _select_code(page, "RECEIPT_NOT_IN_LEDGER")
    fid = page.current_id()
    assert page.dismiss_button.isEnabled() and not page.reopen_button.isEnabled()
    qtbot.mouseClick(page.dismiss_button, Qt.MouseButton.LeftButton)
    dialog = page.dismiss_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # no reason: refused
    assert dialog.isVisible() and dialog.error.isVisible() and "理由" in dialog.error.text()
    assert audit.get_finding(gui_store, fid)["status"] == "open"
    type_text(qtbot, dialog.reason, "经核对已在补充台账登记")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert audit.get_finding(gui_store, fid)["dismiss_reason"] == "经核对已在补充台账登记"
    assert page.current_id() == fid and page.model.index(page.table.currentIndex().row(), 1).data() == "已排除"
    assert page.reopen_button.isEnabled() and not page.dismiss_button.isEnabled()

    run_from_page(qtbot, page)  # another run keeps the dismissal
    assert audit.get_finding(gui_store, fid)["status"] == "dismissed"
    page.status_combo.setCurrentIndex(page.status_combo.findData("dismissed"))
    assert page.model.rowCount() == 1 and page.model.finding_id(0) == fid
    assert page.model.index(0, 1).data() == "已排除"
    page.select_row(0)
    qtbot.mouseClick(page.reopen_button, Qt.MouseButton.LeftButton)
    assert audit.get_finding(gui_store, fid)["status"] == "open"
    assert page.model.rowCount() == 0
    assert not message_boxes()


def test_as_of_date_is_passed_and_cancel_leaves_store(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, gui_store)
    assert page.as_of.date() == QDate.currentDate()
    page.as_of.setDate(QDate(2019, 12, 31))
    run_from_page(qtbot, page)
    assert page.last_result is not None and page.last_result.as_of.isoformat() == "2019-12-31"


def test_fallback_notice_text() -> None:
    assert fallback_notice([2027]).startswith("⚠ 2027 年无节假日数据，按仅周末计算")


def test_findings_model_passes_qtmodeltester(qtmodeltester, gui_store) -> None:  # type: ignore[no-untyped-def]
    from app.demo import load_demo

    load_demo(gui_store)
    audit.run_audit(gui_store)
    model = FindingsModel(gui_store, page_size=7)
    qtmodeltester.check(model, force_py=True)
    model.set_filter(codes=codes_of_stage("收据→台账"), status="open", unit=None)
    qtmodeltester.check(model, force_py=True)
    seen = [model.finding_id(r) for r in range(model.rowCount())]
    assert len(seen) == len(set(seen)) == sum(audit.count_findings(gui_store, code=c, status="open")
                                              for c in codes_of_stage("收据→台账"))


def test_confirm_puts_the_finding_on_the_problem_list(qtbot, gui_store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.rectify.problems import list_problems
    from tests.ui.ui_helpers import answer_confirmations
    from ui.audit import finding_actions

    asked = answer_confirmations(monkeypatch, finding_actions)  # 确认为问题 asks once, saying what is final
    page = _page(qtbot, gui_store)
    run_from_page(qtbot, page)
    _select_code(page, "TOO_FEW_OFFICERS")
    fid = page.current_id()
    assert "执法人员" in page.detail.text() and "应为" in page.detail.text()
    qtbot.mouseClick(page.confirm_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1 and f"#{fid}" in asked[0] and "不能再排除" in asked[0]
    assert audit.get_finding(gui_store, fid)["status"] == "confirmed"
    assert page.model.index(page.table.currentIndex().row(), 1).data() == "已确认"
    assert not page.confirm_button.isEnabled() and not page.dismiss_button.isEnabled()
    assert "列入问题清单" in page.summary.text()
    assert [p["case_no"] for p in list_problems(gui_store)] == [audit.get_finding(gui_store, fid)["case_no"]]
