"""The owner's commands: a campaign pass (dry run and real), the personal link, and `stats --json`.

The dry run and `stats --json` run as real processes (the entry-point smoke tests of `retention` and
`stats`); the other commands run in-process, and the service is `create_app` on a loopback uvicorn,
as `main.py run` builds it (that command's own smoke test is tests/e2e/test_telegram_service.py)."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from bot.bootstrap import build
from bot.store.models import Customer
from bot.web.app import create_app
from tests.conftest import make_settings
from tests.support.cli import invoke, main_py
from tests.support.server import serve_app

pytestmark = pytest.mark.heavy  # seconds each: scheduled first (tests/conftest.py)

NOW = "2026-11-23T11:00:00+03:00"


async def seed(url: str) -> None:
    app = build(make_settings(url))
    bought = datetime(2026, 7, 1, 9, tzinfo=UTC)
    async with app.sessions() as session:
        session.add(
            Customer(
                name="Сергей",
                phone="+79161234567",
                messaging_consent=True,
                ads_consent=True,
                last_purchase_at=bought,
                created_at=bought,
            )
        )
        session.add(
            Customer(name="Недавний", messaging_consent=True, last_purchase_at=bought + timedelta(days=120), created_at=bought)
        )
        session.add(Customer(name="Без согласия", last_purchase_at=bought, created_at=bought))
        await session.commit()
    await app.close()


def shop(sqlite_url: str) -> str:
    """The seeded database, in the plain `sqlite:///` form an owner types."""
    asyncio.run(seed(sqlite_url))
    return sqlite_url.replace("sqlite+aiosqlite://", "sqlite://")


@contextmanager
def service(url: str, **settings: object) -> Iterator[httpx.Client]:
    container = build(make_settings(url, **settings))
    with serve_app(create_app(container)) as base, httpx.Client(base_url=base, timeout=10) as client:
        yield client


def test_dry_run_explains_then_a_real_pass_gives_a_working_personal_link(sqlite_url: str) -> None:
    url = shop(sqlite_url)
    dry = main_py("retention", "run-once", "--dry-run", "--now", NOW, "--db", url)
    assert "Would contact: 1" in dry and "no messaging consent" in dry and "no purchase for 90 days yet" in dry
    real = invoke("retention", "run-once", "--now", NOW, "--db", url)
    link = next(word for word in real.split() if "/c/" in word)
    token = link.rsplit("/c/", 1)[1]
    again = invoke("retention", "run-once", "--now", NOW, "--db", url)
    assert "Contacted: 0" in again

    with service(url) as client:
        assert client.get(f"/c/{token}").status_code == 200
        assert client.get("/c/not-a-real-token").status_code == 404
        history = client.get("/api/chat/messages", params={"session": f"c-{token}"}).json()["messages"]
        assert len(history) == 1 and "Сергей" in history[0]["text"]
        body = {"session": f"c-{token}", "id": uuid.uuid4().hex, "text": "спасибо, ничего не нужно"}
        answer = client.post("/api/chat/messages", json=body).json()["messages"][-1]["text"]
        assert "5%" in answer

    stats = json.loads(main_py("stats", "--json", "--db", url))
    assert (stats["contacted"], stats["replied"], stats["nothing"], stats["offers_made"]) == (1, 1, 1, 1)


def test_the_dashboard_shows_the_funnel_and_asks_for_the_owner_token(sqlite_url: str) -> None:
    url = shop(sqlite_url)
    invoke("retention", "run-once", "--now", NOW, "--db", url)
    with service(url, dashboard_token="owner-secret") as client:
        assert client.get("/dashboard", follow_redirects=False).status_code == 303  # to the sign-in page
        assert client.get("/dashboard", params={"token": "not-it"}, follow_redirects=False).status_code == 303
        page = client.get("/dashboard", params={"token": "owner-secret"})
        assert page.status_code == 200 and "Написали" in page.text
        chart = client.get("/dashboard/chart.png")  # the cookie from the first visit is enough
        assert chart.status_code == 200 and chart.content.startswith(b"\x89PNG")
