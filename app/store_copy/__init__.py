"""Copying a whole store to another engine or file (`caseaudit store copy`), verified after:
service.py says the order of work, rows.py how the rows move, target.py what a target may be
and how a failed copy is undone, key.py how the change log's key goes along."""

from app.store_copy.service import CopyResult, copy_store

__all__ = ["CopyResult", "copy_store"]
