from datetime import date

import pytest

from catalogs.cars import contradicts, extract_car
from catalogs.vin import (
    CarInfo,
    best_vin,
    check_digit_ok,
    decode_vin,
    describe_car,
    find_frames,
    find_vins,
    frame_car,
    glued_to,
    is_valid_vin,
    normalize_vin,
    vin_beginning,
    vin_begun_at_the_end,
    vin_completed,
)

TODAY = date(2026, 5, 1)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ХТА21099051234567", "XTA21099051234567"),  # Cyrillic Х Т А
        ("хта21099051234567", "XTA21099051234567"),  # Cyrillic lower case
        ("АВЕКМНОРСТУХ", "ABEKMH0PCTYX"),  # every look-alike, Cyrillic О becomes zero
        ("авекмнорстух", "ABEKMH0PCTYX"),
        ("XTA21O99O51234567", "XTA21099051234567"),  # Latin O
        ("XTA21Q99051234567", "XTA21099051234567"),  # Q
        ("XTA2I099051234567", "XTA21099051234567"),  # I
        ("xta 21099 0 5 1234567", "XTA21099051234567"),
        ("XTA-21099-0-5-1234567", "XTA21099051234567"),
        ("XTA.21099_051234567", "XTA21099051234567"),
        ("jtnbe46k303123456", "JTNBE46K303123456"),
    ],
)
def test_normalize_vin_repairs_typing(typed: str, expected: str) -> None:
    assert normalize_vin(typed) == expected


@pytest.mark.parametrize(
    ("vin", "valid"),
    [
        ("XTA21099051234567", True),
        ("1HGCM82633A004352", True),
        ("XTA2109905123456", False),  # 16
        ("XTA210990512345678", False),  # 18
        ("XTA2109905123456O", False),  # O is not allowed
        ("xta21099051234567", False),  # format check only, no repair
        ("XTA2109905123456Ж", False),
    ],
)
def test_is_valid_vin_checks_format(vin: str, valid: bool) -> None:
    assert is_valid_vin(vin) is valid


def test_check_digit_passes_for_north_american_vin() -> None:
    assert check_digit_ok("1HGCM82633A004352") is True


def test_check_digit_fails_for_north_american_typo() -> None:
    assert check_digit_ok("1HGCM82633A004353") is False


@pytest.mark.parametrize("vin", ["XTA21099051234567", "JTDBT923771012345", "WVWZZZ1JZ3W386752"])
def test_check_digit_does_not_apply_outside_north_america_and_china(vin: str) -> None:
    assert check_digit_ok(vin) is None


def test_check_digit_applies_to_chinese_vin() -> None:
    assert check_digit_ok("LVSHCAMB1CE012345") is not None


def test_check_digit_is_none_for_invalid_format() -> None:
    assert check_digit_ok("1HGCM82633A00435") is None


def test_best_vin_uses_check_digit_as_tie_breaker() -> None:
    assert best_vin(["1HGCM82633A004353", "1HGCM82633A004352"]) == "1HGCM82633A004352"


def test_best_vin_prefers_valid_format_over_check_digit() -> None:
    assert best_vin(["1HGCM82633A00435", "1HGCM82633A004353"]) == "1HGCM82633A004353"


def test_best_vin_accepts_russian_vin_whose_check_digit_does_not_match() -> None:
    assert best_vin(["XTA21099051234567"]) == "XTA21099051234567"


def test_best_vin_accepts_the_only_valid_vin_with_failing_check_digit() -> None:
    assert best_vin(["1HGCM82633A004353", "1HGCM82633A0043"]) == "1HGCM82633A004353"


def test_best_vin_normalises_candidates() -> None:
    assert best_vin(["хта 21099 0 5 1234567"]) == "XTA21099051234567"


def test_best_vin_returns_none_without_valid_candidates() -> None:
    assert best_vin(["XTA2109905123456", ""]) is None


def test_find_vins_in_russian_sentence() -> None:
    readings = find_vins("Добрый день, нужны колодки на JTNBE46K303123456 передние, спасибо")
    assert [r.vin for r in readings] == ["JTNBE46K303123456"]


