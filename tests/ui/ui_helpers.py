"""Small helpers shared by the GUI tests."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget


def message_boxes() -> list[QMessageBox]:
    """Visible message boxes (the program opens them non-blocking)."""
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


def visible(cls: type[QWidget]) -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, cls) and w.isVisible()]


def write_messy_ledger(path: Path, rows: list[list[object]], header: list[str] | None = None) -> Path:
    """A ledger as offices keep it: an instructions sheet first, then a data sheet with a title
    row, a unit/date line, the header on row 3, the data, and a closing 合计 row."""
    from openpyxl import Workbook

    wb = Workbook()
    notes = wb.active
    notes.title = "填表说明"
    notes["A1"] = "本表由各执法单位按月填报，金额单位为元。"
    sheet = wb.create_sheet("2019年台账")
    sheet["A1"] = "沈阳市水务局行政处罚台账（2019年度）"
    sheet.merge_cells("A1:H1")
    sheet["A2"] = "填报单位：沈阳市浑河管理处"
    sheet["F2"] = "填报日期：2020年1月6日"
    sheet.append(header or ["序号", "处罚决定书文号", "被处罚人", "违法行为", "罚款金额（元）", "决定日期",
                            "缴款日期", "票据号"])
    for row in rows:
        sheet.append(row)
    sheet.append(["合计", None, None, None, sum(r[4] for r in rows if isinstance(r[4], int | float)), None,
                  None, None])
    wb.save(path)
    return path


def ledger_rows(n: int) -> list[list[object]]:
    return [[i, f"沈浑罚字〔2019〕第{i:03d}号", f"当事人{i}", "在河道管理范围内弃置、堆放阻碍行洪的物体",
             1000 * i, f"2019年3月{i % 28 + 1}日", f"2019-04-{i % 28 + 1:02d}", f"辽财罚A{20000000 + i:08d}"]
            for i in range(1, n + 1)]


def type_text(qtbot, widget: QWidget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type like a clerk: ASCII as key presses, Chinese as the input method commits it
    (QTest cannot press keys for characters outside ASCII)."""
    from PySide6.QtGui import QInputMethodEvent

    widget.setFocus()
    run = ""
    for ch in text + "\0":
        if ch != "\0" and (ch.isascii() == (run[:1].isascii() if run else ch.isascii())):
            run += ch
            continue
        if run:
            if run.isascii():
                qtbot.keyClicks(widget, run)
            else:
                event = QInputMethodEvent()
                event.setCommitString(run)
                QApplication.sendEvent(widget, event)
        run = ch if ch != "\0" else ""


def click_check(qtbot, box: QWidget) -> None:  # type: ignore[no-untyped-def]
    """Click a check box on its indicator. Its widget's centre is not reliably on it: a layout
    stretches the box while only the indicator and text take clicks, and how far the text
    reaches depends on the font — narrower before the CJK font is installed into the
    application, which an earlier test in the same session may or may not have done."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QCheckBox, QStyle, QStyleOptionButton

    assert isinstance(box, QCheckBox)
    option = QStyleOptionButton()
    box.initStyleOption(option)
    indicator = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=indicator.center())


def answer_confirmations(monkeypatch, *modules: object, answer: bool = True) -> list[str]:  # type: ignore[no-untyped-def]
    """Replace `confirm` (ui/common/messages.py, as each module imported it) with one that
    records the question and answers `answer`; returns the questions asked, in order."""
    asked: list[str] = []

    def fake(_parent: object, question: str, _title: str = "请确认") -> bool:
        asked.append(question)
        return answer

    for module in modules:
        monkeypatch.setattr(module, "confirm", fake)
    return asked
