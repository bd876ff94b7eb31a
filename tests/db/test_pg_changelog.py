"""The keyed change log on PostgreSQL: `log verify` names an entry or a row edited in psql, the
key lives on the server (every desk verifies the same chain), and two desks appending at once do
not fork the chain."""

from __future__ import annotations

import threading

import psycopg
from sqlalchemy import select

from app.cli.main import main as cli_main  # noqa: F401 - the CLI must import on both engines
from app.store import open_store
from db.changelog import append, check_log
from db.models import ChangeLogEntry, Unit
from tests.cli.helpers import run_cli


def _add_unit(store, name: str) -> int:  # type: ignore[no-untyped-def]
    with store.writing() as s:
        unit = Unit(name=name)
        s.add(unit)
        s.flush()
        append(s, operator="张三", action="insert", table_name="units", record_id=unit.id, after={"name": name})
        return int(unit.id)


def test_log_verify_names_an_entry_edited_in_psql(pg_template_database) -> None:
    store = open_store(pg_template_database)
    try:
        for name in ("甲局", "乙局", "丙局"):
            _add_unit(store, name)
        with store.session() as s:
            assert check_log(s).ok
            second = s.scalars(select(ChangeLogEntry.id).order_by(ChangeLogEntry.id)).all()[1]
    finally:
        store.close()
    with psycopg.connect(pg_template_database) as conn:
        conn.execute("UPDATE change_log SET operator = '李四' WHERE id = %s", (second,))
    done = run_cli("--db", pg_template_database, "log", "verify", "--json")
    assert done.returncode != 0
    assert f"第 {second} 条" in done.stdout + done.stderr or f'"first_bad": {second}' in done.stdout
    store = open_store(pg_template_database)
    try:
        with store.session() as s:
            result = check_log(s)
        assert not result.ok and result.first_bad == second
    finally:
        store.close()


def test_a_row_edited_in_psql_is_named_with_the_entry_that_wrote_it(pg_template_database) -> None:
    store = open_store(pg_template_database)
    try:
        first = _add_unit(store, "甲局")
        _add_unit(store, "乙局")
        with psycopg.connect(pg_template_database) as conn:
            conn.execute("UPDATE units SET name = '改过的局' WHERE id = %s", (first,))
        with store.session() as s:
            result = check_log(s)
        assert not result.ok
        assert result.first_bad == 1 and "表 units" in (result.reason or "")
    finally:
        store.close()


def test_every_desk_verifies_the_same_chain_with_the_key_on_the_server(pg_template_database, tmp_path) -> None:
    from db.store import open_store as open_db_store

    desk_a = open_db_store(pg_template_database, side_root=tmp_path / "a")
    desk_b = open_db_store(pg_template_database, side_root=tmp_path / "b")  # another PC: another local folder
    try:
        _add_unit(desk_a, "甲局")
        _add_unit(desk_b, "乙局")
        for desk in (desk_a, desk_b):
            with desk.session() as s:
                assert check_log(s).ok
        with psycopg.connect(pg_template_database) as conn:
            assert conn.execute("SELECT count(*) FROM caseaudit_changelog_key").fetchone() == (1,)
        assert not list((tmp_path / "a").rglob("*.changelog.key"))  # never a file on a desk
    finally:
        desk_a.close()
        desk_b.close()


def test_two_desks_appending_at_once_do_not_fork_the_chain(pg_template_database) -> None:
    desks = [open_store(pg_template_database) for _ in range(2)]
    errors: list[BaseException] = []

    def write(desk, tag: str) -> None:  # type: ignore[no-untyped-def]
        try:
            for i in range(15):  # straight through session(), not writing(): no writer lock, only the log's
                with desk.session() as s, s.begin():
                    unit = Unit(name=f"{tag}{i}")
                    s.add(unit)
                    s.flush()
                    append(s, operator=tag, action="insert", table_name="units", record_id=unit.id)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(d, t)) for d, t in zip(desks, ("甲", "乙"), strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    try:
        assert errors == []
        with desks[0].session() as s:
            result = check_log(s)
            assert result.ok, result.reason
            assert result.entries == 30
            links = s.execute(select(ChangeLogEntry.prev_hash)).scalars().all()
            assert len(set(links)) == 30  # no two entries chained onto the same head
    finally:
        for d in desks:
            d.close()
