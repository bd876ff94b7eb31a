"""The campaign's forms, documents and registers as a user runs them: the 附件3 统计表 read back,
per-unit and per-field lists, letters numbered from the office's sequence, a unit's own Excel
问题清单 and 统计表 imported and counted, 一票否决 printed in the unit's summary."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from tests.cli.helpers import CliResult, run_cli
from tests.reports.conftest import _build
from tests.reports.helpers import assert_all_embedded, pdfraw, sheet_rows, squeeze

B_COLUMNS = ["整治重点", "选择性执法问题", "随意性执法问题", "机械式执法问题", "逐利性执法问题", "回应群众诉求方面"]
LABELS = ["发现问题数", "整改问题数", "处理人数", "党纪政务处分人数", "备注"]


@pytest.fixture
def rdb(store_location: str, tmp_path: Path) -> str:
    """The reports' store (demo data, campaign B, the audit, problems with measures and dispositions),
    built per test on either engine (a file or a PostgreSQL database)."""
    evidence = tmp_path / "整改佐证.pdf"
    evidence.write_bytes("%PDF-1.4 台账补录情况说明\n".encode() * 20)
    _build(store_location, evidence)  # type: ignore[arg-type]  # open_store takes a path or a URL
    return store_location


def run(db: str | Path, *args: str) -> CliResult:
    return run_cli("--db", db, *args)


def ok(db: str | Path, *args: str) -> Any:
    r = run(db, *args)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout) if "--json" in args else r.stdout


def refused(db: str | Path, *args: str) -> str:
    r = run(db, *args)
    assert r.returncode == 2, (r.stdout, r.stderr)
    return r.stderr


def stats_of(folder: Path) -> list[list[Any]]:
    return sheet_rows(folder / "统计表.xlsx")


def test_the_statistics_form_has_the_categories_as_columns_and_adds_up(rdb: str, tmp_path: Path) -> None:
    ok(rdb, "forms", "--out", str(tmp_path / "f"), "--as-of", "2024-09-10", "--json")
    rows = stats_of(tmp_path / "f")
    assert rows[2] == B_COLUMNS and [r[0] for r in rows[3:]] == LABELS
    problems = ok(rdb, "problems", "--json")
    found = {c: sum(p["category"] == c for p in problems) for c in B_COLUMNS[1:]}
    found["机械式执法问题"] = sum(p["category"] == "机械性执法问题" for p in problems)
    assert dict(zip(B_COLUMNS[1:], rows[3][1:], strict=True)) == found and sum(rows[3][1:]) == len(problems)
    assert sum(rows[4][1:]) == sum(p["status"] == "已销号" for p in problems)
    ok(rdb, "forms", "--out", str(tmp_path / "t"), "--total", "--json")
    assert stats_of(tmp_path / "t")[2][-1] == "合计" and stats_of(tmp_path / "t")[3][-1] == len(problems)


def test_one_list_per_unit_and_per_field(rdb: str, tmp_path: Path) -> None:
    problems = ok(rdb, "problems", "--json")
    unit = "沈阳市浑河管理处"
    ok(rdb, "forms", "--out", str(tmp_path / "u"), "--unit", unit, "--json")
    rows = sheet_rows(tmp_path / "u" / "问题清单.xlsx")
    assert rows[1][0].startswith(f"填报单位：{unit}（盖章）")
    assert len(rows) - 4 == sum(p["unit"] == unit for p in problems) > 0
    ok(rdb, "forms", "--out", str(tmp_path / "fld"), "--field", "河道管理", "--json")
    rows = sheet_rows(tmp_path / "fld" / "问题清单.xlsx")
    assert rows[0][0] == "行政执法乱象专项整治河道管理执法领域问题清单" and len(rows) - 4 == sum(
        p["unit"] == unit for p in problems)
    assert "没有执法领域为「殡葬」的单位" in refused(rdb, "forms", "--out", str(tmp_path / "x"), "--field", "殡葬")


def test_letters_from_dispositions_numbered_from_the_office_sequence(rdb: str, tmp_path: Path) -> None:
    problems = ok(rdb, "problems", "--json")
    unit = problems[3]["unit"]
    pid = next(p["id"] for p in problems if p["unit"] == unit)
    refused(rdb, "documents", "issue", "监督函", "--unit", unit, "--out", str(tmp_path / "none.pdf"))
    ok(rdb, "dispose", str(pid), "--kind", "行政执法监督函", "--on", "2024-09-10")
    ok(rdb, "dispose", str(pid), "--kind", "行政执法监督建议书", "--on", "2024-09-10")
    ok(rdb, "dispose", str(problems[5]["id"]), "--kind", "严肃查处", "--referral", "纪检监察机关", "--people", "1")
    ok(rdb, "typical", "add", "--title", "某单位违规收取罚款未入账", "--summary", "收据未入台账，票据号码不连续。",
       "--handling", "责令补录台账，对责任人诫勉谈话。", "--problem", str(problems[5]["id"]), "--json")
    ok(rdb, "documents", "addressee", "--set", "县专项整治办", "--json")
    issued = []
    for kind, extra in (("监督函", ["--unit", unit]), ("监督建议书", ["--unit", unit]),
                        ("移送函", ["--to", "纪检监察机关"]), ("通报", [])):
        out = tmp_path / f"{kind}.pdf"
        record = ok(rdb, "documents", "issue", kind, "--out", str(out), "--as-of", "2024-09-12", *extra, "--json")
        assert_all_embedded(out)
        flat = squeeze(pdfraw(out))
        assert record["doc_no"] in flat and "沈阳市水务局文件" in flat and "— 1 —" in pdfraw(out)
        issued.append(record["doc_no"])
        if kind == "移送函":
            assert "纪检监察机关：" in flat and "附件：问题线索清单" in flat
            assert squeeze(problems[5]["manifestation"]) in flat
        if kind == "通报":
            assert "某单位违规收取罚款未入账" in flat and "各行政执法单位：" in flat
        if kind == "监督函":
            assert f"{unit}：" in flat and "监督函" in flat
    assert issued == [f"沈水依法办发〔2024〕{n}号" for n in range(1, 5)]
    listed = ok(rdb, "documents", "list", "--json")
    assert [d["doc_no"] for d in listed] == issued
    shown = ok(rdb, "problems", "show", str(pid), "--json")
    assert {d["kind"]: d["document_id"] for d in shown["dispositions"]} == {"行政执法监督函": listed[0]["id"],
                                                                            "行政执法监督建议书": listed[1]["id"]}
    # the dispositions were sent: a second letter has nothing to carry
    refused(rdb, "documents", "issue", "监督函", "--unit", unit, "--out", str(tmp_path / "again.pdf"))
    report = ok(rdb, "report", "rectification", "--out", str(tmp_path / "r.pdf"), "--as-of", "2024-09-12", "--json")
    assert report["doc_no"] == "沈水依法办发〔2024〕5号"
    flat = squeeze(pdfraw(tmp_path / "r.pdf"))
    assert "县专项整治办：" in flat and "三、典型案例（1起）（一）某单位违规收取罚款未入账。" in flat
    assert "四、下一步工作" in flat


def _unit_list(path: Path) -> Path:
    """A unit's 问题清单 as it comes back by e-mail: the 附件2 layout, a category written once."""
    wb = Workbook()
    ws = wb.active
    ws.append(["行政执法乱象专项整治问题清单"])
    ws.append(["填报单位：县林业局（盖章）", "", "负责人：（签字）", "", "填报时间：2021年9月9日"])
    ws.append(["序号", "问题类别", "具体表现", "整治措施", "责任部门"])
    ws.append([1, "选择性执法问题", "林地案件同案异罚", "统一裁量基准", "法制股"])
    ws.append([2, None, "有案不立两起", "补立案件", "执法大队"])
    ws.append([3, "机械式执法问题", "以罚代管", "加强巡查", "执法大队"])
    ws.append(["..", "逐利性执法问题", None, None, None])
    ws.append(["备注", "要求每一个具体问题分栏填写，表述简洁明了。"])
    wb.save(path)
    return path


