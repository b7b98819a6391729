"""What the customer means, learnt from examples instead of an ordered list of rules.

A small linear model over character n-grams (typos, endings, slang and emoji all leave n-grams) and
words, with what the assistant asked last as context: «нет» after «что-нибудь ещё?» is *done*,
after «вижу VIN … — верно?» it is *no*. One-vs-rest, so a message can mean several things
(«термостат и помпа, больше ничего» is a request and done); a second linear model scores the sets
of labels the corpus has seen as wholes, and the likeliest set wins. Trained in a minute or two
from catalogs/data/intents/train.jsonl the first time any process needs it, then cached;
`heldout*.jsonl` only measures.

The exact extractors (VIN, frame, part names and numbers, dates) say *what* was said; this says
what the customer *means*; the state machine decides.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import os
import re
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from bot.cache import cache_dir, exclusive
from bot.dialogue.latin import LATIN_WORD, keyed, sounded, switched
from catalogs.part_names import parses

CORPUS_DIR = Path(__file__).resolve().parents[2] / "catalogs" / "data" / "intents"
CONTEXTS = ("open", "ask_parts", "ask_vin", "ask_car", "ask_more", "confirm", "handed_off", "winback", "offer")
CHAR_NGRAMS = (2, 5)
C = 10.0  # inverse regularisation of the linear model
THRESHOLD = 0.5  # the model is sure of a label at least this likely
SET_PRIOR = 0.3  # how much the label sets' frequency in the corpus weighs against the message's own reading
ONLY_ALONE = frozenset({"greeting", "thanks", "other"})  # each labelled only when nothing else was said
SET_MIN_COUNT = 2  # a set of labels is a possible meaning when this many training messages have it
SET_SMOOTHING = 20.0  # a context's own counts outweigh the overall ones once it has this many messages
# A second model reads the message as one of the possible meanings at once (a linear SVM over the word
# features): it learns which labels go together, which the per-label models cannot. Its score is added
# to theirs with this weight; only the largest SET_KEEP of its weights are kept (~1 MB, not 10).
SET_C = 1.0
SET_WEIGHT = 2.0
SET_KEEP = 0.05

# the labels two reviewers both changed (adjudicate.py): the held-out split, the training writers, and
# a later round over both splits for boundary rules added since (it overrides the other two)
REVIEWS = {name: CORPUS_DIR / f"review_{name}.jsonl" for name in ("heldout", "train", "boundaries")}

_VIN = re.compile(r"\b[a-hj-npr-z0-9]{17}\b", re.IGNORECASE)
_NUMBER = re.compile(r"\d+")
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Example:
    text: str
    context: str
    intents: frozenset[str]
    slots: dict[str, Any] = field(default_factory=dict, compare=False)
    now: str | None = None


def load(path: Path) -> list[Example]:
    return [example for _, example in numbered(path)]


def numbered(path: Path) -> list[tuple[int, Example]]:
    """The file's examples, each with its line number (blank lines are skipped, not renumbered)."""
    examples = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        raw = json.loads(line)
        if raw["context"] not in CONTEXTS:
            raise ValueError(f"{path.name}:{number}: unknown context {raw['context']!r}")
        example = Example(raw["text"], raw["context"], frozenset(raw["intents"]), raw.get("slots") or {}, raw.get("now"))
        examples.append((number, example))
    return examples


def normalize(text: str) -> str:
    """Lowercase, ё→е, a VIN → «vin17», other digits → «0» (the model learns shapes, not numbers);
    Russian typed in Latin letters («nichego ne nado») is followed by its Cyrillic reading, so it
    shares n-grams with the Cyrillic messages the model learnt from — both as it sounds and as typed
    on the wrong keyboard layout («ghbdtn» is «привет»)."""
    folded = switched(text).lower().replace("ё", "е")
    folded = _VIN.sub(" vin17 ", folded)
    folded = _NUMBER.sub("0", folded)
    latin = LATIN_WORD.findall(folded)
    if not latin:
        return folded
    return f"{folded} {' '.join(map(sounded, latin))} {' '.join(map(keyed, latin))}"


@lru_cache(maxsize=8192)
def _lemma(word: str) -> str:
    """A word's dictionary form (pymorphy3's likeliest reading): «нужны», «нужна», «нужен» are one «нужный»."""
    if len(word) < 3 or not word.isalpha():
        return word
    readings = parses(word)
    return readings[0].normal_form.replace("ё", "е") if readings else word


