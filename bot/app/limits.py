"""Rate limits kept in memory: at most `limit` events per `window` per key (a web chat session, a
client address). Bounded: the least recently seen keys are forgotten first, so a flood of new keys
cannot grow memory. Time comes from the injected clock."""

from __future__ import annotations

from collections import OrderedDict, deque
from datetime import datetime, timedelta

from bot.clock import Clock


class SlidingWindow:
    def __init__(self, limit: int, window: timedelta, clock: Clock, *, max_keys: int = 10_000) -> None:
        self._limit, self._window, self._clock, self._max_keys = limit, window, clock, max_keys
        self._events: OrderedDict[str, deque[datetime]] = OrderedDict()

    def allow(self, key: str) -> bool:
        """Count one event for `key`; False (and nothing counted) when it is over the limit."""
        now = self._clock.now()
        events = self._events.pop(key, None) or deque()
        while events and now - events[0] >= self._window:
            events.popleft()
        self._events[key] = events
        while len(self._events) > self._max_keys:
            self._events.popitem(last=False)
        if len(events) >= self._limit:
            return False
        events.append(now)
        return True

    def full(self, key: str) -> bool:
        """Whether the next event for `key` would be refused (nothing is counted)."""
        now = self._clock.now()
        return sum(1 for moment in self._events.get(key, ()) if now - moment < self._window) >= self._limit
