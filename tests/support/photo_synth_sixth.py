"""Sixth synthetic photo set: customers' phone photos of car identifiers, for measuring the reader.

Each photo shows one of six things a customer sends a parts shop, with the identifier on it as the
truth (`Sample`):

* ``vin_plate`` - a maker's riveted VIN plate, a B-pillar sticker, the tag under the windscreen seen
  through the glass, or a barcode sticker with the VIN printed under its Code 39 barcode; maker name,
  type approval, weights, paint and trim codes, «MADE IN …» and dates around it;
* ``sts`` - a fragment of a Russian registration certificate (СТС): guilloche on a pink-green iris
  background, the form's Cyrillic labels and the printer's values, misregistered against the form
  (the body number repeats the VIN, the chassis says «ОТСУТСТВУЕТ»);
* ``stamped`` - a VIN punched or dot-peened into painted, bare or rusty metal: relief only, shaded by
  an oblique light, with star delimiters, per-die misalignment, grime or chalk in the grooves, spot
  welds, seams and drain holes around it;
* ``frame`` - a Japanese frame number (``NZE141-6012345``) on a maker's model plate («車台番号 FRAME NO.»
  drawn with this module's own strokes), stamped into the firewall, or on a sticker;
* ``part_label`` - a parts box label with one or two article numbers (the second as «OEM», «REPLACES»,
  «ЗАМЕНА» …), a Code 39 or EAN-13 barcode, a description, quantity and origin, stuck askew on a box;
* ``sts_jp`` - the СТС of a right-hand-drive Japanese car: VIN «ОТСУТСТВУЕТ», the frame number under
  «Шасси (рама) №» or «Кузов (кабина, прицеп) №».

Type comes from the system's TrueType faces (DejaVu, Liberation: weights, condensed, mono, serif), from
OpenCV's Hershey faces, and from two font families drawn here: a 7x9 dot-matrix (round ink-jet drops or
square thermal/impact dots) and a chamfered monoline stroke font used four ways (narrow engraving,
DIN-like, stencil with cut joints, dot-peen). The object is laid out flat, then seen by a pinhole camera
(rotation within ±15°, tilt, perspective), placed on a background (car paint, dashboard, carpet, desk,
palm, seat fabric, engine bay, a monitor) and spoiled the way phones spoil photos: uneven light,
vignetting, glare (limited over the identifier), haze, colour casts, defocus and motion blur, barrel
distortion, lateral chromatic aberration, moiré, sensor noise, denoising, oversharpening, fingers,
shadows and stickers that never touch the identifier, JPEG quality 25-60 and sometimes a second
re-compression. The identifier's capital height in the final photo is 8-40 px (punched: 20-40 px), and the
degradations are bounded by it so that a careful person can always read the identifier: blur, noise and
JPEG quality scale with the capital height, glare over the identifier is held to 45% (relief: 20%),
occluders keep clear of it, and punched numbers are shaded, and dusted if need be, until every character
stands out of the metal.

This generator was written blind: without reading the reader or the five earlier generators, so that
it measures and calibrates the reader instead of repeating their assumptions. Everything is drawn from
``random.Random(f"sixth:{seed}:{index}")``: the same (index, seed) gives the same JPEG bytes in any
process.
"""

from __future__ import annotations

import io
import itertools
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageDraw, ImageFont

from catalogs.vin import CHECK_VALUES, CHECK_WEIGHTS, frame_car, listed_wmis, model_codes
from tests.support.photo_synth import Sample

KINDS = ("vin_plate", "sts", "stamped", "frame", "part_label", "sts_jp")

Img = NDArray[Any]
Color = tuple[float, float, float]
Box = tuple[float, float, float, float]  # x0, y0, x1, y1 of a line's capitals

VIN_ALPHABET = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
# Model-year codes 1995-2025 (position 10): never I, O, Q, U, Z or 0.
YEAR_CODES = dict(zip(range(1995, 2026), "STVWXY123456789ABCDEFGHJKLMNPRS", strict=True))

# ---------------------------------------------------------------------------------------------
# Truth: VINs, frame numbers, part numbers
# ---------------------------------------------------------------------------------------------

# WMI -> (maker as printed on plates, region, models as a СТС names them)
_WMI_MAKERS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "XTA": ("АО «АВТОВАЗ»", "ru", ("ЛАДА 219110 LADA GRANTA", "LADA GFL110 LADA VESTA", "ВАЗ 21074", "ЛАДА 217030 ПРИОРА")),
    "X7L": ("RENAULT ROSSIYA", "ru", ("RENAULT LOGAN", "RENAULT SANDERO", "RENAULT DUSTER", "LADA LARGUS")),
    "Z94": ("HYUNDAI MOTOR MANUFACTURING RUS", "ru", ("ХЕНДЭ СОЛЯРИС", "HYUNDAI CRETA", "KIA RIO")),
    "XW8": ("VOLKSWAGEN GROUP RUS", "ru", ("VOLKSWAGEN POLO", "SKODA RAPID", "SKODA OCTAVIA")),
    "XTT": ("ПАО «УАЗ»", "ru", ("УАЗ 315195 УАЗ HUNTER", "УАЗ PATRIOT")),
    "X96": ("ООО «АВТОЗАВОД «ГАЗ»", "ru", ("ГАЗ 3302", "ГАЗЕЛЬ NEXT")),
    "Z8N": ("NISSAN MANUFACTURING RUS", "ru", ("NISSAN X-TRAIL", "NISSAN QASHQAI")),
    "KMH": ("HYUNDAI MOTOR COMPANY", "kr", ("HYUNDAI SOLARIS", "HYUNDAI TUCSON", "HYUNDAI SANTA FE")),
    "KNA": ("KIA MOTORS CORPORATION", "kr", ("KIA SPORTAGE", "KIA CEED", "KIA SORENTO")),
    "KNE": ("KIA MOTORS CORPORATION", "kr", ("KIA CEED", "KIA PICANTO")),
    "KL1": ("GM DAEWOO AUTO & TECHNOLOGY", "kr", ("CHEVROLET LACETTI", "DAEWOO GENTRA")),
    "KPT": ("SSANGYONG MOTOR COMPANY", "kr", ("SSANGYONG KYRON", "SSANGYONG ACTYON")),
    "JTD": ("TOYOTA MOTOR CORPORATION", "jp", ("TOYOTA COROLLA", "TOYOTA AURIS")),
    "JTE": ("TOYOTA MOTOR CORPORATION", "jp", ("TOYOTA LAND CRUISER PRADO", "TOYOTA RAV4")),
    "JTN": ("TOYOTA MOTOR CORPORATION", "jp", ("TOYOTA CAMRY", "TOYOTA COROLLA")),
    "JN1": ("NISSAN MOTOR CO., LTD.", "jp", ("NISSAN X-TRAIL", "NISSAN TEANA", "NISSAN MURANO")),
    "JHM": ("HONDA MOTOR CO., LTD.", "jp", ("HONDA CIVIC", "HONDA ACCORD", "HONDA CR-V")),
    "JMB": ("MITSUBISHI MOTORS CORPORATION", "jp", ("MITSUBISHI LANCER", "MITSUBISHI OUTLANDER")),
    "JF1": ("SUBARU CORPORATION", "jp", ("SUBARU FORESTER", "SUBARU IMPREZA")),
    "JMZ": ("MAZDA MOTOR CORPORATION", "jp", ("MAZDA 6", "MAZDA 3", "MAZDA CX-5")),
    "JS3": ("SUZUKI MOTOR CORPORATION", "jp", ("SUZUKI GRAND VITARA", "SUZUKI SX4")),
    "WVW": ("VOLKSWAGEN AG", "eu", ("VOLKSWAGEN GOLF", "VOLKSWAGEN PASSAT")),
    "WBA": ("BAYERISCHE MOTOREN WERKE AG", "eu", ("BMW 320I", "BMW 520D", "BMW X3")),
    "WDD": ("DAIMLER AG", "eu", ("MERCEDES-BENZ C 180", "MERCEDES-BENZ E 200")),
    "VF1": ("RENAULT S.A.S.", "eu", ("RENAULT MEGANE", "RENAULT FLUENCE")),
    "VF3": ("AUTOMOBILES PEUGEOT", "eu", ("PEUGEOT 308", "PEUGEOT 408")),
    "TMB": ("SKODA AUTO A.S.", "eu", ("SKODA OCTAVIA", "SKODA FABIA")),
    "YV1": ("VOLVO CAR CORPORATION", "eu", ("VOLVO XC60", "VOLVO S60")),
    "WF0": ("FORD-WERKE GMBH", "eu", ("FORD FOCUS", "FORD MONDEO")),
    "W0L": ("ADAM OPEL AG", "eu", ("OPEL ASTRA", "OPEL ZAFIRA")),
    "SAL": ("JAGUAR LAND ROVER LIMITED", "eu", ("LAND ROVER DISCOVERY", "RANGE ROVER EVOQUE")),
    "ZFA": ("FIAT AUTO S.P.A.", "eu", ("FIAT DOBLO", "FIAT ALBEA")),
    "1G1": ("GENERAL MOTORS LLC", "us", ("CHEVROLET MALIBU", "CHEVROLET CRUZE")),
    "1FA": ("FORD MOTOR COMPANY", "us", ("FORD FUSION", "FORD MUSTANG")),
    "2T1": ("TOYOTA MOTOR MFG. CANADA INC.", "us", ("TOYOTA COROLLA", "TOYOTA MATRIX")),
    "4T1": ("TOYOTA MOTOR MFG. KENTUCKY INC.", "us", ("TOYOTA CAMRY", "TOYOTA AVALON")),
    "5YJ": ("TESLA, INC.", "us", ("TESLA MODEL 3", "TESLA MODEL Y")),
    "1HG": ("HONDA OF AMERICA MFG., INC.", "us", ("HONDA ACCORD", "HONDA CIVIC")),
    "3VW": ("VOLKSWAGEN DE MEXICO", "us", ("VOLKSWAGEN JETTA", "VOLKSWAGEN BEETLE")),
    "5NP": ("HYUNDAI MOTOR MANUFACTURING ALABAMA", "us", ("HYUNDAI SONATA", "HYUNDAI ELANTRA")),
    "1N4": ("NISSAN NORTH AMERICA, INC.", "us", ("NISSAN ALTIMA", "NISSAN SENTRA")),
    "LVV": ("CHERY AUTOMOBILE CO., LTD.", "cn", ("CHERY TIGGO 7 PRO", "CHERY TIGGO 4")),
    "LGW": ("GREAT WALL MOTOR COMPANY LIMITED", "cn", ("HAVAL JOLION", "HAVAL F7", "HAVAL H6")),
    "L6T": ("ZHEJIANG GEELY HOLDING GROUP", "cn", ("GEELY COOLRAY", "GEELY ATLAS")),
    "LS5": ("CHONGQING CHANGAN AUTOMOBILE", "cn", ("CHANGAN CS35 PLUS", "CHANGAN UNI-K")),
    "LVS": ("CHANGAN FORD AUTOMOBILE CO.", "cn", ("FORD FOCUS", "FORD KUGA")),
    "LFV": ("FAW-VOLKSWAGEN AUTOMOTIVE CO.", "cn", ("VOLKSWAGEN JETTA", "AUDI A6L")),
}
_REGION_WEIGHTS = {"ru": 0.3, "kr": 0.15, "jp": 0.15, "eu": 0.17, "us": 0.11, "cn": 0.12}
_VDS: dict[str, tuple[str, ...]] = {
    "XTA": ("21911", "GFL11", "21703", "21074", "21214", "GAB41"),
    "WVW": ("ZZZ1K", "ZZZ3C", "ZZZ6R", "ZZZAU"),
    "TMB": ("ZZZ1Z", "JF41Z", "ZZZNE"),
    "XW8": ("ZZZ61", "AN26R", "ZZZ5N"),
    "WF0": ("XXGCD", "AXXWP", "SXXGB"),
    "KMH": ("DN41D", "CT41B", "J281B", "SU81D"),
    "Z94": ("CT41D", "CB41A", "C2411"),
    "X7L": ("LSRAG", "4SRLB", "HSRAG"),
}
_MADE_IN = {"ru": "MADE IN RUSSIA", "kr": "MADE IN KOREA", "jp": "MADE IN JAPAN", "eu": "MADE IN GERMANY",
            "us": "MADE IN USA", "cn": "MADE IN CHINA"}  # fmt: skip


def _check_digit(vin: str) -> str:
    remainder = sum(CHECK_VALUES[ch] * w for ch, w in zip(vin, CHECK_WEIGHTS, strict=True)) % 11
    return "X" if remainder == 10 else str(remainder)


@lru_cache(maxsize=1)
def _wmis_by_region() -> dict[str, tuple[str, ...]]:
    listed = listed_wmis()
    regions: dict[str, list[str]] = {}
    for wmi, (_maker, region, _models) in _WMI_MAKERS.items():
        if wmi in listed:
            regions.setdefault(region, []).append(wmi)
    return {region: tuple(wmis) for region, wmis in regions.items()}


def make_vin(rng: random.Random) -> tuple[str, int]:
    """A valid VIN of a listed WMI and its model year."""
    by_region = _wmis_by_region()
    regions = sorted(by_region)
    region = rng.choices(regions, weights=[_REGION_WEIGHTS[r] for r in regions])[0]
    wmi = rng.choice(by_region[region])
    vds = rng.choice(_VDS[wmi]) if wmi in _VDS and rng.random() < 0.8 else ""
    if not vds:
        digits_heavy = region in ("ru", "us")
        vds = "".join(rng.choice("0123456789" if digits_heavy and rng.random() < 0.6 else VIN_ALPHABET) for _ in range(5))
    year = rng.randint(1998 if region != "cn" else 2008, 2025)
    plant = rng.choice(VIN_ALPHABET)
    serial = "".join(rng.choice("0123456789") for _ in range(6))
    body = wmi + vds + "0" + YEAR_CODES[year] + plant + serial
    if wmi[0] in "12345L" or rng.random() < 0.5:
        ninth = _check_digit(body)
    else:
        ninth = rng.choice("0Z" if vds.startswith("ZZZ") else VIN_ALPHABET)
    return body[:8] + ninth + body[9:], year


_MAKE_OF_CODE_PREFIX = {"Toyota": 7, "Honda": 7, "Mitsubishi": 7, "Nissan": 6, "Mazda": 6, "Subaru": 6, "Suzuki": 6}


