"""Suite-wide isolation: no test touches the user's data/log directories or a real keychain,
and Qt runs offscreen.

Both engines, one fixture parameter: in the folders named in PG_FOLDERS, every test that uses
the `store` fixture runs twice, `[sqlite]` on a fresh file and `[postgresql]` on a fresh database
of the session's throwaway server (tests/pg_server.py), made from a template that already has
the schema. A test about the SQLite file itself (WAL, -wal files, network shares, file backups)
is marked `sqlite_only` and runs on SQLite alone. Elsewhere `store` is SQLite, as before.
"""

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


# The test folders (under tests/) whose store tests also run on PostgreSQL; a folder joins when
# its tests pass there (the services' SQL is made engine-neutral folder by folder).
PG_FOLDERS = frozenset({"db", "registers", "store_copy", "engines", "campaigns", "review", "sampling", "process",
                        "reports", "exchange", "audit", "rectify", "accounts", "concurrency", "app", "imports", "cli"})
ENGINES = ("sqlite", "postgresql")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_only: a test about the SQLite file itself; not run on PostgreSQL")
    config.addinivalue_line("markers", "postgresql: a test (or case) that runs on the PostgreSQL server")
    config.addinivalue_line("markers", "both_engines: a store test outside PG_FOLDERS that runs on both engines")


def engines_for(path: Path) -> tuple[str, ...]:
    """The engines the `store` tests in the file at `path` run on (a test elsewhere marked
    `both_engines` runs on both too)."""
    try:
        folder = path.resolve().relative_to(ROOT / "tests").parts[0]
    except (ValueError, IndexError):
        return ("sqlite",)
    return ENGINES if folder in PG_FOLDERS else ("sqlite",)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "store_engine" not in metafunc.fixturenames:
        return
    engines = engines_for(Path(str(metafunc.definition.path)))
    if metafunc.definition.get_closest_marker("both_engines") is not None:
        engines = ENGINES
    if metafunc.definition.get_closest_marker("sqlite_only") is not None:
        engines = ("sqlite",)
    if engines == ("sqlite",):
        return  # the plain `store_engine` fixture below: the test's id stays as it was
    metafunc.parametrize("store_engine", [pytest.param(e, marks=[pytest.mark.postgresql] if e == "postgresql" else [])
                                          for e in engines], ids=list(engines))


@pytest.fixture
def store_engine() -> str:
    """Which engine `store` is on (parametrized per folder by pytest_generate_tests)."""
    return "sqlite"


@pytest.fixture
def store_location(request: pytest.FixtureRequest, store_engine: str, tmp_path: Path) -> str:
    """Where the test's store is: a file path, or the URL of a fresh PostgreSQL database."""
    if store_engine == "postgresql":
        return str(request.getfixturevalue("pg_template_database"))
    return str(tmp_path / "store.sqlite")


@pytest.fixture
def store(store_location: str, store_engine: str):
    """A fresh store (a real SQLite file, or a real PostgreSQL database), closed after the test.
    A new SQLite store gets no day's backup (nothing to back up); neither does a database fresh
    from the template, which would otherwise cost a pg_dump per test."""
    from app.store import open_store

    s = open_store(store_location, auto_backup=store_engine == "sqlite")
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


@pytest.fixture(scope="session")
def pg_template(pg_server):
    """The name of a database holding the current schema (made once by opening it as a store),
    for CREATE DATABASE … TEMPLATE: copying it is several times faster than create_all."""
    from db.store import open_store

    url = pg_server.create_database("tpl")
    opened = open_store(url, side_root=_HOME / "pg-template")
    opened.close()
    return url.rsplit("/", 1)[1]


@pytest.fixture
def pg_template_database(pg_server, pg_template):
    """The URL of a new database with the current schema and nothing in it, dropped after."""
    url = pg_server.create_database(template=pg_template)
    yield url
    pg_server.drop_database(url)
