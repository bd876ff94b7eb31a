"""A campaign's scope over a real store holding 2019 and 2022 decisions: a campaign "from
2022-01-01" samples, reviews, lists, counts, prints and packages only the 2022 records; a
finding outside it is kept but not counted; a second campaign starts with an empty list."""

from __future__ import annotations

import json
import zipfile
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.audit.service import list_findings, run_audit
from app.campaigns import create_campaign, update_campaign
from app.campaigns.scope import active_scope, findings_in_scope
from app.errors import UserError
from app.exchange.export import export_package
from app.rectify.service import add_problem, confirm_findings, list_problems, statistics
from app.rectify.stats_terms import FORM_WORDING
from app.reports.forms import write_forms
from app.review import start_review
from app.sampling import population
from app.store import Store
from db.models import CaseFile
from db.models_rectify import Problem
from tests.campaigns.builders import AS_OF, FOREST, WATER, case_no, receipt_no
from tests.reports.helpers import sheet_rows

DOC = "攸纪发〔2022〕1号"


def _campaign(store: Store, **extra: object) -> dict:  # type: ignore[type-arg]
    values = {"name": "行政执法突出问题集中整治", "doc_no": DOC, "taxonomy": "A", "period_from": "2022-01-01"}
    return create_campaign(store, **{**values, **extra})  # type: ignore[arg-type]


def _years(case_nos: list[str]) -> set[str]:
    return {c[5:9] for c in case_nos if c}


def _cells(path: Path) -> str:
    return "\n".join(str(v) for row in sheet_rows(path) for v in row if v not in (None, ""))


def test_without_a_campaign_the_scope_is_everything(two_years: Store) -> None:
    assert active_scope(two_years) is None
    with two_years.session() as s:
        assert findings_in_scope(s, None) == {f["id"] for f in list_findings(two_years)}
    assert len(population(two_years).rows) == 6


def test_the_scope_filters_cases_ledger_receipts_and_findings(two_years: Store) -> None:
    _campaign(two_years)
    scope = active_scope(two_years)
    assert scope is not None and scope.period_from == date(2022, 1, 1) and scope.unit_ids is None
    with two_years.session() as s:
        keys = s.scalars(select(CaseFile.case_no).where(scope.case_filter(CaseFile))).all()
        inside = findings_in_scope(s, scope)
    assert sorted(keys) == [case_no(4), case_no(5), case_no(6)]
    findings = list_findings(two_years, all_records=True)
    kept = [f for f in findings if f["id"] in inside]
    left = [f for f in findings if f["id"] not in inside]
    # every kind of finding is placed by its own record: the case file, the ledger row, the receipt
    assert {f["code"] for f in kept} >= {"CASE_NOT_IN_LEDGER", "LEDGER_WITHOUT_CASE", "RECEIPT_NOT_IN_LEDGER"}
    refs = [json.dumps(f["refs"], ensure_ascii=False) for f in kept]
    assert all("2022" in r for r in refs) and all("2019" in json.dumps(f["refs"], ensure_ascii=False) for f in left)
    assert len(kept) == len(left) > 0
    assert active_scope(two_years, all_records=True) is None


def test_units_in_scope_narrow_it_further(two_years: Store) -> None:
    _campaign(two_years, units=[WATER])
    assert sorted(r.case_no for r in population(two_years).rows) == [case_no(4), case_no(6)]
    assert len(population(two_years, all_records=True).rows) == 6
    update_campaign(two_years, 1, units=["库里没有的单位"])
    assert population(two_years).rows == []  # a named unit the store does not know covers nothing