@lru_cache(maxsize=1)
def _frame_codes() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(codes whose car is known, codes of letters only)."""
    codes = sorted(model_codes())
    known = tuple(c for c in codes if frame_car(f"{c}-1") is not None)
    letters = tuple(c for c in codes if c.isalpha())
    return known, letters


def make_frame(rng: random.Random) -> tuple[str, str | None, int]:
    """A frame number ``CODE-SERIAL``, its car («Toyota Corolla») and a model year."""
    known, letters = _frame_codes()
    code = rng.choice(letters) if rng.random() < 0.1 else rng.choice(known)
    car = frame_car(f"{code}-1")
    make = car.split()[0] if car else rng.choice(sorted(_MAKE_OF_CODE_PREFIX))
    length = _MAKE_OF_CODE_PREFIX.get(make, 7)
    if rng.random() < 0.15:
        length = 13 - length
    serial = rng.choice("0123456789") + "".join(rng.choice("0123456789") for _ in range(length - 1))
    return f"{code}-{serial}", car, rng.randint(1994, 2014)


def _alnum(rng: random.Random, n: int, letters: str = "ABCDEFGHJKLMNPRSTUVWXYZ", p_letter: float = 0.4) -> str:
    return "".join(rng.choice(letters) if rng.random() < p_letter else rng.choice("0123456789") for _ in range(n))


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


# brand -> (label header, part-number maker, descriptions)
_PART_BRANDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "toyota": ("TOYOTA GENUINE PARTS", ("ELEMENT KIT, OIL FILTER", "PLUG, SPARK", "PAD KIT, DISC BRAKE", "BELT, V-RIBBED")),
    "mobis": ("HYUNDAI MOBIS GENUINE PARTS", ("FILTER ASSY-OIL", "PAD KIT-FRONT DISC BRAKE", "ELEMENT-AIR CLEANER")),
    "nissan": ("NISSAN GENUINE PARTS", ("FILTER ASSY-AIR", "PAD KIT-DISC BRAKE", "OIL FILTER")),
    "honda": ("HONDA GENUINE PARTS", ("ELEMENT ASSY., AIR/C", "SET, PAD FR.", "FILTER, OIL")),
    "mitsubishi": ("MITSUBISHI MOTORS GENUINE PARTS", ("FILTER, OIL", "PAD SET, FR BRAKE", "BELT, V-RIBBED")),
    "mazda": ("MAZDA GENUINE PARTS", ("CARTRIDGE, OIL FILTER", "PAD SET, FRONT BRAKE")),
    "vag": ("VOLKSWAGEN ORIGINAL TEILE", ("BREMSSCHEIBE", "ÖLFILTER", "ZAHNRIEMEN", "LUFTFILTER")),
    "renault": ("RENAULT ORIGINAL PARTS", ("FILTRE A HUILE", "PLAQUETTES DE FREIN", "ФИЛЬТР МАСЛЯНЫЙ")),
    "ford": ("FORD GENUINE PARTS", ("FILTER - OIL", "KIT - BRAKE LINING", "ФИЛЬТР ВОЗДУШНЫЙ")),
    "bmw": ("BMW ORIGINAL TEILE", ("OELFILTEREINSATZ", "BREMSBELAGSATZ", "MIKROFILTER")),
    "mercedes": ("MERCEDES-BENZ GENUINE PARTS", ("OELFILTER", "BREMSBELAG", "LUFTFILTER")),
    "gm": ("GM GENUINE PARTS", ("FILTER, OIL", "PAD KIT, FRT DISC BRK", "ФИЛЬТР МАСЛЯНЫЙ")),
    "lada": ("LADA ОРИГИНАЛЬНЫЕ ЗАПЧАСТИ", ("ФИЛЬТР МАСЛЯНЫЙ", "КОЛОДКИ ТОРМОЗНЫЕ", "РЕМЕНЬ ГРМ")),
    "subaru": ("SUBARU GENUINE PARTS", ("ELEMENT COMPL OIL FILTER", "PAD KIT FRONT DISK BRAKE")),
}


def _part_number(rng: random.Random, brand: str) -> str:
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
    if brand == "toyota":
        return (
            _digits(rng, 5)
            + "-"
            + rng.choice([_digits(rng, 5), "YZZ" + _alnum(rng, 2, p_letter=0.5), _alnum(rng, 5, p_letter=0.3)])
        )
    if brand == "mobis":
        return _digits(rng, 5) + "-" + rng.choice([_digits(rng, 5), _alnum(rng, 1) + rng.choice(letters) + _alnum(rng, 1) + "00"])
    if brand == "nissan":
        return rng.choice([_digits(rng, 5), rng.choice("ABCD") + _digits(rng, 4)]) + "-" + _alnum(rng, 5, p_letter=0.5)
    if brand == "honda":
        return _digits(rng, 5) + "-" + "".join(rng.choice(letters) for _ in range(3)) + "-" + _alnum(rng, 3, p_letter=0.35)
    if brand == "mitsubishi":
        return (
            rng.choice(["MD", "MN", "MR", "MZ"]) + _digits(rng, 6)
            if rng.random() < 0.6
            else _digits(rng, 4) + "A" + _digits(rng, 3)
        )
    if brand == "mazda":
        return (
            rng.choice(letters)
            + _alnum(rng, 3, p_letter=0.3)
            + "-"
            + _digits(rng, 2)
            + "-"
            + _digits(rng, 3)
            + rng.choice(["", "A", "B"])
        )
    if brand == "vag":
        return (
            rng.choice(["1K0", "5Q0", "06A", "03C", "8E0", "1J0", "6R0"])
            + _digits(rng, 6)
            + rng.choice(["", "A", "B", "AA", "C"])
        )
    if brand == "renault":
        return rng.choice(["8200", "7701", "7700"]) + _digits(rng, 6) if rng.random() < 0.7 else _digits(rng, 9) + "R"
    if brand == "ford":
        return _digits(rng, 7)
    if brand == "bmw":
        return rng.choice(["11", "34", "13", "64", "31"]) + _digits(rng, 9)
    if brand == "mercedes":
        return "A" + _digits(rng, 10)
    if brand == "gm":
        return rng.choice(["96", "93", "13", "55"]) + _digits(rng, 6)
    if brand == "lada":
        return rng.choice(["21080", "21100", "21700", "11180", "21230"]) + "-" + _digits(rng, 7) + rng.choice(["", "-00", "-10"])
    return _digits(rng, 5) + rng.choice(["AA", "AG", "FE"]) + _digits(rng, 3)  # subaru


# ---------------------------------------------------------------------------------------------
# Type: TrueType, Hershey, and two families of this module's own
# ---------------------------------------------------------------------------------------------

_TTF_DIR = Path("/usr/share/fonts/truetype")
_TTF = {
    "sans": "dejavu/DejaVuSans.ttf",
    "sans_bold": "dejavu/DejaVuSans-Bold.ttf",
    "sans_light": "dejavu/DejaVuSans-ExtraLight.ttf",
    "sans_cond": "dejavu/DejaVuSansCondensed.ttf",
    "sans_cond_bold": "dejavu/DejaVuSansCondensed-Bold.ttf",
    "mono": "dejavu/DejaVuSansMono.ttf",
    "mono_bold": "dejavu/DejaVuSansMono-Bold.ttf",
    "serif": "dejavu/DejaVuSerif.ttf",
    "serif_bold": "dejavu/DejaVuSerif-Bold.ttf",
    "serif_cond": "dejavu/DejaVuSerifCondensed.ttf",
    "lib_sans": "liberation/LiberationSans-Regular.ttf",
    "lib_sans_bold": "liberation/LiberationSans-Bold.ttf",
    "lib_narrow": "liberation/LiberationSansNarrow-Regular.ttf",
    "lib_narrow_bold": "liberation/LiberationSansNarrow-Bold.ttf",
    "lib_mono": "liberation/LiberationMono-Regular.ttf",
    "lib_mono_bold": "liberation/LiberationMono-Bold.ttf",
    "lib_serif": "liberation/LiberationSerif-Regular.ttf",
    "lib_serif_bold": "liberation/LiberationSerif-Bold.ttf",
}
_HERSHEY = (
    cv2.FONT_HERSHEY_SIMPLEX,
    cv2.FONT_HERSHEY_PLAIN,
    cv2.FONT_HERSHEY_DUPLEX,
    cv2.FONT_HERSHEY_COMPLEX,
    cv2.FONT_HERSHEY_TRIPLEX,
    cv2.FONT_HERSHEY_COMPLEX_SMALL,
)

# 7x9 dot matrix, designed for this set (slashed zero, open 4, flat-topped 3 as on label printers).
_DOTS: dict[str, tuple[str, ...]] = {
    "0": (".#####.", "#.....#", "#....##", "#...#.#", "#..#..#", "#.#...#", "##....#", "#.....#", ".#####."),
    "1": ("...#...", "..##...", ".#.#...", "...#...", "...#...", "...#...", "...#...", "...#...", ".#####."),
    "2": (".#####.", "#.....#", "......#", ".....#.", "...##..", "..#....", ".#.....", "#......", "#######"),
    "3": ("#######", ".....#.", "....#..", "...##..", ".....#.", "......#", "......#", "#.....#", ".#####."),
    "4": ("....##.", "...#.#.", "..#..#.", ".#...#.", "#....#.", "#######", ".....#.", ".....#.", ".....#."),
    "5": ("#######", "#......", "#......", "######.", "......#", "......#", "......#", "#.....#", ".#####."),
    "6": ("..####.", ".#.....", "#......", "#......", "######.", "#.....#", "#.....#", "#.....#", ".#####."),
    "7": ("#######", "......#", ".....#.", "....#..", "...#...", "..#....", "..#....", "..#....", "..#...."),
    "8": (".#####.", "#.....#", "#.....#", "#.....#", ".#####.", "#.....#", "#.....#", "#.....#", ".#####."),
    "9": (".#####.", "#.....#", "#.....#", "#.....#", ".######", "......#", "......#", ".....#.", ".####.."),
    "A": ("..###..", ".#...#.", "#.....#", "#.....#", "#.....#", "#######", "#.....#", "#.....#", "#.....#"),
    "B": ("######.", "#.....#", "#.....#", "#.....#", "######.", "#.....#", "#.....#", "#.....#", "######."),
    "C": (".#####.", "#.....#", "#......", "#......", "#......", "#......", "#......", "#.....#", ".#####."),
    "D": ("#####..", "#....#.", "#.....#", "#.....#", "#.....#", "#.....#", "#.....#", "#....#.", "#####.."),
    "E": ("#######", "#......", "#......", "#......", "#####..", "#......", "#......", "#......", "#######"),
    "F": ("#######", "#......", "#......", "#......", "#####..", "#......", "#......", "#......", "#......"),
    "G": (".#####.", "#.....#", "#......", "#......", "#..####", "#.....#", "#.....#", "#.....#", ".#####."),
    "H": ("#.....#", "#.....#", "#.....#", "#.....#", "#######", "#.....#", "#.....#", "#.....#", "#.....#"),
    "I": (".#####.", "...#...", "...#...", "...#...", "...#...", "...#...", "...#...", "...#...", ".#####."),
    "J": ("..#####", ".....#.", ".....#.", ".....#.", ".....#.", ".....#.", "#....#.", "#....#.", ".####.."),
    "K": ("#.....#", "#....#.", "#...#..", "#..#...", "###....", "#..#...", "#...#..", "#....#.", "#.....#"),
    "L": ("#......", "#......", "#......", "#......", "#......", "#......", "#......", "#......", "#######"),
    "M": ("#.....#", "##...##", "#.#.#.#", "#..#..#", "#..#..#", "#.....#", "#.....#", "#.....#", "#.....#"),
    "N": ("#.....#", "#.....#", "##....#", "#.#...#", "#..#..#", "#...#.#", "#....##", "#.....#", "#.....#"),
    "O": (".#####.", "#.....#", "#.....#", "#.....#", "#.....#", "#.....#", "#.....#", "#.....#", ".#####."),
    "P": ("######.", "#.....#", "#.....#", "#.....#", "######.", "#......", "#......", "#......", "#......"),
    "Q": (".#####.", "#.....#", "#.....#", "#.....#", "#.....#", "#...#.#", "#....#.", ".####.#", "......."),
    "R": ("######.", "#.....#", "#.....#", "#.....#", "######.", "#...#..", "#....#.", "#.....#", "#.....#"),
    "S": (".#####.", "#.....#", "#......", "#......", ".#####.", "......#", "......#", "#.....#", ".#####."),
    "T": ("#######", "...#...", "...#...", "...#...", "...#...", "...#...", "...#...", "...#...", "...#..."),
    "U": ("#.....#", "#.....#", "#.....#", "#.....#", "#.....#", "#.....#", "#.....#", "#.....#", ".#####."),
    "V": ("#.....#", "#.....#", "#.....#", "#.....#", ".#...#.", ".#...#.", "..#.#..", "..#.#..", "...#..."),
    "W": ("#.....#", "#.....#", "#.....#", "#.....#", "#..#..#", "#..#..#", "#.#.#.#", "##...##", "#.....#"),
    "X": ("#.....#", "#.....#", ".#...#.", "..#.#..", "...#...", "..#.#..", ".#...#.", "#.....#", "#.....#"),
    "Y": ("#.....#", "#.....#", ".#...#.", "..#.#..", "...#...", "...#...", "...#...", "...#...", "...#..."),
    "Z": ("#######", "......#", ".....#.", "....#..", "...#...", "..#....", ".#.....", "#......", "#######"),
    "-": (".......", ".......", ".......", ".......", ".#####.", ".......", ".......", ".......", "......."),
    "*": (".......", "...#...", "#..#..#", ".#.#.#.", "..###..", ".#.#.#.", "#..#..#", "...#...", "......."),
    ".": (".......", ".......", ".......", ".......", ".......", ".......", ".......", "..##...", "..##..."),
    ":": (".......", "..##...", "..##...", ".......", ".......", ".......", "..##...", "..##...", "......."),
    "/": ("......#", "......#", ".....#.", "....#..", "...#...", "..#....", ".#.....", "#......", "#......"),
    " ": (".......",) * 9,
}

# Chamfered monoline stroke font on a 4x6 grid (y down); strokes separated by ";".
_STROKES: dict[str, str] = {
    "0": "1,0 3,0 4,1 4,5 3,6 1,6 0,5 0,1 1,0",
    "1": "0.8,1.4 2.2,0 2.2,6",
    "2": "0,1 1,0 3,0 4,1 4,2.2 0,6 4,6",
    "3": "0,0 4,0 1.6,2.6 3,2.6 4,3.6 4,5 3,6 1,6 0,5",
    "4": "3,6 3,0 0,4.2 4,4.2",
    "5": "4,0 0.3,0 0,2.7 3,2.7 4,3.7 4,5 3,6 1,6 0,5",
    "6": "3.6,0 2,0 0,2 0,5 1,6 3,6 4,5 4,3.6 3,2.7 1,2.7 0,3.6",
    "7": "0,0 4,0 4,0.8 1.4,6",
    "8": "1,2.8 0,1.9 0,0.9 0.9,0 3.1,0 4,0.9 4,1.9 3,2.8 1,2.8 0,3.8 0,5.1 0.9,6 3.1,6 4,5.1 4,3.8 3,2.8",
    "9": "0.4,6 2,6 4,4 4,1 3,0 1,0 0,1 0,2.4 1,3.3 3,3.3 4,2.4",
    "A": "0,6 2,0 4,6; 0.67,4 3.33,4",
    "B": "0,0 3,0 4,0.9 4,1.9 3,2.8 0,2.8; 3,2.8 4,3.7 4,5.1 3,6 0,6 0,0",
    "C": "4,1 3,0 1,0 0,1 0,5 1,6 3,6 4,5",
    "D": "0,0 2.6,0 4,1.4 4,4.6 2.6,6 0,6 0,0",
    "E": "4,0 0,0 0,6 4,6; 0,2.8 3,2.8",
    "F": "4,0 0,0 0,6; 0,2.8 3,2.8",
    "G": "4,1 3,0 1,0 0,1 0,5 1,6 3,6 4,5 4,3.3 2.3,3.3",
    "H": "0,0 0,6; 4,0 4,6; 0,2.9 4,2.9",
    "I": "2,0 2,6; 1,0 3,0; 1,6 3,6",
    "J": "4,0 4,5 3,6 1,6 0,5 0,4.3",
    "K": "0,0 0,6; 4,0 0,3.6; 1.4,2.34 4,6",
    "L": "0,0 0,6 4,6",
    "M": "0,6 0,0 2,3.6 4,0 4,6",
    "N": "0,6 0,0 4,6 4,0",
    "O": "1,0 3,0 4,1 4,5 3,6 1,6 0,5 0,1 1,0",
    "P": "0,6 0,0 3,0 4,1 4,2.2 3,3.2 0,3.2",
    "Q": "1,0 3,0 4,1 4,5 3,6 1,6 0,5 0,1 1,0; 2.4,4.4 4.2,6.4",
    "R": "0,6 0,0 3,0 4,1 4,2.2 3,3.2 0,3.2; 2.2,3.2 4,6",
    "S": "4,0.9 3.1,0 0.9,0 0,0.9 0,2 0.9,2.9 3.1,3.1 4,4 4,5.1 3.1,6 0.9,6 0,5.1",
    "T": "0,0 4,0; 2,0 2,6",
    "U": "0,0 0,5 1,6 3,6 4,5 4,0",
    "V": "0,0 2,6 4,0",
    "W": "0,0 0.9,6 2,2.2 3.1,6 4,0",
    "X": "0,0 4,6; 4,0 0,6",
    "Y": "0,0 2,3.2 4,0; 2,3.2 2,6",
    "Z": "0,0 4,0 0,6 4,6",
    "-": "0.7,3 3.3,3",
    "*": "2,1.2 2,4.8; 0.44,2.1 3.56,3.9; 3.56,2.1 0.44,3.9",
    ".": "2,5.9 2,6",
    ",": "2.2,5.6 1.6,6.8",
    ":": "2,1.9 2,2; 2,5.4 2,5.5",
    "/": "3.6,0 0.4,6",
    "(": "2.6,-0.3 1.5,1 1.5,5 2.6,6.3",
    ")": "1.4,-0.3 2.5,1 2.5,5 1.4,6.3",
    "+": "2,1.6 2,4.4; 0.6,3 3.4,3",
    " ": "",
}
# A few Japanese characters for model plates (車台番号 «frame number», 型式 «type»), on a 10x10 grid.
_KANJI: dict[str, str] = {
    "車": "1,1 9,1; 2,3 8,3 8,7 2,7 2,3; 2,5 8,5; 0.5,8.6 9.5,8.6; 5,0 5,10",
    "台": "5.2,0.4 2.4,4 8.2,3.7; 6.6,2.3 8.4,4.4; 2,5.6 8,5.6 8,9.6 2,9.6 2,5.6",
    "番": "7.8,0.3 2.4,1.3; 1,2.9 9,2.9; 5,1.2 5,5; 3,1.8 3.8,2.5; 7,1.8 6.2,2.5; 5,3 1,5; 5,3 9,5;"
    " 2.5,5.6 7.5,5.6 7.5,9.8 2.5,9.8 2.5,5.6; 5,5.6 5,9.8; 2.5,7.7 7.5,7.7",
    "号": "2.5,0.5 7.5,0.5 7.5,3.5 2.5,3.5 2.5,0.5; 0.5,5 9.5,5; 3,5 2.5,7 8,7 7.5,9.5 6,10",
    "型": "0.5,1 5.5,1; 0.5,3 5.5,3; 2,0.5 1.5,5; 4,0.5 4,5; 7,1 7,4; 9,0.3 9,5.5 8.3,5.2; 2,7 8,7; 5,5.7 5,9.5; 0.5,9.6 9.5,9.6",
    "式": "0.5,3 9.5,3; 6,0.5 6.5,6 9.5,9.8; 8,0.8 8.8,1.8; 1.5,5 5,5; 3.2,5 3.2,8.5; 1,8.9 5.5,8.1",
}


@cache
def _stroke_glyph(ch: str) -> tuple[float, tuple[tuple[tuple[float, float], ...], ...]]:
    """(advance width in grid units, polylines) of a stroke-font glyph, the kanji scaled to the 6-high grid."""
    if ch in _KANJI:
        spec, scale, width = _KANJI[ch], 0.66, 6.6
    else:
        spec, scale, width = _STROKES.get(ch, _STROKES[" "]), 1.0, 4.0
    lines = []
    for part in spec.split(";"):
        pts = tuple(
            (float(x) * scale, float(y) * scale - (0.3 if scale != 1.0 else 0.0)) for x, y in (p.split(",") for p in part.split())
        )
        if pts:
            lines.append(pts)
    return width, tuple(lines)


@dataclass(frozen=True)
class Font:
    family: str  # "ttf", "hershey", "dots", "stroke"
    name: str = ""  # ttf key
    face: int = 0  # hershey face
    mode: str = ""  # dots: round|square; stroke: engrave|din|stencil|peen
    weight: float = 1.0  # stroke / dot size factor
    width: float = 1.0  # horizontal scale
    slant: float = 0.0  # shear (x += slant * height above baseline)
    tracking: float = 0.0  # extra letter spacing, in capital heights

    def describe(self) -> str:
        return {"ttf": self.name, "hershey": f"hershey{self.face}", "dots": f"dots-{self.mode}", "stroke": f"stroke-{self.mode}"}[
            self.family
        ]


@lru_cache(maxsize=64)
def _ttf_cap_ratio(name: str) -> float:
    font = ImageFont.truetype(str(_TTF_DIR / _TTF[name]), 200)
    bbox = font.getbbox("H", anchor="ls")
    return float(-bbox[1]) / 200.0


@lru_cache(maxsize=256)
def _ttf_font(name: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(_TTF_DIR / _TTF[name]), size)


@lru_cache(maxsize=16)
def _hershey_cap(face: int) -> float:
    img = np.zeros((300, 300), np.uint8)
    cv2.putText(img, "H", (40, 250), face, 8.0, 255, 1, cv2.LINE_8)
    rows = np.where(img.any(axis=1))[0]
    return float(rows.max() - rows.min() + 1) / 8.0


def _has_cyrillic(text: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in text)


@dataclass
class Rendered:
    mask: Img  # float32 0..1, the line with a margin of `pad` on every side
    pad: int
    width: float  # advance of the line
    cap: float


def render_text(text: str, font: Font, cap: float, rng: random.Random) -> Rendered:
    """A text line as an ink mask; the capitals span rows pad..pad+cap."""
    if font.family != "ttf" and (_has_cyrillic(text) or any(ch in "«»№" for ch in text)):
        font = Font("ttf", name="lib_sans_bold" if font.weight > 1.1 else "lib_sans")
    if font.family == "hershey" and any(ord(ch) > 126 for ch in text):
        font = Font("ttf", name="sans")
    pad = math.ceil(cap * 0.7) + 2
    if font.family == "ttf":
        rendered = _render_ttf(text, font, cap, pad)
    elif font.family == "hershey":
        rendered = _render_hershey(text, font, cap, pad)
    elif font.family == "dots":
        rendered = _render_dots(text, font, cap, pad, rng)
    else:
        rendered = _render_strokes(text, font, cap, pad, rng)
    if abs(font.width - 1.0) > 0.01 and font.family in ("ttf", "hershey"):
        m = rendered.mask
        new_w = max(1, round((m.shape[1] - 2 * pad) * font.width) + 2 * pad)
        rendered.mask = cv2.resize(m, (new_w, m.shape[0]), interpolation=cv2.INTER_AREA if font.width < 1 else cv2.INTER_LINEAR)
        rendered.width *= font.width
    if abs(font.slant) > 0.005:
        m = rendered.mask
        base = pad + cap
        shear = np.array([[1.0, -font.slant, font.slant * base], [0.0, 1.0, 0.0]], np.float32)
        rendered.mask = cv2.warpAffine(m, shear, (m.shape[1], m.shape[0]), flags=cv2.INTER_LINEAR)
    return rendered


def _render_ttf(text: str, font: Font, cap: float, pad: int) -> Rendered:
    size = max(4, round(cap / _ttf_cap_ratio(font.name)))
    pil_font = _ttf_font(font.name, size)
    track = font.tracking * cap
    advances = [pil_font.getlength(ch) for ch in text]
    width = sum(advances) + track * max(0, len(text) - 1) if track else pil_font.getlength(text)
    img = Image.new("L", (int(width + 2 * pad + cap * 0.3), int(cap * 1.45 + 2 * pad)), 0)
    draw = ImageDraw.Draw(img)
    base = pad + cap
    if track:
        x = float(pad)
        for ch, adv in zip(text, advances, strict=True):
            draw.text((x, base), ch, font=pil_font, fill=255, anchor="ls")
            x += adv + track
    else:
        draw.text((pad, base), text, font=pil_font, fill=255, anchor="ls")
    return Rendered(np.asarray(img, np.float32) / 255.0, pad, width, cap)


def _render_hershey(text: str, font: Font, cap: float, pad: int) -> Rendered:
    face = font.face
    scale = cap / _hershey_cap(face)
    thick = max(1, round(cap * 0.085 * font.weight))
    track = font.tracking * cap
    widths = [cv2.getTextSize(ch, face, scale, thick)[0][0] for ch in text]
    width = (
        float(sum(widths)) + track * max(0, len(text) - 1) if track else float(cv2.getTextSize(text, face, scale, thick)[0][0])
    )
    img = np.zeros((int(cap * 1.5 + 2 * pad), int(width + 2 * pad + cap * 0.3)), np.uint8)
    base = round(pad + cap)
    if track:
        x = float(pad)
        for ch, w in zip(text, widths, strict=True):
            cv2.putText(img, ch, (round(x), base), face, scale, 255, thick, cv2.LINE_AA)
            x += w + track
    else:
        cv2.putText(img, text, (pad, base), face, scale, 255, thick, cv2.LINE_AA)
    return Rendered(img.astype(np.float32) / 255.0, pad, width, cap)


_SHIFT = 4  # sub-pixel bits for OpenCV drawing
_ONE = 1 << _SHIFT


def _fix(v: float) -> int:
    return round(v * _ONE)


def _render_dots(text: str, font: Font, cap: float, pad: int, rng: random.Random) -> Rendered:
    pitch = cap / 8.75
    px = pitch * font.width
    advance = px * (8.0 + font.tracking * 8.75)
    width = advance * len(text) - px
    img = np.zeros((int(cap * 1.4 + 2 * pad), int(width + 2 * pad + cap)), np.uint8)
    radius = pitch * 0.42 * font.weight
    jitter = pitch * (0.1 if font.mode == "round" else 0.03)
    for i, ch in enumerate(text.upper()):
        rows = _DOTS.get(ch, _DOTS[" "])
        x0 = pad + i * advance + radius
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                if cell != "#" or rng.random() < 0.012:
                    continue
                cx = x0 + c * px + rng.gauss(0, jitter)
                cy = pad + radius + r * pitch + rng.gauss(0, jitter)
                if font.mode == "square":
                    h = pitch * 0.5 * font.weight
                    cv2.rectangle(
                        img,
                        (_fix(cx - h * font.width), _fix(cy - h)),
                        (_fix(cx + h * font.width), _fix(cy + h)),
                        255,
                        -1,
                        cv2.LINE_AA,
                        _SHIFT,
                    )
                else:
                    rr = radius * (1 + rng.gauss(0, 0.08))
                    cv2.circle(img, (_fix(cx), _fix(cy)), _fix(max(0.6, rr)), 255, -1, cv2.LINE_AA, _SHIFT)
    return Rendered(img.astype(np.float32) / 255.0, pad, width, cap)


def _render_strokes(text: str, font: Font, cap: float, pad: int, rng: random.Random) -> Rendered:
    mode = font.mode
    rel = {"engrave": 0.085, "din": 0.15, "stencil": 0.17, "peen": 0.0}[mode] * font.weight
    thick = max(1.0, cap * rel)
    dot = cap * 0.15 * font.weight if mode == "peen" else 0.0
    edge = thick if mode != "peen" else dot
    gy = (cap - edge) / 6.0
    width_factor = {"engrave": 0.62, "din": 0.78, "stencil": 0.8, "peen": 0.72}[mode] * font.width
    gx = gy * width_factor / 0.72 * 0.95
    gap = gx * 1.5 + edge + font.tracking * cap
    advances = [_stroke_glyph(ch)[0] * gx + gap for ch in text]
    width = sum(advances) - gap + edge  # the ink reaches half a stroke past the outermost points
    img = np.zeros((int(cap * 1.5 + 2 * pad), int(width + 2 * pad + cap)), np.uint8)
    x = pad + edge / 2
    top = pad + edge / 2
    for ch, adv in zip(text, advances, strict=True):
        _gw, lines = _stroke_glyph(ch)
        for line in lines:
            pts = [(x + px_ * gx, top + py * gy) for px_, py in line]
            if mode == "peen":
                _peen_line(img, pts, dot, rng)
            elif mode == "stencil":
                _stencil_line(img, pts, thick)
            else:
                arr = np.array([[_fix(a), _fix(b)] for a, b in pts], np.int32)
                cv2.polylines(img, [arr], False, 255, max(1, round(thick)), cv2.LINE_AA, _SHIFT)
        x += adv
    return Rendered(img.astype(np.float32) / 255.0, pad, width, cap)


def _peen_line(img: Img, pts: Sequence[tuple[float, float]], dot: float, rng: random.Random) -> None:
    spacing = dot * 1.25
    placed: list[tuple[float, float]] = []
    for (x0, y0), (x1, y1) in itertools.pairwise(pts):
        n = max(1, round(math.hypot(x1 - x0, y1 - y0) / spacing))
        for k in range(n + 1):
            t = k / n
            px_, py = x0 + (x1 - x0) * t, y0 + (y1 - y0) * t
            if any(math.hypot(px_ - a, py - b) < spacing * 0.6 for a, b in placed[-3:]):
                continue
            placed.append((px_, py))
    if len(pts) == 1 or (len(pts) == 2 and math.hypot(pts[1][0] - pts[0][0], pts[1][1] - pts[0][1]) < 0.5):
        placed = [pts[0]]
    for px_, py in placed:
        r = dot / 2 * (1 + rng.gauss(0, 0.07))
        cv2.circle(
            img,
            (_fix(px_ + rng.gauss(0, dot * 0.06)), _fix(py + rng.gauss(0, dot * 0.06))),
            _fix(max(0.7, r)),
            255,
            -1,
            cv2.LINE_AA,
            _SHIFT,
        )


def _stencil_line(img: Img, pts: Sequence[tuple[float, float]], thick: float) -> None:
    """Each segment drawn alone and shortened at inner joints: the bridges of a stencil."""
    n = len(pts)
    cut = thick * 0.75
    for i in range(n - 1):
        (x0, y0), (x1, y1) = pts[i], pts[i + 1]
        length = math.hypot(x1 - x0, y1 - y0)
        if length < 1e-6:
            cv2.circle(img, (_fix(x0), _fix(y0)), _fix(thick / 2), 255, -1, cv2.LINE_AA, _SHIFT)
            continue
        ux, uy = (x1 - x0) / length, (y1 - y0) / length
        a = cut / 2 if i > 0 else 0.0
        b = cut / 2 if i < n - 2 else 0.0
        if length - a - b < thick * 0.4:
            a = b = 0.0
        p0 = (x0 + ux * a, y0 + uy * a)
        p1 = (x1 - ux * b, y1 - uy * b)
        # square-ended bar as a rotated rectangle
        nx, ny = -uy * thick / 2, ux * thick / 2
        quad = np.array([[_fix(p0[0] + nx), _fix(p0[1] + ny)], [_fix(p1[0] + nx), _fix(p1[1] + ny)],
                         [_fix(p1[0] - nx), _fix(p1[1] - ny)], [_fix(p0[0] - nx), _fix(p0[1] - ny)]], np.int32)  # fmt: skip
        cv2.fillPoly(img, [quad], 255, cv2.LINE_AA, _SHIFT)


def _pick(rng: random.Random, options: Sequence[tuple[float, Any]]) -> Any:
    return rng.choices([o for _w, o in options], weights=[w for w, _o in options])[0]


def id_font(rng: random.Random, medium: str) -> Font:
    """The face an identifier is printed, embossed or punched in."""
    slant = rng.gauss(0, 0.04) if rng.random() < 0.25 else 0.0
    width = rng.uniform(0.85, 1.12)
    track = rng.choice([0.0, 0.0, rng.uniform(0.02, 0.25)])
    ttf_print = ["sans_bold", "lib_sans_bold", "lib_narrow_bold", "sans_cond_bold", "mono_bold", "lib_mono_bold", "sans", "lib_sans",
                 "mono", "lib_mono", "sans_cond", "lib_narrow", "serif_bold", "lib_serif_bold", "serif_cond"]  # fmt: skip
    if medium == "print":
        kind = _pick(rng, [(0.5, "ttf"), (0.17, "hershey"), (0.16, "stroke"), (0.17, "dots")])
    elif medium == "sts":
        kind = _pick(rng, [(0.6, "ttf"), (0.1, "hershey"), (0.08, "stroke"), (0.22, "dots")])
    elif medium == "metal":
        kind = _pick(rng, [(0.25, "ttf"), (0.25, "hershey"), (0.5, "stroke")])
    else:  # stamp
        kind = _pick(rng, [(0.12, "ttf"), (0.18, "hershey"), (0.5, "stroke"), (0.2, "dots")])
    if kind == "ttf":
        names = ["mono_bold", "lib_mono_bold", "sans_bold", "mono"] if medium == "stamp" else ttf_print
        if medium == "sts":
            names = [
                "lib_sans_bold",
                "lib_sans_bold",
                "lib_mono_bold",
                "mono_bold",
                "sans_bold",
                "lib_sans",
                "sans_cond_bold",
                "lib_serif_bold",
            ]
        return Font("ttf", name=rng.choice(names), width=width, slant=slant, tracking=track)
    if kind == "hershey":
        faces = (
            [cv2.FONT_HERSHEY_SIMPLEX, cv2.FONT_HERSHEY_PLAIN, cv2.FONT_HERSHEY_DUPLEX] if medium == "stamp" else list(_HERSHEY)
        )
        return Font(
            "hershey",
            face=rng.choice(faces),
            weight=rng.uniform(1.2, 1.6) if medium == "stamp" else rng.uniform(0.8, 1.5),
            width=width,
            slant=slant,
            tracking=track,
        )
    if kind == "dots":
        mode = "round" if medium == "stamp" or rng.random() < 0.5 else "square"
        return Font(
            "dots",
            mode=mode,
            weight=rng.uniform(1.05, 1.25) if medium == "stamp" else rng.uniform(0.85, 1.2),
            width=rng.uniform(0.8, 1.1),
            tracking=rng.choice([0.0, 0.05]),
        )
    if medium == "stamp":
        mode = _pick(rng, [(0.6, "din"), (0.4, "peen")])
        return Font(
            "stroke", mode=mode, weight=rng.uniform(1.0, 1.35), width=rng.uniform(0.9, 1.15), slant=slant, tracking=track * 0.5
        )
    elif medium == "metal":
        mode = _pick(rng, [(0.45, "engrave"), (0.35, "din"), (0.2, "stencil")])
    else:
        mode = _pick(rng, [(0.5, "din"), (0.3, "engrave"), (0.2, "stencil")])
    return Font(
        "stroke", mode=mode, weight=rng.uniform(0.8, 1.3), width=rng.uniform(0.85, 1.2), slant=slant, tracking=track * 0.5
    )


def text_font(rng: random.Random, bold: bool = False, latin_only: bool = False) -> Font:
    """A face for the text around an identifier."""
    if latin_only and rng.random() < 0.3:
        return Font("hershey", face=rng.choice(_HERSHEY[:5]), weight=rng.uniform(0.7, 1.2))
    names = (
        ["sans_bold", "lib_sans_bold", "sans_cond_bold", "lib_narrow_bold"]
        if bold
        else ["sans", "lib_sans", "sans_cond", "lib_narrow", "serif", "lib_serif", "mono"]
    )
    return Font("ttf", name=rng.choice(names), width=rng.uniform(0.9, 1.05))


# ---------------------------------------------------------------------------------------------
# A flat object: colour, relief, identifier mask
# ---------------------------------------------------------------------------------------------


@dataclass
class Canvas:
    w: int
    h: int
    rgb: Img
    height: Img
    ids: Img
    alpha: Img
    id_caps: list[float] = field(default_factory=list)
    id_boxes: list[Box] = field(default_factory=list)
    id_fonts: list[str] = field(default_factory=list)

    @classmethod
    def blank(cls, w: int, h: int, color: Color) -> Canvas:
        rgb = np.empty((h, w, 3), np.float32)
        rgb[:] = color
        zeros = np.zeros((h, w), np.float32)
        return cls(w, h, rgb, zeros, zeros.copy(), np.ones((h, w), np.float32))

    def _region(self, x: int, y: int, mh: int, mw: int) -> tuple[slice, slice, slice, slice] | None:
        x0, y0, x1, y1 = max(0, x), max(0, y), min(self.w, x + mw), min(self.h, y + mh)
        if x0 >= x1 or y0 >= y1:
            return None
        return slice(y0, y1), slice(x0, x1), slice(y0 - y, y1 - y), slice(x0 - x, x1 - x)

    def ink(self, mask: Img, x: int, y: int, color: Color, strength: float = 1.0) -> None:
        reg = self._region(x, y, mask.shape[0], mask.shape[1])
        if reg is None:
            return
        ys, xs, my, mx = reg
        a = (mask[my, mx] * strength)[..., None]
        self.rgb[ys, xs] = self.rgb[ys, xs] * (1 - a) + np.asarray(color, np.float32) * a

    def relief(self, mask: Img, x: int, y: int, depth: float) -> None:
        reg = self._region(x, y, mask.shape[0], mask.shape[1])
        if reg is None:
            return
        ys, xs, my, mx = reg
        self.height[ys, xs] += mask[my, mx] * depth

    def mark_id(self, box: Box, cap: float) -> None:
        x0, y0, x1, y1 = box
        p = cap * 0.35
        cv2.rectangle(self.ids, (int(x0 - p), int(y0 - p)), (math.ceil(x1 + p), math.ceil(y1 + p)), 1.0, -1)
        self.id_caps.append(cap)
        self.id_boxes.append(box)

    def text(
        self,
        text: str,
        font: Font,
        cap: float,
        x: float,
        y: float,
        rng: random.Random,
        color: Color = (0.05, 0.05, 0.06),
        align: str = "l",
        ident: bool = False,
        strength: float = 1.0,
        depth: float = 0.0,
    ) -> Box:
        """Draw a line whose capitals' top-left (or top-centre / top-right) is at (x, y); return its box."""
        r = render_text(text, font, cap, rng)
        left = x - (r.width / 2 if align == "c" else r.width if align == "r" else 0.0)
        ox, oy = round(left) - r.pad, round(y) - r.pad
        if strength > 0:
            self.ink(r.mask, ox, oy, color, strength)
        if depth:
            self.relief(cv2.GaussianBlur(r.mask, (0, 0), max(0.6, cap * 0.025)), ox, oy, depth)
        box = (float(round(left)), float(round(y)), float(round(left) + r.width), float(round(y) + cap))
        if ident:
            self.mark_id(box, cap)
            self.id_fonts.append(font.describe())
        return box

    def rect(self, x0: float, y0: float, x1: float, y1: float, color: Color, thick: float = -1) -> None:
        cv2.rectangle(
            self.rgb,
            (_fix(x0), _fix(y0)),
            (_fix(x1), _fix(y1)),
            color,
            -1 if thick < 0 else max(1, round(thick)),
            cv2.LINE_AA,
            _SHIFT,
        )


