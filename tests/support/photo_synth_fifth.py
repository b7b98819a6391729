"""Fifth synthetic photo set: phone photos of car identifiers, for measuring (never training) the OCR reader.

Six kinds of photo, one after another: a maker's VIN plate or B-pillar sticker, a fragment of a Russian
registration certificate (СТС), a VIN stamped or dot-peened into metal, a Japanese maker's frame plate, a
parts box label with article numbers, and the СТС of a right-hand-drive Japanese car (VIN «ОТСУТСТВУЕТ», the
frame number under «Шасси (рама) №»). Each photo is drawn with its own capture conditions, drawn
independently: document fonts (DejaVu and Liberation TrueType files, the faces OpenCV has built in, a
single-stroke vector font of this module's own, a 5x7 dot matrix), capital height 8-40 px in the final photo,
the card on a background (desk, wood, car paint, carpet, noise, a hand), perspective tilt and rotation,
uneven light, glare, low contrast, blur, sensor and colour noise, a finger or shadow that never covers the
identifier, JPEG quality 25-60 and messenger re-compression. The identifier is always whole, inside the card
and the photo, and legible to a careful person.

Written from its brief alone — without looking at the reader (bot/), the benchmarks or the other photo
generators — so that it measures the reader rather than repeating their assumptions.

    generate_one(folder, index, seed) -> Sample   # the same bytes for the same (index, seed), in any process
"""

from __future__ import annotations

import io
import math
import os
import random
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from catalogs.vin import CHECK_VALUES, CHECK_WEIGHTS, check_digit_ok
from tests.support.dot_matrix import GLYPHS_5X7
from tests.support.photo_synth import Sample

KINDS = ("vin_plate", "sts", "stamped", "frame", "part_label", "sts_jp")
VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"  # no I, O, Q: generated article numbers stay unambiguous
_YEAR_LETTERS = "ABCDEFGHJKLMNPRSTVWXY"  # model-year codes of 1980..2000 and again of 2010..2030
_DATA = Path(__file__).resolve().parents[2] / "catalogs" / "data"
_FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/truetype/liberation"))
_PHOTO_SIZES = ((960, 1280), (1280, 960), (1600, 1200), (2048, 1536), (3024, 4032))  # width, height
_FORWARDED_FROM = {(960, 1280): ((3024, 4032),), (1280, 960): ((1600, 1200), (2048, 1536)), (1600, 1200): ((2048, 1536),)}
_MAX_CARD_SIDE = 2600  # design pixels: keeps a photo near 0.3 s

Box = tuple[float, float, float, float]
RGB = tuple[float, float, float]


# ----------------------------------------------------------------------------------------------- truth


@dataclass(frozen=True)
class Truth:
    kind: str
    vin: str | None = None
    frame: str | None = None
    parts: tuple[str, ...] = ()
    maker: str = ""
    model: str = ""
    code: str = ""  # Japanese model code of a frame number
    year: int = 2015
    family: str = ""  # article-number family of a part label


@lru_cache(maxsize=1)
def _wmis() -> dict[str, tuple[str, ...]]:
    """Maker -> its WMIs, from catalogs/data/wmi.toml."""
    with (_DATA / "wmi.toml").open("rb") as fh:
        data = tomllib.load(fh)
    out = {
        maker.replace("_", " "): tuple(w for w in wmis if len(w) == 3 and set(w) <= set(VIN_CHARS))
        for maker, wmis in data.items()
    }
    return {maker: wmis for maker, wmis in sorted(out.items()) if wmis}


@lru_cache(maxsize=1)
def _frame_codes() -> dict[str, tuple[tuple[str, str], ...]]:
    """Maker -> (model, model code) pairs, from catalogs/data/frames.toml."""
    with (_DATA / "frames.toml").open("rb") as fh:
        data = tomllib.load(fh)
    return {
        maker: tuple((model, code) for model, codes in models.items() for code in codes) for maker, models in sorted(data.items())
    }


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def _letters(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(_LETTERS) for _ in range(n))


def _year_code(year: int) -> str:
    if 2001 <= year <= 2009:
        return str(year - 2000)
    return _YEAR_LETTERS[(year - 1980) % 30]


def _with_check_digit(vin: str) -> str:
    """Position 9 made right with the project's ISO 3779 values and weights."""
    total = sum(CHECK_VALUES[ch] * weight for ch, weight in zip(vin, CHECK_WEIGHTS, strict=True))
    digit = "X" if total % 11 == 10 else str(total % 11)
    return vin[:8] + digit + vin[9:]


def _make_vin(rng: random.Random) -> tuple[str, str, int]:
    """A VIN with a real WMI, a model-year code consistent with the year and 4-6 digits at the end."""
    wmis = _wmis()
    maker = rng.choice(sorted(wmis))
    wmi = rng.choice(wmis[maker])
    year = rng.randint(1997, 2025) if rng.random() < 0.3 else rng.randint(2006, 2024)
    n_digits = rng.choice((4, 5, 6, 6, 6))
    serial = "".join(rng.choice(VIN_CHARS) for _ in range(6 - n_digits)) + _digits(rng, n_digits)
    vds = "".join(rng.choice(VIN_CHARS) for _ in range(5))
    vin = wmi + vds + rng.choice(VIN_CHARS) + _year_code(year) + rng.choice(VIN_CHARS) + serial
    if vin[0] in "12345L":
        vin = _with_check_digit(vin)
        assert check_digit_ok(vin), vin
    return vin, maker, year


_SERIAL_LEN = {"Toyota": 7, "Honda": 7}


def _make_frame(rng: random.Random) -> tuple[str, str, str, str]:
    codes = _frame_codes()
    maker = rng.choice(sorted(codes))
    model, code = rng.choice(codes[maker])
    n = _SERIAL_LEN.get(maker, 6)
    if rng.random() < 0.15:
        n = 13 - n
    return f"{code}-{_digits(rng, n)}", maker, model, code


_PART_FAMILIES = ("toyota", "nissan", "honda", "hyundai", "vag", "renault", "bmw", "mercedes", "mitsubishi")


def _part_number(rng: random.Random, family: str) -> str:
    if family == "toyota":
        head = rng.choice(("04152", "90915", "04465", "90919", "17801", "87139", "16100", "48510", "04111", "90916"))
        tail = rng.choice(
            (
                _digits(rng, 5),
                "YZZ" + rng.choice(_LETTERS) + _digits(rng, 1),
                _digits(rng, 1) + rng.choice(_LETTERS) + _digits(rng, 3),
            )
        )
        return f"{head}-{tail}"
    if family == "nissan":
        return f"{_digits(rng, 5)}-{_digits(rng, 2)}{rng.choice(_LETTERS)}{_digits(rng, 1)}{rng.choice(_LETTERS)}"
    if family == "honda":
        return f"{_digits(rng, 5)}-{_letters(rng, 3)}-{rng.choice(_LETTERS)}{_digits(rng, 2)}"
    if family == "hyundai":
        tail = _digits(rng, 5) if rng.random() < 0.6 else _digits(rng, 1) + _letters(rng, 2) + _digits(rng, 2)
        return f"{_digits(rng, 5)}-{tail}"
    if family == "vag":
        head = rng.choice(("1K0", "5Q0", "06J", "03C", "8E0", "4F0", "3C0", "6R0", "1J0", "04E", "06H", "7L0", "4M0"))
        return head + _digits(rng, 6) + rng.choice(("", "A", "AA", "B", "D", "E", "AC", "G"))
    if family == "renault":
        return rng.choice(("82", "77", "60", "54")) + _digits(rng, 8)
    if family == "bmw":
        return rng.choice(("11", "12", "13", "17", "31", "32", "34", "51", "61", "64")) + _digits(rng, 9)
    if family == "mercedes":
        return "A" + rng.choice(("000", "271", "211", "204", "651", "642", "166")) + _digits(rng, 7)
    return (
        rng.choice(("MD", "MN", "MR", "MZ")) + _digits(rng, 6) if rng.random() < 0.6 else f"{_digits(rng, 4)}A{_digits(rng, 3)}"
    )


_MODELS = {
    "Toyota": ("CAMRY", "COROLLA", "RAV4", "LAND CRUISER 200", "HIGHLANDER"),
    "Lada": ("VESTA", "GRANTA", "LARGUS", "XRAY", "4X4"),
    "Hyundai": ("SOLARIS", "CRETA", "TUCSON", "SANTA FE"),
    "Kia": ("RIO", "SPORTAGE", "CEED", "SORENTO"),
    "Volkswagen": ("POLO", "TIGUAN", "PASSAT", "JETTA"),
    "Skoda": ("OCTAVIA", "RAPID", "KODIAQ"),
    "Renault": ("LOGAN", "DUSTER", "SANDERO", "KAPTUR"),
    "Nissan": ("QASHQAI", "X-TRAIL", "ALMERA", "TERRANO"),
    "BMW": ("X5", "X3", "520D", "320I"),
    "Mercedes": ("E 200", "C 180", "GLC 250"),
    "Ford": ("FOCUS", "MONDEO", "KUGA"),
    "Chery": ("TIGGO 7 PRO", "TIGGO 4"),
    "Haval": ("JOLION", "F7"),
    "Geely": ("COOLRAY", "ATLAS"),
    "Mazda": ("CX-5", "6", "3"),
    "Mitsubishi": ("OUTLANDER", "ASX", "PAJERO SPORT"),
}


def _make_truth(kind: str, rng: random.Random) -> Truth:
    if kind in ("frame", "sts_jp"):
        frame, maker, model, code = _make_frame(rng)
        return Truth(kind, frame=frame, maker=maker, model=model.upper(), code=code, year=rng.randint(1996, 2012))
    if kind == "part_label":
        family = rng.choice(_PART_FAMILIES)
        parts = tuple(dict.fromkeys(_part_number(rng, family) for _ in range(1 if rng.random() < 0.6 else 2)))
        return Truth(kind, parts=parts, family=family)
    vin, maker, year = _make_vin(rng)
    return Truth(kind, vin=vin, maker=maker, model=rng.choice(_MODELS.get(maker, ("",))), year=year)


# ----------------------------------------------------------------------------------------------- faces

_TTF_REGULAR = (
    "DejaVuSans.ttf",
    "DejaVuSansCondensed.ttf",
    "DejaVuSerif.ttf",
    "DejaVuSerifCondensed.ttf",
    "DejaVuSansMono.ttf",
    "LiberationSans-Regular.ttf",
    "LiberationSansNarrow-Regular.ttf",
    "LiberationSerif-Regular.ttf",
    "LiberationMono-Regular.ttf",
)
_TTF_BOLD = (
    "DejaVuSans-Bold.ttf",
    "DejaVuSansCondensed-Bold.ttf",
    "DejaVuSerif-Bold.ttf",
    "DejaVuSerifCondensed-Bold.ttf",
    "DejaVuSansMono-Bold.ttf",
    "LiberationSans-Bold.ttf",
    "LiberationSansNarrow-Bold.ttf",
    "LiberationSerif-Bold.ttf",
    "LiberationMono-Bold.ttf",
)
_TTF_ITALIC = ("DejaVuSans-Oblique.ttf", "DejaVuSerif-Italic.ttf", "LiberationSans-Italic.ttf", "DejaVuSansCondensed-Oblique.ttf")
_TTF_MONO_BOLD = (
    "DejaVuSansMono-Bold.ttf",
    "LiberationMono-Bold.ttf",
    "DejaVuSansCondensed-Bold.ttf",
    "LiberationSansNarrow-Bold.ttf",
)

