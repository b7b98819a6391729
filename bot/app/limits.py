"""Rate limits kept in memory: at most `limit` events per `window` per key (a web chat session, a
client address). Bounded twice over: a key whose events have all left the window is forgotten (a
year of web chat visitors leaves only the last window's), and past `max_keys` the least recently
seen keys go first, so a flood of new keys cannot grow memory either. Time comes from the injected
clock."""

from __future__ import annotations

from collections import OrderedDict
from datetime import datetime, timedelta

from bot.clock import Clock


class SlidingWindow:
    def __init__(self, limit: int, window: timedelta, clock: Clock, *, max_keys: int = 10_000) -> None:
        self._limit, self._window, self._clock, self._max_keys = limit, window, clock, max_keys
        # least recently seen first; every key kept has an event inside the window when last seen.
        # Lists, not deques: a few events each, and an empty deque alone takes 760 bytes.
        self._events: OrderedDict[str, list[datetime]] = OrderedDict()

    def allow(self, key: str) -> bool:
        """Count one event for `key`; False (and nothing counted) when it is over the limit."""
        now = self._clock.now()
        events = self._events.pop(key, None) or []
        gone = next((n for n, moment in enumerate(events) if now - moment < self._window), len(events))
        del events[:gone]
        allowed = len(events) < self._limit
        if allowed:
            events.append(now)
        if events:
            self._events[key] = events
        self._forget_idle(now)
        return allowed

    def full(self, key: str) -> bool:
        """Whether the next event for `key` would be refused (nothing is counted)."""
        now = self._clock.now()
        return sum(1 for moment in self._events.get(key, ()) if now - moment < self._window) >= self._limit

    def __len__(self) -> int:
        """How many keys are remembered now."""
        return len(self._events)

    def _forget_idle(self, now: datetime) -> None:
        # A key not seen for a whole window has no event left in it, and such keys are at the front.
        while self._events:
            oldest = next(iter(self._events.values()))
            if len(self._events) <= self._max_keys and now - oldest[-1] < self._window:
                return
            self._events.popitem(last=False)
