"""A third photo generator for tuning and calibrating the reader (`--set third`), written apart from
the own set's (photo_synth.py) and the held-out one: its own plate and certificate layouts, fonts
(italic, condensed, bold; a 5x7 dot-matrix printer; hand-punched stamps whose characters sit each a
little askew), frame codes drawn from the whole catalog, and its own photo faults — capitals 8-40 px,
JPEG 25-60 (some photos compressed twice, as a messenger forwards them), rotation ±15°, keystone
perspective, motion blur or defocus, glare streaks and spots, a finger or a sticker over part of the
card, vignetting and colour noise.

`generate_one(folder, index, seed) -> Sample`, deterministic for (index, seed) in any process.
"""

from __future__ import annotations

import random
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from catalogs.vin import CHECK_VALUES, CHECK_WEIGHTS, frame_car, listed_wmis, model_codes
from tests.support.photo_synth import Sample

KINDS = ("vin_plate", "sts", "stamped", "frame", "part_label", "sts_jp")
_FONT_FILES = (
    "dejavu/DejaVuSans-Oblique.ttf",
    "dejavu/DejaVuSansCondensed-Bold.ttf",
    "dejavu/DejaVuSansMono-Bold.ttf",
    "dejavu/DejaVuSerifCondensed.ttf",
    "dejavu/DejaVuSans-ExtraLight.ttf",
    "liberation/LiberationSansNarrow-Bold.ttf",
    "liberation/LiberationMono-Bold.ttf",
    "liberation/LiberationSans-Italic.ttf",
    "liberation/LiberationSerif-Bold.ttf",
    "dejavu/DejaVuSansCondensed.ttf",
)
_MONO = ("dejavu/DejaVuSansMono-Bold.ttf", "liberation/LiberationMono-Bold.ttf", "liberation/LiberationMono-Regular.ttf")
_FONT_ROOT = Path("/usr/share/fonts/truetype")
_VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
_YEARS = "ABCDEFGHJKLMNPRSTVWXY123456789"
_SEVEN = ("Toyota", "Lexus", "Honda")
_PLATES = ("Е001КХ50", "М345ТН799", "О908АВ116", "С212УР39")


def _font(rng: random.Random, size: int, *, mono: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(_FONT_ROOT / rng.choice(_MONO if mono else _FONT_FILES)), size)


def make_vin(rng: random.Random) -> str:
    wmi = rng.choice(sorted(listed_wmis()))
    chars = [*wmi, *(rng.choice(_VIN_CHARS) for _ in range(5)), "0", rng.choice(_YEARS), rng.choice(_VIN_CHARS)]
    chars += [rng.choice("0123456789") if rng.random() < 0.9 else rng.choice(_VIN_CHARS) for _ in range(2)]
    chars += [rng.choice("0123456789") for _ in range(4)]
    if wmi[0] in "12345L" or rng.random() < 0.3:  # the check digit, as North American and Chinese makers use it
        remainder = sum(CHECK_VALUES[ch] * w for ch, w in zip(chars, CHECK_WEIGHTS, strict=True)) % 11
        chars[8] = "X" if remainder == 10 else str(remainder)
    else:
        chars[8] = rng.choice(_VIN_CHARS)
    return "".join(chars)


def make_frame(rng: random.Random) -> str:
    code = rng.choice(sorted(model_codes()))
    seven = (frame_car(code + "-0") or "").startswith(_SEVEN) or rng.random() < 0.5
    digits = 7 if seven else 6
    return f"{code}-{rng.randrange(10**digits):0{digits}d}"


def _part(rng: random.Random) -> str:
    d = lambda n: "".join(rng.choice("0123456789") for _ in range(n))  # noqa: E731
    return rng.choice((f"{d(5)}-{d(5)}", f"{d(5)}-{d(2)}{rng.choice('ABJK')}{d(2)}", f"{d(1)}K{d(1)} {d(3)} {d(3)} A"))


# --- glyphs --------------------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _cells(ch: str) -> tuple[tuple[bool, ...], ...]:
    """A character as a 5x7 dot-matrix printer forms it: the glyph of a plain mono font sampled on a
    5x7 grid."""
    font = ImageFont.truetype(str(_FONT_ROOT / "dejavu/DejaVuSansMono-Bold.ttf"), 70)
    mask = Image.new("L", (60, 80), 0)
    ImageDraw.Draw(mask).text((30, 42), ch, fill=255, font=font, anchor="mm")
    box = mask.getbbox()
    if box is None:
        return tuple((False,) * 5 for _ in range(7))
    glyph = np.asarray(mask.crop(box).resize((5, 7), Image.Resampling.BOX)) > 90
    return tuple(tuple(bool(v) for v in row) for row in glyph)


