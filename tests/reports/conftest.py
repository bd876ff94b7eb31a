"""A store built through the real services: demo data, a campaign (taxonomy B), the audit,
every finding confirmed, some problems with measures, progress, close-out and dispositions, the
office's details, and one submitted case review. Built once per session, copied per test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from app.store import Store, open_store

AS_OF = date(2024, 9, 10)
OFFICE = {"office_name": "沈阳市水务局", "office_unit": "政策法规处", "principal_leader": "李明",
          "doc_prefix": "沈水依法办发"}


def _build(path: Path, evidence: Path) -> dict:
    from app.audit.service import run_audit
    from app.campaigns import create_campaign
    from app.demo import load_demo
    from app.office import set_office_info
    from app.rectify import service as rectify
    from app.review import mark_item, start_review, submit_review

    store = open_store(path)
    try:
        load_demo(store, size=60)
        create_campaign(store, name="行政执法乱象专项整治", doc_no="攸纪发〔2021〕3号", taxonomy="B",
                        issuing_body="县专项整治办")
        set_office_info(store, **OFFICE)
        run_audit(store, as_of=date(2024, 6, 30))
        ids = rectify.confirm_findings(store, None)
        first, second, third = ids[:3]
        rectify.set_measure(store, first, measure="补登台账并核对全部票据", dept="财务科", owner="张会计",
                            deadline=date(2024, 8, 31))
        rectify.add_progress(store, first, note="已补登入台账", evidence=evidence, on=date(2024, 8, 1))
        rectify.close_problem(store, first, evidence=evidence, approver="刘彦", on=date(2024, 8, 20))
        rectify.set_measure(store, second, measure="=HYPERLINK(\"http://x\",\"y\")", dept="法制科", owner="王维维",
                            deadline=date(2024, 7, 1), immediate=True)
        rectify.set_measure(store, third, measure="重新组织听证", dept="执法一科", owner="赵六",
                            deadline=date(2024, 12, 31), timetable="10月底前完成听证")
        rectify.add_disposition(store, second, kind="批评教育", people_handled=2, sanctions=1)
        case_no = rectify.get_problem(store, first)["case_no"]
        review = start_review(store, case_no, reviewer="王维维")
        mark_item(store, review["id"], 2, "problem", note="处罚决定书未载明救济途径", deduct=5)
        submit_review(store, review["id"], rest="ok")
        return {"reviewed_case": case_no, "problem_ids": ids}
    finally:
        store.close()


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    folder = tmp_path_factory.mktemp("reports-store")
    evidence = folder / "整改佐证.pdf"
    evidence.write_bytes("%PDF-1.4 台账补录情况说明\n".encode() * 20)
    path = folder / "store" / "s.sqlite"
    path.parent.mkdir()
    info = _build(path, evidence)
    return path, info


@pytest.fixture
def rstore(built: tuple[Path, dict], tmp_path: Path) -> Iterator[Store]:
    """A fresh copy of the built store (with its evidence folder)."""
    src, _ = built
    dst = tmp_path / "store"
    shutil.copytree(src.parent, dst)
    store = open_store(dst / src.name)
    yield store
    store.close()


@pytest.fixture
def rinfo(built: tuple[Path, dict]) -> dict:
    return built[1]


@pytest.fixture
def rdb(built: tuple[Path, dict], tmp_path: Path) -> Path:
    """The path of a fresh copy of the built store, for CLI runs."""
    src, _ = built
    dst = tmp_path / "clistore"
    shutil.copytree(src.parent, dst)
    return dst / src.name
