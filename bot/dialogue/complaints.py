"""«Вы мне вчера продали не тот фильтр», «в прошлый раз колодки не подошли», «верните деньги за прошлый
заказ»: a complaint about an earlier order. A manager sorts it out, so it goes on the deal's note and
the customer is handed over — not asked for a VIN, nor thanked, nor offered a discount.

A question about the return policy before buying («а если не подойдёт, возврат можно?») is no
complaint: no earlier order is told of. Neither is trouble with a part bought elsewhere."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.dialogue.latin import russian_reading
from catalogs.part_names import extract_parts, parses

# an order of this shop told of: «брал у вас», «вы мне продали», «ваш менеджер», «от вас»
_THE_SHOPS = re.compile(
    r"\b(?:купил|брал|заказывал|покупал|взял)\w*\s+(?:\w+\s+){0,2}?у\s+вас\b|\bу\s+вас\s+(?:\w+\s+){0,3}?(?:купил|брал|заказывал|покупал|взял)\w*"
    r"|\bвы\s+(?:\w+\s+){0,6}?(?:продали|прислали|привезли|отправили|положили|выдали|дали|подобрали|записали|обманули)\b|\bот\s+вас\b|\bваш\w*\s+(?:менеджер|бот|заказ|запчаст|детал)"
    r"|\bу\s+вас\s+(?:\w+\s+){0,3}?(?:пришл\w*|оказал\w*)|\bранее\s+купленн\w*\s+у\s+вас|\bкупленн\w*\s+у\s+вас",
    re.IGNORECASE,
)
# the last order, which to the campaign («давно не виделись») can only be the shop's: «в прошлый раз»
_LAST_TIME = re.compile(r"\bв\s+(?:прошлый|тот)\s+раз|\bпрошлый\s+раз|\bс\s+прошлого\s+раза|\bпрошл\w*\s+заказ\w*", re.IGNORECASE)
# what went wrong with it
_TROUBLE = re.compile(
    r"\bне\s+подош\w*|\bне\s+подходит|\bне\s+подходят|\bне\s+вста\w*|\bбрак\w*|\bпот[её]к\w*|\bсломал\w*|\bне\s+держит"
    r"|\bлопнул\w*|\bтреснул\w*|\bразвалил\w*|\bобманул\w*|\bвозврат(?:а|ом|у)?\b|\bвернуть\b|\bобменять\b|\bпоменяете\b|\bпо\s+гаранти\w*"
    r"|\bпересорт\w*|\bне\s+доложили|\bскрип(?:ят|ит|ел\w*)|\bстуч(?:ат|ит)|\bгуд(?:ит|ят)|\bне\s+работа\w*|\bсгорел\w*"
    r"|\bвышл?\w*\s+из\s+строя|\bвскрыт\w*|\bне\s+хватает|\bнедостач\w*|\bповрежд[её]н\w*|\bпомят\w*|\bразбит\w*"
    r"|\b(?:одного|одной|одна|один|половины)\s+(?:\w+\s+)?нет\b|\bнет\s+(?:одного|одной|половины)\b"
    r"|\bсдох\w*"  # «аккумулятор, который брал у вас в сентябре, сдох. гарантия же есть?»
    r"|\bнеправильн\w*\s+(?:\w+\s+)?(?:прислал|привез|продал|положил|отправил|подобрал|выдал)\w*"  # «неправильный фильтр прислали»
    # «не тот фильтр» — sent by the shop («прислали не то», «колодки пришли не те»), not said by the customer
    r"|\bне\s+(?:то|те|ту|тот|та|того|тех)\b(?=.*?\b(?:(?:продал|прислал|привез|пришл|пришли|подобрал|положил|отправил|выдал|оказал|отгрузил)\w*|дал[аи]?\b))"
    r"|\b(?:(?:продал|прислал|привез|пришл|пришли|подобрал|положил|отправил|выдал|оказал|отгрузил)\w*\b|дал[аи]?\b)(?:\s+\w+){0,3}?\s+не\s+(?:то|те|ту|тот|та|того|тех)\b",
    re.IGNORECASE,
)
# an order that came wrong, told first thing in its sentence with no one else named, for only the seller sends:
# «пришла не та деталь», «колодки привезли не те», «вы перепутали заказ» — not «с али пришла не та лампа», «у
# соседа…», «прислали не то фото» (this chat), «пришли мне не то…» (send me), «вы не перепутали заказ?»
_OPENING = (
    r"^\W*(?:(?:здравствуйте|здрасте|добр\w+\s+\w+|привет\w*|мне|нам|вчера|сегодня|опять|снова|а|но|и|блин|короче|ну"
    r"|к\s+сожалению|у\s+меня|в\s+итоге|только\s+что|(?:в\s+)?(?:прошлый|тот|последний)\s+раз)\W+)*"
    r"(?:(?!(?:с|со|из|в|во|на|у|от|по|друз\w*|сосед\w*|брат\w*|жен\w*|муж\w*|знаком\w*|мы|я)\b)[а-яё]+\s+)?"
)
_SENT = r"(?:привезли|прислали|пришл[аио]|пришел|отгрузили|положили|выдали|доставили|продали|дали|подсунули|всучили|впарили)"
_WRONG_ONE = r"не\s+(?:то|те|ту|тот|та|той|того|тех)\b(?!\s+(?:фото\w*|артикул\w*|код\w*|смс|sms|сумм\w*|уведомлен\w*|врем\w*|ссылк\w*|номер\w*|сч[её]т\w*))"
# what came that is no order: «пришло уведомление не того заказа»
_NOT_GOODS = r"уведомлен|смс|sms|сообщени|письм|ссылк|чек|сч[её]т"
# the wrong thing turned out fine: «курьер привез не то что я хотел, но подошло»
_BUT_FINE = re.compile(
    r"\bно\s+(?:(?!не\b)\w+\s+)?(?:подош(?:[её]л|л[аио]?)|подходит|устраивает|норм(?:ально)?)\b(?![^,.!?]*\bне\b)", re.IGNORECASE
)
# one of the shop's people who brought the order, named: «курьер привёз не то» (unnamed, «привёз не то»
# may be the customer's own doing)
_SENT_BY = (
    r"(?:ваш\w*\s+)?(?:курьер|водитель|доставщик|продавец|менеджер|кладовщик)\w*"
    r"\s+(?:привез(?:л[аи]?)?|привёз|(?:прислал|доставил|отгрузил|положил|выдал|отдал)[аи]?)\b"
)
_CAME_WRONG = re.compile(
    rf"{_OPENING}(?:{_SENT}\b(?<!пришли)(?:\s+(?!{_NOT_GOODS})\w+){{0,3}}?\s+{_WRONG_ONE}|{_SENT}\s+{_WRONG_ONE}|{_WRONG_ONE}\s+(?:\w+\s+){{0,2}}?{_SENT}\b"
    rf"|{_SENT_BY}(?:\s+\w+){{0,3}}?\s+{_WRONG_ONE})"
    r"|\bвы\s+(?:мне\s+|нам\s+)?перепутали\s+(?:\w+\s+){0,2}?заказ",
    re.IGNORECASE,
)
# an order of this shop asked after: «я заказывал у вас сцепление, когда привезут?», «где мой заказ?»
_CANCEL_ORDER = r"\b(?:отказат\w*|отказыва\w*|отменит\w*|отмените|отменить)\s+(?:от\s+)?(?:мо\w+\s+|наш\w*\s+)?заказ"
_ORDER_ASKED = re.compile(
    r"\bкогда\s+(?:\w+\s+)?(?:привез\w*|прид[её]т|придут|приедет|приедут|отправ\w*|доставят|будет\s+готов\w*)"
    r"|\bкогда\s+(?:уже\s+)?будет\b(?!\s+(?:\w+\s+)?(?:в\s+наличии|наличи\w*|поступлени\w*))|\bобещали\b"  # «заказ 7789 когда будет? обещали вчера»
    r"|\bстатус\w*\s+(?:так\s+и\s+|вс[её]\s+ещ[её]\s+|уже\s+)?не\s+(?:меня|обновля|измен)\w*"  # «статус не меняется уже неделю»
    r"|\bгде\s+(?:\w+\s+)?(?:мой|наш)\s+заказ|\bстатус\w*\s+(?:\w+\s+)?заказ|\bотправили\s+ли|\bприш(?:ел|ёл|л\w*)\s+ли\b"
    r"|\bчто\s+(?:там\s+)?(?:с|по)\s+(?:мо|наш)\w*\s+заказ|\bкак\s+там\s+(?:мо|наш)\w*\s+заказ|\bновост\w*\s+(?:\w+\s+){0,2}заказ"
    r"|\bгде\s+(?:же\s+)?он[аи]?\b|\bотслед\w*|\bтрек\w*|\bникто\s+не\s+(?:звонит|пишет|связ\w*|перезвон\w*|ответ\w*)"
    r"|\bчто\s+там\b|\bкак\s+там\b|\bесть\s+(?:\w+\s+)?новост|\bответ\w*\s+(?:так\s+и\s+)?нет|\bне\s+ответил\w*"
    # «заказ №4512 готов к выдаче?», «когда позвонят?», «оплатил заказ, ничего не пришло»
    r"|\bготов\w*\s+(?:\w+\s+)?(?:к\s+выдач\w*|забира\w*|забрать)|\bможно\s+(?:уже\s+)?забира\w*|\bкогда\s+(?:\w+\s+)?(?:позвонят|перезвонят|свяжутся|наберут|ответят)"
    r"|\bничего\s+не\s+приш(?:ло|[её]л|ла|ли)\b"
    r"|\bзаказ\w*\s+(?:№\s*|#\s*|номер\s+)?\d{3,}\s+где\b|\bстатус\w*\s+(?:как\w*|\?)|\bкак\w*\s+статус"  # «заказ 45821 где?»
    # «заказ 66710 уже собран? когда можно забрать», «курьер не приехал», «до сих пор не пришло смс»
    r"|\bпо\s+(?:прошл|мо|наш|сво)\w*\s+заказ\w*|\bсобран\w*\s*\?|\bкогда\s+(?:можно\s+|мне\s+)?(?:забрать|забирать|подъехать|приехать\s+за)\b"
    r"|\b(?:курьер|доставк\w*|водитель)\s+(?:\w+\s+)?не\s+(?:приехал|привез\w*|прив[её]з|доставил\w*|позвонил)"
    r"|\bдо\s+сих\s+пор\s+(?:\w+\s+)?не\s+(?:приш\w*|привез\w*|доставил\w*|позвонил\w*|написал\w*|отправил\w*)"
    r"|\bтак\s+и\s+не\s+(?:приш\w*|привез\w*|доставил\w*|отправил\w*|пришел|пришёл)"  # «прошлый заказ так и не пришел»
    rf"|{_CANCEL_ORDER}",  # «хочу отказаться от заказа 7788»
    re.IGNORECASE,
)
# an order to be cancelled is one the customer made here, whether or not they say «мой»: «хочу отменить заказ»
_ORDER_CANCELLED = re.compile(_CANCEL_ORDER, re.IGNORECASE)
# a request made before, told of: «я вам вчера писал про рычаги», «спрашивал у вас про стартер», «оставлял заявку»
_ASKED_BEFORE = re.compile(
    r"\b(?:писал\w*|обращал\w*|спрашивал\w*)\s+(?:\w+\s+){0,2}?(?:вам|у\s+вас)\b|\b(?:вам|у\s+вас)\s+(?:\w+\s+)?(?:писал|обращал|спрашивал)\w*"
    r"|\bоставлял\w*\s+(?:\w+\s+)?заявк|\b(?:мо[яюей]|наш[аеу]?)\s+заявк",
    re.IGNORECASE,
)
# the customer's own order named: «мой заказ», «с моим заказом», «заказ №4512», «статус заказа», «заказ оформлял»
_MY_ORDER = re.compile(
    r"\b(?:мо(?:й|его|ему|им|[её]м|и|их)|наш(?:|его|ему|им|ем|и|их))\s+заказ|\bзаказ\w*\s+(?:номер|№|#)\s*\d"
    r"|\bстатус\w*\s+(?:\w+\s+)?заказ|\bзаказ\w*\s+(?:\w+\s+)?(?:оформ(?:ил|лял)|с?делал)\w*|\b(?:оформ(?:ил|лял)|с?делал)\w*\s+(?:\w+\s+)?заказ"
    r"|\bоплатил\w*\s+(?:\w+\s+)?заказ|\bзаказ\w*\s+\d{4,}|\bпро\s+(?:мой\s+|свой\s+|наш\s+)?заказ"  # «заказ 12345 когда придет?»
    r"|(?:\bя\s+(?:\w+\s+)?|^\W*(?:\w+\W+)?)заказывал\w*\b"  # «я вчера заказывал свечи, статус какой?», «Заказывал 3 дня назад»
    r"|\bзаказ\w*\s+(?:№\s*|#\s*)?\d{2,}-\d{2,}|\bпрошл\w+\s+заказ\w*"  # «Заказ 74-552», «по доставке прошлого заказа»
    r"|^\W*(?:а\s+)?заказ\w*\s+(?:так\s+и\s+|до\s+сих\s+пор\s+|вс[её]\s+ещ[её]\s+|ещ[её]\s+)?не\s+(?:приш|привез|достав|отправ)",  # «заказ не пришел»
    re.IGNORECASE,
)
# the customer picked the wrong one themselves: «ошибся с моделью», «не тот заказал» — an exchange a manager arranges
_OWN_WRONG_PICK = (
    r"ошиб(?:ся|лась)\s+(?:с|в)\s+(?:модел|выбор|артикул|размер|маркой|машин)\w*|не\s+т(?:от|у|ой|е)\s+(?:взял|заказал|купил)\w*"
)
_WRONG_PICK = re.compile(_OWN_WRONG_PICK, re.IGNORECASE)
_EXCHANGED = re.compile(r"\b(?:обменять|вернуть|возврат\w*)\b", re.IGNORECASE)  # not «поменять колодки» on the car
# a part that did not fit, to be returned or exchanged: «можно ли вернуть деталь? не подошла», «хочу вернуть деталь,
# не подходит» (not «если не подойдёт», not the old part on the car: «надо поменять колодки, старые не подходят»)
_RETURN_OF_IT = re.compile(
    r"^(?=.*\b(?:вернуть|возврат\w*|обменять|поменять)\b)(?=.*\b(?:не\s+(?:подош(?:ла|[её]л|ли|ло)|подходит|подходят)\b|неподош\w*|неподходящ\w*"
    rf"|{_OWN_WRONG_PICK}))",
    re.IGNORECASE | re.DOTALL,
)
# what is no return: the part on the car, a taste, a date or bonuses («старые не подходят», «родной уже совсем не
# подходит», «эти не подходят», «мне не подходит», «поменять дату», «обменять бонусы»)
_NO_RETURN = re.compile(
    r"\b(?:стар\w*|штатн\w*|родн\w*|нынешн\w*|эти|это|эта|этот|те|мне)\s+(?:\w+\s+){0,4}?не\s+подход"
    r"|\bпод\s+нов\w*\s+не\s+подход|\b(?:помен|обмен)\w*\s+(?:дат|врем|бонус|балл)",
    re.IGNORECASE,
)
# a part to be changed on the car because the one there does not suit: «хочу поменять лампы на светодиодные, галогенки не
# подходят» — «поменять» with «не подходит» only, nothing bought or asked back («не подошёл, поменять можно?»)
_CHANGED_ON_THE_CAR = re.compile(
    r"^(?!.*\b(?:вернуть|возврат\w*|обменять|подош\w*|можно|детал\w*|запчаст\w*|товар\w*|у\s+вас|ваш\w*|привез\w*|купленн\w*"
    r"|получ\w*|пришл[иао]|заказанн\w*|присланн\w*|доставлен\w*)\b)",
    re.I | re.S,
)


# an order placed with the shop, told of: «заказывал у вас», «купил у вас», «оплатил заказ»
_ORDERED = re.compile(
    r"\b(?:заказ(?:ал|ала|ывал|ывала|али)|оплатил\w*|купил\w*|брал\w*|взял\w*)\s+(?:\w+\s+){0,3}?у\s+вас\b"
    r"|\bу\s+вас\s+(?:\w+\s+){0,2}?заказ(?:ал|ывал)\w*",
    re.IGNORECASE,
)
# a new need beside it: «брал у вас масло, нужно такое же», «…? И нужен диск передний», «если закажу»
_NEW_NEED = re.compile(
    r"\bтак(?:ое|ие|ую|ой)\s+же\b|\bтеперь\s+нуж|\bмне\s+тоже\b|\bесли\s+(?:\w+\s+)?закаж|\bзакажу\b|\bнов(?:ый|ая|ое|ые|ую)\b",
    re.IGNORECASE,
)
# a part needed besides, said as one: «…? И нужен диск передний», «ещё хочу фильтр салона», «добавьте ещё масло» (not
# «очень надо, колодки стёрлись», «ещё вчера должны были привезти колодки», «хочу отменить колодки»)
_NEEDED_BESIDES = re.compile(
    r"(?:\b(?:и|а|ещ[её]|также|плюс|тоже)\s+(?:ещ[её]\s+)?(?:мне\s+)?(?:нуж(?:ен|на|ны|но)|надо|хочу|интересу\w*)"
    r"|\bдобав\w*|\b(?:нуж(?:ен|на|ны|но)|надо|хочу)\s+(?:ещ[её]|также)|(?:^|[.!?,]\s*|\bи\s+|\bа\s+то\s+|\bнему\s+|\bнего\s+)ещ[её])\b"
    r"(?:[\s,]+(?:ещ[её]|также|мне|бы|пожалуйста|нуж(?:ен|на|ны|но)|надо|хочу|к\s+нему|в\s+него))*[\s,]+(?P<first>[а-яёa-z0-9]+)",
    re.IGNORECASE,
)


# another part needed instead: «не подошёл фильтр, пришлось вернуть, теперь нужен другой» is a request; «нужно
# вернуть деньги», «надо обменять» are the return itself
_ANOTHER_NEEDED = re.compile(
    r"\b(?:нуж(?:ен|на|ны|но)|надо)\b(?!\s+(?:\w+\s+)?(?:верн|обмен|помен|деньг|возврат))|\bещ[её]\b(?!\s+не\b)|\bтоже\b",
    re.IGNORECASE,
)


def asks_after_an_order(text: str) -> bool:
    """«я заказывал у вас сцепление на прошлой неделе, когда привезут?», «где мой заказ?»: for a manager —
    not a new need said with it, nor how long delivery takes before ordering."""
    text = russian_reading(text)  # «zakaz ne prishel, gde on?»
    return _order_asked(text) and not _part_added(text)


# an order's number given: «номер 51234, колодки на рио», «заказ №4512», «#77881»
_ORDER_NUMBER = re.compile(
    r"(?:\bномер|№|#)\s*(?:заказа\s*)?\d{3,}\b|\bзаказ\w*\s+(?:№\s*|#\s*|номер\s+)?\d{3,}\b", re.IGNORECASE
)


def names_an_order(text: str) -> bool:
    """The message tells which order — its number, whose name it is on, what was ordered («номер 51234», «заказ на
    имя Иван, стартер на логан», «заказывал колодки»): after an order was asked after, no new request."""
    return _ORDER_NUMBER.search(text) is not None or _ORDER_TOLD.search(text) is not None


# whose the order is, or that it was ordered: «заказ на имя Иван», «оформлял на Петрова», «заказывал стартер»
_ORDER_TOLD = re.compile(
    r"\bзаказ\w*\s+(?:был\w*\s+)?(?:на|под)\s+(?:имя|фамили\w*|номер)|\bна\s+(?:имя|фамилию)\b"
    r"|\b(?:заказывал\w*|оформлял\w*|заказал[аи]?|оформил[аи]?)\b",
    re.IGNORECASE,
)


def adds_to_an_order(text: str) -> bool:
    """«где мой заказ? добавьте к нему масло»: an order asked after, and another part added in so many words."""
    return _order_asked(text) and _part_added(text)


def ordered_parts(text: str) -> frozenset[str]:
    """The parts named before another is added to the order asked after: what was ordered («Я вчера оформил заказ
    на стартер. Когда привезут? Ещё нужен генератор» -> {«стартер»})."""
    added = _addition(text)
    return frozenset(part.name for part in extract_parts(text[: added.start()])) if added else frozenset()


# the shop's order or call waited for: «я месяц жду заказ!», «уже неделю жду звонка от менеджера», «заказ жду вторую
# неделю» (not «жду зарплату», «жду, когда машину заберу»)
_WAITED_ON_THE_SHOP = re.compile(
    r"\bжд(?:у|[её]м)\s+(?:\w+\s+){0,2}?(?:(?:сво|мо)(?:й|его)\s+|наш\w*\s+)?заказ\w*"
    r"|\bзаказ\w*\s+(?:\w+\s+){0,2}?жд(?:у|[её]м)\b"
    r"|\bжд(?:у|[её]м)\s+(?:\w+\s+){0,2}?(?:звонк\w*|ответ\w*|обратн\w+\s+связ\w*)\s+(?:от\s+)?(?:ваш\w*\s+)?(?:менеджер\w*|вас)\b",
    re.IGNORECASE,
)

# … for long: «месяц», «вторую неделю», «уже», «до сих пор» (not «всё, жду звонка менеджера», the request just made)
_WAITED_LONG = re.compile(
    r"\b(?:уже|до\s+сих\s+пор|сколько\s+можно|так\s+и\s+не|втор\w+|трет\w+|недел\w*|месяц\w*|дн(?:я|ей)|долго)\b", re.IGNORECASE
)


def _order_asked(text: str) -> bool:
    if _NEW_NEED.search(text):
        return False
    if _WAITED_ON_THE_SHOP.search(text) and _WAITED_LONG.search(text):
        return not _NOT_THE_SHOPS.search(text)
    if not _ORDER_ASKED.search(text):
        return False
    if _ORDER_CANCELLED.search(text) or _ORDERED.search(text) or _MY_ORDER.search(text):
        return not _NOT_THE_SHOPS.search(text)
    return _ASKED_BEFORE.search(text) is not None  # «я вам вчера писал про рычаги»: to this shop, whatever else is said


# a need said after the complaint, in a clause of its own: «…пришлось ехать менять. но сейчас нужны свечи», «…не то
# прислали, а теперь надо ещё колодки» (not «нужно вернуть деньги», «надо обменять»)
_NEEDED_NOW = re.compile(
    r"(?:[.!?;]\s*|,?\s+(?:но|а|и)\s+)(?:(?:сейчас|теперь|щас|сегодня|заодно|зато)\s+)?(?:мне\s+)?(?:ещ[её]\s+)?"
    r"(?:нуж(?:ен|на|ны|но)|надо)\s+(?:ещ[её]\s+)?(?P<first>[а-яёa-z0-9]+)",
    re.IGNORECASE,
)


# a sentence, or a clause opened by «а»/«но»/«ладно», that may ask for something of its own
_CLAUSES = re.compile(r"[^.!?;]+|[.!?;]+")
_CLAUSE_OPENS = re.compile(r",\s*(?=(?:а|но|ладно|зато)\b)", re.IGNORECASE)
_NEED_SAID = re.compile(
    r"\b(?:нуж(?:ен|на|ны|но)|надо|требу\w+|ищу)\b(?!\s+(?:\w+\s+)?(?:верн|обмен|помен|деньг|возврат))", re.IGNORECASE
)


def parts_needed_beside(text: str) -> frozenset[str]:
    """The parts a complaint asks for now besides, in words of need of their own: «вы мне в прошлый раз не ту сторону
    рычага дали. но сейчас нужны свечи» -> {«свечи зажигания»}, «…не тот фильтр дали. Теперь ремень грм нужен»
    -> {«ремень ГРМ»}; what went wrong is not among them."""
    found: set[str] = set()
    for need in (*_NEEDED_NOW.finditer(text), *_NEEDED_BESIDES.finditer(text)):
        if _a_new_part(text, need):
            clause = re.split(r"[.!?;]", text[need.start("first") :], maxsplit=1)[0]
            before = {part.name for part in extract_parts(text[: need.start()])}
            found |= {part.name for part in extract_parts(clause) if part.name not in before}
    for clause in (c for sentence in _CLAUSES.findall(text) for c in _CLAUSE_OPENS.split(sentence)):
        if not _NEED_SAID.search(clause) or _came_wrong(clause) or _TROUBLE.search(clause) or _WHAT_IF.search(clause):
            continue
        named_before = {part.name for part in extract_parts(text[: text.find(clause)])}
        found |= {part.name for part in extract_parts(clause) if part.name not in named_before}
    return frozenset(found)


# a part of the customer's to be taken back: «хочу узнать про возврат аккумулятора», «как вернуть фильтр?» (not «сдать
# старый аккумулятор», not «если не подойдёт — вернуть можно?»)
_GIVEN_BACK = re.compile(
    r"\b(?:вернуть|возврат(?:а|ом|е|у)?|обменять|обмен(?:а|ом|е|у)?)\s+(?P<what>(?!стар\w*|деньг\w*|денеж\w*)[^.!?,;]+)", re.I
)


def _a_part_returned(text: str) -> bool:
    return any(extract_parts(" ".join(m["what"].split()[:3])) for m in _GIVEN_BACK.finditer(text))


def _part_added(text: str) -> bool:
    return _addition(text) is not None


# a need said first, the order asked after next: «Хочу заказать свечи на поло, и ещё — когда приедет мой прошлый заказ?»
_NEEDED_FIRST = re.compile(
    r"^\W*(?:(?:здравствуйте|здрасте|добр\w+\s+\w+|привет\w*)\W+)?(?:(?:мне|я)\s+)?"
    r"(?:хочу\s+(?:заказать|купить|взять)|нуж(?:ен|на|ны|но)|надо)\s+(?P<first>[а-яёa-z0-9]+)",
    re.IGNORECASE,
)


def _addition(text: str) -> re.Match[str] | None:
    """The words of need that add a new part beside the order asked after («…? И нужен диск передний»)."""
    needs = [*_NEEDED_BESIDES.finditer(text), *filter(None, [_NEEDED_FIRST.match(text)])]
    return next((need for need in needs if _a_new_part(text, need)), None)


def _a_new_part(text: str, need: re.Match[str]) -> bool:
    """A part, not named before, begins right after the words of need: «…? И нужен диск передний»."""
    first = parses(need["first"].lower())
    if first and first[0].tag.POS in _NO_PART_HEAD:
        return False
    clause = re.split(r"[.!?;]", text[need.start("first") :], maxsplit=1)[0]
    before = {part.name for part in extract_parts(text[: need.start()])}
    return any(part.name not in before for part in extract_parts(clause))


_NO_PART_HEAD = frozenset({"INFN", "VERB", "ADVB", "PRCL", "CONJ", "PREP", "NPRO", "PRED", "INTJ"})


# money back demanded (not asked about: «как у вас возврат денег происходит?», «вернёте деньги?»)
_REFUND = re.compile(
    r"\bверните\s+(?:\w+\s+)?(?:деньги|денежки|оплату)|\bжду\s+(?:\w+\s+)?возврат\w*\s+(?:\w+\s+)?(?:денег|средств|оплаты)"
    r"|\bденьги\s+(?:\w+\s+){0,3}?(?:так\s+и\s+|до\s+сих\s+пор\s+|ещ[её]\s+)?не\s+вернули|\bхочу\s+(?:\w+\s+)?вернуть\s+деньги"
    r"|\bне\s+вернули\s+(?:\w+\s+)?деньги",  # «деньги за возврат до сих пор не вернули!»
    re.IGNORECASE,
)
# not this shop's order: «в прошлый раз в другом магазине не подошло», «на экзисте брал», «с рук»
_BOUGHT_ELSEWHERE = (
    r"\bв\s+друг\w+\s+(?:магазин\w*|месте)|\bне\s+у\s+вас\b|\bв\s+(?!ваш)(?:\w+\s+)?магазин\w*|\bна\s+рынк\w*|\bв\s+сервис\w*"
    r"|экзист|\bexist|\bemex|эмекс|авито|\bavito|озон|\bozon|вайлдберриз|wildberries|\bwb\b|автомаг\w*"
    r"|\bс\s+рук\b|\bу\s+сосед|\bв\s+гараже|\bб/у\b|разборк|\bали\b|алиэкспресс|aliexpress|\bв\s+интернете|\bдруг\w*\s+отдал"
)
# … or the customer's own slip: «я вам тогда не тот вин дал», «вчера прислал не тот номер» (singular: the customer)
_OWN_SLIP = (
    r"\bя\s+(?:\w+\s+){0,6}?(?:ошиб\w*|перепутал\w*|напутал\w*|написал\w*|писал\w*|указал\w*|дал|дала|кинул\w*|скинул\w*|назвал\w*"
    r"|прислал\w*|отправил\w*)\b|\b(?:прислал|отправил|написал|писал|кинул|скинул|указал|назвал|перепутал|ошибся)а?\b|\bсам\w*\s+виноват"
)
_ELSEWHERE = re.compile(_BOUGHT_ELSEWHERE, re.IGNORECASE)
_NOT_THE_SHOPS = re.compile(f"{_BOUGHT_ELSEWHERE}|{_OWN_SLIP}", re.IGNORECASE)
# the trouble found to be none: «…, но я проверил — всё правильно», «да нет, всё подошло», «думал…, но всё ок»
_ALL_FINE = re.compile(
    r"\bвс[её]\s+(?:было\s+)?(?:правильн\w*|ок|окей|норм\w*|подош\w*|подходит|в\s+порядке|верно)\b|\bдумал\w*\s+(?:\w+\s+){0,6}?но\b",
    re.IGNORECASE,
)
# the order delivered, told of: «доставили посылку, а там…», «пришёл заказ, коробка вскрыта»
_DELIVERED = re.compile(
    r"\b(?:доставили|привезли|пришл[аио]|пришел|пришёл|получил\w*|забрал\w*)\s+(?:\w+\s+)?(?:посылк|заказ|коробк|упаковк)\w*"
    r"|\b(?:посылк|заказ)\w*\s+(?:\w+\s+)?(?:пришл[аио]|пришел|пришёл|доставили|привезли)",
    re.IGNORECASE,
)
# a question about what would happen: «если не подойдёт — возврат можно?», «если что»
_WHAT_IF = re.compile(r"\bесли\b", re.IGNORECASE)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")


# a claim made in so many words: «у меня претензия: …», «хочу подать жалобу» (not «претензий нет»)
_CLAIM = re.compile(
    r"\bу\s+(?:меня|нас)\s+(?:(?!нет\b|никак\w*|ни\b)\w+\s+)?претензи\w*|^\W*(?:есть\s+)?претензи[яи]\b"
    r"|\bвы\s+(?:\w+\s+)?(?:мошенник|обманщик|жулик|аферист|кидал)\w*(?![^.!?]*\?)"  # «ВЫ МОШЕННИКИ!!! деньги взяли, а товара нет»
    r"|\bденьги\s+(?:\w+\s+)?(?:взяли|списали|сняли)\b(?=.*\b(?:товар\w*|заказ\w*|детал\w*|запчаст\w*)\s+(?:\w+\s+)?нет\b)"
    r"|\bхочу\s+(?:подать|написать|оставить)\s+(?:\w+\s+)?(?:претензи|жалоб)\w*",
    re.IGNORECASE,
)
# rudeness somewhere else: a garage, a dealer («на СТО мастер нахамил», «ужасный сервис у официалов»)
_RUDE_ELSEWHERE = re.compile(
    r"\bна\s+сто\b|\bв\s+сто\b|официал|дилер|автосервис|\bв\s+сервис|мастер|гибдд|гаи|страхов", re.IGNORECASE
)
# the shop's people or service complained of: «продавец нахамил по телефону», «ужасный сервис», «менеджер нагрубил»
_STAFF_RUDE = re.compile(
    r"\b(?:на)?хамил\w*|\bхамств\w*|\bнагрубил\w*|\bгруб(?:о|ил\w*|ый|ая)\s+(?:\w+\s+)?(?:продав|менеджер|сотрудник|оператор|общал|ответ)\w*"
    r"|\b(?:ужасн|отвратительн|отвратн|хамск|мерзк|безобразн)\w*\s+(?:\w+\s+)?(?:сервис|обслуживан|отношени)\w*",
    re.IGNORECASE,
)


@lru_cache(maxsize=256)  # asked of one message by the campaign, the need it hands on and the request flow
def complains(text: str, *, to_the_campaign: bool = False) -> bool:
    """Whether the message complains about an earlier order of this shop or demands money back. Told to
    the campaign («давно не виделись»), «в прошлый раз» is the shop's order; elsewhere the shop must be
    named («у вас», «вы мне продали»): «вчера сломался стартер» is a need, not a complaint."""
    text = russian_reading(text)  # «kolodki kotorye vy prodali skripyat»
    if demands_a_refund(text):
        return True
    own_pick = _WRONG_PICK.search(text) and not _ELSEWHERE.search(text)
    if own_pick and _EXCHANGED.search(text) and not _WHAT_IF.search(text):
        return True  # «можно обменять масляный фильтр на другой? ошибся с моделью»: the customer's slip, an exchange
    if _NOT_THE_SHOPS.search(text) or _ALL_FINE.search(text):
        return False
    told = _told(text)
    if any(_came_wrong(sentence) for sentence in told) or _CLAIM.search(text):
        return True
    if _STAFF_RUDE.search(text) and not _RUDE_ELSEWHERE.search(text):  # «продавец нахамил по телефону»
        return True
    # «можно вернуть деталь? не подошла»
    returned = (_RETURN_OF_IT.search(text) and not _CHANGED_ON_THE_CAR.search(text)) or _a_part_returned(text)
    if returned and not (_WHAT_IF.search(text) or _ANOTHER_NEEDED.search(text) or _NO_RETURN.search(text)):
        return True
    ordered = _THE_SHOPS.search(text) is not None or _DELIVERED.search(text) is not None
    ordered = ordered or (to_the_campaign and _LAST_TIME.search(text) is not None) or _MY_ORDER.search(text) is not None
    return ordered and any(_TROUBLE.search(sentence) for sentence in told)


def _came_wrong(sentence: str) -> bool:
    """An order told to have come wrong, and not found fine after all («…, но подошло»)."""
    return _CAME_WRONG.search(sentence) is not None and not _BUT_FINE.search(sentence)


def demands_a_refund(text: str) -> bool:
    """«верните деньги», «жду возврат денег»; not a question about the policy."""
    return any(_REFUND.search(sentence) and not sentence.rstrip().endswith("?") for sentence in _told(russian_reading(text)))


def _told(text: str) -> list[str]:
    """The sentences that tell what happened: not «если не подойдёт…»."""
    return [m.group() for m in _SENTENCE.finditer(text) if not _WHAT_IF.search(m.group())]
