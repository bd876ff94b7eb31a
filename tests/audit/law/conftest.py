"""Shared fixtures for the law-by-date tests: the bundled holiday calendar."""

from __future__ import annotations

import pytest

from app.domain.calendar import Calendar


@pytest.fixture
def cal() -> Calendar:
    return Calendar.bundled()
