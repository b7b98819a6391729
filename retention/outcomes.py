"""A reply to the campaign opener -> need_now | later(date) | nothing | opted_out (or unclear)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from bot.dialogue.meaning import read_meaning
from bot.dialogue.opt_out import day_after_until, is_opt_out, tells_to_get_lost, without_time_limits, written_again_from
from catalogs.part_names import extract_parts
from retention.dates import resolve


class Outcome(StrEnum):
    NEED_NOW = "need_now"
    LATER = "later"
    NOTHING = "nothing"
    NO_REPLY = "no_reply"
    OPTED_OUT = "opted_out"


@dataclass(frozen=True)
class ReplyReading:
    outcome: Outcome | None  # None: the reply did not say (a question, rubbish)
    next_contact: date | None = None
    sure: bool = True  # the intent model was sure; an unsure reading may be settled by an LLM


DEFAULT_LATER = timedelta(days=14)


# «да, колодки нужны... а, нет, ладно, в январе уже»: what follows takes back what came before
_TAKEN_BACK = re.compile(r"\b(?:а|ой|хотя|или|не)[\s,.!]+нет\b[\s,.!]*(?:ладно\b|наверное\b|пожалуй\b)?[\s,.!]*", re.IGNORECASE)


# a need told for a time to come: «нужны будут колодки», «понадобится резина», «надо будет менять масло»
_NEEDED_LATER = re.compile(
    r"(?<!не\s)\b(?:нужн\w*|нужен|надо)\s+будут?\b|\bбудут?\s+(?:нужн\w*|нужен)|(?<!не\s)\bпонадоб(?:ит|ят)ся\b", re.IGNORECASE
)


def classify(text: str, *, today: date, asks_for_parts: bool, context: str = "winback") -> ReplyReading:
    reading = _classify(text, today=today, asks_for_parts=asks_for_parts, context=context)
    taken_back = list(_TAKEN_BACK.finditer(text))
    if reading.outcome is Outcome.NEED_NOW and taken_back and (tail := text[taken_back[-1].end() :].strip()):
        second = _classify(tail, today=today, asks_for_parts=False, context=context)
        if second.outcome in (Outcome.LATER, Outcome.NOTHING):
            return second
    return reading


# a part needed after «а», «но», «зато»: the need, whatever was declined or put off before it
_BUT_NEEDED = re.compile(
    r"\b(?:а|но|зато)\b(?:(?!\bне\s|будет|буду|\bуже\b)[^.!?])*?\b(?:нужн\w*|нужен|надо|требуется)\b(?!\s+будет)"
)


# a need for now beside one put off: «через 2 недели напомните, а сейчас скиньте цену на масло»
_AND_NOW = re.compile(r"\b(?:а|но|зато)\s+(?:вот\s+)?(?:прямо\s+)?сейчас\b")
_ASKED_NOW = re.compile(
    r"\b(?:скиньте|пришлите|нужн\w*|надо|подбер\w*|давайте|хочу|закаж\w*|посчита\w*|цен[уаы]|сколько|оформ\w*|подскаж\w*|интересу\w*)\b"
)
# what the first words after «а сейчас» say instead of a need: «а сейчас спасибо», «а сейчас я в отпуске», «а сейчас
# денег нет, сколько стоят колодки узнаю потом»
_NOT_NOW_FIRST = re.compile(
    r"\bне\b|ничего|спасибо|некогда|занят|нет\s+(?:времени|денег)|денег\s+нет|отпуск|ремонт|прода|уезжа|вс[её]\s+есть|пусть"
    r"|за\s+рул|хватит"
)
# a part told done, not wanted: «масло только поменял», «резина новая стоит», «колодки поставил новые», «всё норм» (not
# «брал у вас такое», «стоят ещё с завода», «поставлю сам»)
_DONE_ALREADY = re.compile(
    r"\b(?:только|недавно|уже)\s+(?:что\s+)?(?:\w+\s+)?(?:по|за|у)?(?:менял|поставил|залил|купил|взял)\w*"
    r"|\b(?:поменял|поставил|залил|заменил)\w*|\bнов(?:ая|ые|ый|ое)\s+сто(?:ит|ят)|\bсто(?:ит|ят)\s+нов"
    r"|\b(?:купил|взял|брал|менял|залил)\w*\s+(?:\w+\s+)?(?:недавно|уже|только\s+что)\b"
    r"|\bпока\s+(?:ход|норм|жив|держ|терп)|\bвс[её]\s+(?:норм|ок|хорошо)|\bв\s+порядке"
)


# the need met elsewhere, not by the shop: «сам на рынке куплю», «возьму в другом месте», «знакомый привезёт»
_BUYS_ELSEWHERE = re.compile(
    r"\bсам\w*\s+(?:\w+\s+){0,3}?(?:куплю|возьму|закажу|найду)|\b(?:куплю|возьму|закажу|найду)\s+сам"
    r"|\b(?:на\s+рынке|в\s+другом\s+месте|у\s+знаком\w+|на\s+авито|на\s+озоне|на\s+вб|в\s+сервисе|на\s+разборке)\s+(?:\w+\s+)?"
    r"(?:куплю|возьму|закажу|найду|купим|возьм[её]м|поставят|дадут)|\bзнаком\w*\s+(?:\w+\s+)?привез[её]т"
)


_AT_THE_SHOP = re.compile(r"\bу\s+вас\b|\bваш\w*|\bк\s+вам\b|\bприед\w*|\bзаед\w*|\bзабер\w*|\bзакажу\s+у")


# the need put off, said last («…, но не сейчас», «…, сейчас не до этого») or with the day it is put off to
# («не сейчас, а через месяц»)
_NOT_NOW = re.compile(
    r"(?:(?:^|\bно|,|\bнужн\w*)\s*не\s+сейчас|\bсейчас\s+не\s+до\s+этого|\bно\s+сейчас\s+не\s+(?:надо|нужно))\W*$"
)
_NOT_NOW_BUT = re.compile(r"\bне\s+сейчас\W+(?:а\s+|(?=(?:где-?то\s+|наверн\w*\s+|может\s+)?(?:в|во|через|после|ближе|к|ко)\s))")
# the need, «но» when: «надо масло поменять, но после 15 числа», «колодки нужны, но через месяц»
# — the day said last, in a word or two, and nothing asked or bidden after it (not «но через неделю, можно
# заказать заранее?», «но через месяц ещё и диски», «но ближе к выходным привезите»)
_BUT_WHEN = re.compile(
    r"\bно\s+(?:только\s+|уже\s+|где-?то\s+|не\s+раньше\s+)?(?:после|через|ближе\s+к|в\s+(?:след\w*|конце|начале|середине))"
    r"(?:\s+(?![а-яё]+(?:ите|ьте|ете)\b)[^\s,.!?]+){1,2}[\s.!)]*$"
)
# what the customer will do themselves, not the need: «вин скину не сейчас», «не сейчас, а завтра заеду»
_OWN_DOING = re.compile(
    r"\b(?:вин|vin|ответ\w*|позвон\w*|звон\w*|напиш\w*|скину|пришлю|заеду|заберу|приеду|за\s+рул\w*|на\s+работе)"
)


# a month told of what was done then: «я получил заказ в августе», «я же в сентябре у вас был»
_DONE_THEN = re.compile(
    r"\b(?:получил|купил|брал|взял|заказывал|заказал|оплатил|был|была|менял|поменял|ставил|поставил|приезжал|заходил)\w*\b"
)


_CLAUSE_BREAK = re.compile(r"[,.!?;]|\s(?=(?:а|но)\s)")


def _dated_clauses(folded: str, today: date) -> tuple[str, bool]:
    """The message without the clauses that date what was done then, when another clause names a day («получил в
    сентябре, а в марте буду менять колодки» is March); and whether every day it names is of what was done then
    («я получил заказ ещё в августе»: no day to write on)."""
    clauses = _CLAUSE_BREAK.split(folded)
    dated = [clause for clause in clauses if resolve(clause, today) is not None]
    past = [clause for clause in dated if _DONE_THEN.search(clause)]
    only_past = bool(dated) and len(past) == len(dated)
    return (" , ".join(c for c in clauses if c not in past) if past and not only_past else folded), only_past


def _needed_now_beside(folded: str) -> bool:
    """«…, а сейчас скиньте цену на масло», «…, а сейчас колодки передние на рио»: a need for now beside one put off."""
    now = _AND_NOW.search(folded)
    if not now:
        return False
    return _needed_in(folded[now.end() :])


def _needed_in(tail: str) -> bool:
    """A need said after «а сейчас»: not when it first says why not («занят», «спасибо»), unless a «но» brings a
    need after all («…, а сейчас занят, но свечи на солярис скиньте цену»)."""
    first = re.split(r"[,.!?;]", tail, maxsplit=1)[0]
    if _NOT_NOW_FIRST.search(first):
        but = re.search(r"\b(?:но|хотя|однако)\b", tail)
        return but is not None and _needed_in(tail[but.end() :].lstrip(" ,"))
    if re.search(r"ничего|не\s+(?:нужн|надо)", tail) or _DONE_ALREADY.search(tail):
        return False
    return bool(_ASKED_NOW.search(tail) or extract_parts(tail))


def puts_off(text: str, today: date) -> bool:
    """«колодки нужны, но не сейчас», «…, но после 15 числа»: the need said and put off in so many words."""
    folded = text.lower().replace("ё", "е").strip()
    return _put_off(folded, resolve(without_time_limits(folded), today))


def _put_off(folded: str, when: date | None) -> bool:
    if _OWN_DOING.search(folded) or "?" in folded:
        return False
    return bool(_NOT_NOW.search(folded) or (when is not None and (_NOT_NOW_BUT.search(folded) or _BUT_WHEN.search(folded))))


_NEED_SAID = re.compile(r"(?<!не\s)\b(?:нуж(?:ен|на|ны|но)|надо|требу(?:ется|ются))\b(?!\s+будет)")


def _needed_after_no(folded: str, today: date) -> bool:
    """A part needed, in so many words, in a sentence after the first («нет, спасибо. …, нужен бампер»): the need
    told after the polite no — not put off to a day, nor said with «не»."""
    sentences = [s for s in re.split(r"[.!?;]+|\s[—–-]\s", folded) if s.strip()]
    return any(
        _NEED_SAID.search(s)
        and extract_parts(s)
        and resolve(s, today) is None
        and not re.search(r"\bне\s+(?:сейчас|нужн|надо)", s)
        for s in sentences[1:]
    )


_NOTHING_UNTIL = re.compile(
    r"\bдо\s+[^,.!?;]{1,30}?\s+ничего\s+не\s+(?:надо|нужно)|\bничего\s+не\s+(?:надо|нужно)\s+до\s+[^,.!?;]{1,30}"
)


# a sign of refusal and nothing else: «👎», «❌», «🙅‍♂️»
_DECLINED_BY_SIGN = re.compile(r"^(?=.*[👎❌🚫🙅⛔✖])[\W_]+$")


# a word of refusal: without one, a reply that names a day is not «nothing needed» («чз нед», read as «нет»)
_DATE_ALONE_WORDS = 3  # «чз нед», «через 2 нед»: a reply that is a date and nothing else
_REFUSAL_WORD = re.compile(r"\b(?:нет|не|ни|ничего|неа|нее|нету|никак\w*|no|nope|nothing)\b")


def _classify(text: str, *, today: date, asks_for_parts: bool, context: str) -> ReplyReading:
    """What a reply to the campaign settles. The intent model reads what the customer means (a part
    named next to a date — «в марте буду менять резину» — is *later*); the calendar resolves the date;
    an opt-out in so many words always wins. `asks_for_parts`: the extractors found a part, VIN or
    frame — the request is taken now when the model is not sure of anything else."""
    folded = text.lower().replace("ё", "е").strip()
    if is_opt_out(folded) or tells_to_get_lost(folded):
        return ReplyReading(Outcome.OPTED_OUT)
    if _DECLINED_BY_SIGN.match(folded):  # «👎», «❌»: no, thanks
        return ReplyReading(Outcome.NOTHING)
    meant, sure = read_meaning(text, context, names_parts=asks_for_parts)
    if "opt_out" in meant:  # the model, and the customer's own refusal words (read_meaning's guard)
        return ReplyReading(Outcome.OPTED_OUT, sure=sure)
    # «не пишите в выходные»: no day to write on; «не пишите до весны»: from spring
    to_come, only_past = _dated_clauses(folded, today)
    when = resolve(without_time_limits(to_come), today) or written_again_from(folded, today)
    if when is not None and only_past:  # «я получил заказ ещё в августе»: no day to write on
        when, meant = (
            None,
            (meant - {"later"}) | ({"nothing"} if "later" in meant and not meant & {"need_now", "request"} else set()),
        )
    elsewhere = _BUYS_ELSEWHERE.search(folded) and not _AT_THE_SHOP.search(folded)  # not «куплю сам в вашем магазине»
    if meant & {"need_now", "request"} and elsewhere and "?" not in folded:
        return ReplyReading(Outcome.NOTHING, sure=sure)  # «масло поменять надо, но я сам на рынке куплю»
    if meant & {"need_now", "request"} and (asks_for_parts or when is None):
        if _put_off(folded, when):  # «колодки нужны, но не сейчас»: the need is put off
            return ReplyReading(Outcome.LATER, when or today + DEFAULT_LATER, sure=sure)
        return ReplyReading(Outcome.NEED_NOW, sure=sure)
    if asks_for_parts and _needed_now_beside(folded):  # «через 2 недели напомните, а сейчас скиньте цену на масло»
        return ReplyReading(Outcome.NEED_NOW, sure=sure)
    needed = _BUT_NEEDED.search(folded)  # «нет, а вот жене колодки нужны», «…, а антифриз нужен сейчас»
    if asks_for_parts and needed and resolve(folded[needed.start() :], today) is None:  # not «а масло весной»
        return ReplyReading(Outcome.NEED_NOW, sure=sure)
    if asks_for_parts and _needed_after_no(folded, today):  # «Нет, спасибо. Машину разбил — нужен бампер и капот»
        return ReplyReading(Outcome.NEED_NOW, sure=sure)
    until = _NOTHING_UNTIL.search(folded) if "nothing" in meant else None  # «до весны ничего не надо»
    if until and (day := day_after_until(until.group(), today)) is not None:
        return ReplyReading(Outcome.LATER, day, sure=sure)
    if "need_now" in meant:  # «да, на выходных»: a day and no part is when to write again
        return ReplyReading(Outcome.LATER, when, sure=sure)
    if "later" in meant or (when is not None and _NEEDED_LATER.search(folded)):  # «нужны будут колодки через месяц»
        return ReplyReading(Outcome.LATER, when or today + DEFAULT_LATER, sure=sure)
    if "nothing" in meant and when is not None and len(folded.split()) <= _DATE_ALONE_WORDS and not _REFUSAL_WORD.search(folded):
        return ReplyReading(Outcome.LATER, when, sure=sure)  # «чз нед»: a date and no «нет» is when to write, not a no
    if "nothing" in meant:
        return ReplyReading(Outcome.NOTHING, sure=sure)
    if asks_for_parts:
        return ReplyReading(Outcome.NEED_NOW, sure=sure)
    return ReplyReading(Outcome.LATER, when, sure=sure) if when is not None else ReplyReading(None, sure=sure)
