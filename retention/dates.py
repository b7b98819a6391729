"""Russian date phrases -> the date to write again («через две недели», «в пятницу», «после зарплаты»).

Relative to the conversation's `today` in the customer's time zone. Returns None when the text names
no time, and never a date before tomorrow. A small grammar, not a regex per phrase:

- amount + unit in either order: «через две недели», «недели через три», «через недели три»,
  «дня через 3-4», «через неделю-другую», «через полгода», «3 дня спустя»; said bare only as a time
  given to wait («пару дней дайте подумать», «недельку подожду»), never as one waited («уже неделю жду»);
- a calendar day: «15 числа», «числа 15-го», «после 10-го», «к 15-му», «20 декабря», «20.12»;
- a weekday: «в пятницу», «в следующий понедельник», «после среды»;
- a period (month name, season, this/next month, week, weekend, year) with an optional part
  (начало/середина/конец): «в марте», «в конце ноября», «на следующей неделе», «после выходных», «летом»;
- holidays: «после нового года», «после майских», «перед новым годом», «после праздников»;
- payday: «после зарплаты», «с зп», «денег нет» (the next advance/salary day, see `_payday`).

Choices where a phrase allows several readings:
- a range takes its earlier end: «дня через 3-4» is 3 days, «через неделю-другую» one week; writing
  on the first day the customer named beats writing after they may have bought elsewhere;
- «к 15-му», «к пятнице» are that day itself, «к лету», «ближе к зиме» the 15th of the month before the season; «после X» the day after X;
- «до 20-го», «до пятницы», «до весны» name a deadline («до 20-го нужны колодки»), not a time to write,
  unless the customer is waiting: «до 20-го не надо», «до весны подожду», «занят до пятницы»;
- «в начале месяца» is the 3rd, the middle the 15th, the end three days before its last (the 28th of
  November, the 26th of February; the last day once that has passed); a named month or season the
  customer is already in is a week (two for a season) on, within it: «в декабре» said on 3 December is the 10th;
- «в следующий понедельник» is the Monday of next week (said on a Thursday, 4 days on);
  «в понедельник» the next Monday, never today;
- New Year: Russia's holidays end on the 8th–11th, so «после нового года», «после рождества», «в новом
  году» and a bare «в январе» are 12 January, «перед» 20 December, «на новогодних праздниках» the 3rd;
- «не раньше февраля» is «с февраля»; «до конца недели напишите» (asked to write, not waiting) is within
  the week; «до 20-го в отпуске, после напишите» the 21st; «не во вторник, а в понедельник» the Monday;
- «вечером», «через пару часов» with no other day said are the next day (the campaign writes by the
  day; «напиши вечером» is not a fortnight away); «сегодня», «на днях» name no day to write: None.

The rules are tried in `_RULES` order (an amount, tomorrow, a holiday, a calendar day, a weekday, a
period, payday, later today), so «жду зп, напишите через неделю» is a week; among several days or periods, the one
the customer asks to be written on comes first («к зиме аккум понадобится, напишите в ноябре» is
November), and a month before a season («к зиме ближе, в ноябре»). A day said without its month takes the month beside it («в январе числа 15»); ordinal words
(«пятого числа») are days; English and Russian typed in Latin letters («cherez nedelu», «next week»)
are read too. Not read: «через неделю в пятницу» (the amount wins), tense («в понедельник купил» is
still a Monday).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from bot.dialogue.latin import LATIN_WORD, sounded
from catalogs.edits import one_typo

_PAYDAYS = (10, 25)  # advance and salary days most Russian employers use
_FARTHEST = timedelta(days=5 * 366)

# ---- normalisation: case, ё, dashes, Latin look-alikes inside Russian words, one-letter typos
_LOOKALIKES = str.maketrans("aeopcxykmthb", "аеорсхукмтнв")
_REAL_WORDS = frozenset(("четверо", "череп", "черед"))  # one letter away from a target, and words of their own
_TYPO_TARGETS = frozenset((
    "через", "неделя", "недели", "неделе", "неделю", "неделей", "недель", "месяц", "месяца", "месяцу", "месяце",
    "месяцев", "месяцы", "послезавтра", "понедельник", "понедельника", "вторник", "вторника", "четверг", "четверга",
    "пятница", "пятницу", "пятницы", "субботу", "субботы", "воскресенье", "воскресенья", "следующий", "следующая",
    "следующее", "следующие", "следующего", "следующей", "следующую", "следующем", "следующих", "зарплата", "зарплаты",
    "зарплату", "выходные", "выходных",
))  # fmt: skip


def _fix_word(match: re.Match[str]) -> str:
    word = match.group()
    if re.search(r"[a-z]", word) and re.search(r"[а-я]", word):
        word = word.translate(_LOOKALIKES)
    if word in _TYPO_TARGETS or word in _REAL_WORDS or len(word) < 4:
        return word
    near = sorted(t for t in _TYPO_TARGETS if t[0] == word[0] and one_typo(word, t))
    return near[0] if near else word


# English the customers mix in, as the Russian the grammar reads
_ENGLISH = (
    (r"\bnext\s+week\b", "на следующей неделе"),
    (r"\bnext\s+month\b", "в следующем месяце"),
    (r"\bday\s+after\s+tomorrow\b", "послезавтра"),
    (r"\btomorrow\b", "завтра"),
    (r"\bin\s+(\d+)\s+days?\b", r"через \1 дней"),
    (r"\bin\s+(\d+)\s+weeks?\b", r"через \1 недели"),
)
# a day of the month as a word: «пятого числа», «числа двадцатого», «первого июня» -> «5-го»
_UNITS_ORDINAL = ("перв", "втор", "трет", "четверт", "пят", "шест", "седьм", "восьм", "девят")
_TEENS_ORDINAL = ("десят", "одиннадцат", "двенадцат", "тринадцат", "четырнадцат", "пятнадцат", "шестнадцат",
                  "семнадцат", "восемнадцат", "девятнадцат")  # fmt: skip
_ORDINAL_DAY = (
    r"\b(?:(?P<tens>двадцать|тридцать)\s+)?(?P<stem>"
    + "|".join(sorted((*_UNITS_ORDINAL, *_TEENS_ORDINAL, "двадцат", "тридцат"), key=len, reverse=True))
    + r")(?:ьего|ого|его|ье|ое|го)\b"
)
# a day only beside «числа» or a month: «пятого числа», «числа двадцатого», «первого июня» (not «с первого раза»)
_ORDINAL_BEFORE = re.compile(
    _ORDINAL_DAY + r"(?=\s+(?:числ|январ|феврал|март|апрел|ма[яй]|июн|июл|август|сентябр|октябр|ноябр|декабр))"
)
_ORDINAL_AFTER = re.compile(r"(?<=\bчисла\s)" + _ORDINAL_DAY)
# …or said as the day to write on: «напишите двадцать пятого», «пятого наберу», «после зарплаты, двадцатого»
# (not «хавал ф7 двадцать первого», «две тысячи девятого»: a year)
_WRITE_VERB = r"(?:напиш|пиш|позвон|набер|свяж|отпиш|звон|зп|зарплат|получк|аванс)\w*"
_ORDINAL_GENITIVE = _ORDINAL_DAY.replace("(?:ьего|ого|его|ье|ое|го)", "(?:ьего|ого|его|го)")
_ORDINAL_TO_WRITE = re.compile(
    r"(?:(?P<lead>\b(?:напишите|напиши|пишите|позвоните|наберите|свяжитесь|давайте|давай)\s(?:(?:после|до|ко?)\s)?)"
    r"|(?P<alone>(?:^|(?<=[,.!?;:]))\s*(?:(?:после|до|ко?)\s)?))?"
    + _ORDINAL_GENITIVE
    + rf"(?(lead)|(?(alone)(?=\s*(?:$|[,.!?;)]|{_WRITE_VERB}))|(?=\s*{_WRITE_VERB})))"
)


def _ordinal_day(match: re.Match[str]) -> str:
    stem, tens = match.group("stem"), match.group("tens")
    if stem in _UNITS_ORDINAL:
        day = _UNITS_ORDINAL.index(stem) + 1 + (20 if tens == "двадцать" else 30 if tens == "тридцать" else 0)
    elif stem in _TEENS_ORDINAL and not tens:
        day = 10 + _TEENS_ORDINAL.index(stem)
    elif stem in ("двадцат", "тридцат") and not tens:
        day = 20 if stem == "двадцат" else 30
    else:
        return match.group()
    return f"{day}-го" if day <= 31 else match.group()


_WARMER = re.compile(r"\b(?:как|когда|после\s+того\s+как)\s+(?:только\s+)?потеплеет\b|\bпо\s+теплу\b")
_SNOW_GONE = re.compile(
    r"\b(?:как|когда|после\s+того\s+как)\s+(?:только\s+)?(?:снег\s+(?:сойдет|растает|стает|сойд[её]т)|(?:сойдет|растает|стает)\s+снег)\b"
)


def _ordinal_to_write(match: re.Match[str]) -> str:
    day = _ordinal_day(match)
    return day if day == match.group() else (match.group("lead") or match.group("alone") or "") + day


def _normalise(text: str) -> str:
    t = text.lower().replace("ё", "е").replace("з/п", "зп")
    t = re.sub(r"[–—‑]", "-", t)
    for english, russian in _ENGLISH:
        t = re.sub(english, russian, t)
    if LATIN_WORD.search(t):  # «cherez nedelu», «pishite v marte»
        t = re.sub(r"\bv\b", "в", LATIN_WORD.sub(lambda m: sounded(m.group()), t))
    t = re.sub(r"[a-zа-я]+", _fix_word, t)
    t = re.sub(r"\bчерез(?=[а-я0-9])", "через ", t)  # «черезнеделю»
    t = re.sub(r"(?<![\w/])ч/?з(?![\w/])", "через", t)  # «ч/з 2 нед»
    t = re.sub(r"\bвых(?:ах|ами)\b", "выходных", re.sub(r"\bвыхи\b", "выходные", t))  # «на выхах»
    t = _WARMER.sub("весной", t)  # «как потеплеет»: spring
    t = _SNOW_GONE.sub("в середине весны", t)  # «как снег сойдёт»: April
    t = re.sub(r"\bне\s+(?:раньше|ранее)(?:\s+чем)?\b", "с", t)  # «не раньше февраля»: from February
    t = _ORDINAL_AFTER.sub(_ordinal_day, _ORDINAL_BEFORE.sub(_ordinal_day, t))
    t = _ORDINAL_TO_WRITE.sub(_ordinal_to_write, t)
    return re.sub(r"\s+", " ", t)


# ---- calendar helpers
def _month_len(day: date) -> int:
    return calendar.monthrange(day.year, day.month)[1]


def _add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    first = date(day.year + month0 // 12, month0 % 12 + 1, 1)
    return first.replace(day=min(day.day, _month_len(first)))


def _next_month_day(today: date, month: int, day: int, *, inclusive: bool = False) -> date:
    """The next `day`.`month` after today (or today itself when `inclusive`)."""
    for year in (today.year, today.year + 1):
        first = date(year, month, 1)
        candidate = first.replace(day=min(day, _month_len(first)))
        if candidate > today or (inclusive and candidate == today):
            return candidate
    raise AssertionError("unreachable")


def _next_day_of_month(today: date, day: int, *, inclusive: bool = False) -> date:
    """The next date that is the `day`-th of its month (the month's last day when shorter)."""
    for months in range(3):
        first = _add_months(today.replace(day=1), months)
        candidate = first.replace(day=min(day, _month_len(first)))
        if candidate > today or (inclusive and candidate == today):
            return candidate
    raise AssertionError("unreachable")


def _payday(today: date) -> date:
    for offset in range(62):
        day = today + timedelta(days=offset + 2)
        if day.day in _PAYDAYS:
            return day
    return today + timedelta(days=14)


# ---- what a preposition does to the date it governs
# «до X» is a date to write only when the customer is waiting for X, not when X is a deadline
_WAITING = re.compile(
    r"\bне\s+(надо|нужн|беспоко|пиш|писать|звон|актуальн|требуется|интересн|получ|смогу|могу|буду|раньше|ранее)"
    r"|\bнет\b|подожд|потерп|терпит|отлож|повремен|\bжд[уеа]|\bждем|занят|некогда|отъезд|уехал|командировк|отпуск"
    r"|\bпотом\b(?=\W*$|\s*(?:напиш|пиш|свяж|звон|давай|можно))|верн[уе]|вахт|\bв\s+рейсе|на\s+даче|на\s+море|уезжа|улета"
    r"|в\s+ремонте|подума|посовет|\bболе[юе]|\bболен|больничн|больниц|сесси|экзамен|без\s+денег|\bна\s+мели"
)
_PREPOSITION = r"ближе\s+к|после|перед|через|под|до|ко|к|со|с|во|в|на|по"
_AFTER_IT = re.compile(r"\b(?:после|потом)\s*,?\s*(?:этого|него|того|и\s+)?\s*(?:напиш|пиш|свяж|звон|набер)")


def _apply(preposition: str | None, day: date, text: str, *, until_the_day: bool = True) -> date | None:
    """«после X» is the day after X, «перед X» the day before, «до X» X only for a waiting customer —
    the day after X when they ask to be written after it («до 20-го в отпуске, после напишите»), unless
    the day is already after it (`until_the_day` False: «до конца месяца» is counted to its last day)."""
    if preposition in ("после", "через"):
        return day + timedelta(days=1)
    if preposition == "перед":
        return day - timedelta(days=1)
    if preposition == "до" and not _WAITING.search(text):
        return None
    if preposition == "до" and until_the_day and _AFTER_IT.search(text):
        return day + timedelta(days=1)
    return day


# ---- amount + unit, in either order
_NUMBER_WORDS = {
    "один": 1.0, "одну": 1.0, "одна": 1.0, "одного": 1.0, "одной": 1.0,
    "пару": 2.0, "пара": 2.0, "пары": 2.0, "парочку": 2.0, "тройку": 3.0, "два": 2.0, "две": 2.0, "двух": 2.0,
    "три": 3.0, "трех": 3.0, "четыре": 4.0, "четырех": 4.0, "пять": 5.0, "пяти": 5.0, "шесть": 6.0, "шести": 6.0,
    "семь": 7.0, "семи": 7.0, "восемь": 8.0, "восьми": 8.0, "девять": 9.0, "девяти": 9.0, "десять": 10.0,
    "десяти": 10.0, "двенадцать": 12.0, "пятнадцать": 15.0, "двадцать": 20.0, "тридцать": 30.0,
    "несколько": 3.0, "нескольких": 3.0, "полтора": 1.5, "полторы": 1.5, "пол": 0.5,
}  # fmt: skip
_NUMBER = r"(?:\d{1,3}(?:[.,]5)?|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")(?:-?х)?"
_RANGE = rf"(?P<num>{_NUMBER})(?:\s*(?:-|или|\.{{2,3}}|/)\s*{_NUMBER})?"
_UNIT_ANY = (
    r"(?P<unit>дн(?:я|ей)|день|денек|денька|деньк(?:а|и|ов)|недел(?:ю|и|ь|я|е|ьку|ьки|ька|ек)|нед\b\.?"
    r"|месяц(?:а|ев|ок|ка)?|месячишк\w*|мес\b\.?|год(?:а|ик|ика|ков)?|лет)(?!\w)"
)
_UNIT_GENITIVE = r"(?P<unit>дня|дней|денька|деньков|недели|недель|недельки|месяца|месяцев|месячишка|года|годика|лет)\b"
_FILLER = r"(?:\s+(?:где-?\s?то|примерно|около|приблизительно|ну|так|максимум|минимум|еще|уже|всего|хотя\s+бы))*"
_AMOUNT_PATTERNS = tuple(
    re.compile(p)
    for p in (
        rf"\bчерез\s+{_UNIT_GENITIVE}\s+{_RANGE}(?![\w-])",  # через недели три
        rf"\b{_UNIT_GENITIVE}\s+через\s+{_RANGE}(?![\w-])",  # недели через три, дня через 3-4
        rf"\b(?:через|спустя){_FILLER}\s+(?:{_RANGE}\s+)?(?P<half>пол-?\s?)?{_UNIT_ANY}",  # через 2 недели, через полгода
        rf"(?<![\w.,]){_RANGE}\s+(?P<half>пол-?\s?)?{_UNIT_ANY}\s+спустя\b",  # 3 дня спустя
    )
)
# a time to wait said bare, given beside the words giving it (`_waited_for`): «пару дней дайте подумать»,
# «недельку подожду», «месяца 2 подождёт»; days, weeks and months only, never «назад», «раз в месяц»
_WAIT_UNIT = r"(?P<unit>дня|дней|денька|деньков|недели|недель|недельки|месяца|месяцев)\b"
_WAIT_PATTERNS = tuple(
    re.compile(p)
    for p in (
        rf"(?<![\w.,])(?<!за\s)(?<!в\s)(?<!на\s){_RANGE}\s+{_WAIT_UNIT}(?!\s+(?:назад|тому|как|до|после|подряд))",
        rf"\b{_WAIT_UNIT}\s+{_RANGE}(?![\w.,-])(?!\s+(?:назад|тому))",  # месяца 2 подожду
        r"(?<![\w.,])(?<!за\s)(?<!в\s)(?<!на\s)(?P<num>)(?P<unit>недельку|неделю|денек|месяц|месячишко|месяцок|пол\s?года|полгодика)(?!\w)"
        r"(?!\s+(?:назад|тому|как|до|после|подряд))",
    )
)


