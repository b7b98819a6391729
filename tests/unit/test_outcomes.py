"""«Не пишите мне» is honoured in every wording, and ordinary sentences that merely look like it are not."""

from __future__ import annotations

from datetime import date

import pytest

from bot.dialogue.opt_out import denies_the_name, is_opt_out, is_wrong_number, sounds_like_refusal, tells_of_a_death
from retention.flow import mourns
from retention.outcomes import Outcome, classify

OPT_OUTS = [
    "не пишите мне",
    "Не пишите мне больше!",
    "не пишите",
    "не надо мне писать",
    "не присылайте ничего",
    "стоп",
    "стоп рассылка",
    "прекратите писать",
    "прекратите мне писать",
    "удалите мои данные",
    "удалите меня из базы",
    "отпишите меня",
    "это спам",
    "хватит писать",
    "не беспокойте",
    "больше не пишите",
    "отстаньте",
    "не пишите, я сам напишу",
    "STOP",
    "не хочу получать от вас сообщения",
    "не хочу больше получать вашу рекламу",
    "НЕ НАДО МНЕ ВАШИХ СМС",
    # one slip in the word that matters (two in a long one)
    "не пешите мне",
    "больше не присылйате ничего",
    "Всё, удаалите мой номер!",
    "не беспокоийте",
    "не пишите мне больше, и в выходные тоже",
    "не пишите, пока",  # goodbye, not «for now»
    # a time said beside words that mean for ever is no time limit
    "пока не пишите мне больше",
    "до свидания не пишите мне больше",
    "забудьте этот номер",
    "забудьте этот номер пожалуйста",
]
LOOK_ALIKES = [
    # when not to write, not whether
    "не пишите мне в выходные, а так пишите",
    "ночью не пишите только",
    "в выходные не пишите, а в понедельник напишите",
    "не пишите так рано",
    "только после 9 вечера не пишите, дети спят",
    "не пишите цену, просто скажите есть ли",
    "удалите старый номер, вот новый",
    "не беспокойтесь, всё нормально",
    "отпишусь позже",
    "не присылайте предложение почтой, лучше сюда",
    "нужен стоп сигнал",
    "стоп-сигнал на камри",
    "отписался по вину выше",
    "не беспокоить до завтра",
    "ваше сообщение попало в спам",
    "отстань ручник заедает",
    "не хочу получать скидку, просто скажите цену",
    "не хочу получать заказ курьером",
    "не надо ваших колодок, свои есть",
    "напишите цену",
    "пришлите фото",
    "не спрашивайте, откуда знаю — нужны колодки",
    "забудьте про скидку, добавьте диски",
    "вы больше не спрашиваете вин?",
    "больше не спрашивайте про вин, нет его. 2015 год",
    "не предлагайте мне больше аналоги, только оригинал",
    "забудьте этот номер, вот новый +79161112233",
    "и больше не спрашивайте что-нибудь ещё, это всё",
    "забудьте меня спрашивать про машину, у меня их две",
    "вин не знаю, больше не спрашивайте",  # in a request: the VIN, not the messages
    "аналоги не надо, больше не предлагайте",
]


@pytest.mark.parametrize("text", OPT_OUTS)
def test_every_way_of_saying_stop_is_an_opt_out(text: str) -> None:
    assert is_opt_out(text)


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_sentences_that_only_look_like_stop_are_not(text: str) -> None:
    assert not is_opt_out(text)


@pytest.mark.parametrize(
    ("text", "outcome"),
    [
        ("не пишите мне в выходные, а так пишите. сейчас ничего не надо", Outcome.NOTHING),
        ("ночью не пишите только. через неделю напомните", Outcome.LATER),
    ],
)
def test_a_time_not_to_write_at_is_no_opt_out_and_the_rest_is_read(text: str, outcome: Outcome) -> None:
    assert classify(text, today=date(2027, 3, 10), asks_for_parts=False).outcome is outcome


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("не пишите мне до весны", date(2027, 3, 1)),
        ("до января не пишите", date(2027, 1, 12)),  # January: after its holidays
        ("в этом месяце не пишите, в январе можно", date(2027, 1, 12)),
        ("не пишите до 15 января", date(2027, 1, 15)),
        ("не пишите до конца года", date(2027, 1, 1)),
        ("не пишите до следующей недели", date(2026, 12, 14)),
    ],
)
def test_not_to_write_until_a_day_is_later_from_that_day(text: str, day: date) -> None:
    reading = classify(text, today=date(2026, 12, 8), asks_for_parts=False)
    assert (reading.outcome, reading.next_contact) == (Outcome.LATER, day)


