"""«Не пишите мне» in the ways customers say it: honoured at once and for ever, so it is read by exact
wording, and no model (ours or an LLM) may count a message as an opt-out without refusal words."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from bot.dialogue.intents import normalize
from catalogs.part_names import extract_parts, is_known_word, parses
from retention.dates import resolve

# "Don't write to me", in the ways customers say it. Careful with look-alikes: «отпишусь» / «отписался
# по вину» mean "I'll write back" / "I replied", «не беспокойтесь» is "don't worry".
_TO_ME = r"(\s+(мне|нам|сюда|больше|никогда|ничего|сообщени\w*|рассылк\w*|на\s+этот\s+номер|пожалуйста))*"
_OPT_OUT = re.compile(
    # «не пишите (мне больше)» ending the clause; «не пишите цену, просто скажите…» is not an opt-out
    r"не\s+(пиши|пишите|писать|присылай\w*|надо\s+писать|нужно\s+писать)" + _TO_ME + r"\s*($|[,.!;)]|\s+(а|и|я)\b)"
    # «не шлите» stops messages only when what is sent is a message («доставкой не отправляйте» is shipping)
    r"|не\s+(шли|шлите|слать|отправляй\w*)\s+(мне\s+|нам\s+)?(больше\s+)?(ничего|никаких|сообщени|смс|рассылк|реклам|уведомлени|писем|спам)"
    r"|(реклам\w*|рассылк\w*|сообщени\w*|смс|уведомлени\w*|спам\w*)\s+(мне\s+|нам\s+)?(больше\s+)?не\s+(шли|шлите|слать|отправляй\w*)"
    r"|не\s+(беспокойте\b|беспокоить)(?!\s+(до|в|во|на|сегодня|завтра|пока|ночью|утром|вечером))"
    r"|отпишите|отпиши\s+(меня|нас)|(хочу|как|можно)\s+отписаться|отписаться\s+от"
    r"|^\W*стоп\W*$|^\W*stop\W*$|\bстоп\b[\s,.!-]*(рассылк\w*|писать|сообщени\w*|хватит|спам\w*)"
    r"|(?<!в\s)(?<!во\s)\bспам(?!\w*\s+фильтр)(?!ит\s+ошибк)\w*|хватит\s+(писать|слать|присылать|спамить)"
    r"|прекрат\w*\s+(мне\s+)?(писать|слать|присылать|рассылк\w*|спамить)"
    r"|удалите\s+(меня|мои\s+(персональные\s+)?данные|мой\s+(номер|контакт)|персональные\s+данные)"
    r"|больше\s+не\s+(пишите|беспокойте|присылайте)"  # not «больше не спрашивайте (вин)»: in a request it means the VIN
    r"|забуд\w*\s+(этот|мой|наш)\s+(номер|телефон|контакт)(\s+(пожалуйста|навсегда))?\s*($|[.!;)])"
    r"|забуд\w*\s+(про\s+)?меня(\s+(пожалуйста|навсегда))?\s*($|[,.!;)])|отстаньте|отстань(?!\s+(ручник|колод|тормоз|суппорт))\b|unsubscribe"
    # «не хочу получать от вас сообщения», «не надо мне ваших смс»: the shop's messages refused
    r"|не\s+(хочу|желаю)\s+(больше\s+)?получать\s+((ничего\s+)?от\s+вас|(\w+\s+){0,2}(смс|сообщени|рассылк|писем|уведомлени|реклам))"
    r"|не\s+(надо|нужно)\s+(мне\s+|нам\s+)?(больше\s+)?ваш\w*\s+(смс|сообщени|рассылк|писем)",
    re.IGNORECASE,
)

# The words an opt-out turns on, spelt right: a word the dictionary does not know that is one slip
# (two in a long word) away from one of them is read as it («не пешите», «удаалите», «присылйате»)
_KEY_WORDS = (
    "пишите",
    "писать",
    "присылайте",
    "присылать",
    "удалите",
    "беспокойте",
    "беспокоить",
    "отпишите",
    "отписаться",
    "прекратите",
    "рассылку",
    "рассылки",
    "сообщения",
    "сообщений",
    "отстаньте",
    "спамить",
)
_ALPHA_WORD = re.compile(r"[а-я]{5,}")


# "Erase my data" (152-FZ art. 21 p. 5): a request to destroy the personal data, not only to stop
# writing; it is an opt-out as well. «удалите меня из рассылки» only unsubscribes.
_ERASE = re.compile(
    r"\b(удал\w*|сотр\w*|стер\w*|уничтож\w*)[\s,]+(\w+[\s,]+)?"  # not «мастер сказал менять»
    r"(меня\b(?!\s+из\s+(рассылк|списк|подписк))|мо[июей]\s+(персональн\w+\s+)?(данны\w*|номер\w*|контакт\w*|переписк\w*)"
    r"|(все\s+)?(персональн\w+\s+)?данны\w+\s+обо\s+мне|персональн\w+\s+данны\w*|информаци\w+\s+обо\s+мне)"
    r"|отзыва\w*\s+(сво\w+\s+)?согласи\w*\s+на\s+обработку"
    r"|\bмо[йеи]\w*\s+(номер|телефон|данн)\w*\b[^.!]{0,40}?[?!.,\s]+(удалите|сотрите)\W*$",  # «откуда у вас мой номер?? удалите»
    re.IGNORECASE,
)


# Words without which no reading (the intent model's, an LLM's) may count a reply as an opt-out: the
# stems of refusing the shop's messages — stop, send, write, call, offer, remove, block, complain (remove said to
# the shop, «удалите», or with what: «удалите мой номер»; not «катализатор хочу удалить»).
_REFUSAL = re.compile(
    r"хватит|надоел|достал|задолбал|заеб|отстан|отвали|отвяж|отцеп|\bстоп|\bstop|unsubscribe|заблок|\bблок"
    r"|удали(?:те)?\b|удал\w*\s+(?:\w+\s+)?(?:меня|мо[йиюе]\w*|номер|данн|контакт|переписк|из\b)"
    r"|(?:меня|номер\w*|данн\w*|контакт\w*|просил\w*)\s+(?:\w+\s+)?удал"
    r"|жалоб|жалова|пожалуюсь|рассыл|реклам|\bпиш|\bписа|\bнипиш|непиш|напиш|написыв|\bспам|беспоко|тревож|в\s+поко[еий]"
    r"|отпис|отпиш|прекрат|\bсотр|\bстер|уничтож|отзыва|присыл|\bшли|\bсла[тл]|звони|предлага|сообщени|уведомлен|\bсмс|\bsms"
    r"|писем|ваш\w*\s+акци|убер[иеё]|убрат|отключ|вычеркн|исключ|отказ|запре[щт]|черн\w*\s+спис|\bчс\b|из\s+(ваше\w*\s+)?баз"
    r"|забуд\w*\s+(мой|мои|меня|про\s+меня|нас)|remove|delete|🛑|⛔|🚫",
    re.IGNORECASE,
)


# Saying the shop may go on writing: «пишите, не отписывайте меня», «писать можете», «я не против»,
# «не надо звонить, пишите сюда». No reading of the model makes that an opt-out (the exact words do).
_KEEP_WRITING = re.compile(
    r"не\s+отпис\w*|(?<!не\s)(?<!сколько\s)\b(?:можете|можно|продолжайте)\s+(?:мне\s+)?(?:писать|присылать)\b"
    r"|(?<!сколько\sможно\s)\bписать\s+(?:мне\s+)?(?:можете|можно)\b"
    r"|\bне\s+против\b"
    # a channel preferred: «пишите только в вотсап», «лучше пишите в телегу», «не звоните, пишите сюда»
    r"|(?<!не\s)\bпишите\s+(?:(?:мне|пожалуйста|лучше|только|тогда|уж)\s+){0,3}(?:сюда|в\s+(?:чат|телег\w*|тг|ватсап\w*|вотсап\w*"
    r"|вацап\w*|whatsapp|telegram|max|макс\w*|личк\w*|личные)|на\s+(?:почту|ватсап|вотсап|номер))",
    re.IGNORECASE,
)


# A rude «get lost» to the shop that wrote first: «отвали, бот», «идите лесом со своими запчастями». An
# opt-out in a campaign (the customer did not ask to be written to); in a request of their own it is
# impatience with the assistant, not with the shop.
_GET_LOST = re.compile(
    # said to the shop: «отвалите», «отвяжитесь» (plural: not «жена говорит отвали от машины»), or «отвали» opening
    # the message or with «бот», «от меня»
    r"\b(?:отвалите|отвяжитесь|отцепитесь|отъебитесь)\b"
    r"|^\W*(?:(?:да|ну|блин|слышь|короче)\W+)*(?:отвали|отвяжись|отцепись|отъебись)\b"
    r"|\b(?:отвали|отвяжись|отцепись)\W+(?:от\s+меня|бот\w*|уже|со\s+сво\w+)|\bбот\w*\W+(?:отвали|отвяжись|отцепись)"
    # «пошли вон», «иди нафиг», «идите лесом со своими запчастями» (not «пошли в баню с мужиками», «к чёрту на рога»)
    r"|\b(?:пош[её]л|пошли|иди|идите|катись|катитесь)\s+(?:ты\s+|вы\s+)?(?:на\s*(?:хер|хуй|хрен)\w*|нах\w*|нафиг|нафих"
    r"|в\s+жопу|вон|лесом|к\s+черт(?:у|ям)?\b(?!\s+на\s+рога)|куда\s+подальше)"
    r"|\b(?:пош[её]л|пошли|иди|идите)\s+(?:ты|вы)\s+(?:со\s+сво\w+|уже\b)",  # «пошли вы со своими запчастями»
    re.IGNORECASE,
)


# «Не пишите» limited to a time («не пишите мне в выходные, а так пишите», «ночью не пишите только», «не
# пишите до весны», «ага, только не в выходные»): when to write, not whether — no opt-out. Not when anything says for ever («больше»,
# «никогда», «до свидания», «днём и ночью»), the «до» names no day («до лучших времён»), or the rest refuses too.
_AT_A_TIME = (
    r"до\s+(?:(?:конца|середины|начала)\s+)?[а-я]+(?:\s+(?:года|недели|месяца))?|до\s+\d{1,2}(?:-?го)?(?:\s+[а-я]+)?"
    r"|в\s+выходн\w*|на\s+выходных|по\s+(?:выходным|утрам|ночам|вечерам|будням|праздникам)|ночью|утром|вечером|с\s+утра"
    r"|(?:так\s+|слишком\s+)?(?:рано|поздно)|в\s+рабочее\s+время|на\s+работе|в\s+обед"
    r"|после\s+\d{1,2}(?::\d\d)?(?:\s*(?:вечера|часов|ч))?"
    r"|в\s+(?:понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье)"
    r"|в\s+этом\s+месяце|на\s+этой\s+неделе"  # not «пока», «сейчас», «сегодня»: «не пишите, пока» is goodbye too
)
_REFUSED = r"не\s+(?:пиши|пишите|писать|беспокойте|звоните)"
_FILLER = r"(?:(?:мне|нам|только|пожалуйста|уж)\s+)*"
_AT_SOME_TIMES = re.compile(
    rf"\b(?:{_AT_A_TIME})\s+{_FILLER}{_REFUSED}\b(?:\s+(?:мне|только|пожалуйста)\b)*"
    rf"|{_REFUSED}\s+{_FILLER}(?:{_AT_A_TIME})\b(?:\s+только\b)?"
    rf"|\b(?:только|но|лишь|главное)\s+не\s+(?!до\b)(?:{_AT_A_TIME})\b"  # «хорошо, только не в выходные»
)
_TIMES = r"(?:ночью|дн[её]м|утром|вечером|в\s+будни|в\s+выходные|по\s+выходным|по\s+будням)"
_FOR_EVER = re.compile(
    rf"больш|болше|\bпо\s+\w+\s+и\s+по\s+\w+|никогда|вообще|совсем|навсегда|до\s+свидан|до\s+конца\s+(?:жизни|дней|света)|до\s+смерти|\bни\s+\w+\s+ни\b"
    rf"|{_TIMES}\s*(?:,|и)\s*{_TIMES}"
)
_UNTIL = re.compile(r"\bдо\s+([^,.!?;]+)")
_A_YEAR = re.compile(r"\b(?:19|20|21)\d\d\b")
# what, beside a time, still refuses: the other times too, a goodbye, any other refusal
_STILL_REFUSES = re.compile(
    r"\bне\s+(?:пиш|писа|напиш|звон|беспоко|присыл|шли|слать)|тоже|также|тем\s+более|остальн|друг\w*\s+дн|следующ"
    r"|досвидан|до\s+свидан|прощай|всего\s+(?:доброго|хорошего)|хватит|надоел|достал|задолбал|отстан|заблок|\bблок|жалоб"
    r"|рассыл|реклам|спам|отпис|удали|прекрат|сотр|отвал|отвяж"
)
_DAYISH = re.compile(
    r"\d|январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр|весн|лет[ао]|осен|зим|недел|месяц|год"
    r"|праздник|понедельник|вторник|сред[ыу]|четверг|пятниц|суббот|воскресень|выходн|зарплат|получк|аванс|отпуск"
)
_SOME_DAY = date(2026, 6, 15)  # any day: whether «до X» names a day at all


@lru_cache(maxsize=256)  # asked several times of one message (meaning, outcomes, the machine)
def _time_limit(text: str) -> re.Match[str] | None:
    """The «не пишите в выходные» of a message that limits when to write and refuses nothing for ever."""
    folded = text.lower().replace("ё", "е")
    match = _AT_SOME_TIMES.search(folded)
    if match is None or _FOR_EVER.search(folded) or _FOR_EVER.search(_spelt_right(folded)):
        return None
    if "до " in match.group() and (day_after_until(match.group(), _SOME_DAY) is None or _A_YEAR.search(folded)):
        return None  # «до лучших времён», «до второго пришествия», «до мая 2030»: for ever
    rest = f"{folded[: match.start()]} {folded[match.end() :]}"
    if _OPT_OUT.search(rest) or _ERASE.search(rest) or tells_to_get_lost(rest) or _STILL_REFUSES.search(_spelt_right(rest)):
        return None  # «в выходные не пишите, в будни тоже», «…до весны, досвидания», «…и не звоните»
    return match


def day_after_until(limited: str, today: date) -> date | None:
    """«не пишите до конца года» -> 1 January: the day writing is welcome again."""
    until = _UNTIL.search(limited)
    if until is None:
        return None
    said = re.sub(r"\s+(?:мне|нам|не\s+\w+|только|пожалуйста)\b.*$", "", until.group(1)).strip()
    if not _DAYISH.search(said):
        return None  # «до второго пришествия», «до лучших времён»
    return resolve(f"после {said}" if said.startswith(("конца", "окончания")) else f"с {said}", today)


def at_some_times(text: str) -> bool:
    """«Не пишите в выходные», «ночью не пишите только»: not written to at some times, the rest welcome."""
    return _time_limit(text) is not None


def without_time_limits(text: str) -> str:
    """The message without its «не пишите в выходные» (whose day is no day to write on)."""
    folded = text.lower().replace("ё", "е")
    match = _time_limit(folded)
    return f"{folded[: match.start()]} {folded[match.end() :]}" if match else folded


def written_again_from(text: str, today: date) -> date | None:
    """«не пишите до весны» -> 1 March: when writing is welcome again; None when the message says no such day."""
    match = _time_limit(text)
    return day_after_until(match.group(), today) if match else None


def tells_to_get_lost(text: str) -> bool:
    """«Отвали, бот», «идите лесом со своими запчастями» said to the shop (not «жена говорит отвали от
    машины», «пошли в баню с мужиками»)."""
    return bool(_GET_LOST.search(text.lower().replace("ё", "е").strip()))


def keeps_writing(text: str) -> bool:
    return bool(_KEEP_WRITING.search(text.lower().replace("ё", "е")))


_CLAUSE_END = re.compile(r"(?<=[,.;!?])\s+")
_ONLY_WRITE = re.compile(r"^\W*(?:(?:да|ну|пишите|пиши|пишите-пишите)\W*)+$", re.IGNORECASE)


def besides_keep_writing(text: str) -> str:
    """What the message says besides that the shop may go on writing: «пишите, не отписывайте меня, просто
    сейчас ничего не надо» -> «просто сейчас ничего не надо» (empty when it says nothing else)."""
    text = without_time_limits(text)
    kept = [clause for clause in _CLAUSE_END.split(text) if not keeps_writing(clause) and not _ONLY_WRITE.match(clause)]
    return " ".join(kept).strip()


# «не пишите в ватсап, в телегу пишите»: one messenger refused and another asked for, both in so many words
_MESSENGERS = (
    ("Telegram", r"телег\w*|телеграм\w*|тг|tg|telegram"),
    ("WhatsApp", r"ват?сап\w*|вотсап\w*|вацап\w*|whats\s?app"),
    ("MAX", r"макс|max"),
    ("VK", r"вк|vk|вконтакт\w*"),
)
_WRITE = r"(?:на)?пиш(?:и|ите)"
# anything more than where to write: adverts, this chat, what to write about — a plain opt-out
_NOT_ONLY_WHERE = re.compile(r"реклам|рассыл|спам|сюда|тут\b|здесь|тольк|по\s+делу|по\s+заказ|\?")


def the_other_messenger(text: str) -> str | None:
    """The messenger a message asks to be written in instead of another it refuses («не пишите в ватсап,
    в телегу пишите» -> Telegram); None for anything less plain («в телегу лучше не пишите», «не пишите
    сюда, пишите в телеграм», «в телегу пишите только по заказу»): those are opt-outs as they stand."""
    folded = text.lower().replace("ё", "е")
    if _NOT_ONLY_WHERE.search(folded):
        return None
    place = {name: rf"\b(?:в|на)\s+(?:{words})\b" for name, words in _MESSENGERS}
    refused = {name for name, there in place.items() if re.search(rf"\bне\s+{_WRITE}\s+(?:мне\s+)?{there}", folded)}
    asked = [
        name
        for name, there in place.items()
        if re.search(rf"(?<!не\s){_WRITE}\s+(?:мне\s+)?{there}|{there}\s+(?:мне\s+)?{_WRITE}\b", folded)
        and not re.search(rf"\bне\s+{_WRITE}\s+(?:мне\s+)?{there}|{there}\s+(?:мне\s+)?не\b", folded)
    ]
    return asked[0] if refused and len(asked) == 1 and asked[0] not in refused else None


_NO_CALLS = re.compile(
    r"\bне\s+(?:надо\s+)?(?:мне\s+)?(?:звоните|звонить|набирайте|звони)\b|\bзвонить\s+(?:мне\s+)?не\s+(?:надо|нужно)\b"
)
# writing refused too: «не пишите», «отпишите», «удалите»
_NO_WRITING = re.compile(r"\bне\s+(?:пиш|писа|напиш|присыл|шли|слать|беспок|надоед)|отпис|рассыл|удали|\bстоп\b")
# said of all contact unless writing is welcomed in so many words: «не звоните, хватит», «не звоните, это спам» (anger
# alone is not: «не звоните мне, надоели» in a chat the customer opened; the campaign wants the welcome anyway)
_ALL_CONTACT = re.compile(r"спам|реклам|хватит|больше\s+не\s+(?!звон|набир)")
# writing welcomed in so many words: «пишите», «присылайте», «только сообщения», «в телегу»
_WRITE_WELCOME = re.compile(
    r"(?<!не\s)\b(?:пиши|пишите|напиши|напишите|присылай|присылайте|пришли|пришлите)\b|\b(?:только|лучше|в)\s+(?:в\s+)?(?:смс|сообщени|переписк)"
    r"|\bв\s+(?:чат|ватсап|вотсап|телег)"
)


def welcomes_writing(text: str) -> bool:
    """«не звоните, пишите», «…, присылайте акции сюда», «только сообщения»."""
    return bool(_WRITE_WELCOME.search(_spelt_right(text.lower().replace("ё", "е"))))


def refuses_only_calls(text: str) -> bool:
    """«не звоните, пишите», «не звоните мне, надоели», «…, хватит спама, присылайте сообщения»: calls refused,
    writing not — no opt-out (the campaign, which only writes, asks for the welcome in so many words)."""
    folded = _spelt_right(text.lower().replace("ё", "е"))
    if not _NO_CALLS.search(folded) or _NO_WRITING.search(folded):
        return False
    return not _ALL_CONTACT.search(folded) or welcomes_writing(folded)


def sounds_like_refusal(text: str) -> bool:
    """Refusal words in the message, also when typed in Latin letters («ne pishite», «otpishite»)."""
    return bool(_REFUSAL.search(_spelt_right(normalize(text))))


def is_opt_out(text: str) -> bool:
    folded = without_time_limits(_spelt_right(text.lower().replace("ё", "е")))
    return bool(_OPT_OUT.search(folded) or _ERASE.search(folded))


# «это не Андрей, вы ошиблись номером», «вы не туда попали»: a stranger's number — not written to again (what
# the message means stays `other`, as the corpus labels it: the machine stops writing)
_WRONG_NUMBER = re.compile(
    r"(?:ошиблись\s+номером|номером\s+ошиблись)(?!\s+(?:детал|заказ|артикул|кузов|квартир|дом|запчаст|товар|накладн)\w*)"
    r"|(?:^|[,.!?]\s*)(?:вы\s+)?не\s+туда\s+попали|(?:это|здесь|тут)\s+не\s+[а-яё]+\W+(?:вы\s+)?ошиблись\b"
    r"|не\s+тому\s+пишете|неправильн\w*\s+номер\b(?!\s+(?:детал|заказ|артикул|запчаст))|номер\s+теперь\s+мой|\bчужой\s+номер"
    r"|с\s+кем-?\s*то\s+(?:путаете|перепутали)"
    # «нет тут таких, ошиблись», «номер сменил владельца, это не тот человек»
    r"|\bнет\s+(?:тут|здесь)\s+таких\b(?=[^?]*\bошиб)|\bтаких\s+(?:тут|здесь)\s+нет\b(?=[^?]*\bошиб)"
    r"|\b(?:номер|телефон)\s+(?:сменил|поменял)\s+(?:владельца|хозяина)|\bу\s+(?:номера|телефона)\s+(?:новый|другой)\s+(?:владелец|хозяин)"
    # «это не мой номер, вы ошиблись», «номер не мой» alone (not «не мой номер, я такого не присылал»: a part's)
    r"|\bне\s+мой\s+(?:номер|телефон)\b(?=[^?]*\bошиб)|^\W*(?:это\s+)?(?:не\s+мой\s+(?:номер|телефон)|(?:номер|телефон)\s+не\s+мой)\W*$"
    # someone else's phone in the family, with no car: «это номер жены, у неё машины нет» (not «это номер мужа, он занят»)
    r"|\bэто\s+(?:был\s+)?номер\s+(?:мо(?:ей|его)\s+)?(?:жены|мужа|сына|дочери|дочки|мамы|матери|отца|папы|брата|сестры|бабушки|дедушки)\b"
    r"(?=[^?]*\b(?:машин\w*\s+(?:у\s+\w+\s+)?нет|нет\s+машин\w*|не\s+водит|не\s+пользуется))"
    # a work phone passed on: «служебный телефон, сотрудник уволился», «номер передали мне», «это рабочий номер, он уволился»
    r"|\bномер\w*\s+(?:мне\s+)?(?:передали|отдали|достал\w*)(?:\s+мне)?\b|\b(?:служебн|рабоч|корпоративн)\w*\s+(?:номер|телефон|сим)\w*"
    r"(?=[^.!?]*\bуволил)|\bуволил\w*[^.!?]*\b(?:служебн|рабоч|корпоративн)\w*\s+(?:номер|телефон|сим)",
    re.IGNORECASE,
)
# another number or place gone wrong, or an order of the customer's own: «в прошлый раз вы ошиблись номером», «в
# накладной», «курьеры не туда попали», «…, я оплатил заказ», «…, деталь не та пришла» (not a stranger's denials:
# «я ничего не заказывал», «я не жду никакой доставки», «деньги за ваши запчасти я не платил»)
_OTHER_NUMBER = re.compile(
    r"в\s+прошлый\s+раз|в\s+заказе|накладн|при\s+доставк|прислали|привезли|курьер|деньги\s+не\s+туда|фото|посылк|перевод"
    r"|\bмы\s+не\s+туда|\b(?:мой|мою|моего|моем|свой|свою|своего|наш|нашего)\s+заказ|\bя\s+(?:уже\s+)?(?:о|за)?платил"
    r"|\bоплатил\w*\s+(?:заказ|сч[её]т|детал)|\bне\s+т(?:а|у|е|от)\s+(?:детал|запчаст|товар)"
    r"|\b(?:детал|запчаст|товар)\w*\s+(?:пришл\w*\s+)?не\s+т(?:а|у|е|от)\b|\bартикул\s+друг|(?<!не\s)\bжду\s+(?:свой|мой|наш|заказ|детал|доставк|посылк)"
    r"|\bзаказ\w*\s+(?:№\s*|номер\s+)?\d+|(?<!не\s)\bоплатил",
    re.IGNORECASE,
)


# an order of the customer's own told in one clause: what was ordered and what became of it, said without «не»
# («заказ получил», «я деталь получил но она не та», «заказ оплачен мной», «я у вас заказывал»)
_ORDER_THING = re.compile(r"\b(?:заказ|детал|запчаст|товар|посылк)\w*", re.IGNORECASE)
_ORDER_DONE = re.compile(
    r"(?<!не\s)\b(?:получил\w*|получен\w*|забрал\w*|пришел|пришла|пришли|пришло|оплачен\w*|заплатил\w*)"
    r"|(?<!не\s)\bзаказывал\w*\s+у\s+вас|\bу\s+вас\s+заказывал",
    re.IGNORECASE,
)


def _about_own_order(folded: str) -> bool:
    """Another number or place gone wrong, or an order of the customer's own told in some clause: no stranger."""
    clauses = re.split(r"[,.!?;]", folded)
    return bool(_OTHER_NUMBER.search(folded)) or any(_ORDER_THING.search(c) and _ORDER_DONE.search(c) for c in clauses)


