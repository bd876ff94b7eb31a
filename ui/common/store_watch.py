"""Other desks' changes appear in the open pages within a few seconds.

A QTimer asks the store for its change log's head every POLL_MS (app/store_head.py: one
primary-key look-up; nothing more happens while it has not moved). When it moved, the tables the
new entries wrote — leaving out this window's own, already announced — are mapped to the change
kinds of ui/common/events.py and announced, so every page that shows them refreshes as after a
write made here (a hidden page only when it is next shown).

The watch also shows in the status bar when long work waits for another program's
(app/writer_turn.py's notice, sent from the worker thread and delivered on the GUI thread).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from app import store_head
from app.errors import UserError
from app.store import Store
from app.writer_turn import clear_wait_notice, set_wait_notice
from ui.common.events import EVERYTHING, Events

POLL_MS = 3000

# table written → the change kinds whose pages show it; a table not named here refreshes everything
TABLE_KINDS: dict[str, tuple[str, ...]] = {
    "cases": ("cases",), "case_officers": ("cases",), "ledger_entries": ("ledger",), "receipts": ("receipts",),
    "officers": ("officers",), "units": ("units",), "import_batches": ("cases", "ledger", "receipts", "officers"),
    "findings": ("findings",), "discretion_benchmarks": ("findings",), "calendar_years": ("calendar",),
    "problems": ("problems",), "progress_entries": ("problems",), "evidence_files": ("problems",),
    "dispositions": ("problems",), "category_mappings": ("problems",), "disposition_terms": ("problems",),
    "issued_documents": ("problems", "reports"), "typical_cases": ("problems",), "unit_assessments": ("problems",),
    "unit_reports": ("problems",),
    "campaigns": ("campaign",), "campaign_phases": ("campaign",), "campaign_members": ("campaign",),
    "campaign_categories": ("campaign",), "campaign_manifestations": ("campaign",),
    "campaign_milestones": ("campaign",), "campaign_submissions": ("campaign",),
    "reviews": ("review",), "review_items": ("review",), "samples": ("sample",),
    "settings": ("settings", "office"), "signers": ("signer",), "signed_reports": ("reports",),
    "office_keys": ("package",), "exported_packages": ("package",), "received_offices": ("package",),
    "received_office_keys": ("package",), "received_packages": ("package",),
    "process_records": ("process",), "plan_tasks": ("process",), "plan_task_progress": ("process",),
    "complaints": ("registers",), "complaint_files": ("registers",), "visit_draws": ("registers",),
    "visits": ("registers",), "surveys": ("registers",), "survey_imports": ("registers",),
    "survey_responses": ("registers",),
    "publication_lists": ("cases",), "publications": ("cases",),
}


def kinds_of(tables: frozenset[str] | set[str]) -> list[str]:
    """The change kinds to announce for the tables written, in a stable order (EVERYTHING alone
    when one of them is not known)."""
    kinds: list[str] = []
    for table in sorted(tables):
        mapped = TABLE_KINDS.get(table)
        if mapped is None:
            return [EVERYTHING]
        kinds.extend(k for k in mapped if k not in kinds)
    return kinds


class StoreWatch(QObject):
    """Polls the change log's head and announces other desks' changes on `events`.
    `waiting(message)` carries the writer-lock notices to the window's status bar."""

    waiting = Signal(str)  # on the GUI thread
    _waiting_from_worker = Signal(str)  # emitted on the worker's thread, queued to this object's

    def __init__(self, store: Store, events: Events, parent: QObject | None = None, *,
                 interval_ms: int | None = None, on_error: Callable[[UserError], None] | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.events = events
        self.on_error = on_error
        self.seen = store_head.head(store)
        self.polls = 0  # how many times the head was asked (tests; the status bar does not care)
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS if interval_ms is None else interval_ms)
        self.timer.timeout.connect(self.poll)
        self.timer.start()
        # the notice comes from the thread doing the work: a signal received by this object (a
        # method of it, so Qt queues the call to the GUI thread) and passed on as `waiting`
        self._waiting_from_worker.connect(self._deliver_waiting)
        notice = self._notice = self._waiting_from_worker.emit
        set_wait_notice(notice)
        self.destroyed.connect(lambda *_: clear_wait_notice(notice))

    def _deliver_waiting(self, message: str) -> None:
        self.waiting.emit(message)

    def stop(self) -> None:
        self.timer.stop()
        clear_wait_notice(self._notice)

    def poll(self) -> list[str]:
        """Look once; announce and return the kinds other desks changed ([] when nothing did)."""
        self.polls += 1
        try:
            now = store_head.head(self.store)
            if now == self.seen:
                return []
            changes = store_head.changes_after(self.store, self.seen)
        except UserError as exc:  # the store went away (a network drive): say so once, stop looking
            self.stop()
            if self.on_error is not None:
                self.on_error(exc)
            return []
        self.seen = changes.head
        kinds = kinds_of(changes.tables)
        if kinds:
            self.events.announce(*kinds)
        return kinds
