"""Car identifiers: VINs and Japanese frame (body) numbers found in customers' text.

Customers type VINs on Russian keyboards (Cyrillic look-alikes), in groups with spaces,
and with O/I instead of 0/1. This module repairs what is safe to repair, never rejects a
VIN for its check digit (DESIGN.md section 5) and reports 16/18-char near-misses so the
bot can ask again, quoting what it read.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from vininfo import Vin

from catalogs.keyboard import TO_LATIN, has_cyrillic

# Cyrillic look-alikes (upper case) and the letters a VIN never contains.
_CHAR_REPAIR = str.maketrans("АВЕКМНОРСТУХOQI", "ABEKMH0PCTYX001")
# Cyrillic letters by their sound, one for one (a frame's model code typed in Russian: «НЗЕ121» is NZE121)
_SOUNDS = str.maketrans("АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЭ", "ABVGDEEJZIYKLMNOPRSTUFXCE")
_SEPARATORS = re.compile(r"[\s\-–—._]")
_VIN_FORMAT = re.compile(r"[A-HJ-NPR-Z0-9]{17}")
_VIN_ALPHABET = frozenset("ABCDEFGHJKLMNPRSTUVWXYZ0123456789")


def foreign_chars(text: str) -> str:
    """The characters of `text` no VIN has (I, O, Q, Cyrillic «Б»…), each once, in order."""
    return "".join(dict.fromkeys(c for c in text if c not in _VIN_ALPHABET))


# Alphanumeric runs, possibly joined by inner dashes, dots or underscores.
_TOKEN = re.compile(r"[^\W_]+(?:[-._][^\W_]+)*")
_MARKER_BEFORE = re.compile(r"(?:\bvin|\bвин)\)?(?:[\s\-]*(?:код|номер|code|number))?\s*[:\-–—=№#]?\s*$", re.IGNORECASE)
_MARKER_GLUED = re.compile(r"\b(vin|вин)(?=[^\W_]{16,})", re.IGNORECASE)
_NOT_PIECES = frozenset({"vin", "вин", "code", "number", "no", "nr"})
_CYRILLIC_WORD = re.compile(r"[а-яё]+", re.IGNORECASE)  # «на», «как»: look-alikes, but a word, never inside a VIN
_MAX_PIECES = 17  # «X T A 2 1 1 4 0 0 C 1 2 3 4 5 6 7»: a VIN dictated one character at a time
T = TypeVar("T")

# The check digit (ISO 3779, position 9): each character's value times its position's weight, mod 11.
CHECK_VALUES = {
    **{str(d): d for d in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
    **dict(zip("JKLMN", range(1, 6), strict=True)),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}
CHECK_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)

# WMIs where vininfo is silent or names the brand differently: Russian assembly, and JTN
# (Toyota Camry/Corolla exported to Russia, which vininfo files under Scion).
_RUSSIAN_MAKES = {
    "XTA": "LADA",
    "XTT": "UAZ",
    "X96": "GAZ",
    "Z94": "Hyundai/Kia",
    "Z8N": "Nissan",
    "X4X": "BMW",
    "XW8": "Volkswagen/Škoda",
    "JTN": "Toyota",
    "KMH": "Hyundai",
}
_MAKE_ALIASES = {
    "AvtoVAZ": "LADA",
    "Lada": "LADA",
    "Genesis": "Hyundai",
    # vininfo's maker names, as a shop names the make
    "DaimlerChrysler AG/Daimler AG": "Mercedes-Benz",
    "Opel/Vauxhall": "Opel",
    "Fiat Automobiles": "Fiat",
    "Volvo Cars": "Volvo",
    "Ford of Europe": "Ford",
    "Škoda": "Skoda",
    "Great Wall (Havel)": "Haval/Great Wall",  # one maker, two makes: a Haval F7's VIN is Great Wall's
    "Volkswagen Commercial Vehicles": "Volkswagen",  # the Crafter's, Transporter's, Amarok's
}
# Makers whose European VINs carry no model year in the 10th place (Mercedes-Benz writes a code there:
# «WDD2120341A…» is no 2001 car); a year read from it would be told to the customer and put on the deal
_NO_YEAR_WMI = frozenset({"WDB", "WDC", "WDD", "WDF", "WD3", "WD4", "W1K", "W1N", "W1V", "W1W", "W1X"})
# …nor Ford's European VINs (Cologne, Saarlouis, Vsevolozhsk): their year is a code in the 11th–12th places
_NO_YEAR_WMI |= frozenset({"WF0", "X9F", "Z6F"})

# Japanese emissions prefixes written before the model code ("CBA-NZE121"); not part of the frame.
_FRAME = re.compile(
    r"(?<!\w)(?:(?:ABA|CBA|DBA|DAA|LDA|RBA|ADE|ADF|GH|GF|TA|UA|LA|KR|E)-)?"
    r"([A-Z]{1,4}[0-9]{1,10}[A-Z]{0,2}|[A-Z]{3,5})(?:([ \t]*[-–—][ \t]*|[ \t]+)([0-9]{5,7}))?(?!\w)"
)
_MODEL_CODE = re.compile(r"[A-Z]{1,4}[0-9]{1,3}[A-Z]{0,2}")
_GLUED_FRAME = re.compile(r"([A-Z]{2,4})([0-9]{7,10})")


@dataclass(frozen=True)
class VinReading:
    vin: str | None  # a valid 17-char VIN after normalisation, else None
    raw: str  # the customer's characters as found in the text (stripped)
    normalized: str  # after repair (uppercase, look-alikes mapped, separators removed)
    problem: str | None  # None when valid; "too_short", "too_long", "bad_chars"
    check_digit_ok: bool | None  # None when the check digit does not apply


@dataclass(frozen=True)
class FrameReading:
    frame: str  # canonical with dash, uppercase, e.g. "NZE121-0123456"
    raw: str
    ambiguous: bool = False  # written without the dash, and another split was as likely


@dataclass(frozen=True)
class CarInfo:
    make: str | None
    model: str | None
    year: int | None
    country: str | None


@dataclass(frozen=True)
class _Token:
    raw: str
    start: int
    end: int
    norm: str


@dataclass(frozen=True)
class _Candidate:
    reading: VinReading
    first: int  # token index span, inclusive
    last: int
    marked: bool
    joined: bool


def _repair(text: str) -> str:
    """Uppercase and map look-alikes, keeping the length (positions stay valid)."""
    upper = text.upper()
    if len(upper) != len(text):  # a letter uppercases to two («ß» -> «SS»): such letters stay as they are
        upper = "".join(ch.upper() if len(ch.upper()) == 1 else ch for ch in text)
    return upper.translate(_CHAR_REPAIR)


def strip_separators(text: str) -> str:
    """Without the spaces, dashes, dots and underscores customers and readers put inside a VIN;
    character positions match `normalize_vin`'s."""
    return _SEPARATORS.sub("", text)


