"""A PostgreSQL store: created at the current version on an empty database, opened when current,
refused untouched when newer or not ours; the version in its own one-row table; the writer lock
an advisory lock on the server."""

from __future__ import annotations

import threading
import time

import psycopg
import pytest
from sqlalchemy import select

from app.errors import StoreError, StoreLockedError, StoreTooNewError
from app.store import open_store
from db import lock as store_lock
from db.location import parse_location
from db.models import Unit
from db.schema_version import CURRENT_VERSION


def _snapshot(url: str) -> list[tuple]:
    """Every user table with its row count, and the version row: what 'untouched' compares."""
    with psycopg.connect(url) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")]
        out: list[tuple] = []
        for t in tables:
            out.append((t, conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]))  # type: ignore[index]
        if "caseaudit_schema" in tables:
            out.append(("version", conn.execute("SELECT version FROM caseaudit_schema").fetchall()))
        return out


def test_an_empty_database_gets_the_current_schema_and_reopens(pg_database) -> None:
    store = open_store(pg_database)
    try:
        assert store.kind == "postgresql"
        assert store.extra.get("created") is True
        assert store.display == parse_location(pg_database).display
        with store.writing() as s:
            s.add(Unit(name="某某市场监管局"))
        with store.session() as s:
            assert s.scalar(select(Unit.name)) == "某某市场监管局"
    finally:
        store.close()
    with psycopg.connect(pg_database) as conn:
        assert conn.execute("SELECT id, version FROM caseaudit_schema").fetchall() == [(1, CURRENT_VERSION)]
    again = open_store(pg_database)
    try:
        assert not again.extra.get("created")
        assert again.upgraded_from is None
        with again.session() as s:
            assert s.scalar(select(Unit.name)) == "某某市场监管局"
    finally:
        again.close()


def test_a_newer_schema_is_refused_untouched(pg_database) -> None:
    open_store(pg_database).close()
    with psycopg.connect(pg_database) as conn:
        conn.execute("UPDATE caseaudit_schema SET version = %s", (CURRENT_VERSION + 1,))
    before = _snapshot(pg_database)
    with pytest.raises(StoreTooNewError, match=f"结构版本 {CURRENT_VERSION + 1}"):
        open_store(pg_database)
    assert _snapshot(pg_database) == before


def test_someone_elses_database_is_refused_untouched(pg_database) -> None:
    with psycopg.connect(pg_database) as conn:
        conn.execute("CREATE TABLE invoices (id serial PRIMARY KEY, total bigint)")
        conn.execute("INSERT INTO invoices (total) VALUES (100)")
    before = _snapshot(pg_database)
    with pytest.raises(StoreError, match="不是本程序的数据库"):
        open_store(pg_database)
    assert _snapshot(pg_database) == before


def test_the_writer_lock_is_held_on_the_server_and_names_its_holder(pg_database, monkeypatch) -> None:
    first, second = open_store(pg_database), open_store(pg_database)
    monkeypatch.setattr(store_lock, "WRITE_WAIT_SECONDS", 0.3)
    try:
        with first.locked():
            with pytest.raises(StoreLockedError, match="caseaudit .*@") as refused, second.locked():
                pass  # pragma: no cover - refused above
            assert parse_location(pg_database).where in refused.value.message
        with second.locked():  # released: the other desk gets it
            pass
    finally:
        first.close()
        second.close()


def test_a_second_writer_waits_for_the_first(pg_database) -> None:
    first, second = open_store(pg_database), open_store(pg_database)
    order: list[str] = []
    try:
        with first.locked():
            t = threading.Thread(target=lambda: (second.locked().__enter__(), order.append("second")))
            t.start()
            time.sleep(0.4)
            order.append("first done")
        t.join(5)
        assert order == ["first done", "second"]
    finally:
        second.lock.release()
        first.close()
        second.close()


def test_the_window_does_not_hold_the_lock_on_a_server(pg_database) -> None:
    from app.store import open_store_for_gui

    window = open_store_for_gui(pg_database)
    other = open_store(pg_database)
    try:
        assert not window.lock.held
        with other.writing() as s:  # another desk writes while the window is open
            s.add(Unit(name="另一台电脑"))
    finally:
        window.close()
        other.close()


def test_a_server_that_is_not_there_is_a_clear_refusal(pg_server) -> None:
    with pytest.raises(StoreError, match="无法连接数据库服务器 127.0.0.1:1/nothing_here"):
        open_store("postgresql://someone@127.0.0.1:1/nothing_here")  # a port nobody listens on


def test_a_database_that_does_not_exist_is_named(pg_server) -> None:
    with pytest.raises(StoreError, match="没有数据库 .*/nothing_here"):
        open_store(pg_server.url("nothing_here"))