# A single-stroke vector font (the look of Hershey's plotter fonts and of letter punches): per character its
# width and strokes, points "x,y" on a grid 6 units high (y down, 6 is the baseline).
_STROKE_SRC = {
    "A": (4.0, "0,6 2,0 4,6; 0.7,4 3.3,4"),
    "B": (4.0, "0,6 0,0 2.8,0 3.6,0.4 3.9,1.1 3.9,1.9 3.5,2.6 2.8,3 0,3; 2.8,3 3.6,3.4 4,4.1 4,5 3.6,5.6 2.8,6 0,6"),
    "C": (4.0, "4,1 3.4,0.2 2.4,0 1.6,0 0.7,0.4 0.15,1.2 0,2.2 0,3.8 0.15,4.8 0.7,5.6 1.6,6 2.4,6 3.4,5.8 4,5"),
    "D": (4.0, "0,0 0,6 2,6 3.2,5.6 3.8,4.7 4,3.6 4,2.4 3.8,1.3 3.2,0.4 2,0 0,0"),
    "E": (3.6, "3.6,0 0,0 0,6 3.6,6; 0,3 2.8,3"),
    "F": (3.6, "3.6,0 0,0 0,6; 0,3 2.8,3"),
    "G": (4.0, "4,1 3.4,0.2 2.4,0 1.6,0 0.7,0.4 0.15,1.2 0,2.2 0,3.8 0.15,4.8 0.7,5.6 1.6,6 2.4,6 3.4,5.7 4,5 4,3.4 2.4,3.4"),
    "H": (4.0, "0,0 0,6; 4,0 4,6; 0,3 4,3"),
    "I": (2.0, "1,0 1,6; 0,0 2,0; 0,6 2,6"),
    "J": (4.0, "4,0 4,4.6 3.6,5.6 2.8,6 1.2,6 0.4,5.6 0,4.6"),
    "K": (4.0, "0,0 0,6; 4,0 0,4; 1.4,2.6 4,6"),
    "L": (3.6, "0,0 0,6 3.6,6"),
    "M": (5.0, "0,6 0,0 2.5,4 5,0 5,6"),
    "N": (4.0, "0,6 0,0 4,6 4,0"),
    "O": (4.2, "2.1,0 3.3,0.3 3.9,1.2 4.2,2.4 4.2,3.6 3.9,4.8 3.3,5.7 2.1,6 0.9,5.7 0.3,4.8 0,3.6 0,2.4 0.3,1.2 0.9,0.3 2.1,0"),
    "P": (4.0, "0,6 0,0 2.8,0 3.6,0.4 4,1.1 4,2.1 3.6,2.8 2.8,3.2 0,3.2"),
    "Q": (
        4.2,
        "2.1,0 3.3,0.3 3.9,1.2 4.2,2.4 4.2,3.6 3.9,4.8 3.3,5.7 2.1,6 0.9,5.7 0.3,4.8 0,3.6 0,2.4 0.3,1.2 0.9,0.3 2.1,0; 2.6,4.4 4.2,6.2",
    ),
    "R": (4.0, "0,6 0,0 2.8,0 3.6,0.4 4,1.1 4,2.1 3.6,2.8 2.8,3.2 0,3.2; 2,3.2 4,6"),
    "S": (
        4.0,
        "4,0.9 3.3,0.2 2.3,0 1.5,0 0.6,0.3 0.1,1 0.1,1.8 0.5,2.5 1.4,2.9 2.8,3.2 3.6,3.6 4,4.3 4,5.1 3.4,5.8 2.5,6 1.5,6 0.6,5.7 0,5",
    ),
    "T": (4.0, "0,0 4,0; 2,0 2,6"),
    "U": (4.0, "0,0 0,4.4 0.4,5.5 1.2,6 2.8,6 3.6,5.5 4,4.4 4,0"),
    "V": (4.0, "0,0 2,6 4,0"),
    "W": (5.0, "0,0 1.2,6 2.5,1.5 3.8,6 5,0"),
    "X": (4.0, "0,0 4,6; 4,0 0,6"),
    "Y": (4.0, "0,0 2,3 4,0; 2,3 2,6"),
    "Z": (4.0, "0,0 4,0 0,6 4,6"),
    "0": (3.4, "1.7,0 2.7,0.3 3.2,1.2 3.4,2.4 3.4,3.6 3.2,4.8 2.7,5.7 1.7,6 0.7,5.7 0.2,4.8 0,3.6 0,2.4 0.2,1.2 0.7,0.3 1.7,0"),
    "1": (3.0, "0.6,1.2 1.8,0 1.8,6"),
    "2": (4.0, "0.2,1.2 0.8,0.3 1.8,0 2.6,0 3.5,0.4 3.9,1.2 3.9,2 3.4,2.9 0,6 4,6"),
    "3": (
        4.0,
        "0.2,0.8 1,0.1 2,0 3,0.1 3.7,0.7 3.8,1.6 3.3,2.4 2.2,2.8 1.4,2.8; 2.2,2.8 3.4,3.2 4,4 4,5 3.4,5.7 2.3,6 1.4,6 0.5,5.6 0,4.9",
    ),
    "4": (4.0, "3,6 3,0 0,4.2 4,4.2"),
    "5": (4.0, "3.8,0 0.4,0 0.1,2.8 1,2.4 2.2,2.3 3.2,2.6 3.8,3.3 4,4.2 3.8,5.1 3.2,5.8 2.2,6 1.2,6 0.4,5.6 0,5"),
    "6": (
        4.0,
        "3.6,0.5 2.7,0 1.8,0 0.9,0.4 0.3,1.3 0,2.6 0,4.2 0.3,5.3 1,5.9 2,6 3,5.9 3.7,5.3 4,4.4 3.8,3.4 3.2,2.8 2.2,2.5 1.4,2.6 0.6,3.1 0,4",
    ),
    "7": (4.0, "0,0 4,0 1.4,6"),
    "8": (
        4.0,
        "2,2.8 1,2.5 0.4,1.9 0.4,1 1,0.3 2,0 3,0.3 3.6,1 3.6,1.9 3,2.5 2,2.8 0.9,3.2 0.1,4 0.1,5 0.8,5.7 2,6 3.2,5.7 3.9,5 3.9,4 3.1,3.2 2,2.8",
    ),
    "9": (
        4.0,
        "4,2 3.4,2.9 2.6,3.4 1.8,3.5 0.8,3.2 0.2,2.6 0,1.6 0.3,0.7 1,0.1 2,0 3,0.1 3.7,0.7 4,1.8 4,3.4 3.7,4.7 3.1,5.6 2.2,6 1.3,6 0.4,5.5",
    ),
    "-": (3.0, "0.3,3.2 2.7,3.2"),
    ".": (1.0, "0.4,5.8 0.6,5.8"),
    ",": (1.0, "0.6,5.6 0.1,6.8"),
    ":": (1.0, "0.5,1.8 0.5,2.1; 0.5,5.7 0.5,6"),
    "/": (3.2, "3.2,0 0,6"),
    "*": (3.4, "1.7,1 1.7,5; 0.1,2 3.3,4; 3.3,2 0.1,4"),
    " ": (2.4, ""),
}
_STROKES = {
    ch: (
        width,
        [[tuple(float(v) for v in point.split(",")) for point in stroke.split()] for stroke in src.split(";") if stroke.strip()],
    )
    for ch, (width, src) in _STROKE_SRC.items()
}

_DOT_SRC = {**GLYPHS_5X7, ",": "00000 00000 00000 00000 01100 00100 01000"}
_DOTS = {
    ch: [(r, c) for r, row in enumerate(rows.split()) for c, bit in enumerate(row) if bit == "1"] for ch, rows in _DOT_SRC.items()
}


@dataclass(frozen=True)
class Face:
    """How a text is drawn: a TrueType file ("ttf"), a face OpenCV has built in ("cv2": in OpenCV 5 its
    FONT_HERSHEY_* constants are drawn with these), the single-stroke vector font ("stroke") or the 5x7 dot
    matrix ("dots")."""

    engine: str
    ref: str = ""
    weight: float = 0.0  # cv2: 100..900; stroke: line width per cap height; dots: dot radius per pitch
    slant: float = 0.0
    squeeze: float = 1.0
    tracking: float = 0.0  # extra space between characters, in cap heights

    def can_draw(self, text: str) -> bool:
        if self.engine == "stroke":
            return all(ch in _STROKES for ch in text)
        if self.engine == "dots":
            return all(ch in _DOTS for ch in text)
        return True


@cache
def _font_path(name: str) -> str | None:
    for folder in _FONT_DIRS:
        if (folder / name).exists():
            return str(folder / name)
    return None


def _ttf_face(rng: random.Random, pool: Sequence[str]) -> Face:
    names = [n for n in pool if _font_path(n)] or [n for n in _TTF_REGULAR + _TTF_BOLD if _font_path(n)]
    if not names:
        raise RuntimeError("photo_synth_fifth needs the DejaVu or Liberation fonts")
    path = _font_path(rng.choice(names))
    assert path is not None
    squeeze = 1.0 if rng.random() < 0.6 else rng.uniform(0.86, 1.14)
    tracking = 0.0 if rng.random() < 0.75 else rng.uniform(0.03, 0.2)
    return Face("ttf", path, squeeze=squeeze, tracking=tracking)


def _cv2_face(rng: random.Random) -> Face:
    if not hasattr(cv2, "FontFace"):  # an OpenCV without built-in TrueType faces
        return _ttf_face(rng, _TTF_REGULAR + _TTF_BOLD)
    name = rng.choice(("sans", "sans", "uni", "italic"))
    squeeze = 1.0 if rng.random() < 0.6 else rng.uniform(0.88, 1.12)
    return Face("cv2", name, weight=rng.choice((300, 400, 400, 500, 600, 700, 800)), squeeze=squeeze)


def _stroke_face(rng: random.Random, *, heavy: bool = False) -> Face:
    weight = rng.uniform(0.12, 0.19) if heavy else rng.uniform(0.075, 0.16)
    slant = rng.uniform(0.08, 0.2) if rng.random() < 0.15 and not heavy else 0.0  # punches stand upright
    tracking = rng.uniform(0.0, 0.25) if rng.random() < 0.4 else 0.0
    return Face("stroke", weight=weight, slant=slant, squeeze=rng.uniform(0.85, 1.15), tracking=tracking)


def _dots_face(rng: random.Random) -> Face:
    tracking = rng.uniform(0.0, 0.2) if rng.random() < 0.4 else 0.0
    return Face("dots", weight=rng.uniform(0.3, 0.47), squeeze=rng.uniform(0.85, 1.12), tracking=tracking)


def _any_face(rng: random.Random, *, cyrillic: bool) -> Face:
    """A face for a whole document; `cyrillic` when it must draw Russian text."""
    r = rng.random()
    if cyrillic:
        return _cv2_face(rng) if r < 0.25 else _ttf_face(rng, _TTF_REGULAR + _TTF_BOLD + (_TTF_ITALIC if r > 0.9 else ()))
    if r < 0.42:
        return _ttf_face(rng, _TTF_REGULAR + _TTF_BOLD)
    if r < 0.58:
        return _cv2_face(rng)
    if r < 0.83:
        return _stroke_face(rng)
    return _dots_face(rng)


def _face_for(text: str, face: Face, fallback: Face) -> Face:
    return face if face.can_draw(text) else fallback


# ----------------------------------------------------------------------------------------------- rendering


@dataclass(frozen=True)
class Ink:
    """A rendered text: coverage 0..1, where the text starts and where its capitals' top is, in the patch."""

    alpha: np.ndarray
    left: int
    top: int
    width: int  # advance width
    cap: int


@lru_cache(maxsize=512)
def _ttf(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size)


@lru_cache(maxsize=64)
def _ttf_cap_ratio(path: str) -> float:
    top = _ttf(path, 200).getbbox("H", anchor="ls")[1]
    return -top / 200


@lru_cache(maxsize=8)
def _cv2_font(name: str) -> object:
    return cv2.FontFace(name)


@lru_cache(maxsize=8)
def _cv2_cap_ratio(name: str) -> float:
    canvas = np.zeros((220, 220), np.uint8)
    cv2.putText(canvas, "H", (20, 180), 255, _cv2_font(name), 160, 400)
    rows = np.nonzero(canvas.max(axis=1) > 127)[0]
    return (180 - rows.min()) / 160


def _render_ttf(face: Face, text: str, cap: int) -> Ink:
    ratio = _ttf_cap_ratio(face.ref)
    size = max(5, round(cap / ratio))
    font = _ttf(face.ref, size)
    ascent, descent = font.getmetrics()
    pad = cap // 2 + 3
    track = face.tracking * cap
    advances = [font.getlength(ch) for ch in text] if track else []
    width = sum(advances) + track * (len(text) - 1) if track else font.getlength(text)
    image = Image.new("L", (math.ceil(width) + 2 * pad, ascent + descent + 2 * pad), 0)
    draw = ImageDraw.Draw(image)
    baseline = pad + ascent
    if track:
        x = float(pad)
        for ch, advance in zip(text, advances, strict=True):
            draw.text((x, baseline), ch, font=font, fill=255, anchor="ls")
            x += advance + track
    else:
        draw.text((pad, baseline), text, font=font, fill=255, anchor="ls")
    real_cap = round(ratio * size)
    return Ink(np.asarray(image, np.float32) / 255.0, pad, baseline - real_cap, round(width), real_cap)


