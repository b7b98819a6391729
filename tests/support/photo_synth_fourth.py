"""A fourth synthetic photo set: phone photos of VIN plates, СТС, stamped VINs, Japanese frame
numbers and spare-part labels, written blind to the photo reader (and to the other generators),
so the reader can be calibrated on photos nobody shaped it for.

Each photo is a flat "document" (plate, card, label, stamped metal) drawn with PIL at a generous
scale, then placed in a camera view (3D tilt, roll, focal length), composited over a background
with clutter and maybe a finger, lit unevenly (gradient, shadow, glare), blurred (defocus, motion),
noised and JPEG-compressed — some photos "forwarded" through a messenger (downscaled and recompressed
twice). The identifier is never occluded and its blur, contrast and noise are bounded by its
size in the final photo so that a careful person can still read it.

    generate_one(folder, index, seed) -> Sample   # deterministic for (index, seed)
"""

from __future__ import annotations

import math
import random
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt
from PIL import Image, ImageDraw, ImageFont

from tests.support.dot_matrix import GLYPHS_5X7
from tests.support.photo_synth import Sample

KINDS = ("vin_plate", "sts", "stamped", "frame", "part_label", "sts_jp")

Arr = npt.NDArray[np.float32]
RGB = tuple[int, int, int]
Box = tuple[float, float, float, float]

VIN_ALPHABET = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
_DIGITS = "0123456789"
_YEAR_CHARS = "ABCDEFGHJKLMNPRSTVWXY123456789"  # 1980 + i, repeating every 30 years
_CHECK_VALUES = {
    **{d: int(d) for d in _DIGITS},
    **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
    **dict(zip("JKLMN", range(1, 6), strict=True)),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}
_CHECK_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
_VIN_LIKE = re.compile(r"[A-HJ-NPR-Z0-9]{17}")

_REPO = Path(__file__).resolve().parents[2]

# ---------------------------------------------------------------------------------------------
# Domain data: makers by WMI, Japanese model codes
# ---------------------------------------------------------------------------------------------

# (WMI, maker as printed on a plate); region weights below give the mix a Russian shop sees.
_WMI: dict[str, list[tuple[str, str]]] = {
    "ru": [
        ("XTA", "ПАО «АВТОВАЗ»"),
        ("XTA", "AO AVTOVAZ"),
        ("X7L", "ООО «РЕНО РОССИЯ»"),
        ("Z94", "ООО «ХЕНДЭ МОТОР МАНУФАКТУРИНГ РУС»"),
        ("Z94", "HYUNDAI MOTOR MANUFACTURING RUS"),
        ("XW8", "ООО «ФОЛЬКСВАГЕН ГРУП РУС»"),
        ("XWE", "ООО «ЭЛЛАДА ИНТЕРТРЕЙД»"),
        ("Z8N", "NISSAN MANUFACTURING RUS"),
        ("X4X", "ООО «АВТОТОР»"),
        ("XUF", "GM-AVTOVAZ"),
        ("X9F", "ООО «ФОРД СОЛЛЕРС ХОЛДИНГ»"),
        ("XTT", "ОАО «УАЗ»"),
        ("X96", "ООО «АВТОЗАВОД ГАЗ»"),
        ("XW7", "ООО «ТОЙОТА МОТОР МАНУФАКТУРИНГ РОССИЯ»"),
    ],
    "eu": [
        ("WVW", "VOLKSWAGEN AG"),
        ("WVG", "VOLKSWAGEN AG"),
        ("WBA", "BAYERISCHE MOTOREN WERKE AG"),
        ("WDD", "DAIMLER AG"),
        ("WDB", "DAIMLER-BENZ AG"),
        ("W1K", "MERCEDES-BENZ AG"),
        ("WAU", "AUDI AG"),
        ("WF0", "FORD-WERKE GMBH"),
        ("W0L", "ADAM OPEL AG"),
        ("VF1", "RENAULT S.A.S."),
        ("VF3", "AUTOMOBILES PEUGEOT"),
        ("VF7", "AUTOMOBILES CITROEN"),
        ("TMB", "ŠKODA AUTO a.s."),
        ("VSS", "SEAT S.A."),
        ("ZFA", "FIAT AUTO S.P.A."),
        ("YV1", "VOLVO CAR CORPORATION"),
        ("SAL", "LAND ROVER"),
        ("UU1", "AUTOMOBILE DACIA S.A."),
        ("SJN", "NISSAN MOTOR MANUFACTURING (UK) LTD"),
    ],
    "asia": [
        ("KMH", "HYUNDAI MOTOR COMPANY"),
        ("KNA", "KIA MOTORS CORPORATION"),
        ("KND", "KIA CORPORATION"),
        ("JTD", "TOYOTA MOTOR CORPORATION"),
        ("JTN", "TOYOTA MOTOR CORPORATION"),
        ("JN1", "NISSAN MOTOR CO., LTD."),
        ("JMZ", "MAZDA MOTOR CORPORATION"),
        ("JHM", "HONDA MOTOR CO., LTD."),
        ("JF1", "SUBARU CORPORATION"),
        ("JMB", "MITSUBISHI MOTORS CORPORATION"),
        ("JS3", "SUZUKI MOTOR CORPORATION"),
        ("KL1", "GM KOREA COMPANY"),
        ("KPT", "SSANGYONG MOTOR COMPANY"),
        ("MR0", "TOYOTA MOTOR THAILAND CO., LTD."),
    ],
    "na": [
        ("1HG", "HONDA OF AMERICA MFG., INC."),
        ("2T1", "TOYOTA MOTOR MFG. CANADA INC."),
        ("5YJ", "TESLA, INC."),
        ("1G1", "GENERAL MOTORS LLC"),
        ("1FA", "FORD MOTOR COMPANY"),
        ("4T1", "TOYOTA MOTOR MFG., KENTUCKY, INC."),
        ("5XY", "KIA MOTORS MFG. GEORGIA, INC."),
        ("3VW", "VOLKSWAGEN DE MEXICO"),
        ("1C4", "FCA US LLC"),
        ("2HG", "HONDA OF CANADA MFG."),
        ("5UX", "BMW MANUFACTURING CO., LLC"),
        ("4JG", "MERCEDES-BENZ U.S. INTERNATIONAL, INC."),
        ("1N4", "NISSAN NORTH AMERICA, INC."),
        ("5NP", "HYUNDAI MOTOR MANUFACTURING ALABAMA"),
        ("3FA", "FORD MOTOR COMPANY"),
    ],
    "cn": [
        ("LVS", "CHANGAN FORD AUTOMOBILE CO., LTD."),
        ("LSG", "SAIC GENERAL MOTORS CORP."),
        ("LFV", "FAW-VOLKSWAGEN AUTOMOTIVE CO., LTD."),
        ("LVV", "CHERY AUTOMOBILE CO., LTD."),
        ("LGW", "GREAT WALL MOTOR COMPANY LTD."),
        ("LB3", "ZHEJIANG GEELY HOLDING GROUP"),
        ("LGX", "BYD AUTO CO., LTD."),
        ("LS5", "CHONGQING CHANGAN AUTOMOBILE CO."),
        ("LRW", "TESLA (SHANGHAI) CO., LTD."),
        ("LBV", "BMW BRILLIANCE AUTOMOTIVE LTD."),
        ("LVT", "CHERY AUTOMOBILE CO., LTD."),
    ],
}
_REGION_WEIGHTS = (("ru", 0.3), ("eu", 0.25), ("asia", 0.2), ("na", 0.13), ("cn", 0.12))
_LADA_VDS = ("21099", "21074", "21150", "21703", "21723", "11183", "21901", "21940", "GFL11", "GFK11", "GAB13", "KS015")

_FRAME_FALLBACK = {
    "Toyota": {"Corolla": ["NZE121", "ZZE122", "AE111"], "Mark II": ["GX110", "JZX100"], "Premio": ["ZZT240"]},
    "Nissan": {"Cube": ["BZ11"], "X-Trail": ["NT30"]},
    "Honda": {"Fit": ["GD1"]},
}
_SERIAL_DIGITS = {
    "Toyota": (7,),
    "Honda": (7,),
    "Mitsubishi": (7,),
    "Nissan": (6,),
    "Subaru": (6,),
    "Suzuki": (6,),
    "Mazda": (6, 7),
}
_ENGINES = {
    "Toyota": ("1NZ-FE", "1ZZ-FE", "2AZ-FE", "1JZ-GE", "1G-FE", "3S-FE", "2ZR-FE", "4A-FE", "1KZ-TE", "1MZ-FE"),
    "Nissan": ("QG15DE", "QR20DE", "SR20DE", "MR20DE", "HR15DE", "VQ25DE", "RB25DET", "CR14DE"),
    "Honda": ("L13A", "L15A", "K20A", "K24A", "D15B", "R18A", "B20B"),
    "Mitsubishi": ("4G93", "4G63", "4B11", "6G72", "4G15", "6G74"),
    "Mazda": ("ZY-VE", "LF-VE", "ZJ-VE", "FS-DE", "L3-VE", "FP-DE"),
    "Subaru": ("EJ20", "EJ15", "FB20", "EJ25", "EJ204"),
    "Suzuki": ("M13A", "M15A", "K6A", "J20A", "G16A"),
}
_JP_PREFIX = ("DBA-", "UA-", "CBA-", "TA-", "GF-", "E-", "LA-", "ABA-", "GH-", "KH-", "DAA-")


