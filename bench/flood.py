"""1,000 WhatsApp chats writing at once: seconds until all are answered, answers/s, none mixed, beside a bare pywa echo webhook.

    .venv/bin/python -m bench.flood [--chats 1000] [--debounce 0]

Every customer (tests/support/flood.py) asks for a part of their own on a VIN of their own, and
all updates are posted at once, signed, to /webhooks/whatsapp of the FastAPI app in process; the
Graph API fake (tests/fakes/graph_api.py) runs on loopback in a thread. "ours" is the whole path —
signature, pywa, the turn gatherer, the core on a fresh SQLite database built by our migrations,
the reply through the Cloud API with its 24-hour window check, the outbox worker sending what
could not go straight (counted) — and is done when every customer has an answer; each answer is
then checked to name that customer's own VIN and part. "echo" is the least a WhatsApp bot does in
the same run: a route that checks the signature with the same pywa client and sends each text
back. tests/integration/test_whatsapp_flood.py runs the same flood with fewer chats in `make test`.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import shutil
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx
from fastapi import FastAPI, Request, Response
from pywa.handlers import MessageHandler
from pywa_async.client import WhatsApp
from pywa_async.types.message import Message

from bot.bootstrap import build
from bot.channels.whatsapp.client import build_client
from bot.clock import SystemClock
from bot.config import Settings
from bot.store.engine import upgrade_async
from bot.web.app import create_app
from tests.fakes.graph_api import FakeGraph
from tests.support.flood import flood_update, mixed_up, replies_by_chat
from tests.support.server import Loopback
from tests.support.whatsapp import body, cloud_api_settings, signed

PATH = "/webhooks/whatsapp"
QUIET = 30.0  # seconds without a new answer: the rest are not coming


def settings(database: str, graph: FakeGraph, media: Path, debounce: float) -> Settings:
    return Settings(  # type: ignore[call-arg]
        _env_file=None,
        database_url=database,
        telegram_media_dir=media,
        retention_enabled=False,
        **cloud_api_settings(graph.url, debounce=debounce),
    )


def echo_app(client: WhatsApp) -> FastAPI:
    async def echo(wa: WhatsApp, message: Message) -> None:
        await wa.send_message(to=message.from_user.wa_id, text=message.text or "")

    client.add_handlers(MessageHandler(echo))  # type: ignore[arg-type]
    app = FastAPI()

    @app.post(PATH)
    async def update(request: Request) -> Response:
        raw = await request.body()
        refused = await client.webhook_update_validator(raw, request.headers.get("X-Hub-Signature-256"))
        if refused is not None:
            return Response(refused[0], status_code=refused[1])
        text, status = await client.webhook_update_handler(raw)
        return Response(text, status_code=status)

    return app


async def flood(app: object, graph: FakeGraph, chats: int, first: int) -> tuple[float, int]:
    """Seconds from the first post until every customer first..first+chats-1 has an answer (or until
    none came for QUIET seconds), and how many got one."""
    raws = [body(flood_update(n)) for n in range(first, first + chats)]
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    before = len(graph.sent)
    async with httpx.AsyncClient(transport=transport, base_url="http://shop", timeout=600) as http:
        started = time.monotonic()
        responses = await asyncio.gather(*(http.post(PATH, content=raw, headers=signed(raw)) for raw in raws))
        statuses = Counter(response.status_code for response in responses)
        if set(statuses) != {200}:
            print(f"  the webhook answered {dict(statuses)} (a 500 makes Meta deliver the update again)")
        answered, last_change = 0, time.monotonic()
        while answered < chats and time.monotonic() - last_change < QUIET:
            await asyncio.sleep(0.01)
            if len(graph.sent) - before > answered:
                answered, last_change = len(graph.sent) - before, time.monotonic()
        return last_change - started, answered


async def run_echo(graph: FakeGraph, chats: int, folder: Path) -> tuple[float, int]:
    client, session = build_client(settings("sqlite://", graph, folder / "media", 0))
    try:
        return await flood(echo_app(client), graph, chats, first=1_000_000)
    finally:
        await session.aclose()


class Retried(logging.Handler):
    """Counts the replies that could not go straight and were left to the outbox (bot/app/sending.py)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += "not sent now" in record.getMessage()


async def run_ours(graph: FakeGraph, chats: int, debounce: float, folder: Path) -> tuple[float, int, list[str], int]:
    database = f"sqlite+aiosqlite:///{folder / 'bench.db'}"
    await upgrade_async(database)
    container = build(settings(database, graph, folder / "media", debounce), clock=SystemClock())
    sending, retried = logging.getLogger("bot.app.sending"), Retried()
    sending.addHandler(retried)
    sending.propagate = False  # counted, not printed one by one
    try:
        async with container.running():  # the outbox worker too, as in production: it sends what failed straight
            seconds, answered = await flood(create_app(container, background=False), graph, chats, first=0)
    finally:
        sending.removeHandler(retried)
        sending.propagate = True
    return seconds, answered, mixed_up(replies_by_chat(graph), chats), retried.count


async def main(chats: int, debounce: float) -> None:
    graph = FakeGraph()
    folder = Path(tempfile.mkdtemp(prefix="flood-bench-"))
    try:
        with Loopback.running() as server:
            graph.url = server.mount(graph.app)
            await run_echo(graph, 20, folder)  # warm up pywa and the fake
            echo, echoed = await run_echo(graph, chats, folder)
            ours, answered, wrong, retried = await run_ours(graph, chats, debounce, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"{chats} WhatsApp chats writing at once, each about its own part and VIN (debounce {debounce} s in ours)")
    print(f"echo (bare pywa webhook): {echoed / echo:8.1f} answers/s  ({echo:.2f} s, {echoed} answered)")
    print(
        f"ours (whole path):        {answered / ours:8.1f} answers/s  ({ours:.2f} s, {answered} answered, {retried} by the outbox)"
    )
    print(f"ratio ours/echo:          {(answered / ours) / (echoed / echo):8.2f}")
    print(f"answered, each about its own request: {chats - len(wrong)} of {chats}")
    for line in wrong[:10]:
        print(f"  wrong: {line}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chats", type=int, default=1000)
    parser.add_argument("--debounce", type=float, default=0.0, help="WHATSAPP_DEBOUNCE_SECONDS for ours (production: 1.5)")
    args = parser.parse_args()
    asyncio.run(main(args.chats, args.debounce))
