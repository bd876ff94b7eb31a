"""A PostgreSQL store's password: from the OS keyring, a PGPASSFILE, or asked — and never in plain
text anywhere the program writes (settings, logs, the change log, its local folder, messages).
A wrong password or a server that is not there is a Chinese refusal naming host:port/db, exit 2."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

from app.errors import StoreError
from app.store import data_dir, open_store
from app.store_password import remember_password
from db.changelog import append
from db.location import parse_location
from db.models import Unit
from tests.cli.helpers import run_cli
from tests.signing.helpers import MemoryKeyring

PASSWORD = "Sekret-" + uuid.uuid4().hex[:8]


@pytest.fixture
def pw_url(pg_server, pg_template_database) -> Iterator[str]:
    """The test database reached as a role that must log in with PASSWORD (scram over TCP)."""
    if pg_server._folder is None:
        pytest.skip("needs the throwaway cluster (pg_hba.conf) rather than CASEAUDIT_TEST_PG_URL")
    role = "pw_" + uuid.uuid4().hex[:8]
    pg_server.admin(f"CREATE ROLE {role} LOGIN SUPERUSER PASSWORD '{PASSWORD}'")
    hba = pg_server._folder / "data" / "pg_hba.conf"
    original = hba.read_text()
    hba.write_text(f"host all {role} 127.0.0.1/32 scram-sha-256\n" + original)
    pg_server.admin("SELECT pg_reload_conf()")
    base = parse_location(pg_template_database)
    try:
        yield f"postgresql://{role}@{base.host}:{base.port}/{base.database}"
    finally:
        hba.write_text(original)
        pg_server.admin("SELECT pg_reload_conf()")


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    original = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(original)


def _write_something(store) -> None:  # type: ignore[no-untyped-def]
    with store.writing() as s:
        unit = Unit(name="某局")
        s.add(unit)
        s.flush()
        append(s, operator="张三", action="insert", table_name="units", record_id=unit.id, after={"name": "某局"})


def _files_containing(root: Path, secret: str) -> list[Path]:
    found = []
    for path in root.rglob("*"):
        if path.is_file() and secret.encode() in path.read_bytes():
            found.append(path)
    return found


def test_without_a_password_the_refusal_names_the_server_and_exits_2(pw_url) -> None:
    where = parse_location(pw_url).where
    with pytest.raises(StoreError, match=f"数据库服务器 {where} 需要密码"):
        open_store(pw_url)
    done = run_cli("--db", pw_url, "summary", env={"PGPASSFILE": os.devnull})
    assert done.returncode == 2 and where in done.stderr and "Traceback" not in done.stderr


def test_a_wrong_password_is_refused_without_showing_it(pw_url) -> None:
    wrong = "Wrong-" + uuid.uuid4().hex[:6]
    with pytest.raises(StoreError) as refused:
        open_store(pw_url, ask_password=lambda _q: wrong)
    assert "密码不对" in refused.value.message and parse_location(pw_url).where in refused.value.message
    assert wrong not in refused.value.message


def test_the_password_asked_for_is_never_written_anywhere(pw_url, tmp_path) -> None:
    asked: list[str] = []
    store = open_store(pw_url, ask_password=lambda q: asked.append(q) or PASSWORD)
    try:
        assert len(asked) == 1 and parse_location(pw_url).where in asked[0]
        _write_something(store)
        assert PASSWORD not in repr(store) and PASSWORD not in str(store.engine.url) and PASSWORD not in store.display
        with store.engine.connect() as conn:
            for table in ("change_log", "settings", "caseaudit_changelog_key"):
                for row in conn.exec_driver_sql(f"SELECT * FROM {table}"):
                    assert PASSWORD not in repr(tuple(row))
    finally:
        store.close()
    home = Path(os.environ["XDG_DATA_HOME"]).parent
    assert _files_containing(home, PASSWORD) == []  # data, config, state, cache and the logs
    assert data_dir().is_relative_to(home)


def test_the_password_from_the_keyring_is_used_without_asking(pw_url, memory_keyring) -> None:
    remember_password(parse_location(pw_url), PASSWORD)
    store = open_store(pw_url, ask_password=lambda _q: pytest.fail("asked although the keyring had it"))
    store.close()


def test_a_pgpassfile_is_read_by_libpq(pw_url, tmp_path, monkeypatch) -> None:
    where = parse_location(pw_url)
    passfile = tmp_path / "pgpass"
    passfile.write_text(f"{where.host}:{where.port}:{where.database}:{where.user}:{PASSWORD}\n")
    passfile.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(passfile))
    store = open_store(pw_url, ask_password=lambda _q: pytest.fail("asked although PGPASSFILE had it"))
    try:
        _write_something(store)
    finally:
        store.close()
    done = run_cli("--db", pw_url, "log", "verify")
    assert done.returncode == 0, done.stderr


def test_the_server_sees_which_desk_is_connected(pg_template_database) -> None:
    store = open_store(pg_template_database)
    try:
        with store.engine.connect() as conn:
            name = conn.exec_driver_sql("SELECT current_setting('application_name')").scalar()
        assert str(name).startswith("caseaudit ") and "@" in str(name)
    finally:
        store.close()
