"""«Позовите живого менеджера», «соедините с оператором», «хочу поговорить с человеком»: a customer
asking for a person, in the request flow and the campaign alike."""

from __future__ import annotations

import re

from bot.dialogue.corrections import negated_before

# «позовите живого менеджера», «соедините с оператором», «хочу поговорить с человеком», «дайте менеджера»;
# not «вы живой человек?» (asked, answered by bot_answer)
# what to buy left to a person: «пусть менеджер скажет», «пусть ваш мастер подберёт»
_LET_THEM_DECIDE = (
    r"\bпусть\s+(?:ваш\w*\s+)?(?:менеджер|мастер|специалист|консультант|человек|продав\w+)\w*\s+(?:\w+\s+)?"
    r"(?:скаж\w*|подскаж\w*|подбер\w*|посмотр\w*|реш\w*|позвон\w*|перезвон\w*|свяж\w*|напиш\w*|определ\w*)"
)
_HUMAN = re.compile(
    r"\b(?:позов|позвать|соедин|переключ|дайте|хочу|можно|нужен|нужна|давайте)\w*\s+"
    r"(?:(?!как\b|что\w*\b|чтоб\w*\b|ждать\b|где\b|когда\b|советова\w*\b)\w+\s+){0,3}?"
    r"(?:живо\w+|менеджер\w*|оператор\w*|человек\w*|консультант\w*|сотрудник\w*|продавц\w*)"
    # «человека позовите!», «менеджера дайте»
    r"|\b(?:менеджер\w*|оператор\w*|человек\w*|консультант\w*|сотрудник\w*)\s+(?:позов\w*|позвать|дайте|давайте|зовите|соедин\w*)"
    r"|^\W*(?:мне\s+|нам\s+)?(?:менеджер|оператор|консультант)\s+(?:нужен|нужна)\b"  # «менеджер нужен, корпоративный клиент»
    # «обсудить условия с менеджером, позовите его», «нам не запчасти, нам менеджера»
    r"|\b(?:обсудить|поговорить|связаться|пообщаться)\s+(?:\w+\s+){0,2}?с\s+(?:живым\s+)?(?:менеджер|человек|оператор|сотрудник)\w*"
    r"|\b(?:нам|мне)\s+(?:живого\s+)?(?:менеджера|оператора|человека)\b(?!\s+(?:не\b|нет\b))"
    r"|^\W*(?:живого\s+)?(?:оператор|менеджер|человек|консультант)(?:а|у)?\W*$"  # «оператора!!!» alone
    # «не хочу с ботом общаться», «не буду с роботом переписываться»
    r"|\bне\s+(?:хочу|буду|собираюсь)\s+(?:\w+\s+){0,2}?с\s+(?:ботом|роботом|программой|автоответчиком)\b"
    r"|" + _LET_THEM_DECIDE,  # «ладно, пусть менеджер скажет»
    re.IGNORECASE,
)


# «позвоните мне», «перезвоните, голосом удобнее», «можно по телефону?», «наберите меня»: a person's call asked
# for; not «не звоните», «я позвоню сам», «позвонить вам можно?»
_CALL = re.compile(
    r"\b(?:по|пере)звони(?:те)?\s+(?:мне|нам|пожалуйста|голосом|по\s+номеру)|\bперезвоните\b|\bперезвони\b"
    r"|\b(?:лучше|просто|тогда)\s+позвоните\b|^\W*позвоните\W*$|\bпозвоните\s+лучше\b"
    r"|\bнаберите\s+(?:меня|мне|нас)|\b(?:можете|сможете)\s+(?:мне\s+|нам\s+)?(?:по|пере)звонить\b(?!\s+(?:в|на|им|ему)\b)"
    r"|\b(?:может|сможет)\s+(?:мне|нам)\s+(?:по|пере)звонить\b"  # «менеджер может мне позвонить?» (not «муж может позвонить вам»)
    r"|\bпо\s+телефону\s+(?:вы\s+)?(?:можете|сможете)\s+(?:мне\s+)?(?:по|пере)?звонить"
    r"|\b(?:можно|давайте)\s+(?:мне\s+)?(?:по\s+телефону|голосом|созвониться)\b(?!\s+(?:оплат|заказ|куп))"
    r"|\b(?:поговорить|обсудить|пообщаться|созвониться)\s+(?:\w+\s+){0,3}?(?:по\s+телефону|голосом)"
    r"|\b(?:по\s+телефону|голосом)\s+(?:мне\s+)?(?:удобнее|лучше|проще)|\bудобнее\s+(?:по\s+телефону|голосом)"
    r"|\bсозвонимся\b|\bпусть\s+(?:менеджер\w*\s+|продав\w*\s+|консультант\w*\s+)?мне\s+(?:по|пере)звон\w*"
    r"|\bпусть\s+(?:менеджер\w*|продав\w*|консультант\w*)\s+(?:мне\s+)?(?:по|пере)звонит"
    r"|\bжду\s+(?:вашего\s+)?звонка\b(?!\s+(?:из|от))",
    re.IGNORECASE,
)


