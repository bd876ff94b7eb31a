"""Emit Qt signals from Python without corrupting `True`'s reference count.

PySide6 6.12.0's `SignalInstance.emit()` returns `True` without taking a reference for it
(checked by the probe below: every call lowers `sys.getrefcount(True)` by one). On Python 3.11
`True` is not immortal, so after a few hundred emits the interpreter aborts with "bool_dealloc:
deallocating True or False". Every emit in ui/ goes through `emit()`, which gives the missing
reference back when — and only when — the installed PySide6 has the bug.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance


class _Probe(QObject):
    ping = Signal()


def _emit_drops_a_reference() -> bool:
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(8):
        probe.ping.emit()
    lost = before - sys.getrefcount(True)
    if lost >= 8:  # give back what the probe took
        for _ in range(lost):
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))
        return True
    return False


EMIT_DROPS_TRUE = _emit_drops_a_reference()


def emit(signal: SignalInstance, *args: Any) -> None:
    """`signal.emit(*args)`, repairing PySide6 6.12.0's reference-count bug where present."""
    result = signal.emit(*args)
    if EMIT_DROPS_TRUE and result is True:
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))
