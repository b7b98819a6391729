"""RSS of one process holding 10,000 open conversations (target ≤ 300 MB), beside a bare aiogram process, same run.

    .venv/bin/python -m bench.memory [--web 8000] [--telegram 2000] [--batch 100]

"ours" is the service built by bot.bootstrap.build on a fresh SQLite database (our migrations)
with the web chat and Telegram (webhook mode) on. `--web` customers write to the web chat API and
`--telegram` customers to the Telegram webhook, each from their own chat (and their own address:
the web chat's per-address limit is not what is measured), through the FastAPI app in process:
HTTP → web chat limits → core, and HTTP → aiogram → gatherer → core → reply to the fake Bot API
(tests/fakes/telegram_api.py, in a child process so that what it records is not counted). Each
customer asks for a part for a car of their own and is asked for the VIN: every conversation is
left open, mid-request. `--batch` customers write at once, then the next batch.

RSS (VmRSS after a garbage collection) is read with the service built and warmed up by one turn
("no conversations"), after the web customers and after the Telegram ones; growth is divided by
the conversations opened. "bare" is a fresh process that imports aiogram and builds a Bot and a
Dispatcher; beside it, a fresh process that only imports our modules. Below the figures: what the
per-chat structures in memory hold at the end, and the caches keyed by what customers write.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ctypes
import gc
import logging
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import distinct, func
from sqlmodel import col, select
from starlette.types import ASGIApp, Receive, Scope, Send

from bot.bootstrap import build
from bot.clock import SystemClock
from bot.config import Settings
from bot.runtime import Container
from bot.store.engine import upgrade_async
from bot.store.models import Conversation, Message, TelegramUpdate
from bot.web.app import create_app
from tests.fakes.telegram_api import FakeTelegram
from tests.support.server import free_port, wait_until_up

TOKEN = "42:TEST"
SECRET = "bench-webhook-secret"
HOOK = "/webhooks/telegram"
TARGET_MB = 300
PARTS = ["стартер", "генератор", "передние колодки", "ступичный подшипник", "помпу", "радиатор", "свечи", "ремень ГРМ"]
CARS = ["камри", "солярис", "рио", "поло", "логан", "октавию", "фокус", "крету", "рав 4", "х-трейл", "гранту", "весту"]
FAKE_SERVER = f"""
import sys, uvicorn
from tests.fakes.telegram_api import FakeTelegram
# a long keep-alive: aiogram reuses idle connections, and uvicorn's 5 s would close some under it
uvicorn.run(FakeTelegram({TOKEN!r}).app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning", timeout_keep_alive=600)
"""
RSS_NOW = """
import gc
gc.collect()
print(next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmRSS:")))
"""
BARE = 'from aiogram import Bot, Dispatcher\nbot, dispatcher = Bot("42:TEST"), Dispatcher()'
IMPORTS = "import bot.bootstrap, bot.web.app, bot.channels.web"


def rss_kb() -> int:
    """Resident set size now (VmRSS), after a garbage collection."""
    gc.collect()
    return _status("VmRSS")


def _status(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) for line in status if line.startswith(f"{field}:"))


def trimmed_rss_kb() -> int | None:
    """RSS after glibc gives back the free memory it keeps (what is live, not the allocator's slack)."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        return None
    return rss_kb()


def mb(kb: float) -> str:
    return f"{kb / 1024:7.1f} MB"


def request(n: int) -> str:
    rng = random.Random(n)
    return f"Здравствуйте, нужен {rng.choice(PARTS)} на {rng.choice(CARS)} {rng.randint(1998, 2024)} года"


@contextlib.contextmanager
def fake_bot_api() -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-c", FAKE_SERVER, str(port)], cwd=Path(__file__).resolve().parents[1])
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_up(url)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


class ClientAddress:
    """Each web customer from an address of their own (X-Bench-Client), as real visitors are."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and (given := dict(scope["headers"]).get(b"x-bench-client")):
            scope = {**scope, "client": (given.decode(), 40000)}
        await self.app(scope, receive, send)


@dataclass
class Phase:
    name: str
    conversations: int
    seconds: float
    rss_kb: int


async def web_customers(http: httpx.AsyncClient, first: int, count: int, batch: int) -> None:
    async def write(n: int) -> None:
        body = {"session": f"bench-web-{n:06d}", "id": "m00000001", "text": request(n)}
        headers = {"X-Bench-Client": f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"}
        response = await http.post("/api/chat/messages", json=body, headers=headers)
        if response.status_code != 200 or len(response.json()["messages"]) != 2:
            raise RuntimeError(f"web customer {n}: {response.status_code} {response.text[:200]}")

    for start in range(first, first + count, batch):
        await asyncio.gather(*(write(n) for n in range(start, min(start + batch, first + count))))


async def telegram_customers(
    http: httpx.AsyncClient, app: Container, fake: FakeTelegram, first: int, count: int, batch: int
) -> None:
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    for start in range(first, first + count, batch):
        chats = range(start, min(start + batch, first + count))
        updates = [fake.message_update(chat, text=request(chat)) for chat in chats]
        answers = await asyncio.gather(*(http.post(HOOK, json=update, headers=headers) for update in updates))
        if {response.status_code for response in answers} != {200}:
            raise RuntimeError(f"telegram webhook: {Counter(r.status_code for r in answers)}")
        await _handled(app, {update["update_id"] for update in updates})


async def _handled(app: Container, update_ids: set[int], timeout: float = 120.0) -> None:
    """Wait until the channel recorded these updates as handled (the last step of a turn)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        async with app.sessions() as session:
            query = select(func.count()).where(col(TelegramUpdate.update_id).in_(update_ids))
            if (await session.exec(query)).one() == len(update_ids):
                return
        await asyncio.sleep(0.02)
    raise RuntimeError(f"telegram turns not handled in {timeout} s")


async def conversations_by_stage(app: Container) -> tuple[Counter[str], int]:
    async with app.sessions() as session:
        stages = Counter(dict((await session.exec(select(Conversation.stage, func.count()).group_by(Conversation.stage))).all()))
        query = select(func.count(distinct(Message.conversation_id))).where(Message.direction == "out")
        answered = (await session.exec(query)).one()
    return stages, answered


def held_per_chat(app: Container) -> dict[str, int]:
    """What the in-memory per-chat structures hold now."""
    held = {"core locks": len(app.core.locks)}
    if "telegram" in app.plugins:
        channel = app.plugins["telegram"].closers[0].__self__  # type: ignore[attr-defined]
        gatherer, sender = channel.gatherer, app.senders["telegram"]
        held["telegram gatherer buffers"] = len(gatherer._buffers)
        held["telegram gatherer update ids"] = len(gatherer._in_flight)
        held["telegram gatherer tasks"] = len(gatherer._tasks)
        held["telegram sending pace"] = len(sender._chat_next)  # type: ignore[attr-defined]
        held["aiogram FSM records"] = len(channel.dispatcher.storage.storage)
    admission = _web_admission(app)
    if admission is not None:
        for name in ("_messages", "_new", "_photos"):
            held[f"web chat limit {name.strip('_')}"] = len(getattr(admission, name))
    return held


def _web_admission(app: Container) -> Any:
    """The web chat's Admission (its rate limits), found in its router's endpoint closures."""
    for router in app.routers:
        for route in router.routes:
            for cell in getattr(getattr(route, "endpoint", None), "__closure__", None) or ():
                with contextlib.suppress(ValueError):
                    if type(cell.cell_contents).__name__ == "Admission":
                        return cell.cell_contents
    return None


def caches() -> dict[str, str]:
    from bot.dialogue import meaning
    from catalogs import part_names

    found = {"part_names._lemmas": part_names._lemmas, "part_names._parses": part_names._parses}
    found["meaning._read_with_default"] = meaning._read_with_default
    return {name: f"{cache.cache_info().currsize}/{cache.cache_info().maxsize}" for name, cache in found.items()}


def process_kb(script: str) -> int:
    """RSS of a fresh process that ran `script`."""
    done = subprocess.run(
        [sys.executable, "-c", script + RSS_NOW], capture_output=True, text=True, check=True, cwd=Path(__file__).parents[1]
    )
    return int(done.stdout.strip().splitlines()[-1])


async def measure(web: int, telegram: int, batch: int, folder: Path, api: str) -> tuple[int, list[Phase], Container, int | None]:
    url = f"sqlite+aiosqlite:///{folder / 'bench.db'}"
    await upgrade_async(url)
    telegram_settings = {
        "telegram_bot_token": TOKEN,
        "telegram_api_base": api,
        "telegram_webhook_url": f"https://shop.example{HOOK}",
        "telegram_webhook_secret": SECRET,
        "telegram_debounce_seconds": 0.05,
        "telegram_chat_interval_seconds": 0.0,
        "telegram_messages_per_second": 0.0,  # Telegram's pace is policy, not cost (as in bench.telegram_throughput)
    }
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        database_url=url,
        telegram_media_dir=folder / "media",
        retention_enabled=False,
        **(telegram_settings if telegram else {}),  # without Telegram customers, a process without aiogram
    )
    app = build(settings, clock=SystemClock())
    transport = httpx.ASGITransport(app=ClientAddress(create_app(app, background=False)))
    updates = FakeTelegram(TOKEN)  # only its update builder (one, so update ids never repeat): the server runs in a child
    phases = []
    async with httpx.AsyncClient(transport=transport, base_url="http://shop") as http:
        await web_customers(http, 10_000_000, 1, 1)  # warm up: vocabularies, the intent model, compiled statements
        if telegram:
            await telegram_customers(http, app, updates, 10_000_000, 1, 1)
        before = rss_kb()
        half = web // 2  # two halves: the second shows what one more conversation costs once caches are warm
        for name, count, drive in (
            ("web", half, lambda: web_customers(http, 0, half, batch)),
            ("web", web - half, lambda: web_customers(http, half, web - half, batch)),
            ("telegram", telegram, lambda: telegram_customers(http, app, updates, 1, telegram, batch)),
        ):
            if count:
                started = time.monotonic()
                await drive()
                phases.append(Phase(name, count, time.monotonic() - started, rss_kb()))
    return before, phases, app, trimmed_rss_kb()


class Unsent(logging.Handler):
    """Counts the replies that could not go straight (left to the outbox, which does not run here)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += "not sent now" in record.getMessage()


async def main(web: int, telegram: int, batch: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="memory-bench-"))
    unsent = Unsent()
    logging.getLogger("bot.app.sending").addHandler(unsent)
    logging.getLogger("bot.app.sending").propagate = False
    try:
        with fake_bot_api() as api:
            before, phases, app, trimmed = await measure(web, telegram, batch, folder, api)
            try:
                stages, answered = await conversations_by_stage(app)
                held, cached = held_per_chat(app), caches()
            finally:
                await app.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    bare, imports = process_kb(BARE), process_kb(IMPORTS + (", bot.channels.telegram.plugin" if telegram else ""))
    after = phases[-1].rss_kb if phases else before
    total = sum(phase.conversations for phase in phases)
    warm_ups = 1 + bool(telegram)
    open_ = sum(n for stage, n in stages.items() if stage in ("new", "collecting", "asking_more")) - warm_ups
    print(f"{total} open conversations in one process ({web} web chat, {telegram} Telegram), {batch} customers at a time")
    print(f"bare aiogram process:                 {mb(bare)}")
    print(f"a process importing our modules:      {mb(imports)}   (no service built, nothing loaded)")
    print(f"ours, service built, no conversations:{mb(before)}")
    previous = before
    for phase in phases:
        grown = phase.rss_kb - previous
        print(
            f"ours, after {phase.conversations:6d} {phase.name:<9}      {mb(phase.rss_kb)}   +{mb(grown).strip()}"
            f"  {grown * 1024 / phase.conversations:7.0f} B/conversation   ({phase.conversations / phase.seconds:.0f} conversations/s)"
        )
        previous = phase.rss_kb
    if trimmed is not None:
        print(f"ours, after malloc_trim(0):           {mb(trimmed)}   (the rest was free memory glibc kept)")
    print(
        f"peak (VmHWM):                         {mb(_status('VmHWM'))}   ru_maxrss {mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)}"
    )
    if total:
        print(
            f"per conversation: {(after - before) * 1024 / total:.0f} B;  ours/bare: {after / bare:.1f}×;  target: ≤ {TARGET_MB} MB → {'met' if after <= TARGET_MB * 1024 else 'NOT met'}"
        )
    print(
        f"conversations open (asked for the VIN, not handed off): {open_} of {total}; answered: {answered - warm_ups}; stages: {dict(stages)}"
    )
    if unsent.count:
        print(f"replies not sent straight (the outbox would send them; it does not run here): {unsent.count}")
    print("held in memory per chat now: " + ", ".join(f"{name} {n}" for name, n in held.items()))
    print("  (a web chat limit forgets a client once its window is over: messages 1 min, new conversations and photos 1 h)")
    print("caches (entries/limit): " + ", ".join(f"{name} {size}" for name, size in cached.items()))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--web", type=int, default=8000, help="web chat customers")
    parser.add_argument("--telegram", type=int, default=2000, help="Telegram customers")
    parser.add_argument("--batch", type=int, default=100, help="customers writing at once")
    args = parser.parse_args()
    asyncio.run(main(args.web, args.telegram, args.batch))
