"""Fuzz every inbound edge at length: garbage, texts and images by the thousand; counts per kind and every failure.

    .venv/bin/python -m bench.fuzz [--count 20000] [--seed 19] [--postgres] [--no-ocr]

The long version of tests/fuzz/ (issue #19), with the same inputs (tests/support/fuzz*.py) and the
same checks: no 500 and no exception on any webhook or route, a refusal never sends the input back,
every customer's message is answered, nothing is stored half, no error is logged out of sight. Of
`--count` inputs, 92% are garbage shared by the web chat API and the Telegram, WhatsApp and Wazzup
webhooks (bodies of megabytes here, and sign-ins that reach the password check), 3.5% customers'
messages of every kind of text, 4.5% images for the photo reader and the web chat's upload, read
by the real OCR engines unless `--no-ocr`. `--postgres` runs every edge on a throwaway PostgreSQL
instead of SQLite (it refuses NUL in text). Exits 1 on any failure.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import shutil
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Iterator
from pathlib import Path

from bot.bootstrap import build
from bot.channels.wazzup.webhook import PATH as WAZZUP_PATH
from bot.channels.whatsapp.webhook import PATH as WHATSAPP_PATH
from bot.clock import FixedClock
from bot.runtime import Container
from bot.store.engine import upgrade
from tests.conftest import MONDAY_11, make_settings
from tests.fakes.graph_api import FakeGraph
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.wazzup_api import FakeWazzup
from tests.support import fuzz_edges as edges
from tests.support import fuzz_webhooks as hooks
from tests.support.fuzz import Inputs, Tally
from tests.support.fuzz_images import Images
from tests.support.postgres import ThrowawayPostgres
from tests.support.server import Loopback, asgi_client
from tests.support.telegram import TOKEN, running_bot

TEMPLATE = "migrated.db"
SHARES = {"garbage": 0.92, "messages": 0.035, "images": 0.045}
WEBHOOK_GARBAGE_SPLIT = 4  # the web chat API, Telegram, WhatsApp, Wazzup


class LoggedErrors(logging.Handler):
    """Errors logged out of sight (a background task, a handler a library calls). pywa logs an update
    it cannot read as an error of its own; ours is the acknowledgement."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.seen: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if not record.name.startswith("pywa"):
            error = record.exc_info[1] if record.exc_info else None
            cause = f" ({type(error).__name__}: {str(error)[:200]})" if error else ""
            self.seen.append(f"{record.name}: {record.getMessage()[:200]}{cause}")


@contextlib.contextmanager
def stubbed_ocr() -> Iterator[None]:
    """The OCR engines read nothing (tests/fuzz/conftest.py `engines`): only opening files is fuzzed."""
    from bot.vision import reader

    stand_ins = {"rapid_lines": lambda *args: [], "reread": lambda *args: [], "tesseract_text": lambda *args, **kwargs: ""}
    saved = {name: getattr(reader, name) for name in stand_ins}
    for name, stand_in in stand_ins.items():
        setattr(reader, name, stand_in)
    try:
        yield
    finally:
        for name, engine in saved.items():
            setattr(reader, name, engine)


class Run:
    def __init__(self, folder: Path, seed: int, tally: Tally, postgres: ThrowawayPostgres | None) -> None:
        self.folder, self.seed, self.tally, self.postgres = folder, seed, tally, postgres
        self.clock = FixedClock(MONDAY_11)
        self.seconds: dict[str, float] = {}
        self._databases = 0

    def migrate_template(self) -> None:
        """Before the event loop starts: the migrations run their own."""
        if self.postgres is None:
            upgrade(f"sqlite+aiosqlite:///{self.folder / TEMPLATE}")
        else:
            upgrade(self.postgres.create_database(TEMPLATE.removesuffix(".db")))

    def database(self) -> str:
        """A fresh copy of the migrated template, for one edge."""
        self._databases += 1
        if self.postgres is not None:
            return self.postgres.create_database(f"fuzz{self._databases}", template=TEMPLATE.removesuffix(".db"))
        path = self.folder / f"fuzz{self._databases}.db"
        shutil.copyfile(self.folder / TEMPLATE, path)
        return f"sqlite+aiosqlite:///{path}"

    def inputs(self, offset: int, big: int = 1_000_000) -> Inputs:
        return Inputs(self.seed + offset, big=big)

    async def timed(self, name: str, work: Awaitable[None]) -> None:
        started = time.perf_counter()
        await work
        self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started

    async def stored_whole(self, container: Container, edge: str, *, links: bool = True) -> None:
        for problem in await edges.stored_whole(container.sessions, links=links):
            self.tally.fail(edge, "stored", problem)

    @contextlib.asynccontextmanager
    async def shop(self, url: str, **settings: object) -> AsyncIterator[Container]:
        container = build(make_settings(url, **settings), clock=self.clock)
        try:
            yield container
        finally:
            await container.close()


async def web_chat(run: Run, garbage: int, messages: int, photos: int) -> None:
    media = run.folder / "media"
    async with run.shop(run.database(), **edges.web_chat_settings(media)) as shop:
        await run.timed(
            "web chat garbage", edges.web_chat_garbage(edges.InProcess(shop), run.inputs(1), run.tally, garbage, sign_ins=True)
        )
        async with asgi_client(shop) as http:
            await run.timed("web chat messages", edges.web_chat_messages(http, run.inputs(2), run.tally, messages))
            await run.timed("web chat photos", edges.web_chat_photos(http, Images(run.seed + 3), run.tally, photos))
        await run.stored_whole(shop, "web_chat")


