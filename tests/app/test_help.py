"""The 使用手册 (app/help.py, resources/help/): every finding code has an entry saying what it
means and how a unit fixes it, with the rule the program applies; the workflow is all there; 关于
names the version, the store and the licences."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import __version__
from app.audit.codes import CODES
from app.errors import UserError
from app.help import about_markdown, code_help, code_markdown, documented_codes, licence_files, manual_topics


def test_every_code_in_codes_has_an_entry() -> None:
    missing = sorted(set(CODES) - documented_codes())
    assert not missing, f"codes without a help entry: {missing}"
    assert documented_codes() <= set(CODES), "an entry for a code the program does not have"


@pytest.mark.parametrize("code", sorted(CODES))
def test_an_entry_has_meaning_rule_and_fix(code: str) -> None:
    h = code_help(code)
    assert h.meaning and h.fix and h.rule == CODES[code][2]
    text = code_markdown(code)
    assert CODES[code][1] in text and h.rule in text and "如何整改" in text


def test_the_manual_covers_the_campaign_workflow() -> None:
    titles = [t.title for t in manual_topics()]
    assert titles[0] == "工作流程"
    workflow = manual_topics()[0].markdown
    assert "专项活动 → 导入 → 倒查 → 抽查/评查 → 问题整改 → 报告 → 上报" in workflow
    for chapter in ("专项活动", "导入", "倒查", "抽查与评查", "问题整改", "报告", "上报", "问题类型说明"):
        assert chapter in titles
    assert all(code in manual_topics()[-1].markdown for code in CODES)


def test_about_names_version_store_and_licences(tmp_path: Path) -> None:
    text = about_markdown(tmp_path / "案卷库.sqlite")
    assert __version__ in text and str(tmp_path / "案卷库.sqlite") in text
    assert "LGPL" in text and "ReportLab" in text and "BSD" in text
    files = licence_files()
    assert files and all(p.name in text for p in files)


def test_an_unknown_code_is_refused() -> None:
    with pytest.raises(UserError):
        code_help("NOT_A_CODE")
