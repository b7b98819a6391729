"""`python main.py outbox`: the owner sees what is stuck and puts it back once it is fixed.

`outbox list` runs as the real process (the entry-point smoke test of `outbox`), `outbox retry` in-process."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from sqlmodel import select

from bot.bootstrap import build
from bot.store.models import OutboxItem
from tests.conftest import make_settings
from tests.support.cli import invoke, main_py

pytestmark = pytest.mark.heavy  # seconds each: scheduled first (tests/conftest.py)


async def test_a_parked_deal_is_listed_with_its_reason_and_can_be_queued_again(sqlite_url: str) -> None:
    app = build(make_settings(sqlite_url))
    now = datetime(2026, 11, 23, 8, tzinfo=UTC)
    async with app.sessions() as session:
        session.add(
            OutboxItem(
                kind="crm.deliver_lead",
                payload={"lead_id": 1},
                status="parked",
                attempts=1,
                last_error="validation-errors: custom_fields_values.0.field_id",
                next_attempt_at=now,
                created_at=now,
            )
        )
        session.add(
            OutboxItem(kind="channel.send", payload={"message_id": 1}, status="done", next_attempt_at=now, created_at=now)
        )
        await session.commit()

    listed = await asyncio.to_thread(main_py, "outbox", "list", "--parked", "--db", sqlite_url, inherit_env=False)
    assert "done: 1  parked: 1" in listed
    assert "deal to the CRM" in listed and "custom_fields_values.0.field_id" in listed

    assert "1 item(s) back in the queue" in await asyncio.to_thread(invoke, "outbox", "retry", "--all-parked", "--db", sqlite_url)
    async with app.sessions() as session:
        item = (await session.exec(select(OutboxItem).where(OutboxItem.kind == "crm.deliver_lead"))).one()
    assert item.status == "pending" and item.attempts == 0
    await app.close()
