"""A circuit breaker: after `failures` failed calls in a row the provider is left alone for
`open_for`; then one call is let through (half-open) and its result closes or re-opens it."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.clock import Clock
from bot.config import Settings


class CircuitBreaker:
    def __init__(self, clock: Clock, *, failures: int = 3, open_for: timedelta = timedelta(minutes=2)) -> None:
        self._clock = clock
        self._limit = max(1, failures)
        self._open_for = open_for
        self._failures = 0
        self._opened_at: datetime | None = None

    @property
    def is_open(self) -> bool:
        return self._opened_at is not None and self._clock.now() < self._opened_at + self._open_for

    def allow(self) -> bool:
        return not self.is_open

    def succeeded(self) -> None:
        self._failures, self._opened_at = 0, None

    def failed(self) -> None:
        self._failures += 1
        if self._failures >= self._limit or self._opened_at is not None:
            self._opened_at = self._clock.now()


def breaker_from(settings: Settings, clock: Clock) -> CircuitBreaker:
    """A breaker with LLM_BREAKER_FAILURES / LLM_BREAKER_OPEN_SECONDS (one per kind of call)."""
    return CircuitBreaker(
        clock, failures=settings.llm.breaker_failures, open_for=timedelta(seconds=settings.llm.breaker_open_seconds)
    )
