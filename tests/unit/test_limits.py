"""The sliding window behind the web chat's limits and the staff sign-in pauses: it counts, and it
forgets — a key whose window has passed is dropped, and there are never more than `max_keys`."""

from __future__ import annotations

import tracemalloc
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
    assert len(window) == 100


def test_five_thousand_web_chat_clients_are_forgotten_once_their_windows_pass() -> None:
    clock = FixedClock(MONDAY_11)
    window = SlidingWindow(20, timedelta(minutes=1), clock)
    for n in range(5000):
        window.allow(f"client-{n}")
        clock.advance(timedelta(milliseconds=5))  # 25 s for all of them: every window still open
    assert len(window) == 5000
    clock.advance(timedelta(minutes=1))
    window.allow("one-more")
    assert len(window) == 1  # not 5001: an idle client costs nothing after its minute


def test_only_the_clients_of_the_last_window_are_remembered_however_long_it_runs() -> None:
    clock, sizes = FixedClock(MONDAY_11), []
    window = SlidingWindow(5, timedelta(minutes=1), clock)
    for n in range(20_000):  # a new client every 0.1 s for over half an hour: 600 in any minute
        window.allow(f"client-{n}")
        clock.advance(timedelta(milliseconds=100))
        sizes.append(len(window))
    assert max(sizes) <= 601


def test_a_client_still_writing_keeps_its_count_while_others_are_forgotten() -> None:
    clock = FixedClock(MONDAY_11)
    window = SlidingWindow(2, timedelta(minutes=1), clock)
    assert window.allow("busy") and window.allow("busy")
    for n in range(3000):
        window.allow(f"idle-{n}")
    clock.advance(timedelta(seconds=30))
    assert not window.allow("busy")  # refused, and still counted: nothing of its window was lost
    clock.advance(timedelta(seconds=31))  # the idle ones' minute is over; busy's two events too
    assert window.allow("busy")
    assert len(window) == 1


def test_a_refused_key_stays_refused_and_full_agrees() -> None:
    clock = FixedClock(MONDAY_11)
    window = SlidingWindow(3, timedelta(minutes=15), clock)
    for _ in range(3):
        window.allow("10.0.0.1")
    assert window.full("10.0.0.1") and not window.allow("10.0.0.1")
    clock.advance(timedelta(minutes=15))
    assert not window.full("10.0.0.1") and window.allow("10.0.0.1")


def test_a_limit_of_zero_refuses_everything_and_remembers_nothing() -> None:
    window = SlidingWindow(0, timedelta(minutes=1), FixedClock(MONDAY_11))
    assert not any(window.allow(f"k{n}") for n in range(100))
    assert len(window) == 0


def test_a_remembered_client_costs_a_few_hundred_bytes() -> None:
    clock = FixedClock(MONDAY_11)
    window = SlidingWindow(10, timedelta(hours=1), clock)  # the new-conversations limit: an hour per address
    tracemalloc.start()
    try:
        for n in range(10_000):  # the bound: at most this many addresses are kept
            window.allow(f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}")
        held = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert len(window) == 10_000 and held / 10_000 < 400  # ~210 bytes; with a deque per client, ~890