def _number(word: str | None) -> float:
    if not word:
        return 1.0
    word = re.sub(r"(?<=\d)-?х$", "", word)  # «2-х», «3х»; not «двух», «трех»
    return float(word.replace(",", ".")) if word[0].isdigit() else _NUMBER_WORDS[word]


def _shift(today: date, amount: float, unit: str) -> date:
    if unit.startswith(("дн", "ден")):
        return today + timedelta(days=int(amount))
    if unit.startswith("нед"):
        return today + timedelta(days=int(7 * amount))
    if unit.startswith("пол"):  # «дайте полгода»
        return _add_months(today, 6)
    months = amount * 12 if unit.startswith(("год", "лет")) else amount
    return _add_months(today, int(months)) + timedelta(days=round((months - int(months)) * 30))


# the time to wait is given: «дайте неделю», «подожду пару дней», «пару дней подумаю»; not a time waited
# («уже неделю жду», «в прошлый раз ждал неделю»)
_WAIT_ASKED = re.compile(
    r"\b(?:дай(?:те)?|подожд\w*|подума\w*|потерп\w*|повремен\w*|посовет\w*|отлож\w*|потом\b|где-?то\b"
    r"|может\b|наверн\w*|примерно\b|приблизительно\b|около\b)"  # «может месяц, может два», «это месяц примерно»
)
# a month named, not an amount of them: «в следующем месяц наверно», «может в конце месяц»
_A_MONTH_NAMED = re.compile(r"\b(?:следующ\w*|этот|этом|текущ\w*|конц\w*|начал\w*|середин\w*|прошл\w*|каждый|раз)\s+$")
_WAIT_NEAR = 20  # characters between the time and the words giving it