def _name_stem(name: str) -> str | None:
    """The first name as a pattern for any of its forms («Андрей» -> андре…: «андрея», «андрею»); None when too short."""
    words = name.lower().replace("ё", "е").split()
    if not words or len(words[0]) < 3:
        return None
    return re.escape(words[0][:-1] if len(words[0]) > 3 else words[0])


# the customer has died, told by their family: «Андрея больше нет», «муж умер», «его не стало»
_KIN = r"(?:он|она|его|ее|муж\w*|отец|отца|пап\w*|брат\w*|сын\w*|дед\w*|мам\w*|мать|матери|жен\w*|хозяин\w*|владел\w*)"
# words that say a death whatever else is said («…, похоронили в другом городе», «…, он погиб в аварии»)
_DEATH_WORDS = re.compile(
    r"\bумер(?:ла|ли)?\b|\bскончал\w*|\bпогиб(?:ла|ли)?\b|\bпохорон\w*|\bвдов\w*|\bв\s+живых|на\s+этом\s+свете"
    r"|среди\s+(?:живых|нас)\b|\bне\s+стало\b|ушл?[её]?л?а?\s+из\s+жизни|царствие\s+небесное|светлая\s+память|насмерть",
    re.IGNORECASE,
)
# the words of a death that need no one named: «Похоронили в прошлом месяце», «я его вдова»
_FUNERAL = re.compile(r"\bпохорон\w*|\bвдов\w*|насмерть|царствие\s+небесное|светлая\s+память", re.IGNORECASE)
# nobody died, or not the reader: «он жив», «я не вдова», «погиб для нас», «умер со смеху»; and whoever asks to be
# written to again («похоронили отца, через две недели напишите») is alive and reads the shop's messages
_NO_DEATH = re.compile(
    r"\bжив(?:ой|ая|а|ы)?\b|\bне\s+(?:умер\w*|погиб\w*|вдов\w*|похорон\w*)|\bпогиб\w*\s+для\b|\bумер\w*\s+(?:со\s+смеху|от\s+смеха)"
    r"|(?<!не\s)\b(?:(?:на)?пиш(?:ите|и)|свяж(?:итесь|ись)|напомн(?:ите|и)|позвон(?:ите|и)|набер(?:ите|и))\b"
    r"(?![^.!?]{0,20}?\b(?:не|нельзя|хватит)\b)",  # not «пишите больше не надо»
    re.IGNORECASE,
)
# «больше нет» said of him alone is a death too, unless he is alive elsewhere (moved, another job, another number)
_NO_MORE = r"(?:больше\s+нет|нет\s+больше)(?:\s+с\s+нами)?(?=\s*(?:[^\w\s]|$))"
_ELSEWHERE = re.compile(
    r"переехал|уехал|уволил|работ|фирм|номер|сменил|\bтут\b|\bздесь\b|\bдома\b|пенси|арми|ошиблись|\bпродал\b"
    r"|\b(?:он|она)\s+(?:теперь\s+)?(?:живет|в\s+другом)",
    re.IGNORECASE,
)