def normalize_vin(text: str) -> str:
    return strip_separators(_repair(text))


def is_valid_vin(vin: str) -> bool:
    return _VIN_FORMAT.fullmatch(vin) is not None


def check_digit_ok(vin: str) -> bool | None:
    """Position 9 check for North American (WMI 1-5) and Chinese (L) VINs; None elsewhere."""
    if not is_valid_vin(vin) or vin[0] not in "12345L":
        return None
    remainder = sum(CHECK_VALUES[ch] * w for ch, w in zip(vin, CHECK_WEIGHTS, strict=True)) % 11
    return vin[8] == ("X" if remainder == 10 else str(remainder))


def _problem(normalized: str) -> str | None:
    if len(normalized) < 17:
        return "too_short"
    if len(normalized) > 17:
        return "too_long"
    return None if is_valid_vin(normalized) else "bad_chars"


def _reading(raw: str, normalized: str) -> VinReading:
    problem = _problem(normalized)
    vin = normalized if problem is None else None
    return VinReading(vin, raw.strip(), normalized, problem, check_digit_ok(normalized))


def _plausible(normalized: str, raw: str) -> bool:
    """A VIN has letters and real digits (O typed for 0 does not count)."""
    letters = sum(ch.isascii() and ch.isalpha() for ch in normalized)
    digits = sum(ch in "0123456789" for ch in raw)
    return letters >= 1 and digits >= 3


def _known_wmi(vin: str) -> bool:
    if vin[:3] in _RUSSIAN_MAKES:
        return True
    try:
        return Vin(vin).manufacturer not in (None, "", "UnsupportedBrand")
    except Exception:
        return False


def _is_piece(token: _Token) -> bool:
    """Can this token be one group of a VIN typed with spaces?"""
    raw = token.raw
    if raw.lower() in _NOT_PIECES or not set(token.norm) <= _VIN_ALPHABET:
        return False
    vowels = sum(ch in "aeiouyаеёиоуыэюя" for ch in raw.lower())
    long_word = len(raw) > 5 and vowels >= len(raw) / 4  # «WVWZZZ», «wbaxxx»: a maker's code, no word
    word_like = raw.isalpha() and (long_word or (len(raw) > 3 and raw[0].isupper() and raw[1:].islower()))
    return not word_like


