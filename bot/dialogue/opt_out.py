"""«Не пишите мне» in the ways customers say it: honoured at once and for ever, so it is read by exact
wording, and no model (ours or an LLM) may count a message as an opt-out without refusal words."""

from __future__ import annotations

import re

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


# "Erase my data" (152-FZ art. 21 p. 5): a request to destroy the personal data, not only to stop
# writing; it is an opt-out as well. «удалите меня из рассылки» only unsubscribes.
_ERASE = re.compile(
    r"(удал\w*|сотр\w*|стер\w*|уничтож\w*)[\s,]+(\w+[\s,]+)?"
    r"(меня(?!\s+из\s+(рассылк|списк|подписк))|мо[июей]\s+(персональн\w+\s+)?(данны\w*|номер\w*|контакт\w*|переписк\w*)"
    r"|(все\s+)?(персональн\w+\s+)?данны\w+\s+обо\s+мне|персональн\w+\s+данны\w*|информаци\w+\s+обо\s+мне)"
    r"|отзыва\w*\s+(сво\w+\s+)?согласи\w*\s+на\s+обработку",
    re.IGNORECASE,
)


# Words without which no reading (the intent model's, an LLM's) may count a reply as an opt-out.
_REFUSAL = re.compile(
    r"хватит|надоел|достал|задолбал|отстан|отвали|\bстоп|\bstop|unsubscribe|удалит|заблок|жалоб|рассылк|\bпиш|\bписа|\bспам"
    r"|беспоко|отпис|прекрат|сотр|стер|уничтож|отзыва",
    re.IGNORECASE,
)


def sounds_like_refusal(text: str) -> bool:
    return bool(_REFUSAL.search(text))


def is_opt_out(text: str) -> bool:
    folded = text.lower().replace("ё", "е")
    return bool(_OPT_OUT.search(folded) or _ERASE.search(folded))


def is_erasure_request(text: str) -> bool:
    return bool(_ERASE.search(text.lower().replace("ё", "е")))