# where or when a burial was, no one buried: «в прошлом месяце», «на кладбище», «в другом городе»
_BURIAL_CIRCUMSTANCE = frozenset({"месяц", "неделя", "год", "день", "время", "кладбище", "город", "родина", "вчера", "утро"})


def _buried_another(folded: str, death: re.Match[str], own: str) -> bool:
    """«похоронили бабушку», «в прошлом месяце похоронили мою старую машину», «ласточку похоронили»: someone or
    something buried who is not the customer — a noun of the clause, not after a preposition, not him."""
    if not death.group().lower().startswith("похорон"):
        return False
    start = max(folded.rfind(mark, 0, death.start()) for mark in ".,;!?") + 1
    ends = [at for mark in ".,;!?" if (at := folded.find(mark, death.end())) >= 0]
    words = re.findall(r"[а-яa-z]+", folded[start : min(ends, default=len(folded))].lower())
    for before, word in zip(["", *words], words, strict=False):
        if word.startswith("похорон") or re.fullmatch(rf"{_KIN}|{own}|него|нее", word):
            continue
        first = parses(word)[:1]
        after_preposition = bool(before) and any(p.tag.POS == "PREP" for p in parses(before)[:1])
        if first and first[0].tag.POS == "NOUN" and first[0].normal_form not in _BURIAL_CIRCUMSTANCE and not after_preposition:
            return True
    return False


