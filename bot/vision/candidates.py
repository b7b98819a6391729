"""From recognised text lines to ranked VIN / frame / part-number candidates with a confidence.

Repair and validation are `catalogs.vin`'s (the same as for typed VINs); this module adds what is
special about OCR: labels glued to the number ("VEHICLEIDENT.NO.JTN…"), evidence from several lines
and two readers, and a confidence calibrated on the synthetic photo set (tests/support/photo_synth.py).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.messages import PHOTO_CONFIDENT as PHOTO_SURE
from bot.vision.codes import DIGIT_LOOKALIKES, closest_known, hamming, lookalikes
from bot.vision.codes import latin_upper as _upper
from bot.vision.ocr import V6, TextLine
from bot.vision.part_numbers import label_part_numbers
from catalogs.vin import (
    check_digit_ok,
    decode_vin,
    find_frames,
    find_vins,
    frame_car,
    is_valid_vin,
    listed_wmis,
    normalize_vin,
    strip_separators,
)

# A label before the VIN, as OCR renders it (Cyrillic often comes out as Latin look-alikes).
_VIN_LABEL = re.compile(r"VIN|IDENT|ИДЕНТ|VEHICLE|IDENTIFICATION", re.IGNORECASE)
_FRAME_LABEL = re.compile(r"FRAME|CHASSIS|КУЗОВ|ШАССИ", re.IGNORECASE)
# ... misread beyond what _LABELS knows ("CHASSI5 NO.", "FRAMF N0."): no part of a VIN
_FRAME_WORD = re.compile(r"(?:F[RP]A[MNP][EFL]|C?H?ASS[I1L5S]*)\s*(?:N[O0]\.?)?")
_LOOSE_FRAME = re.compile(r"(?<![A-Z0-9])([A-Z0-9]{2,7})\s?-\s?(\d{6,7})(?![0-9])")
# ... the dash read as "#" ("SK82#1469467"), or lost after a code that ends in a letter ("SK82M1469467")
_HASH_DASH = re.compile(r"(?<=[A-Z0-9])#(?=\d{6,7}(?![0-9]))")
_LETTER_CODE_GLUED = re.compile(r"(?<![A-Z0-9])([A-Z0-9]{1,5}[A-Z])(\d{6,7})(?![0-9])")
# ... a serial digit read as its look-alike letter ("HNT10-D80869"): serials are digits
_LETTER_IN_SERIAL = re.compile(r"(?<![A-Z0-9])([A-Z]{1,4}\d{1,3}[A-Z]{0,2})\s?-\s?([0-9DOQBSZGIL]{6,7})(?![A-Z0-9])")
# Labels OCR glues to the number ("VEHICLEIDENT.NO.JTN…", "FRAMENO.NZE…"); none can be part of a
# VIN (they hold I or O) and they end before a frame's model code.
_LABELS = re.compile(
    r"VEHICLE\s*IDENT(?:IFICATION)?\.?\s*(?:N[O0]\.|N[O0](?=\s))?|IDENT\.?\s*N[O0]\.?|\(?VIN\)?\s*(?:N[O0]\.|:)?"
    r"|(?:FRAME|CHASSIS)\s*(?:N[O0]\.|N[O0](?=\s)|№)?"
)
# What a label is replaced with where VINs are looked for: no VIN runs across it (a СТС line read as
# «HUOHMVIN)TMYGDPDKT9311», the VIN's J lost, holds no «U0HMTMYGDPDKT9311»); elsewhere a space.
_LABEL_BAR = " | "
_RUN = re.compile(r"[A-Z0-9]{18,}")
_NUMBER_SIGNS = ("N", "NO", "N0", "NE")  # «№» as read
_WORD = re.compile(r"[A-Z0-9]+")
# «ОТСУТСТВУЕТ» in the VIN field of a Japanese car's СТС (often read as Latin look-alikes):
# that photo has no VIN, and whatever the reader makes of the word is not one.
_NO_VIN = re.compile(r"[OО0][TТ]C[YУ][TТ]C[TТ][BВ][YУ][EЕ][TТ]|ОТСУТСТВ", re.IGNORECASE)
# "№" read as "No" and glued to a frame number: "NoNZE121-0123456".
_NO_GLUED = re.compile(r"\bN[O0](?=[A-Z]{1,4}\d{1,3}[A-Z]{0,2}-\d{5,7}\b)")
# ... or as "Ne" or "N" ("NeSXA10-5950801", "NJZX100-2517787"): cut off only when that leaves a
# known model code and the whole is not one (NE12 is one).
_NE_GLUED = re.compile(r"\bNE?(?=([A-Z]{1,4}\d{1,3}[A-Z]{0,2})-\d{5,7}\b)")
# ... and what else is read glued before a frame whose code is unknown (kept when read alone too)
_GLUED_BEFORE_FRAME = ("NE", "NO", "N0", "N", "L", "K")
# A vehicle passport's number, «ТС 63 ОХ 123456» on a СТС: two digits, two letters, six digits
_PTS_NUMBER = re.compile(r"^(?:TC)?\d{2}[A-Z0]{2}\d{6}$")
# Words a plate prints beside the identifiers, which read with a digit for a look-alike letter have
# a model code's shape («ENGINE 21129» read as frame ENG1NE-21129 on the third tuning set)
_PLATE_WORDS = frozenset({"ENGINE", "PAINT", "TRIM", "COLOR", "MODEL", "PLANT"})
_LETTERS_FOR_DIGITS = str.maketrans("01258", "OIZSB")
# Lowercase letters inside a candidate mean the reader saw a word ("FoABbinycKaTC2012" is «Год
# выпуска ТС 2012»): VIN plates, stamps and СТС print identifiers in capitals.
_MAX_LOWERCASE = 1


@dataclass
class Evidence:
    """Everything that speaks for one value (a VIN, a frame) across lines and readers."""

    value: str
    scores: list[float] = field(default_factory=list)
    sources: set[str] = field(default_factory=set)
    lines: int = 0
    exact_line: bool = False  # a line that is exactly this value
    labelled: bool = False  # after «VIN» / «Идентификационный номер» / «FRAME NO.»
    glued: bool = False  # cut out of a longer run of characters
    tail_letters: int = 0  # readings with a letter where digits must be (a VIN's last four, a frame's serial)
    ambiguous: bool = False  # a frame without its dash that could be split another way
    repaired: int = 0  # readings whose unknown model code was taken as the closest known one
    code_elsewhere: bool = False  # the frame's model code is printed on another line too
    v6: int = 0  # readings by PP-OCRv6's recogniser: they vote, but agreement counts PP-OCRv4's cuts

    def add(self, line: TextLine) -> None:
        """One more reading of this value, by `line`."""
        self.scores.append(line.score)
        self.sources.add(line.source)
        self.v6 += line.source == V6
        self.lines += 1

    def absorb(self, other: Evidence) -> None:
        """`other`'s readings, taken as readings of this value (the same frame with a character glued)."""
        self.scores += other.scores
        self.sources |= other.sources
        self.v6 += other.v6
        self.lines += other.lines
        self.labelled |= other.labelled
        self.repaired += other.repaired
        self.tail_letters += other.tail_letters

    @property
    def cuts(self) -> int:
        """Readings by PP-OCRv4, the ones MIN_AGREE was calibrated on."""
        return len(self.scores) - self.v6

    @property
    def best_score(self) -> float:
        return max(self.scores, default=0.0)


