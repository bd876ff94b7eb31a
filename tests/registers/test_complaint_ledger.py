"""The 清零 ledger: every complaint of the period with its outcome, as Excel (read back with
calamine) and as a PDF (its text), the complainant masked unless asked."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app.registers import complaints as c
from app.registers.complaint_ledger import HEADERS, ledger, write_ledger
from tests.reports.helpers import assert_all_embedded, pdftext, sheet_rows, squeeze


def _fill(store) -> None:  # type: ignore[no-untyped-def]
    a = c.add_complaint(store, received_on=date(2023, 9, 28), channel="电话", subject="执法人员态度粗暴",
                        complainant="张三", unit="市水务局")
    c.reply_complaint(store, a["id"], on=date(2023, 10, 3), note="已受理")
    c.triage_complaint(store, a["id"], as_="受理", on=date(2023, 10, 3))
    c.close_complaint(store, a["id"], on=date(2023, 10, 20), result="已批评教育")
    b = c.add_complaint(store, received_on=date(2023, 12, 2), channel="12345转办", subject="=罚款未开票据",
                        complainant="李四", unit="区林业局")
    c.triage_complaint(store, b["id"], as_="不予受理", reason="不属于本机关职责", on=date(2023, 12, 4))
    c.add_complaint(store, received_on=date(2024, 1, 5), channel="信件", subject="次年的", complainant="王五")


def test_the_ledger_holds_the_period_with_outcomes_and_masks(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _fill(store)
    data = ledger(store, date_from=date(2023, 1, 1), date_to=date(2023, 12, 31), as_of=date(2024, 1, 10))
    assert data["title"] == "2023年投诉举报“清零行动”工作台账"
    assert data["counts"] == {"total": 2, "closed": 1, "open": 1, "overdue": 1}
    out = write_ledger(store, data, tmp_path / "台账.xlsx")
    rows = sheet_rows(out)
    assert rows[2] == list(HEADERS)
    body = rows[3:]
    assert [r[3] for r in body] == ["张某", "李某"]
    assert body[0][10] == "受理；2023-10-20 办结：已批评教育" and body[0][11] == "已办结"
    assert body[1][4] == "=罚款未开票据"  # text, never a formula
    assert body[1][7] == "逾期未回复" and body[1][10] == "不予受理（不属于本机关职责）；未办结"
    pdf = write_ledger(store, data, tmp_path / "台账.pdf")
    text = squeeze(pdftext(pdf))
    assert "2023年投诉举报“清零行动”工作台账" in text and "张某" in text and "张三" not in text
    assert "次年的" not in text and "不属于本机关职责" in text
    assert_all_embedded(pdf)


def test_the_ledger_names_the_complainant_when_asked(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _fill(store)
    data = ledger(store, unmasked=True, as_of=date(2024, 1, 10))
    assert [r[3] for r in data["rows"]] == ["张三", "李四", "王五"]
    assert [r[3] for r in sheet_rows(write_ledger(store, data, tmp_path / "全部.xlsx"))[3:]] == ["张三", "李四", "王五"]