def test_the_days_not_to_write_on_are_no_day_to_write_on() -> None:
    reading = classify("не пишите в выходные пожалуйста, а так пишите", today=date(2026, 12, 9), asks_for_parts=False)
    assert reading.outcome is not Outcome.OPTED_OUT and reading.next_contact is None


@pytest.mark.parametrize(
    "text",
    [
        "не пишите до свидания",
        "не пишите мне до конца жизни",
        "не пишите до второго пришествия",
        "не пишите днем и ночью",
        "не пишите утром и вечером",
        "не пишите мне сейчас и вообще никогда",
        "не пишите до лучших времен",
        "ничего не надо, не пишите сейчас",
        "в выходные не пишите, в будни тоже",
        "не пишите мне в выходные, прощайте",
        "не пишите мне до весны, досвидания",
        "не пишите до весны и не звоните",
        "Не пишите мне до весны!!! Достали",
        "не пишите мне в выходные и болше",
        "не пишите мне до мая 2030",
        "не пишите по праздникам и по будням",
    ],
)
def test_a_time_beside_for_ever_or_no_day_at_all_is_still_an_opt_out(text: str) -> None:
    assert classify(text, today=date(2026, 12, 8), asks_for_parts=False).outcome is Outcome.OPTED_OUT


def test_a_part_needed_after_but_is_needed_now() -> None:
    reading = classify("нет, а вот жене колодки нужны", today=date(2026, 12, 8), asks_for_parts=True)
    assert reading.outcome is Outcome.NEED_NOW


def test_nothing_needed_until_a_day_is_later_from_that_day() -> None:
    reading = classify("до весны ничего не надо", today=date(2026, 12, 8), asks_for_parts=False)
    assert (reading.outcome, reading.next_contact) == (Outcome.LATER, date(2027, 3, 1))


@pytest.mark.parametrize(
    "text", ["нет, колодки поменял, а масло надо будет весной", "колодки не нужны, а вот через месяц масло надо будет"]
)
def test_a_part_needed_later_after_but_is_no_need_now(text: str) -> None:
    assert classify(text, today=date(2026, 12, 8), asks_for_parts=True).outcome is Outcome.LATER


def test_a_day_told_of_beside_nothing_books_no_reminder() -> None:
    reading = classify("ничего не надо, машину продал ещё до нового года", today=date(2026, 12, 8), asks_for_parts=False)
    assert reading.outcome is Outcome.NOTHING


@pytest.mark.parametrize(
    "text",
    [
        "ну может фильтра на ТО, но не сейчас",
        "колодки нужны, но не сейчас",
        "масло нужно, сейчас не до этого",
        "колодки нужны, но сейчас не надо",
        "колодки нужны не сейчас",
    ],
)
def test_a_part_needed_but_not_now_is_later(text: str) -> None:
    reading = classify(text, today=date(2026, 12, 8), asks_for_parts=True)
    assert (reading.outcome, reading.next_contact) == (Outcome.LATER, date(2026, 12, 22))


def test_a_part_needed_after_not_now_is_needed_now() -> None:
    assert classify("не сейчас, а колодки нужны", today=date(2026, 12, 8), asks_for_parts=True).outcome is Outcome.NEED_NOW


@pytest.mark.parametrize(
    "text",
    [
        "нужны колодки, масло сейчас не надо",  # one part is not needed, the other is
        "нужны колодки, вин скину не сейчас, машина у жены",  # the VIN comes later, not the need
        "колодки на рио нужны, можно не сейчас ответить, я на работе",
        "да, нужны колодки, можно не сейчас а завтра заеду?",
    ],
)
def test_something_else_put_off_leaves_the_need_now(text: str) -> None:
    assert classify(text, today=date(2026, 12, 8), asks_for_parts=True).outcome is Outcome.NEED_NOW


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Здравствуйте. Да, надо масло поменять, но после 15 числа", date(2026, 12, 16)),  # was need_now
        ("колодки нужны, но через месяц", date(2026, 12, 23)),
    ],
)
def test_a_need_said_with_but_and_a_later_day_is_later(text: str, day: date) -> None:
    reading = classify(text, today=date(2026, 11, 23), asks_for_parts=True)
    assert (reading.outcome, reading.next_contact) == (Outcome.LATER, day)


