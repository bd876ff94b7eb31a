"""Bureau side: import an office's package, and accept a new key for an office.

    import_package(store, path, operator=...) → dict
    verify_against(store, path) → VerifiedPackage (the same checks, nothing written)
    accept_new_key(store, office_id, fingerprint, operator) → dict
    accept_new_office(store, office_id, fingerprint, operator) → dict
    received_office_rules(data) → OfficeRules | None (the office's own rules, read back)

The zip is first copied (hashing as it goes) into `<store dir>/received/` under a temp name and
the copy is verified — so what is kept is exactly what was checked. An office's key is pinned at
its first import; a package signed by another key is refused until a person accepts that key.
A package already imported (replay), or with a sequence number not above the last one, is
refused; so is one whose `previous_package_sha256` does not name the last package when it claims
to follow it directly, one whose change-log head does not continue the last head received, and
a first package from a new office id that carries the name of an office already known (until a
person registers that office with `accept_new_office`). On any refusal the temp copy is removed
and the store is unchanged.

The package's data.json is kept as the office sent it (received_packages.data_json), its
`office_rules` too: the rules (sector periods, 较大数额, 法制审核目录清单) its findings cite.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import UserError
from app.exchange.errors import WHOLE_FILE, PackageRejected
from app.exchange.figures import dumps as figures_text
from app.exchange.figures import package_figures, rules_summary
from app.exchange.figures import received_office_rules as received_office_rules  # re-exported: see the doc
from app.exchange.manifest import MANIFEST, SIGNATURE, is_hex64
from app.exchange.verify import DEFAULT_LIMITS, VerifiedPackage, verify_package
from app.store import Store
from db import changelog
from db.models_exchange import ReceivedOffice, ReceivedOfficeKey, ReceivedPackage

RECEIVED_DIR = "received"
NOT_IMPORTED = "未导入，数据库未作任何改动。"
CHUNK = 1 << 20


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def admissible(s: Session, manifest: dict[str, Any], manifest_sha: str, fingerprint: str) -> ReceivedOffice | None:
    """The office's row (None for an office never seen), or PackageRejected: another key than the
    pinned one, a replay, an older sequence, a broken link to the previous package, a change log
    that does not continue the last one received, or a new office id under a known office's name."""
    office_id, seq = manifest["office"]["office_id"], manifest["sequence"]
    office = s.get(ReceivedOffice, office_id)
    if office is None:
        _new_office(s, manifest, fingerprint)
        return None
    name = office.name or office_id
    if office.pinned_fingerprint != fingerprint:
        raise PackageRejected(SIGNATURE, "key", f"的签名密钥（指纹 {fingerprint}）不是单位「{name}」首次导入时登记的密钥"
                              f"（指纹 {office.pinned_fingerprint}）。如确认该单位已更换密钥，请由专人在窗口中确认接受新密钥后再导入",
                              details={"office_id": office_id, "fingerprint": fingerprint,
                                       "pinned": office.pinned_fingerprint})
    if s.scalar(select(ReceivedPackage.id).where(ReceivedPackage.manifest_sha256 == manifest_sha)) is not None:
        raise PackageRejected(MANIFEST, "replay", f"表明这是已经导入过的数据包（单位「{name}」第 {seq} 号），重复导入被拒绝")
    if seq <= office.last_sequence:
        raise PackageRejected(MANIFEST, "sequence", f"的序号 {seq} 不大于单位「{name}」已导入的最新序号 "
                              f"{office.last_sequence}（旧的或重放的数据包）")
    prev = manifest.get("previous_package_sha256")
    if seq == office.last_sequence + 1 and office.last_manifest_sha256 and prev != office.last_manifest_sha256:
        raise PackageRejected(MANIFEST, "chain", f"所列前序数据包（{prev}）不是已导入的第 {office.last_sequence} 号数据包"
                              f"（{office.last_manifest_sha256}）")
    _continues_log(office, manifest)
    return office


def _continues_log(office: ReceivedOffice, manifest: dict[str, Any]) -> None:
    """The package's change-log head extends the last head received: it is that head, or the
    package lists that head (at its sequence) among the heads its office has sent and still holds
    in its chain (export.py refuses to export when one is gone)."""
    heads = [h for h in json.loads(office.heads_json or "[]") if isinstance(h, dict) and h.get("head")]
    if not heads:
        return
    last = heads[-1]
    head = manifest.get("changelog_head") or ""
    points = manifest.get("changelog_checkpoints")
    if head == last["head"] or (isinstance(points, list) and
                                {"sequence": last["sequence"], "head": last["head"]} in points):
        return
    name = office.name or office.office_id
    why = ("该数据包由旧版本程序导出，未列出此前报送的链头，无法证明其变更日志是前一份的延续；请发送单位升级后重新导出"
           if points is None else "发送单位的变更日志在报送之后被删除或改写")
    raise PackageRejected(MANIFEST, "changelog", f"的变更日志链头 {head or '（空）'} 不是单位「{name}」第 {last['sequence']} 号"
                          f"数据包的链头 {last['head']} 的延续（{why}）",
                          details={"office_id": office.office_id, "head": head, "last_head": last["head"],
                                   "last_sequence": last["sequence"]})


