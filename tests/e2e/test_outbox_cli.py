"""`python main.py outbox`: the owner sees what is stuck and puts it back once it is fixed."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from sqlmodel import select

from bot.bootstrap import build
from bot.db import upgrade_async
from bot.models import OutboxItem
from tests.conftest import make_settings
from tests.support.server import ROOT


def main(*args: str) -> str:
    run = subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, capture_output=True, text=True, timeout=120,
                         env={"PATH": "/usr/bin:/bin", "COLUMNS": "200"})
    assert run.returncode == 0, run.stderr
    return run.stdout


async def test_a_parked_deal_is_listed_with_its_reason_and_can_be_queued_again(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'partsbot.db'}"
    await upgrade_async(url)
    app = build(make_settings(url))
    now = datetime(2026, 11, 23, 8, tzinfo=UTC)
    async with app.sessions() as session:
        session.add(OutboxItem(kind="crm.deliver_lead", payload={"lead_id": 1}, status="parked", attempts=1,
                               last_error="validation-errors: custom_fields_values.0.field_id",
                               next_attempt_at=now, created_at=now))
        session.add(OutboxItem(kind="channel.send", payload={"message_id": 1}, status="done",
                               next_attempt_at=now, created_at=now))
        await session.commit()

    listed = main("outbox", "list", "--parked", "--db", url)
    assert "done: 1  parked: 1" in listed
    assert "deal to the CRM" in listed and "custom_fields_values.0.field_id" in listed

    assert "1 item(s) back in the queue" in main("outbox", "retry", "--all-parked", "--db", url)
    async with app.sessions() as session:
        item = (await session.exec(select(OutboxItem).where(OutboxItem.kind == "crm.deliver_lead"))).one()
    assert item.status == "pending" and item.attempts == 0
    await app.close()