def _keyed_in_latin(raw: str) -> str | None:
    """A VIN typed with the Russian layout on («ЧЕФ219170Л0345678» is XTA219170K0345678): taken only
    when the keys it hit spell a valid VIN of a maker we know."""
    if not has_cyrillic(raw):
        return None
    keyed = strip_separators(raw.translate(TO_LATIN).upper())
    return keyed if is_valid_vin(keyed) and _known_wmi(keyed) else None


def _tokens(text: str) -> list[_Token]:
    return [_Token(m.group(), m.start(), m.end(), normalize_vin(m.group())) for m in _TOKEN.finditer(text)]


def _single(tokens: list[_Token], i: int, marked: bool) -> _Candidate | None:
    token = tokens[i]
    norm = token.norm
    keyed = None if is_valid_vin(norm) else _keyed_in_latin(token.raw)
    if keyed is not None:
        return _Candidate(_reading(token.raw, keyed), i, i, marked, False)
    if len(norm) not in (16, 17, 18) and not (len(norm) in _SHORT and _short_but_meant(norm, marked)):
        return None
    if not _plausible(norm, token.raw):
        return None
    bad = sum(ch not in _VIN_ALPHABET for ch in norm)
    if bad > (2 if len(norm) == 17 else 0):
        return None
    return _Candidate(_reading(token.raw, norm), i, i, marked, False)


_SHORT = (14, 15)  # a VIN two or three characters short: a near-miss only when it is surely a VIN


def _short_but_meant(norm: str, marked: bool) -> bool:
    """«вин XTA21703C012345» (15): said to be a VIN, or a maker's code and a serial's digits at the end."""
    return marked or (norm[-3:].isdigit() and _known_wmi(norm.ljust(17, "0")))


def _joined(text: str, tokens: list[_Token], i: int, marked: bool) -> _Candidate | None:
    """Join whitespace-separated groups into exactly 17 chars; near-misses only after a marker."""
    near: _Candidate | None = None
    norm = ""
    for j in range(i, min(i + _MAX_PIECES, len(tokens))):
        token = tokens[j]
        if not _is_piece(token) or (j > i and not text[tokens[j - 1].end : token.start].isspace()):
            break
        if j > i and _CYRILLIC_WORD.fullmatch(token.raw):  # «2108-3103020 на 2110»: a part number, «на», a car
            break
        norm += token.norm
        if j == i:
            continue
        raw = text[tokens[i].start : token.end]
        if len(norm) == 17 and _plausible(norm, raw) and norm[-3:].isdigit() and (marked or _known_wmi(norm)):
            return _Candidate(_reading(raw, norm), i, j, marked, True)
        known = marked or (norm[-3:].isdigit() and _known_wmi(norm[:17].ljust(17, "0")))  # «XTA212140123456 7»
        near_length = len(norm) in (16, 18) or (len(norm) in _SHORT and marked)
        if near_length and near is None and known and _plausible(norm, raw):
            near = _Candidate(_reading(raw, norm), i, j, marked, True)
        if len(norm) >= 18:
            break
    return near


def _overlaps(a: _Candidate, chosen: list[_Candidate]) -> bool:
    return any(a.first <= c.last and c.first <= a.last for c in chosen)


def find_vins(text: str) -> list[VinReading]:
    """The VINs in a text (and its near-misses: 16 or 18 characters, bad characters). A customer's
    turn asks this of the same text twice (the understanding, and part numbers that must not be a
    VIN): the readings of the last 64 texts are remembered (frozen values, shared safely)."""
    return list(_vins_in(text))


def find_frames(text: str) -> list[FrameReading]:
    """Japanese frame numbers in a text; remembered for recent texts, as `find_vins`."""
    return list(_frames_in(text))