def _waited_for(t: str, m: re.Match[str]) -> bool:
    if _A_MONTH_NAMED.search(t, 0, m.start()):
        return False
    near = t[max(m.start() - _WAIT_NEAR, 0) : m.end() + _WAIT_NEAR]
    return bool(_WAIT_ASKED.search(near)) and not re.search(r"\b(?:уже|прошл\w*|назад|ждал\w*|скидк\w*|час\w*)\b", near)


def _amount(t: str, today: date) -> date | None:
    for pattern in _AMOUNT_PATTERNS + _WAIT_PATTERNS:
        m = pattern.search(t)
        if pattern in _WAIT_PATTERNS:
            m = next((found for found in pattern.finditer(t) if _waited_for(t, found)), None)
        if m is None:
            continue
        groups = m.groupdict()
        amount = 0.5 if groups.get("half") else _number(groups["num"])
        if 0 < amount <= 1000:
            found = _shift(today, amount, m.group("unit"))
            return found if found - today <= _FARTHEST else None
    return None


# later today, which the campaign (writing by the day) takes as the next day: «напиши вечером», «через пару часов»
_LATER_TODAY = re.compile(r"\b(?:сегодня\s+)?вечером\b|\bчерез\s+(?:пару|несколько|\d{1,2})?\s*час(?:а|ов|ик\w*)?\b")


