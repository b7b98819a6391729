"""Runs `python main.py replay FILE` as a user would and indexes the results by scenario id."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "tests" / "scenarios"


def load_cases(name: str) -> list[dict[str, Any]]:
    lines = (SCENARIOS / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def run_replay(name: str, *extra: str) -> dict[str, dict[str, Any]]:
    run = subprocess.run(
        [sys.executable, "main.py", "replay", str(SCENARIOS / name), *extra],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=True,
    )
    return {r["id"]: r for r in (json.loads(line) for line in run.stdout.splitlines())}


def bot_text(result: dict[str, Any], turn: int) -> str:
    return " ".join(result["replies"][turn]).lower()