def _new_office(s: Session, manifest: dict[str, Any], fingerprint: str) -> None:
    """A first package from an office id never seen may not take the name of an office already
    known: two offices of one name would be summed as one in the summary. A person decides."""
    office_id = manifest["office"]["office_id"]
    name = str(manifest["office"].get("office_name") or "")
    if not name:
        return
    known = s.scalar(select(ReceivedOffice).where(ReceivedOffice.name == name, ReceivedOffice.office_id != office_id))
    if known is None:
        return
    raise PackageRejected(MANIFEST, "office", f"来自新的单位标识 {office_id}（密钥指纹 {fingerprint}），但单位名称「{name}」"
                          f"已属于已登记的单位（标识 {known.office_id}）。如确认这是另一个单位，请由专人核实后执行"
                          f"“caseaudit bureau accept-office {office_id} {fingerprint}”（或在窗口中确认）登记该单位，再导入",
                          details={"office_id": office_id, "fingerprint": fingerprint, "name": name,
                                   "known_office_id": known.office_id})


def _copy_in(src: Path, folder: Path) -> tuple[Path, str]:
    """Copy the package into `folder` under a temp name, hashing it; refused when too large."""
    try:
        size = src.stat().st_size
        if size > DEFAULT_LIMITS.max_total + DEFAULT_LIMITS.max_members * 65_536:
            raise PackageRejected(WHOLE_FILE, "total_size", f"文件大小 {size} 字节超过上限")
        folder.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=".incoming-", suffix=".part", dir=folder)
    except OSError as exc:
        raise PackageRejected(WHOLE_FILE, "file", f"无法读取或无法复制（{exc.strerror or exc}）") from None
    temp, h = Path(name), hashlib.sha256()
    try:
        with open(src, "rb") as fin, os.fdopen(fd, "wb") as fout:
            for chunk in iter(lambda: fin.read(CHUNK), b""):
                h.update(chunk)
                fout.write(chunk)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise PackageRejected(WHOLE_FILE, "file", f"无法读取或无法复制（{exc.strerror or exc}）") from None
    return temp, h.hexdigest()


def verify_against(store: Store, path: Path | str) -> VerifiedPackage:
    """`package verify --db`: everything import checks against this bureau's store (pinned key,
    sequence, replay, chain, change-log heads, office names), writing nothing."""
    def check(manifest: dict[str, Any], manifest_sha: str, fingerprint: str) -> None:
        with store.session() as s:
            admissible(s, manifest, manifest_sha, fingerprint)

    return verify_package(path, check_key=check, keep=frozenset())


def import_package(store: Store, path: Path | str, *, operator: str = "") -> dict[str, Any]:
    """Verify the package, then keep it under its office. PackageRejected (nothing written) otherwise."""
    path = Path(path)
    held = store.lock.held
    store.lock.acquire()
    temp: Path | None = None
    folder = store.path.parent / RECEIVED_DIR
    existed = folder.exists()
    try:
        temp, package_sha = _copy_in(path, folder)

        def check(manifest: dict[str, Any], manifest_sha: str, fingerprint: str) -> None:
            with store.session() as s:
                admissible(s, manifest, manifest_sha, fingerprint)

        vp = verify_package(temp, check_key=check)
        return _record(store, vp, vp.data, temp, package_sha, path.name, operator)
    except PackageRejected as exc:
        raise exc.with_suffix(NOT_IMPORTED) from None
    finally:
        if temp is not None:
            temp.unlink(missing_ok=True)
        if not existed:
            with contextlib.suppress(OSError):
                folder.rmdir()  # only succeeds when nothing was kept
        if not held:
            store.lock.release()


