"""The owner's commands: a campaign pass (dry run and real), the personal link, and `stats --json`."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from bot.bootstrap import build
from bot.db import upgrade_async
from bot.models import Customer
from tests.conftest import make_settings
from tests.support.server import ROOT, run_service

NOW = "2026-11-23T11:00:00+03:00"


def main(*args: str) -> str:
    run = subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return run.stdout


async def seed(url: str) -> None:
    await upgrade_async(url)
    app = build(make_settings(url))
    bought = datetime(2026, 7, 1, 9, tzinfo=UTC)
    async with app.sessions() as session:
        session.add(Customer(name="Сергей", phone="+79161234567", messaging_consent=True, ads_consent=True,
                             last_purchase_at=bought, created_at=bought))
        session.add(Customer(name="Недавний", messaging_consent=True, last_purchase_at=bought + timedelta(days=120),
                             created_at=bought))
        session.add(Customer(name="Без согласия", last_purchase_at=bought, created_at=bought))
        await session.commit()
    await app.close()


async def test_dry_run_explains_then_a_real_pass_gives_a_working_personal_link(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shop.db'}"
    await seed(url.replace("sqlite://", "sqlite+aiosqlite://"))
    dry = main("retention", "run-once", "--dry-run", "--now", NOW, "--db", url)
    assert "Would contact: 1" in dry and "no messaging consent" in dry and "no purchase for 90 days yet" in dry
    real = main("retention", "run-once", "--now", NOW, "--db", url)
    link = next(word for word in real.split() if "/c/" in word)
    token = link.rsplit("/c/", 1)[1]
    again = main("retention", "run-once", "--now", NOW, "--db", url)
    assert "Contacted: 0" in again

    with run_service(url) as base, httpx.Client(base_url=base, timeout=10) as client:
        assert client.get(f"/c/{token}").status_code == 200
        assert client.get("/c/not-a-real-token").status_code == 404
        history = client.get("/api/chat/messages", params={"session": f"c-{token}"}).json()["messages"]
        assert len(history) == 1 and "Сергей" in history[0]["text"]
        body = {"session": f"c-{token}", "id": uuid.uuid4().hex, "text": "спасибо, ничего не нужно"}
        answer = client.post("/api/chat/messages", json=body).json()["messages"][-1]["text"]
        assert "5%" in answer

    stats = json.loads(main("stats", "--json", "--db", url))
    assert (stats["contacted"], stats["replied"], stats["nothing"], stats["offers_made"]) == (1, 1, 1, 1)


async def test_the_dashboard_shows_the_funnel_and_asks_for_the_owner_token(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shop.db'}"
    await seed(url.replace("sqlite://", "sqlite+aiosqlite://"))
    main("retention", "run-once", "--now", NOW, "--db", url)
    with run_service(url, DASHBOARD_TOKEN="owner-secret") as base, httpx.Client(base_url=base, timeout=10) as client:
        assert client.get("/dashboard").status_code == 401
        page = client.get("/dashboard", params={"token": "owner-secret"})
        assert page.status_code == 200 and "Написали" in page.text
        chart = client.get("/dashboard/chart.png")  # the cookie from the first visit is enough
        assert chart.status_code == 200 and chart.content.startswith(b"\x89PNG")
