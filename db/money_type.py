"""The column type of money: integer fen, 64 bits on every engine.

SQLite's INTEGER holds 64 bits; PostgreSQL's INTEGER only 32 (±21,474,836.47 元), and a 罚没款
ledger or an import's mistyped amount goes past that. `FEN` is INTEGER on SQLite — the DDL of a
SQLite store stays as it was — and BIGINT on PostgreSQL.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Integer

FEN = Integer().with_variant(BigInteger(), "postgresql")
