"""`python main.py replay` and `python main.py chat` with LLM_PROVIDER=openai against our fake
OpenAI-compatible server on loopback, as a shop would point them at Ollama or vLLM."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.llm import FakeLlm, fake_llm_server
from tests.support.server import ROOT

SCENARIOS = ROOT / "tests" / "scenarios"


@pytest.fixture
def llm() -> Iterator[FakeLlm]:
    with fake_llm_server() as server:
        yield server


def llm_env(llm: FakeLlm, **extra: str) -> dict[str, str]:
    return {**os.environ, "LLM_PROVIDER": "openai", "OPENAI_BASE_URL": llm.base_url, "LLM_MODEL": "gpt-4o-mini",
            "COLUMNS": "200", **extra}


def test_replay_runs_with_the_model_and_keeps_every_decision(llm: FakeLlm, tmp_path: Path) -> None:
    picked = [line for path in ("leads.jsonl", "retention.jsonl")
              for line in (SCENARIOS / path).read_text(encoding="utf-8").splitlines()[:1]]
    scenarios = tmp_path / "picked.jsonl"
    scenarios.write_text("\n".join(picked) + "\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "main.py", "replay", str(scenarios)], cwd=ROOT, env=llm_env(llm),
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    results = [json.loads(line) for line in run.stdout.splitlines()]
    for case, result in zip((json.loads(line) for line in picked), results, strict=True):
        expect = case["expect"]
        assert result["lead"]["handed_off"] is expect["handed_off"], case["id"]
        assert result["lead"]["vin"] == expect.get("vin"), case["id"]
        if "outcome" in expect:
            assert result["retention"]["outcome"] == expect["outcome"], case["id"]
    assert len(llm.fake.of_kind("reply")) >= sum(len(json.loads(line)["turns"]) for line in picked)


def test_chat_in_the_terminal_speaks_through_the_model(llm: FakeLlm, tmp_path: Path) -> None:
    llm.fake.replies("Здравствуйте, я Виталий! Чтобы подобрать стартер на Камри точно, пришлите VIN или номер кузова.")
    run = subprocess.run(
        [sys.executable, "main.py", "chat", "--session", "llm"], cwd=ROOT, input="Нужен стартер на камри\n\n",
        capture_output=True, text=True, timeout=120,
        env=llm_env(llm, DATABASE_URL=f"sqlite:///{tmp_path / 'chat.db'}"),
    )
    assert run.returncode == 0, run.stderr
    assert "Здравствуйте, я Виталий! Чтобы подобрать стартер на Камри точно" in run.stdout
    assert "Виталий" in llm.fake.of_kind("reply")[0]["messages"][0]["content"]
