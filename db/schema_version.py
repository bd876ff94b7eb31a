"""The schema version this program writes (PRAGMA user_version), in a module of its own.

Opening a store that is already current only needs this number; db/migrations.py (and the models
of every table it names) is imported only to create a store or upgrade one, which keeps the
command line's cold start short. db/migrations.py re-exports it; a new step bumps it here.
"""

from __future__ import annotations

CURRENT_VERSION = 23
