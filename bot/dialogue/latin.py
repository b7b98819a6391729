"""Russian typed in Latin letters: as it sounds («nuzhny kolodki») or with the English keyboard
layout left on («ye;ys rjkjlrb») — both are «нужны колодки».

For the layout, the keys are read as the Russian layout (ЙЦУКЕН) would read them, word by word, and a
word is taken in its Russian reading only when it looks mistyped (few Latin vowels, or «;» inside) and
the dictionary knows the reading — so English, brands, abbreviations, VINs, part numbers and Russian
spelt as it sounds stay as typed. One- and two-letter words («d», «yf», «lf» — в, на, да) are switched
only beside a longer word that was: on their own they are as likely English or a code.
"""

from __future__ import annotations

import re

from catalogs.cars import is_car_word
from catalogs.keyboard import TO_RUSSIAN, has_cyrillic, has_latin
from catalogs.part_names import is_known_word

LATIN_WORD = re.compile(r"(?<![\w'])[a-z][a-z']+(?![\w'])")
_DIGRAPHS: tuple[tuple[str, str], ...] = (("shch", "щ"), ("sch", "щ"), ("zh", "ж"), ("kh", "х"), ("ch", "ч"), ("sh", "ш"))
_DIGRAPHS += (("ts", "ц"), ("yu", "ю"), ("ya", "я"), ("yo", "е"), ("ye", "е"), ("iu", "ю"), ("ia", "я"))
_LETTERS = str.maketrans(dict(zip("abcdefghijklmnopqrstuvwz'", "абкдефгхийклмнопкрстуввзь", strict=True)) | {"x": "кс"})
_AFTER_VOWEL_Y = re.compile(r"(?<=[аеиоуыэюя])y")


def cyrillic_reading(text: str) -> str:
    """The message with its Latin-typed Russian words read in Cyrillic («nuzhny kolodki» → «нужны
    колодки»); words with digits (VINs, part numbers) stay as they are."""
    return LATIN_WORD.sub(lambda match: sounded(match.group()), text.lower())


_RUSSIAN_WORD_LENGTH = 4  # a Latin-typed word this long that reads as a Russian one tells Russian is typed


def russian_reading(text: str) -> str:
    """The message read in Cyrillic when it is Russian typed in Latin letters («zakaz ne prishel» → «заказ не
    пришел»): two in three of its longer Latin words read as Russian ones; otherwise (English, Cyrillic) as it is."""
    latin = [word for word in LATIN_WORD.findall(text.lower()) if len(word) >= _RUSSIAN_WORD_LENGTH]
    russian = [word for word in latin if is_known_word(sounded(word)) and not is_known_word(word)]
    return cyrillic_reading(text) if latin and 3 * len(russian) >= 2 * len(latin) else text


def sounded(word: str) -> str:
    """A Latin-typed Russian word in Cyrillic, roughly as people transliterate («nuzhny» → «нужны»)."""
    for latin, cyrillic in _DIGRAPHS:
        word = word.replace(latin, cyrillic)
    word = _AFTER_VOWEL_Y.sub("й", word.translate(_LETTERS))
    return word.replace("y", "ы")


def keyed(word: str) -> str:
    """A word as the Russian layout reads its keys («ghbdtn» → «привет»)."""
    return word.translate(TO_RUSSIAN)


_TYPED = re.compile(r"[a-z\[\];',.`]+")
_EDGES = '"!?()«»:'
_SHORT = 2
_ABBREVIATION = 4  # EGR, DSG, TSI: capitals this short are a code
_VOWEL_SHARE = 0.25
_INNER_KEYS = ";'[]`,."


def switched(text: str) -> str:
    """`text` with its wrong-layout words in Russian letters; unchanged unless most of its
    Latin words of three letters or more read as Russian that way."""
    if not has_latin(text):
        return text  # most messages: nothing typed with the English layout
    tokens = text.split(" ")
    strict = has_cyrillic(text)  # the Russian layout was on for part of it
    readings = [_reading(token, strict=strict) for token in tokens]
    long_words = [core for _, core, _ in map(_split, tokens) if len(_letters(core)) > _SHORT and _TYPED.fullmatch(core.lower())]
    switched_long = [r for r in readings if r is not None and len(_letters(r)) > _SHORT]
    if 2 * len(switched_long) <= len(long_words):
        return text
    return " ".join(token if reading is None else reading for token, reading in zip(tokens, readings, strict=True))


def _reading(token: str, *, strict: bool) -> str | None:
    """The token's Russian-layout reading when it looks typed that way and the dictionary knows the
    reading (edges like «!?» kept)."""
    head, core, tail = _split(token)
    if not _TYPED.fullmatch(core.lower()) or not _looks_mistyped(core, strict=strict):
        return None
    for candidate in (core.rstrip(",."), core):  # a trailing comma is just a comma, or a «б»
        russian = keyed(candidate)
        if _letters(russian) and _is_russian(russian.lower()):
            return head + russian + core[len(candidate) :] + tail
    return None


def _looks_mistyped(core: str, *, strict: bool) -> bool:
    """Not an English word, an abbreviation or Russian spelt as it sounds: Russian on the English
    layout has few of the Latin vowels (а, и, о are ф, ш, щ) or keys like «;» inside a word (ж)."""
    letters = _letters(core)
    if len(letters) <= _SHORT:
        return True  # taken only beside a longer word that reads as Russian
    if (core.isupper() and len(letters) <= _ABBREVIATION) or is_known_word(sounded(core.lower())):
        return False
    inner_keys = any(ch in _INNER_KEYS for ch in core.rstrip(",.")[1:])
    share = 0.0 if strict else _VOWEL_SHARE
    return inner_keys or sum(ch in "aeiou" for ch in letters.lower()) <= share * len(letters)


def _is_russian(word: str) -> bool:
    return is_known_word(word) or is_car_word(word)  # «rfvhb» is «камри», which no dictionary has


def _split(token: str) -> tuple[str, str, str]:
    core = token.strip(_EDGES)
    start = token.find(core) if core else len(token)
    return token[:start], core, token[start + len(core) :]


def _letters(text: str) -> str:
    return "".join(ch for ch in text if ch.isalpha())
