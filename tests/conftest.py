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


@pytest.fixture(scope="session")
def pg_server():
    """A real PostgreSQL server for the whole test session (tests/pg_server.py); skipped where
    there is none, unless CASEAUDIT_REQUIRE_PG=1 (CI), where that is a failure."""
    from tests.pg_server import NoPostgres, start_server

    try:
        server = start_server()
    except NoPostgres as exc:
        if os.environ.get("CASEAUDIT_REQUIRE_PG") == "1":
            pytest.fail(str(exc))
        pytest.skip(str(exc))
    yield server
    server.stop()


@pytest.fixture
def pg_database(pg_server):
    """The URL of a new, empty PostgreSQL database, dropped after the test."""
    url = pg_server.create_database()
    yield url
    pg_server.drop_database(url)
