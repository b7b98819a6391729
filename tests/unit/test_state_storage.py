"""The conversation's state as stored: what a newer version wrote still loads after a rollback."""

from __future__ import annotations

from bot.dialogue.state import DialogueState, Stage


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