def _tomorrow(t: str, today: date) -> date | None:
    if re.search(r"\bпосле\s*завтра\b", t):
        return today + timedelta(days=2)
    return today + timedelta(days=1) if re.search(r"\bзавтра\b", t) else None


def _later_today(t: str, today: date) -> date | None:
    """«напиши вечером», «через пару часов» with no other day said: the next day the campaign writes on."""
    return today + timedelta(days=1) if _LATER_TODAY.search(t) else None


# ---- holidays: (names, the day they start, the day "before" them, the day "after" them)
@dataclass(frozen=True)
class _Holiday:
    names: str
    starts: tuple[int, int]
    before: tuple[int, int]
    after: tuple[int, int]


_HOLIDAYS = (
    _Holiday(r"нов\w*\s+год\w*|нг|новогодн\w*(?:\s+праздник\w*|\s+каникул\w*)?", (1, 1), (12, 20), (1, 12)),
    _Holiday(r"рождеств(?:о|а|у|ом|е)", (1, 7), (12, 20), (1, 12)),  # 7 January; not «на Рождественской» (a street)
    _Holiday(r"майск\w*(?:\s+праздник\w*)?", (5, 1), (4, 25), (5, 12)),
)
_DURING = re.compile(r"праздник(?:ах|и)\b|каникул(?:ах|ы)\b")  # «на новогодних праздниках», «в новогодние каникулы»
_HOLIDAY_DAYS_IN = 2  # written on during the holidays: their third day, not the first
_AFTER_ANY_HOLIDAY = ((1, 12), (2, 24), (3, 10), (5, 12), (6, 13), (11, 5))  # «после праздников»: the nearest


