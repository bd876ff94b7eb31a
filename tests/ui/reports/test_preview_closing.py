"""The preview's page rendering stopped by the window closing (cancel_all) is not an error to
show: there is nobody to tell and, once the preview is deleted, no widget to tell it on."""

from __future__ import annotations

from pathlib import Path

from app.errors import Cancelled, UserError
from tests.reports.factories import many
from ui.reports.preview_dialog import PreviewDialog, show_preview


def test_a_cancelled_render_is_handled_quietly(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from app.reports import render_rectification_report

    pdf = render_rectification_report(many(3), tmp_path / "r.pdf")
    dialog = show_preview(pdf, None, "整改报告")
    qtbot.addWidget(dialog)
    preview = dialog.preview
    qtbot.waitUntil(lambda: preview.render_task is not None, timeout=5_000)
    handler = preview.render_task.on_failure
    assert handler is not None
    assert handler(Cancelled("已取消。")) is True
    assert handler(UserError("无法读取 PDF")) is False  # a real failure is still shown
    qtbot.waitUntil(lambda: 0 in preview.rendered_pages(), timeout=10_000)
    # a second file shows in the same window
    other = render_rectification_report(many(5), tmp_path / "r5.pdf")
    again = show_preview(other, None, "另一份", reuse=dialog)
    assert again is dialog and isinstance(again, PreviewDialog) and preview.path == other
    assert dialog.windowTitle() == "另一份"
    qtbot.waitUntil(lambda: 0 in preview.rendered_pages(), timeout=10_000)
