"""Photo → VIN / frame / part numbers: the `PhotoReader` the core uses.

Cheap first: RapidOCR on a small copy, then a sharper second look at the lines that may hold an
identifier; when that finds no VIN or frame, both again on the lines another detector (PP-OCRv6's)
finds; tesseract on the whole page only when nothing at all was found; a reading about to be
used without asking is checked character by character by a second, independent classifier. CPU
work runs in a worker thread so the event loop keeps serving chats.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import cast

import numpy as np
from PIL import Image

from bot.messages import PHOTO_CONFIDENT, PhotoReading
from bot.ports import PhotoReader
from bot.vision import candidates, glyphs
from bot.vision.images import NotAnImage, fit, open_upright, to_bgr
from bot.vision.ocr import TextLine, rapid_lines, tesseract_text, v6_detector
from bot.vision.part_numbers import spelled_by_part_number
from bot.vision.reread import LOOSE_ENDS, cut, reread, worth_rereading
from bot.vision.zoom import zoom_lines
from catalogs.vin import frame_car

log = logging.getLogger(__name__)

WORK_SIDE = 1600  # recognition reads crops from this size
SOURCE_SIDE = 4096  # a second look cuts lines from the photo itself, up to this size (a phone's 12 MP as taken)
DETECT_SIDE = 960  # detection runs on this size first (its cost grows with the pixel count)
# The last resort, tesseract on the whole page, ends here: on a noisy photo where the detector found
# nothing it runs into its timeout (20 s) and finds nothing either.
PAGE_SECONDS = 4


class VisionReader:
    """Reads identifiers from photos; models load once per process on the first photo.

    `second_opinions` are other readers (an LLM with vision): each reads the photo too and
    `reconcile` decides — agreement makes a reading confident, disagreement sends it to the
    customer for confirmation. One photo is read at a time (OCR already uses every core), so a
    burst of photos queues instead of starving the event loop's thread pool.
    """

    def __init__(self, second_opinions: Sequence[PhotoReader] = (), *, parallel: int = 1) -> None:
        self.second_opinions = list(second_opinions)
        self._slots = asyncio.Semaphore(parallel)

    async def read(self, path: str) -> PhotoReading:
        async with self._slots:
            reading = await asyncio.to_thread(read_photo, path)
        if reading.error:
            return reading
        for reader in self.second_opinions:
            other = await reader.read(path)
            reading = replace(reconcile(reading, other), calls=reading.calls + other.calls)
        return reading


def reconcile(ours: PhotoReading, other: PhotoReading) -> PhotoReading:
    """Agreement on the identifier makes it confident; disagreement keeps ours, below the threshold."""
    ours_id, other_id = ours.vin or ours.frame, other.vin or other.frame
    if other.error:
        return ours
    if not other_id:
        if ours_id or ours.part_numbers or not other.part_numbers:
            return ours
        return replace(ours, part_numbers=other.part_numbers, confidence=min(other.confidence, PHOTO_CONFIDENT - 0.1))
    if ours_id == other_id:
        return replace(ours, confidence=max(ours.confidence, PHOTO_CONFIDENT, other.confidence))
    if ours_id is None:
        return replace(
            other, part_numbers=ours.part_numbers or other.part_numbers, confidence=min(other.confidence, PHOTO_CONFIDENT - 0.1)
        )
    return replace(ours, confidence=min(ours.confidence, PHOTO_CONFIDENT - 0.1))


# What a reading found only on a closer look at the densest detail may be at most: below PHOTO_CONFIDENT,
# so it is read back to the customer. (The held-out set's confident readings were 1 wrong of 105
# before the closer look ran on more photos, 2 wrong of 107 after.)
ZOOMED_CONFIDENCE = PHOTO_CONFIDENT - 0.05
READ_BACK = PHOTO_CONFIDENT - 0.01  # the most a reading the customer must confirm may be
BLANK_CONTRAST = 24  # of 255: faint print on a plate still spans far more than this


def read_photo(path: str) -> PhotoReading:
    """Identifiers on one photo; never raises (a file we cannot read is an `error` reading)."""
    try:
        image = open_upright(path)
    except NotAnImage as exc:
        log.info("not an image: %s (%s)", Path(path).name, exc)  # the folder is named by the chat: a phone
        return PhotoReading(error="not_an_image")
    try:
        return _read_image(image)
    except Exception:  # an engine failing on an odd image must not cost the customer the turn
        log.exception("photo reading failed: %s", Path(path).name)
        return PhotoReading(error="unreadable")


def _read_image(image: Image.Image) -> PhotoReading:
    work = fit(image, WORK_SIDE)
    if is_blank(work):  # a plain sheet, a lens cap, a padded sliver: no engine can find text on it
        return PhotoReading()
    work_bgr = to_bgr(work)
    lines = rapid_lines(to_bgr(fit(work, DETECT_SIDE)), work_bgr)
    reading = _decide(lines)
    source = fit(image, SOURCE_SIDE)
    source_bgr = to_bgr(source)
    at_the_edge = False  # found only on a closer look or by the other detector
    if not (reading.vin or reading.frame) and (
        not reading.part_numbers or any(_may_hold_identifier(line.text) for line in lines)
    ):
        # Nothing yet: small text may need detection at the full working size, a line broken at a wide gap
        # («V25W - 5156761») reading whole…
        lines += rapid_lines(work_bgr, work_bgr, join=True)
        if not any(_holds_identifier(line) for line in lines):  # … or a closer look at where the detail is
            lines += zoom_lines(np.asarray(work.convert("L")), source_bgr, source.width / work.width)
            at_the_edge = True
    # A second look: the likely lines cut again from the photo itself, in every variant at once (an
    # early stop on the first two readings that agree would let a repeated misread through).
    likely = worth_rereading(lines, _holds_identifier)
    lines += reread(source_bgr, source.width / work.width, likely)
    reading = _decide(lines)
    if not (reading.vin or reading.frame) and (
        not reading.part_numbers or any(_may_hold_identifier(line.text) for line in lines)
    ):
        # Still nothing: the lines as another detector (PP-OCRv6's) finds them.
        found = _other_detector_lines(work, work_bgr, source_bgr, source.width / work.width)
        if any(_holds_identifier(line) for line in found):
            lines += found
            reading = _decide(lines)
            at_the_edge = True
    if not (reading.vin or reading.frame or reading.part_numbers):
        # Nothing from RapidOCR: tesseract on the whole page. (Tesseract on the likely lines of the
        # unsure photos changed no VIN, frame or part number on 45 such photos of the tuning sets, at
        # a quarter of the time.)
        page = tesseract_text(work, timeout=PAGE_SECONDS)
        reading = _decide([*lines, *(TextLine(text, 0.6, "tesseract") for text in page.splitlines() if text.strip())])
    if at_the_edge:  # print at the edge of legibility: the customer confirms it
        reading = replace(reading, confidence=min(reading.confidence, ZOOMED_CONFIDENCE))
    return _confirmed(reading, lines, source_bgr, source.width / work.width)


def _other_detector_lines(work: Image.Image, work_bgr: np.ndarray, source_bgr: np.ndarray, scale: float) -> list[TextLine]:
    """The first look and the second again, on the lines PP-OCRv6's detector finds (none when it is
    not installed)."""
    detector = v6_detector()
    if detector is None:
        return []
    lines = rapid_lines(to_bgr(fit(work, DETECT_SIDE)), work_bgr, detector)
    lines += rapid_lines(work_bgr, work_bgr, detector)
    return lines + reread(source_bgr, scale, worth_rereading(lines, _holds_identifier))


def _confirmed(reading: PhotoReading, lines: list[TextLine], source: np.ndarray, scale: float) -> PhotoReading:
    """A reading about to be used without asking, read again character by character in the line
    that gave it by a classifier independent of RapidOCR (bot/vision/glyphs.py): where the recogniser
    hesitated over a character and the classifier takes it for the other one, the customer confirms
    the reading."""
    value = reading.vin or reading.frame
    if value is None or reading.confidence < PHOTO_CONFIDENT:
        return reading
    quad = _source_line(lines, value)
    if quad is None:
        return reading
    corners = np.asarray(quad, dtype=np.float32) * scale
    if glyphs.doubted([cut(source, corners, 0.12), cut(source, corners, 0.35, LOOSE_ENDS)], value):
        return replace(reading, confidence=min(reading.confidence, READ_BACK))
    return reading


def _source_line(lines: list[TextLine], value: str) -> tuple[tuple[float, float], ...] | None:
    """The corners of the line most of the readings of `value` came from."""
    votes: dict[tuple[tuple[float, float], ...], int] = {}
    for line in lines:
        if line.quad is not None:
            vins, frames, _parts = candidates.collect([line])
            if value in vins or value in frames:
                votes[line.quad] = votes.get(line.quad, 0) + 1
    return max(votes, key=votes.__getitem__) if votes else None


def is_blank(image: Image.Image) -> bool:
    """No two shades differ enough to draw a letter (a white page, a black frame, a flat sliver)."""
    low, high = cast(tuple[int, int], image.convert("L").getextrema())
    return high - low < BLANK_CONTRAST


def _vin_long(text: str) -> bool:
    """A run of letters and digits as long as a VIN or a frame number, give or take a misread — not of
    digits alone: a label's barcode («3782052472632») is no identifier worth the slower looks. (Runs of
    letters alone stay: a certificate's Russian words read in Latin letters, «TTNETKOBONXIT4BEK», are the
    lines beside an identifier the first look missed; on the fifth tuning set, leaving them out lost a frame.)"""
    runs = "".join(ch if ch.isalnum() else " " for ch in text).split()
    return any(len(run) >= 13 and not run.isdigit() for run in runs)


def _may_hold_identifier(text: str) -> bool:
    """A line as long as a VIN or frame, or labelled as one («VIN: X96DXAJC9 LA77690», its end cut
    off, gives a part number and no VIN)."""
    return _vin_long(text) or candidates.labelled(text)


def _holds_identifier(line: TextLine) -> bool:
    vins, frames, _parts = candidates.collect([line])
    return bool(vins or frames)


def _decide(lines: list[TextLine]) -> PhotoReading:
    vins, frames, parts = candidates.collect(lines)
    vin, frame = candidates.best_vin(vins), candidates.best_frame(frames)
    # a frame pushes a VIN out only with a known model code: «Паспорт ТС 63 ОХ 123456» reads as TC630X-123456.
    # Also when its evidence before agreement capped it is the stronger (a right frame, capped below the
    # threshold, lost to a weaker VIN) — then the customer confirms it: that alone makes nothing confident.
    if vin.value and frame.value and frame_car(frame.value):
        if frame.confidence > vin.confidence + 0.2:
            vin = candidates.Ranked(None, 0.0)
        elif frame.evidence > vin.evidence + 0.2:
            frame = replace(frame, confidence=min(frame.confidence, READ_BACK))
            vin = candidates.Ranked(None, 0.0)
    if frame.value and not frame_car(frame.value) and spelled_by_part_number(frame.value, parts):
        frame = candidates.Ranked(None, 0.0)  # a label's part number with its label word, not a frame
    if vin.value and frame.value and frame.value.partition("-")[2] in vin.value:
        frame = candidates.Ranked(None, 0.0)  # the VIN's serial, a piece of it read with a model code before it
    found = "".join(v.replace("-", "") for v in (vin.value, frame.value) if v)
    parts = [p for p in parts if p.replace(" ", "").replace("-", "")[-8:] not in found]  # a piece of the VIN
    confidence = max(vin.confidence, frame.confidence)
    if not vin.value and not frame.value and parts:
        confidence = 0.5
    return PhotoReading(vin=vin.value, frame=frame.value, part_numbers=tuple(parts), confidence=confidence)