def _died(word: str) -> str | None:
    """Whose death the word tells, by its gender: «умерла», «погибла», «вдовец» — a woman's; «умер», «вдова» — a man's."""
    w = word.lower()
    if re.fullmatch(r"(?:умерла|погибла|скончалась|вдовец|вдовца)", w):
        return "femn"
    if re.fullmatch(r"(?:умер|погиб|скончался|вдова|вдовы|вдову)", w):
        return "masc"
    return None


def _gender(name: str) -> str | None:
    """The customer's gender by their first name («Андрей» -> masc), when the dictionary knows it as a name."""
    first = (name.split() or [""])[0].lower()
    for p in parses(first) if first else ():
        if "Name" in p.tag and p.tag.gender in ("masc", "femn"):
            return str(p.tag.gender)
    return None


_ASKED_AFTER = re.compile(r"[^.!\n]*\?")


def tells_of_a_death(text: str, name: str = "") -> bool:
    """«Андрея больше нет. Это его жена», «муж умер в прошлом месяце», «его не стало»: the customer has died —
    condolences, and never written to again (not «аккумулятор умер», «машины больше нет», «Андрея больше нет, он
    переехал»)."""
    folded = text.replace("ё", "е").replace("Ё", "Е")
    stem = _name_stem(name) if len((name.split() or [""])[0]) > 3 else None  # «Лев» would be «левый»
    own = rf"{stem}\w*" if stem else r"(?!)"
    person = re.search(rf"\b(?:{_KIN}|{own})\b", folded, re.IGNORECASE) is not None
    if _NO_DEATH.search(folded):
        return False
    told = [m for m in _DEATH_WORDS.finditer(folded) if not _ASKED_AFTER.match(folded, m.end())]  # not «он погиб?»
    # not «похоронили бабушку», «похоронили мою ласточку»; not his wife («жена умерла», «я вдовец» to Андрей)
    told = [m for m in told if not _buried_another(folded, m, own) and _died(m.group()) in (None, _gender(name))]
    if told:
        funeral = any(_FUNERAL.fullmatch(m.group()) for m in told)
        return (person or funeral) and not extract_parts(folded)  # «аккумулятор старый, он умер» is a part
    said = re.search(rf"\b(?:{_KIN}|{own})\s+(?:\w+\s+)?{_NO_MORE}", folded, re.IGNORECASE)
    return said is not None and not _ELSEWHERE.search(folded)


