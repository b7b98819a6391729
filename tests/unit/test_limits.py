"""The sliding window behind the web chat's limits."""

from __future__ import annotations

from datetime import timedelta

from bot.app.limits import SlidingWindow
from bot.clock import FixedClock
from tests.conftest import MONDAY_11


def test_events_over_the_limit_are_refused_until_the_window_slides_past() -> None:
    clock = FixedClock(MONDAY_11)
    window = SlidingWindow(2, timedelta(minutes=1), clock)
    assert [window.allow("a"), window.allow("a"), window.allow("a")] == [True, True, False]
    clock.advance(timedelta(seconds=61))
    assert window.allow("a")


def test_a_flood_of_new_keys_keeps_memory_bounded() -> None:
    window = SlidingWindow(1, timedelta(hours=1), FixedClock(MONDAY_11), max_keys=100)
    for n in range(1000):
        window.allow(f"key-{n}")
    assert len(window._events) == 100
