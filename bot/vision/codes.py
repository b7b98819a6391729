"""What a misread frame number was most likely meant to be: the closest known model code.

A Japanese frame number is a model code from a short list (catalogs/data/frames.toml), a dash and a
6-7 digit serial. OCR adds, drops or swaps a character of the code ("ZE122" for ZZE122, "NOP31" for
NCP31), glues «№» to it ("NNGD13-796098") or moves the dash. A reading whose code is unknown is
taken as the one known code it is a single edit away from — when exactly one is.
"""

from __future__ import annotations

from functools import lru_cache

from catalogs.vin import frame_car, model_codes

_SERIAL_LENGTHS = (7, 6)
_GROUPS = ("0DOQC", "1ILTJ", "2Z", "5S", "6G", "8B", "CG", "EF", "UV", "HN", "MN", "KX", "4A", "7T")
_LOOKALIKES = {ch: "".join(sorted(set("".join(g for g in _GROUPS if ch in g)) - {ch})) for ch in set("".join(_GROUPS))}


def lookalikes(ch: str) -> str:
    """The characters OCR takes `ch` for, and the other way round ("U": "V", "8": "B")."""
    return _LOOKALIKES.get(ch, "")


# A letter where only a digit may stand (a VIN's last four, a frame's serial) read as the digit it resembles
DIGIT_LOOKALIKES = str.maketrans("SBZGTADLJOQI", "582674011001")
# Cyrillic capitals OCR gives for their Latin look-alikes, and long dashes
_LATIN_LOOKALIKES = str.maketrans("АВЕКМНОРСТУХ–—", "ABEKMHOPCTYX--")


def hamming(a: str, b: str) -> int:
    """Positions at which two readings of the same length differ."""
    return sum(x != y for x, y in zip(a, b, strict=True))


_MAX_GLUED = 2  # letters glued before the code: «№» read as "N", "No", "Ne", a bracket as "L"


@lru_cache(maxsize=1)
def _codes() -> tuple[str, ...]:
    return tuple(sorted(model_codes()))


def closest_known(frame: str) -> tuple[str, bool]:
    """The frame with its code repaired to a known one, and whether anything was repaired."""
    if frame_car(frame):
        return frame, False
    code, _, serial = frame.partition("-")
    for tier in (_unglued(code, serial), _lookalike(code, serial), _one_edit(code, serial), _lookalikes(code, serial)):
        if len(tier) == 1:
            return tier.pop(), True
        if tier:
            return frame, False
    return frame, False


def _unglued(code: str, serial: str) -> set[str]:
    """Leading letters cut off, and the dash moved, where that leaves a known code and a serial of
    6-7 digits ("NNGD13-796098" is GD1-3796098)."""
    letters = len(code) - len(code.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    digits = code[letters:] + serial
    found = set()
    for cut in range(min(_MAX_GLUED, letters - 1) + 1):
        for serial_len in (n for n in _SERIAL_LENGTHS if n < len(digits)):
            head = code[cut:letters] + digits[: len(digits) - serial_len]
            candidate = f"{head}-{digits[len(digits) - serial_len :]}"
            if (cut or head != code) and frame_car(candidate):
                found.add(candidate)
    return found


def _lookalike(code: str, serial: str) -> set[str]:
    """Known codes one look-alike character away ("G01" is GD1, "AT21G" is not AT211 but may be)."""
    found = set()
    for i, ch in enumerate(code):
        for other in _LOOKALIKES.get(ch, ""):
            if frame_car(candidate := f"{code[:i]}{other}{code[i + 1 :]}-{serial}"):
                found.add(candidate)
    return found


def _lookalikes(code: str, serial: str) -> set[str]:
    """Known codes of the same length where every differing character is a look-alike ("20426" is
    ZCA26: Z, C and A read as digits, as small stamped print often is)."""
    return {
        f"{known}-{serial}"
        for known in _codes()
        if len(known) == len(code) and all(x == y or y in _LOOKALIKES.get(x, "") for x, y in zip(code, known, strict=True))
    }


def _one_edit(code: str, serial: str) -> set[str]:
    """Known codes one substitution, insertion or deletion away (the serial kept)."""
    if len(code) < 3:
        return set()
    return {f"{known}-{serial}" for known in _codes() if abs(len(known) - len(code)) <= 1 and within_one_edit(code, known)}


def within_one_edit(a: str, b: str) -> bool:
    """One character changed, dropped or added."""
    if len(a) == len(b):
        return hamming(a, b) == 1
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def latin_upper(text: str) -> str:
    """The text in capitals, Cyrillic look-alikes as the Latin letters identifiers are written in."""
    return text.upper().translate(_LATIN_LOOKALIKES)
