"""A slip put right in the same message is read as meant: the right side, year, car or part, never
the slipped one beside it."""

from __future__ import annotations

import pytest

from bot.dialogue.slips import as_meant
from bot.dialogue.understand import understand


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("амортизаторы задние. не, передние", "амортизаторы передние"),
        ("рычаг левый, ой правый на солярис", "рычаг правый на солярис"),
        ("колодки на альмеру 2016, ой нет 2017", "колодки на альмеру 2017"),
        ("шкода кодиак 2019, нет, карок", "шкода карок 2019"),
        ("колодки на камри, ой нет, на короллу", "колодки на короллу"),
        ("нужны колодки. ой, не колодки, а диски тормозные", "нужны диски тормозные"),
        ("Ещё ремень ГРМ. Ой, нет, не ГРМ, а ремень генератора", "Ещё ремень генератора"),
        ("нужна 8200768913, ой нет, 8200768927", "нужна 8200768927"),
        ("фильтр масляный 04152-YZZA1, нет, вернее 04152-YZZA6", "фильтр масляный 04152-YZZA6"),
        ("вин XTA21140012345678, ой нет, XTA211400C1234567", "вин XTA211400C1234567"),
        ("колодки передние. а, стоп, задние", "колодки задние"),  # «стоп» puts right too
        ("аутлендер 3 2.4 2014, хотя стоп, 2015", "аутлендер 3 2.4 2015"),
    ],
)
def test_a_slip_is_replaced_by_what_the_customer_meant(text: str, meant: str) -> None:
    assert as_meant(text) == meant


@pytest.mark.parametrize(
    "text",
    [
        "колодки передние, не задние",  # says which, corrects nothing
        "колодки передние и задние",
        "задние колодки нужны, нет, передние тоже",  # both
        "фара левая. Нет, ещё правая",
        "колодки не передние а задние, извините. Задних надо 1 комплект",  # corrected already
        "нет, всё",
        "колодки передние, нет, задние не нужны",  # said of the rear ones
        "нужны колодки передние. Нет, задние менял недавно",
    ],
)
def test_words_that_correct_nothing_said_before_in_the_message_stay(text: str) -> None:
    assert as_meant(text) == text


def test_the_request_holds_the_part_meant_not_the_slip() -> None:
    u = understand("нужны колодки на рио 2018, ой не колодки а диски тормозные передние", context="open")
    assert [p.name for p in u.parts] == ["диски тормозные передние"]
    assert u.car is not None and u.car.text == "Kia Rio 2018"


def test_the_request_holds_the_year_meant() -> None:
    u = understand("гранта 2016, ой, 2017, весной же брал", context="ask_car")
    assert u.car is not None and u.car.year == 2017


def test_the_request_holds_the_vin_put_right_not_the_slipped_one() -> None:
    u = understand("вин XTA21140012345678, ой нет, XTA211400C1234567", context="open")
    assert u.vins == ["XTA211400C1234567"]


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("мазда 6 2007, год 2009 точнее, задний бампер", "мазда 6 2009, задний бампер"),
        ("нужна глушилка... то есть глушитель, средняя часть", "нужна глушитель, средняя часть"),
    ],
)
def test_a_slip_put_right_with_the_mark_after_or_a_thing_renamed_is_read_as_meant(text: str, meant: str) -> None:
    assert as_meant(text) == meant