@dataclass(frozen=True)
class Ranked:
    value: str | None
    confidence: float
    # what the evidence says before agreement caps it (`_settled`): a frame against a VIN is weighed on this
    evidence: float = 0.0


def _glued_vins(text: str, labelled: bool, original: str | None = None) -> list[str]:
    """The last 17 characters of a longer run in a labelled line ("VEHICLEIDENT.NO.JTN…",
    "(VIN)X7L…"), after «№» read as "N", "No" or "Ne" ("…прицеп)NLVSGJZZY03F537500") or after a short
    word misread (`_word_before`: "TaINX7M…" for «VIN X7M…»), or the VIN of a run of 18 that is a stamped VIN with a star read as a letter at one end."""
    found = []
    as_read = strip_separators(text.upper())  # the same positions as the normalised text
    for match in _RUN.finditer(normalize_vin(text)):
        start = match.end() - 17
        glued_to_word = original is not None and _word_before(original, match.string[start:])
        if not labelled and not _number_sign_before_17(as_read[match.start() : match.end()]) and not glued_to_word:
            between = _between_stars(match.group())  # or a stamped VIN between stars
            if between is None:
                continue
            start = match.start() + between
        window = match.string[start : start + 17]
        real_digits = sum(ch.isdigit() for ch in as_read[start : start + 17])  # an O read as 0 is no digit
        if is_valid_vin(window) and real_digits >= 3:
            found.append(window)
    return found


