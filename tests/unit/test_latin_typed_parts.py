"""Russian typed in Latin letters («nuzhny kolodki na solaris») names its parts like Cyrillic does —
the parts the vocabulary knows; a rough reading of other Latin words is never taken for a part."""

from __future__ import annotations

import pytest

from bot.dialogue.understand import understand


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("nuzhny kolodki na solaris", "колодки тормозные"),
        ("nuzhen starter na kamry", "стартер"),
        ("i eshche filtr maslyanyi", "фильтр масляный"),
    ],
)
def test_a_known_part_typed_in_latin_letters_is_taken(text: str, part: str) -> None:
    assert [p.name for p in understand(text, context="ask_parts").parts] == [part]


def test_latin_words_that_name_no_known_part_give_none() -> None:
    assert understand("privet, eto Sergey", context="open").parts == []


def test_a_part_number_among_latin_words_is_kept_verbatim() -> None:
    assert understand("Bosch 0986452041", context="ask_parts").part_numbers == ["0986452041"]


@pytest.mark.parametrize(
    ("text", "car"),
    [("nuzhny kolodki na mazdu 6 2012", "Mazda 6 2012"), ("privet, nuzhen starter na vestu 2020", "LADA Vesta 2020")],
)
def test_a_car_typed_in_latin_letters_is_read(text: str, car: str) -> None:
    named = understand(text, context="open").car
    assert named is not None and named.text == car


def test_english_words_name_no_car() -> None:
    assert understand("yes, spark plugs too", context="ask_more").car is None