def test_find_vins_keeps_raw_and_normalized_for_cyrillic_vin() -> None:
    (reading,) = find_vins("мой вин ХТА21099051234567")
    assert (reading.vin, reading.raw, reading.problem) == ("XTA21099051234567", "ХТА21099051234567", None)


def test_a_vin_typed_with_the_russian_layout_on_is_read_as_the_keys_it_hit() -> None:
    (reading,) = find_vins("вин ЧЕФ219170Л0345678")
    assert (reading.vin, reading.raw) == ("XTA219170K0345678", "ЧЕФ219170Л0345678")


def test_cyrillic_that_keys_no_known_maker_is_no_vin() -> None:
    assert not any(r.vin for r in find_vins("вин ЖЖЖ219170Л0345678"))


def test_find_vins_accepts_russian_vin_with_wrong_check_digit() -> None:
    (reading,) = find_vins("вин XTA21099051234567")
    assert reading.vin == "XTA21099051234567"
    assert reading.check_digit_ok is None


def test_find_vins_reports_failing_check_digit_without_rejecting() -> None:
    (reading,) = find_vins("VIN 1HGCM82633A004353")
    assert (reading.vin, reading.check_digit_ok) == ("1HGCM82633A004353", False)


@pytest.mark.parametrize(
    ("text", "raw"),
    [
        ("VIN: xta 21099 0 5 1234567", "xta 21099 0 5 1234567"),
        ("вин-код: XTA-21099-0-5-1234567", "XTA-21099-0-5-1234567"),
        ("Идентификационный номер (VIN) XTA 210990 51234567", "XTA 210990 51234567"),
        ("вот WVW ZZZ 1J Z3W 386752 гольф", "WVW ZZZ 1J Z3W 386752"),  # unmarked, known WMI
    ],
)
def test_find_vins_joins_groups_typed_with_spaces(text: str, raw: str) -> None:
    (reading,) = find_vins(text)
    assert reading.raw == raw
    assert reading.vin == normalize_vin(raw)


def test_find_vins_does_not_join_car_description_words() -> None:
    assert find_vins("Toyota Corolla 2008 года, lada vesta 2018 1.6 at") == []


@pytest.mark.parametrize(
    ("text", "raw", "problem"),
    [
        ("вин XTA2109905123456", "XTA2109905123456", "too_short"),
        ("XTA210990512345678 это вин", "XTA210990512345678", "too_long"),
        ("VIN: xta 21099 0 5 123456", "xta 21099 0 5 123456", "too_short"),
        ("вин XTA2109905123456Ж", "XTA2109905123456Ж", "bad_chars"),
        ("вин XTA21703C012345", "XTA21703C012345", "too_short"),  # 15, said to be a VIN
        ("XTA21703C012345 вот", "XTA21703C012345", "too_short"),  # 15, a maker's code and a serial
        ("VIN: XTA2170C012345", "XTA2170C012345", "too_short"),  # 14
    ],
)
def test_find_vins_reports_near_misses_with_raw_text(text: str, raw: str, problem: str) -> None:
    (reading,) = find_vins(text)
    assert (reading.vin, reading.raw, reading.problem) == (None, raw, problem)


def test_find_vins_orders_marked_valid_then_unmarked_then_near_misses() -> None:
    text = "старый XTA2109905123456, был 1HGCM82633A004352, а вин XTAGFK330JY144213"
    assert [r.vin or r.raw for r in find_vins(text)] == [
        "XTAGFK330JY144213",
        "1HGCM82633A004352",
        "XTA2109905123456",
    ]


def test_find_vins_reports_a_repeated_vin_once() -> None:
    assert len(find_vins("XTA21099051234567 повторяю XTA21099051234567")) == 1


