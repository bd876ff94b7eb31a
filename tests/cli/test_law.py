"""`caseaudit law …`: the office's own rules, stored in the store, shown, replaced from a file and
edited piece by piece; a contradictory or malformed rule is refused with nothing written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.cli.helpers import run_cli


def _json(*args: str | Path) -> Any:
    r = run_cli(*args, "--json")
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_a_new_store_has_no_office_rules(store_location: str) -> None:
    doc = _json("--db", store_location, "law", "rules", "show")
    assert doc == {"version": 1, "backlog_days": 365, "sector_rules": [], "hearing_thresholds": [],
                   "review_catalogues": []}


def test_each_part_is_edited_and_shown(tmp_path: Path, store_location: str) -> None:
    db = store_location
    _json("--db", db, "law", "sector-rule", "add", "--topic", "service_of_decision", "--field", "水利", "--days", "5",
          "--working", "--from", "2020-01-01", "--to", "2023-12-31", "--citation", "《某规定》第九条")
    _json("--db", db, "law", "threshold", "set", "--person", "5,000", "--org", "伍万元", "--from", "2017-01-01",
          "--citation", "《某省听证规定》第五条")
    _json("--db", db, "law", "threshold", "set", "--person", "10000", "--org", "100000", "--from", "2017-01-01",
          "--citation", "《某省听证规定》第五条")  # same field and date: replaced, not added
    _json("--db", db, "law", "catalogue", "set", "--from", "2020-01-01", "--kinds", "吊销许可证、责令停产停业",
          "--after-hearing", "--fields", "水利")
    doc = _json("--db", db, "law", "backlog", "set", "730")
    assert doc["backlog_days"] == 730
    assert doc["sector_rules"] == [{"topic": "service_of_decision", "field": "水利", "period": 5, "day_kind": "working",
                                    "effective_from": "2020-01-01", "effective_to": "2023-12-31",
                                    "citation": "《某规定》第九条"}]
    [threshold] = doc["hearing_thresholds"]
    assert (threshold["person_fen"], threshold["organisation_fen"]) == (1_000_000, 10_000_000)
    [catalogue] = doc["review_catalogues"]
    assert catalogue["penalty_kinds"] == ["吊销许可证件", "责令停产停业"] and catalogue["after_hearing"] is True
    assert catalogue["fields"] == ["水利"]
    text = run_cli("--db", db, "law", "rules", "show").stdout
    assert "送达期限（水利）5个工作日" in text and "《某规定》第九条" in text and "经过听证程序" in text
    removed = _json("--db", db, "law", "sector-rule", "remove", "--topic", "service_of_decision", "--field", "水利")
    assert removed["sector_rules"] == []


def test_rules_set_replaces_everything_from_a_file_and_round_trips(tmp_path: Path, store_location: str) -> None:
    db, other = store_location, tmp_path / "b.sqlite"  # exported from either engine, set into a file
    _json("--db", db, "law", "sector-rule", "add", "--topic", "decision_period", "--days", "60", "--from",
          "2018-01-01", "--citation", "《某办法》第三十条")
    exported = tmp_path / "规则.json"
    exported.write_text(run_cli("--db", db, "law", "rules", "show", "--json").stdout, encoding="utf-8")
    _json("--db", other, "law", "rules", "set", "--file", exported)
    assert _json("--db", other, "law", "rules", "show") == _json("--db", db, "law", "rules", "show")


def test_refusals_name_the_problem_and_write_nothing(tmp_path: Path, store_location: str) -> None:
    db = store_location
    _json("--db", db, "law", "sector-rule", "add", "--topic", "decision_period", "--field", "水利", "--days", "90",
          "--from", "2018-01-01", "--citation", "《甲》第一条")
    before = _json("--db", db, "law", "rules", "show")
    overlap = run_cli("--db", db, "law", "sector-rule", "add", "--topic", "decision_period", "--field", "水利",
                      "--days", "60", "--from", "2019-01-01", "--citation", "《乙》第二条")
    assert overlap.returncode == 2 and "重叠" in overlap.stderr
    topic = run_cli("--db", db, "law", "sector-rule", "add", "--topic", "payment_period", "--days", "60",
                    "--from", "2019-01-01", "--citation", "《乙》第二条")
    assert topic.returncode == 2 and "不能由规章另行规定" in topic.stderr
    kind = run_cli("--db", db, "law", "catalogue", "set", "--from", "2020-01-01", "--kinds", "罚没")
    assert kind.returncode == 2 and "罚没" in kind.stderr
    bad = tmp_path / "bad.json"
    bad.write_text('{"sector_rules": [{"topic": "decision_period", "period": "九十"}]}', encoding="utf-8")
    refused = run_cli("--db", db, "law", "rules", "set", "--file", bad)
    assert refused.returncode == 2 and "规章期限第1条" in refused.stderr and "period" in refused.stderr
    assert _json("--db", db, "law", "rules", "show") == before


def test_law_text_names_the_text_in_force() -> None:
    assert _json("law", "text", "--on", "2021-07-14")["text"] == "2017"
    assert _json("law", "text", "--on", "2021年7月15日")["name"] == "2021年修订的《中华人民共和国行政处罚法》"
