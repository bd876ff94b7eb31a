"""Bureau side: the round trip (office statistics = bureau summary), key pinning and accepting a
new key, replays, older sequences, a broken chain, forged signatures, lying zip directories."""

from __future__ import annotations

import hashlib
import json
import struct
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.errors import UserError
from app.exchange import (
    PackageRejected,
    accept_new_key,
    bureau_summary,
    export_package,
    import_package,
    verify_package,
)
from app.exchange.package import Member, build_manifest, write_zip
from app.rectify.service import list_problems, statistics
from app.store import Store
from tests.exchange.conftest import AS_OF
from tests.exchange.helpers import forge, snapshot


def _office_id(path: Path) -> str:
    return verify_package(path).office_id


def test_round_trip_summary_equals_the_office_statistics(office: Store, bureau: Store, tmp_path: Path) -> None:
    out = export_package(office, tmp_path / "p.zip", as_of=AS_OF, operator="测试")
    result = import_package(bureau, tmp_path / "p.zip", operator="科员")
    assert result["first_import"] and result["sequence"] == 1 and result["office_name"] == "沈阳市某某区综合行政执法局"
    assert Path(result["stored_path"]).read_bytes() == (tmp_path / "p.zip").read_bytes()
    summary = bureau_summary(bureau, as_of=AS_OF)
    (o,) = summary["offices"]
    stats = statistics(office)
    keys = ("found", "rectified", "people_handled", "sanctions")
    assert o["by_category"] == {r["category"]: {k: r[k] for k in keys} for r in stats["rows"]}
    assert list(o["by_category"]) == [r["category"] for r in stats["rows"]]
    assert (o["problems"], o["rectified"], o["people_handled"], o["sanctions"]) == tuple(stats["total"][k] for k in keys)
    assert o["rectified"] == 5 and o["people_handled"] == 3 and o["sanctions"] == 1
    assert o["overdue"] == len(list_problems(office, overdue=True, as_of=AS_OF)) == 4  # problems 6, 8, 10, 12
    assert summary["total"]["problems"] == stats["total"]["found"] and summary["total"]["offices"] == 1
    assert summary["by_category"] == o["by_category"]
    assert o["office_id"] == out["office_id"] and o["sequence"] == 1


def test_two_offices_are_summed(office_template: Path, bureau: Store, tmp_path: Path) -> None:
    import shutil

    from app.store import open_store

    results = []
    for n in (1, 2):
        folder = tmp_path / f"office{n}"
        shutil.copytree(office_template.parent, folder)
        store = open_store(folder / "office.sqlite")
        try:
            if n == 2:  # a second office: its own identity and name (a copy would carry the first one's)
                from db.models_settings import Setting
                with store.writing() as s:
                    s.get(Setting, "office.office_id").value = "office-two"
                    s.get(Setting, "office.office_name").value = "沈阳市某某区第二综合行政执法局"
            results.append(export_package(store, tmp_path / f"p{n}.zip", as_of=AS_OF))
        finally:
            store.close()
        import_package(bureau, tmp_path / f"p{n}.zip")
    summary = bureau_summary(bureau, as_of=AS_OF)
    assert len(summary["offices"]) == 2
    assert summary["total"]["problems"] == 2 * summary["offices"][0]["problems"]
    cat = next(iter(summary["by_category"]))
    assert summary["by_category"][cat]["found"] == 2 * summary["offices"][0]["by_category"][cat]["found"]


def test_replay_and_older_sequence_are_refused(office: Store, bureau: Store, tmp_path: Path) -> None:
    p1 = export_package(office, tmp_path / "p1.zip", as_of=AS_OF)
    p2 = export_package(office, tmp_path / "p2.zip", as_of=AS_OF)
    assert (p1["sequence"], p2["sequence"]) == (1, 2) and p2["previous_package_sha256"] == p1["manifest_sha256"]
    import_package(bureau, tmp_path / "p2.zip")
    before = snapshot(bureau.path)
    with pytest.raises(PackageRejected) as replay:
        import_package(bureau, tmp_path / "p2.zip")
    assert (replay.value.member, replay.value.check) == ("manifest.json", "replay") and "重复导入" in replay.value.message
    with pytest.raises(PackageRejected) as older:
        import_package(bureau, tmp_path / "p1.zip")
    assert (older.value.member, older.value.check) == ("manifest.json", "sequence") and "序号 1" in older.value.message
    assert snapshot(bureau.path) == before


