"""A held-out set of synthetic phone photos of VINs, frame numbers and part labels.

It is written apart from the reader (bot/vision, bot/llm) and from the team's own generator
(tests/support/photo_synth.py, whose code it never looked at; only its `Sample` record is shared),
so a score on it says how the reader does on photos nobody shaped it for.

What it makes, in turn by index (`KINDS`): a maker's VIN plate or sticker (riveted aluminium,
US-style safety sticker, dot-matrix plate, with maker, weights, axle loads, paint code, "MADE IN"),
a Russian registration certificate (СТС) on a pink or green guilloche card — a third of them for
Japanese cars with «ОТСУТСТВУЕТ» for the VIN and the frame number in «Кузов №» —, a VIN or frame
number stamped into painted or rusty metal, a Japanese model plate ("車台番号 FRAME NO.", model,
engine, colour/trim) and a part label on a box (brand, part number, barcode, EAN, «Сделано в ...»).
It differs from a plain-text render in its own glyphs: a procedural 5x7 and 7x9 dot-matrix font,
Hershey stroke fonts stamped with shading and grime, condensed/narrow/mono faces, wide tracking,
VINs in groups, between stars or boxed; and in its photo model: perspective, ±15° rotation, glare,
shadows, vignette, fingers and stickers (never over the identifier), motion/defocus blur, noise,
JPEG 25-60, EXIF orientation. VINs use real WMIs, a legal model-year letter and, for North
American and Chinese VINs, a correct check digit; many are heavy in look-alikes (8/B, 0/D, 5/S...).
Each photo is checked to stay readable (capitals ≥ 8 px, no glare on the identifier, enough
contrast after blur and noise) and is re-drawn milder when not.

RULE: this set is for measuring only. Never tune the reader (or the team's generator) on it: do
not look at its photos while changing the reader, do not copy its fonts or effects into
photo_synth.py, and do not add its failures to tests. Once tuned on, it is no longer held out.

    .venv/bin/python -m tests.support.photo_synth_heldout OUT_DIR --count 200 --seed 11
    .venv/bin/python -m bench.photos --set heldout --count 200
"""

from __future__ import annotations

import argparse
import json
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt
from PIL import Image, ImageDraw, ImageFont

from tests.support.photo_synth import Sample

Img = npt.NDArray[np.float32]
Color = tuple[float, float, float]
KINDS = ("vin_plate", "sts", "stamped", "frame", "part_label")

# ---------------------------------------------------------------- identifiers

VIN_CHARS = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"
_TRANSLIT = dict(
    zip("ABCDEFGHJKLMNPRSTUVWXYZ", (1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9), strict=True)
)
_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
_YEAR_CODES = "123456789ABCDEFGHJKLMNPRS"  # 2001..2025
LOOKALIKE_LETTERS = "BDSZGVWYEF"
LOOKALIKE_DIGITS = "8052176"

# WMI, maker line, country (as printed after "MADE IN"), VDS templates ("?" = any legal character)
WMIS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("XTA", "АО «АВТОВАЗ»", "RUSSIA", ("219010", "219110", "217030", "GFL110", "210740", "KS0Y5L")),
    ("XW8", "ООО «ФОЛЬКСВАГЕН ГРУП РУС»", "RUSSIA", ("ZZZ61Z", "ZZZ5NZ", "ZZZ6RZ")),
    ("Z94", "ООО «ХЕНДЭ МОТОР МАНУФАКТУРИНГ РУС»", "RUSSIA", ("CT41DA", "K241CA", "CB41AA", "C2G41B")),
    ("X7L", "АО «РЕНО РОССИЯ»", "RUSSIA", ("LSRB1H", "HSRH8N", "4SRAA5")),
    ("XWE", "ООО «АВТОТОР»", "RUSSIA", ("PH81AD", "FF41BB", "GC41AA")),
    ("X9F", "ООО «ФОРД СОЛЛЕРС ХОЛДИНГ»", "RUSSIA", ("XXEED6", "5XXBW2")),
    ("JTD", "TOYOTA MOTOR CORPORATION", "JAPAN", ("BT923?", "KB20U?", "BR32E?")),
    ("JTN", "TOYOTA MOTOR CORPORATION", "JAPAN", ("BV58E?", "K3FE0?")),
    ("JT1", "TOYOTA MOTOR CORPORATION", "JAPAN", ("53SJ8?", "L0EE9?")),
    ("JMB", "MITSUBISHI MOTORS CORPORATION", "JAPAN", ("XLS5A?", "SRCU2?")),
    ("JN1", "NISSAN MOTOR CO., LTD.", "JAPAN", ("TANT3?", "BAAZ3?")),
    ("JHM", "HONDA MOTOR CO., LTD.", "JAPAN", ("GE683?", "RD185?")),
    ("JF1", "SUBARU CORPORATION", "JAPAN", ("SHJLS?", "GH7LA?")),
    ("JMZ", "MAZDA MOTOR CORPORATION", "JAPAN", ("GH12F?", "BL12F?")),
    ("KMH", "HYUNDAI MOTOR COMPANY", "KOREA", ("DN41BP", "JU81BD", "D841BA")),
    ("KNA", "KIA MOTORS CORPORATION", "KOREA", ("KU811D", "FX412A")),
    ("WVW", "VOLKSWAGEN AG", "GERMANY", ("ZZZ1KZ", "ZZZ3CZ", "ZZZ5KZ", "ZZZAUZ")),
    ("WBA", "BMW AG", "GERMANY", ("PE710?", "8E910?", "JA510?")),
    ("WDD", "DAIMLER AG", "GERMANY", ("2040081", "2120021")),
    ("WAU", "AUDI AG", "GERMANY", ("ZZZ8KZ", "ZZZ4GZ")),
    ("VF1", "RENAULT S.A.S.", "FRANCE", ("BM0C0H", "LZBC0?", "RFB00?")),
    ("TMB", "ŠKODA AUTO a.s.", "CZECH REPUBLIC", ("JF25J?", "DE21Z?", "ED41Z?")),
    ("SJN", "NISSAN MOTOR MANUFACTURING (UK) LTD", "UNITED KINGDOM", ("FAAJ11", "FCAJ10")),
    ("YV1", "VOLVO CAR CORPORATION", "SWEDEN", ("DZ8256", "BW6851")),
    ("1HG", "HONDA OF AMERICA MFG., INC.", "USA", ("CV1F3?", "CM826?", "FB2F5?")),
    ("2T1", "TOYOTA MOTOR MFG. CANADA INC.", "CANADA", ("BU4EE?", "BURHE?")),
    ("4T1", "TOYOTA MOTOR MFG. KENTUCKY, INC.", "USA", ("BF1FK?", "B11HK?")),
    ("5YJ", "TESLA, INC.", "USA", ("3E1EA?", "SA1E2?")),
    ("1FA", "FORD MOTOR COMPANY", "USA", ("DP3F2?", "HP3K2?")),
    ("3VW", "VOLKSWAGEN DE MEXICO", "MEXICO", ("D17AJ?", "2B7AJ?")),
    ("5NP", "HYUNDAI MOTOR MFG. ALABAMA, LLC", "USA", ("E24AF?", "D84LF?")),
    ("LVS", "CHANGAN FORD AUTOMOBILE CO., LTD.", "CHINA", ("HCFAE?", "HFFMH?")),
    ("LFV", "FAW-VOLKSWAGEN AUTOMOTIVE CO., LTD.", "CHINA", ("2A11K?", "3A28K?")),
    ("LSG", "SAIC GENERAL MOTORS CORP., LTD.", "CHINA", ("JA52U?", "KB5JE?")),
    ("LVV", "CHERY AUTOMOBILE CO., LTD.", "CHINA", ("DB21B?", "DC11B?")),
    ("LB3", "ZHEJIANG GEELY HOLDING GROUP", "CHINA", ("7N2EA?", "1A2EC?")),
)

# maker, model codes, serial digits
FRAMES: tuple[tuple[str, tuple[str, ...], int], ...] = (
    (
        "TOYOTA",
        (
            "NZE121", "NZE141", "GX110", "JZX110", "ZZE122", "ZZE124", "SXE10", "ACV40", "ACV30", "KDJ95", "KDJ120",
            "AZT240", "GRX120", "UZJ100", "ZRE152", "ANH10", "ACA21", "MCV30", "NCP10", "NCP60", "SCP10", "AE110",
            "ZNE10", "GRS182", "AZR60", "NHW20", "ZRT260", "GX100",
        ),
        7,
    ),
    ("NISSAN", ("E12", "K12", "Y12", "T31", "J31", "Z11", "C25", "N16", "BNR34", "ER34", "V35", "Y51", "U31", "NT31", "E51"), 6),
    ("HONDA", ("GD1", "GD3", "GE6", "GK3", "RD1", "RB1", "RN6", "GP1", "CL9", "CF4", "EK3", "GB3", "ZE2"), 7),
    ("MAZDA", ("BK5P", "GG3S", "DY3W", "CR3W", "BJ5P", "BK3P"), 6),
    ("MITSUBISHI", ("CZ4A", "CU2W", "V75W", "CT9A", "CS5W", "Z27A", "H82W", "CY4A"), 7),
    ("SUBARU", ("GC8", "GD9", "BP5", "BL5", "SF5", "SG5", "GH8", "GE7", "YA5", "BH5"), 6),
    ("SUZUKI", ("HT81S", "DA64W", "MH21S", "ZC31S"), 6),
)  # fmt: skip

FRAME_MODELS = {
    "TOYOTA": ("COROLLA FIELDER", "MARK II", "COROLLA RUNX", "ALTEZZA", "CAMRY", "LAND CRUISER PRADO", "VITZ", "PRIUS"),
    "NISSAN": ("NOTE", "MARCH", "CEDRIC", "X-TRAIL", "PRESAGE", "CUBE", "SKYLINE", "SERENA", "ELGRAND"),
    "HONDA": ("FIT", "STEPWGN", "ODYSSEY", "ACCORD", "CIVIC", "FREED", "INSIGHT", "CR-V"),
    "MAZDA": ("AXELA", "ATENZA", "DEMIO", "PREMACY"),
    "MITSUBISHI": ("LANCER", "OUTLANDER", "PAJERO", "COLT", "DELICA"),
    "SUBARU": ("IMPREZA", "LEGACY", "FORESTER", "EXIGA"),
    "SUZUKI": ("SWIFT", "ESCUDO", "WAGON R", "EVERY"),
}


def model_year(year: int) -> str:
    return _YEAR_CODES[(year - 2001) % len(_YEAR_CODES)]


def check_digit(vin: str) -> str:
    total = sum((int(c) if c.isdigit() else _TRANSLIT[c]) * w for c, w in zip(vin, _WEIGHTS, strict=True))
    return "X" if total % 11 == 10 else str(total % 11)


def _pick(rng: random.Random, plain: str, tricky: str, p_tricky: float) -> str:
    return rng.choice(tricky if rng.random() < p_tricky else plain)


@dataclass(frozen=True)
class Vin:
    vin: str
    maker: str
    country: str
    year: int


