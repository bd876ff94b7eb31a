"""Export: what goes into the package and the manifest, the office key, the sequence chain,
masking, the signed report, and refusals that leave nothing behind."""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.errors import UserError
from app.exchange import export_package, office_key, verify_package
from app.signing import PassphraseRequired
from app.store import Store
from db.models import ChangeLogEntry
from db.models_exchange import ExportedPackage, OfficeKey
from tests.exchange.conftest import AS_OF, PASSPHRASE

FULL_ID = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")


def _member(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as zf:
        return zf.read(name)


def test_manifest_names_office_sequence_chain_and_log_head(office: Store, tmp_path: Path) -> None:
    first = export_package(office, tmp_path / "p1.zip", as_of=AS_OF, operator="测试")
    second = export_package(office, tmp_path / "p2.zip", as_of=AS_OF, operator="测试")
    m1 = json.loads(_member(tmp_path / "p1.zip", "manifest.json"))
    m2 = json.loads(_member(tmp_path / "p2.zip", "manifest.json"))
    assert m1["office"]["office_name"] == "沈阳市某某区综合行政执法局" and m1["office"]["office_id"]
    assert (m1["sequence"], m2["sequence"]) == (1, 2) and m1["schema_version"] == 1
    assert m1["previous_package_sha256"] is None
    assert m2["previous_package_sha256"] == hashlib.sha256(_member(tmp_path / "p1.zip", "manifest.json")).hexdigest() \
        == first["manifest_sha256"]
    assert m1["key"]["fingerprint"] == office_key(office)["fingerprint"] == m2["key"]["fingerprint"]
    for m, path in ((m1, tmp_path / "p1.zip"), (m2, tmp_path / "p2.zip")):
        for entry in m["members"]:
            data = _member(path, entry["name"])
            assert (len(data), hashlib.sha256(data).hexdigest()) == (entry["size"], entry["sha256"])
    with office.session() as s:
        rows = s.query(ExportedPackage).order_by(ExportedPackage.sequence).all()
        assert [(r.sequence, r.manifest_sha256, r.previous_manifest_sha256) for r in rows] == \
            [(1, first["manifest_sha256"], ""), (2, second["manifest_sha256"], first["manifest_sha256"])]
        assert rows[0].package_sha256 == hashlib.sha256((tmp_path / "p1.zip").read_bytes()).hexdigest()
        entries = s.query(ChangeLogEntry).filter(ChangeLogEntry.action == "export").order_by(ChangeLogEntry.id).all()
        # the head in each manifest is the log just before that export's own entry
        assert [e.prev_hash for e in entries] == [m1["changelog_head"], m2["changelog_head"]]
        assert s.query(OfficeKey).count() == 1
    assert (office.path.parent / "signer" / "package_ed25519.pem").read_bytes().startswith(
        b"-----BEGIN ENCRYPTED PRIVATE KEY-----")


def test_data_json_has_cli_fields_and_masks_id_numbers(office: Store, tmp_path: Path) -> None:
    export_package(office, tmp_path / "p.zip", as_of=AS_OF)
    raw = _member(tmp_path / "p.zip", "data.json").decode()
    data = json.loads(raw)
    assert data["masked"] is True and data["as_of"] == AS_OF.isoformat()
    assert data["office"]["office_name"] == "沈阳市某某区综合行政执法局"
    assert not FULL_ID.search(raw)
    complaint = next(p for p in data["problems"] if p["source"] == "complaint")
    assert "2101**********1234" in complaint["manifestation"]
    for key in ("id", "category", "manifestation", "unit", "case_no", "measure", "dept", "owner", "deadline", "status",
                "progress", "dispositions", "close_evidence"):
        assert key in complaint
    closed = next(p for p in data["problems"] if p["status"] == "已销号")
    assert closed["close_evidence"][0].keys() == {"file_name", "sha256", "size"}
    assert closed["progress"][0]["evidence"][0]["sha256"] == closed["close_evidence_sha256"]
    assert '"path"' not in raw  # the office's local file paths stay at the office
    for key in ("id", "code", "refs", "expected", "found", "rule", "message"):
        assert key in data["findings"][0]
    assert data["statistics"]["total"]["found"] == len(data["problems"])


def test_unmasked_keeps_id_numbers(office: Store, tmp_path: Path) -> None:
    result = export_package(office, tmp_path / "p.zip", as_of=AS_OF, unmasked=True)
    data = json.loads(_member(tmp_path / "p.zip", "data.json"))
    assert result["masked"] is False and data["masked"] is False
    assert json.loads(_member(tmp_path / "p.zip", "manifest.json"))["masked"] is False
    assert any("210102199001011234" in p["manifestation"] for p in data["problems"])


def test_forms_and_report_are_in_the_package(office: Store, tmp_path: Path) -> None:
    result = export_package(office, tmp_path / "p.zip", as_of=AS_OF)
    assert result["report_signed"] is False and "未签名" in result["report_note"]
    wb = load_workbook(io.BytesIO(_member(tmp_path / "p.zip", "forms/统计表.xlsx")))
    assert "统计表" in wb.active.title
    assert _member(tmp_path / "p.zip", "reports/整改报告.pdf").startswith(b"%PDF")
    with zipfile.ZipFile(tmp_path / "p.zip") as zf:
        kinds = {i.filename: i.compress_type for i in zf.infolist()}
    assert kinds["data.json"] == zipfile.ZIP_DEFLATED and kinds["reports/整改报告.pdf"] == zipfile.ZIP_STORED


def test_the_report_is_signed_when_a_signer_exists(office: Store, tmp_path: Path) -> None:
    from app.signing import create_signer, verify_pdf

    create_signer(office, name="沈阳市某某区综合行政执法局", passphrase=PASSPHRASE)
    result = export_package(office, tmp_path / "p.zip", as_of=AS_OF)
    assert result["report_signed"] is True
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(_member(tmp_path / "p.zip", "reports/整改报告.pdf"))
    checked = verify_pdf(office, pdf)
    assert checked["signed"] and checked["intact"] and checked["trusted"]
    assert json.loads(_member(tmp_path / "p.zip", "manifest.json"))["report_signed"] is True


def test_no_passphrase_means_no_package_and_no_key(office: Store, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CASEAUDIT_SIGNER_PASSPHRASE")
    with pytest.raises(PassphraseRequired):
        export_package(office, tmp_path / "p.zip", as_of=AS_OF)
    assert not (tmp_path / "p.zip").exists() and office_key(office) is None
    assert not (office.path.parent / "signer" / "package_ed25519.pem").exists()


def test_a_wrong_passphrase_writes_nothing(office: Store, tmp_path: Path) -> None:
    export_package(office, tmp_path / "p1.zip", as_of=AS_OF)
    with pytest.raises(UserError, match="口令不正确"):
        export_package(office, tmp_path / "p2.zip", as_of=AS_OF, passphrase="错误的口令")
    assert not (tmp_path / "p2.zip").exists()
    assert [p.name for p in tmp_path.iterdir() if p.suffix in (".zip", ".part")] == ["p1.zip"]
    with office.session() as s:
        assert s.query(ExportedPackage).count() == 1


def test_the_output_must_be_a_zip(office: Store, tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"\.zip"):
        export_package(office, tmp_path / "p.pdf", as_of=AS_OF)


def test_an_exported_package_verifies(office: Store, tmp_path: Path) -> None:
    result = export_package(office, tmp_path / "p.zip", as_of=AS_OF)
    vp = verify_package(tmp_path / "p.zip")
    assert vp.to_json()["ok"] and vp.sequence == 1 and vp.fingerprint == result["key_fingerprint"]
    assert json.loads(vp.kept["data.json"])["office"]["office_id"] == result["office_id"]
