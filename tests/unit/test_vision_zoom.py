"""Finding where small text is on a large photo (bot/vision/zoom.py), and keeping the recogniser's
reading to Latin characters (bot/vision/ocr.py) — without the engines."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from bot.vision.ocr import LatinDecode
from bot.vision.zoom import dense_regions


def test_the_densest_detail_on_a_blurred_noisy_photo_is_where_the_small_print_is() -> None:
    rng = np.random.default_rng(3)
    coarse = rng.integers(40, 140, (40, 60), dtype=np.uint8)
    background = Image.fromarray(coarse, "L").resize((1200, 800), Image.Resampling.BICUBIC)
    background = background.filter(ImageFilter.GaussianBlur(4))
    draw = ImageDraw.Draw(background)
    draw.rectangle((820, 560, 960, 600), fill=200)
    draw.text((826, 572), "JTNBE46K303123456", fill=30)
    gray = np.asarray(background)
    gray = np.clip(gray + rng.normal(0, 2, gray.shape), 0, 255).astype(np.uint8)

    region = dense_regions(gray)[0]

    assert region.left <= 840 and region.right >= 900 and region.top <= 585 and region.bottom >= 575
    assert region.right - region.left < 400


class _Decode:
    character: ClassVar[list[str]] = ["blank", "A", "有", "8", " "]


def test_a_chinese_character_the_model_prefers_gives_way_to_the_best_latin_one() -> None:
    preds = np.asarray([[[0.1, 0.8, 0.0, 0.1, 0.0], [0.0, 0.05, 0.7, 0.25, 0.0], [0.9, 0.0, 0.0, 0.1, 0.0]]], np.float32)
    [(text, score)] = LatinDecode(_Decode())(preds)
    assert text == "A8" and abs(score - (0.8 + 0.25) / 2) < 1e-6
