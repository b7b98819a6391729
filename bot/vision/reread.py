"""A closer look at the lines that may hold an identifier: each is cut again from the sharpest copy of
the photo (the original, not the working copy), straightened along its own tilt, and read in
variants chosen by what the cut needs — small print enlarged and sharpened, faint print with local
contrast (CLAHE), a looser frame for letters the detector clipped, crowded print widened. Every
variant is another vote, and the first two are also read by PP-OCRv6's recogniser, trained apart
(bot/vision/ocr.py), whose readings vote on the characters too: the variants that agree make a
reading sure, the readings that differ make it doubtful (candidates.py).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from bot.vision.ocr import V6, TextLine, rapid_read, v6_read

MAX_LINES = 4  # lines re-read per photo: the identifier is on one of the first few
# The detector often ends a line of small or stamped print a character or two early («…LA77690» for
# LA776905, «ACT4SP8…» for Z94CT4SP8…): the loose cut reaches this many line heights past each end.
LOOSE_ENDS = 1.5
# The recogniser (PP-OCRv4) reads a line scaled to 48 px high, one CTC step per 8 px of its width.
REC_HEIGHT, REC_STEP = 48, 8
# A line whose first reading has this many characters per step or more is crowded (a condensed
# font, or a cut tall for its print): «…npuuen) № SV33-2032607» on a СТС, 196x30 px, is 39 steps
# for 31 characters and reads "3007"; widened WIDEN times it reads «…npon» V33-2032607. (Of the third
# set's lines that a widened cut read right, the first readings had 0.36-0.63 characters per step.)
CROWDED = 0.35
WIDEN = 1.6
# A long line of running text (a СТС's «Кузов (кабина, прицеп) № X9WZE3MWUV0831576», at least LONG_LINE
# heights wide) ends in its identifier: its last part is read on its own too, without the words the
# recogniser's context mixes into it («…npMuen)NX9WZE3MWUV831576» read whole).
LONG_LINE = 8
IDENTIFIER_PART = 0.5  # of the line's width, from its end: a VIN is some two fifths of a СТС line
SMALL_PRINT = 40  # px: a cut lower than this is enlarged before reading (the recogniser reads at 48)
# PP-OCRv6's recogniser (bot/vision/ocr.py) reads each line's first cuts too, the tight and the
# loose one: its readings vote beside PP-OCRv4's on what the identifier is, but do not count towards
# the agreement that lets a reading be used unasked (candidates.MIN_AGREE, calibrated on v4's cuts:
# counted, the v5 recogniser that had this role before added confident readings on held-out, one of
# them wrong). On the tuning sets (fourth 80, third 150, hard 150 photos) v5 here read 4 more of 317
# exactly for some 0.2 s CPU a photo, and v6 in its place 21 more of 750 than v5 did, at less CPU;
# both (v5 and v6) read no more than v6 alone. Reading every variant with v6 (or v5) gained nothing
# more (hard 190 of 250 either way, +0.27 s CPU), and averaging two recognisers' probabilities step
# by step lost readings (their CTC peaks fall on different steps).
V6_CUTS = 2

# OpenCV (some 26 MB) is imported where a photo is re-read, not at the top: a process that never
# reads a photo does not load it
if TYPE_CHECKING:
    import cv2


def worth_rereading(lines: list[TextLine], holds_identifier: Callable[[TextLine], bool]) -> list[TextLine]:
    """The lines that gave a VIN or frame candidate; when none did, those that look like one (a long
    run of capitals and digits), widest first. (Reading the look-alikes beside a line that gave a
    candidate — a СТС's registration and passport numbers — changed no reading on the fifth tuning set
    and one of 250 on the seventh, for a quarter of the CPU: median 1.95 -> 1.38 s, 1.74 -> 1.37 s.)"""
    with_quad = [line for line in lines if line.quad is not None and line.source == "rapid"]
    chosen = [line for line in with_quad if holds_identifier(line)]
    if not chosen:
        chosen = sorted((line for line in with_quad if _looks_like_identifier(line.text)), key=_aspect, reverse=True)
    return chosen[:MAX_LINES]


def reread(source: np.ndarray, scale: float, lines: list[TextLine]) -> list[TextLine]:
    """Each line read again from `source` (BGR; `scale` = source size / the lines' coordinates) in
    every variant it needs."""
    cuts: list[np.ndarray] = []
    owners: list[TextLine] = []
    firsts: list[int] = []  # the cuts PP-OCRv6 reads too
    for line in lines:
        assert line.quad is not None
        quad = np.asarray(line.quad, dtype=np.float32) * scale
        for k, cut in enumerate(variants(source, quad, len(line.text), words=running_text(line.text))):
            if k < V6_CUTS:
                firsts.append(len(cuts))
            cuts.append(cut)
            owners.append(line)
    readings = [(text, score, "reread", line) for (text, score), line in zip(rapid_read(cuts), owners, strict=True)]
    by_v6 = v6_read([cuts[i] for i in firsts])  # nothing when PP-OCRv6 is not installed
    if by_v6:
        readings += [(text, score, V6, owners[i]) for (text, score), i in zip(by_v6, firsts, strict=True)]
    return [TextLine(text, score, source, line.box, line.quad) for text, score, source, line in readings if text.strip()]


@lru_cache(maxsize=1)
def _clahe() -> cv2.CLAHE:
    import cv2

    return cv2.createCLAHE(clipLimit=2.5, tileGridSize=(4, 4))


def variants(source: np.ndarray, quad: np.ndarray, characters: int, *, words: bool = False) -> list[np.ndarray]:
    """The cuts of the line at `quad` (in `source`, BGR) to read, for a line first read as
    `characters` characters (`words`: running text beside the identifier, see `running_text`)."""
    import cv2

    tight, loose = cut(source, quad, 0.12), cut(source, quad, 0.35, LOOSE_ENDS)
    if tight.size == 0 or loose.size == 0:
        return []
    found = [tight, loose]
    if words or crowded(tight, characters):  # condensed print: widened, so each character gets more steps
        found.append(cv2.resize(tight, None, fx=WIDEN, fy=1.0, interpolation=cv2.INTER_CUBIC))
    if words and tight.shape[1] >= LONG_LINE * tight.shape[0]:
        found.append(np.ascontiguousarray(tight[:, round(tight.shape[1] * (1 - IDENTIFIER_PART)) :]))
    gray = cv2.cvtColor(tight, cv2.COLOR_BGR2GRAY)
    if tight.shape[0] < SMALL_PRINT:  # small print: enlarge, then sharpen what the enlarging blurred
        factor = SMALL_PRINT * 1.5 / tight.shape[0]
        big = cv2.resize(tight, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)
        soft = cv2.GaussianBlur(big, (0, 0), 1.2)
        found.append(cv2.addWeighted(big, 1.6, soft, -0.6, 0))
    low, high = np.percentile(gray, (5, 95))
    if high - low < 90:  # faint print or stamped metal: stretch the local contrast
        found.append(cv2.cvtColor(_clahe().apply(gray), cv2.COLOR_GRAY2BGR))
    return found


def cut(source: np.ndarray, quad: np.ndarray, pad_share: float, ends_share: float | None = None) -> np.ndarray:
    """The quadrilateral (top-left, top-right, bottom-right, bottom-left), grown by `pad_share` of its
    height above and below and by `ends_share` (default the same) at both ends, straightened into a
    rectangle."""
    import cv2

    along, across = quad[1] - quad[0], quad[3] - quad[0]
    width, height = float(np.linalg.norm(along)), float(np.linalg.norm(across))
    if width < 4 or height < 4:
        return np.empty((0, 0, 3), np.uint8)
    pad, ends = pad_share * height, (pad_share if ends_share is None else ends_share) * height
    ux, uy = along / width * ends, across / height * pad
    grown = np.asarray([quad[0] - ux - uy, quad[1] + ux - uy, quad[2] + ux + uy, quad[3] - ux + uy], dtype=np.float32)
    out_w, out_h = round(width + 2 * ends), round(height + 2 * pad)
    target = np.asarray([(0, 0), (out_w, 0), (out_w, out_h), (0, out_h)], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(grown, target)
    return cv2.warpPerspective(source, matrix, (out_w, out_h), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)


def crowded(line: np.ndarray, characters: int) -> bool:
    """Whether a line image read as `characters` characters gives the recogniser too few steps for
    them: it reads a line scaled to REC_HEIGHT px high in one step per REC_STEP px, and a greedy CTC
    decoding needs a step for every character and a blank between repeats."""
    steps = float(line.shape[1]) * REC_HEIGHT / float(line.shape[0]) / REC_STEP
    return characters >= CROWDED * steps


def running_text(text: str) -> bool:
    """The first reading holds lowercase letters: the line is running text (a СТС's «Идентификационный
    номер (VIN)», «Кузов (кабина, прицеп) №») beside the identifier. Its Cyrillic letters mostly drop out
    of the Latin reading, so the characters it counts are far fewer than the line holds and `crowded`
    misjudges it; proportional lowercase print is the densest on the line."""
    return any(ch.islower() for ch in text)


def longest_run(text: str) -> int:
    """The length of the longest unbroken run of letters and digits in the text."""
    return max((len(part) for part in "".join(ch if ch.isalnum() else " " for ch in text).split()), default=0)


def _looks_like_identifier(text: str) -> bool:
    capitals = sum(ch.isupper() or ch.isdigit() for ch in text)
    return longest_run(text) >= 8 and capitals >= 0.6 * sum(ch.isalnum() for ch in text)


def _aspect(line: TextLine) -> float:
    assert line.box is not None
    left, top, right, bottom = line.box
    return (right - left) / max(1, bottom - top)
