"""Evidence on a server store is shared by every desk (app/rectify/evidence_blobs.py).

Desk A attaches a file; desk B — the same PostgreSQL database opened with another local side
folder, as another computer would — opens it and exports a package containing it, and a blob
changed on the server is refused. A SQLite store keeps its files beside it only, as before.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from app.errors import StoreError, UserError
from app.rectify import evidence as ev
from app.rectify import evidence_blobs as blobs
from app.rectify import service
from app.store import Store, open_store
from db.models import table_of
from db.models_evidence import EvidenceBlob
from db.models_rectify import EvidenceFile

BLOBS = table_of(EvidenceBlob)


@pytest.fixture
def proof(tmp_path: Path) -> Path:
    path = tmp_path / "整改佐证.pdf"
    path.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 40 + "销号审批表（盖章扫描件）".encode())
    return path


def _problem(store: Store) -> int:
    return service.add_problem(store, category="执法不规范", manifestation="未告知陈述申辩权利", source="complaint")


def _blob_rows(store: Store) -> list[tuple[str, int, bytes]]:
    with store.engine.connect() as conn:
        return [(r.sha256, r.size, bytes(r.content)) for r in conn.execute(select(BLOBS))]


def _progress_file(store: Store, pid: int) -> dict[str, object]:
    (entry,) = service.get_problem(store, pid)["progress"]
    (f,) = entry["evidence"]
    return f


@pytest.fixture
def desks(pg_template_database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Store]]:
    """Two desks on one server database, each with its own local side folder."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "desk-a"))
    a = open_store(pg_template_database, auto_backup=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "desk-b"))
    b = open_store(pg_template_database, auto_backup=False)
    assert a.path.parent != b.path.parent and a.kind == b.kind == "postgresql"
    yield [a, b]
    a.close()
    b.close()


def test_evidence_is_kept_on_both_engines_and_in_the_database_only_on_a_server(store: Store, proof: Path) -> None:
    pid = _problem(store)
    service.add_progress(store, pid, note="已补正", evidence=proof, on=date(2024, 4, 1))
    digest = hashlib.sha256(proof.read_bytes()).hexdigest()
    f = _progress_file(store, pid)
    assert f["sha256"] == digest
    assert Path(str(f["path"])).read_bytes() == proof.read_bytes()
    assert Path(str(f["path"])).parent.parent == ev.evidence_dir(store)
    if store.kind == "postgresql":
        assert _blob_rows(store) == [(digest, proof.stat().st_size, proof.read_bytes())]
    else:
        assert _blob_rows(store) == []  # a SQLite store keeps its files beside it, nothing more


def test_the_same_file_twice_is_one_blob(store: Store, proof: Path) -> None:
    pid = _problem(store)
    service.add_progress(store, pid, note="第一次", evidence=proof)
    service.add_progress(store, pid, note="第二次", evidence=proof)
    assert len(_blob_rows(store)) == (1 if store.kind == "postgresql" else 0)


@pytest.mark.sqlite_only
def test_a_sqlite_store_never_fetches_a_missing_file(store: Store, proof: Path) -> None:
    pid = _problem(store)
    service.add_progress(store, pid, note="已补正", evidence=proof)
    path = Path(str(_progress_file(store, pid)["path"]))
    path.unlink()
    assert ev.absolute_path(store, path.relative_to(store.path.parent).as_posix()) == path
    assert not path.exists()


@pytest.mark.postgresql
def test_another_desk_opens_the_evidence_a_desk_attached(desks: list[Store], proof: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = desks
    monkeypatch.setattr(blobs, "CHUNK", 1000)  # several chunks each way
    pid = _problem(a)
    service.add_progress(a, pid, note="已补正", evidence=proof, on=date(2024, 4, 1))
    local_b = ev.evidence_dir(b)
    assert not local_b.exists()
    f = _progress_file(b, pid)
    path = Path(str(f["path"]))
    assert path.is_relative_to(local_b)
    assert path.read_bytes() == proof.read_bytes()
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".")]  # no temp file left
    # 销号 at desk B with the same file: still one blob, and desk A sees B's close-out evidence
    service.set_measure(b, pid, measure="补正案卷", dept="法制科", owner="王五", deadline=date(2030, 1, 1))
    service.close_problem(b, pid, evidence=proof, approver="李局长", on=date(2024, 4, 20))
    assert len(_blob_rows(a)) == 1
    (closed,) = service.get_problem(a, pid)["close_evidence"]
    assert Path(str(closed["path"])).read_bytes() == proof.read_bytes()