def _noise_field(nrng: np.random.Generator, w: int, h: int, cells: float) -> Img:
    """Smooth noise of about `cells` blobs along the long side, roughly in -1..1."""
    gw = max(2, round(cells * w / max(w, h))) + 2
    gh = max(2, round(cells * h / max(w, h))) + 2
    g = nrng.standard_normal((gh, gw)).astype(np.float32)
    return np.asarray(cv2.resize(g, (w, h), interpolation=cv2.INTER_CUBIC), np.float32)


def _fine_noise(nrng: np.random.Generator, w: int, h: int, sigma: float) -> Img:
    n: Img = nrng.standard_normal((h, w)).astype(np.float32)
    if sigma > 0:
        blurred = cv2.GaussianBlur(n, (0, 0), sigma)
        n = blurred / max(1e-6, float(blurred.std()))
    return n


def _shade_relief(canvas: Canvas, az: float, el: float, shininess: float, ks: float, ambient: float) -> None:
    """Light the relief from azimuth `az`, elevation `el` (radians): flat stays as it is."""
    hm = canvas.height
    if not np.any(hm):
        return
    gx = cv2.Sobel(hm, cv2.CV_32F, 1, 0, ksize=3) / 8.0
    gy = cv2.Sobel(hm, cv2.CV_32F, 0, 1, ksize=3) / 8.0
    inv = 1.0 / np.sqrt(gx * gx + gy * gy + 1.0)
    lx, ly, lz = math.cos(el) * math.cos(az), math.cos(el) * math.sin(az), math.sin(el)
    ndl = np.clip((-gx * lx - gy * ly + lz) * inv, 0.0, None)
    diffuse = ambient + (1 - ambient) * ndl / lz
    hx, hy, hz = lx, ly, lz + 1.0
    hn = math.sqrt(hx * hx + hy * hy + hz * hz)
    ndh = np.clip((-gx * hx - gy * hy + hz) * inv / hn, 0.0, 1.0)
    spec = np.clip(ndh**shininess - (hz / hn) ** shininess, 0.0, None) * ks
    canvas.rgb = np.clip(canvas.rgb * diffuse[..., None] + spec[..., None], 0.0, 1.2).astype(np.float32)


# ---------------------------------------------------------------------------------------------
# Barcodes
# ---------------------------------------------------------------------------------------------

_CODE39 = {
    "0": "bwbWBwBwb", "1": "BwbWbwbwB", "2": "bwBWbwbwB", "3": "BwBWbwbwb", "4": "bwbWBwbwB", "5": "BwbWBwbwb",
    "6": "bwBWBwbwb", "7": "bwbWbwBwB", "8": "BwbWbwBwb", "9": "bwBWbwBwb", "A": "BwbwbWbwB", "B": "bwBwbWbwB",
    "C": "BwBwbWbwb", "D": "bwbwBWbwB", "E": "BwbwBWbwb", "F": "bwBwBWbwb", "G": "bwbwbWBwB", "H": "BwbwbWBwb",
    "I": "bwBwbWBwb", "J": "bwbwBWBwb", "K": "BwbwbwbWB", "L": "bwBwbwbWB", "M": "BwBwbwbWb", "N": "bwbwBwbWB",
    "O": "BwbwBwbWb", "P": "bwBwBwbWb", "Q": "bwbwbwBWB", "R": "BwbwbwBWb", "S": "bwBwbwBWb", "T": "bwbwBwBWb",
    "U": "BWbwbwbwB", "V": "bWBwbwbwB", "W": "BWBwbwbwb", "X": "bWbwBwbwB", "Y": "BWbwBwbwb", "Z": "bWBwBwbwb",
    "-": "bWbwbwBwB", ".": "BWbwbwBwb", " ": "bWBwbwBwb", "*": "bWbwBwBwb",
}  # fmt: skip
_EAN_L = ("0001101", "0011001", "0010011", "0111101", "0100011", "0110001", "0101111", "0111011", "0110111", "0001011")
_EAN_PARITY = ("LLLLLL", "LLGLGG", "LLGGLG", "LLGGGL", "LGLLGG", "LGGLLG", "LGGGLG", "LGLGLG", "LGLGGL", "LGGLGL")


def code39_width(data: str, narrow: float, ratio: float) -> float:
    per_char = (6 + 3 * ratio) * narrow + narrow
    return (len(data) + 2) * per_char - narrow


def draw_code39(canvas: Canvas, data: str, x: float, y: float, height: float, narrow: float, ratio: float, color: Color) -> float:
    """Bars of a Code 39 symbol (start and stop included); returns its width."""
    cx = x
    for ch in "*" + data + "*":
        for k, el in enumerate(_CODE39.get(ch, _CODE39["-"])):
            w = narrow * (ratio if el.isupper() else 1.0)
            if k % 2 == 0:
                canvas.rect(cx, y, cx + w - 0.001, y + height, color)
            cx += w
        cx += narrow
    return cx - narrow - x


def draw_ean13(
    canvas: Canvas, digits12: str, x: float, y: float, height: float, module: float, color: Color, rng: random.Random
) -> str:
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits12))
    code = digits12 + str((10 - total % 10) % 10)
    bits = "101"
    parity = _EAN_PARITY[int(code[0])]
    for i, d in enumerate(code[1:7]):
        left = _EAN_L[int(d)]
        bits += left if parity[i] == "L" else "".join("1" if b == "0" else "0" for b in left)[::-1]
    bits += "01010"
    for d in code[7:]:
        bits += "".join("1" if b == "0" else "0" for b in _EAN_L[int(d)])
    bits += "101"
    guards = {0, 1, 2, 45, 46, 47, 48, 49, 92, 93, 94}
    for i, b in enumerate(bits):
        if b == "1":
            extra = height * 0.08 if i in guards else 0.0
            canvas.rect(x + i * module, y, x + (i + 1) * module - 0.001, y + height + extra, color)
    font = Font("ttf", name=rng.choice(["mono", "lib_mono", "sans"]))
    cap = module * 7
    canvas.text(code[0], font, cap, x - module * 8, y + height + module * 2, rng, color)
    canvas.text(code[1:7], Font("ttf", name=font.name, tracking=0.25), cap, x + module * 4, y + height + module * 2, rng, color)
    canvas.text(code[7:], Font("ttf", name=font.name, tracking=0.25), cap, x + module * 50, y + height + module * 2, rng, color)
    return code


def draw_datamatrix(canvas: Canvas, x: float, y: float, size: float, n: int, color: Color, nrng: np.random.Generator) -> None:
    cell = size / n
    grid = nrng.random((n, n)) < 0.5
    grid[:, 0] = True
    grid[n - 1, :] = True
    grid[0, ::2] = True
    grid[0, 1::2] = False
    grid[::2, n - 1] = False
    grid[1::2, n - 1] = True
    for r in range(n):
        for c in range(n):
            if grid[r, c]:
                canvas.rect(x + c * cell, y + r * cell, x + (c + 1) * cell - 0.001, y + (r + 1) * cell - 0.001, color)


# ---------------------------------------------------------------------------------------------
# Layout helpers
# ---------------------------------------------------------------------------------------------


def text_width(text: str, font: Font, cap: float) -> float:
    return render_text(text, font, cap, random.Random(0)).width


@dataclass
class Line:
    text: str
    font: Font
    cap: float
    ident: bool = False
    color: Color | None = None
    align: str = "l"
    gap: float = 0.75  # space below, in this line's capital heights
    depth: float = 0.0
    strength: float = 1.0
    indent: float = 0.0