def _words(context: str, text: str) -> list[str]:
    """Words and their dictionary forms, and the first words joined with the context: short answers mean
    what they answer."""
    words = _WORD.findall(text)
    marks = [f"!{ch}" for ch in text if ch in "?!+👍👌🙏😂🤣"]
    head = " ".join(words[:2]) if words else "<empty>"
    stage = _STAGES[context]
    return [
        *words,
        *(f"{a}_{b}" for a, b in itertools.pairwise(words)),
        *marks,
        f"ctx={context}",
        f"{context}|{head}",
        *(f"{context}|{w}" for w in words[:4]),
        *(f"{stage}#{w}" for w in words),
        f"len={min(len(words), 6)}",
        *(f"L:{_lemma(w)}" for w in words),  # a form never seen still shares its lemma with the corpus
    ]


# The stage of the conversation a context belongs to: a word means one thing all through a stage
# («нет» ends a request in ask_more, refuses a VIN read in confirm, settles a campaign in winback).
_STAGES = {
    "open": "lead",
    "ask_parts": "lead",
    "ask_car": "lead",
    "ask_vin": "vin",
    "ask_more": "more",
    "confirm": "confirm",
    "handed_off": "after",
    "winback": "campaign",
    "offer": "campaign",
}


def _feature_hash(feature: str) -> int:
    """A stable 64-bit fingerprint of a feature (two C checksums: ~0.25 µs, the same in every process)."""
    data = feature.encode()
    return zlib.crc32(data) | zlib.adler32(data) << 32


@dataclass(frozen=True)
class Vocabulary:
    """Feature -> column, kept as two arrays (sorted fingerprints, their columns): ~12 bytes a
    feature instead of ~150 for a dict of strings — the 50,000 features of the model are 0.6 MB,
    not 7.5, in every process (bench/memory.py)."""

    hashes: np.ndarray  # uint64, sorted
    columns: np.ndarray  # int64, the column of each fingerprint

    @classmethod
    def of(cls, mapping: dict[str, int]) -> Vocabulary:
        hashes = np.fromiter((_feature_hash(f) for f in mapping), dtype=np.uint64, count=len(mapping))
        order = np.argsort(hashes)
        if len(hashes) > 1 and not np.all(np.diff(hashes[order]) > 0):
            raise ValueError("two features share a fingerprint")  # never seen; the corpus would have to change
        columns = np.fromiter(mapping.values(), dtype=np.int64, count=len(mapping))
        return cls(hashes[order], columns[order])

    def columns_of(self, features: Sequence[str]) -> np.ndarray:
        """The columns of the features the vocabulary knows (repeated as often as they occur)."""
        if not features or not len(self.hashes):
            return np.empty(0, dtype=np.int64)
        wanted = np.fromiter((_feature_hash(f) for f in features), dtype=np.uint64, count=len(features))
        at = np.minimum(np.searchsorted(self.hashes, wanted), len(self.hashes) - 1)
        return np.asarray(self.columns[at[self.hashes[at] == wanted]])


@dataclass(frozen=True)
class SparseRows:
    """A features x meanings matrix that is mostly zeros, kept by feature (compressed rows, numpy only)."""

    indptr: np.ndarray  # int32: the entries of feature f are indptr[f]:indptr[f + 1]
    meanings: np.ndarray  # int16: the meaning of each entry
    values: np.ndarray  # float16

    @classmethod
    def of(cls, dense: np.ndarray) -> SparseRows:
        features, meanings = np.nonzero(dense)
        indptr = np.concatenate([[0], np.cumsum(np.bincount(features, minlength=dense.shape[0]))]).astype(np.int32)
        return cls(indptr, meanings.astype(np.int16), dense[features, meanings].astype(np.float16))

    def times(self, columns: np.ndarray, values: np.ndarray, width: int) -> np.ndarray:
        """values (one per column) times the rows of those columns: a vector of `width` meanings."""
        starts = self.indptr[columns]
        lengths = self.indptr[columns + 1] - starts
        total = int(lengths.sum())
        if not total:
            return np.zeros(width)
        at = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(total)
        weighted = self.values[at].astype(np.float64) * np.repeat(values, lengths)
        return np.bincount(self.meanings[at], weights=weighted, minlength=width)


