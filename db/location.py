"""What `--db` (and the window's 打开数据库…) names: a SQLite file or a PostgreSQL database.

    parse_location("D:/案卷/caseaudit.sqlite")            → Location(kind="sqlite", path=…)
    parse_location("postgresql://kj@10.0.0.5:5432/cases") → Location(kind="postgresql", url=…)

The one place that tells the two apart, used by app/store.py, the CLI (app/cli/common.py) and
the window (ui/system/store_switch.py). `postgres://` is accepted as libpq accepts it, and a
`postgresql+psycopg://` URL as SQLAlchemy writes it. Anything else is a file path.

A password written in the URL is accepted (libpq does) but never shown: `display` masks it,
and it is what error messages, the window's title, the recent-stores list and the logs use.
A PostgreSQL store's side files (exports, evidence, the signer folder, backups) live in a local
folder per server and database, `<data folder>/postgresql/<host>-<port>-<database>/`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from db.errors import StoreError

__all__ = ["PG_SCHEMES", "Location", "is_url", "mask_url", "parse_location"]

PG_SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")
DEFAULT_PORT = 5432
_SAFE = re.compile(r"[^0-9A-Za-z._-]+")


def is_url(text: str) -> bool:
    """True when `text` names a PostgreSQL database rather than a file."""
    return text.strip().lower().startswith(PG_SCHEMES)


def mask_url(text: str) -> str:
    """`text` with any password in it replaced by ***, for messages and logs."""
    return re.sub(r"(://[^/@:]*:)[^@/]*@", r"\1***@", text)


@dataclass(frozen=True)
class Location:
    """A parsed `--db`: `kind` is "sqlite" (with `path`) or "postgresql" (with `url`)."""

    kind: str
    path: Path | None = None
    url: URL | None = None

    @property
    def host(self) -> str:
        return (self.url.host or "localhost") if self.url is not None else ""

    @property
    def port(self) -> int:
        return (self.url.port or DEFAULT_PORT) if self.url is not None else 0

    @property
    def database(self) -> str:
        return (self.url.database or "") if self.url is not None else ""

    @property
    def user(self) -> str:
        return (self.url.username or "") if self.url is not None else ""

    @property
    def where(self) -> str:
        """host:port/database — how messages name a PostgreSQL store."""
        return f"{self.host}:{self.port}/{self.database}"

    @property
    def display(self) -> str:
        """The location as shown to people: the file, or the URL without its password."""
        if self.url is None:
            return str(self.path)
        user = f"{self.user}@" if self.user else ""
        return f"postgresql://{user}{self.where}"

    @property
    def keyring_key(self) -> str:
        """The OS keyring's name for this store's password: user@host:port/database."""
        return f"{self.user}@{self.where}"

    def driver_url(self, password: str | None = None) -> URL:
        """The SQLAlchemy URL for psycopg 3 (the password, when given, only in memory)."""
        assert self.url is not None
        url = self.url.set(drivername="postgresql+psycopg")
        return url.set(password=password) if password is not None else url

    def side_folder(self, root: Path) -> Path:
        """The local folder for this database's side files under `root` (see module doc)."""
        name = _SAFE.sub("_", f"{self.host}-{self.port}-{self.database}").strip("._") or "store"
        return root / name


def parse_location(text: str | Path) -> Location:
    """A file path or a PostgreSQL URL; StoreError for a URL without a database name."""
    if isinstance(text, Path) or not is_url(text):
        return Location(kind="sqlite", path=Path(text))
    raw = text.strip()
    if raw.lower().startswith("postgres://"):
        raw = "postgresql://" + raw[len("postgres://"):]
    try:
        url = make_url(raw)
    except ArgumentError as exc:
        raise StoreError(f"无法识别数据库地址 {mask_url(raw)}：应为 postgresql://用户@主机:端口/数据库名。") from exc
    if not url.database:
        raise StoreError(f"数据库地址 {mask_url(raw)} 没有写数据库名：应为 postgresql://用户@主机:端口/数据库名。")
    return Location(kind="postgresql", url=url)