def _dot_matrix(draw: ImageDraw.ImageDraw, xy: tuple[int, int], text: str, size: int, fill: tuple[int, ...]) -> int:
    """`text` in 5x7 dots whose capitals are `size` px high; returns the width drawn."""
    pitch = size / 7
    x, y = xy
    radius = pitch * 0.42
    for ch in text:
        if ch != " ":
            for row, cells in enumerate(_cells(ch)):
                for col, on in enumerate(cells):
                    if on:
                        cx, cy = x + (col + 0.5) * pitch, y + (row + 0.5) * pitch
                        draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=fill)
        x += round(6.2 * pitch)
    return x - xy[0]


def _text(
    draw: ImageDraw.ImageDraw, xy: tuple[int, int], text: str, size: int, fill: tuple[int, ...], style: str, rng: random.Random
) -> int:
    """Draws a line in `style` ("dots" or a font); returns its width."""
    if style == "dots":
        return _dot_matrix(draw, xy, text, size, fill)
    font = _font(rng, round(size / 0.72), mono=style == "mono")
    draw.text(xy, text, fill=fill, font=font)
    return int(font.getlength(text))


def _measure(text: str, size: int, style: str, rng: random.Random) -> int:
    if style == "dots":
        return round(6.2 * size / 7 * len(text))
    return int(_font(random.Random(rng.random()), round(size / 0.72), mono=style == "mono").getlength(text))


# --- cards ---------------------------------------------------------------------------------------


