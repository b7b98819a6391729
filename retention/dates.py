"""Russian date phrases -> the date to write again ("через две недели", "в пятницу", "после зарплаты").

Relative to the conversation's `today` in the customer's time zone. Returns None when the text
names no time; never a date in the past.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

_NUMBERS = {
    "один": 1,
    "одну": 1,
    "одна": 1,
    "пару": 2,
    "пара": 2,
    "два": 2,
    "две": 2,
    "три": 3,
    "четыре": 4,
    "пять": 5,
    "шесть": 6,
    "семь": 7,
    "восемь": 8,
    "девять": 9,
    "десять": 10,
    "несколько": 3,
}
_WEEKDAYS = {"понедельник": 0, "вторник": 1, "сред": 2, "четверг": 3, "пятниц": 4, "суббот": 5, "воскресень": 6}
_MONTHS = {
    "январ": 1,
    "феврал": 2,
    "март": 3,
    "апрел": 4,
    "ма": 5,
    "июн": 6,
    "июл": 7,
    "август": 8,
    "сентябр": 9,
    "октябр": 10,
    "ноябр": 11,
    "декабр": 12,
}
_MONTH_RX = r"(январ\w*|феврал\w*|март\w*|апрел\w*|ма[йяею]\w*|июн\w*|июл\w*|август\w*|сентябр\w*|октябр\w*|ноябр\w*|декабр\w*)"
_SEASONS = {"весн": 3, "лет": 6, "осен": 9, "зим": 12}
_PAYDAYS = (10, 25)  # advance and salary days most Russian employers use


def _month_number(word: str) -> int:
    for stem, number in _MONTHS.items():
        if word.startswith(stem) and (stem != "ма" or word[:3] in ("май", "мая", "мае", "маю")):
            return number
    raise ValueError(word)


def _add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _next_month_day(today: date, month: int, day: int = 1) -> date:
    year = today.year if (month, day) > (today.month, today.day) else today.year + 1
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _amount(word: str | None) -> int:
    if not word:
        return 1
    return int(word) if word.isdigit() else _NUMBERS.get(word, 1)


def resolve(text: str, today: date) -> date | None:
    t = text.lower().replace("ё", "е")
    for rule in _RULES:
        found = rule(t, today)
        if found is not None:
            return max(found, today + timedelta(days=1))
    return None


def _relative(t: str, today: date) -> date | None:
    half = re.search(r"через\s+пол\s*(года|месяца)", t)
    if half:
        return _add_months(today, 6) if half.group(1) == "года" else today + timedelta(days=15)
    m = re.search(r"через\s+(\d+|\w+\s+)?(дн|день|недел|месяц|год|лет)", t)
    if m is None:
        return None
    amount, unit = _amount((m.group(1) or "").strip() or None), m.group(2)
    if unit.startswith(("дн", "день")):
        return today + timedelta(days=amount)
    if unit.startswith("недел"):
        return today + timedelta(weeks=amount)
    if unit.startswith("месяц"):
        return _add_months(today, amount)
    return _add_months(today, 12 * amount)


def _simple(t: str, today: date) -> date | None:
    table = [
        (r"\bпослезавтра\b", today + timedelta(days=2)),
        (r"\bзавтра\b", today + timedelta(days=1)),
        (r"на следующей неделе|на той неделе|на неделе", today + timedelta(days=7 - today.weekday())),
        (r"в следующем месяце|в том месяце", _add_months(today.replace(day=1), 1)),
        (r"после (нового года|нг|праздников|новогодних)", _next_month_day(today, 1, 12)),
        (
            r"после (зп|зарплаты|получки|аванса)|как (получу|будут) деньги|с зарплаты|жду (зп|зарплату)"
            r"|нет денег|денег нет|без денег|на мели",
            None,
        ),
        (r"на выходных|в выходные|на выходные|в эти выходные", _weekend(today)),
        (r"в конце месяца", date(today.year, today.month, calendar.monthrange(today.year, today.month)[1] - 2)),
        (r"в начале (следующего )?месяца", _add_months(today.replace(day=1), 1) + timedelta(days=2)),
    ]
    for pattern, value in table:
        if re.search(pattern, t):
            return value if value is not None else _payday(today)
    return None


def _weekend(today: date) -> date:
    """The coming Saturday; on a Saturday, Sunday; on a Sunday, the next Saturday."""
    days = (5 - today.weekday()) % 7
    return today + timedelta(days=days or 1)


def _payday(today: date) -> date:
    for offset in range(62):
        day = today + timedelta(days=offset + 2)
        if day.day in _PAYDAYS:
            return day
    return today + timedelta(days=14)


def _weekday(t: str, today: date) -> date | None:
    m = re.search(r"\b(в|во|на|к|до)?\s*(следующ\w+\s+)?(понедельник|вторник|сред\w|четверг|пятниц\w|суббот\w|воскресень\w)", t)
    if m is None:
        return None
    target = next(number for stem, number in _WEEKDAYS.items() if m.group(3).startswith(stem))
    days = (target - today.weekday()) % 7 or 7
    if m.group(2):
        days += 7 if days < 7 else 0
    return today + timedelta(days=days)


def _day_of_month(t: str, today: date) -> date | None:
    m = re.search(r"\b(\d{1,2})[-\s]?(го|е|ого)?\s+(числа|" + _MONTH_RX + r")", t)
    if m is None:
        m2 = re.search(r"\b(\d{1,2})\.(\d{1,2})(?:\.(\d{2,4}))?\b", t)
        if m2 is None:
            return None
        day, month = int(m2.group(1)), int(m2.group(2))
        if not (1 <= day <= 31 and 1 <= month <= 12):
            return None
        if m2.group(3):
            year = int(m2.group(3)) + (2000 if len(m2.group(3)) == 2 else 0)
            return date(year, month, min(day, calendar.monthrange(year, month)[1]))
        return _next_month_day(today, month, day)
    day = int(m.group(1))
    if not 1 <= day <= 31:
        return None
    if m.group(3) == "числа":
        if day > today.day:
            return date(today.year, today.month, min(day, calendar.monthrange(today.year, today.month)[1]))
        following = _add_months(today.replace(day=1), 1)
        return following.replace(day=min(day, calendar.monthrange(following.year, following.month)[1]))
    return _next_month_day(today, _month_number(m.group(3)), day)


def _month(t: str, today: date) -> date | None:
    m = re.search(r"\b(в|к|на)?\s*(начале|середине|конце)?\s*" + _MONTH_RX, t)
    if m is None:
        return None
    month = _month_number(m.group(3))
    day = {"начале": 3, "середине": 15, "конце": 25}.get(m.group(2) or "", 1)
    if month == today.month and day > today.day:
        return date(today.year, month, day)
    return _next_month_day(today, month, day)


def _season(t: str, today: date) -> date | None:
    """«весной», «летом», «к лету», «ближе к осени»: the season's first day; said during that
    season, two weeks on (it is "later this spring", not next year)."""
    m = re.search(r"\b(весн|лет|осен|зим)(ой|ом|ью|у|а|е|ы|о|и)?\b", t)
    if m is None or (m.group(1) == "лет" and not (m.group(2) == "ом" or re.search(r"\bк\s+лету\b", t))):
        return None
    first = _SEASONS[m.group(1)]
    if today.month in (first, first % 12 + 1, (first + 1) % 12 + 1):
        return today + timedelta(days=14)
    return _next_month_day(today, first, 1)


def _before_day(t: str, today: date) -> date | None:
    """«до 20-го», «к 5-му»: that day of this month, or of the next when it has passed."""
    m = re.search(r"\b(?:до|к|после)\s+(\d{1,2})[-\s]?(го|ого|му|ому|е)\b", t)
    if m is None or not 1 <= int(m.group(1)) <= 31:
        return None
    day = int(m.group(1))
    if t[m.start() :].startswith("после") and day < 28:
        day += 1  # «после 20-го»: the 21st
    if day > today.day:
        return date(today.year, today.month, min(day, calendar.monthrange(today.year, today.month)[1]))
    following = _add_months(today.replace(day=1), 1)
    return following.replace(day=min(day, calendar.monthrange(following.year, following.month)[1]))


def _next_year(t: str, today: date) -> date | None:
    if re.search(r"в следующем году|в новом году|в том году", t):
        return _next_month_day(today, 1, 12)
    return None


_RULES = (_relative, _simple, _day_of_month, _before_day, _weekday, _month, _season, _next_year)
