"""Synthetic phone photos, the eighth set: look-alike glyphs and one damaged character.

Written blind to the photo reader. The other sets mostly make text hard to read; this one makes it easy
to read *wrongly*: fonts whose F/E, B/8, C/0/G/D, V/W/Y, S/5, Z/2, 6/G, 1/7, U/V, M/N, H/N are close
(condensed and widened TrueType faces, a 5x7 dot-matrix face and a single-stroke engraving face drawn
here), one character of the wanted string partly damaged (a scratch, a rivet, a paint chip, dirt, the
corner of another sticker, a broken stroke, a glare spot, a crease), photos that look clean but are
not (slight defocus, motion, JPEG quality 25-60, small capitals, perspective, curved surfaces, uneven
light, shadows, reflections, noise), and other numbers next to the wanted one (engine numbers,
weights, paint codes, dates, registration plates, type approvals, EAN codes, and now and then a
VIN-like 17-character string under another label).

`generate_one(folder, index, seed)` is a pure function of (index, seed): the same bytes every time.
"""

from __future__ import annotations

import io
import math
import random
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt
from PIL import Image, ImageDraw, ImageFont

import catalogs
from catalogs.vin import CHECK_VALUES, CHECK_WEIGHTS, frame_car, listed_wmis, model_codes
from tests.support.photo_synth import Sample

KINDS = ("vin_plate", "sts", "stamped", "frame", "part_label", "sts_jp")

Arr = npt.NDArray[np.float32]
Box = tuple[float, float, float, float]
Color = tuple[float, float, float]

# Phone photos as messengers pass them on, and a few as the camera took them.
SIZES = (
    (1280, 960),
    (960, 1280),
    (1600, 1200),
    (1200, 1600),
    (1280, 720),
    (1280, 960),
    (1920, 1080),
    (2048, 1536),
    (1536, 2048),
    (4000, 3000),
    (4032, 3024),
    (3024, 4032),
)
MAX_WORK_PIXELS = 2_100_000  # bigger photos are drawn smaller and scaled up, as a phone's zoom would

VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
# Characters with a close twin in some face: drawn more often than chance would.
LOOKALIKE = "BE8FSZ25G6CD0VWYUMNH17"
YEAR_CHARS = "ABCDEFGHJKLMNPRSTVWXY123456789"
DIGITS = "0123456789"
PART_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
CYR_PLATE = "АВЕКМНОРСТУХ"

# --------------------------------------------------------------------------------------------
# Fonts
# --------------------------------------------------------------------------------------------

_TTF_ROOT = Path("/usr/share/fonts/truetype")
_FONT_DIRS = (_TTF_ROOT / "dejavu", _TTF_ROOT / "liberation")
# Faces for the wanted string: regular, bold, condensed, light, mono, serif.
_KEY_TTF = (
    "DejaVuSans.ttf",
    "DejaVuSans-Bold.ttf",
    "DejaVuSansCondensed.ttf",
    "DejaVuSansCondensed-Bold.ttf",
    "DejaVuSans-ExtraLight.ttf",
    "DejaVuSansMono.ttf",
    "DejaVuSansMono-Bold.ttf",
    "DejaVuSerif.ttf",
    "DejaVuSerifCondensed.ttf",
    "DejaVuSerifCondensed-Bold.ttf",
    "DejaVuSans-Oblique.ttf",
    "LiberationSans-Regular.ttf",
    "LiberationSans-Bold.ttf",
    "LiberationSansNarrow-Regular.ttf",
    "LiberationSansNarrow-Bold.ttf",
    "LiberationMono-Regular.ttf",
    "LiberationMono-Bold.ttf",
    "LiberationSerif-Regular.ttf",
    "LiberationSerif-Bold.ttf",
    "LiberationSans-Italic.ttf",
)
# Faces with Cyrillic for labels and Russian words.
_TEXT_TTF = (
    "DejaVuSans.ttf",
    "DejaVuSansCondensed.ttf",
    "LiberationSans-Regular.ttf",
    "LiberationSansNarrow-Regular.ttf",
    "DejaVuSerif.ttf",
    "LiberationSerif-Regular.ttf",
)
_BOLD_TTF = (
    "DejaVuSans-Bold.ttf",
    "DejaVuSansCondensed-Bold.ttf",
    "LiberationSans-Bold.ttf",
    "LiberationSansNarrow-Bold.ttf",
    "DejaVuSerif-Bold.ttf",
)
# Punch dies: plain sans and mono faces.
_STAMP_TTF = (
    "DejaVuSansMono.ttf",
    "DejaVuSansMono-Bold.ttf",
    "DejaVuSansCondensed-Bold.ttf",
    "LiberationSansNarrow-Bold.ttf",
    "LiberationMono-Bold.ttf",
    "DejaVuSans-Bold.ttf",
    "LiberationSans-Regular.ttf",
)
_NARROW_FILES = ("Condensed", "Narrow")


@lru_cache(maxsize=1)
def _font_paths() -> dict[str, str]:
    found: dict[str, str] = {}
    for folder in _FONT_DIRS:
        if folder.is_dir():
            for path in sorted(folder.glob("*.ttf")):
                found[path.name] = str(path)
    return found


def _pick_font(rng: random.Random, names: Sequence[str]) -> str:
    paths = _font_paths()
    usable = [paths[name] for name in names if name in paths]
    if not usable:
        raise RuntimeError(
            "no DejaVu or Liberation fonts in /usr/share/fonts/truetype (apt-get install fonts-dejavu-core fonts-liberation)"
        )
    return rng.choice(usable)


@lru_cache(maxsize=1)
def _extra_key_fonts() -> tuple[str, ...]:
    """Other TrueType faces on the machine (used for the Latin wanted string only)."""
    extra = []
    for path in sorted(_TTF_ROOT.glob("*/*.ttf")):
        if path.parent in _FONT_DIRS or "Math" in path.name:
            continue
        try:
            ImageFont.truetype(str(path), 20).getbbox("H8")
        except OSError:
            continue
        extra.append(str(path))
    return tuple(extra)


@lru_cache(maxsize=256)
def _font(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size)


@lru_cache(maxsize=64)
def _cap_ratio(path: str) -> float:
    box = _font(path, 200).getbbox("H")
    return max(0.3, (box[3] - box[1]) / 200)


@dataclass(frozen=True)
class Face:
    kind: str  # "ttf", "dot" (5x7 dot matrix) or "stroke" (single-stroke engraving)
    path: str = ""
    xscale: float = 1.0  # < 1 condensed, > 1 wide
    weight: float = 0.1  # stroke: line width / cap height; dot: dot radius / dot pitch
    slant: float = 0.0  # stroke: x shift per unit of height
    tracking: float = 0.12  # extra gap between characters / cap height


# 5x7 dot matrix, rows top to bottom.
_DOTS: dict[str, tuple[str, ...]] = {
    "0": ("01110", "10001", "10011", "10101", "11001", "10001", "01110"),
    "1": ("00100", "01100", "00100", "00100", "00100", "00100", "01110"),
    "2": ("01110", "10001", "00001", "00010", "00100", "01000", "11111"),
    "3": ("11111", "00010", "00100", "00010", "00001", "10001", "01110"),
    "4": ("00010", "00110", "01010", "10010", "11111", "00010", "00010"),
    "5": ("11111", "10000", "11110", "00001", "00001", "10001", "01110"),
    "6": ("00110", "01000", "10000", "11110", "10001", "10001", "01110"),
    "7": ("11111", "00001", "00010", "00100", "01000", "01000", "01000"),
    "8": ("01110", "10001", "10001", "01110", "10001", "10001", "01110"),
    "9": ("01110", "10001", "10001", "01111", "00001", "00010", "01100"),
    "A": ("01110", "10001", "10001", "10001", "11111", "10001", "10001"),
    "B": ("11110", "10001", "10001", "11110", "10001", "10001", "11110"),
    "C": ("01110", "10001", "10000", "10000", "10000", "10001", "01110"),
    "D": ("11100", "10010", "10001", "10001", "10001", "10010", "11100"),
    "E": ("11111", "10000", "10000", "11110", "10000", "10000", "11111"),
    "F": ("11111", "10000", "10000", "11110", "10000", "10000", "10000"),
    "G": ("01110", "10001", "10000", "10111", "10001", "10001", "01111"),
    "H": ("10001", "10001", "10001", "11111", "10001", "10001", "10001"),
    "I": ("01110", "00100", "00100", "00100", "00100", "00100", "01110"),
    "J": ("00111", "00010", "00010", "00010", "00010", "10010", "01100"),
    "K": ("10001", "10010", "10100", "11000", "10100", "10010", "10001"),
    "L": ("10000", "10000", "10000", "10000", "10000", "10000", "11111"),
    "M": ("10001", "11011", "10101", "10101", "10001", "10001", "10001"),
    "N": ("10001", "10001", "11001", "10101", "10011", "10001", "10001"),
    "O": ("01110", "10001", "10001", "10001", "10001", "10001", "01110"),
    "P": ("11110", "10001", "10001", "11110", "10000", "10000", "10000"),
    "Q": ("01110", "10001", "10001", "10001", "10101", "10010", "01101"),
    "R": ("11110", "10001", "10001", "11110", "10100", "10010", "10001"),
    "S": ("01111", "10000", "10000", "01110", "00001", "00001", "11110"),
    "T": ("11111", "00100", "00100", "00100", "00100", "00100", "00100"),
    "U": ("10001", "10001", "10001", "10001", "10001", "10001", "01110"),
    "V": ("10001", "10001", "10001", "10001", "10001", "01010", "00100"),
    "W": ("10001", "10001", "10001", "10101", "10101", "10101", "01010"),
    "X": ("10001", "10001", "01010", "00100", "01010", "10001", "10001"),
    "Y": ("10001", "10001", "10001", "01010", "00100", "00100", "00100"),
    "Z": ("11111", "00001", "00010", "00100", "01000", "10000", "11111"),
    "-": ("00000", "00000", "00000", "11111", "00000", "00000", "00000"),
    "*": ("00000", "00100", "10101", "01110", "10101", "00100", "00000"),
    ".": ("00000", "00000", "00000", "00000", "00000", "01100", "01100"),
    ":": ("00000", "01100", "01100", "00000", "01100", "01100", "00000"),
    "/": ("00000", "00001", "00010", "00100", "01000", "10000", "00000"),
    "(": ("00010", "00100", "01000", "01000", "01000", "00100", "00010"),
    ")": ("01000", "00100", "00010", "00010", "00010", "00100", "01000"),
}

Stroke = tuple[tuple[float, float], ...]
# Single-stroke engraving face on a 4 x 6 grid (y down), chamfered corners: 0/D, B/8, S/5, Z/2 and
# 6/G are one stroke apart, as on many engraved and punched plates.
_STROKES: dict[str, tuple[Stroke, ...]] = {
    "0": (((1, 0), (3, 0), (4, 1), (4, 5), (3, 6), (1, 6), (0, 5), (0, 1), (1, 0)),),
    "1": (((1, 1), (2, 0), (2, 6)), ((1, 6), (3, 6))),
    "2": (((0, 1), (1, 0), (3, 0), (4, 1), (4, 2), (0, 6), (4, 6)),),
    "3": (((0, 0), (4, 0), (2, 2.5), (3, 2.5), (4, 3.5), (4, 5), (3, 6), (1, 6), (0, 5)),),
    "4": (((3, 6), (3, 0), (0, 4), (4, 4)),),
    "5": (((4, 0), (0, 0), (0, 2.5), (3, 2.5), (4, 3.5), (4, 5), (3, 6), (0, 6)),),
    "6": (((3, 0), (1, 0), (0, 1), (0, 5), (1, 6), (3, 6), (4, 5), (4, 3.5), (3, 2.5), (0, 2.5)),),
    "7": (((0, 0), (4, 0), (1.5, 6)),),
    "8": (
        ((1, 0), (3, 0), (4, 1), (4, 2), (3, 3), (1, 3), (0, 2), (0, 1), (1, 0)),
        ((1, 3), (3, 3), (4, 4), (4, 5), (3, 6), (1, 6), (0, 5), (0, 4), (1, 3)),
    ),
    "9": (((1, 6), (3, 6), (4, 5), (4, 1), (3, 0), (1, 0), (0, 1), (0, 2.5), (1, 3.5), (4, 3.5)),),
    "A": (((0, 6), (2, 0), (4, 6)), ((0.7, 4), (3.3, 4))),
    "B": (((0, 3), (3, 3), (4, 2), (4, 1), (3, 0), (0, 0), (0, 6), (3, 6), (4, 5), (4, 4), (3, 3)),),
    "C": (((4, 1), (3, 0), (1, 0), (0, 1), (0, 5), (1, 6), (3, 6), (4, 5)),),
    "D": (((0, 0), (3, 0), (4, 1), (4, 5), (3, 6), (0, 6), (0, 0)),),
    "E": (((4, 0), (0, 0), (0, 6), (4, 6)), ((0, 3), (3, 3))),
    "F": (((4, 0), (0, 0), (0, 6)), ((0, 3), (3, 3))),
    "G": (((4, 1), (3, 0), (1, 0), (0, 1), (0, 5), (1, 6), (3, 6), (4, 5), (4, 3.5), (2, 3.5)),),
    "H": (((0, 0), (0, 6)), ((4, 0), (4, 6)), ((0, 3), (4, 3))),
    "I": (((2, 0), (2, 6)), ((1, 0), (3, 0)), ((1, 6), (3, 6))),
    "J": (((4, 0), (4, 5), (3, 6), (1, 6), (0, 5), (0, 4)),),
    "K": (((0, 0), (0, 6)), ((4, 0), (0, 4)), ((1.3, 3), (4, 6))),
    "L": (((0, 0), (0, 6), (4, 6)),),
    "M": (((0, 6), (0, 0), (2, 3.5), (4, 0), (4, 6)),),
    "N": (((0, 6), (0, 0), (4, 6), (4, 0)),),
    "O": (((1, 0), (3, 0), (4, 1), (4, 5), (3, 6), (1, 6), (0, 5), (0, 1), (1, 0)),),
    "P": (((0, 6), (0, 0), (3, 0), (4, 1), (4, 2.5), (3, 3.5), (0, 3.5)),),
    "Q": (((1, 0), (3, 0), (4, 1), (4, 5), (3, 6), (1, 6), (0, 5), (0, 1), (1, 0)), ((2.5, 4.5), (4, 6.2))),
    "R": (((0, 6), (0, 0), (3, 0), (4, 1), (4, 2.5), (3, 3.5), (0, 3.5)), ((2, 3.5), (4, 6))),
    "S": (((4, 1), (3, 0), (1, 0), (0, 1), (0, 2), (1, 3), (3, 3), (4, 4), (4, 5), (3, 6), (1, 6), (0, 5)),),
    "T": (((0, 0), (4, 0)), ((2, 0), (2, 6))),
    "U": (((0, 0), (0, 5), (1, 6), (3, 6), (4, 5), (4, 0)),),
    "V": (((0, 0), (2, 6), (4, 0)),),
    "W": (((0, 0), (1, 6), (2, 2), (3, 6), (4, 0)),),
    "X": (((0, 0), (4, 6)), ((4, 0), (0, 6))),
    "Y": (((0, 0), (2, 3), (4, 0)), ((2, 3), (2, 6))),
    "Z": (((0, 0), (4, 0), (0, 6), (4, 6)),),
    "-": (((0.8, 3), (3.2, 3)),),
    "*": (((2, 1.5), (2, 4.5)), ((0.7, 2.2), (3.3, 3.8)), ((0.7, 3.8), (3.3, 2.2))),
    ".": (((1.7, 5.7), (2.3, 5.7), (2.3, 6), (1.7, 6), (1.7, 5.7)),),
    ":": (((1.7, 1.7), (2.3, 1.7), (2.3, 2), (1.7, 2), (1.7, 1.7)), ((1.7, 5.7), (2.3, 5.7), (2.3, 6), (1.7, 6), (1.7, 5.7))),
    "/": (((4, 0), (0, 6)),),
    "(": (((3, 0), (2, 1), (1.6, 3), (2, 5), (3, 6)),),
    ")": (((1, 0), (2, 1), (2.4, 3), (2, 5), (1, 6)),),
}

