"""Every reply text renders from prompts/ with the facts the state machine gives it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.dialogue.machine import Say
from bot.dialogue.replies import Replies

PROMPTS = Path(__file__).resolve().parents[2] / "prompts"
FACTS = {
    "car": "Toyota Camry",
    "parts": ["стартер", "фильтр масляный"],
    "noted": ["стартер"],
    "vin": "JTNBE46K303123456",
    "frame": None,
    "raw": "JTNBE46K30312345",
    "normalized": "JTNBE46K30312345",
    "length": 16,
    "kind": "voice",
    "percent": 5,
    "expires": "24.11 11:00",
    "points": 1200,
    "numbers": ["04465-33450"],
    "date": "7 декабря",
    "name": "Сергей",
    "phrase": "через две недели",
    "agreed": "23.11",
    "what": "бампер задний",
    "vin_car": "LADA Vesta 2019",
    "named": "LADA Granta",
    "asked": "ask_more",
    "missing": "year",
    "offered": True,
    "hours": "пн–сб с 9:00 до 19:00 по Москве",
    "bad": "Б",
    "hour": 12,
    "also": True,
    "start": "XTA21703",
    "where": "Telegram",
}


@pytest.fixture(scope="module")
def replies() -> Replies:
    return Replies(PROMPTS, persona="Анна", shop="Запчасти 24")


def test_every_prompt_renders_without_missing_facts(replies: Replies) -> None:
    for key in replies.keys():  # noqa: SIM118 (Replies is no dict: keys() lists the prompts)
        assert replies.text(Say(key, FACTS)).strip(), key


def test_persona_and_shop_come_from_configuration(replies: Replies) -> None:
    text = replies.text(Say("greeting"), seed="any")
    assert "Анна" in text and "Запчасти 24" in text


def test_a_conversation_keeps_one_greeting_variant(replies: Replies) -> None:
    assert replies.text(Say("greeting"), seed="web:1") == replies.text(Say("greeting"), seed="web:1")


def test_pieces_of_one_turn_become_one_message(replies: Replies) -> None:
    text = replies.render([Say("greeting"), Say("ask_parts")], seed="x")
    assert "\n" not in text and text.count("Анна") == 1


def test_every_campaign_opener_greets_by_name_thanks_and_asks(replies: Replies) -> None:
    texts = {replies.text(Say("retention_opener", {"name": "Сергей"}), seed=str(n)) for n in range(60)}
    assert len(texts) >= 3  # every variant was drawn
    for text in texts:
        assert "Сергей" in text and ("пасибо" in text or "лагодарим" in text) and ("?" in text), text


def test_the_greeting_fits_the_customers_time_of_day(replies: Replies) -> None:
    evening = {replies.text(Say("greeting", {"hour": 19}), seed=f"web:{n}").split("!")[0] for n in range(20)}
    morning = {replies.text(Say("greeting", {"hour": 9}), seed=f"web:{n}").split("!")[0] for n in range(20)}
    assert "Добрый вечер" in evening and "Добрый день" not in evening
    assert "Доброе утро" in morning and "Добрый день" not in morning


def test_a_hand_off_out_of_hours_says_when_the_manager_is_back(replies: Replies) -> None:
    facts = {"parts": ["стартер"], "car": None, "vin": None, "frame": None}
    assert "завтра с 9:00" in replies.text(Say("hand_off", {**facts, "back": "завтра с 9:00"}), seed="x")
    assert "в ближайшее время" in replies.text(Say("hand_off", facts), seed="x")


def test_the_offer_says_also_only_after_the_balance(replies: Replies) -> None:
    facts = {"percent": 5, "expires": "08.12 11:00"}
    assert replies.text(Say("offer_made", {**facts, "also": False}), seed="x").startswith("Для вас")
    assert replies.text(Say("offer_made", {**facts, "also": True}), seed="x").startswith("А ещё")


def test_the_greeting_at_night_is_no_good_evening(replies: Replies) -> None:
    night = {replies.text(Say("greeting", {"hour": 3}), seed=f"web:{n}").split("!")[0] for n in range(20)}
    assert "Доброй ночи" in night and "Добрый вечер" not in night
