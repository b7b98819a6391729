"""«Отмена, уже купил в другом месте», «передумал», «отбой»: a request taken back while it is still
collected, told from «всё» (the request complete) and from a denied cancel («заявку не отменяйте»)."""

from __future__ import annotations

import re

from bot.dialogue.complaints import asks_after_an_order
from bot.dialogue.meaning import gives_instructions
from bot.dialogue.understand import Intent, Understanding

# «отмена», «отмените заявку», «передумал», «уже купил», «не актуально», «забейте» — the request taken back
_CANCEL = re.compile(
    r"\bотмен|передумал|уже\s+(?:не\s+(?:надо|нужн)|купил|взял|нашел|нашёл)|купил\w*\s+(?:уже|в\s+другом|на\s+рынке)"
    r"|не\s+актуальн|неактуальн|забейте|забей\b|(?:не\s+надо|не\s+нужно)\s+уже\b"
    r"|сам[аи]?\s+(?:уже\s+)?(?:купил|нашел|нашёл|достал)|(?:друг|брат|сосед|жена|муж|сын|отец)\w*\s+(?:\w+\s+)?(?:отда(?:л|ст)|купил|достал|нашел|нашёл|даст)",
    re.IGNORECASE,
)


# (not «за отменённый заказ»: an order cancelled before, told of; not «забудьте про скидку»)
_NO_PAPERS = r"(?![^.!?]{0,25}\b(?:стс|птс|вин|vin|документ\w*|техпаспорт\w*|номер\w*|кузов\w*|свидетельств\w*))"

_CANCEL_FIRM = re.compile(
    r"\bотмен(?![её]нн)|передумал|не\s+актуальн|неактуальн|забейте|забей\b|забудьте\b(?!\s+(?:про|о|об)\b)|отбой"
    # «друг отдаст свою», «сосед отдал», «брат привёз» (not «сын привезет СТС», «друг нашел VIN»: the papers)
    rf"|\b(?:друг|брат|сосед|кум|тесть|отец|батя|сын)\w*\s+(?:\w+\s+)?(?:отда(?:л|ст)|да(?:л|ст)|прив[её]з|достал|купил|нашел|нашёл)\b{_NO_PAPERS}"
    # bought or to be bought elsewhere: «сам на разборке возьму», «куплю на рынке»
    r"|(?:на\s+разборк\w*|на\s+рынк\w*|в\s+друг\w+\s+(?:месте|магазин\w*)|на\s+авито)\s+(?:\w+\s+)?(?:возьму|куплю|найду|взял|купил|нашел|нашёл)"
    r"|(?:возьму|куплю|найду|купил\w*|взял\w*|нашел\w*|нашёл\w*|заказал\w*)\s+(?:\w+\s+)?(?:на\s+разборк|на\s+рынк|в\s+друг\w+\s+(?:месте|магазин)|на\s+авито)"
    r"|\bсам[аи]?\s+(?:как-?нибудь\s+)?разбер(?:усь|[её]мся)"  # «ой всё, не надо, сам разберусь»
    # the reason the request is dropped: «сам нашел», «машину продаю», «дорого, не надо»
    rf"|\bсам[аи]?\s+(?:уже\s+)?(?:нашел|нашёл|достал)\b{_NO_PAPERS}"
    # the car sold with the request declined beside it («не надо уже, машину продаю»; not «машину продал, подбирайте на новую»)
    r"|\bне\s+(?:надо|нужн\w*)(?:\s+уже)?\W+(?:\w+\W+){0,2}?(?:машин\w*|авто|тачк\w*)\s+(?:уже\s+)?прода(?:ю|м|л|ла|ли|ём|ем)\b"
    r"|\bпрода(?:ю|м|л|ла|ли|ём|ем)\s+(?:уже\s+)?(?:машин|авто|тачк)\w*\W+(?:\w+\W+){0,1}?не\s+(?:надо|нужн\w*)\W*$"
    # too dear, and the message ends on it: «ладно, дорого наверное, не надо» (not «дорого, не нужно мне оригинал, есть аналог?»)
    r"|\b(?:дорого|дороговато)\W+(?:\w+\W+){0,2}не\s+(?:надо|нужн\w*|буду|будем)(?:\W+(?:спасибо|спс|благодарю|извините|пока))?\W*$",
    re.IGNORECASE,
)
_WANTED_AFTER_ALL = re.compile(r"передумал\w*\W+(?:(?!не\b)\w+\W+)?(?:давай\w*|сейчас|нужн\w*|надо|оформля\w*|бер[уё]м?)\b", re.I)
# «нет, остальное уже купил» ends the request with what is on it; «если до пятницы не успеете — отмена» is no cancel yet
_THE_REST = re.compile(r"остальн|\bдругое\b|\bесли\b", re.IGNORECASE)


