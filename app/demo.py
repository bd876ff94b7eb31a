"""`caseaudit demo`: a realistic water-bureau dataset so a new store shows a living program.

A few units, a dozen officers (one certificate expired, one auxiliary, one suspended), ~300 case
files with their ledger rows and receipts, and a handful of planted discrepancies of the kind
the campaign documents describe (a receipt outside the books, a gap in a receipt book, a late
decision, a case handled by one officer…). Deterministic for a given seed.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Insert, insert, select
from sqlalchemy.orm import Session

from app.demo_people import company_name, credit_code, person_name, resident_id
from app.domain.numbers import normalise_case_no
from app.errors import UserError
from app.jobs import Cancel, Progress, raise_if_cancelled
from app.store import Store
from db import changelog
from db.driver_insert import DriverInsert
from db.models import CaseFile, CaseOfficer, LedgerEntry, Officer, Receipt, Unit
from db.sort_key import fill_rows

UNITS = (("沈阳市水务事务服务与行政执法中心", "水利", "沈水罚字"),
         ("沈阳市浑河管理处", "河道管理", "沈浑罚字"),
         ("沈阳市节约用水办公室", "水资源", "沈节水罚字"))
VIOLATIONS = (  # cause, legal basis, fine range in yuan
    ("未经批准擅自取水", "《中华人民共和国水法》第六十九条", 20_000, 100_000),
    ("在河道管理范围内建设妨碍行洪的建筑物", "《中华人民共和国防洪法》第五十五条", 10_000, 50_000),
    ("未经许可在河道管理范围内采砂", "《中华人民共和国水法》第七十二条", 10_000, 100_000),
    ("在河道管理范围内弃置、堆放阻碍行洪的物体", "《中华人民共和国河道管理条例》第四十四条", 1_000, 10_000),
    ("未按规定缴纳水资源费", "《取水许可和水资源费征收管理条例》第五十四条", 2_000, 20_000),
    ("未经批准擅自设置排污口", "《中华人民共和国水法》第六十七条", 50_000, 100_000),
)
RECEIPT_SERIES = "辽财罚A"
Rows = list[dict[str, Any]]  # rows for a Core insert: column → value


def load_demo(store: Store, size: int = 300, seed: int = 2019, operator: str = "",
              progress: Progress | None = None, cancel: Cancel | None = None) -> dict[str, int]:
    """Fill an empty store; refuses a store that already holds records."""
    rng = random.Random(seed)
    with store.writing() as s:
        if s.scalar(select(CaseFile.id).limit(1)) is not None or s.scalar(select(Officer.id).limit(1)):
            raise UserError("数据库中已有数据，演示数据只能载入空数据库。请用 --db 指定一个新文件。")
        unit_ids = [_new_id(s, insert(Unit).values(name=n, field=f)) for n, f, _ in UNITS]
        officers = _officers(rng, unit_ids)
        s.execute(insert(Officer), officers)
        cases, case_officers, ledger, receipts = _cases(rng, size, unit_ids, officers, progress, cancel)
        # Core executemany, no RETURNING: an ORM bulk insert with `returning(...,
        # sort_by_parameter_order=True)` splices every batch's result into all earlier ones
        # (quadratic: 270 s at 100,000 cases). The table was empty, so the new ids in ascending
        # order are the cases in insertion order.
        _insert_rows(s, CaseFile, cases)
        case_ids = list(s.scalars(select(CaseFile.id).order_by(CaseFile.id)))
        assert len(case_ids) == len(cases)
        for co in case_officers:
            co["case_id"] = case_ids[co.pop("case_index")]
        _insert_rows(s, CaseOfficer, case_officers)
        _insert_rows(s, LedgerEntry, ledger)
        _insert_rows(s, Receipt, receipts)
        counts = {"units": len(unit_ids), "officers": len(officers), "cases": len(cases),
                  "ledger": len(ledger), "receipts": len(receipts)}
        changelog.append(s, operator=operator, action="demo", table_name="cases", record_id=None,
                         after={"seed": seed, **counts})
    return counts


def _new_id(s: Session, stmt: Insert) -> int:
    key = s.connection().execute(stmt).inserted_primary_key
    assert key is not None  # an INSERT always has one
    return int(key[0])


def _insert_rows(s: Session, model: type, rows: list[dict[str, Any]]) -> None:
    """Driver-level executemany (SQLAlchemy's per-value processing costs more than SQLite),
    values in the form each engine's driver takes (db/driver_insert.py).
    Every row carries the same keys, and every column with a default is among them (but those
    the server fills in too, as row_version).
    """
    if not rows:
        return
    table = model.__table__  # type: ignore[attr-defined]
    fill_rows(table, rows)  # the sort keys of the text columns (db/sort_key.py)
    names = list(rows[0])
    assert all(c.name in rows[0] for c in table.columns if c.default is not None
               and c.server_default is None), "a default is missing"
    DriverInsert(s.connection(), table, names).run([tuple(r[n] for n in names) for r in rows])


def _officers(rng: random.Random, unit_ids: list[int]) -> list[dict[str, Any]]:
    out = []
    for i in range(12):
        unit_id = unit_ids[i % len(unit_ids)]
        row = {"name": person_name(rng), "cert_no": f"2101{unit_id:02d}{19001 + i:05d}", "unit_id": unit_id,
               "field": "水利", "valid_from": date(2016, 6, 1), "valid_to": date(2026, 5, 31),
               "status": "有效", "kind": "执法人员"}
        out.append(row)
    out[3]["valid_to"] = date(2018, 12, 31)  # expired certificate, still written on later cases
    out[7]["status"] = "暂扣"
    out[11].update(cert_no=None, kind="辅助人员", valid_from=None, valid_to=None)  # auxiliary staff
    return out


def _cases(rng: random.Random, size: int, unit_ids: list[int], officers: list[dict[str, Any]],
           progress: Progress | None, cancel: Cancel | None) -> tuple[Rows, Rows, Rows, Rows]:
    cases: list[dict[str, Any]] = []
    case_officers: list[dict[str, Any]] = []
    ledger: list[dict[str, Any]] = []
    receipts: list[dict[str, Any]] = []
    serial: dict[tuple[int, int], int] = {}
    receipt_no = 10_000_000
    # Cases are handled by officers in good standing; the expired, suspended and auxiliary ones
    # appear only on the few cases planted below, as they would in a real ledger.
    good = [o for o in officers if o["kind"] == "执法人员" and o["status"] == "有效" and o["valid_to"] > date(2020, 1, 1)]
    pools = {u: [o for o in good if o["unit_id"] == u] or good[:2] for u in unit_ids}
    # Filing dates first, in order, so each unit numbers its cases 第1号, 第2号 … within a year.
    filings = sorted((date(2017, 1, 3) + timedelta(days=rng.randrange(0, 365 * 3)), rng.randrange(len(unit_ids)))
                     for _ in range(size))
    for i, (filed, unit_index) in enumerate(filings):
        raise_if_cancelled(cancel)
        unit_id = unit_ids[unit_index]
        serial[unit_id, filed.year] = serial.get((unit_id, filed.year), 0) + 1
        case_no = f"{UNITS[unit_index][2]}〔{filed.year}〕第{serial[unit_id, filed.year]:03d}号"
        cause, basis, low, high = rng.choice(VIOLATIONS)
        fine_fen = rng.randrange(low // 500, high // 500 + 1) * 500 * 100
        company = rng.random() < 0.45
        party = company_name(rng) if company else person_name(rng)
        decided = filed + timedelta(days=rng.randrange(15, 75))
        served = decided + timedelta(days=rng.randrange(1, 5))
        paid = served + timedelta(days=rng.randrange(1, 14))
        case = {"case_no": case_no, "case_key": normalise_case_no(case_no), "cause": cause, "party": party,
                "party_id": credit_code(rng) if company else resident_id(rng), "legal_basis": basis,
                "penalty": "罚款", "fine_fen": fine_fen, "confiscation_fen": None, "filed_on": filed,
                "notified_on": decided - timedelta(days=rng.randrange(5, 12)), "decided_on": decided,
                "served_on": served, "paid_on": paid, "closed_on": paid + timedelta(days=rng.randrange(1, 20)),
                "published_on": decided + timedelta(days=rng.randrange(1, 5)), "major": fine_fen >= 5_000_000,
                "legal_review_on": decided - timedelta(days=2) if fine_fen >= 5_000_000 else None,
                "enforcement": "已缴纳", "archive_location": f"档案室{unit_index + 1}号柜", "unit_id": unit_id,
                "source_row": None, "facts": f"经查，当事人{party}{cause}，事实清楚，证据确凿。",
                "field": "", "legal_review_outcome": "通过" if fine_fen >= 5_000_000 else "",
                "surcharge_exempt": False,
                "party_kind": "法人及非法人组织" if company else "自然人", "penalty_kinds": "罚款",
                "penalty_valid_to": None, "publicity_until": None}
        pool = pools[unit_id]
        for pos, o in enumerate(rng.sample(pool, 2) if len(pool) >= 2 else pool):
            case_officers.append({"case_index": i, "position": pos, "name": o["name"], "cert_no": o["cert_no"] or ""})
        receipt_no += 1
        rno = f"{RECEIPT_SERIES}{receipt_no:08d}"
        cases.append(case)
        ledger.append({"seq": str(i + 1), "case_no": case_no, "case_key": case["case_key"], "party": party,
                       "violation": cause, "penalty": "罚款", "fine_fen": fine_fen, "decided_on": decided,
                       "paid_on": paid, "receipt_no": rno, "receipt_key": rno, "enforcement": "已缴纳",
                       "unit_id": unit_id, "source_row": i + 4})
        receipts.append({"receipt_no": rno, "receipt_key": rno, "series": RECEIPT_SERIES, "number": receipt_no,
                         "issued_on": paid, "payer": party, "amount_fen": fine_fen, "case_no": case_no,
                         "case_key": case["case_key"], "collector": "财务科", "onsite": False, "voided": False,
                         "remark": "", "onsite_reason": "", "unit_id": unit_id, "source_row": i + 4})
        if progress and i % 100 == 0:
            progress(i, size, "生成案卷")
    _plant_discrepancies(rng, cases, case_officers, ledger, receipts, officers)
    if progress:
        progress(size, size, "生成案卷")
    return cases, case_officers, ledger, receipts


def _move_case(case: dict[str, Any], ledger: list[dict[str, Any]], receipts: list[dict[str, Any]],
               filed: date) -> None:
    """Move a case (its number's year, every date, its ledger rows and receipts) to another filing day."""
    shift = filed - case["filed_on"]
    old_key, old_year = case["case_key"], case["filed_on"].year
    case["case_no"] = case["case_no"].replace(f"〔{old_year}〕", f"〔{filed.year}〕")
    case["case_key"] = normalise_case_no(case["case_no"])
    for row in (case, *(r for r in (*ledger, *receipts) if r.get("case_key") == old_key)):
        for name in ("filed_on", "notified_on", "decided_on", "served_on", "paid_on", "closed_on", "published_on",
                     "legal_review_on", "issued_on"):
            if row.get(name) is not None:
                row[name] += shift
        if row is not case:
            row["case_no"], row["case_key"] = case["case_no"], case["case_key"]


def _plant_discrepancies(rng: random.Random, cases: list[dict[str, Any]], case_officers: list[dict[str, Any]],
                         ledger: list[dict[str, Any]], receipts: list[dict[str, Any]],
                         officers: list[dict[str, Any]]) -> None:
    """A handful of the problems the campaign documents describe, at fixed places."""
    n = len(cases)
    if n < 12:
        return
    receipts[1]["amount_fen"] -= 100_000  # receipt 1 000 元 short of the ledger (RECEIPT_AMOUNT_MISMATCH)
    ledger[2]["fine_fen"] += 50_000  # ledger differs from the decision (LEDGER_AMOUNT_MISMATCH)
    del ledger[3]  # case 3 fined but not in the books (CASE_NOT_IN_LEDGER); its receipt is 账外
    receipts[4]["voided"], receipts[4]["remark"] = True, "作废"  # a voided stub inside the series
    receipts[4]["payer"], receipts[4]["amount_fen"] = "", None
    del receipts[6]  # a gap in the receipt book (RECEIPT_NUMBER_GAP)
    # DECISION_OVERDUE: 121 days, on a case filed in 2022 — before 2021-07-15 the law (2017 text)
    # set no general decision period, so a 2017–2019 case decided late is no finding.
    _move_case(cases[7], ledger, receipts, date(2022, 3, 1))
    cases[7]["decided_on"] = cases[7]["filed_on"] + timedelta(days=121)
    case_officers[:] = [co for co in case_officers if not (co["case_index"] == 8 and co["position"] == 1)]
    expired, suspended = officers[3], officers[7]
    for co in case_officers:
        if co["case_index"] == 9 and co["position"] == 0:  # officer whose certificate had expired
            co.update(name=expired["name"], cert_no=expired["cert_no"])
        if co["case_index"] == 13 and co["position"] == 1:  # officer whose certificate is suspended
            co.update(name=suspended["name"], cert_no=suspended["cert_no"])
    cases[10]["published_on"] = cases[10]["decided_on"] + timedelta(days=30)  # PUBLICATION_LATE
    cases[11]["notified_on"] = cases[11]["decided_on"] + timedelta(days=3)  # 告知 after 决定: DATE_ORDER
    receipts[5]["payer"] = person_name(rng)  # payer is somebody else (RECEIPT_PAYER_MISMATCH)
    ledger.append({**ledger[0], "seq": str(n + 1), "case_no": "沈水罚字〔2018〕第999号",
                   "case_key": normalise_case_no("沈水罚字〔2018〕第999号"), "receipt_no": "", "receipt_key": "",
                   "paid_on": None, "source_row": n + 4})  # a ledger row with no case file (有账无卷)
    onsite_no = receipts[-1]["number"] + 1
    receipts.append({**receipts[-1], "receipt_no": f"{RECEIPT_SERIES}{onsite_no:08d}",
                     "receipt_key": f"{RECEIPT_SERIES}{onsite_no:08d}", "number": onsite_no, "amount_fen": 20_000,
                     "onsite": True, "case_no": "", "case_key": "", "payer": person_name(rng),
                     "issued_on": datetime(2019, 6, 3).date()})  # on-site 200 元, no ledger row
