"""Replaying our lead scenarios (as `main.py replay` does): the right VIN / frame / parts / hand-off for each,
and every result in the documented shape."""

from __future__ import annotations

import re
from typing import Any

import pytest

from bot.replay import Replayer
from tests.support.replay import bot_text, load_cases, replay, replayer  # noqa: F401

CASES = load_cases("leads.jsonl")
PRICE = re.compile(r"\d[\d\s]*(руб|р\.|₽)|\d+\s*%", re.IGNORECASE)


def test_there_are_at_least_25_lead_scenarios() -> None:
    assert len([c for c in CASES if c["kind"] == "lead"]) >= 25


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
async def test_scenario(case: dict[str, Any], replayer: Replayer) -> None:
    result, expect = await replay(replayer, case), case["expect"]  # its documented shape checked too
    lead = result["lead"]
    assert len(result["replies"]) == len(case["turns"])
    assert lead["handed_off"] is expect["handed_off"]
    assert lead["vin"] == expect.get("vin")
    assert lead["frame"] == expect.get("frame")
    if "parts" in expect:
        assert lead["parts"] == expect["parts"]
    if expect.get("parts_known") is False:
        assert lead["parts"], "the customer's own wording must be kept"
    if "car" in expect:
        assert expect["car"] in (lead["car"] or "")
    for turn, fragment in expect.get("reply_contains", []):
        assert fragment.lower() in bot_text(result, turn)
    if expect.get("no_price"):
        assert not any(PRICE.search(text) for turn in result["replies"] for text in turn)
    if expect["handed_off"]:
        deal, contact = result["crm"]["deal"], result["crm"]["contact"]
        assert deal["parts"] == lead["parts"]
        assert contact["vin"] == lead["vin"] and contact["frame"] == lead["frame"]
        assert contact["phone"] == case["customer"]["phone"]
    else:
        assert result["crm"] == {}
