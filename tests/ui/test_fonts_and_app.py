"""Chinese renders without boxes; the program starts, or refuses a locked store with exit 2."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics

from app.store import open_store_for_gui
from ui import app as ui_app
from ui.common import fonts


def test_without_a_system_cjk_font_the_bundled_one_is_used(qapp) -> None:  # type: ignore[no-untyped-def]
    old = qapp.font()
    try:
        family = fonts.install_fonts(qapp, families=["DejaVu Sans", "Liberation Serif"])
        assert family is not None and "WenQuanYi" in family
        assert qapp.font().families()[0] == family
        metrics = QFontMetrics(QFont(family))
        assert all(metrics.inFontUcs4(ord(ch)) for ch in "执法案卷倒查工作台罚款金额")
    finally:
        qapp.setFont(old)


def test_a_system_cjk_font_is_recognised(qapp) -> None:  # type: ignore[no-untyped-def]
    assert fonts.find_cjk_family(["Arial", "microsoft yahei"]) == "microsoft yahei"
    assert fonts.find_cjk_family(["Arial"]) is None
    assert fonts.resources_dir().joinpath(*fonts.BUNDLED_FONT).is_file()
    assert fonts.install_fonts(qapp) is not None  # this machine: system or bundled, never none
    assert QFontDatabase.families()


def test_a_store_used_by_another_program_is_refused_with_exit_2(qapp, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "占用.sqlite"
    holder = open_store_for_gui(path)
    shown: list[str] = []
    monkeypatch.setattr(ui_app.QMessageBox, "critical", lambda _p, _t, text: shown.append(text))
    monkeypatch.setattr(ui_app.crash, "install", lambda: None)  # leave pytest-qt's hook in place
    try:
        assert ui_app.main(["--db", str(path)]) == 2
    finally:
        holder.close()
    assert shown and "另一个程序" in shown[0]
