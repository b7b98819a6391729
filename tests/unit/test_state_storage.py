"""The conversation's state as stored: what a newer version wrote still loads after a rollback."""

from __future__ import annotations

import copy
import json
from dataclasses import asdict

from bot.dialogue.state import Asked, CampaignState, DialogueState, Stage


def test_state_with_fields_this_version_does_not_know_still_loads() -> None:
    stored = {
        "stage": "collecting",
        "draft": {"vin": "JTNBE46K303123456", "added_later": 1},
        "campaign": {"kind": "opener", "new": 2},
    }
    state = DialogueState.from_dict(stored)
    assert state.stage is Stage.COLLECTING and state.draft.vin == "JTNBE46K303123456" and state.campaign is not None


def test_state_round_trips_through_its_dict() -> None:
    state = DialogueState(stage=Stage.ASKING_MORE, last_question="ask_more:1", repeats=1)
    state.draft.parts.append("стартер")
    state.draft.part_numbers.append("04152-YZZA1")
    assert DialogueState.from_dict(state.to_dict()) == state


def _filled() -> DialogueState:
    state = DialogueState(stage=Stage.RETENTION_OFFERED, asked=Asked.VIN, lead_id=7, greeted=True, repeats=2)
    state.draft.parts.extend(["стартер", "колодки тормозные передние"])
    state.draft.part_numbers.append("04152-YZZA1")
    state.draft.vin, state.draft.car_conflict = "JTNBE46K303123456", True
    state.campaign = CampaignState(contact_id=3, outcome="later", next_contact="2026-12-07", bonus_mentioned=True)
    return state


def test_state_dict_is_what_asdict_gives() -> None:
    for state in (DialogueState(), _filled()):
        assert state.to_dict() == asdict(state)
        assert json.dumps(state.to_dict(), ensure_ascii=False) == json.dumps(asdict(state), ensure_ascii=False)


def test_state_copy_is_deep() -> None:
    state = _filled()
    copied = state.copy()
    assert copied == copy.deepcopy(state) and copied is not state
    copied.draft.parts.append("фильтр")
    assert copied.campaign is not None
    copied.campaign.outcome = "nothing"
    assert state.draft.parts == ["стартер", "колодки тормозные передние"] and state.campaign is not None
    assert state.campaign.outcome == "later"
    assert state.to_dict()["draft"]["parts"] is not state.draft.parts