@pytest.mark.parametrize(
    "text",
    [
        "мой телефон +79161234567",
        "звоните 89161234567 или 8 916 123-45-67",
        "машина 2008 года, пробег 150000",
        "нужны колодки 04465-33450 и 04466-33180",
        "номер 12345678901234567",  # no letters
        "КОРОБКАМОТОРОСТОР 123",  # Russian word made of look-alikes
        "здравствуйте, нужен масляный фильтр на камри",
        "артикул 1K0615301AA12",  # 13, no maker's code
        "A2034211012 и 04152YZZA1234",
        "нужен подшипник 2108-3103020 на 2110, два штуки",  # «на» is a word, not «HA» in a VIN
        "ступица задняя 21080-3104015 на 2114",
    ],
)
def test_find_vins_ignores_phones_years_part_numbers_and_words(text: str) -> None:
    assert find_vins(text) == []


@pytest.mark.parametrize(
    ("text", "frame", "raw"),
    [
        ("кузов NZE121-0123456", "NZE121-0123456", "NZE121-0123456"),
        ("рама GX110 6012345", "GX110-6012345", "GX110 6012345"),
        ("nze1210123456", "NZE121-0123456", "nze1210123456"),
        ("BNR320123456", "BNR32-0123456", "BNR320123456"),
        ("SV30 - 0169266", "SV30-0169266", "SV30 - 0169266"),
        ("АТ211-0054321", "AT211-0054321", "АТ211-0054321"),  # Cyrillic А Т
        ("CBA-ZZE122-1234567", "ZZE122-1234567", "CBA-ZZE122-1234567"),
        ("BNR32-123456", "BNR32-123456", "BNR32-123456"),  # Nissan, 6-digit serial
        ("кузов НЗЕ121 0123456", "NZE121-0123456", "НЗЕ121 0123456"),  # typed by sound: Н is N, З is Z
        ("жзх100-0123456", "JZX100-0123456", "жзх100-0123456"),
    ],
)
def test_find_frames_reads_japanese_frame_numbers(text: str, frame: str, raw: str) -> None:
    assert [(f.frame, f.raw) for f in find_frames(text)] == [(frame, raw)]


@pytest.mark.parametrize(
    "text",
    [
        "JTNBE46K303123456",
        "VIN: xta 21099 0 5 1234567",
        "+79161234567 89161234567",
        "04465-33450",
        "rav4 2012",
        "F026400001",
        "на 121 0123456",
        "дом 12 кв 1234567",  # by sound DOM12: no model code anyone lists
    ],
)
def test_find_frames_ignores_vins_phones_and_part_numbers(text: str) -> None:
    assert find_frames(text) == []


@pytest.mark.parametrize(
    ("vin", "expected"),
    [
        ("XTAGFK330JY144213", CarInfo("LADA", "Vesta", 2018, "Russia")),
        ("XTA21099051234567", CarInfo("LADA", None, 2005, "Russia")),
        ("JTDBT923771012345", CarInfo("Toyota", None, 2007, "Japan")),
        ("1HGCM82633A004352", CarInfo("Honda", None, 2003, "United States")),
        ("X96330200A0123456", CarInfo("GAZ", None, 2010, "Russia")),
    ],
)
def test_decode_vin_names_make_model_year_country(vin: str, expected: CarInfo) -> None:
    assert decode_vin(vin, today=TODAY) == expected


def test_decode_vin_skips_years_in_the_future() -> None:
    assert decode_vin("XTAGFK330JY144213", today=date(2017, 6, 1)).year == 1988


def test_decode_vin_survives_vininfo_errors() -> None:
    # vininfo returns a list of models for Renault (and its details raise when printed).
    assert decode_vin("X7LLSRB2HAH123456", today=TODAY) == CarInfo("Renault", None, 2010, "Russia")


def test_decode_vin_returns_nothing_for_invalid_vin() -> None:
    assert decode_vin("not a vin") == CarInfo(None, None, None, None)