def lay_lines(canvas: Canvas, lines: Sequence[Line], x: float, y: float, width: float, rng: random.Random, color: Color) -> float:
    """Draw lines top-down from (x, y) inside `width`; returns the y after the last line."""
    for line in lines:
        col = line.color or color
        if line.align == "c":
            lx = x + width / 2
        elif line.align == "r":
            lx = x + width
        else:
            lx = x + line.indent
        canvas.text(line.text, line.font, line.cap, lx, y, rng, col, line.align, line.ident, line.strength, line.depth)
        y += line.cap * (1 + line.gap)
    return y


def _lines_height(lines: Sequence[Line]) -> float:
    return sum(line.cap * (1 + line.gap) for line in lines) - lines[-1].cap * lines[-1].gap


def _lines_width(lines: Sequence[Line]) -> float:
    return max(text_width(line.text, line.font, line.cap) + line.indent for line in lines)


def _round_corners(canvas: Canvas, radius: float) -> None:
    mask = np.zeros((canvas.h * 2, canvas.w * 2), np.uint8)
    r = max(1, round(radius * 2))
    w2, h2 = canvas.w * 2, canvas.h * 2
    cv2.rectangle(mask, (r, 0), (w2 - 1 - r, h2 - 1), 255, -1)
    cv2.rectangle(mask, (0, r), (w2 - 1, h2 - 1 - r), 255, -1)
    for cx, cy in ((r, r), (w2 - 1 - r, r), (r, h2 - 1 - r), (w2 - 1 - r, h2 - 1 - r)):
        cv2.circle(mask, (cx, cy), r, 255, -1, cv2.LINE_AA)
    small = cv2.resize(mask, (canvas.w, canvas.h), interpolation=cv2.INTER_AREA).astype(np.float32) / 255.0
    canvas.alpha = np.minimum(canvas.alpha, small)


def paste(dst: Canvas, src: Canvas, x: float, y: float, angle_deg: float) -> None:
    """Stick `src` onto `dst` with its top-left near (x, y), turned by `angle_deg` about its centre."""
    cx, cy = src.w / 2, src.h / 2
    m = cv2.getRotationMatrix2D((cx, cy), angle_deg, 1.0)
    m[0, 2] += x
    m[1, 2] += y
    size = (dst.w, dst.h)
    rgb = cv2.warpAffine(src.rgb, m, size, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT)
    aux = cv2.warpAffine(
        np.dstack([src.alpha, src.ids, src.height]), m, size, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT
    )
    a = aux[..., 0:1]
    dst.rgb = (dst.rgb * (1 - a) + rgb * a).astype(np.float32)
    dst.ids = np.maximum(dst.ids, aux[..., 1])
    dst.height = dst.height * (1 - a[..., 0]) + aux[..., 2]
    for box, cap in zip(src.id_boxes, src.id_caps, strict=True):
        corners = np.array([[box[0], box[1], 1], [box[2], box[1], 1], [box[0], box[3], 1], [box[2], box[3], 1]], np.float64)
        moved = corners @ m.T
        # keep the capital height and the line's centre; the box is what the camera needs to fit
        mx, my = moved[:, 0].mean(), moved[:, 1].mean()
        half = (box[2] - box[0]) / 2
        dst.id_boxes.append((mx - half, my - cap / 2, mx + half, my + cap / 2))
        dst.id_caps.append(cap)
    dst.id_fonts.extend(src.id_fonts)


def _tint(color: Color, rng: random.Random, amount: float = 0.03) -> Color:
    return (
        min(1.0, max(0.0, color[0] + rng.gauss(0, amount))),
        min(1.0, max(0.0, color[1] + rng.gauss(0, amount))),
        min(1.0, max(0.0, color[2] + rng.gauss(0, amount))),
    )


def _thermal_dropout(canvas: Canvas, rng: random.Random, paper: Color, y0: float, y1: float) -> None:
    """A dead dot of a thermal head: a thin unprinted line along the feed direction."""
    if rng.random() < 0.5:
        x = rng.uniform(0.1, 0.9) * canvas.w
        canvas.rect(x, y0, x + rng.uniform(1.0, 2.2), y1, paper)


@dataclass
class Built:
    canvas: Canvas
    backgrounds: tuple[str, ...]
    gloss: float  # how strongly light glares off it
    tilt_max: float  # degrees
    patch: bool = False  # a feathered piece of a surface that the background continues
    surface: Color = (0.5, 0.5, 0.5)
    surface_kind: str = ""
    glass: bool = False
    shadow: float = 0.0  # drop shadow strength on the background
    moire_print: bool = False  # fine security print that aliases
    cap_min: float = 8.3  # relief needs more pixels than ink to stay legible
    turned: float = 0.0  # degrees the text is already turned on the object (a label stuck askew)
    relief_id: bool = False  # the identifier is relief (punched, embossed), not ink: less contrast to spend


# ---------------------------------------------------------------------------------------------
# vin_plate
# ---------------------------------------------------------------------------------------------


def _plate_texts(rng: random.Random, vin: str, year: int) -> tuple[str, list[str], bool]:
    """(maker line, other lines, Cyrillic plate) for a maker's plate."""
    maker, region, _models = _WMI_MAKERS[vin[:3]]
    gross = rng.randint(13, 26) * 100 + rng.choice([0, 10, 25, 40, 50, 75, 90])
    front = gross // 2 + rng.randint(-80, 120)
    rear = gross - front + rng.randint(-40, 60)
    month = rng.randint(1, 12)
    paint = rng.choice(["NKA", "040", "1F7", "LA7W", "C4P", "9P", "KAD", "PGU", "R7A", "S28", "WAA"])
    engine = rng.choice(["G4FC", "G4NA", "21127", "11186", "K4M", "CWVA", "1ZR", "QR25", "F4R", "SQRE4G15", "JLH-4G15T", "M20A"])
    cyr = region == "ru" and _has_cyrillic(maker)
    if cyr:
        lines = [
            f"ОТТС RU E-RU.МТ02.В.{rng.randint(100, 999):05d}",
            f"{gross} кг",
            f"1- {front} кг    2- {rear} кг",
            f"ДВИГ. {engine}   КРАСКА {paint}",
            f"{month:02d}.{year}   СДЕЛАНО В РОССИИ",
        ]
    elif region == "us":
        lines = [
            f"MFD. BY {maker}   DATE {month:02d}/{year % 100:02d}",
            f"GVWR {gross} KG ({round(gross * 2.2046)} LB)",
            f"GAWR FRT {front} KG   GAWR RR {rear} KG",
            "THIS VEHICLE CONFORMS TO ALL APPLICABLE U.S. FEDERAL",
            "MOTOR VEHICLE SAFETY STANDARDS IN EFFECT ON THE DATE",
            f"OF MANUFACTURE SHOWN ABOVE.   TYPE: PASS CAR   PAINT {paint}",
        ]
    else:
        approval = f"e{rng.choice([1, 2, 4, 11, 13])}*2007/46*{rng.randint(100, 999):04d}*{rng.randint(1, 20):02d}"
        lines = [
            approval,
            f"{gross} kg",
            f"1- {front} kg   2- {rear} kg",
            f"PAINT {paint}  TRIM {rng.choice(['1D', 'WK', 'FB20', 'UN', 'EL'])}  ENGINE {engine}",
            f"{_MADE_IN[region]}   {month:02d}/{year}",
        ]
    return maker, lines, cyr


def build_vin_plate(rng: random.Random, nrng: np.random.Generator, vin: str, year: int) -> Built:
    variant = _pick(rng, [(0.3, "riveted"), (0.26, "sticker"), (0.2, "windscreen"), (0.24, "barcode")])
    cap = rng.uniform(40, 50)
    maker, others, _cyr = _plate_texts(rng, vin, year)
    vin_text = vin
    if rng.random() < 0.25:
        vin_text = rng.choice(["*{}*", "* {} *", "{}"]).format(vin)

    if variant == "riveted":
        style = _pick(rng, [(0.45, "alu"), (0.2, "black"), (0.15, "gold"), (0.2, "white")])
        base, ink = {"alu": ((0.74, 0.75, 0.77), (0.07, 0.07, 0.08)), "black": ((0.09, 0.09, 0.1), (0.78, 0.78, 0.76)),
                     "gold": ((0.76, 0.66, 0.42), (0.1, 0.08, 0.05)), "white": ((0.9, 0.9, 0.88), (0.05, 0.05, 0.06))}[style]  # fmt: skip
        method = _pick(rng, [(0.5, "ink"), (0.3, "emboss"), (0.2, "etched")])
        font = id_font(rng, "metal")
        tfont = text_font(rng, latin_only=True)
        strength = {"ink": 1.0, "emboss": 0.25, "etched": 0.85}[method]
        depth = {"ink": 0.0, "emboss": cap * 0.07, "etched": -cap * 0.03}[method]
        lines = [
            Line(maker, text_font(rng, bold=True), cap * rng.uniform(0.55, 0.7), gap=0.9, strength=strength, depth=depth * 0.7)
        ]
        label_above = rng.random() < 0.35
        if label_above:
            lines.append(Line("VIN", tfont, cap * 0.5, gap=0.4, strength=strength, depth=depth * 0.5))
            lines.append(Line(vin_text, font, cap, ident=True, gap=0.8, strength=strength, depth=depth))
        for t in others[: rng.randint(3, len(others))]:
            lines.append(Line(t, tfont, cap * rng.uniform(0.42, 0.55), gap=0.6, strength=strength, depth=depth * 0.5))
        if not label_above:
            lines.insert(
                rng.randint(1, 2),
                Line(vin_text, font, cap, ident=True, gap=0.8, strength=strength, depth=depth, indent=cap * 1.6),
            )
        margin = cap * 1.6
        w = int(_lines_width(lines) + 2 * margin)
        h = int(_lines_height(lines) + 2 * margin)
        c = Canvas.blank(w, h, base)
        if style == "alu":  # brushed
            streaks = cv2.GaussianBlur(nrng.standard_normal((h, w)).astype(np.float32), (0, 0), sigmaX=25, sigmaY=0.6)
            c.rgb *= (1 + 0.05 * streaks / max(1e-6, float(streaks.std())))[..., None]
        y = margin
        for line in lines:
            if line.ident and not label_above:
                c.text("VIN", tfont, cap * 0.5, margin, y + cap * 0.25, rng, ink, strength=strength, depth=depth * 0.5)
            c.text(line.text, line.font, line.cap, margin + line.indent, y, rng, ink, "l", line.ident, line.strength, line.depth)
            y += line.cap * (1 + line.gap)
        for rx, ry in (
            (margin * 0.45, margin * 0.45),
            (w - margin * 0.45, margin * 0.45),
            (margin * 0.45, h - margin * 0.45),
            (w - margin * 0.45, h - margin * 0.45),
        ):
            rivet = np.zeros((h, w), np.float32)
            cv2.circle(rivet, (round(rx), round(ry)), round(cap * 0.28), 1.0, -1, cv2.LINE_AA)
            c.height += cv2.GaussianBlur(rivet, (0, 0), cap * 0.1) * cap * 0.25
        c.height = cv2.GaussianBlur(c.height, (0, 0), 0.8)
        _round_corners(c, cap * 0.4)
        _shade_relief(
            c,
            rng.uniform(0, 2 * math.pi),
            math.radians(rng.uniform(25, 60)),
            rng.uniform(8, 30),
            rng.uniform(0.05, 0.3),
            rng.uniform(0.3, 0.5),
        )
        return Built(
            c, ("engine", "paint", "paint", "dashboard"), gloss=0.6, tilt_max=30, shadow=0.15, relief_id=method == "emboss"
        )

    if variant in ("sticker", "barcode"):
        paper = _pick(rng, [(0.6, (0.94, 0.94, 0.92)), (0.25, (0.8, 0.81, 0.83)), (0.15, (0.95, 0.93, 0.82))])
        ink = _tint((0.06, 0.06, 0.07), rng, 0.02)
        strength = rng.uniform(0.55, 1.0) if rng.random() < 0.3 else 1.0  # faded thermal print
        font = id_font(rng, "print")
        tfont = text_font(rng)
        lines = []
        if variant == "sticker":
            lines.append(Line(maker, text_font(rng, bold=True), cap * 0.55, gap=0.7))
            for t in others[: rng.randint(2, len(others))]:
                lines.append(Line(t, tfont, cap * rng.uniform(0.38, 0.5), gap=0.55))
            pos = rng.randint(1, len(lines))
            lines.insert(pos, Line(("VIN: " if rng.random() < 0.5 else "") + vin_text, font, cap, ident=True, gap=0.9))
        else:
            if rng.random() < 0.6:
                lines.append(
                    Line(
                        rng.choice([maker, "VEHICLE IDENTIFICATION NUMBER", "VIN", "V.I.N."]),
                        tfont,
                        cap * 0.45,
                        gap=0.6,
                        align="c",
                    )
                )
            lines.append(Line("@BARCODE@", font, cap * 2.0, gap=0.3, align="c"))
            hri = vin_text if rng.random() < 0.6 else f"*{vin}*"
            lines.append(Line(hri, font, cap, ident=True, gap=0.8, align="c"))
            for t in others[: rng.randint(0, 2)]:
                lines.append(Line(t, tfont, cap * rng.uniform(0.38, 0.48), gap=0.5, align="c"))
        narrow = cap * rng.uniform(0.085, 0.12)
        ratio = rng.uniform(2.2, 3.0)
        bar_w = code39_width(vin, narrow, ratio)
        widths = [bar_w if ln.text == "@BARCODE@" else text_width(ln.text, ln.font, ln.cap) + ln.indent for ln in lines]
        if variant == "sticker" and rng.random() < 0.6:
            lines.append(Line("@BARCODE@", font, cap * 1.6, gap=0.2))
            widths.append(bar_w)
        margin = cap * rng.uniform(0.8, 1.3)
        inner = max(widths)
        w = int(inner + 2 * margin)
        h = int(_lines_height(lines) + 2 * margin)
        c = Canvas.blank(w, h, paper)
        c.rgb *= (1 + 0.015 * _fine_noise(nrng, w, h, 1.5))[..., None]
        y = margin
        for ln in lines:
            if ln.text == "@BARCODE@":
                bx = margin + (inner - bar_w) / 2 if ln.align == "c" else margin
                draw_code39(c, vin, bx, y, ln.cap, narrow, ratio, ink)
            else:
                x = margin + (inner / 2 if ln.align == "c" else 0.0)
                c.text(ln.text, ln.font, ln.cap, x, y, rng, ink, ln.align, ln.ident, strength)
            y += ln.cap * (1 + ln.gap)
        if rng.random() < 0.5:
            c.rect(margin * 0.4, margin * 0.4, w - margin * 0.4, h - margin * 0.4, ink, thick=max(1.5, cap * 0.05))
        _thermal_dropout(c, rng, paper, margin * 0.5, h - margin * 0.5)
        _round_corners(c, cap * 0.3)
        bgs = ("paint", "paint", "dashboard", "carpet") if variant == "barcode" else ("paint",)
        return Built(c, bgs, gloss=0.75, tilt_max=32, shadow=0.1)

    # windscreen: a strip on the dashboard, read through the glass
    style = _pick(rng, [(0.4, "black_metal"), (0.3, "alu"), (0.3, "sticker")])
    base, ink = {"black_metal": ((0.1, 0.1, 0.11), (0.82, 0.82, 0.8)), "alu": ((0.72, 0.73, 0.74), (0.08, 0.08, 0.09)),
                 "sticker": ((0.92, 0.92, 0.9), (0.06, 0.06, 0.07))}[style]  # fmt: skip
    font = id_font(rng, "metal" if style != "sticker" else "print")
    margin_x, margin_y = cap * rng.uniform(0.8, 1.4), cap * rng.uniform(0.5, 0.8)
    extra = rng.random() < 0.35
    wv = text_width(vin_text, font, cap)
    w = int(wv + 2 * margin_x)
    h = int(cap + 2 * margin_y + (cap * 1.4 if extra else 0))
    c = Canvas.blank(w, h, base)
    emboss = style != "sticker" and rng.random() < 0.6
    c.text(
        vin_text,
        font,
        cap,
        margin_x,
        margin_y,
        rng,
        ink,
        ident=True,
        strength=0.3 if emboss else 1.0,
        depth=cap * 0.06 if emboss else 0.0,
    )
    if extra:
        narrow = (wv * 0.8) / code39_width(vin, 1.0, 2.5)
        draw_code39(c, vin, margin_x + wv * 0.1, margin_y + cap * 1.5, cap * 0.9, narrow, 2.5, ink)
    _round_corners(c, cap * 0.25)
    _shade_relief(c, rng.uniform(0, 2 * math.pi), math.radians(rng.uniform(25, 55)), 15, 0.2, 0.4)
    return Built(c, ("dashboard",), gloss=0.5, tilt_max=38, glass=True, shadow=0.05, relief_id=emboss)


# ---------------------------------------------------------------------------------------------
# СТС (Russian registration certificate)
# ---------------------------------------------------------------------------------------------

_COLOURS_RU = ("БЕЛЫЙ", "ЧЕРНЫЙ", "СЕРЕБРИСТЫЙ", "СЕРЫЙ", "СИНИЙ", "КРАСНЫЙ", "ЗЕЛЕНЫЙ", "БЕЖЕВЫЙ", "ТЕМНО-СЕРЫЙ", "КОРИЧНЕВЫЙ")
_BODY_RU = ("ЛЕГКОВОЙ СЕДАН", "ЛЕГКОВОЙ ХЭТЧБЕК", "ЛЕГКОВОЙ УНИВЕРСАЛ", "ЛЕГКОВОЙ КОМБИ (ХЭТЧБЕК)", "ЛЕГКОВОЙ ПРОЧЕЕ")
_PLATE_LETTERS = "АВЕКМНОРСТУХ"
_CYR_MAKES = {
    "TOYOTA": "ТОЙОТА",
    "NISSAN": "НИССАН",
    "HONDA": "ХОНДА",
    "MAZDA": "МАЗДА",
    "MITSUBISHI": "МИЦУБИСИ",
    "SUBARU": "СУБАРУ",
    "SUZUKI": "СУЗУКИ",
}