def _holiday(t: str, today: date) -> date | None:
    for h in _HOLIDAYS:
        m = re.search(rf"\b(после|со|с|перед|под|ко|к|до|на|во|в)\s+(?:{h.names})\b", t)  # «на майские»: before them
        if m is None:
            continue
        prep = m.group(1)
        during = (prep in ("в", "во") or m.group().endswith(("ах", "ях"))) and _DURING.search(m.group())
        if during:  # «на новогодних праздниках», «в майские праздники»: in them
            return _next_month_day(today, *h.starts) + timedelta(days=_HOLIDAY_DAYS_IN)
        if prep in ("в", "во", "после", "с", "со") or (prep == "до" and _WAITING.search(t)):  # «в новом году»: after
            after = _next_month_day(today, *h.after)
            return _day_said_bare(t, after.replace(day=1)) or after
        if prep != "до":
            before = _next_month_day(today, *h.before)
            return today + timedelta(days=1) if before > _next_month_day(today, *h.starts) else before
    if re.search(r"\b(после|со|с)\s+(праздник\w*|каникул\w*)", t):
        return min(_next_month_day(today, month, day) for month, day in _AFTER_ANY_HOLIDAY)
    return None


def _day_said_bare(t: str, month_start: date) -> date | None:
    """A day said without its month beside a holiday, in the holiday's month: «после нового года, числа 15» is
    15 January (not the holidays' end); None when no such day is said."""
    for pattern in _DAY_PATTERNS:
        for m in pattern.finditer(t):
            groups = m.groupdict()
            if not (groups.get("month") or groups.get("mm")) and 1 <= (day := int(groups["day"])) <= 31:
                return _next_day_of_month(month_start, day, inclusive=True)
    return None


# ---- a calendar day: «15 числа», «числа 15-го», «после 10-го», «20 декабря», «20.12.2026»
_MONTH_STEMS = ("янв", "фев", "мар", "апр", "ма", "июн", "июл", "авг", "сен", "окт", "ноя", "дек")
_MONTH_GENITIVE = (
    r"(?P<month>января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
    r"|янв|фев|мар|апр|июн|июл|авг|сент?|окт|нояб?|дек)\.?"
)
_ORDINAL = r"(?:-?(?:го|ого|е|ое|му|ому))"
_CONTACT_VERB = (
    r"напиш|пиш|позвон|свяж|отпиш|набер|зайд|заед|приед|прид|можно|давайте|будет|будут|буду|тогда|куп|закаж|возьм"
    r"|зп|зарплат|получк|аванс|пенси"
)
_NOT_A_DATE_AFTER = r"(?!\s*(?:кузов|поколени|год|ряд|размер|класс|цилиндр|номер|модел|рестайл|серии))"
_DAY_FORMS = (
    rf"(?<![\d.,])(?P<day>\d{{1,2}}){_ORDINAL}?\s+{_MONTH_GENITIVE}(?:\s+(?P<year>\d{{4}}))?(?![а-я])",  # 20 декабря
    rf"(?<![\d.,])(?P<day>\d{{1,2}})(?:\s*-\s*\d{{1,2}})?{_ORDINAL}?\s+числ[аоу]\b",  # 15 числа, 10-15 числа
    rf"\bчисл[аоу]\s+(?P<day>\d{{1,2}})(?!\d){_ORDINAL}?",  # числа 15-го
    r"(?<![\d.,:])(?P<day>\d{1,2})\.(?P<mm>\d{2})(?:\.(?P<year>\d{4}|\d{2}))?(?![\d:]|[.,]\d)",  # 20.12(.2026)
)
_DAY_PATTERNS = (
    *(re.compile(rf"(?:\b(?P<prep>{_PREPOSITION})\s+)?{form}") for form in _DAY_FORMS),
    re.compile(rf"\b(?P<prep>после|до|ко|к|со|с|на)\s+(?P<day>\d{{1,2}}){_ORDINAL}\b{_NOT_A_DATE_AFTER}"),  # после 10-го
    re.compile(
        rf"(?:\b(?P<prep>{_PREPOSITION})\s+)?(?<![\w.,-])(?P<day>\d{{1,2}})-?(?:го|ого)\b(?=\s*(?:$|[-,.!?;)]|{_CONTACT_VERB}))"
    ),  # «15-го напишу», «15го зарплата, тогда и закажу»
)


def _explicit(day: int, month: int, year: str | None, today: date, inclusive: bool) -> date | None:
    if year is None:
        return _next_month_day(today, month, day, inclusive=inclusive)
    full = int(year) + (2000 if len(year) == 2 else 0)
    if not today.year <= full <= today.year + 3:
        return None
    first = date(full, month, 1)
    found = first.replace(day=min(day, _month_len(first)))
    return found if found > today or (inclusive and found == today) else None  # a named date gone by: not a plan


def _calendar_day(t: str, today: date) -> date | None:
    said = [m for pattern in _DAY_PATTERNS for m in pattern.finditer(t)]
    # the day the customer asks to be written on first («13-го зп, 14-го пишите»), then in the patterns' order
    for m in sorted(said, key=lambda m: _from_asking(t, m)):
        found = _day_match(m, today, _month_beside(t, m))
        prep = m.groupdict().get("prep") or ("после" if _AFTER_NAMED.search(t[: m.start()]) else None)
        if found is not None and (result := _apply(prep, found, t)) is not None:
            return result
    return None


# «после дня рождения, 3 декабря»: the day told is what «после» went with (a payday is written on: «после
# зарплаты, 23-го» is the 23rd)
_AFTER_NAMED = re.compile(r"\bпосле\s+(?!зп|зарплат|получк|аванс|пенси|стипенд)(?:[а-я]+\s+){0,2}[а-я]+\s*,\s*$")


def _month_beside(t: str, m: re.Match[str]) -> int:
    """The month named right beside a day said without one: «в январе числа 15», «15 числа в январе»
    (0 when none is)."""
    near = [
        (max(month.start() - m.end(), m.start() - month.end()), _month_of(month.group()))
        for month in _MONTH_NOUN.finditer(t)
        if not m.start() <= month.start() < m.end()
        and not _OTHER_CLAUSE.search(t[min(m.end(), month.end()) : max(m.start(), month.start())])  # one clause
        and not re.search(r"\bне\s+(?:в\s+)?$", t[: month.start()])  # «не в январе»
    ]
    close = [gap_month for gap_month in near if gap_month[0] <= _MONTH_GAP]
    return min(close)[1] if close else 0


