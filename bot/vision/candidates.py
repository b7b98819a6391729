"""From recognised text lines to ranked VIN / frame / part-number candidates with a confidence.

Repair and validation are `catalogs.vin`'s (the same as for typed VINs); this module adds what is
special about OCR: labels glued to the number ("VEHICLEIDENT.NO.JTN…"), evidence from several lines
and two readers, and a confidence calibrated on the synthetic photo set (tests/support/photo_synth.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.vision.ocr import TextLine
from catalogs.vin import (
    check_digit_ok,
    decode_vin,
    find_frames,
    find_vins,
    is_valid_vin,
    normalize_vin,
    strip_separators,
)

# A label before the VIN, as OCR renders it (Cyrillic often comes out as Latin look-alikes).
_VIN_LABEL = re.compile(r"VIN|IDENT|ИДЕНТ|VEHICLE|IDENTIFICATION", re.IGNORECASE)
_FRAME_LABEL = re.compile(r"FRAME|CHASSIS|КУЗОВ|ШАССИ", re.IGNORECASE)
# Labels OCR glues to the number ("VEHICLEIDENT.NO.JTN…", "FRAMENO.NZE…"); none can be part of a
# VIN (they hold I or O) and they end before a frame's model code.
_LABELS = re.compile(
    r"VEHICLE\s*IDENT(?:IFICATION)?\.?\s*(?:N[O0]\.|N[O0](?=\s))?|IDENT\.?\s*N[O0]\.?|\(?VIN\)?\s*(?:N[O0]\.|:)?"
    r"|(?:FRAME|CHASSIS)\s*(?:N[O0]\.|N[O0](?=\s)|№)?"
)
_RUN = re.compile(r"[A-Z0-9]{18,}")
# «ОТСУТСТВУЕТ» in the VIN field of a Japanese car's СТС (often read as Latin look-alikes):
# that photo has no VIN, and whatever the reader makes of the word is not one.
_NO_VIN = re.compile(r"[OО0][TТ]C[YУ][TТ]C[TТ][BВ][YУ][EЕ][TТ]|ОТСУТСТВ", re.IGNORECASE)
# "№" read as "No" and glued to a frame number: "NoNZE121-0123456".
_NO_GLUED = re.compile(r"\bN[O0](?=[A-Z]{1,4}\d{1,3}[A-Z]{0,2}-\d{5,7}\b)")
# Toyota/Nissan/Honda style "04465-33450" (a maker's name may be glued before it) and VAG style
# "1K0 615 301 AA" / "06A 115 561 B" / "JZW 698 151".
_PART_JP = re.compile(r"(?<![0-9])(\d{5})\s?[-–—]\s?([0-9A-Z]{5})(?![A-Z0-9])|(?<![0-9])(\d{5}) (\d{5})(?![0-9])")
_PART_VAG = re.compile(
    r"(?<![A-Z0-9-])([0-9][0-9A-Z]{2}|[A-Z][0-9][0-9A-Z]|JZW|ZVW)\s?(\d{3})\s?(\d{3})(?:\s?([A-Z]{1,3}))?(?![A-Z0-9-])"
)
_LOOKALIKES = str.maketrans("АВЕКМНОРСТУХ–—", "ABEKMHOPCTYX--")
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
    ambiguous: bool = False  # a frame without its dash that could be split another way

    @property
    def best_score(self) -> float:
        return max(self.scores, default=0.0)


@dataclass(frozen=True)
class Ranked:
    value: str | None
    confidence: float


def _upper(text: str) -> str:
    return text.upper().translate(_LOOKALIKES)


def _glued_vins(text: str) -> list[str]:
    """The last 17 characters of a longer run in a labelled line: "VEHICLEIDENT.NO.JTN…", "(VIN)X7L…"."""
    found = []
    as_read = strip_separators(text.upper())  # the same positions as the normalised text
    for match in _RUN.finditer(normalize_vin(text)):
        window = match.group()[-17:]
        start = match.end() - 17
        real_digits = sum(ch.isdigit() for ch in as_read[start : match.end()])  # an O read as 0 is no digit
        if is_valid_vin(window) and real_digits >= 3:
            found.append(window)
    return found


def _written_in_capitals(vin: str, original: str) -> bool:
    """Whether the characters the reader gave for this VIN are capitals (not a word misread)."""
    as_read = strip_separators(original)
    at = normalize_vin(original).find(vin)
    if at < 0:
        return True
    return sum(ch.islower() for ch in as_read[at : at + len(vin)]) <= _MAX_LOWERCASE


def _vin_values(text: str, labelled: bool, original: str | None = None) -> list[tuple[str, bool]]:
    values = [(r.vin, False) for r in find_vins(text) if r.vin]
    glued = _glued_vins(text) if labelled else []
    found = values + [(vin, True) for vin in glued if vin not in {v for v, _ in values}]
    if original is None:
        return found
    return [(vin, glued) for vin, glued in found if _written_in_capitals(vin, original)]


def collect(lines: Iterable[TextLine]) -> tuple[dict[str, Evidence], dict[str, Evidence], list[str]]:
    """VIN evidence, frame evidence and part numbers found in the lines."""
    vins: dict[str, Evidence] = {}
    frames: dict[str, Evidence] = {}
    parts: dict[str, None] = {}
    previous_label = False
    for line in lines:
        original = line.text.strip()
        labelled = previous_label or _VIN_LABEL.search(original) is not None
        text = _NO_GLUED.sub("", _LABELS.sub(" ", _upper(original)))
        no_vin = _NO_VIN.search(original) is not None
        for vin, glued in [] if no_vin else _vin_values(text, labelled, original):
            ev = vins.setdefault(vin, Evidence(vin))
            ev.scores.append(line.score)
            ev.sources.add(line.source)
            ev.lines += 1
            ev.exact_line |= normalize_vin(text) == vin
            ev.labelled |= labelled
            ev.glued |= glued
        for reading in find_frames(text):
            ev = frames.setdefault(reading.frame, Evidence(reading.frame))
            ev.scores.append(line.score)
            ev.sources.add(line.source)
            ev.lines += 1
            ev.exact_line |= normalize_vin(text) == normalize_vin(reading.frame)
            ev.labelled |= _FRAME_LABEL.search(original) is not None
            ev.ambiguous |= reading.ambiguous
        for number in part_numbers(text):
            parts.setdefault(number)
        previous_label = _VIN_LABEL.search(original) is not None and not _vin_values(text, True)
    return vins, frames, list(parts)


def part_numbers(text: str) -> list[str]:
    upper = _upper(text)
    found = []
    for dashed_head, dashed_tail, spaced_head, spaced_tail in _PART_JP.findall(upper):
        tail = dashed_tail or spaced_tail
        if tail[:-1].isdigit() and tail[-1] == "O":  # "3345O": a zero read as the letter
            tail = tail[:-1] + "0"
        found.append(f"{dashed_head or spaced_head}-{tail}")
    for head, mid, tail, suffix in _PART_VAG.findall(upper):
        if head[2] == "O" and head[:2].isalnum():  # "1KO": VAG heads end in a zero, never an O
            head = head[:2] + "0"
        found.append(" ".join(p for p in (head, mid, tail, suffix) if p))
    return found


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
    return sum(x != y for x, y in zip(a, b, strict=True)) <= 3


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
    confidence = strength[top.value] - _penalty(top, ranked[1:], strength)
    return Ranked(top.value, round(min(max(confidence, 0.0), 0.99), 3))


def best_vin(vins: dict[str, Evidence]) -> Ranked:
    """Best supported VIN; the check digit only breaks ties (passing, not applicable, failing)."""
    strength = {}
    for value, ev in vins.items():
        known_maker = decode_vin(value).make is not None
        strength[value] = _base(ev) + (0.07 if known_maker else -0.1) - (0.05 if ev.glued else 0.0)
    digit_rank = {True: 2, None: 1, False: 0}
    return _rank(vins, strength, {value: digit_rank[check_digit_ok(value)] for value in vins})


def best_frame(frames: dict[str, Evidence]) -> Ranked:
    strength = {
        value: _base(ev)
        + (0.04 if ev.labelled else 0.0)
        + (0.04 if ev.exact_line else 0.0)
        - (0.25 if ev.ambiguous else 0.0)  # where the dash was is a guess: ask the customer
        for value, ev in frames.items()
    }
    return _rank(frames, strength, {})
