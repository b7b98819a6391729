"""A message longer than the persona reads is read at its start and its end: a long story says what it
needs at the end."""

from __future__ import annotations

from bot.dialogue.understand import understand

STORY = "ехал я с дачи, слышу стук спереди справа, остановился, посмотрел, вроде всё нормально. " * 30


def test_a_long_story_is_read_at_its_end_where_it_says_what_it_needs() -> None:
    u = understand(STORY + "Мастер сказал: стойка стабилизатора правая передняя. Шкода октавия 2011", max_chars=1000)
    assert u.truncated
    assert [p.name for p in u.parts] == ["стойки стабилизатора передние правые"]
    assert u.car is not None and u.car.text == "Skoda Octavia 2011"


def test_a_long_message_is_read_at_its_start_too() -> None:
    u = understand("Нужны колодки передние на гранту 2016. " + STORY, max_chars=1000)
    assert u.truncated and [p.name for p in u.parts] == ["колодки тормозные передние"]


def test_a_long_message_is_read_past_its_first_half_too() -> None:
    u = understand(STORY[:600] + " Нужны колодки передние, Гранта 2017. " + STORY, max_chars=1000)
    assert [p.name for p in u.parts] == ["колодки тормозные передние"]
