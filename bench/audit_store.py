"""A synthetic store for the audit benchmark, generated in SQL (`WITH RECURSIVE`) so that a
million cases take seconds, not minutes.

N cases (one or two officers each; 1,500 officers in 30 units), N ledger rows, and a receipt for
every case but each 503rd. Planted: a ledger fine off by one yuan every 211th row, a payer who is
not the party every 307th receipt, a voided receipt every 1009th. The "random" numbers are a
fixed hash of the row number, so a size always gives the same store.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.store import open_store  # noqa: E402

SERIES = "辽财罚A"
CAUSES = ("无证取水", "超计划取水", "擅自建设水工程", "非法采砂", "拒不缴纳水资源费")
FINES = (2000_00, 5000_00, 10000_00, 20000_00, 50000_00)


def _h(salt: int, modulus: int) -> str:
    """SQL for a fixed pseudo-random integer in [0, modulus) from the row number i."""
    return f"(((i * 2654435761 + {salt * 40503}) % 4294967296) / 7 % {modulus})"


# One row per case with its drawn numbers; the tables below are filled from it.
_DRAWS = f"""
CREATE TEMP TABLE draws AS
WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < :n)
SELECT i, 1 + i % 30 AS unit,
       {_h(1, 2900)} AS filed, 10 + {_h(2, 90)} AS to_decision, {_h(3, 5)} AS to_service,
       {_h(4, 20)} AS to_payment, 1 + {_h(5, 11)} AS to_publication,
       {_h(6, len(FINES))} AS fine_no, {_h(7, len(CAUSES))} AS cause_no
  FROM seq"""

_DATES = f"""
CREATE TEMP TABLE cases_drawn AS
SELECT d.*, date(julianday('2017-01-01') + filed) AS filed_on,
       date(julianday('2017-01-01') + filed + to_decision) AS decided_on,
       CASE WHEN i % 97 THEN date(julianday('2017-01-01') + filed + MAX(to_decision - 8, 0)) END AS notified_on,
       date(julianday('2017-01-01') + filed + to_decision + to_service) AS served_on,
       date(julianday('2017-01-01') + filed + to_decision + to_service + to_payment) AS paid_on,
       date(julianday('2017-01-01') + filed + to_decision + to_publication) AS published_on,
       CASE fine_no {' '.join(f'WHEN {k} THEN {v}' for k, v in enumerate(FINES))} END AS fine,
       CASE cause_no {' '.join(f"WHEN {k} THEN '{v}'" for k, v in enumerate(CAUSES))} END AS cause,
       '沈水罚字〔' || substr(date(julianday('2017-01-01') + filed), 1, 4) || '〕第' || i || '号' AS case_key
  FROM draws d"""

_CASES = """
INSERT INTO cases (id, case_no, case_key, cause, party, party_id, facts, legal_basis, penalty, fine_fen,
                   filed_on, notified_on, decided_on, served_on, published_on, major, legal_review_on, enforcement,
                   archive_location, field, legal_review_outcome, surcharge_exempt, party_kind, penalty_kinds,
                   unit_id, source_row)
SELECT i, case_key, case_key, cause, '当事人' || i, '', '', '《中华人民共和国水法》第六十九条', '', fine,
       filed_on, notified_on, decided_on, served_on, published_on, i % 20 = 0, CASE WHEN i % 40 THEN decided_on END, '',
       '', '', CASE WHEN i % 40 THEN '通过' ELSE '' END, 0,
       CASE i % 3 WHEN 0 THEN '自然人' WHEN 1 THEN '法人及非法人组织' ELSE '' END, '罚款', unit, i + 2
  FROM cases_drawn"""

_CASE_OFFICERS = """
INSERT INTO case_officers (case_id, position, name, cert_no)
SELECT i, pos, '执法' || oid, '2101' || substr('000000' || oid, -6)
  FROM (SELECT i, pos, 1 + (unit - 1 + 30 * ((i + pos) % 50)) % 1500 AS oid
          FROM cases_drawn JOIN (SELECT 0 AS pos UNION ALL SELECT 1) p ON p.pos = 0 OR i % 13 <> 0)"""

_LEDGER = """
INSERT INTO ledger_entries (seq, case_no, case_key, party, violation, penalty, fine_fen, decided_on, paid_on,
                            receipt_no, receipt_key, enforcement, unit_id, source_row)
SELECT i, case_key, case_key, '当事人' || i, '', '', CASE WHEN i % 211 THEN fine ELSE fine + 100 END,
       decided_on, paid_on, :series || substr('00000000' || i, -8), :series || substr('00000000' || i, -8),
       '已缴纳', unit, i + 3
  FROM cases_drawn"""

_RECEIPTS = """
INSERT INTO receipts (receipt_no, receipt_key, series, number, issued_on, payer, amount_fen, case_no, case_key,
                      collector, onsite, voided, remark, onsite_reason, unit_id, source_row)
SELECT :series || substr('00000000' || i, -8), :series || substr('00000000' || i, -8), :series, i, paid_on,
       CASE WHEN i % 307 THEN '当事人' || i ELSE '别人' END, fine, case_key, case_key, '', 0, i % 1009 = 0, '', '',
       unit, i + 2
  FROM cases_drawn WHERE i % 503 <> 0"""


def generate(path: Path, n: int) -> None:
    """Create the store at `path` (schema by the application) and fill it with n of everything."""
    open_store(path, auto_backup=False).close()
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=OFF")  # a benchmark fixture: rebuilt if a crash spoils it
        with con:
            con.executemany("INSERT INTO units (id, name, field, credit_code) VALUES (?, ?, '水利', '')",
                            [(i, f"单位{i}") for i in range(1, 31)])
            con.executemany(
                "INSERT INTO officers (id, name, cert_no, unit_id, field, valid_from, valid_to, status, kind)"
                " VALUES (?, ?, ?, ?, '水利', '2010-01-01', ?, '有效', ?)",
                [(i, f"执法{i}", f"2101{i:06d}", 1 + i % 30, "2030-01-01" if i % 97 else "2018-01-01",
                  "执法人员" if i % 50 else "辅助人员") for i in range(1, 1501)])
            con.execute(_DRAWS, {"n": n})
            con.execute(_DATES)
            con.execute(_CASES)
            con.execute(_CASE_OFFICERS)
            con.execute(_LEDGER, {"series": SERIES})
            con.execute(_RECEIPTS, {"series": SERIES})
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()
