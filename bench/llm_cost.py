"""Tokens and roubles per dialog with the LLM brain on, against the 3 RUB a comparable bot reports.

    .venv/bin/python -m bench.llm_cost [--price-in 15] [--price-out 60] [--no-rephrase]

Replays every scenario in tests/scenarios/*.jsonl with LLM_PROVIDER=openai against our fake
OpenAI-compatible server (tests/fakes/openai_server.py) on loopback, through the real langchain
client and our real prompts. The fake counts tokens from the characters sent and returned
(≈3.5 characters per token, Russian under a gpt-4o class tokenizer); understandings are answered
with an empty reading, replies echo the draft (a phrasing as long as the template). Prices are
roubles per 1M tokens, by default the gpt-4o-mini class (≈$0.15 / $0.60 at ≈100 RUB per dollar).
"""

from __future__ import annotations

import argparse
import asyncio
import time
from pathlib import Path

from bot.config import Settings
from bot.replay import Replayer, load_scenarios
from tests.fakes.openai_server import FakeOpenAI
from tests.support.server import serve_app

ROOT = Path(__file__).resolve().parents[1]
BASELINE_RUB = 3.0  # per dialog, reported by a comparable bot (DESIGN.md §5)


async def replay_all(settings: Settings, files: list[Path]) -> int:
    replayer = Replayer(settings, base_dir=ROOT / "tests" / "scenarios")
    dialogs = 0
    try:
        for path in files:
            for scenario in load_scenarios(path.read_text(encoding="utf-8").splitlines()):
                await replayer.run(scenario)
                dialogs += 1
    finally:
        replayer.close()
    return dialogs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--price-in", type=float, default=None, help="RUB per 1M input tokens (LLM_PRICE_IN_RUB_PER_1M)")
    parser.add_argument("--price-out", type=float, default=None, help="RUB per 1M output tokens (LLM_PRICE_OUT_RUB_PER_1M)")
    parser.add_argument("--no-rephrase", action="store_true", help="templates only: the model just reads messages")
    args = parser.parse_args()
    fake = FakeOpenAI()
    files = sorted((ROOT / "tests" / "scenarios").glob("*.jsonl"))
    with serve_app(fake.app()) as base:
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            llm_provider="openai",
            openai_base_url=f"{base}/v1",
            llm_model="gpt-4o-mini",
            llm_rephrase=not args.no_rephrase,
            llm_timeout_seconds=30,
        )
        if args.price_in is not None:
            settings.llm.price_in_rub_per_1m = args.price_in
        if args.price_out is not None:
            settings.llm.price_out_rub_per_1m = args.price_out
        started = time.perf_counter()
        dialogs = asyncio.run(replay_all(settings, files))
        elapsed = time.perf_counter() - started
    price_in, price_out = settings.llm.price_in_rub_per_1m, settings.llm.price_out_rub_per_1m
    tokens_in, tokens_out = fake.tokens
    rub = (tokens_in * price_in + tokens_out * price_out) / 1_000_000
    per_dialog = rub / dialogs if dialogs else 0.0
    print(f"scenarios: {dialogs} dialogs from {', '.join(p.name for p in files)} in {elapsed:.1f} s")
    for kind, totals in fake.totals.items():
        print(f"  {kind:<10} calls {totals.calls:>4}  tokens in {totals.prompt_tokens:>7}  out {totals.completion_tokens:>6}")
    print(f"price: {price_in:g} RUB / 1M in, {price_out:g} RUB / 1M out")
    print(f"per dialog: {tokens_in / dialogs:.0f} tokens in, {tokens_out / dialogs:.0f} out, {per_dialog:.4f} RUB")
    print(
        f"vs {BASELINE_RUB:g} RUB per dialog reported by a comparable bot: {per_dialog / BASELINE_RUB:.3f}x "
        f"({BASELINE_RUB / per_dialog:.0f} times cheaper)"
        if per_dialog
        else "no tokens spent"
    )


if __name__ == "__main__":
    main()
