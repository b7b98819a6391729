"""Opening a customer's photo: any format Pillow reads, turned upright (EXIF), scaled to a working size."""

from __future__ import annotations

import warnings

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

# Decompression bombs and absurd sizes are refused before decoding.
MAX_PIXELS = 80_000_000


class NotAnImage(Exception):
    """The file is missing, empty, truncated or not a picture."""


def open_upright(path: str) -> Image.Image:
    """The photo as RGB, rotated the way the phone showed it."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as probe:
                if probe.width * probe.height > MAX_PIXELS:
                    raise NotAnImage("too many pixels")
                probe.verify()
            image = Image.open(path)
            image.load()
    except (OSError, UnidentifiedImageError, SyntaxError, ValueError, Image.DecompressionBombError,
            Image.DecompressionBombWarning) as exc:
        raise NotAnImage(str(exc)) from exc
    upright = ImageOps.exif_transpose(image) or image
    return upright.convert("RGB")


def fit(image: Image.Image, max_side: int) -> Image.Image:
    """Downscale so the longer side is at most `max_side` (never upscale)."""
    scale = max_side / max(image.size)
    if scale >= 1:
        return image
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    return image.resize(size, Image.Resampling.LANCZOS if scale > 0.5 else Image.Resampling.BOX)


def to_bgr(image: Image.Image) -> np.ndarray:
    return np.ascontiguousarray(np.asarray(image)[:, :, ::-1])