@pytest.mark.postgresql
def test_another_desk_exports_a_package_containing_the_evidence(desks: list[Store], proof: Path, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from app.exchange import export_package
    from app.office import set_office_info

    a, b = desks
    set_office_info(a, office_name="沈阳市某某区综合行政执法局", principal_leader="李局长")
    monkeypatch.setenv("CASEAUDIT_SIGNER_PASSPHRASE", "数据包口令-2024")
    pid = _problem(a)
    service.add_progress(a, pid, note="已补正", evidence=proof, on=date(2024, 4, 1))
    out = tmp_path / "package.zip"
    export_package(b, out, as_of=date(2024, 6, 30), operator="测试")
    with zipfile.ZipFile(out) as zf:
        data = json.loads(zf.read("data.json"))
    (problem,) = [p for p in data["problems"] if p["id"] == pid]
    (kept,) = problem["progress"][0]["evidence"]
    assert kept["sha256"] == hashlib.sha256(proof.read_bytes()).hexdigest()
    digest = kept["sha256"]
    assert (ev.evidence_dir(b) / digest[:2] / f"{digest}.pdf").read_bytes() == proof.read_bytes()


@pytest.mark.postgresql
@pytest.mark.parametrize("change", ["flipped", "grown", "shrunk"])
def test_a_changed_blob_is_refused_naming_the_file(desks: list[Store], proof: Path, change: str) -> None:
    a, b = desks
    pid = _problem(a)
    service.add_progress(a, pid, note="已补正", evidence=proof)
    original = proof.read_bytes()
    forged = {"flipped": original[:100] + bytes([original[100] ^ 1]) + original[101:],
              "grown": original + b"x", "shrunk": original[:-1]}[change]
    with a.engine.begin() as conn:
        conn.execute(update(BLOBS).values(content=forged))
    digest = hashlib.sha256(original).hexdigest()
    with pytest.raises(StoreError, match=f"证明材料 {digest}.pdf .*SHA-256 不符"):
        service.get_problem(b, pid)
    folder = ev.evidence_dir(b) / digest[:2]
    assert not folder.exists() or not any(folder.iterdir())  # nothing half-fetched is left to be opened


@pytest.mark.postgresql
def test_a_file_over_the_server_limit_is_refused_and_nothing_is_written(desks: list[Store], proof: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    a, _ = desks
    monkeypatch.setattr(blobs, "MAX_SERVER_BYTES", proof.stat().st_size - 1)
    pid = _problem(a)
    with pytest.raises(UserError, match="超过"):
        service.add_progress(a, pid, note="已补正", evidence=proof)
    assert _blob_rows(a) == []
    with a.session() as s:
        assert s.scalar(select(func.count()).select_from(EvidenceFile)) == 0
    assert not ev.evidence_dir(a).exists() or not any(ev.evidence_dir(a).rglob("*.pdf"))


@pytest.mark.postgresql
def test_a_failed_upload_leaves_no_local_file_and_no_row(desks: list[Store], proof: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    a, _ = desks
    pid = _problem(a)

    def broken(*args: object) -> bool:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(blobs, "upload", broken)
    with pytest.raises(UserError, match="无法保存证明材料"):
        service.add_progress(a, pid, note="已补正", evidence=proof)
    assert not any(ev.evidence_dir(a).rglob("*.pdf"))
    with a.session() as s:
        assert s.scalar(select(func.count()).select_from(EvidenceFile)) == 0