def test_the_heads_of_the_change_log_are_kept_per_office(office: Store, bureau: Store, tmp_path: Path) -> None:
    from db.models_exchange import ReceivedOffice, ReceivedPackage

    heads = []
    for n in (1, 2):
        heads.append(export_package(office, tmp_path / f"p{n}.zip", as_of=AS_OF)["changelog_head"])
        import_package(bureau, tmp_path / f"p{n}.zip")
    assert heads[0] != heads[1]  # the first export's own log entry moved the head
    with bureau.session() as s:
        office_row = s.get(ReceivedOffice, _office_id(tmp_path / "p1.zip"))
        assert [h["head"] for h in json.loads(office_row.heads_json)] == heads
        assert [p.changelog_head for p in s.query(ReceivedPackage).order_by(ReceivedPackage.sequence)] == heads
    with office.session() as s:
        from db.models import ChangeLogEntry
        assert all(s.query(ChangeLogEntry).filter(ChangeLogEntry.hash == h).count() == 1 for h in heads)


def test_a_new_key_is_refused_until_a_person_accepts_it(package: Path, bureau: Store, tmp_path: Path) -> None:
    first = import_package(bureau, package)
    new_key = Ed25519PrivateKey.generate()

    def next_package(m: dict) -> None:
        m["sequence"] = 2
        m["previous_package_sha256"] = first["manifest_sha256"]

    p2 = forge(package, tmp_path / "p2.zip", new_key, next_package)
    vp = verify_package(p2)  # a sound package in itself …
    before = snapshot(bureau.path)
    with pytest.raises(PackageRejected) as refused:  # … but not signed by the pinned key
        import_package(bureau, p2)
    exc = refused.value
    assert (exc.member, exc.check) == ("manifest.sig", "key") and vp.fingerprint in exc.message
    assert exc.details == {"office_id": vp.office_id, "fingerprint": vp.fingerprint, "pinned": first["key_fingerprint"]}
    assert snapshot(bureau.path) == before
    with pytest.raises(UserError):
        accept_new_key(bureau, vp.office_id, "not-a-fingerprint", "王科长")
    with pytest.raises(UserError):
        accept_new_key(bureau, "no-such-office", vp.fingerprint, "王科长")
    accepted = accept_new_key(bureau, vp.office_id, vp.fingerprint, "王科长")
    assert accepted["changed"] and accepted["previous_fingerprint"] == first["key_fingerprint"]
    assert import_package(bureau, p2)["sequence"] == 2
    with bureau.session() as s:
        from db.models_exchange import ReceivedOfficeKey
        assert [(k.how, k.operator) for k in s.query(ReceivedOfficeKey).order_by(ReceivedOfficeKey.id)] == \
            [("first_import", ""), ("accepted", "王科长")]


def test_a_signature_by_a_key_the_manifest_does_not_name_is_refused(package: Path, bureau: Store,
                                                                    tmp_path: Path) -> None:
    bad = forge(package, tmp_path / "bad.zip", Ed25519PrivateKey.generate(), key_in_manifest=False)
    for call in (lambda: verify_package(bad), lambda: import_package(bureau, bad)):
        with pytest.raises(PackageRejected) as exc:
            call()
        assert (exc.value.member, exc.value.check) == ("manifest.json", "key")


