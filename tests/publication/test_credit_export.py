"""`publication export --format credit` (issue 11 point 10): the 2021 双公示 30 columns exactly,
opened back with python-calamine; amounts in 万元 equal fen / 1,000,000 exactly; the ID in the
column its kind calls for; the file private; and a round trip through `import cases`."""

from __future__ import annotations

import os
import stat
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import python_calamine
from sqlalchemy import insert, select

from app.imports.service import import_file
from app.office import set_office_info
from app.publication import export_publication
from app.publication.credit import CREDIT_HEADER, PERSONAL_DATA_NOTE, wan_yuan
from app.store import Store, open_store
from db.models import CaseFile, Unit
from tests.cli.helpers import run_cli
from tests.imports.credit_layouts import BUREAU_CODE, HEADER_2021, ORG_CODE, PERSON_ID, SHOP_CODE

BUREAU = "沈阳市水务局"
K = "沈水罚字〔2024〕第{}号".format
# number, party, kind, ID, fine fen, confiscation fen, decided, valid to, publicity until, 处罚类别
CASES = [
    (K(1), "沈阳某某建材有限公司", "法人及非法人组织", ORG_CODE, 500_000, 0, date(2024, 3, 4), date(2025, 3, 4),
     date(2027, 3, 4), "罚款"),
    (K(2), "张三", "自然人", PERSON_ID, 5_000, 123_450, date(2024, 3, 5), None, date(2024, 9, 5), "罚款;没收违法所得"),
    (K(3), "李四烧烤店", "个体工商户", SHOP_CODE, 1, None, date(2024, 3, 6), None, None, "罚款"),
    (K(4), "王五", "自然人", "", 123_456_789_012_345, 99_999_999, date(2024, 3, 7), None, None, "罚款"),
    (K(5), "=HYPERLINK(\"x\")", "", "", None, None, date(2024, 3, 8), None, None, "警告"),
    (K(6), "赵六", "自然人", "", 100, None, date(2023, 1, 2), None, None, "罚款"),
]


@pytest.fixture
def cases(store: Store) -> Store:
    with store.writing() as s:
        s.execute(insert(Unit), [{"id": 1, "name": BUREAU, "credit_code": BUREAU_CODE}])
        s.execute(insert(CaseFile), [
            {"case_no": no, "case_key": no, "party": party, "party_kind": kind, "party_id": pid, "fine_fen": fine,
             "confiscation_fen": conf, "decided_on": decided, "penalty_valid_to": valid, "publicity_until": until,
             "penalty_kinds": kinds, "cause": "无证取水", "facts": f"经查，{party}无证取水。", "legal_basis": "《水法》",
             "penalty": "罚款", "unit_id": 1}
            for no, party, kind, pid, fine, conf, decided, valid, until, kinds in CASES])
    set_office_info(store, office_name=BUREAU)
    return store


def _read(path: Path) -> list[list[object]]:
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    return book.get_sheet_by_index(0).to_python()


