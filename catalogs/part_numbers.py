"""OEM and article numbers ("04152-YZZA1", "1K0615301AA", "0 986 494 524") in a customer's text.

A number is kept verbatim, as typed. Shapes accepted: 6-15 Latin letters and digits
(at most 20 characters as typed), at least 4 of them digits, groups joined by "-"; spaces
only inside well-known layouts (Bosch "0 986 494 524", Mercedes "A 000 420 30 20", BMW
"34 11 6 767 151", VAG "1K0 615 301 AA", Toyota/Hyundai "04152 YZZA1"). Digits only need
8 or more. VINs, Japanese frame numbers, phones, dates, year ranges, e-mails and links are
masked out before looking; prices and mileage ("3000р", "150000 км") are dropped by the
unit that follows them; tyre sizes are not numbers here, nor short codes — unless a maker or a
word for an article number comes just before: a customer's «артикул KTB077», «сакура C-1821» or
«mahle OC 90» is a short aftermarket article (`short_articles=True`), and so is a filter's article
in MANN's way by its shape alone («W 712/95», «HU 719/7 X»).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from catalogs.cars import is_car_word
from catalogs.makers import AFTERMARKET_MAKERS
from catalogs.vin import find_frames, find_vins, listed_wmis

_VIN_CHARS = re.compile(r"[A-HJ-NPR-Z0-9]+")

__all__ = ["PartNumber", "find_part_numbers", "find_phone", "locate_part_numbers"]

_MASK = "#"
_PHONE_11 = re.compile(r"(?<![\w+])(\+\s*7|8|7)[\s\-]*\(?\s*\d{3}\s*\)?[\s\-]*\d{3}[\s\-]*\d{2}[\s\-]*\d{2}(?!\w)")
_PHONE_10 = re.compile(r"(?<![\w+])\(?9\d{2}\)?[\s\-]*\d{3}[\s\-]*\d{2}[\s\-]*\d{2}(?!\w)")
_FOREIGN_PHONE = re.compile(r"\+\d[\d\s\-()]{8,}\d")
_NOT_NUMBERS = (
    re.compile(r"(?<!\w)\d{1,2}[./\-]\d{1,2}[./\-](?:\d{4}|\d{2})(?!\w)"),  # 12.05.2024, 12-05-24
    re.compile(r"(?<!\w)(?:19|20)\d\d[./\-]\d{1,2}[./\-]\d{1,2}(?!\w)"),  # 2024-05-12
    re.compile(r"(?<!\w)(?:19|20)\d\d\s*[-–—]\s*(?:(?:19|20)\d\d|\d\d)(?!\w)"),  # 2008-2012
    re.compile(r"\S+@\S+|https?://\S+|www\.\S+"),
)
_EDGE_BEFORE = r"(?<![\w\-/])(?<!\d\.)"
_EDGE_AFTER = r"(?![\w/]|-\w|\.\d)"
_SPACED = tuple(
    re.compile(_EDGE_BEFORE + shape + _EDGE_AFTER)
    for shape in (
        r"[\dF] \d{3} \d{3} (?:\d{3}|(?=[A-Z\d]{0,2}\d)(?=\d{0,2}[A-Z])[A-Z\d]{3})",  # Bosch 0 986 494 524, 0 986 479 C20, F 026 400 287
        r"[A-Za-z] ?\d{3} \d{3} \d{2} \d{2}(?: \d{2,4})?",  # Mercedes A 000 420 30 20
        r"\d{2} \d{2} \d \d{3} \d{3}",  # BMW 34 11 6 767 151
        r"\d(?=[0-9]?[A-Za-z]|\d\d \d{3} \d{3} ?[A-Za-z])[A-Za-z0-9]{2} \d{3} \d{3}(?: ?[A-Za-z]{1,3})?",  # VAG 1K0 615 301 AA
        r"\d{5} (?=[0-9]*[A-Za-z])[A-Za-z0-9]{5}",  # Toyota 04152 YZZA1
        r"[1-9]\d{2} \d{4} \d{2}",  # LuK, INA, FAG (Schaeffler) 620 3003 00
        r"(?:77|82)\d{2} \d{3} \d{3}",  # Renault 8200 768 913, 7700 500 155
    )
)
_DASHED = re.compile(_EDGE_BEFORE + r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*" + _EDGE_AFTER)
# Russian makers' numbers with a dot: ZMZ/UMZ/KAMAZ «406.1308080», «4216.1308080-10» (no price has seven decimals)
_DOTTED = re.compile(r"(?<![\w\-/.])\d{3,5}\.\d{7}(?:-\d{2})?(?![\w/]|\.\d)")
_UNIT_AFTER = re.compile(r"\s*(?:₽|\$|€|₸|р\b|р\.|руб|rub|тг\b|тенге|тыс|т\.р|км|km|л\b|литр|мм|mm|гр\b|кг)", re.IGNORECASE)
_MARKED = r"[\s:№#\-]*(?:[A-Za-z0-9]+[\s\-]+)*$"  # what may stand between a marker and the number it marks
_MARKER_BEFORE = re.compile(
    r"(?:\bvin|\bвин\w*|\bкузов\w*|\bрам[аыу]\b|\bшасси|\bframe|\bтел\w*|\bзвон\w*|\bwhats\s?app|\bватсап\w*|\bвацап\w*"
    r"|\bviber|\bвайбер\w*|\bзаказ[аеу]?\b|\bсч[её]т\w*|\bтрек\w*|\bинн|\bогрн|\bбик|\bкарт[аыуе]\w*|\bпробег\w*)" + _MARKED,
    re.IGNORECASE,
)


# A maker, or a word for an article number, just before a short article
_ARTICLE_CUE = re.compile(
    r"\b(?:артикул\w*|арт\.?|кат\.?\s*номер\w*|каталожн\w*\s+номер\w*|номер\s+детали|part\s*no\.?|art\.?(?:-?nr)?|oem?"
    rf"|{AFTERMARKET_MAKERS})[\s:№#]*$",
    re.IGNORECASE,
)
# A short article: a letter prefix and digits («KTB077», «C-1821», «OC 90», «W712/75», «BKR6E», «BKR6E-11», «P 85 020»)
_SHORT_ARTICLE = re.compile(
    _EDGE_BEFORE
    + r"[A-Za-z]{1,4}[ -]?\d{1,5}(?: \d{3})*(?:/\d{1,3})?(?: ?[A-Za-z]{1,2}(?:-\d{1,3})?(?![\w/]))?"
    + r"(?![\w/]|-\w)"
)


@dataclass(frozen=True)
class PartNumber:
    text: str  # as typed, e.g. "04152-YZZA1"
    start: int  # character offsets in the message
    end: int


def _is_phone(match: re.Match[str]) -> bool:
    raw = match.group()
    digits = re.sub(r"\D", "", raw)
    formatted = raw != digits
    if len(digits) == 11:  # 8 916 ..., +7 ..., 8 800 ...
        return raw.startswith("+") or formatted or digits[1] == "9" or digits.startswith("8800")
    return formatted or not digits.startswith("90")  # 916 123 45 67; Toyota's 90915... are part numbers


def _masked(text: str) -> str:
    """The text with identifiers that are not part numbers blanked out, positions unchanged."""
    spans: list[tuple[int, int]] = []
    for raw in [r.raw for r in find_vins(text)] + [f.raw for f in find_frames(text)]:
        at = text.find(raw)
        if raw and at >= 0:
            spans.append((at, at + len(raw)))
    for rx in (_PHONE_11, _PHONE_10):
        spans += [m.span() for m in rx.finditer(text) if _is_phone(m)]
    for rx in (_FOREIGN_PHONE, *_NOT_NUMBERS):
        spans += [m.span() for m in rx.finditer(text)]
    chars = list(text)
    for start, end in spans:
        chars[start:end] = _MASK * (end - start)
    return "".join(chars)


def _shape_ok(raw: str) -> bool:
    compact = re.sub(r"[\s\-]", "", raw)
    digits = sum(ch.isdigit() for ch in compact)
    if not (6 <= len(compact) <= 15 and len(raw) <= 20 and digits >= 4):
        return False
    if digits == len(compact):
        groups = raw.split("-")
        return (
            len(compact) >= 8
            and len(groups[0]) >= 4
            and not (len(groups) > 1 and all(g.endswith("00") for g in groups))  # 10000-15000: a price range
        )
    if len(compact) >= 11 and compact[:3].upper() in listed_wmis() and _VIN_CHARS.fullmatch(compact.upper()):
        return False  # «XW8ZZZ1ZDG12345»: a VIN with characters missing, not a part's number
    letter_runs = re.findall(r"[A-Za-z]+", compact)
    if any(len(run) >= 5 or is_car_word(run.lower()) for run in letter_runs):
        return False  # "camry2016", "lada2107": a word, not a number
    return re.fullmatch(r"[A-Za-z]+(?:19|20)\d\d", compact) is None


def _in_context(text: str, start: int, end: int) -> bool:
    """Not a price, mileage or quantity by its unit, and not after a phone/order/VIN marker."""
    before = text[max(0, start - 40) : start]
    if _ORDER_MARKER.search(before) and re.search(r"[A-Za-z]", text[start:end]):
        return not _UNIT_AFTER.match(text, end)  # «заказ: 04152-YZZA1 x2»: the parts ordered; an order's number is digits
    return not _UNIT_AFTER.match(text, end) and not _MARKER_BEFORE.search(before)


_ORDER_MARKER = re.compile(r"\bзаказ[аеу]?\b" + _MARKED, re.IGNORECASE)


def locate_part_numbers(text: str, *, short_articles: bool = False) -> list[PartNumber]:
    """Part numbers in the order written, each once, with their positions; `short_articles`: also
    the short aftermarket articles a customer types after a maker or «артикул» (labels have their
    own rules, bot.vision.part_numbers)."""
    masked = unread = _masked(text)
    found: list[PartNumber] = []
    for rx in (*_SPACED, _DOTTED, _DASHED):
        for m in rx.finditer(masked):
            start, end = m.span()
            if (rx is _DOTTED or _shape_ok(m.group())) and _in_context(text, start, end):
                found.append(PartNumber(text[start:end], start, end))
            masked = masked[:start] + _MASK * (end - start) + masked[end:]
    if short_articles:
        found += [a for a in _cued_articles(text, unread) if not any(a.start < n.end and n.start < a.end for n in found)]
    seen: set[str] = set()
    unique: list[PartNumber] = []
    for number in sorted(found, key=lambda n: n.start):
        key = re.sub(r"[\s\-]", "", number.text).upper()
        if key not in seen:
            seen.add(key)
            unique.append(number)
    return unique


# digits alone, as makers number their parts («KYB 334811», «Lemförder 3521601»): only right after the maker
_CUED_DIGITS = re.compile(_EDGE_BEFORE + r"\d{5,7}" + _EDGE_AFTER)


# a filter's article in MANN's way, known by its shape with no maker before it: «W 712/95», «HU 719/7 X», «WK 842/2»
_FILTER_ARTICLE = re.compile(_EDGE_BEFORE + r"[A-Z]{1,3} ?\d{3,4}/\d{1,2}(?: [A-Z](?![\w/]))?" + r"(?![\w/]|-\w)")


def _cued_articles(text: str, masked: str) -> list[PartNumber]:
    """Short articles right after a maker's name or a word for an article number, and filters' articles by their shape."""
    found = [PartNumber(m.group(), *m.span()) for m in _FILTER_ARTICLE.finditer(masked) if _in_context(text, *m.span())]
    for rx in (_CUED_DIGITS, _SHORT_ARTICLE):
        for m in rx.finditer(masked):
            start, end = m.span()
            compact = re.sub(r"[\s\-/]", "", m.group())
            # «brembo 15000» is a price, «KYB 341200» an article: a part dearer than 99 999 is rarely asked so
            price = rx is _CUED_DIGITS and compact.endswith("00" if len(compact) <= 5 else "000")
            before = text[max(0, start - 40) : start]
            cued = _ARTICLE_CUE.search(before) or _listed_after(before, found)
            taken = any(start < n.end and n.start < end for n in found)
            if len(compact) >= 4 and not price and cued and not taken and _in_context(text, start, end):
                found.append(PartNumber(text[start:end].strip(), start, end))
    return found


_LIST_JOIN = re.compile(r"\s*(?:,|;|\+|\bи\b|\band\b)\s*$", re.IGNORECASE)


def _listed_after(before: str, found: list[PartNumber]) -> bool:
    """The next of a maker's articles listed one after another: «KYB 339097 и 339096», «NGK BKR6E, BPR6ES»."""
    joined = _LIST_JOIN.search(before)
    return joined is not None and any(before[: joined.start()].endswith(number.text) for number in found)


