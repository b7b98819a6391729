"""The day a customer means by «напишите через пару недель»: a small grammar, checked phrase by phrase."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from retention.dates import resolve, resolve_counted_on

MON = date(2026, 11, 23)  # Monday
THU = date(2026, 11, 26)  # Thursday
SAT = date(2026, 11, 28)
SUN = date(2026, 11, 29)


def days(today: date, n: int) -> date:
    return today + timedelta(days=n)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("через две недели", days(MON, 14)),
        ("недели через три", days(MON, 21)),
        ("через недели три", days(MON, 21)),
        ("месяца через два", date(2027, 1, 23)),
        ("через месяц", date(2026, 12, 23)),
        ("через 10 дней", days(MON, 10)),
        ("через денёк", days(MON, 1)),
        ("через пару недель", days(MON, 14)),
        ("через пару деньков", days(MON, 2)),
        ("через несколько дней", days(MON, 3)),
        ("через недельку", days(MON, 7)),
        ("недельки через две", days(MON, 14)),
        ("через год", date(2027, 11, 23)),
        ("лет через пять", date(2031, 11, 23)),
        ("где-то через месяц", date(2026, 12, 23)),
        ("через где-то месяц", date(2026, 12, 23)),
        ("4 дня спустя", days(MON, 4)),
        ("давай черезнеделю", days(MON, 7)),
    ],
)
def test_an_amount_and_a_unit_are_read_in_either_order(text: str, expected: date) -> None:
    assert resolve(text, MON) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("дня через 3-4", days(MON, 3)),
        ("через 2-3 недели", days(MON, 14)),
        ("через 2 - 3 недели", days(MON, 14)),
        ("через неделю-другую", days(MON, 7)),
        ("через денёк-другой", days(MON, 1)),
        ("через месяц-полтора", date(2026, 12, 23)),
        ("через пару-тройку дней", days(MON, 2)),
        ("недели через две-три", days(MON, 14)),
    ],
)
def test_a_range_takes_its_earlier_end(text: str, expected: date) -> None:
    assert resolve(text, MON) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("через полгода", date(2027, 5, 23)),
        ("через пол года", date(2027, 5, 23)),
        ("через полмесяца", days(MON, 15)),
        ("через полторы недели", days(MON, 10)),
        ("через полтора месяца", date(2027, 1, 7)),
        ("через 1,5 месяца", date(2027, 1, 7)),
    ],
)
def test_halves_and_one_and_a_half(text: str, expected: date) -> None:
    assert resolve(text, MON) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Через Две Недели", days(MON, 14)),
        ("ЧЕРЕЗ НЕДЕЛЮ", days(MON, 7)),
        ("черз неделю", days(MON, 7)),
        ("чрез неделю", days(MON, 7)),
        ("через нидели две", days(MON, 14)),
        ("чeрез неделю", days(MON, 7)),  # a Latin «e»
        ("через мeсяц", date(2026, 12, 23)),
        ("в пятнецу", days(MON, 4)),
        ("в понидельник", days(MON, 7)),
        ("после зп", date(2026, 11, 25)),
        ("после З/П", date(2026, 11, 25)),
    ],
)
def test_typos_case_and_latin_lookalikes_are_forgiven(text: str, expected: date) -> None:
    assert resolve(text, MON) == expected


@pytest.mark.parametrize(
    ("today", "text", "expected"),
    [
        (THU, "в понедельник", days(THU, 4)),
        (THU, "в пятницу", days(THU, 1)),
        (THU, "в четверг", days(THU, 7)),
        (MON, "понедельник", days(MON, 7)),
        (MON, "во вторник", days(MON, 1)),
        (MON, "в эту субботу", days(MON, 5)),
        (MON, "в ближайшую среду", days(MON, 2)),
        (MON, "в пт", days(MON, 4)),
        (MON, "к пятнице", days(MON, 4)),
        (MON, "после среды", days(MON, 3)),
    ],
)
def test_a_weekday_is_its_next_occurrence_never_today(today: date, text: str, expected: date) -> None:
    assert resolve(text, today) == expected


@pytest.mark.parametrize(
    ("today", "text", "expected"),
    [
        (THU, "в следующий понедельник", days(THU, 4)),
        (THU, "в следующую пятницу", days(THU, 8)),
        (MON, "в следующую среду", days(MON, 9)),
        (MON, "в пятницу на следующей неделе", days(MON, 11)),
        (SUN, "в следующий вторник", days(SUN, 2)),
    ],
)
def test_next_weekday_is_that_day_of_next_week(today: date, text: str, expected: date) -> None:
    assert resolve(text, today) == expected


@pytest.mark.parametrize(
    ("today", "text", "expected"),
    [
        (THU, "на следующей неделе", days(THU, 4)),
        (THU, "со следующей недели", days(THU, 4)),
        (THU, "на той неделе", days(THU, 4)),
        (MON, "в середине следующей недели", days(MON, 9)),
        (MON, "в конце недели", days(MON, 4)),
        (MON, "на этой неделе", days(MON, 2)),
        (THU, "через выходные", days(THU, 4)),
        (THU, "после выходных", days(THU, 4)),
        (SAT, "после выходных", days(SAT, 2)),
        (THU, "на выходных", days(THU, 2)),
        (SAT, "на выходных", days(SAT, 1)),
        (SUN, "на выходных", days(SUN, 6)),
        (MON, "на следующих выходных", days(MON, 12)),
    ],
)
def test_weeks_and_weekends(today: date, text: str, expected: date) -> None:
    assert resolve(text, today) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15 числа", date(2026, 12, 15)),
        ("напишите 25 числа", date(2026, 11, 25)),
        ("числа 15-го", date(2026, 12, 15)),
        ("10-15 числа", date(2026, 12, 10)),
        ("15-го напишу", date(2026, 12, 15)),
        ("давайте 5-го", date(2026, 12, 5)),
        ("20 декабря", date(2026, 12, 20)),
        ("20-го декабря", date(2026, 12, 20)),
        ("3 дек", date(2026, 12, 3)),
        ("10 ноября", date(2027, 11, 10)),
        ("20.12", date(2026, 12, 20)),
        ("20.12.2026", date(2026, 12, 20)),
        ("в районе 20-го", date(2026, 12, 20)),
    ],
)
def test_a_calendar_day_is_its_next_occurrence(text: str, expected: date) -> None:
    assert resolve(text, MON) == expected


@pytest.mark.parametrize(
    ("today", "text", "expected"),
    [
        (MON, "после 10 числа", date(2026, 12, 11)),
        (MON, "после 10-го", date(2026, 12, 11)),
        (MON, "после 25-го", date(2026, 11, 26)),
        (date(2026, 12, 10), "после 10-го", date(2026, 12, 11)),
        (MON, "после 8 марта", date(2027, 3, 9)),
        (MON, "с 1-го", date(2026, 12, 1)),
    ],
)
def test_after_a_day_is_the_day_after_it(today: date, text: str, expected: date) -> None:
    assert resolve(text, today) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("к 15 числу", date(2026, 12, 15)),
        ("к 15-му", date(2026, 12, 15)),
        ("к 8 марта", date(2027, 3, 8)),
        ("к концу месяца", date(2026, 11, 28)),
    ],
)
def test_by_a_day_is_that_day_itself(text: str, expected: date) -> None:
    assert resolve(text, MON) == expected


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("ближе к лету", MON, date(2027, 5, 15)),
        ("к весне", MON, date(2027, 2, 15)),
        ("к зиме ближе", date(2026, 6, 10), date(2026, 11, 15)),
        ("резину к зиме", date(2026, 11, 23), date(2026, 12, 1)),  # the 15th is past: when it comes
    ],
)
def test_by_a_season_is_the_middle_of_the_month_before_it(text: str, today: date, expected: date) -> None:
    assert resolve(text, today) == expected


def test_when_it_gets_warmer_is_spring() -> None:
    assert resolve("как потеплеет", date(2027, 1, 15)) == date(2027, 3, 1)


@pytest.mark.parametrize(
    ("today", "text", "expected"),
    [
        (date(2026, 12, 8), "в декабре не до того, давайте в январе числа 15", date(2027, 1, 15)),
        (date(2026, 12, 8), "в январе числа 20", date(2027, 1, 20)),
        (date(2026, 12, 8), "15 числа в феврале", date(2027, 2, 15)),
        (date(2026, 12, 8), "в январе где-то 10-го", date(2027, 1, 10)),
    ],
)
def test_a_day_takes_the_month_named_beside_it(today: date, text: str, expected: date) -> None:
    assert resolve(text, today) == expected


@pytest.mark.parametrize(
    ("today", "text", "expected"),
    [
        (date(2026, 9, 15), "Нет пока, но к зиме аккум понадобится. Напишите в ноябре", date(2026, 11, 1)),
        (date(2026, 6, 17), "Отпуск в июле, давайте в августе напишете", date(2026, 8, 1)),
        (date(2026, 8, 3), "13-го зп, 14-го пишите", date(2026, 8, 14)),
    ],
)
def test_the_day_asked_to_be_written_on_wins_over_other_days_said(today: date, text: str, expected: date) -> None:
    assert resolve(text, today) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("пятого числа зарплата, тогда и поговорим", date(2026, 12, 5)),
        ("после пенсии, числа двадцатого, напишите", date(2026, 12, 20)),
        ("первого декабря напишите", date(2026, 12, 1)),
        ("15го зарплата, тогда и закажу", date(2026, 12, 15)),
        ("25-го буду менять термостат, тогда и пишите", date(2026, 11, 25)),
        ("вернусь 20-го — напишите", date(2026, 12, 20)),
        ("напишите двадцать пятого", date(2026, 11, 25)),
        ("двадцать пятого наберите", date(2026, 11, 25)),
        ("давайте после двадцатого", date(2026, 12, 21)),
        ("после зарплаты, двадцать третьего", date(2026, 12, 23)),
        ("пятого", date(2026, 12, 5)),
    ],
)
def test_a_day_of_the_month_in_words_or_before_a_plan(text: str, expected: date) -> None:
    assert resolve(text, MON) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("next week", days(MON, 7)),
        ("maybe next month", date(2026, 12, 1)),
        ("tomorrow maybe", days(MON, 1)),
        ("ne seichas, cherez nedelu", days(MON, 7)),
        ("pishite v marte", date(2027, 3, 1)),
        ("в след месяце", date(2026, 12, 1)),
        ("на выхах", SAT),
    ],
)
def test_english_latin_letters_and_shorthand(text: str, expected: date) -> None:
    assert resolve(text, MON) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ч/з 2 нед", days(MON, 14)),
        ("через 2 нед.", days(MON, 14)),
        ("чз неделю", days(MON, 7)),
        ("через 3 мес", date(2027, 2, 23)),
    ],
)
def test_shorthand_for_through_weeks_and_months(text: str, expected: date) -> None:
    assert resolve(text, MON) == expected


@pytest.mark.parametrize(
    "text",
    ["до 20-го нужны колодки", "до 20-го", "колодки нужны до пятницы", "до конца месяца надо поменять", "до весны поменять"],
)
def test_until_names_a_deadline_not_a_day_to_write(text: str) -> None:
    assert resolve(text, MON) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("до 20-го не надо", date(2026, 12, 20)),
        ("не пишите до понедельника", days(MON, 7)),
        ("занят до пятницы", days(MON, 4)),
        ("до весны подожду", date(2027, 3, 1)),
        ("до нового года не актуально", date(2027, 1, 12)),
        ("не беспокоить до завтра", days(MON, 1)),
        ("я в отпуске до конца месяца, потом напишите", date(2026, 12, 1)),
        ("я в рейсе до пятницы, потом", days(MON, 4)),
        ("машина в ремонте до 20-го, потом", date(2026, 12, 20)),
        ("мы на море до 25-го, потом 🌊", date(2026, 11, 25)),
        ("я на вахте до декабря, вернусь — напишу", date(2026, 12, 1)),
    ],
)
def test_until_is_a_day_to_write_when_the_customer_waits(text: str, expected: date) -> None:
    assert resolve(text, MON) == expected


@pytest.mark.parametrize(
    ("today", "text", "expected"),
    [
        (MON, "в конце месяца", date(2026, 11, 28)),
        (MON, "в конце ноября", date(2026, 11, 28)),
        (SAT, "в конце месяца", date(2026, 11, 30)),
        (SAT, "в конце ноября", date(2026, 11, 30)),
        (date(2026, 11, 30), "в конце месяца", date(2026, 12, 29)),
        (date(2026, 12, 5), "в конце ноября", date(2027, 11, 28)),
        (MON, "в середине месяца", date(2026, 12, 15)),
        (date(2026, 11, 5), "в середине месяца", date(2026, 11, 15)),
        (MON, "в середине декабря", date(2026, 12, 15)),
        (MON, "в начале месяца", date(2026, 12, 3)),
        (MON, "в начале следующего месяца", date(2026, 12, 3)),
        (MON, "в конце следующего месяца", date(2026, 12, 29)),
        (MON, "в следующем месяце", date(2026, 12, 1)),
        (MON, "в первых числах января", date(2027, 1, 3)),
        (MON, "в последних числах месяца", date(2026, 11, 28)),
    ],
)
def test_the_start_middle_and_end_of_a_month(today: date, text: str, expected: date) -> None:
    assert resolve(text, today) == expected


@pytest.mark.parametrize(
    ("today", "text", "expected"),
    [
        (MON, "в марте", date(2027, 3, 1)),
        (MON, "в мае", date(2027, 5, 1)),
        (MON, "в декабре", date(2026, 12, 1)),
        (MON, "к маю", date(2027, 5, 1)),
        (MON, "после марта", date(2027, 4, 1)),
        (date(2027, 3, 10), "в марте", date(2027, 3, 17)),
        (date(2026, 12, 3), "в декабре", date(2026, 12, 10)),
        (date(2026, 12, 28), "в декабре", date(2026, 12, 31)),
    ],
)
def test_a_named_month_is_its_first_day_or_a_week_on_when_already_in_it(today: date, text: str, expected: date) -> None:
    assert resolve(text, today) == expected


@pytest.mark.parametrize(
    ("today", "text", "expected"),
    [
        (MON, "весной", date(2027, 3, 1)),
        (MON, "летом", date(2027, 6, 1)),
        (MON, "зимой", date(2026, 12, 1)),
        (date(2026, 8, 10), "осенью", date(2026, 9, 1)),
        (MON, "по весне", date(2027, 3, 1)),
        (MON, "в начале весны", date(2027, 3, 1)),
        (MON, "в конце лета", date(2027, 8, 25)),
        (date(2027, 4, 10), "весной", date(2027, 4, 24)),
        (date(2027, 1, 10), "зимой", date(2027, 1, 24)),
        (date(2027, 1, 10), "следующей зимой", date(2027, 12, 1)),
    ],
)
def test_a_season_is_its_first_day_or_two_weeks_on_when_already_in_it(today: date, text: str, expected: date) -> None:
    assert resolve(text, today) == expected


@pytest.mark.parametrize(
    ("today", "text", "expected"),
    [
        (MON, "после нового года", date(2027, 1, 12)),
        (MON, "после НГ", date(2027, 1, 12)),
        (MON, "после новогодних праздников", date(2027, 1, 12)),
        (MON, "с нового года", date(2027, 1, 12)),
        (MON, "после праздников", date(2027, 1, 12)),
        (date(2027, 4, 20), "после праздников", date(2027, 5, 12)),
        (MON, "после майских", date(2027, 5, 12)),
        (MON, "перед новым годом", date(2026, 12, 20)),
        (MON, "к новому году", date(2026, 12, 20)),
        (MON, "на майские напишите", date(2027, 4, 25)),  # before them: what they need for the holidays
        (date(2026, 12, 25), "перед новым годом", date(2026, 12, 26)),
        (MON, "в следующем году", date(2027, 1, 12)),
        (MON, "в конце года", date(2026, 12, 25)),
        (MON, "после рождества", date(2027, 1, 12)),  # 7 January, inside the New Year holidays
        (MON, "на новогодних праздниках", date(2027, 1, 3)),  # in them, not before them
        (MON, "в новогодние каникулы", date(2027, 1, 3)),
        (MON, "в новом году", date(2027, 1, 12)),
        (MON, "в январе", date(2027, 1, 12)),  # not on the 1st: after the holidays
        (MON, "в первых числах января", date(2027, 1, 3)),  # said so
    ],
)
def test_holidays_and_years(today: date, text: str, expected: date) -> None:
    assert resolve(text, today) == expected


@pytest.mark.parametrize(
    "text", ["после зарплаты", "с зарплаты", "с зп", "жду ЗП", "как получу зарплату", "денег пока нет", "до получки"]
)
def test_payday_phrases_mean_the_next_payday(text: str) -> None:
    assert resolve(text, MON) == date(2026, 11, 25)
    assert resolve(text, date(2026, 11, 24)) == date(2026, 12, 10)  # never the day after tomorrow's payday


def test_an_explicit_payday_wins_over_waiting_for_it() -> None:
    assert resolve("жду зарплату, она 15 числа", MON) == date(2026, 12, 15)
    assert resolve("жду зп, напишите через неделю", MON) == days(MON, 7)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("завтра", days(MON, 1)),
        ("давайте завтра вечером", days(MON, 1)),
        ("послезавтра", days(MON, 2)),
        ("после завтра", days(MON, 2)),
    ],
)
def test_tomorrow_and_the_day_after(text: str, expected: date) -> None:
    assert resolve(text, MON) == expected


@pytest.mark.parametrize(
    "text",
    [
        "подумаю",
        "на днях",
        "на зиму резина нужна",
        "резина на лето",
        "раз в месяц меняю масло",
        "5 лет езжу",
        "в прошлую пятницу покупал",
        "прошлой зимой брал",
        "нужно средство для стёкол",
        "среди недели",
        "в течение недели",
        "после завтрака",
        "нас четверо",
    ],
)
def test_words_that_name_no_day_to_write(text: str) -> None:
    assert resolve(text, MON) is None


@pytest.mark.parametrize(
    "text",
    [
        "Лада 2110",
        "VIN XTA21103012345678",
        "вин XTA21103012345678",
        "колодки на 15 дисков",
        "R16",
        "резина 205/55 R16",
        "+7 916 123-45-67",
        "8 (916) 123 45 67",
        "89161234567",
        "04152-YZZA1",
        "2 штуки",
        "за 3000",
        "до 3000 рублей",
        "двигатель 1.6",
        "масло 5w30 4 литра",
        "камри 40-го кузова",
        "после 2-го поколения",
        "в 12.10 позвоню",
        "на 2-х машинах",
    ],
)
def test_numbers_that_are_not_dates(text: str) -> None:
    assert resolve(text, MON) is None


def test_an_explicit_date_gone_by_is_no_plan() -> None:
    assert resolve("20.11.2026", MON) is None


def test_an_absurdly_far_amount_is_no_date() -> None:
    assert resolve("через 100 лет", MON) is None


PHRASES = [
    "через две недели", "в понедельник", "в следующую пятницу", "на выходных", "после выходных", "в конце месяца",
    "в начале месяца", "в середине месяца", "в конце ноября", "в начале декабря", "в декабре", "в марте", "весной",
    "летом", "осенью", "зимой", "после нового года", "перед новым годом", "после праздников", "после 10-го",
    "15 числа", "31 числа", "29 февраля", "после зарплаты", "на этой неделе", "в конце недели", "в этом году",
    "в конце года", "через полмесяца",
]  # fmt: skip


@pytest.mark.parametrize("text", PHRASES)
def test_the_date_is_never_before_tomorrow_on_any_day_of_the_year(text: str) -> None:
    for offset in range(0, 800, 1):
        today = date(2026, 1, 1) + timedelta(days=offset)
        found = resolve(text, today)
        assert found is not None and today < found <= today + timedelta(days=366), (today, found)


@pytest.mark.parametrize(
    "text",
    [
        "позвоните после 18",
        "после 6 напишите",
        "после первого снега напишите",
        "с первого раза не понял",
        "после второго ТО",
        "хавал ф7 двадцать первого",  # a year
        "опель астра две тысячи девятого",
        "колодки для второго.",
    ],
)
def test_an_hour_or_an_ordinal_of_something_else_is_no_day(text: str) -> None:
    assert resolve(text, date(2026, 12, 7)) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("в апреле брал, числа 10 напишите", date(2026, 12, 10)), ("15-го, не в январе", date(2026, 12, 15))],
)
def test_a_month_in_another_clause_or_refused_is_not_the_days(text: str, expected: date) -> None:
    assert resolve(text, date(2026, 12, 7)) == expected


def test_then_after_a_deadline_is_no_waiting() -> None:
    assert resolve("нужны до пятницы, потом поздно", MON) is None


@pytest.mark.parametrize("text", ["как снег сойдёт", "когда снег сойдет, напишите", "как только снег растает"])
def test_when_the_snow_is_gone_is_the_middle_of_spring(text: str) -> None:
    assert resolve(text, date(2026, 12, 7)) == date(2027, 4, 15)  # March is still white in most of Russia


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("не раньше февраля", date(2027, 2, 1)),
        ("не ранее марта", date(2027, 3, 1)),
        ("до конца недели напишите", date(2026, 11, 27)),  # by then, not after it
        ("я до 30го в отпуске, после напишите", date(2026, 12, 1)),  # after the day, not on it
        ("давай не во вторник, а в четверг", date(2026, 11, 26)),  # the weekday refused is not the one
        ("до конца месяца болею, напишите", date(2026, 12, 1)),  # ill until then: after it
        ("до конца недели сессия, напишите", date(2026, 11, 30)),
        ("заеду в пятницу к вам на Рождественской", date(2026, 11, 27)),  # a street, not Christmas
    ],
)
def test_not_before_by_the_end_after_it_and_a_weekday_refused(text: str, expected: date) -> None:
    assert resolve(text, MON) == expected


@pytest.mark.parametrize(
    ("text", "earlier", "expected"),
    [
        ("хотя нет, лучше через два", "напишите через месяц", date(2027, 1, 23)),
        ("не, через месяц рано, давайте через полтора", "", date(2027, 1, 7)),
        ("давайте через три", "через неделю", date(2026, 12, 14)),
        ("щас занят, через 15 минут отпишусь", "через месяц", None),  # minutes: no day at all
        ("через 2 отпуск, напишите после", "через месяц", None),
        ("а лучше через 2", "напишите после нового года", None),  # «года» there is no amount
    ],
)
def test_a_count_without_its_unit_takes_the_unit_of_the_amount_said_before(
    text: str, earlier: str, expected: date | None
) -> None:
    assert resolve_counted_on(text, earlier, date(2026, 11, 23)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Через неделю, ой нет, через две", date(2026, 12, 7)),  # was the first, a week early
        ("в среду, хотя нет, в четверг", date(2026, 11, 26)),
        ("после нового года, вернее в середине января", date(2027, 1, 15)),
        ("в понедельник, нет, во вторник", date(2026, 11, 24)),
        ("через две недели, а, нет, через неделю", date(2026, 11, 30)),
    ],
)
def test_a_day_put_right_in_the_same_breath_is_the_one_meant(text: str, expected: date) -> None:
    assert resolve(text, date(2026, 11, 23)) == expected


@pytest.mark.parametrize(
    "text", ["вечером", "сегодня вечером", "через пару часов", "не пиши мне сейчас, я занят, напиши вечером"]
)
def test_later_today_is_the_next_day_the_campaign_writes_on(text: str) -> None:
    assert resolve(text, MON) == days(MON, 1)  # was no day, and so a fortnight on


def test_later_today_gives_way_to_a_day_said() -> None:
    assert resolve("в пятницу вечером", MON) == days(MON, 4)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("пару дней дайте подумать", days(MON, 2)),
        ("недельку подожду", days(MON, 7)),
        ("месяца 2 подождёт, не горит", date(2027, 1, 23)),
        ("дайте несколько дней, посоветуюсь с женой", days(MON, 3)),
    ],
)
def test_a_time_to_wait_said_bare_by_a_waiting_customer(text: str, expected: date) -> None:
    assert resolve(text, MON) == expected


@pytest.mark.parametrize(
    "text",
    [
        "машине 5 лет, подождёт",
        "нет, 2 недели назад купил",
        "нет, раз в месяц меняю",
        "уже неделю жду предложение, дайте ответ",
        "скидку дайте на неделю, а не на 24 часа",
    ],
)
def test_an_age_a_past_a_habit_or_a_discount_is_no_time_to_wait(text: str) -> None:
    assert resolve(text, MON) is None


@pytest.mark.parametrize(
    ("today", "text", "expected"),
    [
        (date(2026, 8, 12), "к зиме ближе, в ноябре", date(2026, 11, 1)),
        (date(2027, 3, 10), "как потеплеет, в апреле", date(2027, 4, 1)),
        (date(2026, 9, 1), "зимой, в январе где-то", date(2027, 1, 12)),
    ],
)
def test_a_month_named_beside_a_season_is_the_finer(today: date, text: str, expected: date) -> None:
    assert resolve(text, today) == expected


def test_after_an_event_told_with_its_date_is_the_day_after_it() -> None:
    assert resolve("после дня рождения, 3 декабря, подарят денег и закажу", date(2026, 11, 14)) == date(2026, 12, 4)


@pytest.mark.parametrize("text", ["дайте месяц", "подождите месяц", "месяц подождите"])
def test_a_month_given_to_wait_is_a_month_on(text: str) -> None:
    assert resolve(text, MON) == date(2026, 12, 23)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("дайте полгода", date(2027, 5, 23)),  # was no date at all
        ("месяц где-то, потом напишите", date(2026, 12, 23)),  # was a fortnight
        ("отпуск у меня месяц, потом", date(2026, 12, 23)),
        ("пожалуй ещё месяц поезжу, потом возьму колодки", date(2026, 12, 23)),
    ],
)
def test_half_a_year_or_a_month_then_is_that_far_on(text: str, day: date) -> None:
    assert resolve(text, MON) == day


@pytest.mark.parametrize("text", ["уже месяц жду, потом", "полгода назад брал", "это где-то в конце месяца"])
def test_a_time_waited_or_a_months_end_is_no_wait_given(text: str) -> None:
    assert resolve(text, MON) != date(2026, 12, 23)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("может месяц, может два", date(2026, 12, 23)),  # was none: a fortnight by default
        ("наверное месяц", date(2026, 12, 23)),
        ("в следующем месяц наверно", date(2026, 12, 1)),  # a month named, not an amount of them
    ],
)
def test_a_hedged_amount_is_the_time_to_wait(text: str, expected: date) -> None:
    assert resolve(text, MON) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("после Нового года, числа 15", date(2027, 1, 15)),  # was the 12th, the holidays' end
        ("в новом году числа 20", date(2027, 1, 20)),
        ("после майских, числа 15", date(2027, 5, 15)),
        ("после нового года", date(2027, 1, 12)),  # no day said: the holidays' end
    ],
)
def test_a_day_said_beside_a_holiday_is_in_the_holidays_month(text: str, expected: date) -> None:
    assert resolve(text, MON) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("в июне в середине", date(2027, 6, 15)), ("в марте, ближе к концу", date(2027, 3, 29))],
)
def test_the_part_of_a_month_said_after_it_counts(text: str, expected: date) -> None:
    assert resolve(text, MON) == expected  # was the 1st


@pytest.mark.parametrize("text", ["позже, как ТО подойдёт, где-то через 3 тыс км, это месяц примерно", "месяц примерно"])
def test_an_amount_given_roughly_is_the_time_to_wait(text: str) -> None:
    assert resolve(text, MON) == date(2026, 12, 23)  # was a week by default


def test_a_time_waited_roughly_is_no_time_to_wait() -> None:
    assert resolve("примерно месяц назад брал", MON) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("осенью следующего года", date(2027, 9, 1)),
        ("весной следующего года", date(2027, 3, 1)),
        ("в ноябре следующего года", date(2027, 11, 1)),
        ("в следующем году", date(2027, 1, 12)),
    ],
)
def test_a_season_or_month_of_next_year_is_next_years(text: str, expected: date) -> None:
    assert resolve(text, MON) == expected
