"""The store's key/value settings: the office's details, the backup folder and rotation, the
report font, the first-run flag (read and written through app/settings.py).

It shares `Base` with db.models; schema version 5 added it with the rectification tables
(db/migrations.py).
"""

from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models import Base


class Setting(Base):
    """One key/value setting of the store (the office's name, unit, leader …)."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")
