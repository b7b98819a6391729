"""What is a complaint about an earlier order (a manager's) and what only sounds like one."""

from __future__ import annotations

import pytest

from bot.dialogue.complaints import adds_to_an_order, asks_after_an_order, complains, demands_a_refund, parts_needed_beside


@pytest.mark.parametrize(
    "text",
    [
        "вы мне вчера продали не тот фильтр, он не встаёт",
        "Подскажите, как оформить возврат? Купил у вас фару, не подошла",
        "Виталий, по гарантии поменяете? брал у вас аккум варта в ноябре, уже не держит",
        "в прошлый раз у вас колодки не те пришли, больше не закажу",
        "нет. вы меня в прошлый раз обманули с ценой",
        "сначала верните деньги за прошлый заказ, потом пишите",
    ],
)
def test_trouble_with_an_earlier_order_of_the_shop_is_a_complaint(text: str) -> None:
    assert complains(text)


@pytest.mark.parametrize(
    "text",
    [
        "а если не подойдет вернёте деньги?",  # the return policy, before buying
        "Датчик парковки задний, 2 шт. Возврат если не подойдут возможен?",
        "а у вас подбор по вину точный? в прошлый раз в другом магазине не подошло",  # not this shop's order
        "кстати вчера не тот вин кинул, вот этот верный: KNAPB81ABL7123456",  # the customer's own slip
        "Я вам в прошлый раз неправильный вин дал, поэтому фильтр не подошёл",
        "карты сейчас принимаете? в прошлый раз терминал не работал",
        "ТО сделал по гарантии у дилера, ничего не нужно",
        "Нет. Верните пожалуйста разговор менеджеру",
        "вчера потекла помпа, нужна новая на солярис 2017",  # a breakdown, not the shop's order
        "как у вас возврат денег происходит?",  # the policy asked about
        "в прошлый раз брал на экзисте, колодки не подошли, нужны передние на камри 50",
        "вчера прислал не тот вин, вот правильный JTNBE40K003123456",
        "нет, вин XTA217030C0123465, вы последние цифры перепутали",  # a reading put right, in this conversation
    ],
)
def test_what_only_sounds_like_a_complaint_is_none(text: str) -> None:
    assert not complains(text)


@pytest.mark.parametrize(
    "text",
    [
        "пришла не та деталь, что делать?",
        "привезли не те колодки",
        "не ту деталь привезли, мне нужна была левая",
        "вы перепутали заказ, мне нужен был левый",
        "пришла фара не той стороны",
        "курьер привёз не то",
        "продавец выдал не ту деталь, поменяйте",
        "привезли не те колодки, но не подошли",
        "прислали не тот фильтр? это как понимать",  # indignant, not asking
        "в прошлый раз пришла фара не той стороны",  # was none: the last time, told first
        "добрый день, подскажите можно ли вернуть деталь? не подошла",  # a return of what did not fit
        "Хочу вернуть товар, не подошёл. Как это сделать?",
        "Мне в прошлый раз прислали не то, больше к вам не пойду",
        "не те колодки дали!",  # sold or given wrong: was no complaint
        "продали не тот",
    ],
)
def test_an_order_that_came_wrong_is_a_complaint_with_no_shop_named(text: str) -> None:
    assert complains(text)


@pytest.mark.parametrize(
    "text",
    [
        "заказал на озоне, пришла не та деталь, нужна правильная",  # another seller
        "с али пришла не та лампа, есть у вас h7?",
        "у соседа пришли не те диски, а мне нужны колодки на рио",
        "если пришлют не то, поменяете?",  # what if
        "а если курьер привезёт не то?",
        "пришло уведомление не того заказа, а колодки на поло нужны",  # no goods came
        "курьер привез не то что я хотел, но подошло, спасибо!",  # fine after all
        "вчера прислал не тот вин, вот правильный",  # the customer's slip
        "мы перепутали заказ, хотели другой",
        "вы не перепутали заказ?",
        "прислали не то фото, покажите другое",  # this chat
        "пришли мне не то фото а нормальное",  # «send me»
    ],
)
def test_an_order_from_elsewhere_or_one_not_yet_made_that_came_wrong_is_no_complaint(text: str) -> None:
    assert not complains(text)


def test_money_asked_back_is_a_refund_but_a_policy_question_is_not() -> None:
    assert demands_a_refund("до сих пор жду возврат денег за колодки")
    assert not demands_a_refund("возврат денег если товар не понадобился сколько дней?")


def test_to_the_campaign_the_last_time_is_the_shops_order_but_a_breakdown_is_still_a_need() -> None:
    assert complains("Нет уж, в прошлый раз колодки не подошли", to_the_campaign=True)
    assert not complains("Нет уж, в прошлый раз колодки не подошли")  # to the shop first: whose order is unsaid
    assert not complains("вчера сломался стартер, нужен новый на гранту", to_the_campaign=True)


