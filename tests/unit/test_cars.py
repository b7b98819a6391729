"""Behaviour of catalogs.cars.extract_car: makes, models, slang, declension, year."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest

from catalogs import vin
from catalogs.cars import (
    CarMention,
    car_details,
    contradicts,
    details_beside_year,
    extract_car,
    extract_cars,
    is_car_word,
    year_alone,
)


def test_model_implies_make_and_year_is_read() -> None:
    assert extract_car("камри 2008") == CarMention(make="Toyota", model="Camry", year=2008, text="Toyota Camry 2008")


@pytest.mark.parametrize(
    ("text", "make", "model"),
    [
        ("на камри", "Toyota", "Camry"),
        ("для соляриса", "Hyundai", "Solaris"),
        ("на приору", "LADA", "Priora"),
        ("колодки для фокуса", "Ford", "Focus"),
        ("на ниве", "LADA", "Niva"),
        ("у логана", "Renault", "Logan"),
        ("на весту", "LADA", "Vesta"),
        ("для октавии", "Skoda", "Octavia"),
        ("на аутлендере", "Mitsubishi", "Outlander"),
        ("на ленд крузере", "Toyota", "Land Cruiser"),
    ],
)
def test_declined_model_names_match(text: str, make: str, model: str) -> None:
    car = extract_car(text)
    assert car is not None and (car.make, car.model) == (make, model)


@pytest.mark.parametrize(
    ("text", "make", "model"),
    [
        ("камря", "Toyota", "Camry"),
        ("рав4", "Toyota", "RAV4"),
        ("рав 4", "Toyota", "RAV4"),
        ("прадо", "Toyota", "Land Cruiser Prado"),
        ("ленд крузер прадо", "Toyota", "Land Cruiser Prado"),
        ("крузак", "Toyota", "Land Cruiser"),
        ("х-трейл", "Nissan", "X-Trail"),
        ("икстрейл", "Nissan", "X-Trail"),
        ("аутлэндер", "Mitsubishi", "Outlander"),
        ("спортейдж", "Kia", "Sportage"),
        ("крета", "Hyundai", "Creta"),
        ("рио", "Kia", "Rio"),
        ("поло", "Volkswagen", "Polo"),
        ("кашкай", "Nissan", "Qashqai"),
        ("Kia Rio", "Kia", "Rio"),
        ("амортизаторы на равик 2018", "Toyota", "RAV4"),  # diminutives: were no car
        ("колодочки на гранточку", "LADA", "Granta"),
        ("опорный подшипник на соляру 2012", "Hyundai", "Solaris"),
        ("на крузачок", "Toyota", "Land Cruiser"),
        ("тойота пробокс", "Toyota", "Probox"),
        ("прокладка гбц и болты гбц на 2107", "LADA", "2107"),  # a model's digits after bolts are no bolt size
    ],
)
def test_model_slang_and_spellings(text: str, make: str, model: str) -> None:
    car = extract_car(text)
    assert car is not None and (car.make, car.model) == (make, model)


@pytest.mark.parametrize(
    ("text", "make"),
    [
        ("таёта", "Toyota"),
        ("тойоту", "Toyota"),
        ("хундай", "Hyundai"),
        ("хёндай", "Hyundai"),
        ("киа", "Kia"),
        ("ваз", "LADA"),
        ("лада", "LADA"),
        ("фольц", "Volkswagen"),
        ("мерс", "Mercedes-Benz"),
        ("бэха", "BMW"),
        ("шкоды", "Skoda"),
    ],
)
def test_make_slang_without_model(text: str, make: str) -> None:
    assert extract_car(text) == CarMention(make=make, model=None, year=None, text=make)


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("у меня тойота королла 2012 года", 2012),
        ("фокус 2 2008г", 2008),
        ("рав 4 08 года", 2008),
        ("солярис 2015 г.в.", 2015),
        ("2010 гранта", 2010),
        ("приора 98 г.", 1998),
    ],
)
def test_year_near_the_car_is_read(text: str, year: int) -> None:
    car = extract_car(text)
    assert car is not None and car.year == year


def test_text_is_make_model_year() -> None:
    car = extract_car("у меня тойота королла 2012 года")
    assert car is not None and car.text == "Toyota Corolla 2012"


@pytest.mark.parametrize("text", ["камри 1965", f"камри {dt.date.today().year + 2}", "камри 20082"])
def test_implausible_year_is_ignored(text: str) -> None:
    car = extract_car(text)
    assert car is not None and car.year is None


@pytest.mark.parametrize("text", ["2008", "2008 года", "08 г.в."])
def test_bare_year_is_not_a_car(text: str) -> None:
    assert extract_car(text) is None


@pytest.mark.parametrize(
    "text",
    ["передние колодки", "вин XTAGFK330JY144213", "здравствуйте", "можете вести?", "трос газа", "шестерка", "2107"],
)
def test_no_car_without_make_or_model(text: str) -> None:
    assert extract_car(text) is None


@pytest.mark.parametrize(
    ("text", "make", "model"),
    [("мазда 6", "Mazda", "6"), ("ваз 2107", "LADA", "2107"), ("газ 3110", "GAZ", "3110"), ("форд транзит", "Ford", "Transit")],
)
def test_ambiguous_model_counts_next_to_its_make(text: str, make: str, model: str) -> None:
    car = extract_car(text)
    assert car is not None and (car.make, car.model) == (make, model)


def test_named_make_picks_between_shared_model_names() -> None:
    car = extract_car("шевроле нива 2015")
    assert car is not None and (car.make, car.model, car.year) == ("Chevrolet", "Niva", 2015)


def test_first_car_in_the_message_wins() -> None:
    car = extract_car("была камри, теперь королла")
    assert car is not None and car.model == "Camry"


def test_is_car_word_knows_declined_models() -> None:
    assert is_car_word("соляриса") and is_car_word("Камри") and not is_car_word("передние")


def _frame_cars() -> list[tuple[str, str]]:
    with (Path(vin.__file__).parent / "data" / "frames.toml").open("rb") as fh:
        return [(make, model) for make, models in tomllib.load(fh).items() for model in models]


@pytest.mark.parametrize(("make", "model"), _frame_cars())
def test_every_car_a_frame_number_names_is_recognised_by_name(make: str, model: str) -> None:
    """A customer with a Freed names it as often as they send its frame number GB3-…"""
    car = extract_car(f"{make} {model}")
    assert car is not None and (car.make, car.model) == (make, model)


@pytest.mark.parametrize(
    ("text", "make", "model"),
    [("хонду фрид", "Honda", "Freed"), ("на ниссан марч", "Nissan", "March"), ("премаси 2005", "Mazda", "Premacy")],
)
def test_japanese_market_models_in_russian_spelling(text: str, make: str, model: str) -> None:
    car = extract_car(text)
    assert car is not None and (car.make, car.model) == (make, model)


@pytest.mark.parametrize("text", ["это ад какой-то", "на корону", "стрим посмотрю"])
def test_common_words_that_are_also_models_need_their_make(text: str) -> None:
    assert extract_car(text) is None


def test_spark_plugs_are_no_chevrolet() -> None:
    car = extract_car("нужен oil filter и spark plugs на солярис")
    assert car is not None and car.model == "Solaris"


@pytest.mark.parametrize("text", ["нужен аккумулятор 60ач на гранту, но после 15го", "гранта, до 20-го числа"])
def test_a_day_of_the_month_is_not_the_cars_year(text: str) -> None:
    car = extract_car(text)
    assert car is not None and car.year is None


@pytest.mark.parametrize(("text", "year"), [("солярис 15го", 2015), ("фильтр на приору после 13го года", 2013)])
def test_a_short_year_said_with_go_is_still_the_cars_year(text: str, year: int) -> None:
    car = extract_car(text)
    assert car is not None and car.year == year


def test_a_year_said_after_the_word_year_is_the_cars_wherever_it_stands() -> None:
    car = extract_car("мне бы на волгу 31105 крестовину и подушку двигателя, вин не знаю, год 2006")
    assert car is not None and car.year == 2006


@pytest.mark.parametrize("text", ["на ниву шевроле", "для нивы шевроле", "шевроле нива"])
def test_a_chevrolet_niva_in_any_case_is_no_lada(text: str) -> None:
    car = extract_car(text)
    assert car is not None and car.make == "Chevrolet"


def test_every_car_a_message_names_is_found_with_its_own_year() -> None:
    assert [c.text for c in extract_cars("камри 2015, ларгус 2018")] == ["Toyota Camry 2015", "LADA Largus 2018"]
    assert [c.text for c in extract_cars("хендай солярис 2017")] == ["Hyundai Solaris 2017"]


@pytest.mark.parametrize("text", ["уаз буханку", "крузак прадо 120"])
def test_one_car_said_in_two_words_is_one_car(text: str) -> None:
    assert len(extract_cars(text)) == 1


@pytest.mark.parametrize(
    ("text", "model"),
    [
        ("нужна прокладка гбц на 2114", "2114"),
        ("на десятку нужен датчик скорости", "2110"),
        ("колодки на семерку передние", "2107"),
        ("на девятку тросик газа", "2109"),
        ("на 21099 трамблёр", "21099"),
    ],
)
def test_a_lada_named_by_its_number_or_nickname_after_on_is_the_car(text: str, model: str) -> None:
    car = extract_car(text)
    assert car is not None and (car.make, car.model) == ("LADA", model)


@pytest.mark.parametrize(
    "text",
    [
        "нужно 2114 рублей",
        "семерка",
        "на бмв семерку",
        "ключ на десятку нужен",
        "скидку на копейку не сделаете?",
        "на 2106 рублей купил",
        "звездочка на 2108 мм",
        "скиньте на десятку больше",
    ],
)
def test_a_number_or_nickname_without_on_names_no_lada(text: str) -> None:
    car = extract_car(text)
    assert car is None or car.make != "LADA"


@pytest.mark.parametrize(
    ("text", "car"), [("колодки на аурис 2010", "Toyota Auris 2010"), ("рено каптюр 2018", "Renault Kaptur 2018")]
)
def test_more_cars_by_name(text: str, car: str) -> None:
    named = extract_car(text)
    assert named is not None and named.text == car


@pytest.mark.parametrize(
    ("text", "car"),
    [
        ("колодки на мазду 3 BM 2015", "Mazda 3 BM 2015"),
        ("зеркало на фит GE6", "Honda Fit GE6"),
        ("на камри 40 2AZ-FE ремень приводной", "Toyota Camry 40 2AZ-FE"),
        ("помпа на гранту 8кл и термостат", "LADA Granta 8кл"),
        ("сцепление на логан 2 1.6 K4M", "Renault Logan 2 1.6 K4M"),
        ("масляный фильтр на королу 120 1zz", "Toyota Corolla 120 1zz"),  # a code typed in lower case
        ("сцепление на дастер 2.0 4wd", "Renault Duster 2.0 4wd"),
        ("комплект ГРМ на кашкай j11", "Nissan Qashqai j11"),
        ("радиатор на октавию а7 1.4 tsi", "Skoda Octavia а7 1.4 tsi"),  # a generation in Cyrillic letters
        ("бензонасос на ваз 2110 инжектор 8 клапанов", "LADA 2110 инжектор 8 клапанов"),
        ("свечи накала на спортейдж 2 2.0 дизель", "Kia Sportage 2 2.0 дизель"),
        ("моторчик печки на хендай ай30 2010", "Hyundai i30 2010"),  # the model in Cyrillic letters
        ("свечи на поло седан 1.6 2018", "Volkswagen Polo седан 1.6 2018"),
        ("генератор на королла 1ZZ", "Toyota Corolla 1ZZ"),
    ],
)
def test_the_generation_body_and_engine_said_after_the_model_are_kept_as_written(text: str, car: str) -> None:
    assert [c.text for c in extract_cars(text)] == [car]


@pytest.mark.parametrize(
    ("text", "car"),
    [
        ("на логан 2 колодки", "Renault Logan"),  # a count, not a generation
        ("фильтр на поло 2 шт", "Volkswagen Polo"),
        ("на камри 40 TRW колодки", "Toyota Camry 40"),  # the pads' maker, not the car's
        ("лампочки на приору w5w", "LADA Priora"),  # a bulb
        ("лампа на солярис t10", "Hyundai Solaris"),
        ("фильтр на поло oc90", "Volkswagen Polo"),  # a filter's article
        ("антифриз на солярис g12 5л", "Hyundai Solaris"),
        ("ремень генератора на солярис 6pk 1070", "Hyundai Solaris"),  # a belt's profile
        ("колодки на солярис в10 утра заберу", "Hyundai Solaris"),  # a time
        ("рамка на солярис 2din", "Hyundai Solaris"),  # a size
        ("фильтр на газель дизельный", "GAZ Gazelle"),  # the part's, not the car's
        ("на ваз 2107 инжектор нужен", "LADA 2107"),  # a part asked for
        ("солярис ABS датчик", "Hyundai Solaris"),
        ("масло на камри 40 4.5 л", "Toyota Camry"),  # the oil's volume
        ("колодки на камри 40 2.5 тыс", "Toyota Camry"),  # a price
        ("камри 40 GDB3393 колодки", "Toyota Camry 40"),  # a part number
        ("лампа на логан 2 H4", "Renault Logan 2"),  # the bulb
        ("диски на солярис 1.6 R15", "Hyundai Solaris 1.6"),  # the wheel size
        ("фара на камри 40 LH", "Toyota Camry 40"),  # the side
    ],
)
def test_a_count_or_a_parts_maker_after_the_model_is_no_detail_of_the_car(text: str, car: str) -> None:
    assert [c.text for c in extract_cars(text)] == [car]


@pytest.mark.parametrize(
    ("text", "car"),
    [
        ("колодки на акцент 2008", "Hyundai Accent 2008"),  # was no car: «акцент» counted only beside «хендай»
        ("колодки на камаз 5490", "KAMAZ 5490"),
        ("Камаз 43118 2010 года", "KAMAZ 43118 2010"),
        ("запчасти на BYD F3 есть?", "BYD F3"),
        ("тойота пассо 2012", "Toyota Passo 2012"),
    ],
)
def test_trucks_chinese_makes_and_the_accent_after_na_are_cars(text: str, car: str) -> None:
    found = extract_car(text)
    assert found is not None and found.text == car


def test_an_accent_in_other_words_is_no_car() -> None:
    assert extract_car("сделать акцент на качестве") is None


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("стартер и генератор на скания р380 2008", "Scania 2008"),
        ("на ман тгх 2012 фильтр топливный", "MAN TGX 2012"),
        ("автобус ПАЗ 3205", "PAZ 3205"),
        ("трактор мтз 82", "MTZ 82"),
        ("ГАЗ 66", "GAZ 66"),
        ("москвич 412", "Moskvich 412"),
        ("масло на кию сорренто 2011", "Kia Sorento 2011"),
    ],
)
def test_trucks_buses_tractors_and_old_cars_are_cars(text: str, name: str) -> None:
    car = extract_car(text)
    assert car is not None and car.text == name  # was no car, and «марку, модель и год» asked again


@pytest.mark.parametrize("text", ["паз под шпонку", "мужик, ман"])
def test_a_weak_make_word_alone_is_no_car(text: str) -> None:
    assert extract_car(text) is None


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("2014", 2014),
        ("2015 год, а привезти можно к пятнице?", 2015),  # a question aside: was no year
        ("2015. Доставка есть?", 2015),
        ("а на 2017 подойдут?", None),  # the year is what is asked about
        ("менял в 2019 году, а что?", None),
        ("до 2000 рублей, а есть?", None),
    ],
)
def test_a_year_said_alone_is_the_cars_with_a_question_aside(text: str, year: int | None) -> None:
    assert year_alone(text) == year


@pytest.mark.parametrize(
    ("text", "cars"),
    [
        ("нужны фильтры на пежо 308 и ситроен с4", ["Peugeot 308", "Citroen C4"]),  # the Citroën was lost
        ("на жену солярис 2017 колодки, а мне на х-трейл т31 масло", ["Hyundai Solaris 2017", "Nissan X-Trail т31"]),
        ("Hyundai i40 2013 ой нет i30", ["Hyundai i40 2013", "Hyundai i30 2013"]),  # put right: the year is both's
        ("Рено Логан, ой Сандеро, 2016", ["Renault Logan 2016", "Renault Sandero 2016"]),
        ("ВАЗ Нива 4х4 2121 2018 года", ["LADA Niva 2121 2018"]),  # one car in two names
        ("Приветствую. Задний стоп левый Тойота Королла Е150 2008", ["Toyota Corolla Е150 2008"]),
    ],
)
def test_each_car_named_is_read_with_its_own_year_and_body(text: str, cars: list[str]) -> None:
    assert [c.text for c in extract_cars(text)] == cars


@pytest.mark.parametrize(
    ("text", "car"),
    [
        ("калотки задние на лагус", "LADA Largus"),  # one letter dropped
        ("нужны колодки на Креату", "Hyundai Creta"),
        ("прора 2013, 16кл", "LADA Priora 16кл 2013"),
        ("хундай салярис 2015", "Hyundai Solaris 2015"),
        ("радиатор на октавю a5 2011", "Skoda Octavia 2011"),
    ],
)
def test_a_car_name_with_a_typo_where_a_car_is_expected_is_that_car(text: str, car: str) -> None:
    assert [c.text for c in extract_cars(text)] == [car]


@pytest.mark.parametrize("text", ["кароч нужна крышка бачка", "у вас пункт выдачи в Мурино есть?"])
def test_a_word_one_letter_from_a_car_elsewhere_is_no_car(text: str) -> None:
    assert extract_cars(text) == []


@pytest.mark.parametrize(
    ("text", "car"),
    [
        ("есть ли у вас бу двигатель на 124 мерс", "Mercedes-Benz W124"),
        ("генератор на ГАЗон Некст эвакуатор", "GAZ Gazon Next"),
        ("Тагаз вортекс эстина 2010", "Vortex Estina 2010"),  # was a Toyota Estima
        ("На мой лансер 10 ещё нужны задние колодки", "Mitsubishi Lancer 10"),
    ],
)
def test_more_cars_and_their_generations(text: str, car: str) -> None:
    assert [c.text for c in extract_cars(text)] == [car]


@pytest.mark.parametrize(
    ("text", "model"),
    [
        ("2109 инжектор 1.5 8кл, нужен бензонасос", "2109"),
        ("2107 карбюратор", "2107"),
        ("2114 8кл 2010", "2114"),
        ("2110 16 клапанов", "2110"),
    ],
)
def test_a_lada_number_said_with_its_engine_is_the_car(text: str, model: str) -> None:
    car = extract_car(text)
    assert car is not None and (car.make, car.model) == ("LADA", model)


@pytest.mark.parametrize("text", ["2107 рублей", "ключ на 2109 мм", "заказ 2114"])
def test_a_lada_number_without_its_engine_or_make_is_no_car(text: str) -> None:
    assert extract_car(text) is None


def test_the_note_after_a_preposition_is_the_nissan() -> None:
    car = extract_car("генератор на ноут вариатор, колодки передние")
    assert car is not None and (car.make, car.model) == ("Nissan", "Note")  # was no car


@pytest.mark.parametrize("text", ["на ноут скину фото стс", "вин на ноуте, сейчас посмотрю", "сохранил на ноут фото птс"])
def test_files_on_a_laptop_are_no_nissan_note(text: str) -> None:
    assert extract_car(text) is None


def test_a_tesla_is_a_car_with_its_model() -> None:
    car = extract_car("Тесла модел 3 2021 щетки дворников")
    assert car is not None and car.text == "Tesla Model 3 2021"  # was no car at all


def test_a_year_looked_up_in_the_papers_is_the_year_in_a_longer_message() -> None:
    assert year_alone("ой по стс посмотрел у меня 2019 оказывается") == 2019  # was none: more than six words
    assert (
        year_alone("ну вот по стс посмотрел я ещё раз и там написано 2019 год") is None
    )  # eleven words: no longer little more than the year


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("ступица передняя на шевроле лачетти две тысячи восьмого года", 2008),  # was no year
        ("камри две тысячи двадцать первого", 2021),
        ("приора двухтысячного года", 2000),
    ],
)
def test_a_year_said_in_words_is_the_cars(text: str, year: int) -> None:
    car = extract_car(text)
    assert car is not None and car.year == year


def test_a_lada_number_said_in_words_is_no_year() -> None:
    car = extract_car("бендикс на стартер ваз двенадцатая модель ну то есть двухтысячная двенадцатая")
    assert car is not None and car.year is None


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("фильтр салонный на хендай крета двадцатого года", 2020),  # its last words alone, «года» after them
        ("жигули семёрка восемьдесят девятого года ещё живая", 1989),
        ("ниссан девяносто восьмого года", 1998),
    ],
)
def test_a_year_said_by_its_last_words_is_the_cars(text: str, year: int) -> None:
    car = extract_car(text)
    assert car is not None and car.year == year


@pytest.mark.parametrize(("text", "model"), [("болты ГБЦ на ВАЗ 21124 16кл", "2112"), ("ваз 21213, 96-го, карб", "2121")])
def test_a_lada_numbered_with_its_variant_digit_is_the_model(text: str, model: str) -> None:
    car = extract_car(text)
    assert car is not None and car.model == model  # the model was lost


def test_the_transit_after_a_preposition_is_the_ford_but_not_transit_plates() -> None:
    car = extract_car("клапан егр на транзит 2.2 2014")
    assert car is not None and (car.make, car.model) == ("Ford", "Transit")  # was no car
    assert extract_car("у меня машина новая, ещё на транзитах, вин не знаю") is None


def test_grants_after_a_genitive_preposition_are_the_lada() -> None:
    car = extract_car("чехлы для гранты 2015")
    assert car is not None and car.text == "LADA Granta 2015"
    assert extract_car("гранты от государства") is None


def test_a_year_said_in_colloquial_words_is_the_cars() -> None:
    car = extract_car("на киа спортейдж две тыщи пятнадцатого стойки")
    assert car is not None and car.year == 2015  # was asked again


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("KIA Seltos 2021 2.0 - фильтр АКПП", "Kia Seltos 2.0 2021"),
        ("лексус рх350 2010 подушка двигателя", "Lexus RX 350 2010"),
        ("бмв е90 320i датчик уровня масла", "BMW E90 320i"),
        ("газель 2008 умз 4216 нужна помпа", "GAZ Gazelle умз 4216 2008"),
        ("киа бонго 3 2012", "Kia Bongo 3 2012"),
        ("равон р4 2018", "Ravon R4 2018"),
        ("танк 300 колодки", "Tank 300"),
        ("фиат добло 1.4 2012", "Fiat Doblo 1.4 2012"),
        ("газель 3302 2008 умз 4216 нужны: помпа", "GAZ Gazelle 3302 умз 4216 2008"),  # the model number, then the engine
        ("стартер нива 21214 инжектор", "LADA Niva 21214 инжектор"),
        ("волга 31105, 2006", "GAZ Volga 31105 2006"),
    ],
)
def test_models_and_engines_the_twenty_first_review_lost_are_read(text: str, label: str) -> None:
    car = extract_car(text)
    assert car is not None and car.text == label


def test_a_tank_said_of_no_car_is_none() -> None:
    assert extract_car("танк на ремонте") is None


@pytest.mark.parametrize(
    ("text", "car"),
    [
        ("стартер на рено дастер 2016 дизель", "Renault Duster дизель 2016"),
        ("радиатор на hyundai solaris 2012 mt", "Hyundai Solaris mt 2012"),
        ("фильтр на пежо 308 1.6 hdi 2010", "Peugeot 308 1.6 hdi 2010"),
        ("радиатор печки на ларгус 2014 г.в. с кондиционером", "LADA Largus с кондиционером 2014"),
        ("шаровая на пассат б6, обе стороны", "Volkswagen Passat б6"),
        ("двигатель на астра h 1.6 z16xer", "Opel Astra h 1.6 z16xer"),
        ("ремень на лансер х, и ролик", "Mitsubishi Lancer х"),
        ("радиатор кондея на хонду цивик 4д 2008", "Honda Civic 4д 2008"),
    ],
)
def test_the_cars_fuel_gearbox_body_generation_and_engine_code_go_on_it(text: str, car: str) -> None:
    found = extract_car(text)
    assert found is not None and found.text == car


def test_the_thing_wanted_after_the_car_is_no_detail_of_it() -> None:
    found = extract_car("на солярис автомат нужен")
    assert found is not None and found.text == "Hyundai Solaris"


@pytest.mark.parametrize("text", ["машина девятка", "у меня семерка, нужен трамблер", "авто 2114 8кл"])
def test_a_nickname_after_a_word_for_the_car_names_it(text: str) -> None:
    assert extract_car(text) is not None


def test_a_nickname_said_as_money_is_no_car() -> None:
    assert extract_car("у меня десятка рублей") is None


def test_a_count_written_after_a_part_number_is_no_bmw() -> None:
    assert extract_car("заказ: 04152-YZZA1 x2, 90915-YZZE1 x1") is None
    found = extract_car("колодки на bmw x1")
    assert found is not None and found.model == "X1"


@pytest.mark.parametrize(
    ("text", "details"),
    [("2018 2.0", "2.0"), ("2016, дизель, механика", "дизель механика"), ("2015", ""), ("2015 год, колодки ещё", "")],
)
def test_the_details_said_beside_a_year_alone_are_read(text: str, details: str) -> None:
    assert details_beside_year(text) == details


@pytest.mark.parametrize(
    ("text", "details"),
    [
        ("это 150 кузов, 1.6, механика", "150 1.6 механика"),
        ("год 2016 1.4 тси", "1.4 тси"),
        ("AT", "AT"),
        ("NO", ""),
        ("THX", ""),
        ("KYB", ""),
        ("2015, колодки ещё", ""),
    ],
)
def test_a_message_of_the_cars_details_alone_gives_them_and_nothing_else_does(text: str, details: str) -> None:
    assert car_details(text) == details


@pytest.mark.parametrize(
    ("text", "car"),
    [
        ("ниссан альмера классик 2008 механика", "Nissan Almera Classic механика 2008"),
        ("рено сандеро степвей 2019", "Renault Sandero Stepway 2019"),
        ("нисан кашкай 2011 2.0 вариатор", "Nissan Qashqai 2.0 вариатор 2011"),
        ("турбина на пежо 308 1.6 thp 2010", "Peugeot 308 1.6 thp 2010"),
        ("мазда 6 gj 2015 2.5", "Mazda 6 gj 2.5 2015"),
        ("колодки задние на мазду 6 gh", "Mazda 6 gh"),
        ("Сцепление комплект на газель бизнес 4216 двигатель", "GAZ Gazelle Business 4216"),
        ("веста 1.6 21129 двигатель", "LADA Vesta 1.6 21129"),
    ],
)
def test_the_twenty_fourth_reviews_cars_keep_their_model_generation_engine_and_gearbox(text: str, car: str) -> None:
    found = extract_car(text)
    assert found is not None and found.text == car


def test_a_gearbox_wanted_is_no_detail_of_the_car() -> None:
    found = extract_car("кашкай вариатор нужен")
    assert found is not None and found.text == "Nissan Qashqai"


@pytest.mark.parametrize(("decoded", "contradicted"), [("Megan II", False), ("Megane", False), ("Scenic", True)])
def test_the_decoders_spelling_and_generation_of_a_model_is_the_same_model(decoded: str, contradicted: bool) -> None:
    named = extract_car("меган 2")
    assert named is not None and contradicts(named, "Renault", decoded) is contradicted
