"""Shared by every page: the worker helper, table models and columns, formatting, fonts, messages,
the crash dialog and the one change signal."""
