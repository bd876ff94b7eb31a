"""The one change signal: a page shown refreshes at once, a hidden one when it is next shown,
the page that announced a change is not refreshed twice, and misspelt kinds are refused."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QStackedWidget, QWidget

from ui.common.events import EVERYTHING, Events, follow


def _stack(qtbot):  # type: ignore[no-untyped-def]
    stack = QStackedWidget()
    qtbot.addWidget(stack)
    shown, hidden = QWidget(), QWidget()
    stack.addWidget(shown)
    stack.addWidget(hidden)
    stack.setCurrentWidget(shown)
    stack.show()
    qtbot.waitExposed(stack)
    return stack, shown, hidden


def test_a_shown_page_refreshes_at_once_a_hidden_one_when_shown(qtbot) -> None:  # type: ignore[no-untyped-def]
    stack, shown, hidden = _stack(qtbot)
    events = Events()
    calls: list[str] = []
    follow(events, shown, {"problems"}, lambda: calls.append("shown"))
    hidden_follower = follow(events, hidden, {"problems"}, lambda: calls.append("hidden"))
    events.announce("problems")
    assert calls == ["shown"] and hidden_follower.stale
    events.announce("problems")  # still one refresh owed to the hidden page, not two
    stack.setCurrentWidget(hidden)
    assert calls == ["shown", "shown", "hidden"] and not hidden_follower.stale
    stack.setCurrentWidget(shown)
    assert calls == ["shown", "shown", "hidden"]  # nothing changed meanwhile: no refresh


def test_only_the_kinds_followed_and_everything(qtbot) -> None:  # type: ignore[no-untyped-def]
    _stack_, shown, _hidden = _stack(qtbot)
    events = Events()
    calls: list[str] = []
    follow(events, shown, {"cases", "units"}, lambda: calls.append("refresh"))
    events.announce("findings", "office")
    assert calls == []
    events.announce("units")
    events.announce(EVERYTHING)
    assert calls == ["refresh", "refresh"]


def test_the_announcing_page_is_not_refreshed_again(qtbot) -> None:  # type: ignore[no-untyped-def]
    _stack_, shown, _hidden = _stack(qtbot)
    other = QWidget()
    qtbot.addWidget(other)
    other.show()
    events = Events()
    calls: list[str] = []
    follow(events, shown, {"findings"}, lambda: calls.append("page"))
    follow(events, other, {"findings"}, lambda: calls.append("other"))
    events.announce("findings", by=shown)
    assert calls == ["other"] and events.announcer is None


def test_misspelt_kinds_are_refused(qtbot) -> None:  # type: ignore[no-untyped-def]
    events = Events()
    page = QWidget()
    qtbot.addWidget(page)
    with pytest.raises(ValueError, match="finding"):
        events.announce("finding")
    with pytest.raises(ValueError, match="problem"):
        follow(events, page, {"problem"}, lambda: None)


def test_a_follower_goes_with_its_page(qtbot) -> None:  # type: ignore[no-untyped-def]
    events = Events()
    calls: list[str] = []
    page = QWidget()
    page.show()
    follow(events, page, {"cases"}, lambda: calls.append("refresh"))
    events.announce("cases")
    assert calls == ["refresh"]
    with qtbot.waitSignal(page.destroyed, timeout=2000):
        page.deleteLater()
    events.announce("cases")  # the follower went with the page: no call into a deleted widget
    assert calls == ["refresh"]