def _unit_stats(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["行政执法乱象专项整治情况统计表"])
    ws.append(["填报单位：县统计局（盖章）"])
    ws.append(B_COLUMNS)
    ws.append(["发现问题数", 0, 2, 0, 1, 0])
    ws.append(["整改问题数", 0, 2, 0, 0, 0])
    ws.append(["处理人数", 0, 1, 0, 0, 0])
    ws.append(["党纪政务处分人数", 0, 0, 0, 0, 0])
    ws.append(["备注", "", "", "", "", ""])
    wb.save(path)
    return path


def test_units_excel_lists_and_statistics_are_imported_and_counted(rdb: str, tmp_path: Path) -> None:
    before = len(ok(rdb, "problems", "--json"))
    result = ok(rdb, "unit-report", "import", str(_unit_list(tmp_path / "林业局.xlsx")), "--unit", "县林业局", "--json")
    assert (result["kind"], result["rows"], result["already_imported"]) == ("问题清单", 3, False)
    again = ok(rdb, "unit-report", "import", str(tmp_path / "林业局.xlsx"), "--unit", "县林业局", "--json")
    assert again["already_imported"] is True
    own = ok(rdb, "problems", "--unit", "县林业局", "--json")
    assert [(p["category"], p["manifestation"], p["source"]) for p in own] == [
        ("选择性执法问题", "林地案件同案异罚", "selfcheck"), ("选择性执法问题", "有案不立两起", "selfcheck"),
        ("机械性执法问题", "以罚代管", "selfcheck")]
    ok(rdb, "unit-report", "import", str(_unit_stats(tmp_path / "统计局.xlsx")), "--unit", "县统计局", "--json")
    ok(rdb, "forms", "--out", str(tmp_path / "f"), "--json")
    assert sum(stats_of(tmp_path / "f")[3][1:]) == before + 3 + 3  # the list's 3 problems, the 统计表's 3
    compare = {r["unit"]: r for r in ok(rdb, "unit-report", "compare", "--json")}
    assert (compare["县林业局"]["self_reported"], compare["县林业局"]["office_found"]) == (3, 0)
    assert compare["县统计局"]["self_reported"] == 3 and compare["县统计局"]["reported"] == "统计表"
    audited = compare["沈阳市浑河管理处"]
    assert audited["self_reported"] == 0 and audited["office_found"] > 0 and audited["reported"] == ""
    bad = tmp_path / "bad.xlsx"
    wb = Workbook()
    wb.active.append(["序号", "问题类别", "具体表现"])
    wb.active.append([1, "乱收费问题", "收费未公示"])
    wb.save(bad)
    assert "第 2 行「问题类别」列" in refused(rdb, "unit-report", "import", str(bad), "--unit", "县财政局")


def test_a_veto_is_printed_in_the_units_summary(rdb: str, tmp_path: Path) -> None:
    unit = "沈阳市浑河管理处"
    refused(rdb, "assess", unit, "--verdict", "一票否决")  # no reason, no decision maker
    ok(rdb, "assess", unit, "--verdict", "一票否决", "--reason", "自查弄虚作假", "--decided-by", "领导小组", "--json")
    assert [a["verdict"] for a in ok(rdb, "assess", "list", "--json")] == ["一票否决"]
    ok(rdb, "forms", "--out", str(tmp_path / "u"), "--unit", unit, "--json")
    last = stats_of(tmp_path / "u")[-1]
    assert last[0] == "备注" and last[1] == "一票否决：自查弄虚作假（领导小组）"
