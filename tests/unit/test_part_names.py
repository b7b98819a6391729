"""Behaviour of catalogs.part_names.extract_parts: vocabulary, qualifiers, requests in the customer's words, part numbers."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from catalogs.part_names import PartMention, denied_sides, extract_parts, names_a_part

_DATA = Path(__file__).resolve().parents[2] / "catalogs" / "data" / "parts.toml"


def names(text: str) -> list[str]:
    return [m.name for m in extract_parts(text)]


@pytest.mark.parametrize(
    "text",
    ["колодки", "колодок", "колодками", "нужны колодки", "без колодок", "тормозные колодки", "колодки тормозные"],
)
def test_any_case_and_number_of_a_part_matches(text: str) -> None:
    assert names(text) == ["колодки тормозные"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("стартера нет", "стартер"),
        ("масляного фильтра", "фильтр масляный"),
        ("фильтр масла", "фильтр масляный"),
        ("фильтр для масла", "фильтр масляный"),
        ("масляный фильтр", "фильтр масляный"),
        ("фильтра воздушного", "фильтр воздушный"),
        ("ремня генератора", "ремень приводной"),
        ("масло в коробку", "масло трансмиссионное"),
        ("свечи зажигания", "свечи зажигания"),
        ("рулевую рейку", "рейка рулевая"),
    ],
)
def test_declined_and_multi_word_synonyms_match(text: str, name: str) -> None:
    assert names(text) == [name]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("аммы", "амортизаторы"),
        ("аммики", "амортизаторы"),
        ("амортизатары", "амортизаторы"),
        ("граната", "ШРУС"),
        ("гранату", "ШРУС"),
        ("салонник", "фильтр салонный"),
        ("грм", "комплект ГРМ"),
        ("жижа", "технические жидкости"),
        ("кочерга", "МКПП"),
        ("докатка", "колесо запасное (докатка)"),
        ("расходники", "комплект ТО"),
        ("комплект ТО", "комплект ТО"),
        ("лобовуха", "стекло лобовое"),
        ("калодки", "колодки тормозные"),
        ("стратер", "стартер"),
        ("акб", "аккумулятор"),
    ],
)
def test_slang_and_misspellings_map_to_the_canonical_name(text: str, name: str) -> None:
    assert names(text) == [name]


def test_known_part_keeps_the_customers_words() -> None:
    assert extract_parts("передние колодки") == [
        PartMention(name="колодки тормозные передние", words="передние колодки", known=True)
    ]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("передние колодки", "колодки тормозные передние"),
        ("колодки передние", "колодки тормозные передние"),
        ("колодки на перед", "колодки тормозные передние"),
        ("аммы задние", "амортизаторы задние"),
        ("левая передняя фара", "фара передняя левая"),
        ("фара левая передняя", "фара передняя левая"),
        ("шаровую правую", "шаровая опора правая"),
        ("крыло переднее правое", "крыло переднее правое"),
        ("заднее стекло", "стекло заднее"),
        ("датчик абс передний левый", "датчик ABS передний левый"),
    ],
)
def test_position_qualifiers_are_appended_in_a_fixed_order(text: str, name: str) -> None:
    assert names(text) == [name]


def test_front_and_rear_together_give_two_mentions() -> None:
    assert names("колодки передние и задние") == ["колодки тормозные передние", "колодки тормозные задние"]


def test_each_qualifier_stays_with_its_own_part() -> None:
    assert names("колодки передние и задние диски") == ["колодки тормозные передние", "диски тормозные задние"]


def test_several_parts_come_in_the_order_written() -> None:
    assert names("нужны колодки, диски и масляный фильтр") == [
        "колодки тормозные",
        "диски тормозные",
        "фильтр масляный",
    ]


def test_repeated_part_is_reported_once() -> None:
    assert names("колодки, ещё раз колодки и снова колодок") == ["колодки тормозные"]


def test_longest_synonym_wins_over_its_parts() -> None:
    assert names("ремень грм и помпа") == ["ремень ГРМ", "помпа"]


def test_quantity_words_are_ignored() -> None:
    assert names("комплект колодок 2 шт") == ["колодки тормозные"]


def test_genitive_modifier_joins_the_previous_part() -> None:
    assert extract_parts("ролик ремня генератора") == [
        PartMention(name="ролик натяжной", words="ролик ремня генератора", known=True)
    ]


def test_unknown_part_of_a_known_one_keeps_the_customers_wording() -> None:
    assert extract_parts("нужен кронштейн глушителя для соляриса") == [
        PartMention(name="кронштейн глушителя", words="кронштейн глушителя", known=False)
    ]


@pytest.mark.parametrize("text", ["у меня полный привод", "номер двигателя какой?", "объём двигателя 1.6"])
def test_phrases_describing_the_car_are_not_parts(text: str) -> None:
    assert extract_parts(text) == []


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("нужна заглушка на солярис", "заглушка"),
        ("Здравствуйте! Нужен подрамник на Camry 2008", "подрамник"),
        ("ищу шторку багажника для камри", "шторку багажника"),
        (
            "есть спойлер на багажник?",
            "спойлер на багажник",
        ),  # what it goes on, too (a badge there is the vocabulary's «эмблема»)
        ("интересует проводка", "проводка"),
        ("подберите подрамник, вин XTAGFK330JY144213", "подрамник"),
        ("надо 2 заглушки", "заглушки"),
    ],
)
def test_unknown_request_falls_back_to_the_customers_wording(text: str, words: str) -> None:
    assert extract_parts(text) == [PartMention(name=words, words=words, known=False)]


def test_fallback_phrase_is_at_most_six_words() -> None:
    [mention] = extract_parts("нужна заглушка пластиковая чёрная круглая большая блестящая кривая")
    assert len(mention.name.split()) <= 6 and not mention.known


@pytest.mark.parametrize(
    "text",
    [
        "здравствуйте",
        "Добрый день!",
        "сколько стоит?",
        "а сколько будет стоить доставка",
        "ты бот?",
        "да",
        "нет",
        "ок, спасибо",
        "XTAGFK330JY144213",
        "вин XTAGFK330JY144213",
        "камри 2008",
        "ывапролд",
        "???",
        "",
        "спасибо, всё",
        "машина авто вин номер",
        "есть ли доставка?",
        "нужна помощь",
        "надо подумать",
        "нужно узнать цену",
        "ищу запчасти на камри",
        "нужна левая",
        "есть в наличии?",
    ],
)
def test_no_parts_in_small_talk_questions_and_rubbish(text: str) -> None:
    assert extract_parts(text) == []


def test_vocabulary_is_large_and_every_synonym_finds_its_part() -> None:
    with _DATA.open("rb") as fh:
        parts = tomllib.load(fh)["part"]
    assert len(parts) >= 80
    misses = [(p["name"], s) for p in parts for s in p["syn"] if names(s) != [p["name"]]]
    assert misses == []


def test_long_text_completes_and_finds_the_part() -> None:
    chatter = "здравствуйте, у меня машина тойота камри, вчера ехал по трассе и услышал странный звук. "
    text = (chatter * 60)[:4980] + " нужен стартер"
    assert len(text) > 4900
    assert names(text) == ["стартер"]


def test_reservoir_and_pump_of_the_power_steering_are_different_parts() -> None:
    assert names("насос гур и бачок гур") == ["насос ГУР", "бачок ГУР"]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("и ещё герметик, если есть", "герметик"),
        ("ещё шторка багажника", "шторка багажника"),
        ("герметик тоже", "герметик"),
        ("щуп масляный тоже нужен", "щуп масляный"),
        ("накладка порога, если есть", "накладка порога"),
        ("накладка порога есть?", "накладка порога"),
        ("а у вас герметик есть?", "герметик"),
        ("нужен молдинг двери", "молдинг двери"),
        ("требуется щуп масляный", "щуп масляный"),
        ("интересуют шторки багажника", "шторки багажника"),
        ("нужна любая эмблема", "эмблема"),
        ("и герметик", "герметик"),
    ],
)
def test_a_requested_part_is_taken_in_the_customers_words(text: str, words: str) -> None:
    assert extract_parts(text) == [PartMention(name=words, words=words, known=False)]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("трос ручника тоже", "трос ручника"),
        ("подкрылок передний левый нужен", "подкрылки передние левые"),
        ("и бачок гур", "бачок ГУР"),
        ("нужен оригинальный масляный фильтр", "фильтр масляный"),
    ],
)
def test_a_requested_part_the_vocabulary_knows_keeps_its_normalised_name(text: str, name: str) -> None:
    assert names(text) == [name]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("нужен молдинг двери на камри 2015", "молдинг двери"),
        ("нужна шторка багажника для соляриса", "шторка багажника"),
        ("и ещё молдинг двери, пожалуйста", "молдинг двери"),
        ("интересует молдинг двери пожалуйста", "молдинг двери"),
        ("нужен молдинг двери 2015 года", "молдинг двери"),
        ("нужен щуп масляный, вин XTAGFL113KY123456", "щуп масляный"),
        ("ещё герметик купить", "герметик"),
    ],
)
def test_a_requested_phrase_is_only_its_noun_group(text: str, words: str) -> None:
    assert names(text) == [words]


def test_a_requested_part_comes_along_with_known_ones_in_order() -> None:
    assert names("колодки передние, а ещё молдинг двери") == ["колодки тормозные передние", "молдинг двери"]


def test_a_request_carries_over_and() -> None:
    assert names("мне нужен молдинг и герметик") == ["молдинг", "герметик"]


def test_an_unknown_part_of_a_known_one_is_a_single_mention() -> None:
    assert extract_parts("нужна накладка на бампер") == [
        PartMention(name="накладка на бампер", words="накладка на бампер", known=False)
    ]


def test_the_customers_modifiers_of_an_unknown_part_are_kept() -> None:
    assert names("нужна хромированная накладка двери") == ["хромированная накладка двери"]


@pytest.mark.parametrize(
    "text",
    [
        "нужен VIN?",
        "нужно подумать",
        "нужна консультация",
        "ещё вопрос",
        "ещё один вопрос",
        "и ещё, доставка есть?",
        "нужна скидка",
        "надо спросить у жены",
        "больше ничего не надо",
        "не нужны мне ваши запчасти",
        "ещё раз спасибо",
        "ещё Камри 2015",
        "ещё через неделю",
        "ещё 15 декабря",
        "ещё в понедельник",
        "ещё месяц поезжу",
        "ещё хотел спросить про доставку",
        "а оригинал есть?",
        "на складе есть?",
        "такое есть?",
        "если есть время, перезвоните",
        "спасибо, если будет скидка",
        "я тоже так думаю",
        "и вам тоже хорошего дня",
        "брат тоже",
        "Привет, нужна помощь",
        "и всё",
    ],
)
def test_requests_for_other_things_are_not_parts(text: str) -> None:
    assert extract_parts(text) == []


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("масляный фильтр 04152-YZZA1", "масляный фильтр"),
        ("04152-YZZA1 фильтр масляный", "фильтр масляный"),
        ("фильтр масляный арт. 04152-YZZA1", "фильтр масляный"),
        ("фильтр масляный: 04152-YZZA1", "фильтр масляный"),
    ],
)
def test_a_number_next_to_a_part_is_attached_to_it(text: str, words: str) -> None:
    assert extract_parts(text) == [PartMention(name="фильтр масляный", words=words, known=True, number="04152-YZZA1")]


def test_a_number_next_to_an_unknown_part_is_attached_to_it() -> None:
    [mention] = extract_parts("нужен молдинг двери 75732-12345")
    assert (mention.name, mention.number) == ("молдинг двери", "75732-12345")


def test_each_number_goes_to_its_own_neighbouring_part() -> None:
    mentions = extract_parts("04152-YZZA1 фильтр, 90919-01253 свечи")
    assert [(m.name, m.number) for m in mentions] == [("фильтр", "04152-YZZA1"), ("свечи зажигания", "90919-01253")]


def test_a_number_alone_is_a_part_named_by_the_number() -> None:
    assert extract_parts("нужен 90915-YZZE1") == [
        PartMention(name="90915-YZZE1", words="90915-YZZE1", known=False, number="90915-YZZE1")
    ]


def test_a_number_after_a_comma_stands_alone() -> None:
    mentions = extract_parts("нужны колодки, 04465-33471")
    assert [(m.name, m.number) for m in mentions] == [("колодки тормозные", None), ("04465-33471", "04465-33471")]


def test_the_same_part_with_two_numbers_is_two_mentions() -> None:
    mentions = extract_parts("фильтр 04152-YZZA1 и фильтр 04152-31090")
    assert [m.number for m in mentions] == ["04152-YZZA1", "04152-31090"]


def test_a_repeated_part_that_brings_a_number_fills_it_in() -> None:
    mentions = extract_parts("фильтр, и ещё раз фильтр 04152-YZZA1")
    assert [(m.name, m.number) for m in mentions] == [("фильтр", "04152-YZZA1")]


@pytest.mark.parametrize("text", ["мой телефон 89161234567", "вин XTAGFL113KY123456", "камри 2016 1.6 за 3000р"])
def test_phones_vins_years_and_prices_are_not_parts(text: str) -> None:
    assert extract_parts(text) == []


def test_a_short_article_after_its_maker_goes_on_the_part_before_it() -> None:
    (part,) = extract_parts("нужны колодки TRW GDB1550")
    assert (part.name, part.number) == ("колодки тормозные", "GDB1550")


def test_a_service_kit_names_a_part_only_for_a_named_car() -> None:
    kit = extract_parts("расходники к ТО")
    assert kit and not names_a_part(kit, car_named=False)
    assert names_a_part(kit, car_named=True)
    assert names_a_part(extract_parts("колодки передние"), car_named=False)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hi, need brake pads for toyota corolla", ["колодки тормозные"]),
        ("oil filter and air filter please", ["фильтр масляный", "фильтр воздушный"]),
        ("нужен timing belt и water pump", ["ремень ГРМ", "помпа"]),
        ("Spark Plugs x4", ["свечи зажигания"]),
    ],
)
def test_parts_named_in_english_are_taken_under_their_russian_names(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("нужны калотки на приору", ["колодки тормозные"]),
        ("амортизвторы задние", ["амортизаторы задние"]),
        ("дсики тормозные", ["диски тормозные"]),
        ("генертор на гранту", ["генератор"]),
    ],
)
def test_a_part_word_with_one_typo_is_that_part(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize("text", ["дарова", "стопэ, не пишите", "ключ балонный", "прадик 2008", "на соляри 2015"])
def test_a_word_one_letter_from_a_part_word_but_another_word_is_no_part(text: str) -> None:
    """Slang, car nicknames and other words: the first letter (and in a short word the last) stays."""
    assert names(text) == []


@pytest.mark.parametrize(
    "text", ["стоп, я ошибся, год 2012", "СТОП!!!", "ой стоп. колодки не передние", "стоп стоп, колодки не надо"]
)
def test_stop_said_to_stop_is_no_stop_light(text: str) -> None:
    assert not any(p.name.startswith("фонарь") for p in extract_parts(text))


@pytest.mark.parametrize("text", ["а у меня стоп не горит", "нужен стоп левый на калину", "стоп-сигнал не горит", "нужен стоп"])
def test_a_stop_light_is_still_a_part(text: str) -> None:
    assert any(p.name.startswith("фонарь") for p in extract_parts(text))


@pytest.mark.parametrize(
    "text",
    [
        "вин на стойке затёрт, не читается",
        "одну минуту, там на лобовом стекле должна быть табличка",
        "ща, руки в масле",
        "что-то гремит под капотом",
        "пару минут, ищу в почте",
        "сфотографировал номер на стойке двери",
    ],
)
def test_a_part_that_says_where_is_not_asked_for(text: str) -> None:
    assert extract_parts(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("лампочка в фаре перегорела", "лампы"),
        ("на выходных заеду за колодками", "колодки тормозные"),
        ("нуждаюсь в тормозных дисках", "диски тормозные"),
        ("нужна стойка в сборе", "амортизаторы"),
        ("масло в коробку", "масло трансмиссионное"),
        ("надо поменять в коробке масло", "масло трансмиссионное"),
        ("на ступице подшипник нужен", "подшипник ступицы"),
    ],
)
def test_a_part_asked_for_beside_a_place_is_still_taken(text: str, name: str) -> None:
    assert [p.name for p in extract_parts(text)] == [name]


@pytest.mark.parametrize(
    ("text", "denied"),
    [
        ("пружины не нужны, только амортизаторы", ["пружины подвески"]),
        ("хотя нет, не надо радиатор, мне нужен вентилятор радиатора", ["радиатор охлаждения"]),
        ("уберите свечи из заявки, они у меня есть", ["свечи зажигания"]),
        ("стартер не нужен", ["стартер"]),
        ("мне не надо дорогие колодки", []),
        ("не нужен ли ещё фильтр?", []),
        ("фильтр масляный не надо менять?", []),
    ],
)
def test_a_part_said_not_to_be_needed_is_denied(text: str, denied: list[str]) -> None:
    assert [p.name for p in extract_parts(text) if p.denied] == denied


@pytest.mark.parametrize(
    ("text", "sides"),
    [
        ("колодки только передние, задние не надо", 1),
        ("ой, не передние нужны, а задние", 0),
        ("не нужны передние, нужны задние", 0),
    ],
)
def test_a_side_taken_back_is_one_not_swapped_for_another(text: str, sides: int) -> None:
    assert len(denied_sides(text)) == sides


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("сцепление комплект и трамблер", ["комплект сцепления", "трамблер"]),
        ("прокладка поддона и болт сливной", ["прокладка поддона", "болт сливной"]),
        ("масло в мост и в раздатку", ["масло трансмиссионное"]),  # where, not what
        ("цепь ГРМ с натяжителем и успокоителем", ["цепь ГРМ", "ролик натяжной"]),  # with it
        ("тормозную жидкость и прокачку", ["жидкость тормозная"]),  # a service
    ],
)
def test_a_thing_named_with_and_after_a_known_part_is_asked_for_too(text: str, names: list[str]) -> None:
    assert [p.name for p in extract_parts(text)] == names


def test_a_count_said_of_each_goes_to_every_part() -> None:
    parts = extract_parts("масляный фильтр 04152-YZZA1 и воздушный 17801-0H050, 2 шт каждого")
    assert [(p.name, p.spec) for p in parts] == [("фильтр масляный", "2 шт."), ("фильтр воздушный", "2 шт.")]


def test_tyres_named_generally_and_by_season_in_one_breath_are_one_set() -> None:
    parts = extract_parts("резина 215 60 17 зимняя шипы 4 шт")
    assert [(p.name, p.spec) for p in parts] == [("шины зимние", "215/60 R17, шипованные, 4 шт.")]


def test_a_general_part_beside_a_specific_one_is_another_part() -> None:
    assert [p.name for p in extract_parts("нужна фара и противотуманка")] == ["фара", "фара противотуманная"]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("лампа H7 2 шт в фару ближнего", ["лампы"]),
        ("лампочку в стоп сигнал", ["лампа стоп-сигнала"]),
        ("свечи в двигатель", ["свечи зажигания"]),
        ("пыльники на суппорт", ["пыльник суппорта"]),
        ("ступица передняя левая в сборе с подшипником", ["ступица передняя левая"]),
    ],
)
def test_a_part_that_says_where_another_goes_is_not_asked_for(text: str, names: list[str]) -> None:
    assert [p.name for p in extract_parts(text)] == names


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("гарантия на колодки и на диски", ["колодки тормозные", "диски тормозные"]),
        ("нужна фара и лампа", ["фара", "лампы"]),
        ("нужен бампер, на фару тоже посмотрите", ["бампер", "фара"]),
    ],
)
def test_a_part_after_and_or_a_comma_is_asked_for_too(text: str, names: list[str]) -> None:
    assert [p.name for p in extract_parts(text)] == names


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("фильтр масляный Mann W712/75 и колодки TRW", [("фильтр масляный", "Mann"), ("колодки тормозные", "TRW")]),
        ("масло кастрол 5w30 4л", [("масло моторное", "Castrol, 5W-30, 4 л")]),
        ("амортизаторы каяба задние", [("амортизаторы задние", "KYB")]),
        ("лампочки в фары H4 — есть филипс или осрам?", [("лампы", "Philips или Osram, H4")]),
    ],
)
def test_a_brand_asked_for_goes_on_its_part_and_is_no_part_itself(text: str, parts: list[tuple[str, str]]) -> None:
    assert [(p.name, p.spec) for p in extract_parts(text)] == parts


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("шаровая левая нижняя", ["шаровая опора левая нижняя"]),
        ("патрубки радиатора верхний и нижний", ["патрубки радиатора верхние", "патрубки радиатора нижние"]),
        ("пыльники шрусов внутренние и наружные", ["пыльник ШРУСа внутренний", "пыльник ШРУСа наружный"]),
        ("ручка двери наружная задняя левая", ["ручка двери задняя левая наружная"]),
    ],
)
def test_upper_lower_inner_and_outer_stay_on_the_part(text: str, names: list[str]) -> None:
    assert [p.name for p in extract_parts(text)] == names


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "комплект сцепления: корзина, диск, выжимной",
            ["комплект сцепления", "корзина сцепления", "диск сцепления", "подшипник выжимной"],
        ),
        ("нужны колодки и диски", ["колодки тормозные", "диски тормозные"]),
        ("салонник угольный", ["фильтр салонный угольный"]),
        ("колодки с датчиком износа", ["колодки тормозные", "датчик износа колодок"]),
        ("стойки стабилизатора обе и втулки", ["стойки стабилизатора", "втулки стабилизатора"]),
    ],
)
def test_a_part_is_named_as_meant_beside_the_others(text: str, names: list[str]) -> None:
    assert [p.name for p in extract_parts(text)] == names


@pytest.mark.parametrize(
    ("text", "spec"),
    [
        ("двигатель контрактный", "контрактный"),
        ("фара б/у", "б/у"),
        ("фара не оригинал", "аналог"),
        ("резина зимняя липучка", "нешипованные"),
        ("диски литые r16", "литые, R16"),
    ],
)
def test_what_kind_of_part_is_asked_for_is_its_spec(text: str, spec: str) -> None:
    assert [p.spec for p in extract_parts(text)] == [spec]


def test_an_abbreviation_ending_in_bu_is_no_used_part() -> None:
    assert all(p.spec is None for p in extract_parts("ДМРВ и ЭБУ прошивка не делаете?"))


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "на ТО нужно: 1. фильтр масл 2. фильтр возд 3. салонник угольный",
            ["фильтр масляный", "фильтр воздушный", "фильтр салонный угольный"],
        ),
        ("фильтры на ТО", ["фильтр", "комплект ТО"]),
        ("диски тоже передние", ["диски тормозные передние"]),
    ],
)
def test_a_service_list_abbreviations_and_a_side_after_too(text: str, names: list[str]) -> None:
    assert [p.name for p in extract_parts(text)] == names


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("рычаг верхний и нижний", ["рычаг подвески верхний", "рычаг подвески нижний"]),
        ("колодки 2 шт на диски тоже надо", ["колодки тормозные", "диски тормозные"]),
        ("маховик, диски и колодки передние", ["маховик", "диски тормозные передние", "колодки тормозные передние"]),
    ],
)
def test_review_cases_keep_what_was_asked_for(text: str, names: list[str]) -> None:
    assert [p.name for p in extract_parts(text)] == names


def test_glow_plugs_are_no_spark_plugs() -> None:
    assert [p.name for p in extract_parts("свечи накаливания 8 шт denso")] == ["свечи накала"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("рычаг верхний правый и нижний левый", ["рычаг подвески правый верхний", "рычаг подвески левый нижний"]),
        ("амортизатор передний левый и задний правый", ["амортизаторы передние левые", "амортизаторы задние правые"]),
        ("фары левая и правая передние", ["фара передняя левая", "фара передняя правая"]),
        ("колодки задние и передние", ["колодки тормозные задние", "колодки тормозные передние"]),
    ],
)
def test_sides_joined_by_and_make_one_line_each_in_the_order_written(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "нужны колодки 2 передних и 2 задних комплекта",
        "колодки передние 2 шт и задние",
        "колодки нужны и передние, и задние",
    ],
)
def test_a_count_or_a_repeated_and_between_sides_keeps_both(text: str) -> None:
    assert names(text) == ["колодки тормозные передние", "колодки тормозные задние"]


def test_each_side_keeps_the_part_number_written_after_it() -> None:
    parts = extract_parts("стойка стабилизатора передняя левая 54830-4L000, и правая 54840-4L000")
    assert [(p.name, p.number) for p in parts] == [
        ("стойки стабилизатора передние левые", "54830-4L000"),
        ("стойки стабилизатора передние правые", "54840-4L000"),
    ]


def test_a_side_said_before_and_then_another_part_stays_with_the_first() -> None:
    assert names("не передние а задние и еще жидкость тормозную") == ["жидкость тормозная"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("колодки на гранту передние", ["колодки тормозные передние"]),
        ("тормозные диски на камри 50 задние", ["диски тормозные задние"]),
        ("датчик абс на крету ЛЕВЫЙ ПЕРЕДНИЙ", ["датчик ABS передний левый"]),
        ("Кронштейн бампера на Рапид правый", ["кронштейн бампера правый"]),
    ],
)
def test_a_side_said_after_the_car_is_the_parts(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "spec"),
    [
        ("свечи, четыре штуки", "4 шт."),
        ("лампы h7 пару штук", "H7, 2 шт."),
        ("колодки, два комплекта", "2 компл."),
        ("ступичный подшипник передний, одну штуку", "1 шт."),
    ],
)
def test_a_count_in_words_is_the_parts_count(text: str, spec: str) -> None:
    [part] = extract_parts(text)
    assert part.spec == spec


def test_both_before_a_side_keeps_the_side() -> None:
    assert names("амортизаторы оба передних") == ["амортизаторы передние"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("насос омывателя", ["насос омывателя"]),
        ("на девятку тросик газа", ["трос газа"]),
        ("датчик скорости", ["датчик скорости"]),
        ("Клапан ХХ и датчик ДМРВ на 2114", ["регулятор холостого хода", "ДМРВ (датчик расхода воздуха)"]),
        ("дпдз и рхх", ["ДПДЗ (датчик положения дроссельной заслонки)", "регулятор холостого хода"]),
        ("датчик парковки задний", ["датчик парковки задний"]),
        ("колодки на семерку передние", ["колодки тормозные передние"]),
    ],
)
def test_sensors_cables_and_the_washer_pump_are_parts_of_their_own(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("колодосы перед+зад на солярис", ["колодки тормозные передние", "колодки тормозные задние"]),
        ("нужны сайлентблоки задней балки на поло", ["сайлентблоки задней балки"]),
        ("сайленты передних рычагов 4 шт", ["сайлентблоки рычагов передние"]),
        ("пыльники шрусов внутр и наружные", ["пыльник ШРУСа внутренний", "пыльник ШРУСа наружный"]),
        ("калотки пиредние", ["колодки тормозные передние"]),
    ],
)
def test_slang_abbreviations_and_a_plus_between_sides(text: str, expected: list[str]) -> None:
    assert names(text) == expected


def test_canisters_count_a_fluid_not_the_filter_beside_it() -> None:
    parts = extract_parts("Масло 5W30 и фильтр. Если возьму две канистры, скинете?")
    assert [(p.name, p.spec) for p in parts] == [("масло моторное", "5W-30, 2 шт."), ("фильтр масляный", None)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("колодки и диски, все передние, на рио 2017", ["колодки тормозные передние", "диски тормозные передние"]),
        (
            "тормозные диски и колодки на Mercedes W212 E200 2011, передние",
            ["диски тормозные передние", "колодки тормозные передние"],
        ),
        ("Ну, можно и щётки взять. Передние, на Октавию А7.", ["щётки стеклоочистителя передние"]),
    ],
)
def test_sides_said_in_a_clause_of_their_own_go_to_the_parts_before(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Нужны передние амортизаторы. Правый... хотя нет, оба, стучат оба",
        "колодки передние — правильно. сальник ещё, левый привода. ой, правый",
        "мне ж фары надо! правую. блин, левую, правую в прошлом году меняли",
    ],
)
def test_a_side_the_customer_goes_back_on_is_not_spread(text: str) -> None:
    assert all(not name.endswith(("правые", "правая")) for name in names(text)[:1])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("не горит фара на приоре, нужна лампа", ["лампы"]),
        ("мигает поворотник часто, нужна лампочка", ["лампы"]),
        ("течёт помпа, нужен ремкомплект", ["ремкомплект"]),
        ("масло течёт с мотора, сальник коленвала наверное", ["сальник коленвала"]),
        ("троит мотор, свечи наверно, какие посоветуете?", ["свечи зажигания"]),
        ("фара не горит нужна лампа", ["лампы"]),  # no comma: «нужна» opens the next clause
        ("не горят габариты, нужны лампочки", ["лампы"]),  # a fault told in the plural
        ("текут амортизаторы, нужны пыльники", ["пыльник амортизатора"]),
        ("дворники не работают, нужен моторчик", ["моторчик"]),
        ("масло течёт из под клапанной крышки, прокладку надо", ["прокладки"]),  # the need after the part: was oil too
        ("брал у вас летом резину, теперь диски нужны литые r16", ["диски колёсные"]),  # bought already: was tyres too
    ],
)
def test_a_part_whose_fault_is_told_beside_another_asked_for_is_not_asked_for(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("гудит подшипник ступицы спереди слева, нужен новый подшипник", ["подшипник ступицы передний левый"]),
        ("течет бачок гур, нужен бачок", ["бачок ГУР"]),
        ("стучит стойка стабилизатора, нужна стойка", ["стойки стабилизатора"]),
        ("не работает датчик абс, нужен датчик", ["датчик ABS"]),
        ("не горит левая противотуманка, нужна противотуманка", ["фара противотуманная левая"]),
    ],
)
def test_a_part_whose_fault_is_told_and_asked_for_by_its_head_word_keeps_its_full_name(text: str, expected: list[str]) -> None:
    assert names(text) == expected


def test_what_the_asking_says_of_a_part_named_again_stays_on_it() -> None:
    assert [(p.name, p.spec) for p in extract_parts("стучит двигатель, нужен двигатель контрактный")] == [
        ("двигатель", "контрактный")
    ]


def test_a_faulty_part_said_to_be_wanted_too_stays() -> None:
    assert names("нужны колодки, течет помпа, её тоже поменять") == ["колодки тормозные", "помпа"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Нужны! Передние стойки стучат. И опорники", ["амортизаторы передние", "опора амортизатора"]),
        ("стучит стойка, нужна новая", ["амортизаторы"]),
        ("нужна помпа и термостат, течёт", ["помпа", "термостат"]),
        ("лампочка ближнего перегорела и аккумулятор сел, не заводится", ["лампа ближнего света", "аккумулятор"]),
    ],
)
def test_a_part_whose_fault_is_told_with_no_other_part_asked_for_is_asked_for(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Зеркало правое в сборе на Лада Ларгус с подогревом", [("зеркало правое", "в сборе, с подогревом")]),
        ("стекло заднее с обогревом", [("стекло заднее", "с обогревом")]),
        ("зеркало правое без подогрева", [("зеркало правое", "без подогрева")]),
        ("зеркало без подогрева и поворотника", [("зеркало", "без подогрева и поворотника")]),
        ("зеркало левое с поворотником и без подогрева", [("зеркало левое", "с поворотником и без подогрева")]),
        ("лобовое стекло с подогревом щёток", [("стекло лобовое", "с подогревом щёток")]),
        ("термостат на K4M с корпусом", [("термостат", "с корпусом")]),
    ],
)
def test_what_a_part_is_to_have_or_not_goes_on_it(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(p.name, p.spec) for p in extract_parts(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("масло со сменой фильтра на поло 2015", ["масло моторное", "фильтр масляный"]),
        ("масло с фильтром", ["масло моторное", "фильтр масляный"]),
        ("колодки с датчиком износа", ["колодки тормозные", "датчик износа колодок"]),
    ],
)
def test_a_part_said_with_another_is_asked_for_too(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "колодки с мужем заберем вечером, на солярис 2017",  # only what the vocabulary lists as a feature
        "колодки на солярис 2017, с уважением Иван",
        "колодки с кредиткой оплатить можно?",
        "колодки без проблем найдете?",
        "фара левая с трещиной, нужна новая",  # the broken one described, not the one to order
        "сколько стоит ремень грм на логан с учётом скидки?",
        "масло в вариатор, сколько стоит с заменой фильтра?",
        "диски тормозные, если колодки с ними возьму",
        "мне нужно сцепление на фокус, а с Андреем это вы ошиблись",
        "нужен глушитель, но у меня ВИН с ошибкой",
        "нужны колодки, вы с Почтой России работаете?",
    ],
)
def test_what_is_said_with_a_preposition_of_something_else_is_no_feature_of_the_part(text: str) -> None:
    assert all(p.spec is None for p in extract_parts(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("нужен блок управления печкой", ["блок управления печкой"]),
        ("эбу акпп на камри 40", ["блок управления АКПП"]),
        ("блок управления стеклоподъёмниками", ["блок управления стеклоподъёмниками"]),
        ("блок управления подушками", ["блок SRS (подушек безопасности)"]),
        ("нужен блок управления", ["ЭБУ (блок управления двигателем)"]),
    ],
)
def test_a_control_unit_is_the_one_of_the_system_it_is_named_for(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("стеклоподъемник водительской двери", ["стеклоподъёмник водительский"]),  # was стеклоподъёмник + дверь
        ("замок водительской двери", ["замок двери водительский"]),  # was «дверь» alone
        ("резинку на дверь водителя, она отклеилась", ["уплотнитель двери водительский"]),
        ("стекло двери пассажира", ["стекло двери пассажирское"]),
        ("уплотнитель двери багажника", ["уплотнитель багажника"]),
        ("личинка замка зажигания", ["замок зажигания"]),
        ("замок двери багажника на ларгус", ["замок багажника"]),
    ],
)
def test_the_drivers_or_the_passengers_side_is_kept_as_said_and_the_door_is_no_part_of_its_own(
    text: str, expected: list[str]
) -> None:
    assert names(text) == expected


@pytest.mark.parametrize("text", ["это вариатор, если что", "у меня автомат", "там механика", "вариатор, если что"])
def test_the_gearbox_the_car_has_told_is_no_part_asked_for(text: str) -> None:
    assert names(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("акпп", ["АКПП"]),
        ("нужен вариатор на кашкай", ["вариатор"]),
    ],
)
def test_a_gearbox_asked_for_is_a_part(text: str, expected: list[str]) -> None:
    assert names(text) == expected


def test_the_gearbox_told_of_beside_the_part_asked_for_is_no_part() -> None:
    assert names("ещё масло в коробку 2 литра, там вариатор, и всё") == ["масло трансмиссионное"]


def test_a_part_with_what_it_comes_with_assembled_is_one_part() -> None:
    assert names("ступица задняя с подшипником в сборе, левая") == ["ступица задняя левая"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("стойки стабилизатора и втулки", ["стойки стабилизатора", "втулки стабилизатора"]),
        ("масло 5w30 и фильтр", ["масло моторное", "фильтр масляный"]),
        ("ступица гудит, надо подшипник", ["подшипник ступицы"]),  # the hub only hums: the fault, not the part
        ("масло в вариатор и фильтр", ["масло для вариатора (CVT)", "фильтр АКПП"]),
    ],
)
def test_a_part_named_by_its_head_word_after_another_is_that_ones(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("лампы H7 2 шт и габариты W5W", [("лампы", "H7, 2 шт."), ("лампа габаритная", "W5W")]),
        ("лампочка ближнего света", [("лампа ближнего света", None)]),
        ("лампа в противотуманку, H11", [("лампа противотуманной фары", "H11")]),
    ],
)
def test_bulbs_are_named_by_what_they_light(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert [(p.name, p.spec) for p in extract_parts(text)] == expected


def test_a_number_said_as_by_number_goes_to_its_part() -> None:
    parts = extract_parts("Нужны колодки по номеру 04465-33471 и диски 43512-33130 2шт")
    assert [(p.name, p.number) for p in parts] == [("колодки тормозные", "04465-33471"), ("диски тормозные", "43512-33130")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("задние колодки и диски", ["колодки тормозные задние", "диски тормозные задние"]),
        ("передние амортизаторы и пружины", ["амортизаторы передние", "пружины подвески передние"]),
        ("передние колодки и масло", ["колодки тормозные передние", "масло моторное"]),
    ],
)
def test_a_side_said_before_two_sided_parts_is_both_ones(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4 шт. колесных болта и секретки", ["болты колёсные", "секретки колёсные"]),
        ("нужна решетка в бампер", ["решётка бампера"]),
        ("решетка радиатора", ["решётка радиатора"]),
    ],
)
def test_bolts_locks_and_grilles_are_what_was_named(text: str, expected: list[str]) -> None:
    assert names(text) == expected


def test_after_a_story_the_parts_listed_after_need_colon_are_the_request() -> None:
    text = (
        "Пишу из сервиса, машина Гранта 2017. Сначала думали резина гудит, поменяли левый подшипник, а оказалось "
        "правый. Так вот нужно: подшипник ступицы передний правый и пыльник рулевой рейки"
    )
    assert names(text) == ["подшипник ступицы передний правый", "пыльник рулевой рейки"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("масло на весту 2 задних амортизатора", ["масло моторное", "амортизаторы задние"]),
        ("фильтр на камри 50 левый рычаг", ["фильтр", "рычаг подвески левый"]),
        ("масло на гранту 2016 передние колодки", ["масло моторное", "колодки тормозные передние"]),
        ("пыльники и отбойники на задние стойки", ["пыльник задний", "отбойники амортизатора задние"]),
    ],
)
def test_a_side_after_a_car_opening_the_next_part_is_that_parts(text: str, expected: list[str]) -> None:
    assert names(text) == expected


def test_wheel_covers_are_no_valve_stem_seals() -> None:
    assert [(p.name, p.spec) for p in extract_parts("колпаки r14 4 шт на логан 2010")] == [("колпаки колёсные", "R14, 4 шт.")]


def test_the_units_of_a_number_in_tens_are_no_count() -> None:
    [part] = extract_parts("гайки колесные двадцать пять штук")
    assert part.spec is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Солярис 2018 АКПП, нужен фильтр акпп и прокладка поддона", ["фильтр АКПП", "прокладка поддона"]),
        ("колодки на поло седан 2017 с АКПП", ["колодки тормозные"]),
        ("Приора, двигатель троит, нужны катушка и свечи", ["катушки зажигания", "свечи зажигания"]),
        ("нужен двигатель и коробка", ["двигатель", "коробка передач"]),
    ],
)
def test_a_gearbox_or_engine_told_of_beside_parts_is_no_part_asked_for(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "spec"),
    [
        ("дворники 600 и 400 мм", "600/400 мм"),
        ("щетки 24 и 16 дюймов бескаркасные bosch", "Bosch, 24/16″"),
        ("аккумулятор 60 ач, варта", "Varta, 60 Ач"),
    ],
)
def test_wiper_lengths_and_more_brands_are_specs(text: str, spec: str) -> None:
    [part] = extract_parts(text)
    assert part.spec == spec


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("мотор на гранту и свечи", ["двигатель", "свечи зажигания"]),
        ("АКПП на солярис 2018 и масло в неё", ["АКПП", "масло моторное"]),
        ("колодки на поло с АКПП, и АКПП тоже нужна", ["колодки тормозные", "АКПП"]),
    ],
)
def test_a_gearbox_or_engine_asked_for_beside_parts_stays(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("зеркало левое без датчиков на поло 2016", [("зеркало левое", "без датчиков")]),
        ("лобовое стекло с датчиком дождя", [("стекло лобовое", "с датчиком дождя")]),
        ("колодки с датчиком", [("колодки тормозные", "с датчиком")]),
        ("бампер передний без парктроников, и фара", [("бампер передний", "без парктроников"), ("фара", None)]),
        ("зеркало правое с подогревом и поворотником", [("зеркало правое", "с подогревом и поворотником")]),
        ("зеркало левое на фит GE6 с поворотником", [("зеркало левое", "с поворотником")]),
        ("зеркало левое с поворотником и подогревом", [("зеркало левое", "с поворотником и подогревом")]),
        ("зеркало с поворотником и фарой", [("зеркало", "с поворотником"), ("фара", None)]),  # a part, not a feature
        ("фара правая, и поворотник в зеркало", [("фара правая", None), ("повторитель поворота в зеркале", None)]),
        ("зеркало левое без подогрева и фара левая", [("зеркало левое", "без подогрева"), ("фара левая", None)]),  # not swallowed
        ("фара с линзой и поворотник", [("фара", "с линзой"), ("указатель поворота", None)]),
    ],
)
def test_what_a_part_is_to_be_with_or_without_is_on_it_not_a_part_of_its_own(
    text: str, expected: list[tuple[str, str | None]]
) -> None:
    assert [(p.name, p.spec) for p in extract_parts(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("масло с фильтром на рио 2016", ["масло моторное", "фильтр масляный"]),  # was the filter alone
        ("тяга рулевая с наконечником", ["тяга рулевая", "наконечник рулевой"]),
        ("колодки с дисками", ["колодки тормозные", "диски тормозные"]),
        ("сальник с коленвала", ["сальник коленвала"]),  # «с» of where it is from: one part
        ("нужен ремень с генератора", ["ремень приводной"]),
        ("пыльник с шруса", ["пыльник ШРУСа"]),
        ("масло с коробки", ["масло трансмиссионное"]),
    ],
)
def test_two_parts_said_with_s_are_both_asked_for(text: str, expected: list[str]) -> None:
    assert [p.name for p in extract_parts(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2 передних и 2 задних амортизатора на логан 2012", ["амортизаторы передние", "амортизаторы задние"]),
        ("колодки передние и 2 задних диска", ["колодки тормозные передние", "диски тормозные задние"]),  # pads own «передние»
    ],
)
def test_sides_with_counts_between_them_are_the_part_s_after_them(text: str, expected: list[str]) -> None:
    assert [p.name for p in extract_parts(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("амортизаторы с опорами", ["амортизаторы", "опора амортизатора"]),  # the mounts were lost
        ("передние стойки с опорами", ["амортизаторы передние", "опора амортизатора передняя"]),
        ("передние амортизаторы и пыльники", ["амортизаторы передние", "пыльник амортизатора передний"]),
        ("амортизаторы передние 2 шт и опоры к ним", ["амортизаторы передние", "опора амортизатора передняя"]),
        ("нужна опора шаровая", ["шаровая опора"]),
        ("Нужна Шарова опора на малину", ["шаровая опора"]),  # the bare «опора» is the ball joint's word
        ("опора двигателя правая", ["опора двигателя правая"]),
        ("и опоры тоже посчитайте", ["опора"]),  # said alone: the customer's word
        ("опора глушителя на калину 2010", ["опора глушителя"]),  # in the customer's words, as before
        ("подушка двигателя и опора кпп", ["опора двигателя", "опора КПП"]),  # no bare «опора» beside
    ],
)
def test_a_part_named_by_its_head_after_another_is_that_ones_on_its_side(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "передние амортизаторы, пыльники и отбойники к ним",
            ["амортизаторы передние", "пыльник амортизатора передний", "отбойники амортизатора передние"],  # «к ним»: theirs
        ),
        ("Щётка на задний дворник на Сандеро нужна", ["щётки стеклоочистителя задние"]),
        # said apart, the part again is what the customer corrects: both stay for the correction to read
        (
            "вы записали колодки передние, а я просил комплект колодок на обе оси",
            ["колодки тормозные передние", "колодки тормозные"],
        ),
    ],
)
def test_the_same_part_again_in_the_same_breath_is_one_line(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4 передних и 2 задних колодки", ["колодки тормозные передние", "колодки тормозные задние"]),  # was rear only
        ("фару левую и 2 правых поворотника", ["фара левая", "указатель поворота правый"]),  # the indicator was lost
    ],
)
def test_counts_before_sides_keep_each_part_and_side(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # was «колодки тормозные передние, датчик износа колодок задний»: the rear pads were lost
        (
            "колодки передние с датчиком износа и задние",
            ["колодки тормозные передние", "колодки тормозные задние", "датчик износа колодок"],
        ),
        ("фара левая с лампой и правая", ["фара левая", "фара правая", "лампы"]),  # was «лампы правые»
    ],
)
def test_a_side_after_what_a_part_comes_with_is_that_parts(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    ["зеркало левое с подогревом и правое", "зеркало левое и правое с подогревом"],  # the right one was lost / bare
)
def test_both_sides_of_a_part_are_to_have_what_was_said_of_it(text: str) -> None:
    assert [(p.name, p.spec) for p in extract_parts(text)] == [
        ("зеркало левое", "с подогревом"),
        ("зеркало правое", "с подогревом"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # was «колодки тормозные»: the axles said after the car were lost
        (
            "хочу заказать тормозные колодки на мерседес w211 e200 2007, передние и задние",
            ["колодки тормозные передние", "колодки тормозные задние"],
        ),
        ("тормозные шланги передние, левый и правый", ["шланг тормозной передний левый", "шланг тормозной передний правый"]),
        ("масло и колодки на солярис, передние", ["масло моторное", "колодки тормозные передние"]),  # oil has no side
        (
            "Передние колодки не надо, нужен только передний суппорт, левый.",
            ["колодки тормозные передние", "суппорт передний левый"],
        ),
    ],
)
def test_sides_said_in_a_clause_of_their_own_go_on_each_part_that_has_sides(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("нужен брызговик передний левый и правый на ладу гранту", ["брызговики передние левые", "брызговики передние правые"]),
        ("ещё пыльники направляющих суппорта", ["пыльник суппорта"]),  # was «пыльник»
        ("резонатор глушителя", ["резонатор"]),  # was «глушитель»: another part
        ("брызговик двигателя на фокус 2", ["защита двигателя"]),  # no mudflap
        ("защита картера на дастер 2021", ["защита двигателя"]),
        ("нужен маховик двухмассовый на форд мондео 4", ["маховик двухмассовый"]),  # was «маховик»
        ("нужен правый поворотник в зеркало на ауди q7 2009", ["повторитель поворота в зеркале правый"]),
        ("привет нужен поршневой комплект на ваз 2112", ["поршни"]),  # was nothing
        ("Комплект поршневых колец на 21124", ["кольца поршневые"]),
    ],
)
def test_mudflaps_caliper_boots_and_resonators_are_parts_of_their_own(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "фильтр масла и воздуха и салона",
            ["фильтр масляный", "фильтр воздушный", "фильтр салонный"],
        ),  # were «воздуха», «салона»
        ("тросик сцепления и ручника", ["трос сцепления", "трос ручника"]),
        ("пыльник шруса наружный и хомуты", ["пыльник ШРУСа наружный", "хомуты"]),  # «хомуты» names no dust boot
    ],
)
def test_a_parts_head_said_once_for_two_goes_with_the_second(text: str, expected: list[str]) -> None:
    assert names(text) == expected


def test_a_tyre_pressure_sensor_is_no_oil_pressure_sensor() -> None:
    assert names("нужен датчик давления в шинах на киа соренто 2019 4 шт") == ["датчик давления в шинах"]


def test_an_axle_said_before_two_sides_goes_with_both() -> None:
    assert names("нужна передняя правая и левая стойка стабилизатора на форд куга 2") == [
        "стойки стабилизатора передние правые",  # was «стойки стабилизатора левые» alone
        "стойки стабилизатора передние левые",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the rear pads were lost: the car between was too long
        (
            "нужны колодки передние для киа соренто прайм 2016 и задние тоже нужны",
            ["колодки тормозные передние", "колодки тормозные задние"],
        ),
        ("колодки передние на лада гранта лифтбек 2019 и задние", ["колодки тормозные передние", "колодки тормозные задние"]),
        ("амортизаторы на калину универсал задние", ["амортизаторы задние"]),
    ],
)
def test_a_side_said_after_a_long_car_is_the_parts(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "name", "spec"),
    [
        (
            "мне нужно 2 комплекта колодок передних на газель",
            "колодки тормозные передние",
            "2 компл.",
        ),  # was «комплекта колодок передних»
        ("нужны 2 комплекта дворников на Haval Jolion", "щётки стеклоочистителя", "2 компл."),
    ],
)
def test_a_count_of_sets_of_a_known_part_is_its_count(text: str, name: str, spec: str) -> None:
    assert [(p.name, p.spec) for p in extract_parts(text)] == [(name, spec)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("фара на королла филдер универсал 2008 правый руль", ["фара"]),  # the car's right-hand drive, no side
        ("колодки для рио седан 2015 задние не нужны, только передние", ["колодки тормозные передние"]),
        ("колодки на фокус 3 2013 передние не ставить, задние нужны", ["колодки тормозные задние"]),
        ("диски на фокус 3 2013 задние не требуются, передние", ["диски тормозные передние"]),
        ("поршневой палец", ["палец поршневой"]),
        ("поворотник в зеркало заднего вида", ["повторитель поворота в зеркале"]),
    ],
)
def test_a_wheel_side_a_denied_side_far_off_and_named_parts_are_read_as_meant(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Нужен левый рулевой наконечник на форд фокус 2 2008", ["наконечник рулевой левый"]),  # «левый руль» only is the car's
        ("Колодки на рио седан 2015 передние не оригинал", ["колодки тормозные передние"]),
    ],
)
def test_a_side_of_a_steering_part_or_before_a_spec_denied_stays(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("масло в коробку автомат Kia Ceed 2015", ["масло трансмиссионное"]),  # was «масло моторное» and the gearbox
        ("масло в коробку вариатор на икс-трейл", ["масло для вариатора (CVT)"]),
        ("масло в коробку механика", ["масло трансмиссионное"]),
        ("датчик давления топлива", ["датчик давления топлива"]),  # was the oil pressure sensor
        ("лампочка в фару ближний свет", ["лампа ближнего света"]),  # one bulb, not «лампы» and another
    ],
)
def test_what_a_part_is_for_said_around_it_names_one_part(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("трос ручника и сцепления", ["трос ручника", "трос сцепления"]),  # was the clutch kit
        ("датчик коленвала и распредвала", ["датчик коленвала", "датчик распредвала"]),  # was the camshaft
        ("пыльник шруса и амортизатора", ["пыльник ШРУСа", "пыльник амортизатора"]),
        ("ремень генератора и помпа", ["ремень приводной", "помпа"]),  # a nominative is a part of its own
        ("ремень генератора и помпы", ["ремень приводной", "помпа"]),  # «ремень помпы» names no other belt
    ],
)
def test_a_genitive_after_a_part_said_with_one_shares_its_head(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("нужен шкив коленвала на ваз 2114 2008", ["шкив коленвала"]),  # was the crankshaft
        ("камаз 5490 нужна подушка кабины задняя", ["подушка кабины задняя"]),  # was the engine mount
        ("амортизатор капота 2 шт на киа оптима", ["упор капота газовый"]),  # was suspension shock absorbers
        ("амортизатор крышки багажника на аутлендер", ["упор багажника газовый"]),
        ("ремень грм и ремень балансирного вала", ["ремень ГРМ", "ремень балансирного вала"]),
        ("компрессор автомобильный, колёса подкачивать", ["компрессор автомобильный"]),  # was the A/C compressor
    ],
)
def test_a_part_named_by_what_it_belongs_to_is_that_part(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("стабилизатор передний и 2 стойки к нему", ["стабилизатор передний", "стойки стабилизатора передние"]),  # was shocks
        ("шрус и пыльник к нему", ["ШРУС", "пыльник ШРУСа"]),
        ("колодки и датчик износа к ним", ["колодки тормозные", "датчик износа колодок"]),  # named already
    ],
)
def test_a_part_said_of_the_one_before_by_a_pronoun_is_that_ones(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("правый передний привод на х-трейл т31 вариатор", ["привод (полуось) передний правый"]),  # was the gearbox
        ("нужен привод передний правый", ["привод (полуось) передний правый"]),
        ("передний привод, нужны колодки", ["колодки тормозные"]),  # how the car is driven
    ],
)
def test_a_drive_said_with_its_side_is_the_drive_shaft(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("нужны 4 катушки зажигания на гольф", [("катушки зажигания", "4 шт.")]),  # the count was lost
        ("две фары на логан", [("фара", "2 шт.")]),
        ("нужны 2 передних амортизатора и опорники", [("амортизаторы передние", "2 шт."), ("опора амортизатора передняя", None)]),
        ("фокус 2 фары", [("фара", None)]),  # the car's generation
        ("рено каптур 2017 1.6 вариатор", []),  # the engine's volume, no count; the gearbox describes the car
        ("колодки 2 шт и 2 диска", [("колодки тормозные", "2 шт."), ("диски тормозные", "2 шт.")]),
    ],
)
def test_a_count_said_bare_before_a_part_is_its_count(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert [(p.name, p.spec) for p in extract_parts(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("рычаг задний продольный левый", ["рычаг подвески задний продольный левый"]),  # the side was lost
        ("рычаг задний поперечный правый", ["рычаг подвески задний поперечный правый"]),
        ("колодки зад прав", ["колодки тормозные задние правые"]),
        ("стойки стаб перед камри 50", ["стойки стабилизатора передние"]),  # was shock absorbers
        ("резинки на стаб", ["втулки стабилизатора"]),
        ("стабилизатор напряжения 12в", ["стабилизатор напряжения"]),  # no suspension part
    ],
)
def test_which_arm_and_side_are_kept_in_the_name(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Пружины задние 2 шт и отбойники 2 шт", ["пружины подвески задние", "отбойники амортизатора"]),  # were boots
        ("Нужна крестовина рулевого вала", ["крестовина рулевого вала"]),  # was the propshaft's
        ("ещё сальники полуоси 2 шт", ["сальники полуоси"]),
        ("ремень генератора, ролик натяжной и обводной", ["ремень приводной", "ролик натяжной", "ролик обводной"]),
    ],
)
def test_bump_stops_steering_joints_and_axle_seals_are_their_own_parts(text: str, expected: list[str]) -> None:
    assert names(text) == expected


def test_a_large_count_and_a_spaced_schaeffler_number_are_kept() -> None:
    assert [(p.name, p.spec) for p in extract_parts("Нужно 100 штук масляных фильтров")] == [("фильтр масляный", "100 шт.")]
    assert [p.number for p in extract_parts("Нужен комплект сцепления LUK 620 3003 00")] == ["620 3003 00"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("нужны свечи зажигания на Форд Фокус 2, двигатель 1.6, 2009 год", ["свечи зажигания"]),  # the engine was a part
        ("какое масло посоветуете в мотор 1.6 ниссан террано", ["масло моторное"]),
        ("нужен двигатель 1.6 контрактный", ["двигатель"]),  # asked for
    ],
)
def test_an_engine_told_by_its_size_beside_parts_describes_the_car(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "spec"),
    [
        ("какие колодки лучше брембо или ате? на ауди а4", "Brembo или ATE"),  # was «Brembo»: a choice asked, not made
        ("масло 5w30 шелл или мобил, что есть", "Shell или Mobil, 5W-30"),
        ("свечи NGK или Bosch, что есть", "NGK или Bosch"),
    ],
)
def test_brands_said_as_a_choice_are_one_either_or(text: str, spec: str) -> None:
    assert extract_parts(text)[0].spec == spec


def test_the_same_brand_for_two_parts_goes_on_both() -> None:
    parts = extract_parts("Нужен фильтр Mann W 914/2 и воздушный Mann C 27 192/1")
    assert [p.spec for p in parts] == ["Mann", "Mann"]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("пыльник шруса наружный левый, граната в порядке", ["пыльник ШРУСа левый наружный"]),  # was a CV joint too
        ("я у вас в прошлом месяце брал колодки, теперь нужны диски тормозные", ["диски тормозные"]),
        ("колодки новые стоят, нужны диски передние", ["диски тормозные передние"]),
        ("свечи менял недавно, нужны катушки", ["катушки зажигания"]),
    ],
)
def test_a_part_told_to_be_fine_or_bought_already_is_not_asked_for(text: str, names: list[str]) -> None:
    assert [p.name for p in extract_parts(text)] == names


def test_a_part_bought_before_and_needed_again_is_asked_for() -> None:
    assert [p.name for p in extract_parts("колодки брал в прошлом месяце, нужны ещё такие же")] == ["колодки тормозные"]


@pytest.mark.parametrize("text", ["вин на лобовом не видно", "вин где смотреть? на лобовом?"])
def test_the_windscreen_said_as_where_the_vin_is_is_no_part(text: str) -> None:
    assert extract_parts(text) == []  # was «стекло лобовое»


def test_a_rack_with_power_steering_is_one_part() -> None:
    assert [(p.name, p.spec) for p in extract_parts("рейка рулевая с гур")] == [("рейка рулевая", "с гур")]  # was a pump too


def test_after_a_long_story_the_parts_after_in_short_are_the_request() -> None:
    story = (
        "Долгая история: купил машину у знакомого, через месяц начало стучать, в сервисе сказали что там и стойки и "
        "рычаги, но денег пока на все нет. В общем нужны передние амортизаторы и опорные подшипники"
    )
    assert [p.name for p in extract_parts(story)] == ["амортизаторы передние", "подшипник опоры амортизатора передний"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("колпачки на диски 4 шт", ["колпаки колёсные"]),  # were valve-stem seals
        ("кулиса кпп", ["кулиса КПП"]),  # was a gearbox
        ("подарить комплект ковриков и щетки дворников", ["коврики", "щётки стеклоочистителя"]),  # the mats were lost
        ("стекло зеркала правого", ["зеркальный элемент правый"]),  # was «стекло»
        ("помпа инвертора", ["помпа инвертора"]),
        ("датчик температуры охлаждающей жидкости", ["датчик температуры охлаждающей жидкости"]),
        ("патрубок интеркулера", ["патрубок интеркулера"]),
        ("скутер хонда дио нужен ремень вариатора", ["ремень вариатора"]),  # was «ремень»
        ("нужно масло в коробку dsg", ["масло для DSG"]),
        ("резинка глушителя", ["подвес глушителя"]),
    ],
)
def test_parts_customers_ask_for_by_their_own_names(text: str, expected: list[str]) -> None:
    assert names(text) == expected


def test_an_amount_said_after_its_unit_is_a_volume() -> None:
    assert extract_parts("масло 5w30 литров 5")[0].spec == "5W-30, 5 л"


@pytest.mark.parametrize(
    ("text", "spec"),
    [
        ("нужны рулевые наконечники оба", "2 шт."),  # the count was lost: «наконечник рулевой»
        ("шаровые обе", "2 шт."),
        ("стойки стабилизатора с обеих сторон", "2 шт."),
    ],
)
def test_both_is_two(text: str, spec: str) -> None:
    assert extract_parts(text)[0].spec == spec


@pytest.mark.parametrize(
    "text",
    [
        "у меня две машины, на обе нужны свечи",
        "колодки, оригинал и аналог, оба варианта",
        "шаровые, сколько за обе?",
        "фары обе, левую и правую",  # a line for each side
    ],
)
def test_both_cars_variants_or_a_price_of_both_is_no_count(text: str) -> None:
    assert "2 шт." not in (extract_parts(text)[0].spec or "")


def test_a_count_said_once_for_two_sides_is_their_total() -> None:
    parts = extract_parts("аммортизаторы на гранту 4 шт перед и зад")  # was 4 front and 4 rear
    assert [(p.name, p.spec) for p in parts] == [("амортизаторы передние", "2 шт."), ("амортизаторы задние", "2 шт.")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ремень генератора на вариатор ниссан ноут", ["ремень приводной"]),  # «на вариатор»: the car's gearbox
        ("звездочка распредвала на ниву", ["звёздочка распредвала"]),  # the sprocket named, not «звёзды привода»
        ("нужна звезда на бмв (эмблема) на капот", ["звезда", "капот"]),
    ],
)
def test_new_words_do_not_take_over_what_was_read_before(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("фильтр масляный и 5w30 4 литра", [("фильтр масляный", None), ("масло моторное", "5W-30, 4 л")]),
        ("zic x9 5w30 4л + фильтр", [("масло моторное", "ZIC, 5W-30, 4 л"), ("фильтр масляный", None)]),
        ("75w90 2 литра на ниву", [("масло трансмиссионное", "75W-90, 2 л")]),
        ("трансмиссионное 75w-90 1л", [("масло трансмиссионное", "75W-90, 1 л")]),
        ("нужен 5w40", [("масло моторное", "5W-40")]),
    ],
)
def test_a_grade_of_oil_said_alone_is_the_oil(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert [(p.name, p.spec) for p in extract_parts(text)] == expected  # the oil was lost (no word «масло»)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("масло 75w90 в мост", [("масло трансмиссионное", "75W-90")]),
        ("масло 80w90 2л", [("масло трансмиссионное", "80W-90, 2 л")]),
        ("масло 5w30 4л", [("масло моторное", "5W-30, 4 л")]),
    ],
)
def test_oil_of_a_gear_grade_is_gear_oil(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert [(p.name, p.spec) for p in extract_parts(text)] == expected  # was motor oil of grade 75W-90


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("поддон акпп", ["поддон АКПП"]),  # was the gearbox itself
        ("прокладка поддона акпп", ["прокладка поддона АКПП"]),  # was the engine's pan gasket and a gearbox
        ("прокладку поддона вариатора и фильтр", ["прокладка поддона вариатора", "фильтр АКПП"]),
        ("поддон вариатора", ["поддон вариатора"]),  # a CVT's pan is not an automatic's
        ("прокладка поддона двигателя", ["прокладка поддона"]),
    ],
)
def test_the_automatic_gearbox_pan_and_its_gasket_are_parts_of_their_own(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    ["5w30 подойдет?", "в двигатель залито 5w30, нужен фильтр масляный", "не 5w30 а 5w40"],
)
def test_a_grade_asked_about_in_the_engine_or_put_right_asks_for_no_oil(text: str) -> None:
    assert "масло моторное" not in names(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("звёздочку на коленвал ваз 2107", ["звёздочка коленвала"]),  # was a whole crankshaft
        ("звездочка распред вала на 2107", ["звёздочка распредвала"]),
        ("звездочки грм на пежо 308", ["звёздочки ГРМ"]),  # was the whole timing kit
        ("звездочка кпп на ниву", ["звёздочка КПП"]),  # was a gearbox
        ("звёзды на мотоцикл", ["звёзды привода"]),
        ("звезда ведущая и ведомая на мопед альфа", ["звёзды привода"]),
        ("поставьте мне пять звёзд за обслуживание))", []),  # stars of a review, no sprockets
        ("фазорегулятор на форд фокус 2", ["муфта фазорегулятора"]),
        ("звезда на капот мерседес w211", ["эмблема"]),  # a badge, not a bonnet
        ("звезда на решетку радиатора мерс", ["эмблема"]),
    ],
)
def test_sprockets_are_named_by_their_shaft_and_a_star_on_the_body_is_a_badge(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("вискомуфта на паджеро 4", ["вискомуфта"]),  # each was no part at all
        ("пневмобаллон передний левый ауди q7", ["пневмобаллон передний левый"]),
        ("автомагнитола 2 din на приору", ["автомагнитола"]),
        ("значок на багажник KIA", ["эмблема"]),
        ("поддон картера пробил на фокусе, нужен новый", ["поддон картера"]),
        ("4 колеса в сборе r15 для логана 2", ["колёса в сборе"]),
        ("компрессор пневмоподвески рендж ровер спорт", ["компрессор пневмоподвески"]),  # was the A/C compressor
        ("Клеммы на акб", ["клеммы аккумулятора"]),  # was a battery
        ("аккумулятор на приус вспомогательный, азиатские клеммы", ["аккумулятор"]),  # the terminals' kind, no part
        ("Двигатель 1ZZ-FE, прокладка клапанной крышки", ["прокладка клапанной крышки"]),  # the engine by its code: which car
    ],
)
def test_parts_the_fifth_probe_found_missing(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("подшипник ступицы гудит, передний левый вроде", ["подшипник ступицы передний левый"]),  # the side was lost
        ("колодки, передние наверное", ["колодки тормозные передние"]),
    ],
)
def test_sides_said_after_the_part_with_a_hedge_still_qualify_it(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("братан нужна гранатка на девятку, левая наружка", ["ШРУС наружный левый"]),  # was a bare ШРУС
        ("шрус внутрянка", ["ШРУС внутренний"]),
        ("наружка левая", ["ШРУС наружный левый"]),  # alone: was nothing at all
        ("внутрянка правая на приору", ["ШРУС внутренний правый"]),
    ],
)
def test_the_slang_for_the_outer_and_inner_joint_qualifies_it(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("коврики в салон и багажник на ниву тревел 2022", ["коврики", "коврик в багажник"]),  # was «багажник»
        ("мне коврик в багажник на кашкай", ["коврик в багажник"]),  # was the cabin's mats
    ],
)
def test_a_boot_mat_is_told_apart_from_the_cabins_mats(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    ["сцепление комплектом корзина диск выжимной", "корзина диск выжимной, комплект короче", "сцепление корзина диск выжимной"],
)
def test_a_clutch_listed_without_commas_keeps_its_disc_and_release_bearing(text: str) -> None:
    # «выжимной» also reads as a feminine genitive: it was glued to «диск», which then read as brake discs
    assert {"корзина сцепления", "диск сцепления", "подшипник выжимной"} <= set(names(text))
    assert "диски тормозные" not in names(text)


def test_an_engine_said_with_its_volume_in_words_beside_parts_describes_the_car() -> None:
    text = "на тойоту камри 2012 года двигатель два и пять рычаги передние нижние оба"
    assert names(text) == ["рычаг подвески передний нижний"]  # was an engine to buy beside the arms


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("кпп на ниву, подшипник первичного вала", ["подшипник первичного вала"]),  # was the gearbox and a bearing
        ("ремень. вариатор. в смысле ремень вариатора", ["ремень", "ремень вариатора"]),
        ("нужна коробка передач на ниву", ["коробка передач"]),
    ],
)
def test_a_gearbox_named_beside_a_part_of_it_is_where_the_part_goes(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "spec"),
    [
        ("Есть в наличии Nokian Nordman 7 205/55 R16? нужно 4 шт", "Nokian, Nordman, 205/55 R16, 4 шт."),  # was nothing
        ("hochu zimnyuyu rezinu 195/65 r15 na corollu", "195/65 R15"),
        ("мишлен праймаси 205 55 16", "Michelin, 205/55 R16"),
        ("пилот спорт 4 225 45 18", "225/45 R18"),
    ],
)
def test_tyres_named_by_their_size_maker_or_line_alone_are_tyres(text: str, spec: str) -> None:
    assert [(p.name, p.spec) for p in extract_parts(text)] == [("шины", spec)]


@pytest.mark.parametrize("text", ["стоимость 205 рублей 55 копеек", "масло 5w30 кастрол"])
def test_no_tyre_size_maker_or_line_is_no_tyres(text: str) -> None:
    assert "шины" not in names(text)


@pytest.mark.parametrize(
    "text",
    [
        "солярис 2018 акпп",
        "Kia Rio 2015 1.6 АКПП",
        "Лада Веста, 2019 год, двигатель 1.6.",
        "ваз 2109 карб",
        "21099 карбюратор 1998",
    ],
)
def test_a_unit_told_right_after_the_car_describes_it(text: str) -> None:
    assert names(text) == []  # the answer to «какая машина?»: was the gearbox, engine or carburettor to buy


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("нужна акпп на солярис 2018", ["АКПП"]),
        ("солярис 2018, нужна акпп", ["АКПП"]),
        ("на 2107 карбюратор", ["карбюратор"]),
        ("карбюратор на 2106", ["карбюратор"]),  # was nothing: no carburettor in the vocabulary
        ("2107 карбюратор, нужен трамблер", ["трамблер"]),
    ],
)
def test_a_unit_asked_for_or_for_the_car_is_a_part(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ступица передняя в сборе на киа рио 3", [("ступица передняя", "в сборе")]),  # was a bare hub
        ("пружины задние усиленные на ларгус", [("пружины подвески задние", "усиленные")]),
        ("бмв е90 320i 2008 помпа электрическая", [("помпа", "электрическая")]),
        ("Диски литые r15 4x100 на логан", [("диски колёсные", "литые, R15, 4x100")]),  # the bolt pattern was lost
        ("рессоры усиленные если есть", [("рессоры усиленные", None)]),  # the name says it already
        ("Мне бы комплект колёс в сборе на зиму, R15", [("колёса в сборе", "R15")]),
    ],
)
def test_how_a_part_is_built_and_a_wheels_bolt_pattern_go_on_it(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert [(p.name, p.spec) for p in extract_parts(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Нужны тормозные диски и колодки передние на октавию а7", ["диски тормозные передние", "колодки тормозные передние"]),
        ("колодки и диски задние, и на этом хватит", ["колодки тормозные задние", "диски тормозные задние"]),
        ("фильтр и колодки передние", ["фильтр", "колодки тормозные передние"]),  # a filter has no side
        ("колодки передние и задние", ["колодки тормозные передние", "колодки тормозные задние"]),
    ],
)
def test_a_side_said_after_the_last_of_two_parts_joined_by_and_is_the_firsts_too(text: str, expected: list[str]) -> None:
    assert names(text) == expected  # the first was left with no axle


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("подушка кпп на ниссан кашкай 2011", ["опора КПП"]),  # was the engine mount and a gearbox
        ("Чери Тигго 4, подушка коробки, в наличии?", ["опора КПП"]),
        ("вариаторная жидкость на фрид 4 литра", ["масло для вариатора (CVT)"]),  # was «технические жидкости»
        ("подрулевой переключатель поворотов на гранту", ["подрулевой переключатель"]),  # was nothing
        ("кронштейн глушителя, резинки подвесные", ["кронштейн глушителя"]),
    ],
)
def test_gearbox_mounts_cvt_fluid_and_the_stalk_switch_are_parts_of_their_own(text: str, expected: list[str]) -> None:
    assert names(text) == expected


def test_an_english_side_said_after_the_car_qualifies_the_part() -> None:
    assert names("brake pads for kia rio 2015 front") == ["колодки тормозные передние"]  # the axle was lost


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Подрамник задний тигго 7 про 2022", ["подрамник задний"]),  # words the vocabulary lacks, opening the message
        ("клапан гидрокомпенсатора на ниссан кашкай дизель", ["клапан гидрокомпенсатора"]),  # for a car: were nothing
        ("бобину на третий цилиндр опель корса д 1.2", ["бобину"]),
        ("крышка бензобака на калину 2", ["крышка бензобака"]),
    ],
)
def test_unknown_words_opening_a_message_for_a_car_are_the_part_asked_for(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize("text", ["Геели тугела 2022, нужна помпа", "стук спереди справа на приоре, что менять?", "таз 2110"])
def test_a_misspelt_make_or_a_sound_opening_a_message_is_no_part(text: str) -> None:
    assert names(text) in ([], ["помпа"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("шланг ГУР высокого давления на паджеро 4", ["шланг ГУР"]),  # was the pump
        ("Нужен масляный радиатор", ["радиатор масляный"]),  # was an oil filter and the cooling radiator
        ("ага, нужны цепи противоскольжения", ["цепи противоскольжения"]),  # was the timing chain
        ("нужен датчик уровня топлива на газ 31105", ["датчик уровня топлива"]),
        ("термостат 21126 и прокладку к нему", ["термостат", "прокладка термостата"]),
        ("сайлентблок задней балки 2 шт и пыльники амортов", ["сайлентблоки задней балки", "пыльник амортизатора"]),
        ("прокладка гбц и болты гбц на 2107", ["прокладка ГБЦ", "болты ГБЦ"]),
    ],
)
def test_parts_the_eighteenth_review_found_read_as_others_are_their_own(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("нужен фильтр масляный. артикул 15208-65F0E", [("фильтр масляный", "15208-65F0E")]),  # were two lines
        ("Датчик коленвала, номер 39180-26900", [("датчик коленвала", "39180-26900")]),
        ("мне нужен 8200768913 это свечи на дастер", [("свечи зажигания", "8200768913")]),
        ("фильтр масляный. 15208-65F0E", [("фильтр масляный", None), ("15208-65F0E", "15208-65F0E")]),  # no cue: apart
    ],
)
def test_a_number_named_as_the_parts_in_the_next_words_is_its_number(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert [(p.name, p.number) for p in extract_parts(text)] == expected


@pytest.mark.parametrize("text", ["вина нет", "закупка крупным оптом"])
def test_no_vin_or_a_purchase_is_no_part(text: str) -> None:
    assert names(text) == []  # «вина нет» answering the VIN question was a part


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("болт развала 2 шт, гайки к ним на ниву", ["болт развала", "гайки к ним"]),  # was nothing
        ("накладки на педали и чехлы на сиденья для гранты", ["накладки на педали", "чехлы на сиденья"]),
        ("нужна накладка на порог на весту", ["накладка на порог"]),  # was «накладка»
    ],
)
def test_things_listed_for_a_car_are_taken_with_what_they_go_on(text: str, expected: list[str]) -> None:
    assert names(text) == expected


def test_a_count_before_a_comma_leaves_a_fault_told_no_part() -> None:
    assert names("стук 2 раза, на приоре") == []


@pytest.mark.parametrize(
    "text", ["Нужны 4 амортизатора на ауди а4 б8 2010 (2 передних, 2 задних)", "амортизаторы 2 передних, 2 задних на ауди"]
)
def test_a_count_for_each_side_makes_a_line_for_each(text: str) -> None:
    found = [(p.name, p.spec) for p in extract_parts(text)]
    assert found == [("амортизаторы передние", "2 шт."), ("амортизаторы задние", "2 шт.")]  # was «задние (4 шт.)»


@pytest.mark.parametrize(
    ("text", "spec"),
    [
        ("лямбда-зонд первый на фокус 3 1.6 2012", "до катализатора"),  # was dropped
        ("второй датчик кислорода", "после катализатора"),
        ("нужна лямбда, первый раз пишу", None),
    ],
)
def test_which_oxygen_sensor_is_kept(text: str, spec: str | None) -> None:
    [sensor] = extract_parts(text)
    assert sensor.spec == spec


def test_only_the_thing_after_a_declined_one_is_asked_for() -> None:
    assert names("трубки кондиционера не надо, только осушитель на киа сид 2015") == ["осушитель"]  # was nothing


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("модуль зажигания на фокус 2", ["модуль зажигания"]),  # no coil: Ford's module is a part of its own
        ("Лобовое, дворники и омыватель бачок на Ларгус 2018", ["стекло лобовое", "щётки стеклоочистителя", "бачок омывателя"]),
        ("нужен глушитель средняя часть на вингроад", ["глушитель средняя часть"]),
    ],
)
def test_parts_the_twentieth_and_twenty_first_reviews_lost_are_named(text: str, names: list[str]) -> None:
    assert [p.name for p in extract_parts(text)] == names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ремень кондиционера и генератора", ["ремень приводной"]),
        ("ремень генератора и помпа", ["ремень приводной", "помпа"]),
        ("клемма аккумулятора и акб 60ач", ["клеммы аккумулятора", "аккумулятор"]),
    ],
)
def test_a_second_genitive_naming_the_same_part_is_no_part_of_its_own(text: str, expected: list[str]) -> None:
    assert names(text) == expected


def test_a_part_in_two_kinds_with_a_count_each_is_two_lines() -> None:
    assert [(p.name, p.spec) for p in extract_parts("нужна лампа h7 2 шт и h1 2 шт")] == [
        ("лампы", "H7, 2 шт."),
        ("лампы", "H1, 2 шт."),
    ]
    assert [(p.name, p.spec) for p in extract_parts("лампы H7 и H1")] == [("лампы", "H7, H1")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("нужны все фильтры для ТО", ["комплект фильтров"]),
        ("масло и все фильтры", ["масло моторное", "комплект фильтров"]),
        ("масло и фильтр на ТО", ["масло моторное", "фильтр масляный"]),
        ("колодки передние три комплекта фильтр салона пять штук", ["колодки тормозные передние", "фильтр салонный"]),
    ],
)
def test_every_filter_asked_for_is_the_set_of_filters(text: str, expected: list[str]) -> None:
    assert names(text) == expected


def test_counted_sides_may_each_have_two_sides() -> None:
    assert names("ступичные подшипники: 2 передних и 1 задний левый") == [
        "подшипник ступицы передний",
        "подшипник ступицы задний левый",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("фары ксенон обе", [("фара", "ксенон, 2 шт.")]),
        ("фару правую, ксенон", [("фара правая", "ксенон")]),
        ("фара галоген правая", [("фара правая", "галоген")]),
        ("фара с ксеноном", [("фара", "с ксеноном")]),
        ("фонари задние светодиодные", [("фонарь задний", "светодиодные")]),
        ("нужна фара и ксенон", [("фара", None), ("лампы", "ксенон")]),
        ("лампы в фары ксенон d2s", [("лампы", "ксенон, D2S")]),
    ],
)
def test_what_a_headlight_shines_with_is_said_of_it_and_asks_for_no_lamps(
    text: str, expected: list[tuple[str, str | None]]
) -> None:
    assert [(p.name, p.spec) for p in extract_parts(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("диски тормозные передние + колодки", ["диски тормозные передние", "колодки тормозные передние"]),
        ("амортизаторы задние + пружины", ["амортизаторы задние", "пружины подвески задние"]),
        ("колодки передние + масло", ["колодки тормозные передние", "масло моторное"]),
        ("колодки передние + стойки стабилизатора", ["колодки тормозные передние", "стойки стабилизатора"]),
        ("диски передние + колодки задние", ["диски тормозные передние", "колодки тормозные задние"]),
        ("колодки передние и диски", ["колодки тормозные передние", "диски тормозные"]),
    ],
)
def test_an_axle_said_after_a_part_is_the_one_added_with_a_plus_too(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("надо фильтры: масляный, воздушный, салонный", ["фильтр масляный", "фильтр воздушный", "фильтр салонный"]),
        ("фара и фара противотуманная", ["фара", "фара противотуманная"]),
    ],
)
def test_a_part_named_generally_before_two_of_its_kinds_is_those_kinds(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("фильтр акпп и масло", ["фильтр АКПП", "масло трансмиссионное"]),
        ("масло и фильтр вариатора", ["масло для вариатора (CVT)", "фильтр АКПП"]),
        ("какое масло лить в вариатор?", ["масло для вариатора (CVT)"]),
        ("масло 5w30 и фильтр масляный", ["масло моторное", "фильтр масляный"]),
    ],
)
def test_oil_beside_a_gearbox_is_the_gearboxs(text: str, expected: list[str]) -> None:
    assert names(text) == expected


def specs(text: str) -> list[str | None]:
    return [m.spec for m in extract_parts(text)]


@pytest.mark.parametrize(
    "text",
    [
        "нужен задний амортизатор правый",
        "катушка зажигания на гранту",
        "стойку стабилизатора переднюю левую",
        "дворник водительский",
        "сайлентблок переднего рычага",
    ],
)
def test_a_part_bought_one_at_a_time_said_in_the_singular_is_one_piece(text: str) -> None:
    assert specs(text) == ["1 шт."]


@pytest.mark.parametrize(
    "text",
    [
        "амортизаторы задние",  # the plural
        "два амортизатора задних",  # counted already
        "нужна пара амортизаторов",
        "колодка передняя",  # pads are a set
        "стабилизатор втулки",  # the part's own noun is plural
        "хочу поставить ксенон",  # a kind, not a piece
        "тяга стабилизатора перед L и R",
        "сайлентблок рычага задний — 2",  # a count the specs do not read
        "втулки стабилизатора перед и зад",
    ],
)
def test_a_part_not_said_as_one_piece_gets_no_count_of_one(text: str) -> None:
    assert all(spec is None or "1 шт." not in spec for spec in specs(text))


def test_each_side_of_one_piece_is_one_piece() -> None:
    assert specs("амортизатор передний левый и правый") == ["1 шт.", "1 шт."]


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("Жена поцарапала зеркало. Нужно зеркало левое", ["зеркало левое"]),
        ("лось мне фару разбил вчера на трассе, нужна левая фара", ["фара левая"]),
        (
            "Блин, вы записали колодки передние, а я просил комплект колодок на обе оси",
            ["колодки тормозные передние", "колодки тормозные"],
        ),
    ],
)
def test_a_part_named_bare_then_with_its_side_is_the_one_part(text: str, parts: list[str]) -> None:
    assert names(text) == parts
