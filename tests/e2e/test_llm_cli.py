"""`main.py replay` and `main.py chat` with LLM_PROVIDER=openai against our fake OpenAI-compatible
server on loopback, as a shop would point them at Ollama or vLLM. In-process (typer's CliRunner):
the real `replay` and `chat` processes are started in tests/integration/test_amocrm_replay.py and
tests/e2e/test_terminal_chat.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.cli import ROOT, invoke
from tests.support.llm import FakeLlm

pytestmark = pytest.mark.heavy  # seconds each: scheduled first (tests/conftest.py)

SCENARIOS = ROOT / "tests" / "scenarios"


def llm_env(llm: FakeLlm, **extra: str) -> dict[str, str]:
    return {"LLM_PROVIDER": "openai", "OPENAI_BASE_URL": llm.base_url, "LLM_MODEL": "gpt-4o-mini", **extra}


def test_replay_runs_with_the_model_and_keeps_every_decision(llm: FakeLlm, tmp_path: Path) -> None:
    picked = [
        line
        for path in ("leads.jsonl", "retention.jsonl")
        for line in (SCENARIOS / path).read_text(encoding="utf-8").splitlines()[:1]
    ]
    scenarios = tmp_path / "picked.jsonl"
    scenarios.write_text("\n".join(picked) + "\n", encoding="utf-8")
    out = invoke("replay", str(scenarios), env=llm_env(llm))
    results = [json.loads(line) for line in out.splitlines()]
    for case, result in zip((json.loads(line) for line in picked), results, strict=True):
        expect = case["expect"]
        assert result["lead"]["handed_off"] is expect["handed_off"], case["id"]
        assert result["lead"]["vin"] == expect.get("vin"), case["id"]
        if "outcome" in expect:
            assert result["retention"]["outcome"] == expect["outcome"], case["id"]
    assert len(llm.fake.of_kind("reply")) >= sum(len(json.loads(line)["turns"]) for line in picked)


def test_chat_in_the_terminal_speaks_through_the_model(llm: FakeLlm, tmp_path: Path) -> None:
    llm.fake.replies("Здравствуйте, я Виталий! Чтобы подобрать стартер на Камри точно, пришлите VIN или номер кузова.")
    out = invoke(
        "chat",
        "--session",
        "llm",
        input="Нужен стартер на камри\n\n",
        env=llm_env(llm, DATABASE_URL=f"sqlite:///{tmp_path / 'chat.db'}"),
    )
    assert "Здравствуйте, я Виталий! Чтобы подобрать стартер на Камри точно" in out
    assert "Виталий" in llm.fake.of_kind("reply")[0]["messages"][0]["content"]