# the request just cancelled wanted after all: «ладно, давайте всё-таки», «передумал, оформляйте», «верните заявку»
# (not «всё-таки не надо», «передумал я, не нужно»)
_MIND_CHANGED = re.compile(
    r"\bвс[её][\s-]*(?:таки|же)\b|\bпередумал\w*|\bверн\w*\s+(?:\w+\s+)?заявк\w*|\bвосстанов\w*|\bне\s+отмен\w*", re.I
)
_WANTED_AGAIN = re.compile(
    r"\bдавай\w*|\bоформ\w*|\bбер[уё]м?\b|\bнуж\w*|\bнадо\b|\bзакаж\w*|\bверн\w*|\bвосстанов\w*|\bне\s+отмен", re.I
)
_NOT_WANTED = re.compile(r"\bне\s+(?:\w+\s+)?(?:надо|нуж\w*|буду|будем|оформля\w*|бер[уё]\w*)\b|(?<!не )\bотмен\w*", re.I)


def revives(text: str) -> bool:
    """Whether a message after a cancel wants the cancelled request back: «ладно, давайте всё-таки», «нет не
    отмена, я случайно нажал»."""
    return bool(_MIND_CHANGED.search(text) and _WANTED_AGAIN.search(text) and not _NOT_WANTED.search(text))


# what a message that takes the request back is read as: «всё», «ничего», «нет», or a slip owned with nothing put right
_DECLINING = frozenset({Intent.DONE, Intent.NOTHING, Intent.NO, Intent.CORRECTION})
_SHORT = re.compile(r"^\W*(?:\w+\W+){0,5}\w*\W*$")  # a few words


def cancels(u: Understanding, *, asked_more: bool = False) -> bool:
    """While the request is collected, «отмена, уже купил в другом месте», «передумал, не надо»: the
    whole request taken back (the model reads it `done` or `nothing`, §17 of the corpus README; the
    words tell it from «всё»). Not when the message names what it needs or drops one part («колодки
    отмените, сам купил» takes the pads off)."""
    if u.has_slots or u.withdrawn or u.withdrawn_sides or Intent.QUESTION in u.intents or asks_after_an_order(u.text):
        return False  # «хочу отказаться от заказа 7788, передумал»: an order placed, a manager's to cancel
    if Intent.CORRECTION in u.intents and not (_CANCEL_FIRM.search(u.text) or _CANCEL.search(u.text)):
        return False  # a slip put right, nothing taken back; «а, пардон, уже не надо, муж купил» corrects nothing: a cancel
    if Intent.REQUEST in u.intents and not (_SHORT.match(u.text) and _CANCEL_FIRM.search(u.text)):
        return False  # «забудьте, сам нашел» is read as a request by the model, with nothing in it asked for
    if _THE_REST.search(u.text) or gives_instructions(u.text):  # «отмени заявку и начни заново без VIN»: an injection
        return False
    if _WANTED_AFTER_ALL.search(u.text):  # «передумал, давайте сейчас»: the mind changed towards the request
        return False
    if any(not _negated(u.text, m) for m in _CANCEL_FIRM.finditer(u.text)):  # «хотя нет, отменяйте», «отбой»
        return True
    said = u.intents & _DECLINING  # «уже купил» ends a request only when it declines
    return bool(said) and not asked_more and any(not _negated(u.text, m) for m in _CANCEL.finditer(u.text))


def _negated(text: str, match: re.Match[str]) -> bool:
    """«заявку не отменяйте», «я не передумал», «отменять ничего не надо», «отмены не будет»."""
    before, after = text[: match.start()], text[match.end() :]
    return bool(re.search(r"\bне\s+(?:\w+\s+)?$", before, re.I) or re.match(r"\w*\s+(?:ничего\s+)?не\b", after, re.I))


# «всё отменяем, лучше дайте рычаги», «отмена, нужен генератор», «забудьте, давайте заново: …»: the request
# replaced by the parts this message names
_STARTS_OVER = re.compile(
    r"\bвс[её]\s+отмен\w*|\bотмен\w*\s+вс[её]\b|^\W*отмена\W*(?:,|\.|!|—|-)|\bзабудьте\s+(?:вс[её]|что\s+я\s+писал)"
    r"|\b(?:давайте|начн[её]м)\s+(?:заново|сначала)",
    re.IGNORECASE,
)
_ADDS = re.compile(r"\bещ[её]\b|добав|\bтоже\b|\bтакже\b", re.IGNORECASE)  # «забудьте про скидку, добавьте диски»


def starts_over(u: Understanding) -> bool:
    """A message that takes the whole request back and names new parts in its place."""
    if not u.parts or _ADDS.search(u.text):
        return False
    return any(not _negated(u.text, m) for m in _STARTS_OVER.finditer(u.text))