def denies_the_name(text: str, name: str) -> bool:
    """«я не андрей», «это не Андрей вообще-то», «андрея тут нет», «не знаю никакого андрея», «андрей? нет таких»:
    the name the shop wrote to is not the reader's (not with an order of their own: «я не Андрей, я его жена, заказ
    получила»)."""
    stem = _name_stem(name)
    if stem is None:
        return False
    folded = text.lower().replace("ё", "е")
    denied = re.search(
        rf"\b(?:я|это|тут|здесь)\s+(?:вообще-?то\s+)?не\s+{stem}|\b{stem}\w*\s+(?:тут|здесь)\s+(?:нет|не\s+живет)"
        rf"|\b{stem}\w*\s+(?:тут|здесь|у\s+нас)\s+(?:больше\s+|уже\s+)?не\s+работает"
        rf"|\b{stem}\w*\s+(?:больше|уже)\s+не\s+работает\s+(?:тут|здесь|у\s+нас)\b"
        rf"|\b{stem}\w*\s+(?:больше\s+|уже\s+)?не\s+работает(?:\s+больше)?\s+(?:в|у)\s+(?:наш|эт)\w*"
        r"|\bбывш\w*\s+(?:\w+\s+)?(?:номер|телефон)|\bне\s+его\s+(?:\w+\s+)?(?:номер|телефон)"
        rf"|\bне\s+знаю\s+(?:никак\w+\s+)?{stem}|\b{stem}\w*\W+нет\s+(?:таких|такого|тут|здесь)"
        rf"|\b{stem}\w*\s+(?:тут\s+|здесь\s+)?больше\s+нет\s+(?:(?:на|по)\s+этом\w*\s+номер\w*|тут|здесь)"
        rf"|\b{stem}\w*\s+(?:тут|здесь)\s+больше\s+нет|\b{stem}\w*\s+больше\s+нет\W+(?:номер\s+(?:он\s+)?сменил|сменил\s+номер)",
        folded,
    )
    return denied is not None and not _about_own_order(folded)


