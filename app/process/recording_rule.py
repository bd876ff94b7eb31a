"""RECORDING_MISSING: a case the office's 音像记录事项清单 lists (查封扣押, 强制拆除, 责令停产停业 …)
that has no 音像 record in its whole-process records.

A set-based rule over the store (app/audit/rule.py `on_store`): the list is read from the
settings table and the cases are found with SQL on the run's connection, so it costs one query
whatever the size of the register. Registered in app/audit/registry.py.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import Connection, text

from app.audit.model import Draft
from app.audit.rule import on_store
from app.process.recording_list import LIST_KEY, MATCHED_COLUMNS, listed_item, parse_list

CODE = "RECORDING_MISSING"
AV = "音像"


def _words(db: Connection) -> list[str]:
    raw = db.execute(text("SELECT value FROM settings WHERE key = :k"), {"k": LIST_KEY}).scalar()
    return ["".join(w.split()) for w in parse_list(raw)]


_SPECIAL = ("%", "_", "\\")


def _spread(word: str) -> str:
    """`%查%封%扣%押%`: the word's characters in order, anything (spaces too) between them. Every
    column that holds the word once its spaces are taken out matches it, so it is a superset of
    the exact test `REPLACE(column, ' ', '') LIKE '%word%'` that is cheap to try on every row."""
    return "%" + "%".join(word) + "%"


def recording_missing(db: Connection) -> Iterator[Draft]:
    """Each listed case without any 音像 record."""
    words = [w for w in _words(db) if w]
    if not words:
        return
    params: dict[str, str] = {}
    tests, quick = [], []
    for i, w in enumerate(words):
        params[f"w{i}"], params[f"q{i}"] = f"%{w}%", _spread(w)
        tests += [f"REPLACE(COALESCE(c.{col}, ''), ' ', '') LIKE :w{i}" for col in MATCHED_COLUMNS]
        quick += [f"c.{col} LIKE :q{i}" for col in MATCHED_COLUMNS]
    cols = ", ".join(f"c.{col}" for col in MATCHED_COLUMNS)
    # The quick test first: a row it rejects the exact one would reject too, and most rows are
    # rejected without a REPLACE (a third of the cost). Words holding a LIKE wildcard or escape
    # character are matched by the exact test alone.
    first = f"({' OR '.join(quick)}) AND " if not any(ch in w for w in words for ch in _SPECIAL) else ""
    sql = (f"SELECT c.case_key, c.case_no, c.unit_id, {cols} FROM cases c WHERE {first}({' OR '.join(tests)}) "
           "AND NOT EXISTS (SELECT 1 FROM process_records r WHERE r.case_key = c.case_key AND r.kind = :av) "
           "ORDER BY c.id")
    for row in db.execute(text(sql), {**params, "av": AV}):
        key, case_no, unit_id, *texts = row
        word = listed_item(words, *texts)
        if not word:  # a LIKE wildcard in the office's word matched more than the word itself
            continue
        yield Draft(CODE, {"case_no": key}, {"音像记录": "全程", "清单事项": word}, {"音像记录": 0},
                    f"案号 {case_no} 属音像记录事项清单所列「{word}」，执法全过程记录中没有音像记录",
                    unit_id=unit_id, case_key=key)


RULES = on_store("检查执法全过程记录", recording_missing)
