"""Pure rules of the managers' discipline: working time between two moments, reading a rating, and
when the persona may write to a chat by itself."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bot.app.sla import may_write
from bot.dialogue.feedback import read_rating
from bot.store.models import Conversation, Customer
from bot.working_hours import WorkingHours
from tests.conftest import MOSCOW

HOURS = WorkingHours(9, 19, frozenset({1, 2, 3, 4, 5, 6}))
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=MOSCOW)


def test_working_time_skips_the_night_and_sunday() -> None:
    saturday_18_50 = datetime(2026, 11, 28, 18, 50, tzinfo=MOSCOW)
    monday_9_10 = datetime(2026, 11, 30, 9, 10, tzinfo=MOSCOW)
    assert HOURS.between(saturday_18_50, monday_9_10) == timedelta(minutes=20)
    assert HOURS.between(NOW, NOW + timedelta(hours=2)) == timedelta(hours=2)
    assert HOURS.between(NOW, NOW - timedelta(hours=1)) == timedelta(0)


@pytest.mark.parametrize(
    ("text", "rating", "comment"),
    [
        ("5", 5, ""),
        ("2, долго ждал", 2, "долго ждал"),
        ("оценка 4 — всё хорошо", 4, "всё хорошо"),
        ("3/5 дороговато", 3, "дороговато"),
        ("Пятёрка!", 5, ""),
        ("тройка, привезли не то", 3, "привезли не то"),
        ("всё понравилось", None, "всё понравилось"),
        ("10 из 10", None, "10 из 10"),
        ("2.5", None, "2.5"),
    ],
)
def test_a_rating_is_read_from_the_start_of_the_answer(text: str, rating: int | None, comment: str) -> None:
    assert read_rating(text) == (rating, comment)


def chat(channel: str, chat_id: str = "1") -> Conversation:
    return Conversation(customer_id=1, channel=channel, chat_id=chat_id, created_at=NOW, updated_at=NOW)


def test_whatsapp_free_text_only_within_24_hours_of_the_customers_message() -> None:
    customer = Customer(created_at=NOW)
    assert may_write(chat("whatsapp"), customer, NOW - timedelta(hours=22), NOW)
    assert not may_write(chat("whatsapp"), customer, NOW - timedelta(hours=23, minutes=30), NOW)
    assert not may_write(chat("wazzup", "whatsapp:79161234567@ch"), customer, NOW - timedelta(days=2), NOW)
    assert may_write(chat("telegram"), customer, NOW - timedelta(days=30), NOW)


def test_never_to_a_customer_who_opted_out_or_blocked_the_bot() -> None:
    assert not may_write(chat("telegram"), Customer(created_at=NOW, opted_out_at=NOW), NOW, NOW)
    assert not may_write(chat("telegram"), Customer(created_at=NOW, telegram_unreachable=True), NOW, NOW)
