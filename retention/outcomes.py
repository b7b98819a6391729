"""A reply to the campaign opener -> need_now | later(date) | nothing | opted_out (or unclear)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

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


DEFAULT_LATER = timedelta(days=14)

# "Don't write to me", in the ways customers say it. Careful with look-alikes: «отпишусь» / «отписался
# по вину» mean "I'll write back" / "I replied", «не беспокойтесь» is "don't worry".
_TO_ME = r"(\s+(мне|нам|сюда|больше|никогда|ничего|сообщени\w*|рассылк\w*|на\s+этот\s+номер|пожалуйста))*"
_OPT_OUT = re.compile(
    # «не пишите (мне больше)» ending the clause; «не пишите цену, просто скажите…» is not an opt-out
    r"не\s+(пиши|пишите|писать|присылай\w*|надо\s+писать|нужно\s+писать)" + _TO_ME + r"\s*($|[,.!;)]|\s+(а|и|я)\b)"
    r"|не\s+(беспокойте\b|беспокоить)(?!\s+(до|в|во|на|сегодня|завтра|пока|ночью|утром|вечером))"
    r"|отпишите|отпиши\s+(меня|нас)|(хочу|как|можно)\s+отписаться|отписаться\s+от"
    r"|^\W*стоп\W*$|^\W*stop\W*$|\bстоп\b[\s,.!-]*(рассылк\w*|писать|сообщени\w*|хватит|спам\w*)"
    r"|(?<!в\s)(?<!во\s)\bспам(?!\w*\s+фильтр)(?!ит\s+ошибк)\w*|хватит\s+(писать|слать|присылать|спамить)"
    r"|прекрат\w*\s+(мне\s+)?(писать|слать|присылать|рассылк\w*|спамить)"
    r"|удалите\s+(меня|мои\s+(персональные\s+)?данные|мой\s+(номер|контакт)|персональные\s+данные)"
    r"|больше\s+не\s+(пишите|беспокойте|присылайте)|отстаньте|отстань(?!\s+(ручник|колод|тормоз|суппорт))\b|unsubscribe",
    re.IGNORECASE,
)
_LATER = re.compile(
    r"\b(позже|попозже|потом|не сейчас|не сегодня|в другой раз|позднее)\b|подума\w+|посмотрю\b|посоветуюсь",
    re.IGNORECASE,
)
_NOTHING = re.compile(
    r"ничего\s+(не\s+)?(надо|нужно|не надо|не нужно)|не\s+(надо|нужно|требуется|интересно)|^\W*нет\b|пока\s+нет"
    r"|уже\s+(купил\w*|взял\w*|заказал\w*|нашел|нашла|нашли|есть)|вс[её]\s+есть|все\s+в\s+порядке|не\s+актуально"
    r"|продал\w*\s+(машину|авто)|(машину|авто\w*)\s+продал\w*|^\W*неа\b|\bда нет\b|^\W*спасибо,?\s+ничего"
    r"|вс[её]\s+(нормально|хорошо|отлично|ок)\b",
    re.IGNORECASE,
)
_NEED = re.compile(
    r"^\W*(да|ага|конечно|нужн\w*|надо|давайте)\b|\bнужн[аоы]?\b|\bнужен\b|\bнадо\b|\bтребуется\b|\bищу\b|\bподберите\b|\bинтересует\b",
    re.IGNORECASE,
)


def is_opt_out(text: str) -> bool:
    return bool(_OPT_OUT.search(text.lower().replace("ё", "е")))


def classify(text: str, *, today: date, asks_for_parts: bool) -> ReplyReading:
    """`asks_for_parts`: the parts extractor found something the customer needs."""
    folded = text.lower().replace("ё", "е").strip()
    if is_opt_out(folded):
        return ReplyReading(Outcome.OPTED_OUT)
    if asks_for_parts:  # «на выходных заеду за колодками», «колодки нужны до 20-го»: a request, now
        return ReplyReading(Outcome.NEED_NOW)
    when = resolve(folded, today)
    if when is not None:
        return ReplyReading(Outcome.LATER, when)
    if _LATER.search(folded):
        return ReplyReading(Outcome.LATER, today + DEFAULT_LATER)
    if _NOTHING.search(folded) and not asks_for_parts:
        return ReplyReading(Outcome.NOTHING)
    if asks_for_parts or _NEED.search(folded):
        return ReplyReading(Outcome.NEED_NOW)
    return ReplyReading(None)