def _render_cv2(face: Face, text: str, cap: int) -> Ink:
    font = _cv2_font(face.ref)
    size = max(6, round(cap / _cv2_cap_ratio(face.ref)))
    weight = int(face.weight)
    rect = cv2.getTextSize((0, 0), text, (0, 0), font, size, weight)
    pad = cap // 2 + 3
    baseline = pad + size
    canvas = np.zeros((baseline + size // 2 + pad, rect[2] + 2 * pad + cap // 2), np.uint8)
    end = cv2.putText(canvas, text, (pad, baseline), 255, font, size, weight)[0]
    return Ink(canvas.astype(np.float32) / 255.0, pad, baseline - cap, int(end[0]) - pad, cap)


def _render_strokes(face: Face, text: str, cap: int) -> Ink:
    ss = 3
    unit = cap * ss / 6.0
    thick = max(1, round(face.weight * cap * ss))
    gap = 1.5 + face.tracking * 6.0
    advances = [_STROKES[ch][0] + gap for ch in text]
    width_units = sum(advances) - gap + abs(face.slant) * 6
    pad = cap * ss // 2 + thick + 2
    canvas = np.zeros((round(6 * unit) + 2 * pad + round(unit), round(width_units * unit) + 2 * pad), np.uint8)
    x = 0.0
    for ch, advance in zip(text, advances, strict=True):
        for stroke in _STROKES[ch][1]:
            pts = [((x + px + (6 - py) * face.slant) * unit + pad, py * unit + pad) for px, py in stroke]
            arr = np.round(np.array(pts) * 8).astype(np.int32).reshape(-1, 1, 2)
            cv2.polylines(canvas, [arr], False, 255, thick, cv2.LINE_AA, shift=3)
        x += advance
    h, w = canvas.shape
    small = cv2.resize(canvas, (max(1, w // ss), max(1, h // ss)), interpolation=cv2.INTER_AREA)
    return Ink(small.astype(np.float32) / 255.0, pad // ss, pad // ss, round((sum(advances) - gap) * unit / ss), cap)


def _render_dots(face: Face, text: str, cap: int) -> Ink:
    ss = 4
    rr = face.weight
    pitch = cap * ss / (6 + 2 * rr)
    step = pitch * face.squeeze
    advance = 6 * step + face.tracking * cap * ss
    width = advance * len(text) - step
    pad = cap * ss // 2 + 4
    canvas = np.zeros((round(cap * ss) + 2 * pad, round(width) + 2 * pad), np.uint8)
    radius = round(rr * pitch * 16)
    for i, ch in enumerate(text):
        for row, col in _DOTS[ch]:
            cx = pad + i * advance + col * step + rr * pitch
            cy = pad + row * pitch + rr * pitch
            cv2.circle(canvas, (round(cx * 16), round(cy * 16)), radius, 255, -1, cv2.LINE_AA, 4)
    h, w = canvas.shape
    small = cv2.resize(canvas, (max(1, w // ss), max(1, h // ss)), interpolation=cv2.INTER_AREA)
    return Ink(small.astype(np.float32) / 255.0, pad // ss, pad // ss, round(width / ss), cap)


def _squeezed(ink: Ink, factor: float) -> Ink:
    h, w = ink.alpha.shape
    new_w = max(1, round(w * factor))
    alpha = cv2.resize(ink.alpha, (new_w, h), interpolation=cv2.INTER_AREA if factor < 1 else cv2.INTER_LINEAR)
    return Ink(alpha, round(ink.left * factor), ink.top, round(ink.width * factor), ink.cap)


def _render(face: Face, text: str, cap: float) -> Ink:
    size = max(5, round(cap))
    if face.engine == "dots":
        return _render_dots(face, text, size)
    if face.engine == "stroke":
        ink = _render_strokes(face, text, size)
    elif face.engine == "cv2":
        ink = _render_cv2(face, text, size)
    else:
        ink = _render_ttf(face, text, size)
    return _squeezed(ink, face.squeeze) if abs(face.squeeze - 1.0) > 0.01 else ink


def _ink_box(ink: Ink, x: float, y: float) -> Box:
    """The box of what is actually drawn, in the coordinates `ink` was placed at."""
    ys, xs = np.nonzero(ink.alpha > 0.15)
    x0, y0 = round(x) - ink.left, round(y) - ink.top
    if len(xs) == 0:
        return (x0, y0, x0 + 1, y0 + 1)
    return (x0 + int(xs.min()), y0 + int(ys.min()), x0 + int(xs.max()) + 1, y0 + int(ys.max()) + 1)


class Sheet:
    """A card being drawn: colour (float 0..255) and a relief map for stamped or pressed characters."""

    def __init__(self, rgb: np.ndarray) -> None:
        self.rgb = rgb
        self.relief = np.zeros(rgb.shape[:2], np.float32)

    def _windows(self, ink: Ink, x: float, y: float) -> tuple[tuple[slice, slice], tuple[slice, slice]] | None:
        h, w = self.rgb.shape[:2]
        x0, y0 = round(x) - ink.left, round(y) - ink.top
        ph, pw = ink.alpha.shape
        sx0, sy0, sx1, sy1 = max(0, x0), max(0, y0), min(w, x0 + pw), min(h, y0 + ph)
        if sx0 >= sx1 or sy0 >= sy1:
            return None
        return (slice(sy0, sy1), slice(sx0, sx1)), (slice(sy0 - y0, sy1 - y0), slice(sx0 - x0, sx1 - x0))

    def ink(self, ink: Ink, x: float, y: float, color: RGB, opacity: float = 1.0) -> None:
        windows = self._windows(ink, x, y)
        if windows is None:
            return
        sheet_win, patch_win = windows
        a = ink.alpha[patch_win][..., None] * opacity
        region = self.rgb[sheet_win]
        region *= 1.0 - a
        region += a * np.asarray(color, np.float32)

    def carve(self, ink: Ink, x: float, y: float, depth: float) -> None:
        windows = self._windows(ink, x, y)
        if windows is None:
            return
        sheet_win, patch_win = windows
        np.maximum(self.relief[sheet_win], ink.alpha[patch_win] * depth, out=self.relief[sheet_win])


# ----------------------------------------------------------------------------------------------- layout


@dataclass(frozen=True)
class Block:
    """A drawn thing that is not text (a barcode): its size and how to paint it at (x, y)."""

    width: int
    height: int
    paint: Callable[[Sheet, int, int], None]


@dataclass
class Seg:
    ink: Ink | None = None
    color: RGB = (30.0, 30.0, 30.0)
    gap: float = 0.0  # space before it, px
    ident: bool = False
    relief: float = 0.0  # > 0: pressed into the surface that deep
    inked: bool = True
    dy: float = 0.0
    block: Block | None = None

    @property
    def w(self) -> float:
        return self.ink.width if self.ink is not None else (self.block.width if self.block else 0)

    @property
    def h(self) -> float:
        return self.ink.cap if self.ink is not None else (self.block.height if self.block else 0)


@dataclass
class Row:
    segs: list[Seg]
    before: float = 0.0


@dataclass(frozen=True)
class Placed:
    seg: Seg
    x: float
    y: float


def _seg(face: Face, text: str, cap: float, color: RGB, fallback: Face, gap: float = 0.0, dy: float = 0.0) -> Seg:
    return Seg(_render(_face_for(text, face, fallback), text, cap), color, gap=gap, dy=dy)


def _stack(rows: Sequence[Row], margin_x: float, margin_y: float, align: str = "left") -> tuple[list[Placed], int, int]:
    """Rows one under another, segments bottom-aligned; returns the placements and the content size."""
    widths = [sum(s.gap + s.w for s in row.segs) for row in rows]
    inner = max(widths)
    placed: list[Placed] = []
    y = margin_y
    for row, width in zip(rows, widths, strict=True):
        y += row.before
        height = max(s.h for s in row.segs)
        x = margin_x + {"left": 0.0, "center": (inner - width) / 2, "right": inner - width}[align]
        for s in row.segs:
            x += s.gap
            placed.append(Placed(s, x, y + height - s.h + s.dy))
            x += s.w
        y += height
    return placed, math.ceil(inner + 2 * margin_x), math.ceil(y + margin_y)


def _paint(sheet: Sheet, placed: Sequence[Placed], ox: int, oy: int) -> list[Box]:
    boxes: list[Box] = []
    for p in placed:
        x, y = p.x + ox, p.y + oy
        if p.seg.block is not None:
            p.seg.block.paint(sheet, round(x), round(y))
            continue
        assert p.seg.ink is not None
        if p.seg.relief:
            sheet.carve(p.seg.ink, x, y, p.seg.relief)
        if p.seg.inked:
            sheet.ink(p.seg.ink, x, y, p.seg.color)
        if p.seg.ident:
            boxes.append(_ink_box(p.seg.ink, x, y))
    return boxes


@dataclass(frozen=True)
class Design:
    """A card's content, measured: its size at the design cap height and how to draw it on a card of a given
    size (card width, height, content offset x, y, noise) -> colour, shape alpha, identifier boxes."""

    width: int
    height: int
    pad: tuple[float, float]  # how much larger than its content the card may be
    draw: Callable[[int, int, int, int, np.random.Generator], tuple[np.ndarray, np.ndarray, list[Box]]]
    drop_shadow: float = 0.3
    sharpness: float = 1.0  # < 1: characters carried by relief alone stand less blur


# ----------------------------------------------------------------------------------------------- surfaces


def _smooth(nrng: np.random.Generator, h: int, w: int, cells: int) -> np.ndarray:
    """Smooth noise about N(0, 1) with `cells` blobs across the longer side."""
    gy, gx = max(2, round(cells * h / max(h, w)) + 1), max(2, round(cells * w / max(h, w)) + 1)
    grid = nrng.standard_normal((gy, gx)).astype(np.float32)
    return cv2.resize(grid, (w, h), interpolation=cv2.INTER_CUBIC)


def _grain(nrng: np.random.Generator, h: int, w: int, step: int = 2) -> np.ndarray:
    fine = nrng.standard_normal((h // step + 1, w // step + 1)).astype(np.float32)
    return cv2.resize(fine, (w, h), interpolation=cv2.INTER_LINEAR)


def _jitter(color: RGB, r: random.Random, amount: float) -> RGB:
    return (color[0] + r.uniform(-amount, amount), color[1] + r.uniform(-amount, amount), color[2] + r.uniform(-amount, amount))


def _fill(h: int, w: int, color: RGB) -> np.ndarray:
    rgb = np.empty((h, w, 3), np.float32)
    rgb[:] = np.asarray(color, np.float32)
    return rgb


def _paper(h: int, w: int, color: RGB, nrng: np.random.Generator, mottle: float = 3.0, fibre: float = 2.5) -> np.ndarray:
    rgb = _fill(h, w, color)
    rgb += (_smooth(nrng, h, w, 5) * mottle + _grain(nrng, h, w) * fibre)[..., None]
    return rgb


def _brushed(h: int, w: int, color: RGB, nrng: np.random.Generator, amount: float) -> np.ndarray:
    streaks = cv2.resize(nrng.standard_normal((h, max(4, w // 60))).astype(np.float32), (w, h), interpolation=cv2.INTER_LINEAR)
    rgb = _fill(h, w, color)
    rgb += (streaks * amount + _smooth(nrng, h, w, 3) * amount * 1.5)[..., None]
    return rgb


def _rounded_shape(h: int, w: int, radius: float) -> np.ndarray:
    mask = np.zeros((h, w), np.uint8)
    r = max(0, min(int(radius), h // 3, w // 3))
    cv2.rectangle(mask, (r, 0), (w - 1 - r, h - 1), 255, -1)
    cv2.rectangle(mask, (0, r), (w - 1, h - 1 - r), 255, -1)
    for cx, cy in ((r, r), (w - 1 - r, r), (r, h - 1 - r), (w - 1 - r, h - 1 - r)):
        cv2.circle(mask, (cx, cy), r, 255, -1, cv2.LINE_AA)
    return mask.astype(np.float32) / 255.0


def _rivet(rgb: np.ndarray, cx: float, cy: float, radius: float, base: RGB) -> None:
    r = max(2, int(radius))
    pt = (round(cx), round(cy))
    cv2.circle(rgb, pt, r + max(1, r // 5), tuple(c * 0.45 for c in base), -1, cv2.LINE_AA)
    cv2.circle(rgb, pt, r, tuple(min(255.0, c * 1.05 + 10) for c in base), -1, cv2.LINE_AA)
    cv2.circle(rgb, (pt[0] - r // 3, pt[1] - r // 3), max(1, r // 3), (250.0, 250.0, 245.0), -1, cv2.LINE_AA)


def _guilloche(rgb: np.ndarray, color: RGB, r: random.Random, strength: float) -> None:
    """Security-paper pattern: bands of phase-shifted waves and a rosette."""
    h, w = rgb.shape[:2]
    layer = np.zeros((h, w), np.uint8)
    xs = np.linspace(-10, w + 10, 300)
    n = r.randint(18, 40)
    period = w / r.uniform(1.5, 4.5)
    amp = h * r.uniform(0.015, 0.05)
    drift = r.uniform(0.08, 0.3)
    thick = max(1, round(min(h, w) / 900))
    for k in range(n):
        y0 = (k + 0.5) * h / n
        ys = (
            y0
            + amp * np.sin(2 * np.pi * xs / period + k * drift)
            + amp * 0.4 * np.sin(2 * np.pi * xs / (period * 0.37) - k * drift)
        )
        pts = np.round(np.stack([xs, ys], 1) * 8).astype(np.int32).reshape(-1, 1, 2)
        cv2.polylines(layer, [pts], False, 255, thick, cv2.LINE_AA, shift=3)
    cx, cy, radius = r.uniform(0.2, 0.8) * w, r.uniform(0.2, 0.8) * h, r.uniform(0.2, 0.45) * min(h, w)
    lobes = r.randint(5, 14)
    theta = np.linspace(0, 2 * np.pi, 720)
    for j in range(r.randint(12, 30)):
        rad = radius * (1 + 0.18 * np.sin(lobes * theta + j * 0.35)) * (1 - j * 0.012)
        pts = np.round(np.stack([cx + rad * np.cos(theta), cy + rad * np.sin(theta)], 1) * 8).astype(np.int32).reshape(-1, 1, 2)
        cv2.polylines(layer, [pts], True, 255, thick, cv2.LINE_AA, shift=3)
    a = (layer.astype(np.float32) * (strength / 255.0))[..., None]
    rgb *= 1.0 - a
    rgb += a * np.asarray(color, np.float32)


def _apply_relief(sheet: Sheet, cap: int, light: float, *, ao: float, amp: float, raised: bool = False) -> None:
    """Shade the relief map: grooves darker, edges lit from angle `light` (radians) and shadowed opposite."""
    ys, xs = np.nonzero(sheet.relief > 0.01)
    if len(ys) == 0:
        return
    h, w = sheet.relief.shape
    m = cap // 2 + 4
    y0, y1, x0, x1 = max(0, ys.min() - m), min(h, ys.max() + m), max(0, xs.min() - m), min(w, xs.max() + m)
    sigma = max(0.7, cap * 0.035)
    depth = cv2.GaussianBlur(sheet.relief[y0:y1, x0:x1], (0, 0), sigma)
    height = depth if raised else -depth
    gx = cv2.Sobel(height, cv2.CV_32F, 1, 0, ksize=3) / 8.0
    gy = cv2.Sobel(height, cv2.CV_32F, 0, 1, ksize=3) / 8.0
    shade = np.clip(-(gx * math.cos(light) + gy * math.sin(light)) * (2.5 * sigma), -1.0, 1.0)
    region = sheet.rgb[y0:y1, x0:x1]
    region *= (1.0 - ao * depth)[..., None]
    region += (amp * shade)[..., None]


def _barcode(r: random.Random, width: int, height: int, color: RGB) -> Block:
    modules: list[int] = []
    while sum(modules) < 95:
        modules.append(r.choice((1, 1, 1, 2, 2, 3, 4)))
    total = float(sum(modules))

    def paint(sheet: Sheet, x: int, y: int) -> None:
        unit = width / total
        pos = 0.0
        for i, m in enumerate(modules):
            if i % 2 == 0:
                x0, x1 = round(x + pos * unit), round(x + (pos + m) * unit)
                sheet.rgb[max(0, y) : y + height, max(0, x0) : max(x0 + 1, x1)] = np.asarray(color, np.float32)
            pos += m

    return Block(width, height, paint)


def _dark(r: random.Random, lo: float = 15, hi: float = 60) -> RGB:
    v = r.uniform(lo, hi)
    return _jitter((v, v, v), r, 8)


def _light(r: random.Random) -> RGB:
    v = r.uniform(200, 235)
    return _jitter((v, v, v), r, 6)


# ----------------------------------------------------------------------------------------------- card designs

_COUNTRY = {
    "J": "JAPAN",
    "K": "KOREA",
    "W": "GERMANY",
    "X": "RUSSIA",
    "Z": "ITALY",
    "1": "U.S.A.",
    "4": "U.S.A.",
    "5": "U.S.A.",
    "2": "CANADA",
    "3": "MEXICO",
    "L": "CHINA",
    "V": "FRANCE",
    "S": "UNITED KINGDOM",
    "T": "CZECH REPUBLIC",
    "Y": "SWEDEN",
    "9": "BRAZIL",
    "M": "THAILAND",
    "U": "ROMANIA",
    "N": "TURKEY",
}
_RUSSIAN_MAKERS = {"LADA": "ПАО «АВТОВАЗ»", "UAZ": "ООО «УАЗ»", "GAZ": "ООО «АВТОЗАВОД ГАЗ»", "KAMAZ": "ПАО «КАМАЗ»"}


def _maker_titles(maker: str) -> list[str]:
    titles = [maker, f"{maker} MOTOR CO., LTD.", f"MANUFACTURED BY {maker}", f"{maker} AUTOMOBILE", f"{maker} MOTOR CORPORATION"]
    if maker in _RUSSIAN_MAKERS:
        titles.append(_RUSSIAN_MAKERS[maker])
    return titles


def _plate_lines(r: random.Random, truth: Truth, sticker: bool) -> list[str]:
    assert truth.vin is not None
    kg = r.randrange(1250, 2900, 5)
    front, rear = r.randrange(600, kg // 2 + 200, 5), r.randrange(600, kg // 2 + 250, 5)
    engine = r.choice(
        ("G4FC", "2AR-FE", "K4M", "CWVA", "1ZR", "MR20", "QR25", "B4164T", "21129", "J20A", "EW10A", "N20B20A", "M274", "F16D3")
    )
    paint = r.choice(("1G3", "040", "NH731P", "KAD", "LC9X", "A96", "475", "S28", "PGU", "Z8"))
    country = _COUNTRY.get(truth.vin[0], "EUROPEAN UNION")
    if sticker:
        pool = [
            f"GVWR {kg} KG ({round(kg * 2.2046)} LB)",
            f"GAWR FRT {front} KG  RR {rear} KG",
            "THIS VEHICLE CONFORMS TO ALL APPLICABLE",
            "MOTOR VEHICLE SAFETY STANDARDS",
            f"DATE {r.randint(1, 12):02d}/{truth.year % 100:02d}",
            r.choice(("TYPE: PASSENGER CAR", "TYPE: MPV", "TYPE: PASS. CAR")),
            f"PAINT: {paint}",
            f"MADE IN {country}",
        ]
    else:
        pool = [
            f"GROSS VEHICLE WT. {kg} KG",
            f"PERM. AXLE LOAD 1- {front} KG  2- {rear} KG",
            f"ENGINE {engine}",
            f"COLOUR {paint}   TRIM {r.choice(('FB20', 'LA10', 'BK', 'SA'))}{r.randint(1, 9)}",
            f"TYPE APPROVAL e{r.choice((1, 2, 4, 6, 9, 11, 13))}*2007/46*{r.randrange(10000):04d}*{r.randrange(1, 30):02d}",
            f"MADE IN {country}",
            f"DATE OF MFR {r.randint(1, 12):02d}/{truth.year}",
            f"{kg + r.randrange(300, 900, 5)} KG",
            f"TRANS {r.choice(('U760E', 'A6MF1', 'JF015E', 'DQ200', '6T40'))}",
        ]
    r.shuffle(pool)
    return pool[: r.randint(2, 5)]


def _design_vin_plate(rng: random.Random, truth: Truth, cap: int) -> Design:
    assert truth.vin is not None
    style = rng.choice(("riveted", "riveted", "dark", "brass", "sticker", "sticker", "silver_sticker"))
    sticker = "sticker" in style
    text_face = _any_face(rng, cyrillic=False)
    title_face = text_face if rng.random() < 0.5 else _ttf_face(rng, _TTF_BOLD)
    id_face = text_face if rng.random() < 0.4 else _any_face(rng, cyrillic=False)
    fallback = _ttf_face(rng, _TTF_REGULAR + _TTF_BOLD)
    ink = _light(rng) if style == "dark" else _dark(rng)
    small = max(6.0, cap * rng.uniform(0.6, 0.95))
    rows = [Row([_seg(title_face, rng.choice(_maker_titles(truth.maker.upper())), cap * rng.uniform(1.0, 1.6), ink, fallback)])]
    lines = _plate_lines(rng, truth, sticker)
    n_before = rng.randint(0, min(2, len(lines)))
    for line in lines[:n_before]:
        rows.append(Row([_seg(text_face, line, small, ink, fallback)], before=small * rng.uniform(0.5, 0.9)))
    label = rng.choice(("VIN", "VIN:", "VIN", "VEHICLE IDENT. NO.", "V.I.N.", "VEHICLE IDENTIFICATION NO.", "IDENT. NO."))
    label_seg = _seg(text_face, label, small if rng.random() < 0.6 else cap, ink, fallback)
    id_seg = Seg(_render(id_face, truth.vin, cap), ink, ident=True)
    if rng.random() < 0.6:
        id_seg.gap = cap * rng.uniform(0.6, 1.4)
        rows.append(Row([label_seg, id_seg], before=cap * rng.uniform(0.6, 1.0)))
    else:
        rows.append(Row([label_seg], before=cap * rng.uniform(0.6, 1.0)))
        rows.append(Row([id_seg], before=cap * rng.uniform(0.45, 0.8)))
    if sticker and rng.random() < 0.6:
        assert id_seg.ink is not None
        bars = _barcode(rng, round(id_seg.ink.width * rng.uniform(0.9, 1.3)), round(cap * rng.uniform(1.2, 2.2)), ink)
        rows.append(Row([Seg(block=bars)], before=cap * rng.uniform(0.35, 0.6)))
    for line in lines[n_before:]:
        rows.append(Row([_seg(text_face, line, small, ink, fallback)], before=small * rng.uniform(0.5, 0.9)))
    margin_x, margin_y = cap * rng.uniform(1.0, 1.8), cap * rng.uniform(0.9, 1.5)
    placed, width, height = _stack(rows, margin_x, margin_y, rng.choice(("left", "left", "center")))
    seed = rng.getrandbits(32)
    rivets = 0 if sticker else rng.choice((0, 2, 4, 4))
    border = rng.random() < 0.5

    def draw(cw: int, ch: int, ox: int, oy: int, nrng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, list[Box]]:
        r = random.Random(seed)
        if style == "dark":
            base: RGB = _jitter((45, 45, 50), r, 10)
            rgb = _brushed(ch, cw, base, nrng, 4)
        elif style == "brass":
            base = _jitter((196, 168, 104), r, 12)
            rgb = _brushed(ch, cw, base, nrng, 7)
        elif style == "silver_sticker":
            base = _jitter((205, 207, 210), r, 8)
            rgb = _brushed(ch, cw, base, nrng, 3)
        elif style == "sticker":
            base = _jitter((240, 240, 236), r, 8)
            rgb = _paper(ch, cw, base, nrng, 2, 1.5)
        else:
            base = _jitter((188, 190, 192), r, 14)
            rgb = _brushed(ch, cw, base, nrng, 8)
        sheet = Sheet(rgb)
        edge = min(margin_x, margin_y)
        if border:
            inset = round(edge * 0.35)
            cv2.rectangle(
                sheet.rgb, (inset, inset), (cw - 1 - inset, ch - 1 - inset), ink, max(1, round(cap * 0.06)), cv2.LINE_AA
            )
        e = 0.5 * edge
        for cx, cy in [(e, e), (cw - e, ch - e), (cw - e, e), (e, ch - e)][:rivets]:
            _rivet(sheet.rgb, cx, cy, edge * 0.28, base)
        boxes = _paint(sheet, placed, ox, oy)
        return sheet.rgb, _rounded_shape(ch, cw, edge * (0.3 if sticker else 0.5)), boxes

    return Design(width, height, (1.0, 2.6), draw, drop_shadow=0.0 if sticker else 0.3)


_JP_PLATES = {
    "Toyota": ("TOYOTA MOTOR CORPORATION", "FRAME NO.", "MODEL"),
    "Nissan": ("NISSAN MOTOR CO., LTD. JAPAN", "CHASSIS NO.", "TYPE"),
    "Honda": ("HONDA MOTOR CO., LTD.", "FRAME NO.", "MODEL"),
    "Mitsubishi": ("MITSUBISHI MOTORS CORPORATION", "CHASSIS NO.", "MODEL"),
    "Mazda": ("MAZDA MOTOR CORPORATION", "CHASSIS NO.", "MODEL"),
    "Subaru": ("FUJI HEAVY INDUSTRIES LTD.", "FRAME NO.", "MODEL"),
    "Suzuki": ("SUZUKI MOTOR CORPORATION", "CHASSIS NO.", "MODEL"),
}
_JP_ENGINES = {
    "Toyota": ("1NZ", "2NZ", "1ZZ", "2AZ", "1JZ", "2JZ", "3S", "1AZ", "2ZR", "1GR"),
    "Nissan": ("QG15DE", "QR20DE", "SR20DE", "MR20DE", "HR15DE", "VQ25DE", "RB25DET"),
    "Honda": ("L13A", "L15A", "K20A", "K24A", "D15B", "R18A"),
    "Mitsubishi": ("4G15", "4G63", "4G93", "6G72", "4B11"),
    "Mazda": ("ZY", "LF", "L3", "FS", "ZJ"),
    "Subaru": ("EJ20", "EJ15", "FB20", "EJ25"),
    "Suzuki": ("M13A", "M15A", "K6A", "J20A"),
}


def _design_frame(rng: random.Random, truth: Truth, cap: int) -> Design:
    assert truth.frame is not None
    company, frame_label, model_label = _JP_PLATES.get(
        truth.maker, (f"{truth.maker.upper()} MOTOR CO., LTD.", "FRAME NO.", "MODEL")
    )
    if rng.random() < 0.3:
        frame_label = rng.choice(("FRAME NO.", "CHASSIS NO.", "FRAME No.", "CHASSIS No."))
    label_face = _any_face(rng, cyrillic=False)
    value_face = label_face if rng.random() < 0.5 else _any_face(rng, cyrillic=False)
    id_face = value_face if rng.random() < 0.6 else _any_face(rng, cyrillic=False)
    fallback = _ttf_face(rng, _TTF_REGULAR + _TTF_BOLD)
    finish = rng.choice(("print", "print", "pressed_inked", "pressed"))
    depth = 0.0 if finish == "print" else rng.uniform(0.7, 1.0)
    ink = _dark(rng, 15, 55) if finish != "pressed" else _dark(rng, 60, 90)
    label_cap, value_cap = cap * rng.uniform(0.55, 0.85), cap * rng.uniform(0.85, 1.0)
    prefix = rng.choice(("DBA", "CBA", "UA", "TA", "GH", "LA", "ABA", "DAA", "E", "GF"))
    grade = "-" + "".join(rng.choice("AEPNKGHMSR") for _ in range(5)) if truth.maker == "Toyota" and rng.random() < 0.5 else ""
    engine = rng.choice(_JP_ENGINES.get(truth.maker, ("1NZ",)))
    fields = [
        (model_label, f"{prefix}-{truth.code}{grade}", False),
        (frame_label, truth.frame, True),
        ("ENGINE", f"{engine}" + (f"  {rng.randrange(990, 3500, 5)}cc" if rng.random() < 0.4 else ""), False),
        (
            "COLOR/TRIM",
            f"{_digits(rng, 1)}{rng.choice('CFGHK')}{_digits(rng, 1)}  {rng.choice(('FB', 'FA', 'LA', 'EA'))}{_digits(rng, 2)}",
            False,
        ),
        (
            "TRANS/AXLE",
            f"{rng.choice(('U341E', 'A245E', 'K310', 'RE0F09B', 'SWRA'))}  {rng.choice(('F', 'A', 'B'))}{_digits(rng, 2)}",
            False,
        ),
        ("PLANT", rng.choice("ABCDEFJKM"), False),
    ]
    keep = [f for f in fields if f[2] or rng.random() < 0.65]
    value_segs = []
    label_segs = []
    for label, value, ident in keep:
        label_segs.append(_seg(label_face, label, label_cap, ink, fallback))
        face = id_face if ident else value_face
        value_segs.append(
            Seg(
                _render(_face_for(value, face, fallback), value, cap if ident else value_cap),
                ink,
                ident=ident,
                relief=depth,
                inked=finish != "pressed",
            )
        )
    column = max(s.w for s in label_segs) + cap * rng.uniform(0.8, 1.6)
    rows = [Row([_seg(label_face if rng.random() < 0.5 else fallback, company, cap * rng.uniform(0.75, 1.2), ink, fallback)])]
    for label_seg, value_seg in zip(label_segs, value_segs, strict=True):
        value_seg.gap = column - label_seg.w
        rows.append(Row([label_seg, value_seg], before=cap * rng.uniform(0.55, 0.9)))
    if rng.random() < 0.5:
        rows.append(Row([_seg(label_face, "MADE IN JAPAN", label_cap, ink, fallback)], before=cap * 0.7))
    margin_x, margin_y = cap * rng.uniform(1.0, 1.7), cap * rng.uniform(0.9, 1.4)
    placed, width, height = _stack(rows, margin_x, margin_y)
    seed = rng.getrandbits(32)

    def draw(cw: int, ch: int, ox: int, oy: int, nrng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, list[Box]]:
        r = random.Random(seed)
        base = _jitter((196, 198, 200), r, 14)
        sheet = Sheet(_brushed(ch, cw, base, nrng, r.uniform(4, 9)))
        edge = min(margin_x, margin_y)
        if r.random() < 0.7:
            for cx in (0.5 * edge, cw - 0.5 * edge):
                _rivet(sheet.rgb, cx, ch / 2 if r.random() < 0.5 else 0.5 * edge, edge * 0.28, base)
        boxes = _paint(sheet, placed, ox, oy)
        if depth:
            ao = r.uniform(0.2, 0.35) if finish == "pressed_inked" else r.uniform(0.45, 0.6)
            _apply_relief(sheet, cap, r.uniform(0, 2 * math.pi), ao=ao, amp=r.uniform(45, 80))
        return sheet.rgb, _rounded_shape(ch, cw, edge * 0.4), boxes

    return Design(width, height, (1.0, 2.5), draw, drop_shadow=0.25)


_PART_BRANDS = {
    "toyota": ("TOYOTA GENUINE PARTS", "TOYOTA"),
    "nissan": ("NISSAN GENUINE PARTS", "NISSAN"),
    "honda": ("HONDA GENUINE PARTS", "HONDA"),
    "hyundai": ("HYUNDAI MOBIS", "KIA GENUINE PARTS", "MOBIS"),
    "vag": ("VOLKSWAGEN ORIGINAL TEILE", "VAG ORIGINAL", "AUDI ORIGINAL TEILE"),
    "renault": ("RENAULT ORIGINAL PARTS", "MOTRIO", "RENAULT"),
    "bmw": ("BMW ORIGINAL TEIL", "BMW GROUP"),
    "mercedes": ("MERCEDES-BENZ GENUINE PARTS", "MERCEDES-BENZ"),
    "mitsubishi": ("MITSUBISHI MOTORS GENUINE PARTS", "MMC"),
}
_PART_NAMES = (
    "OIL FILTER",
    "ELEMENT SUB-ASSY, OIL FILTER",
    "AIR FILTER ELEMENT",
    "SPARK PLUG",
    "BRAKE PAD KIT, FRONT",
    "WATER PUMP ASSY",
    "TIMING BELT KIT",
    "FUEL FILTER",
    "CABIN AIR FILTER",
    "WIPER BLADE 600 MM",
    "ФИЛЬТР МАСЛЯНЫЙ",
    "КОЛОДКИ ТОРМОЗНЫЕ ПЕРЕДНИЕ",
    "СВЕЧА ЗАЖИГАНИЯ",
    "Ölfilter",
)


def _design_part_label(rng: random.Random, truth: Truth, cap: int) -> Design:
    text_face = _any_face(rng, cyrillic=False)
    id_face = text_face if rng.random() < 0.5 else _any_face(rng, cyrillic=False)
    fallback = _ttf_face(rng, _TTF_REGULAR + _TTF_BOLD)
    brand_face = _ttf_face(rng, _TTF_BOLD) if rng.random() < 0.7 else text_face
    ink = _dark(rng, 10, 50)
    accent: RGB = rng.choice(((170, 25, 30), (20, 50, 140), (25, 25, 25), (0, 100, 60)))
    small = cap * rng.uniform(0.6, 0.9)
    rows = [Row([_seg(brand_face, rng.choice(_PART_BRANDS[truth.family]), cap * rng.uniform(1.1, 1.8), accent, fallback)])]
    rows.append(Row([_seg(text_face, rng.choice(_PART_NAMES), small * rng.uniform(1.0, 1.3), ink, fallback)], before=cap * 0.6))
    labels_first = ("PART NO.", "PART No.", "P/N", "Art.-Nr.", "Артикул", "Кат. номер", "No.")
    labels_second = ("REPLACES", "OE", "OEM", "Замена", "SUPERSEDES")
    inline = rng.random() < 0.65
    for i, number in enumerate(truth.parts):
        label = rng.choice(labels_first if i == 0 else labels_second)
        label_seg = _seg(text_face, label, small if rng.random() < 0.7 else cap, ink, fallback)
        id_seg = Seg(_render(id_face, number, cap * (1.0 if i == 0 else rng.uniform(0.9, 1.0))), ink, ident=True)
        if inline:
            id_seg.gap = cap * rng.uniform(0.6, 1.3)
            rows.append(Row([label_seg, id_seg], before=cap * rng.uniform(0.6, 1.0)))
        else:
            rows.append(Row([label_seg], before=cap * rng.uniform(0.6, 1.0)))
            rows.append(Row([id_seg], before=cap * rng.uniform(0.4, 0.7)))
    if rng.random() < 0.8:
        bars = _barcode(rng, round(cap * rng.uniform(7, 12)), round(cap * rng.uniform(1.5, 2.8)), ink)
        rows.append(Row([Seg(block=bars)], before=cap * rng.uniform(0.6, 1.0)))
        if rng.random() < 0.5:
            ean = _digits(rng, 13)
            rows.append(Row([_seg(text_face, f"{ean[0]} {ean[1:7]} {ean[7:]}", small * 0.8, ink, fallback)], before=cap * 0.2))
    extras = [
        f"QTY {rng.choice((1, 1, 2, 4))}",
        f"MADE IN {rng.choice(('JAPAN', 'GERMANY', 'KOREA', 'FRANCE', 'CHINA', 'SPAIN'))}",
    ]
    for line in extras[: rng.randint(0, 2)]:
        rows.append(Row([_seg(text_face, line, small, ink, fallback)], before=small * 0.6))
    margin_x, margin_y = cap * rng.uniform(0.9, 1.6), cap * rng.uniform(0.8, 1.4)
    placed, width, height = _stack(rows, margin_x, margin_y, rng.choice(("left", "left", "center")))
    seed = rng.getrandbits(32)
    on_box = rng.random() < 0.5

    def draw(cw: int, ch: int, ox: int, oy: int, nrng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, list[Box]]:
        r = random.Random(seed)
        label_rgb = _jitter((244, 243, 238), r, 7)
        if on_box:  # the label stuck on a cardboard box face
            box_rgb: RGB = r.choice(((188, 158, 118), (200, 172, 130), (230, 230, 228), (160, 30, 35), (30, 60, 130)))
            rgb = _paper(ch, cw, box_rgb, nrng, 5, 5)
            rgb[oy : oy + height, ox : ox + width] = _paper(height, width, label_rgb, nrng, 2, 1.5)
        else:
            rgb = _paper(ch, cw, label_rgb, nrng, 2, 1.5)
        sheet = Sheet(rgb)
        boxes = _paint(sheet, placed, ox, oy)
        return sheet.rgb, _rounded_shape(ch, cw, min(margin_x, margin_y) * 0.3), boxes

    return Design(width, height, (1.0, 2.4), draw, drop_shadow=0.35)


def _design_stamped(rng: random.Random, truth: Truth, cap: int) -> Design:
    assert truth.vin is not None
    pick = rng.random()
    if pick < 0.45:
        face = _stroke_face(rng, heavy=True)
    elif pick < 0.7:
        face = _dots_face(rng)
        face = Face("dots", weight=rng.uniform(0.36, 0.48), squeeze=face.squeeze, tracking=face.tracking)
    else:
        face = _ttf_face(rng, _TTF_MONO_BOLD)
    tracking = cap * rng.uniform(0.1, 0.45)
    inks = [_render(face, ch, cap) for ch in truth.vin]
    depths = [rng.uniform(0.7, 1.0) for _ in inks]
    jitters = [cap * rng.uniform(-0.06, 0.06) for _ in inks]
    stars = rng.random() < 0.35
    star_size = cap * 0.7
    margin_x, margin_y = cap * rng.uniform(1.5, 3.0), cap * rng.uniform(2.0, 4.0)
    x = margin_x + (star_size + tracking * 2 if stars else 0.0)
    xs = []
    for ink in inks:
        xs.append(x)
        x += ink.width + tracking
    end = x - tracking + (tracking * 2 + star_size if stars else 0.0)
    width, height = math.ceil(end + margin_x), math.ceil(cap + 2 * margin_y)
    seed = rng.getrandbits(32)
    painted = rng.random() < 0.55

    def draw(cw: int, ch: int, ox: int, oy: int, nrng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, list[Box]]:
        r = random.Random(seed)
        if painted:
            base: RGB = r.choice(((205, 205, 200), (140, 25, 30), (25, 45, 95), (38, 38, 40), (150, 152, 155), (60, 90, 60)))
            rgb = _fill(ch, cw, _jitter(base, r, 10))
            rgb += (_smooth(nrng, ch, cw, 30) * 3 + _grain(nrng, ch, cw) * 3)[..., None]
        else:
            v = r.uniform(95, 150)
            rgb = _brushed(ch, cw, _jitter((v, v * 0.98, v * 0.95), r, 6), nrng, 6)
            rgb += (_grain(nrng, ch, cw, 1) * 6)[..., None]
        sheet = Sheet(rgb)
        boxes: list[Box] = []
        for ink, x0, d, dy in zip(inks, xs, depths, jitters, strict=True):
            sheet.carve(ink, x0 + ox, margin_y + oy + dy, d)
            boxes.append(_ink_box(ink, x0 + ox, margin_y + oy + dy))
        if stars:
            for sx in (margin_x + ox, end - star_size + ox):
                _star(sheet, sx + star_size / 2, margin_y + oy + cap / 2, star_size / 2)
        ident = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
        _speckles(sheet, r, nrng, cap, ident, rust=not painted or r.random() < 0.4)
        light = r.uniform(0, 2 * math.pi)
        ao = r.uniform(0.45, 0.65) if not painted else r.uniform(0.4, 0.55)
        _apply_relief(sheet, cap, light, ao=ao, amp=r.uniform(55, 90))
        return sheet.rgb, _rounded_shape(ch, cw, 0), [ident]

    return Design(width, height, (1.3, 3.6), draw, drop_shadow=0.0, sharpness=0.6)


def _star(sheet: Sheet, cx: float, cy: float, radius: float) -> None:
    pts = []
    for k in range(10):
        rad = radius if k % 2 == 0 else radius * 0.45
        angle = -math.pi / 2 + k * math.pi / 5
        pts.append((cx + rad * math.cos(angle), cy + rad * math.sin(angle)))
    mask = np.zeros(sheet.relief.shape, np.uint8)
    cv2.fillPoly(mask, [np.round(np.array(pts) * 8).astype(np.int32)], 255, cv2.LINE_AA, 3)
    np.maximum(sheet.relief, mask.astype(np.float32) / 255.0 * 0.8, out=sheet.relief)


def _speckles(sheet: Sheet, r: random.Random, nrng: np.random.Generator, cap: int, ident: Box, *, rust: bool) -> None:
    """Rust or paint speckles, small where they touch the identifier."""
    h, w = sheet.relief.shape
    layer = np.zeros((h, w), np.uint8)
    for _ in range(r.randint(30, 220)):
        x, y = r.uniform(0, w), r.uniform(0, h)
        radius = cap * r.uniform(0.03, 0.25)
        if ident[0] - cap * 0.5 < x < ident[2] + cap * 0.5 and ident[1] - cap * 0.5 < y < ident[3] + cap * 0.5:
            continue  # none on the characters themselves
        cv2.ellipse(
            layer, ((x, y), (radius * 2, radius * r.uniform(1, 2.4)), r.uniform(0, 180)), r.randint(120, 255), -1, cv2.LINE_AA
        )
    patches = np.clip(_smooth(nrng, h, w, 8) - 1.6, 0, 1)
    patches[max(0, int(ident[1] - cap)) : int(ident[3] + cap), max(0, int(ident[0] - cap)) : int(ident[2] + cap)] *= 0.25
    a = np.clip(layer.astype(np.float32) / 255.0 + patches, 0, 0.9)[..., None]
    color = np.asarray(_jitter((135, 70, 35), r, 15) if rust else _jitter((215, 215, 210), r, 20), np.float32)
    sheet.rgb *= 1.0 - a
    sheet.rgb += a * color


_STS_COLORS = ("СЕРЕБРИСТЫЙ", "ЧЕРНЫЙ", "БЕЛЫЙ", "СЕРЫЙ", "СИНИЙ", "КРАСНЫЙ", "ТЕМНО-СЕРЫЙ", "БЕЖЕВЫЙ", "ЗЕЛЕНЫЙ", "КОРИЧНЕВЫЙ")
_PLATE_LETTERS = "АВЕКМНОРСТУХ"


def _sts_fields(r: random.Random, truth: Truth, printed: str) -> list[tuple[str, str, str]]:
    """(label, value, role) rows of a СТС front side; role "id" for the identifier, "dup" for its repeat."""
    jp = truth.kind == "sts_jp"
    plate = f"{r.choice(_PLATE_LETTERS)}{_digits(r, 3)}{r.choice(_PLATE_LETTERS)}{r.choice(_PLATE_LETTERS)}{r.choice(('77', '78', '125', '25', '54', '197', '750', '66'))}"
    make = f"{truth.maker.upper()} {truth.model}".strip()
    if truth.maker == "Lada" and r.random() < 0.5:
        make = f"ЛАДА {truth.model}".strip()
    body = printed if r.random() < 0.55 else "ОТСУТСТВУЕТ"
    kw = r.randint(55, 190)
    return [
        ("Регистрационный знак", plate, ""),
        ("Идентификационный номер (VIN)", "ОТСУТСТВУЕТ" if jp else printed, "" if jp else "id"),
        ("Марка, модель", make, ""),
        ("Тип ТС", r.choice(("ЛЕГКОВОЙ СЕДАН", "ЛЕГКОВОЙ УНИВЕРСАЛ", "ЛЕГКОВОЙ ХЭТЧБЕК", "ЛЕГКОВОЙ КОМБИ (ХЭТЧБЕК)")), ""),
        ("Категория ТС (ABCD, прицеп)", "B", ""),
        ("Год выпуска ТС", str(truth.year), ""),
        ("Шасси (рама) №", printed if jp else "ОТСУТСТВУЕТ", "id" if jp else ""),
        ("Кузов (кабина, прицеп) №", body, "dup" if body == printed else ""),
        ("Цвет", r.choice(_STS_COLORS), ""),
        ("Мощность двигателя, кВт/л.с.", f"{kw}/{round(kw * 1.36)}", ""),
        ("Экологический класс", r.choice(("ЧЕТВЕРТЫЙ", "ПЯТЫЙ", "ТРЕТИЙ")), ""),
        ("Паспорт ТС серия №", f"{_digits(r, 2)} {r.choice(_PLATE_LETTERS)}{r.choice(_PLATE_LETTERS)} {_digits(r, 6)}", ""),
        ("Разрешенная max масса, кг", str(r.randrange(1500, 2800, 5)), ""),
        ("Масса без нагрузки, кг", str(r.randrange(1000, 2100, 5)), ""),
    ]


def _design_sts(rng: random.Random, truth: Truth, cap: int) -> Design:
    jp = truth.kind == "sts_jp"
    ident = truth.frame if jp else truth.vin
    assert ident is not None
    printed, prefix = ident, ""
    if jp:
        style = rng.random()
        if style < 0.25:
            printed = ident.replace("-", "")
        elif style < 0.45:
            prefix = "№"
    label_face = _any_face(rng, cyrillic=True)
    value_face = _any_face(rng, cyrillic=True)
    id_face = value_face if rng.random() < 0.3 else _any_face(rng, cyrillic=False)
    fallback = _ttf_face(rng, _TTF_REGULAR)
    label_cap, value_cap = cap * rng.uniform(0.62, 0.9), cap * rng.uniform(0.9, 1.05)
    label_ink, value_ink = _dark(rng, 50, 95), _dark(rng, 10, 55)
    fields = _sts_fields(rng, truth, printed)
    needed = [i for i, f in enumerate(fields) if f[2] == "id"] + ([1] if jp else [])
    first = rng.randint(max(0, min(needed) - 4), min(needed))
    last = rng.randint(max(needed), min(len(fields) - 1, max(needed) + 5))
    while last - first < 3:
        last = min(len(fields) - 1, last + 1)
        first = max(0, first - 1)
    chosen = fields[first : last + 1]
    labels = [_seg(label_face, label, label_cap, label_ink, fallback) for label, _, _ in chosen]
    aligned = rng.random() < 0.7
    column = max(s.w for s in labels) + cap * rng.uniform(0.8, 1.6)
    drift = cap * rng.uniform(-0.22, 0.22)  # the printer's offset against the pre-printed form
    rows: list[Row] = []
    if first == 0 and rng.random() < 0.75:
        rows.append(Row([_seg(label_face, "СВИДЕТЕЛЬСТВО О РЕГИСТРАЦИИ ТС", cap * rng.uniform(0.8, 1.0), label_ink, fallback)]))
        series = f"{_digits(rng, 2)} {_digits(rng, 2)} {_digits(rng, 6)}"
        rows.append(
            Row(
                [_seg(fallback, series, cap * rng.uniform(0.9, 1.1), _jitter((185, 35, 45), rng, 15), fallback)], before=cap * 0.5
            )
        )
    for label_seg, (_, value, role) in zip(labels, chosen, strict=True):
        gap = column - label_seg.w if aligned else cap * rng.uniform(0.5, 1.0)
        segs = [label_seg]
        if role and prefix:
            segs.append(_seg(value_face, prefix, value_cap, value_ink, fallback, gap=gap, dy=drift))
            gap = cap * 0.35
        face = id_face if role else value_face
        size = cap if role else value_cap
        segs.append(Seg(_render(_face_for(value, face, fallback), value, size), value_ink, gap=gap, ident=bool(role), dy=drift))
        rows.append(Row(segs, before=cap * rng.uniform(0.9, 1.5) if rows else 0.0))
    margin_x, margin_y = cap * rng.uniform(1.0, 1.8), cap * rng.uniform(1.0, 1.6)
    placed, width, height = _stack(rows, margin_x, margin_y)
    seed = rng.getrandbits(32)
    pink = rng.random() < 0.6

    def draw(cw: int, ch: int, ox: int, oy: int, nrng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, list[Box]]:
        r = random.Random(seed)
        paper: RGB = _jitter((243, 226, 230) if pink else (228, 240, 224), r, 6)
        pattern: RGB = _jitter((214, 170, 190) if pink else (170, 205, 170), r, 10)
        sheet = Sheet(_paper(ch, cw, paper, nrng))
        _guilloche(sheet.rgb, pattern, r, r.uniform(0.35, 0.8))
        inset = round(min(margin_x, margin_y) * 0.4)
        if r.random() < 0.6:
            cv2.rectangle(
                sheet.rgb, (inset, inset), (cw - 1 - inset, ch - 1 - inset), pattern, max(1, round(cap * 0.08)), cv2.LINE_AA
            )
        boxes = _paint(sheet, placed, ox, oy)
        return sheet.rgb, _rounded_shape(ch, cw, min(margin_x, margin_y) * 0.3), boxes

    return Design(width, height, (1.0, 1.8), draw, drop_shadow=0.35)


_BUILDERS: dict[str, Callable[[random.Random, Truth, int], Design]] = {
    "vin_plate": _design_vin_plate,
    "sts": _design_sts,
    "stamped": _design_stamped,
    "frame": _design_frame,
    "part_label": _design_part_label,
    "sts_jp": _design_sts,
}


# ----------------------------------------------------------------------------------------------- the shot


@dataclass(frozen=True)
class Shot:
    cap: float  # capital height of the identifier in the final photo, px
    final: tuple[int, int]  # width, height of the photo as delivered
    original: tuple[int, int]  # as the phone took it (larger when it was forwarded through a messenger)
    pad: tuple[float, float]  # card size over content size
    design_cap: int  # capital height the card is drawn with


def _pick_cap(rng: random.Random) -> float:
    if rng.random() < 0.36:
        return rng.uniform(8.0, 12.9)
    return 13.0 + 27.0 * rng.random() ** 1.4


_SIZE_WEIGHTS = {(3024, 4032): 3.0, (2048, 1536): 1.5}


def _plan_shot(design: Design, design_cap: int, rng: random.Random) -> Shot:
    """Capital height, photo size and card size, so that the card covers 15-90% of the photo. Small capitals
    may sit on a card with wider blank margins (a plate or document photographed from further away)."""
    cw, ch = design.width / design_cap, design.height / design_cap
    pmin = design.pad[0]
    cap = _pick_cap(rng)
    options: list[tuple[tuple[int, int], float, float]] = []
    pmax = design.pad[1]
    for _ in range(80):
        pmax = min(4.0, design.pad[1] * max(1.0, 15.0 / cap))
        area = cw * ch * cap * cap * 0.85
        options = []
        for size in _PHOTO_SIZES:
            wh = size[0] * size[1]
            lo, hi = max(0.15, area * pmin * pmin / wh), min(0.9, area * pmax * pmax / wh)
            fits = cw * cap * pmin <= size[0] * 1.02 and ch * cap * pmin <= size[1] * 1.02
            if lo <= hi and fits:
                options.append((size, lo, hi))
        if options:
            break
        too_small = all(area * pmax * pmax / (w * h) < 0.15 for w, h in _PHOTO_SIZES)
        cap = min(40.0, cap + 0.5) if too_small else max(8.0, cap - 0.5)
    if not options:
        size = min(_PHOTO_SIZES, key=lambda s: abs(math.log(cw * ch * cap * cap * 2 / (s[0] * s[1]))))
        options = [(size, 0.3, 0.3)]
    size, lo, hi = rng.choices(options, weights=[_SIZE_WEIGHTS.get(o[0], 1.0) for o in options])[0]
    area = cw * ch * cap * cap * 0.85
    pad = math.sqrt(rng.uniform(lo, hi) * size[0] * size[1] / area)
    stretch = rng.uniform(0.85, 1.18)
    pad_x = min(pmax * 1.1, max(pmin, pad * stretch, 1.0))
    pad_y = min(pmax * 1.1, max(pmin, pad / stretch, 1.0))
    original = size
    if size in _FORWARDED_FROM and rng.random() < 0.3:
        original = rng.choice(_FORWARDED_FROM[size])
    cap_original = cap * original[0] / size[0]
    limit = min(48.0, _MAX_CARD_SIDE / (cw * pad_x), _MAX_CARD_SIDE / (ch * pad_y))
    design_cap = round(max(14.0, min(limit, cap_original * rng.uniform(1.1, 1.6))))
    return Shot(cap, size, original, (pad_x, pad_y), design_cap)


def _rotation(tilt: float, direction: float, roll: float) -> np.ndarray:
    axis = np.array([math.cos(direction), math.sin(direction), 0.0])
    k = np.array([[0, -axis[2], axis[1]], [axis[2], 0, -axis[0]], [-axis[1], axis[0], 0]])
    tilted = np.eye(3) + math.sin(tilt) * k + (1 - math.cos(tilt)) * (k @ k)
    rolled = np.array([[math.cos(roll), -math.sin(roll), 0], [math.sin(roll), math.cos(roll), 0], [0, 0, 1]])
    return rolled @ tilted


def _coverage(quad: np.ndarray, w: int, h: int) -> float:
    rect = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
    area, _ = cv2.intersectConvexConvex(quad.astype(np.float32), rect)
    return float(area) / (w * h)


def _place(card_w: int, card_h: int, boxes: list[Box], shot: Shot, rng: random.Random) -> tuple[np.ndarray, list[np.ndarray]]:
    """Homography card -> photo (original size) and the identifier quads in the photo."""
    w, h = shot.original
    cap_px = shot.cap * w / shot.final[0]
    design_cap = shot.design_cap
    scale = cap_px / design_cap
    ux0, uy0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
    ux1, uy1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
    anchor = np.array([(ux0 + ux1) / 2, (uy0 + uy1) / 2])
    tilt = math.radians(rng.uniform(0, 25)) if rng.random() < 0.85 else 0.0
    rotation = _rotation(tilt, rng.uniform(0, 2 * math.pi), math.radians(rng.uniform(-15, 15)))
    focal = max(w, h) * rng.uniform(0.8, 1.5)
    corners = np.array([[0, 0], [card_w, 0], [card_w, card_h], [0, card_h]], np.float64)
    lifted = np.column_stack([(corners - anchor) * scale, np.zeros(4)]) @ rotation.T
    focal = max(focal, 2.5 * float(np.abs(lifted[:, 2]).max()))

    def project(points: np.ndarray) -> np.ndarray:
        p = np.column_stack([(points - anchor) * scale, np.zeros(len(points))]) @ rotation.T
        return focal * p[:, :2] / (focal + p[:, 2:3])

    half = np.array([0.0, design_cap / 2])
    up = project(np.array([anchor - half, anchor + half]))
    gain = cap_px / max(1e-6, float(np.linalg.norm(up[1] - up[0])))
    margin = 0.3 * design_cap
    quads = [
        project(
            np.array(
                [
                    [b[0] - margin, b[1] - margin],
                    [b[2] + margin, b[1] - margin],
                    [b[2] + margin, b[3] + margin],
                    [b[0] - margin, b[3] + margin],
                ]
            )
        )
        for b in boxes
    ]
    dst = project(corners) * gain
    quads = [q * gain for q in quads]
    allq = np.vstack(quads)
    edge = max(6.0, 0.5 * cap_px)
    span_x, span_y = allq[:, 0].max() - allq[:, 0].min(), allq[:, 1].max() - allq[:, 1].min()
    fit = min(1.0, (w - 2 * edge) / span_x, (h - 2 * edge) / span_y)
    if fit < 1.0:
        dst, quads, allq = dst * fit, [q * fit for q in quads], allq * fit
    lo_x, hi_x = edge - allq[:, 0].min(), w - edge - allq[:, 0].max()
    lo_y, hi_y = edge - allq[:, 1].min(), h - edge - allq[:, 1].max()
    center = dst.mean(axis=0)
    best: tuple[float, float, float] | None = None
    for _ in range(16):
        tx = min(hi_x, max(lo_x, w / 2 - center[0] + rng.gauss(0, 0.2 * w)))
        ty = min(hi_y, max(lo_y, h / 2 - center[1] + rng.gauss(0, 0.2 * h)))
        cover = _coverage(dst + np.array([tx, ty]), w, h)
        miss = max(0.0, 0.15 - cover) + max(0.0, cover - 0.9)
        if best is None or miss < best[0]:
            best = (miss, tx, ty)
        if miss == 0.0:
            break
    assert best is not None
    shift = np.array([best[1], best[2]])
    homography = cv2.getPerspectiveTransform(corners.astype(np.float32), (dst + shift).astype(np.float32))
    return homography, [q + shift for q in quads]


# ----------------------------------------------------------------------------------------------- the photo


def _background(w: int, h: int, rng: random.Random, nrng: np.random.Generator) -> np.ndarray:
    kind = rng.choice(("desk", "wood", "paint", "carpet", "noise", "hand"))
    sw, sh = w // 4 + 1, h // 4 + 1
    if kind == "wood":
        light: RGB = _jitter((150, 105, 65) if rng.random() < 0.6 else (205, 175, 135), rng, 20)
        yy = np.arange(sh, dtype=np.float32)[:, None] + _smooth(nrng, sh, sw, 4) * rng.uniform(4, 14)
        stripes = (0.5 + 0.5 * np.sin(yy * 2 * np.pi / rng.uniform(6, 20))) ** 3
        low = _fill(sh, sw, light) * (0.8 + 0.2 * stripes[..., None])
    elif kind == "paint":
        low = _fill(
            sh, sw, rng.choice(((180, 182, 186), (25, 25, 28), (230, 230, 228), (150, 20, 25), (30, 55, 120), (90, 92, 95)))
        )
        for _ in range(rng.randint(1, 3)):
            cx, cy, rad = rng.uniform(0, sw), rng.uniform(0, sh), rng.uniform(0.1, 0.5) * max(sw, sh)
            yy, xx = np.mgrid[0:sh, 0:sw]
            low += (np.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * rad * rad)) * rng.uniform(20, 70)).astype(np.float32)[
                ..., None
            ]
    elif kind == "carpet":
        low = _fill(sh, sw, _jitter(rng.choice(((60, 60, 62), (40, 45, 60), (90, 80, 70))), rng, 10))
    elif kind == "noise":
        low = _fill(sh, sw, _jitter((128, 128, 128), rng, 60))
        for cells, amp in ((4, 30.0), (12, 15.0), (40, 8.0)):
            low += np.stack([_smooth(nrng, sh, sw, cells) for _ in range(3)], axis=-1) * amp
    else:
        low = _fill(sh, sw, _jitter(rng.choice(((200, 200, 195), (120, 110, 100), (235, 235, 235))), rng, 15))
    low += (_smooth(nrng, sh, sw, 3) * 8)[..., None]
    if kind == "hand":  # a hand under the card
        theta = np.linspace(0, 2 * np.pi, 90)
        radius = (
            min(sw, sh) * rng.uniform(0.25, 0.45) * (1 + 0.15 * np.sin(3 * theta + rng.uniform(0, 6)) + 0.08 * np.sin(5 * theta))
        )
        cx, cy = rng.uniform(0.3, 0.7) * sw, rng.uniform(0.4, 0.9) * sh
        pts = np.stack([cx + radius * np.cos(theta) * 1.3, cy + radius * np.sin(theta)], 1).astype(np.int32)
        mask = np.zeros((sh, sw), np.uint8)
        cv2.fillPoly(mask, [pts], 255)
        a = cv2.GaussianBlur(mask.astype(np.float32) / 255.0, (0, 0), 3)[..., None]
        low = low * (1 - a) + np.asarray(_jitter((214, 168, 140), rng, 20), np.float32) * a
    photo = cv2.resize(low, (w, h), interpolation=cv2.INTER_LINEAR)
    if kind in ("carpet", "paint", "desk"):
        photo += (_grain(nrng, h, w, 2) * (14.0 if kind == "carpet" else 3.0))[..., None]
    return photo


def _composite(
    photo: np.ndarray, card: np.ndarray, shape: np.ndarray, homography: np.ndarray, shadow: float, rng: random.Random
) -> None:
    h, w = photo.shape[:2]
    card_h, card_w = shape.shape
    quad = cv2.perspectiveTransform(np.array([[[0, 0], [card_w, 0], [card_w, card_h], [0, card_h]]], np.float32), homography)[0]
    blur = max(2.0, 0.01 * max(w, h))
    offset = np.array([rng.uniform(-1, 1), rng.uniform(0.3, 1.5)]) * blur
    grow = int(3 * blur + np.abs(offset).max()) + 2
    x0, y0 = max(0, int(quad[:, 0].min()) - grow), max(0, int(quad[:, 1].min()) - grow)
    x1, y1 = min(w, int(quad[:, 0].max()) + grow), min(h, int(quad[:, 1].max()) + grow)
    if x0 >= x1 or y0 >= y1:
        return
    scale = math.sqrt(max(1e-6, cv2.contourArea(quad)) / (card_w * card_h))
    premultiplied = card * shape[..., None]
    pre = np.eye(3)
    if scale < 0.85:
        new_w, new_h = max(2, round(card_w * scale * 1.15)), max(2, round(card_h * scale * 1.15))
        premultiplied = cv2.resize(premultiplied, (new_w, new_h), interpolation=cv2.INTER_AREA)
        shape = cv2.resize(shape, (new_w, new_h), interpolation=cv2.INTER_AREA)
        pre = np.diag([card_w / new_w, card_h / new_h, 1.0])
    move = np.array([[1, 0, -x0], [0, 1, -y0], [0, 0, 1]], np.float64)
    matrix = move @ homography @ pre
    size = (x1 - x0, y1 - y0)
    color = cv2.warpPerspective(premultiplied, matrix, size, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT)
    alpha = cv2.warpPerspective(shape, matrix, size, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT)
    roi = photo[y0:y1, x0:x1]
    if shadow > 0:  # blurred and shifted at a quarter of the size: a soft shadow needs no detail
        small = cv2.resize(alpha, (max(1, size[0] // 4), max(1, size[1] // 4)), interpolation=cv2.INTER_AREA)
        small = cv2.GaussianBlur(small, (0, 0), blur / 4)
        small = cv2.warpAffine(small, np.float32([[1, 0, offset[0] / 4], [0, 1, offset[1] / 4]]), small.shape[::-1])
        dropped = cv2.resize(small, size, interpolation=cv2.INTER_LINEAR)
        roi *= (1.0 - shadow * dropped)[..., None]
    roi *= (1.0 - alpha)[..., None]
    roi += color


def _protect_mask(quads: list[np.ndarray], w: int, h: int, step: int, grow: float) -> np.ndarray:
    mask = np.zeros((h // step + 1, w // step + 1), np.uint8)
    for quad in quads:
        center = quad.mean(axis=0)
        vec = quad - center
        norm = np.maximum(np.linalg.norm(vec, axis=1, keepdims=True), 1e-6)
        grown = quad + vec / norm * grow
        cv2.fillConvexPoly(mask, np.round(grown / step).astype(np.int32), 255)
    return mask


def _finger(photo: np.ndarray, protect: np.ndarray, step: int, rng: random.Random) -> None:
    """A finger entering from an edge, out of focus, never over the identifier."""
    h, w = photo.shape[:2]
    side = min(w, h)
    for _ in range(12):
        width = side * rng.uniform(0.07, 0.13)
        edge = rng.randrange(4)
        t = rng.uniform(0.1, 0.9)
        start = [(t * w, h + width), (t * w, -width), (-width, t * h), (w + width, t * h)][edge]
        inward = [(0, -1), (0, 1), (1, 0), (-1, 0)][edge]
        angle = math.atan2(inward[1], inward[0]) + math.radians(rng.uniform(-35, 35))
        length = side * rng.uniform(0.18, 0.42)
        tip = (start[0] + math.cos(angle) * length, start[1] + math.sin(angle) * length)
        small = np.zeros_like(protect)
        p0 = (round(start[0] / step), round(start[1] / step))
        p1 = (round(tip[0] / step), round(tip[1] / step))
        cv2.line(small, p0, p1, 255, max(1, round(width / step)) + 4)
        cv2.circle(small, p1, round(width / step / 2) + 2, 255, -1)
        if np.any((small > 0) & (protect > 0)):
            continue
        x0, x1 = max(0, int(min(start[0], tip[0]) - width)), min(w, int(max(start[0], tip[0]) + width))
        y0, y1 = max(0, int(min(start[1], tip[1]) - width)), min(h, int(max(start[1], tip[1]) + width))
        if x0 >= x1 or y0 >= y1:
            continue
        yy, xx = np.mgrid[y0:y1, x0:x1].astype(np.float32)
        dx, dy = tip[0] - start[0], tip[1] - start[1]
        along = np.clip(((xx - start[0]) * dx + (yy - start[1]) * dy) / (dx * dx + dy * dy), 0, 1)
        dist = np.hypot(xx - (start[0] + along * dx), yy - (start[1] + along * dy)) / (width / 2)
        a = np.clip((1.0 - dist) * 4, 0, 1)
        a = cv2.GaussianBlur(a, (0, 0), max(1.0, width * 0.06))
        skin = np.asarray(_jitter((212, 160, 130), rng, 22), np.float32)
        shade = (0.55 + 0.45 * np.sqrt(np.clip(1 - dist * dist, 0, 1)))[..., None]
        roi = photo[y0:y1, x0:x1]
        roi *= 1.0 - a[..., None]
        roi += a[..., None] * skin * shade
        return


def _cast_shadow(photo: np.ndarray, protect: np.ndarray, step: int, rng: random.Random) -> None:
    """A soft shadow (the phone, a hand) from one side, never over the identifier."""
    h, w = photo.shape[:2]
    sh, sw = protect.shape
    for _ in range(10):
        pts = np.array([[rng.uniform(-0.2, 1.2) * sw, rng.uniform(-0.2, 1.2) * sh] for _ in range(rng.randint(3, 5))], np.float32)
        hull = cv2.convexHull(pts).astype(np.int32)
        mask = np.zeros((sh, sw), np.float32)
        cv2.fillConvexPoly(mask, hull, 1.0)
        mask = cv2.GaussianBlur(mask, (0, 0), max(1.0, 0.03 * max(sw, sh)))
        if np.any((mask > 0.02) & (protect > 0)) or mask.mean() < 0.05:
            continue
        full = cv2.resize(mask, (w, h), interpolation=cv2.INTER_LINEAR)
        photo *= (1.0 - rng.uniform(0.3, 0.55) * full)[..., None]
        return


def _quad_points(quads: list[np.ndarray]) -> np.ndarray:
    """Points over the identifier quads (corners, edges, inside)."""
    pts = []
    for q in quads:
        for u in np.linspace(0, 1, 7):
            for v in np.linspace(0, 1, 3):
                top = q[0] + (q[1] - q[0]) * u
                bottom = q[3] + (q[2] - q[3]) * u
                pts.append(top + (bottom - top) * v)
    return np.array(pts)


def _lighting(photo: np.ndarray, quads: list[np.ndarray], rng: random.Random, nrng: np.random.Generator, glossy: bool) -> None:
    """Uneven light and vignetting, a colour cast, maybe a glare spot (weak over the identifier) and low contrast."""
    h, w = photo.shape[:2]
    sh, sw = h // 16 + 2, w // 16 + 2
    yy, xx = np.mgrid[0:sh, 0:sw].astype(np.float32)
    u, v = xx / (sw - 1) - 0.5, yy / (sh - 1) - 0.5
    light = rng.uniform(0.8, 1.1) * (1 + rng.uniform(-0.7, 0.7) * u + rng.uniform(-0.7, 0.7) * v)
    light *= 1 - rng.uniform(0.0, 0.8) * (u * u + v * v)
    light *= 1 + 0.07 * _smooth(nrng, sh, sw, 3)
    light = np.clip(light, 0.35, 1.3)
    glare = np.zeros_like(light)
    if rng.random() < (0.6 if glossy else 0.3):
        gx, gy = rng.uniform(0.1, 0.9) * sw, rng.uniform(0.1, 0.9) * sh
        rx, ry = rng.uniform(0.04, 0.25) * max(sw, sh), rng.uniform(0.03, 0.15) * max(sw, sh)
        turn = rng.uniform(0, math.pi)
        du, dv = (xx - gx) * math.cos(turn) + (yy - gy) * math.sin(turn), -(xx - gx) * math.sin(turn) + (yy - gy) * math.cos(turn)
        glare = np.exp(-(du * du / (2 * rx * rx) + dv * dv / (2 * ry * ry))).astype(np.float32)
        strength = rng.uniform(0.5, 0.97)
        pts = _quad_points(quads)
        map_x = ((pts[:, 0] + 0.5) * sw / w - 0.5).astype(np.float32).reshape(-1, 1)
        map_y = ((pts[:, 1] + 0.5) * sh / h - 0.5).astype(np.float32).reshape(-1, 1)
        gmap = cv2.remap(glare, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
        over = float(gmap.max()) if gmap.size else 0.0
        if strength * over > 0.5:
            strength = 0.5 / over
        glare *= strength
    cast = np.array([1 + rng.gauss(0, 0.04), 1.0, 1 + rng.gauss(0, 0.05)], np.float32)
    contrast = rng.uniform(0.45, 0.8) if rng.random() < 0.35 else 1.0
    # out = (photo * light * cast) * (1 - glare) + 255 * glare, then pulled towards its mean by `contrast`:
    # one gain and one offset per pixel, computed small and applied in three passes.
    gain = light * (1.0 - glare)
    offset = 255.0 * glare
    sample = photo[::16, ::16]
    small_gain = cv2.resize(gain, (sample.shape[1], sample.shape[0]), interpolation=cv2.INTER_LINEAR)
    small_offset = cv2.resize(offset, (sample.shape[1], sample.shape[0]), interpolation=cv2.INTER_LINEAR)
    mean = float((sample * small_gain[..., None] * cast + small_offset[..., None]).mean())
    gain *= contrast
    offset = offset * contrast + mean * (1.0 - contrast)
    photo *= cv2.resize(gain, (w, h), interpolation=cv2.INTER_LINEAR)[..., None]
    photo *= cast
    photo += cv2.resize(offset, (w, h), interpolation=cv2.INTER_LINEAR)[..., None]


def _ensure_contrast(photo: np.ndarray, quads: list[np.ndarray], needed: float) -> None:
    """When the identifier's ink and background came out too close, stretch them locally (as a phone's tone
    mapping would): fully over the identifier, fading out around it, the rest of the photo untouched."""
    h, w = photo.shape[:2]
    allq = np.vstack(quads)
    x0, y0 = max(0, int(allq[:, 0].min())), max(0, int(allq[:, 1].min()))
    x1, y1 = min(w, int(allq[:, 0].max()) + 1), min(h, int(allq[:, 1].max()) + 1)
    roi = photo[y0:y1, x0:x1]
    if roi.size == 0:
        return
    luma = roi[..., 0] * 0.299 + roi[..., 1] * 0.587 + roi[..., 2] * 0.114
    lo, hi = np.percentile(luma, (4, 96))
    if hi - lo >= needed:
        return
    gain = min(4.0, needed / max(1.0, hi - lo))
    mid = (hi + lo) / 2
    target = min(max(mid, needed / 2 + 10), 245 - needed / 2)
    soft = max(8.0, 0.25 * max(x1 - x0, y1 - y0))
    grow = int(3 * soft)
    ex0, ey0, ex1, ey1 = max(0, x0 - grow), max(0, y0 - grow), min(w, x1 + grow), min(h, y1 + grow)
    xs = np.arange(ex0, ex1, dtype=np.float32)
    ys = np.arange(ey0, ey1, dtype=np.float32)
    wx = np.exp(-(np.maximum(0, np.maximum(x0 - xs, xs - x1)) ** 2) / (2 * soft * soft))
    wy = np.exp(-(np.maximum(0, np.maximum(y0 - ys, ys - y1)) ** 2) / (2 * soft * soft))
    window = (wy[:, None] * wx[None, :])[..., None]
    region = photo[ey0:ey1, ex0:ex1]
    region += ((region - mid) * gain + target - region) * window


def _blur_and_noise(
    image: np.ndarray, cap_px: float, k: float, sharpness: float, rng: random.Random, nrng: np.random.Generator
) -> np.ndarray:
    """Defocus or motion blur bounded by the capital height, then sensor and colour noise (uint8 in, out)."""
    cap_final = cap_px / k
    budget = cap_final * sharpness  # how much blur the characters stand, in final-photo pixels
    if rng.random() < 0.5:
        sigma = rng.uniform(0.3, 0.3 + 0.05 * budget) * k
        image = cv2.GaussianBlur(image, (0, 0), sigma)
    if rng.random() < 0.25:
        length = rng.uniform(1.5, max(1.5, 1.0 + 0.16 * budget)) * k
        size = math.ceil(length) | 1
        kernel = np.zeros((size, size), np.float32)
        angle = rng.uniform(0, math.pi)
        c, s = math.cos(angle) * (length - 1) / 2, math.sin(angle) * (length - 1) / 2
        mid = size // 2
        cv2.line(
            kernel,
            (round((mid - c) * 8), round((mid - s) * 8)),
            (round((mid + c) * 8), round((mid + s) * 8)),
            1.0,
            1,
            cv2.LINE_AA,
            3,
        )
        image = cv2.filter2D(image, -1, kernel / max(1e-6, kernel.sum()))
    h, w = image.shape[:2]
    luma_sigma = rng.uniform(1.5, 5.0 if cap_final < 11 else 8.0)
    chroma_sigma = rng.uniform(0.0, 4.0)
    step = 2 if w * h < 5_000_000 else 3  # grain of demosaiced sensor noise; colour noise is coarser still
    luma = nrng.standard_normal((h // step + 1, w // step + 1), dtype=np.float32) * luma_sigma
    chroma = nrng.standard_normal((h // (2 * step) + 1, w // (2 * step) + 1, 3), dtype=np.float32) * chroma_sigma
    noise = cv2.resize(chroma, (luma.shape[1], luma.shape[0]), interpolation=cv2.INTER_LINEAR) + luma[..., None]
    noise = cv2.resize(noise, (w, h), interpolation=cv2.INTER_LINEAR)
    return cv2.add(image, noise, dtype=cv2.CV_8U)


def _jpeg(image: np.ndarray, quality: int, rng: random.Random) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, format="JPEG", quality=quality, subsampling=2 if rng.random() < 0.85 else 0)
    return buffer.getvalue()


def _photograph(design: Design, shot: Shot, rng: random.Random, nrng: np.random.Generator) -> bytes:
    w, h = shot.original
    k = w / shot.final[0]
    cap_px = shot.cap * k
    card_w = max(design.width, round(design.width * shot.pad[0]))
    card_h = max(design.height, round(design.height * shot.pad[1]))
    # the content sits roughly mid-card: a wide margin all on one side looks like no real plate or label
    ox, oy = round((card_w - design.width) * rng.uniform(0.2, 0.8)), round((card_h - design.height) * rng.uniform(0.2, 0.8))
    card, shape, boxes = design.draw(card_w, card_h, ox, oy, nrng)
    homography, quads = _place(card_w, card_h, boxes, shot, rng)
    photo = _background(w, h, rng, nrng)
    _composite(photo, card, shape, homography, design.drop_shadow * rng.uniform(0.5, 1.0), rng)
    del card, shape
    step = 8
    protect = _protect_mask(quads, w, h, step, 0.5 * cap_px)
    if rng.random() < 0.3:
        _finger(photo, protect, step, rng)
    if rng.random() < 0.25:
        _cast_shadow(photo, protect, step, rng)
    _lighting(photo, quads, rng, nrng, glossy=design.drop_shadow > 0)
    _ensure_contrast(photo, quads, 80.0 if shot.cap < 13 else 60.0)
    np.clip(photo, 0, 255, out=photo)
    image = _blur_and_noise(photo.astype(np.uint8), cap_px, k, design.sharpness, rng, nrng)
    del photo
    q_min = 25 if shot.cap >= 16 else (32 if shot.cap >= 11 else 38)
    if shot.original != shot.final:
        first = _jpeg(image, rng.randint(max(40, q_min), 60), rng)
        with Image.open(io.BytesIO(first)) as decoded:
            image = np.asarray(decoded.convert("RGB"))
        image = cv2.resize(image, shot.final, interpolation=cv2.INTER_AREA)
    return _jpeg(image, rng.randint(q_min, 60), rng)


def _write(path: Path, data: bytes) -> None:
    """Write through a temporary name: processes generating the same photo never see half a file."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def generate_one(folder: Path, index: int, seed: int = 17) -> Sample:
    """Photo number `index` of the set: the same bytes for the same (index, seed), in any process."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"fifth:{seed}:{index}")
    nrng = np.random.default_rng(rng.getrandbits(64))
    kind = KINDS[index % len(KINDS)]
    truth = _make_truth(kind, rng)
    builder = _BUILDERS[kind]
    design_seed = rng.getrandbits(64)
    probe_cap = 24
    shot = _plan_shot(builder(random.Random(design_seed), truth, probe_cap), probe_cap, rng)
    design = builder(random.Random(design_seed), truth, shot.design_cap)
    data = _photograph(design, shot, rng, nrng)
    path = folder / f"{index:04d}_{kind}_fifth.jpg"
    _write(path, data)
    return Sample(path=path, kind=kind, vin=truth.vin, frame=truth.frame, part_numbers=truth.parts)
