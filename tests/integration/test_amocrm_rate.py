"""One amoCRM rate limit for every process on the database: two clients with engines of their own (as
two processes have) together never start more requests in a second than AMOCRM_RATE_PER_SECOND, as
the fake amoCRM sees them arrive."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time

import pytest

from bot.bootstrap import build
from bot.clock import FixedClock
from bot.store.rate import RateSlots, budget
from tests.support.amocrm import FakeAmo, amo, amo_settings, amocrm_of, max_per_second  # noqa: F401
from tests.support.cli import ROOT

RATE = 10  # requests a second; 30 requests take three windows (about 2 s)

# Exact, not timing-dependent: a slot is taken again only a window after its last call ended, and the
# fake saw that call before it answered. Without the shared limit two clients make 2 × RATE at once.


@pytest.mark.heavy
@pytest.mark.backend_matters
async def test_two_clients_on_one_database_never_exceed_the_rate_together(db_url: str, amo: FakeAmo, clock: FixedClock) -> None:
    workers = [build(amo_settings(db_url, amo, amocrm_rate_per_second=float(RATE)), clock=clock) for _ in range(2)]
    try:
        calls = [amocrm_of(w).client.request("GET", "/api/v4/leads/pipelines") for w in workers for _ in range(15)]
        results = await asyncio.gather(*calls)
    finally:
        for worker in workers:
            await worker.close()
    times = [t for t, _, _ in amo.state.requests]
    assert all(r["_embedded"]["pipelines"] for r in results) and len(times) == 30
    print(f"most requests in any 1 s: {max_per_second(times)}; spread over {max(times) - min(times):.2f} s")
    assert max_per_second(times) <= RATE


@pytest.mark.heavy
def test_two_real_processes_on_one_sqlite_file_never_exceed_the_rate_together(sqlite_url: str, amo: FakeAmo) -> None:
    """Real processes contend for SQLite's file lock (one process's engines queue on the loop instead),
    and each opens its connections cold: its first calls arrive late, bunched up with the next ones."""
    env = {
        **os.environ,
        "DATABASE_URL": sqlite_url,
        "AMOCRM_BASE_URL": amo.url,
        "AMOCRM_ACCESS_TOKEN": "long-lived-token",
        "AMOCRM_RATE_PER_SECOND": str(RATE),
    }
    start = time.time() + 2.0  # both have imported by then, and start together
    command = [sys.executable, "-m", "tests.support.amo_burst", "15", str(start)]
    processes = [subprocess.Popen(command, cwd=ROOT, env=env) for _ in range(2)]
    assert [p.wait(timeout=60) for p in processes] == [0, 0]
    times = [t for t, _, _ in amo.state.requests]
    assert len(times) == 30
    print(f"most requests in any 1 s: {max_per_second(times)}; spread over {max(times) - min(times):.2f} s")
    assert max_per_second(times) <= RATE


@pytest.mark.backend_matters
async def test_a_slot_is_taken_again_a_window_after_its_call_ended_by_another_process(db_url: str) -> None:
    rate = 1.5  # one slot, a window of 0.72 s
    first, second = RateSlots(db_url, "test", rate), RateSlots(db_url, "test", rate)
    try:
        slot = await first.claim()
        await asyncio.sleep(0.3)  # a slow call: the server may have seen it only now
        await first.release(slot)
        ended = time.monotonic()
        await second.claim()
        waited = time.monotonic() - ended
    finally:
        await first.aclose()
        await second.aclose()
    assert waited >= budget(rate)[1] - 0.02  # the commit of the release took a moment
