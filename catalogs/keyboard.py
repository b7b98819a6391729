"""The two keyboard layouts a Russian customer types on: the same key is «q» in one and «й» in the
other, so text typed with the wrong layout on can be read back as the keys meant."""

from __future__ import annotations

QWERTY = "qwertyuiop[]asdfghjkl;'zxcvbnm,.`"
JCUKEN = "йцукенгшщзхъфывапролджэячсмитьбюё"

_PAIRS = tuple(zip(QWERTY, JCUKEN, strict=True))
TO_RUSSIAN = str.maketrans(dict(_PAIRS) | {q.upper(): j.upper() for q, j in _PAIRS if q.isalpha()})
TO_LATIN = str.maketrans({j: q for q, j in _PAIRS if q.isalpha()} | {j.upper(): q.upper() for q, j in _PAIRS if q.isalpha()})
