"""A throwaway PostgreSQL server for the tests: a real server, never a mock.

`.ci/run` installs PostgreSQL from the distribution when it is absent; this module finds its
binaries (PATH, then /usr/lib/postgresql/<newest>/bin), makes a cluster in a temporary folder,
starts it on a free loopback port with durability switched off (a test cluster is thrown away,
and fsync would only make the suite slower) and stops it when the test session ends.

`CASEAUDIT_TEST_PG_URL` (a `postgresql://user@host:port/` URL whose role may create databases)
uses a server that is already running instead. `CASEAUDIT_REQUIRE_PG=1` (set by `.ci/run`)
turns "no PostgreSQL here" into a failure rather than a skip, so CI can't go green on one engine.

initdb refuses to run as root, so as root the cluster belongs to the `postgres` system user
that the Debian package creates, and the server is started as that user (runuser).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

SUPERUSER = "caseaudit_test"


class NoPostgres(RuntimeError):
    """No PostgreSQL binaries on this machine (and no CASEAUDIT_TEST_PG_URL)."""


def pg_bin_dir() -> Path | None:
    """Where initdb and pg_ctl are: PATH first, else the newest Debian cluster version."""
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                      key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0)
    return versions[-1].parent if versions else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class PgServer:
    """A running server: `url(db)` names a database on it; `create_database()` makes a new one."""

    base_url: str  # postgresql://user@host:port/  (no database)
    _stop: list[list[str]] = field(default_factory=list)
    _folder: Path | None = None

    def url(self, dbname: str) -> str:
        return self.base_url.rstrip("/") + "/" + dbname

    def admin(self, sql: str) -> None:
        """Run one statement as the superuser, outside a transaction (CREATE/DROP DATABASE)."""
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(sql)  # type: ignore[arg-type]

    def create_database(self, prefix: str = "t", template: str | None = None) -> str:
        """A new empty database (or a copy of `template`); returns its URL."""
        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        self.admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return self.url(name)

    def drop_database(self, url: str) -> None:
        name = url.rsplit("/", 1)[1]
        self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        for cmd in self._stop:
            subprocess.run(cmd, capture_output=True, timeout=60, check=False)
        self._stop.clear()
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None


def start_server() -> PgServer:
    """The server named by CASEAUDIT_TEST_PG_URL, or a new throwaway cluster. Raises NoPostgres."""
    given = os.environ.get("CASEAUDIT_TEST_PG_URL")
    if given:
        return PgServer(base_url=given)
    bindir = pg_bin_dir()
    if bindir is None:
        raise NoPostgres("没有找到 PostgreSQL（initdb）：请安装 postgresql 软件包，或设置 CASEAUDIT_TEST_PG_URL。")
    folder = Path(tempfile.mkdtemp(prefix="caseaudit-pg-"))
    data, sockets = folder / "data", folder / "sock"
    sockets.mkdir()
    as_user: list[str] = []
    if os.geteuid() == 0:  # initdb refuses root: the cluster is the postgres system user's
        shutil.chown(folder, "postgres")
        shutil.chown(sockets, "postgres")
        os.chmod(folder, 0o700)
        as_user = ["runuser", "-u", "postgres", "--"]
    run = dict(capture_output=True, text=True, timeout=180, check=False)
    done = subprocess.run([*as_user, str(bindir / "initdb"), "-D", str(data), "-U", SUPERUSER, "-A", "trust",
                           "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"], **run)  # type: ignore[call-overload]
    if done.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        raise NoPostgres(f"initdb 失败：{done.stderr.strip()[-500:]}")
    port = _free_port()
    options = (f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
    done = subprocess.run([*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-l", str(folder / "server.log"),
                           "-o", options, "-w", "-t", "60", "start"], **run)  # type: ignore[call-overload]
    if done.returncode != 0:
        log = (folder / "server.log").read_text(errors="replace")[-800:] if (folder / "server.log").exists() else ""
        shutil.rmtree(folder, ignore_errors=True)
        raise NoPostgres(f"PostgreSQL 启动失败：{done.stderr.strip()[-300:]} {log}")
    server = PgServer(base_url=f"postgresql://{SUPERUSER}@127.0.0.1:{port}/", _folder=folder)
    server._stop.append([*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"])
    return server
