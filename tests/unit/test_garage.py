"""A returning customer is not asked for the car again: the car of their earlier request is offered
once («на ту же Камри (VIN …)?»), a «да» takes it, anything else goes on as usual."""

from __future__ import annotations

from datetime import date

from bot.dialogue.machine import step
from bot.dialogue.state import CampaignState, DialogueState, KnownCar, Stage, StepResult, TurnContext, context_of
from bot.dialogue.understand import understand

CAMRY = KnownCar(car="Toyota Camry", vin="JTNBE46K303123456")
CTX = TurnContext(today=date(2026, 11, 23), garage=(CAMRY,))


def say(state: DialogueState, text: str, ctx: TurnContext = CTX) -> StepResult:
    return step(state, understand(text, context=context_of(state)), ctx)


def test_a_returning_customer_is_offered_the_car_of_the_last_request() -> None:
    result = say(DialogueState(), "нужны колодки")
    assert result.says[-1].key == "same_car" and result.says[-1].facts["vin"] == CAMRY.vin


def test_yes_takes_that_car_and_its_vin() -> None:
    result = say(say(DialogueState(), "нужны колодки").state, "да")
    assert result.state.draft.vin == CAMRY.vin and result.says[-1].key == "ask_more"


def test_another_car_named_in_the_answer_is_taken_instead() -> None:
    result = say(say(DialogueState(), "нужны колодки").state, "нет, на рио 2015")
    assert result.state.draft.vin is None and "Rio" in (result.state.draft.car or "")


def test_a_new_customer_is_asked_for_the_vin() -> None:
    result = say(DialogueState(), "нужны колодки", TurnContext(today=date(2026, 11, 23)))
    assert result.says[-1].key == "ask_vin"


def test_a_win_back_need_goes_straight_to_the_same_car() -> None:
    opened = DialogueState(stage=Stage.RETENTION_OPENED, campaign=CampaignState(opened_on="2026-11-23"))
    result = say(opened, "да, нужны колодки")
    assert result.says[-1].key == "same_car"


def test_a_customer_without_a_known_phone_is_asked_for_one_at_the_hand_off_only() -> None:
    no_phone = TurnContext(today=date(2026, 11, 23), phone_known=False)
    asked = say(DialogueState(), f"нужен стартер, вин {CAMRY.vin}", no_phone)
    assert "ask_phone" not in [s.key for s in asked.says]
    handed = say(asked.state, "нет, всё", no_phone)
    assert [s.key for s in handed.says][-2:] == ["hand_off", "ask_phone"]
    assert "ask_phone" not in [s.key for s in say(asked.state, "нет, всё").says]


def test_the_same_car_as_before_is_the_one_the_garage_knows() -> None:
    result = say(DialogueState(), "колодки на ту же машину")
    assert result.says[-1].key == "same_car" and not result.state.draft.car_as_before
