"""Behaviour of catalogs.part_numbers: OEM/article numbers kept verbatim, other identifiers left alone."""

from __future__ import annotations

import pytest

from catalogs.part_numbers import corrects_phone, find_part_numbers, find_phone, locate_part_numbers


@pytest.mark.parametrize(
    "number",
    [
        "04152-YZZA1",  # Toyota, dashed
        "90915-YZZE1",
        "04465-33471",  # Toyota, digits on both sides of the dash
        "15208-65F0E",  # Nissan
        "58101-1RA00",  # Hyundai/Kia
        "2108-1003020",  # LADA
        "21080-1006040-00",
        "1K0615301AA",  # VAG, glued
        "1k0615301aa",  # typed in lower case
        "1K0 615 301 AA",  # VAG, grouped
        "06A 115 561 B",
        "8200768913",  # Renault, digits only
        "0986494524",  # Bosch, glued
        "0 986 494 524",  # Bosch, grouped
        "0 986 479 C20",  # Bosch, grouped, letters in the last group (was lost)
        "F 026 400 287",
        "A0004203020",  # Mercedes, glued
        "A 000 420 30 20",  # Mercedes, grouped
        "34 11 6 767 151",  # BMW, grouped
        "83212365946",  # BMW, 11 digits that are not a mobile number
        "04152 YZZA1",  # Toyota with a space for the dash
    ],
)
def test_a_part_number_is_kept_exactly_as_typed(number: str) -> None:
    assert find_part_numbers(f"нужен {number} на камри") == [number]


@pytest.mark.parametrize(
    "text",
    [
        "вин XTAGFL113KY123456",  # VIN
        "JTNBE46K303123456",
        "вин XTA 21074 5Y1234567",  # VIN typed in groups
        "кузов NZE121-0123456",  # Japanese frame number
        "GX110 6012345",
        "+7 916 123-45-67",  # phones
        "89161234567",
        "8 (916) 123-45-67",
        "8-916-123-45-67",
        "9161234567",
        "+375 29 123-45-67",
        "88001234567",
        "камри 2016",  # years
        "2008-2012 года выпуска",
        "объём 1.6",  # engine volume
        "цена 3000р",  # prices
        "3 000 руб",
        "1500000 руб",
        "от 10000-15000",
        "пробег 150000 км",  # mileage
        "2 шт",  # quantity
        "205/55 R16",  # tyre sizes
        "195/65R15 91T",
        "12.05.2024",  # dates
        "12-05-2024",
        "2024-05-12",
        "номер заказа 12345678",
        "ivan@mail.ru",
        "camry2016",  # a car and a year run together
        "lada2107",
        "5w40",  # oil grade
        "2AZ-FE",  # engine code
        "GX460",  # model name
        "нет, там в конце 0123465",  # too short to be digits-only
    ],
)
def test_other_identifiers_and_amounts_are_not_part_numbers(text: str) -> None:
    assert find_part_numbers(text) == []


def test_numbers_come_in_the_order_written_each_once() -> None:
    assert find_part_numbers("04152-YZZA1, 90915-YZZE1 и ещё раз 04152-YZZA1") == ["04152-YZZA1", "90915-YZZE1"]


def test_numbers_typed_without_a_space_after_a_comma_are_both_found() -> None:
    assert find_part_numbers("8200768913,04152-YZZA1") == ["8200768913", "04152-YZZA1"]


def test_a_vin_and_a_phone_beside_a_number_do_not_hide_it() -> None:
    text = "вин XTAGFL113KY123456, тел 89161234567, нужен 1K0615301AA"
    assert find_part_numbers(text) == ["1K0615301AA"]


def test_a_request_to_order_a_number_is_not_read_as_an_order_number() -> None:
    assert find_part_numbers("хочу заказать 04152-YZZA1") == ["04152-YZZA1"]


def test_located_numbers_point_at_the_customers_characters() -> None:
    text = "масляный фильтр 04152-YZZA1 и 0 986 494 524"
    assert [text[n.start : n.end] for n in locate_part_numbers(text)] == ["04152-YZZA1", "0 986 494 524"]


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("телефон +7 916 123-45-67", "+7 916 123-45-67"),
        ("звоните 8 (916) 1234567 после шести", "8 (916) 1234567"),
        ("мой 916 123 45 67", "916 123 45 67"),
        ("нужен фильтр 90915-YZZE1", None),
        ("вин XTA21099051234567", None),
    ],
)
def test_a_phone_is_found_as_written_and_part_numbers_are_not_phones(text: str, phone: str | None) -> None:
    assert find_phone(text) == phone


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("фильтр Mann W712/75", "W712/75"),
        ("артикул KTB077", "KTB077"),
        ("сакура C-1821", "C-1821"),
        ("mahle OC 90", "OC 90"),
        ("свечи ngk BKR6E", "BKR6E"),
        ("колодки брембо P 85 020", "P 85 020"),
        ("амортизаторы KYB 334811 на рав 4 2008", "334811"),  # digits alone, right after the maker
        ("амортизатор каяба 334811", "334811"),
        ("амортизатор kyb 341200 на логан", "341200"),  # six digits ending in 00: no price, an article
    ],
)
def test_a_short_aftermarket_article_after_its_maker_or_article_word_is_kept(text: str, number: str) -> None:
    assert [n.text for n in locate_part_numbers(text, short_articles=True)] == [number]