def _guilloche(nrng: np.random.Generator, rng: random.Random, w: int, h: int) -> Img:
    """Iris-printed pink-green paper with fine wave lines, a rosette and micro-text."""
    xs = np.linspace(0, 1, w, dtype=np.float32)[None, :]
    ys = np.linspace(0, 1, h, dtype=np.float32)[:, None]
    pink = np.array(_tint((0.97, 0.87, 0.88), rng, 0.015), np.float32)
    green = np.array(_tint((0.87, 0.95, 0.89), rng, 0.015), np.float32)
    t = np.clip(0.5 + 0.9 * (xs - 0.5) + 0.25 * (ys - 0.5) + 0.08 * _noise_field(nrng, w, h, 3), 0, 1)[..., None]
    paper = pink + (green - pink) * t
    lines = np.zeros((h, w), np.uint8)
    spacing = rng.uniform(5.0, 9.0)
    amp, lam, phase = rng.uniform(6, 20), rng.uniform(60, 180), rng.uniform(0, 6.28)
    amp2, lam2 = rng.uniform(3, 10), rng.uniform(20, 60)
    x = np.arange(0, w + 8, 4, dtype=np.float64)
    y0 = -amp - amp2
    while y0 < h + amp + amp2:
        yy = y0 + amp * np.sin(2 * np.pi * x / lam + phase + y0 / 90) + amp2 * np.sin(2 * np.pi * x / lam2 + y0 / 37)
        pts = np.stack([x * _ONE, yy * _ONE], axis=1).astype(np.int32)
        cv2.polylines(lines, [pts], False, 255, 1, cv2.LINE_AA, _SHIFT)
        y0 += spacing
    for _ in range(rng.randint(1, 2)):
        cx, cy = rng.uniform(0.2, 0.8) * w, rng.uniform(0.2, 0.8) * h
        big, small, d = rng.uniform(0.2, 0.35) * h, rng.uniform(0.03, 0.08) * h, rng.uniform(0.05, 0.12) * h
        tt = np.linspace(0, 2 * np.pi * 23, 9000)
        rx = (big - small) * np.cos(tt) + d * np.cos((big - small) / small * tt) + cx
        ry = (big - small) * np.sin(tt) - d * np.sin((big - small) / small * tt) + cy
        pts = np.stack([rx * _ONE, ry * _ONE], axis=1).astype(np.int32)
        cv2.polylines(lines, [pts], False, 255, 1, cv2.LINE_AA, _SHIFT)
    ink = np.array(_tint((0.75, 0.55, 0.62) if rng.random() < 0.5 else (0.55, 0.7, 0.62), rng, 0.03), np.float32)
    micro = Image.new("L", (w, h), 0)
    draw = ImageDraw.Draw(micro)
    mfont = _ttf_font("sans", max(6, round(h * 0.012)))
    row = "РОССИЙСКАЯ ФЕДЕРАЦИЯ  " * 12
    yy0 = 0
    step = max(8, round(h * 0.018))
    while yy0 < h:
        draw.text((-(yy0 * 7) % 200, yy0), row, font=mfont, fill=255)
        yy0 += step * rng.choice([3, 4])
    alpha8 = np.maximum(lines, np.asarray(micro, np.uint8) // 3)
    a = (alpha8.astype(np.float32) * (rng.uniform(0.35, 0.6) / 255.0))[..., None]
    paper += (ink - paper) * a
    return paper.astype(np.float32)


def _plate_number(rng: random.Random) -> str:
    ls = _PLATE_LETTERS
    return f"{rng.choice(ls)}{rng.randint(1, 999):03d}{rng.choice(ls)}{rng.choice(ls)} {rng.choice([rng.randint(1, 99), rng.choice([116, 125, 138, 150, 154, 777, 799, 197])]):02d}"


def build_sts(
    rng: random.Random, nrng: np.random.Generator, vin: str | None, frame: str | None, car: str | None, year: int
) -> Built:
    cap = rng.uniform(32, 40)
    lcap = cap * rng.uniform(0.5, 0.66)
    pitch = cap * rng.uniform(1.75, 2.15)
    lfont = Font("ttf", name=rng.choice(["lib_sans", "sans", "sans_cond", "lib_narrow", "lib_serif"]))
    vfont = id_font(rng, "sts")
    absent = "ОТСУТСТВУЕТ"
    if vin is not None:
        _maker, _region, models = _WMI_MAKERS[vin[:3]]
        model = rng.choice(models)
        vin_val, chassis, body = vin, absent, vin if rng.random() < 0.85 else absent
        ident_rows = {"vin", "body"} if body == vin else {"vin"}
    else:
        assert frame is not None
        name = (car or "TOYOTA").upper()
        make = name.split()[0]
        model = f"{_CYR_MAKES.get(make, make)} {' '.join(name.split()[1:])}".strip() if rng.random() < 0.2 else name
        vin_val = absent
        if rng.random() < 0.25:
            chassis, body = frame, absent
            ident_rows = {"chassis"}
        else:
            chassis, body = absent, frame
            ident_rows = {"body"}
    kw = rng.randint(50, 190)
    rows = [
        ("plate", "Регистрационный знак", _plate_number(rng)),
        ("vin", "Идентификационный номер (VIN)", vin_val),
        ("model", "Марка, модель", model),
        ("type", "Тип ТС", rng.choice(_BODY_RU)),
        ("cat", "Категория ТС (ABCD, прицеп)", "B"),
        ("year", "Год выпуска ТС", str(year)),
        ("chassis", "Шасси (рама) №", chassis),
        ("body", "Кузов (кабина, прицеп) №", body),
        ("colour", "Цвет", rng.choice(_COLOURS_RU)),
        ("power", "Мощность двигателя, кВт/л.с.", f"{kw}/{round(kw * 1.36)}"),
        ("eco", "Экологический класс", rng.choice(["ПЯТЫЙ", "ЧЕТВЕРТЫЙ", "ТРЕТИЙ", "ВТОРОЙ"])),
        (
            "pts",
            "Паспорт ТС серия",
            f"{rng.randint(10, 99)} {rng.choice(_PLATE_LETTERS)}{rng.choice(_PLATE_LETTERS)} {rng.randint(0, 999999):06d}",
        ),
        ("max", "Разрешенная max масса, кг", str(rng.randint(13, 27) * 100 + rng.choice([0, 30, 50, 80]))),
        ("mass", "Масса без нагрузки, кг", str(rng.randint(9, 20) * 100 + rng.choice([0, 20, 45, 60]))),
    ]
    lx = cap * rng.uniform(0.7, 1.1)
    vx = lx + max(text_width(r[1], lfont, lcap) for r in rows) + cap * rng.uniform(0.8, 1.6)
    vw = max(text_width(r[2], vfont if r[0] in ident_rows else Font("ttf", name="lib_sans_bold"), cap) for r in rows)
    top = cap * rng.uniform(2.8, 3.6)
    w = int(max(vx + vw + cap * 1.2, (top + pitch * len(rows)) * 1.42))
    h = int(top + pitch * len(rows) + cap * 1.2)
    c = Canvas.blank(w, h, (1, 1, 1))
    c.rgb = _guilloche(nrng, rng, w, h)
    label_ink = _tint((0.12, 0.1, 0.14), rng, 0.03)
    c.text("СВИДЕТЕЛЬСТВО О РЕГИСТРАЦИИ ТС", Font("ttf", name="sans_bold"), lcap * 1.05, w * 0.5, cap * 0.6, rng, label_ink, "c")
    c.text(f"{rng.randint(10, 99)} {rng.randint(10, 99)} № {rng.randint(0, 999999):06d}", Font("ttf", name=rng.choice(["serif_bold", "lib_serif_bold"])),
           cap * 0.75, w - cap * 0.8, cap * 1.7, rng, (0.78, 0.12, 0.14), "r")  # fmt: skip
    for i, (_key, label, _value) in enumerate(rows):
        c.text(label, lfont, lcap, lx, top + i * pitch + (cap - lcap), rng, label_ink)
    # the printer's values: their own layer, shifted and turned against the form
    vals = Canvas.blank(w, h, (0, 0, 0))
    plain = vfont if vfont.family == "ttf" else Font("ttf", name="lib_sans_bold")
    for i, (key, _label, value) in enumerate(rows):
        f = vfont if key in ident_rows or rng.random() < 0.5 else plain
        vals.text(value, f, cap, vx, top + i * pitch, rng, (1, 1, 1), ident=key in ident_rows)
    dx, dy = rng.uniform(-1.2, 1.2) * cap, rng.uniform(-0.45, 0.4) * cap
    rot = rng.uniform(-0.9, 0.9)
    m = cv2.getRotationMatrix2D((w / 2, h / 2), rot, 1.0)
    m[0, 2] += dx
    m[1, 2] += dy
    ink_mask = cv2.warpAffine(vals.rgb[..., 0], m, (w, h), flags=cv2.INTER_LINEAR)
    ids = cv2.warpAffine(vals.ids, m, (w, h), flags=cv2.INTER_NEAREST)
    printer = _tint((0.07, 0.07, 0.09), rng, 0.02)
    density = rng.uniform(0.75, 1.0)
    a = (ink_mask * density)[..., None]
    c.rgb = (c.rgb * (1 - a) + np.asarray(printer, np.float32) * a).astype(np.float32)
    c.ids = ids
    c.id_fonts = vals.id_fonts
    for box, bcap in zip(vals.id_boxes, vals.id_caps, strict=True):
        cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
        nx = m[0, 0] * cx + m[0, 1] * cy + m[0, 2]
        ny = m[1, 0] * cx + m[1, 1] * cy + m[1, 2]
        half = (box[2] - box[0]) / 2
        c.id_boxes.append((nx - half, ny - bcap / 2, nx + half, ny + bcap / 2))
        c.id_caps.append(bcap)
    _round_corners(c, cap * 0.6)
    return Built(
        c,
        ("desk", "desk", "palm", "seat", "dashboard", "carpet", "screen"),
        gloss=0.95,
        tilt_max=30,
        shadow=0.3,
        moire_print=True,
        turned=abs(rot),
    )


# ---------------------------------------------------------------------------------------------
# Stamped into metal (also frame numbers on the firewall)
# ---------------------------------------------------------------------------------------------

_PAINTS: tuple[Color, ...] = ((0.86, 0.86, 0.84), (0.62, 0.63, 0.65), (0.1, 0.1, 0.11), (0.55, 0.1, 0.1), (0.16, 0.24, 0.45),
                              (0.32, 0.33, 0.34), (0.7, 0.66, 0.56), (0.2, 0.3, 0.22), (0.45, 0.45, 0.47))  # fmt: skip


def build_stamped(rng: random.Random, nrng: np.random.Generator, text: str, delimiters: bool) -> Built:
    cap = rng.uniform(40, 52)
    font = id_font(rng, "stamp")
    if font.family == "ttf":
        font = Font("ttf", name=font.name, tracking=rng.uniform(0.12, 0.3))
    surface_kind = _pick(rng, [(0.6, "paint"), (0.2, "bare"), (0.2, "chassis")])
    if surface_kind == "paint":
        colour = rng.choice(_PAINTS)
    elif surface_kind == "bare":
        colour = _tint((0.5, 0.49, 0.47), rng, 0.04)
    else:
        colour = _tint((0.11, 0.11, 0.12), rng, 0.01)
    star = rng.choice(["*", "star", "star"]) if delimiters else ""
    # per die: rendered alone, nudged and turned a little, pressed to its own depth
    spacing = cap * rng.uniform(0.18, 0.4)
    glyphs = [render_text(ch, font, cap, rng) for ch in text]
    widths = [g.width for g in glyphs]
    star_w = cap * 1.0 if star else 0.0
    total = sum(widths) + spacing * (len(text) - 1) + (2 * (star_w + spacing * 1.5) if star else 0.0)
    margin = cap * 2.2
    w, h = int(total + 2 * margin), int(cap + 2 * margin)
    c = Canvas.blank(w, h, colour)
    groove = np.zeros((h, w), np.float32)
    x = margin
    line_tilt = rng.gauss(0, 0.015)

    def press(mask: Img, px: float, py: float) -> None:
        ox, oy = round(px), round(py)
        y0, x0 = max(0, oy), max(0, ox)
        y1, x1 = min(h, oy + mask.shape[0]), min(w, ox + mask.shape[1])
        if y1 > y0 and x1 > x0:
            groove[y0:y1, x0:x1] = np.maximum(
                groove[y0:y1, x0:x1], mask[y0 - oy : y1 - oy, x0 - ox : x1 - ox] * rng.uniform(0.85, 1.1)
            )

    def star_mask() -> tuple[Img, int]:
        size = int(cap * 1.6)
        sm = np.zeros((size, size), np.uint8)
        r_out, r_in = cap * 0.5, cap * 0.5 * rng.uniform(0.36, 0.45)
        pts = []
        for k in range(10):
            ang = -math.pi / 2 + k * math.pi / 5
            rr = r_out if k % 2 == 0 else r_in
            pts.append([_fix(size / 2 + rr * math.cos(ang)), _fix(size / 2 + rr * math.sin(ang))])
        cv2.fillPoly(sm, [np.array(pts, np.int32)], 255, cv2.LINE_AA, _SHIFT)
        return sm.astype(np.float32) / 255.0, size

    def put_star(px: float) -> float:
        if star == "*":
            g = render_text("*", font, cap, rng)
            press(g.mask, px - g.pad, margin - g.pad + (px - margin) * line_tilt)
            return g.width
        sm, size = star_mask()
        press(sm, px + star_w / 2 - size / 2, margin + cap / 2 - size / 2 + (px - margin) * line_tilt)
        return star_w

    if star:
        x += put_star(x) + spacing * 1.5
    x_start = x
    for g in glyphs:
        jy = rng.gauss(0, cap * 0.035)
        mask = g.mask
        ang = rng.gauss(0, 1.6)
        if abs(ang) > 0.2:
            rm = cv2.getRotationMatrix2D((mask.shape[1] / 2, mask.shape[0] / 2), ang, 1.0)
            mask = cv2.warpAffine(mask, rm, (mask.shape[1], mask.shape[0]), flags=cv2.INTER_LINEAR)
        press(mask, x - g.pad + rng.gauss(0, cap * 0.02), margin - g.pad + jy + (x - margin) * line_tilt)
        x += g.width + spacing
    x_end = x - spacing
    if star:
        put_star(x_end + spacing * 1.5)
    box = (x_start, margin + (x_start - margin) * line_tilt, x_end, margin + cap + (x_end - margin) * line_tilt)
    c.mark_id((box[0], min(box[1], box[3] - cap), box[2], max(box[3], box[1] + cap)), cap)
    c.id_fonts.append(font.describe())
    c.id_caps[-1] = cap
    c.ids = cv2.GaussianBlur(c.ids, (0, 0), 1.0)
    c.ids[c.ids > 0.01] = 1.0
    soft = cv2.GaussianBlur(groove, (0, 0), cap * rng.uniform(0.02, 0.045))
    depth = cap * rng.uniform(0.07, 0.13)
    c.height = -soft * depth + cv2.GaussianBlur(groove, (0, 0), cap * 0.12) * depth * 0.15
    # surface: orange peel, scratches, rust, grime or chalk in the grooves
    c.rgb *= (1 + 0.025 * _fine_noise(nrng, w, h, 2.5) + 0.04 * _noise_field(nrng, w, h, 4))[..., None]
    _scratches(c.rgb, rng, int(rng.uniform(3, 14)), w, h)
    if surface_kind != "paint" or rng.random() < 0.25:
        _rust(c.rgb, nrng, rng, w, h, rng.uniform(0.15, 0.45) if surface_kind == "bare" else rng.uniform(0.04, 0.2), spare=c.ids)
    dark_surface = float(np.mean(colour)) < 0.33
    fill = _pick(rng, [(0.35, "none"), (0.65, "chalk")] if dark_surface else [(0.35, "none"), (0.5, "dirt"), (0.15, "chalk")])
    grime = np.clip(soft * 1.3, 0, 1) * (0.7 + 0.3 * _noise_field(nrng, w, h, 12))

    def filled(albedo: Img, kind: str, amount: float) -> Img:
        if kind == "none":
            return albedo
        target = np.array((0.88, 0.88, 0.84) if kind == "chalk" else (0.08, 0.07, 0.05), np.float32)
        k = (np.clip(grime, 0, 1) * amount)[..., None]
        out: Img = (albedo * (1 - k) + target * k).astype(np.float32)
        return out

    albedo = filled(c.rgb, fill, rng.uniform(0.3, 0.7))
    relief = c.height.copy()
    az, el = rng.uniform(0, 2 * math.pi), math.radians(rng.uniform(18, 42))
    shin = rng.uniform(4, 12) if dark_surface else rng.uniform(6, 30)
    ks = rng.uniform(0.35, 0.7) if dark_surface else rng.uniform(0.1, 0.45)
    ambient = rng.uniform(0.25, 0.45)
    # a careful person turns the part until the light rakes across the number: deepen the shading,
    # then rub dust into the grooves, until the identifier stands out of the surface
    for boost, extra in ((1.0, 0.0), (1.5, 0.0), (2.2, 0.0), (2.2, 0.45), (2.6, 0.75), (3.0, 0.95)):
        c.rgb = filled(albedo, "chalk" if dark_surface else "dirt", extra) if extra else albedo.copy()
        c.height = relief * boost
        _shade_relief(c, az, el, shin, ks, ambient)
        if _relief_signal(c, len(text)) >= 0.15:
            break
    # a feathered patch: the background continues the same metal
    ramp = np.minimum.reduce([np.arange(w)[None, :].repeat(h, 0), np.arange(w)[::-1][None, :].repeat(h, 0),
                              np.arange(h)[:, None].repeat(w, 1), np.arange(h)[::-1][:, None].repeat(w, 1)]).astype(np.float32)  # fmt: skip
    c.alpha = np.clip(ramp / (margin * 0.8), 0, 1)
    return Built(
        c,
        ("metal",),
        gloss=0.35 if surface_kind != "chassis" else 0.2,
        tilt_max=30,
        patch=True,
        surface=colour,
        surface_kind=surface_kind,
        cap_min=20.0,
        relief_id=True,
    )


def _relief_signal(c: Canvas, chars: int) -> float:
    """How much the identifier's weakest character stands out: the spread of the luminance's fine
    detail in each character's slot along the line, the lowest of them."""
    lum = c.rgb.mean(axis=2)
    detail = lum - cv2.GaussianBlur(lum, (0, 0), c.id_caps[0] * 0.5)
    x0, y0, x1, y1 = (round(v) for v in c.id_boxes[0])
    band = detail[max(0, y0) : y1 + 1, max(0, x0) : x1 + 1]
    edges = np.linspace(0, band.shape[1], chars + 1).astype(int)
    return min(float(band[:, a:b].std()) for a, b in itertools.pairwise(edges) if b > a)


def _scratches(rgb: Img, rng: random.Random, n: int, w: int, h: int) -> None:
    layer = np.zeros((h, w), np.float32)
    for _ in range(n):
        x0, y0 = rng.uniform(0, w), rng.uniform(0, h)
        ang, length = rng.uniform(0, math.pi), rng.uniform(0.05, 0.4) * max(w, h)
        x1, y1 = x0 + math.cos(ang) * length, y0 + math.sin(ang) * length
        cv2.line(layer, (_fix(x0), _fix(y0)), (_fix(x1), _fix(y1)), rng.uniform(0.2, 0.6), 1, cv2.LINE_AA, _SHIFT)
    rgb += (layer * 0.25)[..., None]


def _rust(
    rgb: Img, nrng: np.random.Generator, rng: random.Random, w: int, h: int, amount: float, spare: Img | None = None
) -> None:
    """Corrosion: blotches of several scales, brown to orange, pitted; held back over `spare`."""
    field_ = (
        _noise_field(nrng, w, h, rng.uniform(3, 7))
        + 0.6 * _noise_field(nrng, w, h, rng.uniform(15, 30))
        + 0.35 * _fine_noise(nrng, w, h, 2.0)
    )
    thr = float(np.quantile(field_, 1 - amount))
    k = np.clip((field_ - thr) * rng.uniform(0.8, 1.6), 0, 1) * rng.uniform(0.5, 0.85)
    if spare is not None:
        k = k * (1 - 0.6 * spare)
    tone = np.clip(0.5 + 0.5 * _noise_field(nrng, w, h, 20), 0, 1)[..., None]
    dark = np.array(_tint((0.24, 0.13, 0.07), rng, 0.02), np.float32)
    orange = np.array(_tint((0.55, 0.3, 0.12), rng, 0.03), np.float32)
    rust = (dark * (1 - tone) + orange * tone) * (1 + 0.25 * _fine_noise(nrng, w, h, 0.8))[..., None]
    k3 = k[..., None]
    rgb[:] = rgb * (1 - k3) + rust * k3


# ---------------------------------------------------------------------------------------------
# Japanese frame number
# ---------------------------------------------------------------------------------------------

_JP_MAKERS = {
    "Toyota": ("TOYOTA", "TOYOTA MOTOR CORPORATION", ("1NZ", "2ZR", "1ZZ", "2AZ", "1JZ", "3S")),
    "Nissan": ("NISSAN", "NISSAN MOTOR CO.,LTD. JAPAN", ("QR20", "MR20", "HR15", "SR20", "VQ25")),
    "Honda": ("HONDA", "HONDA MOTOR CO.,LTD. TOKYO JAPAN", ("L13A", "K20A", "R18A", "L15A", "K24A")),
    "Mazda": ("MAZDA", "MAZDA MOTOR CORPORATION", ("ZY", "LF", "FS", "ZJ")),
    "Mitsubishi": ("MITSUBISHI", "MITSUBISHI MOTORS CORPORATION", ("4G63", "4B11", "4G15", "6G72")),
    "Subaru": ("SUBARU", "FUJI HEAVY INDUSTRIES LTD.", ("EJ20", "EJ15", "FB20", "EJ25")),
    "Suzuki": ("SUZUKI", "SUZUKI MOTOR CORPORATION", ("M13A", "K6A", "J20A", "M16A")),
}


def build_frame(rng: random.Random, nrng: np.random.Generator, frame: str, car: str | None, year: int) -> Built:
    variant = _pick(rng, [(0.45, "plate"), (0.33, "stamped"), (0.22, "sticker")])
    if variant == "stamped":
        return build_stamped(rng, nrng, frame, delimiters=rng.random() < 0.2)
    make = car.split()[0] if car else rng.choice(sorted(_JP_MAKERS))
    brand, company, engines = _JP_MAKERS.get(make, _JP_MAKERS["Toyota"])
    code = frame.split("-")[0]
    model_field = f"{rng.choice(['DBA', 'CBA', 'UA', 'TA', 'GF', 'E', 'LA', 'DAA'])}-{code}"
    cap = rng.uniform(40, 50)
    if variant == "sticker":
        paper = _pick(rng, [(0.7, (0.94, 0.94, 0.92)), (0.3, (0.96, 0.9, 0.55))])
        ink = (0.05, 0.05, 0.06)
        font = id_font(rng, "print")
        tfont = text_font(rng)
        lines = []
        if rng.random() < 0.6:
            lines.append(
                Line(
                    rng.choice(["FRAME No.", "CHASSIS NO.", "車台番号", "FRAME NUMBER"]),
                    tfont if rng.random() < 0.7 else Font("stroke", mode="engrave"),
                    cap * 0.55,
                    gap=0.5,
                )
            )
        lines.append(Line(frame, font, cap, ident=True, gap=0.8))
        if rng.random() < 0.6:
            lines.append(
                Line(
                    f"MODEL {model_field}   YEAR {year}   COLOR {rng.choice(['040', '1F7', 'QM1', 'KAD', '8P4'])}",
                    tfont,
                    cap * 0.45,
                    gap=0.5,
                )
            )
        barcode = rng.random() < 0.5
        narrow = cap * 0.1
        bw = code39_width(frame, narrow, 2.5)
        margin = cap
        w = int(max(_lines_width(lines), bw if barcode else 0) + 2 * margin)
        h = int(_lines_height(lines) + 2 * margin + (cap * 1.7 if barcode else 0))
        c = Canvas.blank(w, h, paper)
        c.rgb *= (1 + 0.015 * _fine_noise(nrng, w, h, 1.5))[..., None]
        y = lay_lines(c, lines, margin, margin, w - 2 * margin, rng, ink)
        if barcode:
            draw_code39(c, frame, margin, y + cap * 0.2, cap * 1.3, narrow, 2.5, ink)
        _thermal_dropout(c, rng, paper, margin * 0.5, h - margin * 0.5)
        _round_corners(c, cap * 0.3)
        return Built(c, ("paint", "engine"), gloss=0.7, tilt_max=30, shadow=0.1)

    # the maker's model plate: labels printed, values punched
    base = _pick(rng, [(0.7, (0.76, 0.77, 0.78)), (0.3, (0.85, 0.85, 0.83))])
    ink = (0.07, 0.07, 0.08)
    lfont = Font("ttf", name=rng.choice(["sans_cond", "lib_narrow", "sans", "lib_sans"]))
    kanji = Font("stroke", mode="engrave", weight=rng.uniform(0.9, 1.3))
    vfont = id_font(rng, "metal") if rng.random() < 0.5 else id_font(rng, "stamp")
    punched = rng.random() < 0.7
    lcap = cap * 0.42
    rows = [
        ("型式", "MODEL" if make != "Nissan" else "TYPE", model_field, False),
        ("車台番号", "FRAME NO." if make != "Nissan" else "CHASSIS No.", frame, True),
        ("", "ENGINE", rng.choice(engines), False),
        (
            "",
            "COLOR",
            rng.choice(["040", "1F7", "209", "QM1", "KH3", "NH624P", "A31"])
            + "   TRIM "
            + rng.choice(["FB20", "FC13", "EA", "G"]),
            False,
        ),
    ]
    if rng.random() < 0.5:
        rows.append(
            ("", "TRANS/AXLE", rng.choice(["U341", "A246E", "RE4F03B", "C50"]) + "   PLANT " + str(rng.randint(1, 9)), False)
        )
    label_w = max(text_width(r[1], lfont, lcap) + (text_width(r[0], kanji, lcap * 1.15) + lcap if r[0] else 0) for r in rows)
    vx = cap * 1.2 + label_w + cap * 0.8
    vcap = cap
    widths = [text_width(r[2], vfont, vcap if r[3] else vcap * 0.75) for r in rows]
    w = int(vx + max(widths) + cap * 1.2)
    pitch = cap * 1.6
    head = cap * 1.9
    h = int(head + pitch * len(rows) + cap * 1.3)
    c = Canvas.blank(w, h, base)
    streaks = cv2.GaussianBlur(nrng.standard_normal((h, w)).astype(np.float32), (0, 0), sigmaX=22, sigmaY=0.6)
    c.rgb *= (1 + 0.05 * streaks / max(1e-6, float(streaks.std())))[..., None]
    c.text(
        brand,
        Font("ttf", name=rng.choice(["sans_bold", "lib_sans_bold", "serif_bold"])),
        cap * 0.8,
        cap * 1.2,
        cap * 0.6,
        rng,
        ink,
    )
    for i, (kj, label, value, is_id) in enumerate(rows):
        y = head + i * pitch
        lx = cap * 1.2
        if kj:
            c.text(kj, kanji, lcap * 1.15, lx, y + cap - lcap * 1.15, rng, ink)
            lx += text_width(kj, kanji, lcap * 1.15) + lcap
        c.text(label, lfont, lcap, lx, y + cap - lcap, rng, ink)
        vc = vcap if is_id else vcap * 0.75
        c.text(
            value,
            vfont,
            vc,
            vx,
            y + cap - vc,
            rng,
            ink,
            ident=is_id,
            strength=rng.uniform(0.55, 0.8) if punched else 1.0,
            depth=-cap * 0.06 if punched else 0.0,
        )
    c.text(company + "   MADE IN JAPAN", lfont, lcap * 0.9, w / 2, h - cap * 0.9, rng, ink, "c")
    for rx, ry in ((cap * 0.5, h / 2), (w - cap * 0.5, h / 2)):
        rivet = np.zeros((h, w), np.float32)
        cv2.circle(rivet, (round(rx), round(ry)), round(cap * 0.25), 1.0, -1, cv2.LINE_AA)
        c.height += cv2.GaussianBlur(rivet, (0, 0), cap * 0.08) * cap * 0.2
    _round_corners(c, cap * 0.3)
    _shade_relief(
        c,
        rng.uniform(0, 2 * math.pi),
        math.radians(rng.uniform(22, 50)),
        rng.uniform(8, 25),
        rng.uniform(0.1, 0.35),
        rng.uniform(0.3, 0.45),
    )
    return Built(c, ("engine", "engine", "paint"), gloss=0.6, tilt_max=30, shadow=0.12, relief_id=punched)


# ---------------------------------------------------------------------------------------------
# Parts box label
# ---------------------------------------------------------------------------------------------


def build_part_label(rng: random.Random, nrng: np.random.Generator) -> tuple[Built, tuple[str, ...]]:
    brand = rng.choice(sorted(_PART_BRANDS))
    header, descriptions = _PART_BRANDS[brand]
    numbers = [_part_number(rng, brand)]
    if rng.random() < 0.35:
        other = _part_number(rng, brand)
        if other != numbers[0]:
            numbers.append(other)
    cap = rng.uniform(40, 52)
    paper = _pick(rng, [(0.6, (0.95, 0.95, 0.93)), (0.25, (0.97, 0.92, 0.6)), (0.15, (0.86, 0.87, 0.88))])
    ink = _tint((0.05, 0.05, 0.06), rng, 0.02)
    font = id_font(rng, "print")
    tfont = text_font(rng)
    band = _pick(rng, [(0.4, None), (0.2, (0.8, 0.1, 0.12)), (0.25, (0.1, 0.25, 0.6)), (0.15, (0.1, 0.1, 0.1))])
    lines: list[Line] = []
    lines.append(
        Line(rng.choice(["PART NO.", "PART No:", "Артикул:", "Номер детали", "P/N", "TEIL-NR."]), tfont, cap * 0.45, gap=0.35)
    )
    lines.append(Line(numbers[0], font, cap, ident=True, gap=0.7))
    lines.append(Line(rng.choice(descriptions), text_font(rng, bold=rng.random() < 0.5), cap * rng.uniform(0.45, 0.6), gap=0.6))
    if len(numbers) > 1:
        label = rng.choice(["OEM:", "REPLACES", "ЗАМЕНА:", "OLD NO.", "SUBST."])
        lines.append(Line(f"{label} {numbers[1]}", font, cap * rng.uniform(0.7, 0.85), ident=True, gap=0.7))
    lines.append(
        Line(
            f"QTY: {rng.choice([1, 1, 1, 2, 4])}   {rng.choice(['MADE IN JAPAN', 'MADE IN KOREA', 'MADE IN GERMANY', 'MADE IN CHINA', 'СДЕЛАНО В РОССИИ', 'MADE IN EU'])}",
            tfont,
            cap * 0.42,
            gap=0.6,
        )
    )
    if band is None:
        lines.insert(
            0, Line(header, Font("ttf", name=rng.choice(["sans_bold", "lib_sans_bold", "serif_bold"])), cap * 0.5, gap=0.7)
        )
    code = rng.choice(["code39", "code39", "ean"])
    margin = cap * rng.uniform(0.7, 1.1)
    narrow = cap * rng.uniform(0.07, 0.1)
    bar_w = code39_width(numbers[0], narrow, 2.5) if code == "code39" else 95 * cap * 0.075
    inner = max(_lines_width(lines), bar_w + (cap * 1.0 if code == "ean" else 0.0))
    band_h = cap * 1.1 if band is not None else 0.0
    bar_h = cap * 1.5
    w = int(inner + 2 * margin)
    h = int(band_h + margin + _lines_height(lines) + cap * 0.6 + bar_h + cap * (1.3 if code == "ean" else 0.5) + margin)
    lab = Canvas.blank(w, h, paper)
    lab.rgb *= (1 + 0.012 * _fine_noise(nrng, w, h, 1.5))[..., None]
    y = margin * 0.6
    if band is not None:
        lab.rect(0, 0, w, band_h, band)
        lab.text(header, Font("ttf", name="sans_bold"), cap * 0.45, margin, band_h * 0.5 - cap * 0.22, rng, (0.97, 0.97, 0.95))
        y = band_h + margin * 0.5
    y = lay_lines(lab, lines, margin, y, inner, rng, ink) + cap * 0.1
    if code == "code39":
        draw_code39(lab, numbers[0], margin, y, bar_h, narrow, 2.5, ink)
    else:
        draw_ean13(lab, rng.choice(["4", "8", "3"]) + _digits(rng, 11), margin + cap * 0.8, y, bar_h, cap * 0.075, ink, rng)
    if rng.random() < 0.3 and inner - bar_w > cap * 1.8:
        draw_datamatrix(lab, w - margin - cap * 1.4, y, cap * 1.4, 14, ink, nrng)
    _thermal_dropout(lab, rng, paper, band_h + cap * 0.2, h)
    _round_corners(lab, cap * 0.25)
    # the box the label is stuck on
    bw, bh = int(w * rng.uniform(1.25, 1.7)), int(h * rng.uniform(1.25, 1.8))
    box_colour = _pick(rng, [(0.45, (0.62, 0.5, 0.36)), (0.3, (0.93, 0.93, 0.92)), (0.25, _tint((0.6, 0.6, 0.62), rng, 0.04))])
    box = Canvas.blank(bw, bh, box_colour)
    box.rgb *= (1 + 0.03 * _fine_noise(nrng, bw, bh, 1.2) + 0.03 * _noise_field(nrng, bw, bh, 5))[..., None]
    if rng.random() < 0.7:
        stripe = _tint(rng.choice([(0.8, 0.1, 0.12), (0.1, 0.25, 0.6), (0.95, 0.75, 0.1), (0.15, 0.15, 0.15)]), rng, 0.03)
        sy = rng.uniform(0.0, 0.15) * bh
        box.rect(0, sy, bw, sy + bh * rng.uniform(0.06, 0.14), stripe)
        box.text(header.split()[0], Font("ttf", name="sans_bold"), bh * 0.05, bw * 0.05, sy + bh * 0.015, rng, (0.95, 0.95, 0.95))
    askew = rng.uniform(-3, 3)
    paste(box, lab, rng.uniform(0.03, 1.0) * (bw - w) * 0.9, rng.uniform(0.25, 1.0) * (bh - h) * 0.95, askew)
    return Built(box, ("desk", "desk", "carpet", "palm", "seat"), gloss=0.4, tilt_max=32, shadow=0.35, turned=abs(askew)), tuple(
        numbers
    )


# ---------------------------------------------------------------------------------------------
# Camera: a pinhole looking at the flat object
# ---------------------------------------------------------------------------------------------


@dataclass
class Shot:
    homography: Img  # texture -> photo
    scale: float  # photo pixels per texture pixel at the identifier
    cap_min: float  # smallest identifier capital height in the photo
    cap_max: float


def _project(pts: Img, origin: tuple[float, float], s: float, rot: float, ax: float, ay: float, f: float) -> Img:
    x = (pts[:, 0] - origin[0]) * s
    y = (pts[:, 1] - origin[1]) * s
    x1 = math.cos(rot) * x - math.sin(rot) * y
    y1 = math.sin(rot) * x + math.cos(rot) * y
    y2, z2 = y1 * math.cos(ax), y1 * math.sin(ax)
    x3, z3 = x1 * math.cos(ay) + z2 * math.sin(ay), -x1 * math.sin(ay) + z2 * math.cos(ay)
    zc = f + z3
    return np.stack([f * x3 / zc, f * y2 / zc], axis=1)


def _id_caps_projected(
    c: Canvas, origin: tuple[float, float], s: float, rot: float, ax: float, ay: float, f: float
) -> list[float]:
    caps = []
    for (x0, y0, x1, y1), _cap in zip(c.id_boxes, c.id_caps, strict=True):
        pts = np.array([[x0, y0], [x0, y1], [x1, y0], [x1, y1]], np.float64)
        p = _project(pts, origin, s, rot, ax, ay, f)
        caps.append(float(np.hypot(*(p[1] - p[0]))))
        caps.append(float(np.hypot(*(p[3] - p[2]))))
    return caps


def take_shot(
    rng: random.Random, c: Canvas, width: int, height: int, tilt_max: float, cap_min: float = 8.3, turned: float = 0.0
) -> Shot:
    limit = 15.0 - turned  # the text ends up within ±15° of level
    rot = math.radians(max(-limit, min(limit, rng.gauss(0, 6))))
    tilt = math.radians(tilt_max * rng.random() ** 0.8)
    phi = rng.uniform(0, 2 * math.pi)
    ax, ay = tilt * math.cos(phi), tilt * math.sin(phi)
    f = max(width, height) * rng.uniform(1.05, 1.5)
    boxes = np.array(c.id_boxes, np.float64)
    origin = (float((boxes[:, 0].min() + boxes[:, 2].max()) / 2), float((boxes[:, 1].min() + boxes[:, 3].max()) / 2))
    ratio = max(c.id_caps) / min(c.id_caps)
    target = math.exp(rng.uniform(math.log(cap_min), math.log(39.0)))
    target = min(target, 39.0 / ratio)
    s = target / min(c.id_caps)
    for _ in range(3):
        caps = _id_caps_projected(c, origin, s, rot, ax, ay, f)
        s *= target / min(caps)
    margin = 0.0
    for _ in range(30):
        caps = _id_caps_projected(c, origin, s, rot, ax, ay, f)
        if max(caps) > 40.0:
            s *= 39.5 / max(caps)
            continue
        margin = max(8.0, 0.7 * min(caps))
        corners = []
        for (x0, y0, x1, y1), cap in zip(c.id_boxes, c.id_caps, strict=True):
            p = cap * 0.45
            corners += [[x0 - p, y0 - p], [x1 + p, y0 - p], [x0 - p, y1 + p], [x1 + p, y1 + p]]
        proj = _project(np.array(corners, np.float64), origin, s, rot, ax, ay, f)
        lo, hi = proj.min(axis=0), proj.max(axis=0)
        if hi[0] - lo[0] <= width - 2 * margin and hi[1] - lo[1] <= height - 2 * margin:
            break
        if min(caps) * 0.92 >= max(8.2, cap_min * 0.85):
            s *= 0.92
        else:  # too long a line at the smallest size: straighten the shot instead
            rot *= 0.6
            ax *= 0.6
            ay *= 0.6
    centre_lo = (margin - lo[0], margin - lo[1])
    centre_hi = (width - margin - hi[0], height - margin - hi[1])
    # customers mostly frame the thing they photograph: of a few placements, prefer the one that
    # shows most of the object (sometimes just take the first)
    gx, gy = np.meshgrid(np.linspace(0, c.w, 9), np.linspace(0, c.h, 9))
    grid = _project(np.stack([gx.ravel(), gy.ravel()], axis=1), origin, s, rot, ax, ay, f)
    best: tuple[float, float, float] | None = None
    for k in range(10 if rng.random() < 0.8 else 1):
        u, v = (rng.random() + rng.random()) / 2, (rng.random() + rng.random()) / 2
        cx = centre_lo[0] + (centre_hi[0] - centre_lo[0]) * u
        cy = centre_lo[1] + (centre_hi[1] - centre_lo[1]) * v
        seen = (grid[:, 0] + cx >= 0) & (grid[:, 0] + cx < width) & (grid[:, 1] + cy >= 0) & (grid[:, 1] + cy < height)
        middle = grid.mean(axis=0) + np.array([cx, cy])
        off_centre = math.hypot(middle[0] - width / 2, middle[1] - height / 2) / math.hypot(width / 2, height / 2)
        score = float(np.mean(seen)) - 0.4 * off_centre + rng.uniform(0, 0.12) - 0.001 * k
        if best is None or score > best[0]:
            best = (score, cx, cy)
    assert best is not None
    cx, cy = best[1], best[2]
    src = np.array(
        [
            [origin[0] - 100, origin[1] - 100],
            [origin[0] + 100, origin[1] - 100],
            [origin[0] + 100, origin[1] + 100],
            [origin[0] - 100, origin[1] + 100],
        ],
        np.float64,
    )
    dst = _project(src, origin, s, rot, ax, ay, f) + np.array([cx, cy])
    hom = cv2.getPerspectiveTransform(src.astype(np.float32), dst.astype(np.float32))
    caps = _id_caps_projected(c, origin, s, rot, ax, ay, f)
    return Shot(hom, s, min(caps), max(caps))


@lru_cache(maxsize=4)
def _pixel_grid(width: int, height: int) -> tuple[Img, Img]:
    """(ys, xs) of every pixel, float32; shared, never written to."""
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    ys.setflags(write=False)
    xs.setflags(write=False)
    return ys, xs


def _warp(c: Canvas, shot: Shot, width: int, height: int) -> tuple[Img, Img, Img]:
    """(rgb, alpha, identifier mask) of the object in the photo, anti-aliased by a pyramid step."""
    hom = shot.homography
    rgb, aux = c.rgb, np.dstack([c.alpha, c.ids, np.zeros_like(c.alpha)])
    fct = min(1.0, shot.scale * 1.5)
    if fct < 0.95:
        nw, nh = max(2, round(c.w * fct)), max(2, round(c.h * fct))
        rgb = cv2.resize(rgb, (nw, nh), interpolation=cv2.INTER_AREA)
        aux = cv2.resize(aux, (nw, nh), interpolation=cv2.INTER_AREA)
        hom = hom @ np.diag([c.w / nw, c.h / nh, 1.0])
    out = cv2.warpPerspective(rgb, hom, (width, height), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT)
    aux_out = cv2.warpPerspective(aux, hom, (width, height), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT)
    inv = np.linalg.inv(shot.homography)
    ys, xs = _pixel_grid(width, height)
    w_map = inv[2, 0] * xs + inv[2, 1] * ys + inv[2, 2]
    alpha = aux_out[..., 0] * (w_map > 0)
    return out.astype(np.float32), alpha.astype(np.float32), (aux_out[..., 1] > 0.3).astype(np.uint8)


# ---------------------------------------------------------------------------------------------
# Backgrounds (photo space)
# ---------------------------------------------------------------------------------------------


def _fill(width: int, height: int, colour: Color) -> Img:
    img = np.empty((height, width, 3), np.float32)
    img[:] = colour
    return img


def background(
    kind: str, rng: random.Random, nrng: np.random.Generator, width: int, height: int, built: Built, scale: float, alpha: Img
) -> Img:
    w, h = width, height
    if kind == "metal":
        img = _fill(w, h, built.surface)
        img *= (1 + 0.025 * _fine_noise(nrng, w, h, max(0.5, 2.5 * scale)) + 0.05 * _noise_field(nrng, w, h, 4))[..., None]
        _scratches(img, rng, int(rng.uniform(2, 10)), w, h)
        if built.surface_kind != "paint" or rng.random() < 0.3:
            _rust(img, nrng, rng, w, h, rng.uniform(0.05, 0.35))
        _panel_features(rng, img, alpha, built.surface)
        return img
    if kind == "paint":
        colour = rng.choice(_PAINTS)
        img = _fill(w, h, colour)
        refl = _noise_field(nrng, w, h, rng.uniform(1.5, 3.5))
        img *= (1 + 0.18 * refl)[..., None]
        band = np.clip(
            1 - np.abs(np.linspace(-1, 1, h, dtype=np.float32)[:, None] * rng.uniform(2, 6) - rng.uniform(-2, 2)), 0, 1
        )
        img += (band * rng.uniform(0.05, 0.25))[..., None]
        if rng.random() < 0.5:  # metallic flakes
            img *= (1 + 0.04 * nrng.standard_normal((h, w)).astype(np.float32))[..., None]
        if rng.random() < 0.5:  # door seal or panel gap
            x0 = rng.choice([rng.uniform(0.02, 0.12), rng.uniform(0.88, 0.98)]) * w
            cv2.line(
                img,
                (round(x0), 0),
                (round(x0 + rng.uniform(-0.08, 0.08) * w), h),
                (0.03, 0.03, 0.03),
                max(3, round(w * rng.uniform(0.01, 0.05))),
                cv2.LINE_AA,
            )
        return img
    if kind == "engine":
        return _engine_bay(rng, nrng, w, h)
    if kind == "dashboard":
        return _dashboard(rng, nrng, w, h)
    if kind == "carpet":
        img = _fill(w, h, rng.choice([(0.12, 0.12, 0.12), (0.2, 0.19, 0.17), (0.4, 0.36, 0.3), (0.08, 0.08, 0.1)]))
        fibres = _fine_noise(nrng, w, h, 0.7) + 0.5 * cv2.GaussianBlur(
            nrng.standard_normal((h, w)).astype(np.float32), (0, 0), sigmaX=0.6, sigmaY=3
        )
        img *= (1 + 0.22 * fibres + 0.15 * _noise_field(nrng, w, h, 5))[..., None]
        return img
    if kind == "desk":
        if rng.random() < 0.55:  # wood
            base = np.array(_tint(rng.choice([(0.55, 0.36, 0.2), (0.7, 0.52, 0.32), (0.35, 0.22, 0.13)]), rng, 0.03), np.float32)
            ys = np.arange(h, dtype=np.float32)[:, None] + 25 * _noise_field(nrng, w, h, 3)
            period = rng.uniform(8, 30)
            grain = np.sin(2 * np.pi * ys / period) * 0.5 + 0.5 * np.sin(2 * np.pi * ys / (period * 3.7))
            img = base * (1 + 0.12 * grain + 0.05 * _fine_noise(nrng, w, h, 0.8))[..., None]
            if rng.random() < 0.5:
                img = np.ascontiguousarray(np.rot90(cv2.resize(img, (h, w)))) if w != h else img
            return img.astype(np.float32)
        img = _fill(w, h, _tint(rng.choice([(0.85, 0.85, 0.83), (0.6, 0.6, 0.62), (0.25, 0.25, 0.27)]), rng, 0.02))
        img *= (1 + 0.02 * _fine_noise(nrng, w, h, 1.0) + 0.06 * _noise_field(nrng, w, h, 3))[..., None]
        return img
    if kind == "palm":  # the object lies on a palm: skin around it, a wrist to the edge, a dim room
        skin = np.array(_tint(rng.choice(_SKINS), rng, 0.02), np.float32)
        palm = skin * (1 + 0.12 * _noise_field(nrng, w, h, 2) + 0.012 * _fine_noise(nrng, w, h, 1.0))[..., None]
        crease = np.zeros((h, w), np.float32)
        for _ in range(rng.randint(2, 4)):  # the palm's creases: long soft curves
            pts = np.array([[rng.uniform(-0.1, 1.1) * w, rng.uniform(-0.1, 1.1) * h] for _ in range(3)], np.float64)
            t = np.linspace(0, 1, 60)[:, None]
            curve = ((1 - t) ** 2 * pts[0] + 2 * (1 - t) * t * pts[1] + t**2 * pts[2]) * _ONE
            cv2.polylines(crease, [curve.astype(np.int32)], False, rng.uniform(0.5, 1.0), max(2, w // 250), cv2.LINE_AA, _SHIFT)
        palm *= (1 - 0.18 * cv2.GaussianBlur(crease, (0, 0), 3.0))[..., None]
        short = min(w, h)
        hand: Img = (alpha > 0.3).astype(np.uint8)
        grow = max(3, round(short * rng.uniform(0.06, 0.14)))
        hand = cv2.dilate(hand, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * grow + 1, 2 * grow + 1)))
        ys_, xs_ = np.nonzero(alpha > 0.3)
        if len(xs_):
            cx, cy = float(xs_.mean()), float(ys_.mean())
            edge = rng.choice([(cx, h * 1.2), (cx, -h * 0.2), (-w * 0.2, cy), (w * 1.2, cy)])
            cv2.line(
                hand,
                (round(cx), round(cy)),
                (round(edge[0]), round(edge[1])),
                1,
                max(4, round(short * rng.uniform(0.25, 0.4))),
                cv2.LINE_AA,
            )
        soft = cv2.GaussianBlur(hand.astype(np.float32), (0, 0), max(3.0, short * 0.02))
        room: Img = _fill(w, h, _tint((0.22, 0.2, 0.19), rng, 0.04)) * (1 + 0.3 * _noise_field(nrng, w, h, 3))[..., None]
        room = cv2.GaussianBlur(room.astype(np.float32), (0, 0), 4.0)
        a = soft[..., None]
        return (room * (1 - a) + cv2.GaussianBlur(palm.astype(np.float32), (0, 0), 1.5) * a).astype(np.float32)
    if kind == "seat":
        colour = rng.choice([(0.15, 0.15, 0.16), (0.35, 0.33, 0.3), (0.25, 0.27, 0.32)])
        ys, xs = _pixel_grid(w, h)
        period = rng.uniform(3.0, 7.0)
        ang = rng.uniform(0, math.pi)
        weave = np.sin(2 * np.pi * (xs * math.cos(ang) + ys * math.sin(ang)) / period) * np.sin(
            2 * np.pi * (-xs * math.sin(ang) + ys * math.cos(ang)) / period
        )
        img = (
            _fill(w, h, colour)
            * (1 + 0.18 * weave + 0.1 * _fine_noise(nrng, w, h, 0.8) + 0.15 * _noise_field(nrng, w, h, 3))[..., None]
        )
        return img.astype(np.float32)
    # screen: a viewer window on a monitor
    dark = rng.random() < 0.5
    img = _fill(w, h, (0.16, 0.16, 0.18) if dark else (0.9, 0.9, 0.92))
    bezel = rng.choice(["top", "bottom", "left", "right"])
    thick = round(rng.uniform(0.03, 0.12) * min(w, h))
    if bezel == "top":
        img[:thick] = 0.04
    elif bezel == "bottom":
        img[h - thick :] = 0.04
    elif bezel == "left":
        img[:, :thick] = 0.04
    else:
        img[:, w - thick :] = 0.04
    return img


_SKINS: tuple[Color, ...] = ((0.86, 0.64, 0.52), (0.78, 0.56, 0.44), (0.62, 0.43, 0.32), (0.92, 0.74, 0.64))


def _bezier(rng: random.Random, w: int, h: int, n: int = 50) -> Img:
    pts = np.array([[rng.uniform(-0.2, 1.2) * w, rng.uniform(-0.2, 1.2) * h] for _ in range(4)], np.float64)
    t = np.linspace(0, 1, n)[:, None]
    curve: Img = (1 - t) ** 3 * pts[0] + 3 * (1 - t) ** 2 * t * pts[1] + 3 * (1 - t) * t**2 * pts[2] + t**3 * pts[3]
    return curve


def _engine_bay(rng: random.Random, nrng: np.random.Generator, w: int, h: int) -> Img:
    """Dark, cluttered and out of focus: a plastic cover, castings, black hoses with a sheen, caps."""
    img = _fill(w, h, _tint((0.1, 0.1, 0.105), rng, 0.015))
    img *= (1 + 0.35 * _noise_field(nrng, w, h, 4) + 0.08 * _fine_noise(nrng, w, h, 1.5))[..., None]
    for _ in range(rng.randint(1, 3)):  # castings and covers
        cx, cy = rng.uniform(0, w), rng.uniform(0, h)
        ax_, ay_ = rng.uniform(0.1, 0.35) * w, rng.uniform(0.08, 0.3) * h
        grey = rng.choice([0.3, 0.4, 0.12, 0.18])
        layer: Img = np.zeros((h, w), np.float32)
        cv2.ellipse(layer, (round(cx), round(cy)), (round(ax_), round(ay_)), rng.uniform(0, 180), 0, 360, 1.0, -1, cv2.LINE_AA)
        layer = cv2.GaussianBlur(layer, (0, 0), 3)
        ys_, xs_ = _pixel_grid(w, h)
        lit = np.clip(1.2 - 0.8 * np.hypot((xs_ - cx + ax_ * 0.4) / ax_, (ys_ - cy + ay_ * 0.4) / ay_), 0.3, 1.2)
        shade = grey * lit * (0.85 + 0.25 * _noise_field(nrng, w, h, 6)) * (1 + 0.1 * _fine_noise(nrng, w, h, 1.0))
        img = img * (1 - layer[..., None]) + shade[..., None] * layer[..., None]
    for _ in range(rng.randint(3, 7)):  # hoses and harnesses
        curve = _bezier(rng, w, h)
        thick = max(4, round(rng.uniform(0.015, 0.06) * min(w, h)))
        base = rng.uniform(0.03, 0.08)
        cv2.polylines(img, [(curve * _ONE).astype(np.int32)], False, (base, base, base), thick, cv2.LINE_AA, _SHIFT)
        sheen = curve + np.array([thick * 0.2, -thick * 0.2])
        cv2.polylines(img, [(sheen * _ONE).astype(np.int32)], False, (base + 0.18,) * 3, max(1, thick // 5), cv2.LINE_AA, _SHIFT)
    for _ in range(rng.randint(0, 2)):  # a yellow dipstick ring, a blue reservoir cap
        cx, cy, r = round(rng.uniform(0, w)), round(rng.uniform(0, h)), round(rng.uniform(0.01, 0.025) * w)
        col = rng.choice([(0.75, 0.6, 0.08), (0.1, 0.2, 0.45), (0.08, 0.08, 0.08)])
        cv2.circle(img, (cx, cy), r, col, -1, cv2.LINE_AA)
        cv2.circle(img, (cx - r // 3, cy - r // 3), max(1, r // 4), tuple(min(1.0, v + 0.3) for v in col), -1, cv2.LINE_AA)
    return cv2.GaussianBlur(img.astype(np.float32), (0, 0), rng.uniform(1.5, 3.5))


def _panel_features(rng: random.Random, img: Img, alpha: Img, colour: Color) -> None:
    """What surrounds a stamped number on a body: a seam with a row of spot welds, drain holes, an edge.
    Drawn only away from the stamped patch."""
    h, w = alpha.shape
    ys_, xs_ = np.nonzero(alpha > 0.02)
    if len(xs_) == 0:
        return
    px0, px1, py0, py1 = int(xs_.min()), int(xs_.max()), int(ys_.min()), int(ys_.max())
    layer: Img = np.zeros((h, w), np.float32)  # relief: +1 raised lip, -1 hole/dimple
    dark = np.zeros((h, w), np.float32)
    horizontal = rng.random() < 0.6
    free = [(0, py0), (py1, h)] if horizontal else [(0, px0), (px1, w)]
    free = [(a, b) for a, b in free if b - a > 40]
    if free and rng.random() < 0.75:  # the seam: a flange line with spot welds every few centimetres
        a, b = rng.choice(free)
        pos = rng.uniform(a + 15, b - 15)
        step = rng.uniform(0.05, 0.09) * max(w, h)
        r = max(3, round(step * rng.uniform(0.12, 0.2)))
        slope = rng.uniform(-0.06, 0.06)
        along = np.arange(rng.uniform(0, step), (w if horizontal else h), step)
        for t in along:
            x, y = (t, pos + slope * t) if horizontal else (pos + slope * t, t)
            cv2.circle(layer, (round(x), round(y)), r, -0.6, -1, cv2.LINE_AA)
        edge = pos + rng.choice([-1, 1]) * r * 2.5
        p0 = (0, edge) if horizontal else (edge, 0)
        p1 = (w, edge + slope * w) if horizontal else (edge + slope * h, h)
        cv2.line(dark, (round(p0[0]), round(p0[1])), (round(p1[0]), round(p1[1])), 0.8, max(2, r // 2), cv2.LINE_AA)
    for _ in range(rng.randint(0, 2)):  # drain / jig holes
        for _try in range(10):
            x, y = rng.uniform(0, w), rng.uniform(0, h)
            rx, ry = rng.uniform(0.015, 0.04) * w, rng.uniform(0.015, 0.04) * w
            if x + rx * 2 < px0 or x - rx * 2 > px1 or y + ry * 2 < py0 or y - ry * 2 > py1:
                cv2.ellipse(dark, (round(x), round(y)), (round(rx), round(ry)), rng.uniform(0, 180), 0, 360, 1.0, -1, cv2.LINE_AA)
                cv2.ellipse(
                    layer,
                    (round(x), round(y)),
                    (round(rx * 1.35), round(ry * 1.35)),
                    0,
                    0,
                    360,
                    0.5,
                    max(2, round(rx * 0.2)),
                    cv2.LINE_AA,
                )
                break
    if not np.any(layer) and not np.any(dark):
        return
    layer = cv2.GaussianBlur(layer, (0, 0), 1.5)
    gx = cv2.Sobel(layer, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(layer, cv2.CV_32F, 0, 1, ksize=3)
    lightness = 1 + 0.6 * (-gx - gy) / 4
    keep = (alpha < 0.02).astype(np.float32)
    img *= (1 + (lightness - 1) * keep)[..., None]
    d = (cv2.GaussianBlur(dark, (0, 0), 1.0) * keep)[..., None]
    img[:] = img * (1 - d) + np.array(colour, np.float32) * 0.15 * d


def _dashboard(rng: random.Random, nrng: np.random.Generator, w: int, h: int) -> Img:
    """A dashboard top: grained dark plastic, a soft light gradient, the defroster grille."""
    img = _fill(w, h, _tint((0.09, 0.09, 0.095), rng, 0.015))
    grain = cv2.GaussianBlur(nrng.standard_normal((h, w)).astype(np.float32), (0, 0), 1.1)
    img *= (1 + 0.5 * grain / max(1e-6, float(grain.std())) * 0.2 + 0.2 * _noise_field(nrng, w, h, 3))[..., None]
    grad = np.linspace(rng.uniform(1.4, 2.4), 0.8, h, dtype=np.float32)[:, None]
    img *= (grad if rng.random() < 0.5 else grad[::-1])[..., None]
    if rng.random() < 0.7:  # defroster slots along one side
        y0 = rng.choice([rng.uniform(0.03, 0.15), rng.uniform(0.8, 0.93)]) * h
        x = rng.uniform(0.0, 0.3) * w
        step = rng.uniform(0.012, 0.025) * w
        length = rng.uniform(0.04, 0.08) * h
        slant = rng.uniform(-0.3, 0.3) * length
        while x < w * rng.uniform(0.7, 1.0):
            cv2.line(
                img,
                (_fix(x), _fix(y0)),
                (_fix(x + slant), _fix(y0 + length)),
                (0.02, 0.02, 0.02),
                max(2, round(step * 0.45)),
                cv2.LINE_AA,
                _SHIFT,
            )
            x += step
    return img.astype(np.float32)


# ---------------------------------------------------------------------------------------------
# What the phone and the customer add
# ---------------------------------------------------------------------------------------------


def _disk_kernel(radius: float) -> Img:
    n = math.ceil(radius) * 2 + 3
    big = np.zeros((n * 4, n * 4), np.uint8)
    cv2.circle(big, (n * 2, n * 2), max(1, round(radius * 4)), 255, -1, cv2.LINE_AA)
    k = cv2.resize(big, (n, n), interpolation=cv2.INTER_AREA).astype(np.float32)
    return k / float(k.sum())


def _motion_kernel(length: float, angle: float) -> Img:
    n = math.ceil(length) + 3
    n += 1 - n % 2
    k = np.zeros((n * 4, n * 4), np.uint8)
    c = n * 2
    dx, dy = math.cos(angle) * length * 2, math.sin(angle) * length * 2
    cv2.line(k, (round(c - dx), round(c - dy)), (round(c + dx), round(c + dy)), 255, 4, cv2.LINE_AA)
    small = cv2.resize(k, (n, n), interpolation=cv2.INTER_AREA).astype(np.float32)
    return small / float(small.sum())


def _avoids(mask: Img, forbid: Img) -> bool:
    return not bool(np.any((mask > 0.02) & (forbid > 0)))


def _finger(rng: random.Random, nrng: np.random.Generator, img: Img, forbid: Img) -> bool:
    """A fingertip near the lens or holding the object's edge: tapered, creased, with a nail, soft."""
    h, w = forbid.shape
    short = min(w, h)
    skin = np.array(_tint(rng.choice(_SKINS), rng, 0.02), np.float32)
    for _ in range(25):
        side = rng.randrange(4)
        t = rng.uniform(0.1, 0.9)
        start = np.array([(t * w, -0.15 * h), (t * w, 1.15 * h), (-0.15 * w, t * h), (1.15 * w, t * h)][side])
        inward = [math.pi / 2, -math.pi / 2, 0.0, math.pi][side] + rng.uniform(-0.6, 0.6)
        direction = np.array([math.cos(inward), math.sin(inward)])
        normal = np.array([-direction[1], direction[0]])
        length = rng.uniform(0.25, 0.5) * short + 0.15 * short
        width = rng.uniform(0.12, 0.22) * short
        tip = start + direction * length
        # outline: sides taper a little towards the rounded tip
        outline = [start + normal * width * 0.55, tip - direction * width * 0.5 + normal * width * 0.47]
        for k in range(13):
            turn = math.pi / 2 - k * math.pi / 12
            outline.append(tip - direction * width * 0.5 + (direction * math.cos(turn) + normal * math.sin(turn)) * width * 0.47)
        outline += [tip - direction * width * 0.5 - normal * width * 0.47, start - normal * width * 0.55]
        sigma = rng.uniform(1.5, 6.0)
        poly = np.array(outline)
        bx0, by0 = np.floor(poly.min(axis=0) - 3 * sigma - 2).astype(int)
        bx1, by1 = np.ceil(poly.max(axis=0) + 3 * sigma + 2).astype(int)
        bx0, by0, bx1, by1 = max(0, bx0), max(0, by0), min(w, bx1), min(h, by1)
        if bx1 - bx0 < 4 or by1 - by0 < 4:
            continue
        bw, bh = bx1 - bx0, by1 - by0
        local = poly - np.array([bx0, by0])
        mask = np.zeros((bh, bw), np.float32)
        cv2.fillPoly(mask, [(local * _ONE).astype(np.int32)], 1.0, cv2.LINE_AA, _SHIFT)
        soft = cv2.GaussianBlur(mask, (0, 0), sigma)
        if not _avoids(soft, forbid[by0:by1, bx0:bx1]):
            continue
        ys, xs = np.mgrid[by0:by1, bx0:bx1].astype(np.float32)
        across = ((xs - start[0]) * normal[0] + (ys - start[1]) * normal[1]) / (width * 0.5)
        along = ((xs - start[0]) * direction[0] + (ys - start[1]) * direction[1]) / length
        shade = 0.62 + 0.38 * np.sqrt(np.clip(1 - across * across, 0, 1))
        colour = skin[None, None, :] * shade[..., None] * (1 + 0.04 * _noise_field(nrng, bw, bh, 8))[..., None]
        for pos in (rng.uniform(0.35, 0.5), rng.uniform(0.6, 0.7)):  # knuckle creases
            crease = np.exp(-(((along - pos) * length / (width * 0.04)) ** 2)) * (np.abs(across) < 0.8)
            colour *= (1 - 0.12 * crease)[..., None]
        if rng.random() < 0.6:  # nail: paler, glossy, near the tip
            nail_c = tip - direction * width * 0.45 - np.array([bx0, by0])
            nail = np.zeros((bh, bw), np.float32)
            cv2.ellipse(
                nail,
                (round(nail_c[0]), round(nail_c[1])),
                (round(width * 0.35), round(width * 0.28)),
                math.degrees(inward),
                0,
                360,
                1.0,
                -1,
                cv2.LINE_AA,
            )
            nail = cv2.GaussianBlur(nail, (0, 0), 1.5)[..., None]
            colour = colour * (1 - 0.6 * nail) + np.array([0.93, 0.8, 0.78], np.float32) * 0.6 * nail
        colour = cv2.GaussianBlur(colour.astype(np.float32), (0, 0), sigma)
        a = soft[..., None]
        region = img[by0:by1, bx0:bx1]
        region[:] = region * (1 - a) + colour * a
        return True
    return False


def _shadow(rng: random.Random, img: Img, forbid: Img) -> bool:
    h, w = forbid.shape
    for _ in range(20):
        pts = []
        side = rng.randrange(4)
        reach = rng.uniform(0.15, 0.45)
        if side == 0:
            pts = [(0, 0), (w, 0), (w, reach * h * rng.uniform(0.5, 1.5)), (0, reach * h * rng.uniform(0.5, 1.5))]
        elif side == 1:
            pts = [(0, h), (w, h), (w, h - reach * h * rng.uniform(0.5, 1.5)), (0, h - reach * h * rng.uniform(0.5, 1.5))]
        elif side == 2:
            pts = [(0, 0), (reach * w * rng.uniform(0.5, 1.5), 0), (reach * w * rng.uniform(0.5, 1.5), h), (0, h)]
        else:
            pts = [(w, 0), (w - reach * w * rng.uniform(0.5, 1.5), 0), (w - reach * w * rng.uniform(0.5, 1.5), h), (w, h)]
        mask = np.zeros((h, w), np.float32)
        cv2.fillPoly(mask, [np.array(pts, np.int32)], 1.0, cv2.LINE_AA)
        soft = cv2.GaussianBlur(mask, (0, 0), rng.uniform(6, 25))
        if not _avoids(soft, forbid):
            continue
        img *= (1 - rng.uniform(0.3, 0.6) * soft)[..., None]
        return True
    return False


def _sticker(rng: random.Random, img: Img, forbid: Img) -> bool:
    """Another label stuck over a corner, or a strip of translucent tape with torn ends."""
    h, w = forbid.shape
    tape = rng.random() < 0.4
    for _ in range(20):
        sw, sh = rng.uniform(0.15, 0.4) * w, rng.uniform(0.06, 0.12 if tape else 0.3) * h
        sw_i, sh_i = max(8, round(sw)), max(8, round(sh))
        local = _fill(
            sw_i,
            sh_i,
            rng.choice([(0.86, 0.8, 0.62), (0.9, 0.9, 0.88)])
            if tape
            else rng.choice([(0.95, 0.95, 0.93), (0.96, 0.9, 0.5), (0.75, 0.85, 0.95)]),
        )
        shape = np.ones((sh_i, sw_i), np.float32)
        if tape:  # torn ends: a ragged edge on both short sides
            for x_end in (0, sw_i - 1):
                for yy in range(sh_i):
                    depth = int(abs(rng.gauss(0, sh_i * 0.05)))
                    if x_end == 0:
                        shape[yy, :depth] = 0
                    else:
                        shape[yy, sw_i - depth :] = 0
            opacity = rng.uniform(0.35, 0.6)
        else:  # small print on it: rows of word-like blocks
            row_h = max(2, round(sh_i * rng.uniform(0.04, 0.07)))
            y = row_h * 2
            while y < sh_i - row_h * 2:
                x = row_h * 2
                while x < sw_i * rng.uniform(0.6, 0.95):
                    word = rng.uniform(2, 7) * row_h
                    cv2.rectangle(local, (round(x), y), (round(min(x + word, sw_i - 2)), y + row_h), (0.35, 0.35, 0.37), -1)
                    x += word + row_h * 1.2
                y += round(row_h * 2.2)
            opacity = 1.0
        cx, cy = rng.uniform(0, w), rng.uniform(0, h)
        m = cv2.getRotationMatrix2D((sw_i / 2, sh_i / 2), rng.uniform(0, 180), 1.0)
        m[0, 2] += cx - sw_i / 2
        m[1, 2] += cy - sh_i / 2
        mask = cv2.warpAffine(shape, m, (w, h), flags=cv2.INTER_LINEAR) * opacity
        if mask.mean() < 0.005 or not _avoids(cv2.dilate(mask, np.ones((5, 5), np.uint8)), forbid):
            continue
        layer = cv2.warpAffine(local, m, (w, h), flags=cv2.INTER_LINEAR)
        a = mask[..., None]
        img[:] = img * (1 - a) + layer * a
        return True
    return False


def _glare(rng: random.Random, img: Img, alpha: Img, ids_near: Img, strength: float, limit: float) -> float:
    """A specular highlight on the object; over the identifier it is held to half. Returns its peak there."""
    h, w = alpha.shape
    ys_, xs_ = np.nonzero((alpha > 0.5) & (ids_near == 0))
    if len(xs_) == 0:
        return 0.0
    k = rng.randrange(len(xs_))
    cx, cy = float(xs_[k]), float(ys_[k])
    a = rng.uniform(0.04, 0.3) * min(w, h)
    b = a * rng.uniform(0.12, 0.7)
    ang = rng.uniform(0, math.pi)
    ys, xs = _pixel_grid(w, h)
    dx, dy = xs - cx, ys - cy
    u = (dx * math.cos(ang) + dy * math.sin(ang)) / a
    v = (-dx * math.sin(ang) + dy * math.cos(ang)) / b
    g = np.clip(np.exp(-(u * u + v * v)) * rng.uniform(1.0, 1.8), 0, 1) * strength * alpha
    g = cv2.GaussianBlur(g.astype(np.float32), (0, 0), 2.0)
    over = float(g[ids_near > 0].max()) if np.any(ids_near > 0) else 0.0
    if over > limit:  # the whole highlight is dimmed: over the identifier it stays under `limit`
        g *= limit / over
    tint = np.array(_tint((1.0, 0.99, 0.97), rng, 0.01), np.float32)
    img[:] = img + (tint - img) * g[..., None]
    return float(g[ids_near > 0].max()) if np.any(ids_near > 0) else 0.0


def _glass(rng: random.Random, nrng: np.random.Generator, img: Img, ids_near: Img) -> None:
    """The windscreen between the phone and the tag: tint, reflections of the sky and trees, dust."""
    h, w = ids_near.shape
    img *= np.array(_tint((0.92, 0.97, 0.95), rng, 0.01), np.float32)
    sky = np.linspace(rng.uniform(0.7, 1.0), rng.uniform(0.35, 0.7), h, dtype=np.float32)[:, None, None] * np.array(
        [0.85, 0.92, 1.0], np.float32
    )
    trees = np.clip(_noise_field(nrng, w, h, rng.uniform(5, 12)), 0, None)[..., None] * 0.5
    refl = np.clip(sky - trees, 0, 1)
    amount: Img = np.clip(0.5 + 0.6 * _noise_field(nrng, w, h, 2), 0, 1) * rng.uniform(0.15, 0.45)
    amount = np.where(ids_near > 0, np.minimum(amount, 0.22), amount).astype(np.float32)
    amount = cv2.GaussianBlur(amount, (0, 0), 3.0)
    img[:] = img * (1 - amount[..., None]) + refl * amount[..., None]
    dust: Img = np.zeros((h, w), np.float32)
    for _ in range(rng.randint(20, 120)):
        cv2.circle(dust, (rng.randrange(w), rng.randrange(h)), rng.randint(1, 4), rng.uniform(0.1, 0.5), -1, cv2.LINE_AA)
    dust = cv2.GaussianBlur(dust, (0, 0), 1.5)
    dust = np.where(ids_near > 0, dust * 0.3, dust)
    img += dust[..., None] * 0.4


def _moire(rng: random.Random, img: Img, alpha: Img, shot: Shot, screen: bool) -> None:
    """A fine periodic structure (security print, a monitor's pixels) sampled by the sensor: beats."""
    h, w = alpha.shape
    inv = np.linalg.inv(shot.homography)
    ys, xs = _pixel_grid(w, h)
    den = inv[2, 0] * xs + inv[2, 1] * ys + inv[2, 2]
    u = (inv[0, 0] * xs + inv[0, 1] * ys + inv[0, 2]) / den
    v = (inv[1, 0] * xs + inv[1, 1] * ys + inv[1, 2]) / den
    period = rng.uniform(0.75, 1.35) / shot.scale
    ang = rng.uniform(0, math.pi)
    pu = u * math.cos(ang) + v * math.sin(ang)
    amp = rng.uniform(0.05, 0.12) if screen else rng.uniform(0.03, 0.08)
    region = np.ones_like(alpha) if screen else alpha
    for ch in range(3):
        phase = ch * 2 * math.pi / 3 if screen else 0.0
        pat = np.cos(2 * np.pi * pu / period + phase)
        if screen:
            pv = -u * math.sin(ang) + v * math.cos(ang)
            pat = pat * 0.6 + 0.4 * np.cos(2 * np.pi * pv / period)
        pat = cv2.GaussianBlur(pat.astype(np.float32), (0, 0), 1.2)
        pat /= max(1e-3, float(pat.std()))
        img[..., ch] *= 1 + amp * np.clip(pat, -2.5, 2.5) * region


def _photo_size(rng: random.Random) -> tuple[int, int]:
    long = _pick(rng, [(0.74, 1280), (0.13, 960), (0.13, 1600)])
    aspect = _pick(rng, [(0.7, 4 / 3), (0.2, 16 / 9), (0.1, 3 / 2)])
    short = round(long / aspect / 8) * 8
    return (long, short) if rng.random() < 0.55 else (short, long)


@dataclass
class Conditions:
    notes: list[str] = field(default_factory=list)

    def add(self, note: str) -> None:
        self.notes.append(note)


def _render_photo(rng: random.Random, nrng: np.random.Generator, built: Built, kind: str, notes: Conditions) -> bytes:
    width, height = _photo_size(rng)
    shot = take_shot(rng, built.canvas, width, height, built.tilt_max, built.cap_min, built.turned)
    cap = shot.cap_min
    notes.add(f"{width}x{height} cap {shot.cap_min:.1f}-{shot.cap_max:.1f}")
    bg_kind = rng.choice(built.backgrounds)
    notes.add(f"bg {bg_kind}")
    notes.add("font " + ",".join(dict.fromkeys(built.canvas.id_fonts)))
    screen = bg_kind == "screen"
    obj, alpha, ids = _warp(built.canvas, shot, width, height)
    img = background(bg_kind, rng, nrng, width, height, built, shot.scale, alpha)
    id_ys, id_xs = np.nonzero(ids)
    notes.add(f"id {id_xs.min()},{id_ys.min()},{id_xs.max()},{id_ys.max()}")
    near = cv2.dilate(ids, np.ones((3, 3), np.uint8), iterations=max(1, round(cap * 0.25)))
    forbid = cv2.dilate(ids, np.ones((3, 3), np.uint8), iterations=max(2, round(cap * 0.8)))
    if built.shadow > 0 and not built.patch and not screen:
        sigma = rng.uniform(3, 16)
        sh = cv2.GaussianBlur(alpha, (0, 0), sigma)
        sh = np.roll(sh, (round(rng.uniform(-1, 1) * sigma), round(rng.uniform(-1, 1) * sigma)), axis=(0, 1))
        img *= (1 - built.shadow * rng.uniform(0.5, 1.0) * sh * (1 - alpha))[..., None]
    a = alpha[..., None]
    img = (img * (1 - a) + obj * a).astype(np.float32)
    contrast = 0.5 if built.relief_id else 1.0  # relief starts with less contrast than ink
    if screen:
        _moire(rng, img, alpha, shot, screen=True)
        img = img * 0.9 + 0.06
        notes.add("screen moire")
    elif built.moire_print and rng.random() < 0.35:
        _moire(rng, img, alpha, shot, screen=False)
        notes.add("moire")
    if not screen and rng.random() < 0.2 + 0.5 * built.gloss:
        peak = _glare(rng, img, alpha, near, rng.uniform(0.5, 1.0), 0.2 if built.relief_id else 0.45)
        contrast *= 1 - peak
        notes.add(f"glare {peak:.2f}")
    if built.glass:
        _glass(rng, nrng, img, near)
        contrast *= 0.78
        notes.add("glass")
    if rng.random() < (0.8 if bg_kind == "palm" else 0.2) and _finger(rng, nrng, img, forbid):
        notes.add("finger")
    if rng.random() < 0.18 and _shadow(rng, img, forbid):
        notes.add("shadow")
    if not built.patch and rng.random() < 0.12 and _sticker(rng, img, forbid):
        notes.add("sticker")
    # light: exposure, uneven light, vignetting
    gain = np.full((height, width), rng.uniform(0.8, 1.15), np.float32)
    if rng.random() < 0.6:
        amp = rng.uniform(0.1, 0.35)
        gain *= 1 + amp * np.clip(_noise_field(nrng, width, height, rng.uniform(1.5, 3)), -1.5, 1.5)
        notes.add("uneven light")
    if rng.random() < 0.6:
        ys, xs = _pixel_grid(width, height)
        r2 = ((xs - width / 2) ** 2 + (ys - height / 2) ** 2) / ((width / 2) ** 2 + (height / 2) ** 2)
        gain *= 1 - rng.uniform(0.15, 0.5) * r2
        notes.add("vignetting")
    img *= np.clip(gain, 0.4, 1.5)[..., None]
    # haze, casts
    if rng.random() < 0.28:
        c = rng.uniform(0.5 if cap >= 14 else 0.62, 0.8)
        c = max(c, 0.32 / max(contrast, 1e-3)) if contrast * c < 0.32 else c
        c = min(c, 1.0)
        veil = float(img.mean()) * rng.uniform(0.9, 1.4)
        img = img * c + (1 - c) * veil
        contrast *= c
        notes.add(f"haze {c:.2f}")
    if rng.random() < 0.55:
        cast = _pick(rng, [(1, (1.15, 1.0, 0.75)), (1, (0.95, 1.07, 0.88)), (1, (0.85, 0.95, 1.15)), (0.5, (1.08, 0.92, 1.05))])
        k = rng.uniform(0.3, 1.0)
        img *= np.array([1 + (g - 1) * k for g in cast], np.float32)
        notes.add("cast")
    # optics
    budget = (0.045 * cap + 0.3) * (0.45 if built.patch else 0.7 if built.relief_id else 1.0)
    defocus = rng.uniform(0.4, 3.0) if rng.random() < 0.4 else 0.0
    motion = rng.uniform(1.0, 12.0) if rng.random() < 0.3 else 0.0
    total = math.sqrt(0.45**2 + (defocus / 2) ** 2 + (0.29 * motion) ** 2)
    if total > budget:
        k = math.sqrt(max(0.0, budget**2 - 0.45**2)) / math.sqrt((defocus / 2) ** 2 + (0.29 * motion) ** 2)
        defocus, motion = defocus * k, motion * k
    if defocus > 0.35:
        img = cv2.filter2D(img, -1, _disk_kernel(defocus), borderType=cv2.BORDER_REFLECT)
        notes.add(f"defocus {defocus:.1f}")
    if motion > 0.8:
        img = cv2.filter2D(img, -1, _motion_kernel(motion, rng.uniform(0, math.pi)), borderType=cv2.BORDER_REFLECT)
        notes.add(f"motion {motion:.1f}")
    img = cv2.GaussianBlur(img, (0, 0), 0.45)
    total_blur = math.sqrt((defocus / 2) ** 2 + (0.29 * motion) ** 2)
    if rng.random() < 0.5:
        k1 = rng.uniform(0.02, 0.1)
        # points move inwards by 1 / (1 + k1 r²): the identifier's capitals stay at 8 px or more
        corner_r2 = max(
            ((x - width / 2) / (width / 2)) ** 2 / 2 + ((y - height / 2) / (height / 2)) ** 2 / 2
            for x in (float(id_xs.min()), float(id_xs.max()))
            for y in (float(id_ys.min()), float(id_ys.max()))
        )
        k1 = min(k1, max(0.0, cap / 8.05 - 1) / max(corner_r2, 1e-3))
        ys, xs = _pixel_grid(width, height)
        nx, ny = (xs - width / 2) / (width / 2), (ys - height / 2) / (height / 2)
        r2 = (nx * nx + ny * ny) / 2
        fac = 1 + k1 * r2
        map_x = (nx * fac * width / 2 + width / 2).astype(np.float32)
        map_y = (ny * fac * height / 2 + height / 2).astype(np.float32)
        img = cv2.remap(img, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)
        notes.add(f"barrel {k1:.2f}")
    if rng.random() < 0.3:
        e = rng.uniform(0.0006, 0.002)
        for ch, sgn in ((0, 1), (2, -1)):
            m = cv2.getRotationMatrix2D((width / 2, height / 2), 0, 1 + sgn * e)
            img[..., ch] = cv2.warpAffine(np.ascontiguousarray(img[..., ch]), m, (width, height), borderMode=cv2.BORDER_REFLECT)
        notes.add("chromatic aberration")
    # sensor
    img = np.clip(img, 0, 1.2)
    shot_k = rng.uniform(0.0002, 0.0025)
    read_k = rng.uniform(0.00002, 0.0006)
    limit = min(0.04 if cap >= 14 else 0.03, 0.15 * contrast, 0.05 / (1 + total_blur))
    mid = math.sqrt(shot_k * 0.5 + read_k)
    if mid > limit:
        shot_k, read_k = shot_k * (limit / mid) ** 2, read_k * (limit / mid) ** 2
    sigma = np.sqrt(shot_k * np.clip(img.mean(axis=2), 0, 1) + read_k)
    luma = nrng.standard_normal((height, width)).astype(np.float32)
    chroma = nrng.standard_normal((height, width, 3)).astype(np.float32) * 0.6
    noise = cv2.GaussianBlur(luma[..., None] + chroma, (0, 0), 0.55) * 1.6
    img = img + noise * sigma[..., None]
    notes.add(f"noise {math.sqrt(shot_k * 0.5 + read_k):.3f}")
    if rng.random() < 0.3:
        img = cv2.bilateralFilter(np.clip(img, 0, 1).astype(np.float32), 5, rng.uniform(0.04, 0.1), 3)
        notes.add("denoise")
    if rng.random() < 0.45:
        amount = rng.uniform(0.3, 1.0)
        img = img + amount * (img - cv2.GaussianBlur(img, (0, 0), rng.uniform(1.0, 2.2)))
        notes.add(f"sharpen {amount:.1f}")
    img = np.clip(img, 0, 1)
    if rng.random() < 0.5:
        img = img * img * (3 - 2 * img) * 0.35 + img * 0.65  # a phone's S-curve
    out = (img * 255 + 0.5).astype(np.uint8)
    q_min = 25 if cap >= 20 else 30 if cap >= 12 else 38
    quality = rng.randint(q_min, 60)
    data = _jpeg(out, quality)
    notes.add(f"jpeg {quality}")
    if rng.random() < 0.33:
        again = np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))
        q2 = rng.randint(max(quality, 30), 75)
        data = _jpeg(again, q2)
        notes.add(f"rejpeg {q2}")
    return data


def _jpeg(rgb: Img, quality: int) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(rgb, "RGB").save(buf, format="JPEG", quality=quality, subsampling=2)
    return buf.getvalue()


# ---------------------------------------------------------------------------------------------
# The set
# ---------------------------------------------------------------------------------------------


def generate_with_notes(folder: Path, index: int, seed: int = 19) -> tuple[Sample, list[str]]:
    """`generate_one` with the conditions drawn for the photo (for looking at the set)."""
    rng = random.Random(f"sixth:{seed}:{index}")
    nrng = np.random.default_rng(rng.getrandbits(64))
    kind = KINDS[index % len(KINDS)]
    vin: str | None = None
    frame: str | None = None
    parts: tuple[str, ...] = ()
    notes = Conditions()
    if kind == "vin_plate":
        vin, year = make_vin(rng)
        built = build_vin_plate(rng, nrng, vin, year)
    elif kind == "sts":
        vin, year = make_vin(rng)
        built = build_sts(rng, nrng, vin, None, None, year)
    elif kind == "stamped":
        vin, _year = make_vin(rng)
        built = build_stamped(rng, nrng, vin, delimiters=rng.random() < 0.65)
    elif kind == "frame":
        frame, car, year = make_frame(rng)
        built = build_frame(rng, nrng, frame, car, year)
    elif kind == "part_label":
        built, parts = build_part_label(rng, nrng)
    else:
        frame, car, year = make_frame(rng)
        built = build_sts(rng, nrng, None, frame, car, year)
    data = _render_photo(rng, nrng, built, kind, notes)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{index:04d}_{kind}_sixth.jpg"
    path.write_bytes(data)
    return Sample(path=path, kind=kind, vin=vin, frame=frame, part_numbers=parts), notes.notes


def generate_one(folder: Path, index: int, seed: int = 19) -> Sample:
    """Write photo `index` of the sixth set into `folder` and return its truth."""
    return generate_with_notes(folder, index, seed)[0]


def generate(folder: Path, count: int, seed: int = 19) -> list[Sample]:
    return [generate_one(folder, i, seed) for i in range(count)]
