"""Opening a customer's photo: any format Pillow reads, turned upright (EXIF), scaled to a working size."""

from __future__ import annotations

import warnings

import numpy as np
from PIL import Image, ImageOps
from pillow_heif import register_heif_opener

# Decompression bombs and absurd sizes (also once padded, below) are refused before decoding.
MAX_PIXELS = 80_000_000
# The text detector scales the shorter side up to a fixed size: a 1 x 4000 strip would become
# 736 x 2.9 million pixels. Thinner images are padded to this shape first.
MAX_ASPECT = 8


register_heif_opener()  # HEIC/HEIF, what iPhones save, opens like any other photo


class NotAnImage(Exception):
    """The file is missing, empty, truncated or not a picture."""


def open_upright(path: str) -> Image.Image:
    """The photo as RGB, rotated the way the phone showed it. Whatever is wrong with the file is
    `NotAnImage`: Pillow's decoders raise OSError, SyntaxError, ValueError, struct.error, MemoryError…"""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # "corrupt EXIF", "palette with transparency": read it anyway
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as probe:
                if too_many_pixels(probe.size):
                    raise NotAnImage("too many pixels")
                probe.verify()
            with Image.open(path) as image:  # closed even when decoding fails half-way
                image.load()
                upright = _upright(image)
                rgb = upright.convert("RGB")
    except NotAnImage:
        raise
    except Exception as exc:
        raise NotAnImage(f"{type(exc).__name__}: {exc}") from exc
    return pad_to_aspect(rgb, MAX_ASPECT)


def too_many_pixels(size: tuple[int, int]) -> bool:
    """Over MAX_PIXELS once padded to MAX_ASPECT (a 300-byte 1 x 100,000 sliver pads to 1.25 billion)."""
    width, height = padded_size(size, MAX_ASPECT)
    return width * height > MAX_PIXELS


def _upright(image: Image.Image) -> Image.Image:
    try:
        return ImageOps.exif_transpose(image) or image
    except Exception:  # a damaged EXIF block: the picture itself is whole, so it is read as stored
        return image


def padded_size(size: tuple[int, int], max_aspect: float) -> tuple[int, int]:
    width, height = size
    return max(width, round(height / max_aspect)), max(height, round(width / max_aspect))


def pad_to_aspect(image: Image.Image, max_aspect: float) -> Image.Image:
    """Pad a very thin or very tall image (centred, edge colour) so neither side exceeds `max_aspect`
    times the other."""
    width, height = image.size
    target = padded_size(image.size, max_aspect)
    if target == (width, height):
        return image
    corner = image.getpixel((0, 0))
    canvas = Image.new("RGB", target, corner)
    canvas.paste(image, ((target[0] - width) // 2, (target[1] - height) // 2))
    return canvas


def fit(image: Image.Image, max_side: int) -> Image.Image:
    """Downscale so the longer side is at most `max_side` (never upscale)."""
    scale = max_side / max(image.size)
    if scale >= 1:
        return image
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    return image.resize(size, Image.Resampling.LANCZOS if scale > 0.5 else Image.Resampling.BOX)


def to_bgr(image: Image.Image) -> np.ndarray:
    return np.ascontiguousarray(np.asarray(image)[:, :, ::-1])