@pytest.mark.parametrize(
    "text",
    ["ошиблись в номере детали, правильный 04152-YZZA1", "вы не ошиблись номером?", "нет это не мой номер я такого не присылал"],
)
def test_a_number_put_right_or_a_question_is_no_wrong_number(text: str) -> None:
    assert not is_wrong_number(text)


def test_a_wrong_number_is_said_in_so_many_words() -> None:
    assert is_wrong_number("Я не Андрей, вы ошиблись номером.")


def test_no_time_now_beside_a_day_is_later() -> None:
    reading = classify("масло через неделю, а сейчас некогда", today=date(2026, 11, 23), asks_for_parts=True)
    assert reading.outcome is Outcome.LATER


@pytest.mark.parametrize(
    "text",
    [
        "масло нужно, но в следующий вторник привезёте?",
        "колодки нужны, но через месяц ещё и диски",
        "колодки нужны, но ближе к выходным привезите",
        "колодки нужны, но через неделю, можно заказать заранее?",
        "колодки нужны, но к пятнице чтобы были",
        "через 2 недели напомните, а сейчас скиньте цену на масло 5w30 4л",  # was later: the oil was dropped
    ],
)
def test_a_need_with_a_day_asked_or_bidden_after_but_is_needed_now(text: str) -> None:
    assert classify(text, today=date(2026, 11, 23), asks_for_parts=True).outcome is Outcome.NEED_NOW


@pytest.mark.parametrize(
    "text",
    [
        "вы ошиблись номером артикула, нужен 0986494524",
        "в прошлый раз вы ошиблись номером и прислали не то",
        "курьеры не туда попали, привезли на другой адрес",
        "мы не туда попали, нам нужен шиномонтаж",
    ],
)
def test_another_number_or_place_gone_wrong_is_no_wrong_number(text: str) -> None:
    assert not is_wrong_number(text)


@pytest.mark.parametrize("text", ["ВЫ ОШИБЛИСЬ НОМЕРОМ", "Не туда попали", "Здесь не Андрей, вы ошиблись"])
def test_a_wrong_number_is_heard_in_any_case(text: str) -> None:
    assert is_wrong_number(text)


@pytest.mark.parametrize("text", ["колодки через месяц напишите, а сейчас я в отпуске", "масло через неделю, а сейчас денег нет"])
def test_a_reason_not_to_buy_now_beside_a_day_is_later(text: str) -> None:
    assert classify(text, today=date(2026, 11, 23), asks_for_parts=True).outcome is Outcome.LATER


@pytest.mark.parametrize(
    "text", ["напомните через месяц, а сейчас колодки передние на рио", "напишите через 2 недели, а сейчас подскажите по свечам"]
)
def test_a_part_asked_for_now_beside_a_day_put_off_is_needed_now(text: str) -> None:
    assert classify(text, today=date(2026, 11, 23), asks_for_parts=True).outcome is Outcome.NEED_NOW


@pytest.mark.parametrize(
    "text",
    [
        "Здравствуйте, вы не туда попали",
        "вы ошиблись номером телефона",
        "номером ошиблись",
        "ошиблись номером, я ничего не заказывал",
        "вы ошиблись номером, я не жду никакой доставки",  # a stranger's own denials
        "Вы не туда попали. Я не заказывала у вас ни одной детали",
        "вы ошиблись номером, деньги за ваши запчасти я не платил",
        "вы ошиблись номером, пришлось второй раз вам писать",
        "вы ошиблись номером, я ничего не получал",
    ],
)
def test_a_wrong_number_said_with_a_greeting_or_a_reason_is_a_wrong_number(text: str) -> None:
    assert is_wrong_number(text)


@pytest.mark.parametrize(
    "text",
    [
        "Вы ошиблись номером, я оплатил заказ",
        "Вы ошиблись номером, деталь не та пришла",
        "вы ошиблись номером, заказ 4512 мой, оплатил вчера",
        "вы ошиблись номером, заказ получил, спасибо",
        "вы ошиблись номером, я у вас заказывал",
        "не туда попали, заказ пришёл, претензий нет",
    ],
)
def test_an_order_of_the_customers_own_said_with_a_wrong_number_is_no_stranger(text: str) -> None:
    assert not is_wrong_number(text)


