"""The registers reach the bureau: data.json's `registers` (complaints with the complainant
masked unless the package is unmasked, visits' satisfaction, questionnaires' counts), and the
首页 counts the overdue complaints; `log verify` still holds after the registers' writes."""

from __future__ import annotations

from datetime import date

from app.campaigns.dashboard import dashboard
from app.exchange.data import gather_data
from app.registers.complaints import add_complaint
from app.registers.surveys import create_survey
from db import changelog


def test_data_json_and_the_dashboard_carry_the_registers(store) -> None:  # type: ignore[no-untyped-def]
    add_complaint(store, received_on=date(2023, 9, 28), channel="电话", subject="态度粗暴", complainant="张三",
                  contact="身份证 210102199001011234")
    create_survey(store, {"title": "问卷", "audience": "社会公众",
                          "questions": [{"text": "满意吗", "kind": "单选", "options": ["是", "否"]}]})
    data = gather_data(store, as_of=date(2023, 10, 6))
    reg = data["registers"]
    assert (reg["complaints"]["total"], reg["complaints"]["overdue"], reg["complaints"]["closed"]) == (1, 1, 0)
    assert reg["complaints"]["items"][0]["complainant"] == "张某" and "contact" not in reg["complaints"]["items"][0]
    assert reg["surveys"] == [{"id": 1, "title": "问卷", "audience": "社会公众", "responses": 0}]
    assert reg["visits"]["total"]["drawn"] == 0
    unmasked = gather_data(store, as_of=date(2023, 10, 6), unmasked=True)
    assert unmasked["registers"]["complaints"]["items"][0]["complainant"] == "张三"
    assert dashboard(store, as_of=date(2023, 10, 5)).complaints_overdue == 0
    assert dashboard(store, as_of=date(2023, 10, 6)).complaints_overdue == 1
    with store.session() as s:
        assert changelog.first_bad_entry(s) is None