def is_wrong_number(text: str) -> bool:
    """«вы ошиблись номером», «это не Андрей, вы ошиблись»: the number is not the customer's (not «ошиблись
    в номере детали», nor said with an order of the customer's own: «…, заказ получил, спасибо»). Not asked:
    «вы ошиблись номером?» (but «Какой ещё? Нет тут таких, ошиблись» is told)."""
    folded = text.replace("ё", "е").replace("Ё", "Е")
    told = _WRONG_NUMBER.search(folded)
    if told is None or "?" in folded[told.start() :]:
        return False
    return not _about_own_order(folded)


def is_erasure_request(text: str) -> bool:
    return bool(_ERASE.search(_spelt_right(text.lower().replace("ё", "е"))))


def _spelt_right(folded: str) -> str:
    return _ALPHA_WORD.sub(lambda match: _key_word(match.group()), folded)


@lru_cache(maxsize=4096)
def _key_word(word: str) -> str:
    if word in _KEY_WORDS or is_known_word(word):
        return word
    slips = 2 if len(word) >= 9 else 1
    return next((key for key in _KEY_WORDS if _distance(word, key, slips) <= slips), word)


def _distance(a: str, b: str, limit: int) -> int:
    """Damerau–Levenshtein (optimal string alignment) distance, or limit + 1 once it is beyond `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        previous, row = row, [i] + [0] * len(b)
        for j, y in enumerate(b, 1):
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (x != y))
            if i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                row[j] = min(row[j], before[j - 2] + 1)
        if min(row) > limit:
            return limit + 1
        before = previous
    return row[-1]
