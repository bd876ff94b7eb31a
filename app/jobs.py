"""What long work (import, audit, reports, packages, demo data) is handed: a progress callback
and a cancel flag — never a widget (ARCHITECTURE §1 "Long work off the GUI thread").

`Progress` is called as `progress(done, total, label)`; `Cancel` is asked `cancel()` and returns
True once the user has asked to stop. Both are optional everywhere (`None` = nobody watching),
so a service takes `progress: Progress | None = None, cancel: Cancel | None = None` and checks
with `raise_if_cancelled(cancel)` between chunks of work.
"""

from __future__ import annotations

from collections.abc import Callable

from app.errors import Cancelled

__all__ = ["Cancel", "Cancelled", "Progress", "raise_if_cancelled"]

Progress = Callable[[int, int, str], None]
Cancel = Callable[[], bool]


def raise_if_cancelled(cancel: Cancel | None, message: str | None = None) -> None:
    """Raise Cancelled (with `message`, else the default "nothing was written") once asked."""
    if cancel is not None and cancel():
        raise Cancelled() if message is None else Cancelled(message)

