"""Part numbers (OEM and article numbers) on a photographed label, from its recognised lines.

What a customer types is found by `catalogs.part_numbers` (the same shapes); this module adds what
is special about OCR and labels: a maker's name or a label word («Арт.», «OE:») glued to the number,
two numbers joined by a slash, spaces read in or lost, a zero read as the letter O, short aftermarket
articles («KTB077», «C-7826») where a label names them, and what else a label prints that must not
pass for a part number: its lot and quantity, pieces of its barcode's digits, a number cut short or
with a character glued to it when the whole number was read too. A wrong part number on a deal is
worse than none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.vision.codes import DIGIT_LOOKALIKES, latin_upper, within_one_edit
from catalogs.part_numbers import find_part_numbers

# Toyota/Nissan/Honda style "04465-33450" (a maker's name may be glued before it) and VAG style
# "1K0 615 301 AA" / "06A 115 561 B" / "JZW 698 151".
_PART_JP = re.compile(r"(?<![0-9])(\d{5})\s?[-–—]\s?([0-9A-Z]{5})(?![A-Z0-9])|(?<![0-9])(\d{5}) (\d{5})(?![0-9])")
# A VAG number starts with a digit: a head read as S, B, Z or G before a letter («SK4 964 948 A») is
# the look-alike digit.
_PART_VAG = re.compile(
    r"(?<![A-Z0-9-])([0-9][0-9A-Z]{2}|[A-Z][0-9][0-9A-Z]|[SBZG][A-Z][0-9]|JZW|ZVW)\s?(\d{3})\s?(\d{3})(?:\s?([A-Z]{1,3}))?(?![A-Z0-9-])"
)
# Lada's «2108-4672413», «21120-9814636»: as many digits as a barcode, but printed with a dash
_LADA = re.compile(r"\d{4,5}-\d{7}(?:-\d{2})?")
# The letters a digit is read as, the other way round from DIGIT_LOOKALIKES
_LETTER_LOOKALIKES = str.maketrans("5826", "SBZG")
# On plates and certificates: a Russian registration number (А123ВС77, its first letter lost to the
# label before it), a weight or a mileage (1269KG, 3152LB, 124000KM), «№» read as "No", "Ne" or "N"
# and glued to the number it precedes or to the series before it («7157No300796» on a СТС).
_NOT_A_PART = re.compile(
    r"^[ABEKMHOPCTYX]?\d{3}[ABEKMHOPCTYX]{2}\d{2,3}$|\d\s?(?:KG|КГ|KT|LBS?|KM)\b"
    r"|^\d{3,}N[OEAG0]?$|^N[OEAG0]?\d{5,}$"
)


# A word read in small letters glued to a capital or a digit («AptA1410954379», «NoneTanw6446…»: «Арт.»,
# «№ детали» as OCR sees them): labels print part numbers in capitals, so a word ends there.
_SMALL_THEN_CAPITAL = re.compile(r"(?<=[a-zа-яё]{2})(?=[A-Z0-9А-ЯЁ])")
# A label word glued to the number after it («OE06164-LUY-Y01», «OEM19200-BLC-H98», «ART.NR.GDB1550»).
_GLUED_LABEL = re.compile(r"(?<![A-Z0-9])(OEM|OE|ART\.?-?NR|ART|APT|APR|AT|PARTNO|PART NO|NO)[.:]?(?=[A-Z]?\d)")
# Two numbers a label joins with a slash («OE:64438645928/11755308640»); a filter's «W 712/75» stays whole.
_SLASH_BETWEEN_NUMBERS = re.compile(r"(?<=[A-Za-z0-9-]{5})/(?=[A-Za-z0-9]{5})")
# A lot or batch number, and the quantity OCR glues to it («QTY:1LOT56C724», «A1L0T14F690», «LOT 47D602»):
# the whole word after the marker is no part number.
_LOT = re.compile(r"[A-Z0-9]*(?:L[O0]T|BATCH|CHARGE|ПАРТИЯ)\W{0,2}[A-Z0-9]*|Q[TI1]Y\W{0,2}[A-Z0-9]*")
# Words that name the part number on a label, as OCR reads them after `_GLUED_LABEL` split them off.
_LABEL_WORD = re.compile(r"(?<![A-Z0-9])(?:OEM|OE|ART|APT|APR|AT|PARTNO|PART NO|NR|№|АРТИКУЛ|КАТ)\W*$")
# Short aftermarket articles («KTB077», «C-7826», «GDB1550»): letters, an optional dash, a few digits.
_SHORT_ARTICLE = re.compile(r"[A-Z]{1,4}-?\d{3,5}")
# What only a label on a part's box prints: its barcode, a quantity, a lot, a label word for the number.
_LABEL_CUE = re.compile(r"(?<![A-Z0-9])\d{12,13}(?![A-Z0-9])|Q[TI1]Y|L[O0]T\W?\d|PART ?N[O0]|ART\.|(?<![A-Z0-9])OEM?(?::|\s?\d)")


def prepared(text: str, *, on_label: bool = False) -> str:
    """The line in capitals (Cyrillic kept: «ИНН», «Тел.» say the number after them is none) with
    what a label glues to its numbers split off and its lot masked; on a part's label (`on_label`)
    also two numbers joined by a slash and a word in small letters glued to what follows (elsewhere
    these are a misread VIN's characters, or a plant's name glued to a code that is no part number)."""
    if on_label:
        text = _SLASH_BETWEEN_NUMBERS.sub(", ", _SMALL_THEN_CAPITAL.sub(" ", text))
    upper = _GLUED_LABEL.sub(r"\1 ", text.upper())
    return _LOT.sub(" ", upper)


def _shaped_numbers(upper: str) -> list[str]:
    latin = latin_upper(upper)
    found = []
    for dashed_head, dashed_tail, spaced_head, spaced_tail in _PART_JP.findall(latin):
        tail = dashed_tail or spaced_tail
        if tail[:-1].isdigit() and tail[-1] == "O":  # "3345O": a zero read as the letter
            tail = tail[:-1] + "0"
        found.append(f"{dashed_head or spaced_head}-{tail}")
    for head, mid, tail, suffix in _PART_VAG.findall(latin):
        if head[2] == "O" and head[:2].isalnum():  # "1KO": VAG heads end in a zero, never an O
            head = head[:2] + "0"
        if head[:2].isalpha() and head not in ("JZW", "ZVW"):
            head = head[0].translate(DIGIT_LOOKALIKES) + head[1:]
        found.append(" ".join(p for p in (head, mid, tail, suffix) if p))
    for number in find_part_numbers(upper):  # every other maker's layout a customer may type too
        compact = number.replace(" ", "").replace("-", "")
        if compact.isdigit() and len(compact) in (12, 13) and not _LADA.fullmatch(number):  # a barcode (EAN-13, UPC)
            continue
        if _NOT_A_PART.search(number) or (compact == number and len(compact) >= 12):
            continue  # a registration plate, a weight, or a long unbroken run: a misread VIN
        if _new(number, found):  # not the same number as one found above, a letter read for a digit
            found.append(number)
    return found


def part_numbers(text: str, *, on_label: bool = False) -> list[str]:
    """Part numbers in one recognised line. On a part's label (`on_label`) a short aftermarket
    article counts too when a label word names it or it is the whole line."""
    upper = prepared(text, on_label=on_label)
    found = [number for number in _shaped_numbers(upper) if not _NOT_A_PART.search(number)]
    for match in _SHORT_ARTICLE.finditer(upper):
        number, before = match.group(), upper[: match.start()]
        whole_line = on_label and not before.strip() and not upper[match.end() :].strip()
        if _alone(upper, match) and (whole_line or _LABEL_WORD.search(before)) and _new(number, found):
            found.append(number)
    return found


def _alone(text: str, match: re.Match[str]) -> bool:
    """The match is a word of its own, not a piece of a longer one."""
    before = text[match.start() - 1] if match.start() else " "
    after = text[match.end()] if match.end() < len(text) else " "
    return not (before.isalnum() or before == "-") and not (after.isalnum() or after == "-")


def _new(number: str, found: Iterable[str]) -> bool:
    """Not one of `found`, nor one of them with a leading digit or a zero read as the letter it resembles."""
    key = _key(number)
    return all(key not in (_key(known), _key(known)[0].translate(_LETTER_LOOKALIKES) + _key(known)[1:]) for known in found)


def _key(number: str) -> str:
    """What two readings of one number share: no spaces or dashes, a letter O as the zero it stands for."""
    return number.replace(" ", "").replace("-", "").replace("O", "0")


def looks_like_label(texts: Iterable[str]) -> bool:
    """The photo shows a part's label: a barcode's digits, a quantity, a lot or a part-number label."""
    return any(_LABEL_CUE.search(latin_upper(text)) for text in texts)


def label_part_numbers(lines: Iterable[tuple[str, float]]) -> list[str]:
    """Part numbers in every recognised line of one photo (text, the recogniser's score), without
    pieces of the barcode's digits and without the partial or glued readings of another number
    found too; in the order first read."""
    lines = list(lines)
    on_label = looks_like_label(text for text, _ in lines)
    support: dict[str, float] = {}
    shown: dict[str, str] = {}
    for text, score in lines:
        for number in part_numbers(text, on_label=on_label):
            key = _key(number)
            shown.setdefault(key, number)
            support[key] = support.get(key, 0.0) + max(score, 0.05)
    barcodes = _barcodes(text for text, _ in lines)
    lots = _lots(text for text, _ in lines)
    keys = [key for key in shown if not (key.isdigit() and any(key in code for code in barcodes))]
    keys = [key for key in keys if not any(key in lot for lot in lots)]
    kept = [key for key in keys if not any(_outweighs(other, key, support) for other in keys if other != key)]
    return [shown[key] for key in kept]


def _barcodes(texts: Iterable[str]) -> list[str]:
    """The digit runs as long as a barcode's number (EAN-13, UPC-A) read anywhere on the photo."""
    return [run for text in texts for run in re.findall(r"\d{12,13}", text.replace(" ", ""))]


_LOT_VALUE = re.compile(r"L[O0]T\W{0,2}([A-Z0-9]{4,})")


def _lots(texts: Iterable[str]) -> list[str]:
    """The lot numbers read after their marker anywhere on the photo (the same value read apart from
    its marker, on a line of its own, is the lot too)."""
    return [value for text in texts for value in _LOT_VALUE.findall(latin_upper(text))]


def _outweighs(other: str, key: str, support: dict[str, float]) -> bool:
    """`other` is the better reading of the number `key` is a misreading of: `key` is `other` cut short
    at either end or in the middle, or `other` with a label's character glued before it when only
    `key` has a maker's shape; or one character apart from `other`, which was read at least twice as
    often (a misread repeated in a few cuts must not push out the right reading)."""
    if key in other:
        if not other.endswith(key):
            return True  # cut short at the end or a piece from the middle
        return not (maker_shaped(key) and not maker_shaped(other))
    if other in key:
        return key.endswith(other) and maker_shaped(other) and not maker_shaped(key)
    return within_one_edit(key, other) and support[other] >= 2 * support[key]


# Makers' layouts, without spaces or dashes: Toyota/Nissan/Hyundai 5+5, Honda 5+3+3, VAG, Mercedes
# A + 10 digits, BMW 11 digits, Renault and Bosch 10 digits, Lada 4-5 + 7 digits, short aftermarket articles.
_MAKER_SHAPES = re.compile(
    r"\d{5}[0-9A-Z]{5}|\d{5}[0-9A-Z]{6}|(?:\d[0-9A-Z]{2}|[A-Z]\d[0-9A-Z])\d{6}[A-Z]{0,3}|A\d{10}|\d{10,12}"
    r"|[A-Z]{1,4}\d{3,5}"
)


def maker_shaped(key: str) -> bool:
    """The number (without spaces or dashes) has the layout of a maker's or a known aftermarket number."""
    return _MAKER_SHAPES.fullmatch(key) is not None


def spelled_by_part_number(frame: str, parts: Iterable[str]) -> bool:
    """A frame reading that is a part number of a maker's shape read on the same photo with a label
    word before it («Арт. A1410954379» read as APTA141-0954379): the characters are the part number's."""
    compact = frame.replace("-", "")
    return any(maker_shaped(key) and compact.endswith(key) and len(key) >= 8 for key in map(_key, parts))
