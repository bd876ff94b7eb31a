"""Fixtures for the signing tests: keyrings that never touch the real keychain (installed with
keyring.set_keyring and restored), a small Chinese PDF, and a store with a signer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail

from tests.signing.helpers import PASSPHRASE, LockedKeyring, MemoryKeyring, make_pdf


@pytest.fixture(autouse=True)
def _no_env_passphrase(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CASEAUDIT_SIGNER_PASSPHRASE", raising=False)


def _install(backend: KeyringBackend) -> Iterator[KeyringBackend]:
    original = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(original)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    yield from _install(MemoryKeyring())  # type: ignore[misc]


@pytest.fixture
def failing_keyring() -> Iterator[KeyringBackend]:
    yield from _install(fail.Keyring())


@pytest.fixture
def locked_keyring() -> Iterator[KeyringBackend]:
    yield from _install(LockedKeyring())


@pytest.fixture(scope="session")
def pdf_bytes() -> bytes:
    return make_pdf()


@pytest.fixture
def unsigned_pdf(tmp_path: Path, pdf_bytes: bytes) -> Path:
    path = tmp_path / "整改报告.pdf"
    path.write_bytes(pdf_bytes)
    return path


@pytest.fixture
def signer_store(store, memory_keyring):  # type: ignore[no-untyped-def]
    """A store with an active self-signed signer whose passphrase is in the (in-memory) keyring."""
    from app.signing import create_signer

    create_signer(store, name="沈阳市某某局政策法规处", passphrase=PASSPHRASE, operator="测试")
    return store
