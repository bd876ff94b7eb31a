"""What the campaign tests (and the 首页 GUI test) build in a real store: penalty decisions of
2019 and of 2022 in two units (`fill`), and a campaign with problems, measures, close-outs,
dispositions, phases, a milestone and submissions (`campaign_with_work`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app.campaigns import create_campaign
from app.campaigns.phases import add_milestone, add_phase
from app.campaigns.submissions import expect_submission, receive_submission
from app.records.service import save
from app.rectify.service import add_disposition, close_problem, confirm_findings, set_measure
from app.store import Store

AS_OF = date(2024, 6, 30)
WATER, FOREST = "县水利局", "县林业局"
# (year, unit) of each case; case n is 攸水罚字〔year〕第n号
CASES = ((2019, WATER), (2019, FOREST), (2019, WATER), (2022, WATER), (2022, FOREST), (2022, WATER))


def case_no(n: int) -> str:
    return f"攸水罚字〔{CASES[n - 1][0]}〕第{n}号"


def receipt_no(year: int) -> str:
    """One receipt per book (series A for 2019, B for 2022), so there is no gap between them."""
    return f"{'A' if year == 2019 else 'B'}{year}0001"


def fill(store: Store) -> None:
    """Six case files (no ledger rows: each is 有卷无账), a ledger row without a case file and a
    receipt not in the ledger for each year."""
    for n, (year, unit) in enumerate(CASES, start=1):
        save(store, "cases", {"case_no": case_no(n), "party": f"当事人{n}", "unit": unit, "fine_fen": "5000",
                              "filed_on": f"{year}-02-01", "decided_on": f"{year}-03-{n + 1:02d}",
                              "officers": "张三(21010012345)"})
    for year in (2019, 2022):
        save(store, "ledger", {"row": str(year), "case_no": f"攸水罚字〔{year}〕第90号", "party": "台账当事人",
                               "fine_fen": "200", "decided_on": f"{year}-05-01", "unit": WATER})
        save(store, "receipts", {"receipt_no": receipt_no(year), "issued_on": f"{year}-06-01", "payer": "缴款人",
                                 "amount_fen": "300", "unit": WATER})


DASHBOARD_DAY = date(2022, 9, 14)  # a Wednesday in campaign_with_work's second phase


def campaign_with_work(store: Store, tmp_path: Path) -> tuple[int, str, str]:
    """The campaign's id, the unit that reported zero problems on time, the unit that did not report."""
    camp = create_campaign(store, name="行政执法突出问题集中整治", doc_no="鞍依法组〔2022〕1号", taxonomy="A",
                           period_from="2022-01-01", issued_on="2022-07-15", units=[WATER, FOREST])
    ids = confirm_findings(store, None)
    evidence = tmp_path / "佐证.pdf"
    evidence.write_bytes(b"%PDF-1.4 evidence\n" * 20)
    for n, pid in enumerate(ids):
        set_measure(store, pid, measure="补正案卷", dept="法制科", owner="王五",
                    deadline=date(2022, 8, 31) if n % 2 else date(2022, 12, 31))
    close_problem(store, ids[0], evidence=evidence, approver="李局长", on=date(2022, 9, 1))
    close_problem(store, ids[1], evidence=evidence, approver="李局长", on=date(2022, 9, 2))
    add_disposition(store, ids[2], kind="挂牌督办", on=date(2022, 9, 5), decided_by="领导小组",
                    deadline=date(2022, 10, 31))
    add_disposition(store, ids[2], kind="约谈", on=date(2022, 9, 6))
    add_disposition(store, ids[3], kind="挂牌督办", on=date(2022, 9, 6), decided_by="领导小组",
                    deadline=date(2022, 10, 31))
    add_phase(store, name="自评自改", date_from="2022-07-18", date_to="2022-07-31")
    add_phase(store, name="提升整改", date_from="2022-08-01", date_to="2022-09-19", report_deadline="2022-09-16")
    add_phase(store, name="预评立制", date_from="2022-09-20", date_to="2022-09-30")
    add_milestone(store, title="第二次督导", due_on="2022-09-15")
    rows = expect_submission(store, kind="问题清单", due_on="2022-07-25")
    expect_submission(store, kind="整改报告", due_on="2022-09-16")
    receive_submission(store, rows[0]["id"], on="2022-07-24", by="王维维", problem_count=0)
    return int(camp["id"]), rows[0]["unit"], rows[1]["unit"]
