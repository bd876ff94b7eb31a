"""The command line on both engines: `--db` takes the file or the postgresql:// URL the
`store_location` fixture gives (tests/conftest.py), and the same commands answer the same way."""

from __future__ import annotations

import json

import pytest

from tests.cli.helpers import run_cli

pytestmark = pytest.mark.both_engines  # tests/cli as a whole joins when the services' SQL runs there


def test_init_summary_log_verify_and_backup_on_either_engine(store_location, store_engine) -> None:
    done = run_cli("--db", store_location, "init", "--json")
    assert done.returncode == 0, done.stderr
    info = json.loads(done.stdout)
    assert info["upgraded_from"] is None and "***" not in info["db"]
    done = run_cli("--db", store_location, "summary", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["cases"] == 0
    done = run_cli("--db", store_location, "log", "verify")
    assert done.returncode == 0, done.stderr
    done = run_cli("--db", store_location, "backup", "create", "--json")
    assert done.returncode == 0, done.stderr
    suffix = ".manual.dump" if store_engine == "postgresql" else ".manual.sqlite"
    assert json.loads(done.stdout)["backup"].endswith(suffix)


def test_a_url_without_a_database_is_refused_with_exit_2() -> None:
    done = run_cli("--db", "postgresql://someone@127.0.0.1:5432/", "summary")
    assert done.returncode == 2 and "没有写数据库名" in done.stderr and "Traceback" not in done.stderr
