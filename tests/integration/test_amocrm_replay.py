"""`python main.py replay` with AMOCRM_* pointing at the fake amoCRM: every handed-off scenario
becomes exactly one deal there, and the result names it. The real process: the entry-point smoke
test of `replay`. It replays the lead scenarios that differ in what reaches amoCRM (channel, VIN /
frame / car only, several parts, parts in the customer's words, no hand-off); every lead scenario is
replayed in tests/integration/test_replay_leads.py, and deals in amoCRM are specified in
tests/integration/test_amocrm_deals.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.amocrm import FakeAmo, amo  # noqa: F401
from tests.support.cli import ROOT, main_py

pytestmark = pytest.mark.heavy  # seconds each: scheduled first (tests/conftest.py)

SCENARIOS = ROOT / "tests" / "scenarios" / "leads.jsonl"
# web + car, telegram, whatsapp + LADA, telegram + frame, no VIN (car only), parts in the customer's words,
# two parts, whatsapp + two parts, not handed off
PICKED = ("L01", "L02", "L04", "L15", "L18", "L21", "L22", "L30", "L28")


def test_replay_creates_the_deals_in_amocrm(amo: FakeAmo, tmp_path: Path) -> None:
    lines = [line for line in SCENARIOS.read_text(encoding="utf-8").splitlines() if line.strip()]
    picked = tmp_path / "picked.jsonl"
    picked.write_text("\n".join(line for line in lines if json.loads(line)["id"] in PICKED) + "\n", encoding="utf-8")
    env = {"AMOCRM_BASE_URL": amo.url, "AMOCRM_ACCESS_TOKEN": "long-lived-token", "AMOCRM_RATE_PER_SECOND": "200"}
    results = [json.loads(line) for line in main_py("replay", str(picked), env=env).splitlines()]
    assert [r["id"] for r in results] == [json.loads(line)["id"] for line in lines if json.loads(line)["id"] in PICKED]
    handed_off = [r for r in results if r["lead"]["handed_off"]]
    assert len(handed_off) == len(PICKED) - 1 and len(amo.state.leads) == len(handed_off)
    assert sorted(int(r["crm"]["deal"]["id"]) for r in handed_off) == sorted(amo.state.leads)
    assert sorted(t["entity_id"] for t in amo.state.tasks.values()) == sorted(amo.state.leads)  # one task per deal
    assert {n["entity_id"] for n in amo.state.notes.values()} == set(amo.state.leads)  # transcript (+ later additions)
    for result in handed_off:
        deal = amo.state.leads[int(result["crm"]["deal"]["id"])]
        assert amo.state.value(deal, "Запчасти") == "\n".join(result["lead"]["parts"])


def test_replay_follows_the_outbox_retries_while_amocrm_refuses_and_each_deal_is_made_once(amo: FakeAmo, tmp_path: Path) -> None:
    lines = [line for line in SCENARIOS.read_text(encoding="utf-8").splitlines() if line.strip()]
    picked = tmp_path / "picked.jsonl"
    picked.write_text("\n".join(line for line in lines if json.loads(line)["id"] in ("L01", "L02")) + "\n", encoding="utf-8")
    amo.state.fail_next = [503, 429, 503, 503, 429, 503]  # amoCRM down for a while, then back
    env = {"AMOCRM_BASE_URL": amo.url, "AMOCRM_ACCESS_TOKEN": "long-lived-token", "AMOCRM_RATE_PER_SECOND": "200"}
    results = [json.loads(line) for line in main_py("replay", str(picked), env=env).splitlines()]
    assert all(r["crm"].get("deal") for r in results), "every request shows its deal, as production would make it"
    assert len(amo.state.leads) == 2 and "undelivered" not in results[0]
    assert sorted(int(r["crm"]["deal"]["id"]) for r in results) == sorted(amo.state.leads)
