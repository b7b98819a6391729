"""What a consumable is to be goes on the part, written the way shops write it (catalogs/part_specs.py)."""

from __future__ import annotations

import pytest

from bot.dialogue.machine import part_label, split_label
from catalogs.part_names import extract_parts
from catalogs.part_specs import count_alone, find_specs, loose, merged


def labels(text: str) -> list[str]:
    return [part_label(part) for part in extract_parts(text)]


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("ладно, давай масло 5w30 4 литра", "масло моторное (5W-30, 4 л)"),
        ("4 литра масла 5в-40", "масло моторное (5W-40, 4 л)"),
        ("трансмиссионное масло 75w90 2 литра", "масло трансмиссионное (75W-90, 2 л)"),
        ("антифриз g12+ красный 5 литров", "антифриз (красный, G12+, 5 л)"),
        ("нужна тормозуха дот 4 1л", "жидкость тормозная (DOT 4, 1 л)"),
        ("резина 195 65 15", "шины (195/65 R15)"),
        ("зимняя резина 205/55R16", "шины зимние (205/55 R16)"),
        ("акб 60ач обратная полярность", "аккумулятор (60 Ач, обратная полярность)"),
        ("аккум 75 а/ч обратка", "аккумулятор (75 Ач, обратная полярность)"),
        ("лампочки н7 2 шт", "лампы (H7, 2 шт.)"),
    ],
)
def test_a_spec_is_written_on_its_part(text: str, label: str) -> None:
    assert labels(text) == [label]


def test_a_denied_spec_is_not_taken() -> None:
    assert labels("стоп, лампочки нужны H7, а не H4") == ["лампы (H7)"]


def test_horsepower_is_no_volume() -> None:
    assert labels("масло 5w30, гранта 87 л.с.") == ["масло моторное (5W-30)"]


def test_a_spec_in_a_question_settles_nothing() -> None:
    assert loose("а если 10 комплектов возьмём?") == []


def test_a_spec_goes_to_the_part_that_has_that_kind_of_spec() -> None:
    assert labels("фильтр масляный и масло 10w40 4л") == ["фильтр масляный", "масло моторное (10W-40, 4 л)"]


@pytest.mark.parametrize("text", ["масло на солярис 1.6 л", "масло 5w30, гранта 1.6 л"])
def test_the_engine_volume_after_the_car_is_not_the_oil_volume(text: str) -> None:
    assert labels(text)[0] in ("масло моторное", "масло моторное (5W-30)")


def test_a_part_without_that_kind_of_spec_takes_none() -> None:
    assert labels("колодки на гранту 1.6л 8 клапанов") == ["колодки тормозные"]


def test_one_part_said_twice_keeps_every_spec_once() -> None:
    assert labels("масло 5w-40 синтетика 5w-40 4л") == ["масло моторное (5W-40, 4 л)"]


@pytest.mark.parametrize(
    "spec", ["5W-30, 4 л", "G12+, 1,5 л", "DOT 5.1", "205/55 R16, 4 шт.", "R15", "60 Ач, обратная полярность", "H7, 2 компл."]
)
def test_specs_as_written_on_the_lead_read_back_as_the_same_specs(spec: str) -> None:
    assert merged(spec, []) == spec


def test_a_spec_of_a_kind_already_said_replaces_it_and_others_are_added() -> None:
    assert merged("5W-30, 4 л", find_specs("5w40 и 2 шт")) == "5W-40, 4 л, 2 шт."


def test_an_engine_size_alone_is_no_volume_of_a_part() -> None:
    assert [s.text for s in loose("1.6 л, 5w30")] == ["5W-30"]


def test_brackets_that_are_the_part_name_are_no_specs() -> None:
    assert split_label("колесо запасное (докатка)") == ("колесо запасное (докатка)", None)
    assert split_label("колесо запасное (докатка) (R15)") == ("колесо запасное (докатка)", "R15")


@pytest.mark.parametrize(
    ("text", "kept"),
    [("только оригинал нужен, аналоги не предлагайте", ["оригинал"]), ("масло 5w30 не надо, нужно 5w40", ["5W-40"])],
)
def test_a_spec_refused_after_it_is_said_is_not_kept(text: str, kept: list[str]) -> None:
    assert [s.text for s in find_specs(text)] == kept


