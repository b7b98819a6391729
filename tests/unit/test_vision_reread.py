"""Cutting a line again from the photo (bot/vision/reread.py)."""

from __future__ import annotations

import numpy as np
import pytest

from bot.vision import reread as second_look
from bot.vision.ocr import TextLine
from bot.vision.reread import CROWDED, IDENTIFIER_PART, LOOSE_ENDS, WIDEN, crowded, cut, reread, running_text, variants


def test_the_loose_cut_reaches_past_both_ends_of_a_line_the_detector_ended_early() -> None:
    photo = np.zeros((200, 400, 3), np.uint8)
    quad = np.asarray([(100, 50), (300, 50), (300, 70), (100, 70)], dtype=np.float32)  # 200 x 20
    assert cut(photo, quad, 0.12).shape[:2] == (25, 205)
    assert cut(photo, quad, 0.35, LOOSE_ENDS).shape[:2] == (34, round(200 + 2 * LOOSE_ENDS * 20))


def _plate_line(width: int, height: int) -> tuple[np.ndarray, np.ndarray]:
    """A photo with one dark line on a light plate, and the line's corners."""
    photo = np.full((200, 600, 3), 200, np.uint8)
    photo[50 : 50 + height, 100 : 100 + width] = 40
    quad = np.asarray([(100, 50), (100 + width, 50), (100 + width, 50 + height), (100, 50 + height)], dtype=np.float32)
    return photo, quad


def test_a_line_read_as_more_characters_than_the_recogniser_has_steps_for_is_read_widened_too() -> None:
    photo, quad = _plate_line(196, 30)  # 196 x 30 px: some 39 steps for a СТС line of 31 characters
    widths = [variant.shape[1] for variant in variants(photo, quad, 31)]
    tight = cut(photo, quad, 0.12).shape[1]
    assert round(tight * WIDEN) in widths


def test_a_line_with_steps_to_spare_for_its_characters_is_not_widened() -> None:
    photo, quad = _plate_line(196, 30)
    widths = [variant.shape[1] for variant in variants(photo, quad, 11)]  # «CHASSIS NO.»
    assert round(cut(photo, quad, 0.12).shape[1] * WIDEN) not in widths


def test_crowding_is_characters_per_step_of_the_recogniser() -> None:
    line = np.zeros((48, 400, 3), np.uint8)  # read at its own size: 50 steps of 8 px
    assert not crowded(line, round(CROWDED * 50) - 1)
    assert crowded(line, round(CROWDED * 50) + 1)


def test_a_line_of_running_text_is_read_widened_however_few_latin_characters_it_gave() -> None:
    # «Идентификационный номер (VIN) WBAVZBBNEA7787361», 324 x 31 px, first read "eHaMWBABBNA31": the
    # Cyrillic words drop out of the Latin reading, so its 13 characters understate the line's 47
    photo, quad = _plate_line(324, 31)
    widths = [variant.shape[1] for variant in variants(photo, quad, 13, words=True)]
    assert round(cut(photo, quad, 0.12).shape[1] * WIDEN) in widths


def test_lowercase_in_a_first_reading_marks_running_text_and_capitals_alone_an_identifier_line() -> None:
    assert running_text("Ky3o(Ka6MHa,npMuen)NX9WZE3MWUvo3576")
    assert running_text("MeTMIWAVZBBNEA831")
    assert not running_text("JNIK00X7T1773290")
    assert not running_text("VEHICLE IDENT. NO. JTNBV58E30J021317")


def test_a_long_line_of_running_text_is_also_read_as_its_last_part_where_the_identifier_is() -> None:
    photo, quad = _plate_line(324, 31)  # «Кузов (кабина, прицеп) № WBAVZBBNEA7787361»: over LONG_LINE heights
    tight = cut(photo, quad, 0.12)
    widths = [variant.shape[1] for variant in variants(photo, quad, 13, words=True)]
    assert tight.shape[1] - round(tight.shape[1] * (1 - IDENTIFIER_PART)) in widths


def test_a_line_of_capitals_or_a_short_line_is_not_cut_in_part() -> None:
    photo, quad = _plate_line(324, 31)
    tight = cut(photo, quad, 0.12)
    part = tight.shape[1] - round(tight.shape[1] * (1 - IDENTIFIER_PART))
    assert part not in [variant.shape[1] for variant in variants(photo, quad, 17)]  # a plate's VIN line
    short_photo, short_quad = _plate_line(196, 30)  # under LONG_LINE heights: «Цвет БЕЛЫЙ»
    short = cut(short_photo, short_quad, 0.12).shape[1]
    assert short - round(short * (1 - IDENTIFIER_PART)) not in [
        variant.shape[1] for variant in variants(short_photo, short_quad, 5, words=True)
    ]


def test_the_v6_recogniser_reads_the_tight_and_the_loose_cut_of_every_line_beside_the_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    photo, quad = _plate_line(196, 30)
    corners = tuple((float(x), float(y)) for x, y in quad)
    lines = [
        TextLine("XTA21140064123456", 0.9, "rapid", (100, 50, 296, 80), corners),
        TextLine("GD1-1234567", 0.9, "rapid", None, corners),
    ]
    given: list[list[np.ndarray]] = []
    monkeypatch.setattr(second_look, "rapid_read", lambda cuts: given.append(cuts) or [("first", 0.9)] * len(cuts))
    monkeypatch.setattr(second_look, "v6_read", lambda cuts: given.append(cuts) or [("second", 0.8)] * len(cuts))
    found = reread(photo, 1.0, lines)
    every, seconds = given
    tight, loose = cut(photo, quad, 0.12), cut(photo, quad, 0.35, LOOSE_ENDS)
    assert [c.shape for c in seconds] == [tight.shape, loose.shape] * 2
    assert [line.source for line in found].count("v6") == 4 and len(found) == len(every) + 4
    assert {line.text for line in found if line.source == "v6"} == {"second"}


def test_without_the_v6_recogniser_the_first_ones_readings_stand_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    photo, quad = _plate_line(196, 30)
    line = TextLine("XTA21140064123456", 0.9, "rapid", (100, 50, 296, 80), tuple((float(x), float(y)) for x, y in quad))
    monkeypatch.setattr(second_look, "rapid_read", lambda cuts: [("first", 0.9)] * len(cuts))
    monkeypatch.setattr(second_look, "v6_read", lambda cuts: [])
    assert {line.source for line in reread(photo, 1.0, [line])} == {"reread"}


def test_only_the_lines_that_gave_an_identifier_are_read_again_when_there_are_any() -> None:
    quad = ((0.0, 0.0), (100.0, 0.0), (100.0, 10.0), (0.0, 10.0))
    vin = TextLine("XTA210990Y2765432", 0.9, "rapid", (0, 0, 100, 10), quad)
    look_alike = TextLine("63OX123456 ABC", 0.9, "rapid", (0, 20, 100, 30), quad)
    assert second_look.worth_rereading([look_alike, vin], lambda line: line is vin) == [vin]
    assert second_look.worth_rereading([look_alike], lambda line: False) == [look_alike]
