"""A customer's first name when they introduce themselves in a chat («меня зовут Андрей», «это
Ольга, нужен стартер»), so that the manager and the deal's contact have it. Only after words that
introduce a name, and only a word the dictionary knows as a first name (not a car: «это Камри»)."""

from __future__ import annotations

import re

from catalogs.cars import is_car_word
from catalogs.part_names import parses

# «меня зовут», «зовут меня», «моё имя»: what follows is a name if it can be one
_SURE = re.compile(r"\b(?:меня\s+зовут|зовут\s+меня|мо[её]\s+имя)\s*[:,—–-]?\s*(?P<name>[а-яё]+(?:\s+[а-яё]+)?)", re.I)
# «это Андрей», «я Ольга», «на связи Сергей», «с вами Ирина» at the start of the message: only a word that is
# most likely a name («это стартер», «я хочу» are not)
_LIKELY = re.compile(
    r"^\s*(?:здравствуйте|добрый\s+\w+|привет)?[\s,!.]*(?:это|я|на\s+связи|с\s+вами)\s*[,—–-]?\s+(?P<name>[а-яё]+(?:\s+[а-яё]+)?)\b",
    re.I,
)
MOST_LIKELY = 0.5  # the dictionary's share of a word's uses as a first name, for the likely cues


def find_name(text: str) -> str | None:
    """The customer's first name (and surname, when given after it), capitalised; None when they did
    not introduce themselves."""
    for rx, sure in ((_SURE, True), (_LIKELY, False)):
        match = rx.search(text)
        if match is None:
            continue
        first, *rest = match.group("name").split()
        if not _first_name(first, sure):
            continue
        surname = rest[0] if rest and _surname(rest[0]) else None
        return " ".join(word.capitalize() for word in (first, surname) if word)
    return None


def _first_name(word: str, sure: bool) -> bool:
    if is_car_word(word):
        return False
    readings = parses(word.lower())
    if sure:
        return any("Name" in p.tag for p in readings)
    return bool(readings) and "Name" in readings[0].tag and readings[0].score >= MOST_LIKELY


def _surname(word: str) -> bool:
    readings = parses(word.lower())
    return bool(readings) and ("Surn" in readings[0].tag or "Patr" in readings[0].tag)