@dataclass(frozen=True)
class Weights:
    """What training leaves: two TF-IDF vocabularies and a linear model per label, numpy only, so a
    process that finds them cached never loads scikit-learn (~2.5 s) nor trains (~8 s)."""

    labels: tuple[str, ...]
    chars: Vocabulary  # character n-gram -> column
    words: Vocabulary  # word feature -> column (after the character columns)
    idf: np.ndarray  # per column
    coef: np.ndarray  # columns x labels, float16
    bias: np.ndarray  # per label
    sets: np.ndarray  # possible meanings x labels, 1 where the meaning has the label
    set_prior: np.ndarray  # contexts x possible meanings: log of the meaning's share in the context
    set_coef: SparseRows  # columns x possible meanings: the set model
    set_bias: np.ndarray  # per possible meaning


def train(examples: Sequence[Example]) -> Weights:
    from scipy.sparse import hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.preprocessing import MultiLabelBinarizer
    from sklearn.svm import LinearSVC

    binarizer = MultiLabelBinarizer()
    targets = binarizer.fit_transform([sorted(e.intents) for e in examples])
    chars = TfidfVectorizer(analyzer=_char_ngrams, min_df=2, sublinear_tf=True)
    words = TfidfVectorizer(analyzer=_analyze, min_df=2, sublinear_tf=True)
    documents = [_document(e.context, e.text) for e in examples]
    matrix = hstack([chars.fit_transform(documents), words.fit_transform(documents)]).tocsr()
    # the dual problem: far fewer messages than features, so it trains ~4x faster than the primal, same weights
    # liblinear visits the messages in a random order: seeded, so every machine trains the same model
    linear = LogisticRegression(C=C, solver="liblinear", dual=True, max_iter=1000, class_weight="balanced", random_state=0)
    model = OneVsRestClassifier(linear).fit(matrix, targets)
    offset = len(chars.vocabulary_)
    sets, set_prior = _meanings(examples, tuple(binarizer.classes_))
    index_of = {
        frozenset(str(label) for label, meant in zip(binarizer.classes_, row, strict=True) if meant): i
        for i, row in enumerate(sets)
    }
    meant = np.array([index_of.get(e.intents, -1) for e in examples])
    known = meant >= 0  # the messages whose meaning is one of the possible ones
    word_matrix = matrix[:, offset:]  # the word features say it as well as all of them, ~4x faster
    set_model = LinearSVC(C=SET_C, random_state=0).fit(word_matrix[known], meant[known])
    set_coef, set_bias = np.zeros((matrix.shape[1], len(sets))), np.full(len(sets), -1.0)
    coef, bias = set_model.coef_.T, set_model.intercept_
    if len(set_model.classes_) == 2:  # one decision function for two meanings
        coef, bias = np.outer(coef[:, 0], [-1, 1]), bias[0] * np.array([-1, 1])
    set_coef[offset:, set_model.classes_], set_bias[set_model.classes_] = coef, bias
    smallest = np.quantile(np.abs(coef), 1 - SET_KEEP)
    return Weights(
        labels=tuple(str(label) for label in binarizer.classes_),
        chars=Vocabulary.of({k: int(v) for k, v in chars.vocabulary_.items()}),
        words=Vocabulary.of({k: int(v) + offset for k, v in words.vocabulary_.items()}),
        idf=np.concatenate([chars.idf_, words.idf_]).astype(np.float32),
        # half precision: 3.6 MB instead of 7.2 in every process (bench/memory.py), and not one reading
        # of 8,000 training messages differs from the float32 weights'
        coef=np.vstack([est.coef_[0] for est in model.estimators_]).T.astype(np.float16),
        bias=np.array([est.intercept_[0] for est in model.estimators_], dtype=np.float32),
        sets=sets,
        set_prior=set_prior,
        set_coef=SparseRows.of(np.where(np.abs(set_coef) >= smallest, set_coef, 0.0)),
        set_bias=set_bias.astype(np.float32),
    )