@lru_cache(maxsize=64)
def _vins_in(text: str) -> tuple[VinReading, ...]:
    text = _MARKER_GLUED.sub(r"\1 ", text)
    tokens = _tokens(text)
    found: list[_Candidate] = []
    for i, token in enumerate(tokens):
        marked = _MARKER_BEFORE.search(text[max(0, token.start - 40) : token.start]) is not None
        for candidate in (_single(tokens, i, marked), _joined(text, tokens, i, marked)):
            if candidate is not None:
                found.append(candidate)

    valid = sorted((c for c in found if c.reading.vin), key=lambda c: (not c.marked, c.joined, c.first))
    chosen: list[_Candidate] = []
    for candidate in valid:
        if not _overlaps(candidate, chosen) and all(c.reading.vin != candidate.reading.vin for c in chosen):
            chosen.append(candidate)
    chosen.sort(key=lambda c: (not c.marked, c.first))

    misses: list[_Candidate] = []
    for candidate in sorted((c for c in found if not c.reading.vin), key=lambda c: (c.first, c.joined)):
        if not _overlaps(candidate, chosen + misses):
            misses.append(candidate)
    return tuple(c.reading for c in chosen + misses)


def best_vin(candidates: list[str]) -> str | None:
    """Valid format first; the check digit only breaks ties (passing, not applicable, failing)."""
    valid = [vin for vin in dict.fromkeys(normalize_vin(c) for c in candidates) if is_valid_vin(vin)]
    if not valid:
        return None
    rank = {True: 0, None: 1, False: 2}
    return min(valid, key=lambda vin: rank[check_digit_ok(vin)])


_FRAMES_DATA = Path(__file__).parent / "data" / "frames.toml"


@lru_cache(maxsize=1)
def _model_codes() -> dict[str, str | None]:
    """Known Japanese model code -> "Make Model" (catalogs/data/frames.toml), loaded once; None for
    a code two makers use (Honda Fit GD2 and Subaru Impreza GD2)."""
    with _FRAMES_DATA.open("rb") as fh:
        data = tomllib.load(fh)
    cars: dict[str, str | None] = {}
    for make, models in data.items():
        for model, codes in models.items():
            for code in codes:
                cars[code] = f"{make} {model}" if code not in cars else None
    return cars


_WMI_DATA = Path(__file__).parent / "data" / "wmi.toml"


@lru_cache(maxsize=1)
def listed_wmis() -> frozenset[str]:
    """The world manufacturer identifiers listed in catalogs/data/wmi.toml (a VIN's first three
    characters) of the makers a Russian parts shop meets."""
    with _WMI_DATA.open("rb") as fh:
        return frozenset(wmi for wmis in tomllib.load(fh).values() for wmi in wmis)


def model_codes() -> frozenset[str]:
    """Every known Japanese model code ("NZE121", "GD1")."""
    return frozenset(_model_codes())


def frame_car(frame: str) -> str | None:
    """The car a frame number belongs to ("NZE121-0123456" -> "Toyota Corolla"), when its model
    code is known."""
    return _model_codes().get(frame.split("-", 1)[0].upper())


def _glued_frame_splits(letters: str, digits: str) -> list[tuple[str, str]]:
    """Ways to split 'NZE' + '1210123456', likeliest first: a known model code; else model codes
    mostly carry 2-3 digits, serials 6-7. More than one way means the dash was needed to be sure."""
    splits = []
    for serial_len, model_digits in ((7, (2, 3)), (6, (2, 3)), (7, (1,)), (6, (1,))):
        if len(digits) - serial_len in model_digits:
            cut = len(digits) - serial_len
            splits.append((letters + digits[:cut], digits[cut:]))
    known = [split for split in splits if split[0] in _model_codes()]
    return known if len(known) == 1 else splits


@lru_cache(maxsize=64)
def _frames_in(text: str) -> tuple[FrameReading, ...]:
    frames = _frames_read(text, _repair(text))
    if has_cyrillic(text) and len(text.upper()) == len(text):  # positions stay the text's («ß» uppercases to two)
        # «нзе121 0123456»: typed by sound, not by look (Н for N, З for Z); taken for a listed model code only
        for frame, reading in _frames_read(text, text.upper().translate(_SOUNDS), listed_only=True).items():
            frames.setdefault(frame, reading)
    return tuple(frames.values())


def _frames_read(text: str, repaired: str, *, listed_only: bool = False) -> dict[str, FrameReading]:
    frames: dict[str, FrameReading] = {}
    for match in _FRAME.finditer(repaired):
        code, separator, serial = match.groups()
        if separator is not None:
            if code.isalpha() and code not in _model_codes():
                continue  # a code of letters only (Mazda's GGEP, CREW) is taken only when it is listed
            if not code.isalpha() and (not _MODEL_CODE.fullmatch(code) or not (2 <= len(code) <= 6 or code in _model_codes())):
                continue
            splits = [(code, serial)]
        else:
            glued = _GLUED_FRAME.fullmatch(code)
            splits = _glued_frame_splits(*glued.groups()) if glued else []
        if listed_only:
            splits = [split for split in splits if split[0] in _model_codes()]
        if not splits or is_valid_vin(normalize_vin(match.group())):
            continue
        frame = f"{splits[0][0]}-{splits[0][1]}"
        raw = text[match.start() : match.end()].strip()
        frames.setdefault(frame, FrameReading(frame, raw, ambiguous=len(splits) > 1))
    return frames


