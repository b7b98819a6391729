"""Telegram messages per second through the whole path against a bare aiogram echo bot, same run.

    .venv/bin/python -m bench.telegram_throughput [--chats 40] [--rounds 3] [--repeat 7]

Both bots long-poll the same fake Bot API server (tests/fakes/telegram_api.py) on loopback with
the real aiogram HTTP client. Each round every chat sends one message and waits for its answer, so
the debounce never merges two of them. "ours" is fake server -> aiogram -> gathering -> engine ->
SQLite storage -> reply back to the fake server (outbox worker running alongside); "echo" answers
each message with its own text from the handler. The per-chat and global sending limits are lifted
for the run (they cap production sending at ≈30 msg/s by design; they are policy, not cost).

One pair of runs lasts a fraction of a second, so one ratio is noise (0.43-0.59 on a quiet machine):
`--repeat N` runs N pairs (echo, then ours on a fresh database) and prints each pair's ratio and
their median (7 pairs unless told), with the load average before and after.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import shutil
import statistics
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import uvicorn
from aiogram import Dispatcher, Router
from aiogram.types import Message

from bot.app.warm_up import warm_up
from bot.bootstrap import build
from bot.channels.telegram.plugin import build_bot
from bot.clock import SystemClock
from bot.config import Settings
from bot.store.engine import upgrade
from tests.fakes.telegram_api import FakeTelegram
from tests.support.server import free_port, wait_until_up

TOKEN = "42:TEST"
DEBOUNCE = 0.05
TURNS = ["Здравствуйте, нужен стартер на камри", "вин JTNBE46K303123456", "ещё передние колодки", "нет, всё"]


def serve(fake: FakeTelegram) -> tuple[str, uvicorn.Server]:
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(fake.app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    url = f"http://127.0.0.1:{port}"
    wait_until_up(url)
    return url, server


async def drive(fake: FakeTelegram, chats: int, rounds: int, first_chat: int) -> tuple[float, float]:
    """Seconds for `rounds` rounds of one message from each chat, each round answered in full: wall
    time, and the CPU time of the whole process (the bot, the fake Bot API's thread, the counting)."""
    ids = [str(chat_id) for chat_id in range(first_chat, first_chat + chats)]
    answers = Answers(fake)
    started, started_cpu = time.monotonic(), time.process_time()
    for round_no in range(rounds):
        for chat_id in ids:
            fake.push_text(int(chat_id), TURNS[round_no % len(TURNS)])
        while not answers.reached(ids, round_no + 1):
            await asyncio.sleep(0.002)
    return time.monotonic() - started, time.process_time() - started_cpu


class Answers:
    """sendMessage calls per chat, counted as the fake records them. Each look reads only the calls
    since the last one: counting them all again every 2 ms took the measured bot's CPU in proportion
    to how long it ran and to every earlier run's answers (~0.07 ms a message in ours, a tenth of
    that in the echo bot's shorter run)."""

    def __init__(self, fake: FakeTelegram) -> None:
        self._fake = fake
        self._looked = len(fake.attempts("sendMessage"))  # an earlier run's answers are not this one's
        self._counts: Counter[str] = Counter()

    def reached(self, chat_ids: list[str], answers: int) -> bool:
        calls = self._fake.attempts("sendMessage")
        for call in calls[self._looked :]:
            if call.status == 200:
                self._counts[str(call.params.get("chat_id"))] += 1
        self._looked = len(calls)
        return all(self._counts[chat_id] >= answers for chat_id in chat_ids)


async def run_echo(url: str, fake: FakeTelegram, chats: int, rounds: int) -> tuple[float, float]:
    settings = Settings(_env_file=None, telegram_bot_token=TOKEN, telegram_api_base=url)  # type: ignore[call-arg]
    bot = build_bot(settings)
    router = Router()

    @router.message()
    async def echo(message: Message) -> None:
        await message.answer(message.text or "")

    dispatcher = Dispatcher()
    dispatcher.include_router(router)
    polling = asyncio.create_task(dispatcher.start_polling(bot, handle_signals=False, polling_timeout=1))
    try:
        return await drive(fake, chats, rounds, first_chat=10_000)
    finally:
        await dispatcher.stop_polling()
        with contextlib.suppress(asyncio.CancelledError):
            await polling


async def run_ours(url: str, fake: FakeTelegram, chats: int, rounds: int, folder: Path) -> tuple[float, float]:
    database = f"sqlite+aiosqlite:///{folder / 'bench.db'}"
    await asyncio.to_thread(upgrade, database)
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        database_url=database,
        telegram_bot_token=TOKEN,
        telegram_api_base=url,
        telegram_debounce_seconds=DEBOUNCE,
        telegram_polling_timeout=1,
        telegram_chat_interval_seconds=0.0,
        telegram_messages_per_second=0.0,
        telegram_media_dir=folder / "media",
        retention_enabled=False,
    )
    async with build(settings, clock=SystemClock()).running(outbox_poll_seconds=0.2):
        warm_up()  # as the service does before its first customer (bot/web/app.py)
        await drive(fake, 5, 2, first_chat=30_000)  # warm up, as the echo bot is
        return await drive(fake, chats, rounds, first_chat=20_000)


