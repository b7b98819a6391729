"""Replaying our retention scenarios (as `main.py replay` does): the bot writes first, the reply decides."""

from __future__ import annotations

from typing import Any

import pytest

from bot.replay import Replayer
from tests.support.replay import bot_text, load_cases, replay, replayer  # noqa: F401

CASES = load_cases("retention.jsonl")


def test_there_are_at_least_30_retention_scenarios_covering_every_outcome() -> None:
    assert len(CASES) >= 30
    outcomes = {c["expect"]["outcome"] for c in CASES}
    assert {"need_now", "later", "nothing", "no_reply", "opted_out"} <= outcomes
    assert len({c["expect"]["next_contact"] for c in CASES if c["expect"].get("next_contact")}) >= 12


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
async def test_scenario(case: dict[str, Any], replayer: Replayer) -> None:
    result, expect = await replay(replayer, case), case["expect"]  # its documented shape checked too
    retention, lead = result["retention"], result["lead"]
    assert len(result["opening"]) == 1 and case["customer"]["name"].split()[-1] in result["opening"][0]
    assert retention["outcome"] == expect["outcome"]
    assert retention["next_contact"] == expect.get("next_contact")
    assert retention["discount_offered"] is expect.get("discount_offered", False)
    assert retention["bonus_points_mentioned"] is expect.get("bonus_points_mentioned", False)
    assert lead["handed_off"] is expect.get("handed_off", False)
    for key in ("vin", "frame", "parts"):
        if key in expect:
            assert lead[key] == expect[key]
    if expect.get("handed_off"):
        assert "retention" in result["crm"]["deal"]["tags"], "a lead from the campaign is hot"
    for turn, fragment in expect.get("reply_contains", []):
        assert fragment.lower() in bot_text(result, turn)
    for turn, fragment in expect.get("reply_not_contains", []):
        assert fragment.lower() not in bot_text(result, turn)
    for turn in expect.get("reply_empty", []):
        assert result["replies"][turn] == []


async def test_a_campaign_replayed_on_max_writes_to_the_customers_max_chat(replayer: Replayer) -> None:
    case = _campaign("MAX1", "max", "Андрей", "+79030000001", ["да, нужны колодки на рио 2015"])
    result = await replay(replayer, case)  # was ValueError «customer 1 has no MAX chat», the rest of the file lost
    assert len(result["opening"]) == 1 and result["lead"]["parts"] == ["колодки тормозные"]
    assert result["retention"]["outcome"] == "need_now"


async def test_a_deal_from_a_campaign_reply_is_written_when_the_customer_asked(replayer: Replayer) -> None:
    case = _campaign("DATED1", "telegram", "Ольга", "+79030000002", ["да, нужны колодки на солярис 2017", "вин нет", "нет, всё"])
    result = await replay(replayer, case)  # was three days on: the CRM was reached only after the silence was waited out
    assert result["crm"]["deal"]["created_at"].startswith("2026-11-23T08:0")


def _campaign(case_id: str, channel: str, name: str, phone: str, turns: list[str]) -> dict[str, Any]:
    """A win-back case on Monday 23 November, 11:00 Moscow, to a regular who last bought in August."""
    customer = {"name": name, "phone": phone, "last_purchase": "2026-08-10", "bonus_points": 1200}
    return {
        "id": case_id,
        "kind": "retention",
        "channel": channel,
        "now": "2026-11-23T11:00:00+03:00",
        "customer": customer,
        "turns": turns,
        "expect": {},
    }
