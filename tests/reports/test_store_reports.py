"""Forms and reports gathered from a store built through the real services."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from app.errors import UserError
from app.rectify import service as rectify
from app.reports import (
    case_review_sheet,
    problem_list_pdf,
    rectification_notice,
    rectification_report,
    write_forms,
)
from app.reports.data import gather
from app.reports.docnumbers import list_documents
from app.reports.stats_layout import form_name
from app.store import Store
from tests.reports.conftest import AS_OF
from tests.reports.factories import FORMULA
from tests.reports.helpers import assert_all_embedded, page_texts, pdfraw, pdftext, sheet_rows, squeeze


def test_gather_follows_the_services(rstore: Store) -> None:
    data = gather(rstore, as_of=AS_OF, details=True)
    problems = rectify.list_problems(rstore, as_of=AS_OF)
    assert sorted(p["id"] for p in data["problems"]) == sorted(p["id"] for p in problems)
    assert data["office"]["office_name"] == "沈阳市水务局" and data["campaign"]["doc_no"] == "攸纪发〔2021〕3号"
    stats = rectify.statistics(rstore)
    assert [r["category"] for r in data["statistics"]["rows"]] == [r["category"] for r in stats["rows"]]
    assert data["statistics"]["total"] == {k: stats["total"][k] for k in data["statistics"]["total"]}
    closed = [p for p in data["problems"] if p["status"] == "已销号"]
    assert len(closed) == 1 and closed[0]["close_evidence"][0]["file_name"] == "整改佐证.pdf"
    assert closed[0]["progress"][0]["note"] == "已补登入台账"


def test_forms_from_the_store(rstore: Store, tmp_path: Path) -> None:
    problems = rectify.list_problems(rstore, as_of=AS_OF)
    paths = write_forms(rstore, tmp_path / "forms", as_of=AS_OF)
    for path in paths[:3]:
        rows = sheet_rows(path)
        notes = 1 if path.name == "问题清单.xlsx" else 0  # 附件2's 备注 row
        assert len(rows) - 3 - notes == len(problems), path.name
        assert "填报单位：沈阳市水务局（盖章）" in rows[1][0]
    listed = sheet_rows(paths[0])[3:-1]
    assert sorted(r[2] for r in listed) == sorted(p["manifestation"] for p in problems)
    stats = rectify.statistics(rstore)
    srows = sheet_rows(paths[3])
    assert srows[2][1:] == [form_name(r["category"]) for r in stats["rows"]]
    assert [r[0] for r in srows[3:]] == ["发现问题数", "整改问题数", "处理人数", "党纪政务处分人数", "备注"]
    sums = [sum(r[1:]) for r in srows[3:7]]
    assert sums == [stats["total"][k] for k in ("found", "rectified", "people_handled", "sanctions")]
    assert sums[0] == len(problems) and sums[1:] == [1, 2, 1]
    closing = [r for r in sheet_rows(paths[2])[3:] if r[8] == "刘彦"]
    assert len(closing) == 1 and closing[0][7].startswith("整改佐证.pdf（SHA-256 ") and closing[0][5] == "已销号"
    ledger = {r[3]: r for r in sheet_rows(paths[1])[3:]}
    assert ledger[FORMULA][6] == "立行立改" and ledger[FORMULA][9] == "整改中（逾期）"
    assert ledger["重新组织听证"][7] == "2024年12月31日\n10月底前完成听证"
    for path in paths[:3]:  # the measure =HYPERLINK(...) stays text
        ws = openpyxl.load_workbook(path).active
        cells = [c for row in ws.iter_rows() for c in row if c.value == FORMULA]
        assert cells and all(c.data_type == "s" for c in cells), path.name


def test_rectification_report_from_the_store(rstore: Store, tmp_path: Path) -> None:
    out = rectification_report(rstore, tmp_path / "整改报告.pdf", as_of=AS_OF)
    assert_all_embedded(out)
    text, flat = pdftext(out), squeeze(pdfraw(out))
    problems = rectify.list_problems(rstore, as_of=AS_OF)
    # the number comes from the office's own sequence, never blank; the same report again keeps it
    assert "沈阳市水务局关于行政执法乱象专项整治整改情况的报告" in flat and "沈水依法办发〔2024〕1号" in flat
    assert f"共发现问题{len(problems)}个，已整改销号1个" in flat and "处理2人，给予党纪政务处分1人" in flat
    assert all(squeeze(p["manifestation"]) in flat for p in problems)
    assert "主要负责人（签字）" in text and "— 1 —" in text
    rectification_report(rstore, tmp_path / "again.pdf", as_of=AS_OF)
    assert "沈水依法办发〔2024〕1号" in squeeze(pdfraw(tmp_path / "again.pdf"))
    rectification_report(rstore, tmp_path / "next.pdf", as_of=date(2024, 9, 30))
    assert "沈水依法办发〔2024〕2号" in squeeze(pdfraw(tmp_path / "next.pdf"))
    docs = list_documents(rstore)
    assert [(d["kind"], d["doc_no"]) for d in docs] == [("整改报告", "沈水依法办发〔2024〕1号"),
                                                      ("整改报告", "沈水依法办发〔2024〕2号")]
    assert docs[0]["sha256"] == hashlib.sha256((tmp_path / "again.pdf").read_bytes()).hexdigest()


def test_problem_list_pdf_from_the_store(rstore: Store, tmp_path: Path) -> None:
    out = problem_list_pdf(rstore, tmp_path / "问题清单.pdf", as_of=AS_OF)
    assert_all_embedded(out)
    pages = page_texts(out)
    assert all("序号问题类别具体表现整治措施责任部门" in squeeze(t) for t in pages)
    flat = squeeze(pdfraw(out))
    assert all(squeeze(p["manifestation"]) in flat for p in rectify.list_problems(rstore))


def test_case_review_sheet_from_the_store(rstore: Store, rinfo: dict, tmp_path: Path) -> None:
    out = case_review_sheet(rstore, rinfo["reviewed_case"], tmp_path / "评查表.pdf")
    assert_all_embedded(out)
    flat = squeeze(pdfraw(out))
    assert "执法人员无资格（否决项）有问题5处罚决定书未载明救济途径" in flat or "处罚决定书未载明救济途径" in flat
    assert "评查人（签字）：＿＿＿＿＿（王维维）" in flat and "等次：" in flat


def test_case_without_a_review_is_refused(rstore: Store, rinfo: dict, tmp_path: Path) -> None:
    other = next(p["case_no"] for p in rectify.list_problems(rstore)
                 if p["case_no"] and p["case_no"] != rinfo["reviewed_case"])
    with pytest.raises(UserError, match="还没有定稿的评查"):
        case_review_sheet(rstore, other, tmp_path / "x.pdf")
    with pytest.raises(UserError, match="找不到"):
        case_review_sheet(rstore, "不存在的案号〔2019〕1号", tmp_path / "x.pdf")
    assert [p.name for p in tmp_path.iterdir()] == ["store"]  # no report, no temp file


def test_notice_lists_the_units_open_problems(rstore: Store, tmp_path: Path) -> None:
    problems = rectify.list_problems(rstore)
    unit = max({p["unit"] for p in problems if p["unit"]}, key=lambda u: sum(p["unit"] == u for p in problems))
    out = rectification_notice(rstore, unit, tmp_path / "通知书.pdf", as_of=AS_OF)
    assert_all_embedded(out)
    flat = squeeze(pdfraw(out))
    mine = [p for p in problems if p["unit"] == unit and p["status"] != "已销号"]
    assert f"{unit}：" in flat and f"存在以下{len(mine)}个问题" in flat
    assert all(squeeze(p["manifestation"]) in flat for p in mine)
    others = [p for p in problems if p["unit"] != unit]
    assert not any(squeeze(p["manifestation"]) in flat for p in others if p["manifestation"] not in
                   {m["manifestation"] for m in mine})
    with pytest.raises(UserError, match="没有尚未销号的问题"):
        rectification_notice(rstore, "没有这个单位", tmp_path / "n.pdf")
