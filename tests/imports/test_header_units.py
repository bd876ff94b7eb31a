"""Units in headers scale the column (issue 11 point 1): `罚款金额（万元）` 0.5 is 500,000 fen, exactly;
a value that does not fit its column's unit is a warning naming the column."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.amount_units import FEN_PER_UNIT
from app.imports.header_labels import header_unit
from app.imports.service import import_file, preview_import
from db.models import CaseFile


@pytest.mark.parametrize(("header", "unit"), [
    ("罚款金额（万元）", "万元"),
    ("罚款金额(万元)", "万元"),
    ("罚款金额（单位万元,范围为0.00~9999.99）", "万元"),
    ("罚款金额(单位：元)", "元"),
    ("罚款金额（元）", "元"),
    ("罚款金额\n（元）", "元"),
    ("罚款金额（千元）", "千元"),
    ("罚款金额千元", "千元"),
    ("罚款金额/万元", "万元"),
    ("罚款金额【万元】", "万元"),
    ("罚款金额", None),
    ("执法单元", None),  # 元 in a name is no unit
])
def test_the_unit_a_header_states(header: str, unit: str | None) -> None:
    assert header_unit(header) == unit


@pytest.mark.parametrize(("header", "value", "fen"), [
    ("罚款金额（万元）", 0.5, 500_000),
    ("罚款金额（万元）", "0.5", 500_000),
    ("罚款金额（万元）", 0.005, 5_000),  # 50 元: exact, not "只能精确到分"
    ("罚款金额（万元）", "0.000001", 1),
    ("罚款金额（万元）", 3, 3_000_000),
    ("罚款金额（万元）", "1,234.5", 1_234_500_000),
    ("罚款金额（万元）", "5000元", 500_000),  # a cell naming its own unit means what it says
    ("罚款金额（万元）", "伍仟元整", 500_000),
    ("罚款金额（单位万元,范围为0.00~9999.99）", "9999.99", 9_999_990_000),
    ("罚款金额（千元）", 1.5, 150_000),
    ("罚款金额（元）", 1500, 150_000),
    ("罚款金额(单位：元)", "1,500.5", 150_050),
    ("罚款金额", "0.5万元", 500_000),
])
def test_a_value_is_scaled_by_its_header(xlsx, header: str, value: object, fen: int) -> None:
    path = xlsx("案卷.xlsx", {"案卷": [["案号", header], ["沈水罚字〔2019〕第1号", value]]})

    preview = preview_import(None, "cases", path)

    assert preview.rejected == []
    assert preview.sample[0]["fine_fen"] == fen


def test_a_value_finer_than_a_fen_in_its_unit_is_refused_naming_the_cell(xlsx) -> None:
    path = xlsx("案卷.xlsx", {"案卷": [["案号", "罚款金额（万元）"], ["沈水罚字〔2019〕第1号", "0.0000005"]]})

    preview = preview_import(None, "cases", path)

    [issue] = preview.rejected
    assert (issue.row, issue.column_letter, issue.column) == (2, "B", "罚款金额（万元）")
    assert "只能精确到分" in issue.reason and "万元" in issue.reason


def test_a_wan_yuan_column_holding_yuan_amounts_is_a_warning(store, db, xlsx) -> None:
    rows = [["案号", "罚款金额（万元）"], ["沈水罚字〔2019〕第1号", 0.5], ["沈水罚字〔2019〕第2号", 20000],
            ["沈水罚字〔2019〕第3号", 50000]]
    report = import_file(store, "cases", xlsx("案卷.xlsx", {"案卷": rows}))

    [warning] = report.warnings
    assert (warning.row, warning.column_letter, warning.value) == (3, "B", "20000")
    assert "「罚款金额（万元）」列" in warning.reason and "单位可能有误" in warning.reason and "等 2 行" in warning.reason
    assert [c.fine_fen for c in db.all(CaseFile)] == [500_000, 20_000_000_000, 50_000_000_000]  # as the header says


@pytest.mark.parametrize("header", ["罚款金额（元）", "罚款金额"])
def test_a_yuan_column_of_only_fractions_of_a_yuan_is_a_warning(xlsx, header: str) -> None:
    rows = [["案号", header], ["沈水罚字〔2019〕第1号", 0.5], ["沈水罚字〔2019〕第2号", "0.05"],
            ["沈水罚字〔2019〕第3号", None]]
    preview = preview_import(None, "cases", xlsx("案卷.xlsx", {"案卷": rows}))

    [warning] = preview.warnings
    assert (warning.row, warning.column_letter, warning.value) == (2, "B", "0.5")
    assert f"「{header}」列" in warning.reason and "单位可能有误" in warning.reason


def test_a_yuan_column_with_one_whole_yuan_amount_is_no_doubt(xlsx) -> None:
    rows = [["案号", "罚款金额（元）"], ["沈水罚字〔2019〕第1号", 0.5], ["沈水罚字〔2019〕第2号", 200]]
    assert preview_import(None, "cases", xlsx("案卷.xlsx", {"案卷": rows})).warnings == []


UNIT_HEADERS = {"万元": "罚款金额（万元）", "千元": "罚款金额（千元）", "元": "罚款金额（元）",
                "单位万元": "罚款金额（单位万元,范围为0.00~9999.99）", "单位元": "罚款金额(单位：元)"}
UNIT_OF = {"万元": "万元", "千元": "千元", "元": "元", "单位万元": "万元", "单位元": "元"}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(amounts=st.lists(st.integers(0, 10**12), min_size=1, max_size=12),
       unit=st.sampled_from(sorted(UNIT_HEADERS)), as_text=st.booleans())
def test_any_amount_in_any_header_unit_imports_as_the_same_fen(tmp_path: Path, amounts: list[int], unit: str,
                                                             as_text: bool) -> None:
    """Write each fen amount as the number of the header's unit (a number cell or its text) and
    import: the same fen comes back."""
    per_unit = FEN_PER_UNIT[UNIT_OF[unit]]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["案号", UNIT_HEADERS[unit]])
    for i, fen in enumerate(amounts, start=1):
        value = Decimal(fen) / per_unit  # exact: the divisors are powers of ten
        text = format(value, "f")
        ws.append([f"沈水罚字〔2019〕第{i}号", text if as_text else float(value)])
    path = tmp_path / f"{unit}-{len(amounts)}-{as_text}.xlsx"
    wb.save(path)

    preview = preview_import(None, "cases", path)

    assert preview.rejected == []
    assert [r["fine_fen"] for r in preview.sample] == amounts
