"""One process of the shared rate limit's test: `python -m tests.support.amo_burst N START` sends N amoCRM
GETs at once at wall-clock time START, through the adapter the service builds from this process's
environment (DATABASE_URL, AMOCRM_*), and exits."""

from __future__ import annotations

import asyncio
import sys
import time

from bot.clock import SystemClock
from bot.config import Settings
from bot.store.engine import create_engine, session_factory
from crm_adapters.amocrm.adapter import AmoCrm


async def burst(requests: int, start: float) -> None:
    settings = Settings()
    engine = create_engine(settings.database_url)
    crm = AmoCrm.from_settings(settings, session_factory(engine), SystemClock())
    try:
        await asyncio.sleep(max(start - time.time(), 0.0))
        await asyncio.gather(*(crm.client.request("GET", "/api/v4/leads/pipelines") for _ in range(requests)))
    finally:
        await crm.aclose()
        await engine.dispose()


if __name__ == "__main__":
    asyncio.run(burst(int(sys.argv[1]), float(sys.argv[2])))
