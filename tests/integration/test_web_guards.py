"""Every HTTP request and response: bodies are bounded, and the security headers are there (the chat
may be framed only by the shop's own sites)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlmodel import select

from bot.bootstrap import build
from bot.clock import FixedClock
from bot.runtime import Container
from bot.store.models import Message
from bot.web.app import create_app
from tests.conftest import make_settings


@pytest.fixture
async def web(sqlite_url: str, clock: FixedClock) -> AsyncIterator[tuple[Container, httpx.AsyncClient]]:
    settings = make_settings(sqlite_url, telegram_max_photo_bytes=1000, web_chat_embed_origins="https://shop.example")
    app = build(settings, clock=clock)
    transport = httpx.ASGITransport(app=create_app(app, background=False))
    async with httpx.AsyncClient(transport=transport, base_url="http://shop") as client:
        yield app, client
    await app.close()


async def test_a_body_over_the_limit_is_refused_and_nothing_stored(web: tuple[Container, httpx.AsyncClient]) -> None:
    app, client = web
    huge = {"session": "session-huge-1", "id": "message-huge-1", "text": "колодки " * 20_000}
    assert (await client.post("/api/chat/messages", json=huge)).status_code == 413

    async def streamed() -> AsyncIterator[bytes]:  # no Content-Length: counted as it arrives
        for _ in range(200):
            yield b"x" * 1000

    response = await client.post("/api/chat/messages", content=streamed(), headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    async with app.sessions() as session:
        assert (await session.exec(select(Message))).all() == []


async def test_pages_and_the_api_carry_the_security_headers(web: tuple[Container, httpx.AsyncClient]) -> None:
    _, client = web
    for path in ("/", "/healthz"):
        headers = (await client.get(path)).headers
        assert headers["x-content-type-options"] == "nosniff" and headers["referrer-policy"] == "same-origin"
        assert "frame-ancestors 'self' https://shop.example" in headers["content-security-policy"]


async def test_no_page_runs_inline_script_and_the_policy_forbids_it(web: tuple[Container, httpx.AsyncClient]) -> None:
    _, client = web
    page = await client.get("/")
    policy = page.headers["content-security-policy"]
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert script_src.split() == ["script-src", "'self'"]
    assert re.findall(r"<script(?![^>]*\bsrc=)", page.text) == []  # every script is a file
    script = await client.get("/static/chat.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