def make_vin(rng: random.Random) -> Vin:
    wmi, maker, country, templates = rng.choice(WMIS)
    tricky = 0.55 if rng.random() < 0.5 else 0.0
    year = rng.randint(2003, 2024)
    vds = ""
    for c in rng.choice(templates)[:6].ljust(6, "?"):
        vds += c if c != "?" else _pick(rng, VIN_CHARS, LOOKALIKE_LETTERS + LOOKALIKE_DIGITS, tricky)
    if tricky and rng.random() < 0.6:  # a look-alike swapped into the model part too
        i = rng.randrange(0, 5)
        vds = vds[:i] + _pick(rng, VIN_CHARS, LOOKALIKE_LETTERS + LOOKALIKE_DIGITS, 1.0) + vds[i + 1 :]
    plant = _pick(rng, "ABCDEFGHJKLMNPRSTUVWXYZ0123456789", LOOKALIKE_LETTERS + LOOKALIKE_DIGITS, tricky)
    serial = "".join(_pick(rng, "0123456789", LOOKALIKE_DIGITS, tricky) for _ in range(6))
    if rng.random() < 0.12:
        serial = _pick(rng, "ABCDEFGHJKLMNPRSTUVWXYZ", LOOKALIKE_LETTERS, tricky) + serial[1:]
    vin = wmi + vds[:5] + vds[5] + model_year(year) + plant + serial
    if wmi[0] in "12345L":
        vin = vin[:8] + check_digit(vin) + vin[9:]
    assert len(vin) == 17 and all(c in VIN_CHARS for c in vin), vin
    return Vin(vin, maker, country, year)


def make_frame(rng: random.Random) -> tuple[str, str, str]:
    """(frame number, maker, model code)."""
    maker, codes, digits = rng.choice(FRAMES)
    code = rng.choice(codes)
    tricky = rng.random() < 0.5
    first = rng.choice("0123456789" if digits == 6 else "0012345689")
    serial = first + "".join(_pick(rng, "0123456789", "805261", 0.6 if tricky else 0.0) for _ in range(digits - 1))
    return f"{code}-{serial}", maker, code


def _alnum(rng: random.Random, n: int, letters: float) -> str:
    return "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ" if rng.random() < letters else "0123456789") for _ in range(n))


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def make_part_number(rng: random.Random) -> tuple[str, str, str]:
    """(part number, brand line, country in Russian)."""
    brand = rng.choice(("toyota", "nissan", "mobis", "vag", "mb", "bmw", "lada", "renault"))
    if brand == "toyota":
        head = rng.choice(("04465", "04466", "90915", "17801", "48510", "87139", "16400", "43512", "90919", "04152", "81150"))
        tail = rng.choice(
            (
                _digits(rng, 5),
                _alnum(rng, 5, 0.4),
                "YZZE" + _digits(rng, 1),
                _digits(rng, 1) + _alnum(rng, 1, 1) + _digits(rng, 3),
            )
        )
        return f"{head}-{tail}", "TOYOTA GENUINE PARTS", rng.choice(("Японии", "Таиланде", "Китае"))
    if brand == "nissan":
        head = rng.choice(("15208", "40206", "16546", "D1060", "54500", "26060", "B6100"))
        return f"{head}-{_alnum(rng, 5, 0.35)}", "NISSAN GENUINE PARTS", rng.choice(("Японии", "Китае"))
    if brand == "mobis":
        head = rng.choice(("58101", "26300", "31922", "97133", "54813", "28113", "25380"))
        return f"{head}-{_digits(rng, 1)}{_alnum(rng, 2, 0.6)}{_digits(rng, 2)}", "HYUNDAI MOBIS", rng.choice(("Корее", "России"))
    if brand == "vag":
        number = (
            rng.choice(("1K0", "5Q0", "06A", "04E", "6R0", "3C0", "1J0"))
            + _digits(rng, 6)
            + rng.choice(("", "A", "B", "AA", "AC", "H"))
        )
        return number, "VOLKSWAGEN ORIGINAL TEILE", rng.choice(("Германии", "Чехии", "Испании"))
    if brand == "mb":
        return "A" + rng.choice(("000", "271", "204", "212", "642")) + _digits(rng, 7), "MERCEDES-BENZ ORIGINAL-TEIL", "Германии"
    if brand == "bmw":
        return rng.choice(("11", "34", "13", "17", "64")) + _digits(rng, 9), "BMW ORIGINAL TEILE", "Германии"
    if brand == "lada":
        return f"{rng.choice(('2108', '2110', '2112', '21214', '11180'))}-{_digits(rng, 7)}", "LADA ДЕТАЛИ", "России"
    return rng.choice(("77", "82")) + _digits(rng, 8), "RENAULT PIECES D'ORIGINE", rng.choice(("Франции", "Румынии", "Турции"))


def ean13(rng: random.Random) -> str:
    body = rng.choice(("4", "46", "40", "88", "69")) + "".join(rng.choice("0123456789") for _ in range(12))
    body = body[:12]
    total = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(body))
    return body + str((10 - total % 10) % 10)


# ---------------------------------------------------------------- glyphs

_DEJAVU = "/usr/share/fonts/truetype/dejavu/"
_LIBERATION = "/usr/share/fonts/truetype/liberation/"
TT_FONTS = {
    "condensed": _DEJAVU + "DejaVuSansCondensed.ttf",
    "condensed_bold": _DEJAVU + "DejaVuSansCondensed-Bold.ttf",
    "narrow": _LIBERATION + "LiberationSansNarrow-Regular.ttf",
    "narrow_bold": _LIBERATION + "LiberationSansNarrow-Bold.ttf",
    "ocr": _DEJAVU + "DejaVuSansMono.ttf",
    "ocr_bold": _DEJAVU + "DejaVuSansMono-Bold.ttf",
    "courier": _LIBERATION + "LiberationMono-Regular.ttf",
    "courier_bold": _LIBERATION + "LiberationMono-Bold.ttf",
    "serif": _DEJAVU + "DejaVuSerifCondensed.ttf",
    "serif_bold": _DEJAVU + "DejaVuSerifCondensed-Bold.ttf",
    "sans": _LIBERATION + "LiberationSans-Regular.ttf",
    "sans_bold": _LIBERATION + "LiberationSans-Bold.ttf",
}

_DOTS_5X7 = {
    "0": ".###. #...# #..## #.#.# ##..# #...# .###.",
    "1": "..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###.",
    "2": ".###. #...# ....# ...#. ..#.. .#... #####",
    "3": "##### ...#. ..#.. ...#. ....# #...# .###.",
    "4": "...#. ..##. .#.#. #..#. ##### ...#. ...#.",
    "5": "##### #.... ####. ....# ....# #...# .###.",
    "6": "..##. .#... #.... ####. #...# #...# .###.",
    "7": "##### ....# ...#. ..#.. .#... .#... .#...",
    "8": ".###. #...# #...# .###. #...# #...# .###.",
    "9": ".###. #...# #...# .#### ....# ...#. .##..",
    "A": ".###. #...# #...# ##### #...# #...# #...#",
    "B": "####. #...# #...# ####. #...# #...# ####.",
    "C": ".###. #...# #.... #.... #.... #...# .###.",
    "D": "###.. #..#. #...# #...# #...# #..#. ###..",
    "E": "##### #.... #.... ####. #.... #.... #####",
    "F": "##### #.... #.... ####. #.... #.... #....",
    "G": ".###. #...# #.... #.### #...# #...# .####",
    "H": "#...# #...# #...# ##### #...# #...# #...#",
    "I": ".###. ..#.. ..#.. ..#.. ..#.. ..#.. .###.",
    "J": "..### ...#. ...#. ...#. ...#. #..#. .##..",
    "K": "#...# #..#. #.#.. ##... #.#.. #..#. #...#",
    "L": "#.... #.... #.... #.... #.... #.... #####",
    "M": "#...# ##.## #.#.# #.#.# #...# #...# #...#",
    "N": "#...# #...# ##..# #.#.# #..## #...# #...#",
    "O": ".###. #...# #...# #...# #...# #...# .###.",
    "P": "####. #...# #...# ####. #.... #.... #....",
    "Q": ".###. #...# #...# #...# #.#.# #..#. .##.#",
    "R": "####. #...# #...# ####. #.#.. #..#. #...#",
    "S": ".#### #.... #.... .###. ....# ....# ####.",
    "T": "##### ..#.. ..#.. ..#.. ..#.. ..#.. ..#..",
    "U": "#...# #...# #...# #...# #...# #...# .###.",
    "V": "#...# #...# #...# #...# #...# .#.#. ..#..",
    "W": "#...# #...# #...# #.#.# #.#.# #.#.# .#.#.",
    "X": "#...# #...# .#.#. ..#.. .#.#. #...# #...#",
    "Y": "#...# #...# .#.#. ..#.. ..#.. ..#.. ..#..",
    "Z": "##### ....# ...#. ..#.. .#... #.... #####",
    "-": "..... ..... ..... .###. ..... ..... .....",
    "*": "..... ..#.. #.#.# .###. #.#.# ..#.. .....",
    ".": "..... ..... ..... ..... ..... .##.. .##..",
    "/": "..... ....# ...#. ..#.. .#... #.... .....",
    ":": "..... .##.. .##.. ..... .##.. .##.. .....",
    " ": "..... ..... ..... ..... ..... ..... .....",
}


def _dots_glyph(c: str, rows: int) -> tuple[str, ...]:
    if rows == 9:
        return _dots_glyph_9(c)
    return tuple(_DOTS_5X7.get(c, _DOTS_5X7[" "]).split())


@lru_cache(maxsize=128)
def _dots_glyph_9(c: str) -> tuple[str, ...]:
    """A 7x9 dot glyph sampled from a bold mono face (the 5x7 table is drawn by hand)."""
    if c == " ":
        return ("." * 7,) * 9
    font = _font("ocr_bold", 140)
    image = Image.new("L", (110, 140), 0)
    ImageDraw.Draw(image).text((55, 120), c, fill=255, font=font, anchor="ms")
    box = image.getbbox()
    if box is None:
        return ("." * 7,) * 9
    top = 120 - round(_cap_ratio("ocr_bold") * 140)
    crop = np.asarray(image, np.float32)[top:120, 55 - 42 : 55 + 42] / 255
    small = cv2.resize(crop, (7, 9), interpolation=cv2.INTER_AREA)
    return tuple("".join("#" if v > 0.38 else "." for v in row) for row in small)


_KANJI: dict[str, tuple[tuple[tuple[float, float], ...], ...]] = {
    "車": (((1, 1.2), (9, 1.2)), ((2.2, 3), (7.8, 3), (7.8, 6.4), (2.2, 6.4), (2.2, 3)), ((2.2, 4.7), (7.8, 4.7)), ((0.5, 8), (9.5, 8)), ((5, 0), (5, 10))),
    "台": (((5.2, 0.4), (2.2, 4.2), (8, 3.6)), ((6.4, 2), (8.6, 4.4)), ((2.5, 5.6), (7.5, 5.6), (7.5, 9.6), (2.5, 9.6), (2.5, 5.6))),
    "番": (
        ((8, 0.4), (2, 1.4)), ((1, 3.1), (9, 3.1)), ((5, 1.4), (5, 5.6)), ((5, 3.3), (1.4, 5.6)), ((5, 3.3), (8.6, 5.6)),
        ((3, 1.9), (3.7, 2.6)), ((7, 1.9), (6.3, 2.6)), ((2.2, 6.2), (7.8, 6.2), (7.8, 9.8), (2.2, 9.8), (2.2, 6.2)),
        ((2.2, 8), (7.8, 8)), ((5, 6.2), (5, 9.8)),
    ),
    "号": (((2.5, 0.5), (7.5, 0.5), (7.5, 3.4), (2.5, 3.4), (2.5, 0.5)), ((0.5, 5), (9.5, 5)), ((3.2, 5), (2.6, 7), (8, 7), (7.6, 9.6), (6, 9.3))),
}  # fmt: skip