def _meanings(examples: Sequence[Example], labels: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """The sets of labels the corpus gives a message (each at least SET_MIN_COUNT times), and how
    often in each context (smoothed towards how often overall: SET_SMOOTHING messages' worth)."""
    counts = Counter(e.intents for e in examples)
    possible = sorted((s for s, n in counts.items() if n >= SET_MIN_COUNT), key=sorted)
    sets = np.array([[label in s for label in labels] for s in possible], dtype=np.float32)
    overall = np.array([counts[s] for s in possible], dtype=np.float64) / len(examples)
    prior = np.empty((len(CONTEXTS), len(possible)), dtype=np.float32)
    for row, context in enumerate(CONTEXTS):
        here = Counter(e.intents for e in examples if e.context == context)
        seen = np.array([here[s] for s in possible], dtype=np.float64)
        prior[row] = np.log((seen + SET_SMOOTHING * overall) / (seen.sum() + SET_SMOOTHING))
    return sets, prior


class IntentModel:
    """`meaning(text, context)` -> the set of intents; `reading` for the sure-enough checks.
    Scoring is TF-IDF (sublinear, l2 per feature family, as scikit-learn computes it) times the
    stacked weights: about a millisecond a message."""

    def __init__(self, weights: Weights) -> None:
        self._w = weights
        # a label said only alone (greeting, thanks, other) is not labelled beside any other: in a
        # meaning with another label, whether it was said too is unknown, so it counts neither way
        alone = np.array([label in ONLY_ALONE for label in weights.labels])
        with_others = (weights.sets[:, ~alone].sum(axis=1) > 0)[:, None]
        self._unlabelled = np.where(with_others & alone[None, :], 0.0, 1.0)

    @classmethod
    def trained_on(cls, examples: Sequence[Example]) -> IntentModel:
        return cls(train(examples))

    @property
    def labels(self) -> tuple[str, ...]:
        return self._w.labels

    def _scores(self, document: str) -> tuple[np.ndarray, np.ndarray]:
        """Each label's probability, and the set model's score of each possible meaning."""
        total = self._w.bias.astype(np.float64)
        meanings = self._w.set_bias.astype(np.float64)
        for vocabulary, features in ((self._w.chars, _char_ngrams(document)), (self._w.words, _analyze(document))):
            columns, counts = np.unique(vocabulary.columns_of(features), return_counts=True)
            if not len(columns):
                continue
            values = (1.0 + np.log(counts)) * self._w.idf[columns]
            values /= np.sqrt(np.dot(values, values))
            total = total + values @ self._w.coef[columns]
            meanings = meanings + self._w.set_coef.times(columns, values, len(meanings))
        return np.asarray(1.0 / (1.0 + np.exp(-total))), meanings

    def reading(self, text: str, context: str) -> tuple[dict[str, float], np.ndarray]:
        """Each label's probability, and the set model's score of each possible meaning (for `decide`)."""
        row, meanings = self._scores(_document(context, text))
        return {label: float(p) for label, p in zip(self.labels, row, strict=True)}, meanings

    def meaning(self, text: str, context: str) -> frozenset[str]:
        return self.decide(*self.reading(text, context), context)

    def decide(self, probabilities: dict[str, float], meanings: np.ndarray, context: str) -> frozenset[str]:
        """The likeliest of the meanings the corpus knows: each label's probability (of being meant, or
        not) for the message, plus the set model's score of that set of labels (SET_WEIGHT), plus how
        common the set is in the context — a weak prior (SET_PRIOR), so a question that mentions a month
        is not also «later» unless the message says so strongly."""
        p = np.clip(np.array([probabilities[label] for label in self.labels]), 1e-6, 1 - 1e-6)
        absent = (1 - self._w.sets) * self._unlabelled
        scores = (
            self._w.sets @ np.log(p)
            + absent @ np.log1p(-p)
            + SET_WEIGHT * meanings
            + SET_PRIOR * self._w.set_prior[CONTEXTS.index(context)]
        )
        row = self._w.sets[int(np.argmax(scores))]
        return frozenset(label for label, meant in zip(self.labels, row, strict=True) if meant)


def save(weights: Weights, path: Path) -> None:
    """Written atomically: several processes may train at once, each reads a whole file or none."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    with temporary.open("wb") as file:
        np.savez_compressed(
            file,
            labels=np.array(json.dumps(weights.labels)),
            **{
                f"{name}_{part}": getattr(getattr(weights, name), part)
                for name in ("chars", "words")
                for part in ("hashes", "columns")
            },
            idf=weights.idf,
            coef=weights.coef,
            bias=weights.bias,
            sets=weights.sets,
            set_prior=weights.set_prior,
            **{f"set_coef_{part}": getattr(weights.set_coef, part) for part in ("indptr", "meanings", "values")},
            set_bias=weights.set_bias,
        )
    os.replace(temporary, path)


def load_weights(path: Path) -> Weights:
    with np.load(path) as data:
        return Weights(
            labels=tuple(json.loads(str(data["labels"]))),
            chars=Vocabulary(data["chars_hashes"], data["chars_columns"]),
            words=Vocabulary(data["words_hashes"], data["words_columns"]),
            idf=data["idf"],
            coef=data["coef"],
            bias=data["bias"],
            sets=data["sets"],
            set_prior=data["set_prior"],
            set_coef=SparseRows(data["set_coef_indptr"], data["set_coef_meanings"], data["set_coef_values"]),
            set_bias=data["set_bias"],
        )


def _char_ngrams(document: str) -> list[str]:
    """scikit-learn's `char_wb` n-grams (2..5) of the message text: within words padded by a space."""
    text = document.split("\t", 1)[1]
    grams: list[str] = []
    for word in text.split():
        padded = f" {word} "
        for n in range(CHAR_NGRAMS[0], CHAR_NGRAMS[1] + 1):
            grams.extend(padded[i : i + n] for i in range(max(1, len(padded) - n + 1)))
            if len(padded) <= n:  # a short word counts once, whole
                break
    return grams


def _document(context: str, text: str) -> str:
    return f"{context}\t{normalize(text)}"


def _analyze(document: str) -> list[str]:
    context, text = document.split("\t", 1)
    return _words(context, text)


def writer_file(path: Path) -> list[Example]:
    """One training writer's file as the model learns it: with the labels two reviewers both changed
    (review_train.jsonl, made by adjudicate.py --train, and review_boundaries.jsonl, a later round;
    make_train.py applies the same)."""
    return [example for _, example in writer_lines(path)]


def writer_lines(path: Path, *, before_boundaries: bool = False) -> list[tuple[int, Example]]:
    """A hand-written training file's examples with their line numbers, reviews applied (or only those
    before the boundary round: what that round starts from)."""
    settled = _reviewed(REVIEWS["train"]) | ({} if before_boundaries else _reviewed(REVIEWS["boundaries"]))
    return [
        (number, Example(e.text, e.context, settled.get(f"{path.stem}:{number}", e.intents), e.slots, e.now))
        for number, e in numbered(path)
    ]


def heldout(*, as_written: bool = False) -> list[Example]:
    """The held-out split: every heldout*.jsonl (written independently, never tuned on), with the
    labels two independent reviewers both changed to what the README's boundaries prescribe
    (review_heldout.jsonl and, for later boundary rules, review_boundaries.jsonl; made by
    adjudicate.py) — or `as_written` by each writer."""
    return list(heldout_by_line(as_written=as_written).values())


def heldout_by_line(*, as_written: bool = False, before_boundaries: bool = False) -> dict[str, Example]:
    """The held-out split by line ("heldout_3:57": file stem and line number), in file order."""
    settled = {}
    if not as_written:
        settled = _reviewed(REVIEWS["heldout"]) | ({} if before_boundaries else _reviewed(REVIEWS["boundaries"]))
    examples = {}
    for path in sorted(CORPUS_DIR.glob("heldout*.jsonl")):
        for number, e in numbered(path):
            key = f"{path.stem}:{number}"
            label = settled.get(key)
            examples[key] = e if label is None else Example(e.text, e.context, label, e.slots, e.now)
    return examples


def _reviewed(path: Path) -> dict[str, frozenset[str]]:
    if not path.exists():
        return {}
    rows = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return {row["id"]: frozenset(row["intents"]) for row in rows}


@lru_cache(maxsize=1)
def default_model() -> IntentModel:
    """The model of the shipped corpus: read from the cache, or trained once and cached (the key is
    the corpus and the code that reads it, so editing either retrains). Processes starting together (workers, a
    test run's processes) train it once: the others wait for the file under the same lock."""
    corpus = CORPUS_DIR / "train.jsonl"
    sources = (corpus, Path(__file__), Path(__file__).with_name("latin.py"))
    key = hashlib.sha256(b"".join(path.read_bytes() for path in sources)).hexdigest()[:16]
    cached = cache_dir() / f"intents-{key}.npz"
    with exclusive(cached.with_suffix(".lock")):
        if cached.exists():
            try:
                return IntentModel(load_weights(cached))
            except (OSError, ValueError, KeyError):  # a damaged cache is retrained, never fatal
                pass
        weights = train(load(corpus))
        with contextlib.suppress(OSError):  # a read-only home: train again next time
            save(weights, cached)
    return IntentModel(weights)
