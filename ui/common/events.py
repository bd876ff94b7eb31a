"""The one change signal: every write the window makes is announced on one `Events` object, and
every page that shows that kind of data refreshes from it (Anki's `operation_did_execute`), so
no page ever shows yesterday's store.

    events = Events(window)
    events.announce("findings", "problems", by=page)   # after a write; `by` has refreshed itself
    follow(events, page, {"problems", "units"}, page.refresh)

`changed(what)` carries one of the kinds below. A page hidden behind another one (the window's
stack hides every page but the current one) is only marked stale and refreshes when it is next
shown, so a write costs one refresh of what is on screen, not of every page ever opened.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QWidget

EVERYTHING = "all"  # a demo load or a restored backup: every page refreshes
RECORD_KINDS = ("cases", "ledger", "receipts", "officers", "units")
KINDS = frozenset({
    *RECORD_KINDS,
    "findings",   # an audit run, a finding dismissed, reopened or confirmed
    "problems",   # a problem added, changed, closed
    "campaign",   # a campaign created or made current (its taxonomy with it)
    "review",     # a review started, submitted, a consensus recorded
    "sample",     # a sample drawn
    "calendar",   # the holiday data
    "office",     # the office's details
    "signer",     # the signing certificate
    "settings",   # the report font, the backup settings
    "reports",    # a report produced or signed
    "package",    # a package exported, or imported by the bureau
    "backups",    # a backup made
    "process",    # a whole-process record, the 音像记录事项清单 or the task table changed
    "registers",  # a complaint, a return visit or a questionnaire written (app/registers)
    EVERYTHING,
})


class Events(QObject):
    """`changed(what)` after every write made through the window."""

    changed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._by: QObject | None = None

    @property
    def announcer(self) -> QObject | None:
        """The page announcing the change being delivered (it has refreshed itself already)."""
        return self._by

    def announce(self, *what: str, by: QObject | None = None) -> None:
        unknown = [w for w in what if w not in KINDS]
        if unknown:  # a misspelt kind would refresh nothing, silently
            raise ValueError(f"unknown change kind(s): {unknown}")
        before, self._by = self._by, by
        try:
            for kind in what:
                self.changed.emit(kind)
        finally:
            self._by = before


class Follower(QObject):
    """Calls `refresh()` when one of `kinds` changes: at once when the widget is shown, else the
    next time it is shown. A child of the widget, so it goes (and disconnects) with it."""

    def __init__(self, events: Events, widget: QWidget, kinds: Iterable[str],
                 refresh: Callable[[], object]) -> None:
        super().__init__(widget)
        self.kinds = frozenset(kinds)
        unknown = self.kinds - KINDS
        if unknown:
            raise ValueError(f"unknown change kind(s): {sorted(unknown)}")
        self.stale = False
        self._events = events
        self._widget = widget
        self._refresh = refresh
        events.changed.connect(self._changed)
        widget.installEventFilter(self)

    def _changed(self, what: str) -> None:
        if what != EVERYTHING and what not in self.kinds:
            return
        if self._events.announcer is self._widget:
            return
        if self._widget.isHidden():
            self.stale = True
        else:
            self.stale = False
            self._refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # ShowToParent arrives when the stack makes the page current, even in a window not yet
        # shown; Show when the window itself appears.
        if self.stale and event.type() in (QEvent.Type.ShowToParent, QEvent.Type.Show):
            self.stale = False
            self._refresh()
        return False


def follow(events: Events, widget: QWidget, kinds: Iterable[str], refresh: Callable[[], object]) -> Follower:
    """Keep `widget` up to date with the store: see Follower."""
    return Follower(events, widget, kinds, refresh)