def test_a_package_that_does_not_follow_the_last_one_is_refused(office: Store, bureau: Store, tmp_path: Path) -> None:
    from app.exchange.keys import unlock_key

    first = export_package(office, tmp_path / "p1.zip", as_of=AS_OF)
    import_package(bureau, tmp_path / "p1.zip")
    _, key = unlock_key(office)  # the office's own key: only the link to package 1 is wrong

    def broken_link(m: dict) -> None:
        m["sequence"], m["previous_package_sha256"] = 2, "0" * 64

    bad = forge(tmp_path / "p1.zip", tmp_path / "p2.zip", key, broken_link)
    with pytest.raises(PackageRejected) as exc:
        import_package(bureau, bad)
    assert (exc.value.member, exc.value.check) == ("manifest.json", "chain")
    assert first["manifest_sha256"] in exc.value.message

    def after_a_gap(m: dict) -> None:
        m["sequence"], m["previous_package_sha256"] = 3, "0" * 64  # package 2 never arrived

    later = forge(tmp_path / "p1.zip", tmp_path / "p3.zip", key, after_a_gap)
    assert import_package(bureau, later)["missing_before"] == 1


def test_a_lying_directory_is_stopped_at_the_declared_size(bureau: Store, tmp_path: Path) -> None:
    """A member whose zip headers and manifest all claim 1000 bytes but which inflates to 20 MB:
    reading stops as soon as the output passes 1000 bytes."""
    key = Ed25519PrivateKey.generate()
    from app.exchange.manifest import fingerprint_of, public_raw

    honest = Member("data.json", data=b"x" * 1000)
    manifest = build_manifest([honest], office={"office_id": "o1", "office_name": "某局"}, sequence=1, previous=None,
                              changelog_head="", fingerprint=fingerprint_of(public_raw(key.public_key())), masked=True,
                              created_at=__import__("datetime").datetime(2024, 6, 30, 12, 0))
    path = tmp_path / "lying.zip"
    write_zip(path, [Member("data.json", data=bytes(20 * 1024 * 1024))], manifest, key)
    raw = bytearray(path.read_bytes())
    cd = raw.index(b"PK\x01\x02")  # data.json's central directory record: uncompressed size at +24
    struct.pack_into("<L", raw, cd + 24, 1000)
    struct.pack_into("<L", raw, 22, 1000)  # and its local header (at 0) tells the same lie: the headers agree
    path.write_bytes(bytes(raw))
    with zipfile.ZipFile(path) as zf:
        assert zf.getinfo("data.json").file_size == 1000
    for call in (lambda: verify_package(path), lambda: import_package(bureau, path)):
        with pytest.raises(PackageRejected) as exc:
            call()
        assert (exc.value.member, exc.value.check) == ("data.json", "size")
    assert hashlib.sha256(b"x" * 1000).hexdigest() == manifest["members"][0]["sha256"]


def test_the_bureau_shows_the_rules_each_office_sent(office: Store, bureau: Store, tmp_path: Path) -> None:
    """data.json carries the office's own rules; the bureau keeps them and its summary shows them."""
    from datetime import date

    from app.audit.law.office import HearingThreshold
    from app.audit.law_settings import set_backlog_days, set_threshold
    from app.exchange.bureau import received_office_rules

    set_backlog_days(office, 400)
    set_threshold(office, HearingThreshold(5_000_00, 50_000_00, date(2022, 1, 1), citation="《某省较大数额规定》"))
    export_package(office, tmp_path / "p.zip", as_of=AS_OF)
    import_package(bureau, tmp_path / "p.zip")
    (o,) = bureau_summary(bureau, as_of=AS_OF)["offices"]
    rules = o["office_rules"]
    assert (rules["backlog_days"], rules["sector_rules"], rules["hearing_thresholds"], rules["review_catalogues"]) \
        == (400, 0, 1, 0)
    assert rules["lines"][0] == "历史积案标准：立案后 400 日"
    assert "公民 5,000.00 元" in rules["lines"][1] and "《某省较大数额规定》" in rules["lines"][1]
    assert received_office_rules({"problems": []}) is None  # a package from before office rules were sent
    assert received_office_rules({"office_rules": {"backlog_days": "很久"}}) is None  # not readable as rules