def find_part_numbers(text: str) -> list[str]:
    """OEM/article numbers as the customer typed them: "нужен 90915-YZZE1" -> ["90915-YZZE1"]."""
    return [number.text for number in locate_part_numbers(text)]


# «ой, номер не тот, правильный …», «мой новый номер …»: the customer's own number put right (not «у мужа
# новый номер», «правильно понимаю, можно по 8 800…?»)
_PHONE_FIXED = re.compile(
    r"(?:номер|телефон|тел)\w*\.?\s+(?:не\s+тот|неправильн\w*|неверн\w*|с\s+ошибкой|поменял\w*)|не\s+тот\s+(?:номер|телефон)"
    r"|\b(?:правильн|верн)(?:ый|ое)\s+(?:номер|телефон|тел)|\bмой\s+нов\w*\s+(?:номер|телефон)|неправильн\w*\s+(?:\w+\s+)?номер"
    r"|опечатк\w*\s+в\s+номер|запишите\s+другой\s+номер|\b(?:ошибся|ошиблась)\s+(?:в\s+)?(?:номер|телефон|цифр)"
    # «поменяйте в заявке телефон», «звоните на 8-999-…», «мой номер +7999…»
    r"|(?:помен|смен|измен)(?:яйте|ите)\s+(?:\w+\s+){0,3}(?:телефон|номер)|(?:телефон|номер)\w*\s+(?:\w+\s+)?(?:помен|смен|измен)(?:яйте|ите)"
    r"|звоните\s+(?:мне\s+|лучше\s+)*на\s+(?:этот\s+|другой\s+|номер\s+)*[+\d(]"
    # «перезвоните мне пожалуйста 89261112233», «наберите меня 8 916 …»: the number to call is given
    r"|(?:перезвон|позвон|набер)(?:ите|и)\s+(?:(?:мне|меня|пожалуйста|по\s+номеру|на\s+номер|номер)\W+)*[+\d(]"
    r"|\bмой\s+(?:номер|телефон|тел)\.?\s*:?\s*(?:[-—]\s*)?[+\d(]",
    re.IGNORECASE,
)


