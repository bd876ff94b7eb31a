"""The rule book run in lanes, two at a time, each on a connection of its own.

Most of a run over the store is SQL, and SQLite (like PostgreSQL's server) does that work without
Python's interpreter lock: while one lane's query runs in SQLite, another lane's Python can build
its findings. A lane is one rule module's rules (registry.LANES), run in their order on one
thread, because a module's rules share per-run memos (AuditData.memo: the law pass, the officers'
teams); lanes share nothing but read-only inputs and compute-once caches, whose worst race is
working the same answer out twice.

What the lanes read is what the run's own connection would read: the run holds the store's writer
lock from before it loads anything until it commits, so no other desk commits in between, and
nothing is written on the run's connection before the findings (each lane's connection opens its
own read transaction on the same committed store). The findings are put back in the rule book's
order, so a run gives the same findings, in the same order, as one rule after another. They are
written after the last lane ends: writing each rule's findings as it came, while later lanes ran,
was measured (100k bench store) no faster in all and 0.3 s more CPU — a third thread taking
turns at the interpreter lock.

Cancelling: each lane checks before each rule and every few thousand findings (the engine's
`_checked`); the first lane to raise stops the others before their next rule, and the run waits
for every lane to end before it gives the error back (no thread left reading a closed store).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import CancelledError, Future, ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager
from dataclasses import replace

from sqlalchemy import Connection, Engine

from app.audit.model import Draft
from app.audit.rule import Rule, RunInputs

WORKERS = 2  # lanes at once: the run's SQL and Python overlap on two cores; more only queue up

ReadConnection = Callable[[], AbstractContextManager[Connection]]
CheckRule = Callable[[Rule, RunInputs], list[Draft]]


def readers(engine: Engine) -> ReadConnection:
    """Connections of `engine` for the lanes: each in a read transaction of its own, rolled back
    when the lane is done (a lane writes nothing)."""

    @contextmanager
    def reader() -> Iterator[Connection]:
        with engine.connect() as conn:
            transaction = conn.begin()
            try:
                yield conn
            finally:
                transaction.rollback()

    return reader


def run_in_lanes(rules: Sequence[Rule], lanes: Sequence[str], run: RunInputs, connect: ReadConnection,
                 check: CheckRule) -> Iterator[list[Draft]]:
    """Each rule's drafts, in the order of `rules`, as soon as that rule and those before it are
    done. `check(rule, run)` runs one rule; each lane gets `run` with its own connection."""
    order: dict[str, list[int]] = {}
    for i, lane in enumerate(lanes):
        order.setdefault(lane, []).append(i)
    slots: list[Future[list[Draft]]] = [Future() for _ in rules]
    stop = threading.Event()

    def run_lane(indices: list[int]) -> None:
        try:
            with connect() as db:
                own = replace(run, db=db)
                for i in indices:
                    if stop.is_set():
                        slots[i].cancel()
                        continue
                    try:
                        slots[i].set_result(check(rules[i], own))
                    except BaseException as exc:  # handed to the run's thread, which raises it
                        stop.set()
                        slots[i].set_exception(exc)
        except BaseException as exc:  # the lane's connection: every rule still waiting fails with it
            stop.set()
            for i in indices:
                if not slots[i].done():
                    slots[i].set_exception(exc)

    pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="audit-lane")
    for indices in order.values():
        pool.submit(run_lane, indices)
    try:
        for slot in slots:
            try:
                drafts = slot.result()
            except CancelledError:  # its lane stopped after another lane's rule failed
                break
            yield drafts
        else:
            return
    finally:
        stop.set()
        pool.shutdown(wait=True)
    for slot in slots:
        if slot.done() and not slot.cancelled() and slot.exception() is not None:
            raise slot.exception()  # type: ignore[misc]
    raise RuntimeError("a lane of the audit stopped without saying why")