async def main(chats: int, rounds: int, repeat: int = 1) -> None:
    fake = FakeTelegram(TOKEN)
    url, server = serve(fake)
    folder = Path(tempfile.mkdtemp(prefix="tg-bench-"))
    load_before = os.getloadavg()
    pairs: list[tuple[tuple[float, float], tuple[float, float]]] = []  # (wall, cpu) of echo, of ours
    try:
        await run_echo(url, fake, 5, 2)  # warm up aiogram and the fake
        for number in range(repeat):
            echo = await run_echo(url, fake, chats, rounds)
            run_folder = folder / str(number)
            run_folder.mkdir()
            ours = await run_ours(url, fake, chats, rounds, run_folder)
            pairs.append((echo, ours))
    finally:
        server.should_exit = True
        shutil.rmtree(folder, ignore_errors=True)
    messages = chats * rounds
    print(f"{messages} messages from {chats} chats in {rounds} rounds (debounce {DEBOUNCE} s in ours)")
    for (echo, echo_cpu), (ours, ours_cpu) in pairs:
        working = ours - rounds * DEBOUNCE  # each round waits out the debounce once, on purpose
        print(f"echo (bare aiogram): {messages / echo:8.1f} msg/s  ({echo:.2f} s)")
        print(f"ours (whole path):   {messages / ours:8.1f} msg/s  ({ours:.2f} s)")
        print(f"ours, debounce out:  {messages / working:8.1f} msg/s  ({working:.2f} s)")
        print(f"ratio ours/echo:     {echo / ours:8.2f}  (debounce excluded: {echo / working:.2f}; target ≥ 0.5)")
        print(
            f"CPU per message:     echo {echo_cpu / messages * 1000:.2f} ms, ours {ours_cpu / messages * 1000:.2f} ms "
            f"(ratio {echo_cpu / ours_cpu:.2f}; the process's CPU, both bots' fake server included)"
        )
    if len(pairs) > 1:
        ratios = [echo / (ours - rounds * DEBOUNCE) for (echo, _), (ours, _) in pairs]
        cpu_ratios = [echo_cpu / ours_cpu for (_, echo_cpu), (_, ours_cpu) in pairs]
        print(
            f"median of {len(pairs)} ratios (debounce excluded): {statistics.median(ratios):.2f}  ({min(ratios):.2f}-{max(ratios):.2f})"
        )
        print(
            f"median of {len(pairs)} CPU ratios: {statistics.median(cpu_ratios):.2f}  ({min(cpu_ratios):.2f}-{max(cpu_ratios):.2f})"
        )
    load_after = os.getloadavg()
    print(f"load average (1 min) {load_before[0]:.2f} before, {load_after[0]:.2f} after, on {os.cpu_count()} cores")
    print("engine time per turn: python -m bench.turn_latency")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chats", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=7, help="pairs of runs (echo, ours); their median ratio is printed")
    args = parser.parse_args()
    asyncio.run(main(args.chats, args.rounds, args.repeat))