def _sheet(
    rows: list[tuple[str, int, str]], rng: random.Random, bg: tuple[int, int, int], fg: tuple[int, int, int]
) -> Image.Image:
    """A card of rows (text, capital height, style), left-aligned with a margin; with a ruled grid
    between rows on some cards."""
    margin = max(size for _, size, _ in rows)
    widths = [_measure(text, size, style, rng) + 8 for text, size, style in rows]
    heights = [round(size * 2.1) for _, size, _ in rows]
    card = Image.new("RGB", (max(widths) + 2 * margin, sum(heights) + 2 * margin), bg)
    draw = ImageDraw.Draw(card)
    y = margin
    ruled = rng.random() < 0.4
    for (text, size, style), height in zip(rows, heights, strict=True):
        _text(draw, (margin, y + (height - size) // 3), text, size, fg, style, random.Random(rng.random()))
        if ruled:
            draw.line((margin // 2, y + height - 2, card.width - margin // 2, y + height - 2), fill=fg, width=1)
        y += height
    if rng.random() < 0.6:  # rivets or screw holes in the corners
        r = max(3, margin // 4)
        for cx, cy in (
            (r * 2, r * 2),
            (card.width - r * 2, r * 2),
            (r * 2, card.height - r * 2),
            (card.width - r * 2, card.height - r * 2),
        ):
            draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=tuple(max(0, v - 60) for v in bg), outline=fg)
    return card


def _metal(card: Image.Image, rng: random.Random) -> Image.Image:
    """Brushed aluminium: streaks along the plate."""
    arr = np.asarray(card, dtype=np.float32)
    streaks = np.random.default_rng(rng.getrandbits(32)).normal(0, 40, (card.height, card.width)).astype(np.float32)
    streaks = cv2.GaussianBlur(streaks, (0, 0), sigmaX=25, sigmaY=0.7)
    return Image.fromarray(np.clip(arr + streaks[..., None], 0, 255).astype(np.uint8))


def _guilloche(card: Image.Image, rng: random.Random) -> Image.Image:
    """A certificate's security background: fine coloured wavy lines under the print."""
    draw = ImageDraw.Draw(card)
    colour = tuple(int(v) for v in np.clip(np.asarray(card.getpixel((1, 1))) - [rng.randint(10, 35)] * 3, 0, 255))
    phase, step = rng.uniform(0, 6), rng.randint(7, 14)
    xs = np.arange(0, card.width, 4)
    for base in range(-40, card.height + 40, step):
        ys = base + 10 * np.sin(xs / rng.uniform(25, 60) + phase)
        draw.line(list(zip(xs.tolist(), ys.tolist(), strict=True)), fill=colour, width=1)
    return card


def _punched(text: str, size: int, rng: random.Random) -> tuple[Image.Image, int]:
    """Characters hammered in one by one with punches: each a little rotated, raised or lowered and
    unevenly spaced; lit from one side (one edge bright, the other dark) on rough painted metal."""
    font = _font(rng, round(size / 0.72), mono=rng.random() < 0.6)
    pitch = size * rng.uniform(0.7, 0.95)
    width, height = int(pitch * (len(text) + 4)), size * 4
    mask = Image.new("L", (width, height), 0)
    x = pitch * 2
    for ch in text:
        glyph = Image.new("L", (size * 2, size * 2), 0)
        ImageDraw.Draw(glyph).text((size, size), ch, fill=255, font=font, anchor="mm")
        glyph = glyph.rotate(rng.uniform(-5, 5), resample=Image.Resampling.BILINEAR)
        mask.paste(
            glyph,
            (int(x - size + rng.uniform(-0.06, 0.06) * size), int(height / 2 - size + rng.uniform(-0.1, 0.1) * size)),
            glyph,
        )
        x += pitch * rng.uniform(0.92, 1.1)
    depth = cv2.GaussianBlur(np.asarray(mask, dtype=np.float32) / 255, (0, 0), max(0.8, size / 18))
    angle = rng.uniform(0, 2 * np.pi)
    gx, gy = cv2.Sobel(depth, cv2.CV_32F, 1, 0), cv2.Sobel(depth, cv2.CV_32F, 0, 1)
    shade = (np.cos(angle) * gx + np.sin(angle) * gy) * size * rng.uniform(1.5, 3.0)
    base = rng.randint(60, 170)
    np_rng = np.random.default_rng(rng.getrandbits(32))
    rough = cv2.GaussianBlur(np_rng.normal(0, rng.uniform(6, 16), (height, width)).astype(np.float32), (0, 0), 1.5)
    gray = base + rough + shade - depth * rng.uniform(0, 25)
    rust = np.zeros_like(gray)
    if rng.random() < 0.5:  # rust spots
        for _ in range(rng.randint(2, 6)):
            cv2.circle(rust, (rng.randrange(width), rng.randrange(height)), rng.randint(size // 3, size), 1.0, -1)
        rust = cv2.GaussianBlur(rust, (0, 0), size / 3)
    rgb = np.stack([gray + rust * 40, gray + rust * 5, gray - rust * 25], axis=2)
    return Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8)), size


def _card(kind: str, rng: random.Random, size: int) -> tuple[Image.Image, str | None, str | None, tuple[str, ...]]:
    style = "dots" if rng.random() < 0.35 else ("mono" if rng.random() < 0.3 else "font")
    small = max(6, round(size * rng.uniform(0.55, 0.8)))
    if kind == "vin_plate":
        vin = make_vin(rng)
        cut = rng.choice((None, None, None, 3, 9, 10, 11))
        shown = vin if cut is None else f"{vin[:cut]} {vin[cut:]}"
        label = rng.choice(("VIN", "V.I.N.", "VIN NO", "VEHICLE IDENTIFICATION NUMBER", "IDENT NO"))
        rows = [
            (
                rng.choice(("MANUFACTURER: KAMAZ PTC", "HYUNDAI MOTOR CO", "SKODA AUTO A.S.", "FORD SOLLERS", "SUBARU CORP")),
                small,
                "font",
            )
        ]
        rows += [(f"{label} {shown}", size, style)] if rng.random() < 0.5 else [(label, small, "font"), (shown, size, style)]
        rows += [
            (f"MAX. MASS {rng.randint(1400, 3500)} KG", small, style),
            (f"ENGINE {rng.choice(('G4FC', 'CWVA', '21129', 'EJ20'))}  PAINT {rng.randint(100, 999)}", small, style),
        ]
        bg = (rng.randint(185, 235),) * 3 if rng.random() < 0.7 else (rng.randint(30, 60),) * 3
        fg = (15, 15, 20) if bg[0] > 120 else (210, 210, 200)
        return _metal(_sheet(rows, rng, bg, fg), rng), vin, None, ()
    if kind in ("sts", "sts_jp"):
        vin = None if kind == "sts_jp" else make_vin(rng)
        frame = make_frame(rng) if kind == "sts_jp" else None
        rows = [
            (f"Регистрационный знак {rng.choice(_PLATES)}", small, "font"),
            (f"Идентификационный номер (VIN) {vin or 'ОТСУТСТВУЕТ'}", size, "font"),
            (f"Марка, модель {rng.choice(('ШКОДА ОКТАВИЯ', 'ТОЙОТА КОРОЛЛА', 'NISSAN NOTE', 'ХОНДА ФИТ'))}", small, "font"),
            (f"Год выпуска {rng.randint(1998, 2023)}", small, "font"),
            ("Шасси (рама) № ОТСУТСТВУЕТ", small, "font"),
            (f"Кузов (кабина, прицеп) № {frame or vin}", size, "font"),
            (f"Цвет {rng.choice(('СЕРЕБРИСТЫЙ', 'ЧЕРНЫЙ', 'СИНИЙ'))}", small, "font"),
        ]
        if rng.random() < 0.5:
            rows.insert(
                rng.randint(3, 5),
                (f"ПТС {rng.randint(10, 99)} {rng.choice(('УК', 'ТН', 'РЕ'))} {rng.randint(100000, 999999)}", small, "font"),
            )
        bg = rng.choice(((232, 214, 222), (214, 230, 214), (236, 230, 210)))
        return _guilloche(_sheet(rows, rng, bg, (35, 30, 60)), rng), vin, frame, ()
    if kind == "stamped":
        vin = make_vin(rng)
        shown = f"*{vin}*" if rng.random() < 0.3 else vin
        card, _ = _punched(shown, size, rng)
        return card, vin, None, ()
    if kind == "frame":
        frame = make_frame(rng)
        code = frame.partition("-")[0]
        if rng.random() < 0.35:
            card, _ = _punched(frame, size, rng)
            return card, None, frame, ()
        label = rng.choice(("CHASSIS NO.", "FRAME NO", "FRAME №", "CHASSIS"))
        rows = [
            (rng.choice(("TOYOTA", "MAZDA MOTOR CORP.", "MITSUBISHI MOTORS", "SUBARU", "NISSAN")), small, "font"),
            (f"TYPE {rng.choice(('DBA-', 'CBA-', 'UA-', 'GH-', ''))}{code}", small, style),
            (f"{label} {frame}", size, style),
            (f"ENG. {rng.choice(('1NZ', 'QR20', 'EJ15', '4G15', 'L15A'))}   PLANT {rng.randint(1, 9)}", small, style),
            (f"COLOR {rng.randint(100, 999)}/{rng.choice(('FA20', 'EB11', 'LB03'))}", small, style),
        ]
        bg = (rng.randint(170, 230), rng.randint(170, 230), rng.randint(150, 200))
        return _metal(_sheet(rows, rng, bg, (25, 25, 30)), rng), None, frame, ()
    part = _part(rng)
    rows = [
        (rng.choice(("DENSO", "MOBIS PARTS", "ORIGINAL TEILE", "AISIN")), small, "font"),
        (part, size, "font"),
        (rng.choice(("FILTER ASSY, AIR", "ДИСК ТОРМОЗНОЙ", "BELT, V-RIBBED")), small, "font"),
        (f"LOT {rng.randint(1000, 9999)}  QTY {rng.randint(1, 4)}", small, "font"),
    ]
    card = _sheet(rows, rng, (245, 245, 240), (10, 10, 10))
    draw = ImageDraw.Draw(card)
    x = card.width // 2
    for _ in range(40):  # a barcode at the side
        w = rng.randint(1, 3)
        if x + w < card.width - 4:
            draw.rectangle((x, card.height - size - 4, x + w, card.height - 4), fill=(10, 10, 10))
        x += w + rng.randint(1, 3)
    return card, None, None, (part,)


# --- the photo -----------------------------------------------------------------------------------


def _photo(card: Image.Image, capital_ratio: float, rng: random.Random) -> np.ndarray:
    """`card` photographed: its capitals `capital_ratio` times as high in the photo as on the card."""
    width, height = rng.choice(((1280, 960), (960, 1280), (1600, 1200), (1200, 1600), (1280, 720), (2560, 1920)))
    scale = min(capital_ratio, width * 0.8 / card.width, height * 0.75 / card.height)
    np_rng = np.random.default_rng(rng.getrandbits(32))
    backdrop = np.full((height, width, 3), [rng.randint(20, 200) for _ in range(3)], np.float32)
    backdrop += cv2.resize(np_rng.normal(0, 14, (height // 40 + 1, width // 40 + 1, 3)).astype(np.float32), (width, height))
    w, h = card.width * scale, card.height * scale
    angle = np.radians(rng.uniform(-15, 15))
    reach = (w * abs(np.cos(angle)) + h * abs(np.sin(angle))) * 0.6, (w * abs(np.sin(angle)) + h * abs(np.cos(angle))) * 0.6
    cx = rng.uniform(min(reach[0], width / 2), max(width / 2, width - reach[0]))
    cy = rng.uniform(min(reach[1], height / 2), max(height / 2, height - reach[1]))
    keystone = rng.uniform(-0.18, 0.18)  # one side nearer the camera than the other
    lean = rng.uniform(-0.1, 0.1)
    corners = []
    for sx, sy in ((-1, -1), (1, -1), (1, 1), (-1, 1)):
        px = sx * w / 2 * (1 + keystone * sy)
        py = sy * h / 2 * (1 + lean * sx)
        corners.append((cx + px * np.cos(angle) - py * np.sin(angle), cy + px * np.sin(angle) + py * np.cos(angle)))
    matrix = cv2.getPerspectiveTransform(
        np.float32([(0, 0), (card.width, 0), (card.width, card.height), (0, card.height)]), np.float32(corners)
    )
    scene = backdrop.clip(0, 255).astype(np.uint8)
    cv2.warpPerspective(
        np.asarray(card), matrix, (width, height), dst=scene, flags=cv2.INTER_AREA, borderMode=cv2.BORDER_TRANSPARENT
    )
    if rng.random() < 0.35:  # a finger or a sticker over one corner of the card
        corner = corners[rng.randrange(4)]
        radius = min(w, h) * rng.uniform(0.25, 0.5)
        out = np.asarray(corner) - (cx, cy)
        at = np.asarray(corner) + out / max(float(np.linalg.norm(out)), 1.0) * radius * 0.6
        colour = (rng.randint(150, 220), rng.randint(110, 170), rng.randint(90, 140)) if rng.random() < 0.6 else (250, 250, 240)
        axes = (int(radius), int(radius * 1.6))
        cv2.ellipse(scene, (int(at[0]), int(at[1])), axes, rng.uniform(0, 180), 0, 360, colour, -1)
    image = scene.astype(np.float32)
    blur = rng.random()
    if blur < 0.3:  # the hand moved
        length = rng.randint(3, 9)
        kernel = np.zeros((length, length), np.float32)
        kernel[length // 2, :] = 1 / length
        rotation = cv2.getRotationMatrix2D((length / 2 - 0.5, length / 2 - 0.5), rng.uniform(0, 180), 1)
        kernel = cv2.warpAffine(kernel, rotation, (length, length))
        image = cv2.filter2D(image, -1, kernel / max(kernel.sum(), 1e-6))
    elif blur < 0.6:  # out of focus
        image = cv2.GaussianBlur(image, (0, 0), rng.uniform(0.5, 1.4))
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    vignette = 1 - rng.uniform(0.1, 0.45) * (((xx / width - 0.5) ** 2 + (yy / height - 0.5) ** 2) * 2)
    image *= vignette[..., None] * rng.uniform(0.7, 1.1)
    if rng.random() < 0.5:  # glare: a bright streak or spot
        gx, gy = rng.uniform(0.2, 0.8) * width, rng.uniform(0.2, 0.8) * height
        sx, sy = rng.uniform(0.03, 0.2) * width, rng.uniform(0.02, 0.08) * height
        theta = rng.uniform(0, np.pi)
        u = (xx - gx) * np.cos(theta) + (yy - gy) * np.sin(theta)
        v = -(xx - gx) * np.sin(theta) + (yy - gy) * np.cos(theta)
        image += (np.exp(-((u / sx) ** 2 + (v / sy) ** 2)) * rng.uniform(90, 200))[..., None]
    image += np_rng.normal(0, rng.uniform(3, 12), image.shape)  # sensor noise, in colour
    return np.clip(image, 0, 255).astype(np.uint8)


def generate_one(folder: Path, index: int, seed: int = 5) -> Sample:
    """Photo number `index` of the set: the same bytes for the same (index, seed), in any process."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"third:{seed}:{index}")
    kind = KINDS[index % len(KINDS)]
    size = rng.randint(24, 48)  # the card's capitals, px
    card, vin, frame, parts = _card(kind, rng, size)
    capitals = rng.uniform(8, 14) if rng.random() < 0.45 else rng.uniform(14, 40)  # in the photo
    scene = _photo(card, capitals / size, rng)
    if rng.random() < 0.3:  # forwarded: shrunk and compressed once before
        half = cv2.resize(scene, None, fx=0.75, fy=0.75, interpolation=cv2.INTER_AREA)
        ok, data = cv2.imencode(".jpg", half, [cv2.IMWRITE_JPEG_QUALITY, rng.randint(50, 80)])
        scene = cv2.imdecode(data, cv2.IMREAD_COLOR) if ok else half
    path = folder / f"{index:04d}_{kind}_third.jpg"
    Image.fromarray(scene).save(path, "JPEG", quality=rng.randint(25, 60))
    return Sample(path, kind, vin, frame, parts)
