"""Expected errors: each carries a message in Chinese for the user.

The UI shows `message`; the CLI prints it to stderr and exits 2. Anything that is not a
`UserError` is a bug and goes to the crash handler.
"""

from __future__ import annotations


class UserError(Exception):
    """An expected failure the user can act on. `message` is Chinese, complete, one line."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadFileError(UserError):
    """A file that cannot be read as the spreadsheet we expect."""


class ImportRejectedError(UserError):
    """A strict import refused because some rows were rejected; carries the report."""

    def __init__(self, message: str, report: object) -> None:
        super().__init__(message)
        self.report = report


class StoreError(UserError):
    """The store cannot be opened or used: locked, damaged, too new, not writable."""


class StoreLockedError(StoreError):
    """Another process is writing the same store."""


class StoreTooNewError(StoreError):
    """The store was written by a newer version of the program; it is left untouched."""


class ValidationError(UserError):
    """A record that fails validation; `fields` maps field name → Chinese message."""

    def __init__(self, message: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.fields = fields or {}


class Cancelled(UserError):
    """The user cancelled long work; nothing was written."""

    def __init__(self, message: str = "操作已取消，数据库未作任何改动。") -> None:
        super().__init__(message)
