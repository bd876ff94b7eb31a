"""Font choice (bundled / Windows / forced) and the CJK line breaking of table cells."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.errors import UserError
from app.reports import fonts
from app.reports.fonts import bundled_font, report_fonts, use_font_file
from app.reports.pdf_base import NO_LINE_END, NO_LINE_START, CharWidths, wrap_lines


def test_bundled_font_off_windows() -> None:
    f = report_fonts()
    assert f.body_file == bundled_font() and f.body_file.name == "wqy-microhei.ttc"
    assert "STSong" not in f.body and "STSong" not in f.title


def test_windows_prefers_fangsong_and_heiti(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A Windows font folder (here: the bundled TTC under the Windows names) is preferred."""
    for name in ("simfang.ttf", "simhei.ttf"):
        (tmp_path / name).write_bytes(bundled_font().read_bytes())
    monkeypatch.setattr(fonts, "windows_fonts_dir", lambda: tmp_path)
    f = report_fonts()
    assert f.body_file == tmp_path / "simfang.ttf" and f.title_file == tmp_path / "simhei.ttf"
    (tmp_path / "simfang.ttf").unlink()
    (tmp_path / "simsun.ttc").write_bytes(bundled_font().read_bytes())
    f = report_fonts()
    assert f.body_file == tmp_path / "simsun.ttc" and f.title_file == tmp_path / "simhei.ttf"


def test_forced_font_file(tmp_path: Path) -> None:
    copy = tmp_path / "my.ttc"
    copy.write_bytes(bundled_font().read_bytes())
    try:
        use_font_file(copy)
        assert report_fonts().body_file == copy
    finally:
        use_font_file(None)
    assert report_fonts().body_file == bundled_font()
    bad = tmp_path / "bad.ttf"
    bad.write_bytes(b"not a font")
    with pytest.raises(UserError, match="无法嵌入"):
        use_font_file(bad)
    with pytest.raises(UserError, match="找不到"):
        use_font_file(tmp_path / "missing.ttf")
    assert report_fonts().body_file == bundled_font()


@pytest.fixture
def widths() -> CharWidths:
    return CharWidths(report_fonts().body, 10.5)


def test_lines_fit_and_keep_every_character(widths: CharWidths) -> None:
    text = "收据未入台账：收据 辽财罚A10000004 金额 56,000.00 元，台账中没有对应登记。（案号：沈节水罚字〔2017〕第2号）"
    for width in range(40, 400, 9):
        lines = wrap_lines(text, widths, width)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")  # only spaces at breaks go
        assert not any(line.startswith(" ") or line.endswith(" ") for line in lines)
        for line in lines:  # a closing mark may hang past the edge (标点悬挂), nothing else
            body = line[:-1] if line and line[-1] in NO_LINE_START else line
            assert len(body) <= 1 or sum(widths(c) for c in body) <= width + 0.01, (width, line)


def test_no_line_starts_with_closing_or_ends_with_opening_punctuation(widths: CharWidths) -> None:
    text = "执法人员无有效执法证：案卷（沈浑罚字〔2017〕第003号），执法人员冯俊强(21010219008)：执法证状态为「暂扣」。" * 3
    for width in range(60, 300, 5):
        lines = wrap_lines(text, widths, width)
        assert not any(line[0] in NO_LINE_START for line in lines[1:] if line), (width, lines)
        assert not any(line[-1] in NO_LINE_END for line in lines[:-1] if line), (width, lines)


def test_numbers_and_latin_words_stay_whole(widths: CharWidths) -> None:
    text = "罚款金额 56,000.00 元，收据 A10000004 号"
    for width in range(70, 200, 3):
        lines = wrap_lines(text, widths, width)
        joined = "|".join(lines)
        assert "56,000.00" in joined and "A10000004" in joined, (width, lines)


def test_line_breaks_in_the_text_are_kept(widths: CharWidths) -> None:
    assert wrap_lines("第一行\n第二行", widths, 300) == ["第一行", "第二行"]
    assert wrap_lines("", widths, 100) == [""]
