from __future__ import annotations

import numpy as np

from bot.vision.joins import joined

UNREAD = 3.5  # ocr._MIN_LINE_RATIO: a box narrower than this many heights is never read alone


def box(left: float, top: float, width: float, height: float, tilt: float = 0.0) -> np.ndarray:
    """Four corners (top-left, top-right, bottom-right, bottom-left), the line rising by `tilt` per px."""
    return np.asarray(
        [
            (left, top),
            (left + width, top - tilt * width),
            (left + width, top - tilt * width + height),
            (left, top + height),
        ],
        dtype=np.float32,
    )


def test_a_model_code_too_short_to_read_is_joined_to_the_serial_after_a_wide_gap() -> None:
    # «V25W - 5156761»: the detector gives the code (aspect 2.5, never read) and the serial apart
    code, serial = box(100, 200, 75, 30), box(235, 200, 180, 30)
    [line] = joined([code, serial], UNREAD)
    assert line[0].tolist() == [100, 200] and line[1].tolist() == [415, 200]


def test_parts_of_a_tilted_line_are_joined_along_its_tilt() -> None:
    code, serial = box(100, 200, 75, 30, tilt=0.1), box(235, 186.5, 180, 30, tilt=0.1)
    assert len(joined([code, serial], UNREAD)) == 1


def test_two_columns_each_read_alone_are_not_joined() -> None:
    label, value = box(100, 200, 200, 30), box(350, 200, 300, 30)  # a document's «Марка, модель» and its value
    assert joined([label, value], UNREAD) == []


def test_boxes_on_other_lines_or_far_apart_or_of_other_sizes_are_not_joined() -> None:
    code = box(100, 200, 75, 30)
    below = box(200, 250, 180, 30)
    far = box(100 + 75 + 5 * 30, 200, 180, 30)  # five heights of gap
    taller = box(200, 190, 180, 60)
    assert joined([code, below], UNREAD) == []
    assert joined([code, far], UNREAD) == []
    assert joined([code, taller], UNREAD) == []


def test_a_part_that_holds_a_whole_identifier_is_never_joined() -> None:
    number_sign, vin = box(100, 200, 40, 30), box(160, 200, 400, 30)  # «№» beside a VIN, 13 heights wide
    assert joined([number_sign, vin], UNREAD) == []
