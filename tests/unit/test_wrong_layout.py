"""Russian typed with the English keyboard layout left on («ye;ys rjkjlrb» is «нужны колодки») is read
as the Russian it was meant to be; English, brands, codes and Russian spelt as it sounds stay as typed."""

from __future__ import annotations

import pytest

from bot.dialogue.latin import switched
from bot.dialogue.understand import Intent, in_cyrillic, understand


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("ye;ys rjkjlrb yf dtcne", "нужны колодки на весту"),
        ("Ghbdtn! ye;ty vfckzysq abkmnh", "Привет! нужен масляный фильтр"),
        ("ytn? cgfcb,j", "нет? спасибо"),
        ("lf, dct dthyj", "да, все верно"),
        ("RJKJLRB GTHTLYBT", "КОЛОДКИ ПЕРЕДНИЕ"),
    ],
)
def test_wrong_layout_words_read_as_the_russian_keys_they_hit(typed: str, meant: str) -> None:
    assert switched(typed) == meant


@pytest.mark.parametrize(
    "text",
    [
        "next week",
        "need brake pads for camry",
        "nuzhny kolodki na rio",
        "Клапан EGR Туарег 3.0 TDI 2012",
        "kia rio XTA21140C1234567",
        "Octavia A7, 2017, 1.8 TSI, DSG",
        "lf",
    ],
)
def test_english_codes_and_sounded_russian_stay_as_typed(text: str) -> None:
    assert switched(text) == text


def test_a_vin_beside_wrong_layout_words_stays_as_typed() -> None:
    assert switched("dby XTA21140C1234567 rjkjlrb") == "вин XTA21140C1234567 колодки"


def test_a_wrong_layout_request_names_its_part_and_car() -> None:
    understood = understand("ye;ys rjkjlrb yf rfvhb", context="ask_parts")

    assert [p.name for p in understood.parts] == ["колодки тормозные"]
    assert understood.car is not None and understood.car.model == "Camry"
    assert understood.means(Intent.REQUEST)


def test_a_wrong_layout_no_ends_the_request() -> None:
    assert understand("ytn, dct", context="ask_more").means(Intent.DONE)


def test_a_vin_typed_with_the_russian_layout_on_is_a_request_with_that_vin() -> None:
    understood = understand("вин ЧЕФ219170Л0345678", context="ask_vin")

    assert understood.vins == ["XTA219170K0345678"]
    assert understood.means(Intent.REQUEST)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("нa шкoду рaпид рычaг лeвый", "на шкоду рапид рычаг левый"),
        ("масло на соляриc", "масло на солярис"),
        ("XTA21703OC0123456 и Solaris", "XTA21703OC0123456 и Solaris"),  # codes and Latin words stay
        ("на poло", "на poло"),  # «p» may be «п» typed in Latin: left alone
    ],
)
def test_latin_look_alikes_inside_russian_words_are_read_in_cyrillic(typed: str, meant: str) -> None:
    assert in_cyrillic(typed) == meant


def test_a_request_typed_with_latin_look_alikes_keeps_its_car_and_part() -> None:
    u = understand("нa шкoду рaпид 2018 рычaг передний лeвый")
    assert u.car is not None and u.car.text == "Skoda Rapid 2018"
    assert [p.name for p in u.parts] == ["рычаг подвески передний левый"]
