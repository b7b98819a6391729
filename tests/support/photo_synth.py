"""Synthetic phone photos of VIN plates, СТС, stamped VINs, frame plates and part labels, with labels.

Deterministic for a seed: `generate(folder, count, seed)` writes JPEGs and returns what each one
shows. Fonts come from Debian's fonts-dejavu-core and fonts-liberation (installed by the Makefile).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from catalogs.vin import check_digit_ok

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/truetype/liberation"))
FONTS = (
    "DejaVuSans.ttf",
    "DejaVuSans-Bold.ttf",
    "DejaVuSansMono.ttf",
    "DejaVuSerif.ttf",
    "DejaVuSansCondensed.ttf",
    "LiberationSans-Regular.ttf",
    "LiberationSans-Bold.ttf",
    "LiberationMono-Regular.ttf",
    "LiberationSerif-Regular.ttf",
    "LiberationSansNarrow-Regular.ttf",
)
KINDS = ("vin_plate", "sts", "stamped", "frame", "part_label", "sts_jp")
# Messengers send 1280-1600 px; a few photos arrive as the camera took them.
SIZES = (
    (1280, 960),
    (960, 1280),
    (1600, 1200),
    (1280, 720),
    (1280, 960),
    (1600, 1200),
    (960, 1280),
    (1280, 960),
    (2048, 1536),
    (4032, 3024),
)
VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
WMIS = (
    "JTN",
    "XTA",
    "WVW",
    "Z94",
    "XW8",
    "KMH",
    "1HG",
    "5YJ",
    "WBA",
    "VF1",
    "X7L",
    "TMB",
    "JN1",
    "KNA",
    "2T1",
    "LVS",
    "X96",
    "Z8N",
    "WDD",
    "SAL",
)
# Toyota serials have 7 digits; Nissan, Honda and Mitsubishi 6 or 7.
FRAME_CODES = {
    "NZE121": 7,
    "GX110": 7,
    "AT211": 7,
    "SV30": 7,
    "ZZE122": 7,
    "ACV30": 7,
    "GRX120": 7,
    "JZX100": 7,
    "AE110": 7,
    "SXA10": 7,
    "ZRE152": 7,
    "NCP31": 7,
    "ANH10": 7,
    "CT9A": 6,
    "BNR32": 6,
    "NT30": 6,
    "HNT10": 6,
    "GD1": 7,
    "CL7": 7,
    "Y33": 6,
}
RUSSIAN_LINES = (
    "Регистрационный знак {plate}",
    "Марка, модель {make}",
    "Тип ТС Легковой седан",
    "Категория ТС B/M1",
    "Год выпуска ТС {year}",
    "Цвет БЕЛЫЙ",
    "Мощность двигателя 106 л.с.",
    "Экологический класс ПЯТЫЙ",
    "Разрешённая максимальная масса 1670 кг",
    "Паспорт ТС 63 ОХ 123456",
    "Собственник ИВАНОВ ИВАН ИВАНОВИЧ",
    "Республика, край, область МОСКВА",
)
MAKES = ("LADA VESTA", "TOYOTA CAMRY", "KIA RIO", "HYUNDAI SOLARIS", "VOLKSWAGEN POLO", "RENAULT LOGAN")


@dataclass(frozen=True)
class Sample:
    path: Path
    kind: str
    vin: str | None = None
    frame: str | None = None
    part_numbers: tuple[str, ...] = field(default_factory=tuple)


def make_vin(rng: random.Random) -> str:
    wmi = rng.choice(WMIS)
    body = wmi + "".join(rng.choice(VIN_CHARS) for _ in range(6)) + rng.choice("ABCDEFGHJKLMNPRSTVWXY123456789")
    body += rng.choice(VIN_CHARS) + "".join(rng.choice("0123456789") for _ in range(6))
    if body[0] in "12345L":  # make the check digit right, as real North American and Chinese VINs have it
        for digit in "0123456789X":
            if check_digit_ok(body[:8] + digit + body[9:]):
                return body[:8] + digit + body[9:]
    return body


def make_frame(rng: random.Random) -> str:
    code = rng.choice(sorted(FRAME_CODES))
    serial_len = FRAME_CODES[code]
    return f"{code}-{rng.randrange(10**serial_len):0{serial_len}d}"


def make_part_number(rng: random.Random) -> str:
    digits = lambda n: "".join(rng.choice("0123456789") for _ in range(n))  # noqa: E731
    if rng.random() < 0.5:
        tail = digits(5) if rng.random() < 0.6 else digits(1) + rng.choice("ABCJKLMNX") + rng.choice("ABHJZ") + digits(2)
        return f"{digits(5)}-{tail}"
    head = digits(1) + rng.choice("ABCKJLGT") + digits(1)
    return f"{head} {digits(3)} {digits(3)}" + rng.choice(("", " A", " AA", " B", " C", " AB"))


def _font(rng: random.Random, size: int, mono: bool = False) -> ImageFont.FreeTypeFont:
    names = [n for n in FONTS if "Mono" in n] if mono else list(FONTS)
    name = rng.choice(names)
    folder = next(d for d in FONT_DIRS if (d / name).exists())
    return ImageFont.truetype(str(folder / name), size)


def _card(
    lines: list[str], rng: random.Random, size: int, fg: tuple[int, int, int], bg: tuple[int, int, int], mono: bool = False
) -> Image.Image:
    font = _font(rng, size, mono)
    widths = [font.getbbox(line)[2] for line in lines]
    pad, gap = size, int(size * rng.uniform(0.5, 1.0))
    card = Image.new("RGB", (max(widths) + 2 * pad, len(lines) * (size + gap) + 2 * pad - gap), bg)
    draw = ImageDraw.Draw(card)
    for i, line in enumerate(lines):
        draw.text((pad, pad + i * (size + gap)), line, fill=fg, font=font)
    if rng.random() < 0.5:
        draw.rectangle((3, 3, card.width - 4, card.height - 4), outline=fg, width=max(2, size // 12))
    card.info["font_px"] = size
    return card


def _stamped(text: str, rng: random.Random, size: int) -> Image.Image:
    """Letters pressed into painted metal: a lighter and a darker edge, almost no ink contrast."""
    base = rng.randint(90, 170)
    font = _font(rng, size, mono=rng.random() < 0.5)
    width = font.getbbox(text)[2] + 2 * size
    card = _noise((width, size * 3), rng.uniform(8, 20), rng).point(lambda v: base - 10 + v // 12).convert("RGB")
    mask = Image.new("L", card.size, 0)
    ImageDraw.Draw(mask).text((size, size), text, fill=255, font=font)
    depth = max(1, size // 16)
    light = _offset(mask, -depth)
    dark = _offset(mask, depth)
    contrast = rng.randint(35, 70)
    card.paste((min(255, base + contrast),) * 3, (0, 0), light)
    card.paste((max(0, base - contrast),) * 3, (0, 0), dark)
    card.paste((base - 15,) * 3, (0, 0), mask)
    card = card.filter(ImageFilter.GaussianBlur(0.6))
    card.info["font_px"] = size
    return card


def _noise(size: tuple[int, int], sigma: float, rng: random.Random) -> Image.Image:
    """Grey noise around 128 drawn from `rng` (Image.effect_noise draws from the C library's global
    state, so a photo would depend on which photos the same process made before it)."""
    values = np.random.default_rng(rng.getrandbits(32)).normal(128, sigma, (size[1], size[0]))
    return Image.fromarray(np.clip(values, 0, 255).astype(np.uint8), "L")


def _offset(mask: Image.Image, shift: int) -> Image.Image:
    moved = Image.new("L", mask.size, 0)
    moved.paste(mask, (shift, shift))
    return moved


def _content(kind: str, rng: random.Random) -> tuple[Image.Image, str | None, str | None, tuple[str, ...]]:
    size = rng.randint(28, 64)
    vin = frame = None
    if kind == "vin_plate":
        vin = make_vin(rng)
        shown = vin if rng.random() < 0.8 else " ".join((vin[:3], vin[3:9], vin[9:]))
        label = rng.choice(("VIN", "VIN:", "VIN No.", "VEHICLE IDENT. NO."))
        lines = [rng.choice(("MADE IN JAPAN", "AVTOVAZ", "KIA MOTORS RUS", "VOLKSWAGEN AG", "TOYOTA MOTOR"))]
        lines += [f"{label} {shown}"] if rng.random() < 0.6 else [label, shown]
        lines.append(f"{rng.randint(1200, 2400)} kg   {rng.randint(1, 3)}- {rng.randint(800, 1100)} kg")
        dark = rng.random() < 0.3
        bg = (40, 40, 45) if dark else (rng.randint(190, 245),) * 3
        fg = (225, 225, 225) if dark else (20, 20, 25)
        return _card(lines, rng, size, fg, bg, mono=rng.random() < 0.4), vin, None, ()
    if kind == "sts":
        vin = make_vin(rng)
        lines = [rng.choice(RUSSIAN_LINES[:2]).format(plate="А123ВС77", make=rng.choice(MAKES))]
        lines.append(f"Идентификационный номер (VIN) {vin}")
        lines += [
            line.format(plate="Х777ХХ197", make=rng.choice(MAKES), year=rng.randint(2005, 2024))
            for line in rng.sample(RUSSIAN_LINES[2:], 3)
        ]
        lines.insert(rng.randint(2, len(lines)), f"Кузов (кабина, прицеп) № {vin}")
        tint = (rng.randint(215, 240), rng.randint(215, 235), rng.randint(195, 225))
        return _card(lines, rng, max(22, size * 2 // 3), (30, 30, 40), tint), vin, None, ()
    if kind == "sts_jp":  # a right-hand-drive import: no VIN, the frame number in the body line
        frame = make_frame(rng)
        lines = [
            f"Марка, модель {rng.choice(('TOYOTA COROLLA', 'NISSAN X-TRAIL', 'HONDA FIT', 'TOYOTA MARK II'))}",
            "Идентификационный номер (VIN) ОТСУТСТВУЕТ",
        ]
        lines += [
            line.format(plate="В456ОР125", make="", year=rng.randint(1995, 2012)) for line in rng.sample(RUSSIAN_LINES[2:], 3)
        ]
        lines.insert(rng.randint(2, len(lines)), f"Кузов (кабина, прицеп) № {frame}")
        tint = (rng.randint(215, 240), rng.randint(215, 235), rng.randint(195, 225))
        return _card(lines, rng, max(22, size * 2 // 3), (30, 30, 40), tint), None, frame, ()
    if kind == "stamped":
        vin = make_vin(rng)
        return _stamped(vin, rng, size + 10), vin, None, ()
    if kind == "frame":
        frame = make_frame(rng)
        glued = len(frame.split("-")[1]) == 7 and rng.random() < 0.15  # a 6-digit serial needs its dash
        shown = frame.replace("-", "") if glued else frame
        lines = [
            rng.choice(("TOYOTA MOTOR CORPORATION", "NISSAN MOTOR CO., LTD.", "HONDA", "MADE IN JAPAN")),
            f"{rng.choice(('FRAME NO.', 'CHASSIS NO.', 'FRAME'))} {shown}",
            f"MODEL {rng.choice(('CBA-', 'DBA-', ''))}{frame.split('-')[0]}  ENGINE 1NZ",
            f"COLOR {rng.choice(('040', '1F7', '202'))}  TRIM FB20",
        ]
        if rng.random() < 0.4:
            return _stamped(shown, rng, size + 10), None, frame, ()
        return _card(lines, rng, size, (20, 20, 25), (rng.randint(180, 240),) * 3, mono=rng.random() < 0.3), None, frame, ()
    part = make_part_number(rng)
    maker = rng.choice(("TOYOTA GENUINE PARTS", "VAG ORIGINAL", "HYUNDAI MOBIS", "NISSAN GENUINE"))
    together = rng.random() < 0.3  # the number printed after the maker's name on one line
    lines = [f"{maker.split()[0]} {part}"] if together else [maker, part]
    lines += [
        rng.choice(("PAD KIT, DISC BRAKE", "FILTER, OIL", "BRAKE DISC", "Колодки тормозные")),
        f"QTY {rng.randint(1, 4)}  MADE IN {rng.choice(('JAPAN', 'GERMANY', 'KOREA'))}",
    ]
    return _card(lines, rng, size, (15, 15, 15), (250, 250, 250)), None, None, (part,)


def _harden(card: Image.Image, kind: str, rng: random.Random, *, faded_allowed: bool) -> Image.Image:
    """Dot-matrix print on some plates and labels, faint ink on some cards."""
    font_px = card.info["font_px"]
    if kind in ("vin_plate", "frame", "part_label") and rng.random() < 0.35:
        card = _dotted(card, rng)
    if faded_allowed and kind != "stamped" and rng.random() < 0.3:  # faded print: ink halfway to the paper
        paper = Image.new("RGB", card.size, card.getpixel((card.width // 2, 2)))
        card = Image.blend(card, paper, rng.uniform(0.35, 0.6))
    card.info["font_px"] = font_px
    return card


def _dotted(card: Image.Image, rng: random.Random) -> Image.Image:
    """The card as a dot-matrix printer would print it: each dark cell of a grid becomes a round dot."""
    gray = np.asarray(card.convert("L"), dtype=np.float32)
    paper, ink = float(np.percentile(gray, 90)), float(np.percentile(gray, 2))
    if paper - ink < 40:
        return card
    pitch = max(3, int(card.height / rng.uniform(60, 110)))
    out = Image.new("RGB", card.size, card.getpixel((2, 2)))
    draw = ImageDraw.Draw(out)
    colour = tuple(int(v) for v in np.asarray(card).reshape(-1, 3)[int(np.argmin(gray))])
    radius = pitch * rng.uniform(0.35, 0.5)
    for y in range(0, card.height - pitch, pitch):
        for x in range(0, card.width - pitch, pitch):
            if gray[y : y + pitch, x : x + pitch].mean() < (paper + ink) / 2:
                cx, cy = x + pitch / 2, y + pitch / 2
                draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=colour)
    return out


def _photo(card: Image.Image, rng: random.Random, *, capitals: float | None = None) -> Image.Image:
    """Put the card on a background as a phone would see it: tilt, perspective, light, blur, noise."""
    width, height = rng.choice(SIZES)
    np_rng = np.random.default_rng(rng.randrange(2**32))
    coarse = np_rng.integers(0, 256, (height // 16 + 1, width // 16 + 1, 3), dtype=np.uint8)
    base = [rng.randint(40, 140) for _ in range(3)]
    scene = cv2.addWeighted(cv2.resize(coarse, (width, height)), 0.3, np.full((height, width, 3), base, np.uint8), 0.7, 0)

    share = rng.uniform(0.45, 0.6) if rng.random() < 0.25 else rng.uniform(0.7, 0.95)  # a quarter with small text
    scale = min(width * share / card.width, height * 0.9 / card.height)
    hard = capitals is not None
    if capitals is not None:  # this capital height in the photo, whatever the card's font size
        scale = min(scale, capitals / (card.info["font_px"] * 0.72))
    w, h = card.width * scale, card.height * scale
    angle = np.radians(rng.uniform(-15, 15) if hard else rng.uniform(-8, 8))
    pull = 0.15 if hard else 0.08
    cx, cy = rng.uniform(w / 2, max(w / 2, width - w / 2)), rng.uniform(h / 2, max(h / 2, height - h / 2))
    corners = []
    for sx, sy in ((-1, -1), (1, -1), (1, 1), (-1, 1)):  # rotate, then pull each corner in (perspective)
        px, py = sx * w / 2 * (1 - rng.uniform(0, pull)), sy * h / 2 * (1 - rng.uniform(0, pull))
        corners.append((cx + px * np.cos(angle) - py * np.sin(angle), cy + px * np.sin(angle) + py * np.cos(angle)))
    source = np.float32([(0, 0), (card.width, 0), (card.width, card.height), (0, card.height)])
    matrix = cv2.getPerspectiveTransform(source, np.float32(corners))
    cv2.warpPerspective(
        np.asarray(card), matrix, (width, height), dst=scene, flags=cv2.INTER_AREA, borderMode=cv2.BORDER_TRANSPARENT
    )
    if rng.random() < 0.6:  # small print stays legible: only a little blur on it
        sharpest = 0.6 if capitals is not None and capitals < 14 else 1.5
        scene = cv2.GaussianBlur(scene, (0, 0), rng.uniform(0.3, sharpest) * width / 1600)

    # Light and glare are smooth: compute them small and stretch them over the photo.
    small = (width // 8, height // 8)
    yy, xx = np.mgrid[0 : 1 : complex(0, small[1]), 0 : 1 : complex(0, small[0])]
    direction = rng.uniform(0, 2 * np.pi)
    ramp = np.cos(direction) * xx + np.sin(direction) * yy
    ramp = (ramp - ramp.min()) / (np.ptp(ramp) or 1.0)
    light = rng.uniform(0.45, 0.8) + rng.uniform(0.2, 0.5) * ramp
    glare = np.zeros_like(light)
    if rng.random() < (0.5 if hard else 0.3):  # a soft bright ellipse
        gx, gy, r = rng.uniform(0, 1), rng.uniform(0, 1), rng.uniform(0.08, 0.18)
        glare = np.exp(-(((xx - gx) / r) ** 2 + ((yy - gy) / (r * 0.6)) ** 2)) * rng.uniform(0.4, 0.75)
    light3 = cv2.resize(cv2.merge([(np.clip(light, 0, 1) * 255).astype(np.uint8)] * 3), (width, height))
    glare3 = cv2.resize(cv2.merge([(np.clip(glare, 0, 1) * 255).astype(np.uint8)] * 3), (width, height))
    scene = cv2.multiply(scene, light3, scale=1 / 255)
    scene = cv2.add(scene, cv2.multiply(cv2.bitwise_not(scene), glare3, scale=1 / 255))
    spread = rng.randint(6, 24)
    noise = np_rng.integers(0, spread, scene.shape, dtype=np.uint8)  # not cv2.randu: its state is per process
    scene = cv2.subtract(cv2.add(scene, noise), spread // 2)
    return Image.fromarray(scene)


def generate_one(folder: Path, index: int, seed: int = 7) -> Sample:
    """Photo number `index` of the set: the same bytes for the same (index, seed), in any process."""
    return _generate(folder, index, seed, hard=False)


def generate_one_hard(folder: Path, index: int, seed: int = 7) -> Sample:
    """The harder tuning set: capitals 8-40 px, JPEG 25-60, dot-matrix print, faint ink, strong tilt
    and glare (what phone photos in the wild look like; issue #16)."""
    return _generate(folder, index, seed, hard=True)


def _generate(folder: Path, index: int, seed: int, *, hard: bool) -> Sample:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed * 1_000_003 + index + (500_000_000 if hard else 0))
    kind = KINDS[index % len(KINDS)]
    card, vin, frame, parts = _content(kind, rng)
    capitals = None
    if hard:  # capitals 8-40 px high in the photo, half of them small; small print is never also faded
        capitals = rng.uniform(8, 14) if rng.random() < 0.5 else rng.uniform(8, 40)
        card = _harden(card, kind, rng, faded_allowed=capitals >= 14)
    photo = _photo(card, rng, capitals=capitals)
    path = folder / f"{index:04d}_{kind}{'_hard' if hard else ''}.jpg"
    exif = Image.Exif()
    if rng.random() < 0.1:  # stored sideways, as phones do; the tag says "rotate 90° clockwise to view"
        photo = photo.transpose(Image.Transpose.ROTATE_90)
        exif[0x0112] = 6
    photo.save(path, "JPEG", quality=rng.randint(25, 60) if hard else rng.randint(35, 90), exif=exif)
    return Sample(path, kind, vin, frame, parts)


def generate(folder: Path, count: int, seed: int = 7) -> list[Sample]:
    """Write `count` photos (the kinds in turn) into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    return [generate_one(folder, i, seed) for i in range(count)]