def _model_year(vin: Vin, today: date) -> int | None:
    """vininfo lists candidate years (30-year cycle); take the latest not after `today`."""
    years = set(vin.years)
    if years:
        latest = max(years)
        while latest + 30 <= today.year:
            latest += 30
            years.add(latest)
    past = [year for year in years if year <= today.year]
    return max(past) if past else None


def _safe(getter: Callable[[], T]) -> T | None:
    try:
        return getter()
    except Exception:
        return None


# Nissans made for Europe, Russia and Japan carry the chassis code in VIN positions 7–9 («SJNFBAJ10U…»: the
# Qashqai J10); vininfo reads position 4 there as if North American (every one a «Sentra»)
_NISSAN_CHASSIS = {
    "J10": "Qashqai",
    "J11": "Qashqai",
    "J12": "Qashqai",
    "T30": "X-Trail",
    "T31": "X-Trail",
    "T32": "X-Trail",
    "F15": "Juke",
    "K12": "Micra",
    "K13": "Micra",
    "E11": "Note",
    "E12": "Note",
    "C11": "Tiida",
    "N16": "Almera",
    "G15": "Almera",
    "P12": "Primera",
    "R51": "Pathfinder",
    "Y61": "Patrol",
    "Y62": "Patrol",
    "Z50": "Murano",
    "Z51": "Murano",
    "D40": "Navara",
    "J31": "Teana",
    "J32": "Teana",
    "L33": "Teana",
    "B17": "Sentra",
    "L12": "Terrano",
}


def decode_vin(vin: str, *, today: date | None = None) -> CarInfo:
    """Make, model, year and country via vininfo; never raises. The last 64 answers are remembered:
    a request's VIN is looked at again every turn (is it the car the customer named?)."""
    return _decoded(vin, today or date.today())


@lru_cache(maxsize=64)
def _decoded(vin: str, today: date) -> CarInfo:
    vin = normalize_vin(vin)
    if not is_valid_vin(vin):
        return CarInfo(None, None, None, None)
    try:
        decoded = Vin(vin)
    except Exception:
        return CarInfo(_RUSSIAN_MAKES.get(vin[:3]), None, None, None)
    manufacturer = _safe(lambda: decoded.manufacturer)
    if not isinstance(manufacturer, str) or manufacturer in ("", "UnsupportedBrand"):
        manufacturer = None
    make = _RUSSIAN_MAKES.get(vin[:3]) or _MAKE_ALIASES.get(manufacturer or "", manufacturer)
    model = _safe(lambda: decoded.details.model.name)
    if make == "Nissan" and not vin[0].isdigit():  # vininfo reads North American Nissans; elsewhere the chassis code
        model = _NISSAN_CHASSIS.get(vin[6:9]) or (None if model == "Sentra" else model)
    year = None if vin[:3] in _NO_YEAR_WMI else _safe(lambda: _model_year(decoded, today))
    country = _safe(lambda: decoded.country)
    return CarInfo(
        make=make,
        model=model if isinstance(model, str) and model else None,
        year=year if isinstance(year, int) else None,
        country=country if isinstance(country, str) and country else None,
    )


def describe_car(info: CarInfo) -> str | None:
    """Short human text such as "LADA Vesta 2018"; without a model the year is marked as one ("LADA,
    2000 г.": «LADA 2000» reads as a model, as LADA 2107 is); None when make, model and year are unknown."""
    model = info.model if info.model != info.make else None
    if info.year and not model:
        return f"{info.make}, {info.year} г." if info.make else f"{info.year} г."
    text = " ".join(part for part in (info.make, model, str(info.year) if info.year else None) if part)
    return text or None


# A message that is only a VIN's beginning («XTA21703», «вин WVWZZZ1K»): the rest comes in the next one.
_MARKER_WORDS = r"(?:\bvin|\bвин)\b\)?\s*(?:код|номер|code|number)?\s*[:\-–—=№#]?\s*"  # «VIN:», «вин номер»
_MARKER_AHEAD = re.compile(r"^\s*" + _MARKER_WORDS, re.IGNORECASE)
_ONLY_PIECES = re.compile(r"[A-Za-zА-Яа-яЁё0-9][A-Za-zА-Яа-яЁё0-9 \-.]*")
VIN_START_LENGTHS = range(6, 14)  # shorter is no VIN yet (nor «1NZ-FE», an engine); 14 and more is a VIN short of characters


