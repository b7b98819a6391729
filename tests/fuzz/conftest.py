"""Fixtures of the fuzz tests: the OCR engines stood in for (what is fuzzed is opening the file; the
engines read real photos in tests/integration/test_vision_accuracy.py and `make bench`)."""

from __future__ import annotations

import numpy as np
import pytest

from bot.vision import reader


@pytest.fixture
def engines(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, ...]]:
    """The shapes of the pictures the OCR engines were given; they read nothing."""
    given: list[tuple[int, ...]] = []

    def detect(image: np.ndarray, *args: object) -> list[object]:
        assert image.dtype == np.uint8 and image.ndim == 3 and image.shape[2] == 3, "an 8-bit BGR picture"
        given.append(image.shape)
        return []

    monkeypatch.setattr(reader, "rapid_lines", detect)
    monkeypatch.setattr(reader, "reread", lambda *args: [])
    monkeypatch.setattr(reader, "tesseract_text", lambda *args, **kwargs: "")
    return given
