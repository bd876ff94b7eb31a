"""The zip around the members is verified to the byte, and the JSON inside is read strictly.

Each variant is made from a real export, by byte surgery or by re-signing with another key; each
passed `verify` and `import` before the layout checks (only the members were verified) — or
ended the program with a traceback."""

from __future__ import annotations

import hashlib
import json
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.exchange.manifest import fingerprint_of, manifest_bytes, public_raw
from app.store import Store
from tests.exchange.helpers import Members, read_members, write_members
from tests.exchange.test_log_and_cli import run
from tests.exchange.test_tamper import _refused_everywhere
from tests.exchange.zipbytes import (
    CENTRAL_CRC,
    CENTRAL_EXTERNAL,
    LOCAL_CRC,
    LOCAL_CSIZE,
    LOCAL_METHOD,
    LOCAL_USIZE,
    manifest_of,
    patch,
    record,
    records,
    resign,
    shift_offsets,
    unicode_path_extra,
)

WHOLE = "（整个文件）"
PDF = "reports/整改报告.pdf"


def _bytes_variant(package: Path, tmp_path: Path, change: Callable[[bytes], bytes]) -> Path:
    bad = tmp_path / "bad.zip"
    bad.write_bytes(change(package.read_bytes()))
    return bad


EVIL_EXE = b"MZ\x90\x00" + b"\x00" * 60 + b"This program cannot be run in DOS mode." + bytes(200)
PDF_STUB = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"


def _appended_zip(raw: bytes) -> bytes:
    import io

    extra = io.BytesIO()
    with zipfile.ZipFile(extra, "w") as zf:
        zf.writestr("evil.exe", EVIL_EXE)
    return raw + extra.getvalue()


def _gap_before_the_last_member(raw: bytes) -> bytes:
    """Bytes inserted before the last member, every offset after them corrected."""
    before = records(raw)
    at, junk = max(r.local for r in before), EVIL_EXE
    moved = raw[:at] + junk + raw[at:]
    for r in before:  # every directory record now sits len(junk) further on
        moved = patch(moved, r.central + len(junk) + 42, "<L", r.local + (len(junk) if r.local >= at else 0))
    eocd = len(moved) - 22
    cd = int.from_bytes(moved[eocd + 16:eocd + 20], "little")
    return patch(moved, eocd + 16, "<L", cd + len(junk))


BYTE_VARIANTS: dict[str, tuple[Callable[[bytes], bytes], str, str]] = {
    # (change, member, check)
    "evil.exe after the end record": (lambda raw: raw + EVIL_EXE, WHOLE, "layout"),
    "a second zip after the end record": (_appended_zip, WHOLE, "layout"),
    "an archive comment": (lambda raw: patch(raw, len(raw) - 2, "<H", 7) + b"comment", WHOLE, "layout"),
    "a PDF stub prepended": (lambda raw: PDF_STUB + raw, WHOLE, "layout"),
    "an MZ stub prepended, offsets shifted": (lambda raw: EVIL_EXE + shift_offsets(raw, len(EVIL_EXE)),
                                              "data.json", "layout"),
    "bytes between two members": (_gap_before_the_last_member, "manifest.sig", "layout"),
    "local method differs": (lambda raw: patch(raw, record(raw, PDF).local + LOCAL_METHOD, "<H", 8), PDF, "header"),
    "local sizes differ": (lambda raw: patch(patch(raw, record(raw, "data.json").local + LOCAL_USIZE, "<L", 10),
                                             record(raw, "data.json").local + LOCAL_CSIZE, "<L", 10),
                           "data.json", "header"),
    "local CRC differs": (lambda raw: patch(raw, record(raw, "data.json").local + LOCAL_CRC, "<L", 1), "data.json",
                          "header"),
    "a wrong CRC in both headers": (lambda raw: patch(patch(raw, record(raw, PDF).local + LOCAL_CRC, "<L", 1),
                                                      record(raw, PDF).central + CENTRAL_CRC, "<L", 1), PDF, "crc"),
    "a symlink": (lambda raw: patch(raw, record(raw, "data.json").central + CENTRAL_EXTERNAL, "<L",
                                    (stat.S_IFLNK | 0o777) << 16), "data.json", "attributes"),
    "setuid": (lambda raw: patch(raw, record(raw, PDF).central + CENTRAL_EXTERNAL, "<L",
                                 (stat.S_IFREG | stat.S_ISUID | 0o755) << 16), PDF, "attributes"),
    "executable": (lambda raw: patch(raw, record(raw, PDF).central + CENTRAL_EXTERNAL, "<L", 0o100755 << 16), PDF,
                   "attributes"),
}


@pytest.mark.parametrize("variant", list(BYTE_VARIANTS))
def test_a_package_not_in_the_exporters_layout_is_refused(package: Path, bureau: Store, tmp_path: Path,
                                                         variant: str) -> None:
    change, member, check = BYTE_VARIANTS[variant]
    bad = _bytes_variant(package, tmp_path, change)
    with zipfile.ZipFile(bad) as zf:  # still a zip a tool opens (with the second zip: showing only evil.exe)
        assert zf.namelist()
    exc = _refused_everywhere(bad, bureau, member, check)
    assert "检查" in exc.message


