"""The findings' stored text and fingerprints: the fast encoders write exactly what json.dumps
writes, so fingerprints of findings stored by earlier versions still match."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime

import pytest

from app.audit.codes import rule_of
from app.audit.model import Draft, canonical
from app.audit.persist import _default, dumps, save_findings
from app.store import Store

VALUES = [None, 0, -7, 1.5, True, "", "收据 辽财罚A001 \"引号\"\n", [], {}, [1, "a", None],
          {"b": [1, {"z": None, "a": 2}], "a": "中文", "c": {"y": 1, "x": [True, False]}}]


@pytest.mark.parametrize("value", VALUES)
def test_encoders_write_what_json_dumps_writes(value: object) -> None:
    assert canonical(value) == json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert dumps(value) == json.dumps(value, ensure_ascii=False, sort_keys=True, default=_default)


def test_dates_are_stored_as_iso_text() -> None:
    assert dumps({"on": date(2019, 5, 9), "at": datetime(2019, 5, 9, 8, 30)}) == \
        '{"at": "2019-05-09T08:30:00", "on": "2019-05-09"}'
    with pytest.raises(TypeError):
        dumps({"x": object()})


def test_fingerprint_is_sha256_of_code_and_compact_sorted_refs() -> None:
    refs = {"receipt_no": "辽财罚A001", "case_no": "沈水罚字〔2019〕第1号", "ledger_row": 7}
    d = Draft("RECEIPT_AMOUNT_MISMATCH", refs, None, None, "")
    text = 'RECEIPT_AMOUNT_MISMATCH\n{"case_no":"沈水罚字〔2019〕第1号","ledger_row":7,"receipt_no":"辽财罚A001"}'
    assert d.fingerprint == hashlib.sha256(text.encode()).hexdigest()


def test_save_findings_returns_ids_in_draft_order_and_updates_by_fingerprint(store: Store) -> None:
    now = datetime(2025, 6, 30, 9, 0)
    drafts = [Draft("CASE_NOT_IN_LEDGER", {"case_no": f"C{i}"}, "台账中有该案登记", {"fine_fen": i}, f"案卷 C{i}")
              for i in range(5)]
    with store.writing() as s:
        first = save_findings(s, drafts, now)
    assert first.new == 5 and len(set(first.ids)) == 5 and first.statuses == ["open"] * 5
    again = [drafts[3], Draft("CASE_NOT_IN_LEDGER", {"case_no": "C9"}, None, None, "新"), drafts[0]]
    with store.writing() as s:
        second = save_findings(s, again, now)
        stored = dict(s.connection().exec_driver_sql("SELECT id, status FROM findings").all())
    assert second.ids[0] == first.ids[3] and second.ids[2] == first.ids[0]
    assert second.ids[1] not in first.ids and (second.new, second.resolved) == (1, 3)
    assert [stored[i] for i in first.ids] == ["open", "resolved", "resolved", "open", "resolved"]


def test_a_finding_is_stored_with_the_rule_its_run_cites(store: Store) -> None:
    """The article of the text in force on the finding's date (Draft.rule) is what the store keeps,
    on the first run and on the next; a draft citing nothing keeps its code's general rule."""
    now = datetime(2025, 6, 30, 9, 0)
    dated = "2017年修正的《中华人民共和国行政处罚法》第四十七条"
    drafts = [Draft("ONSITE_COLLECTION_OVER_LIMIT", {"receipt_no": "A1"}, {"max_fen": 2_000}, {"amount_fen": 5_000}, "当场收缴",
                    rule=dated),
              Draft("CASE_NOT_IN_LEDGER", {"case_no": "C1"}, None, None, "案卷 C1")]
    for _ in range(2):  # inserted, then refreshed
        with store.writing() as s:
            saved = save_findings(s, drafts, now)
            rules = dict(s.connection().exec_driver_sql("SELECT id, rule FROM findings").all())
        assert [rules[i] for i in saved.ids] == [dated, rule_of("CASE_NOT_IN_LEDGER")]
