"""The pinned PySide6 must not drop a reference to `True` on `emit()`.

PySide6 6.12.0 does (every `SignalInstance.emit()` lowers `sys.getrefcount(True)` by one), and on
Python 3.11, where `True` is not immortal, the program then aborts with "bool_dealloc" after a
few hundred emits. requirements.lock pins 6.11.3; this test stops an upgrade that brings the
bug back.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Sender(QObject):
    fired = Signal(int)


def test_many_emits_leave_true_reference_count_alone(qapp) -> None:  # type: ignore[no-untyped-def]
    sender = _Sender()
    got: list[int] = []
    sender.fired.connect(got.append)
    before = sys.getrefcount(True)
    for i in range(2000):
        sender.fired.emit(i)
    assert got == list(range(2000))
    assert abs(sys.getrefcount(True) - before) < 50
