"""The publication list as a workbook: masked parties, cleaned text, the deadline column from the
working-day calendar, date filters, formula-proof cells, and the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.audit.calendar_service import calendar_for
from app.errors import UserError
from app.publication import export_publication, publication_rows
from app.store import Store
from db.models import CaseFile, Unit

ROOT = Path(__file__).resolve().parents[2]
CASES = [
    # case_no, party, party_id, facts, decided_on, fine_fen
    ("沈水罚字〔2024〕第1号", "张三", "210102199001011234",
     "经查，当事人张三（住沈阳市和平区中华路12号，电话13812345678）于2024年9月1日无证经营。", date(2024, 9, 27), 500000),
    ("沈水罚字〔2024〕第2号", "沈阳市某某商贸有限公司", "91210102MA0XAB1C2D",
     "当事人在沈阳市大东区小河沿路3号超范围经营，开户账号6222021234567890123。", date(2024, 9, 30), 1234567),
    ("沈水罚字〔2024〕第3号", "=HYPERLINK(\"http://x\")有限公司", "", "+1 对事实无异议", date(2024, 3, 4), None),
    ("沈水罚字〔2023〕第9号", "欧阳娜娜", "", "欧阳娜娜未按规定公示。", date(2023, 12, 1), 100000),
    ("沈水罚字〔2024〕第4号", "李四", "", "尚未作出决定", None, None),
]


@pytest.fixture
def cases(store: Store) -> Store:
    with store.writing() as s:
        unit = Unit(name="沈阳市某某区综合行政执法局")
        s.add(unit)
        s.flush()
        for case_no, party, pid, facts, decided, fine in CASES:
            s.add(CaseFile(case_no=case_no, case_key=case_no, party=party, party_id=pid, facts=facts,
                           cause="无证经营", legal_basis="《某某条例》第十条", penalty="罚款", decided_on=decided,
                           fine_fen=fine, unit_id=unit.id))
    return store


def test_rows_are_masked_and_carry_the_deadline(cases: Store) -> None:
    found = publication_rows(cases)
    rows = {r["case_no"]: r for r in found["rows"]}
    assert len(rows) == 4 and "沈水罚字〔2024〕第4号" not in rows  # no decision yet: nothing to publish
    first = rows["沈水罚字〔2024〕第1号"]
    assert first["party"] == "张某"
    assert "张三" not in first["facts"] and "张某" in first["facts"]
    assert "中华路" not in first["facts"] and "13812345678" not in first["facts"] and "2024年9月1日" in first["facts"]
    assert first["deadline"] == date(2024, 10, 12)  # 国庆: 9/29 and 10/12 are working weekends, 10/1–10/7 off
    company = rows["沈水罚字〔2024〕第2号"]
    assert company["party"] == "沈阳市某某商贸有限公司" and "6222021234567890123" not in company["facts"]
    assert "小河沿路" not in company["facts"]
    assert rows["沈水罚字〔2023〕第9号"]["party"] == "欧阳某" and "娜娜" not in rows["沈水罚字〔2023〕第9号"]["facts"]
    with cases.session() as s:
        calendar = calendar_for(s)
    for r in found["rows"]:
        assert r["deadline"] == calendar.add_workdays(r["decided_on"], 7)
    assert [r["decided_on"] for r in found["rows"]] == sorted(r["decided_on"] for r in found["rows"])


def test_the_workbook(cases: Store, tmp_path: Path) -> None:
    out = tmp_path / "公示.xlsx"
    result = export_publication(cases, out, date_from=date(2024, 1, 1), date_to=date(2024, 12, 31))
    assert result["rows"] == 3
    ws = load_workbook(out).active
    headers = [c.value for c in ws[2]]
    assert headers[:3] == ["序号", "行政处罚决定书文号", "当事人"] and "公示截止日期" in headers
    col = {h: i for i, h in enumerate(headers)}
    data = [[c.value for c in row] for row in ws.iter_rows(min_row=3)]
    assert [r[col["行政处罚决定书文号"]] for r in data] == ["沈水罚字〔2024〕第3号", "沈水罚字〔2024〕第1号",
                                                       "沈水罚字〔2024〕第2号"]
    first = data[1]
    assert first[col["当事人"]] == "张某" and first[col["罚款金额（元）"]] == "5,000.00"
    assert first[col["公示截止日期"]].date() == date(2024, 10, 12)
    formula_like = ws.cell(row=3, column=col["当事人"] + 1)
    assert formula_like.value.startswith("=HYPERLINK") and formula_like.data_type == "s"
    assert ws.cell(row=3, column=col["违法事实"] + 1).value.startswith("+1")
    with zipfile.ZipFile(out) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet
    everything = " ".join(str(v) for r in data for v in r if v is not None)
    for secret in ("210102199001011234", "13812345678", "6222021234567890123", "张三", "中华路12号"):
        assert secret not in everything


def test_dates_are_checked(cases: Store, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="晚于"):
        export_publication(cases, tmp_path / "x.xlsx", date_from=date(2024, 12, 1), date_to=date(2024, 1, 1))
    with pytest.raises(UserError, match=r"\.xlsx"):
        export_publication(cases, tmp_path / "x.csv")
    assert not (tmp_path / "x.xlsx").exists()


def test_cli(cases: Store, tmp_path: Path) -> None:
    db = cases.path
    cases.close()
    out = tmp_path / "公示.xlsx"
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(db), "publication", "export",
                             "--out", str(out), "--from", "2024-09-01", "--to", "2024年9月30日", "--json"],
                            capture_output=True, text=True, cwd=ROOT, timeout=300,
                            env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["rows"] == 2 and doc["from"] == "2024-09-01" and doc["to"] == "2024-09-30"
    assert doc["calendar_fallback_years"] == [] and out.exists()
