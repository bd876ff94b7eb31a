"""Shared set-up for the 问题整改 and 报告 page tests: an audited demo store with its findings
confirmed as problems, and keyrings that are never the real one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import keyring
from keyring.backend import KeyringBackend

from app.audit.service import run_audit
from app.demo import load_demo
from app.rectify.service import confirm_findings


def audited_store(store) -> list[int]:  # type: ignore[no-untyped-def]
    load_demo(store, size=60)
    run_audit(store, as_of=date(2024, 6, 30))
    return confirm_findings(store, None)


def installed(backend: KeyringBackend) -> Iterator[KeyringBackend]:
    original = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(original)