def asks_for_a_human(text: str) -> bool:
    """Not «мне не нужен менеджер», «не хочу ждать менеджера»."""
    return any(not negated_before(text, m.start()) for m in _HUMAN.finditer(text))


def asks_for_a_call(text: str) -> bool:
    """«позвоните мне», «перезвоните», «по телефону удобнее»; not «не звоните мне», «можете не звонить»."""
    said = any(not negated_before(text, m.start()) and not re.search(r"\bне\b", m.group(), re.I) for m in _CALL.finditer(text))
    return said or bool(_CALL_LAST.search(text) and not _WHEN_SOMETHING.search(text))


def asks_for_a_call_now(text: str) -> bool:
    """A call asked for now, not once something happens («если что, позвоните», «позвоните, когда будут скидки»)."""
    return asks_for_a_call(text) and not _WHEN_SOMETHING.search(text)


# «за рулём, позвоните», «мне неудобно писать, позвоните»: a call asked for last, after what makes writing hard
_CALL_LAST = re.compile(r"[,.;]\s*позвоните(?:\s+(?:мне|пожалуйста))*\W*$", re.IGNORECASE)
# a call for later: «если что, позвоните», «когда привезут, позвоните»
_WHEN_SOMETHING = re.compile(r"\b(?:если|когда|как\s+только|как\s+будет|как\s+придут)\b", re.IGNORECASE)


# wholesale said in so many words: «интересует опт, нужен прайс», «50 комплектов для таксопарка»
_WHOLESALE_WORDS = (
    r"\bопт(?:ом|а|у|ов\w*)?\b|\bоптов\w*|\bкорпоратив\w*|\bюр\.?\s?лиц\w*|\bюрлиц\w*|\bавтопарк\w*|\bтаксопарк\w*"
    r"|\bтендер\w*|\bсотрудничеств\w*"
)
_WHOLESALE = re.compile(_WHOLESALE_WORDS, re.IGNORECASE)
# business a manager settles, not a request to collect: wholesale, and a contract or a company's fleet besides
# («менеджер нужен, корпоративный клиент, 10 машин», «позовите человека, надо обсудить опт»)
_BUSINESS = re.compile(
    _WHOLESALE_WORDS + r"|\bдоговор\w*|\bбезнал\w*|\bпоставк\w*\s+(?:на\s+)?(?:регулярн|постоянн)\w*"
    r"|\b\d{2,}\s+(?:машин|автомобил|единиц)\w*|\b\d+\s+машин\b",
    re.IGNORECASE,
)


def talks_business(text: str) -> bool:
    """Wholesale, a company's fleet or a contract: for a manager at once, with no parts to collect first."""
    return _BUSINESS.search(text) is not None


def buys_wholesale(text: str) -> bool:
    """«Мы автосервис, интересует опт», «50 комплектов колодок для таксопарка»: a manager's business, now."""
    return _WHOLESALE.search(text) is not None


# a person wanted now, what for told: an earlier order («по прошлому заказу»), what to buy left to them («пусть
# менеджер скажет»); not «не хочу с ботом» alone — asked once what to pick, a person the second time
_HUMAN_NOW = re.compile(
    r"\bпо\s+(?:мо\w+\s+|прошл\w+\s+|сво\w+\s+)?заказ\w*|" + _LET_THEM_DECIDE,
    re.IGNORECASE,
)


def wants_a_human_now(text: str) -> bool:
    """«можно с менеджером поговорить? по прошлому заказу вопрос», «ладно, пусть менеджер скажет»: a person asked for
    with what for told — handed over at once, not asked what to pick (business talked of is `talks_business`)."""
    return asks_for_a_human(text) and _HUMAN_NOW.search(text) is not None