@pytest.mark.parametrize(
    "text",
    [
        "шины 205/55 R16",
        "колодки на trw 2015",
        "ngk a5",
        "bosch 15000 руб",
        "амортизаторы 334811",
        "колодки brembo 15000 на поло",
        "амортизаторы kyb 120000 за комплект?",
        "бюджет 1 500 000 RUB",  # money, no Bosch number
        "brembo 40123 тг",
    ],
)
def test_a_short_code_without_a_maker_or_article_word_is_no_part_number(text: str) -> None:
    assert locate_part_numbers(text, short_articles=True) == []


@pytest.mark.parametrize(
    "text", ["поменяйте в заявке телефон, звоните на 8-999-123-45-67", "мой номер +79991234567", "ой нет 89161112234"]
)
def test_the_customers_own_number_put_right(text: str) -> None:
    # also beside words that only contain a relative («обратно», «другой»)
    assert corrects_phone(text)


@pytest.mark.parametrize(
    "text",
    [
        "у мужа новый номер 8 916 555 44 34",
        "номер детали 04465-33471",
        "мой номер у вас есть, а это номер мастера 89031234567",
        "мой телефон тот же, звоните жене если что 89161112233",
        "нет 89161112233 это не мой",
        "поменял вчера колодки номер мастера 89031234567",
    ],
)
def test_a_number_of_someone_or_something_else_puts_nothing_right(text: str) -> None:
    assert not corrects_phone(text)


def test_a_vin_short_of_characters_is_no_part_number() -> None:
    assert find_part_numbers("XW8ZZZ1ZDG12345") == []


@pytest.mark.parametrize("text", ["номер поменялся, наберите обратно на 89031234567", "ой нет 8 916 111 22 33"])
def test_words_that_only_contain_a_relative_hide_no_correction(text: str) -> None:
    assert corrects_phone(text)


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("NGK BKR6E-11 4шт и провода высоковольтные", ["BKR6E-11"]),  # a plug's heat-range suffix: was no number
        ("NGK BPR6ES-11 4 штуки", ["BPR6ES-11"]),
        ("амортизаторы KYB 339097 и 339096", ["339097", "339096"]),  # the second of the maker's list was lost
        ("KYB 339097, 339096 и 334811", ["339097", "339096", "334811"]),
    ],
)
def test_a_makers_articles_with_a_suffix_or_listed_one_after_another_are_all_kept(text: str, numbers: list[str]) -> None:
    assert [n.text for n in locate_part_numbers(text, short_articles=True)] == numbers


@pytest.mark.parametrize("text", ["KYB 339097 и 2000 рублей", "KYB 339097 и 15000"])
def test_a_price_after_a_makers_article_is_no_article(text: str) -> None:
    assert [n.text for n in locate_part_numbers(text, short_articles=True)] == ["339097"]


@pytest.mark.parametrize(
    ("text", "number"),
    [("ремень 6PK1220, и натяжитель 4216.1308080", "4216.1308080"), ("помпа 406.1307010-10 на газель", "406.1307010-10")],
)
def test_a_russian_makers_dotted_number_is_kept_verbatim(text: str, number: str) -> None:
    assert number in [n.text for n in locate_part_numbers(text, short_articles=True)]  # was dropped


@pytest.mark.parametrize("text", ["цена 1500.00", "объем 1.6 на гранту 2015"])
def test_a_price_or_a_volume_with_a_dot_is_no_number(text: str) -> None:
    assert locate_part_numbers(text, short_articles=True) == []


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("нужен оригинал 8200 768 913 ремень на логан", "8200 768 913"),  # Renault, spaced 4-3-3
        ("W 712/95 есть? на шкоду", "W 712/95"),  # a filter's article in MANN's way, no maker named
        ("фильтр HU 719/7 X на гольф", "HU 719/7 X"),
        ("фильтр W712/75", "W712/75"),
    ],
)
def test_a_spaced_renault_number_or_a_filter_article_is_kept_as_typed(text: str, number: str) -> None:
    assert [n.text for n in locate_part_numbers(text, short_articles=True)] == [number]


def test_a_tyre_size_is_no_filter_article() -> None:
    assert locate_part_numbers("резина 205/55 R16", short_articles=True) == []


def test_a_part_number_after_the_word_order_is_a_part_an_orders_number_is_not() -> None:
    assert find_part_numbers("хочу сделать заказ: 04152-YZZA1") == ["04152-YZZA1"]
    assert find_part_numbers("заказ 51234 где?") == []
