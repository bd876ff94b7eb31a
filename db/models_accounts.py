"""Personal accounts (issue 16): who may log in, with which role, and the password's hash.

A store with no row here works as one desk always has: nobody logs in and no role is checked.
The first account added (a 管理员) turns login on (app/accounts/service.py). The password is kept
only as an argon2id hash (app/accounts/passwords.py); a disabled account stays, so the names in
the change log and on closed problems keep meaning someone.

`measure_accounts` says which account entered a problem's measure and which approved it, the
facts separation of duties is checked on (app/accounts/duties.py). It is a table of its own, one
row per problem that has a measure entered under login, so the problem list keeps its shape.
Schema version 19 added both tables (db/migrations.py).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from db.models import Base


class Account(Base):
    """One person's account: a unique name, one role (管理员 负责人 审核员 评查员 录入员)."""

    __tablename__ = "accounts"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(10))
    password_hash: Mapped[str] = mapped_column(String(200))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    changed_at: Mapped[datetime] = mapped_column(DateTime)


class MeasureAccount(Base):
    """Who entered a problem's rectification measure (整改措施) and who approved it, by account."""

    __tablename__ = "measure_accounts"
    id: Mapped[int] = mapped_column(primary_key=True)
    problem_id: Mapped[int] = mapped_column(ForeignKey("problems.id", ondelete="CASCADE"), unique=True)
    entered_by: Mapped[str] = mapped_column(String(100), default="")
    entered_at: Mapped[datetime | None] = mapped_column(DateTime)
    approved_by: Mapped[str] = mapped_column(String(100), default="")
    approved_at: Mapped[datetime | None] = mapped_column(DateTime)