def _word_before(original: str, vin: str) -> bool:
    """Whether `vin` follows, with no space, a short word misread ("TaIN" for a СТС's «VIN»): the
    reader's lowercase letter there shows the word is no part of the VIN, printed in capitals."""
    normalised = normalize_vin(original)
    at = normalised.find(vin[:17])
    if at < 0:
        return False
    head_start = re.search(r"[A-Z0-9]*$", normalised[:at])
    head = strip_separators(original)[head_start.start() if head_start else at : at]
    return 2 <= len(head) <= 6 and any(ch.islower() for ch in head)


def _between_stars(run: str) -> int | None:
    """Where the VIN starts in a run of 18 that is a VIN and one character more: a stamped VIN's star
    («*X9FY5J5RBFR907640*») read as a letter at one end. Only one of the two windows may end in the
    four digits a VIN ends in."""
    if len(run) != 18:
        return None
    ends = [at for at in (0, 1) if run[at + 13 : at + 17].isdigit() and is_valid_vin(run[at : at + 17])]
    return ends[0] if len(ends) == 1 else None


def _number_sign_before_17(run: str) -> bool:
    """«№» as read ("N", "No", "Ne"), then exactly 17 characters."""
    sign = max((sign for sign in _NUMBER_SIGNS if run.startswith(sign)), key=len, default=None)
    return sign is not None and len(run) - len(sign) == 17


def _written_in_capitals(vin: str, original: str) -> bool:
    """Whether the characters the reader gave for this VIN are capitals (not a word misread)."""
    as_read = strip_separators(original)
    at = normalize_vin(original).find(vin)
    if at < 0:
        return True
    return sum(ch.islower() for ch in as_read[at : at + len(vin)]) <= _MAX_LOWERCASE


# Characters OCR confuses, each with what it may have been (a stamped or dot-matrix W is read as U,
# an N as H: «XU8ZZZ…» for XW8, «SJH…» for SJN on the third and fourth tuning sets).
_CONFUSED = {
    "W": "VU", "V": "WY", "Y": "VX", "X": "YK", "K": "X", "2": "Z", "Z": "2", "5": "S", "S": "5",
    "8": "B", "B": "8", "0": "D", "D": "0", "1": "JT", "J": "1", "T": "1", "6": "G", "G": "6",
    "U": "LVW", "L": "U", "E": "F", "F": "E", "H": "N", "N": "H",
}  # fmt: skip


def _by_structure(vin: str) -> str:
    """What the VIN's structure says OCR misread: the last four characters are digits (ISO 3779),
    and a maker code not in the WMI list one look-alike away from exactly one listed code is that
    code (WWW is VW's WVW, though vininfo takes any W.. for a German maker); failing that, one
    away from exactly one code vininfo knows."""
    vin = vin[:13] + vin[13:].translate(DIGIT_LOOKALIKES)
    if vin[:3] in listed_wmis():
        return vin
    listed = {candidate for candidate in _lookalikes(vin) if candidate[:3] in listed_wmis()}
    if len(listed) == 1:
        return listed.pop()
    if decode_vin(vin).make is not None:
        return vin
    known = {candidate for candidate in _lookalikes(vin) if decode_vin(candidate).make is not None}
    return known.pop() if len(known) == 1 else vin


def _lookalikes(vin: str) -> list[str]:
    """The VIN with one character of its maker code swapped for a look-alike."""
    return [vin[:i] + other + vin[i + 1 :] for i in range(3) for other in _CONFUSED.get(vin[i], "")]


def _vin_values(text: str, labelled: bool, original: str | None = None) -> list[tuple[str, bool, bool]]:
    """(VIN, cut from a longer run, a letter among its last four read as the digit it resembles)."""
    values = [(r.vin, False) for r in find_vins(text) if r.vin]
    raw = values + [(vin, True) for vin in _glued_vins(text, labelled, original) if vin not in {v for v, _ in values}]
    found = list({_by_structure(vin): (glued, not vin[-4:].isdigit()) for vin, glued in reversed(raw)}.items())
    kept = [(vin, glued, letters) for vin, (glued, letters) in found if vin[-4:].isdigit()]  # ISO 3779: four digits end it
    if original is None:
        return kept
    return [(vin, glued, letters) for vin, glued, letters in kept if _written_in_capitals(vin, original)]