Rendered = tuple[Arr, list[Box], float]  # mask 0..1, one ink box per character, y of the cap top


@lru_cache(maxsize=256)
def _render(text: str, face: Face, cap: float) -> Rendered:
    if face.kind == "dot":
        return _render_dot(text, face, cap)
    if face.kind == "stroke":
        return _render_stroke(text, face, cap)
    return _render_ttf(text, face, cap)


def _render_ttf(text: str, face: Face, cap: float) -> Rendered:
    size = max(6, round(cap / _cap_ratio(face.path)))
    font = _font(face.path, size)
    ascent, descent = font.getmetrics()
    track = face.tracking * cap
    advances = [font.getlength(ch) + track for ch in text]
    pad = int(cap * 0.4) + 3
    width = math.ceil(sum(advances)) + 2 * pad
    height = ascent + descent + 2 * pad
    im = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(im)
    boxes: list[Box] = []
    x = float(pad)
    cap_box = font.getbbox("H")
    for ch, adv in zip(text, advances, strict=True):
        if ch.isspace():
            boxes.append((x, pad + cap_box[1], x + adv - track, pad + cap_box[3]))
        else:
            draw.text((round(x), pad), ch, font=font, fill=255)
            b = font.getbbox(ch)
            boxes.append((round(x) + b[0], pad + b[1], round(x) + b[2], pad + b[3]))
        x += adv
    mask = np.asarray(im, dtype=np.float32) / 255.0
    if abs(face.xscale - 1.0) > 0.01:
        new_w = max(4, round(width * face.xscale))
        mask = np.asarray(cv2.resize(mask, (new_w, height), interpolation=cv2.INTER_AREA), dtype=np.float32)
        sx = new_w / width
        boxes = [(b[0] * sx, b[1], b[2] * sx, b[3]) for b in boxes]
    return mask, boxes, float(pad + cap_box[1])


def _render_dot(text: str, face: Face, cap: float) -> Rendered:
    radius = max(0.7, face.weight * cap / 6.6)
    pitch_y = (cap - 2 * radius) / 6
    pitch_x = pitch_y * face.xscale
    glyph_w = 4 * pitch_x + 2 * radius
    advance = glyph_w + max(pitch_x, 2 * radius) + face.tracking * cap
    pad = int(cap * 0.4) + 3
    width = math.ceil(advance * len(text)) + 2 * pad
    height = math.ceil(cap) + 2 * pad
    mask = np.zeros((height, width), np.uint8)
    boxes: list[Box] = []
    r16 = max(1, round(radius * 16))
    for i, ch in enumerate(text):
        x0 = pad + i * advance
        boxes.append((x0, float(pad), x0 + glyph_w, pad + cap))
        for ry, row in enumerate(_DOTS.get(ch, ())):
            for rx, bit in enumerate(row):
                if bit == "1":
                    cx = x0 + radius + rx * pitch_x
                    cy = pad + radius + ry * pitch_y
                    cv2.circle(mask, (round(cx * 16), round(cy * 16)), r16, 255, -1, cv2.LINE_AA, 4)
    return mask.astype(np.float32) / 255.0, boxes, float(pad)


def _render_stroke(text: str, face: Face, cap: float) -> Rendered:
    unit_y = cap / 6
    unit_x = unit_y * face.xscale
    thick = max(1, round(face.weight * cap))
    glyph_w = 4 * unit_x
    advance = glyph_w + thick + unit_x * 1.1 + face.tracking * cap
    lean = face.slant * cap
    pad = thick + int(cap * 0.4) + 3
    width = math.ceil(advance * len(text) + abs(lean)) + 2 * pad
    height = math.ceil(cap) + 2 * pad
    mask = np.zeros((height, width), np.uint8)
    boxes: list[Box] = []
    for i, ch in enumerate(text):
        x0 = pad + i * advance + max(0.0, -lean)
        boxes.append((x0 - thick / 2, pad - thick / 2, x0 + glyph_w + thick / 2 + max(0.0, lean), pad + cap + thick / 2))
        for line in _STROKES.get(ch, ()):
            pts = np.array(
                [[(x0 + gx * unit_x + face.slant * (6 - gy) * unit_y) * 16, (pad + gy * unit_y) * 16] for gx, gy in line],
                dtype=np.int32,
            )
            cv2.polylines(mask, [pts], False, 255, thick, cv2.LINE_AA, 4)
    return mask.astype(np.float32) / 255.0, boxes, float(pad)


def _measure(text: str, face: Face, cap: float) -> float:
    _, boxes, _ = _render(text, face, round(cap, 2))
    return boxes[-1][2] - boxes[0][0]


def _custom_ok(text: str) -> bool:
    return all(ch in _DOTS or ch == " " for ch in text)


def _key_face(rng: random.Random, *, custom: float = 0.3, mono_bias: float = 0.0) -> Face:
    """A face for the wanted string: condensed, wide, light, bold, mono, dot matrix or engraving."""
    r = rng.random()
    if r < custom * 0.55:
        return Face("dot", xscale=rng.uniform(0.8, 1.3), weight=rng.uniform(0.3, 0.5), tracking=rng.uniform(0.03, 0.2))
    if r < custom:
        slant = rng.choice((0.0, 0.0, 0.0, 0.1, 0.16))
        return Face(
            "stroke", xscale=rng.uniform(0.65, 1.3), weight=rng.uniform(0.07, 0.15), slant=slant, tracking=rng.uniform(0.05, 0.3)
        )
    extra = _extra_key_fonts()
    if extra and rng.random() < 0.2:
        path = rng.choice(extra)
    elif rng.random() < mono_bias:
        path = _pick_font(
            rng, ("DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf", "LiberationMono-Regular.ttf", "LiberationMono-Bold.ttf")
        )
    else:
        path = _pick_font(rng, _KEY_TTF)
    narrow = any(word in path for word in _NARROW_FILES)
    w = rng.random()
    if w < 0.35:
        xscale = rng.uniform(0.82, 0.95) if narrow else rng.uniform(0.66, 0.86)
    elif w < 0.58:
        xscale = rng.uniform(1.15, 1.45)
    else:
        xscale = rng.uniform(0.93, 1.08)
    return Face("ttf", path=path, xscale=xscale, tracking=rng.uniform(0.0, 0.22))


def _text_face(rng: random.Random, *, bold: bool = False) -> Face:
    path = _pick_font(rng, _BOLD_TTF if bold else _TEXT_TTF)
    return Face("ttf", path=path, xscale=rng.uniform(0.88, 1.08), tracking=rng.uniform(0.0, 0.08))


def _latin_face(rng: random.Random, key: Face, text: str) -> Face:
    """The key's face for other Latin lines when the face has the glyphs, else a plain face."""
    if key.kind == "ttf" or _custom_ok(text):
        return key
    return _text_face(rng)


# --------------------------------------------------------------------------------------------
# What the photos show
# --------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _wmi_makers() -> tuple[tuple[str, str], ...]:
    with (Path(catalogs.__file__).parent / "data" / "wmi.toml").open("rb") as fh:
        data = tomllib.load(fh)
    seen: dict[str, str] = {}
    for make, wmis in data.items():
        for wmi in wmis:
            seen.setdefault(wmi, make.replace("_", " "))
    listed = listed_wmis()
    return tuple(sorted((wmi, make) for wmi, make in seen.items() if wmi in listed))


def _check_char(vin: str) -> str:
    remainder = sum(CHECK_VALUES[ch] * w for ch, w in zip(vin, CHECK_WEIGHTS, strict=True)) % 11
    return "X" if remainder == 10 else str(remainder)


def _vin_char(rng: random.Random) -> str:
    return rng.choice(LOOKALIKE) if rng.random() < 0.55 else rng.choice(VIN_CHARS)


def _make_vin(rng: random.Random, avoid: str = "") -> tuple[str, str]:
    """A VIN with a listed WMI (check digit right for North American and Chinese ones) and its make."""
    makers = _wmi_makers()
    while True:
        if rng.random() < 0.3:  # Russian-assembled cars are what a Russian shop sees most
            pool = [wm for wm in makers if wm[0][0] in "XZ"]
        elif rng.random() < 0.3:
            pool = [wm for wm in makers if wm[0][0] in "12345L"]
        else:
            pool = list(makers)
        wmi, make = rng.choice(pool)
        vds = "".join(_vin_char(rng) for _ in range(5))
        serial = "".join(rng.choice(DIGITS) for _ in range(6))
        if rng.random() < 0.15:
            serial = rng.choice(LOOKALIKE[:16]) + serial[1:]
        nine = rng.choice(DIGITS + "X") if rng.random() < 0.5 else _vin_char(rng)
        vin = wmi + vds + nine + rng.choice(YEAR_CHARS) + _vin_char(rng) + serial
        if wmi[0] in "12345L":
            vin = vin[:8] + _check_char(vin) + vin[9:]
        if vin != avoid and len(vin) == 17 and all(ch in VIN_CHARS for ch in vin):
            return vin, make


@lru_cache(maxsize=1)
def _codes() -> tuple[str, ...]:
    return tuple(sorted(model_codes()))


def _make_frame(rng: random.Random) -> tuple[str, str]:
    code = rng.choice(_codes())
    car = frame_car(code) or ""
    make = car.split(" ")[0] if car else ""
    digits = 7 if make in ("Toyota", "Lexus", "") else rng.choice((6, 7, 7))
    serial = "".join(rng.choice(DIGITS) for _ in range(digits))
    if digits == 7 and make == "Toyota" and rng.random() < 0.5:
        serial = "0" + serial[1:]
    return f"{code}-{serial}", car


_MAKER_LINES = {
    "Toyota": "TOYOTA MOTOR CORPORATION",
    "Lexus": "TOYOTA MOTOR CORPORATION",
    "Nissan": "NISSAN MOTOR CO.,LTD. JAPAN",
    "Honda": "HONDA MOTOR CO.,LTD.",
    "Mitsubishi": "MITSUBISHI MOTORS CORPORATION",
    "Mazda": "MAZDA MOTOR CORPORATION",
    "Subaru": "FUJI HEAVY INDUSTRIES LTD.",
    "Suzuki": "SUZUKI MOTOR CORPORATION",
    "Daihatsu": "DAIHATSU MOTOR CO.,LTD.",
}
_RU_MAKES = {
    "Toyota": "ТОЙОТА",
    "Lexus": "ЛЕКСУС",
    "Nissan": "НИССАН",
    "Honda": "ХОНДА",
    "Mitsubishi": "МИЦУБИСИ",
    "Mazda": "МАЗДА",
    "Subaru": "СУБАРУ",
    "Suzuki": "СУЗУКИ",
    "Hyundai": "ХЕНДЭ",
    "Kia": "КИА",
    "Lada": "ЛАДА",
    "Volkswagen": "ФОЛЬКСВАГЕН",
    "Skoda": "ШКОДА",
    "Renault": "РЕНО",
    "Chevrolet": "ШЕВРОЛЕ",
    "Ford": "ФОРД",
}
_MODELS = {
    "Lada": ("211440 LADA SAMARA", "219010 LADA GRANTA", "GFL110 LADA VESTA", "212140 LADA 4X4", "KS0Y5L LADA LARGUS"),
    "Hyundai": ("SOLARIS", "CRETA", "ELANTRA", "TUCSON"),
    "Kia": ("RIO", "SPORTAGE", "CEED", "OPTIMA"),
    "Toyota": ("CAMRY", "COROLLA", "RAV4", "LAND CRUISER 200"),
    "Volkswagen": ("POLO", "TIGUAN", "JETTA", "PASSAT"),
    "Skoda": ("OCTAVIA", "RAPID", "KODIAQ"),
    "Renault": ("LOGAN", "DUSTER", "SANDERO", "KAPTUR"),
    "Nissan": ("ALMERA", "QASHQAI", "X-TRAIL", "TEANA"),
    "Chevrolet": ("NIVA", "AVEO", "CRUZE", "LACETTI"),
    "Ford": ("FOCUS", "MONDEO", "KUGA"),
    "Mitsubishi": ("LANCER", "OUTLANDER", "ASX"),
    "Mazda": ("MAZDA 3", "MAZDA 6", "CX-5"),
    "BMW": ("X5 XDRIVE30D", "520I", "X3"),
    "Mercedes": ("E 200", "C 180", "GLC 250 4MATIC"),
}
_COLORS_RU = ("БЕЛЫЙ", "ЧЕРНЫЙ", "СЕРЕБРИСТЫЙ", "СЕРЫЙ", "КРАСНЫЙ", "СИНИЙ", "ТЕМНО-ЗЕЛЕНЫЙ", "БЕЖЕВЫЙ", "КОРИЧНЕВЫЙ")
_ENGINES = (
    "G4FC",
    "G4FG",
    "21126",
    "11186",
    "K4M",
    "CWVA",
    "CFNA",
    "1ZZ",
    "2AZ",
    "3ZR",
    "QR25",
    "MR20",
    "4B12",
    "LF",
    "M16A",
    "F16D3",
)


def _plate_number(rng: random.Random) -> str:
    letters = [rng.choice(CYR_PLATE) for _ in range(3)]
    region = rng.choice(
        (
            "77",
            "97",
            "177",
            "199",
            "777",
            "50",
            "150",
            "750",
            "78",
            "178",
            "25",
            "125",
            "54",
            "66",
            "16",
            "116",
            "02",
            "63",
            "163",
        )
    )
    return f"{letters[0]}{rng.randint(1, 999):03d}{letters[1]}{letters[2]} {region}"


