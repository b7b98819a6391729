"""Our scenario files replayed as `main.py replay FILE` replays them: one `bot.replay.Replayer`
(what the command builds) runs each scenario on a fresh copy of a migrated database, and the result is
the JSON object the command prints. One scenario per test, so both xdist workers share the files.

    async def test_scenario(case, replayer):
        result = await replay(replayer, case)
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.config import Settings
from bot.replay import Replayer, Scenario

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "tests" / "scenarios"
RESULT_KEYS = {"id", "opening", "replies", "lead", "retention", "crm"}
LEAD_KEYS = {"vin", "frame", "car", "parts", "part_numbers", "handed_off"}
RETENTION_KEYS = {"outcome", "next_contact", "discount_offered", "bonus_points_mentioned"}


def load_cases(name: str) -> list[dict[str, Any]]:
    lines = (SCENARIOS / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="session")
def replayer() -> Iterator[Replayer]:
    """The replayer `main.py replay` builds (default settings, no .env), once per worker."""
    with pytest.MonkeyPatch.context() as env:  # session-scoped: runs before the per-test clean_environ
        for name in Settings.env_names():
            env.delenv(name, raising=False)
        settings = Settings(_env_file=None)  # type: ignore[call-arg]
    replayer = Replayer(settings, base_dir=SCENARIOS)
    yield replayer
    replayer.close()


async def replay(replayer: Replayer, case: dict[str, Any]) -> dict[str, Any]:
    """The scenario's result as the command prints it (through JSON), its documented shape checked."""
    result: dict[str, Any] = json.loads(json.dumps(await replayer.run(Scenario.model_validate(case)), ensure_ascii=False))
    assert set(result) == RESULT_KEYS
    assert set(result["lead"]) == LEAD_KEYS
    assert set(result["retention"]) == RETENTION_KEYS
    return result


def bot_text(result: dict[str, Any], turn: int) -> str:
    return " ".join(result["replies"][turn]).lower()