async def telegram(run: Run, loopback: Loopback, garbage: int, messages: int) -> None:
    fake = FakeTelegram(TOKEN)
    fake.url = loopback.mount(fake.app)  # type: ignore[attr-defined]
    async with running_bot(run.database(), fake, run.clock, run.folder / "telegram", **hooks.telegram_settings()) as bot:
        sign, examples = hooks.telegram_signer(hooks.TELEGRAM_SECRET), hooks.telegram_examples(fake)
        work = hooks.garbage(
            edges.InProcess(bot),
            run.inputs(5),
            run.tally,
            garbage,
            edge="telegram",
            path=hooks.TELEGRAM_PATH,
            examples=examples,
            sign=sign,
        )
        await run.timed("telegram garbage", work)
        async with asgi_client(bot) as http:
            work = hooks.telegram_messages(
                http, fake, run.inputs(6), run.tally, messages, path=hooks.TELEGRAM_PATH, secret=hooks.TELEGRAM_SECRET
            )
            await run.timed("telegram messages", work)
        await hooks.telegram_settled(bot)
        await run.stored_whole(bot, "telegram", links=False)  # /start and shared contacts link chats without messages


async def whatsapp(run: Run, loopback: Loopback, garbage: int, messages: int) -> None:
    graph = FakeGraph()
    graph.url = loopback.mount(graph.app)
    async with run.shop(run.database(), **hooks.whatsapp_settings(graph, run.folder / "whatsapp")) as shop:
        work = hooks.garbage(
            edges.InProcess(shop),
            run.inputs(7),
            run.tally,
            garbage,
            edge="whatsapp",
            path=WHATSAPP_PATH,
            examples=hooks.whatsapp_examples(),
            sign=hooks.whatsapp_signer,
        )
        await run.timed("whatsapp garbage", work)
        async with asgi_client(shop) as http:
            await run.timed(
                "whatsapp messages", hooks.whatsapp_messages(http, graph, run.inputs(8), run.tally, messages, path=WHATSAPP_PATH)
            )
        await run.stored_whole(shop, "whatsapp")


async def wazzup(run: Run, loopback: Loopback, garbage: int, messages: int) -> None:
    fake = FakeWazzup()
    fake.url = loopback.mount(fake.app)
    async with run.shop(run.database(), **hooks.wazzup_settings(fake, run.folder / "wazzup")) as shop:
        sign = hooks.wazzup_signer(hooks.WAZZUP_TOKEN)
        work = hooks.garbage(
            edges.InProcess(shop),
            run.inputs(9),
            run.tally,
            garbage,
            edge="wazzup",
            path=WAZZUP_PATH,
            examples=hooks.wazzup_examples(),
            sign=sign,
        )
        await run.timed("wazzup garbage", work)
        async with asgi_client(shop) as http:
            work = hooks.wazzup_messages(
                http, fake, run.inputs(10), run.tally, messages, path=WAZZUP_PATH, token=hooks.WAZZUP_TOKEN
            )
            await run.timed("wazzup messages", work)
        await run.stored_whole(shop, "wazzup")


async def fuzz(run: Run, count: int) -> None:
    garbage = round(count * SHARES["garbage"] / WEBHOOK_GARBAGE_SPLIT)
    messages = max(12, round(count * SHARES["messages"] / 5))  # web chat twice as many as each webhook
    images = max(18, round(count * SHARES["images"]))
    started = time.perf_counter()
    edges.photo_reader(Images(run.seed + 11), run.tally, images * 9 // 10, run.folder)
    run.seconds["photo reader"] = time.perf_counter() - started
    await web_chat(run, garbage, 2 * messages, images // 10)
    with Loopback.running() as loopback:
        for edge in (telegram, whatsapp, wazzup):
            await edge(run, loopback, garbage, messages)
            loopback.unmount()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--count", type=int, default=20_000, help="inputs in all (default 20,000)")
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--postgres", action="store_true", help="every edge on a throwaway PostgreSQL instead of SQLite")
    parser.add_argument("--no-ocr", action="store_true", help="stand in for the OCR engines (only opening files is fuzzed)")
    args = parser.parse_args(argv)
    errors = LoggedErrors()
    logging.getLogger().addHandler(errors)
    folder = Path(tempfile.mkdtemp(prefix="partsbot-fuzz-"))
    tally = Tally()
    started = time.perf_counter()
    try:
        with contextlib.ExitStack() as stack:
            if args.no_ocr:
                stack.enter_context(stubbed_ocr())
            postgres = stack.enter_context(ThrowawayPostgres()) if args.postgres else None
            run = Run(folder, args.seed, tally, postgres)
            run.migrate_template()
            asyncio.run(fuzz(run, args.count))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    for error in errors.seen:
        tally.fail("logged", "error", error)
    print(tally.report())
    print()
    for name, seconds in run.seconds.items():
        print(f"{name:<48} {seconds:>7.1f} s")
    print(f"{'all':<48} {time.perf_counter() - started:>7.1f} s, {len(tally.failures)} failures")
    return 1 if tally.failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