def _day_match(m: re.Match[str], today: date, beside: int = 0) -> date | None:
    groups = m.groupdict()
    day, after = int(groups["day"]), groups.get("prep") == "после"
    if groups.get("mm"):
        month = int(groups["mm"])
        if groups.get("prep") == "в" or not 1 <= month <= 12:
            return None  # «в 12.10» is a time
    else:
        month = _month_of(groups.get("month")) or beside
    if not 1 <= day <= 31:
        return None
    if month:
        return _explicit(day, month, groups.get("year"), today, after)
    return _next_day_of_month(today, day, inclusive=after)


def _month_of(word: str | None) -> int:
    """0 when `word` is no month."""
    if not word:
        return 0
    return next(i for i, stem in enumerate(_MONTH_STEMS, 1) if word.startswith(stem))


_MONTH_FORMS = (
    r"январ[ьяею]|феврал[ьяею]|март[аеу]?|апрел[ьяею]|ма[йяею]|июн[ьяею]|июл[ьяею]|август[аеу]?|сентябр[ьяею]"
    r"|октябр[ьяею]|ноябр[ьяею]|декабр[ьяею]"
)
_MONTH_NOUN = re.compile(rf"\b(?:{_MONTH_FORMS})\b")
_OTHER_CLAUSE = re.compile(r"[.;!?]|,.*\w.*|\w.*,")  # «в феврале, числа 10» is one clause; «в апреле брал, числа 10» two
_MONTH_GAP = 12  # characters between a day and the month it belongs to: «в январе, где-то числа 15»


# ---- a weekday: «в пятницу», «в следующий понедельник», «после среды», «в пт»
_WEEKDAY_STEMS = ("пон", "вто", "сре", "чет", "пят", "суб", "вос")
_WEEKDAY_ABBREVIATIONS = ("пн", "вт", "ср", "чт", "пт", "сб", "вс")
_MODIFIER = r"след(?:ующ\w*|\.)?|будущ\w*|эт(?:от|ом|у|ой|и|их|о)|текущ\w*|ближайш\w*|нов\w*|т(?:ом|ой|у|от)|прошл\w*"
_WEEKDAY = re.compile(
    rf"(?:\b(?P<prep>{_PREPOSITION})\s+)?(?:(?P<mod>{_MODIFIER})\s+)?\b(?P<day>понедельник[ауе]?|вторник[ауе]?"
    r"|сред[аыуе]|четверг[ауе]?|пятниц[аыуе]|суббот[аыуе]|воскресень[еяю]|пн|вт|ср|чт|пт|сб|вс)\b"
)


def _is_next(modifier: str) -> bool:
    """«следующий», «будущий», «новый» (год), and the colloquial «на той неделе»."""
    return modifier.startswith(("след", "будущ", "нов")) or modifier in ("том", "той", "ту", "тот")


def _weekday(t: str, today: date) -> date | None:
    for m in _WEEKDAY.finditer(t):
        word, prep, mod = m.group("day"), m.group("prep"), m.group("mod") or ""
        if mod.startswith("прошл") or prep == "по" or (len(word) == 2 and prep is None):
            continue
        if re.search(r"\bне\s*$", t[: m.start()]):  # «не во вторник, а в понедельник»: the other one
            continue
        target = _WEEKDAY_ABBREVIATIONS.index(word) if len(word) == 2 else _WEEKDAY_STEMS.index(word[:3])
        if _is_next(mod) or re.search(r"следующ\w*\s+недел", t):
            found = today + timedelta(days=7 - today.weekday() + target)  # that day of next week
        else:
            found = today + timedelta(days=(target - today.weekday()) % 7 or 7)
        if (result := _apply(prep, found, t)) is not None:
            return result
    return None


# ---- a period with an optional part: «в марте», «в конце месяца», «на следующей неделе», «летом»
@dataclass(frozen=True)
class _Span:
    first: date
    last: date


@dataclass(frozen=True)
class _Period:
    spans: Callable[[date], Iterator[_Span]]  # successive spans, from the one not yet over on `today`
    anchors: dict[str | None, Callable[[_Span], date]]  # part (None, start, middle, end) -> the day to write
    step: int  # days on when today is inside the span and past its anchor
    named: bool  # «в декабре» (named) vs «в начале месяца» (generic: past the start means the next one)
    next_skips_coming: bool = False  # «на следующих выходных»: not this week's, though they are still ahead


def _months_from(first: date, months: int) -> Iterator[_Span]:
    while True:
        end = _add_months(first, months)
        yield _Span(first, end - timedelta(days=1))
        first = end


def _days_from(first: date, length: int) -> Iterator[_Span]:
    while True:
        yield _Span(first, first + timedelta(days=length - 1))
        first += timedelta(days=7)


def _yearly(month: int, months: int) -> Callable[[date], Iterator[_Span]]:
    def spans(today: date) -> Iterator[_Span]:
        for span in _months_from(date(today.year - 1, month, 1), 12):
            if _add_months(span.first, months) > today:
                yield _Span(span.first, _add_months(span.first, months) - timedelta(days=1))

    return spans


def _at(months: int, day: int) -> Callable[[_Span], date]:
    return lambda span: _add_months(span.first, months).replace(day=day)


def _plus(days: int) -> Callable[[_Span], date]:
    return lambda span: span.first + timedelta(days=days)