def test_the_members_bytes_are_unchanged_in_the_crc_variant(package: Path, tmp_path: Path) -> None:
    """The wrong-CRC package carries the manifest's exact contents: only the CRC check finds it."""
    bad = _bytes_variant(package, tmp_path, BYTE_VARIANTS["a wrong CRC in both headers"][0])
    raw = bad.read_bytes()
    r = record(raw, PDF)
    name_len = len(PDF.encode())
    size = next(m["size"] for m in manifest_of(package)["members"] if m["name"] == PDF)
    content = raw[r.local + 30 + name_len:r.local + 30 + name_len + size]
    assert hashlib.sha256(content).hexdigest() == next(m["sha256"] for m in manifest_of(package)["members"]
                                                      if m["name"] == PDF)


def _with_info(members: Members, name: str, **fields: object) -> Members:
    out = []
    for info, data in members:
        if info.filename == name:
            for k, v in fields.items():
                setattr(info, k, v)
        out.append((info, data))
    return out


def test_a_unicode_path_extra_field_is_refused(package: Path, bureau: Store, tmp_path: Path) -> None:
    """With the 0x7075 field, `unzip` extracts data.json as data.json.exe."""
    extra = unicode_path_extra("data.json", "data.json.exe")
    bad = write_members(tmp_path / "bad.zip", _with_info(read_members(package), "data.json", extra=extra))
    with zipfile.ZipFile(bad) as zf:
        assert zf.getinfo("data.json").extra == extra
    exc = _refused_everywhere(bad, bureau, "data.json", "extra")
    assert "0x7075" in exc.message


def test_a_member_comment_is_refused(package: Path, bureau: Store, tmp_path: Path) -> None:
    bad = write_members(tmp_path / "bad.zip", _with_info(read_members(package), PDF, comment=b"run me"))
    _refused_everywhere(bad, bureau, PDF, "extra")


def test_an_empty_zip_is_refused(bureau: Store, tmp_path: Path) -> None:
    bad = tmp_path / "empty.zip"
    zipfile.ZipFile(bad, "w").close()
    exc = _refused_everywhere(bad, bureau, WHOLE, "zip")
    assert "空的压缩包" in exc.message
    cli = run("package", "verify", bad)
    assert cli.returncode == 2 and "空的压缩包" in cli.stderr and "Traceback" not in cli.stderr


def test_a_deeply_nested_signed_manifest_is_refused(package: Path, bureau: Store, tmp_path: Path) -> None:
    key = Ed25519PrivateKey.generate()
    raw = b'{"format": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    bad = resign(package, tmp_path / "bad.zip", key, raw)
    exc = _refused_everywhere(bad, bureau, "manifest.json", "manifest")
    assert "嵌套层数过深" in exc.message
    cli = run("package", "verify", bad)
    assert cli.returncode == 2 and "嵌套" in cli.stderr and "Traceback" not in cli.stderr


def test_a_deeply_nested_signature_file_is_refused(package: Path, bureau: Store, tmp_path: Path) -> None:
    members = [(i, b"[" * 2000 + b"]" * 2000 if i.filename == "manifest.sig" else d) for i, d in read_members(package)]
    bad = write_members(tmp_path / "bad.zip", members)
    exc = _refused_everywhere(bad, bureau, "manifest.sig", "signature")
    assert "嵌套" in exc.message


def _resigned_manifest(package: Path, key: Ed25519PrivateKey, change: Callable[[dict], None] | None = None) -> dict:
    manifest = manifest_of(package)
    manifest["key"]["fingerprint"] = fingerprint_of(public_raw(key.public_key()))
    if change:
        change(manifest)
    return manifest


def test_duplicate_keys_in_the_signed_manifest_are_refused(package: Path, bureau: Store, tmp_path: Path) -> None:
    """{"sequence": 1, …, "sequence": 99}: one reader sees 1, another 99 — the signature covers both."""
    key = Ed25519PrivateKey.generate()
    raw = manifest_bytes(_resigned_manifest(package, key))
    raw = raw.replace(b'\n "schema_version": 1,', b'\n "schema_version": 1,\n "sequence": 99,', 1)
    assert raw.count(b'"sequence"') == 2
    bad = resign(package, tmp_path / "bad.zip", key, raw)
    exc = _refused_everywhere(bad, bureau, "manifest.json", "manifest")
    assert "重复的键「sequence」" in exc.message


@pytest.mark.parametrize("kind", ["nested", "duplicate key"])
def test_a_bad_data_json_in_a_well_signed_package_is_refused(package: Path, bureau: Store, tmp_path: Path,
                                                             kind: str) -> None:
    with zipfile.ZipFile(package) as zf:
        original = zf.read("data.json")
    if kind == "nested":
        data = original.rstrip()[:-1] + b', "x": ' + b"[" * 50_000 + b"]" * 50_000 + b"}"
    else:
        data = original.rstrip()[:-1] + b', "problems": []}'
    json.loads(data if kind != "nested" else b"{}")  # (the duplicate is valid JSON to a lenient reader)
    key = Ed25519PrivateKey.generate()

    def describe(m: dict) -> None:
        entry = next(e for e in m["members"] if e["name"] == "data.json")
        entry["size"], entry["sha256"] = len(data), hashlib.sha256(data).hexdigest()

    raw = manifest_bytes(_resigned_manifest(package, key, describe))
    bad = resign(package, tmp_path / "bad.zip", key, raw, {"data.json": data})
    exc = _refused_everywhere(bad, bureau, "data.json", "data")
    assert ("嵌套" if kind == "nested" else "重复的键「problems」") in exc.message