@lru_cache(maxsize=1)
def _frame_codes() -> list[tuple[str, str, str]]:
    """(make, model, code) from catalogs/data/frames.toml; variant codes with a trim letter glued
    on (Toyota's ZRE142G, AE100S) are not what a frame number starts with, so they are left out."""
    try:
        data: dict[str, Any] = tomllib.loads((_REPO / "catalogs" / "data" / "frames.toml").read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        data = _FRAME_FALLBACK
    out: list[tuple[str, str, str]] = []
    for make in sorted(data):
        models = data[make]
        if not isinstance(models, dict):
            continue
        for model in sorted(models):
            for code in models[model]:
                if make == "Toyota" and code[-1].isalpha():
                    continue
                if re.fullmatch(r"[A-Z]{1,4}[0-9]{1,3}[A-Z]?", code):
                    out.append((make, model, code))
    return out or [("Toyota", "Corolla", "NZE121")]


def _year_char(year: int) -> str:
    return _YEAR_CHARS[(year - 1980) % 30]


def _check_digit(vin: str) -> str:
    total = sum(_CHECK_VALUES[ch] * w for ch, w in zip(vin, _CHECK_WEIGHTS, strict=True)) % 11
    return "X" if total == 10 else str(total)


def _pick(rng: random.Random, pairs: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


@dataclass(frozen=True)
class _Car:
    vin: str
    maker: str
    year: int
    region: str


def _make_vin(rng: random.Random) -> _Car:
    region = _pick(rng, _REGION_WEIGHTS)
    wmi, maker = rng.choice(_WMI[region])
    year = rng.randint(1998, 2024)
    alnum = VIN_ALPHABET
    if wmi == "XTA":
        vds = rng.choice(_LADA_VDS)
        tail = "".join(rng.choice(_DIGITS) for _ in range(7))
        vin = wmi + vds + "0" + _year_char(year) + tail
    else:
        vds = "".join(rng.choice(alnum if rng.random() < 0.7 else _DIGITS) for _ in range(5))
        if wmi[:2] in ("WV", "WA", "TM", "VS", "XW") and rng.random() < 0.6:
            vds = "ZZZ" + "".join(rng.choice(alnum) for _ in range(2))
        plant = rng.choice(alnum)
        letters_ok = region not in ("na", "cn")  # there the last five are digits
        serial = rng.choice(alnum if letters_ok else _DIGITS) + "".join(
            rng.choice(_DIGITS if rng.random() < 0.9 or not letters_ok else alnum) for _ in range(5)
        )
        ninth = rng.choice(alnum)
        # ISO 3779: the last four of a maker's serial are digits (a letter drawn there becomes one, so
        # the draws, and every other photo of the set, stay as they were)
        serial = serial[:2] + "".join(c if c in _DIGITS else str(VIN_ALPHABET.index(c) % 10) for c in serial[2:])
        vin = wmi + vds + ninth + _year_char(year) + plant + serial
    if vin[0] in "12345L":
        vin = vin[:8] + _check_digit(vin) + vin[9:]
    assert len(vin) == 17 and all(c in VIN_ALPHABET for c in vin), vin
    return _Car(vin, maker, year, region)


def _make_frame(rng: random.Random) -> tuple[str, str, str, str]:
    """(frame number, make, model, code)."""
    make, model, code = rng.choice(_frame_codes())
    digits = rng.choice(_SERIAL_DIGITS.get(make, (6, 7)))
    lead = rng.choice("0001123456789") if digits == 7 else rng.choice("0123456789")
    serial = lead + "".join(rng.choice(_DIGITS) for _ in range(digits - 1))
    return f"{code}-{serial}", make, model, code


# ---------------------------------------------------------------------------------------------
# Fonts and glyphs
# ---------------------------------------------------------------------------------------------

_FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/truetype/liberation"), Path("/usr/share/fonts"))
SANS = ("DejaVuSans.ttf", "LiberationSans-Regular.ttf")
SANS_B = ("DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf", "DejaVuSansCondensed-Bold.ttf", "LiberationSansNarrow-Bold.ttf")
NARROW = ("LiberationSansNarrow-Regular.ttf", "DejaVuSansCondensed.ttf")
MONO = ("DejaVuSansMono.ttf", "LiberationMono-Regular.ttf")
MONO_B = ("DejaVuSansMono-Bold.ttf", "LiberationMono-Bold.ttf")
SERIF = ("DejaVuSerif.ttf", "LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf")

FontT = ImageFont.FreeTypeFont | ImageFont.ImageFont


@lru_cache(maxsize=64)
def _font_path(name: str) -> str | None:
    for folder in _FONT_DIRS:
        if (folder / name).is_file():
            return str(folder / name)
    for folder in _FONT_DIRS[-1:]:
        if folder.is_dir():
            for found in sorted(folder.rglob(name)):
                return str(found)
    return None


@lru_cache(maxsize=1024)
def _font(name: str, size: int) -> FontT:
    path = _font_path(name)
    if path is None:
        return ImageFont.load_default(size)
    return ImageFont.truetype(path, size)


@lru_cache(maxsize=64)
def _cap_ratio(name: str) -> float:
    box = _font(name, 200).getbbox("H", anchor="ls")
    return max(0.3, (box[3] - box[1]) / 200)


def _font_cap(name: str, cap: float) -> FontT:
    return _font(name, max(5, round(cap / _cap_ratio(name))))


_DOT5X7 = GLYPHS_5X7  # printer labels, dot-peen marking: drawn here rather than taken from a font


def _dot_width(text: str, cap: float, dot: float = 0.85) -> float:
    pitch = cap / (6 + dot)
    return len(text) * 6 * pitch - pitch


def _dot_text(draw: ImageDraw.ImageDraw, x: float, base: float, text: str, cap: float, fill: Any, dot: float = 0.85) -> Box:
    pitch = cap / (6 + dot)
    r = pitch * dot / 2
    x0 = x
    for ch in text:
        rows = _DOT5X7.get(ch, _DOT5X7[" "]).split()
        for j, row in enumerate(rows):
            for i, bit in enumerate(row):
                if bit == "1":
                    cx, cy = x + i * pitch + r, base - cap + j * pitch + r
                    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=fill)
        x += 6 * pitch
    return (x0, base - cap, x - pitch, base)


def _star(draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float, fill: Any, points: int = 5) -> None:
    pts = []
    for k in range(points * 2):
        rad = r if k % 2 == 0 else r * 0.42
        a = -math.pi / 2 + k * math.pi / points
        pts.append((cx + rad * math.cos(a), cy + rad * math.sin(a)))
    draw.polygon(pts, fill=fill)


# ---------------------------------------------------------------------------------------------
# Layout: rows of segments on a sheet
# ---------------------------------------------------------------------------------------------


@dataclass
class Seg:
    text: str
    cap: float = 0.6  # capital height in units of u (the identifier's capital height)
    font: str = "DejaVuSans.ttf"
    style: str = "text"  # text | dot
    ident: bool = False
    color: RGB | None = None
    at: float | None = None  # x from the left margin, in u
    dy: float = 0.0  # baseline shift, in u (a printer's misalignment)
    spacing: float = 0.0  # extra letter spacing, in u


@dataclass
class Row:
    segs: list[Seg]
    align: str = "left"  # left | center | split
    lead: float = 1.7
    rule: bool = False  # a line under the row (forms)


@dataclass
class Doc:
    img: Arr  # HxWx3 float32 0..1
    id_box: Box
    cap: float  # identifier capital height, doc px
    alpha: Arr | None = None
    surface: str = "paper"  # paper | metal | card | box: what background suits it
    hint: tuple[float, float, float] = (0.5, 0.5, 0.5)
    fragile: float = 1.0  # how much of the blur/haze budget the identifier can take (relief: less)


def _seg_width(seg: Seg, u: float) -> float:
    if seg.style == "dot":
        return _dot_width(seg.text, seg.cap * u)
    f = _font_cap(seg.font, seg.cap * u)
    return float(f.getlength(seg.text)) + seg.spacing * u * max(0, len(seg.text) - 1)


def _draw_seg(draw: ImageDraw.ImageDraw, x: float, base: float, seg: Seg, u: float, fill: Any) -> Box:
    cap = seg.cap * u
    base += seg.dy * u
    if seg.style == "dot":
        return _dot_text(draw, x, base, seg.text, cap, fill)
    f = _font_cap(seg.font, cap)
    if seg.spacing:
        x0 = x
        for ch in seg.text:
            draw.text((x, base), ch, font=f, fill=fill, anchor="ls")
            x += float(f.getlength(ch)) + seg.spacing * u
        return (x0, base - cap, x - seg.spacing * u, base)
    draw.text((x, base), seg.text, font=f, fill=fill, anchor="ls")
    return (x, base - cap, x + float(f.getlength(seg.text)), base)


def _layout_size(rows: list[Row], u: float, margin: float) -> tuple[int, int]:
    width = 0.0
    height = 0.0
    for row in rows:
        x = 0.0
        for seg in row.segs:
            x = (seg.at * u if seg.at is not None else x + (0.7 * u if x else 0)) + _seg_width(seg, u)
        width = max(width, x)
        height += max(s.cap for s in row.segs) * u * row.lead
    return int(width + 2 * margin * u), int(height + 2 * margin * u)


def _render_rows(img: Image.Image, rows: list[Row], u: float, margin: float, ink: RGB, top: float | None = None) -> Box:
    """Draw rows on img; returns the identifier's box (or a zero box if none)."""
    draw = ImageDraw.Draw(img)
    w = img.size[0]
    y = margin * u if top is None else top
    id_box: Box = (0, 0, 0, 0)
    for row in rows:
        cap_max = max(s.cap for s in row.segs) * u
        base = y + cap_max * (0.5 * (row.lead - 1) + 1)
        widths = [_seg_width(s, u) for s in row.segs]
        x = (w - sum(widths) - 0.7 * u * (len(widths) - 1)) / 2 if row.align == "center" else margin * u
        for k, (seg, sw) in enumerate(zip(row.segs, widths, strict=True)):
            if seg.at is not None:
                x = margin * u + seg.at * u
            if row.align == "split" and k == len(row.segs) - 1 and k > 0:
                x = w - margin * u - sw
            box = _draw_seg(draw, x, base, seg, u, seg.color or ink)
            if seg.ident:
                id_box = box
            x += sw + 0.7 * u
        if row.rule:
            ry = base + cap_max * 0.45
            draw.line((margin * u * 0.6, ry, w - margin * u * 0.6, ry), fill=ink, width=max(1, round(u * 0.05)))
        y += cap_max * row.lead
    return id_box


# ---------------------------------------------------------------------------------------------
# Surfaces
# ---------------------------------------------------------------------------------------------


def _smooth(nrng: np.random.Generator, h: int, w: int, cell: float) -> Arr:
    """Low-frequency noise, roughly unit variance, features about `cell` px."""
    sh, sw = max(2, int(h / cell) + 2), max(2, int(w / cell) + 2)
    small = nrng.standard_normal((sh, sw)).astype(np.float32)
    return np.asarray(cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC), dtype=np.float32)