@pytest.mark.parametrize(
    "text",
    [
        "я заказывал у вас сцепление на прошлой неделе, когда привезут?",
        "где мой заказ?? оплатил три дня назад",
        "Мой заказ 4512 когда приедет?",
        "я месяц жду заказ!",  # waited on for long: the shop's order, no question needed
        "уже месяц жду звонка от менеджера",
        "заказ жду вторую неделю",
    ],
)
def test_an_order_of_the_shop_asked_after_is_for_a_manager(text: str) -> None:
    assert asks_after_an_order(text)


@pytest.mark.parametrize(
    "text", ["нужны колодки на солярис, когда привезут если закажу?", "заказывал на озоне, когда привезут не знаю, а у вас есть?"]
)
def test_a_delivery_time_asked_before_ordering_is_no_order_asked_after(text: str) -> None:
    assert not asks_after_an_order(text)


@pytest.mark.parametrize("text", ["всё, жду звонка менеджера", "жду зарплату", "жду ответа от страховой"])
def test_waiting_just_begun_or_not_on_the_shop_is_no_order_asked_after(text: str) -> None:
    assert not asks_after_an_order(text)


@pytest.mark.parametrize(
    "text",
    [
        "брал у вас в прошлом году масло, нужно такое же, когда привезёте?",  # a new need: a request
        "колодки на солярис. если закажу, когда привезут от вас?",
        "ваш бот сказал что есть колодки на солярис, когда привезут?",
    ],
)
def test_a_new_need_or_a_delivery_time_is_no_order_asked_after(text: str) -> None:
    assert not asks_after_an_order(text)


@pytest.mark.parametrize(
    "text",
    [
        "нужно поменять диски, старые не подходят под новые колодки",  # replaced on the car, not returned
        "купил с рук колодки, не подошли, можно вернуть?",  # not the shop's
        "не подошёл фильтр, пришлось вернуть, теперь нужен другой на поло",  # a need
    ],
)
def test_a_replacement_or_a_part_from_elsewhere_is_no_return_complaint(text: str) -> None:
    assert not complains(text)


@pytest.mark.parametrize(
    "text",
    [
        "хочу вернуть деталь, не подходит",
        "фильтр не подошёл, нужно вернуть деньги",
        "деталь не подошла, надо обменять",
        "не подошёл, поменять можно?",
        "хочу поменять присланный ремень, не подходит по длине",  # what the shop sent, not what is on the car
        "поменять колодки хочу, ваши не подходят",
    ],
)
def test_a_part_that_does_not_fit_returned_or_exchanged_is_a_complaint(text: str) -> None:
    assert complains(text)


@pytest.mark.parametrize(
    "text",
    [
        "хочу поменять масло, это не подходит по вязкости",
        "поменять дату доставки, мне не подходит",
        "хочу поменять резину, старая не подходит по размеру",
        "надо поменять колодки, старые совсем уже не подходят",  # words between
        "нужно поменять тормозные диски, старые тормозные диски не подходят по толщине",
        "хочу поменять лампы на светодиодные, галогенки не подходят",  # «поменять» what is on the car, nothing bought
        "надо поменять шины, диски под новые не подходят",
    ],
)
def test_a_taste_a_date_or_the_old_part_on_the_car_is_no_return(text: str) -> None:
    assert not complains(text)


@pytest.mark.parametrize(
    "text",
    [
        "где мой заказ? ещё не пришёл",
        "заказ номер 123, когда привезут? мне нужно срочно",
        "купил у вас колодки, когда привезут?",
        "заказывал у вас колодки, когда привезут? очень надо, колодки совсем стерлись",  # the part ordered, not a new one
        "где мой заказ? ещё вчера должны были привезти колодки",
        "я заказывал у вас масло, когда привезут? надо масло поменять до поездки",
        "где мой заказ?? хочу отменить колодки если не пришли",
    ],
)
def test_an_order_asked_after_with_urgency_or_not_yet_is_still_for_a_manager(text: str) -> None:
    assert asks_after_an_order(text)


@pytest.mark.parametrize(
    "text",
    [
        "Заказывал у вас фильтр, когда привезут? Надо ещё масло 5л на рио 2015",
        "Где мой заказ? И нужен фильтр салона",
        "где мой заказ? ещё хочу фильтр салона",
        "где мой заказ 5561? а то ещё фильтр нужен на рио",
        "где мой заказ? добавьте к нему масло 4л",
        "где мой заказ? можно к нему ещё антифриз добавить",
    ],
)
def test_a_part_needed_beside_an_order_asked_after_is_a_request(text: str) -> None:
    assert not asks_after_an_order(text)


@pytest.mark.parametrize(
    "text",
    ["Хочу вернуть фильтр, не подошёл на штатное место", "Колодки не подошли, хочу вернуть, подскажите время работы"],
)
def test_a_return_with_incidental_words_is_still_a_complaint(text: str) -> None:
    assert complains(text)