@pytest.mark.parametrize(
    ("info", "text"),
    [
        (CarInfo("LADA", "Vesta", 2018, "Russia"), "LADA Vesta 2018"),
        (CarInfo("Toyota", None, 2008, "Japan"), "Toyota, 2008 г."),
        (CarInfo("LADA", None, 2000, "Russia"), "LADA, 2000 г."),  # not a model «LADA 2000»
        (CarInfo("LADA", "Largus", None, "Russia"), "LADA Largus"),
        (CarInfo(None, None, None, "Japan"), None),
        (CarInfo(None, None, None, None), None),
    ],
)
def test_describe_car_gives_short_text(info: CarInfo, text: str | None) -> None:
    assert describe_car(info) == text


def test_a_frame_number_names_the_car_when_its_model_code_is_known() -> None:
    from catalogs.vin import frame_car

    assert frame_car("NZE121-0123456") == "Toyota Corolla"
    assert frame_car("CT9A-0123456") == "Mitsubishi Lancer Evolution"
    assert frame_car("GD2-1234567") is None  # Honda Fit and Subaru Impreza both use GD2
    assert frame_car("QQQ1-1234567") is None


def test_a_frame_number_typed_with_a_typographic_dash_is_found() -> None:
    assert [f.frame for f in find_frames("кузов NZE121—0123456")] == ["NZE121-0123456"]


def test_a_vin_dictated_one_character_at_a_time_is_read() -> None:
    [reading] = find_vins("вин X T A 2 1 1 4 0 0 C 1 2 3 4 5 6 7")
    assert reading.vin == "XTA211400C1234567"


def test_readings_of_a_text_read_again_are_equal_and_not_shared() -> None:
    text = "вин JTNBE46K303123456, рама NZE121-0123456"
    first, again = find_vins(text), find_vins(text)
    assert first == again and first is not again
    first.clear()
    assert find_vins(text) == again and find_frames(text) == find_frames(text)


def test_a_known_seven_character_model_code_makes_a_frame_number() -> None:
    assert [reading.frame for reading in find_frames("Кузов № NZE161G-5954161")] == ["NZE161G-5954161"]


def test_a_listed_model_code_of_letters_only_makes_a_frame_number() -> None:
    """Mazda's GGEP and CREW, Subaru's GDA: listed in frames.toml, and no digit in them."""
    assert [f.frame for f in find_frames("рама GGEP-2418482")] == ["GGEP-2418482"]
    assert [f.frame for f in find_frames("кузов CREW 6455436")] == ["CREW-6455436"]
    assert frame_car("GGEP-2418482") == "Mazda Atenza"
    assert find_frames("SALE-2418482") == []  # a word that is no listed code is no frame


def test_a_mercedes_vin_tells_the_make_and_no_year_it_does_not_carry() -> None:
    assert describe_car(decode_vin("WDD2120341A123456", today=date(2026, 12, 7))) == "Mercedes-Benz"


@pytest.mark.parametrize(
    ("vin", "make"), [("YV1MW384281234567", "Volvo"), ("W0L0AHL4898123456", "Opel"), ("TMBJF25J7B3123456", "Skoda")]
)
def test_a_vin_names_the_make_as_a_shop_does(vin: str, make: str) -> None:
    assert decode_vin(vin, today=date(2026, 12, 7)).make == make


@pytest.mark.parametrize("text", ["wvwzzz 1kz 6w 123 456", "WVWZZZ 1KZ 6W 123456", "вин WVW ZZZ 1KZ 6W 123 456"])
def test_a_vin_typed_in_groups_with_a_makers_code_is_read(text: str) -> None:
    assert [r.vin for r in find_vins(text)] == ["WVWZZZ1KZ6W123456"]


def test_a_vin_one_short_in_groups_of_a_known_maker_is_a_typo_to_ask_about() -> None:
    [reading] = find_vins("нужны колодки XTA212140123456 7")
    assert reading.vin is None and reading.problem == "too_short"


