"""Cutting a line again from the photo (bot/vision/reread.py)."""

from __future__ import annotations

import numpy as np

from bot.vision.reread import LOOSE_ENDS, cut


def test_the_loose_cut_reaches_past_both_ends_of_a_line_the_detector_ended_early() -> None:
    photo = np.zeros((200, 400, 3), np.uint8)
    quad = np.asarray([(100, 50), (300, 50), (300, 70), (100, 70)], dtype=np.float32)  # 200 x 20
    assert cut(photo, quad, 0.12).shape[:2] == (25, 205)
    assert cut(photo, quad, 0.35, LOOSE_ENDS).shape[:2] == (34, round(200 + 2 * LOOSE_ENDS * 20))
