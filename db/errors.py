"""Expected errors. The base lives in db/ (the lowest layer) so the store can raise them
without importing app/; app.errors re-exports them with the rest.

The UI shows `message`; the CLI prints it to stderr and exits 2. Anything that is not a
`UserError` is a bug and goes to the crash handler.
"""

from __future__ import annotations


class UserError(Exception):
    """An expected failure the user can act on. `message` is Chinese and complete."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class StoreError(UserError):
    """The store cannot be opened or used: locked, damaged, too new, not writable."""


class StoreLockedError(StoreError):
    """Another process is writing the same store."""


class StoreTooNewError(StoreError):
    """The store was written by a newer version of the program; it is left untouched."""