@pytest.mark.parametrize(
    ("text", "asked", "start"),
    [
        ("XTA21703", True, "XTA21703"),
        ("вин WVWZZZ1K", False, "WVWZZZ1K"),
        ("XTA 217030", True, "XTA217030"),
        ("XTA21703", False, None),  # not asked for, not said to be a VIN: maybe a part number
        ("04152YZZA1", True, None),  # no maker's code: a part number
        ("1NZ-FE", True, None),  # an engine
        ("колодки", True, None),
        ("XTA21703 и колодки", True, None),  # more than a piece of a VIN
        ("2108-3103020", True, None),  # a LADA part number: no letter
        ("123456", True, None),
        ("3C0698151", True, None),  # a VW group part number
    ],
)
def test_a_message_holding_only_the_start_of_a_vin_is_told_apart(text: str, asked: bool, start: str | None) -> None:
    assert vin_beginning(text, asked=asked) == start


def test_the_rest_of_a_vin_in_the_next_message_completes_it() -> None:
    assert glued_to("XTA21703", "0C0123456") == "XTA217030C0123456"
    assert vin_completed("XTA21703", "0C0123456") is None  # whole: no near-miss to check


def test_a_rest_a_character_short_is_a_near_miss_to_ask_about() -> None:
    reading = vin_completed("XTA21703", "0C012345")
    assert reading is not None and (reading.vin, reading.normalized, reading.problem) == (None, "XTA217030C012345", "too_short")


def test_a_message_that_is_no_rest_of_a_vin_completes_nothing() -> None:
    assert vin_completed("XTA21703", "нет, вин не найду") is None


def test_a_vin_begun_at_the_end_of_a_message_is_told_apart_from_what_comes_before() -> None:
    assert vin_begun_at_the_end("нужен стартер. VIN: Z94CT41DBFR") == ("Z94CT41DBFR", "нужен стартер. ")
    assert vin_begun_at_the_end("вин Z94CT41DBFR, нужен стартер") is None  # something else said after it


def test_the_next_message_glued_to_a_vin_begun_reads_its_first_characters_as_the_rest() -> None:
    assert glued_to("XTA21703", "0A0123456, нужен стартер") == "XTA217030A0123456, нужен стартер"
    assert glued_to("XTA21703", "нет, вин не найду") is None


@pytest.mark.parametrize(
    "text",
    ["остальное не видно", "двигатель 1.6", "это всё", "2012 года", "2 штуки", "XTA 217030 C 0123456", "a123bc777", "0986452041"],
)
def test_words_years_counts_or_a_whole_vin_after_a_vin_begun_are_no_rest_of_it(text: str) -> None:
    assert glued_to("XTA21703", text) is None and vin_completed("XTA21703", text) is None


@pytest.mark.parametrize(
    ("vin", "model"),
    [
        ("SJNFBAJ10U1234567", "Qashqai"),  # was «Sentra»: vininfo reads every non-American Nissan so
        ("JN1TBNT31U0123456", "X-Trail"),
        ("3N1AB7AP5GY123456", "Sentra"),  # North American: vininfo's reading stands
    ],
)
def test_a_nissan_is_the_model_its_chassis_code_names(vin: str, model: str) -> None:
    assert decode_vin(vin).model == model


def test_a_nissan_for_america_made_in_japan_keeps_vininfos_model() -> None:
    assert decode_vin("JN8AR05Y0WW123456").model == "Pathfinder"  # its chassis code is in no table of ours


@pytest.mark.parametrize(
    ("vin", "named"),
    [
        ("LGWEF6A57MH123456", "хавал ф7"),  # was asked «по VIN это Great Wall (Havel)…»
        ("LGWEF6A57MH123456", "грейт волл ховер"),
        ("WV1ZZZ2EZE6012345", "крафтер"),  # «Volkswagen Commercial Vehicles»
    ],
)
def test_a_vin_of_the_makes_own_maker_does_not_contradict_the_car_named(vin: str, named: str) -> None:
    car, info = extract_car(named), decode_vin(vin)
    assert car is not None and not contradicts(car, info.make, info.model)


@pytest.mark.parametrize("text", ["vse spasibo", "VSESPASIBO", "no spasibo"])
def test_words_whose_o_and_i_read_as_digits_begin_no_vin(text: str) -> None:
    assert vin_beginning(text, asked=True) is None
