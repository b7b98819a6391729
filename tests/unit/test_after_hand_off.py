"""After the hand-off the deal is the manager's: what the customer writes goes on its note, and a request
taken back is marked so the manager sees it first."""

from __future__ import annotations

from datetime import date

from bot.dialogue.machine import CANCELLED_NOTE, step
from bot.dialogue.state import AppendToLead, DialogueState, StepResult, TurnContext, context_of
from bot.dialogue.understand import understand

CTX = TurnContext(today=date(2026, 11, 23))


def say(state: DialogueState, text: str) -> StepResult:
    return step(state, understand(text, context=context_of(state)), CTX)


def handed_off() -> DialogueState:
    state = DialogueState()
    for text in ("колодки передние на весту 2020", "нет", "нет, всё"):
        state = say(state, text).state
    return state


def test_a_request_taken_back_after_the_hand_off_is_marked_cancelled_on_the_deal() -> None:
    result = say(handed_off(), "а знаете, отмена, не нужно")
    assert result.says[-1].key == "request_withdrawn"
    assert result.effects == [AppendToLead(f"{CANCELLED_NOTE}: а знаете, отмена, не нужно")]


def test_a_question_after_the_hand_off_goes_on_the_deal_unmarked() -> None:
    result = say(handed_off(), "а когда ответите?")
    assert result.effects == [AppendToLead("а когда ответите?")]
