"""Runs a photo reader over the synthetic set in worker processes and scores it (tests and bench).

Each worker generates its photos and reads them, one onnxruntime thread per process, so two cores
do two photos at once. The photos come from a generator module with `generate_one(folder, index,
seed) -> Sample`: the team's own set (tests/support/photo_synth.py) unless told otherwise, or the
held-out one (tests/support/photo_synth_heldout.py) that nobody may tune the reader on.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import re
import statistics
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from bot.messages import PhotoReading
from tests.support.photo_synth import Sample

# photo set name -> the generator module (imported by name, so worker processes can load it)
GENERATORS = {
    "own": "tests.support.photo_synth",
    "hard": "tests.support.photo_synth_hard",  # the own set made harder: tune on own and hard
    "third": "tests.support.photo_synth_third",  # written apart from both: tune and calibrate on it too
    "heldout": "tests.support.photo_synth_heldout",  # report only, never tune on it
    "fourth": "tests.support.photo_synth_fourth",  # written blind to the reader, for calibrating
    "fifth": "tests.support.photo_synth_fifth",  # written blind to the reader and the other generators, for calibrating
    "sixth": "tests.support.photo_synth_sixth",  # the same, by another hand: stroke and 7x9 dot fonts, barcodes, screens
    "seventh": "tests.support.photo_synth_seventh",  # the same again: model plates, auction sheets, export papers, stamps
    "eighth": "tests.support.photo_synth_eighth",  # written blind to the reader: look-alike glyphs and single damaged characters
}

_NAIVE_VIN = re.compile(r"[A-HJ-NPR-Z0-9]{17}")
_NAIVE_FRAME = re.compile(r"\b[A-Z]{1,4}[0-9]{1,3}[A-Z]?-[0-9]{6,7}\b")


@dataclass(frozen=True)
class Outcome:
    sample: Sample
    reading: PhotoReading
    seconds: float  # wall-clock, as the customer waits (grows with the machine's load)
    cpu_seconds: float = 0.0  # the reader's own CPU time in its process (one core; load-independent)

    @property
    def expected(self) -> str | None:
        return self.sample.vin or self.sample.frame

    @property
    def read(self) -> str | None:
        """The identifier the bot would put into the deal: the VIN, else the frame."""
        return self.reading.vin or self.reading.frame

    @property
    def exact(self) -> bool:
        return self.expected is not None and self.read == self.expected


def naive_read(path: str) -> PhotoReading:
    """The baseline from the issue: tesseract over the whole photo and a VIN regex."""
    import pytesseract
    from PIL import Image

    text = pytesseract.image_to_string(Image.open(path), lang="rus+eng").upper()
    vins = _NAIVE_VIN.findall(text)
    frames = _NAIVE_FRAME.findall(text)
    return PhotoReading(
        vin=vins[0] if vins else None, frame=frames[0] if frames else None, confidence=1.0 if vins or frames else 0.0
    )


def _ours(path: str) -> PhotoReading:
    from bot.vision import read_photo

    return read_photo(path)


READERS: dict[str, Callable[[str], PhotoReading]] = {"ours": _ours, "naive": naive_read}


def _init_worker() -> None:
    from bot.vision import ocr as engines

    engines.configure(threads=1)


def _run(folder: Path, index: int, seed: int, reader: str, generator: str = GENERATORS["own"]) -> Outcome:
    generate_one: Callable[[Path, int, int], Sample] = importlib.import_module(generator).generate_one
    sample = generate_one(folder, index, seed)
    started, cpu_started = time.perf_counter(), _cpu()
    reading = READERS[reader](str(sample.path))
    return Outcome(sample, reading, time.perf_counter() - started, _cpu() - cpu_started)


def _cpu() -> float:
    """CPU seconds of this process and of the children it waited for (tesseract runs as one)."""
    user, system, children_user, children_system, _elapsed = os.times()
    return user + system + children_user + children_system


def evaluate(
    folder: Path, count: int, *, seed: int = 7, reader: str = "ours", workers: int = 2, generator: str = GENERATORS["own"]
) -> list[Outcome]:
    """Photos 0..count-1 of `generator`'s set `seed`, read by `reader`; `generator` is a module name."""
    folder.mkdir(parents=True, exist_ok=True)
    context = multiprocessing.get_context("spawn")  # onnxruntime's threads do not survive fork
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker) as pool:
        futures = [pool.submit(_run, folder, i, seed, reader, generator) for i in range(count)]
        return [future.result() for future in futures]


@dataclass(frozen=True)
class Score:
    identifiers: int  # photos that show a VIN or a frame
    exact: int
    confident: int  # readings at or above the threshold that name a VIN or frame
    confident_right: int
    median_seconds: float
    median_cpu_seconds: float = 0.0

    @property
    def accuracy(self) -> float:
        return self.exact / self.identifiers if self.identifiers else 0.0

    @property
    def precision(self) -> float:
        return self.confident_right / self.confident if self.confident else 1.0


def score(outcomes: list[Outcome], threshold: float) -> Score:
    with_id = [o for o in outcomes if o.expected]
    confident = [o for o in outcomes if o.read and o.reading.confidence >= threshold]
    return Score(
        identifiers=len(with_id),
        exact=sum(o.exact for o in with_id),
        confident=len(confident),
        confident_right=sum(o.exact for o in confident),
        median_seconds=statistics.median(o.seconds for o in outcomes) if outcomes else 0.0,
        median_cpu_seconds=statistics.median(o.cpu_seconds for o in outcomes) if outcomes else 0.0,
    )


def by_kind(outcomes: list[Outcome]) -> dict[str, tuple[int, int]]:
    """kind -> (exact, total) for the kinds that carry a VIN or frame."""
    table: dict[str, tuple[int, int]] = {}
    for o in outcomes:
        if o.expected:
            exact, total = table.get(o.sample.kind, (0, 0))
            table[o.sample.kind] = (exact + o.exact, total + 1)
    return table