def collect(lines: Iterable[TextLine]) -> tuple[dict[str, Evidence], dict[str, Evidence], list[str]]:
    """VIN evidence, frame evidence and part numbers found in the lines."""
    vins: dict[str, Evidence] = {}
    frames: dict[str, Evidence] = {}
    read: list[tuple[str, float]] = []  # every line, for the part numbers on the photo
    previous_label = absent = False
    words: set[str] = set()  # in the lines without a frame: a plate's «MODEL DBA-NZE121» names the code
    for line in lines:
        original = line.text.strip()
        labelled = previous_label or _VIN_LABEL.search(original) is not None
        marked = _NE_GLUED.sub(_unglued, _NO_GLUED.sub("", _LABELS.sub(_LABEL_BAR, _HASH_DASH.sub("-", _upper(original)))))
        text = marked.replace(_LABEL_BAR, " ")
        no_vin = _NO_VIN.search(original) is not None
        absent |= no_vin and _VIN_LABEL.search(original) is not None  # not «Шасси (рама) № ОТСУТСТВУЕТ»
        for vin, glued, letters in [] if no_vin else _vin_values(_FRAME_WORD.sub(" ", marked), labelled, original):
            ev = vins.setdefault(vin, Evidence(vin))
            ev.add(line)
            ev.exact_line |= normalize_vin(text) == vin
            ev.labelled |= labelled
            ev.glued |= glued
            ev.tail_letters += letters
        for value, repaired, ambiguous, letters in _frame_values(text):
            ev = frames.setdefault(value, Evidence(value))
            ev.add(line)
            ev.repaired += repaired
            ev.tail_letters += letters
            ev.exact_line |= normalize_vin(text).endswith(normalize_vin(value))
            ev.labelled |= _FRAME_LABEL.search(original) is not None
            ev.ambiguous |= ambiguous
        if not find_frames(text):
            words.update(_WORD.findall(text))
        read.append((original, line.score))
        previous_label = _VIN_LABEL.search(original) is not None and not _vin_values(marked, True)
    if absent:  # the VIN field says there is none: whatever looked like one is not
        vins.clear()
    _merge_glued(frames)
    for value, ev in frames.items():
        ev.code_elsewhere = value.partition("-")[0] in words
    return vins, frames, label_part_numbers(read)


def _merge_glued(frames: dict[str, Evidence]) -> None:
    """A frame with an unknown code that is another frame read with a character glued before it
    («№» as N, a bracket as L or K: «NHNT10-080765» beside HNT10-080765) is that frame."""
    for value in [v for v in frames if not frame_car(v)]:
        for glue in _GLUED_BEFORE_FRAME:
            bare = value.removeprefix(glue)
            if bare != value and bare in frames:
                frames[bare].absorb(frames.pop(value))
                break


def labelled(text: str) -> bool:
    """The line names a VIN or a frame number («VIN:», «Идентификационный номер», «FRAME NO.»)."""
    return _VIN_LABEL.search(text) is not None or _FRAME_LABEL.search(text) is not None


def _frame_values(text: str) -> list[tuple[str, bool, bool, bool]]:
    """Frame numbers in the text: (value, whether its model code was repaired, whether the dash was
    a guess, whether a letter in its serial was taken for the digit it resembles). A code with a
    misread digit in it ("GR7120-2554419") is no model code's shape and only counts when it is one
    misread from a known code."""
    found = []
    for reading in find_frames(text):
        if _PTS_NUMBER.match(reading.frame.replace("-", "")) and not frame_car(reading.frame):
            continue  # «Паспорт ТС 63 ОХ 123456» (the vehicle passport's number), not a frame
        if _plate_word(reading.frame.partition("-")[0]):
            continue
        value, repaired = closest_known(reading.frame)
        found.append((value, repaired, reading.ambiguous, False))
    serials = {value.partition("-")[2] for value, *_ in found}
    for code, serial in _LOOSE_FRAME.findall(text):
        value, repaired = closest_known(f"{code}-{serial}")
        if serial not in serials and repaired:
            found.append((value, True, False, False))
            serials.add(serial)
    for code, serial in _LETTER_IN_SERIAL.findall(text):
        digits = serial.translate(DIGIT_LOOKALIKES)
        if digits not in serials and sum(not ch.isdigit() for ch in serial) == 1:
            found.append((f"{code}-{digits}", True, False, True))
            serials.add(digits)
    for code, serial in _LETTER_CODE_GLUED.findall(text):
        value, repaired = closest_known(f"{code}-{serial}")
        if serial not in serials and frame_car(value) and value.endswith(f"-{serial}"):
            found.append((value, repaired, False, False))
            serials.add(serial)
    return found