def test_problems_forms_statistics_and_package_hold_only_2022(two_years: Store, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEAUDIT_SIGNER_PASSPHRASE", "口令-2022")
    _campaign(two_years)
    ids = confirm_findings(two_years, None, operator="测试")
    problems = list_problems(two_years, as_of=AS_OF)
    assert sorted(p["id"] for p in problems) == sorted(ids) and ids
    with two_years.session() as s:  # only the in-scope findings became problems
        assert s.scalar(select(func.count(Problem.id))) == len(ids)
    assert "2019" not in json.dumps([p["case_no"] + p["manifestation"] for p in problems], ensure_ascii=False)
    assert _years([p["case_no"] for p in problems]) == {"2022"}

    stats = statistics(two_years)
    assert stats["total"]["found"] == len(problems) == sum(r["found"] for r in stats["rows"])

    out = tmp_path / "forms"
    write_forms(two_years, out, as_of=AS_OF)
    listed = _cells(out / "问题清单.xlsx")
    assert case_no(4) in listed and case_no(5) in listed and "〔2019〕" not in listed
    assert "〔2019〕" not in _cells(out / "整改台账.xlsx")
    # whichever way the form is laid out, it prints each category's count of the 2022 problems
    numbers = [v for row in sheet_rows(out / "统计表.xlsx") for v in row if isinstance(v, int | float)]
    assert numbers and max(numbers) <= len(problems)
    assert {r["found"] for r in stats["rows"] if r["found"]} <= set(numbers)

    from app.office import set_office_info

    set_office_info(two_years, office_name="沈阳市水务局", principal_leader="王局长")  # the package's report is official
    package = export_package(two_years, tmp_path / "package.zip", as_of=AS_OF, operator="测试")
    with zipfile.ZipFile(package["path"]) as z:
        data = json.loads(z.read("data.json"))
    assert len(data["problems"]) == len(problems)
    assert data["findings"] and "〔2019〕" not in json.dumps(data["findings"], ensure_ascii=False)
    assert receipt_no(2019) not in json.dumps(data, ensure_ascii=False)
    assert receipt_no(2022) in json.dumps(data["findings"], ensure_ascii=False)
    assert data["statistics"]["total"]["found"] == len(problems)


def test_a_finding_outside_the_scope_is_kept_but_not_counted(two_years: Store) -> None:
    _campaign(two_years, period_from=None)  # first the campaign covers every year
    ids = confirm_findings(two_years, None)
    everything = list_problems(two_years, as_of=AS_OF)
    assert _years([p["case_no"] for p in everything]) == {"2019", "2022"}
    update_campaign(two_years, 1, period_from="2022-01-01")  # then the office narrows it
    counted = list_problems(two_years, as_of=AS_OF)
    assert _years([p["case_no"] for p in counted]) == {"2022"} and len(counted) < len(everything)
    assert statistics(two_years)["total"]["found"] == len(counted)
    kept = list_problems(two_years, as_of=AS_OF, all_records=True)
    assert sorted(p["id"] for p in kept) == sorted(ids)  # nothing was deleted
    assert statistics(two_years, all_records=True)["total"]["found"] == len(ids)


def test_a_named_finding_outside_the_scope_is_refused(two_years: Store) -> None:
    _campaign(two_years)
    old = next(f for f in list_findings(two_years, all_records=True) if f["refs"].get("case_no") == case_no(1))
    with pytest.raises(UserError, match="不在当前专项活动的范围内"):
        confirm_findings(two_years, [old["id"]])
    assert list_problems(two_years, all_records=True) == []


def test_a_second_campaign_starts_empty_and_counts_only_its_own(two_years: Store, tmp_path: Path) -> None:
    first = _campaign(two_years)
    mine = confirm_findings(two_years, None)
    taken = list_problems(two_years)[0]["finding_id"]
    assert mine and taken
    second = create_campaign(two_years, name="行政执法乱象专项整治", doc_no="攸纪发〔2022〕9号", taxonomy="B",
                             period_from="2022-01-01")
    assert list_problems(two_years) == []
    b_categories = [c["name"] for c in second["taxonomy"]["categories"]]
    stats = statistics(two_years)
    assert [r["category"] for r in stats["rows"]] == b_categories and stats["total"]["found"] == 0
    out = tmp_path / "forms"
    write_forms(two_years, out, as_of=AS_OF)
    printed = _cells(out / "统计表.xlsx")
    # in the form's own wording (附件3 prints 机械式执法问题 where the plan writes 机械性执法问题)
    assert all(FORM_WORDING.get(c, c) in printed for c in b_categories)
    assert not any(c["name"] in printed for c in first["taxonomy"]["categories"])
    assert "〔2022〕" not in _cells(out / "问题清单.xlsx")

    own = add_problem(two_years, category=b_categories[0], manifestation="群众反映执法人员未亮证", unit=FOREST)
    assert [p["id"] for p in list_problems(two_years)] == [own]
    update_campaign(two_years, first["id"], active=True)
    assert sorted(p["id"] for p in list_problems(two_years)) == sorted(mine)
    # a finding already a problem of the first campaign is not counted again by the second
    update_campaign(two_years, second["id"], active=True)
    with pytest.raises(UserError, match="另一专项活动"):
        confirm_findings(two_years, [taken])


def test_review_takes_only_the_cases_in_scope(two_years: Store) -> None:
    _campaign(two_years)
    with pytest.raises(UserError, match="不在当前专项活动的范围内"):
        start_review(two_years, case_no(1), reviewer="评查员甲")
    review = start_review(two_years, case_no(4), reviewer="评查员甲")
    assert review["case_no"] and review["items"]


def test_the_audit_of_an_active_campaign_holds_only_its_scope(two_years: Store) -> None:
    _campaign(two_years)
    result = run_audit(two_years, as_of=AS_OF)
    listed = json.dumps([f["refs"] for f in result.findings], ensure_ascii=False)
    assert result.findings and "2019" not in listed and "2022" in listed
    assert "2019" not in json.dumps([f["refs"] for f in list_findings(two_years)], ensure_ascii=False)
