"""The seventh synthetic photo set, drawn blind to the reader and to the other six generators.

Phone photos of Japanese frame numbers (model plates of eight makers, punched firewall stamps, export
certificates, auction sheets, door-jamb stickers, worn plates, auction listings shot off a monitor),
VIN plates, stamped VINs, Russian СТС/ПТС/ЭПТС lines and parts-box labels. Text is drawn with the
system fonts, with a home-made single-stroke engraving font (and its dot-peen twin) and with
home-made kanji-like glyphs (the machine has no Japanese font; «車台番号» is drawn stroke by stroke).

Everything comes from random.Random(f"seventh:{seed}:{index}") and numpy generators seeded from it, so a
photo is a pure function of (index, seed).
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from catalogs.vin import CHECK_VALUES, CHECK_WEIGHTS, check_digit_ok, frame_car, listed_wmis, model_codes
from tests.support.photo_synth import Sample

KINDS = ("vin_plate", "sts", "stamped", "frame", "part_label", "sts_jp")

Rng = random.Random
NRng = np.random.Generator
RGB = tuple[int, int, int]
Box = tuple[float, float, float, float]
Ids = tuple[str | None, str | None, tuple[str, ...]]

_VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
_FONT_DIR = Path("/usr/share/fonts/truetype")
_DV, _LB = "dejavu/DejaVu", "liberation/Liberation"
_SANS = (f"{_DV}Sans.ttf", f"{_LB}Sans-Regular.ttf", f"{_DV}SansCondensed.ttf")
_NARROW = (f"{_LB}SansNarrow-Regular.ttf", f"{_LB}SansNarrow-Bold.ttf")
_BOLD = (f"{_DV}Sans-Bold.ttf", f"{_LB}Sans-Bold.ttf", f"{_DV}SansCondensed-Bold.ttf")
_MONO = (f"{_DV}SansMono.ttf", f"{_DV}SansMono-Bold.ttf", f"{_LB}Mono-Regular.ttf", f"{_LB}Mono-Bold.ttf")
_SERIF = (f"{_DV}Serif.ttf", f"{_LB}Serif-Regular.ttf", f"{_LB}Serif-Bold.ttf")
_HAND = (f"{_LB}Sans-Italic.ttf", f"{_DV}Sans-Oblique.ttf", f"{_LB}Serif-Italic.ttf", f"{_LB}SansNarrow-Italic.ttf")
STROKE, DOTS = "stroke", "dots"  # the home-made engraving font and its dot-peen (dot-matrix) twin

# The single-stroke font: polylines on a 4 x 6 grid (x right, y down, baseline at 6), "|" between strokes.
_GLYPH_TABLE = """
0=1.2 0 2.8 0 3.6 1 3.6 5 2.8 6 1.2 6 .4 5 .4 1 1.2 0; 1=1 1.2 2.2 0 2.2 6|1 6 3.4 6; 2=0 1.2 1 0 3 0 4 1 4 2.2 0 6 4 6
3=0 .6 .8 0 3 0 4 1 4 2 3 2.8 1.6 2.8|3 2.8 4 3.8 4 5 3 6 1 6 0 5.2; 4=3 6 3 0 0 4.2 4 4.2; 7=0 0 4 0 1.6 6
5=3.8 0 .4 0 .2 2.6 2.8 2.4 4 3.4 4 5 3 6 .8 6 0 5.2; 6=3.6 .4 2.8 0 1.2 0 0 1.2 0 4.8 1.2 6 2.8 6 4 4.8 4 3.8 2.8 2.6 1.2 2.6 0 3.6
8=1 0 3 0 3.8 .8 3.8 2 3 2.8 1 2.8 .2 2 .2 .8 1 0|1 2.8 0 3.8 0 5.1 .9 6 3.1 6 4 5.1 4 3.8 3 2.8
9=4 2.4 2.8 3.4 1.2 3.4 0 2.3 0 1.2 1.2 0 2.8 0 4 1.2 4 4.8 2.8 6 1.2 6 .4 5.6; A=0 6 2 0 4 6|.7 4 3.3 4
B=0 0 2.9 0 3.8 .8 3.8 2.1 2.9 2.9 0 2.9|2.9 2.9 4 3.8 4 5.1 3.1 6 0 6 0 0; C=4 1 3 0 1 0 0 1.2 0 4.8 1 6 3 6 4 5
D=0 0 2.4 0 4 1.5 4 4.5 2.4 6 0 6 0 0; E=4 0 0 0 0 6 4 6|0 2.9 3 2.9; F=4 0 0 0 0 6|0 2.9 3 2.9; H=0 0 0 6|4 0 4 6|0 2.9 4 2.9
G=4 1 3 0 1 0 0 1.2 0 4.8 1 6 3 6 4 5 4 3.4 2.4 3.4; I=2 0 2 6|1 0 3 0|1 6 3 6; J=4 0 4 4.8 3 6 1 6 0 4.8; L=0 0 0 6 4 6
K=0 0 0 6|4 0 0 4|1.3 2.9 4 6; M=0 6 0 0 2 3.4 4 0 4 6; N=0 6 0 0 4 6 4 0; O=1 0 3 0 4 1 4 5 3 6 1 6 0 5 0 1 1 0
P=0 6 0 0 3 0 4 1 4 2 3 3 0 3; Q=1 0 3 0 4 1 4 5 3 6 1 6 0 5 0 1 1 0|2.4 4.4 4 6.2; R=0 6 0 0 3 0 4 1 4 2 3 3 0 3|2 3 4 6
S=4 .9 3 0 1 0 0 .9 0 2 1 2.9 3 2.9 4 3.9 4 5.1 3 6 1 6 0 5.1; T=0 0 4 0|2 0 2 6; U=0 0 0 4.9 1 6 3 6 4 4.9 4 0; V=0 0 2 6 4 0
W=0 0 .9 6 2 1.8 3.1 6 4 0; X=0 0 4 6|4 0 0 6; Y=0 0 2 3 4 0|2 3 2 6; Z=0 0 4 0 0 6 4 6; -=1 3 3 3; –=0 3 4 3; —=-.5 3 4.5 3
.=1.8 5.7 2 6; /=1 6 3 0; :=2 1.8 2 2|2 5.6 2 6; *=2 1.2 2 4.8|.4 2.1 3.6 3.9|.4 3.9 3.6 2.1; (=2.6 0 1.4 1.4 1.4 4.6 2.6 6
)=1.4 0 2.6 1.4 2.6 4.6 1.4 6
"""
_GLYPHS = dict(e.strip().split("=", 1) for e in _GLYPH_TABLE.replace("\n", ";").split(";") if e.strip())
_ADVANCE = {" ": 3.0, ".": 2.5, ":": 2.5, "(": 3.0, ")": 3.0}
# Four real kanji of the label «車台番号», on a 10 x 10 box; every other CJK character gets a made-up glyph.
_KANJI = {
    "車": "1 1.6 9 1.6|2 3 8 3 8 7 2 7 2 3|2 5 8 5|5 .3 5 9.8|.4 8.6 9.6 8.6",
    "台": "5.2 .4 2 4.4 8 4|6.6 2.4 8.6 4.8|2.5 6 7.5 6 7.5 9.6 2.5 9.6 2.5 6",
    "番": "7.8 .4 2.2 1.4|3 2 3.8 2.8|7 2 6.2 2.8|1 3.3 9 3.3|5 1.3 5 5.2|5 3.3 1.2 5.5|5 3.3 8.8 5.5|2 5.8 8 5.8 8 9.8 2 9.8 2 5.8|2 7.8 8 7.8|5 5.8 5 9.8",
    "号": "2.5 .5 7.5 .5 7.5 3.5 2.5 3.5 2.5 .5|.4 5 9.6 5|3.2 5 2.6 7.2 8 7.2 7.6 9.4 6.2 9",
}
_KANJI_NOISE = "傷凹錆修理交換板金塗装左右前後部品小中大線状補修有無良好可不"

_MAKE_WEIGHTS = {"Toyota": 30, "Nissan": 20, "Honda": 15, "Mitsubishi": 10, "Mazda": 10, "Subaru": 8, "Suzuki": 7}
_SERIAL_DIGITS = {"Toyota": 7, "Honda": 7, "Mitsubishi": 7}
_HEADERS = {
    "Toyota": "TOYOTA MOTOR CORPORATION|TOYOTA MOTOR CORPORATION JAPAN|TOYOTA AUTO BODY CO.,LTD.",
    "Nissan": "NISSAN MOTOR CO.,LTD. JAPAN|NISSAN MOTOR CO., LTD.|NISSAN SHATAI CO.,LTD.",
    "Honda": "HONDA MOTOR CO.,LTD.|HONDA MOTOR CO.,LTD. TOKYO JAPAN",
    "Mitsubishi": "MITSUBISHI MOTORS CORPORATION|MITSUBISHI MOTORS CORP. JAPAN",
    "Mazda": "MAZDA MOTOR CORPORATION|MAZDA MOTOR CORPORATION HIROSHIMA JAPAN",
    "Subaru": "FUJI HEAVY INDUSTRIES LTD.|FUJI HEAVY INDUSTRIES LTD. TOKYO JAPAN",
    "Suzuki": "SUZUKI MOTOR CORPORATION|SUZUKI MOTOR CORP. HAMAMATSU JAPAN",
    "Daihatsu": "DAIHATSU MOTOR CO.,LTD.|DAIHATSU MOTOR CO.,LTD. OSAKA JAPAN",
}
_ENGINES = {
    "Toyota": "1NZ|2ZR|1AZ|3S|2JZ|1KD|2AZ|1ZZ|1G",
    "Nissan": "QG15|HR15|MR20|QR25|VQ35|SR20|RB25",
    "Honda": "L13A|L15A|K20A|K24A|D15B|R18A",
    "Mitsubishi": "4G15|4G63|4B11|6G72|4G93",
    "Mazda": "ZY|ZJ|LF|L3|FS|PE",
    "Subaru": "EJ20|EJ15|FB20|EZ30|FA20",
    "Suzuki": "M13A|M15A|K6A|J20A|R06A",
    "Daihatsu": "EF|K3|KF|1KR",
}
_PREFIXES = "DBA-|CBA-|UA-|GH-|E-|TA-|LA-|ABA-|DAA-|KE-||"
_AUCTIONS = "USS TOKYO|USS NAGOYA|TAA KINKI|HAA KOBE|JU AICHI|CAA CHUBU|ARAI OYAMA|BAYAUC|NPS OSAKA"
_RU_MAKES = {
    "ru": "LADA GRANTA|LADA VESTA|LADA 211440|VOLKSWAGEN POLO|KIA RIO|HYUNDAI SOLARIS|RENAULT LOGAN",
    "asia": "TOYOTA RAV4|NISSAN QASHQAI|MAZDA CX-5|MITSUBISHI OUTLANDER|KIA SPORTAGE|HYUNDAI CRETA",
    "eu": "VOLKSWAGEN TIGUAN|BMW X5|MERCEDES-BENZ E200|AUDI A6|OPEL ASTRA|SKODA OCTAVIA",
    "cd": "FORD EXPLORER|CHEVROLET TAHOE|JEEP GRAND CHEROKEE|TOYOTA CAMRY|CHERY TIGGO 7 PRO|HAVAL JOLION",
}
_RU_PLATE = "АВЕКМНОРСТУХ"
_LABEL_BRANDS: dict[str, tuple[str, str, RGB]] = {
    "toyota": ("TOYOTA", "GENUINE PARTS", (200, 20, 30)),
    "nissan": ("NISSAN", "GENUINE PARTS", (40, 40, 40)),
    "hyundai": ("MOBIS", "HYUNDAI / KIA GENUINE PARTS", (0, 60, 140)),
    "vag": ("Volkswagen", "Original Teile", (0, 50, 120)),
    "renault": ("RENAULT", "PIECES D'ORIGINE", (235, 185, 0)),
    "bmw": ("BMW", "Original BMW Teile", (0, 100, 180)),
    "mercedes": ("Mercedes-Benz", "Genuine Parts", (50, 50, 50)),
    "mazda": ("MAZDA", "GENUINE PARTS", (30, 30, 30)),
    "mitsubishi": ("MITSUBISHI MOTORS", "GENUINE PARTS", (200, 0, 0)),
}
_PART_NAMES = "FILTER SUB-ASSY, OIL|ELEMENT KIT, OIL FILTER|PLUG, SPARK|PAD KIT, DISC BRAKE, FR|BELT, V-RIBBED|SENSOR, OXYGEN|GASKET, CYLINDER HEAD|ELEMENT, AIR CLEANER|PUMP ASSY, WATER|Ölfilter / Oil filter|Bremsbelagsatz|FILTRE A HUILE|Фильтр масляный|Колодки тормозные передние"


@dataclass
class _Card:
    """A flat thing to photograph: its pixels (or, for a punched stamp, only a depth map struck into the
    scene's surface), the box around the identifier, and boxes an occluder must leave alone."""

    rgb: np.ndarray | None
    ident: Box
    cap: float
    scene: str
    alpha: np.ndarray | None = None
    relief: np.ndarray | None = None
    keep: list[Box] = field(default_factory=list)
    shadow: bool = True
    glossy: bool = False
    screen: bool = False
    glass: bool = False


def _pick(rng: Rng, options: str) -> str:
    return rng.choice(options.split("|"))


def _color(rng: Rng, options: str) -> RGB:
    """One of "r g b|r g b|..." (0..255)."""
    r, g, b = (int(v) for v in _pick(rng, options).split())
    return r, g, b


def _tint(rng: Rng, options: str) -> np.ndarray:
    return np.array(_color(rng, options), np.float32) / 255


# ---------------------------------------------------------------- identifiers


def _digits(rng: Rng, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def _letters(rng: Rng, n: int) -> str:
    return "".join(rng.choice(_LETTERS) for _ in range(n))


@lru_cache(maxsize=1)
def _wmi_groups() -> dict[str, tuple[str, ...]]:
    groups: dict[str, list[str]] = {"ru": [], "asia": [], "eu": [], "cd": []}
    for wmi in sorted(listed_wmis()):
        if len(wmi) == 3 and not set(wmi) - set(_VIN_CHARS):
            key = "ru" if wmi[0] in "XZ" else "asia" if wmi[0] in "JKM" else "cd" if wmi[0] in "12345L" else "eu"
            groups[key].append(wmi)
    return {key: tuple(wmis) for key, wmis in groups.items() if wmis}


def _make_vin(rng: Rng) -> tuple[str, str]:
    """A VIN and its origin group ("ru", "asia", "eu", or "cd" where the check digit counts)."""
    groups = _wmi_groups()
    weights = {"ru": 40, "asia": 25, "eu": 20, "cd": 15}
    group = rng.choices(list(groups), weights=[weights[g] for g in groups])[0]
    wmi = rng.choice(groups[group])
    vds = "".join(rng.choice(_VIN_CHARS) for _ in range(5))
    chars = list(wmi + vds + "0" + rng.choice("ABCDEFGHJKLMNPRSTVWXY123456789") + rng.choice(_VIN_CHARS) + _digits(rng, 6))
    if wmi[0] in "12345L":
        remainder = sum(CHECK_VALUES[ch] * w for ch, w in zip(chars, CHECK_WEIGHTS, strict=True)) % 11
        chars[8] = "X" if remainder == 10 else str(remainder)
    else:
        chars[8] = rng.choice(_VIN_CHARS)
    vin = "".join(chars)
    assert check_digit_ok(vin) is not False
    return vin, group


@lru_cache(maxsize=1)
def _codes_by_make() -> dict[str, tuple[str, ...]]:
    groups: dict[str, list[str]] = {}
    for code in sorted(model_codes()):
        car = frame_car(code)
        groups.setdefault(car.split()[0] if car else "", []).append(code)
    return {make: tuple(codes) for make, codes in groups.items()}


def _make_frame(rng: Rng) -> tuple[str, str]:
    """A frame number "CODE-0123456" and the maker whose plate style shows it."""
    groups = _codes_by_make()
    if "" in groups and rng.random() < 0.04:  # a code two makers share
        code, make = rng.choice(groups[""]), _pick(rng, "Honda|Subaru|Daihatsu")
    else:
        makes = sorted(m for m in groups if m)
        make = rng.choices(makes, weights=[_MAKE_WEIGHTS.get(m, 5) for m in makes])[0]
        code = rng.choice(groups[make])
    n = _SERIAL_DIGITS.get(make, 6)
    if rng.random() < 0.12:
        n = 13 - n
    serial = rng.choice("0011223456789") + _digits(rng, n - 1)
    if make == "Toyota" and rng.random() < 0.12:
        make = "Daihatsu"  # Daihatsu builds some Toyotas and puts its own plate on them
    return f"{code}-{serial}", make


def _frame_shown(rng: Rng, frame: str) -> str:
    """The frame as printed: the hyphen may be a long dash, a space, a dot, with any spacing."""
    code, serial = frame.split("-")
    sep = rng.choices(["-", " - ", "- ", "–", "—", " ", "  ", ".", " . "], weights=[46, 8, 4, 8, 6, 12, 6, 6, 4])[0]
    return f"{code}{sep}{serial}"


def _part_number(rng: Rng, brand: str) -> str:
    d, a = _digits, _letters
    if brand == "toyota":
        tail = rng.choice([d(rng, 5), "YZZ" + a(rng, 1) + d(rng, 1), d(rng, 2) + a(rng, 1) + d(rng, 2)])
        return f"{_pick(rng, '04152|90915|04465|17801|90919|48510|16100')}-{tail}"
    if brand == "nissan":
        return f"{d(rng, 5)}-{rng.choice([d(rng, 2) + a(rng, 1) + d(rng, 1) + a(rng, 1), a(rng, 2) + d(rng, 3)])}"
    if brand == "hyundai":
        return f"{d(rng, 5)}-{rng.choice([d(rng, 5), d(rng, 1) + a(rng, 2) + d(rng, 2)])}"
    if brand == "vag":
        return d(rng, 1) + a(rng, 1) + d(rng, 7) + rng.choice(["", a(rng, 1), a(rng, 2)])
    if brand == "renault":
        return _pick(rng, "82|77") + d(rng, 8)
    if brand == "bmw":
        return _pick(rng, "11|13|17|31|34|64") + d(rng, 9)
    if brand == "mercedes":
        return "A" + d(rng, 10)
    if brand == "mazda":
        return f"{a(rng, 2)}{d(rng, 2)}-{d(rng, 2)}-{d(rng, 3)}"
    return rng.choice(["MD" + d(rng, 6), "MR" + d(rng, 6), d(rng, 4) + "A" + d(rng, 3)])


# ---------------------------------------------------------------- fonts and drawing


@lru_cache(maxsize=512)
def _font(name: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(_FONT_DIR / name), max(4, size))


@lru_cache(maxsize=64)
def _cap_ratio(name: str) -> float:
    box = _font(name, 200).getbbox("H")
    return (box[3] - box[1]) / 200


def _fsize(name: str, cap: float) -> int:
    return max(4, round(cap / _cap_ratio(name)))


def _paths(spec: str) -> tuple[np.ndarray, ...]:
    return tuple(np.array(part.split(), np.float32).reshape(-1, 2) for part in spec.split("|") if part.strip())


@lru_cache(maxsize=128)
def _glyph_paths(ch: str) -> tuple[np.ndarray, ...]:
    return _paths(_GLYPHS.get(ch.upper(), ""))


@lru_cache(maxsize=256)
def _kanji_paths(ch: str) -> tuple[np.ndarray, ...]:
    if ch in _KANJI:
        return _paths(_KANJI[ch])
    r = random.Random(f"kanji:{ch}")
    boxes = {
        "one": [(0.6, 0.6, 9.4, 9.4)],
        "lr": [(0.4, 0.6, 3.6, 9.4), (4.4, 0.4, 9.6, 9.6)],
        "tb": [(0.6, 0.4, 9.4, 4.0), (0.6, 4.8, 9.4, 9.6)],
    }[_pick(r, "one|lr|lr|tb")]
    paths: list[list[tuple[float, float]]] = []
    for x0, y0, x1, y1 in boxes:
        for _ in range(r.randint(2, 4)):
            t = r.random()
            if t < 0.35:  # a horizontal stroke
                y = r.uniform(y0, y1)
                paths.append([(x0 + r.uniform(0, 1), y), (x1 - r.uniform(0, 1), y)])
            elif t < 0.6:  # a vertical one
                x = r.uniform(x0, x1)
                paths.append([(x, y0 + r.uniform(0, 1)), (x, y1 - r.uniform(0, 1.5))])
            elif t < 0.8:  # a box (口)
                a, b = r.uniform(x0, (x0 + x1) / 2), r.uniform(y0, (y0 + y1) / 2)
                c, d = r.uniform((x0 + x1) / 2, x1), r.uniform((y0 + y1) / 2, y1)
                paths.append([(a, b), (c, b), (c, d), (a, d), (a, b)])
            else:  # a sweep
                paths.append([(r.uniform(x0, x1), y0), (r.choice([x0, x1]), y1)])
    return tuple(np.array(p, np.float32) for p in paths)


def _runs(text: str) -> list[tuple[str, bool]]:
    runs: list[tuple[str, bool]] = []
    for ch in text:
        cjk = ord(ch) >= 0x2E80
        if runs and runs[-1][1] == cjk:
            runs[-1] = (runs[-1][0] + ch, cjk)
        else:
            runs.append((ch, cjk))
    return runs


def _measure(font: str, cap: float, text: str, track: float = 0.0) -> float:
    width = 0.0
    for run, cjk in _runs(text):
        if cjk:
            width += len(run) * cap * 1.4
        elif font in (STROKE, DOTS):
            width += sum((_ADVANCE.get(ch, 5.2) * cap / 6 + track) for ch in run)
        else:
            width += _font(font, _fsize(font, cap)).getlength(run) + track * len(run)
    return width


class _Sheet:
    """A flat thing being drawn: its colours, an ink layer (for plate finishes and punched stamps) and the
    boxes of what must stay readable."""

    def __init__(self, w: float, h: float, color: RGB = (255, 255, 255)) -> None:
        self.w, self.h = max(8, int(w)), max(8, int(h))
        self.img = Image.new("RGB", (self.w, self.h), color)
        self.ink = Image.new("L", (self.w, self.h), 0)
        self.ident: Box = (0, 0, 1, 1)
        self.keep: list[Box] = []

    def draw(self, fill: RGB | None) -> tuple[ImageDraw.ImageDraw, int | RGB]:
        return (ImageDraw.Draw(self.ink), 255) if fill is None else (ImageDraw.Draw(self.img), fill)

    def line(self, pts: list[tuple[float, float]], width: float, fill: RGB | None = None) -> None:
        d, color = self.draw(fill)
        d.line(pts, fill=color, width=max(1, round(width)))

    def rect(self, box: Box, fill: RGB | None = None, width: float = 0.0) -> None:
        d, color = self.draw(fill)
        if width:
            d.rectangle(box, outline=color, width=max(1, round(width)))
        else:
            d.rectangle(box, fill=color)

    def paste(self, x: float, y: float, mask: np.ndarray | Image.Image, fill: RGB | None) -> None:
        m = Image.fromarray(mask) if isinstance(mask, np.ndarray) else mask
        (self.ink if fill is None else self.img).paste(255 if fill is None else fill, (round(x), round(y)), m)

    def text(
        self, x: float, y: float, text: str, font: str, cap: float, fill: RGB | None = None, *, mark: str = "",
        track: float = 0.0, hand: Rng | None = None, anchor: str = "l", weight: float = 0.12,
    ) -> float:  # fmt: skip
        """Draws text with its baseline at y from x ("m": centred on x, "r": ending at x); returns the right
        end. mark="ident" records the identifier's box, mark="keep" a box occluders must spare."""
        if anchor != "l":
            x -= _measure(font, cap, text, track) * (1.0 if anchor == "r" else 0.5)
        x0 = x
        for run, cjk in _runs(text):
            if cjk:
                x = self._kanji(x, y, run, cap, fill, hand)
            elif font in (STROKE, DOTS):
                x = self._strokes(x, y, run, cap, fill, track, font == DOTS, weight)
            elif hand is not None or track:
                x = self._chars(x, y, run, font, cap, fill, track, hand)
            else:
                d, color = self.draw(fill)
                f = _font(font, _fsize(font, cap))
                d.text((x, y), run, font=f, fill=color, anchor="ls")
                x += f.getlength(run)
        if mark:
            pad = cap * 0.3
            box = (x0 - pad, y - cap * 1.15 - pad, x + pad, y + pad)
            self.keep.append(box)
            if mark == "ident":
                self.ident = box
        return x

    def _chars(
        self, x: float, y: float, s: str, font: str, cap: float, fill: RGB | None, track: float, hand: Rng | None
    ) -> float:
        d, color = self.draw(fill)
        base = _fsize(font, cap)
        for ch in s:
            if hand is None:
                f = _font(font, base)
                d.text((x, y), ch, font=f, fill=color, anchor="ls")
                x += f.getlength(ch) + track
                continue
            size = max(4, round(base * hand.uniform(0.9, 1.12)))  # handwriting: every letter its own size and tilt
            f = _font(font, size)
            if ch != " ":
                glyph = Image.new("L", (int(f.getlength(ch) + size), int(size * 1.7)), 0)
                ImageDraw.Draw(glyph).text((size / 2, size * 1.2), ch, font=f, fill=255, anchor="ls")
                glyph = glyph.rotate(hand.uniform(-8, 8), resample=Image.Resampling.BICUBIC)
                self.paste(x - size / 2, y - size * 1.2 + hand.uniform(-0.09, 0.09) * cap, glyph, fill)
            x += f.getlength(ch) * hand.uniform(0.92, 1.12) + track
        return x

    def _strokes(
        self, x: float, y: float, s: str, cap: float, fill: RGB | None, track: float, dots: bool, weight: float
    ) -> float:
        unit, width = cap / 6, max(1.0, cap * weight)
        pad = int(width * 2 + 3)
        mask = np.zeros((int(cap * 1.1 + 2 * pad + 1), int(_measure(STROKE, cap, s, track) + cap + 2 * pad + 1)), np.uint8)
        cx = float(pad)
        for ch in s:
            for path in _glyph_paths(ch):
                pts = np.column_stack((cx + path[:, 0] * unit, pad + path[:, 1] * unit))
                if not dots:
                    cv2.polylines(mask, [np.round(pts * 16).astype(np.int32)], False, 255, round(width), cv2.LINE_AA, 4)
                    continue
                where = np.concatenate(([0.0], np.cumsum(np.hypot(*np.diff(pts, axis=0).T))))
                along = np.arange(0.0, where[-1] + 0.01, max(1.0, unit * 0.95))
                for px, py in zip(np.interp(along, where, pts[:, 0]), np.interp(along, where, pts[:, 1]), strict=True):
                    cv2.circle(mask, (round(px * 16), round(py * 16)), round(width * 0.62 * 16), 255, -1, cv2.LINE_AA, 4)
            cx += _ADVANCE.get(ch, 5.2) * unit + track
        self.paste(x - pad, y - cap - pad, mask, fill)
        return x + cx - pad

    def _kanji(self, x: float, y: float, s: str, cap: float, fill: RGB | None, hand: Rng | None) -> float:
        size, width = cap * 1.3, max(1, round(cap * 0.11))
        pad = width + 3
        mask = np.zeros((int(size + 2 * pad + 1), int(len(s) * cap * 1.4 + 2 * pad + 1)), np.uint8)
        for i, ch in enumerate(s):
            jx, jy = (hand.uniform(-0.4, 0.4), hand.uniform(-0.5, 0.5)) if hand else (0.0, 0.0)
            for path in _kanji_paths(ch):
                pts = np.column_stack((pad + i * cap * 1.4 + (path[:, 0] + jx) * size / 10, pad + (path[:, 1] + jy) * size / 10))
                cv2.polylines(mask, [np.round(pts * 16).astype(np.int32)], False, 255, width, cv2.LINE_AA, 4)
        self.paste(x - pad, y + size * 0.12 - size - pad, mask, fill)
        return x + len(s) * cap * 1.4

    def barcode(self, x: float, y: float, w: float, h: float, seed: str, fill: RGB | None = (0, 0, 0)) -> None:
        r = random.Random(f"bars:{seed}")
        module = max(1.0, w / 110)
        d, color = self.draw(fill)
        pos = x
        for i, bar in enumerate([1, 1, 1, *(r.randint(1, 4) for _ in range(200))]):
            if pos + bar * module > x + w - 3 * module:
                break
            if i % 2 == 0:
                d.rectangle((pos, y, pos + bar * module - 1, y + h), fill=color)
            pos += bar * module
        d.rectangle((x + w - 3 * module, y, x + w - 2 * module - 1, y + h), fill=color)

    def matrix(self, x: float, y: float, size: float, seed: str) -> None:
        """A QR-like square: three finder patterns and random modules."""
        r, n, d = random.Random(f"qr:{seed}"), 21, ImageDraw.Draw(self.img)
        cell = size / n
        for i in range(n):
            for j in range(n):
                if (i < 7 or i >= n - 7) and (j < 7 or j >= n - 7) and not (i >= n - 7 and j >= n - 7):
                    a, b = i if i < 7 else i - (n - 7), j if j < 7 else j - (n - 7)
                    on = max(abs(a - 3), abs(b - 3)) != 2
                else:
                    on = r.random() < 0.5
                if on:
                    d.rectangle((x + j * cell, y + i * cell, x + (j + 1) * cell - 1, y + (i + 1) * cell - 1), fill=(0, 0, 0))

    def array(self) -> np.ndarray:
        return np.asarray(self.img, np.float32) / 255

    def card(
        self, cap: float, scene: str, alpha: np.ndarray | None = None, rgb: np.ndarray | None = None, **flags: bool
    ) -> _Card:
        rgb = self.array() if rgb is None else rgb
        return _Card(rgb=rgb, ident=self.ident, cap=cap, scene=scene, alpha=alpha, keep=list(self.keep), **flags)


def _guilloche(sheet: _Sheet, rng: Rng, color: RGB, lines: int) -> None:
    """The wavy security pattern of a form."""
    d = ImageDraw.Draw(sheet.img)
    xs = np.linspace(0, sheet.w, 160)
    wave, amp = sheet.w / rng.uniform(3, 7), sheet.h / rng.uniform(8, 16)
    for i in range(lines):
        ys = sheet.h * i / lines + amp * np.sin(2 * np.pi * xs / wave + i * 0.35) + amp * 0.4 * np.sin(xs / wave * 17 - i * 0.2)
        d.line(list(zip(xs.tolist(), ys.tolist(), strict=True)), fill=color, width=1)


def _rounded_alpha(h: int, w: int, radius: float) -> np.ndarray:
    alpha = np.zeros((h, w), np.uint8)
    r = max(1, int(radius))
    cv2.rectangle(alpha, (r, 0), (w - 1 - r, h - 1), 255, -1)
    cv2.rectangle(alpha, (0, r), (w - 1, h - 1 - r), 255, -1)
    for cx, cy in ((r, r), (w - 1 - r, r), (r, h - 1 - r), (w - 1 - r, h - 1 - r)):
        cv2.circle(alpha, (cx, cy), r, 255, -1, cv2.LINE_AA)
    return alpha


def _smooth_noise(nrng: NRng, h: int, w: int, cell: float) -> np.ndarray:
    gh, gw = max(2, int(h / cell) + 2), max(2, int(w / cell) + 2)
    return cv2.resize(nrng.standard_normal((gh, gw)).astype(np.float32), (w, h), interpolation=cv2.INTER_CUBIC)


def _shade(height: np.ndarray, angle: float, sigma: float) -> np.ndarray:
    """How a relief (0 flat .. 1 deep) catches light from `angle`: about -1 .. 1 on its walls."""
    gx = cv2.Sobel(height, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(height, cv2.CV_32F, 0, 1, ksize=3)
    return (gx * math.cos(angle) + gy * math.sin(angle)) * (sigma * 2.5 / 8)


# ---------------------------------------------------------------- plates (model plates, VIN plates, stickers)


def _plate(
    rng: Rng, nrng: NRng, cap: float, header: list[str], rows: list[tuple[str, str]], ident_row: int, *, material: str,
    scene: str, worn: float = 0.0, barcode: str | None = None, font: str | None = None,
) -> _Card:  # fmt: skip
    """A riveted plate or a sticker: a header, rows of label and value, the identifier on one row."""
    font = font or rng.choice([STROKE, STROKE, *_SANS, *_BOLD, *_NARROW, *_MONO])
    label_font = rng.choice([font, *_SANS, *_NARROW]) if font != DOTS else rng.choice(_SANS)
    layout = _pick(rng, "cols|cols|inline|stacked|grid")
    track = cap * (rng.uniform(0.0, 0.3) if font in (STROKE, DOTS) else rng.choice([0.0, 0.0, 0.08, 0.15]))
    weight = rng.uniform(0.09, 0.16)
    caps = [cap if i == ident_row else cap * rng.uniform(0.62, 1.0) for i in range(len(rows))]
    lcap, hcap = cap * rng.uniform(0.5, 0.8), cap * rng.uniform(0.5, 0.8)
    margin, gap = cap * rng.uniform(1.1, 1.8), cap * rng.uniform(0.7, 1.4)
    lws = [_measure(label_font, lcap, lab) for lab, _ in rows]
    vws = [_measure(font, c, val, track) for (_, val), c in zip(rows, caps, strict=True)]
    if layout == "inline":
        body_w = max(lw + gap + vw for lw, vw in zip(lws, vws, strict=True))
    else:
        body_w = max(max(lws), max(vws)) if layout == "stacked" else max(lws) + gap * 2 + max(vws)
    head_w = max((_measure(label_font, hcap, line) for line in header), default=0.0)
    line_h = cap * rng.uniform(1.75, 2.3) * (1.7 if layout == "stacked" else 1.0)
    w = margin * 2 + max(body_w, head_w)
    sheet = _Sheet(w, margin * 2 + len(header) * hcap * 1.9 + len(rows) * line_h + (cap * 3.2 if barcode else 0), (0, 0, 0))
    y = margin + hcap
    for line in header:
        sheet.text(w / 2, y, line, label_font, hcap, anchor="m")
        y += hcap * 1.9
    if header:
        sheet.line([(margin * 0.6, y - hcap * 0.9), (w - margin * 0.6, y - hcap * 0.9)], max(1, cap * 0.07))
    top, col = y - hcap * 0.9, margin + max(lws) + gap * 2
    for i, (label, value) in enumerate(rows):
        base, mark = y + (line_h + caps[i]) / 2 - cap * 0.25, "ident" if i == ident_row else ""
        if layout == "stacked":
            sheet.text(margin, y + lcap + cap * 0.3, label, label_font, lcap)
            sheet.text(margin, y + line_h - cap * 0.55, value, font, caps[i], mark=mark, track=track, weight=weight)
        else:
            end = sheet.text(margin, base, label, label_font, lcap)
            sheet.text(
                end + gap if layout == "inline" else col, base, value, font, caps[i], mark=mark, track=track, weight=weight
            )
        if layout == "grid":
            sheet.line([(margin * 0.6, y + line_h), (w - margin * 0.6, y + line_h)], max(1, cap * 0.06))
        y += line_h
    if layout == "grid":
        sheet.line([(col - gap, top), (col - gap, y)], max(1, cap * 0.06))
    if barcode:
        sheet.barcode(margin, y + cap * 0.4, w - 2 * margin, cap * 2.2, barcode, None)
    return _finish_plate(rng, nrng, sheet, cap, material, scene, worn)


def _finish_plate(rng: Rng, nrng: NRng, sheet: _Sheet, cap: float, material: str, scene: str, worn: float) -> _Card:
    """Turns the ink of a plate into print, engraving, embossing or bare metal through anodising; wears it."""
    h, w = sheet.h, sheet.w
    ink = np.asarray(sheet.ink, np.float32) / 255
    light = rng.uniform(0, 2 * math.pi)
    if material == "sticker":
        base = np.ones((h, w, 3), np.float32) * _tint(rng, "242 242 237|230 232 235|245 237 210")
        base *= (1 + 0.02 * _smooth_noise(nrng, h, w, cap * 3))[..., None]
        color, finish = _tint(rng, "13 13 15|25 30 76|50 50 50"), "print"
        ink = cv2.GaussianBlur(ink, (0, 0), max(0.3, cap * 0.02))
    else:
        tint = {"alu": (0.78, 0.79, 0.8), "gold": (0.78, 0.66, 0.4), "dark": (0.13, 0.13, 0.15), "blue": (0.16, 0.22, 0.38)}[
            material
        ]
        streak = cv2.resize(nrng.standard_normal((h, max(2, w // 50))).astype(np.float32), (w, h))  # brushed metal
        ramp = np.linspace(-1, 1, w, dtype=np.float32)[None, :] * nrng.uniform(-0.08, 0.08)
        shade = 1 + rng.uniform(0.01, 0.05) * streak + ramp + 0.03 * _smooth_noise(nrng, h, w, max(h, w) / 4)
        base = np.clip(np.array(tint, np.float32) * shade[..., None], 0, 1)
        color = _tint(rng, "13 13 13|30 25 23|50 50 56")
        finish = "reverse" if material in ("dark", "blue") else _pick(rng, "engrave|engrave|print|emboss")
    if worn:
        erosion = np.clip(0.55 + 0.5 * _smooth_noise(nrng, h, w, cap * 0.4) + 0.3 * _smooth_noise(nrng, h, w, cap * 3), 0, 1)
        ink = ink * (1 - worn * erosion)
    m = ink[..., None]
    if finish == "print":
        out = base * (1 - m) + color * m
    elif finish == "reverse":
        out = base * (1 - m) + np.array((0.82, 0.83, 0.84), np.float32) * m
        out += _shade(-cv2.GaussianBlur(ink, (0, 0), cap * 0.04), light, cap * 0.04)[..., None] * 0.25
    else:
        engraved = finish == "engrave"
        groove = cv2.GaussianBlur(ink, (0, 0), max(0.5, cap * 0.035)) * (1.0 if engraved else -1.0)
        out = base * (1 - (rng.uniform(0.35, 0.7) if engraved else 0.08) * m)
        out += _shade(groove, light, cap * 0.035)[..., None] * (rng.uniform(0.3, 0.5) if engraved else rng.uniform(0.6, 0.9))
    if worn:
        scratches = np.zeros((h, w), np.uint8)
        for _ in range(int(20 + worn * 60)):
            x0, y0, length = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(1, 8) * cap
            ang = rng.uniform(-0.5, 0.5) + rng.choice([0, math.pi / 2])
            end = (int(x0 + length * math.cos(ang)), int(y0 + length * math.sin(ang)))
            cv2.line(scratches, (int(x0), int(y0)), end, 255, 1, cv2.LINE_AA)
        out = out + (scratches[..., None] / 255.0) * rng.uniform(0.05, 0.18)
        blot = np.clip(_smooth_noise(nrng, h, w, cap * 1.5) - 0.8, 0, 1)[..., None]  # white oxide
        out = out * (1 - 0.4 * blot) + np.array((0.85, 0.85, 0.8), np.float32) * 0.4 * blot
        out *= 1 - 0.25 * np.clip(_smooth_noise(nrng, h, w, cap * 5), 0, 1)[..., None] * np.array((0.6, 0.8, 1.0), np.float32)
    if material != "sticker" and rng.random() < 0.75:  # rivets
        r, c = cap * 0.32, cap * 0.6
        spots = [(c, h / 2), (w - c, h / 2)] if rng.random() < 0.5 else [(c, c), (w - c, c), (c, h - c), (w - c, h - c)]
        for cx, cy in spots:
            cv2.circle(out, (int(cx), int(cy)), int(r), (0.45, 0.45, 0.45), -1, cv2.LINE_AA)
            cv2.circle(out, (int(cx - r * 0.25), int(cy - r * 0.25)), int(r * 0.6), (0.9, 0.9, 0.9), -1, cv2.LINE_AA)
    alpha = _rounded_alpha(h, w, cap * rng.uniform(0.1, 0.8))
    glossy = material == "sticker" or rng.random() < 0.4
    return sheet.card(cap, scene, alpha, np.clip(out, 0, 1), glossy=glossy, shadow=material == "sticker")


def _frame_plate(rng: Rng, nrng: NRng, cap: float, style: str = "plate") -> tuple[_Card, Ids]:
    """A maker's model plate (or, with `style`, a door-jamb sticker or a worn old plate)."""
    frame, make = _make_frame(rng)
    code, engines = frame.split("-")[0], _ENGINES.get(make, _ENGINES["Toyota"])
    jp = rng.random() < 0.4 or (make in ("Honda", "Nissan") and rng.random() < 0.4)  # kanji labels
    fields = [
        ("型式" if jp else "MODEL", _pick(rng, _PREFIXES) + code),
        ("原動機の型式" if jp else "ENGINE", _pick(rng, engines)),
        ("COLOR/TRIM", f"{_pick(rng, '040|1F7|202|3R3|070|QM1|NH624P|B5|KH3')}/{_pick(rng, 'FB20|FA13|LC12|EA10|A1')}"),
        ("TRANS/AXLE", f"{_pick(rng, 'U341E|A245E|CVT|K310|RE0F10A|5MT|U660E')}/{_pick(rng, '--|G02|F35|A91')}"),
        ("工場" if jp else "PLANT", _pick(rng, "TAKAOKA|TSUTSUMI|OPPAMA|SUZUKA|HOFU|KOSAI|1|13|A2")),
        ("総排気量" if jp else "DISPLACEMENT", f"{rng.choice([0.65, 1.33, 1.49, 1.79, 1.99, 2.36, 2.49, 3.46]):.2f} L"),
        ("TYPE", _pick(rng, "AEXGK|HBNUR|EBPNF|FVE-B|A")),
    ]
    rows = rng.sample(fields, rng.randint(1, 5))
    labels = ["車台番号", "FRAME NO.", "FRAME No.", "CHASSIS No.", "CHASSIS NO.", "車台番号 FRAME NO.", "FRAME", ""]
    pos = rng.randint(0, len(rows))
    rows.insert(pos, (rng.choices(labels, weights=[18, 16, 8, 12, 6, 8, 6, 12])[0], _frame_shown(rng, frame)))
    header = [_pick(rng, _HEADERS[make])] if rng.random() < 0.85 else []
    if rng.random() < 0.3:
        header.append(_pick(rng, "MADE IN JAPAN|JAPAN|日本製"))
    if style == "sticker":
        material, scene, worn = "sticker", _pick(rng, "door|door|metal"), 0.0
    else:
        material = rng.choices(["alu", "gold", "dark", "blue"], weights=[55, 15, 20, 10])[0]
        scene, worn = _pick(rng, "engine|metal|door"), rng.uniform(0.25, 0.55) if style == "worn" else 0.0
    barcode = frame if style == "sticker" and rng.random() < 0.6 else None
    card = _plate(rng, nrng, cap, header, rows, pos, material=material, scene=scene, worn=worn, barcode=barcode)
    return card, (None, frame, ())


def _stamp(rng: Rng, text: str, cap: float) -> _Card:
    """Characters punched (or dot-peened) into the body: only their depth, struck into the scene later."""
    font = rng.choice([STROKE, STROKE, STROKE, DOTS, *_BOLD, _NARROW[1], _MONO[1], _MONO[3]])
    track = cap * rng.uniform(0.05, 0.35)
    sheet = _Sheet(_measure(font, cap, text, track) + cap * 3, cap * 3.4, (0, 0, 0))
    sheet.text(cap * 1.5, cap * 2.2, text, font, cap, mark="ident", track=track, weight=rng.uniform(0.1, 0.17))
    depth = cv2.GaussianBlur(np.asarray(sheet.ink, np.float32) / 255, (0, 0), max(0.6, cap * rng.uniform(0.03, 0.06)))
    return _Card(rgb=None, ident=sheet.ident, cap=cap, scene="metal", relief=depth, keep=list(sheet.keep), shadow=False)


def _frame_stamp(rng: Rng, nrng: NRng, cap: float) -> tuple[_Card, Ids]:
    frame, _ = _make_frame(rng)
    return _stamp(rng, _frame_shown(rng, frame), cap), (None, frame, ())


def _frame_sticker(rng: Rng, nrng: NRng, cap: float) -> tuple[_Card, Ids]:
    return _frame_plate(rng, nrng, cap, "sticker")


def _frame_worn(rng: Rng, nrng: NRng, cap: float) -> tuple[_Card, Ids]:
    return _frame_plate(rng, nrng, cap, "worn")


# ---------------------------------------------------------------- Japanese documents


def _grid(
    sheet: _Sheet, rng: Rng, x0: float, y0: float, width: float, rows: list[list[tuple[str, str, int]]], cap: float,
    ident: str, *, line: RGB, ink: RGB, font: str, hand: Rng | None = None, row_h: float = 3.0,
) -> float:  # fmt: skip
    """Rows of boxed cells, a small label at the top of each and its value below; returns the bottom."""
    y = y0
    for row in rows:
        units, x = sum(span for _, _, span in row), x0
        for label, value, span in row:
            cw = width * span / units
            sheet.rect((x, y, x + cw, y + row_h * cap), line, width=max(1, cap * 0.07))
            sheet.text(x + cap * 0.3, y + cap * 0.85, label, rng.choice(_SANS), cap * 0.5, line)
            is_ident = value == ident
            writes = hand if is_ident or rng.random() < 0.5 else None
            vfont, vcap = rng.choice(_HAND) if hand else font, cap if is_ident else cap * 0.85
            sheet.text(
                x + cap * 0.5, y + row_h * cap - cap * 0.6, value, vfont, vcap, ink, mark="ident" if is_ident else "", hand=writes
            )
            x += cw
        y += row_h * cap
    return y


def _frame_auction(rng: Rng, nrng: NRng, cap: float) -> tuple[_Card, Ids]:
    """An auction sheet: a grid of printed or hand-written cells, the inspector's notes, a damage map."""
    frame, make = _make_frame(rng)
    shown, u = _frame_shown(rng, frame), cap
    w, h = u * rng.uniform(44, 52), u * rng.uniform(52, 62)
    sheet = _Sheet(w, h, _color(rng, "250 250 246|246 243 230|236 242 250|250 240 238"))
    line, ink = _color(rng, "40 60 140|35 35 35|170 40 40|40 110 70"), _color(rng, "20 20 25|20 40 140|30 30 30")
    sheet.rect((u, u, w - u, 4.2 * u), line)
    sheet.text(1.6 * u, 3.2 * u, _pick(rng, _AUCTIONS), rng.choice(_BOLD), 1.3 * u, (255, 255, 255))
    sheet.text(
        w - 1.6 * u, 3.2 * u, f"出品番号 {rng.randint(10, 99999)}", rng.choice(_BOLD), 1.1 * u, (255, 255, 255), anchor="r"
    )
    car = (frame_car(frame) or f"{make} car").upper()
    hand = rng if rng.random() < 0.5 else None
    code, km = _pick(rng, _PREFIXES) + frame.split("-")[0], f"{rng.randint(8, 190)},{rng.randint(0, 999):03d} km"
    rows = [
        [("車名 CAR NAME", car.split(" ", 1)[-1], 3), ("評価点", _pick(rng, "4.5|4|3.5|R|5"), 1)],
        [("年式", _pick(rng, "H19|H24|H16|R2|H28"), 1), ("型式", code, 2), ("排気量", _pick(rng, "660|1300|1500|1800|2400"), 1)],
        [
            (_pick(rng, "車台番号|車台番号 CHASSIS|車台No.|FRAME"), shown, 3),
            ("色", _pick(rng, "PEARL|SILVER|パール|BLACK|白"), 1),
        ],
        [("走行", km, 2), ("シフト", _pick(rng, "FAT|CVT|F5|IA"), 1), ("内装", rng.choice("ABCD"), 1)],
    ]
    rng.shuffle(rows)
    bottom = _grid(
        sheet, rng, u, 5.5 * u, w - 2 * u, rows, u, shown, line=line, ink=ink, font=rng.choice(_SANS + _MONO), hand=hand
    )
    for i in range(rng.randint(3, 6)):  # the inspector's notes
        words = "".join(rng.choice(_KANJI_NOISE) for _ in range(rng.randint(3, 8)))
        sheet.text(1.4 * u, bottom + (2.4 + 2.1 * i) * u, words, STROKE, 0.75 * u, ink, hand=rng)
    dx, dy, dw, dh = w * 0.55, bottom + 1.2 * u, w * 0.4 - u, h - bottom - 2.5 * u
    if dh > 4 * u:  # the car seen from above, with damage codes
        d, lw = ImageDraw.Draw(sheet.img), max(1, round(u * 0.08))
        d.rounded_rectangle((dx + dw * 0.2, dy, dx + dw * 0.8, dy + dh), radius=dw * 0.15, outline=line, width=lw)
        d.rectangle((dx + dw * 0.27, dy + dh * 0.25, dx + dw * 0.73, dy + dh * 0.4), outline=line, width=lw)
        for wy in (0.18, 0.78):
            d.rectangle((dx + dw * 0.1, dy + dh * wy, dx + dw * 0.2, dy + dh * (wy + 0.1)), fill=line)
            d.rectangle((dx + dw * 0.8, dy + dh * wy, dx + dw * 0.9, dy + dh * (wy + 0.1)), fill=line)
        for _ in range(rng.randint(2, 6)):
            x, y = dx + rng.uniform(0.2, 0.7) * dw, dy + rng.uniform(0.1, 0.95) * dh
            sheet.text(x, y, _pick(rng, "A1|A2|U1|U2|W1|S1|XX|B2|E"), rng.choice(_HAND), 0.8 * u, (200, 30, 30), hand=rng)
    return sheet.card(cap, _pick(rng, "table|table|desk")), (None, frame, ())


def _frame_cert(rng: Rng, nrng: NRng, cap: float) -> tuple[_Card, Ids]:
    """An export certificate: the English translation, or the Japanese original on a patterned form."""
    frame, make = _make_frame(rng)
    shown, u, code = _frame_shown(rng, frame), cap, frame.split("-")[0]
    year, month, engine = rng.randint(1998, 2019), rng.randint(1, 12), _pick(rng, _ENGINES.get(make, _ENGINES["Toyota"]))
    size = f"{rng.randint(340, 490)} cm|{rng.randint(147, 185)} cm|{rng.randint(140, 195)} cm".split("|")
    if rng.random() < 0.5:
        rows = [
            ("Registration No.", f"Shinagawa 300 {rng.choice('SAKU')} {rng.randint(10, 99)}-{rng.randint(10, 99)}"),
            ("Date of Registration", f"{year + rng.randint(3, 8)}/{month:02d}/{rng.randint(1, 28):02d}"),
            ("Date of First Registration", f"{year}/{month:02d}"),
            ("Car Name", make.upper()),
            (_pick(rng, "Chassis No.|Frame No.|Car Body No.|車台番号 Chassis No."), shown),
            ("Model", _pick(rng, _PREFIXES) + code),
            ("Engine Model", engine),
            ("Capacity", f"{rng.choice([4, 5, 7, 8])} persons"),
            ("Weight", f"{rng.randint(80, 190) * 10} kg"),
            ("Length", size[0]),
            ("Width", size[1]),
            ("Height", size[2]),
            ("Displacement", f"{rng.choice([0.65, 1.49, 1.79, 1.99, 2.36, 3.45]):.2f} L"),
            ("Type of Fuel", _pick(rng, "GASOLINE|DIESEL|GASOLINE/ELECTRIC")),
            ("Type of Body", _pick(rng, "SEDAN|STATION WAGON|BOX TYPE|HATCHBACK")),
            ("Owner's Name", _pick(rng, "TOYOTA FINANCE CORPORATION|SUZUKI TARO|ORIX AUTO CORP.")),
            ("Export Scheduled Date", f"{year + rng.randint(8, 12)}/{rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}"),
        ]
        w, lab_w, row_h = u * rng.uniform(40, 46), u * rng.uniform(13, 16), u * rng.uniform(1.9, 2.4)
        sheet = _Sheet(w, u * 15 + len(rows) * row_h, _color(rng, "252 252 250|248 247 240"))
        tfont, vfont, grey = rng.choice(_SERIF), rng.choice(_SANS + _SERIF + _MONO), (60, 60, 60)
        title = _pick(rng, "EXPORT CERTIFICATE|CERTIFICATE OF EXPORT DEREGISTRATION")
        sheet.text(w / 2, 3 * u, title, tfont, 1.1 * u, (20, 20, 20), anchor="m")
        sheet.text(w / 2, 5 * u, "(Translation)", tfont, 0.6 * u, (40, 40, 40), anchor="m")
        y = 7 * u
        for label, value in rows:
            sheet.rect((u, y, w - u, y + row_h), grey, width=max(1, u * 0.05))
            sheet.line([(u + lab_w, y), (u + lab_w, y + row_h)], max(1, u * 0.05), grey)
            vcap, mark = (u, "ident") if value == shown else (u * 0.75, "")
            sheet.text(1.5 * u, y + row_h * 0.68, label, rng.choice(_SANS), u * 0.6, (30, 30, 30))
            sheet.text(1.6 * u + lab_w, y + row_h * 0.5 + vcap * 0.5, value, vfont, vcap, (10, 10, 10), mark=mark)
            y += row_h
        bureau = "Kanto District Transport Bureau, Ministry of Land, Infrastructure, Transport and Tourism"
        sheet.text(u, y + 2 * u, bureau, rng.choice(_SANS), 0.5 * u, (40, 40, 40))
        seal_at = (w - 6 * u, y + 4 * u)
    else:
        sheet = _Sheet(u * rng.uniform(46, 52), u * rng.uniform(34, 40), _color(rng, "226 240 226|236 244 226|240 240 230"))
        _guilloche(sheet, rng, (196, 222, 196), rng.randint(30, 60))
        sheet.text(sheet.w / 2, 3.2 * u, "輸出抹消仮登録証明書", STROKE, 1.3 * u, (30, 60, 30), anchor="m")
        day = f"{month}月{rng.randint(1, 28)}日"
        rows_jp = [
            [
                ("登録番号", f"品川 300 さ {rng.randint(10, 99)}-{rng.randint(10, 99)}", 2),
                ("登録年月日", f"平成{rng.randint(10, 30)}年{day}", 2),
            ],
            [("初度登録年月", f"平成{rng.randint(10, 30)}年{month}月", 2), ("自動車の種別", "普通", 1), ("用途", "乗用", 1)],
            [("車名", make.upper(), 1), (_pick(rng, "車台番号|車台番号|車台番号 CHASSIS No."), shown, 3)],
            [("型式", _pick(rng, _PREFIXES) + code, 2), ("原動機の型式", engine, 1), ("燃料", "ガソリン", 1)],
            [
                ("長さ", size[0], 1),
                ("幅", size[1], 1),
                ("高さ", size[2], 1),
                ("総排気量", f"{rng.choice([1.49, 2.49]):.2f} L", 1),
            ],
            [("所有者の氏名又は名称", _pick(rng, "トヨタファイナンス株式会社|鈴木 太郎"), 4)],
        ]
        rng.shuffle(rows_jp)
        font, row_h = rng.choice(_MONO + _SANS), rng.uniform(2.8, 3.4)
        y = _grid(
            sheet, rng, u, 5 * u, sheet.w - 2 * u, rows_jp, u, shown, line=(40, 90, 50), ink=(15, 15, 15), font=font, row_h=row_h
        )
        seal_at = (sheet.w - 6 * u, min(sheet.h - 4 * u, y + 3 * u))
    seal = np.zeros((int(6 * u), int(6 * u)), np.uint8)  # the red seal of the bureau
    cv2.circle(seal, (int(3 * u), int(3 * u)), int(2.6 * u), 200, max(1, int(u * 0.2)), cv2.LINE_AA)
    for i, ch in enumerate("運輸局長"):
        for path in _kanji_paths(ch):
            pts = np.column_stack(
                (u * (1.6 + (i % 2) * 1.5) + path[:, 0] * u * 0.13, u * (1.6 + (i // 2) * 1.5) + path[:, 1] * u * 0.13)
            )
            cv2.polylines(seal, [np.round(pts).astype(np.int32)], False, 200, max(1, int(u * 0.12)), cv2.LINE_AA)
    sheet.paste(seal_at[0] - 3 * u, seal_at[1] - 3 * u, seal, (200, 40, 40))
    return sheet.card(cap, _pick(rng, "table|desk")), (None, frame, ())


def _frame_screen(rng: Rng, nrng: NRng, cap: float) -> tuple[_Card, Ids]:
    """An auction or export listing on a monitor, shot with the phone."""
    frame, make = _make_frame(rng)
    shown, u = _frame_shown(rng, frame), cap
    w = u * rng.uniform(50, 60)
    h = w * rng.uniform(0.56, 0.66)
    dark = rng.random() < 0.3
    bg, fg, stripe = ((30, 32, 36), (230, 230, 230), (44, 47, 52)) if dark else ((255, 255, 255), (25, 25, 25), (242, 244, 247))
    accent = _color(rng, "200 30 40|20 90 170|240 140 0|30 130 80")
    sheet = _Sheet(w, h, bg)
    sheet.rect((0, 0, w, 3.5 * u), accent)
    site = _pick(rng, "SakuraAuto Export|JDM Stock Online|AUCTION SEARCH|Japan Car Direct")
    sheet.text(1.5 * u, 2.4 * u, site, rng.choice(_BOLD), 1.1 * u, (255, 255, 255))
    car = frame_car(frame) or f"{make} Car"
    px0, py0, px1, py1 = 1.5 * u, 6.5 * u, w * 0.45, h - 2 * u  # the car's photo
    pw, ph = px1 - px0, py1 - py0
    d = ImageDraw.Draw(sheet.img)
    d.rectangle((px0, py0, px1, py1), fill=_color(rng, "120 140 160|90 100 90|160 160 170"))
    body = (px0 + pw * 0.12, py0 + ph * 0.4, px1 - pw * 0.12, py1 - ph * 0.25)
    d.rounded_rectangle(body, radius=u * 2, fill=_color(rng, "230 230 235|30 30 35|150 20 20|200 200 205"))
    for fx in (0.28, 0.72):
        d.ellipse((px0 + pw * fx - 2 * u, py1 - ph * 0.35, px0 + pw * fx + 2 * u, py1 - ph * 0.35 + 4 * u), fill=(20, 20, 20))
    tx = w * 0.49
    sheet.text(tx, 6.2 * u, f"{car.upper()} {rng.randint(2001, 2019)}", rng.choice(_BOLD), 1.1 * u, fg)
    rows = [
        ("Year", f"{rng.randint(2001, 2019)}/{rng.randint(1, 12):02d}"),
        ("Mileage", f"{rng.randint(8, 190) * 1000:,} km"),
        (_pick(rng, "Chassis No.|Frame No.|Chassis #|VIN/Chassis|Номер кузова"), shown),
        ("Model code", _pick(rng, _PREFIXES) + frame.split("-")[0]),
        ("Engine", _pick(rng, _ENGINES.get(make, _ENGINES["Toyota"]))),
        ("Transmission", _pick(rng, "AT|CVT|MT")),
        ("Color", _pick(rng, "Pearl White|Silver|Black|Blue")),
    ]
    if rng.random() < 0.2:
        rows.insert(0, rows.pop(rng.randint(0, len(rows) - 1)))
    y, font = 8 * u, rng.choice(_SANS)
    for i, (label, value) in enumerate(rows):
        if i % 2 == 0:
            sheet.rect((tx - 0.4 * u, y - 1.5 * u, w - 1.5 * u, y + 0.6 * u), stripe)
        sheet.text(tx, y, label, font, 0.75 * u, (160, 165, 170) if dark else (120, 125, 130))
        vcap, mark = (u, "ident") if value == shown else (0.8 * u, "")
        sheet.text(tx + 10 * u, y, value, font, vcap, fg, mark=mark)
        y += 2.2 * u
    price = _pick(rng, "FOB $ 3,950|¥ 480,000|Price: ASK")
    sheet.text(tx, min(h - 1.5 * u, y + 1.5 * u), price, rng.choice(_BOLD), 1.3 * u, accent)
    return _on_screen(rng, sheet.card(cap, "room")), (None, frame, ())


def _on_screen(rng: Rng, card: _Card) -> _Card:
    """The card as a monitor or a phone shows it: coarse pixels with RGB stripes and dark gaps, glowing, in a bezel."""
    assert card.rgb is not None
    rgb = card.rgb
    if card.alpha is not None:
        a = card.alpha[..., None].astype(np.float32) / 255
        rgb = rgb * a + (1 - a) * np.float32(rng.uniform(0.7, 0.95))
    pitch = rng.choice([2, 3, 3, 4])
    zoom = max(1.0, pitch * 11 / card.cap)  # a capital spans at least 11 screen pixels
    if zoom > 1:
        rgb = cv2.resize(rgb, None, fx=zoom, fy=zoom, interpolation=cv2.INTER_CUBIC)
    h, w = rgb.shape[:2]
    small = cv2.resize(rgb, (w // pitch, h // pitch), interpolation=cv2.INTER_AREA)
    big = cv2.resize(small, (w // pitch * pitch, h // pitch * pitch), interpolation=cv2.INTER_NEAREST)
    hh, ww = big.shape[:2]
    sub = np.zeros((pitch, pitch, 3), np.float32)
    for c in range(3):
        sub[:, c * pitch // 3 : (c + 1) * pitch // 3 or pitch, c] = 1.0
    sub[-1, :, :] *= 0.4
    mix = rng.uniform(0.1, 0.25)
    big = big * (1 - mix) + big * np.tile(sub, (hh // pitch, ww // pitch, 1)) * mix * 2.4
    big = np.clip(big * rng.uniform(0.85, 1.05) + np.array((0.0, 0.01, 0.04), np.float32), 0, 1)
    border = int(max(hh, ww) * rng.uniform(0.02, 0.05))
    out = np.full((hh + 2 * border, ww + 2 * border, 3), rng.uniform(0.02, 0.08), np.float32)
    out[border : border + hh, border : border + ww] = big

    def moved(box: Box) -> Box:
        return box[0] * zoom + border, box[1] * zoom + border, box[2] * zoom + border, box[3] * zoom + border

    keep = [moved(b) for b in card.keep]
    return _Card(
        rgb=out, ident=moved(card.ident), cap=card.cap * zoom, scene="room", keep=keep, screen=True, shadow=False, glossy=True
    )


# ---------------------------------------------------------------- VIN plates, stamped VINs


def _vin_plate(rng: Rng, nrng: NRng, cap: float) -> tuple[_Card, Ids]:
    """A tag behind the windshield, a US door-jamb sticker, a European or Russian maker's plate."""
    vin, group = _make_vin(rng)
    weights = [20, 30 if group == "cd" else 4, 30, 36 if group == "ru" else 10]
    style = rng.choices(["windshield", "us", "eu", "ru"], weights=weights)[0]
    kg = rng.randint(140, 260) * 10
    if style == "windshield":
        font = rng.choice([*_BOLD, _MONO[1], _MONO[3], STROKE])
        card = _plate(rng, nrng, cap, [], [("", vin)], 0, material=_pick(rng, "alu|sticker|dark"), scene="dash", font=font)
        card.glass, card.shadow = True, False
        return card, (vin, None, ())
    if style == "us":
        maker = "MFD BY: FORD MOTOR CO.|MFD. BY GENERAL MOTORS LLC|MANUFACTURED BY: TOYOTA MOTOR MFG.|MFD BY CHRYSLER GROUP LLC"
        header = [_pick(rng, maker), "CONFORMS TO ALL APPLICABLE U.S. FEDERAL MOTOR VEHICLE SAFETY STANDARDS"]
        rows = [
            ("DATE", f"{rng.randint(1, 12):02d}/{rng.randint(5, 23):02d}"),
            ("GVWR", f"{kg} KG ({kg * 22 // 10} LB)"),
            ("GAWR FRT", f"{kg // 2} KG"),
            ("VIN" if rng.random() < 0.8 else "", vin),
            ("TYPE", _pick(rng, "MPV|PASSENGER CAR|TRUCK")),
        ]
        barcode, font = vin if rng.random() < 0.7 else None, rng.choice(_SANS + _BOLD)
        return _plate(rng, nrng, cap, header, rows, 3, material="sticker", scene="door", barcode=barcode, font=font), (
            vin,
            None,
            (),
        )
    ru = style == "ru"
    unit = "кг" if ru else "kg"
    if ru:
        maker = "ПАО «АВТОВАЗ»|ООО «ФОЛЬКСВАГЕН ГРУП РУС»|ООО «ХЁНДЭ МОТОР МАНУФАКТУРИНГ РУС»|ООО «АВТОТОР»"
        label = _pick(rng, "VIN|VIN:|ИДЕНТИФИКАЦИОННЫЙ НОМЕР|Идентификационный номер|")
    else:
        maker = "VOLKSWAGEN AG|AUDI AG|BMW AG|ADAM OPEL AG|SKODA AUTO a.s."
        label = _pick(rng, "VIN|FIN|Fahrzeug-Ident.-Nr.|VEHICLE IDENTIFICATION NO.|")
    approval = _pick(rng, "ТС RU E-RU.MT02.00153.P1|e1*2007/46*0264*05|e4*2001/116*0111*07|ОТТС RU MT22.E00041")
    rest = [("", f"{kg} {unit}"), ("", f"{kg + rng.randint(80, 150) * 10} {unit}"), ("1 -", f"{kg // 2 + 40} {unit}")]
    rest.append(("2 -", f"{kg // 2 + 90} {unit}"))
    if ru and rng.random() < 0.5:
        rest.append(("МОДЕЛЬ ДВИГАТЕЛЯ", _pick(rng, "21129|CFNA|G4FC|K4M|H4M")))
    rng.shuffle(rest)
    font = rng.choice([*_SANS, *_BOLD, *_MONO] if ru else [STROKE, *_SANS, *_BOLD, *_MONO, DOTS])  # no Cyrillic in STROKE
    material, scene = _pick(rng, "alu|sticker|sticker|gold"), _pick(rng, "door|engine|metal")
    card = _plate(
        rng,
        nrng,
        cap,
        [_pick(rng, maker)],
        [("ОТТС" if ru else "", approval), (label, vin), *rest],
        1,
        material=material,
        scene=scene,
        font=font,
    )
    return card, (vin, None, ())


def _stamped(rng: Rng, nrng: NRng, cap: float) -> tuple[_Card, Ids]:
    vin, _ = _make_vin(rng)
    return _stamp(rng, f"*{vin}*" if rng.random() < 0.15 else vin, cap), (vin, None, ())


# ---------------------------------------------------------------- Russian registration documents


def _registration(rng: Rng, cap: float, vin: str | None, frame: str | None, group: str) -> _Card:
    """СТС, a page of a ПТС or a printout of an ЭПТС; the VIN (or, for a right-hand-drive car, the frame) on one line."""
    u, none = cap, "ОТСУТСТВУЕТ"
    if frame:
        make = (frame_car(frame) or "TOYOTA").upper()
        ident = frame if rng.random() < 0.75 else frame.replace("-", rng.choice([" ", "–"]))
        on_chassis = rng.random() < 0.5
        vin_value, chassis, body = none, ident if on_chassis else none, none if on_chassis else ident
    else:
        assert vin is not None
        make, ident = _pick(rng, _RU_MAKES[group]), vin
        vin_value, chassis, body = vin, none, rng.choice([vin, vin, none])
    doc = rng.choices(["sts", "pts", "epts"], weights=[55, 25, 20])[0]
    year = rng.randint(1996, 2021)
    lines = [
        (
            "Регистрационный знак",
            f"{rng.choice(_RU_PLATE)}{_digits(rng, 3)}{rng.choice(_RU_PLATE)}{rng.choice(_RU_PLATE)}{_pick(rng, '77|177|50|750|25|125|54|27')}",
        ),
        ("Идентификационный номер (VIN)", vin_value),
        ("Марка, модель", make),
        ("Тип ТС", _pick(rng, "ЛЕГКОВОЙ СЕДАН|ЛЕГКОВОЙ УНИВЕРСАЛ|ЛЕГКОВОЙ ХЭТЧБЕК|ЛЕГКОВОЙ КОМБИ (ХЭТЧБЕК)")),
        ("Категория ТС", "B / M1"),
        ("Год выпуска ТС", str(year)),
        ("Шасси (рама) №", chassis),
        ("Кузов (кабина, прицеп) №", body),
        ("Цвет", _pick(rng, "БЕЛЫЙ|СЕРЕБРИСТЫЙ|ЧЕРНЫЙ|СЕРЫЙ|СИНИЙ|ТЕМНО-ВИШНЕВЫЙ")),
        ("Мощность двигателя, кВт/л.с.", f"{rng.randint(50, 150)}/{rng.randint(68, 204)}"),
        ("Экологический класс", _pick(rng, "ЧЕТВЕРТЫЙ|ПЯТЫЙ|ТРЕТИЙ")),
        ("Паспорт ТС серия №", f"{rng.randint(10, 99)} {_pick(rng, 'ОХ|НМ|УВ|ТО')} {_digits(rng, 6)}"),
        ("Разрешенная max масса, кг", str(rng.randint(140, 240) * 10)),
        ("Масса без нагрузки, кг", str(rng.randint(95, 170) * 10)),
    ]
    if doc == "pts":
        lines = [(f"{i}. {label}", value) for i, (label, value) in enumerate(lines[1:12], start=1)]
    elif doc == "epts":
        lines = [("Номер электронного паспорта", "1643" + _digits(rng, 11)), *lines[1:9]]
    label_font, value_font = rng.choice([*_SANS, _NARROW[0]]), rng.choice([*_MONO, *_BOLD, *_SANS, DOTS])
    lcap, row_h = u * rng.uniform(0.55, 0.72), u * rng.uniform(1.8, 2.4)
    label_w = max(_measure(label_font, lcap, lab) for lab, _ in lines)
    w = label_w + max(_measure(value_font, u, val) for _, val in lines) + u * 6
    head = u * (6 if doc != "pts" else 3)
    paper = {"sts": "246 226 228|226 238 240|240 232 220", "pts": "236 232 214|244 240 226", "epts": "255 255 255|250 250 248"}
    pr, pg, pb = _color(rng, paper[doc])
    sheet = _Sheet(w, head + row_h * len(lines) + u * 3, (pr, pg, pb))
    form = _color(rng, "120 60 70|40 70 110|70 60 50|30 30 30")
    bold = rng.choice(_BOLD)
    if doc != "epts":
        _guilloche(sheet, rng, (pr - 16, pg - 16, pb - 16), rng.randint(24, 50))
    if doc == "sts":
        sheet.text(w / 2, 2.2 * u, "СВИДЕТЕЛЬСТВО О РЕГИСТРАЦИИ ТС", bold, 0.8 * u, form, anchor="m")
        number = f"{rng.randint(10, 99)} {rng.randint(10, 99)} {_digits(rng, 6)}"
        sheet.text(w - 2 * u, 4.4 * u, number, rng.choice(_MONO), 0.9 * u, (190, 30, 40), anchor="r")
    elif doc == "epts":
        sheet.text(w / 2, 2.2 * u, "ВЫПИСКА ИЗ ЭЛЕКТРОННОГО ПАСПОРТА", bold, 0.75 * u, (20, 20, 20), anchor="m")
        sheet.text(w / 2, 3.6 * u, "ТРАНСПОРТНОГО СРЕДСТВА", bold, 0.75 * u, (20, 20, 20), anchor="m")
    ink = _color(rng, "20 20 20|30 30 60|50 45 45")
    dx, dy = (rng.uniform(-0.4, 0.5) * u, rng.uniform(-0.3, 0.3) * u) if doc != "epts" else (0.0, 0.0)  # the printer's misfeed
    y = head
    for label, value in lines:
        if doc == "epts":
            sheet.rect((u, y - row_h * 0.7, w - u, y + row_h * 0.3), (90, 90, 90), width=max(1, u * 0.05))
        sheet.text(1.5 * u, y, label, label_font, lcap, form if doc != "epts" else (30, 30, 30))
        vcap, mark = (u, "ident") if value == ident else (u * rng.uniform(0.8, 1.0), "")
        sheet.text(label_w + 3 * u + dx, y + dy, value, value_font, vcap, ink, mark=mark, weight=0.1)
        y += row_h
    return sheet.card(cap, _pick(rng, "table|table|desk|seat"), glossy=doc == "sts" and rng.random() < 0.6)


def _sts(rng: Rng, nrng: NRng, cap: float) -> tuple[_Card, Ids]:
    vin, group = _make_vin(rng)
    return _registration(rng, cap, vin, None, group), (vin, None, ())


def _sts_jp(rng: Rng, nrng: NRng, cap: float) -> tuple[_Card, Ids]:
    frame, _ = _make_frame(rng)
    return _registration(rng, cap, None, frame, "asia"), (None, frame, ())


# ---------------------------------------------------------------- parts-box labels


def _part_label(rng: Rng, nrng: NRng, cap: float) -> tuple[_Card, Ids]:
    """A maker's label on a parts box: brand, article number (and a replaced or cross one), barcode, QR."""
    brand = rng.choice(sorted(_LABEL_BRANDS))
    numbers = [_part_number(rng, brand)]
    second = rng.random() < 0.4
    if second:
        numbers.append(_part_number(rng, brand if rng.random() < 0.6 else rng.choice(sorted(_LABEL_BRANDS))))
    name, sub, color = _LABEL_BRANDS[brand]
    u, font = cap, rng.choice([*_BOLD, _MONO[1], _MONO[3], *_SANS, _NARROW[1]])
    w = max(_measure(font, u, numbers[0]) + u * rng.uniform(8, 14), u * 26)
    h = max(w * rng.uniform(0.5, 0.75), u * (21 if second else 19))
    sheet = _Sheet(w, h, _color(rng, "255 255 255|250 248 240|255 250 215"))
    if rng.random() < 0.5:  # a coloured banner
        sheet.rect((0, 0, w, 3.2 * u), color)
        text_color: RGB = (0, 0, 0) if brand == "renault" else (255, 255, 255)
        sheet.text(u, 2.3 * u, name, rng.choice(_BOLD), 1.3 * u, text_color)
        if _measure(_BOLD[0], 1.3 * u, name) + _measure(_SANS[0], 0.6 * u, sub) < w - 4 * u:
            sheet.text(w - u, 2.1 * u, sub, rng.choice(_SANS), 0.6 * u, text_color, anchor="r")
    else:
        sheet.text(u, 2.4 * u, name, rng.choice([*_BOLD, _SERIF[2]]), 1.4 * u, color)
        sheet.text(u, 3.7 * u, sub, rng.choice(_SANS), 0.6 * u, (40, 40, 40))
        sheet.line([(u, 4.3 * u), (w - u, 4.3 * u)], max(1, u * 0.08), (40, 40, 40))
    y = 6.6 * u
    sheet.text(
        u, y - 1.4 * u, _pick(rng, "PART NO.|PART NUMBER|Teile-Nr.|Артикул|REF."), rng.choice(_SANS), 0.55 * u, (60, 60, 60)
    )
    sheet.text(u, y, numbers[0], font, u, (0, 0, 0), mark="ident", track=u * rng.choice([0, 0, 0.06]))
    sheet.text(u, y + 2 * u, _pick(rng, _PART_NAMES), rng.choice(_SANS), 0.7 * u, (20, 20, 20))
    y += 3.6 * u
    if second:
        end = sheet.text(
            u, y + 0.6 * u, _pick(rng, "REPLACES|SUBSTITUTE|OE:|ЗАМЕНА:|CROSS:"), rng.choice(_SANS), 0.6 * u, (60, 60, 60)
        )
        sheet.text(end + 0.6 * u, y + 0.6 * u, numbers[1], rng.choice(_BOLD + _MONO), 0.8 * u, (0, 0, 0), mark="keep")
        y += 2.0 * u
    origin = _pick(rng, "MADE IN JAPAN|MADE IN GERMANY|MADE IN KOREA|Made in EU|MADE IN CHINA")
    sheet.text(u, y + 0.4 * u, f"QTY {rng.choice([1, 1, 2, 4])}   {origin}", rng.choice(_SANS), 0.55 * u, (30, 30, 30))
    bar_h = max(1.5 * u, h - y - 3.4 * u)
    bar_w = w * rng.uniform(0.45, 0.6)
    sheet.barcode(u, y + 1.2 * u, bar_w, bar_h, numbers[0])
    ean = f"{rng.randint(1, 9)} {_digits(rng, 6)} {_digits(rng, 6)}"
    sheet.text(u + bar_w / 2, y + 1.2 * u + bar_h + 1.0 * u, ean, rng.choice(_MONO), 0.6 * u, (0, 0, 0), anchor="m")
    size = min(bar_h + u, w - bar_w - 4 * u)
    if size > 2 * u and rng.random() < 0.6:
        sheet.matrix(w - u - size, y + 1.2 * u, size, numbers[0])
    alpha = _rounded_alpha(sheet.h, sheet.w, u * 0.4)
    return sheet.card(cap, _pick(rng, "box|box|table|shelf"), alpha, glossy=rng.random() < 0.35), (None, None, tuple(numbers))


# ---------------------------------------------------------------- scenes


def _scene(rng: Rng, nrng: NRng, name: str, w: int, h: int) -> np.ndarray:
    """A backdrop drawn small and enlarged (it is out of focus anyway)."""
    k = 480 / max(w, h)
    lw, lh = max(16, round(w * k)), max(16, round(h * k))
    yy, xx = np.mgrid[0:lh, 0:lw].astype(np.float32) / max(lw, lh)
    n1, n2 = _smooth_noise(nrng, lh, lw, 60), _smooth_noise(nrng, lh, lw, 12)
    streak = cv2.resize(nrng.standard_normal((lh, max(2, lw // 30))).astype(np.float32), (lw, lh))  # grain along x

    def paint(options: str, shade: np.ndarray) -> np.ndarray:
        return np.ascontiguousarray(_tint(rng, options)[None, None, :] * shade[..., None])

    if name in ("table", "desk", "seat"):
        look = _pick(
            rng, {"table": "wood|wood|laminate|fabric|check|dark", "desk": "laminate|dark|wood", "seat": "fabric|dark"}[name]
        )
        if look == "wood":
            rings = np.sin((yy * rng.uniform(5, 12) + 0.25 * n1 + 0.02 * n2) * 2 * np.pi)
            img = paint("140 92 51|178 132 82|90 56 33|200 160 110", 1 + 0.07 * rings + 0.05 * streak + 0.05 * n1)
            for y in np.arange(rng.uniform(0.1, 0.4), 1.5, rng.uniform(0.25, 0.5)):  # planks
                cv2.line(img, (0, int(y * max(lw, lh))), (lw, int(y * max(lw, lh))), (0.1, 0.07, 0.05), 1, cv2.LINE_AA)
        elif look == "laminate":
            img = paint("217 217 212|178 184 191|230 224 209", 1 + 0.03 * n1)
        elif look == "fabric":
            weave = np.sin((xx + yy) * lw * 1.1) * np.sin((xx - yy) * lw * 0.9)
            img = paint("51 71 115|64 64 69|115 26 31", 1 + 0.15 * weave + 0.08 * n1)
        elif look == "check":
            cells = ((np.floor(xx * rng.uniform(24, 40)) + np.floor(yy * rng.uniform(24, 40))) % 2)[..., None]
            img = (
                paint("235 235 230", 1 + 0.02 * n1)
                * (1 - cells * 0.35)
                * (1 - cells * _tint(rng, "0 150 150|150 90 0|120 120 0"))
            )
        else:
            img = paint("31 31 33|51 43 38", 1 + 0.1 * n1)
    elif name in ("engine", "room"):
        img = paint("41 41 43" if name == "engine" else "51 46 41", 1 + 0.25 * n1)
        for _ in range(14 if name == "engine" else 4):  # parts: caps, boxes, hoses
            c = tuple(float(v) for v in _tint(rng, "13 13 13|70 70 72|110 110 112|26 26 26|140 122 40|40 60 100|20 20 20"))
            x, y, r = int(rng.uniform(0, lw)), int(rng.uniform(0, lh)), int(rng.uniform(0.02, 0.1) * lw)
            t = rng.random()
            if t < 0.35:
                cv2.circle(img, (x, y), r, c, -1, cv2.LINE_AA)
                cv2.circle(img, (x - r // 4, y - r // 4), max(1, r // 3), tuple(min(1.0, v + 0.15) for v in c), -1, cv2.LINE_AA)
            elif t < 0.6:
                cv2.rectangle(img, (x, y), (x + 2 * r, y + r), c, -1)
                cv2.line(img, (x, y), (x + 2 * r, y), tuple(min(1.0, v + 0.2) for v in c), max(1, r // 8))
            else:
                ts = np.linspace(0, 1, 24)[:, None]
                p = np.array([[x, y], [x + rng.uniform(-1, 1) * lw * 0.4, y + rng.uniform(-1, 1) * lh * 0.4]] * 2, np.float64)
                p[2:] += rng.uniform(-0.3, 0.3) * lw
                curve = (
                    (1 - ts) ** 3 * p[0] + 3 * (1 - ts) ** 2 * ts * p[2] + 3 * (1 - ts) * ts**2 * p[3] + ts**3 * p[1]
                ).astype(np.int32)
                cv2.polylines(img, [curve], False, (0.05, 0.05, 0.05), max(3, r // 3), cv2.LINE_AA)
                cv2.polylines(img, [curve - max(1, r // 12)], False, (0.22, 0.22, 0.22), max(1, r // 12), cv2.LINE_AA)
        if name == "room":
            img += np.exp(-(((xx - rng.random()) ** 2 + (yy - rng.random()) ** 2) / 0.05))[..., None] * 0.3
        img = cv2.GaussianBlur(img, (0, 0), rng.uniform(1.0, 4.0))  # out of focus behind the plate
    elif name == "dash":  # dark grained plastic under the glass, with the black dotted band of the windshield's edge
        img = paint("23 23 26|36 33 31|15 15 17", 1 + 0.12 * n2 + 0.06 * _smooth_noise(nrng, lh, lw, 2.5))
        band = int(lh * rng.uniform(0.05, 0.2))
        img[:band] = 0.02
        for i, y in enumerate(range(band, band + lh // 10, max(3, lh // 60))):
            for x in range((i % 2) * lw // 80, lw, max(3, lw // 40)):
                cv2.circle(img, (x, y), max(1, (lh // 10 - (y - band)) // 8), (0.02, 0.02, 0.02), -1, cv2.LINE_AA)
    else:  # painted body metal (door jamb, strut tower, firewall), or a parts box on a shelf
        box = name in ("box", "shelf")
        ang = rng.uniform(0, 2 * np.pi)
        shade = 0.85 + (xx * math.cos(ang) + yy * math.sin(ang)) * rng.uniform(0.2, 0.6) + 0.05 * n1
        colors = (
            "158 120 77|140 107 71|230 230 224|51 89 153"
            if box
            else "230 230 224|179 184 189|20 20 23|140 20 20|31 51 115|41 77 51|199 184 153"
        )
        img = paint(colors, shade)
        if box:
            img *= (1 + 0.04 * np.sin(xx * lw * 0.7) + 0.03 * streak)[..., None]  # corrugation, fibres
        elif name == "door" and rng.random() < 0.8:  # a rubber seal and a row of spot welds
            x = int(rng.uniform(0.05, 0.3) * lw) if rng.random() < 0.5 else int(rng.uniform(0.7, 0.95) * lw)
            cv2.rectangle(img, (x, 0), (x + int(0.06 * lw), lh), (0.04, 0.04, 0.04), -1)
            dent = tuple(float(v) * 0.8 for v in img[lh // 2, max(0, x - int(0.04 * lw))])
            for y in range(int(rng.uniform(0, 20)), lh, int(lh / rng.uniform(6, 12)) + 1):
                cv2.circle(img, (x - int(0.04 * lw), y), max(2, lw // 90), dent, -1, cv2.LINE_AA)
        if name == "metal" and rng.random() < 0.4:  # rust creeping from one side, patchy
            edge = np.clip((xx * math.cos(ang) + yy * math.sin(ang) - rng.uniform(0.3, 0.9)) * 4 + 0.8 * n1, 0, 1)
            rust = (edge * np.clip(0.5 + 0.6 * n2, 0, 1))[..., None] * rng.uniform(0.5, 0.9)
            img = img * (1 - rust) + _tint(rng, "105 56 26|82 46 28|120 70 35") * (0.85 + 0.2 * n2[..., None]) * rust
    return cv2.resize(np.clip(img, 0, 1).astype(np.float32), (w, h), interpolation=cv2.INTER_LINEAR)


def _strike(rng: Rng, nrng: NRng, roi: np.ndarray, depth: np.ndarray, cap: float) -> None:
    """Punches `depth` into the painted metal under it: lit and shaded walls, and the groove bare, grimy,
    chalked, rusty or painted over."""
    fill = _pick(rng, "bare|bare|grime|chalk|rust|paint")
    if fill == "paint":
        depth = cv2.GaussianBlur(depth, (0, 0), max(0.5, cap * 0.05)) * 0.8
    shade = _shade(depth, rng.uniform(0, 2 * math.pi), max(0.6, cap * 0.05))
    d = depth[..., None]
    roi *= 1 - d * rng.uniform(0.15, 0.35)
    roi += shade[..., None] * rng.uniform(0.35, 0.55)
    if fill == "grime":
        roi *= 1 - 0.55 * d
    elif fill == "chalk":
        roi[:] = roi * (1 - 0.75 * d) + 0.92 * 0.75 * d
    elif fill == "rust":
        speck = np.clip(0.6 + 0.4 * _smooth_noise(nrng, *depth.shape, cell=max(2.0, cap * 0.3)), 0, 1)[..., None]
        roi[:] = roi * (1 - 0.7 * d * speck) + np.array((0.42, 0.2, 0.07), np.float32) * 0.7 * d * speck
    np.clip(roi, 0, 1, out=roi)


# ---------------------------------------------------------------- the camera


def _photo_size(rng: Rng) -> tuple[int, int]:
    sizes = [
        (640, 480),
        (800, 600),
        (1024, 768),
        (1280, 720),
        (1280, 960),
        (1600, 1200),
        (1920, 1080),
        (2048, 1536),
        (2592, 1944),
        (4000, 3000),
    ]
    w, h = rng.choices(sizes, weights=[8, 8, 10, 8, 12, 14, 12, 10, 10, 8])[0]
    return (h, w) if rng.random() < 0.6 else (w, h)


def _compose(rng: Rng, nrng: NRng, card: _Card, w: int, h: int, cap: float) -> tuple[np.ndarray, list[np.ndarray]]:
    """Holds the card in front of the camera (rotation and tilt within 15 degrees) so the identifier's capitals
    come out `cap` pixels high and inside the frame; returns the photo and the protected quads in it."""
    x0, y0, x1, y1 = card.ident
    center = np.array(((x0 + x1) / 2, (y0 + y1) / 2), np.float64)
    s, big = cap / card.cap, max(w, h)
    f = big * rng.uniform(1.1, 1.5)
    rz, rx, ry = (math.radians(rng.uniform(-15, 15) * (1 if rng.random() < 0.7 else 0.25)) for _ in range(3))
    cz, sz, cx, sx, cy, sy = math.cos(rz), math.sin(rz), math.cos(rx), math.sin(rx), math.cos(ry), math.sin(ry)
    rot = np.array([[cz, -sz, 0], [sz, cz, 0], [0, 0, 1]]) @ np.array([[cy, 0, sy], [0, 1, 0], [-sy, 0, cy]])
    rot = rot @ np.array([[1, 0, 0], [0, cx, -sx], [0, sx, cx]])

    def project(pts: np.ndarray) -> np.ndarray:
        p = np.column_stack(((pts - center) * s, np.zeros(len(pts)))) @ rot.T
        return f * p[:, :2] / (p[:, 2:3] + f)

    def quad(box: Box) -> np.ndarray:
        return np.array([(box[0], box[1]), (box[2], box[1]), (box[2], box[3]), (box[0], box[3])], np.float64)

    for _ in range(8):
        span = np.ptp(project(quad(card.ident)), axis=0)
        if span[0] <= 0.84 * w and span[1] <= 0.84 * h:
            break
        s *= min(0.84 * w / span[0], 0.84 * h / span[1]) * 0.98
    p, margin = project(quad(card.ident)), 0.06 * min(w, h)
    lo, hi = np.array((margin, margin)) - p.min(0), np.array((w - margin, h - margin)) - p.max(0)
    shift = np.array([rng.triangular(lo[i], hi[i]) if hi[i] > lo[i] else (lo[i] + hi[i]) / 2 for i in range(2)])
    # crop the card to what can be in view, shrink it close to its size in the photo, then warp it
    src = card.rgb if card.rgb is not None else card.relief
    assert src is not None
    reach = 1.5 * big / s
    cx0, cy0 = max(0, int(center[0] - reach)), max(0, int(center[1] - reach))
    cx1, cy1 = min(src.shape[1], int(center[0] + reach)), min(src.shape[0], int(center[1] + reach))
    dst = project(quad((cx0, cy0, cx1, cy1))) + shift
    crop = src[cy0:cy1, cx0:cx1]
    alpha = card.alpha[cy0:cy1, cx0:cx1] if card.alpha is not None else np.full(crop.shape[:2], 255, np.uint8)
    pre = min(1.0, s * (2.2 if card.screen else 1.3))
    if pre < 0.95:
        size = (max(2, round(crop.shape[1] * pre)), max(2, round(crop.shape[0] * pre)))
        crop, alpha = cv2.resize(crop, size, interpolation=cv2.INTER_AREA), cv2.resize(alpha, size, interpolation=cv2.INTER_AREA)
    srcq = quad((0, 0, crop.shape[1], crop.shape[0])).astype(np.float32)
    bx0, by0 = np.clip(np.floor(dst.min(0)), 0, (w, h)).astype(int)
    bx1, by1 = np.clip(np.ceil(dst.max(0)), 0, (w, h)).astype(int)
    scene = _scene(rng, nrng, card.scene, w, h)
    keeps = [project(quad(box)) + shift for box in [card.ident, *card.keep]]
    if bx1 - bx0 < 2 or by1 - by0 < 2:
        return scene, keeps
    m = cv2.getPerspectiveTransform(srcq, (dst - (bx0, by0)).astype(np.float32))
    size = (int(bx1 - bx0), int(by1 - by0))
    roi = scene[by0:by1, bx0:bx1]
    if card.screen:  # the lens blurs the screen's pixels a little before the sensor samples them (moiré)
        crop = cv2.GaussianBlur(crop, (0, 0), max(0.3, 0.3 / max(s, 0.05)))
    warped = cv2.warpPerspective(crop, m, size, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT)
    if card.rgb is None:
        _strike(rng, nrng, roi, warped.astype(np.float32), cap)
        return scene, keeps
    a = cv2.warpPerspective(alpha, m, size, flags=cv2.INTER_LINEAR).astype(np.float32)[..., None] / 255
    if card.shadow:
        off = np.float32([[1, 0, rng.uniform(-1, 1) * cap * 0.4], [0, 1, rng.uniform(0.2, 1) * cap * 0.4]])
        shadow = cv2.GaussianBlur(cv2.warpAffine(a[..., 0], off, size), (0, 0), max(1.0, cap * 0.3))
        roi *= 1 - rng.uniform(0.25, 0.5) * shadow[..., None]
    if card.screen:
        yy, xx = np.mgrid[0 : size[1], 0 : size[0]].astype(np.float32)
        wave = np.sin(xx * rng.uniform(0.05, 0.25) + yy * rng.uniform(0.05, 0.25) + 3 * np.sin(xx * 0.01 + yy * 0.013))
        warped = warped * (1 + rng.uniform(0.02, 0.06) * np.stack([wave, np.roll(wave, 3, 1), -wave], -1))
    roi[:] = roi * (1 - a) + warped * a
    return scene, keeps


def _occlude(rng: Rng, img: np.ndarray, keep: np.ndarray, q: int, cap: float) -> None:
    """A finger, a pen or a coin somewhere in the frame, never over `keep` (the protected mask at 1/q size)."""
    h, w = img.shape[:2]
    what = _pick(rng, "finger|finger|pen|coin")

    def draw(mask: np.ndarray, k: float, ox: float, oy: float, shape: tuple[float, ...]) -> None:
        if what == "coin":
            cv2.circle(
                mask, (int((shape[0] - ox) * k), int((shape[1] - oy) * k)), max(1, int(shape[2] * k)), 255, -1, cv2.LINE_AA
            )
        else:
            ends = (int((shape[0] - ox) * k), int((shape[1] - oy) * k)), (int((shape[2] - ox) * k), int((shape[3] - oy) * k))
            cv2.line(mask, *ends, 255, max(1, int(shape[4] * k)), cv2.LINE_AA)

    for _ in range(8):
        if what == "coin":
            shape: tuple[float, ...] = (rng.uniform(0, w), rng.uniform(0, h), min(w, h) * rng.uniform(0.04, 0.08))
        else:
            ex, ey = [
                (rng.uniform(0, w), -10.0),
                (w + 10.0, rng.uniform(0, h)),
                (rng.uniform(0, w), h + 10.0),
                (-10.0, rng.uniform(0, h)),
            ][rng.randrange(4)]
            width = min(w, h) * (rng.uniform(0.09, 0.16) if what == "finger" else rng.uniform(0.015, 0.03))
            shape = (ex, ey, rng.uniform(0.1, 0.9) * w, rng.uniform(0.1, 0.9) * h, width)
        small = np.zeros(keep.shape, np.uint8)
        draw(small, 1 / q, 0, 0, shape)
        if not np.any((small > 0) & (keep > 0)):
            break
    else:
        return
    ys, xs = np.nonzero(small)
    if len(xs) == 0:
        return
    reach = max(2, int(min(w, h) * 0.1 / q))
    x0, y0 = max(0, (xs.min() - reach) * q), max(0, (ys.min() - reach) * q)
    x1, y1 = min(w, (xs.max() + reach + 1) * q), min(h, (ys.max() + reach + 1) * q)
    roi = img[y0:y1, x0:x1]
    mask = np.zeros(roi.shape[:2], np.uint8)
    draw(mask, 1.0, x0, y0, shape)
    if what == "finger":  # the nail, near the tip
        ang = math.atan2(shape[3] - shape[1], shape[2] - shape[0])
        nail = (int(shape[2] - x0 - math.cos(ang) * shape[4] * 0.22), int(shape[3] - y0 - math.sin(ang) * shape[4] * 0.22))
        nail_mask = np.zeros_like(mask)
        cv2.ellipse(nail_mask, nail, (int(shape[4] * 0.3), int(shape[4] * 0.25)), math.degrees(ang), 0, 360, 255, -1, cv2.LINE_AA)
    soft = cv2.GaussianBlur(mask, (0, 0), max(0.8, cap * 0.1)).astype(np.float32)[..., None] / 255
    fat, size = small.astype(np.float32) / 255, (x1 - x0, y1 - y0)
    inner = cv2.GaussianBlur(fat, (0, 0), max(1.0, shape[-1] / q * 0.25))[y0 // q : -(-y1 // q), x0 // q : -(-x1 // q)]
    shadow = cv2.GaussianBlur(fat, (0, 0), max(1.5, min(w, h) * 0.03 / q))[y0 // q : -(-y1 // q), x0 // q : -(-x1 // q)]
    inner, shadow = cv2.resize(inner, size)[..., None], cv2.resize(shadow, size)[..., None]
    colors = {
        "finger": "219 163 133|184 128 97|230 184 158",
        "pen": "26 38 128|13 13 13|191 191 199|204 26 26",
        "coin": "191 153 89|179 179 184",
    }
    body = _tint(rng, colors[what]) * (0.5 + 0.7 * inner)
    if what == "finger":
        body += (cv2.GaussianBlur(nail_mask, (0, 0), 1.5).astype(np.float32)[..., None] / 255) * 0.12
    roi *= 1 - 0.35 * np.clip(shadow - soft, 0, 1)
    roi[:] = roi * (1 - soft) + body * soft


def _degrade(rng: Rng, nrng: NRng, img: np.ndarray, keeps: list[np.ndarray], cap: float, card: _Card) -> np.ndarray:
    """Light, shadow, glare, occlusion, contrast, blur, noise and sharpening of a phone; returns 8-bit BGR."""
    h, w = img.shape[:2]
    q = 4
    keep = np.zeros((h // q + 1, w // q + 1), np.uint8)
    for quad in keeps:
        cv2.fillPoly(keep, [np.round(quad / q).astype(np.int32)], 255)
    grow = max(1, round(cap * 0.5 / q))
    keep = cv2.dilate(keep, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * grow + 1, 2 * grow + 1)))
    small = cap < 13
    sl, sw = max(8, h // 8), max(8, w // 8)
    yy, xx = np.mgrid[0:sl, 0:sw].astype(np.float32)
    yy, xx = yy / sl, xx / sw
    ang = rng.uniform(0, 2 * math.pi)
    light = 1 + rng.uniform(0, 0.45) * ((xx - 0.5) * math.cos(ang) + (yy - 0.5) * math.sin(ang)) * 2
    light *= 1 - rng.uniform(0, 0.35) * ((xx - 0.5) ** 2 + (yy - 0.5) ** 2) * 2
    if rng.random() < 0.35:  # a soft shadow of the phone or the hand
        poly = np.zeros((sl, sw), np.float32)
        pts = np.array([[rng.uniform(-0.2, 1.2) * sw, rng.uniform(-0.2, 1.2) * sl] for _ in range(4)], np.int32)
        cv2.fillPoly(poly, [cv2.convexHull(pts)], 1.0)
        light *= 1 - rng.uniform(0.2, 0.45 if small else 0.55) * cv2.GaussianBlur(poly, (0, 0), rng.uniform(0.5, 4))
    gains = np.array([rng.uniform(0.88, 1.1), rng.uniform(0.95, 1.05), rng.uniform(0.85, 1.12)], np.float32)
    if card.glass:  # through a windshield: a green tint and the sky's reflection across it
        gains *= np.array((0.85, 0.95, 0.9), np.float32)
    img *= cv2.resize(light.astype(np.float32), (w, h))[..., None] * gains
    if card.glass:
        band = np.clip(1 - np.abs(yy - rng.uniform(0.2, 0.8) - (xx - 0.5) * rng.uniform(-0.6, 0.6)) * rng.uniform(2, 6), 0, 1)
        img += cv2.resize(band.astype(np.float32), (w, h))[..., None] * rng.uniform(0.08, 0.2)
    if rng.random() < (0.7 if card.glossy else 0.3):  # glare, kept faint over the identifier
        gx, gy, sx, sy = rng.random(), rng.random(), rng.uniform(0.04, 0.3), rng.uniform(0.04, 0.3)
        blob = np.exp(-(((xx - gx) / sx) ** 2 + ((yy - gy) / sy) ** 2)) * rng.uniform(0.4, 1.0)
        near = cv2.resize(cv2.GaussianBlur(keep.astype(np.float32) / 255, (0, 0), max(1.0, cap / q)), (sw, sl))
        glare = cv2.resize((blob * (1 - near * (0.85 if small or card.screen else 0.7))).astype(np.float32), (w, h))[..., None]
        img += (1.1 - img) * glare
    if rng.random() < 0.35:
        _occlude(rng, img, keep, q, cap)
    if rng.random() < 0.3:  # low contrast
        c, mean = rng.uniform(0.6 if small else 0.45, 0.8), float(img[::5, ::5].mean())
        img *= c
        img += mean * (1 - c)
    if rng.random() < 0.12:  # underexposed
        img *= rng.uniform(0.45, 0.7)
    blur = rng.choices(["none", "gauss", "defocus", "motion"], weights=[30, 25, 25, 20])[0]
    if blur == "gauss":
        img = cv2.GaussianBlur(img, (0, 0), rng.uniform(0.3, 0.3 + cap * 0.026))
    elif blur in ("defocus", "motion"):
        size = rng.uniform(0.6, 0.5 + cap * 0.065) if blur == "defocus" else rng.uniform(1.2, 1 + cap * 0.13)
        k = math.ceil(size) * 2 + 1
        kernel = np.zeros((k, k), np.float32)
        if blur == "defocus":
            cv2.circle(kernel, (k // 2 * 16, k // 2 * 16), int(size * 16), 1.0, -1, cv2.LINE_AA, 4)
        else:
            a = rng.uniform(0, math.pi)
            dx, dy = math.cos(a) * size / 2, math.sin(a) * size / 2
            ends = (int((k / 2 - dx) * 16), int((k / 2 - dy) * 16)), (int((k / 2 + dx) * 16), int((k / 2 + dy) * 16))
            cv2.line(kernel, *ends, 1.0, 1, cv2.LINE_AA, 4)
        img = cv2.filter2D(img, -1, kernel / max(float(kernel.sum()), 1e-6))
    sigma = rng.uniform(0.006, 0.03) * (1.6 if float(img[::7, ::7].mean()) < 0.3 else 1.0) * (0.7 if small else 1.0)
    noise = cv2.resize(nrng.standard_normal((h // 4 + 1, w // 4 + 1, 3), dtype=np.float32), (w, h)) * (sigma * 0.8)
    noise += nrng.standard_normal((h, w, 1), dtype=np.float32) * sigma
    img += noise
    if rng.random() < 0.5:  # a phone's sharpening halo
        amount = rng.uniform(0.3, 1.0)
        img = cv2.addWeighted(img, 1 + amount, cv2.GaussianBlur(img, (0, 0), rng.uniform(1.0, 2.5)), -amount, 0)
    img *= 255
    np.clip(img, 0, 255, out=img)
    return cv2.cvtColor(img.astype(np.uint8), cv2.COLOR_RGB2BGR)


Builder = Callable[[Rng, NRng, float], tuple[_Card, Ids]]
# kind -> (builder, weight, smallest capital height in the photo)
_STYLES: dict[str, list[tuple[Builder, int, int]]] = {
    "frame": [(_frame_plate, 28, 8), (_frame_stamp, 20, 18), (_frame_cert, 12, 8), (_frame_auction, 12, 9)],
    "vin_plate": [(_vin_plate, 1, 8)],
    "stamped": [(_stamped, 1, 18)],
    "sts": [(_sts, 1, 8)],
    "sts_jp": [(_sts_jp, 1, 8)],
    "part_label": [(_part_label, 1, 8)],
}
_STYLES["frame"] += [(_frame_sticker, 10, 8), (_frame_worn, 9, 11), (_frame_screen, 9, 14)]


def generate_one(folder: Path, index: int, seed: int = 23) -> Sample:
    rng = random.Random(f"seventh:{seed}:{index}")
    nrng = np.random.default_rng(rng.getrandbits(64))
    kind = KINDS[index % len(KINDS)]
    builder, _, min_cap = rng.choices(_STYLES[kind], weights=[weight for _, weight, _ in _STYLES[kind]])[0]
    w, h = _photo_size(rng)
    lo = max(min_cap, 8 + 10 * (min(w, h) - 480) / 2520)  # bigger photos, bigger letters
    cap = lo + (40 - lo) * rng.random() ** 1.8
    work = min(1.0, math.sqrt(2.6e6 / (w * h)))  # draw at no more than ~2.6 megapixels, enlarge at the end
    ww, wh = round(w * work), round(h * work)
    card, (vin, frame, parts) = builder(rng, nrng, float(np.clip(cap * work * 1.25, 14, 48)))
    if card.scene in ("table", "desk", "seat", "box", "shelf") and rng.random() < 0.08:
        card = _on_screen(rng, card)  # a photo of a photo on a monitor
        cap = max(cap, 14)
    scene, keeps = _compose(rng, nrng, card, ww, wh, cap * work)
    bgr = _degrade(rng, nrng, scene, keeps, cap * work, card)
    if (ww, wh) != (w, h):
        bgr = cv2.resize(bgr, (w, h), interpolation=cv2.INTER_CUBIC)
    ok, data = cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, rng.randint(40 if cap < 12 else 25, 60)])
    assert ok
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{index:04d}_{kind}_seventh.jpg"
    path.write_bytes(data.tobytes())
    return Sample(path=path, kind=kind, vin=vin, frame=frame, part_numbers=parts)


def generate(folder: Path, count: int, seed: int = 23) -> list[Sample]:
    return [generate_one(folder, index, seed) for index in range(count)]