def _engine_number(rng: random.Random) -> str:
    code = rng.choice(_ENGINES)
    sep = rng.choice((" ", " ", "-", "  "))
    digits = "".join(rng.choice(DIGITS) for _ in range(rng.choice((6, 7, 7))))
    return code + sep + digits


def _ean13(rng: random.Random) -> str:
    body = rng.choice(("46", "40", "45", "49", "88", "80", "30", "87", "76")) + "".join(rng.choice(DIGITS) for _ in range(10))
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


_EAN_L = ("0001101", "0011001", "0010011", "0111101", "0100011", "0110001", "0101111", "0111011", "0110111", "0001011")
_EAN_PARITY = ("LLLLLL", "LLGLGG", "LLGGLG", "LLGGGL", "LGLLGG", "LGGLLG", "LGGGLL", "LGLGLG", "LGLGGL", "LGGLGL")


def _ean_modules(code: str) -> str:
    def r_code(d: int) -> str:
        return "".join("1" if b == "0" else "0" for b in _EAN_L[d])

    out = "101"
    for i, ch in enumerate(code[1:7]):
        d = int(ch)
        out += _EAN_L[d] if _EAN_PARITY[int(code[0])][i] == "L" else r_code(d)[::-1]
    out += "01010"
    for ch in code[7:]:
        out += r_code(int(ch))
    return out + "101"


def _random_modules(rng: random.Random, n: int) -> str:
    out = "11010"
    while len(out) < n:
        out += "1" * rng.randint(1, 4) + "0" * rng.randint(1, 4)
    return out + "1100011101011"


_PART_NAMES = (
    ("Фильтр масляный", "OIL FILTER"),
    ("Фильтр воздушный", "AIR FILTER"),
    ("Фильтр салона", "CABIN FILTER"),
    ("Свеча зажигания", "SPARK PLUG"),
    ("Колодки тормозные передние", "BRAKE PAD KIT"),
    ("Диск тормозной", "BRAKE DISC"),
    ("Ремень приводной", "V-RIBBED BELT"),
    ("Прокладка клапанной крышки", "GASKET"),
    ("Амортизатор задний", "SHOCK ABSORBER"),
    ("Насос водяной (помпа)", "WATER PUMP"),
    ("Датчик кислородный", "OXYGEN SENSOR"),
    ("Стойка стабилизатора", "STABILIZER LINK"),
    ("Сайлентблок рычага", "BUSHING"),
    ("Катушка зажигания", "IGNITION COIL"),
)


def _part_number(rng: random.Random) -> tuple[str, str]:
    """An OEM number in one of the makers' formats, and the brand printed on the box."""
    style = rng.choice(
        ("toyota", "toyota", "hyundai", "nissan", "vag", "vag", "renault", "mercedes", "honda", "bmw", "mitsubishi")
    )

    def d(n: int) -> str:
        return "".join(rng.choice(DIGITS) for _ in range(n))

    def a(n: int) -> str:
        return "".join(rng.choice(PART_LETTERS) for _ in range(n))

    if style == "toyota":
        prefix = rng.choice(
            ("04152", "90915", "04465", "90919", "17801", "48510", "43512", "04466", "87139", "16400", "90080", "04111")
        )
        suffix = rng.choice(("YZZ" + a(1) + d(1), d(5), d(1) + a(1) + d(3), a(2) + d(3), d(2) + a(1) + d(2)))
        return f"{prefix}-{suffix}", rng.choice(("TOYOTA", "TOYOTA GENUINE PARTS", "LEXUS"))
    if style == "hyundai":
        suffix = rng.choice((d(5), d(1) + a(1) + d(3), d(1) + a(2) + d(2), a(1) + d(4)))
        return f"{d(5)}-{suffix}", rng.choice(("HYUNDAI MOBIS", "KIA", "HYUNDAI / KIA"))
    if style == "nissan":
        suffix = rng.choice((d(2) + a(1) + d(1) + a(1), d(1) + a(2) + d(2), a(2) + d(3), d(5)))
        return f"{d(5)}-{suffix}", rng.choice(("NISSAN", "NISSAN GENUINE PARTS", "INFINITI"))
    if style == "vag":
        number = d(1) + a(1) + d(1) + d(6) + rng.choice(("", "", a(1), a(2), a(3)))
        return number, rng.choice(("VAG", "VOLKSWAGEN", "SKODA", "AUDI", "VW ORIGINAL TEILE"))
    if style == "renault":
        return rng.choice(("8200", "7700", "7701", "8201", "1520")) + d(6), rng.choice(("RENAULT", "LADA / RENAULT", "DACIA"))
    if style == "mercedes":
        return "A" + rng.choice(("000", "004", "205", "213", "166", "271", "651")) + d(7), "MERCEDES-BENZ"
    if style == "honda":
        return f"{d(5)}-{a(3)}-{a(1)}{d(2)}", "HONDA"
    if style == "bmw":
        return rng.choice(("11", "13", "34", "31", "64")) + d(9), "BMW"
    return rng.choice(("MD", "MZ", "MR", "MN")) + d(6), "MITSUBISHI"


# --------------------------------------------------------------------------------------------
# Surfaces and the flat document
# --------------------------------------------------------------------------------------------


def _scaled(c: Color, factor: float, add: float = 0.0) -> Color:
    return (min(1.0, c[0] * factor + add), min(1.0, c[1] * factor + add), min(1.0, c[2] * factor + add))


def _rgb(c: Color) -> Arr:
    return np.array(c, dtype=np.float32)


def _normal(nprng: np.random.Generator, shape: tuple[int, ...], sigma: float) -> Arr:
    out = nprng.standard_normal(shape, dtype=np.float32)
    out *= np.float32(sigma)
    return out


def _smooth_noise(nprng: np.random.Generator, h: int, w: int, cells: int, amp: float) -> Arr:
    gh, gw = max(2, cells * h // max(h, w) + 1), max(2, cells * w // max(h, w) + 1)
    small = _normal(nprng, (gh, gw), amp)
    return np.asarray(cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC), dtype=np.float32)