@pytest.mark.parametrize(
    ("text", "outcome"),
    [
        ("Напишите через месяц, а сейчас масло только поменял", Outcome.LATER),  # the part done, not wanted
        ("Напишите весной, а сейчас резина новая стоит", Outcome.LATER),
        ("Через 2 недели напомните, а сейчас скиньте цену на масло, спасибо", Outcome.NEED_NOW),
        ("Через месяц напомните, а сейчас колодки нужны срочно, пусть привезут завтра", Outcome.NEED_NOW),
        ("через две недели напишите, а сейчас колодки на рио, поставлю сам", Outcome.NEED_NOW),  # incidental words
        ("напишите в январе, а сейчас масло моторное, брал у вас в прошлый раз такое", Outcome.NEED_NOW),
        ("через месяц, а сейчас щетки на рио, стоят ещё с завода", Outcome.NEED_NOW),
        ("напишите через месяц, а сейчас денег нет, сколько стоят колодки узнаю потом", Outcome.LATER),  # said first
        ("через месяц напомните, а сейчас спасибо, фильтр салона недавно менял", Outcome.LATER),
        ("напомните через пару недель, а сейчас занят, подскажите потом по маслу", Outcome.LATER),
        ("напомните через месяц, а сейчас аккумулятор купил недавно", Outcome.LATER),
        ("напишите через месяц, а сейчас занят, но свечи на солярис скиньте цену", Outcome.NEED_NOW),  # «но» a need
        ("напишите через месяц, а сейчас денег нет, но колодки нужны на рио", Outcome.NEED_NOW),
    ],
)
def test_what_is_said_after_a_sejchas_decides_whether_it_is_needed_now(text: str, outcome: Outcome) -> None:
    assert classify(text, today=date(2026, 11, 23), asks_for_parts=True).outcome is outcome


@pytest.mark.parametrize(
    ("text", "denied"),
    [
        ("я не андрей", True),
        ("это не Андрей вообще-то, кто вы", True),
        ("не знаю никакого андрея", True),
        ("андрей? нет таких тут", True),
        ("я не андрей, я его жена, заказ получила", False),  # an order of their own
        ("андрей на работе, вечером напишет", False),
        ("Андрея больше нет на этом номере", True),
        ("Андрея больше нет, номер он сменил", True),
        ("я андрей", False),
        ("Я коллега, Андрей тут не работает больше", True),  # was asked again about the car
        ("Андрей больше не работает в нашей компании", True),
        ("Андрей больше не работает в такси, это его бывший рабочий телефон", True),
        ("Андрей больше не работает в такси, машину продал", False),  # the customer, who left a job
    ],
)
def test_the_name_written_to_denied_is_a_stranger(text: str, denied: bool) -> None:
    assert denies_the_name(text, "Андрей") is denied


@pytest.mark.parametrize("text", ["вы меня с кем то путаете", "неправильный номер", "ошибочка вышла, не тому пишете"])
def test_a_wrong_number_said_in_other_words_is_heard(text: str) -> None:
    assert is_wrong_number(text)


@pytest.mark.parametrize(
    ("text", "died"),
    [
        ("Андрея больше нет. Это его жена.", True),
        ("муж умер в прошлом месяце, машину продали", True),
        ("его не стало весной", True),
        ("Аккумулятор умер, нужен новый", False),  # a part, not a person
        ("машины больше нет, продал", False),
        ("Колодки уже умерли", False),
        ("Андрея больше нет, он переехал в другой город", False),  # alive elsewhere
        ("Андрея больше нет в городе", False),
        ("Андрея больше нет, он погиб в аварии в другом городе", True),  # a death word wins
        ("Андрея больше нет, похоронили в другом городе", True),
        ("Андрея уже нет в живых", True),
        ("Андрея тут больше нет", False),  # a wrong number
        ("аккумулятор старый, он умер", False),
        ("Похоронили в прошлом месяце", True),  # no one named: the funeral says it
        ("Андрея больше нет(", True),
        ("андрей разбился насмерть", True),
        ("Похоронили отца, сейчас не до этого, через две недели напишите", False),  # asks to be written to: alive
        ("Он погиб? Нет, жив, просто занят. Напишите после зарплаты", False),
        ("Я не вдова, мы развелись. Андрей тут не живёт", False),
        ("Андрей погиб для нас, уволился с позором", False),
        ("андрей умер со смеху от вашей рассылки 😂 ничего не надо", False),
        ("Андрея больше нет, он ушёл на другую работу", False),
        ("Андрея больше нет дома, он на работе. Передам", False),
        ("Андрея больше нет. Это его жена. Машину продали.", True),  # the family sold it
        ("похоронили мою ласточку после аварии 😢 больше ничего не нужно", False),  # the car
        ("Мы похоронили бабушку, пока не до запчастей", False),  # someone else
        ("мы его похоронили в прошлом месяце", True),
        ("жена умерла, не до этого сейчас", False),  # Андрей's wife, not Андрей
        ("я вдовец, ничего не нужно", False),
        ("я его вдова, пишите больше не надо", True),  # no asking to be written to
        ("похоронили в прошлом месяце мою ласточку, новую машину ещё не купил", False),
        ("в прошлом месяце похоронили мою старую машину", False),
        ("похоронили в прошлом месяце кота", False),
        ("похоронили мужа неделю назад", True),
    ],
)
def test_a_death_is_told_by_kin_or_the_customers_name_not_by_a_part(text: str, died: bool) -> None:
    assert tells_of_a_death(text, "Андрей") is died