@pytest.mark.parametrize(
    "text", ["колодки аналогичные тем что брал", "оригинальный номер 04465-33450", "колодки с разборкой суппорта поменяете?"]
)
def test_words_like_a_kind_of_part_are_no_spec(text: str) -> None:
    assert [s.text for s in find_specs(text) if s.kind == "condition"] == []


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("свечи зажигания 4 штуки и катушку одну на логан", "катушки зажигания (1 шт.)"),
        ("пежо 308 1.6 vti катушка зажигания одна", "катушки зажигания (1 шт.)"),
        ("Нужны катушки зажигания на марк 2 gx110, все 6", "катушки зажигания (6 шт.)"),
        ("мне нужна крышка багажника на гранту лифтбек, белая", "крышка багажника (белая)"),
        ("сколько стоит фильтр салона на рио угольный?", "фильтр салонный (угольный)"),
        ("стеклоподъемник со стороны водителя на логан 2", "стеклоподъёмник (со стороны водителя)"),
        ("масло моторное 5w30 на кашкай 2.0, 5л", "масло моторное (5W-30, 5 л)"),
    ],
)
def test_a_count_colour_filter_medium_or_canister_said_after_the_part_goes_on_it(text: str, label: str) -> None:
    assert label in labels(text)


@pytest.mark.parametrize(
    "text",
    [
        "Хендай Крета, 2020 год, двигатель 2.0, полный привод. А кузов у неё один, по-моему.",
        "интересует лямбда зонд на октавию а5 движок один и шесть",
        "колодки, одна треснула",
    ],
)
def test_one_said_away_from_a_part_or_of_an_engine_volume_is_no_count(text: str) -> None:
    assert not any("1 шт." in label for label in labels(text))


def test_one_more_is_no_count_of_one() -> None:
    assert find_specs("и ещё одну") == []


def test_a_count_written_before_each_part_goes_on_the_part_after_it() -> None:
    assert labels("Нужно 2 шт 48820-42020 и 1 шт 48815-42090") == ["48820-42020 (2 шт.)", "48815-42090 (1 шт.)"]


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("антифриз 5л, тоже зелёный. ой, красный, у меня же G12", "антифриз (красный, G12, 5 л)"),  # the colour said last
        ("какой антифриз лучше заливать, красный или зелёный?", "антифриз (красный, зелёный)"),  # a choice: both
    ],
)
def test_a_colour_put_right_is_the_last_and_a_choice_keeps_both(text: str, label: str) -> None:
    assert labels(text) == [label]


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Нужен масляный фильтр на ваз 2107, 2 шт. А нет, 3 шт", "фильтр масляный (3 шт.)"),
        ("масло 4 л, ой, точнее 5 л", "масло моторное (5 л)"),
        ("дверь передняя правая грунт", "дверь передняя правая (грунт)"),
        ("клемма аккумулятора плюсовая", "клеммы аккумулятора (плюсовая, 1 шт.)"),
        ("04152-YZZA1 x2", "04152-YZZA1 (2 шт.)"),
    ],
)
def test_a_count_put_right_a_primer_a_clamps_pole_and_a_multiplier_are_specs(text: str, label: str) -> None:
    assert labels(text) == [label]


@pytest.mark.parametrize(
    ("sentence", "count"),
    [
        ("нужно два", "2 шт."),
        ("две штуки нужно", "2 шт."),
        ("надо 2 комплекта", "2 компл."),
        ("мне пару", "2 шт."),
        ("нужно 2 дня", None),
        ("2 литра", None),
        ("2", None),
    ],
)
def test_a_sentence_that_is_a_count_alone_says_the_count(sentence: str, count: str | None) -> None:
    assert count_alone(sentence) == count


@pytest.mark.parametrize(
    ("text", "length"),
    [("щётки 600 и 400", "600/400 мм"), ("дворники 650+400, хватит", "650/400 мм"), ("щетка 650", "650 мм")],
)
def test_a_wipers_length_said_without_its_unit_is_read(text: str, length: str) -> None:
    assert [s.text for s in find_specs(text) if s.kind == "wiper_length"] == [length]


@pytest.mark.parametrize("text", ["щетки 400 рублей", "стекло 500", "дворник 2015 года"])
def test_a_number_beside_a_wiper_that_is_no_length_is_not_read_as_one(text: str) -> None:
    assert not [s for s in find_specs(text) if s.kind == "wiper_length"]
