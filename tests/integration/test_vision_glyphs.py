"""The glyph classifier as the reader uses it: trained on the machine's fonts (once, then cached), on a
line the real recogniser reads."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from bot.vision import glyphs

pytestmark = pytest.mark.heavy  # trains for a minute on a machine that never did (tests/conftest.py)

VIN = "XTA21703080123456"


def printed(text: str) -> np.ndarray:
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf", 28)
    image = Image.new("RGB", (20 + int(font.getlength(text)), 44), (235, 235, 225))
    ImageDraw.Draw(image).text((10, 6), text, fill=(30, 30, 40), font=font)
    return np.asarray(image)[:, :, ::-1].copy()


def test_cleanly_printed_characters_are_classified_as_themselves() -> None:
    read = glyphs.read_cells(printed(f"VIN {VIN}"), VIN)
    assert read is not None
    classifier, recogniser = read
    assert sum(glyphs.CLASSES[i] == ch for i, ch in zip(classifier.argmax(axis=1), VIN, strict=True)) >= 15
    assert "".join(glyphs.CLASSES[i] for i in recogniser.argmax(axis=1)) == VIN


def test_a_clean_reading_is_not_in_doubt() -> None:
    line = printed(VIN)
    assert not glyphs.doubted([line, line], VIN)
