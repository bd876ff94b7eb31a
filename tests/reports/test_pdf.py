"""The PDF reports from plain data, read back with pypdfium2 (text, pages) and pypdf (fonts)."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest

from app.errors import Cancelled, UserError
from app.reports import render_notice, render_problem_list, render_rectification_report, render_review_sheet
from tests.reports.factories import CATEGORIES, TEXTS, many, problem, report_data
from tests.reports.helpers import assert_all_embedded, page_texts, pdfpages, pdfraw, pdftext, squeeze


def footers_ok(path: Path) -> int:
    pages = page_texts(path)
    n = len(pages)
    for i, text in enumerate(pages, start=1):
        assert f"第 {i} 页 共 {n} 页" in text, (i, text[-200:])
    return n


def folios_ok(path: Path) -> int:
    """GB/T 9704 page numbers: — 1 —, — 2 — … on every page of an issued document."""
    pages = page_texts(path)
    for i, text in enumerate(pages, start=1):
        assert f"— {i} —" in text, (i, text[-200:])
    return len(pages)


def test_rectification_report_text_fonts_and_page_numbers(tmp_path: Path) -> None:
    data = many(40)
    out = render_rectification_report(data, tmp_path / "整改报告.pdf")
    assert_all_embedded(out)
    text = pdftext(out)
    flat = squeeze(pdfraw(out))
    assert "沈阳市水务局关于行政执法乱象专项整治整改情况的报告" in flat
    assert "沈水发〔2024〕5号" in flat and "签发人：李局长" in flat and "攸纪发〔2021〕3号" in flat
    assert "县专项整治办：" in flat  # 主送机关 (without a campaign addressee: the plan's issuing body)
    assert "共发现问题40个，已整改销号13个，正在整改14个，尚未整改13个，其中逾期未完成" in flat
    assert "主要负责人（签字）" in text and flat.endswith("沈阳市水务局2024年9月10日")
    for p in data["problems"]:
        assert squeeze(p["manifestation"]) in flat, p["id"]
    for n, cat in enumerate(CATEGORIES):
        assert f"（{'一二三四'[n]}）{cat}（10个）" in flat
    assert "序号具体表现整治措施责任部门状态" in flat
    assert "整治重点选择性执法问题随意性执法问题机械式执法问题逐利性执法问题发现问题数" in flat  # 附件3 layout
    assert folios_ok(out) >= 3


def test_signature_block_never_alone_on_the_last_page(tmp_path: Path) -> None:
    for n in (1, 7, 12, 25):
        out = render_rectification_report(many(n), tmp_path / f"r{n}.pdf")
        last = squeeze(page_texts(out)[-1])
        assert "主要负责人（签字）" in last and "沈阳市水务局2024年9月10日" in last
        assert "下一步工作" in last


def test_empty_category_says_so(tmp_path: Path) -> None:
    out = render_rectification_report(report_data([problem(1, category=CATEGORIES[0])]), tmp_path / "r.pdf")
    flat = squeeze(pdfraw(out))
    assert "（二）随意性执法问题（0个）本类别未发现问题。" in flat


def test_without_campaign_or_prefix(tmp_path: Path) -> None:
    data = report_data([problem(1)], campaign=False)
    data["office"]["doc_prefix"] = ""
    flat = squeeze(pdfraw(render_rectification_report(data, tmp_path / "r.pdf")))
    assert "沈阳市水务局关于专项整治整改情况的报告" in flat and "根据专项整治工作部署要求" in flat


def test_1000_problems_page_count_order_and_progress(tmp_path: Path) -> None:
    calls: list[tuple[int, int, str]] = []
    out = render_rectification_report(many(1000), tmp_path / "big.pdf",
                                      progress=lambda d, t, label: calls.append((d, t, label)))
    pages = pdfpages(out)
    small = pdfpages(render_rectification_report(many(100), tmp_path / "small.pdf"))
    assert 60 <= pages <= 200, pages
    assert 6 * small <= pages <= 12 * small, (small, pages)
    assert folios_ok(out) == pages
    assert calls and all(0 <= d <= t for d, t, _ in calls) and calls[-1][0] == calls[-1][1]
    assert {"整理问题", "排版"} <= {label for _, _, label in calls}


def test_cancel_leaves_no_file(tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    out.write_bytes(b"the previous report")
    pages = []

    def cancel() -> bool:
        return len(pages) >= 3

    with pytest.raises(Cancelled):
        render_rectification_report(many(300), out, cancel=cancel, progress=lambda d, t, s: pages.append(d))
    assert out.read_bytes() == b"the previous report"
    assert [p.name for p in tmp_path.iterdir()] == ["r.pdf"]


def test_unwritable_output_is_a_user_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(UserError):
        render_rectification_report(many(2), blocker / "r.pdf")
    with pytest.raises(UserError, match="文件夹"):
        render_rectification_report(many(2), tmp_path)


def test_problem_list_form(tmp_path: Path) -> None:
    data = many(60)
    out = render_problem_list(data, tmp_path / "问题清单.pdf")
    assert_all_embedded(out)
    pages = page_texts(out)
    assert len(pages) >= 3
    for text in pages:  # the table header repeats on every page
        assert "序号问题类别具体表现整治措施责任部门" in squeeze(text)
    first = squeeze(pages[0])
    assert "行政执法乱象专项整治问题清单" in first
    assert "填报单位：沈阳市水务局（盖章）" in first and "负责人：（签字）" in first and "填报时间：2024年9月10日" in first
    assert "要求每一个具体问题分栏填写，表述简洁明了。" in squeeze(pdfraw(out))  # the 备注 row of 附件2
    flat = squeeze(pdfraw(out))
    assert all(squeeze(p["manifestation"]) in flat for p in data["problems"])
    footers_ok(out)


def test_very_long_text_is_split_over_pages_not_lost(tmp_path: Path) -> None:
    long_text = "".join(f"第{i}段：{TEXTS[i % 4]}。" for i in range(120))
    tall = problem(1, manifestation=long_text, measure="", dept="", unit="")
    out = render_problem_list(report_data([tall, problem(2)]), tmp_path / "l.pdf")
    assert pdfpages(out) >= 3
    assert "第0段" in squeeze(page_texts(out)[0])  # the tall row starts on page 1, not pushed off it
    raw = [line for line in pdfraw(out).splitlines()
           if not re.fullmatch(r"第 \d+ 页 共 \d+ 页|序号 问题类别 具体表现 整治措施 责任部门|1 随意性执法问题|备注 要求.*",
                               line.strip("\f"))]
    assert squeeze(long_text) in squeeze("".join(raw))


def test_markup_and_control_characters_in_user_text(tmp_path: Path) -> None:
    data = report_data([problem(1, manifestation="<b>未送达</b> & 票据\x01缺号", measure="补正<br/>文书")])
    data["office"]["office_name"] = "水务局<script>"
    flat = squeeze(pdfraw(render_rectification_report(data, tmp_path / "r.pdf")))
    assert "<b>未送达</b>&票据缺号" in flat and "补正<br/>文书" in flat and "水务局<script>" in flat


def review_data() -> dict:
    items = [{"item_no": 1, "section": "否决项", "text": "主体不合法", "veto": True, "status": "ok", "note": "",
              "deduct": 0},
             {"item_no": 2, "section": "随意性执法", "text": "执法文书制作不规范", "veto": False, "status": "problem",
              "note": "处罚决定书未载明救济途径", "deduct": 5},
             {"item_no": 3, "section": "随意性执法", "text": "辅助人员滥执法", "veto": False, "status": "na",
              "note": "", "deduct": 0}]
    return {"office": {"office_name": "沈阳市水务局"}, "as_of": date(2024, 9, 10),
            "case": {"case_no": "沈浑罚字〔2019〕第12号", "unit": "沈阳市浑河管理处", "cause": "未经许可在河道管理范围内采砂",
                     "party": "辽中盛兴房地产开发工程队", "filed_on": date(2019, 3, 1), "decided_on": date(2019, 4, 2),
                     "fine_fen": 5_600_000, "penalty": "罚款", "legal_basis": "《中华人民共和国水法》第七十二条",
                     "officers": [{"name": "万浩娜", "cert_no": "21010319006"}, {"name": "朱霞", "cert_no": ""}]},
            "review": {"kind": "consensus", "score": 95, "grade": "优秀", "vetoed": False,
                       "submitted_at": datetime(2024, 9, 9, 10, 0), "items": items},
            "reviewers": ["王维维", "刘志国"]}


def test_case_review_sheet(tmp_path: Path) -> None:
    out = render_review_sheet(review_data(), tmp_path / "评查表.pdf")
    assert_all_embedded(out)
    flat = squeeze(pdfraw(out))
    assert "行政执法案卷评查表" in flat and "沈浑罚字〔2019〕第12号" in flat and "56,000.00元" in flat
    assert "万浩娜（21010319006）、朱霞" in flat and "2019年3月1日" in flat
    assert "主体不合法（否决项）无问题" in flat
    assert "执法文书制作不规范有问题5处罚决定书未载明救济途径" in flat
    assert "辅助人员滥执法不适用" in flat
    assert "得分95分，等次：优秀" in flat and "背靠背评查（合议）" in flat
    assert "评查人（签字）：＿＿＿＿＿（王维维）" in flat and "（刘志国）" in flat and "复核人（签字）" in flat
    footers_ok(out)


def test_rectification_notice(tmp_path: Path) -> None:
    data = report_data([problem(1, immediate=True), problem(2, immediate=False, deadline=date(2024, 10, 15)),
                        problem(3, immediate=False, measure="", deadline=None)])
    data["unit"] = "沈阳市浑河管理处"
    out = render_notice(data, tmp_path / "通知书.pdf")
    assert_all_embedded(out)
    text = pdftext(out)
    flat = squeeze(pdfraw(out))
    assert "整改通知书" in flat and "沈阳市浑河管理处：" in flat
    assert "存在以下3个问题（其中立行立改1个）" in flat
    assert "立行立改" in flat and "2024年10月15日前" in flat and "收到通知之日起30日内" in flat
    assert "沈浑罚字〔2019〕第2号" in flat and "查明原因，逐项整改" in flat
    assert "沈水发〔2024〕5号" in flat and "沈阳市水务局2024年9月10日" in flat and "签收单位（盖章）" in flat
    assert "— 1 —" in text