# «в конце месяца»: its last days — three before the last, so the 28th of November and the 26th of February
_MONTH_ANCHORS = {None: _at(0, 1), "start": _at(0, 3), "middle": _at(0, 15), "end": lambda span: span.last - timedelta(days=2)}
_SEASON_ANCHORS = {None: _at(0, 1), "start": _at(0, 1), "middle": _at(1, 15), "end": _at(2, 25)}
_MONTH = _Period(lambda today: _months_from(today.replace(day=1), 1), _MONTH_ANCHORS, 7, named=False)
_WEEK = _Period(
    lambda today: _days_from(today - timedelta(days=today.weekday()), 7),
    {None: _plus(0), "start": _plus(0), "middle": _plus(2), "end": _plus(4)},
    2,
    named=False,
)
_WEEKEND = _Period(
    lambda today: _days_from(today - timedelta(days=today.weekday() - 5), 2),
    {None: _plus(0), "start": _plus(0), "middle": _plus(0), "end": _plus(1)},
    1,
    named=True,
    next_skips_coming=True,
)
_YEAR = _Period(
    lambda today: _months_from(date(today.year, 1, 1), 12),
    {None: _at(0, 12), "start": _at(0, 12), "middle": _at(6, 1), "end": _at(11, 25)},
    14,
    named=False,
)
_SEASONS = {
    stem: _Period(_yearly(first, 3), _SEASON_ANCHORS, 14, named=True)
    for stem, first in (("вес", 3), ("лет", 6), ("осе", 9), ("зим", 12))
}
# «в январе», «до января не пишите»: after the New Year holidays (the 12th, as «после нового года»), not on the 1st
_JANUARY_ANCHORS = {**_MONTH_ANCHORS, None: _at(0, 12)}  # «в первых числах января» is said: the 3rd
_NAMED_MONTHS = [
    _Period(_yearly(month, 1), _JANUARY_ANCHORS if month == 1 else _MONTH_ANCHORS, 7, named=True) for month in range(1, 13)
]

_PART = r"начал[аеоу]?|середин[аеуы]|конц[аеу]|конец|перв\w*\s+числ\w*|последн\w*\s+числ\w*"
_NOUN = (
    _MONTH_FORMS + r"|месяц[аеу]?|недел[еюи]|год[ау]?|выходн(?:ые|ых|ым|ыми)"
    r"|весн[аыеу]|весной|лет[оау]|летом|осен[ьи]|осенью|зим[аыеу]|зимой"
)
_PERIOD = re.compile(
    rf"(?:\b(?P<prep>{_PREPOSITION})\s+)?(?:(?P<part>{_PART})\s+)?(?:(?P<mod>{_MODIFIER})\s+)?\b(?P<noun>{_NOUN})\b"
)


_PART_AFTER = re.compile(rf"\s*,?\s*(?:где-?то\s+)?(?:ближе\s+)?(?:в|на|к|ко)\s+(?P<part>{_PART})\b")


def _part(word: str | None) -> str | None:
    if not word:
        return None
    return "start" if word.startswith(("нач", "перв")) else "middle" if word.startswith("сер") else "end"


def _period_of(noun: str) -> _Period:
    for stem, period in (("месяц", _MONTH), ("недел", _WEEK), ("выходн", _WEEKEND), ("год", _YEAR)):
        if noun.startswith(stem):
            return period
    return _SEASONS.get(noun[:3]) or _NAMED_MONTHS[_month_of(noun) - 1]


def _allowed(noun: str, prep: str | None, part: str | None, mod: str) -> bool:
    """The grammar's restrictions: «раз в месяц», «резина на зиму», «летом» but not «5 лет»."""
    if mod.startswith("прошл") or (prep == "через" and not noun.startswith("выходн")):
        return False
    if noun.startswith(("вес", "лет", "осе", "зим")):
        return prep not in ("на", "через") and (prep is not None or part is not None or noun.endswith(("ой", "ом", "ью")))
    if noun.startswith(("месяц", "недел", "год")):
        return bool(part or mod) or (prep == "на" and noun == "неделе")
    return prep not in (None, "по") or part is not None


def _in_period(period: _Period, part: str | None, following: bool, prep: str | None, today: date) -> date:
    spans = period.spans(today)
    span = next(spans)
    if following and period.next_skips_coming:
        span = next(spans)
    while following and span.first <= today:
        span = next(spans)
    if prep in ("после", "через") or (prep == "до" and part == "end"):  # «в отпуске до конца месяца»: after it
        return span.last + timedelta(days=1)
    anchor = period.anchors[part](span)
    if anchor > today:
        return anchor
    if not period.named and part in ("start", "middle"):
        return period.anchors[part](next(spans))  # «в начале месяца» on the 23rd: next month's
    fallback = min(today + timedelta(days=period.step), span.last)
    return fallback if fallback > today else period.anchors[part](next(spans))


_OF_NEXT_YEAR = re.compile(r"\s*(?:следующ|будущ)\w*\s+год[ау]?\b")
_SEASON_OR_MONTH_BEFORE = re.compile(rf"(?:весн\w*|лет\w*|осен\w*|зим\w*|{_MONTH_FORMS})\s*$")


_ASKED_TO_WRITE = re.compile(r"напиш\w*|пишите|напомн\w*|свяж\w*|позвон\w*|звонит\w*|набер\w*|отпиш\w*")
_ASKED_NEAR = 15  # characters between a date and the words asking to write then


def _from_asking(t: str, m: re.Match[str]) -> int:
    """How far a date said is from words asking to write then («…к зиме, в ноябре напишите»); dates
    farther than _ASKED_NEAR all count as far, so they keep the order they were found in."""
    gaps = [max(ask.start() - m.end(), m.start() - ask.end(), 0) for ask in _ASKED_TO_WRITE.finditer(t)]
    near = [gap for gap in gaps if gap <= _ASKED_NEAR]
    return min(near) if near else _ASKED_NEAR + 1