def _plate_word(code: str) -> bool:
    """The code is a word the plate prints, a look-alike letter read as a digit («ENG1NE»)."""
    return code.translate(_LETTERS_FOR_DIGITS) in _PLATE_WORDS


def _unglued(match: re.Match[str]) -> str:
    code = match.group(1)
    return " " if frame_car(code) and not frame_car(match.group() + code) else match.group()


def _base(ev: Evidence) -> float:
    score = 0.35 + 0.4 * ev.best_score
    score += 0.1 if ev.exact_line else 0.0
    score += 0.08 if ev.labelled else 0.0
    score += 0.08 if ev.lines > 1 else 0.0
    score += 0.1 if len(ev.sources) > 1 else 0.0
    return score


def _close(a: str, b: str) -> bool:
    """Two readings of the same characters that disagree somewhere (a misread, not another number)."""
    if len(a) != len(b):
        return a.replace("-", "") == b.replace("-", "")
    return hamming(a, b) <= 3


def _penalty(top: Evidence, others: list[Evidence], strength: dict[str, float]) -> float:
    """Rival readings lower the confidence: a near-copy a lot, an unrelated strong one a little."""
    penalty = 0.0
    for other in others:
        if _close(top.value, other.value):
            penalty += 0.3 if strength[other.value] >= strength[top.value] - 0.25 else 0.1
        elif strength[other.value] >= 0.7:
            penalty += 0.1
    return penalty


def _rank(evidence: dict[str, Evidence], strength: dict[str, float], tie: dict[str, int]) -> Ranked:
    if not evidence:
        return Ranked(None, 0.0)
    ranked = sorted(evidence.values(), key=lambda ev: (strength[ev.value], tie.get(ev.value, 0)), reverse=True)
    top = ranked[0]
    confidence = round(min(max(strength[top.value] - _penalty(top, ranked[1:], strength), 0.0), 0.99), 3)
    return Ranked(top.value, confidence, confidence)


def best_vin(vins: dict[str, Evidence]) -> Ranked:
    """Best supported VIN after a character-level vote of every reading of it; the check digit
    breaks ties (passing, not applicable, failing). Sure only when readings agree (see `_agreement`)."""
    shifted = {
        value for value, ev in vins.items() if ev.glued and any(_shifted(value, other) for other in vins if other != value)
    }
    vins = {value: ev for value, ev in vins.items() if value not in shifted}
    strength = {}
    for value, ev in vins.items():
        known_maker = decode_vin(value).make is not None
        strength[value] = _base(ev) + (0.07 if known_maker else -0.1) - (0.05 if ev.glued else 0.0)
    digit_rank = {True: 2, None: 1, False: 0}
    ranked = _rank(vins, strength, {value: digit_rank[check_digit_ok(value)] for value in vins})
    if ranked.value is None:
        return ranked
    cluster = [ev for ev in vins.values() if _close(ev.value, ranked.value) and len(ev.value) == len(ranked.value)]
    readings = [(ev.value, score) for ev in cluster for score in ev.scores]
    voted, margin = vote(readings)
    winner = voted if voted in vins or (is_valid_vin(voted) and check_digit_ok(voted) is not False) else ranked.value
    if check_digit_ok(winner) is False:
        winner = by_check_digit(winner, readings) or winner
    if check_digit_ok(winner) is False and check_digit_ok(ranked.value) is not False:
        winner = ranked.value
    if winner[_YEAR] in _NOT_A_YEAR:
        winner = by_year_code(winner, readings) or winner
    guessed = False
    if check_digit_ok(winner) is False and decode_vin(winner).make is None:
        maker = by_maker_code(winner)
        winner, guessed = maker or winner, maker is not None
    agree = sum(ev.cuts for ev in cluster if ev.value == winner)
    others = sum(ev.cuts for ev in cluster if ev.value != winner)
    rivals = [ev for ev in vins.values() if ev not in cluster and strength[ev.value] >= 0.7]
    sure = _agreement(agree, others, margin) and not rivals and decode_vin(winner).make is not None
    sure = sure and check_digit_ok(winner) is not False and _seen_twice(vins.get(winner))
    sure = sure and not any(ev.tail_letters for ev in cluster)  # the recogniser saw a letter where a digit must be
    sure = sure and winner[_YEAR] not in _NOT_A_YEAR and not guessed
    return Ranked(winner, _settled(ranked.confidence, sure), ranked.evidence)