def test_the_header_is_the_2021_layout_exactly_and_amounts_are_exact(cases: Store, tmp_path: Path) -> None:
    out = tmp_path / "报送.xlsx"
    result = export_publication(cases, out, date_from=date(2024, 1, 1), format="credit")
    assert result["rows"] == 5 and result["format"] == "credit" and result["personal_data"] is True
    rows = _read(out)
    assert rows[0] == list(CREDIT_HEADER) == HEADER_2021 and len(rows[0]) == 30
    col = {h: i for i, h in enumerate(CREDIT_HEADER)}
    by_no = {r[col["行政处罚决定书文号"]]: r for r in rows[1:]}
    assert set(by_no) == {K(i) for i in range(1, 6)}  # 2023's decision is before --from
    for no, _party, _kind, _pid, fine, conf, *_ in CASES[:5]:
        r = by_no[no]
        for header, fen in (("罚款金额（万元）", fine), ("没收违法所得、没收非法财物的金额（万元）", conf)):
            cell = r[col[header]]
            if fen is None:
                assert cell == ""
            else:
                assert Decimal(repr(cell)) == Decimal(fen) / 1_000_000, (no, header, cell)
    assert by_no[K(4)][col["罚款金额（万元）"]] == 123_456_789.012345
    assert by_no[K(3)][col["罚款金额（万元）"]] == 0.000001
    # the ID in its column; the person's document for the platform, which the public list hides
    org, person, shop = by_no[K(1)], by_no[K(2)], by_no[K(3)]
    assert org[col["行政相对人代码_1（统一社会信用代码）"]] == ORG_CODE and org[col["证件号码"]] == ""
    assert (person[col["证件类型"]], person[col["证件号码"]]) == ("身份证", PERSON_ID)
    assert person[col["行政相对人名称"]] == "张三" and person[col["行政相对人类别"]] == "自然人"
    assert shop[col["行政相对人代码_1（统一社会信用代码）"]] == SHOP_CODE and shop[col["行政相对人类别"]] == "个体工商户"
    assert (org[col["处罚机关"]], org[col["处罚机关统一社会信用代码"]]) == (BUREAU, BUREAU_CODE)
    assert (org[col["数据来源单位"]], org[col["数据来源单位统一社会信用代码"]]) == (BUREAU, BUREAU_CODE)
    assert (org[col["处罚决定日期"]], org[col["处罚有效期"]], org[col["公示截止期"]]) == (
        "2024/03/04", "2025/03/04", "2027/03/04")
    assert by_no[K(5)][col["行政相对人名称"]] == "=HYPERLINK(\"x\")"  # text, never a formula
    # no kind stated, no ID, no organisation word in the name: read as a person, and said so
    assert by_no[K(5)][col["行政相对人类别"]] == "自然人"
    assert any(K(5) in w and "未登记行政相对人类别" in w for w in result["warnings"])
    if os.name == "posix":
        assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_wan_yuan_is_exact_for_every_storable_amount() -> None:
    for fen in (1, 7, 10, 99, 5_000, 123_450, 1_000_000, 10**15 - 1, 123_456_789_012_345):
        value = wan_yuan(fen)
        assert value is not None and Decimal(repr(value)) == Decimal(fen) / 1_000_000
    assert wan_yuan(None) is None and wan_yuan(2_000_000) == 2 and isinstance(wan_yuan(2_000_000), int)


def test_round_trip_through_import_cases(cases: Store, tmp_path: Path) -> None:
    out = tmp_path / "报送.xlsx"
    export_publication(cases, out, format="credit")
    fresh = open_store(tmp_path / "fresh.sqlite")
    try:
        report = import_file(fresh, "cases", out)
        assert report.imported == 6 and report.rejected == []
        cols = ("case_no", "party", "party_id", "fine_fen", "confiscation_fen", "decided_on", "penalty_valid_to",
                "publicity_until", "penalty_kinds", "cause", "facts", "legal_basis", "penalty")

        def stored(store: Store) -> dict[str, tuple[object, ...]]:
            with store.session() as s:
                out_: dict[str, tuple[object, ...]] = {}
                for c, unit, code in s.execute(select(CaseFile, Unit.name, Unit.credit_code)
                                               .join(Unit, Unit.id == CaseFile.unit_id)):
                    out_[c.case_no] = (*(getattr(c, n) for n in cols), unit, code)
                    out_[c.case_no + " kind"] = (c.party_kind,)
                return out_

        before, after = stored(cases), stored(fresh)
        # the kind the export inferred (and warned of) is the one the file now states
        assert (before.pop(K(5) + " kind"), after.pop(K(5) + " kind")) == (("",), ("自然人",))
        assert after == before
    finally:
        fresh.close()


def test_the_cli_says_the_file_holds_personal_data(cases: Store, tmp_path: Path) -> None:
    out = tmp_path / "报送.xlsx"
    r = run_cli("--db", cases.path, "publication", "export", "--out", out, "--format", "credit")
    assert r.returncode == 0, r.stderr
    assert "双公示报送文件" in r.stdout and PERSONAL_DATA_NOTE in r.stdout
    assert _read(out)[0] == HEADER_2021
    help_text = run_cli("publication", "export", "--help").stdout
    assert "credit" in help_text and "个人信息" in help_text
    # the default stays the masked list
    listed = tmp_path / "公示.xlsx"
    assert run_cli("--db", cases.path, "publication", "export", "--out", listed).returncode == 0
    assert "张三" not in str(_read(listed)) and "张某" in str(_read(listed))
