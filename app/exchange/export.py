"""`package export`: the office's package for the supervising bureau.

    export_package(store, out, passphrase=None, sign_passphrase=None, unmasked=False, …) → dict

Members: data.json, forms/<the four forms>.xlsx, reports/整改报告.pdf (signed with the office's
signing certificate when there is one and its passphrase is at hand, else unsigned and the
result says so), then manifest.json and manifest.sig. The sequence number, the previous
package's manifest hash and the change log's head go into the manifest; the export is recorded
in `exported_packages`. The store's writer lock is held throughout, so the data, the head and
the sequence belong together. The zip is written to a temp file, verified, then moved into place.

An export is one unit: the package's row, its log entry, a first export's new key (keys.py) and
the move of the zip into place happen in one transaction — interrupted, it leaves nothing. The
change log must verify first (logcheck.py: also every head already sent is still in the chain),
and the manifest carries those heads (`changelog_checkpoints`), so the bureau can tell that this
package's log continues the one it received last.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from app import __version__
from app.errors import UserError
from app.exchange.data import data_bytes, gather_data
from app.exchange.keys import prepare_key, register_key, remember_passphrase
from app.exchange.logcheck import verify_log
from app.exchange.manifest import DATA
from app.exchange.package import Member, build_manifest, file_sha256, write_zip
from app.exchange.verify import verify_package
from app.jobs import Progress
from app.logs import logged
from app.office import office_info
from app.private_files import private_work_dir
from app.reports.output import commit, discard, temp_beside
from app.store import Store
from db import changelog
from db.models import ChangeLogEntry
from db.models_exchange import ExportedPackage

REPORT_NAME = "reports/整改报告.pdf"


def _report(store: Store, folder: Path, as_of: date | None, sign_passphrase: str | None,
            operator: str) -> tuple[Path, bool, str]:
    from app.accounts.actor import may_sign
    from app.reports import rectification_report
    from app.signing import active_signer, passphrase_needed, sign_pdf

    unsigned = folder / "unsigned.pdf"
    rectification_report(store, unsigned, as_of=as_of)
    if active_signer(store) is None:
        return unsigned, False, "尚未设置签名证书，整改报告未签名。"
    if not may_sign(store):
        return unsigned, False, "登录账户不是负责人，整改报告未签名（签署报告须由负责人办理）。"
    if sign_passphrase is None and passphrase_needed(store):
        return unsigned, False, "没有签名证书的口令（环境变量或系统密钥环中均无），整改报告未签名。"
    signed = folder / "signed.pdf"
    sign_pdf(store, unsigned, signed, passphrase=sign_passphrase, reason="整改报告报送上级主管部门",
             operator=operator, kind="package_report")
    return signed, True, "整改报告已用单位签名证书签名。"


def _sequence(store: Store) -> tuple[int, str | None]:
    with store.session() as s:
        last = s.scalar(select(ExportedPackage).order_by(ExportedPackage.sequence.desc()).limit(1))
        count = s.scalar(select(func.count(ExportedPackage.id))) or 0
    if last is None:
        return 1, None
    return max(last.sequence, count) + 1, last.manifest_sha256


def _head(store: Store) -> tuple[int | None, str, list[dict[str, Any]]]:
    """(head entry id, head hash, the heads of the packages sent before: [{sequence, head}])."""
    with store.session() as s:
        head_id = s.scalar(select(func.max(ChangeLogEntry.id)))
        sent = [{"sequence": p.sequence, "head": p.changelog_head}
                for p in s.scalars(select(ExportedPackage).order_by(ExportedPackage.sequence))]
        return head_id, changelog.head_hash(s), sent


def _log_holds(store: Store) -> None:
    result = verify_log(store)
    if not result["ok"]:
        raise UserError(f"{result['message']}未导出数据包：请先查明变更日志被改动的原因（可从备份恢复）。")


def export_package(store: Store, out: Path | str, *, passphrase: str | None = None,
                   sign_passphrase: str | None = None, unmasked: bool = False, as_of: date | None = None,
                   operator: str = "", progress: Progress | None = None) -> dict[str, Any]:
    """Write the package to `out` (a .zip) atomically and record it. Returns the manifest's key
    facts plus {path, package_sha256, report_signed, report_note}."""
    out = Path(out)
    if out.suffix.lower() != ".zip":
        raise UserError(f"输出文件 {out} 应以 .zip 结尾。")
    held = store.lock.held
    store.lock.acquire()
    try:
        with logged("export.package", store.path, masked=not unmasked) as facts:
            result = _export(store, out, passphrase, sign_passphrase, unmasked, as_of, operator, progress)
            facts["sequence"] = result.get("sequence")
            return result
    finally:
        if not held:
            store.lock.release()


def _step(progress: Progress | None, n: int, label: str) -> None:
    if progress is not None:
        progress(n, 5, label)


def _export(store: Store, out: Path, passphrase: str | None, sign_passphrase: str | None, unmasked: bool,
            as_of: date | None, operator: str, progress: Progress | None) -> dict[str, Any]:
    from app.reports import write_forms

    office = office_info(store)
    pk = prepare_key(store, passphrase)
    key_info, key = pk.info, pk.key
    _log_holds(store)
    # A private folder marked in use: a later start removes it only once no export holds it.
    with private_work_dir("caseaudit-package-") as folder:
        _step(progress, 0, "生成表格")
        forms = write_forms(store, folder / "forms", as_of=as_of)
        _step(progress, 1, "生成整改报告")
        report, signed, note = _report(store, folder, as_of, sign_passphrase, operator)
        _step(progress, 2, "汇总数据")
        data = data_bytes(gather_data(store, unmasked=unmasked, as_of=as_of))
        members = [Member(DATA, data=data), *(Member(f"forms/{p.name}", path=p) for p in forms),
                   Member(REPORT_NAME, path=report)]
        sequence, previous = _sequence(store)
        head_id, head, sent = _head(store)
        created = datetime.now().astimezone().replace(microsecond=0)
        manifest = build_manifest(members, office=office, sequence=sequence, previous=previous, changelog_head=head,
                                  fingerprint=key_info["fingerprint"], masked=not unmasked, created_at=created,
                                  extra={"app_version": __version__, "report_signed": signed,
                                         "changelog_checkpoints": sent})
        _step(progress, 3, "写入数据包")
        temp = temp_beside(out)
        try:
            write_zip(temp, members, manifest, key)
            _step(progress, 4, "核验数据包")
            verified = verify_package(temp, keep=frozenset())
            package_sha = file_sha256(temp)
            with store.writing() as s:
                row = ExportedPackage(sequence=sequence, file_name=out.name, package_sha256=package_sha,
                                      manifest_sha256=verified.manifest_sha256, previous_manifest_sha256=previous or "",
                                      changelog_head=head, changelog_head_id=head_id,
                                      key_fingerprint=key_info["fingerprint"],
                                      masked=not unmasked, report_signed=signed,
                                      created_at=created.replace(tzinfo=None), operator=operator)
                s.add(row)
                s.flush()
                changelog.append(s, operator=operator, action="export", table_name="exported_packages",
                                 record_id=row.id, after={"sequence": sequence, "file_name": out.name,
                                                          "manifest_sha256": verified.manifest_sha256,
                                                          "package_sha256": package_sha, "masked": not unmasked})
                register_key(s, store, pk, operator)  # after the export's entry: its prev is the manifest's head
                commit(temp, out)
        finally:
            discard(temp)
    remember_passphrase(pk)
    _step(progress, 5, "完成")
    return {"path": str(out), "office_id": office["office_id"], "office_name": office.get("office_name", ""),
            "sequence": sequence, "manifest_sha256": verified.manifest_sha256, "package_sha256": package_sha,
            "previous_package_sha256": previous, "changelog_head": head, "key_fingerprint": key_info["fingerprint"],
            "members": [m["name"] for m in manifest["members"]], "masked": not unmasked, "report_signed": signed,
            "report_note": note, "created_at": created.isoformat()}