def _surface(
    nprng: np.random.Generator, h: int, w: int, color: Color, *, brushed: float = 0.0, grain: float = 0.015, blotch: float = 0.03
) -> Arr:
    shade = 1.0 + _smooth_noise(nprng, h, w, 5, blotch)
    if brushed > 0:
        streak = _normal(nprng, (h, max(2, w // 24)), brushed)
        shade += np.asarray(cv2.resize(streak, (w, h), interpolation=cv2.INTER_LINEAR), dtype=np.float32)
    if grain > 0:
        shade += _normal(nprng, (h, w), grain)
    return shade[..., None] * _rgb(color)


class Doc:
    """A flat sheet, plate or panel in its own pixels, with the wanted string's character boxes."""

    def __init__(self, base: Arr) -> None:
        self.base = base
        self.img = base.copy()
        self.height = np.zeros(base.shape[:2], np.float32)
        self.key_boxes: list[Box] = []
        self.glare: tuple[float, float, float] | None = None  # a glare spot over one character (x, y, size)
        self.alpha = np.ones(base.shape[:2], np.float32)

    @property
    def h(self) -> int:
        return int(self.img.shape[0])

    @property
    def w(self) -> int:
        return int(self.img.shape[1])

    def put(
        self,
        text: str,
        face: Face,
        cap: float,
        x: float,
        y: float,
        color: Color,
        *,
        alpha: float = 1.0,
        key: bool = False,
        relief: bool = False,
    ) -> float:
        """Draws text with its first character's ink at x and its cap top at y; returns the right edge."""
        mask, boxes, top = _render(text, face, round(cap, 2))
        ox = round(x - boxes[0][0])
        oy = round(y - top)
        self.blend(mask, ox, oy, color, alpha=alpha, relief=relief)
        if key:
            self.key_boxes = [(b[0] + ox, b[1] + oy, b[2] + ox, b[3] + oy) for b in boxes]
        return boxes[-1][2] + ox

    def blend(self, mask: Arr, ox: int, oy: int, color: Color, *, alpha: float = 1.0, relief: bool = False) -> None:
        mh, mw = mask.shape[:2]
        x0, y0 = max(0, ox), max(0, oy)
        x1, y1 = min(self.w, ox + mw), min(self.h, oy + mh)
        if x1 <= x0 or y1 <= y0:
            return
        m = mask[y0 - oy : y1 - oy, x0 - ox : x1 - ox] * alpha
        if relief:
            region = self.height[y0:y1, x0:x1]
            np.maximum(region, m, out=region)
        else:
            reg = self.img[y0:y1, x0:x1]
            reg *= 1.0 - m[..., None]
            reg += m[..., None] * _rgb(color)

    def fill(self, mask: Arr, color: Color | Arr, alpha: float = 1.0) -> None:
        """Blends a full-size mask with a colour (or an image), only where the mask is."""
        x, y, w, h = cv2.boundingRect((mask > 0.002).astype(np.uint8))
        if w == 0 or h == 0:
            return
        m = (mask[y : y + h, x : x + w] * np.float32(alpha))[..., None]
        reg = self.img[y : y + h, x : x + w]
        paint = color[y : y + h, x : x + w] if isinstance(color, np.ndarray) else _rgb(color)
        reg *= 1.0 - m
        reg += m * paint


def _full_mask(doc: Doc) -> npt.NDArray[np.uint8]:
    return np.zeros((doc.h, doc.w), np.uint8)


def _line(doc: Doc, p0: tuple[float, float], p1: tuple[float, float], color: Color, thick: float, alpha: float = 1.0) -> None:
    mask = _full_mask(doc)
    cv2.line(
        mask,
        (round(p0[0] * 16), round(p0[1] * 16)),
        (round(p1[0] * 16), round(p1[1] * 16)),
        255,
        max(1, round(thick)),
        cv2.LINE_AA,
        4,
    )
    doc.fill(mask.astype(np.float32) / 255.0, color, alpha)


def _rect(doc: Doc, x0: float, y0: float, x1: float, y1: float, color: Color, alpha: float = 1.0, thick: int = -1) -> None:
    mask = _full_mask(doc)
    cv2.rectangle(mask, (round(x0), round(y0)), (round(x1), round(y1)), 255, thick, cv2.LINE_AA)
    doc.fill(mask.astype(np.float32) / 255.0, color, alpha)


def _bars(doc: Doc, x: float, y: float, module: float, height: float, modules: str, color: Color) -> float:
    mask = np.zeros((doc.h, doc.w), np.float32)
    for i, bit in enumerate(modules):
        if bit == "1":
            a, b = x + i * module, x + (i + 1) * module
            ia, ib = max(0, int(a)), min(doc.w, math.ceil(b))
            y0, y1 = max(0, round(y)), min(doc.h, round(y + height))
            if ia < ib and y0 < y1:
                cols = np.clip(np.minimum(np.arange(ia, ib) + 1, b) - np.maximum(np.arange(ia, ib), a), 0, 1).astype(np.float32)
                np.maximum(mask[y0:y1, ia:ib], cols[None, :], out=mask[y0:y1, ia:ib])
    doc.fill(mask, color)
    return x + len(modules) * module


def _qr(doc: Doc, rng: random.Random, x: float, y: float, size: float, color: Color) -> None:
    n = 21
    cell = size / n
    mask = np.zeros((doc.h, doc.w), np.float32)
    grid = [[rng.random() < 0.5 for _ in range(n)] for _ in range(n)]
    for fx, fy in ((0, 0), (n - 7, 0), (0, n - 7)):
        for i in range(7):
            for j in range(7):
                ring = max(abs(i - 3), abs(j - 3))
                grid[fy + i][fx + j] = ring != 2
        for i in range(-1, 8):
            for j in range(-1, 8):
                if 0 <= fy + i < n and 0 <= fx + j < n and (i in (-1, 7) or j in (-1, 7)):
                    grid[fy + i][fx + j] = False
    for i in range(n):
        for j in range(n):
            if grid[i][j]:
                y0, x0 = round(y + i * cell), round(x + j * cell)
                y1, x1 = round(y + (i + 1) * cell), round(x + (j + 1) * cell)
                mask[max(0, y0) : max(0, y1), max(0, x0) : max(0, x1)] = 1.0
    doc.fill(mask, color)


def _kanji(doc: Doc, rng: random.Random, x: float, y: float, size: float, color: Color) -> float:
    """A made-up CJK-looking glyph (the machine has no Japanese font): strokes in a box."""
    mask = _full_mask(doc)
    thick = max(1, round(size * rng.uniform(0.07, 0.11)))

    def seg(ax: float, ay: float, bx: float, by: float) -> None:
        p = (round((x + ax * size) * 16), round((y + ay * size) * 16))
        q = (round((x + bx * size) * 16), round((y + by * size) * 16))
        cv2.line(mask, p, q, 255, thick, cv2.LINE_AA, 4)

    if rng.random() < 0.5:  # a radical on the left
        seg(0.05, 0.2, 0.35, 0.2)
        seg(0.2, 0.0, 0.2, 1.0)
        seg(0.05, 0.6, 0.35, 0.45)
        left = 0.45
    else:
        left = 0.05
    for _ in range(rng.randint(3, 6)):
        t = rng.random()
        if t < 0.45:
            yy = rng.uniform(0.05, 0.95)
            seg(left + rng.uniform(0, 0.1), yy, rng.uniform(0.7, 0.95), yy)
        elif t < 0.8:
            xx = rng.uniform(left + 0.05, 0.9)
            seg(xx, rng.uniform(0.0, 0.3), xx, rng.uniform(0.6, 1.0))
        else:
            seg(rng.uniform(left, 0.6), rng.uniform(0.3, 0.6), rng.uniform(0.6, 0.95), rng.uniform(0.8, 1.0))
    if rng.random() < 0.5:
        cv2.rectangle(
            mask, (round(x + left * size), round(y + 0.35 * size)), (round(x + 0.92 * size), round(y + 0.95 * size)), 255, thick
        )
    doc.fill(mask.astype(np.float32) / 255.0, color)
    return x + size * 1.1


def _rivet(doc: Doc, cx: float, cy: float, r: float, light: tuple[float, float], tint: Color = (0.72, 0.72, 0.74)) -> None:
    """A domed rivet head (or a bolt, a weld spot), shaded by the light's direction."""
    x0, x1 = max(0, int(cx - r - 3)), min(doc.w, int(cx + r + 4))
    y0, y1 = max(0, int(cy - r - 3)), min(doc.h, int(cy + r + 4))
    if x1 <= x0 or y1 <= y0:
        return
    yy, xx = np.mgrid[y0:y1, x0:x1].astype(np.float32)
    dx, dy = (xx - cx) / r, (yy - cy) / r
    d2 = dx * dx + dy * dy
    inside = np.clip((1.0 - np.sqrt(d2)) * r, 0.0, 1.0)
    nz = np.sqrt(np.clip(1.0 - d2, 0.0, 1.0))
    lx, ly = light
    shade = np.clip(0.55 + 0.45 * (dx * lx + dy * ly) * -1.0 + 0.25 * nz, 0.15, 1.3)
    spec = np.clip(1.0 - ((dx + lx * 0.45) ** 2 + (dy + ly * 0.45) ** 2) * 9.0, 0.0, 1.0) ** 2
    color = _rgb(tint)[None, None, :] * shade[..., None] + spec[..., None] * 0.5
    ring = np.clip(1.0 - np.abs(np.sqrt(d2) - 1.0) * r / 1.5, 0.0, 1.0) * 0.5
    reg = doc.img[y0:y1, x0:x1]
    reg *= (1.0 - ring * 0.6)[..., None]
    a = inside[..., None]
    reg *= 1.0 - a
    reg += a * color


def _relief(doc: Doc, rng: random.Random, *, cap: float, raised: bool, strength: float, groove_dark: float, sharp: float) -> None:
    """Turns the height map (punched or embossed characters) into light and shade."""
    if not doc.height.any():
        return
    sigma = max(0.6, cap * sharp)
    hmap = np.asarray(cv2.GaussianBlur(doc.height, (0, 0), sigma), dtype=np.float32)
    if not raised:
        rim = np.asarray(cv2.GaussianBlur(doc.height, (0, 0), sigma * 2.5), dtype=np.float32)
        z = -hmap + 0.35 * np.clip(rim - hmap, 0, None)
    else:
        z = hmap
    depth = strength * 2.0 * sigma
    z = z * depth
    gx = np.asarray(cv2.Sobel(z, cv2.CV_32F, 1, 0, ksize=3), dtype=np.float32) / 8.0
    gy = np.asarray(cv2.Sobel(z, cv2.CV_32F, 0, 1, ksize=3), dtype=np.float32) / 8.0
    az = rng.uniform(0, 2 * math.pi)
    el = math.radians(rng.uniform(20, 55))
    lx, ly, lz = math.cos(el) * math.cos(az), math.cos(el) * math.sin(az), math.sin(el)
    lambert = (-gx * lx - gy * ly + lz) / np.sqrt(gx * gx + gy * gy + 1.0) / lz
    shade = np.clip(lambert, 0.2, 2.2)
    spec = np.clip(shade - 1.15, 0, None) ** 2 * rng.uniform(0.2, 0.8)
    dark = 1.0 - groove_dark * (hmap if not raised else 0.0 * hmap)
    doc.img *= (shade * dark)[..., None]
    doc.img += spec[..., None]


# --------------------------------------------------------------------------------------------
# One damaged character
# --------------------------------------------------------------------------------------------

DAMAGES = ("scratch", "rivet", "chip", "dirt", "sticker", "stroke", "glare", "crease")
_DAMAGE_BY_SURFACE = {
    "paper": ("scratch", "dirt", "sticker", "stroke", "glare", "crease", "crease", "glare", "chip"),
    "laminate": ("scratch", "dirt", "sticker", "stroke", "glare", "glare", "glare", "crease", "crease"),
    "metal": ("scratch", "scratch", "rivet", "chip", "dirt", "sticker", "stroke", "glare", "glare"),
    "stamp": ("scratch", "scratch", "rivet", "chip", "chip", "dirt", "stroke", "stroke", "glare"),
}


def _blob(nprng: np.random.Generator, doc: Doc, cx: float, cy: float, r: float, soft: float) -> Arr:
    mask = _full_mask(doc)
    n = int(nprng.integers(7, 12))
    angles = np.sort(nprng.uniform(0, 2 * math.pi, n))
    radii = r * nprng.uniform(0.55, 1.15, n)
    pts = np.stack([cx + radii * np.cos(angles), cy + radii * np.sin(angles)], axis=1) * 16
    cv2.fillPoly(mask, [pts.astype(np.int32)], 255, cv2.LINE_AA, 4)
    out = mask.astype(np.float32) / 255.0
    if soft > 0:
        out = np.asarray(cv2.GaussianBlur(out, (0, 0), soft), dtype=np.float32)
    return out


def _ink_point(doc: Doc, box: Box, rng: random.Random) -> tuple[float, float]:
    """A point on the character's ink (or in its punched groove), so the damage hits the glyph."""
    x0, y0 = max(0, int(box[0])), max(0, int(box[1]))
    x1, y1 = min(doc.w, math.ceil(box[2])), min(doc.h, math.ceil(box[3]))
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    if x1 <= x0 or y1 <= y0:
        return cx, cy
    if doc.height[y0:y1, x0:x1].max() > 0.5:
        ink = doc.height[y0:y1, x0:x1] > 0.5
    else:
        ink = np.abs(doc.img[y0:y1, x0:x1] - doc.base[y0:y1, x0:x1]).sum(axis=2) > 0.3
    ys, xs = np.nonzero(ink)
    if len(xs) == 0:
        return cx + rng.uniform(-0.3, 0.3) * (box[2] - box[0]), cy + rng.uniform(-0.35, 0.35) * (box[3] - box[1])
    i = rng.randrange(len(xs))
    return float(x0 + xs[i]), float(y0 + ys[i])


def _damage(
    doc: Doc, kind: str, rng: random.Random, nprng: np.random.Generator, *, surface: str, light: tuple[float, float]
) -> str:
    """Damages one character of the wanted string; returns what was done."""
    tall = sorted(b[3] - b[1] for b in doc.key_boxes)
    if not tall:
        return "none"
    boxes = [b for b in doc.key_boxes if b[3] - b[1] >= 0.6 * tall[len(tall) // 2] and b[2] - b[0] > 1]  # not the dash
    x0, y0, x1, y1 = rng.choice(boxes)
    bw, bh = x1 - x0, y1 - y0
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    px, py = _ink_point(doc, (x0, y0, x1, y1), rng)
    if kind == "scratch":
        ang = rng.choice((rng.uniform(-70, -15), rng.uniform(15, 70), rng.uniform(-12, 12)))
        length = bh * rng.uniform(1.0, 2.8)
        dx, dy = math.cos(math.radians(ang)) * length / 2, math.sin(math.radians(ang)) * length / 2
        thick = max(1.0, bh * rng.uniform(0.05, 0.1))
        if surface == "stamp":
            canvas = _full_mask(doc)
            cv2.line(
                canvas,
                (round((px - dx) * 16), round((py - dy) * 16)),
                (round((px + dx) * 16), round((py + dy) * 16)),
                255,
                round(thick),
                cv2.LINE_AA,
                4,
            )
            doc.fill(canvas.astype(np.float32) / 255.0, (0.85, 0.85, 0.86), rng.uniform(0.5, 0.85))
        else:
            bright = rng.random() < 0.7
            color = (0.93, 0.93, 0.92) if bright else (0.2, 0.19, 0.18)
            _line(doc, (px - dx, py - dy), (px + dx, py + dy), color, thick, rng.uniform(0.55, 0.95))
            if rng.random() < 0.4:
                off = thick * 2.2
                _line(
                    doc,
                    (px - dx * 0.6 + off, py - dy * 0.6 + off),
                    (px + dx * 0.5 + off, py + dy * 0.5 + off),
                    color,
                    max(1.0, thick * 0.6),
                    0.5,
                )
    elif kind == "rivet":
        r = bh * rng.uniform(0.2, 0.3)
        ry = cy + rng.choice((-1, 1)) * bh * rng.uniform(0.28, 0.5)
        _rivet(doc, cx + rng.uniform(-0.25, 0.25) * bw, ry, r, light)
    elif kind == "chip":
        r = bh * rng.uniform(0.14, 0.24)
        mask = _blob(nprng, doc, px, py, r, 0.0)
        if surface in ("paper", "laminate"):
            doc.fill(mask, doc.base)
        else:
            chip = rng.choice(((0.82, 0.82, 0.83), (0.55, 0.55, 0.5), (0.45, 0.3, 0.2), (0.7, 0.72, 0.7)))
            edge = np.clip(np.asarray(cv2.GaussianBlur(mask, (0, 0), 1.2), dtype=np.float32) - mask, 0, 1) * 2.0
            doc.fill(np.clip(edge, 0, 1), (0.1, 0.1, 0.1), 0.5)
            doc.fill(mask, chip)
    elif kind == "dirt":
        mask = _blob(nprng, doc, px, py, bh * rng.uniform(0.22, 0.4), bh * 0.07)
        grime = rng.choice(((0.25, 0.2, 0.14), (0.35, 0.3, 0.25), (0.5, 0.3, 0.15), (0.15, 0.15, 0.15)))
        doc.fill(mask, grime, rng.uniform(0.35, 0.65))
    elif kind == "sticker":
        # the corner of another label pokes into the top or the bottom of the character
        depth = bh * rng.uniform(0.2, 0.38)
        down = rng.random() < 0.5
        tip_y = y0 + depth if down else y1 - depth
        tip_x = cx + rng.uniform(-0.3, 0.3) * bw
        rot = math.radians(rng.uniform(-20, 20))
        far = bh * rng.uniform(8, 16)
        sgn = -1 if down else 1
        p1 = (tip_x + far * math.cos(math.radians(135) + rot), tip_y + sgn * far * abs(math.sin(math.radians(135) + rot)))
        p2 = (tip_x + far * math.cos(math.radians(45) + rot), tip_y + sgn * far * abs(math.sin(math.radians(45) + rot)))
        far_pt = (tip_x + far * math.sin(rot), tip_y + sgn * far * 1.4)
        canvas = _full_mask(doc)
        pts = np.array([(tip_x, tip_y), p2, far_pt, p1], np.float32) * 16
        cv2.fillPoly(canvas, [pts.astype(np.int32)], 255, cv2.LINE_AA, 4)
        m = canvas.astype(np.float32) / 255.0
        shadow = np.clip(np.asarray(cv2.GaussianBlur(m, (0, 0), max(1.0, bh * 0.05)), dtype=np.float32) - m, 0, 1)
        doc.fill(shadow, (0.0, 0.0, 0.0), 0.5)
        paper = rng.choice(((0.95, 0.95, 0.93), (0.97, 0.9, 0.45), (0.85, 0.9, 0.97), (0.93, 0.93, 0.9)))
        doc.fill(m, paper, rng.uniform(0.9, 1.0))
    elif kind == "stroke":
        # a broken stroke: a thin gap across the ink (a worn die, a missed print dot, flaked paint)
        canvas = _full_mask(doc)
        ang = math.radians(rng.choice((0.0, 90.0, rng.uniform(-60, 60))))
        half = bh * rng.uniform(0.2, 0.35)
        thick = max(1, round(bh * rng.uniform(0.08, 0.14)))
        p = (round((px - math.cos(ang) * half) * 16), round((py - math.sin(ang) * half) * 16))
        q = (round((px + math.cos(ang) * half) * 16), round((py + math.sin(ang) * half) * 16))
        cv2.line(canvas, p, q, 255, thick, cv2.LINE_AA, 4)
        m = canvas.astype(np.float32) / 255.0
        if surface == "stamp":
            doc.height *= 1.0 - m * rng.uniform(0.7, 0.95)
        else:
            doc.fill(m, doc.base, rng.uniform(0.8, 1.0))
    elif kind == "glare":
        doc.glare = (cx + rng.uniform(-0.2, 0.2) * bw, cy + rng.uniform(-0.2, 0.2) * bh, bh)
    elif kind == "crease":
        ang = math.radians(rng.uniform(60, 120) if rng.random() < 0.7 else rng.uniform(-30, 30))
        nx, ny = -math.sin(ang), math.cos(ang)
        yy, xx = np.mgrid[0 : doc.h, 0 : doc.w].astype(np.float32)
        dist = (xx - px) * nx + (yy - py) * ny
        side = np.where(dist > 0, rng.uniform(0.9, 0.97), rng.uniform(1.0, 1.05)).astype(np.float32)
        ridge = np.exp(-((dist / max(1.0, bh * 0.04)) ** 2)).astype(np.float32)
        valley = np.exp(-(((dist - bh * 0.08) / max(1.0, bh * 0.05)) ** 2)).astype(np.float32)
        doc.img *= side[..., None]
        near = np.exp(-((dist / max(1.5, bh * 0.09)) ** 2)).astype(np.float32)
        flake = near * (nprng.random((doc.h, doc.w)).astype(np.float32) < 0.45)
        doc.fill(flake, doc.base, 0.85)
        doc.fill(ridge, (1.0, 1.0, 1.0), 0.55)
        doc.fill(valley, (0.2, 0.2, 0.2), 0.3)
    return kind


# --------------------------------------------------------------------------------------------
# The kinds
# --------------------------------------------------------------------------------------------


@dataclass
class Built:
    doc: Doc
    surface: str  # paper, laminate, metal, stamp
    scene: str  # table, car, dash, engine, panel
    cap: float  # the wanted string's cap height in the document's pixels
    reflective: bool = False
    notes: list[str] = field(default_factory=list)
    tint: Color | None = None  # the colour of what the document is part of (a stamped panel)


def _embed(
    doc: Doc, nprng: np.random.Generator, color: Color, margins: tuple[float, float, float, float], *, shadow: float = 0.35
) -> Doc:
    """Puts a label on something bigger (a box's side): the key boxes move with it."""
    left, top, right, bottom = (round(v) for v in margins)
    h, w = doc.h + top + bottom, doc.w + left + right
    outer = Doc(_surface(nprng, h, w, color, grain=0.02, blotch=0.06))
    a = np.zeros((h, w), np.float32)
    a[top : top + doc.h, left : left + doc.w] = doc.alpha
    soft = np.asarray(cv2.GaussianBlur(a, (0, 0), max(1.0, 0.004 * w)), dtype=np.float32)
    outer.img *= (1.0 - shadow * soft)[..., None]
    region = outer.img[top : top + doc.h, left : left + doc.w]
    region[:] = region * (1.0 - doc.alpha[..., None]) + doc.img * doc.alpha[..., None]
    outer.base = outer.img.copy()
    outer.base[top : top + doc.h, left : left + doc.w] = doc.base
    outer.height[top : top + doc.h, left : left + doc.w] = doc.height
    outer.key_boxes = [(b[0] + left, b[1] + top, b[2] + left, b[3] + top) for b in doc.key_boxes]
    if doc.glare is not None:
        outer.glare = (doc.glare[0] + left, doc.glare[1] + top, doc.glare[2])
    return outer


def _feather(doc: Doc, width: float) -> None:
    """Soft edges, so a panel melts into the same metal around it."""
    ys = np.minimum(np.arange(doc.h, dtype=np.float32), np.arange(doc.h, dtype=np.float32)[::-1])
    xs = np.minimum(np.arange(doc.w, dtype=np.float32), np.arange(doc.w, dtype=np.float32)[::-1])
    doc.alpha = np.clip(np.minimum(ys[:, None], xs[None, :]) / max(1.0, width), 0.0, 1.0).astype(np.float32)


Op = Callable[[Doc], None]


class Layout:
    """Collects text and shapes with their places, to size the document before drawing."""

    def __init__(self) -> None:
        self.ops: list[Op] = []
        self.right = 0.0
        self.bottom = 0.0

    def text(
        self,
        text: str,
        face: Face,
        cap: float,
        x: float,
        y: float,
        color: Color,
        *,
        key: bool = False,
        relief: bool = False,
        alpha: float = 1.0,
    ) -> float:
        width = _measure(text, face, cap)

        def op(doc: Doc) -> None:
            doc.put(text, face, cap, x, y, color, key=key, relief=relief, alpha=alpha)

        self.ops.append(op)
        self.right = max(self.right, x + width)
        self.bottom = max(self.bottom, y + cap * 1.35)
        return x + width

    def shape(self, op: Op, right: float, bottom: float) -> None:
        self.ops.append(op)
        self.right = max(self.right, right)
        self.bottom = max(self.bottom, bottom)

    def draw(self, doc: Doc) -> None:
        for op in self.ops:
            op(doc)


def _ink(rng: random.Random) -> Color:
    return rng.choice(((0.06, 0.06, 0.07), (0.12, 0.12, 0.14), (0.16, 0.15, 0.14), (0.08, 0.1, 0.2), (0.2, 0.2, 0.22)))


def _vin_plate(rng: random.Random, nprng: np.random.Generator, u: float) -> tuple[Built, str]:
    vin, make = _make_vin(rng)
    style = rng.choices(("alu", "sticker", "dash", "dotlabel", "engraved"), (3.0, 3.0, 1.6, 1.6, 1.4))[0]
    m = u * rng.uniform(0.9, 1.8)
    lay = Layout()
    light = (rng.uniform(-1, 1), rng.uniform(-1, 1))
    if style == "dotlabel":
        key = Face("dot", xscale=rng.uniform(0.8, 1.25), weight=rng.uniform(0.32, 0.5), tracking=rng.uniform(0.03, 0.2))
    elif style == "engraved":
        key = Face(
            "stroke",
            xscale=rng.uniform(0.7, 1.25),
            weight=rng.uniform(0.06, 0.11),
            slant=rng.choice((0.0, 0.0, 0.12)),
            tracking=rng.uniform(0.1, 0.3),
        )
    else:
        key = _key_face(rng, custom=0.22 if style != "dash" else 0.1)
    ink = (0.85, 0.86, 0.86) if style == "dash" else _ink(rng)
    small = u * rng.uniform(0.5, 0.72)
    label_face = _text_face(rng, bold=rng.random() < 0.4)
    latin = _latin_face(rng, key, "GVW 1860 KG")
    if style == "dotlabel":
        label_face = key
    maker = make.upper()
    y = m
    if style != "dash":
        head = rng.choice((f"{maker} MOTOR COMPANY", f"MANUFACTURED BY {maker}", maker, f"MFD. BY {maker}"))
        if maker in ("LADA", "GAZ", "UAZ", "KAMAZ") and style not in ("dotlabel", "engraved"):
            head = rng.choice(("ПАО «АВТОВАЗ»", "ООО «АВТОЗАВОД»", "СДЕЛАНО В РОССИИ"))
        lay.text(head, label_face if _custom_ok(head) or label_face.kind == "ttf" else _text_face(rng), small * 1.1, m, y, ink)
        y += small * rng.uniform(2.0, 2.6)
    rows: list[list[tuple[str, Face, float, bool]]] = []
    vin_label = rng.choice(("VIN", "VIN:", "V.I.N.", "VEHICLE IDENT. NO.", "IDENT.-NR.", "VIN CODE"))
    if style == "dash":
        vin_label = rng.choice(("", "", "VIN"))
    same_line = rng.random() < 0.6
    vin_row: list[tuple[str, Face, float, bool]] = [(vin, key, u, True)]
    if vin_label:
        lf = label_face if label_face.kind == "ttf" or _custom_ok(vin_label) else _text_face(rng)
        if same_line:
            vin_row.insert(0, (vin_label, lf, small, False))
        else:
            rows.append([(vin_label, lf, small, False)])
    rows.append(vin_row)
    extras: list[list[tuple[str, Face, float, bool]]] = []
    if style != "dash":
        gvw = rng.randint(1350, 2900)
        extras.append(
            [(rng.choice(("GVW", "G.V.W.", "MAX. MASS", "GVWR")), latin, small, False), (f"{gvw} KG", latin, small, False)]
        )
        extras.append(
            [(f"1- {rng.randint(600, 1400)} KG", latin, small, False), (f"2- {rng.randint(600, 1400)} KG", latin, small, False)]
        )
        eng = rng.choice(_ENGINES)
        paint = rng.choice(("NKA", "1G3", "040", "KAD", "LC9X", "690", "QAB", "PGU", "R7A", "2T2"))
        extras.append(
            [
                ("ENGINE", latin, small, False),
                (eng, latin, small, False),
                ("PAINT", latin, small, False),
                (paint, latin, small, False),
            ]
        )
        if rng.random() < 0.5:
            extras.append(
                [("DATE", latin, small, False), (f"{rng.randint(1, 12):02d}/{rng.randint(2004, 2023)}", latin, small, False)]
            )
        if rng.random() < 0.4 and style not in ("dotlabel", "engraved"):
            approval = f"ТС RU E-{rng.choice(('KR', 'JP', 'DE', 'RU'))}.{rng.choice(('MT22', 'AE79', 'MP02', 'MY'))}.{rng.randint(1, 99999):05d}"
            extras.append([(approval, _text_face(rng), small, False)])
        r = rng.random()
        if r < 0.22:  # a second 17-character string under another label
            other, _ = _make_vin(rng, avoid=vin)
            extras.append(
                [
                    (rng.choice(("PROD. NO.", "ORDER", "SEQ. NO.", "BODY ID")), latin, small, False),
                    (other, latin, small * rng.uniform(0.85, 1.05), False),
                ]
            )
        elif r < 0.5:
            extras.append(
                [
                    (rng.choice(("ENGINE NO.", "ENG. NO.", "MOTOR")), latin, small, False),
                    (_engine_number(rng).replace("  ", " "), latin, small, False),
                ]
            )
    rng.shuffle(extras)
    insert_at = rng.randint(0, min(2, len(extras)))
    rows = extras[:insert_at] + rows + extras[insert_at:]
    barcode_under = style in ("sticker", "dash") and rng.random() < 0.75
    for row in rows:
        x = m
        height = max(cap for _, _, cap, _ in row)
        for text, face, cap, is_key in row:
            yy = y + (height - cap) * 0.5
            x = lay.text(text, face, cap, x, yy, ink, key=is_key, relief=style == "engraved" and is_key) + u * rng.uniform(
                0.5, 1.2
            )
        y += height * rng.uniform(1.55, 2.1)
        if barcode_under and any(is_key for *_, is_key in row):
            modules = _random_modules(rng, 150)
            module = max(1.0, u * rng.uniform(0.11, 0.17))
            bh = u * rng.uniform(1.3, 2.2)
            by = y - height * 0.3

            def barcode(doc: Doc, by: float = by, mo: str = modules, md: float = module, bh: float = bh) -> None:
                _bars(doc, m, by, md, bh, mo, ink)

            lay.shape(barcode, m + len(modules) * module, by + bh)
            y = by + bh + u * 0.8
    if style == "sticker" and rng.random() < 0.6:
        fine = (
            "THIS VEHICLE CONFORMS TO ALL APPLICABLE",
            "SAFETY STANDARDS IN EFFECT ON THE DATE",
            "OF MANUFACTURE SHOWN ABOVE.",
        )
        for line in fine[: rng.randint(1, 3)]:
            lay.text(line, _text_face(rng), small * 0.7, m, y, ink)
            y += small * 1.3
    width = lay.right + m
    height = max(lay.bottom, y) + m * 0.8
    w, h = round(width), round(height)
    if style == "alu":
        base = _surface(nprng, h, w, rng.choice(((0.78, 0.79, 0.8), (0.68, 0.69, 0.7), (0.74, 0.66, 0.45))), brushed=0.03)
    elif style == "engraved":
        base = _surface(nprng, h, w, rng.choice(((0.7, 0.71, 0.72), (0.76, 0.67, 0.44), (0.62, 0.64, 0.66))), brushed=0.04)
    elif style == "dash":
        base = _surface(nprng, h, w, rng.choice(((0.1, 0.1, 0.11), (0.16, 0.16, 0.17), (0.2, 0.2, 0.22))), grain=0.03)
    else:
        base = _surface(
            nprng, h, w, rng.choice(((0.95, 0.95, 0.93), (0.86, 0.87, 0.88), (0.96, 0.94, 0.86))), grain=0.01, blotch=0.015
        )
    doc = Doc(base)
    if style in ("alu", "sticker", "engraved") and rng.random() < 0.7:
        inset = m * 0.35
        _rect(doc, inset, inset, w - inset, h - inset, ink, 0.8, max(1, round(u * 0.06)))
    lay.draw(doc)
    if style == "alu":
        rr = m * 0.22
        for rx, ry in ((m * 0.45, m * 0.45), (w - m * 0.45, m * 0.45), (m * 0.45, h - m * 0.45), (w - m * 0.45, h - m * 0.45)):
            _rivet(doc, rx, ry, rr, light)
    if style == "engraved":
        _relief(doc, rng, cap=u, raised=False, strength=rng.uniform(0.6, 1.2), groove_dark=rng.uniform(0.25, 0.6), sharp=0.03)
    surface = {"alu": "metal", "engraved": "metal", "dash": "metal", "sticker": "paper", "dotlabel": "paper"}[style]
    scene = "dash" if style == "dash" else rng.choice(("car", "car", "engine"))
    return Built(doc, surface, scene, u, reflective=style == "dash" or rng.random() < 0.3, notes=[style]), vin


def _sts(rng: random.Random, nprng: np.random.Generator, u: float, *, jp: bool) -> tuple[Built, str]:
    """An СТС card: security print, labels in small type, values printed in capitals."""
    if jp:
        frame, car = _make_frame(rng)
        make = car.split(" ")[0] if car else "Toyota"
        model = " ".join(car.split(" ")[1:]).upper() if car else ""
        key_text = frame
        vin = ""
    else:
        vin, make = _make_vin(rng)
        key_text = vin
        model = rng.choice(_MODELS.get(make, ("",)))
    value_face = _key_face(rng, custom=0.0, mono_bias=0.35)
    if any(w in value_face.path for w in ("Oblique", "Italic")) and rng.random() < 0.6:
        value_face = Face("ttf", path=_pick_font(rng, _KEY_TTF[:6]), xscale=value_face.xscale, tracking=value_face.tracking)
    label_face = _text_face(rng)
    lc = rng.uniform(0.5, 0.68) * u
    vc = u * rng.uniform(0.9, 1.0)
    ink = _ink(rng)
    label_ink: Color = rng.choice(((0.35, 0.22, 0.22), (0.25, 0.25, 0.3), (0.3, 0.3, 0.28)))
    red: Color = rng.choice(((0.75, 0.15, 0.15), (0.6, 0.12, 0.2)))
    m = u * rng.uniform(1.0, 2.0)
    lay = Layout()
    y = m
    lay.text("РОССИЙСКАЯ ФЕДЕРАЦИЯ", label_face, lc * 0.9, m, y, label_ink)
    serial = f"{rng.randint(10, 99):02d} {rng.randint(10, 99):02d} № {rng.randint(100000, 999999)}"
    lay.text(serial, _text_face(rng, bold=True), u * rng.uniform(0.8, 1.05), m + lc * 20, y, red)
    y += lc * 1.9
    lay.text("СВИДЕТЕЛЬСТВО О РЕГИСТРАЦИИ ТС", _text_face(rng, bold=True), lc * 1.25, m, y, label_ink)
    y += lc * 3.0
    ru_make = _RU_MAKES.get(make, make.upper())
    brand = f"{ru_make} {model}".strip() if rng.random() < 0.5 or not model else f"{make.upper()} {model}"
    year = str(rng.randint(1996, 2012) if jp else rng.randint(2005, 2024))
    power = rng.randint(55, 180)
    none = rng.choice(("ОТСУТСТВУЕТ", "ОТСУТСТВУЕТ", "ОТСУТСТ.", "ОТСУТСТВУЕТ"))
    rows: list[tuple[str, str, bool]] = [
        ("Регистрационный знак", _plate_number(rng), False),
        ("Идентификационный номер (VIN)", none if jp else vin, not jp),
        ("Марка, модель", brand, False),
        ("Тип ТС", rng.choice(("ЛЕГКОВОЙ СЕДАН", "ЛЕГКОВОЙ УНИВЕРСАЛ", "ЛЕГКОВОЙ КОМБИ (ХЭТЧБЕК)", "ЛЕГКОВОЙ")), False),
        ("Категория ТС (A, B, C, D, прицеп)", "B", False),
        ("Год выпуска ТС", year, False),
        ("Шасси (рама) №", none, False),
    ]
    body = frame if jp else (vin if rng.random() < 0.55 else none)
    rows.append(("Кузов (кабина, прицеп) №", body, jp))
    rows.append(("Цвет", rng.choice(_COLORS_RU), False))
    rows.append(("Мощность двигателя, кВт/л.с.", f"{round(power * 0.7355)}/{power}", False))
    if rng.random() < 0.5:
        rows.append(("Экологический класс", rng.choice(("ЧЕТВЕРТЫЙ", "ПЯТЫЙ", "ТРЕТИЙ")), False))
    rows.append(("Разрешенная max масса, кг", str(rng.randint(1300, 2600)), False))
    rows.append(("Масса без нагрузки, кг", str(rng.randint(900, 1900)), False))
    distractor = rng.random()
    if distractor < 0.18 and not jp:
        other, _ = _make_vin(rng, avoid=vin)
        rows.insert(rng.randint(3, len(rows)), ("Номер двигателя", other, False))
    elif distractor < 0.6:
        rows.insert(
            rng.randint(3, len(rows)), (rng.choice(("Модель, № двигателя", "Номер двигателя")), _engine_number(rng), False)
        )
    rows.append(
        (
            "Паспорт ТС",
            f"{rng.randint(10, 99)} {rng.choice(CYR_PLATE)}{rng.choice(CYR_PLATE)} {rng.randint(100000, 999999)}",
            False,
        )
    )
    layout = rng.choice(("columns", "columns", "stacked"))
    col = m + max(_measure(lbl, label_face, lc) for lbl, _, _ in rows) + lc * rng.uniform(1.0, 3.0)
    jitter_y = rng.uniform(-0.25, 0.25) * u  # the printer's feed: values sit a little off their lines
    jitter_x = rng.uniform(-1.0, 1.5) * u
    for label, value, is_key in rows:
        lay.text(label, label_face, lc, m, y, label_ink)
        if layout == "columns":
            vx, vy = col + jitter_x, y - (vc - lc) * 0.7 + jitter_y
            step = max(vc, lc) * rng.uniform(1.65, 2.0)
        else:
            vx, vy = m + u * rng.uniform(0.5, 3.0), y + lc * 1.6
            step = lc * 1.6 + vc * rng.uniform(1.5, 1.8)
        cap = u if is_key else vc
        lay.text(value, value_face, cap, vx, vy, ink, key=is_key)
        y += step
    width, height = round(lay.right + m), round(lay.bottom + m)
    paper: Color = rng.choice(((0.95, 0.88, 0.88), (0.93, 0.94, 0.86), (0.95, 0.92, 0.84), (0.92, 0.9, 0.93)))
    base = _surface(nprng, height, width, paper, grain=0.012, blotch=0.02)
    guil = _full_mask_shape(height, width)
    period = u * rng.uniform(2.0, 4.0)
    amp = u * rng.uniform(0.4, 1.2)
    xs = np.arange(0, width, 2, dtype=np.float32)
    for k in range(int(height / (u * 0.45)) + 2):
        y0 = k * u * 0.45
        ys = y0 + amp * np.sin(xs / period + k * 0.7)
        pts = (np.stack([xs, ys], axis=1) * 16).astype(np.int32)
        cv2.polylines(guil, [pts], False, 255, 1, cv2.LINE_AA, 4)
    tint = _rgb(paper) * np.float32(0.86)
    g = (guil.astype(np.float32) / 255.0 * rng.uniform(0.25, 0.6))[..., None]
    base = base * (1 - g) + tint * g
    doc = Doc(base.astype(np.float32))
    if rng.random() < 0.6:
        small = np.zeros((height // 8 + 1, width // 8 + 1), np.float32)
        cv2.circle(
            small,
            (round(width * rng.uniform(0.55, 0.8) / 8), round(height * rng.uniform(0.35, 0.65) / 8)),
            round(u * rng.uniform(3, 6) / 8),
            1.0,
            -1,
        )
        small = np.asarray(cv2.GaussianBlur(small, (0, 0), max(0.5, u / 16)), dtype=np.float32)
        doc.fill(
            np.asarray(cv2.resize(small, (width, height), interpolation=cv2.INTER_LINEAR), dtype=np.float32),
            (0.7, 0.6, 0.6),
            0.15,
        )
    lay.draw(doc)
    return Built(
        doc,
        "laminate" if rng.random() < 0.75 else "paper",
        "table",
        u,
        reflective=rng.random() < 0.35,
        notes=["sts_jp" if jp else "sts"],
    ), key_text


def _full_mask_shape(h: int, w: int) -> npt.NDArray[np.uint8]:
    return np.zeros((h, w), np.uint8)


def _stamped(rng: random.Random, nprng: np.random.Generator, u: float, *, text: str | None = None) -> tuple[Built, str]:
    """A VIN punched into a body panel: the relief is all there is to read."""
    vin = text or _make_vin(rng)[0]
    r = rng.random()
    if r < 0.4:
        key = Face("stroke", xscale=rng.uniform(0.65, 1.1), weight=rng.uniform(0.1, 0.17), tracking=rng.uniform(0.1, 0.35))
    elif r < 0.6:
        key = Face("dot", xscale=rng.uniform(0.85, 1.2), weight=rng.uniform(0.28, 0.42), tracking=rng.uniform(0.1, 0.3))
    else:
        key = _key_face(rng, custom=0.0, mono_bias=0.5)
        if "Serif" in key.path or "Oblique" in key.path or "Italic" in key.path:
            key = Face("ttf", path=_pick_font(rng, _STAMP_TTF), xscale=key.xscale, tracking=key.tracking)
    stars = rng.random() < 0.35 and text is None
    two_lines = rng.random() < 0.12 and text is None
    mx, my = u * rng.uniform(4.0, 12.0), u * rng.uniform(3.0, 8.0)
    lay = Layout()
    if two_lines:
        cut = rng.choice((8, 9, 10, 11))
        lay.text(vin[:cut], key, u, mx, my, (0, 0, 0), relief=True)
        lay.text(vin[cut:], key, u, mx, my + u * 1.7, (0, 0, 0), relief=True)
        parts: tuple[str, ...] = (vin[:cut], vin[cut:])
    else:
        shown = f"*{vin}*" if stars and key.kind != "ttf" else vin
        if shown != vin:
            lay.text(shown, key, u, mx, my, (0, 0, 0), relief=True)
        else:
            lay.text(vin, key, u, mx, my, (0, 0, 0), relief=True, key=True)
        parts = (shown,)
    width, height = round(lay.right + mx), round(lay.bottom + my)
    paint: Color = rng.choice(
        (
            (0.86, 0.86, 0.84),
            (0.7, 0.71, 0.72),
            (0.16, 0.16, 0.17),
            (0.55, 0.1, 0.1),
            (0.15, 0.25, 0.5),
            (0.5, 0.5, 0.48),
            (0.16, 0.3, 0.22),
            (0.74, 0.7, 0.6),
        )
    )
    base = _surface(nprng, height, width, paint, grain=rng.uniform(0.015, 0.04), blotch=0.05, brushed=rng.choice((0.0, 0.02)))
    doc = Doc(base)
    lay.draw(doc)
    if two_lines or parts[0] != vin:
        # the wanted characters' boxes: find them in the rendered pieces
        _mask, boxes, top = _render(parts[0], key, round(u, 2))
        ox = round(mx - boxes[0][0])
        oy = round(my - top)
        first = [(b[0] + ox, b[1] + oy, b[2] + ox, b[3] + oy) for b in boxes]
        if two_lines:
            _mask2, boxes2, top2 = _render(parts[1], key, round(u, 2))
            ox2, oy2 = round(mx - boxes2[0][0]), round(my + u * 1.7 - top2)
            doc.key_boxes = first + [(b[0] + ox2, b[1] + oy2, b[2] + ox2, b[3] + oy2) for b in boxes2]
        else:
            doc.key_boxes = first[1:-1]
    light = (rng.uniform(-1, 1), rng.uniform(-1, 1))
    for _ in range(rng.randint(0, 3)):  # weld spots and bolts around
        side = rng.random() < 0.5
        cx = rng.uniform(0, width)
        cy = rng.uniform(0, my * 0.6) if side else rng.uniform(height - my * 0.6, height)
        _rivet(doc, cx, cy, u * rng.uniform(0.25, 0.6), light, _scaled(paint, 0.9))
    _feather(doc, u * 2.5)
    return Built(doc, "stamp", "panel", u, reflective=rng.random() < 0.3, notes=["stamped", key.kind], tint=paint), vin


def _frame(rng: random.Random, nprng: np.random.Generator, u: float, *, stamp: bool) -> tuple[Built, str]:
    frame, car = _make_frame(rng)
    make = car.split(" ")[0] if car else "Toyota"
    style = "stamp" if stamp else rng.choices(("printed", "embossed"), (3.0, 2.0))[0]
    if style == "stamp":
        built, _ = _stamped(rng, nprng, u, text=frame)
        built.notes = ["frame-stamp"]
        return built, frame
    key = _key_face(rng, custom=0.3)
    ink = _ink(rng)
    small = u * rng.uniform(0.5, 0.7)
    m = u * rng.uniform(0.9, 1.6)
    lay = Layout()
    label_face = _text_face(rng, bold=rng.random() < 0.5)
    latin = _latin_face(rng, key, "ENGINE 1NZ")
    y = m
    lay.text(_MAKER_LINES.get(make, "MADE IN JAPAN"), label_face, small * 1.1, m, y, ink)
    y += small * 2.4
    code = frame.split("-")[0]

    def kanji_label(x: float, y: float, n: int, size: float) -> float:
        seed = rng.random()
        right = x + n * size * 1.1

        def op(doc: Doc) -> None:
            krng = random.Random(seed)
            xx = x
            for _ in range(n):
                xx = _kanji(doc, krng, xx, y, size, ink)

        lay.shape(op, right, y + size)
        return right

    rows: list[tuple[int, str, str, bool]] = [
        (4, rng.choice(("FRAME NO.", "CHASSIS NO.", "", "")), frame, True),
        (
            2,
            "MODEL",
            f"{rng.choice(('CBA', 'DBA', 'TA', 'UA', 'GH', 'LA', 'E', 'GF'))}-{code}"
            + (f"-{''.join(rng.choice('ABCDEFGHKLMNPRSTUVWXYZ') for _ in range(5))}" if rng.random() < 0.5 else ""),
            False,
        ),
        (3, "ENGINE", rng.choice(("1NZ", "2ZR", "QG15", "HR15", "L15A", "4G15", "EJ20", "K6A", "ZY", "1ZZ", "3S")), False),
        (
            4,
            "COLOR/TRIM",
            f"{rng.choice(('1G3', '040', '202', 'KH3', 'NH578', 'QX1', 'A31'))}/{rng.choice(('FB20', 'FA10', 'G', 'LA11'))}",
            False,
        ),
    ]
    if rng.random() < 0.5:
        rows.append(
            (
                3,
                "TRANS/AXLE",
                rng.choice(("U341", "A245", "RE0F08", "CVT")) + (f" {rng.randint(1, 99):02d}" if rng.random() < 0.5 else ""),
                False,
            )
        )
    if rng.random() < 0.4:
        rows.append((2, "PLANT", rng.choice(("A1", "B2", "TMC", "1")), False))
    key_first = rows[0]
    rest = rows[1:]
    rng.shuffle(rest)
    pos = rng.randint(0, min(2, len(rest)))
    rows = [*rest[:pos], key_first, *rest[pos:]]
    ksize = small * rng.uniform(1.0, 1.3)
    for n_kanji, label, value, is_key in rows:
        x = kanji_label(m, y, n_kanji, ksize)
        if label:
            x = lay.text(
                label,
                latin if _custom_ok(label) or latin.kind == "ttf" else _text_face(rng),
                small,
                x + small * 0.6,
                y + (ksize - small) / 2,
                ink,
            )
        x = max(x + u * 0.6, m + ksize * 5.0)
        cap = u if is_key else small * rng.uniform(1.0, 1.3)
        lay.text(value, latin if not is_key else key, cap, x, y + (ksize - cap) / 2, ink, key=is_key, relief=style == "embossed")
        y += max(cap, ksize) * rng.uniform(1.6, 2.1)
    width, height = round(lay.right + m), round(lay.bottom + m * 0.7)
    base = _surface(nprng, height, width, rng.choice(((0.8, 0.81, 0.82), (0.7, 0.71, 0.72), (0.86, 0.86, 0.84))), brushed=0.035)
    doc = Doc(base)
    inset = m * 0.3
    _rect(doc, inset, inset, width - inset, height - inset, ink, 0.7, max(1, round(u * 0.05)))
    lay.draw(doc)
    light = (rng.uniform(-1, 1), rng.uniform(-1, 1))
    if style == "embossed":
        _relief(
            doc,
            rng,
            cap=u,
            raised=rng.random() < 0.5,
            strength=rng.uniform(0.6, 1.3),
            groove_dark=rng.uniform(0.1, 0.4),
            sharp=0.035,
        )
    if rng.random() < 0.7:
        for rx, ry in ((m * 0.5, height / 2), (width - m * 0.5, height / 2)):
            _rivet(doc, rx, ry, m * 0.22, light)
    return Built(doc, "metal", rng.choice(("engine", "car")), u, reflective=rng.random() < 0.35, notes=["frame-" + style]), frame


def _part_label(rng: random.Random, nprng: np.random.Generator, u: float) -> tuple[Built, str]:
    number, brand = _part_number(rng)
    ru_name, en_name = rng.choice(_PART_NAMES)
    r = rng.random()
    if r < 0.2:
        key = Face("dot", xscale=rng.uniform(0.85, 1.25), weight=rng.uniform(0.32, 0.5), tracking=rng.uniform(0.03, 0.15))
    else:
        key = _key_face(rng, custom=0.0)
        if rng.random() < 0.5:
            key = Face("ttf", path=_pick_font(rng, _BOLD_TTF), xscale=key.xscale, tracking=key.tracking)
    ink = _ink(rng)
    small = u * rng.uniform(0.45, 0.65)
    m = u * rng.uniform(0.8, 1.5)
    label_face = _text_face(rng)
    lay = Layout()
    band: Color = rng.choice(
        ((0.8, 0.1, 0.1), (0.1, 0.2, 0.5), (0.05, 0.05, 0.05), (0.9, 0.45, 0.1), (0.15, 0.4, 0.25), (0.95, 0.95, 0.95))
    )
    band_h = u * rng.uniform(1.4, 2.0)
    text_on_band: Color = (0.97, 0.97, 0.97) if sum(band) < 2.0 else ink
    lay.text(brand, _text_face(rng, bold=True), band_h * 0.5, m, m * 0.5 + band_h * 0.25, text_on_band)
    y = m * 0.5 + band_h + u * 0.8
    label = rng.choice(("PART NO.", "Артикул:", "Номер детали", "P/N", "PART NUMBER", "Каталожный номер"))
    if rng.random() < 0.5:
        lay.text(label, label_face, small, m, y + (u - small) * 0.5, ink)
        x = m + _measure(label, label_face, small) + u * 0.6
    else:
        lay.text(label, label_face, small, m, y, ink)
        y += small * 1.8
        x = m
    lay.text(number, key, u, x, y, ink, key=True)
    y += u * rng.uniform(1.7, 2.2)
    lay.text(ru_name, label_face, small * 1.1, m, y, ink)
    y += small * 1.9
    if rng.random() < 0.6:
        lay.text(en_name, label_face, small, m, y, ink)
        y += small * 1.8
    info = [
        rng.choice(("Кол-во: 1 шт.", "Кол-во 2 шт", "QTY 1 PC", "Кол-во: 4 шт.")),
        rng.choice(
            ("Сделано в Японии", "Сделано в Корее", "Произведено в России", "MADE IN JAPAN", "MADE IN GERMANY", "Сделано в Китае")
        ),
    ]
    x = m
    for t in info:
        x = lay.text(t, label_face, small * 0.9, x, y, ink) + u * 1.2
    y += small * 1.9
    if rng.random() < 0.6:
        lay.text(
            f"{rng.randint(2015, 2024)}.{rng.randint(1, 12):02d}  LOT {rng.randint(1, 9)}{rng.choice('ABCDEFGH')}{rng.randint(10, 99)}",
            label_face,
            small * 0.85,
            m,
            y,
            ink,
        )
        y += small * 1.8
    ean = _ean13(rng)
    module = max(1.0, u * rng.uniform(0.08, 0.13))
    bar_h = u * rng.uniform(1.6, 2.8)
    by = y + u * 0.3

    def barcode(doc: Doc) -> None:
        _bars(doc, m, by, module, bar_h, _ean_modules(ean), ink)

    lay.shape(barcode, m + 95 * module, by + bar_h)
    digits_face = Face(
        "ttf", path=_pick_font(rng, ("DejaVuSansMono.ttf", "LiberationMono-Regular.ttf", "DejaVuSans.ttf")), tracking=0.1
    )
    ean_text = f"{ean[0]} {ean[1:7]} {ean[7:]}"
    lay.text(ean_text, digits_face, module * 7.5, m, by + bar_h + module * 3, ink)
    if rng.random() < 0.4:
        qx = m + 95 * module + u * 2
        qs = u * rng.uniform(2.0, 3.0)
        qseed = rng.random()
        lay.shape(lambda doc: _qr(doc, random.Random(qseed), qx, by, qs, ink), qx + qs, by + qs)
    width, height = round(lay.right + m), round(lay.bottom + m * 0.6)
    paper: Color = rng.choice(((0.96, 0.96, 0.94), (0.93, 0.92, 0.88), (0.97, 0.95, 0.85), (0.9, 0.93, 0.96)))
    base = _surface(nprng, height, width, paper, grain=0.012, blotch=0.02)
    doc = Doc(base)
    band_mask = np.zeros((height, width), np.float32)
    band_mask[round(m * 0.5) : round(m * 0.5 + band_h), :] = 1.0
    doc.fill(band_mask, band)
    doc.base = doc.img.copy()
    lay.draw(doc)
    if rng.random() < 0.75:  # the label is stuck on the box
        box: Color = rng.choice(
            ((0.62, 0.48, 0.32), (0.7, 0.56, 0.38), (0.93, 0.93, 0.92), (0.85, 0.2, 0.15), (0.15, 0.25, 0.55), (0.95, 0.6, 0.1))
        )
        margins = (u * rng.uniform(1.0, 6.0), u * rng.uniform(1.0, 6.0), u * rng.uniform(1.0, 6.0), u * rng.uniform(1.0, 6.0))
        doc = _embed(doc, nprng, box, margins, shadow=0.15)
    return Built(doc, "paper", "table", u, reflective=rng.random() < 0.25, notes=["part"]), number


# --------------------------------------------------------------------------------------------
# The photo: a scene, the document in perspective, light and the camera
# --------------------------------------------------------------------------------------------


def _scene(kind: str, h: int, w: int, rng: random.Random, nprng: np.random.Generator, tint: Color | None = None) -> Arr:
    """What is around the document: a door pillar, an engine bay, a dashboard, a desk, the panel."""
    sh, sw = max(16, h // 3), max(16, w // 3)
    k = sw / 400.0  # sizes of drawn things in the small image

    def draw_line(img: Arr, p: tuple[float, float], q: tuple[float, float], color: Color, thick: float) -> None:
        cv2.line(img, (round(p[0]), round(p[1])), (round(q[0]), round(q[1])), color, max(1, round(thick)), cv2.LINE_AA)

    if kind == "panel" and tint is not None:
        img = _surface(nprng, sh, sw, _scaled(tint, rng.uniform(0.85, 1.05)), grain=0.01, blotch=0.08)
        for _ in range(rng.randint(1, 3)):  # seams and folds of the sheet metal
            y = rng.uniform(0, sh)
            p, q = (0.0, y), (float(sw), y + rng.uniform(-0.3, 0.3) * sh)
            draw_line(img, p, q, (0.05, 0.05, 0.05), 2 * k)
            draw_line(img, (p[0], p[1] + 3 * k), (q[0], q[1] + 3 * k), _scaled(tint, 1.4, 0.1), 1.5 * k)
        for _ in range(rng.randint(0, 3)):
            cv2.circle(
                img,
                (rng.randint(0, sw), rng.randint(0, sh)),
                max(2, round(rng.uniform(6, 16) * k)),
                (0.04, 0.04, 0.04),
                -1,
                cv2.LINE_AA,
            )
    elif kind == "car":
        paint: Color = rng.choice(
            (
                (0.85, 0.85, 0.84),
                (0.6, 0.61, 0.63),
                (0.15, 0.15, 0.16),
                (0.5, 0.08, 0.08),
                (0.12, 0.2, 0.4),
                (0.3, 0.3, 0.3),
                (0.7, 0.65, 0.55),
            )
        )
        img = _surface(nprng, sh, sw, paint, grain=0.01, blotch=0.07)
        vertical = rng.random() < 0.6
        edge = rng.uniform(0.05, 0.3) * (sw if vertical else sh)
        seal = rng.uniform(12, 30) * k
        if vertical:  # the door's rubber seal along one side
            x = edge if rng.random() < 0.5 else sw - edge
            cv2.rectangle(img, (round(x - seal), 0), (round(x + seal), sh), (0.06, 0.06, 0.07), -1)
            draw_line(img, (x - seal, 0), (x - seal, sh), (0.3, 0.3, 0.3), 1.5 * k)
        else:
            y = edge if rng.random() < 0.5 else sh - edge
            cv2.rectangle(img, (0, round(y - seal)), (sw, round(y + seal)), (0.06, 0.06, 0.07), -1)
        for _ in range(rng.randint(1, 3)):
            y = rng.uniform(0, sh)
            draw_line(img, (0, y), (sw, y + rng.uniform(-40, 40) * k), _scaled(paint, 0.5), 2 * k)
        if rng.random() < 0.6:
            cv2.circle(
                img,
                (rng.randint(0, sw), rng.randint(0, sh)),
                max(2, round(rng.uniform(8, 20) * k)),
                (0.05, 0.05, 0.05),
                -1,
                cv2.LINE_AA,
            )
    elif kind == "engine":
        img = _surface(nprng, sh, sw, (0.2, 0.2, 0.21), grain=0.02, blotch=0.15)
        for _ in range(rng.randint(4, 9)):
            tone = rng.uniform(0.04, 0.55)
            c = (rng.randint(0, sw), rng.randint(0, sh))
            if rng.random() < 0.5:
                cv2.ellipse(
                    img,
                    c,
                    (rng.randint(sw // 20, sw // 4), rng.randint(sh // 20, sh // 4)),
                    rng.uniform(0, 180),
                    0,
                    360,
                    (tone, tone, tone * 1.05),
                    -1,
                    cv2.LINE_AA,
                )
            else:  # a hose
                pts = np.array(
                    [(c[0] + i * rng.uniform(20, 60) * k, c[1] + rng.uniform(-30, 30) * k) for i in range(5)], np.int32
                )
                cv2.polylines(img, [pts], False, (0.03, 0.03, 0.03), max(2, round(rng.uniform(8, 20) * k)), cv2.LINE_AA)
    elif kind == "dash":
        img = _surface(
            nprng, sh, sw, rng.choice(((0.12, 0.12, 0.13), (0.2, 0.19, 0.18), (0.08, 0.08, 0.09))), grain=0.03, blotch=0.1
        )
        if rng.random() < 0.6:  # the sky through the windscreen above the dashboard
            y = rng.uniform(0.05, 0.35) * sh
            pts = np.array([(0, 0), (sw, 0), (sw, y + rng.uniform(-20, 20) * k), (0, y)], np.int32)
            cv2.fillPoly(img, [pts], (0.75, 0.8, 0.85))
    else:  # a desk or a counter
        color: Color = rng.choice(
            ((0.55, 0.4, 0.25), (0.75, 0.72, 0.68), (0.3, 0.3, 0.32), (0.85, 0.85, 0.83), (0.45, 0.3, 0.2), (0.2, 0.25, 0.35))
        )
        img = _surface(nprng, sh, sw, color, grain=0.01, blotch=0.06)
        if rng.random() < 0.5:  # wood grain
            streak = _normal(nprng, (max(2, sh // 20), sw // 2 + 1), 0.06)
            img *= (1.0 + np.asarray(cv2.resize(streak, (sw, sh), interpolation=cv2.INTER_CUBIC), dtype=np.float32))[..., None]
        if rng.random() < 0.4:  # a pen or a key lying about
            pen = (rng.uniform(0, sw), rng.uniform(0, sh))
            ang = rng.uniform(0, math.pi)
            ln = rng.uniform(60, 160) * k
            draw_line(
                img,
                pen,
                (pen[0] + math.cos(ang) * ln, pen[1] + math.sin(ang) * ln),
                rng.choice(((0.1, 0.1, 0.4), (0.05, 0.05, 0.05), (0.7, 0.1, 0.1))),
                4 * k,
            )
    img = np.asarray(cv2.GaussianBlur(img, (0, 0), 0.7), dtype=np.float32)
    return np.asarray(cv2.resize(img, (w, h), interpolation=cv2.INTER_LINEAR), dtype=np.float32)


def _bend(doc: Doc, rng: random.Random) -> None:
    """A curved surface: the sheet seen on a cylinder (a pillar, a bottle-like box, a bent card)."""
    h, w = doc.h, doc.w
    phi = math.radians(rng.uniform(25, 70))
    sag = rng.uniform(-0.06, 0.06) * h
    xs = (np.arange(w, dtype=np.float32) - w / 2) / (w / 2)
    src_u = np.arcsin(np.clip(xs * math.sin(phi), -1, 1)) / phi
    map_x = np.tile((src_u * (w / 2) + w / 2).astype(np.float32), (h, 1))
    map_y = (np.arange(h, dtype=np.float32)[:, None] + sag * (1 - np.cos(src_u * phi))[None, :] / (1 - math.cos(phi))).astype(
        np.float32
    )
    shade = (0.8 + 0.2 * np.cos(src_u * phi + rng.uniform(-0.5, 0.5))).astype(np.float32)
    doc.img = (
        np.asarray(cv2.remap(doc.img, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE), dtype=np.float32)
        * shade[None, :, None]
    )
    doc.alpha = np.asarray(
        cv2.remap(doc.alpha, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=0), dtype=np.float32
    )
    # the key boxes move with the surface
    inv = np.interp(np.arange(w, dtype=np.float32), map_x[0], np.arange(w, dtype=np.float32))

    def fx(x: float) -> float:
        return float(np.interp(x, np.arange(w), inv))

    sag_at = sag * (1 - np.cos(src_u * phi)) / (1 - math.cos(phi))
    doc.key_boxes = [
        (
            fx(b[0]),
            b[1] - float(sag_at[min(w - 1, max(0, round(fx((b[0] + b[2]) / 2))))]),
            fx(b[2]),
            b[3] - float(sag_at[min(w - 1, max(0, round(fx((b[0] + b[2]) / 2))))]),
        )
        for b in doc.key_boxes
    ]
    if doc.glare is not None:
        gx, gy, gs = doc.glare
        doc.glare = (fx(gx), gy - float(sag_at[min(w - 1, max(0, round(fx(gx))))]), gs)


def _rotation(ax: float, ay: float, az: float) -> npt.NDArray[np.float64]:
    cx, sx = math.cos(ax), math.sin(ax)
    cy, sy = math.cos(ay), math.sin(ay)
    cz, sz = math.cos(az), math.sin(az)
    rx = np.array([[1, 0, 0], [0, cx, -sx], [0, sx, cx]])
    ry = np.array([[cy, 0, sy], [0, 1, 0], [-sy, 0, cy]])
    rz = np.array([[cz, -sz, 0], [sz, cz, 0], [0, 0, 1]])
    return np.asarray(rz @ ry @ rx, dtype=np.float64)


def _place(doc: Doc, scene: Arr, rng: random.Random, scale: float, max_tilt: float) -> tuple[Arr, npt.NDArray[np.float64], float]:
    """Puts the document into the scene in perspective with the wanted string inside the frame."""
    H, W = scene.shape[:2]
    kb = doc.key_boxes
    kx0, ky0 = min(b[0] for b in kb), min(b[1] for b in kb)
    kx1, ky1 = max(b[2] for b in kb), max(b[3] for b in kb)
    kcx, kcy = (kx0 + kx1) / 2, (ky0 + ky1) / 2
    tilt = math.radians(max_tilt) * math.sqrt(rng.random())
    direction = rng.uniform(0, 2 * math.pi)
    ax, ay = tilt * math.sin(direction), tilt * math.cos(direction)
    az = math.radians(rng.triangular(-15, 15, 0))
    focal = W * rng.uniform(0.8, 1.5)
    src = np.array([(0, 0), (doc.w, 0), (doc.w, doc.h), (0, doc.h), (kx0, ky0), (kx1, ky0), (kx1, ky1), (kx0, ky1)], np.float64)
    # each character's middle line, to keep the narrowest one readable
    mids = np.array(
        [
            p
            for b in kb
            for p in ((b[0], (b[1] + b[3]) / 2), (b[2], (b[1] + b[3]) / 2), ((b[0] + b[2]) / 2, b[1]), ((b[0] + b[2]) / 2, b[3]))
        ],
        np.float64,
    )
    src_all = np.concatenate([src, mids])
    margin = 0.05 * min(W, H)
    proj = src_all
    for _ in range(12):
        rot = _rotation(ax, ay, az)
        pts = np.stack([(src_all[:, 0] - kcx) * scale, (src_all[:, 1] - kcy) * scale, np.zeros(len(src_all))], axis=1) @ rot.T
        z = np.maximum(pts[:, 2] + focal, focal * 0.2)
        proj = np.stack([focal * pts[:, 0] / z, focal * pts[:, 1] / z], axis=1)
        key = proj[4:8]
        kw, kh = key[:, 0].max() - key[:, 0].min(), key[:, 1].max() - key[:, 1].min()
        if kw > W - 2 * margin or kh > H - 2 * margin:
            scale *= 0.9 * min((W - 2 * margin) / kw, (H - 2 * margin) / kh, 1.0)
            continue
        widths = np.hypot(*(proj[9::4] - proj[8::4]).T)
        heights = np.hypot(*(proj[11::4] - proj[10::4]).T)
        if float(np.median(widths)) >= max(4.5, 0.4 * float(np.median(heights))):
            break
        # too narrow to read: look at it more squarely, or come closer
        ax, ay = ax * 0.7, ay * 0.7
        scale *= 1.08
    proj = proj[:8]
    key = proj[4:]
    doc_c = proj[:4].mean(axis=0)
    lo_x, hi_x = margin - key[:, 0].min(), W - margin - key[:, 0].max()
    lo_y, hi_y = margin - key[:, 1].min(), H - margin - key[:, 1].max()
    # aim the document's middle at the photo's middle (people frame what they shoot), then keep the key inside
    want_x = W / 2 - doc_c[0] + rng.uniform(-0.15, 0.15) * W
    want_y = H / 2 - doc_c[1] + rng.uniform(-0.15, 0.15) * H
    tx = min(max(want_x, lo_x), hi_x) if hi_x > lo_x else (lo_x + hi_x) / 2
    ty = min(max(want_y, lo_y), hi_y) if hi_y > lo_y else (lo_y + hi_y) / 2
    dst = proj + np.array([tx, ty])
    hm = np.asarray(cv2.getPerspectiveTransform(src[:4].astype(np.float32), dst[:4].astype(np.float32)), dtype=np.float64)
    rgba = np.dstack([doc.img, doc.alpha])
    warped = np.asarray(
        cv2.warpPerspective(rgba, hm, (W, H), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=(0, 0, 0, 0)),
        dtype=np.float32,
    )
    alpha = warped[..., 3:4]
    if rng.random() < 0.6:  # a soft shadow of the sheet on what it lies on, worked out small
        small = np.asarray(
            cv2.resize(alpha[..., 0], (max(8, W // 8), max(8, H // 8)), interpolation=cv2.INTER_AREA), dtype=np.float32
        )
        shift = np.array([[1, 0, rng.uniform(-1.2, 1.2)], [0, 1, rng.uniform(0.0, 1.5)]], np.float32)
        small = np.asarray(cv2.warpAffine(small, shift, (small.shape[1], small.shape[0])), dtype=np.float32)
        small = np.asarray(cv2.GaussianBlur(small, (0, 0), 1.0), dtype=np.float32)
        sh = np.asarray(cv2.resize(small, (W, H), interpolation=cv2.INTER_LINEAR), dtype=np.float32)
        scene *= (1.0 - 0.45 * sh)[..., None]
    out = np.ascontiguousarray(warped[..., :3])
    out -= scene
    out *= alpha
    out += scene
    caps = []
    tall = sorted(b[3] - b[1] for b in kb)[len(kb) // 2] * 0.6
    for b in kb:
        if b[3] - b[1] < tall:  # a dash or a star
            continue
        p = np.array([[[b[0], b[1]], [b[0], b[3]]]], np.float32)
        q = cv2.perspectiveTransform(p, hm)[0]
        caps.append(float(np.hypot(*(q[1] - q[0]))))
    return out.astype(np.float32), hm, min(caps) if caps else 0.0


def _light(
    img: Arr, rng: random.Random, nprng: np.random.Generator, *, reflective: bool, glare: tuple[float, float, float] | None
) -> Arr:
    """Uneven light, a shadow, reflections, a glare spot: light fields worked out small, then scaled up."""
    H, W = img.shape[:2]
    sh, sw = max(8, H // 8), max(8, W // 8)
    gy, gx = np.mgrid[0:sh, 0:sw].astype(np.float32)
    gy /= sh
    gx /= sw
    mult = 1.0 + rng.uniform(-0.35, 0.35) * (gx - 0.5) + rng.uniform(-0.35, 0.35) * (gy - 0.5)
    mult += _smooth_noise(nprng, sh, sw, 4, rng.uniform(0.03, 0.12))
    mult *= 1.0 - rng.uniform(0.0, 0.35) * ((gx - 0.5) ** 2 + (gy - 0.5) ** 2) * 2.0
    mult *= rng.uniform(0.8, 1.15)
    if rng.random() < 0.35:  # a hand's or the phone's shadow
        mask = np.zeros((sh, sw), np.float32)
        cx, cy = rng.uniform(0, sw), rng.uniform(0, sh)
        pts = np.array(
            [
                (cx + math.cos(t) * rng.uniform(0.2, 0.7) * sw, cy + math.sin(t) * rng.uniform(0.2, 0.7) * sh)
                for t in np.linspace(0, 2 * math.pi, 7)[:-1]
            ],
            np.int32,
        )
        cv2.fillPoly(mask, [pts], 1.0)
        mask = np.asarray(cv2.GaussianBlur(mask, (0, 0), rng.uniform(1.0, 4.0)), dtype=np.float32)
        mult *= 1.0 - rng.uniform(0.25, 0.5) * mask
    screen = np.zeros((sh, sw), np.float32)
    if reflective and rng.random() < 0.8:  # a window's reflection: soft bright bands
        ang = rng.uniform(0, math.pi)
        d = (gx - 0.5) * sw * math.cos(ang) + (gy - 0.5) * sh * math.sin(ang)
        for _ in range(rng.randint(1, 3)):
            c = rng.uniform(-0.5, 0.5) * max(sw, sh)
            wid = rng.uniform(0.02, 0.12) * max(sw, sh)
            screen += np.exp(-(((d - c) / wid) ** 2)) * np.float32(rng.uniform(0.12, 0.35))
    mult_full = np.asarray(cv2.resize(mult.astype(np.float32), (W, H), interpolation=cv2.INTER_LINEAR), dtype=np.float32)
    img *= mult_full[..., None]
    if screen.any():
        scr = np.asarray(cv2.resize(np.clip(screen, 0, 0.6), (W, H), interpolation=cv2.INTER_LINEAR), dtype=np.float32)
        img = np.asarray(1.0 - (1.0 - img) * (1.0 - scr[..., None]), dtype=np.float32)
    if glare is not None:  # a bright spot on one character
        gxp, gyp, size = glare
        r = max(2.0, size * rng.uniform(0.3, 0.55))
        reach = int(r * 5)
        x0, x1 = max(0, int(gxp) - reach), min(W, int(gxp) + reach)
        y0, y1 = max(0, int(gyp) - reach), min(H, int(gyp) + reach)
        if x1 > x0 and y1 > y0:
            yy, xx = np.mgrid[y0:y1, x0:x1].astype(np.float32)
            d2 = ((xx - gxp) ** 2 + (yy - gyp) ** 2 * np.float32(rng.uniform(0.6, 1.6))) / np.float32(r * r)
            g = np.exp(-d2 * 1.2) * np.float32(rng.uniform(0.45, 0.88)) + np.exp(-d2 * 0.15) * np.float32(rng.uniform(0.08, 0.25))
            g = np.clip(g, 0, 0.95)
            reg = img[y0:y1, x0:x1]
            img[y0:y1, x0:x1] = 1.0 - (1.0 - reg) * (1.0 - g[..., None])
    return img.astype(np.float32)


def _camera(img: Arr, rng: random.Random, nprng: np.random.Generator, cap: float) -> tuple[Arr, list[str]]:
    """What a phone does to a photo that looks fine: a little blur or shake, sharpening, noise."""
    effects: list[str] = []
    H, W = img.shape[:2]
    img *= _rgb((rng.uniform(0.9, 1.1), 1.0, rng.uniform(0.88, 1.1)))
    if rng.random() < 0.3:  # a hazy, flat photo
        k = rng.uniform(0.08, 0.25)
        img = img * np.float32(1 - k) + np.float32(k * float(img[::8, ::8].mean()))
        effects.append("haze")
    budget = max(0.5, cap / 14.0)
    r = rng.random()
    if r < 0.45:
        sigma = rng.uniform(0.5, max(0.55, min(2.2, budget)))
        img = np.asarray(cv2.GaussianBlur(img, (0, 0), sigma), dtype=np.float32)
        effects.append(f"defocus{sigma:.1f}")
    elif r < 0.7:
        length = rng.uniform(2.0, max(2.5, min(9.0, cap / 5.0)))
        ang = rng.uniform(0, math.pi)
        size = math.ceil(length) | 1
        kernel = np.zeros((size * 2 + 1, size * 2 + 1), np.float32)
        c = size
        p = (round((c - math.cos(ang) * length / 2) * 16), round((c - math.sin(ang) * length / 2) * 16))
        q = (round((c + math.cos(ang) * length / 2) * 16), round((c + math.sin(ang) * length / 2) * 16))
        cv2.line(kernel, p, q, 1.0, 1, cv2.LINE_AA, 4)
        kernel /= max(float(kernel.sum()), 1e-6)
        img = np.asarray(cv2.filter2D(img, -1, kernel), dtype=np.float32)
        effects.append(f"motion{length:.1f}")
    if rng.random() < 0.45:  # the phone's sharpening halos
        blur = np.asarray(cv2.GaussianBlur(img, (0, 0), rng.uniform(1.0, 2.2)), dtype=np.float32)
        amount = np.float32(rng.uniform(0.4, 1.2))
        img += amount * (img - blur)
        effects.append("sharpen")
    sigma_n = rng.uniform(0.004, 0.028)
    noise = _normal(nprng, (H, W, 1), sigma_n)
    chroma = _normal(nprng, (H // 2 + 1, W // 2 + 1, 3), sigma_n * 0.6)
    noise = np.asarray(cv2.resize(chroma, (W, H), interpolation=cv2.INTER_LINEAR), dtype=np.float32) + noise
    np.clip(img, 0.0, 1.0, out=img)
    noise *= np.sqrt(np.maximum(img, np.float32(0.02)))
    img += noise
    np.clip(img, 0.0, 1.0, out=img)
    return img, effects


def _draw(kind: str, rng: random.Random, nprng: np.random.Generator) -> tuple[npt.NDArray[np.uint8], int, str, list[str]]:
    out_w, out_h = rng.choice(SIZES)
    f = min(1.0, math.sqrt(MAX_WORK_PIXELS / (out_w * out_h)))
    W, H = round(out_w * f), round(out_h * f)
    # the wanted string's capital height in the photo as drawn (a big photo is this, scaled up)
    r = rng.random()
    if r < 0.15:
        cap_img = rng.uniform(8, 12)
    elif r < 0.45:
        cap_img = rng.uniform(12, 20)
    else:
        cap_img = rng.uniform(20, 40)
    stamp = kind == "stamped" or (kind == "frame" and rng.random() < 0.28)
    if stamp:  # a punched number is photographed close up
        cap_img = max(cap_img, rng.uniform(15.0, 26.0))
    elif kind == "frame":
        cap_img = max(cap_img, 12.0)
    # the document's own resolution: never below 20 px capitals; big sheets a little coarser
    u = min(34.0 if kind in ("sts", "sts_jp") else 44.0, max(cap_img, 20.0))
    if kind == "vin_plate":
        built, key = _vin_plate(rng, nprng, u)
    elif kind == "sts":
        built, key = _sts(rng, nprng, u, jp=False)
    elif kind == "sts_jp":
        built, key = _sts(rng, nprng, u, jp=True)
    elif kind == "stamped":
        built, key = _stamped(rng, nprng, u)
    elif kind == "frame":
        built, key = _frame(rng, nprng, u, stamp=stamp)
    else:
        built, key = _part_label(rng, nprng, u)
    doc = built.doc
    notes = list(built.notes)
    light = (rng.uniform(-1, 1), rng.uniform(-1, 1))
    if rng.random() < 0.88:
        kinds = _DAMAGE_BY_SURFACE[built.surface]
        notes.append(_damage(doc, rng.choice(kinds), rng, nprng, surface=built.surface, light=light))
    if built.surface == "stamp":
        _relief(
            doc,
            rng,
            cap=u,
            raised=False,
            strength=rng.uniform(0.6, 1.3),
            groove_dark=rng.uniform(0.1, 0.4),
            sharp=rng.uniform(0.025, 0.045),
        )
        if rng.random() < 0.5:  # rust or grime here and there, away from a reading
            for _ in range(rng.randint(1, 4)):
                mask = _blob(nprng, doc, rng.uniform(0, doc.w), rng.uniform(0, doc.h), u * rng.uniform(0.3, 1.2), u * 0.2)
                doc.fill(mask, (0.45, 0.27, 0.12), rng.uniform(0.2, 0.5))
    if (kind in ("part_label", "sts", "sts_jp", "vin_plate") and rng.random() < 0.25) or (
        built.surface == "stamp" and rng.random() < 0.15
    ):
        _bend(doc, rng)
        notes.append("curved")
    scale = cap_img / u
    if scale < 0.8:  # drawn larger than shown: soften before shrinking
        doc.img = np.asarray(cv2.GaussianBlur(doc.img, (0, 0), 0.42 / scale), dtype=np.float32)
    scene = _scene(built.scene, H, W, rng, nprng, built.tint)
    max_tilt = 35.0 if cap_img >= 16 else 22.0
    img, hm, shown_cap = _place(doc, scene, rng, scale, max_tilt)
    glare = None
    if doc.glare is not None:
        gx, gy, gs = doc.glare
        p = cv2.perspectiveTransform(np.array([[[gx, gy]]], np.float32), hm)[0, 0]
        glare = (float(p[0]), float(p[1]), gs * scale)
    corners = np.array([[[b[0], b[1]] for b in doc.key_boxes] + [[b[2], b[3]] for b in doc.key_boxes]], np.float32)
    where = cv2.perspectiveTransform(corners, hm)[0] / f
    notes.append(f"cap{shown_cap / f:.0f}")
    notes.append(f"at {int(where[:, 0].min())},{int(where[:, 1].min())},{int(where[:, 0].max())},{int(where[:, 1].max())}")
    img = _light(img, rng, nprng, reflective=built.reflective, glare=glare)
    img, effects = _camera(img, rng, nprng, max(shown_cap, 6.0))
    notes += effects
    out = np.clip(img * 255.0 + 0.5, 0, 255).astype(np.uint8)
    if (out_w, out_h) != (W, H):
        out = np.asarray(cv2.resize(out, (out_w, out_h), interpolation=cv2.INTER_CUBIC), dtype=np.uint8)
    quality = rng.randint(25, 60)
    if shown_cap / f < 14 or shown_cap < 11:
        quality = max(quality, rng.randint(40, 60))
    return out, quality, key, notes


def _seeded(index: int, seed: int) -> tuple[random.Random, np.random.Generator]:
    rng = random.Random(f"eighth:{seed}:{index}")
    return rng, np.random.default_rng(rng.getrandbits(64))


def describe(index: int, seed: int = 29) -> list[str]:
    """What photo `index` shows and how it was spoiled (for looking at the set, not for scoring)."""
    rng, nprng = _seeded(index, seed)
    _, quality, key, notes = _draw(KINDS[index % len(KINDS)], rng, nprng)
    return [key, f"q{quality}", *notes]


def generate_one(folder: Path, index: int, seed: int = 29) -> Sample:
    kind = KINDS[index % len(KINDS)]
    rng, nprng = _seeded(index, seed)
    pixels, quality, key, _ = _draw(kind, rng, nprng)
    buf = io.BytesIO()
    Image.fromarray(pixels, "RGB").save(buf, "JPEG", quality=quality, subsampling=2)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"eighth_{seed}_{index:05d}.jpg"  # the kind stays out of the name
    path.write_bytes(buf.getvalue())
    if kind in ("vin_plate", "sts", "stamped"):
        return Sample(path, kind, vin=key)
    if kind in ("frame", "sts_jp"):
        return Sample(path, kind, frame=key)
    return Sample(path, kind, part_numbers=(key,))


def generate(folder: Path, count: int, seed: int = 29) -> list[Sample]:
    return [generate_one(folder, i, seed) for i in range(count)]
