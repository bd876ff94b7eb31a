"""本单位规则 page: the forms store the office's rules, the summary shows them, a refused rule
stores nothing, and a change made elsewhere reaches the page through the events object."""

from __future__ import annotations

import json

from PySide6.QtWidgets import QMessageBox

from app.audit import law_settings as ls
from app.audit.law import SectorRule
from ui.audit.law_rules_page import LawRulesPage
from ui.common.events import Events


def _page(qtbot, store) -> LawRulesPage:  # type: ignore[no-untyped-def]
    events = Events()
    page = LawRulesPage(store, events=events, operator="法规处")
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    return page


def _lines(page: LawRulesPage) -> list[str]:
    return [page.summary.item(i).text() for i in range(page.summary.count())]


def test_the_forms_store_each_kind_of_rule_and_the_summary_shows_it(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, gui_store)
    assert _lines(page) == ["历史积案标准：立案后 365 日"]
    announced: list[str] = []
    page.events.changed.connect(announced.append)

    page.sector_field.setText("水利")
    page.sector_days.setValue(60)
    page.sector_from.setText("2018-01-01")
    page.sector_citation.setText("《某办法》第三十条")
    assert page.add_sector_rule()
    page.threshold_person.setText("5,000")
    page.threshold_org.setText("50000")
    page.threshold_from.setText("2017年1月1日")
    assert page.set_threshold()
    page.catalogue_kinds.setText("吊销许可证、责令停产停业")
    page.catalogue_from.setText("2020-01-01")
    page.catalogue_hearing.setChecked(True)
    assert page.set_catalogue()
    page.backlog_days.setValue(730)
    assert page.save_backlog()

    rules = ls.get_office_rules(gui_store)
    assert [r.citation for r in rules.sector_rules] == ["《某办法》第三十条"] and rules.sector_rules[0].period == 60
    assert rules.hearing_thresholds[0].person_fen == 500_000
    assert rules.review_catalogues[0].penalty_kinds == ("吊销许可证件", "责令停产停业")
    assert rules.backlog_days == 730
    assert announced == ["settings"] * 4
    lines = _lines(page)
    assert lines[0] == "历史积案标准：立案后 730 日"
    assert any(line.startswith("规章期限：办案期限（水利）60日") for line in lines)
    assert json.loads(page.document.toPlainText())["backlog_days"] == 730


def test_a_refused_rule_stores_nothing_and_says_why(qtbot, gui_store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    monkeypatch.setattr("ui.audit.law_rules_page.show_user_error", lambda parent, exc: shown.append(exc.message))
    page = _page(qtbot, gui_store)
    page.sector_from.setText("2018-01-01")
    assert not page.add_sector_rule()  # no citation
    assert "引用依据" in shown[-1]
    page.catalogue_from.setText("2020-01-01")
    page.catalogue_kinds.setText("罚没")
    assert not page.set_catalogue()
    assert "罚没" in shown[-1]
    page.document.setPlainText("{not json")
    assert not page.save_document()
    assert "JSON" in shown[-1]
    assert ls.get_office_rules(gui_store).to_json() == ls.OfficeRules().to_json()
    assert not [w for w in page.findChildren(QMessageBox) if w.isVisible()]


def test_a_change_made_elsewhere_refreshes_the_page(qtbot, gui_store) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, gui_store)
    from datetime import date

    ls.add_sector_rule(gui_store, SectorRule("service_of_decision", "", 5, "working", date(2020, 1, 1), "《某规定》第九条"))
    assert not any("送达期限" in line for line in _lines(page))
    page.events.announce("settings")
    assert any(line.startswith("规章期限：送达期限（全部领域）5个工作日") for line in _lines(page))
