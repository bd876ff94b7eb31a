"""ui.signals.emit keeps `True` alive through many emits (PySide6 6.12.0 drops a reference)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

from ui.signals import emit


class _Sender(QObject):
    fired = Signal(int)


def test_many_emits_leave_true_reference_count_alone(qapp) -> None:  # type: ignore[no-untyped-def]
    sender = _Sender()
    got: list[int] = []
    sender.fired.connect(got.append)
    before = sys.getrefcount(True)
    for i in range(2000):
        emit(sender.fired, i)
    assert len(got) == 2000
    assert abs(sys.getrefcount(True) - before) < 50