def _shifted(glued: str, other: str) -> bool:
    """A window cut from a longer run that is another reading moved along by one to four characters: the
    line was read short and the window took the label's last letters instead («НОМЕР (VIN)
    XBGZ…2021» read as PXBGZ…2021 beside XBGZ…20212 from the line below)."""
    return any(hamming(glued[k:], other[:-k]) <= 1 for k in (1, 2, 3, 4))


# The tenth character is the model year's code (ISO 3779, as North American, Asian and most European
# makers use it): never U or Z, which OCR gives for a V and a 2. (0 is left alone: some European
# makers put it there.)
_YEAR = 9
_NOT_A_YEAR = "UZ"


def by_year_code(vin: str, readings: list[tuple[str, float]]) -> str | None:
    """`vin` with the best supported year code other readings saw in its tenth place, where that leaves
    the check digit right or not applicable; None when no reading saw one."""
    support: dict[str, float] = {}
    for value, score in readings:
        if len(value) == len(vin) and value[_YEAR] not in _NOT_A_YEAR:
            support[value[_YEAR]] = support.get(value[_YEAR], 0.0) + max(score, 0.05)
    for code in sorted(support, key=support.__getitem__, reverse=True):
        candidate = vin[:_YEAR] + code + vin[_YEAR + 1 :]
        if check_digit_ok(candidate) is not False:
            return candidate
    return None


def by_maker_code(vin: str) -> str | None:
    """An unknown maker code whose VIN fails its check digit, with one character read as its look-alike
    («LVU…» for Chery's LVV): the one such change that names a known maker and passes the check digit
    (a random change passes it 1 time in 11 and rarely names a maker), else None."""
    found = {
        candidate
        for i in range(3)
        for other in lookalikes(vin[i])
        if other not in "IOQ"
        and decode_vin(candidate := vin[:i] + other + vin[i + 1 :]).make is not None
        and check_digit_ok(candidate)
    }
    return found.pop() if len(found) == 1 else None


_MAX_DOUBTS = 4  # positions whose other readings are tried against the check digit (5 alternatives each at most)


def by_check_digit(vin: str, readings: list[tuple[str, float]]) -> str | None:
    """Where the maker uses a check digit and `vin` fails it: the best supported combination of what
    the other readings saw at the positions they disagree on that passes it. Only characters some
    reading gave are tried, so a random pass (1 in 11 per combination) stays unlikely."""
    weights: list[dict[str, float]] = [{} for _ in vin]
    for value, score in readings:
        if len(value) == len(vin):
            for i, ch in enumerate(value):
                weights[i][ch] = weights[i].get(ch, 0.0) + max(score, 0.05)
    doubts = [i for i, seen in enumerate(weights) if len(seen) > 1]
    if not doubts or len(doubts) > _MAX_DOUBTS:
        return None
    best: tuple[float, str] | None = None
    for choice in itertools.product(*(sorted(weights[i], key=weights[i].__getitem__, reverse=True)[:5] for i in doubts)):
        chars = list(vin)
        for i, ch in zip(doubts, choice, strict=True):
            chars[i] = ch
        candidate = "".join(chars)
        if check_digit_ok(candidate):
            support = sum(weights[i][ch] for i, ch in zip(doubts, choice, strict=True))
            if best is None or support > best[0]:
                best = (support, candidate)
    return best[1] if best else None


def _settled(confidence: float, sure: bool) -> float:
    """The evidence's confidence, kept on the side of the threshold that agreement decided."""
    return round(max(confidence, PHOTO_SURE) if sure else min(confidence, PHOTO_SURE - 0.01), 3)


def vote(readings: list[tuple[str, float]]) -> tuple[str, float]:
    """Character by character, the reading most readings support (weighted by the recogniser's
    score), and the weakest position's margin: 1 when every reading agrees everywhere."""
    if not readings:
        return "", 0.0
    length = len(readings[0][0])
    same = [(value, score) for value, score in readings if len(value) == length]
    voted, margin = [], 1.0
    for i in range(length):
        weights: dict[str, float] = {}
        for value, score in same:
            weights[value[i]] = weights.get(value[i], 0.0) + max(score, 0.05)
        order = sorted(weights.items(), key=lambda item: item[1], reverse=True)
        total = sum(weights.values())
        voted.append(order[0][0])
        runner_up = order[1][1] if len(order) > 1 else 0.0
        margin = min(margin, (order[0][1] - runner_up) / total)
    return "".join(voted), margin


