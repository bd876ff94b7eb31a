"""The tamper matrix: every damaged or forged package is refused by both `verify` and `import`,
naming the member and the check, and the bureau's store is left exactly as it was."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from app.exchange import PackageRejected, import_package, verify_package
from app.store import Store
from tests.exchange.helpers import Members, flip, new_info, rewrite, snapshot

MEMBERS = ("data.json", "forms/问题清单.xlsx", "forms/整改台账.xlsx", "forms/销号台账.xlsx", "forms/统计表.xlsx",
           "reports/整改报告.pdf")


def _refused_everywhere(path: Path, bureau: Store, member: str | tuple[str, ...],
                        checks: str | tuple[str, ...]) -> PackageRejected:
    members = (member,) if isinstance(member, str) else member
    wanted = (checks,) if isinstance(checks, str) else checks
    with pytest.raises(PackageRejected) as verified:
        verify_package(path)
    exc = verified.value
    assert exc.member in members and exc.check in wanted, exc.message
    assert exc.member in exc.message
    before = snapshot(bureau.path)
    with pytest.raises(PackageRejected) as imported:
        import_package(bureau, path, operator="测试")
    assert (imported.value.member, imported.value.check) == (exc.member, exc.check)
    assert "未导入" in imported.value.message and exc.member in imported.value.message
    assert snapshot(bureau.path) == before
    assert not (bureau.path.parent / "received").exists()
    return exc


def _change(name: str, how: Callable[[bytes], bytes]) -> Callable[[Members], Members]:
    def change(members: Members) -> Members:
        assert any(i.filename == name for i, _ in members)
        return [(i, how(d) if i.filename == name else d) for i, d in members]
    return change


def test_the_untouched_package_verifies_and_imports(package: Path, bureau: Store) -> None:
    vp = verify_package(package)
    assert [m["name"] for m in vp.manifest["members"]] == list(MEMBERS)
    assert import_package(bureau, package, operator="测试")["sequence"] == 1


@pytest.mark.parametrize("member", MEMBERS)
def test_a_flipped_byte_in_a_member_fails_its_hash(package: Path, bureau: Store, tmp_path: Path, member: str) -> None:
    bad = rewrite(package, tmp_path / "bad.zip", _change(member, flip))
    exc = _refused_everywhere(bad, bureau, member, "sha256")
    assert "SHA-256" in exc.message


@pytest.mark.parametrize("member", ["manifest.json", "manifest.sig"])
def test_a_flipped_byte_in_the_manifest_or_signature_fails_the_signature(package: Path, bureau: Store,
                                                                         tmp_path: Path, member: str) -> None:
    def flip_in_signature_value(data: bytes) -> bytes:  # stay valid JSON/base64: the signature itself differs
        at = data.index(b'"signature": "') + len(b'"signature": "') + 10
        replacement = b"A" if data[at:at + 1] != b"A" else b"B"
        return data[:at] + replacement + data[at + 1:]

    how = flip if member == "manifest.json" else flip_in_signature_value
    bad = rewrite(package, tmp_path / "bad.zip", _change(member, how))
    exc = _refused_everywhere(bad, bureau, ("manifest.json", "manifest.sig"), "signature")
    assert "签名" in exc.message


def test_a_garbled_signature_file_is_refused(package: Path, bureau: Store, tmp_path: Path) -> None:
    bad = rewrite(package, tmp_path / "bad.zip", _change("manifest.sig", lambda d: flip(d, 0)))
    _refused_everywhere(bad, bureau, "manifest.sig", "signature")


def test_a_byte_flipped_in_the_zip_file_itself_is_refused(package: Path, bureau: Store, tmp_path: Path) -> None:
    """Damage inside the stored PDF's bytes, not through zipfile: found by the hash (no CRC needed)."""
    raw = bytearray(package.read_bytes())
    with zipfile.ZipFile(package) as zf:
        info = zf.getinfo("reports/整改报告.pdf")
    at = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + info.compress_size // 2
    raw[at] ^= 0x01
    bad = tmp_path / "bad.zip"
    bad.write_bytes(bytes(raw))
    _refused_everywhere(bad, bureau, "reports/整改报告.pdf", "sha256")


def test_an_added_member_is_refused(package: Path, bureau: Store, tmp_path: Path) -> None:
    bad = rewrite(package, tmp_path / "bad.zip", lambda m: [*m, (new_info("forms/附加.xlsx"), b"extra")])
    _refused_everywhere(bad, bureau, "forms/附加.xlsx", "not_in_manifest")


def test_a_removed_member_is_refused(package: Path, bureau: Store, tmp_path: Path) -> None:
    bad = rewrite(package, tmp_path / "bad.zip", lambda m: [(i, d) for i, d in m if i.filename != "forms/统计表.xlsx"])
    _refused_everywhere(bad, bureau, "forms/统计表.xlsx", "missing")


@pytest.mark.parametrize("member", ["data.json", "manifest.json"])
def test_a_duplicated_member_is_refused(package: Path, bureau: Store, tmp_path: Path, member: str) -> None:
    def dup(members: Members) -> Members:
        info, data = next((i, d) for i, d in members if i.filename == member)
        return [*members, (new_info(member, info), data)]

    bad = rewrite(package, tmp_path / "bad.zip", dup)
    with zipfile.ZipFile(bad) as zf:
        assert zf.namelist().count(member) == 2
    _refused_everywhere(bad, bureau, member, "duplicate")


def test_a_duplicate_differing_only_in_case_is_refused(package: Path, bureau: Store, tmp_path: Path) -> None:
    bad = rewrite(package, tmp_path / "bad.zip", lambda m: [*m, (new_info("DATA.json"), b"{}")])
    _refused_everywhere(bad, bureau, "DATA.json", "duplicate")


@pytest.mark.parametrize("name", ["../evil.txt", "forms/../../evil.txt", "/abs.txt", "C:\\x.txt", "C:x.txt",
                                  "a\\b.txt", "./data.json", "forms//x.txt"])
def test_unsafe_names_are_refused(package: Path, bureau: Store, tmp_path: Path, name: str) -> None:
    bad = rewrite(package, tmp_path / "bad.zip", lambda m: [(new_info(name), b"evil"), *m])
    exc = _refused_everywhere(bad, bureau, name, "name")
    assert "成员名称" in exc.message


def test_a_compression_bomb_is_refused_before_it_is_read(package: Path, bureau: Store, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from app.exchange import verify as verify_module

    bomb = new_info("evidence/bomb.bin")
    bomb.compress_type = zipfile.ZIP_DEFLATED
    bad = rewrite(package, tmp_path / "bad.zip", lambda m: [*m, (bomb, bytes(20 * 1024 * 1024))])
    read: list[str] = []
    original = verify_module._stream
    monkeypatch.setattr(verify_module, "_stream",
                        lambda fh, entry, size, keep: read.append(entry.info.orig_filename) or original(fh, entry, size,
                                                                                                        keep))
    exc = _refused_everywhere(bad, bureau, "evidence/bomb.bin", "ratio")
    assert "压缩比" in exc.message and read == []


def test_too_many_members_are_refused(package: Path, bureau: Store, tmp_path: Path) -> None:
    bad = rewrite(package, tmp_path / "bad.zip",
                  lambda m: [*m, *((new_info(f"x/{n}.txt"), b"x") for n in range(200))])
    _refused_everywhere(bad, bureau, "（整个文件）", "count")


def test_not_a_zip_is_refused(bureau: Store, tmp_path: Path) -> None:
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"PK\x03\x04 not really a zip" * 10)
    _refused_everywhere(bad, bureau, "（整个文件）", "zip")
