"""Finding what a correction replaces: «не X, а Y», «ой, Y», and the words it changes in a part."""

from __future__ import annotations

import pytest

from bot.dialogue.corrections import Fix, enough_count, find_fix, opposites, recount, replace_words, swap_side, swap_sides


@pytest.mark.parametrize(
    ("text", "fix"),
    [
        ("ой, не передний, а задний", Fix("передний", "задний")),
        ("не королла а камри", Fix("королла", "камри")),
        ("Не колодки — а диски", Fix("колодки", "диски")),
        ("ой, задний", Fix(None, "задний")),
        ("точнее левый", Fix(None, "левый")),
        ("а нет, правая, левая целая", Fix("левая", "правая")),  # the other side intact
        ("правую надо, левая в порядке", Fix("левая", "правую")),
        ("ой нет, задние", Fix(None, "задние")),  # was «нет, задние», pasted into the part's name
        ("хотя нет, правая", Fix(None, "правая")),
        ("нет, левая", Fix(None, "левая")),
        ("не правая, левая", Fix("правая", "левая")),  # «не X, Y» without «а»
        ("а нет, не масляный, топливный", Fix("масляный", "топливный")),
        ("ой, не солярис. рио 2017", Fix("солярис", "рио 2017")),  # a car after a dot, its year with it
        ("не королла камри", Fix("королла", "камри")),  # two cars side by side
        ("ой не камри, королла, и год 2010", Fix("камри", "королла 2010")),
        ("ой не правый, оба надо", Fix("правый", "оба надо")),  # both sides instead of one
    ],
)
def test_a_correction_names_the_old_and_the_new_words(text: str, fix: Fix) -> None:
    assert find_fix(text) == fix


@pytest.mark.parametrize(
    "text",
    [
        "нужен задний бампер",
        "не знаю вин",
        "у меня не нива шевроле",  # one car in two words
        "а доставка есть?",
        "не надо",
        "и подкрылок правый, левый целый",  # a new part, its side said: nothing said before is put right
        "нет, задние тоже нужны",
        "не горит, левая",
    ],
)
def test_a_message_without_a_correction_has_none(text: str) -> None:
    assert find_fix(text) is None


def test_the_old_word_is_replaced_in_any_of_its_forms() -> None:
    assert replace_words("бампер передний", "переднего", "задний") == "бампер задний"
    assert replace_words("бампер передний", "левый", "правый") is None


def test_a_side_said_alone_replaces_the_opposite_side() -> None:
    assert "передние" in opposites("задние") and "левая" in opposites("правую")


@pytest.mark.parametrize(
    "text", ["звоните вместо того чтобы писать", "сделайте вместо скидки доставку", "вместо салонного угольный"]
)
def test_instead_of_something_that_is_no_part_or_side_corrects_nothing(text: str) -> None:
    assert find_fix(text) is None


def test_a_side_is_swapped_for_its_opposite_in_the_part_s_own_form() -> None:
    assert swap_side("амортизаторы передние левые", "левая", "правая") == "амортизаторы передние правые"
    assert swap_side("фара левая", "левую", "правую") == "фара правая"
    assert swap_side("фара левая", "передняя", "задняя") is None  # no such side in the part
    assert swap_side("фара левая", "левая", "задняя") is None  # no pair of opposites


def test_a_count_put_right_changes_the_count() -> None:
    assert recount("свечи зажигания (2 шт.)", "2", "4") == "свечи зажигания (4 шт.)"
    assert recount("свечи зажигания", "2", "4") is None


@pytest.mark.parametrize(
    ("phrase", "new", "swapped"),
    [
        ("стеклоподъёмник передний правый", "передний левый", "стеклоподъёмник передний левый"),  # was «передний передний левый»
        ("колодки тормозные передние", "зад", "колодки тормозные задние"),  # was «колодки тормозные зад»
    ],
)
def test_sides_said_again_replace_their_opposites_in_the_phrases_form(phrase: str, new: str, swapped: str) -> None:
    assert swap_sides(phrase, new) == swapped


@pytest.mark.parametrize("text", ["ой не камри, у меня королла", "не камри у нас королла"])
def test_not_x_i_have_y_is_a_correction(text: str) -> None:
    fix = find_fix(text)
    assert fix is not None and (fix.old, fix.new) == ("камри", "королла")  # «ой …» was read as new words, the car kept


@pytest.mark.parametrize("text", ["хотя нет зеркало правое, левое целое", "ой зеркало правое, левое целое"])
def test_a_part_said_again_with_the_other_side_intact_puts_the_side_right(text: str) -> None:
    assert find_fix(text) == Fix("левое", "правое")


def test_a_part_said_with_the_other_side_intact_and_no_slip_corrects_nothing() -> None:
    assert find_fix("и подкрылок правый, левый целый") is None


def test_a_part_of_two_words_said_instead_of_another_is_the_new_part() -> None:
    fix = find_fix("хотя там модуль один на все цилиндры, тогда модуль зажигания вместо катушки")
    assert fix is not None and (fix.old, fix.new) == ("катушки", "модуль зажигания")


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("нет, один, второй нормальный", "1"),
        ("не, одну только", "1"),
        ("нет, 1 шт", "1"),
        ("ой все 4 шланга давайте", "4"),
        ("нет", None),
        ("нет, всё", None),
    ],
)
def test_a_bare_count_said_after_no_is_the_count_that_will_do(text: str, count: str | None) -> None:
    assert enough_count(text) == count


def test_a_part_named_again_with_its_side_after_a_slip_puts_the_side_right() -> None:
    assert find_fix("а нет, крыло правое") == Fix(None, "крыло правое")