def _seen_twice(ev: Evidence | None) -> bool:
    """Read alike from the detector's own cut and from another (a second look at the photo itself, or
    the other engine). Variants of one cut share its faults: a J read as 1 in every one of them, a
    serial's digit dropped; on the tuning sets most confident misreads came from one cut alone."""
    return ev is not None and len(ev.sources - {V6}) >= 2


# Readings that must agree before a reading is used without asking. With two (the detector's own cut
# and one variant of the second look, the others reading no VIN or frame at all) 3 of 20 confident
# readings of the third tuning set were wrong (J read as 1, a serial's last digit lost), with three
# or more 0 of 74; on the hard set 0 of 9 and 1 of 97.
MIN_AGREE = 3


def _agreement(agree: int, others: int, margin: float) -> bool:
    """Readings of the same line in different cuts and contrasts that agree character for character:
    what makes a reading right often enough to use without asking (calibrated on the tuning sets)."""
    return agree >= MIN_AGREE and agree > 2 * others and margin >= 0.34


def best_frame(frames: dict[str, Evidence]) -> Ranked:
    """Best supported frame number; sure only when its readings agree and its model code is known."""
    strength = {
        value: _base(ev)
        + (0.04 if ev.labelled else 0.0)
        + (0.04 if ev.exact_line else 0.0)
        + (0.15 if frame_car(value) else 0.0)
        + (0.1 if ev.code_elsewhere else 0.0)
        - 0.05 * ev.repaired / len(ev.scores)
        - (0.25 if ev.ambiguous else 0.0)  # where the dash was is a guess: ask the customer
        - (0.2 if not _serial_fits(value) else 0.0)
        for value, ev in frames.items()
    }
    ranked = _rank(frames, strength, {value: frame_car(value) is not None for value in frames})
    if ranked.value is None:
        return ranked
    top = frames[ranked.value]
    others = sum(ev.cuts for ev in frames.values() if ev is not top and _same_plate(ev.value, top.value))
    sure = _agreement(top.cuts, others, 1.0) and frame_car(top.value) is not None and not top.ambiguous
    sure = sure and _seen_twice(top) and _serial_fits(top.value) and top.repaired < len(top.scores)
    sure = sure and _serial_whole(top.value) and not any(_extends(other, top.value) for other in frames)
    sure = sure and not top.tail_letters  # a reading saw a letter there (a slashed or dotted zero read as B)
    return Ranked(ranked.value, _settled(ranked.confidence, sure), ranked.evidence)


def _extends(longer: str, frame: str) -> bool:
    """Another reading holds the frame and more: a letter before its code (VZNY12 and Y12 are both
    codes), a digit after its serial (the detector ends a line a character early, the looser cut
    reads on). Which one the plate shows the customer confirms."""
    longer, frame = longer.replace("-", ""), frame.replace("-", "")
    return len(longer) > len(frame) and (longer.endswith(frame) or longer.startswith(frame))


# Makers whose frame serials always have seven digits ("NZE121-0123456", "GD1-1234567"); a six-digit
# reading of theirs has lost a digit (often a leading zero). Nissan and others use six or seven.
_SEVEN_DIGIT_SERIALS = ("Toyota", "Lexus", "Honda")


def _serial_fits(frame: str) -> bool:
    car = frame_car(frame) or ""
    return not car.startswith(_SEVEN_DIGIT_SERIALS) or len(frame.partition("-")[2]) == 7


def _serial_whole(frame: str) -> bool:
    """Serials have six or seven digits; a five-digit one OCR found has lost its last digit to a line
    the detector ended early (GC8-63728 for GC8-637284, used unasked on the third tuning set)."""
    return len(frame.partition("-")[2]) >= 6


def _same_plate(a: str, b: str) -> bool:
    """Two frame readings of one plate: the same model code or the same serial, or nearly equal."""
    (code_a, _, serial_a), (code_b, _, serial_b) = a.partition("-"), b.partition("-")
    return code_a == code_b or serial_a == serial_b or _close(a, b)
