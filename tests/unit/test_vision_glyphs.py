"""The second opinion on a reading's characters (bot/vision/glyphs.py): where each character is, its
cell, and when a reading is in doubt."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

from bot.messages import PHOTO_CONFIDENT, PhotoReading
from bot.vision import glyphs, reader
from bot.vision.ocr import TextLine

CHARACTERS = ["blank", *"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", " ", "-", ":"]


def matrix(steps: list[str]) -> np.ndarray:
    """Log-probabilities where each step reads its character (or "blank") at 0.9."""
    out = np.full((len(steps), len(CHARACTERS)), 0.1 / (len(CHARACTERS) - 1))
    for t, ch in enumerate(steps):
        out[t, CHARACTERS.index(ch)] = 0.9
    logp: np.ndarray = np.log(out)
    return logp


def test_each_character_is_placed_at_the_step_the_recogniser_read_it() -> None:
    steps = ["V", "I", "N", ":", "blank", "X", "blank", "T", "blank", "A", "-", "2", "blank"]
    assert glyphs.align(matrix(steps), CHARACTERS, "XTA2") == [5, 7, 9, 11]


def test_a_repeated_character_is_placed_twice_only_across_a_blank() -> None:
    steps = ["blank", "8", "8", "blank", "8", "blank", "1"]
    at = glyphs.align(matrix(steps), CHARACTERS, "881")
    assert at is not None and at[0] in (1, 2) and at[1:] == [4, 6]


def test_text_with_a_character_the_recogniser_lacks_or_longer_than_the_line_is_not_placed() -> None:
    assert glyphs.align(matrix(["A", "B"]), CHARACTERS, "A№") is None
    assert glyphs.align(matrix(["A", "B"]), CHARACTERS, "ABC") is None


def test_the_print_band_leaves_out_a_plates_border_above_the_characters() -> None:
    ink = np.zeros((40, 100), dtype=bool)
    ink[2:4, :] = True  # the border, inked end to end
    ink[12:30, ::3] = True  # the characters' strokes
    assert glyphs.ink_rows(ink) == (12.0, 30.0)


def test_characters_placed_a_third_off_are_centred_between_the_gaps_that_part_them() -> None:
    columns = np.ones(100)
    columns[[0, 1, 2, 18, 19, 20, 38, 39, 40, 58, 59, 60]] = 0.0  # gaps every 20 px around x = 19, 39, 59
    centres = glyphs.between_gaps(columns, [16.0, 36.0, 56.0, 76.0], 20.0)  # read 6 px left of 29, 49, ...
    assert centres == pytest.approx([9.5, 29.5, 49.5, 69.5], abs=1.0)


def test_the_classifier_prefers_another_character_by_the_log_ratio_of_their_probabilities() -> None:
    probabilities = np.full((2, len(glyphs.CLASSES)), 0.01)
    f, e = glyphs.CLASSES.index("F"), glyphs.CLASSES.index("E")
    probabilities[0, [f, e]] = 0.8, 0.1  # an F where an E was read
    prefers = glyphs.preference(probabilities, "E-")  # a frame's dash is no class
    assert prefers[0, f] == pytest.approx(np.log(8), abs=0.01) and prefers[0, e] == 0
    assert (prefers[1] == -np.inf).all()


def cells_read(monkeypatch: pytest.MonkeyPatch, per_cut: list[tuple[float, float]]) -> None:
    """Each cut of the line "E8": (the recogniser's probability of F at the E, the classifier's)."""
    e, f, eight = (glyphs.CLASSES.index(ch) for ch in "EF8")
    reads = []
    for rival, seen in per_cut:
        classifier, recogniser = np.full((2, len(glyphs.CLASSES)), 0.001), np.zeros((2, len(glyphs.CLASSES)))
        classifier[0, [e, f]] = 1 - seen, seen
        recogniser[0, [e, f]] = 1 - rival, rival
        classifier[1, eight] = recogniser[1, eight] = 0.99
        reads.append((classifier, recogniser))
    answers = iter(reads)
    monkeypatch.setattr(glyphs, "read_cells", lambda line, text: next(answers))


@pytest.mark.parametrize(
    ("per_cut", "doubted"),
    [
        ([(0.3, 0.9), (0.0, 0.8)], True),  # the recogniser nearly read F in one cut, the classifier sees F in both
        ([(0.3, 0.9), (0.3, 0.2)], False),  # the classifier sees E in one cut
        ([(0.01, 0.9), (0.0, 0.9)], False),  # the recogniser never thought of F: the classifier alone does not decide
    ],
)
def test_a_character_is_in_doubt_when_the_recogniser_nearly_read_another_and_the_classifier_sees_it_in_every_cut(
    monkeypatch: pytest.MonkeyPatch, per_cut: list[tuple[float, float]], doubted: bool
) -> None:
    cells_read(monkeypatch, per_cut)
    line = np.full((20, 60, 3), 255, np.uint8)
    assert glyphs.doubted([line, line], "E8") is doubted


def test_a_reading_in_doubt_is_read_back_to_the_customer(monkeypatch: pytest.MonkeyPatch) -> None:
    quad = ((10.0, 10.0), (200.0, 10.0), (200.0, 30.0), (10.0, 30.0))
    line = TextLine("VIN XTA21703080123456", 0.95, "rapid", (10, 10, 200, 30), quad)
    sure = PhotoReading(vin="XTA21703080123456", confidence=0.95)
    photo = np.full((100, 300, 3), 255, np.uint8)
    monkeypatch.setattr(glyphs, "doubted", lambda cuts, value: True)
    assert reader._confirmed(sure, [line], photo, 1.0).confidence < PHOTO_CONFIDENT
    monkeypatch.setattr(glyphs, "doubted", lambda cuts, value: False)
    assert reader._confirmed(sure, [line], photo, 1.0) == sure


def test_the_service_prepares_the_classifier_in_a_thread_of_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    ran_in: list[str] = []
    monkeypatch.setattr(glyphs, "default_weights", lambda: ran_in.append(threading.current_thread().name))
    thread = glyphs.prepare_in_background()
    thread.join(timeout=10)
    assert ran_in == [thread.name] and thread.name != threading.current_thread().name and thread.daemon


def test_a_machine_without_fonts_has_no_second_opinion_and_no_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PARTSBOT_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(glyphs, "font_files", list)
    glyphs.default_weights.cache_clear()
    try:
        assert glyphs.default_weights() is None
    finally:
        glyphs.default_weights.cache_clear()