def vin_beginning(text: str, *, asked: bool) -> str | None:
    """The start of a VIN a message holds and nothing else, normalized — when the VIN was `asked` for
    or the message says «вин»: a maker's code (WMI) the catalog knows, then more of the VIN."""
    marked = _MARKER_AHEAD.match(text)
    rest = text[marked.end() :] if marked else text
    if not (asked or marked) or not _ONLY_PIECES.fullmatch(rest.strip()):
        return None
    start = normalize_vin(rest.strip())
    if len(start) not in VIN_START_LENGTHS or not set(start) <= _VIN_ALPHABET or ("-" in rest and len(start) < 8):
        return None
    # digits as typed, not an O or I the VIN's alphabet reads as one («vse spasibo» is no «VSESPAS1B0»)
    letters_and_digits = any(ch.isdigit() for ch in rest) and any(ch.isalpha() for ch in start)
    if not letters_and_digits or _VAG_PART.fullmatch(start) or not _known_wmi(start.ljust(17, "0")):
        return None  # «2108-3103020»: a LADA part number, no VIN begun
    return start


_MARKED_AT_THE_END = re.compile(
    _MARKER_WORDS + r"(?P<piece>[A-Za-zА-Яа-яЁё0-9][A-Za-zА-Яа-яЁё0-9 \-.]*?)[\s.!)]*$",
    re.IGNORECASE,
)


def vin_begun_at_the_end(text: str) -> tuple[str, str] | None:
    """«нужен стартер. VIN: Z94CT41DBFR» — a VIN's start said last, its rest to come: the start
    (normalized) and the text before it; None when the message ends otherwise."""
    m = _MARKED_AT_THE_END.search(text)
    if m is None:
        return None
    start = vin_beginning(m.group("piece"), asked=True)
    return (start, text[: m.start()]) if start else None


# the rest of a VIN at the start of the next message: Latin letters and digits only, a digit in it
# («0A0123456, нужен стартер»; not «остальное не видно», which reads as Latin keys)
_REST = re.compile(
    r"\s*(?:" + _MARKER_WORDS + r")?(?P<rest>[A-Za-z0-9](?:[A-Za-z0-9]|[ \-](?=[A-Za-z0-9]))*)(?=$|[\s,.!;)])", re.I
)


_VAG_PART = re.compile(r"\d[A-Z]\d{7}[A-Z]{0,3}")  # «3C0698151», «1K0615301AA»: a VW group part number
_PLATE = re.compile(r"[ABEKMHOPCTYX]\d{3}[ABEKMHOPCTYX]{2}\d{2,3}", re.I)  # «a123bc777»: a number plate
_DIGITS_ONLY = re.compile(r"\d{10,}")  # «0986452041»: a part number, not the end of a VIN


def _rest_of(text: str) -> re.Match[str] | None:
    rest = _REST.match(text)
    if rest is None or not any(ch.isdigit() for ch in rest["rest"]):
        return None
    piece = strip_separators(rest["rest"])
    return None if _PLATE.fullmatch(piece) or _DIGITS_ONLY.fullmatch(piece) else rest


def glued_to(start: str, text: str) -> str | None:
    """The message with the VIN begun before glued to its first characters («0A0123456, нужен
    стартер» after «XTA21703» -> «XTA217030A0123456, нужен стартер»), when that makes a VIN and the
    message holds no VIN of its own."""
    rest = _rest_of(text)
    if rest is None or any(r.vin for r in find_vins(text)):
        return None
    vin = start + normalize_vin(rest["rest"])
    return vin + text[rest.end() :] if is_valid_vin(vin) else None


def vin_completed(start: str, text: str) -> VinReading | None:
    """The near-miss a message makes of the VIN begun before when it holds only the rest, a few
    characters off («0C012345» after «XTA21703»: 16); None when the message is something else."""
    rest = _rest_of(text)
    if rest is None or text[rest.end() :].strip(" .!"):
        return None
    joined = start + normalize_vin(rest["rest"])
    if not 14 <= len(joined) <= 18 or is_valid_vin(joined):
        return None
    return _reading(f"{start} {rest['rest']}", joined)
