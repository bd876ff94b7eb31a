"""The test PostgreSQL server itself: a real server that takes SQL, one fresh database per test."""

from __future__ import annotations

import psycopg


def test_fresh_database_is_empty_and_takes_sql(pg_database):
    with psycopg.connect(pg_database) as conn:
        tables = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()
        assert tables == (0,)
        conn.execute("CREATE TABLE t (fen bigint NOT NULL)")
        conn.execute("INSERT INTO t VALUES (12345678901)")
        assert conn.execute("SELECT fen FROM t").fetchone() == (12345678901,)


def test_two_databases_do_not_see_each_other(pg_server):
    a, b = pg_server.create_database(), pg_server.create_database()
    try:
        with psycopg.connect(a) as conn:
            conn.execute("CREATE TABLE only_in_a (x int)")
        with psycopg.connect(b) as conn:
            seen = conn.execute("SELECT count(*) FROM pg_tables WHERE tablename = 'only_in_a'").fetchone()
        assert seen == (0,)
    finally:
        pg_server.drop_database(a)
        pg_server.drop_database(b)
