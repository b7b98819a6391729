"""`python main.py replay` with AMOCRM_* pointing at the fake amoCRM: every handed-off scenario
becomes exactly one deal there, and the result names it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.support.amocrm import FakeAmo, amo  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "tests" / "scenarios" / "leads.jsonl"


def test_replay_creates_the_deals_in_amocrm(amo: FakeAmo) -> None:
    env = {**os.environ, "AMOCRM_BASE_URL": amo.url, "AMOCRM_ACCESS_TOKEN": "long-lived-token",
           "AMOCRM_RATE_PER_SECOND": "200"}
    run = subprocess.run([sys.executable, "main.py", "replay", str(SCENARIOS)], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=600, check=True)
    results = [json.loads(line) for line in run.stdout.splitlines()]
    handed_off = [r for r in results if r["lead"]["handed_off"]]
    assert handed_off and len(amo.state.leads) == len(handed_off)
    assert sorted(int(r["crm"]["deal"]["id"]) for r in handed_off) == sorted(amo.state.leads)
    assert sorted(t["entity_id"] for t in amo.state.tasks.values()) == sorted(amo.state.leads)  # one task per deal
    assert {n["entity_id"] for n in amo.state.notes.values()} == set(amo.state.leads)  # transcript (+ later additions)
    for result in handed_off:
        deal = amo.state.leads[int(result["crm"]["deal"]["id"])]
        assert amo.state.value(deal, "Запчасти") == "\n".join(result["lead"]["parts"])