def _record(store: Store, vp: VerifiedPackage, data: dict[str, Any], temp: Path, package_sha: str, file_name: str,
            operator: str) -> dict[str, Any]:
    m, now = vp.manifest, _now()
    rel = f"{RECEIVED_DIR}/{vp.office_id}/{vp.sequence:06d}-{vp.manifest_sha256[:16]}.zip"
    final = store.path.parent / rel
    with store.writing() as s:
        office = admissible(s, m, vp.manifest_sha256, vp.fingerprint)
        first = office is None
        gap = 0 if office is None else vp.sequence - office.last_sequence - 1
        if office is None:
            office = ReceivedOffice(office_id=vp.office_id, name=vp.office_name, pinned_fingerprint=vp.fingerprint,
                                    last_sequence=0, last_manifest_sha256="", heads_json="[]", first_imported_at=now)
            s.add(office)
            s.flush()
            s.add(ReceivedOfficeKey(office_id=vp.office_id, fingerprint=vp.fingerprint, how="first_import", at=now,
                                    operator=operator))
        heads = json.loads(office.heads_json or "[]")
        heads.append({"sequence": vp.sequence, "head": m.get("changelog_head") or "", "received_at": now.isoformat()})
        office.name = vp.office_name or office.name
        office.last_sequence, office.last_manifest_sha256 = vp.sequence, vp.manifest_sha256
        office.heads_json = json.dumps(heads, ensure_ascii=False)
        row = ReceivedPackage(office_id=vp.office_id, sequence=vp.sequence, manifest_sha256=vp.manifest_sha256,
                              package_sha256=package_sha, previous_manifest_sha256=m.get("previous_package_sha256") or "",
                              changelog_head=m.get("changelog_head") or "", key_fingerprint=vp.fingerprint,
                              created_at=str(m.get("created_at") or ""), imported_at=now, operator=operator,
                              stored_path=rel, data_json=json.dumps(data, ensure_ascii=False),
                              figures_json=figures_text(package_figures(data, rules_summary(data))))
        s.add(row)
        s.flush()
        changelog.append(s, operator=operator, action="import", table_name="received_packages", record_id=row.id,
                         after={"office_id": vp.office_id, "sequence": vp.sequence, "file_name": file_name,
                                "manifest_sha256": vp.manifest_sha256, "package_sha256": package_sha,
                                "changelog_head": row.changelog_head, "key_fingerprint": vp.fingerprint})
        try:
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(temp, final)
        except OSError as exc:
            raise UserError(f"无法保存数据包到 {final}（{exc.strerror or exc}），{NOT_IMPORTED}") from None
    return {"office_id": vp.office_id, "office_name": vp.office_name, "sequence": vp.sequence,
            "manifest_sha256": vp.manifest_sha256, "package_sha256": package_sha,
            "changelog_head": row.changelog_head, "key_fingerprint": vp.fingerprint, "first_import": first,
            "missing_before": gap, "problems": len(data["problems"]), "stored_path": str(final)}


def accept_new_key(store: Store, office_id: str, fingerprint: str, operator: str) -> dict[str, Any]:
    """A person accepts `fingerprint` as the office's key from now on (the old one is no longer
    accepted). Recorded with the operator in received_office_keys and the change log."""
    fingerprint = (fingerprint or "").strip().lower()
    if not is_hex64(fingerprint):
        raise UserError("密钥指纹应为 64 位十六进制数（SHA-256）。")
    if not (operator or "").strip():
        raise UserError("接受新密钥必须写明操作人。")
    with store.writing() as s:
        office = s.get(ReceivedOffice, office_id)
        if office is None:
            raise UserError(f"尚未导入过单位（标识 {office_id}）的数据包，无需接受新密钥：首次导入时自动登记其密钥。")
        before = office.pinned_fingerprint
        if before != fingerprint:
            office.pinned_fingerprint = fingerprint
            s.add(ReceivedOfficeKey(office_id=office_id, fingerprint=fingerprint, how="accepted", at=_now(),
                                    operator=operator))
            s.flush()
            changelog.append(s, operator=operator, action="update", table_name="received_offices", record_id=None,
                             before={"office_id": office_id, "pinned_fingerprint": before},
                             after={"office_id": office_id, "pinned_fingerprint": fingerprint})
        return {"office_id": office_id, "name": office.name, "pinned_fingerprint": fingerprint,
                "previous_fingerprint": before, "changed": before != fingerprint}


def accept_new_office(store: Store, office_id: str, fingerprint: str, operator: str) -> dict[str, Any]:
    """A person registers a new office id (with the key fingerprint its package showed) whose
    name is already taken by another office; its packages are then imported as usual."""
    fingerprint = (fingerprint or "").strip().lower()
    office_id = (office_id or "").strip()
    if not is_hex64(fingerprint):
        raise UserError("密钥指纹应为 64 位十六进制数（SHA-256）。")
    if not office_id:
        raise UserError("请写明单位标识。")
    if not (operator or "").strip():
        raise UserError("登记新单位必须写明操作人。")
    with store.writing() as s:
        if s.get(ReceivedOffice, office_id) is not None:
            raise UserError(f"单位标识 {office_id} 已登记，无需再次登记；如其更换了密钥，请用“接受新密钥”。")
        now = _now()
        s.add(ReceivedOffice(office_id=office_id, name="", pinned_fingerprint=fingerprint, last_sequence=0,
                             last_manifest_sha256="", heads_json="[]", first_imported_at=now))
        s.flush()
        s.add(ReceivedOfficeKey(office_id=office_id, fingerprint=fingerprint, how="accepted_office", at=now,
                                operator=operator))
        changelog.append(s, operator=operator, action="create", table_name="received_offices", record_id=None,
                         after={"office_id": office_id, "pinned_fingerprint": fingerprint, "how": "accepted_office"})
    return {"office_id": office_id, "pinned_fingerprint": fingerprint, "changed": True}
