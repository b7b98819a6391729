"""The two keyboard layouts a Russian customer types on: the same key is «q» in one and «й» in the
other, so text typed with the wrong layout on can be read back as the keys meant."""

from __future__ import annotations

import re

QWERTY = "qwertyuiop[]asdfghjkl;'zxcvbnm,.`"
JCUKEN = "йцукенгшщзхъфывапролджэячсмитьбюё"

_PAIRS = tuple(zip(QWERTY, JCUKEN, strict=True))
TO_RUSSIAN = str.maketrans(dict(_PAIRS) | {q.upper(): j.upper() for q, j in _PAIRS if q.isalpha()})
TO_LATIN = str.maketrans({j: q for q, j in _PAIRS if q.isalpha()} | {j.upper(): q.upper() for q, j in _PAIRS if q.isalpha()})
_CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)
_LATIN = re.compile("[a-z]", re.IGNORECASE)


def has_cyrillic(text: str) -> bool:
    return _CYRILLIC.search(text) is not None


def has_latin(text: str) -> bool:
    return _LATIN.search(text) is not None
