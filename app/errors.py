"""Expected errors: each carries a message in Chinese for the user.

The UI shows `message`; the CLI prints it to stderr and exits 2. Anything that is not a
`UserError` is a bug and goes to the crash handler.

Errors about a file also say where in it, as attributes (`file`, `sheet`, `row` as Excel numbers
it, `column` as its letter), so the CLI's `--json` error document can name the place without
parsing the message. Each is None where it does not apply.
"""

from __future__ import annotations

from db.errors import StoreError, StoreLockedError, StoreTooNewError, UserError

__all__ = ["BadFileError", "Cancelled", "ImportRejectedError", "LOCATION_FIELDS", "StoreError", "StoreLockedError",
           "StoreTooNewError", "UserError", "ValidationError", "location_of"]

LOCATION_FIELDS = ("file", "sheet", "row", "column")


class BadFileError(UserError):
    """A file that cannot be read as the spreadsheet we expect."""

    def __init__(self, message: str, *, file: str | None = None, sheet: str | None = None,
                 row: int | None = None, column: str | None = None) -> None:
        super().__init__(message)
        self.file, self.sheet, self.row, self.column = file, sheet, row, column

    def locate(self, *, file: str | None = None, sheet: str | None = None) -> BadFileError:
        """Fill in the file and sheet where the raiser did not know them; returns self."""
        if self.file is None:
            self.file = file
        if self.sheet is None:
            self.sheet = sheet
        return self


class ImportRejectedError(UserError):
    """A strict import refused because some rows were rejected; carries the report.

    The location is the first rejected cell's (the report's file and sheet, the issue's row and
    column letter), read off the report by attribute: app.errors imports nothing of app."""

    def __init__(self, message: str, report: object) -> None:
        super().__init__(message)
        self.report = report
        self.file: str | None = getattr(report, "file", None)
        self.sheet: str | None = getattr(report, "sheet", None)
        first = next(iter(getattr(report, "rejected", None) or ()), None)
        self.row: int | None = getattr(first, "row", None)
        self.column: str | None = getattr(first, "column_letter", None) or None


class ValidationError(UserError):
    """A record that fails validation; `fields` maps field name → Chinese message."""

    def __init__(self, message: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.fields = fields or {}


class Cancelled(UserError):
    """The user cancelled long work; nothing was written."""

    def __init__(self, message: str = "操作已取消，数据库未作任何改动。") -> None:
        super().__init__(message)


def location_of(exc: BaseException) -> dict[str, object]:
    """file, sheet, row and column of an expected error, None where they do not apply."""
    return {name: getattr(exc, name, None) for name in LOCATION_FIELDS}
