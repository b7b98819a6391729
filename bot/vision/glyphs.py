"""A second opinion on the characters of a reading, from a recogniser that shares nothing with RapidOCR.

RapidOCR's misreads on small, stamped or dot-matrix print are consistent: an F read as E, a B as 8,
a J as 3 in every cut and contrast of the line, so agreement between its cuts cannot catch them.
Here each character of a reading is cut out of the straightened line on its own — where the
recogniser's per-step probabilities place it (a CTC alignment of the reading), one character pitch
wide, centred between the gaps that part it from its neighbours — and classified by a small network
trained on lines rendered from the fonts on the machine, printed, dot-matrix and stamped, shrunk,
blurred and compressed the way phone photos are. The classifier alone is no match for the
recogniser (it reads some 85% of the characters of the tuning sets' photos right), so it only
decides where the recogniser itself hesitated: a character is in doubt when the recogniser gave
another one some probability at that step (`RIVAL`) and the classifier takes it for that other
character, by `DOUBT` nats, in both cuts of the line (`doubted`). A reading with a character in
doubt is read back to the customer instead of being used without asking.

The network is trained at first use (some 45 s of one core) and cached beside the intent model's
weights (numpy only: a process that finds the cache never loads scikit-learn).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import itertools
import random
import subprocess
import threading
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from bot.cache import cache_dir, exclusive

if TYPE_CHECKING:
    from PIL import ImageDraw, ImageFont

CLASSES = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"  # a VIN's alphabet; frame codes use it too
CELL_W, CELL_H = 16, 24  # a character cell is classified at this size
_FONT_DIRS = (Path("/usr/share/fonts/truetype"), Path("/usr/share/fonts/opentype"))
_LINES_PER_FONT = 50  # lines of random characters rendered per font, each degraded differently
_SEED = 16
_HIDDEN, _EPOCHS = 192, 25
_lock = threading.Lock()


# --- the classifier -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Weights:
    """A one-hidden-layer network: cell pixels -> ReLU -> class scores."""

    w1: np.ndarray
    b1: np.ndarray
    w2: np.ndarray
    b2: np.ndarray

    def probabilities(self, cells: np.ndarray) -> np.ndarray:
        """(n, CELL_H, CELL_W) cells, ink bright -> (n, len(CLASSES)) probabilities."""
        hidden = np.maximum(features(cells) @ self.w1 + self.b1, 0.0)
        scores = hidden @ self.w2 + self.b2
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        out: np.ndarray = exp / exp.sum(axis=1, keepdims=True)
        return out


def features(cells: np.ndarray) -> np.ndarray:
    """Each cell's pixels, centred and scaled to unit spread (contrast and brightness drop out), and
    the histograms of its edges' directions (HOG: the strokes' shape, whatever their thickness)."""
    flat = cells.reshape(len(cells), -1).astype(np.float32)
    flat -= flat.mean(axis=1, keepdims=True)
    flat /= flat.std(axis=1, keepdims=True) + 1e-3
    return np.hstack([flat, 4.0 * edge_directions(cells)])


_BINS, _HOG_CELL = 9, 4


def edge_directions(cells: np.ndarray) -> np.ndarray:
    """Histograms of gradient direction (unsigned, `_BINS` bins) weighted by magnitude in each 4x4 px
    patch, every 2x2 block of patches scaled to unit length (HOG)."""
    image = cells.astype(np.float32)
    gy, gx = np.gradient(image, axis=(1, 2))
    magnitude = np.hypot(gx, gy)
    angle = np.mod(np.arctan2(gy, gx), np.pi)
    bins = np.minimum((angle / np.pi * _BINS).astype(np.int64), _BINS - 1)
    n, height, width = image.shape
    rows, cols = height // _HOG_CELL, width // _HOG_CELL
    hist = np.zeros((n, rows, cols, _BINS), np.float32)
    patch_row = (np.arange(height) // _HOG_CELL)[None, :, None].repeat(n, 0).repeat(width, 2)
    patch_col = (np.arange(width) // _HOG_CELL)[None, None, :].repeat(n, 0).repeat(height, 1)
    sample = np.arange(n)[:, None, None].repeat(height, 1).repeat(width, 2)
    np.add.at(hist, (sample, patch_row, patch_col, bins), magnitude)
    blocks = np.concatenate(
        [hist[:, :-1, :-1], hist[:, 1:, :-1], hist[:, :-1, 1:], hist[:, 1:, 1:]], axis=3
    )  # (n, rows-1, cols-1, 4 * bins)
    blocks /= np.linalg.norm(blocks, axis=3, keepdims=True) + 1e-3
    return blocks.reshape(n, -1)


def train(cells: np.ndarray, labels: np.ndarray) -> Weights:
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    model = MLPClassifier(hidden_layer_sizes=(_HIDDEN,), alpha=1e-3, batch_size=256, max_iter=_EPOCHS, random_state=_SEED)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # a few passes are enough: stopping early is the point
        model.fit(features(cells), labels)
    order = np.argsort(model.classes_)  # the columns in CLASSES order (labels are 0..n-1)
    layers = (model.coefs_[0], model.intercepts_[0], model.coefs_[1][:, order], model.intercepts_[1][order])
    return Weights(*(np.asarray(layer, dtype=np.float32) for layer in layers))


@lru_cache(maxsize=1)
def default_weights() -> Weights | None:
    """Read from the cache, or trained once on the machine's fonts and cached (the key is the code
    that trains and the font list, so changing either retrains); None on a machine without fonts —
    then no reading is doubted, as before this second opinion existed."""
    fonts = font_files()
    if not fonts:
        return None
    key = hashlib.sha256(_training_code().encode() + "\n".join(map(str, fonts)).encode()).hexdigest()[:16]
    cached = cache_dir() / f"glyphs-{key}.npz"
    with _lock, exclusive(cached.with_suffix(".lock")):
        if cached.exists():
            with contextlib.suppress(OSError, ValueError, KeyError), np.load(cached) as data:
                return Weights(data["w1"], data["b1"], data["w2"], data["b2"])
        cells, labels = training_set(fonts, random.Random(_SEED))
        weights = train(cells, labels)
        with contextlib.suppress(OSError):
            buffer = io.BytesIO()
            np.savez(buffer, w1=weights.w1, b1=weights.b1, w2=weights.w2, b2=weights.b2)
            cached.write_bytes(buffer.getvalue())
    return weights


def prepare_in_background() -> threading.Thread:
    """Read or train the classifier in a daemon thread, so that the first photo a fresh install reads
    does not wait for training (17-45 s of CPU): the service starts it beside its own warm-up."""
    thread = threading.Thread(target=default_weights, name="glyphs-prepare", daemon=True)
    thread.start()
    return thread


def _training_code() -> str:
    """What the weights depend on: the functions that render, cut and learn, and their settings."""
    import inspect

    parts = (
        training_set, _line_cells, _draw_dots, _stamped, cells_at, between_gaps, ink_rows, _crop, _to_cell,
        features, edge_directions, train,
    )  # fmt: skip
    settings = (CLASSES, CELL_W, CELL_H, _LINES_PER_FONT, _SEED, _HIDDEN, _EPOCHS, _BINS, _HOG_CELL)
    return "\n".join(inspect.getsource(part) for part in parts) + repr(settings)


# --- training glyphs ------------------------------------------------------------------------------


def font_files() -> list[Path]:
    """The machine's TrueType/OpenType fonts that draw Latin capitals and digits (fc-list), math
    and symbol fonts left out."""
    try:
        listed = subprocess.run(
            ["fc-list", ":lang=en", "file"], capture_output=True, text=True, timeout=10, check=False
        ).stdout.splitlines()
        files = {Path(line.split(":")[0].strip()) for line in listed if line.strip()}
    except (OSError, subprocess.SubprocessError):
        files = set()
    if not files:
        files = {path for folder in _FONT_DIRS if folder.exists() for path in folder.rglob("*.[ot]tf")}
    return sorted(p for p in files if p.suffix.lower() in (".ttf", ".otf") and "math" not in p.name.lower())


def training_set(fonts: list[Path], rng: random.Random) -> tuple[np.ndarray, np.ndarray]:
    """Cells of lines of random characters in every font, printed, dot-matrix and stamped, degraded
    the way phone photos are and cut by `cells_at` from where a recogniser would roughly place them."""
    from PIL import ImageFont

    cells: list[np.ndarray] = []
    labels: list[int] = []
    for path in fonts:
        try:
            font = ImageFont.truetype(str(path), 64)
        except OSError:
            continue
        for _ in range(_LINES_PER_FONT):
            text = "".join(rng.choice(CLASSES) for _ in range(rng.randint(8, 17)))
            style = rng.choices(("print", "dots", "stamped"), (0.6, 0.2, 0.2))[0]
            for batch in _line_cells(font, text, style, rng):
                cells.extend(batch)
                labels.extend(CLASSES.index(ch) for ch in text)
    return np.asarray(cells, dtype=np.uint8), np.asarray(labels)


def _line_cells(font: ImageFont.FreeTypeFont, text: str, style: str, rng: random.Random) -> list[np.ndarray]:
    """`text` rendered, photographed and cut into cells (twice, in both polarities, when stamped:
    relief has no ink colour, and reading takes the likelier)."""
    import cv2
    from PIL import Image, ImageDraw

    spacing = rng.uniform(-0.04, 0.3)
    pitch = font.getlength(CLASSES) / len(CLASSES) * (1 + spacing)
    ascent = font.getbbox("H")[1]
    cap = font.getbbox("H")[3] - ascent
    canvas = Image.new("L", (int(pitch * (len(text) + 4)), int(cap * 3)), 0)
    draw = ImageDraw.Draw(canvas)
    x, y, centres = pitch * 2, cap - ascent, []
    grid, radius = rng.choice(((5, 7), (5, 7), (7, 9))), rng.uniform(0.3, 0.6)
    mono = rng.random() < 0.3  # plates often space every character alike
    for ch in text:
        width = _draw_dots(draw, font, ch, x, y, grid, radius) if style == "dots" else font.getlength(ch)
        if style != "dots":
            draw.text((x + ((pitch - width) / 2 if mono else 0), y), ch, fill=255, font=font)
        centres.append(x + (pitch / 2 if mono or style == "dots" else width / 2))
        x += pitch if mono or style == "dots" else width * (1 + spacing)
    image = np.array(canvas)
    if style == "print" and rng.random() < 0.4:  # heavier or lighter strokes than the font's
        kernel = np.ones((rng.choice((3, 5)),) * 2, np.uint8)
        image = cv2.dilate(image, kernel) if rng.random() < 0.6 else cv2.erode(image, np.ones((3, 3), np.uint8))
    if rng.random() < 0.3:  # a plate's border or a form's ruled line above or below
        row = int(cap * rng.choice((0.25, 2.75)))
        cv2.line(image, (0, row), (image.shape[1], row), 255, max(1, int(cap * rng.uniform(0.03, 0.1))))
    image = _stamped(image, rng) if style == "stamped" else image
    angle, shear = rng.uniform(-2, 2), rng.uniform(-0.12, 0.12)
    matrix = cv2.getRotationMatrix2D((image.shape[1] / 2, image.shape[0] / 2), angle, 1.0)
    matrix[0, 1] += shear
    image = cv2.warpAffine(image, matrix, (image.shape[1], image.shape[0]))
    # the photo: print 7-30 px high, blur, uneven light, noise, JPEG
    height = float(np.exp(rng.uniform(np.log(7), np.log(30))))
    factor = height / cap
    small: np.ndarray = cv2.resize(image, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA).astype(np.float32)
    if rng.random() < 0.6:  # no more than a recogniser still reads
        small = cv2.GaussianBlur(small, (0, 0), rng.uniform(0.2, min(1.2, height / 10)))
    low, high = rng.uniform(0, 100), rng.uniform(170, 255)
    small = low + small * (high - low) / 255
    small += np.linspace(0, rng.uniform(-40, 40), small.shape[1])[None, :]
    small += np.random.default_rng(rng.randrange(1 << 30)).normal(0, rng.uniform(0, 14), small.shape)
    small = np.clip(small, 0, 255).astype(np.uint8)
    if rng.random() < 0.5:  # dark print on a light plate
        small = 255 - small
    for _ in range(rng.choice((0, 1, 1, 2))):
        ok, jpeg = cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, rng.randint(20, 85)])
        decoded = cv2.imdecode(jpeg, cv2.IMREAD_GRAYSCALE) if ok else None
        small = small if decoded is None else np.asarray(decoded)
    # where a recogniser would place each character: a share of the pitch off, much the same for all
    offset = rng.uniform(-0.3, 0.3)
    placed = [(c + (offset + rng.uniform(-0.15, 0.15)) * pitch) * factor for c in centres]
    cells = cells_at(small, placed)
    return [cells, 255 - cells] if style == "stamped" else [cells]


def _draw_dots(
    draw: ImageDraw.ImageDraw, font: ImageFont.FreeTypeFont, ch: str, x: float, y: float, grid: tuple[int, int], radius: float
) -> float:
    """`ch` as a dot-matrix printer forms it from this font's glyph (`grid` columns x rows, dots
    `radius` of the pitch); returns its width."""
    from PIL import Image, ImageDraw

    mask = Image.new("L", (80, 100), 0)
    ImageDraw.Draw(mask).text((10, 10), ch, fill=255, font=font)
    box = mask.getbbox()
    if box is None:
        return 0.0
    columns, rows = grid
    on = np.asarray(mask.crop(box).resize(grid, Image.Resampling.BOX)) > 90
    pitch = (box[3] - box[1]) / rows
    top = y + font.getbbox("H")[1]
    for row in range(rows):
        for col in range(columns):
            if on[row, col]:
                cx, cy = x + (col + 0.5) * pitch, top + (row + 0.5) * pitch
                draw.ellipse((cx - radius * pitch, cy - radius * pitch, cx + radius * pitch, cy + radius * pitch), fill=255)
    return columns * pitch


def _stamped(image: np.ndarray, rng: random.Random) -> np.ndarray:
    """Letters pressed into metal: a blurred relief, lit from one side, on a grainy surface."""
    import cv2

    soft = cv2.GaussianBlur(image.astype(np.float32), (0, 0), rng.uniform(1.0, 3.0))
    dx, dy = rng.choice((1, -1)) * rng.uniform(1, 3), rng.choice((1, -1)) * rng.uniform(1, 3)
    move = np.asarray([[1, 0, dx], [0, 1, dy]], dtype=np.float32)
    shifted = cv2.warpAffine(soft, move, (image.shape[1], image.shape[0]))
    relief = soft * rng.uniform(0.5, 1.0) + (soft - shifted) * rng.uniform(0.3, 1.0)
    grain = cv2.GaussianBlur(np.random.default_rng(rng.randrange(1 << 30)).normal(0, 25, image.shape), (0, 0), 1.5)
    stamped = np.clip(relief + grain + 20, 0, 255).astype(np.uint8)
    return 255 - stamped if rng.random() < 0.5 else stamped  # shadowed or lit: either may read as the ink


def _crop(image: np.ndarray, centre: float, pitch: float, span: tuple[float, float]) -> np.ndarray:
    """The pitch-wide cell around `centre` between the rows of `span`, edges replicated."""
    import cv2

    left, top = centre - pitch / 2, span[0]
    width, height = max(pitch, 2.0), max(span[1] - span[0], 2.0)
    matrix = np.asarray([[1, 0, -left], [0, 1, -top]], dtype=np.float32)
    size = (max(2, round(width)), max(2, round(height)))
    cell: np.ndarray = cv2.warpAffine(image, matrix, size, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    return cell


def _to_cell(gray: np.ndarray) -> np.ndarray:
    import cv2

    resized: np.ndarray = cv2.resize(gray, (CELL_W, CELL_H), interpolation=cv2.INTER_AREA)
    return resized


# --- a photo's characters -------------------------------------------------------------------------

_NEG = -1e9


def align(logp: np.ndarray, characters: list[str], text: str) -> list[int] | None:
    """The step each character of `text` is read at on the likeliest CTC path through `logp` (steps x
    `characters`, "blank" first) that reads `text` somewhere in the line, anything before and after
    it; a separator or blank may come between its characters. None when `text` has a character the
    recogniser lacks or more characters than the line has steps."""
    column = {ch: i for i, ch in enumerate(characters)}
    if any(ch not in column for ch in text) or not text or len(text) > logp.shape[0]:
        return None
    cols = np.asarray([column[ch] for ch in text])
    gap_cols = [i for i, ch in enumerate(characters) if i == 0 or ch in " -."]
    gaps, free = logp[:, gap_cols].max(axis=1), logp.max(axis=1)
    steps, n = logp.shape[0], len(text)
    repeat = np.asarray([False, *(text[k] == text[k - 1] for k in range(1, n))])
    on, gap, pre, post = np.full(n, _NEG), np.full(n, _NEG), 0.0, _NEG
    on_from = np.zeros((steps, n), np.int8)  # 0 stay, 1 from the gap before, 2 from the character before, 3 from the start
    gap_from = np.zeros((steps, n), np.int8)  # 0 stay, 1 from its character
    post_from = np.zeros(steps, np.int8)  # 0 stay, 1 from the last character
    for t in range(steps):
        options = np.full((4, n), _NEG)
        options[0] = on
        options[1, 1:] = gap[:-1]
        options[2, 1:] = np.where(repeat[1:], _NEG, on[:-1])
        options[3, 0] = pre
        choice = options.argmax(axis=0)
        new_on = options[choice, np.arange(n)] + logp[t, cols]
        gap_stay = gap >= on
        new_gap = np.where(gap_stay, gap, on) + gaps[t]
        post_from[t] = 0 if post >= on[-1] else 1
        post = max(post, on[-1]) + free[t]
        on_from[t], gap_from[t] = choice, np.where(gap_stay, 0, 1)
        on, gap, pre = new_on, new_gap, pre + free[t]
    if max(post, on[-1]) <= _NEG / 2:
        return None
    # walk back, noting the steps each character holds
    held: list[list[int]] = [[] for _ in text]
    state, k, t = ("post" if post > on[-1] else "on"), n - 1, steps - 1
    while t >= 0 and k >= 0:
        if state == "post":
            if post_from[t] == 1:
                state = "on"
            t -= 1
            continue
        if state == "gap":
            if gap_from[t, k] == 1:
                state = "on"
            t -= 1
            continue
        held[k].append(t)
        came = on_from[t, k]
        t -= 1
        if came == 1:
            state, k = "gap", k - 1
        elif came == 2:
            k -= 1
        elif came == 3:
            break
    if any(not h for h in held):
        return None
    return [max(h, key=lambda s: float(logp[s, cols[i]])) for i, h in enumerate(held)]


def cells_of(line: np.ndarray, at: list[int], step: float) -> np.ndarray:
    """The character cells of a straightened line image (BGR) whose characters the recogniser read at
    steps `at` (`step` pixels each): one pitch wide around each, between the rows the print spans,
    ink bright."""
    import cv2

    gray = cv2.cvtColor(line, cv2.COLOR_BGR2GRAY) if line.ndim == 3 else line
    return cells_at(gray, [(s + 0.5) * step for s in at])


def cells_at(gray: np.ndarray, centres: list[float]) -> np.ndarray:
    """The cells around `centres` (x, roughly where each character is) of a grey line image."""
    import cv2

    pitch = float(np.median(np.diff(centres))) if len(centres) > 1 else gray.shape[0] * 0.6
    left = max(0, int(centres[0] - pitch / 2))
    right = min(gray.shape[1], int(centres[-1] + pitch / 2) + 1)
    span_img = gray[:, left:right]
    threshold, _ = cv2.threshold(span_img, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    ink = span_img < threshold
    if ink.mean() > 0.5:  # light print on a dark plate: the ink is the minority class
        ink = ~ink
    else:
        gray = 255 - gray
    top, bottom = ink_rows(ink)
    cap = bottom - top
    span = (top - 0.15 * cap, bottom + 0.15 * cap)
    centres = between_gaps(ink[int(top) : int(bottom)].mean(axis=0), [c - left for c in centres], pitch)
    centres = [c + left for c in centres]
    return np.asarray([_to_cell(_crop(gray, centre, pitch, span)) for centre in centres], dtype=np.uint8)


def between_gaps(columns: np.ndarray, centres: list[float], pitch: float) -> list[float]:
    """The characters' centres moved to midway between the gaps that part them: where the recogniser
    placed a character is often off by a third of it. Between two neighbours the gap is the least
    inked column of the middle of the stretch between them."""
    width = max(1, round(pitch * 0.15))
    profile = np.convolve(columns, np.ones(width) / width, mode="same")
    gaps = []
    for a, b in itertools.pairwise(centres):
        low, high = int(a + 0.2 * (b - a)), int(np.ceil(a + 0.8 * (b - a)))
        window = profile[max(low, 0) : max(min(high, len(profile)), low + 1)]
        gaps.append(low + int(np.argmin(window)) + 0.5 if len(window) else (a + b) / 2)
    if not gaps:
        return centres
    bounds = [gaps[0] - pitch, *gaps, gaps[-1] + pitch]
    return [(left + right) / 2 for left, right in itertools.pairwise(bounds)]


def ink_rows(ink: np.ndarray) -> tuple[float, float]:
    """The rows the characters span in a line's ink mask: the band of rows well inked with the most
    ink, apart from a ruled line or a plate's border above or below it."""
    profile = ink.mean(axis=1).astype(np.float64)
    if profile.max() <= 0:
        return 0.0, float(ink.shape[0])
    inked = np.concatenate([[False], profile >= 0.35 * np.percentile(profile, 90), [False]])
    edges = np.flatnonzero(np.diff(inked.astype(np.int8)))
    bands = list(zip(edges[::2], edges[1::2], strict=True))
    top, bottom = max(bands, key=lambda band: profile[band[0] : band[1]].sum())
    return float(top), float(bottom)


