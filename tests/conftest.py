"""Suite-wide isolation: no test touches the user's data/log directories or a real keychain,
and Qt runs offscreen."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_HOME = Path(tempfile.mkdtemp(prefix="caseaudit-test-home-"))
for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
    os.environ[var] = str(_HOME / var.lower())
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
os.environ["CASEAUDIT_LOG_DIR"] = str(_HOME / "logs")  # app/logs.py: never the real log directory


@pytest.fixture
def store(tmp_path: Path):
    """A fresh store in a real SQLite file, closed after the test."""
    from app.store import open_store

    s = open_store(tmp_path / "store.sqlite")
    yield s
    s.close()
