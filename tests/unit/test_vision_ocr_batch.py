"""How the recogniser is run (bot/vision/ocr.py)."""

from __future__ import annotations

from bot.vision.ocr import rapid_engine


def test_lines_are_recognised_one_at_a_time_not_padded_to_the_widest_of_a_batch() -> None:
    assert rapid_engine().text_rec.rec_batch_num == 1