@pytest.mark.parametrize("text", ["я получил заказ в августе, спасибо", "пока ничего, менял масло в сентябре"])
def test_a_month_told_of_what_was_done_then_is_no_day_to_write_on(text: str) -> None:
    assert classify(text, today=date(2026, 11, 23), asks_for_parts=False).outcome is not Outcome.LATER  # was next August


def test_a_month_to_come_beside_one_told_of_what_was_done_then_is_the_day_to_write_on() -> None:
    reading = classify("получил в сентябре, а в марте буду менять колодки", today=date(2026, 11, 23), asks_for_parts=True)
    assert (reading.outcome, reading.next_contact) == (Outcome.LATER, date(2027, 3, 1))  # was September


def test_a_customer_who_moved_is_no_death_in_either_gender() -> None:
    assert not tells_of_a_death("Ольги больше нет, она переехала", "Ольга")


def test_a_husbands_death_told_to_a_woman_customer_is_not_hers() -> None:
    assert not tells_of_a_death("муж умер в прошлом месяце", "Ольга") and tells_of_a_death("я вдовец", "Ольга")


@pytest.mark.parametrize(
    "text",
    [
        "это служебный телефон, сотрудник уволился, номер передали мне",
        "это рабочий номер, Андрей уволился",
        "номер мне отдали на работе, я его не знаю",
    ],
)
def test_a_work_phone_passed_on_is_a_wrong_number(text: str) -> None:
    assert is_wrong_number(text)  # was a question whether the car needs something


@pytest.mark.parametrize("text", ["уволился с работы, сейчас не до машины", "номер детали передали мне в сервисе"])
def test_a_customer_out_of_work_or_a_part_number_is_no_wrong_number(text: str) -> None:
    assert not is_wrong_number(text)


def test_a_death_in_the_family_is_mourned_a_relative_in_hospital_is_not() -> None:
    assert mourns("папа умер в августе") and not mourns("брат в реанимации, пока ничего не надо")


@pytest.mark.parametrize("text", ["удалите", "удалите мой номер", "номер можете удалить", "я же просила удалить"])
def test_remove_said_to_the_shop_or_with_what_may_be_an_opt_out(text: str) -> None:
    assert sounds_like_refusal(text)


@pytest.mark.parametrize("text", ["катализатор хочу удалить", "фото удалила, вин потом пришлю"])
def test_removing_something_else_is_no_refusal(text: str) -> None:
    assert not sounds_like_refusal(text)


def test_a_need_said_to_be_gone_later_is_no_later() -> None:
    reading = classify(
        "спасибо, ничего не нужно, через неделю машину продаю, больше не понадобится",
        today=date(2026, 11, 23),
        asks_for_parts=False,
    )
    assert reading.outcome is Outcome.NOTHING


@pytest.mark.parametrize(
    "text", ["да, нужно, но не сейчас, в октябре. колодки на гранту", "колодки нужны не сейчас, через месяц"]
)
def test_a_need_put_off_to_a_day_said_after_not_now_is_later(text: str) -> None:
    reading = classify(text, today=date(2026, 9, 1), asks_for_parts=True)
    assert reading.outcome is Outcome.LATER and reading.next_contact == date(2026, 10, 1)