def read_cells(line: np.ndarray, text: str) -> tuple[np.ndarray, np.ndarray] | None:
    """For each character of `text` as printed in the straightened line image (BGR), over CLASSES:
    the classifier's probabilities, and the recogniser's own at the step it reads that character
    (len(text) x len(CLASSES) each); None where the recogniser cannot place `text` in the line."""
    from bot.vision.ocr import rapid_matrix

    logp, characters, step = rapid_matrix(line)
    at = align(logp, characters, text)
    if at is None:
        return None
    column = {ch: i for i, ch in enumerate(characters)}
    recogniser = np.where([ch in column for ch in CLASSES], np.exp(logp[at][:, [column.get(ch, 0) for ch in CLASSES]]), 0.0)
    weights = default_weights()
    if weights is None:
        return None
    cells = cells_of(line, at, step)
    index = [CLASSES.index(ch) if ch in CLASSES else 0 for ch in text]
    rows = np.arange(len(text))
    # Stamped relief has no ink colour: the polarity that reads the text likelier is taken
    readings = [weights.probabilities(cells), weights.probabilities(255 - cells)]
    return max(readings, key=lambda p: float(np.log(p[rows, index] + 1e-6).sum())), recogniser


# A character is in doubt when the recogniser gives another character at least this probability at
# its step in one of the cuts ...
RIVAL = 0.02
# ... and the classifier finds that other character this many nats likelier than the one read in
# every cut (its cells of one cut are often a little off: it has to be sure in both)
DOUBT = 1.0


def preference(probabilities: np.ndarray, text: str) -> np.ndarray:
    """Per position of `text` and per class: how many nats likelier the classifier finds that class
    than the character read (-inf everywhere where it does not know the character read)."""
    found = np.full(probabilities.shape, -np.inf)
    for i, ch in enumerate(text):
        if ch in CLASSES:
            found[i] = np.log(probabilities[i] + 1e-6) - np.log(probabilities[i, CLASSES.index(ch)] + 1e-6)
    return found


def doubted(lines: list[np.ndarray], value: str) -> bool:
    """A character of `value` (a VIN or frame) that the recogniser nearly read as another in one cut
    of its line, and that the classifier takes for that other character in every cut."""
    text = value.replace("-", "")
    shape = (len(text), len(CLASSES))
    rivals, prefers = np.zeros(shape), np.full(shape, np.inf)
    for line in lines:
        read = read_cells(line, text) if line.size else None
        if read is None:
            return False
        classifier, recogniser = read
        rivals = np.maximum(rivals, recogniser)
        prefers = np.minimum(prefers, preference(classifier, text))
    return bool(((rivals >= RIVAL) & (prefers > DOUBT)).any())  # the character read is preferred by 0 nats