@lru_cache(maxsize=64)
def _font(name: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(TT_FONTS[name], size)


@lru_cache(maxsize=32)
def _cap_ratio(name: str) -> float:
    _, top, _, _ = _font(name, 200).getbbox("H", anchor="ls")
    return -float(top) / 200


@dataclass(frozen=True)
class Face:
    style: str  # "tt", "dots", "stroke" or "kanji"
    font: str = "ocr"
    squeeze: float = 1.0
    tracking: float = 0.08  # extra advance per character, in capital heights
    grid: int = 7  # dots: 7 rows (5x7) or 9 rows (7x9)
    dot: float = 0.85  # dot diameter / dot pitch
    weight: float = 0.12  # stroke width / capital height
    hershey: int = cv2.FONT_HERSHEY_SIMPLEX
    jitter: float = 0.0  # uneven placement, in capital heights


def _pad(cap: float) -> int:
    return math.ceil(cap * 0.35) + 1


def _f32(a: object) -> Img:
    return np.asarray(a, dtype=np.float32)


def _blur(a: Img, sigma: float) -> Img:
    """A Gaussian blur; wide ones on a smaller copy (the same look, a fraction of the time)."""
    if sigma <= 4:
        return _f32(cv2.GaussianBlur(a, (0, 0), sigma))
    factor = sigma / 2
    h, w = a.shape[:2]
    small = cv2.resize(a, (max(1, round(w / factor)), max(1, round(h / factor))), interpolation=cv2.INTER_AREA)
    return _f32(cv2.resize(cv2.GaussianBlur(small, (0, 0), 2.0), (w, h), interpolation=cv2.INTER_LINEAR))


def render(text: str, face: Face, cap: float, rng: random.Random) -> tuple[Img, float]:
    """The text as a 0..1 mask whose capitals run from row pad to pad+cap; and the left offset."""
    pad = _pad(cap)
    if face.style == "dots":
        mask = _render_dots(text, face, cap, pad, rng)
    elif face.style == "stroke":
        mask = _render_stroke(text, face, cap, pad, rng)
    elif face.style == "kanji":
        mask = _render_kanji(text, cap, pad)
    else:
        mask = _render_tt(text, face, cap, pad, rng)
    if face.squeeze != 1.0:
        width = max(1, round(mask.shape[1] * face.squeeze))
        mask = _f32(cv2.resize(mask, (width, mask.shape[0]), interpolation=cv2.INTER_AREA))
    return mask, pad * face.squeeze


def _render_tt(text: str, face: Face, cap: float, pad: int, rng: random.Random) -> Img:
    font = _font(face.font, max(4, round(cap / _cap_ratio(face.font))))
    track = face.tracking * cap
    width = int(sum(font.getlength(c) + track for c in text) + 2 * pad) + 1
    image = Image.new("L", (width, round(cap) + 2 * pad), 0)
    draw = ImageDraw.Draw(image)
    x = float(pad)
    for c in text:
        dx, dy = (rng.gauss(0, face.jitter * cap), rng.gauss(0, face.jitter * cap)) if face.jitter else (0.0, 0.0)
        draw.text((x + dx, pad + round(cap) + dy), c, fill=255, font=font, anchor="ls")
        x += font.getlength(c) + track
    return _f32(_f32(image) / 255)


def _render_dots(text: str, face: Face, cap: float, pad: int, rng: random.Random) -> Img:
    rows = face.grid
    cols = 5 if rows == 7 else 7
    pitch = cap / (rows - 1 + face.dot)
    radius = pitch * face.dot / 2
    advance = pitch * (cols + 1.2) + face.tracking * cap
    scale = 4
    width = int(advance * len(text) + 2 * pad) + 1
    height = round(cap) + 2 * pad
    canvas = np.zeros((height * scale, width * scale), np.uint8)
    for i, c in enumerate(text):
        x0, y0 = pad + i * advance + radius, pad + radius
        for row, bits in enumerate(_dots_glyph(c, rows)):
            for col, bit in enumerate(bits):
                if bit == "#":
                    centre = (round((x0 + col * pitch) * scale), round((y0 + row * pitch) * scale))
                    r = max(1, round(radius * scale * rng.uniform(0.88, 1.05)))
                    cv2.circle(canvas, centre, r, 255, -1, cv2.LINE_AA)
    return _f32(_f32(cv2.resize(canvas, (width, height), interpolation=cv2.INTER_AREA)) / 255)


def _render_stroke(text: str, face: Face, cap: float, pad: int, rng: random.Random) -> Img:
    scale = 3
    (_, h_cap), _ = cv2.getTextSize("H", face.hershey, 1.0, 1)
    thick = max(1, round(face.weight * cap * scale))
    font_scale = (cap * scale - thick) / h_cap
    track = face.tracking * cap * scale
    advances = [cv2.getTextSize(c, face.hershey, font_scale, thick)[0][0] if c != " " else cap * scale * 0.6 for c in text]
    width = int(sum(advances) + track * len(text) + 2 * pad * scale) + 1
    height = (round(cap) + 2 * pad) * scale
    canvas = np.zeros((height, width), np.uint8)
    x = float(pad * scale)
    for c, advance in zip(text, advances, strict=True):
        dx, dy = (rng.gauss(0, face.jitter * cap * scale), rng.gauss(0, face.jitter * cap * scale)) if face.jitter else (0, 0)
        depth = round(255 * (rng.uniform(0.72, 1.0) if face.jitter else 1.0))
        if c != " ":
            origin = (round(x + dx), round((pad + cap) * scale - thick / 2 + dy))
            cv2.putText(canvas, c, origin, face.hershey, font_scale, depth, thick, cv2.LINE_AA)
        x += advance + track
    return _f32(_f32(cv2.resize(canvas, (width // scale, height // scale), interpolation=cv2.INTER_AREA)) / 255)


def _render_kanji(text: str, cap: float, pad: int) -> Img:
    scale = 4
    size = cap * 1.15
    height = round(cap) + 2 * pad
    width = int(size * 1.12 * len(text) + 2 * pad) + 1
    canvas = np.zeros((height * scale, width * scale), np.uint8)
    thick = max(1, round(size * 0.08 * scale))
    for i, c in enumerate(text):
        x0, y0 = pad + i * size * 1.12, pad + cap - size
        for stroke in _KANJI.get(c, ()):
            points = np.array([[(x0 + x * size / 10) * scale, (y0 + y * size / 10) * scale] for x, y in stroke], np.int32)
            cv2.polylines(canvas, [points], False, 255, thick, cv2.LINE_AA)
    return _f32(_f32(cv2.resize(canvas, (width, height), interpolation=cv2.INTER_AREA)) / 255)


def dots_can_draw(text: str) -> bool:
    return all(c in _DOTS_5X7 for c in text)


# ---------------------------------------------------------------- cards (plates, stickers, documents)


@dataclass
class Part:
    text: str
    face: Face
    cap: float
    ink: Color = (30.0, 30.0, 30.0)
    ident: bool = False
    col: float | None = None  # x of the glyphs from the left margin, else after the previous part
    box: bool = False  # a frame drawn round it
    mode: str = ""  # "print", "stamp", "emboss"; "" = the card's


@dataclass
class Row:
    parts: list[Part] = field(default_factory=list)
    gap: float = 0.5  # space above, in the row's capital heights
    barcode: float = 0.0  # height of a barcode row (instead of text)
    fill: Color | None = None  # a coloured band behind the row
    center: bool = False


@dataclass
class Card:
    rows: list[Row]
    material: Callable[[int, int, random.Random, np.random.Generator], Img]
    mode: str = "print"
    margin: float = 30.0
    radius: float = 12.0
    rivets: bool = False
    border: Color | None = None
    min_width: float = 0.0
    extra_bottom: float = 0.0


@dataclass
class Plate:
    rgb: Img
    alpha: Img
    ident: Img  # the identifier's glyphs
    box: tuple[float, float, float, float]  # the identifier's capitals: x0, y0, x1, y1
    cap: float


@dataclass
class _Placed:
    part: Part
    mask: Img
    x: float  # left of the glyphs
    baseline: float
    glyph_width: float


def _layout(card: Card, rng: random.Random) -> tuple[list[_Placed], list[tuple[Row, float, float]], int, int]:
    placed: list[_Placed] = []
    bands: list[tuple[Row, float, float]] = []  # row, top, height
    y = card.margin
    rows_parts: list[list[_Placed]] = []
    for row in card.rows:
        row_cap = max((p.cap for p in row.parts), default=row.barcode or 10.0)
        y += row.gap * row_cap
        if row.barcode:
            bands.append((row, y, row.barcode))
            y += row.barcode
            rows_parts.append([])
            continue
        x = card.margin
        items: list[_Placed] = []
        for part in row.parts:
            mask, left = render(part.text, part.face, part.cap, rng)
            glyph_width = mask.shape[1] - 2 * left
            px = card.margin + part.col if part.col is not None else x
            items.append(_Placed(part, mask, px, y + row_cap, glyph_width))
            x = px + glyph_width + 0.9 * row_cap
        if row.fill is not None:
            bands.append((row, y - row.gap * row_cap * 0.5, row_cap * (1 + row.gap)))
        rows_parts.append(items)
        placed.extend(items)
        y += row_cap
    width = max([card.min_width] + [p.x + p.glyph_width + card.margin for p in placed])
    height = y + card.margin + card.extra_bottom
    for row, items in zip(card.rows, rows_parts, strict=True):
        if row.center and items:
            shift = (width - (items[-1].x + items[-1].glyph_width - items[0].x)) / 2 - items[0].x
            for item in items:
                item.x += shift
    return placed, bands, math.ceil(width), math.ceil(height)


def render_card(card: Card, rng: random.Random, nrng: np.random.Generator) -> Plate:
    placed, bands, width, height = _layout(card, rng)
    rgb = card.material(height, width, rng, nrng)
    ident = np.zeros((height, width), np.float32)
    for row, top, band_height in bands:
        y0, y1 = round(top), round(top + band_height)
        if row.barcode:
            _barcode(rgb, card.margin, y0, width - card.margin, y1, rng)
        elif row.fill is not None:
            rgb[max(0, y0) : y1] = np.array(row.fill, np.float32)
    box = (0.0, 0.0, 1.0, 1.0)
    cap = 1.0
    for item in placed:
        mask, left = item.mask, _pad(item.part.cap) * item.part.face.squeeze
        top = item.baseline - item.part.cap - _pad(item.part.cap)
        x0, y0 = round(item.x - left), round(top)
        full = _paste(np.zeros((height, width), np.float32), mask, x0, y0)
        border = round(item.part.cap * 0.3) + 2
        ys = slice(max(0, y0 - border), min(height, y0 + mask.shape[0] + border))
        xs = slice(max(0, x0 - border), min(width, x0 + mask.shape[1] + border))
        _apply_ink(rgb[ys, xs], np.ascontiguousarray(full[ys, xs]), item.part, item.part.mode or card.mode, rng)
        if item.part.ident:
            ident = np.maximum(ident, full)
            box = (item.x, item.baseline - item.part.cap, item.x + item.glyph_width, item.baseline)
            cap = item.part.cap
            if item.part.box:
                _frame_around(rgb, box, cap, item.part.ink)
    if card.rivets:
        _rivets(rgb, width, height, card.margin, rng)
    if card.border is not None:
        inset = max(3, round(card.margin * 0.25))
        cv2.rectangle(
            rgb, (inset, inset), (width - inset, height - inset), card.border, max(1, round(card.margin * 0.06)), cv2.LINE_AA
        )
    alpha = _rounded(height, width, card.radius)
    return Plate(np.clip(rgb, 0, 255), alpha, ident, box, cap)


def _paste(canvas: Img, mask: Img, x0: int, y0: int) -> Img:
    h, w = canvas.shape[:2]
    mh, mw = mask.shape[:2]
    cx0, cy0, cx1, cy1 = max(0, x0), max(0, y0), min(w, x0 + mw), min(h, y0 + mh)
    if cx1 > cx0 and cy1 > cy0:
        canvas[cy0:cy1, cx0:cx1] = np.maximum(canvas[cy0:cy1, cx0:cx1], mask[cy0 - y0 : cy1 - y0, cx0 - x0 : cx1 - x0])
    return canvas


def _apply_ink(rgb: Img, mask: Img, part: Part, mode: str, rng: random.Random) -> None:
    ink = np.array(part.ink, np.float32)
    if mode == "print":
        fade = 1.0 - 0.25 * np.clip(_blob_noise(mask.shape, rng), 0, 1) if rng.random() < 0.3 else 1.0
        m = (mask * fade)[..., None]
        rgb[:] = rgb * (1 - m) + ink * m
        return
    sigma = max(0.7, part.cap * rng.uniform(0.025, 0.04))
    height = cv2.GaussianBlur(mask, (0, 0), sigma)
    gx = cv2.Sobel(height, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(height, cv2.CV_32F, 0, 1, ksize=3)
    angle = rng.uniform(0, 2 * math.pi)
    relief = (gx * math.cos(angle) + gy * math.sin(angle)) * sigma / 3.2  # about -1..1
    sign = -1.0 if mode == "stamp" else 1.0
    rgb += (sign * rng.uniform(35, 70) * relief)[..., None]
    if mode == "stamp":  # grime and shadow in the grooves
        dark = rng.uniform(0.45, 0.7)
        m = cv2.GaussianBlur(mask, (0, 0), max(0.5, sigma * 0.4))[..., None]
        rgb[:] = rgb * (1 - dark * m) + ink * dark * m * 0.4
    else:  # raised, polished tops
        m = mask[..., None]
        rgb[:] = rgb * (1 - 0.7 * m) + ink * 0.7 * m


def _blob_noise(shape: tuple[int, ...], rng: random.Random) -> Img:
    nrng = np.random.default_rng(rng.getrandbits(63))
    return _smooth(nrng, shape[0], shape[1], max(8, shape[0] // 6))


def _smooth(nrng: np.random.Generator, h: int, w: int, cell: int) -> Img:
    small = nrng.standard_normal((max(2, h // cell + 2), max(2, w // cell + 2))).astype(np.float32)
    return _f32(cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC))


def _frame_around(rgb: Img, box: tuple[float, float, float, float], cap: float, ink: Color) -> None:
    m = cap * 0.45
    p0 = (round(box[0] - m), round(box[1] - m))
    p1 = (round(box[2] + m), round(box[3] + m))
    cv2.rectangle(rgb, p0, p1, ink, max(1, round(cap * 0.07)), cv2.LINE_AA)


def _barcode(rgb: Img, x0: float, y0: int, x1: float, y1: int, rng: random.Random) -> None:
    module = max(1.5, (x1 - x0) / rng.uniform(90, 160))
    x = x0 + rng.uniform(0, (x1 - x0) * 0.1)
    end = x1 - rng.uniform(0, (x1 - x0) * 0.3)
    bar = True
    while x < end:
        w = module * rng.choice((1, 1, 1, 2, 2, 3, 4))
        if bar:
            rgb[y0:y1, round(x) : round(x + w)] = 20.0
        x += w
        bar = not bar


def _rivets(rgb: Img, width: int, height: int, margin: float, rng: random.Random) -> None:
    r = max(4.0, margin * 0.3)
    spots = [(margin * 0.55, height / 2), (width - margin * 0.55, height / 2)]
    if rng.random() < 0.4:
        spots = [(margin * 0.55, margin * 0.55), (width - margin * 0.55, height - margin * 0.55)]
    for cx, cy in spots:
        cv2.circle(rgb, (round(cx), round(cy)), round(r * 1.15), (70, 70, 70), -1, cv2.LINE_AA)
        cv2.circle(rgb, (round(cx), round(cy)), round(r), (150, 150, 148), -1, cv2.LINE_AA)
        cv2.circle(rgb, (round(cx - r * 0.3), round(cy - r * 0.3)), round(r * 0.35), (235, 235, 230), -1, cv2.LINE_AA)


def _rounded(height: int, width: int, radius: float) -> Img:
    mask = np.zeros((height, width), np.uint8)
    r = max(1, round(min(radius, height / 3, width / 3)))
    cv2.rectangle(mask, (r, 0), (width - 1 - r, height - 1), 255, -1)
    cv2.rectangle(mask, (0, r), (width - 1, height - 1 - r), 255, -1)
    for cx, cy in ((r, r), (width - 1 - r, r), (r, height - 1 - r), (width - 1 - r, height - 1 - r)):
        cv2.circle(mask, (cx, cy), r, 255, -1, cv2.LINE_AA)
    return _f32(_f32(mask) / 255)


# ---------------------------------------------------------------- materials


def _fill(h: int, w: int, color: Color) -> Img:
    return np.zeros((h, w, 3), np.float32) + np.array(color, np.float32)


def mat_aluminium(h: int, w: int, rng: random.Random, nrng: np.random.Generator) -> Img:
    base = rng.uniform(165, 215)
    tone = (base, base * rng.uniform(0.98, 1.01), base * rng.uniform(0.95, 1.03))
    if rng.random() < 0.2:  # gold anodised
        tone = (base * 1.05, base * 0.92, base * 0.62)
    brushed = cv2.blur(nrng.standard_normal((h, w)).astype(np.float32), (max(3, w // 12), 1)) * rng.uniform(8, 22)
    img = _fill(h, w, tone) + (brushed + _smooth(nrng, h, w, max(20, w // 4)) * 8)[..., None]
    return img


def mat_black_aluminium(h: int, w: int, rng: random.Random, nrng: np.random.Generator) -> Img:
    base = rng.uniform(28, 55)
    brushed = cv2.blur(nrng.standard_normal((h, w)).astype(np.float32), (max(3, w // 12), 1)) * 6
    return _fill(h, w, (base, base, base * 1.05)) + brushed[..., None]


def mat_sticker(h: int, w: int, rng: random.Random, nrng: np.random.Generator) -> Img:
    if rng.random() < 0.35:  # silver foil
        base = rng.uniform(185, 215)
        return _fill(h, w, (base, base, base + 4)) + (_smooth(nrng, h, w, max(10, w // 3)) * 14)[..., None]
    base = rng.uniform(228, 250)
    return _f32(
        _fill(h, w, (base, base * 0.99, base * rng.uniform(0.93, 0.99))) + (nrng.standard_normal((h, w)) * 2.5)[..., None]
    )


def mat_label(h: int, w: int, rng: random.Random, nrng: np.random.Generator) -> Img:
    base = rng.uniform(232, 252)
    return _f32(_fill(h, w, (base, base, base * rng.uniform(0.94, 1.0))) + (nrng.standard_normal((h, w)) * 2)[..., None])


def mat_sts(h: int, w: int, rng: random.Random, nrng: np.random.Generator) -> Img:
    pink = rng.random() < 0.6
    base: Color = (244, 222, 228) if pink else (220, 238, 231)
    line: Color = (214, 160, 182) if pink else (150, 196, 184)
    img = _fill(h, w, base) + (_smooth(nrng, h, w, max(30, w // 6)) * 5)[..., None]
    layer = np.zeros((h, w), np.uint8)
    xs = np.arange(0, w + 4, 3, dtype=np.float32)
    count = rng.randint(14, 26)
    for k in range(count):
        period, amp, phase = rng.uniform(50, 220), rng.uniform(6, 30), rng.uniform(0, 6.3)
        ys = h * k / count + amp * np.sin(2 * np.pi * xs / period + phase) + amp * 0.4 * np.sin(2 * np.pi * xs / (period * 2.7))
        cv2.polylines(layer, [np.stack([xs, ys], 1).astype(np.int32)], False, 255, 1, cv2.LINE_AA)
    cx, cy, radius = rng.uniform(0.5, 0.8) * w, rng.uniform(0.3, 0.7) * h, rng.uniform(0.18, 0.3) * h
    angles = np.linspace(0, 2 * np.pi, 720, dtype=np.float32)
    for k in range(10):
        rr = radius * (0.5 + k * 0.06) + radius * 0.12 * np.sin(angles * 12 + k * 0.5)
        pts = np.stack([cx + rr * np.cos(angles), cy + rr * np.sin(angles)], 1).astype(np.int32)
        cv2.polylines(layer, [pts], True, 255, 1, cv2.LINE_AA)
    m = (_f32(layer) / 255 * rng.uniform(0.45, 0.8))[..., None]
    return _f32(img * (1 - m) + np.array(line, np.float32) * m)


def mat_paint(h: int, w: int, rng: random.Random, nrng: np.random.Generator, light: bool = False) -> Img:
    colors: tuple[Color, ...] = (
        (225, 226, 228),
        (175, 178, 182),
        (150, 28, 30),
        (96, 100, 104),
        (200, 190, 165),
        (110, 140, 170),
    )
    if not light:
        colors += ((40, 42, 46), (28, 52, 110), (60, 80, 62))
    color = rng.choice(colors)
    peel = _smooth(nrng, h, w, 4) * 3 + _smooth(nrng, h, w, max(30, w // 3)) * 10
    return _fill(h, w, color) + peel[..., None]


def mat_steel(h: int, w: int, rng: random.Random, nrng: np.random.Generator) -> Img:
    img = (
        mat_paint(h, w, rng, nrng, light=True)
        if rng.random() < 0.6
        else _fill(h, w, (125, 122, 118)) + (_smooth(nrng, h, w, 3) * 10)[..., None]
    )
    if rng.random() < 0.45:  # rust, dirt and scratches
        rust = np.clip(_smooth(nrng, h, w, max(40, w // 6)) * 0.5 + _smooth(nrng, h, w, 10) * 0.25 - rng.uniform(0.3, 0.6), 0, 1)
        speckle = np.clip(nrng.standard_normal((h, w)).astype(np.float32) * 0.4, 0, 1) * (rust > 0.05)
        m = np.clip(rust * 0.7 + speckle * 0.4, 0, 0.6)[..., None]
        img = img * (1 - m) + np.array((105, 66, 40), np.float32) * m
    for _ in range(rng.randint(0, 12)):
        x, y = rng.uniform(0, w), rng.uniform(0, h)
        dx, dy = rng.uniform(-0.2, 0.2) * w, rng.uniform(-0.05, 0.05) * h
        tone = min(255.0, float(img[round(y) % h, round(x) % w].mean()) + rng.uniform(15, 45))
        cv2.line(img, (round(x), round(y)), (round(x + dx), round(y + dy)), (tone, tone, tone), 1, cv2.LINE_AA)
    return img


# ---------------------------------------------------------------- faces for identifiers and other lines


def ident_face(rng: random.Random, d: float, stamped: bool = False) -> Face:
    if stamped:
        if rng.random() < 0.3:
            return Face("dots", grid=rng.choice((7, 9)), dot=rng.uniform(0.7, 0.95), tracking=rng.uniform(0.1, 0.5))
        hershey = rng.choice((cv2.FONT_HERSHEY_SIMPLEX, cv2.FONT_HERSHEY_DUPLEX, cv2.FONT_HERSHEY_PLAIN))
        return Face(
            "stroke",
            hershey=hershey,
            weight=rng.uniform(0.1, 0.16),
            tracking=rng.uniform(0.15, 0.6),
            jitter=rng.uniform(0.0, 0.015 + 0.02 * d),
            squeeze=rng.uniform(0.8, 1.05),
        )
    pick = rng.random()
    tracking = rng.uniform(0.0, 0.15) if rng.random() < 0.6 else rng.uniform(0.25, 0.7)
    if pick < 0.28:
        return Face("dots", grid=rng.choice((7, 7, 9)), dot=rng.uniform(0.72, 1.0), tracking=tracking)
    if pick < 0.4:
        return Face(
            "stroke",
            hershey=rng.choice((cv2.FONT_HERSHEY_SIMPLEX, cv2.FONT_HERSHEY_DUPLEX)),
            weight=rng.uniform(0.09, 0.15),
            tracking=tracking + 0.1,
        )
    font = rng.choice(
        (
            "condensed",
            "condensed_bold",
            "narrow",
            "narrow_bold",
            "ocr",
            "ocr_bold",
            "courier",
            "courier_bold",
            "serif",
            "serif_bold",
        )
    )
    squeeze = (
        rng.uniform(0.72, 1.0) if font in ("ocr", "ocr_bold", "courier", "courier_bold", "serif") and rng.random() < 0.5 else 1.0
    )
    return Face("tt", font=font, tracking=tracking, squeeze=squeeze)


def text_face(rng: random.Random, bold: bool | None = None) -> Face:
    bold = rng.random() < 0.4 if bold is None else bold
    font = rng.choice(("sans_bold", "condensed_bold", "narrow_bold") if bold else ("sans", "condensed", "narrow", "serif"))
    return Face("tt", font=font, tracking=rng.uniform(0.0, 0.08))


def vin_text(vin: str, rng: random.Random) -> str:
    pick = rng.random()
    if pick < 0.55:
        return vin
    if pick < 0.75:
        return f"*{vin}*" if rng.random() < 0.7 else f"* {vin} *"
    splits = rng.choice(((3, 6, 8), (3, 5, 1, 8), (3, 6, 2, 6), (3, 6, 1, 1, 6), (4, 4, 4, 5)))
    out, i = [], 0
    for n in splits:
        out.append(vin[i : i + n])
        i += n
    return " ".join(out)


# ---------------------------------------------------------------- the kinds


@dataclass
class Design:
    card: Card
    vin: str | None = None
    frame: str | None = None
    parts: tuple[str, ...] = ()
    scene: str = "paint"


U = 46.0  # identifier capital height on the card, in card pixels


def _ink_dark(rng: random.Random) -> Color:
    v = rng.uniform(12, 55)
    return (v, v, v * rng.uniform(1.0, 1.15))


def design_vin_plate(rng: random.Random, d: float) -> Design:
    v = make_vin(rng)
    style = rng.choice(("riveted", "riveted", "sticker", "us"))
    face = ident_face(rng, d)
    if face.style == "dots" or rng.random() < 0.3:
        face = face if face.style == "dots" else ident_face(rng, d)
    ink = _ink_dark(rng)
    small = text_face(rng)
    s = rng.uniform(0.38, 0.6) * U
    rows: list[Row] = [Row([Part(v.maker, text_face(rng, True), s * 1.15, ink)], gap=0, center=rng.random() < 0.5)]
    made = f"MADE IN {v.country}" if v.country != "RUSSIA" or rng.random() < 0.4 else "СДЕЛАНО В РОССИИ"
    weights = [rng.randint(1150, 2400) for _ in range(2)]
    axles = [rng.randint(600, 1300) for _ in range(2)]
    ident = Part(vin_text(v.vin, rng), face, U, ink, ident=True, box=rng.random() < 0.2)
    label = rng.choice(("VIN", "VIN:", "V.I.N.", "VEH. IDENT. NO.", "ИДЕНТИФИКАЦИОННЫЙ НОМЕР"))
    if style == "us":
        rows += [
            Row([Part(f"DATE: {rng.randint(1, 12):02d}/{v.year % 100:02d}", small, s, ink)]),
            Row([Part(f"GVWR: {weights[0]} KG ({round(weights[0] * 2.2046)} LB)", small, s, ink)]),
            Row([Part(f"GAWR FRT: {axles[0]} KG   GAWR RR: {axles[1]} KG", small, s, ink)]),
            Row([Part("THIS VEHICLE CONFORMS TO ALL APPLICABLE U.S. FEDERAL MOTOR", small, s * 0.8, ink)]),
            Row([Part("VEHICLE SAFETY STANDARDS IN EFFECT ON THE DATE OF MANUFACTURE.", small, s * 0.8, ink)], gap=0.3),
            Row([Part("VIN:", small, s * 1.2, ink), ident], gap=0.8),
            Row([Part("TYPE: PASS CAR", small, s, ink), Part(made, small, s, ink)], gap=0.6),
        ]
        if rng.random() < 0.6:
            rows.append(Row(barcode=U * 1.2, gap=0.6))
        card = Card(rows, mat_sticker, margin=U * 0.7, radius=U * 0.3)
        return Design(card, vin=v.vin, scene=rng.choice(("pillar", "pillar", "paint")))
    homolog = (
        f"e{rng.choice((1, 4, 9, 13))}*2007/46*{rng.randint(1, 999):04d}*{rng.randint(0, 20):02d}"
        if v.country != "RUSSIA"
        else f"ОТТС RU E-RU.MT02.00{rng.randint(100, 999)}.P{rng.randint(1, 5)}"
    )
    rows.append(Row([Part(homolog, small, s, ink)]))
    if len(label) > 6:
        rows += [Row([Part(label, small, s, ink)]), Row([ident], gap=0.25)]
    else:
        rows.append(Row([Part(label, small, s * 1.3, ink), ident], gap=0.6))
    rows += [
        Row([Part(f"{weights[0]} kg", small, s, ink)], gap=0.7),
        Row([Part(f"{weights[0] + rng.randint(400, 1200)} kg", small, s, ink)], gap=0.35),
        Row([Part(f"1- {axles[0]} kg", small, s, ink), Part(f"2- {axles[1]} kg", small, s, ink)], gap=0.35),
        Row([Part(f"PAINT {_alnum(rng, 3, 0.3)}   TRIM {_alnum(rng, 4, 0.5)}", small, s, ink)], gap=0.5),
        Row([Part(made, text_face(rng, True), s, ink)], gap=0.5, center=True),
    ]
    if style == "sticker":
        card = Card(rows, mat_sticker, margin=U * 0.6, radius=U * 0.25, border=ink if rng.random() < 0.5 else None)
        return Design(card, vin=v.vin, scene=rng.choice(("pillar", "engine")))
    black = rng.random() < 0.25
    if black:
        light = rng.uniform(185, 225)
        for row in rows:
            for part in row.parts:
                part.ink = (light, light, light)
    mode = rng.choice(("print", "print", "stamp")) if not black else "emboss"
    card = Card(rows, mat_black_aluminium if black else mat_aluminium, mode=mode, margin=U * 1.0, radius=U * 0.2, rivets=True)
    return Design(card, vin=v.vin, scene=rng.choice(("pillar", "engine", "engine")))


STS_COLOURS = ("БЕЛЫЙ", "ЧЕРНЫЙ", "СЕРЕБРИСТЫЙ", "СЕРЫЙ", "СИНИЙ", "КРАСНЫЙ", "БЕЖЕВЫЙ", "ТЕМНО-ЗЕЛЕНЫЙ")
STS_MODELS = {
    "XTA": "ЛАДА 219010 ЛАДА ГРАНТА", "XW8": "VOLKSWAGEN POLO", "Z94": "HYUNDAI SOLARIS", "X7L": "RENAULT LOGAN",
    "XWE": "KIA RIO", "X9F": "FORD FOCUS", "JTD": "TOYOTA COROLLA", "JTN": "TOYOTA CAMRY", "KMH": "HYUNDAI ELANTRA",
    "WVW": "VOLKSWAGEN GOLF", "WBA": "BMW 320I", "TMB": "SKODA OCTAVIA", "VF1": "RENAULT MEGANE", "1HG": "HONDA ACCORD",
}  # fmt: skip


def design_sts(rng: random.Random, d: float) -> Design:
    japanese = rng.random() < 0.35
    label_face = Face("tt", font=rng.choice(("sans", "condensed", "narrow", "serif")), tracking=0.02)
    value_face = ident_face(rng, d)
    if value_face.style == "stroke":
        value_face = Face("tt", font=rng.choice(("courier_bold", "ocr_bold", "condensed_bold")), tracking=rng.uniform(0.02, 0.3))
    label_ink: Color = (rng.uniform(40, 80), rng.uniform(30, 60), rng.uniform(40, 70))
    ink = _ink_dark(rng)
    lc = U * rng.uniform(0.34, 0.45)
    vc = U * rng.uniform(0.7, 0.85)
    col = U * rng.uniform(9.0, 10.5)
    year = rng.randint(1998, 2012) if japanese else 0
    vin = frame = None
    if japanese:
        frame, maker, _ = make_frame(rng)
        model = f"{maker} {rng.choice(FRAME_MODELS[maker])}"
        vin_value, body = Part("ОТСУТСТВУЕТ", value_face, vc, ink), Part(frame, value_face, U, ink, ident=True)
    else:
        v = make_vin(rng)
        vin, year = v.vin, v.year
        model = STS_MODELS.get(v.vin[:3], f"{v.maker.split()[0].strip('«»')} {_alnum(rng, 4, 0.5)}")
        vin_value = Part(v.vin, value_face, U, ink, ident=True)
        body = Part(v.vin if rng.random() < 0.65 else "ОТСУТСТВУЕТ", value_face, vc, ink)
    plate_no = f"{rng.choice('АВЕКМНОРСТУХ')}{rng.randint(1, 999):03d}{rng.choice('АВЕКМНОРСТУХ')}{rng.choice('АВЕКМНОРСТУХ')}{rng.choice(('77', '777', '78', '50', '25', '125', '54', '163'))}"
    fields: list[tuple[str, Part]] = [
        ("Регистрационный знак", Part(plate_no, value_face, vc, ink)),
        ("Идентификационный номер (VIN)", vin_value),
        ("Марка, модель", Part(model, value_face, vc, ink)),
        ("Тип ТС", Part(rng.choice(("ЛЕГКОВОЙ СЕДАН", "ЛЕГКОВОЙ УНИВЕРСАЛ", "ЛЕГКОВОЙ ХЭТЧБЕК")), value_face, vc, ink)),
        ("Категория ТС (A, B, C, D, прицеп)", Part("B", value_face, vc, ink)),
        ("Год выпуска ТС", Part(str(year), value_face, vc, ink)),
        ("Шасси (рама) №", Part("ОТСУТСТВУЕТ", value_face, vc, ink)),
        ("Кузов (кабина, прицеп) №", body),
        ("Цвет", Part(rng.choice(STS_COLOURS), value_face, vc, ink)),
        ("Мощность двигателя, кВт/л.с.", Part(f"{(p := rng.randint(55, 150))}/{round(p * 1.36)}", value_face, vc, ink)),
        (
            "Паспорт ТС серия",
            Part(
                f"{rng.randint(10, 99)} {rng.choice(('УК', 'НК', 'ТС', 'ОР', 'ХА'))} {rng.randint(100000, 999999)}",
                value_face,
                vc,
                ink,
            ),
        ),
    ]
    red: Color = (rng.uniform(170, 210), 40, 50)
    rows = [
        Row([Part("РОССИЙСКАЯ ФЕДЕРАЦИЯ", label_face, lc * 1.1, label_ink)], gap=0, center=True),
        Row(
            [Part("СВИДЕТЕЛЬСТВО О РЕГИСТРАЦИИ ТРАНСПОРТНОГО СРЕДСТВА", text_face(rng, True), lc * 1.2, label_ink)],
            gap=0.5,
            center=True,
        ),
        Row(
            [
                Part(
                    f"{rng.randint(10, 99)} {rng.randint(10, 99)} № {rng.randint(100000, 999999)}",
                    Face("tt", font="serif_bold"),
                    U * 0.8,
                    red,
                )
            ],
            gap=0.4,
            center=True,
        ),
    ]
    shift = rng.uniform(-0.4, 0.6) * U  # the printer's offset against the form
    for name, value in fields:
        value.col = col + shift
        rows.append(Row([Part(name, label_face, lc, label_ink), value], gap=rng.uniform(0.35, 0.6)))
    card = Card(rows, mat_sts, margin=U * 0.8, radius=U * 0.15, min_width=col + 20 * U * 0.7)
    return Design(card, vin=vin, frame=frame, scene=rng.choice(("table", "table", "fabric")))


def design_stamped(rng: random.Random, d: float) -> Design:
    is_frame = rng.random() < 0.3
    if is_frame:
        frame, _, _ = make_frame(rng)
        text, vin = frame, None
    else:
        frame, vin = None, make_vin(rng).vin
        text = vin_text(vin, rng) if rng.random() < 0.6 else vin
    face = ident_face(rng, d, stamped=True)
    ink: Color = (rng.uniform(20, 50), rng.uniform(18, 40), rng.uniform(15, 30))
    mode = "stamp" if rng.random() < 0.85 else "emboss"
    rows = [Row([Part(text, face, U, ink, ident=True, box=rng.random() < 0.12)], gap=0)]
    if rng.random() < 0.4:
        mark = rng.choice(("RUS", "J", "TMB", "K", "A9"))
        rows.insert(0, Row([Part(mark, face, U * 0.6, ink)], gap=0))
        rows[1].gap = 0.8
    card = Card(rows, mat_steel, mode=mode, margin=U * rng.uniform(5.0, 9.0), radius=U * 0.1, extra_bottom=U * rng.uniform(0, 4))
    return Design(card, vin=vin, frame=frame, scene="engine")


ENGINES = {"TOYOTA": ("1NZ", "1ZZ", "2AZ", "1G", "1KD", "1JZ", "2ZR"), "NISSAN": ("HR15", "QR20", "MR20", "VQ35", "CR14", "RB25"),
           "HONDA": ("L15A", "L13A", "K24A", "R18A", "D15B"), "MAZDA": ("ZY", "LF", "FS", "L3"),
           "MITSUBISHI": ("4G15", "4G63", "4B12", "6G74"), "SUBARU": ("EJ15", "EJ20", "EJ25", "FB20"), "SUZUKI": ("M15A", "K6A", "M16A")}  # fmt: skip


def design_frame(rng: random.Random, d: float) -> Design:
    frame, maker, code = make_frame(rng)
    face = ident_face(rng, d, stamped=rng.random() < 0.35)
    ink = _ink_dark(rng)
    small = text_face(rng)
    s = U * rng.uniform(0.4, 0.6)
    maker_line = {"TOYOTA": "TOYOTA MOTOR CORPORATION", "NISSAN": "NISSAN MOTOR CO., LTD.", "HONDA": "HONDA MOTOR CO., LTD."}.get(
        maker, f"{maker} CORPORATION"
    )
    prefix = rng.choice(("DBA", "CBA", "UA", "TA", "LA", "GH", "E"))
    kanji = Part("車台番号", Face("kanji"), s * 1.1, ink)
    label = Part(rng.choice(("FRAME NO.", "FRAME No", "CHASSIS NO.")), small, s, ink)
    ident = Part(frame, face, U, ink, ident=True, mode="stamp" if face.style == "stroke" else "", box=rng.random() < 0.15)
    frame_row = Row([kanji, label, ident] if rng.random() < 0.7 else [label, ident], gap=0.7)
    rows = [
        Row([Part(maker_line, text_face(rng, True), s * 1.1, ink)], gap=0, center=True),
        Row(
            [
                Part("MODEL", small, s, ink),
                Part(f"{prefix}-{code}{rng.choice(('', '-' + _alnum(rng, 5, 0.8)))}", small, s * 1.2, ink),
            ],
            gap=0.6,
        ),
        frame_row,
        Row(
            [
                Part("ENGINE", small, s, ink),
                Part(rng.choice(ENGINES[maker]), small, s * 1.2, ink),
                Part("TRANS/AXLE", small, s, ink),
                Part(_alnum(rng, 5, 0.5), small, s * 1.2, ink),
            ],
            gap=0.8,
        ),
        Row(
            [
                Part("COLOR/TRIM", small, s, ink),
                Part(f"{_alnum(rng, 3, 0.3)}  {_alnum(rng, 2, 0.7)}{_digits(rng, 2)}", small, s * 1.2, ink),
                Part("PLANT", small, s, ink),
                Part(str(rng.randint(1, 9)), small, s * 1.2, ink),
            ],
            gap=0.6,
        ),
        Row([Part("MADE IN JAPAN", text_face(rng, True), s, ink)], gap=0.6, center=True),
    ]
    material = mat_aluminium if rng.random() < 0.75 else mat_sticker
    card = Card(
        rows,
        material,
        mode="print",
        margin=U * 0.9,
        radius=U * 0.2,
        rivets=material is mat_aluminium,
        border=ink if rng.random() < 0.5 else None,
    )
    return Design(card, frame=frame, scene=rng.choice(("engine", "engine", "paint")))


DESCRIPTIONS = (
    ("PAD KIT, DISC BRAKE, FRONT", "Колодки тормозные передние"), ("FILTER, OIL", "Фильтр масляный"),
    ("ELEMENT, AIR CLEANER", "Фильтр воздушный"), ("SPARK PLUG", "Свеча зажигания"), ("SHOCK ABSORBER ASSY", "Амортизатор"),
    ("BEARING, HUB", "Подшипник ступицы"), ("SENSOR, OXYGEN", "Датчик кислородный"), ("PUMP ASSY, WATER", "Помпа водяная"),
)  # fmt: skip


def design_part_label(rng: random.Random, d: float) -> Design:
    number, brand, country = make_part_number(rng)
    face = ident_face(rng, d)
    if face.style == "stroke":
        face = Face(
            "tt", font=rng.choice(("condensed_bold", "narrow_bold", "ocr_bold", "sans_bold")), tracking=rng.uniform(0.0, 0.2)
        )
    ink = _ink_dark(rng)
    band: Color = rng.choice(((200, 30, 35), (20, 60, 140), (30, 30, 30), (0, 110, 70), (230, 120, 20)))
    s = U * rng.uniform(0.4, 0.55)
    small = text_face(rng)
    en, ru = rng.choice(DESCRIPTIONS)
    rows = [
        Row(
            [Part(brand, Face("tt", font=rng.choice(("sans_bold", "condensed_bold", "serif_bold"))), s * 1.4, (250, 250, 250))],
            gap=0.4,
            fill=band,
        ),
        Row(
            [Part(rng.choice(("PART NO.", "P/N", "Артикул:", "No.")), small, s, ink), Part(number, face, U, ink, ident=True)],
            gap=1.0,
        ),
        Row([Part(en, small, s, ink)], gap=0.7),
        Row([Part(ru, small, s, ink)], gap=0.35),
        Row(
            [Part(f"QTY: {rng.choice((1, 1, 2, 4))}", small, s, ink), Part(f"LOT {_alnum(rng, 7, 0.3)}", small, s, ink)], gap=0.5
        ),
        Row(barcode=U * rng.uniform(1.2, 2.0), gap=0.6),
        Row([Part(ean13(rng), Face("tt", font="ocr"), s * 1.1, ink, col=U * 0.3)], gap=0.25),
        Row([Part(f"Сделано в {country}", small, s, ink)], gap=0.6),
    ]
    card = Card(rows, mat_label, margin=U * 0.6, radius=U * 0.15)
    return Design(card, parts=(number,), scene="cardboard")


DESIGNS: dict[str, Callable[[random.Random, float], Design]] = {
    "vin_plate": design_vin_plate,
    "sts": design_sts,
    "stamped": design_stamped,
    "frame": design_frame,
    "part_label": design_part_label,
}


# ---------------------------------------------------------------- scenes behind the card


def _soft_shapes(img: Img, rng: random.Random, count: int, tones: tuple[float, float]) -> None:
    """Out-of-focus things round the card: hoses, bolts, covers, a pen, a phone."""
    h, w = img.shape[:2]
    layer = img.copy()
    cover = np.zeros((h, w), np.float32)
    for _ in range(count):
        tone = rng.uniform(*tones)
        color = (tone * rng.uniform(0.85, 1.15), tone * rng.uniform(0.85, 1.15), tone * rng.uniform(0.85, 1.15))
        pick = rng.random()
        if pick < 0.4:  # hose, cable, pen
            pts = np.array([[rng.uniform(-0.2, 1.2) * w, rng.uniform(-0.2, 1.2) * h] for _ in range(3)], np.int32)
            thick = max(2, round(rng.uniform(0.01, 0.07) * w))
            for target in (layer, cover):
                cv2.polylines(target, [pts], False, color if target is layer else 1.0, thick, cv2.LINE_AA)
            cv2.polylines(layer, [pts - thick // 4], False, (min(255, tone + 35),) * 3, max(1, thick // 5), cv2.LINE_AA)
        elif pick < 0.7:  # bolt, cap, coin
            r = max(3, round(rng.uniform(0.01, 0.05) * w))
            centre = (round(rng.uniform(0, w)), round(rng.uniform(0, h)))
            cv2.circle(layer, centre, r, color, -1, cv2.LINE_AA)
            cv2.circle(cover, centre, r, 1.0, -1, cv2.LINE_AA)
            cv2.circle(
                layer, (centre[0] - r // 3, centre[1] - r // 3), max(1, r // 3), (min(255, tone + 50),) * 3, -1, cv2.LINE_AA
            )
        else:  # box, cover, phone
            x, y = rng.uniform(-0.2, 1) * w, rng.uniform(-0.2, 1) * h
            bw, bh = rng.uniform(0.1, 0.5) * w, rng.uniform(0.05, 0.4) * h
            box = cv2.boxPoints(((x, y), (bw, bh), rng.uniform(0, 180))).astype(np.int32)
            cv2.fillPoly(layer, [box], color, cv2.LINE_AA)
            cv2.fillPoly(cover, [box], 1.0, cv2.LINE_AA)
    sigma = rng.uniform(0.003, 0.012) * w
    m = (_blur(cover, sigma) * rng.uniform(0.6, 0.95))[..., None]
    img[:] = img * (1 - m) + _blur(layer, sigma) * m


def background(scene: str, h: int, w: int, rng: random.Random, nrng: np.random.Generator) -> Img:
    if scene in ("paint", "pillar"):
        img = mat_paint(h, w, rng, nrng)
        for _ in range(rng.randint(1, 3)):  # reflections
            layer = np.zeros((h, w), np.float32)
            x = rng.uniform(0, w)
            cv2.line(
                layer, (round(x), 0), (round(x + rng.uniform(-0.5, 0.5) * w), h), 1.0, max(2, round(w * rng.uniform(0.02, 0.1)))
            )
            layer = _blur(layer, w * 0.03)
            img += (layer * rng.uniform(20, 60))[..., None]
        if scene == "pillar":  # the door seal and the opening's edge
            x0 = round(rng.uniform(0.0, 0.25) * w) if rng.random() < 0.5 else round(rng.uniform(0.75, 0.95) * w)
            band = round(rng.uniform(0.05, 0.12) * w)
            img[:, x0 : x0 + band] = rng.uniform(15, 35) + _smooth(nrng, h, max(1, min(band, w - x0)), 6)[..., None] * 4
            _soft_shapes(img, rng, rng.randint(0, 2), (140, 200))
    elif scene == "engine":
        base = rng.uniform(25, 65)
        img = _fill(h, w, (base, base, base * 1.03)) + (_smooth(nrng, h, w, max(20, w // 10)) * 10)[..., None]
        _soft_shapes(img, rng, rng.randint(4, 9), (10, 120))
    elif scene == "table":
        if rng.random() < 0.55:  # wood
            grain = np.sin(
                np.linspace(0, rng.uniform(20, 60), h, dtype=np.float32)[:, None] + _smooth(nrng, h, w, max(20, w // 4)) * 1.2
            )
            tone = rng.uniform(90, 170)
            img = _fill(h, w, (tone, tone * 0.72, tone * 0.48)) + (grain * 14)[..., None]
        else:  # laminate desk
            tone = rng.uniform(160, 235)
            img = _fill(h, w, (tone, tone, tone * 0.97)) + (nrng.standard_normal((h, w)).astype(np.float32) * 3)[..., None]
        _soft_shapes(img, rng, rng.randint(1, 4), (20, 220))
    elif scene == "fabric":
        tone = rng.uniform(30, 80)
        weave = (np.indices((h, w)).sum(0) % 4 < 2).astype(np.float32) * 8
        img = _fill(h, w, (tone, tone, tone * 1.1)) + (weave + _smooth(nrng, h, w, 30) * 6)[..., None]
    else:  # cardboard box
        tone = rng.uniform(150, 200)
        flutes = np.sin(np.arange(w, dtype=np.float32) * rng.uniform(0.15, 0.3))[None, :] * 3
        img = _fill(h, w, (tone, tone * 0.8, tone * 0.58)) + (flutes + _smooth(nrng, h, w, 40) * 6)[..., None]
        if rng.random() < 0.6:  # packing tape
            y = round(rng.uniform(0, h))
            img[y : y + round(h * 0.12)] = img[y : y + round(h * 0.12)] * 0.8 + np.array((230, 215, 170), np.float32) * 0.2
        _soft_shapes(img, rng, rng.randint(0, 2), (40, 200))
    return _f32(cv2.GaussianBlur(img, (0, 0), rng.uniform(0.6, 2.5)))


# ---------------------------------------------------------------- the photo


@dataclass(frozen=True)
class Look:
    """The camera and the hand: everything that makes a photo hard, drawn for one difficulty."""

    long_side: int
    aspect: float
    portrait: bool
    fill: float  # the card's width over the photo's
    min_cap: float  # the identifier's capitals are at least this high (px), at most 40
    angle: float
    tilt: tuple[float, float]
    quality: int
    motion: float  # length, in capital heights
    motion_angle: float
    defocus: float  # radius, in capital heights
    noise: float
    contrast: float
    haze: float
    glare: float
    shadow: float
    vignette: float
    gradient: float
    finger: bool
    sticker: bool
    sharpen: bool
    exif: int  # EXIF orientation: 1 (none), 3, 6 or 8


def choose_look(rng: random.Random, d: float, stamped: bool = False) -> Look:
    quality = max(25, min(60, round(60 - d * rng.uniform(5, 35))))
    sizes = (800, 960, 1080, 1280, 1280, 1440, 1600, 1920, 2000)
    return Look(
        long_side=sizes[min(len(sizes) - 1, int(len(sizes) * rng.random() ** (0.6 + 1.2 * d)))],
        aspect=rng.choice((4 / 3, 4 / 3, 16 / 9, 1.0)),
        portrait=rng.random() < 0.55,
        fill=rng.uniform(0.6, 1.05) - rng.uniform(0, 0.35) * d,
        min_cap=8.5 + 0.1 * (60 - quality) + (3.0 if stamped else 0.0),
        angle=rng.uniform(-15, 15) * (0.3 + 0.7 * d),
        tilt=(rng.uniform(-0.3, 0.3) * d, rng.uniform(-0.25, 0.25) * d),
        quality=quality,
        motion=rng.uniform(0, 0.14) * d,
        motion_angle=rng.uniform(0, 180),
        defocus=rng.uniform(0, 0.07) * d,
        noise=rng.uniform(1.5, 2.5 + 6 * d),
        contrast=1 - rng.uniform(0, 0.5) * d,
        haze=rng.uniform(0, 0.25) * d,
        glare=rng.uniform(0.45, 0.95) if rng.random() < 0.25 + 0.35 * d else 0.0,
        shadow=rng.uniform(0.2, 0.5) * d if rng.random() < 0.35 else 0.0,
        vignette=rng.uniform(0, 0.5),
        gradient=rng.uniform(0, 0.45) * (0.4 + 0.6 * d),
        finger=rng.random() < 0.3 * (0.3 + d),
        sticker=rng.random() < 0.2 * (0.3 + d),
        sharpen=rng.random() < 0.4,
        exif=rng.choice((6, 8, 3)) if rng.random() < 0.15 else 1,
    )


@dataclass
class Shot:
    image: Img
    ident: Img  # the identifier's glyphs, warped into the photo
    zone: npt.NDArray[np.uint8]  # the identifier and a margin: nothing may cover it
    plate: Img  # plate coverage
    aspect: float  # the card's width over its height
    cap: float


def _homography(w: float, h: float, look: Look, centre: tuple[float, float]) -> npt.NDArray[np.float64]:
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
    rad = math.radians(look.angle)
    cos, sin = math.cos(rad), math.sin(rad)
    dst = []
    for x, y in src:
        px, py = x - w / 2, y - h / 2
        px, py = px * (1 + look.tilt[1] * py / (h / 2)), py * (1 + look.tilt[0] * px / (w / 2))
        dst.append([centre[0] + px * cos - py * sin, centre[1] + px * sin + py * cos])
    return np.asarray(cv2.getPerspectiveTransform(src, np.array(dst, np.float32)), np.float64)


def _map(hom: npt.NDArray[np.float64], points: list[tuple[float, float]]) -> npt.NDArray[np.float64]:
    pts = np.array(points, np.float64).reshape(-1, 1, 2)
    return np.asarray(cv2.perspectiveTransform(pts, hom), np.float64).reshape(-1, 2)


def place(plate: Plate, look: Look, rng: random.Random, scene: str, nrng: np.random.Generator) -> Shot | None:
    long_side = look.long_side
    for _ in range(2):  # a framing that would make capitals over 40 px: the messenger sends a smaller photo
        short_side = round(long_side / look.aspect)
        width, height = (short_side, long_side) if look.portrait else (long_side, short_side)
        if plate.rgb.shape[1] > 24 * plate.cap:  # a wide metal panel: the photo frames the stamped line
            scale = look.fill * 0.85 * width / (plate.box[2] - plate.box[0])
        else:
            scale = look.fill * width / plate.rgb.shape[1]
        if scale * plate.cap <= 40:
            break
        long_side = max(800, round(long_side * 40 / (scale * plate.cap)))
    scale = min(max(scale, look.min_cap / plate.cap), 40 / plate.cap)
    x0, y0, x1, y1 = (v * scale for v in plate.box)
    fit = 0.9 * width / max(1.0, (x1 - x0) * abs(math.cos(math.radians(look.angle))) + (y1 - y0))
    scale *= min(1.0, fit)
    x0, y0, x1, y1 = (v * scale for v in plate.box)
    ph, pw = plate.rgb.shape[:2]
    size = (max(2, round(pw * scale)), max(2, round(ph * scale)))
    interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC
    rgb = cv2.resize(plate.rgb, size, interpolation=interp)
    alpha = cv2.resize(plate.alpha, size, interpolation=interp)
    ident = cv2.resize(plate.ident, size, interpolation=interp)
    centre = (width / 2 + rng.uniform(-0.15, 0.15) * width, height / 2 + rng.uniform(-0.15, 0.15) * height)
    hom = _homography(size[0], size[1], look, centre)
    m = 0.5 * plate.cap * scale
    quad = _map(hom, [(x0 - m, y0 - m), (x1 + m, y0 - m), (x1 + m, y1 + m), (x0 - m, y1 + m)])
    margin = 0.03 * min(width, height)
    shift_x = max(0.0, margin - quad[:, 0].min()) - max(0.0, quad[:, 0].max() - (width - margin))
    shift_y = max(0.0, margin - quad[:, 1].min()) - max(0.0, quad[:, 1].max() - (height - margin))
    hom = _homography(size[0], size[1], look, (centre[0] + shift_x, centre[1] + shift_y))
    quad = _map(hom, [(x0 - m, y0 - m), (x1 + m, y0 - m), (x1 + m, y1 + m), (x0 - m, y1 + m)])
    if quad[:, 0].min() < 0 or quad[:, 1].min() < 0 or quad[:, 0].max() > width or quad[:, 1].max() > height:
        return None
    corners = _map(hom, [(x0, y0), (x0, y1), (x1, y0), (x1, y1)])
    cap = min(float(np.linalg.norm(corners[0] - corners[1])), float(np.linalg.norm(corners[2] - corners[3])))
    if cap < 8.0:
        return None
    warp: Callable[[Img], Img] = lambda a: _f32(cv2.warpPerspective(a, hom, (width, height), flags=cv2.INTER_LINEAR))  # noqa: E731
    image = background(scene, height, width, rng, nrng)
    rgb_w, alpha_w, ident_w = warp(_f32(rgb)), warp(_f32(alpha)), warp(_f32(ident))
    if scene != "engine" or rng.random() < 0.5:  # a cast shadow under a card or plate
        off = (rng.uniform(-0.012, 0.012) * width, rng.uniform(0.0, 0.02) * height)
        moved = cv2.warpAffine(alpha_w, np.array([[1, 0, off[0]], [0, 1, off[1]]], np.float32), (width, height))
        soft = _blur(_f32(moved), 0.01 * width + 1)
        image *= (1 - rng.uniform(0.2, 0.5) * soft)[..., None]
    if look.contrast < 1.0:
        mean = rgb_w[alpha_w > 0.5].mean(0) if (alpha_w > 0.5).any() else np.zeros(3, np.float32)
        rgb_w = _f32(mean + (rgb_w - mean) * look.contrast)
    a = alpha_w[..., None]
    image = image * (1 - a) + rgb_w * a
    zone = np.zeros((height, width), np.uint8)
    cv2.fillPoly(zone, [quad.astype(np.int32)], 1)
    return Shot(_f32(image), ident_w, zone, alpha_w, pw / ph, cap)


def _overlaps(mask: Img, zone: npt.NDArray[np.uint8]) -> bool:
    return bool(((mask > 0.02) & (zone > 0)).any())


def _plate_point(shot: Shot, rng: random.Random) -> tuple[float, float] | None:
    ys, xs = np.nonzero((shot.plate > 0.5) & (shot.zone == 0))
    if len(xs) == 0:
        return None
    i = rng.randrange(len(xs))
    return float(xs[i]), float(ys[i])


def add_finger(shot: Shot, rng: random.Random) -> None:
    h, w = shot.image.shape[:2]
    skin = np.array(rng.choice(((224, 172, 140), (200, 150, 120), (240, 195, 170), (170, 120, 90))), np.float32)
    for _ in range(12):
        tip = _plate_point(shot, rng)
        if tip is None:
            return
        side = rng.randrange(4)
        start = [
            (tip[0] + rng.uniform(-0.2, 0.2) * w, h * 1.1),
            (tip[0] + rng.uniform(-0.2, 0.2) * w, -0.1 * h),
            (-0.1 * w, tip[1] + rng.uniform(-0.2, 0.2) * h),
            (w * 1.1, tip[1] + rng.uniform(-0.2, 0.2) * h),
        ][side]
        plate_height = math.sqrt(float(shot.plate.sum()) / shot.aspect)
        thick = max(10, round(rng.uniform(0.4, 0.6) * plate_height))
        layer = np.zeros((h, w), np.uint8)
        along = np.array(start) - np.array(tip)
        along /= max(1e-6, float(np.linalg.norm(along)))
        across = np.array((-along[1], along[0]))
        outline = [np.array(tip) + across * thick / 2, np.array(tip) - across * thick / 2]
        outline += [np.array(start) - across * thick * 0.75, np.array(start) + across * thick * 0.75]
        cv2.fillConvexPoly(layer, np.array(outline, np.int32), 255, cv2.LINE_AA)
        cv2.circle(layer, (round(tip[0]), round(tip[1])), thick // 2, 255, -1, cv2.LINE_AA)
        mask = _f32(cv2.GaussianBlur(_f32(layer) / 255, (0, 0), thick * 0.06 + 0.5))
        if _overlaps(mask, shot.zone):
            continue
        depth = _f32(cv2.distanceTransform((layer > 0).astype(np.uint8), cv2.DIST_L2, 5))
        shade = 0.6 + 0.45 * np.sqrt(depth / max(1.0, float(depth.max())))
        nail = np.zeros((h, w), np.float32)
        direction = np.array(start) - np.array(tip)
        direction /= max(1e-6, float(np.linalg.norm(direction)))
        centre = np.array(tip) + direction * thick * 0.45
        angle = math.degrees(math.atan2(direction[1], direction[0]))
        cv2.ellipse(
            nail,
            (round(centre[0]), round(centre[1])),
            (round(thick * 0.35), round(thick * 0.28)),
            angle,
            0,
            360,
            1.0,
            -1,
            cv2.LINE_AA,
        )
        colour = skin * shade[..., None]
        colour = colour * (1 - 0.5 * nail[..., None]) + np.array((235, 205, 200), np.float32) * 0.5 * nail[..., None]
        shot.image[:] = shot.image * (1 - mask[..., None]) + colour * mask[..., None]
        return


def add_sticker(shot: Shot, rng: random.Random) -> None:
    h, w = shot.image.shape[:2]
    colour = rng.choice(((245, 220, 60), (250, 250, 245), (255, 150, 40), (120, 200, 250)))
    for _ in range(10):
        at = _plate_point(shot, rng)
        if at is None:
            return
        size = (rng.uniform(0.05, 0.14) * w, rng.uniform(0.04, 0.1) * w)
        box = cv2.boxPoints((at, size, rng.uniform(-40, 40))).astype(np.int32)
        layer = np.zeros((h, w), np.float32)
        cv2.fillPoly(layer, [box], 1.0, cv2.LINE_AA)
        if _overlaps(layer, shot.zone):
            continue
        m = layer[..., None]
        shot.image[:] = shot.image * (1 - m) + np.array(colour, np.float32) * m
        for k in range(rng.randint(1, 3)):  # a few scribbles or printed marks on it
            y = at[1] - size[1] * 0.25 + k * size[1] * 0.22
            p0, p1 = (round(at[0] - size[0] * 0.3), round(y)), (round(at[0] + size[0] * rng.uniform(0, 0.3)), round(y))
            line = np.zeros((h, w), np.float32)
            cv2.line(line, p0, p1, 1.0, max(1, round(size[1] * 0.07)), cv2.LINE_AA)
            line *= layer
            shot.image[:] = shot.image * (1 - line[..., None]) + 40 * line[..., None]
        return


def light(shot: Shot, look: Look, rng: random.Random) -> None:
    h, w = shot.image.shape[:2]
    yy, xx = np.mgrid[-1 : 1 : complex(0, h), -1 : 1 : complex(0, w)].astype(np.float32)
    phi = rng.uniform(0, 2 * math.pi)
    field = (1 + look.gradient * (xx * math.cos(phi) + yy * math.sin(phi))) * (1 - look.vignette * (xx**2 + yy**2) / 2)
    if look.shadow:
        layer = np.zeros((h, w), np.float32)
        pts = np.array([[rng.uniform(-0.2, 1.2) * w, rng.uniform(-0.2, 1.2) * h] for _ in range(4)], np.int32)
        cv2.fillPoly(layer, [cv2.convexHull(pts)], 1.0)
        field *= 1 - look.shadow * _blur(layer, 0.03 * w)
    balance = np.array([rng.uniform(0.93, 1.07), 1.0, rng.uniform(0.9, 1.08)], np.float32)
    shot.image[:] = shot.image * field[..., None] * balance * rng.uniform(0.85, 1.1)
    if look.haze:
        shot.image[:] = shot.image * (1 - look.haze) + look.haze * rng.uniform(150, 230)
    if look.glare:
        add_glare(shot, look, rng, xx, yy)


def add_glare(shot: Shot, look: Look, rng: random.Random, xx: Img, yy: Img) -> None:
    h, w = shot.image.shape[:2]
    for _ in range(10):
        at = _plate_point(shot, rng)
        if at is None:
            return
        cx, cy = at[0] / w * 2 - 1, at[1] / h * 2 - 1
        a, b = rng.uniform(0.06, 0.25), rng.uniform(0.03, 0.12)
        t = rng.uniform(0, math.pi)
        u = ((xx - cx) * math.cos(t) + (yy - cy) * math.sin(t)) / a
        v = (-(xx - cx) * math.sin(t) + (yy - cy) * math.cos(t)) / b
        g = np.exp(-(u**2 + v**2) * 1.5) * look.glare
        if float(g[shot.zone > 0].max(initial=0.0)) > 0.15:
            continue
        g = np.clip(g * 1.3, 0, 1)
        shot.image[:] = shot.image + (255 - shot.image) * g[..., None]
        return


def camera(shot: Shot, look: Look, rng: random.Random, nrng: np.random.Generator) -> None:
    img = shot.image
    if look.defocus * shot.cap >= 0.6:
        r = look.defocus * shot.cap
        k = np.zeros((2 * math.ceil(r) + 1,) * 2, np.float32)
        cv2.circle(k, (math.ceil(r), math.ceil(r)), max(1, round(r)), 1.0, -1, cv2.LINE_AA)
        img = _f32(cv2.filter2D(img, -1, k / k.sum()))
    if look.motion * shot.cap >= 1.5:
        n = math.ceil(look.motion * shot.cap) | 1
        k = np.zeros((n, n), np.float32)
        rad = math.radians(look.motion_angle)
        c = n // 2
        cv2.line(
            k,
            (round(c - math.cos(rad) * c), round(c - math.sin(rad) * c)),
            (round(c + math.cos(rad) * c), round(c + math.sin(rad) * c)),
            1.0,
            1,
            cv2.LINE_AA,
        )
        img = _f32(cv2.filter2D(img, -1, k / k.sum()))
    if look.sharpen:
        img = img + 0.6 * (img - _f32(cv2.GaussianBlur(img, (0, 0), 1.2)))
    h, w = img.shape[:2]
    luma = nrng.standard_normal((h, w)).astype(np.float32) * look.noise
    chroma = cv2.resize(nrng.standard_normal((h // 2 + 1, w // 2 + 1, 3)).astype(np.float32), (w, h)) * look.noise * 0.6
    shot.image = _f32(img + luma[..., None] + chroma)


def legible(shot: Shot, look: Look) -> bool:
    """Enough contrast between the identifier's strokes and the plate right round them."""
    img = np.clip(shot.image, 0, 255)
    gray = img[..., 0] * 0.299 + img[..., 1] * 0.587 + img[..., 2] * 0.114
    core = shot.ident > 0.5
    if core.sum() < 30:
        return False
    ink = (shot.ident > 0.12).astype(np.uint8)
    near = cv2.dilate(ink, np.ones((3, 3), np.uint8), iterations=max(1, round(shot.cap * 0.08)))
    far = cv2.dilate(ink, np.ones((3, 3), np.uint8), iterations=max(2, round(shot.cap * 0.25)))
    ring = (far > 0) & (near == 0) & (shot.plate > 0.9)
    if ring.sum() < 30:
        return False
    contrast = abs(float(np.median(gray[core])) - float(np.median(gray[ring])))
    surround = float(np.median(gray[ring]))
    return contrast >= max(16.0, 4.0 * look.noise, 0.22 * surround) and float(np.percentile(gray[ring], 90)) < 250


_EXIF_STORE = {3: Image.Transpose.ROTATE_180, 6: Image.Transpose.ROTATE_90, 8: Image.Transpose.ROTATE_270}


def save_jpeg(image: Img, path: Path, look: Look) -> None:
    picture = Image.fromarray(np.clip(image + 0.5, 0, 255).astype(np.uint8), "RGB")
    if look.exif == 1:
        picture.save(path, "JPEG", quality=look.quality)
        return
    exif = Image.Exif()
    exif[0x0112] = look.exif  # Orientation: the viewer turns the stored pixels upright
    exif[0x010F] = "samsung"
    exif[0x0110] = "SM-A525F"
    picture.transpose(_EXIF_STORE[look.exif]).save(path, "JPEG", quality=look.quality, exif=exif.tobytes())


def photo(plate: Plate, scene: str, look: Look, rng: random.Random) -> Shot | None:
    nrng = np.random.default_rng(rng.getrandbits(63))
    shot = place(plate, look, rng, scene, nrng)
    if shot is None:
        return None
    if look.finger:
        add_finger(shot, rng)
    if look.sticker:
        add_sticker(shot, rng)
    light(shot, look, rng)
    camera(shot, look, rng, nrng)
    return shot if legible(shot, look) else None


def generate_one(folder: Path, index: int, seed: int = 11) -> Sample:
    """Photo `index` of the set `seed`: the same bytes in any process."""
    kind = KINDS[index % len(KINDS)]
    base = f"photo_synth_heldout/{seed}/{index}"
    difficulty = random.Random(base + "/difficulty").random()
    design_rng = random.Random(base + "/design")
    design = DESIGNS[kind](design_rng, difficulty)
    plate = render_card(design.card, design_rng, np.random.default_rng(design_rng.getrandbits(63)))
    shot: Shot | None = None
    look = choose_look(random.Random(base + "/look"), difficulty)  # replaced below; keeps mypy sure it is bound
    for attempt, milder in enumerate((1.0, 0.75, 0.5, 0.25, 0.0, 0.0, 0.0)):
        look = choose_look(random.Random(f"{base}/look/{attempt}"), difficulty * milder, stamped=kind == "stamped")
        shot = photo(plate, design.scene, look, random.Random(f"{base}/photo/{attempt}"))
        if shot is not None:
            break
    if shot is None:
        raise RuntimeError(f"photo {index} (seed {seed}) came out unreadable every time")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"heldout-{seed}-{index:04d}.jpg"
    save_jpeg(shot.image, path, look)
    return Sample(path, kind, vin=design.vin, frame=design.frame, part_numbers=design.parts)


def generate(folder: Path, count: int, seed: int = 11) -> list[Sample]:
    return [generate_one(folder, i, seed) for i in range(count)]


def _label(sample: Sample) -> str:
    row = {
        "file": sample.path.name,
        "kind": sample.kind,
        "vin": sample.vin,
        "frame": sample.frame,
        "part_numbers": list(sample.part_numbers),
    }
    return json.dumps(row, ensure_ascii=False)


def main(argv: list[str] | None = None) -> None:
    from rich.progress import track

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out", type=Path, help="folder for the photos and labels.jsonl")
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with (args.out / "labels.jsonl").open("w", encoding="utf-8") as labels:
        for index in track(range(args.count), description=f"held-out photos (seed {args.seed})"):
            labels.write(_label(generate_one(args.out, index, args.seed)) + "\n")
    print(f"{args.count} photos and labels.jsonl in {args.out}")


if __name__ == "__main__":
    main()
