"""Benchmark: verifying a ~50 MB package against plain SHA-256 of the same file's bytes, in the
same run (median of 3 samples of CPU time each, interleaved, after a warm-up read so both see
the page cache).

    .venv/bin/python bench/bench_package.py

The package is written by the exporter's own writer (app.exchange.package): a small data.json
and a 50 MB evidence member of random (incompressible) bytes. The exporter stores
already-compressed formats (here: .pdf) and deflates the rest (here: .bin); both are measured.
Verification = central directory and name checks, the Ed25519 signature, then each member's size
and SHA-256 streamed from the zip. The last line is the worse of the two ratios (≤ 1.3).
"""

from __future__ import annotations

import hashlib
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402

from app.exchange.manifest import fingerprint_of, public_raw  # noqa: E402
from app.exchange.package import Member, build_manifest, compression_for, write_zip  # noqa: E402
from app.exchange.verify import verify_package  # noqa: E402

SIZE = 50 * 1024 * 1024
RUNS = 3
PASSES = 3  # each of the 3 samples times 3 passes
CHUNK = 1 << 20


def build(folder: Path, evidence_name: str, payload: bytes) -> Path:
    key = Ed25519PrivateKey.generate()
    members = [Member("data.json", data=b'{"problems": []}\n' * 100), Member(evidence_name, data=payload)]
    manifest = build_manifest(members, office={"office_id": "bench", "office_name": "基准测试单位"}, sequence=1,
                              previous=None, changelog_head="0" * 64,
                              fingerprint=fingerprint_of(public_raw(key.public_key())), masked=True,
                              created_at=datetime(2024, 6, 30, 12, 0))
    path = folder / f"package-{Path(evidence_name).suffix[1:]}.zip"
    write_zip(path, members, manifest, key)
    return path


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            h.update(chunk)
    return h.hexdigest()


def timed(fn) -> float:  # type: ignore[no-untyped-def]
    """CPU seconds for PASSES calls: on a busy machine (other builds, other tests) wall time
    mostly measures the neighbours; CPU time measures the work."""
    start = time.process_time()
    for _ in range(PASSES):
        fn()
    return (time.process_time() - start) / PASSES


def measure(path: Path) -> tuple[float, float]:
    sha256_file(path)  # warm the page cache
    verify_package(path, keep=frozenset())
    t_verify, t_sha = [], []
    for _ in range(RUNS):
        t_sha.append(timed(lambda: sha256_file(path)))
        t_verify.append(timed(lambda: verify_package(path, keep=frozenset())))
    return statistics.median(t_verify), statistics.median(t_sha)


def main() -> None:
    payload = os.urandom(SIZE)
    ratios = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("evidence/scan.pdf", "evidence/scan.bin"):
            path = build(Path(tmp), name, payload)
            method = "ZIP_STORED" if compression_for(name) == 0 else "ZIP_DEFLATED"
            v, s = measure(path)
            mb = path.stat().st_size / 1e6
            print(f"{name} ({method}), package {mb:.1f} MB: verify {v * 1000:.0f} ms, "
                  f"sha256 {s * 1000:.0f} ms ({mb / s:.0f} MB/s), ratio {v / s:.2f}")
            ratios.append(v / s)
    print(f"ratio verify/sha256 = {max(ratios):.2f}")


if __name__ == "__main__":
    main()
