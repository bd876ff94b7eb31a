"""The window's tests here run as tests/ui's do: offscreen Qt, isolated logs and settings, a
store opened the way the window opens it, no work left running (the same fixtures)."""

from __future__ import annotations

from tests.ui.conftest import _isolated_logs, _isolated_settings, _no_leftovers, gui_store

__all__ = ["_isolated_logs", "_isolated_settings", "_no_leftovers", "gui_store"]