def _period(t: str, today: date) -> date | None:
    # the period the customer asks to be written in first, then a month before a season («к зиме ближе, в
    # ноябре», «как потеплеет, в апреле»: the month is the finer), then the others in the order said
    for m in sorted(_PERIOD.finditer(t), key=lambda m: (_from_asking(t, m), m.group("noun")[:3] in _SEASONS)):
        noun, prep, part, mod = m.group("noun"), m.group("prep"), _part(m.group("part")), m.group("mod") or ""
        if noun.startswith("год") and _OF_NEXT_YEAR.match(t, m.start()) and _SEASON_OR_MONTH_BEFORE.search(t, 0, m.start()):
            continue  # «осенью следующего года»: the year says which autumn, the autumn is the date
        seen_from = today
        if not noun.startswith(("месяц", "недел", "год", "выходн")) and _OF_NEXT_YEAR.match(t, m.end()):
            seen_from = date(today.year, 12, 31)  # … next year's: the one that comes after this year's end
        if part is None and (after := _PART_AFTER.match(t, m.end())) is not None:
            part = _part(after.group("part"))  # «в июне в середине», «в марте, ближе к концу»
        if not _allowed(noun, prep, part, mod):
            continue
        if prep == "до" and not _WAITING.search(t) and _from_asking(t, m) <= _ASKED_NEAR:
            prep = "в"  # «до конца недели напишите»: write by then — in it, not after it
        following = _is_next(mod) or (prep == "на" and noun == "неделе" and not mod)
        found = _in_period(_period_of(noun), part, following, prep, seen_from)
        if noun[:3] in _SEASONS and prep in ("к", "ко", "ближе к") and part is None:
            before = (found.replace(day=1) - timedelta(days=1)).replace(day=15)  # «к зиме ближе»: the 15th of November,
            found = before if before > today else found  # before it comes, when tyres and batteries are bought
        if (result := _apply(prep if prep in ("перед", "до") else None, found, t, until_the_day=part != "end")) is not None:
            return result
    return None


_PAYDAY_WORDS = r"(?:зп|зарплат\w*|получк\w*|аванс\w*)"
_PAYDAY_PHRASES = re.compile(
    rf"\b(?:после|со|с|до|жду|ждем|ждать)\s+{_PAYDAY_WORDS}|как\s+(?:получу|будет|будут|придет|придут|дадут)\s+"
    rf"(?:{_PAYDAY_WORDS}|деньги)|\b{_PAYDAY_WORDS}\s+(?:будет|придет|дадут)"
    r"|нет\s+денег|денег\s+(?:пока\s+|сейчас\s+)?нет|без\s+денег|на\s+мели"
)


def _payday_phrase(t: str, today: date) -> date | None:
    return _payday(today) if _PAYDAY_PHRASES.search(t) else None


# «через месяц» … «хотя нет, лучше через два»: a count after «через» with nothing after it but the end of the
# clause or a word asking to write («через два напишите»), not «через 15 минут», «через 2 отпуск»
_BARE_COUNT = re.compile(
    rf"\bчерез{_FILLER}\s+(?P<num>{_NUMBER})(?=\s*(?:$|[,.!?;)])|\s+(?:(?:на|по)?пиш\w*|напомн\w*|свяж\w*|пожалуйста|наверное|лучше|тогда)\b)"
)


def resolve_counted_on(text: str, earlier: str, today: date) -> date | None:
    """A count said without its unit («лучше через два», «давайте через полтора») in the unit of the amount
    said before it in the message or, else, in the `earlier` phrase («напишите через месяц»). None when
    there is no such count."""
    t = _normalise(text)
    bare = list(_BARE_COUNT.finditer(t))
    if not bare:
        return None
    count = bare[-1]
    units = _amount_units(t[: count.start()]) or _amount_units(_normalise(earlier))
    if not units:
        return None
    return resolve(f"через {count['num']} {units[-1]}", today)


def _amount_units(t: str) -> list[str]:
    return [m["unit"] for pattern in _AMOUNT_PATTERNS for m in pattern.finditer(t)]


_RULES = (_amount, _tomorrow, _holiday, _calendar_day, _weekday, _period, _payday_phrase, _later_today)


# a day said and put right in the same breath: «через неделю, ой нет, через две», «в среду, хотя нет, в четверг»,
# «в понедельник, нет, во вторник», «через две недели, а, нет, через неделю»
_SLIP = re.compile(r"\b(?:ой|хотя|вернее|точнее)\b(?:\W+нет\b)?|[,.!?]\s*(?:а\s*,?\s*)?нет\b")


def resolve(text: str, today: date) -> date | None:
    t = _normalise(text)
    slips = list(_SLIP.finditer(t))
    if slips:  # the day put right is the one meant («…, ой нет, через две»: two of the weeks said before)
        after, before = t[slips[-1].end() :], t[: slips[-1].start()]
        meant = _resolved(after, today) or resolve_counted_on(after, before, today)
        if meant is not None:
            return meant
    return _resolved(t, today)


_CLAUSE = re.compile(r"[^,.;!?]+")


def _resolved(t: str, today: date) -> date | None:
    for clause in _CLAUSE.finditer(t):  # «к новому году понадобится, напишите в середине декабря»: the day asked for
        if _ASKED_TO_WRITE.search(clause.group()) and clause.group() != t and (asked := _by_rules(clause.group(), today)):
            return asked
    return _by_rules(t, today)


def _by_rules(t: str, today: date) -> date | None:
    for rule in _RULES:
        found = rule(t, today)
        if found is not None:
            return max(found, today + timedelta(days=1))
    return None
