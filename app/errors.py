"""Expected errors: each carries a message in Chinese for the user.

The UI shows `message`; the CLI prints it to stderr and exits 2. Anything that is not a
`UserError` is a bug and goes to the crash handler.
"""

from __future__ import annotations

from db.errors import StoreError, StoreLockedError, StoreTooNewError, UserError

__all__ = ["BadFileError", "Cancelled", "ImportRejectedError", "StoreError", "StoreLockedError",
           "StoreTooNewError", "UserError", "ValidationError"]


class BadFileError(UserError):
    """A file that cannot be read as the spreadsheet we expect."""


class ImportRejectedError(UserError):
    """A strict import refused because some rows were rejected; carries the report."""

    def __init__(self, message: str, report: object) -> None:
        super().__init__(message)
        self.report = report


class ValidationError(UserError):
    """A record that fails validation; `fields` maps field name → Chinese message."""

    def __init__(self, message: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.fields = fields or {}


class Cancelled(UserError):
    """The user cancelled long work; nothing was written."""

    def __init__(self, message: str = "操作已取消，数据库未作任何改动。") -> None:
        super().__init__(message)