def _streaks(nrng: np.random.Generator, h: int, w: int, horizontal: bool = True) -> Arr:
    if horizontal:
        small = nrng.standard_normal((max(2, h // 2), 6)).astype(np.float32)
    else:
        small = nrng.standard_normal((6, max(2, w // 2))).astype(np.float32)
    return np.asarray(cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR), dtype=np.float32)


def _fill(h: int, w: int, color: tuple[float, float, float]) -> Arr:
    return np.broadcast_to(np.asarray(color, np.float32), (h, w, 3)).copy()


def _surface(nrng: np.random.Generator, h: int, w: int, kind: str, color: tuple[float, float, float]) -> Arr:
    img = _fill(h, w, color)
    lum = _smooth(nrng, h, w, max(h, w) / 3) * 0.04
    if kind == "brushed":
        lum += _streaks(nrng, h, w) * 0.035 + nrng.standard_normal((h, w), dtype=np.float32) * 0.012
    elif kind == "paint":
        lum += _smooth(nrng, h, w, 3) * 0.012
    elif kind == "rust":
        rust = np.clip(_smooth(nrng, h, w, max(h, w) / 10) - 0.4, 0, 1)[..., None]
        img = img * (1 - 0.5 * rust) + np.asarray((0.42, 0.24, 0.12), np.float32) * 0.5 * rust
        lum += nrng.standard_normal((h, w), dtype=np.float32) * 0.03 + _smooth(nrng, h, w, 4) * 0.03
    elif kind == "paper":
        lum += _smooth(nrng, h, w, 2.5) * 0.008
    elif kind == "cardboard":
        lum += _streaks(nrng, h, w, horizontal=False) * 0.025 + _smooth(nrng, h, w, 3) * 0.02
    img += lum[..., None]
    return _clip01(img)


def _clip01(a: Arr) -> Arr:
    np.maximum(a, 0, out=a)
    np.minimum(a, 1, out=a)
    return a


def _to_pil(a: Arr) -> Image.Image:
    return Image.fromarray((np.clip(a, 0, 1) * 255 + 0.5).astype(np.uint8))


def _from_pil(img: Image.Image) -> Arr:
    return np.asarray(img, dtype=np.float32) / 255.0


def _rgb(c: tuple[float, float, float]) -> RGB:
    return (int(c[0] * 255), int(c[1] * 255), int(c[2] * 255))


def _rivets(draw: ImageDraw.ImageDraw, w: int, h: int, u: float, tone: float) -> None:
    r = u * 0.45
    for cx, cy in ((1.1 * u, 1.1 * u), (w - 1.1 * u, 1.1 * u), (1.1 * u, h - 1.1 * u), (w - 1.1 * u, h - 1.1 * u)):
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=_rgb((tone * 0.55,) * 3))
        draw.ellipse((cx - r * 0.8, cy - r * 0.9, cx + r * 0.6, cy + r * 0.5), fill=_rgb((min(1.0, tone * 1.15),) * 3))


def _barcode(draw: ImageDraw.ImageDraw, rng: random.Random, x: float, y: float, w: float, h: float, ink: RGB) -> None:
    module = max(1.0, w / 100)
    pos = x
    draw.rectangle((pos, y, pos + module, y + h * 1.06), fill=ink)
    pos += module * 2
    while pos < x + w - 3 * module:
        bar = module * rng.choice((1, 1, 2, 3))
        draw.rectangle((pos, y, pos + bar - 0.01, y + h), fill=ink)
        pos += bar + module * rng.choice((1, 1, 2, 3))
    draw.rectangle((x + w - module, y, x + w, y + h * 1.06), fill=ink)


def _qr(draw: ImageDraw.ImageDraw, rng: random.Random, x: float, y: float, size: float, ink: RGB, paper: RGB) -> None:
    n = 25
    m = size / n
    for j in range(n):
        for i in range(n):
            if rng.random() < 0.5:
                draw.rectangle((x + i * m, y + j * m, x + (i + 1) * m, y + (j + 1) * m), fill=ink)
    for fx, fy in ((0, 0), (n - 7, 0), (0, n - 7)):
        draw.rectangle((x + fx * m, y + fy * m, x + (fx + 7) * m, y + (fy + 7) * m), fill=ink)
        draw.rectangle((x + (fx + 1) * m, y + (fy + 1) * m, x + (fx + 6) * m, y + (fy + 6) * m), fill=paper)
        draw.rectangle((x + (fx + 2) * m, y + (fy + 2) * m, x + (fx + 5) * m, y + (fy + 5) * m), fill=ink)


def _ean13(rng: random.Random, prefix: str) -> str:
    digits = prefix + "".join(rng.choice(_DIGITS) for _ in range(12 - len(prefix)))
    total = sum(int(d) * (1 if k % 2 == 0 else 3) for k, d in enumerate(digits))
    return digits + str((10 - total % 10) % 10)


# ---------------------------------------------------------------------------------------------
# Documents
# ---------------------------------------------------------------------------------------------


def _vin_seg(rng: random.Random, vin: str, style_hint: str) -> Seg:
    if style_hint == "dot" or (style_hint == "any" and rng.random() < 0.25):
        return Seg(vin, 1.0, style="dot", ident=True)
    font = rng.choice(MONO_B + MONO + SANS_B + ("DejaVuSansCondensed-Bold.ttf",))
    spacing = rng.choice((0.0, 0.0, 0.08, 0.18))
    return Seg(vin, 1.0, font, ident=True, spacing=spacing)


def _plate_doc(rng: random.Random, nrng: np.random.Generator, u: float, car: _Car) -> Doc:
    vin = car.vin
    style = rng.choice(("eu", "asia", "us", "ru_label", "black"))
    if car.region == "na" and rng.random() < 0.6:
        style = "us"
    if car.region == "ru" and rng.random() < 0.5:
        style = "ru_label"
    lab = rng.choice(SANS + NARROW)
    bold = rng.choice(SANS_B)
    small = rng.uniform(0.5, 0.75)
    rows: list[Row] = []
    weight = rng.randint(12, 26) * 100 + rng.choice((0, 30, 50, 80))
    axle1, axle2 = weight // 2 + rng.randint(-60, 60), weight // 2 + rng.randint(-40, 80)
    vin_seg = _vin_seg(rng, vin, "any")
    paint = rng.choice(("LC9X", "040", "1G3", "NH731P", "B4", "KAD", "A5A", "WA8555", "1F7", "PGA", "LY7W"))
    if style in ("eu", "black"):
        rows.append(Row([Seg(car.maker, small * 1.1, bold)], align=rng.choice(("left", "center"))))
        approval = rng.choice(
            (
                f"e{rng.randint(1, 13)}*2007/46*{rng.randint(100, 999):04d}*{rng.randint(1, 20):02d}",
                f"ТС RU E-{rng.choice(('DE', 'KR', 'FR', 'CZ'))}.МТ02.{rng.randint(100, 999):05d}.Р{rng.randint(1, 3)}",
                f"e{rng.randint(1, 13)}*2001/116*{rng.randint(100, 999):04d}*{rng.randint(1, 20):02d}",
            )
        )
        rows.append(Row([Seg(approval, small, lab)]))
        if rng.random() < 0.6:
            rows.append(Row([Seg("VIN", small, bold), vin_seg]))
        else:
            rows.append(Row([vin_seg]))
        rows.append(Row([Seg(f"{weight} kg", small, lab)]))
        rows.append(Row([Seg(f"{weight + rng.randint(6, 15) * 100} kg", small, lab)]))
        rows.append(Row([Seg(f"1- {axle1} kg", small, lab), Seg(f"{paint}", small, lab, at=14)]))
        rows.append(Row([Seg(f"2- {axle2} kg", small, lab)]))
    elif style == "asia":
        rows.append(Row([Seg(f"MANUFACTURED BY {car.maker}", small, bold)], align="center"))
        model = "".join(rng.choice(VIN_ALPHABET) for _ in range(rng.randint(5, 8)))
        rows.append(Row([Seg("MODEL", small, lab), Seg(model, small * 1.2, bold, at=8)]))
        rows.append(Row([Seg("VEHICLE IDENT. NO." if rng.random() < 0.5 else "VIN", small, lab), vin_seg]))
        rows.append(
            Row(
                [
                    Seg("ENGINE", small, lab),
                    Seg(f"{rng.choice(('G4FC', 'G4KD', '1ZR', 'QR25', 'D4FB', 'L15B'))}", small, bold, at=8),
                ]
            )
        )
        rows.append(
            Row([Seg("PAINT", small, lab), Seg(paint, small, bold, at=8), Seg("TRIM", small, lab), Seg("WK", small, bold)])
        )
        rows.append(Row([Seg("MAX. PERMISSIBLE MASS", small * 0.9, lab), Seg(f"{weight} KG", small, bold)]))
        rows.append(Row([Seg(f"MADE IN {rng.choice(('KOREA', 'JAPAN', 'THAILAND'))}", small * 0.8, lab)], align="center"))
    elif style == "us":
        rows.append(Row([Seg(f"MFD. BY: {car.maker}", small, bold)]))
        rows.append(
            Row(
                [
                    Seg(f"DATE: {rng.randint(1, 12):02d}/{car.year % 100:02d}", small, lab),
                    Seg(f"GVWR: {weight} KG ({int(weight * 2.2046)} LB)", small, lab),
                ],
                align="split",
            )
        )
        rows.append(Row([Seg(f"GAWR FRT: {axle1} KG ({int(axle1 * 2.2046)} LB)", small * 0.85, lab)]))
        rows.append(Row([Seg(f"GAWR RR: {axle2} KG ({int(axle2 * 2.2046)} LB)", small * 0.85, lab)]))
        for line in (
            "THIS VEHICLE CONFORMS TO ALL APPLICABLE U.S. FEDERAL MOTOR",
            "VEHICLE SAFETY, BUMPER, AND THEFT PREVENTION STANDARDS IN",
            "EFFECT ON THE DATE OF MANUFACTURE SHOWN ABOVE.",
        ):
            rows.append(Row([Seg(line, small * 0.7, lab)], lead=1.5))
        rows.append(Row([Seg("VIN:", small, bold), vin_seg]))
        rows.append(
            Row(
                [
                    Seg("TYPE: PASSENGER CAR" if rng.random() < 0.7 else "TYPE: MPV", small, lab),
                    Seg(f"PAINT: {paint}", small, lab),
                ],
                align="split",
            )
        )
    else:  # ru_label: paper sticker, often dot-matrix
        vin_seg = _vin_seg(rng, vin, "dot" if rng.random() < 0.6 else "any")
        rows.append(Row([Seg(car.maker, small, bold)], align="center"))
        rows.append(
            Row(
                [Seg(f"ОТТС {rng.choice(('RU', 'ТС RU'))} E-RU.МТ02.{rng.randint(100, 999):05d}", small * 0.85, lab)],
                align="center",
            )
        )
        rows.append(Row([Seg("VIN", small, bold), vin_seg]))
        rows.append(Row([Seg(f"{weight} кг", small, lab), Seg(f"0- {weight + 800} кг", small, lab, at=9)]))
        rows.append(Row([Seg(f"1- {axle1} кг", small, lab), Seg(f"2- {axle2} кг", small, lab, at=9)]))
        rows.append(Row([Seg(f"Двигатель {rng.choice(('21126', '11186', 'H4M', 'G4FG', 'CWVA', 'K7M'))}", small, lab)]))
    margin = rng.uniform(1.6, 2.4)
    w, h = _layout_size(rows, u, margin)
    h += int(u * (1.5 if style in ("us", "ru_label") else 0.3))
    w = int(w * rng.uniform(1.0, 1.12))
    if style == "black":
        surface = _surface(nrng, h, w, "paint", (0.08, 0.08, 0.09))
        ink: RGB = _rgb((0.82, 0.82, 0.8))
        hint = (0.15, 0.15, 0.16)
    elif style in ("us", "ru_label"):
        base = rng.choice(((0.93, 0.93, 0.9), (0.8, 0.81, 0.82), (0.95, 0.94, 0.92)))
        surface = _surface(nrng, h, w, "paper", base)
        ink = _rgb((0.08, 0.08, 0.1))
        hint = rng.choice(((0.7, 0.7, 0.72), (0.12, 0.12, 0.14), (0.6, 0.1, 0.1), (0.2, 0.3, 0.5)))
    else:
        tone = rng.uniform(0.62, 0.86)
        surface = _surface(nrng, h, w, "brushed", (tone, tone, tone * 1.01))
        ink = _rgb((0.1, 0.1, 0.12))
        hint = rng.choice(((0.7, 0.7, 0.72), (0.12, 0.12, 0.14), (0.55, 0.05, 0.07), (0.85, 0.85, 0.85)))
    img = _to_pil(surface)
    draw = ImageDraw.Draw(img)
    id_box = _render_rows(img, rows, u, margin, ink)
    if style in ("eu", "asia", "black"):
        draw.rectangle((0.5 * u, 0.5 * u, w - 0.5 * u, h - 0.5 * u), outline=ink, width=max(1, round(u * 0.06)))
        if rng.random() < 0.7:
            _rivets(draw, w, h, u, float(surface.mean()))
    elif style == "us":
        _barcode(draw, rng, margin * u, h - 1.8 * u, w * 0.55, 1.2 * u, ink)
    return Doc(_from_pil(img), id_box, u, surface="metal", hint=hint)


def _guilloche(draw: ImageDraw.ImageDraw, rng: random.Random, w: int, h: int, color: RGB, u: float) -> None:
    width = max(1, round(u * 0.04))
    f1, f2 = rng.uniform(2, 5) / w * 2 * math.pi, rng.uniform(6, 12) / w * 2 * math.pi
    step = max(3, w // 160)
    for k in range(0, h + int(u * 2), max(2, int(u * 0.45))):
        ph = k * 0.05
        pts = [(x, k + u * 0.8 * math.sin(x * f1 + ph) + u * 0.3 * math.sin(x * f2 - ph * 2)) for x in range(0, w + step, step)]
        draw.line(pts, fill=color, width=width)


_RU_COLORS = (
    "БЕЛЫЙ",
    "ЧЕРНЫЙ",
    "СЕРЕБРИСТЫЙ",
    "СЕРЫЙ",
    "КРАСНЫЙ",
    "СИНИЙ",
    "ТЕМНО-СИНИЙ",
    "ЗЕЛЕНЫЙ",
    "БЕЖЕВЫЙ",
    "КОРИЧНЕВЫЙ",
    "ТЕМНО-СЕРЫЙ",
)
_PLATE_LETTERS = "АВЕКМНОРСТУХ"


def _reg_plate(rng: random.Random, regions: tuple[int, ...]) -> str:
    letters = [rng.choice(_PLATE_LETTERS) for _ in range(3)]
    return f"{letters[0]}{rng.randint(1, 999):03d}{letters[1]}{letters[2]} {rng.choice(regions)}"


def _sts_doc(
    rng: random.Random,
    nrng: np.random.Generator,
    u: float,
    *,
    vin: str | None,
    frame: str | None,
    car_name: str,
    year: int,
    on_frame: bool,
) -> Doc:
    lab_font = rng.choice(SANS + NARROW)
    val_font = rng.choice(MONO_B + SANS_B + ("LiberationMono-Bold.ttf",))
    lab_cap = rng.uniform(0.5, 0.7)
    lab_color = rng.choice(((120, 40, 50), (60, 60, 70), (40, 60, 90)))
    col = rng.uniform(14.5, 17.0) * lab_cap / 0.6
    dx, dy = rng.uniform(-0.8, 0.8), rng.uniform(-0.3, 0.25)  # where the printer put the values
    regions = (25, 27, 38, 54, 125) if vin is None else (77, 50, 78, 163, 66, 16, 54, 199, 750)
    absent = "ОТСУТСТВУЕТ"
    body_value = frame if (frame and not on_frame) else (vin if (vin and rng.random() < 0.7) else absent)
    chassis_value = frame if (frame and on_frame) else absent

    def field_row(label: str, value: str, ident: bool = False, big: float = 1.0) -> Row:
        return Row(
            [Seg(label, lab_cap, lab_font, color=lab_color), Seg(value, big, val_font, ident=ident, at=col + dx, dy=dy)],
            lead=rng.uniform(1.6, 1.9),
        )

    vin_value = vin if vin is not None else absent
    kind_car = rng.choice(("ЛЕГКОВОЙ СЕДАН", "ЛЕГКОВОЙ УНИВЕРСАЛ", "ЛЕГКОВОЙ ХЭТЧБЕК", "ЛЕГКОВОЙ КОМБИ (ХЭТЧБЕК)", "ЛЕГКОВОЙ"))
    if on_frame:
        kind_car = "ЛЕГКОВОЙ УНИВЕРСАЛ"
    power = rng.randint(55, 180)
    rows = [
        Row([Seg("РОССИЙСКАЯ ФЕДЕРАЦИЯ", lab_cap * 1.1, rng.choice(SANS_B), color=lab_color)], align="center"),
        Row(
            [Seg("СВИДЕТЕЛЬСТВО О РЕГИСТРАЦИИ ТРАНСПОРТНОГО СРЕДСТВА", lab_cap * 0.95, rng.choice(SANS_B), color=lab_color)],
            align="center",
        ),
        Row(
            [
                Seg(f"{rng.randint(10, 99)} {rng.randint(10, 99)}", 0.9, rng.choice(SERIF), color=(190, 30, 40)),
                Seg(f"№ {rng.randint(100000, 999999)}", 0.9, rng.choice(SERIF), color=(190, 30, 40)),
            ],
            align="center",
        ),
        field_row("Регистрационный знак", _reg_plate(rng, regions)),
        field_row("Идентификационный номер (VIN)", vin_value, ident=vin is not None),
        field_row("Марка, модель", car_name),
        field_row("Тип ТС", kind_car, big=0.9),
        field_row("Категория ТС (ABCD, прицеп)", "B"),
        field_row("Год выпуска ТС", str(year)),
        field_row("Шасси (рама) №", chassis_value, ident=bool(frame and on_frame)),
        field_row("Кузов (кабина, прицеп) №", body_value, ident=bool(frame and not on_frame)),
        field_row("Цвет", rng.choice(_RU_COLORS)),
        field_row("Мощность двигателя, кВт/л.с.", f"{int(power * 0.7355)}/{power}"),
        field_row("Экологический класс", rng.choice(("ЧЕТВЕРТЫЙ", "ПЯТЫЙ", "ТРЕТИЙ", "ВТОРОЙ", "ОТСУТСТВУЕТ"))),
        field_row(
            "Паспорт ТС серия",
            f"{rng.choice(regions) % 100:02d}{rng.choice('ОУТНМ')}{rng.choice('КХРТЕ')} № {rng.randint(100000, 999999)}",
        ),
        field_row("Разрешенная max масса, кг", str(rng.randint(14, 26) * 100 + rng.randint(0, 99))),
        field_row("Масса без нагрузки, кг", str(rng.randint(10, 19) * 100 + rng.randint(0, 99))),
    ]
    margin = rng.uniform(1.2, 2.0)
    w, h = _layout_size(rows, u, margin)
    w = int(w + u * rng.uniform(0.5, 2.5))
    paper = rng.choice(((0.97, 0.88, 0.89), (0.95, 0.9, 0.86), (0.88, 0.93, 0.9), (0.93, 0.91, 0.95)))
    surface = _surface(nrng, h, w, "paper", paper)
    img = _to_pil(surface)
    draw = ImageDraw.Draw(img)
    g = tuple(int(c * 255 * 0.9) for c in paper)
    _guilloche(draw, rng, w, h, (g[0], g[1], g[2]), u)
    ink: RGB = rng.choice(((15, 15, 20), (30, 30, 35), (25, 25, 45)))
    id_box = _render_rows(img, rows, u, margin, ink)
    if rng.random() < 0.5:  # laminated plastic card's rounded border
        draw.rounded_rectangle((0, 0, w - 1, h - 1), radius=u * 1.2, outline=(200, 200, 205), width=max(1, round(u * 0.1)))
    return Doc(_from_pil(img), id_box, u, surface="card", hint=paper)


def _stamp_doc(rng: random.Random, nrng: np.random.Generator, u: float, text: str, *, frame_style: bool = False) -> Doc:
    """Text stamped (or dot-peened) into metal: embossing by shading the gradient of a depth map."""
    margin_x, margin_y = rng.uniform(3, 7), rng.uniform(2.5, 6)
    style = rng.choice(("font", "font", "font", "dot"))
    font = rng.choice(
        (
            *MONO_B,
            "DejaVuSansCondensed-Bold.ttf",
            "LiberationSansNarrow-Bold.ttf",
            "DejaVuSans-Bold.ttf",
            "LiberationMono-Regular.ttf",
        )
    )
    spacing = rng.uniform(0.05, 0.35)
    stars = (not frame_style) and rng.random() < 0.5
    seg = Seg(text, 1.0, font, style="dot" if style == "dot" else "text", ident=True, spacing=0.0 if style == "dot" else spacing)
    tw = _seg_width(seg, u)
    star_w = 1.6 * u if stars else 0.0
    w, h = int(tw + 2 * star_w + 2 * margin_x * u), int(u + 2 * margin_y * u)
    kind = rng.choice(("paint", "paint", "rust", "brushed")) if not frame_style else rng.choice(("paint", "paint", "rust"))
    color = rng.choice(
        (
            (0.75, 0.75, 0.76),
            (0.12, 0.12, 0.13),
            (0.55, 0.07, 0.08),
            (0.85, 0.85, 0.84),
            (0.2, 0.27, 0.45),
            (0.45, 0.46, 0.47),
            (0.3, 0.32, 0.3),
        )
    )
    if kind == "rust":
        color = (0.36, 0.33, 0.3)
    surface = _surface(nrng, h, w, kind, color)
    mask_img = Image.new("L", (w, h), 0)
    mdraw = ImageDraw.Draw(mask_img)
    x = margin_x * u + star_w
    base = margin_y * u + u
    jitter = rng.random() < 0.5
    if style == "dot":
        box = _dot_text(mdraw, x, base, text, u, 255, dot=rng.uniform(0.7, 0.95))
    elif jitter:  # hand-set punches: each character a little off
        f = _font_cap(font, u)
        x0 = x
        for ch in text:
            mdraw.text((x + rng.uniform(-0.04, 0.04) * u, base + rng.uniform(-0.07, 0.07) * u), ch, font=f, fill=255, anchor="ls")
            x += float(f.getlength(ch)) + spacing * u
        box = (x0, base - u, x - spacing * u, base)
    else:
        box = _draw_seg(mdraw, x, base, seg, u, 255)
    if stars:
        cy = base - u / 2
        pts = rng.choice((5, 6))
        _star(mdraw, box[0] - 0.9 * u, cy, 0.45 * u, 255, pts)
        _star(mdraw, box[2] + 0.9 * u, cy, 0.45 * u, 255, pts)
    # context: a panel edge or a weld seam somewhere in the margins, a drilled hole
    if rng.random() < 0.5:
        ey = rng.choice((rng.uniform(0.3, margin_y * 0.6) * u, h - rng.uniform(0.3, margin_y * 0.6) * u))
        mdraw.line((0, ey, w, ey + rng.uniform(-1, 1) * u), fill=150, width=max(1, round(u * 0.25)))
    if rng.random() < 0.3:
        hx = rng.choice((rng.uniform(0.8, margin_x * 0.6), w / u - rng.uniform(0.8, margin_x * 0.6))) * u
        hy = rng.uniform(0.3, 0.7) * h
        r = u * rng.uniform(0.6, 1.2)
        mdraw.ellipse((hx - r, hy - r, hx + r, hy + r), fill=255)
    mask = np.asarray(mask_img, np.float32) / 255.0
    depth = cv2.GaussianBlur(mask, (0, 0), max(0.6, u * rng.uniform(0.04, 0.09)))
    gx = cv2.Sobel(depth, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(depth, cv2.CV_32F, 0, 1, ksize=3)
    raised = rng.random() < 0.25
    sign = 1.0 if raised else -1.0
    ang = rng.uniform(0, 2 * math.pi)
    shade = sign * (gx * math.cos(ang) + gy * math.sin(ang))
    shade /= float(np.percentile(np.abs(shade), 99.7)) + 1e-6
    if sum(color) / 3 < 0.35:  # dark paint: the relief shows by its highlights and by dust in the grooves
        strength = rng.uniform(0.45, 0.7)
        amount, fill = rng.uniform(0.2, 0.45), rng.uniform(0.5, 0.8)
    else:  # light paint or bare metal: grime darkens the grooves
        strength = rng.uniform(0.3, 0.55)
        amount, fill = rng.uniform(0.15, 0.45), rng.uniform(0.03, 0.2)
    if raised:
        amount *= 0.3
    groove = (depth * amount)[..., None]
    out = surface * (1 - groove) + fill * groove + (shade * strength)[..., None]
    alpha = np.ones((h, w), np.float32)
    feather = int(min(margin_x, margin_y) * u * 0.8)
    if feather > 2:
        ramp_x = np.clip(np.minimum(np.arange(w), w - 1 - np.arange(w)) / feather, 0, 1)
        ramp_y = np.clip(np.minimum(np.arange(h), h - 1 - np.arange(h)) / feather, 0, 1)
        alpha = np.outer(ramp_y, ramp_x).astype(np.float32)
    return Doc(_clip01(out.astype(np.float32)), box, u, alpha=alpha, surface="same", hint=color, fragile=0.6)


def _frame_plate_doc(
    rng: random.Random, nrng: np.random.Generator, u: float, frame: str, make: str, model: str, code: str
) -> Doc:
    makers = {
        "Toyota": "TOYOTA MOTOR CORPORATION",
        "Nissan": "NISSAN MOTOR CO., LTD.",
        "Honda": "HONDA MOTOR CO., LTD.",
        "Mitsubishi": "MITSUBISHI MOTORS CORPORATION",
        "Mazda": "MAZDA MOTOR CORPORATION",
        "Subaru": "FUJI HEAVY INDUSTRIES LTD.",
        "Suzuki": "SUZUKI MOTOR CORPORATION",
    }
    lab = rng.choice(SANS + NARROW)
    bold = rng.choice(SANS_B)
    small = rng.uniform(0.5, 0.75)
    font = rng.choice(MONO_B + SANS_B + ("DejaVuSansCondensed-Bold.ttf",))
    ident = Seg(frame, 1.0, font, ident=True, spacing=rng.choice((0.0, 0.05, 0.12)))
    col = rng.uniform(7, 9)
    engine = rng.choice(_ENGINES.get(make, ("1NZ-FE",)))
    rows = [
        Row([Seg(makers.get(make, make.upper()), small * 1.1, bold)], align="center"),
        Row(
            [
                Seg(rng.choice(("MODEL", "TYPE", "MODEL/TYPE")), small, lab),
                Seg(rng.choice(_JP_PREFIX) + code, small * 1.3, bold, at=col),
            ]
        ),
        Row([Seg(rng.choice(("FRAME NO.", "CHASSIS NO.", "FRAME", "FRAME NO")), small, lab), Seg("", small, lab)]),
        Row([ident], align="center"),
        Row([Seg("ENGINE", small, lab), Seg(engine, small * 1.2, bold, at=col)]),
        Row(
            [
                Seg("COLOR", small, lab),
                Seg(rng.choice(("040", "1F7", "202", "QM1", "KH3", "NH624P", "A22")), small * 1.2, bold, at=col),
                Seg("TRIM", small, lab),
                Seg(rng.choice(("FB10", "FA20", "G")), small * 1.2, bold),
            ]
        ),
        Row(
            [
                Seg("TRANS/AXLE", small, lab),
                Seg(rng.choice(("U341", "A245E", "RE4F03B", "SWRA", "F4A4B")), small * 1.2, bold, at=col),
            ]
        ),
    ]
    if rng.random() < 0.5:
        rows.append(
            Row(
                [
                    Seg(f"PLANT {rng.choice(('A11', 'A21', 'B14', 'H4'))}", small, lab),
                    Seg(f"MADE IN JAPAN {model.upper()}", small * 0.8, lab),
                ],
                align="split",
            )
        )
    margin = rng.uniform(1.5, 2.2)
    w, h = _layout_size(rows, u, margin)
    w = int(w * rng.uniform(1.02, 1.15))
    tone = rng.uniform(0.6, 0.85)
    surface = _surface(nrng, h, w, "brushed", (tone, tone, tone * 0.99))
    img = _to_pil(surface)
    draw = ImageDraw.Draw(img)
    ink: RGB = _rgb((0.1, 0.1, 0.12))
    id_box = _render_rows(img, rows, u, margin, ink)
    draw.rectangle((0.5 * u, 0.5 * u, w - 0.5 * u, h - 0.5 * u), outline=ink, width=max(1, round(u * 0.06)))
    if rng.random() < 0.7:
        _rivets(draw, w, h, u, tone)
    hint = rng.choice(((0.75, 0.75, 0.76), (0.12, 0.12, 0.13), (0.85, 0.85, 0.86), (0.2, 0.25, 0.4)))
    return Doc(_from_pil(img), id_box, u, surface="metal", hint=hint)


def _frame_paper_doc(
    rng: random.Random, nrng: np.random.Generator, u: float, frame: str, make: str, model: str, code: str
) -> Doc:
    lab = rng.choice(SANS + NARROW + SERIF[:1])
    val = rng.choice(MONO + SANS + SANS_B + SERIF)
    small = rng.uniform(0.7, 0.95)
    year = rng.randint(1995, 2012)
    engine = rng.choice(_ENGINES.get(make, ("1NZ-FE",)))
    style = rng.choice(("export", "invoice", "order"))
    rows: list[Row]
    if style == "export":
        col = rng.uniform(9, 12)
        rows = [
            Row([Seg("EXPORT CERTIFICATE", 1.0, rng.choice(SANS_B))], align="center", lead=2.2),
            Row(
                [
                    Seg("Registration No.", small, lab),
                    Seg(
                        f"{rng.choice(('Nagoya', 'Yokohama', 'Osaka', 'Kobe'))} {rng.randint(300, 599)} {rng.choice('ABCDEFGH')} {rng.randint(10, 99)}-{rng.randint(10, 99)}",
                        small,
                        val,
                        at=col,
                    ),
                ],
                rule=True,
            ),
            Row([Seg("Make", small, lab), Seg(make.upper(), small, val, at=col)], rule=True),
            Row([Seg("Model", small, lab), Seg(f"{rng.choice(_JP_PREFIX)}{code}", small, val, at=col)], rule=True),
            Row([Seg("Chassis No.", small, lab), Seg(frame, 1.0, val, ident=True, at=col)], rule=True),
            Row([Seg("Engine Model", small, lab), Seg(engine, small, val, at=col)], rule=True),
            Row([Seg("First Registration", small, lab), Seg(f"{year}/{rng.randint(1, 12):02d}", small, val, at=col)], rule=True),
            Row([Seg("Mileage", small, lab), Seg(f"{rng.randint(30, 250) * 1000} km", small, val, at=col)], rule=True),
        ]
    elif style == "invoice":
        rows = [
            Row(
                [
                    Seg(f"INVOICE No. {rng.randint(1000, 9999)}", 0.9, rng.choice(SANS_B)),
                    Seg(f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.20{rng.randint(15, 24)}", small, lab),
                ],
                align="split",
                lead=2.2,
            ),
            Row([Seg("Description", small, lab), Seg("Qty", small, lab, at=24)], rule=True),
            Row([Seg(f"{make.upper()} {model.upper()} {year}", small, val)]),
            Row([Seg("CHASSIS:", small, val), Seg(frame, 1.0, val, ident=True)]),
            Row(
                [
                    Seg(f"ENGINE: {engine}  COLOR: {rng.choice(('WHITE', 'SILVER', 'BLACK', 'PEARL'))}", small, val),
                    Seg("1", small, val, at=24),
                ],
                rule=True,
            ),
            Row([Seg("FOB YOKOHAMA", small, lab), Seg(f"USD {rng.randint(15, 90) * 100}", small, val)], align="split"),
        ]
    else:
        rows = [
            Row([Seg(f"Заказ-наряд № {rng.randint(100, 9999)}", 0.9, rng.choice(SANS_B))], lead=2.2),
            Row([Seg("Автомобиль:", small, lab), Seg(f"{make.upper()} {model.upper()}, {year} г.в.", small, val)]),
            Row([Seg("Номер кузова:", small, lab), Seg(frame, 1.0, val, ident=True)]),
            Row(
                [
                    Seg("Двигатель:", small, lab),
                    Seg(engine, small, val),
                    Seg("Пробег:", small, lab),
                    Seg(f"{rng.randint(50, 300)} 000 км", small, val),
                ]
            ),
            Row([Seg(f"Госномер: {_reg_plate(rng, (25, 27, 38, 54, 125))}", small, lab)]),
            Row([Seg("Работы: замена ремня ГРМ, помпы", small, val)], rule=True),
        ]
    margin = rng.uniform(1.5, 3.0)
    w, h = _layout_size(rows, u, margin)
    w = int(w * rng.uniform(1.05, 1.3))
    h = int(h * rng.uniform(1.0, 1.4))
    paper = rng.choice(((0.96, 0.96, 0.94), (0.93, 0.93, 0.9), (0.98, 0.97, 0.93)))
    img = _to_pil(_surface(nrng, h, w, "paper", paper))
    ink: RGB = rng.choice(((20, 20, 25), (30, 30, 60)))
    id_box = _render_rows(img, rows, u, margin, ink)
    return Doc(_from_pil(img), id_box, u, surface="paper", hint=paper)


def _part_number(rng: random.Random, family: str) -> str:
    def d(n: int) -> str:
        return "".join(rng.choice(_DIGITS) for _ in range(n))

    def L(n: int) -> str:
        return "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(n))

    if family == "toyota":
        prefix = rng.choice(("04152", "90915", "17801", "04465", "48510", "87139", "90919", "16400", "04466", "43512", "13568"))
        suffix = rng.choice((d(5), "YZZ" + L(1) + d(1), d(2) + L(1) + d(2), "0" + L(1) + d(3)))
        return f"{prefix}-{suffix}"
    if family == "nissan":
        return f"{rng.choice(('15208', '16546', '40206', '22401', '11720', '54618', '41060'))}-{rng.choice((d(2) + L(1) + d(1) + L(1), L(2) + d(3), L(2) + d(2) + L(1), d(1) + L(1) + d(3)))}"
    if family == "hyundai":
        return f"{rng.choice(('26300', '58101', '28113', '31922', '54813', '25100', '97133'))}-{rng.choice((d(5), d(1) + L(2) + d(2), d(1) + L(1) + d(3)))}"
    if family == "honda":
        return f"{rng.choice(('15400', '17220', '45022', '06164', '19200'))}-{L(3)}-{L(1)}{d(2)}"
    if family == "vag":
        return rng.choice((d(1) + L(1) + d(1), d(2) + L(1))) + d(3) + d(3) + rng.choice(("", L(1), L(2)))
    if family == "renault":
        return rng.choice(("82", "77")) + d(8)
    if family == "bmw":
        return rng.choice(("11", "34", "13", "31", "64")) + d(9)
    if family == "mercedes":
        return "A" + d(10)
    if family == "lada":
        return f"{rng.choice(('2108', '2110', '21120', '1118', '2190'))}-{d(7)}"
    # aftermarket articles
    return rng.choice((f"GDB{d(4)}", f"C-{d(4)}", d(6), f"KTB{d(3)}", f"ADG0{d(4)}", f"SP{d(4)}", f"{L(2)}{d(4)}"))


_PART_BRANDS = {
    "toyota": ("TOYOTA GENUINE PARTS", "MADE IN JAPAN"),
    "nissan": ("NISSAN GENUINE PARTS", "MADE IN JAPAN"),
    "hyundai": ("HYUNDAI MOBIS", "MADE IN KOREA"),
    "honda": ("HONDA GENUINE PARTS", "MADE IN JAPAN"),
    "vag": ("VOLKSWAGEN ORIGINAL TEILE", "MADE IN GERMANY"),
    "renault": ("RENAULT ORIGINAL", "MADE IN FRANCE"),
    "bmw": ("BMW ORIGINAL TEILE", "MADE IN GERMANY"),
    "mercedes": ("MERCEDES-BENZ GENUINE PARTS", "MADE IN GERMANY"),
    "lada": ("LADA ОРИГИНАЛЬНЫЕ ЗАПЧАСТИ", "СДЕЛАНО В РОССИИ"),
    "after": ("", "MADE IN EU"),
}
_PART_NAMES = (
    ("OIL FILTER", "ФИЛЬТР МАСЛЯНЫЙ"),
    ("AIR FILTER", "ФИЛЬТР ВОЗДУШНЫЙ"),
    ("BRAKE PAD SET", "КОЛОДКИ ТОРМОЗНЫЕ"),
    ("SPARK PLUG", "СВЕЧА ЗАЖИГАНИЯ"),
    ("SHOCK ABSORBER", "АМОРТИЗАТОР"),
    ("WATER PUMP", "НАСОС ВОДЯНОЙ"),
    ("GASKET", "ПРОКЛАДКА"),
    ("SENSOR", "ДАТЧИК"),
    ("THERMOSTAT", "ТЕРМОСТАТ"),
    ("WHEEL BEARING", "ПОДШИПНИК СТУПИЦЫ"),
    ("CABIN FILTER", "ФИЛЬТР САЛОНА"),
    ("TIMING BELT", "РЕМЕНЬ ГРМ"),
)


def _part_doc(rng: random.Random, nrng: np.random.Generator, u: float) -> tuple[Doc, tuple[str, ...]]:
    family = rng.choice(
        ("toyota", "toyota", "nissan", "hyundai", "honda", "vag", "renault", "bmw", "mercedes", "lada", "after", "after")
    )
    brand, made = _PART_BRANDS[family]
    if family == "after":
        brand = rng.choice(("TRW", "SAKURA", "KYB", "BLUE PRINT", "NIPPARTS", "FEBI", "LYNXauto", "MASUMA"))
        made = rng.choice(("MADE IN EU", "MADE IN JAPAN", "MADE IN INDONESIA", "MADE IN CHINA", "MADE IN TAIWAN"))
    main = _part_number(rng, family)
    numbers = [main]
    extra = rng.choices((0, 1, 2), weights=(0.5, 0.3, 0.2))[0]
    oe_family = family if family != "after" else rng.choice(("toyota", "nissan", "hyundai", "honda", "vag", "renault"))
    while len(numbers) < 1 + extra:
        n = _part_number(rng, oe_family)
        if n not in numbers:
            numbers.append(n)
    name_en, name_ru = rng.choice(_PART_NAMES)
    lab = rng.choice(SANS + NARROW)
    bold = rng.choice(SANS_B)
    pn_font = rng.choice(SANS_B + MONO_B + ("DejaVuSansCondensed-Bold.ttf",))
    small = rng.uniform(0.45, 0.7)
    ean = _ean13(rng, rng.choice(("4", "46", "880", "3", "590")))
    rows = [Row([Seg(brand, rng.uniform(0.8, 1.3), bold)], align=rng.choice(("left", "center")), lead=1.8)]
    label_word = rng.choice(("PART NO.", "Part No:", "Арт.", "№ детали", "ART.NR."))
    if rng.random() < 0.5:
        rows.append(Row([Seg(label_word, small, lab), Seg(main, 1.0, pn_font, ident=True)]))
    else:
        rows.append(Row([Seg(label_word, small, lab)], lead=1.3))
        rows.append(Row([Seg(main, 1.0, pn_font, ident=True)]))
    rows.append(Row([Seg(name_en, small * 1.1, lab), Seg(name_ru, small * 1.1, lab)]))
    if len(numbers) > 1:
        word = rng.choice(("OE:", "OEM:", "Replaces:", "Заменяет:", "Cross:"))
        rows.append(
            Row(
                [
                    Seg(word, small, lab),
                    Seg(" / ".join(numbers[1:]) if rng.random() < 0.5 else ", ".join(numbers[1:]), 0.85, pn_font),
                ]
            )
        )
    rows.append(
        Row(
            [
                Seg(f"QTY: {rng.choice((1, 1, 1, 2, 4))}", small, lab),
                Seg(f"LOT {rng.randint(10, 99)}{rng.choice('ABCDEFGHK')}{rng.randint(100, 999)}", small, lab),
                Seg(made, small, lab),
            ],
            align="split",
        )
    )
    rows.append(Row([Seg(" ", 2.0)], lead=1.25))  # room for the barcode
    rows.append(Row([Seg(ean, small, "DejaVuSansMono.ttf", spacing=0.15)], lead=1.4))
    margin = rng.uniform(1.0, 1.8)
    w, h = _layout_size(rows, u, margin)
    w = int(w * rng.uniform(1.02, 1.15))
    label_paper = rng.choice(((0.97, 0.97, 0.95), (0.94, 0.95, 0.96), (0.99, 0.96, 0.85)))
    img = _to_pil(_surface(nrng, h, w, "paper", label_paper))
    draw = ImageDraw.Draw(img)
    ink: RGB = rng.choice(((10, 10, 15), (25, 25, 30)))
    id_box = _render_rows(img, rows, u, margin, ink)
    total_h = _layout_size(rows[:-2], u, 0)[1]
    bar_y = margin * u + total_h + 0.2 * u
    _barcode(draw, rng, margin * u, bar_y, min(w * 0.55, 15 * u), 2.0 * u, ink)
    if rng.random() < 0.4:
        q = 3.5 * u
        _qr(draw, rng, w - margin * u - q, bar_y, q, ink, _rgb(label_paper))
    if rng.random() < 0.5:
        draw.rectangle((0.3 * u, 0.3 * u, w - 0.3 * u, h - 0.3 * u), outline=ink, width=max(1, round(u * 0.05)))
    label = _from_pil(img)
    # the label sits on a box face (cardboard or a printed box) with a border of it around
    bx, by = int(rng.uniform(1.5, 6) * u), int(rng.uniform(1.5, 6) * u)
    box_color = rng.choice(
        (
            (0.72, 0.56, 0.38),
            (0.65, 0.5, 0.33),
            (0.9, 0.9, 0.9),
            (0.8, 0.1, 0.12),
            (0.1, 0.25, 0.55),
            (0.95, 0.75, 0.1),
            (0.15, 0.15, 0.15),
        )
    )
    face = _surface(
        nrng, h + 2 * by, w + 2 * bx, "cardboard" if box_color[0] > 0.6 and box_color[2] < 0.45 else "paper", box_color
    )
    if box_color not in ((0.72, 0.56, 0.38), (0.65, 0.5, 0.33)):  # printed box: a band of the brand
        fimg = _to_pil(face)
        fd = ImageDraw.Draw(fimg)
        fcap = min(by * 0.6, 1.6 * u)
        if fcap > 4:
            contrast: RGB = (255, 255, 255) if sum(box_color) < 1.6 else (20, 20, 20)
            fd.text((bx, by * 0.8), brand.split()[0], font=_font_cap(bold, fcap), fill=contrast, anchor="ls")
        face = _from_pil(fimg)
    face[by : by + h, bx : bx + w] = label
    # a thin shadow line under the sticker's edge
    face[by + h : by + h + max(1, int(u * 0.08)), bx : bx + w] *= 0.85
    id_box = (id_box[0] + bx, id_box[1] + by, id_box[2] + bx, id_box[3] + by)
    for seg in (s for r in rows for s in r.segs):  # nothing on a part label may pass for a VIN
        assert not _VIN_LIKE.search(seg.text.replace(" ", "")), seg.text
    return Doc(face, id_box, u, surface="box", hint=box_color), tuple(numbers)


# ---------------------------------------------------------------------------------------------
# The camera
# ---------------------------------------------------------------------------------------------


def _background(rng: random.Random, nrng: np.random.Generator, h: int, w: int, doc: Doc) -> Arr:
    if doc.surface == "same":
        kind = "paint"
        img = _surface(nrng, h, w, kind, doc.hint)
        return img
    if doc.surface == "metal":
        choice = rng.choice(("car", "car", "engine", "desk"))
    else:
        choice = rng.choice(("wood", "desk", "fabric", "car_seat", "dash", "wood"))
    if choice == "car":
        return _surface(nrng, h, w, "paint", doc.hint)
    if choice == "engine":
        img = _surface(nrng, h, w, "rust", (0.18, 0.18, 0.19))
        blobs = np.clip(_smooth(nrng, h, w, max(h, w) / 8), -1, 2) * 0.06
        img += blobs[..., None]
        return _clip01(img)
    if choice == "wood":
        base = np.asarray(rng.choice(((0.55, 0.36, 0.2), (0.42, 0.27, 0.15), (0.7, 0.55, 0.38), (0.3, 0.2, 0.13))), np.float32)
        grain = _streaks(nrng, h, w) * 0.06 + _smooth(nrng, h, w, 30) * 0.03
        return _clip01(np.asarray(base * (1 + grain[..., None] * 1.5), np.float32))
    if choice == "desk":
        tone = rng.uniform(0.55, 0.92)
        return _surface(nrng, h, w, "paper", (tone, tone * rng.uniform(0.97, 1.0), tone * rng.uniform(0.93, 1.0)))
    if choice == "fabric":
        col = rng.choice(((0.2, 0.2, 0.22), (0.15, 0.18, 0.28), (0.35, 0.3, 0.28)))
        img = _fill(h, w, col)
        img += (nrng.standard_normal((h, w), dtype=np.float32) * 0.03 + _smooth(nrng, h, w, 2) * 0.02)[..., None]
        return _clip01(img)
    if choice == "car_seat":
        img = _surface(nrng, h, w, "paint", (0.12, 0.12, 0.12))
        for _ in range(rng.randint(1, 3)):  # stitching seams
            y = rng.randint(0, h - 1)
            img[max(0, y - 2) : y + 2] *= 0.6
        return img
    return _surface(nrng, h, w, "paint", (0.09, 0.09, 0.1))


def _clutter(rng: random.Random, nrng: np.random.Generator, img: Arr, cap: float) -> None:
    """Other papers lying around, with lines of (unreadable) text."""
    h, w = img.shape[:2]
    for _ in range(rng.randint(1, 3)):
        pw, ph = int(w * rng.uniform(0.2, 0.5)), int(h * rng.uniform(0.2, 0.5))
        sheet = Image.new("RGB", (pw, ph), _rgb((rng.uniform(0.85, 0.97),) * 3))
        d = ImageDraw.Draw(sheet)
        line_h = cap * rng.uniform(0.8, 1.4)
        y = line_h * 2
        while y < ph - line_h:
            x = line_h
            while x < pw - line_h * 3:
                wl = line_h * rng.uniform(1.5, 6)
                d.rectangle((x, y, min(pw - line_h, x + wl), y + line_h * 0.5), fill=_rgb((rng.uniform(0.35, 0.6),) * 3))
                x += wl + line_h * 0.6
            y += line_h * 1.8
        a = np.asarray(sheet, np.float32) / 255
        m = cv2.getRotationMatrix2D((pw / 2, ph / 2), rng.uniform(-40, 40), 1.0)
        m[0, 2] += rng.uniform(-0.2, 0.9) * w - pw / 2
        m[1, 2] += rng.uniform(-0.2, 0.9) * h - ph / 2
        corners = np.array([[0, 0, 1], [pw, 0, 1], [pw, ph, 1], [0, ph, 1]], np.float64) @ m.T
        x0, y0 = max(0, int(corners[:, 0].min())), max(0, int(corners[:, 1].min()))
        x1, y1 = min(w, int(corners[:, 0].max()) + 2), min(h, int(corners[:, 1].max()) + 2)
        if x1 <= x0 or y1 <= y0:
            continue
        m[0, 2] -= x0
        m[1, 2] -= y0
        warped = cv2.warpAffine(a, m, (x1 - x0, y1 - y0), flags=cv2.INTER_LINEAR, borderValue=(0, 0, 0))
        mask = cv2.warpAffine(np.ones((ph, pw), np.float32), m, (x1 - x0, y1 - y0), flags=cv2.INTER_LINEAR)[..., None]
        img[y0:y1, x0:x1] = img[y0:y1, x0:x1] * (1 - mask) + warped * mask


def _rotation(pitch: float, yaw: float, roll: float) -> npt.NDArray[np.float64]:
    cx, sx = math.cos(pitch), math.sin(pitch)
    cy, sy = math.cos(yaw), math.sin(yaw)
    cz, sz = math.cos(roll), math.sin(roll)
    rx = np.array([[1, 0, 0], [0, cx, -sx], [0, sx, cx]])
    ry = np.array([[cy, 0, sy], [0, 1, 0], [-sy, 0, cy]])
    rz = np.array([[cz, -sz, 0], [sz, cz, 0], [0, 0, 1]])
    return np.asarray(rz @ ry @ rx, np.float64)


def _finger(rng: random.Random, img: Arr, keep_out: Box) -> None:
    """A thumb over the sheet's edge, never over keep_out (the identifier and a margin)."""
    h, w = img.shape[:2]
    q = 4  # the mask is drawn and softened at a quarter of the resolution
    for _ in range(12):
        side = rng.choice(("left", "right", "bottom", "top"))
        a = min(h, w) * rng.uniform(0.3, 0.5)
        b = a * rng.uniform(0.28, 0.38)
        if side in ("left", "right"):
            cx = -a * 0.1 if side == "left" else w + a * 0.1
            cy = rng.uniform(0.1, 0.9) * h
            ang = rng.uniform(-35, 35) + (0 if side == "left" else 180)
        else:
            cy = h + a * 0.1 if side == "bottom" else -a * 0.1
            cx = rng.uniform(0.1, 0.9) * w
            ang = rng.uniform(-35, 35) + (270 if side == "bottom" else 90)
        ca, sa = math.cos(math.radians(ang)), math.sin(math.radians(ang))
        pts = [
            ((cx + a * math.cos(t) * ca - b * math.sin(t) * sa) / q, (cy + a * math.cos(t) * sa + b * math.sin(t) * ca) / q)
            for t in np.linspace(0, 2 * math.pi, 60)
        ]
        mask_img = Image.new("L", (w // q + 1, h // q + 1), 0)
        ImageDraw.Draw(mask_img).polygon(pts, fill=255)
        small = np.asarray(mask_img, np.float32) / 255
        x0, y0, x1, y1 = (int(v / q) for v in keep_out)
        region = small[max(0, y0 - 1) : max(0, y1 + 2), max(0, x0 - 1) : max(0, x1 + 2)]
        if (region.size and region.max() > 0) or small.mean() < 0.01:
            continue
        soft_s = cv2.GaussianBlur(small, (0, 0), max(0.6, b * 0.015))
        dist_s = cv2.GaussianBlur(small, (0, 0), max(1.0, b * 0.12))
        soft = cv2.resize(soft_s, (w, h), interpolation=cv2.INTER_LINEAR)
        dist = cv2.resize(dist_s, (w, h), interpolation=cv2.INTER_LINEAR)
        ys, xs = np.nonzero(small)
        bx0, by0 = max(0, (int(xs.min()) - 3) * q), max(0, (int(ys.min()) - 3) * q)
        bx1, by1 = min(w, (int(xs.max()) + 4) * q), min(h, (int(ys.max()) + 4) * q)
        sl = (slice(by0, by1), slice(bx0, bx1))
        sf, ds = soft[sl][..., None], dist[sl][..., None]
        skin = np.asarray(rng.choice(((0.86, 0.64, 0.52), (0.78, 0.56, 0.44), (0.62, 0.43, 0.32), (0.9, 0.72, 0.62))), np.float32)
        img[sl] = img[sl] * (1 - sf) + skin * (0.55 + 0.5 * ds) * sf
        return


def _disk(radius: float) -> Arr:
    r = max(1, math.ceil(radius))
    yy, xx = np.mgrid[-r : r + 1, -r : r + 1].astype(np.float32)
    k = np.clip(radius + 0.5 - np.sqrt(xx * xx + yy * yy), 0, 1)
    return np.asarray(k / k.sum(), np.float32)


def _motion(length: float, angle: float) -> Arr:
    n = max(3, math.ceil(length) | 1)
    k = np.zeros((n, n), np.float32)
    c = n // 2
    for t in np.linspace(-length / 2, length / 2, max(2, int(length * 3))):
        k[round(c + t * math.sin(angle)), round(c + t * math.cos(angle))] += 1
    return np.asarray(k / k.sum(), np.float32)


@dataclass
class _Look:
    cap: float  # identifier capital height in the rendered (pre-forward) frame
    width: int
    height: int
    focal: float
    pitch: float
    yaw: float
    roll: float
    extras: dict[str, float] = field(default_factory=dict)


def _shoot(rng: random.Random, nrng: np.random.Generator, doc: Doc, look: _Look) -> tuple[Arr, Box]:
    w, h = look.width, look.height
    s = look.cap / doc.cap
    src = doc.img
    alpha = doc.alpha if doc.alpha is not None else np.ones(src.shape[:2], np.float32)
    # shrink the sheet to about the photo's scale first (area averaging), the homography does the rest
    sh, sw = max(8, round(src.shape[0] * s)), max(8, round(src.shape[1] * s))
    interp = cv2.INTER_AREA if s < 1 else cv2.INTER_CUBIC
    src = np.asarray(cv2.resize(src, (sw, sh), interpolation=interp), np.float32)
    alpha = np.asarray(cv2.resize(alpha, (sw, sh), interpolation=interp), np.float32)
    sx, sy = sw / doc.img.shape[1], sh / doc.img.shape[0]
    x0, y0, x1, y1 = doc.id_box[0] * sx, doc.id_box[1] * sy, doc.id_box[2] * sx, doc.id_box[3] * sy
    pad = 2  # transparent border: antialiased sheet edges
    src = np.asarray(cv2.copyMakeBorder(src, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=(0, 0, 0)), np.float32)
    alpha = np.asarray(cv2.copyMakeBorder(alpha, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=0), np.float32)
    x0, y0, x1, y1 = x0 + pad, y0 + pad, x1 + pad, y1 + pad
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    rot = _rotation(look.pitch, look.yaw, look.roll)

    def project(pts: list[tuple[float, float]]) -> npt.NDArray[np.float64]:
        out = []
        for px, py in pts:
            p = rot @ np.array([px - cx, py - cy, 0.0])
            z = look.focal + p[2]
            out.append((look.focal * p[0] / z, look.focal * p[1] / z))
        return np.array(out)

    corners = [(0.0, 0.0), (src.shape[1] - 1.0, 0.0), (src.shape[1] - 1.0, src.shape[0] - 1.0), (0.0, src.shape[0] - 1.0)]
    idq = project([(x0, y0), (x1, y0), (x1, y1), (x0, y1)])
    margin = 0.04 * min(w, h) + look.cap
    lo_x, hi_x = margin - idq[:, 0].min(), w - margin - idq[:, 0].max()
    lo_y, hi_y = margin - idq[:, 1].min(), h - margin - idq[:, 1].max()
    tx = rng.uniform(lo_x, hi_x) if hi_x > lo_x else w / 2
    ty = rng.uniform(lo_y, hi_y) if hi_y > lo_y else h / 2
    dst = project(corners) + np.array((tx, ty))
    m = cv2.getPerspectiveTransform(np.asarray(corners, np.float32), np.asarray(dst, np.float32))
    idq = idq + np.array((tx, ty))
    keep: Box = (idq[:, 0].min() - look.cap, idq[:, 1].min() - look.cap, idq[:, 0].max() + look.cap, idq[:, 1].max() + look.cap)

    bg = _background(rng, nrng, h, w, doc)
    if doc.surface != "same" and rng.random() < 0.35:
        _clutter(rng, nrng, bg, look.cap * rng.uniform(0.5, 1.0))
    warped = cv2.warpPerspective(src, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT)
    wa = cv2.warpPerspective(alpha, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT)
    if doc.surface != "same":  # the sheet casts a soft shadow on what it lies on (worked out at 1/4 size)
        off = look.cap * rng.uniform(0.1, 0.6)
        qa = cv2.resize(wa, (w // 4 + 1, h // 4 + 1), interpolation=cv2.INTER_AREA)
        sm = np.asarray([[1, 0, off / 4 * rng.choice((-1, 1))], [0, 1, off / 4]], np.float32)
        shadow = cv2.GaussianBlur(cv2.warpAffine(qa, sm, (qa.shape[1], qa.shape[0])), (0, 0), max(0.7, off / 4))
        bg *= 1 - 0.35 * cv2.resize(shadow, (w, h), interpolation=cv2.INTER_LINEAR)[..., None]
    img = (bg * (1 - wa[..., None]) + warped * wa[..., None]).astype(np.float32)

    if rng.random() < 0.3:
        _finger(rng, img, keep)

    # light, computed at a quarter of the resolution: a broad gradient, low-frequency unevenness,
    # vignetting, maybe a hand's/phone's shadow; glare spots added on top, kept weak over the identifier
    q = 4
    lh, lw = h // q + 1, w // q + 1
    yy, xx = np.mgrid[0:lh, 0:lw].astype(np.float32)
    yy /= lh
    xx /= lw
    ga = rng.uniform(0, 2 * math.pi)
    light = 1 + ((xx - 0.5) * math.cos(ga) + (yy - 0.5) * math.sin(ga)) * rng.uniform(0.0, 0.5)
    light += _smooth(nrng, lh, lw, max(lh, lw) / 2.5) * rng.uniform(0.02, 0.1)
    light *= (1 - rng.uniform(0.05, 0.35) * ((xx - 0.5) ** 2 + (yy - 0.5) ** 2) * 2) * rng.uniform(0.75, 1.15)
    if rng.random() < 0.35:
        poly = Image.new("L", (lw, lh), 0)
        pts = [(rng.uniform(-0.2, 1.2) * lw, rng.uniform(-0.2, 1.2) * lh) for _ in range(3)]
        corner = rng.choice(((0.0, 0.0), (float(lw), 0.0), (float(lw), float(lh)), (0.0, float(lh))))
        ImageDraw.Draw(poly).polygon([corner, *pts], fill=255)
        shade = cv2.GaussianBlur(np.asarray(poly, np.float32) / 255, (0, 0), min(lw, lh) * rng.uniform(0.01, 0.05) + 0.5)
        light *= 1 - rng.uniform(0.2, 0.5) * shade
    glare = np.zeros((lh, lw), np.float32)
    kx0, ky0, kx1, ky1 = (max(0, int(v / q)) for v in keep)
    for _ in range(rng.choices((0, 1, 2, 3), weights=(0.45, 0.3, 0.15, 0.1))[0]):
        gx, gy = rng.uniform(0, 1), rng.uniform(0, 1)
        sgx, sgy = rng.uniform(0.02, 0.15), rng.uniform(0.02, 0.12)
        g = np.exp(-(((xx - gx) / sgx) ** 2 + ((yy - gy) / sgy) ** 2) / 2)
        k = rng.uniform(0.4, 1.0)
        over = g[ky0 : ky1 + 1, kx0 : kx1 + 1]
        if over.size:
            k = min(k, 0.35 / max(float(over.max()), 1e-3))
        glare += g * k
    wb = np.asarray([rng.uniform(0.92, 1.08), 1.0, rng.uniform(0.9, 1.1)], np.float32)
    light_full = cv2.resize(light, (w, h), interpolation=cv2.INTER_LINEAR)[..., None] * wb
    img *= light_full
    if glare.max() > 0:
        glare_full = cv2.resize(np.clip(glare, 0, 1), (w, h), interpolation=cv2.INTER_LINEAR)[..., None]
        img += glare_full * (1.05 - img)

    # optics: defocus and/or hand shake, bounded by the text size
    c = look.cap * doc.fragile
    if rng.random() < 0.6:
        r = rng.uniform(0.3, 0.06 * c + 0.5)
        img = np.asarray(cv2.filter2D(img, -1, _disk(r)), np.float32)
    if rng.random() < 0.3:
        length = rng.uniform(1.0, 0.14 * c + 1.2)
        img = np.asarray(cv2.filter2D(img, -1, _motion(length, rng.uniform(0, math.pi))), np.float32)
    if rng.random() < 0.3:  # low contrast (haze, dim light, washed-out label)
        lo = 0.65 if c < 12 else 0.5
        lo = lo if doc.fragile >= 1 else 0.75
        k = rng.uniform(lo, 0.85)
        mean = float(img.mean())
        img = mean + (img - mean) * k

    # sensor noise (a tile of grain repeated: cheaper than a full frame of it, looks the same) and
    # blotchy chroma noise, then the phone's sharpening; the tone curve is applied on 8 bits
    sigma = rng.uniform(0.006, 0.028 if c < 12 else 0.04)
    th, tw = 241 + rng.randint(0, 60), 263 + rng.randint(0, 60)
    tile = nrng.standard_normal((th, tw, 1), dtype=np.float32) * sigma
    img += np.tile(tile, (h // th + 1, w // tw + 1, 1))[:h, :w]
    img += cv2.resize(nrng.standard_normal((h // 4 + 1, w // 4 + 1, 3), dtype=np.float32), (w, h)) * (sigma * 0.5)
    if rng.random() < 0.5:
        soft = cv2.GaussianBlur(img, (0, 0), rng.uniform(0.8, 1.6))
        amount = rng.uniform(0.3, 0.9)
        img = np.asarray(cv2.addWeighted(img, 1 + amount, soft, -amount, 0), np.float32)
    return np.asarray(img, np.float32), keep


def _to_bgr8(img: Arr, gamma: float) -> npt.NDArray[np.uint8]:
    u8 = cv2.convertScaleAbs(img[..., ::-1], alpha=255.0)  # saturates to 0..255
    lut = np.clip((np.arange(256) / 255.0) ** gamma * 255 + 0.5, 0, 255).astype(np.uint8)
    return np.asarray(cv2.LUT(u8, lut), np.uint8)


def _jpeg(img: npt.NDArray[np.uint8], quality: int) -> npt.NDArray[np.uint8]:
    ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return np.asarray(cv2.imdecode(buf, cv2.IMREAD_COLOR), np.uint8)


def _doc_for(
    kind: str, rng: random.Random, nrng: np.random.Generator, u: float
) -> tuple[Doc, str | None, str | None, tuple[str, ...]]:
    if kind == "vin_plate":
        car = _make_vin(rng)
        return _plate_doc(rng, nrng, u, car), car.vin, None, ()
    if kind == "sts":
        car = _make_vin(rng)
        name = car.maker
        names = {
            "ru": (
                "LADA GRANTA",
                "ЛАДА 219010 LADA GRANTA",
                "LADA VESTA",
                "RENAULT LOGAN",
                "HYUNDAI SOLARIS",
                "KIA RIO",
                "VOLKSWAGEN POLO",
                "ЛАДА 212140 LADA 4X4",
                "SKODA RAPID",
            ),
            "eu": (
                "VOLKSWAGEN PASSAT",
                "BMW 320I",
                "MERCEDES-BENZ E200",
                "AUDI A4",
                "FORD FOCUS",
                "OPEL ASTRA",
                "SKODA OCTAVIA",
                "RENAULT DUSTER",
                "PEUGEOT 308",
            ),
            "asia": (
                "TOYOTA CAMRY",
                "KIA SPORTAGE",
                "HYUNDAI TUCSON",
                "MAZDA 6",
                "NISSAN QASHQAI",
                "MITSUBISHI OUTLANDER",
                "SUBARU FORESTER",
                "HONDA CR-V",
            ),
            "na": ("TOYOTA RAV4", "HONDA ACCORD", "FORD EXPLORER", "CHEVROLET CRUZE", "TESLA MODEL 3", "JEEP GRAND CHEROKEE"),
            "cn": ("CHERY TIGGO 7 PRO", "HAVAL JOLION", "GEELY COOLRAY", "CHANGAN CS35PLUS", "EXEED TXL"),
        }
        name = rng.choice(names[car.region])
        return _sts_doc(rng, nrng, u, vin=car.vin, frame=None, car_name=name, year=car.year, on_frame=False), car.vin, None, ()
    if kind == "stamped":
        car = _make_vin(rng)
        return _stamp_doc(rng, nrng, u, car.vin), car.vin, None, ()
    if kind == "frame":
        frame, make, model, code = _make_frame(rng)
        roll = rng.random()
        if roll < 0.45:
            doc = _frame_plate_doc(rng, nrng, u, frame, make, model, code)
        elif roll < 0.8:
            doc = _frame_paper_doc(rng, nrng, u, frame, make, model, code)
        else:
            doc = _stamp_doc(rng, nrng, u, frame, frame_style=True)
        return doc, None, frame, ()
    if kind == "sts_jp":
        frame, make, model, code = _make_frame(rng)
        on_frame = model in ("Land Cruiser", "Land Cruiser Prado", "Pajero", "Escudo", "Jimny") or code.startswith(
            ("LH", "KZH", "RZH")
        )
        name = f"{make.upper()} {model.upper()}"
        year = rng.randint(1993, 2012)
        return _sts_doc(rng, nrng, u, vin=None, frame=frame, car_name=name, year=year, on_frame=on_frame), None, frame, ()
    doc, numbers = _part_doc(rng, nrng, u)
    return doc, None, None, numbers


def generate_one(folder: Path, index: int, seed: int = 13) -> Sample:
    return _generate(folder, index, seed)[0]


def _generate(folder: Path, index: int, seed: int) -> tuple[Sample, Box]:
    """The sample and where its identifier is in the photo (with a margin), for checking by eye."""
    rng = random.Random(f"fourth:{seed}:{index}")
    nrng = np.random.default_rng(rng.getrandbits(64))
    kind = KINDS[index % len(KINDS)]
    folder.mkdir(parents=True, exist_ok=True)

    # the final photo's size, and the identifier's capital height in it
    long_side = rng.randint(1280, 1600) if rng.random() > 0.08 else rng.randint(1700, 2400)
    aspect = rng.choice((4 / 3, 4 / 3, 16 / 9, 3 / 2, 1.0))
    portrait = rng.random() < 0.45
    fw, fh = long_side, round(long_side / aspect)
    if portrait:
        fw, fh = fh, fw
    if kind == "stamped":  # shallow relief needs a few more pixels than ink to stay readable
        cap_final = rng.uniform(11, 14) if rng.random() < 0.3 else math.exp(rng.uniform(math.log(14), math.log(40)))
    else:
        cap_final = rng.uniform(8, 14) if rng.random() < 0.42 else math.exp(rng.uniform(math.log(14), math.log(40)))
    forwarded = rng.random() < 0.3
    pre = rng.uniform(1.25, 1.6) if forwarded else 1.0  # a forwarded photo was taken bigger
    pre = min(pre, 2600 / long_side) if forwarded else pre
    cap = cap_final * pre
    width, height = round(fw * pre), round(fh * pre)

    u = min(max(cap * 1.25, 20.0), 44.0)  # the sheet is drawn about this big, then scaled by the camera
    doc, vin, frame, parts = _doc_for(kind, rng, nrng, u)

    tilt = math.radians(20)
    look = _Look(
        cap=cap,
        width=width,
        height=height,
        focal=max(width, height) * rng.uniform(0.8, 1.4),
        pitch=max(-tilt, min(tilt, rng.gauss(0, math.radians(8)))),
        yaw=max(-tilt, min(tilt, rng.gauss(0, math.radians(8)))),
        roll=math.radians(rng.uniform(-15, 15) if rng.random() < 0.6 else rng.uniform(-4, 4)),
    )
    img, keep = _shoot(rng, nrng, doc, look)
    bgr = _to_bgr8(img, rng.uniform(0.85, 1.15))
    quality = rng.randint(25, 60)
    if forwarded:
        bgr = _jpeg(bgr, rng.randint(80, 93))  # the camera's own JPEG
        mid = rng.uniform(1.0, pre)
        bgr = np.asarray(cv2.resize(bgr, (round(fw * mid), round(fh * mid)), interpolation=cv2.INTER_AREA), np.uint8)
        bgr = _jpeg(bgr, rng.randint(45, 75))  # the first messenger
        bgr = np.asarray(cv2.resize(bgr, (fw, fh), interpolation=cv2.INTER_AREA), np.uint8)
    path = folder / f"fourth_{seed}_{index:05d}_{kind}.jpg"
    ok, buf = cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, quality, cv2.IMWRITE_JPEG_OPTIMIZE, 0])
    assert ok
    path.write_bytes(buf.tobytes())
    sample = Sample(path=path, kind=kind, vin=vin, frame=frame, part_numbers=parts)
    return sample, (keep[0] / pre, keep[1] / pre, keep[2] / pre, keep[3] / pre)