@pytest.mark.parametrize(
    "text",
    [
        "где мой заказ? добавьте к нему масло",
        "заказывал у вас фильтр, когда привезут? И нужен диск передний",
        "что с моим заказом? и ещё нужен воздушный фильтр",
        "где мой заказ? и добавьте, пожалуйста, антифриз",
    ],
)
def test_a_part_added_to_an_order_asked_after_is_both(text: str) -> None:
    assert adds_to_an_order(text) and not asks_after_an_order(text)


@pytest.mark.parametrize(
    "text",
    [
        "статус заказа подскажите",
        "Здравствуйте, статус заказа 4512 подскажите",
        "заказ оформлял неделю назад, где он?",
        "что там с моим заказом?",
        "есть новости по моему заказу?",
    ],
)
def test_the_customers_own_order_asked_after_in_other_words_is_for_a_manager(text: str) -> None:
    assert asks_after_an_order(text)


@pytest.mark.parametrize(
    "text", ["хочу оформить заказ на колодки, когда привезут?", "где он стоит, этот датчик?", "статус доставки какой у вас?"]
)
def test_no_order_of_the_customers_own_asked_after_is_no_order_question(text: str) -> None:
    assert not asks_after_an_order(text)


@pytest.mark.parametrize(
    ("text", "needed"),
    [
        ("вы мне в прошлый раз не ту сторону рычага дали. но сейчас нужны свечи на ту же машину", {"свечи зажигания"}),
        ("прислали не тот фильтр, а теперь надо ещё колодки передние", {"колодки тормозные передние"}),
        ("в прошлый раз прислали не те колодки, нужно вернуть деньги", set()),
        ("не тот фильтр прислали, нужен правильный фильтр", set()),
        ("вы не тот фильтр дали. Теперь ремень грм нужен", {"ремень ГРМ"}),  # the need after the part was lost
    ],
)
def test_a_need_said_besides_a_complaint_in_words_of_its_own_names_its_parts(text: str, needed: set[str]) -> None:
    assert parts_needed_beside(text) == needed


@pytest.mark.parametrize(
    "text",
    [
        "думал вы не те колодки дали, но я проверил — всё правильно",
        "да нет, всё подошло, спасибо",
    ],
)
def test_trouble_found_to_be_none_is_no_complaint(text: str) -> None:
    assert not complains(text)


def test_money_for_a_named_return_not_given_back_is_a_refund() -> None:
    assert demands_a_refund("деньги за возврат стойки так и не вернули")  # was a request for struts


@pytest.mark.parametrize("text", ["Здравствуйте. Какая гарантия на ваши запчасти?", "есть ли гарантия на ваши запчасти"])
def test_asking_about_the_warranty_is_no_complaint(text: str) -> None:
    assert not complains(text)


@pytest.mark.parametrize(
    "text",
    [
        "у меня нет претензий, всё отлично",
        "есть жалоба на стук в подвеске спереди, нужны стойки на камри 2015",
        "на СТО мастер нахамил, хочу сам поменять колодки",
        "ужасный сервис у официалов, нужны колодки на солярис",
        "нужно поменять колодки, не те купил в другом магазине, камри 2015",
    ],
)
def test_no_claim_or_rudeness_elsewhere_or_a_part_bought_elsewhere_is_no_complaint(text: str) -> None:
    assert not complains(text)


@pytest.mark.parametrize(
    "text",
    [
        "ВЫ МОШЕННИКИ!!! деньги взяли, а товара нет уже 3 недели",
        "Заказывал колодки, пришли с браком, одна треснула. Что делать??",
        "хочу вернуть аккумулятор",
        "хочу узнать про возврат аккумулятора",
    ],
)
def test_fraud_alleged_a_defect_told_or_a_part_to_take_back_is_a_complaint(text: str) -> None:
    assert complains(text)


@pytest.mark.parametrize(
    "text",
    [
        "А вы вообще кто, робот? Откуда мне знать, что вы мошенники не какие-нибудь?",
        "можно будет вернуть аккумулятор если не подойдет?",
        "сдать старый аккумулятор можно?",
    ],
)
def test_a_doubt_asked_or_a_return_policy_asked_before_buying_is_no_complaint(text: str) -> None:
    assert not complains(text)


@pytest.mark.parametrize(
    "text",
    ["здрасте, заказ 7789 когда будет? обещали вчера", "оформлял на сайте заказ 33120, статус не меняется уже неделю"],
)
def test_an_order_of_the_shop_asked_after_in_other_words_is_for_a_manager(text: str) -> None:
    assert asks_after_an_order(text)


def test_when_a_part_will_be_in_stock_asks_after_no_order() -> None:
    assert not asks_after_an_order("когда будет в наличии фильтр?")


def test_a_need_said_first_beside_an_order_asked_after_is_both() -> None:
    assert adds_to_an_order("Хочу заказать свечи на поло, и ещё — когда приедет мой прошлый заказ №5521?")


@pytest.mark.parametrize("text", ["хочу отменить заказ", "отмените мой заказ", "хочу отказаться от заказа 7788"])
def test_an_order_to_cancel_is_asked_after(text: str) -> None:
    assert asks_after_an_order(text)