# «ой нет 89161112234», «вернее +7 916 …»: a number given again at once, with a word putting it right
_SLIP_BEFORE = re.compile(
    r"^\W*(?:(?:ой|упс|нет|неа|вернее|точнее|извините|ошибся|ошиблась|перепутал\w*|правильно|правильный|верный)\W+)+",
    re.IGNORECASE,
)


# «номер мастера», «звоните жене», «это не мой»: somebody else's number
_SOMEONE_ELSES = re.compile(
    r"\b(?:мастер\w*|жен[аеуы]|муж[ау]?|сервис\w*|брат[ау]?|сестр[аеуы]|сын[ау]?|доч\w*|отц[ау]|отец|мам[аеуы]|друг[ау]?"
    r"|сосед\w*)\b|\bне\s+мой\b|\bтот\s+же\b",
    re.I,
)


def corrects_phone(text: str) -> bool:
    """Whether the message puts right the customer's own phone number written before."""
    folded = text.replace("ё", "е")
    if _SOMEONE_ELSES.search(folded):
        return False
    if _PHONE_FIXED.search(folded):
        return True
    phone = find_phone(text)  # «ой нет 89161112234»: the number given again, last
    return bool(
        phone and _SLIP_BEFORE.match(text) and text.rstrip(" .!)").endswith(phone) and len(text.replace(phone, " ").split()) <= 4
    )


def find_phone(text: str) -> str | None:
    """The first Russian phone number written in the text, as written ("+7 916 123-45-67",
    "8 (916) 1234567", "916 123 45 67"); None when there is none. Toyota's 90915-… is no phone."""
    for rx in (_PHONE_11, _PHONE_10):
        for match in rx.finditer(text):
            if _is_phone(match):
                return match.group()
    return None
