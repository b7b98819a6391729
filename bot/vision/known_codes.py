"""Codes from a short list read from the recogniser's per-step probabilities, not its best string:
a frame number's model code (catalogs/data/frames.toml) and a VIN's maker code (the WMI,
catalogs/data/wmi.toml).

Greedy decoding reads a code nobody issued where a character of stamped, dot-matrix or small print
came out as another shape («GR7120» for GRX120, «AT21G» for AT211, «HDD» for WDD, «Z8T» for Z8N);
the probabilities usually still favour the real code over every other one on the list. Here each
listed code near the one read is scored as the likeliest CTC path that spells exactly it over the
steps the code was read from, and the best is taken when it is close to what greedy decoding read
and clearly ahead of the next listed code.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from catalogs.edits import levenshtein
from catalogs.vin import frame_car, listed_wmis, model_codes

# A code as greedy decoding renders it, then the dash and a serial of 5-7 digits
_CODE_BEFORE_SERIAL = re.compile(r"(?<![A-Za-z0-9])([A-Z0-9]{2,7})-(?=[0-9]{5,7}(?![0-9]))")
# A VIN as greedy decoding renders it, its maker code the first three characters
_MAKER_OF_VIN = re.compile(r"(?<![A-Za-z0-9])([A-Z0-9]{3})(?=[A-Z0-9]{14}(?![A-Za-z0-9]))")
MAX_COST = 4.0  # nats: a known code this much less likely than the greedy reading is not taken
MIN_LEAD = 1.0  # nats: ... nor one the next known code comes this close to
MAX_EDITS = 2  # characters changed, dropped or added
_NEG = -1e9


def reread_codes(text: str, steps: np.ndarray, logp: np.ndarray, characters: list[str], gap_columns: np.ndarray) -> str:
    """`text` (greedy decoding; `steps`: the step each of its characters was read at) with each
    unknown model code before a frame serial read again as the likeliest known code."""
    for match in reversed(list(_CODE_BEFORE_SERIAL.finditer(text))):
        if not frame_car(match.group(1)):
            text = _reread(text, match, steps, logp, characters, gap_columns, near_codes(match.group(1)))
    return text


def reread_makers(text: str, steps: np.ndarray, logp: np.ndarray, characters: list[str], gap_columns: np.ndarray) -> str:
    """`text` (as `reread_codes`) with the maker code of each run of 17 capitals and digits that no
    maker was issued read again as the likeliest listed one."""
    for match in reversed(list(_MAKER_OF_VIN.finditer(text))):
        if match.group(1) not in listed_wmis():
            text = _reread(text, match, steps, logp, characters, gap_columns, near_makers(match.group(1)))
    return text


def _reread(
    text: str,
    match: re.Match[str],
    steps: np.ndarray,
    logp: np.ndarray,
    characters: list[str],
    gap_columns: np.ndarray,
    listed: tuple[str, ...],
) -> str:
    """`text` with the code `match` found replaced by the likeliest of `listed` over the steps it
    was read from (after the character before it, up to the one after it), when one is clearly so."""
    start, end = match.start(1), match.end(1)
    window = logp[int(steps[start - 1]) + 1 if start > 0 else 0 : int(steps[end])]
    if window.shape[0] == 0:
        return text
    best = _best_known(window, window[:, gap_columns].max(axis=1), {ch: i for i, ch in enumerate(characters)}, listed)
    return text if best is None else text[:start] + best + text[end:]


def _best_known(window: np.ndarray, gaps: np.ndarray, column: dict[str, int], listed: tuple[str, ...]) -> str | None:
    spelled = [known for known in listed if all(ch in column for ch in known)]
    if not spelled:
        return None
    costs = float(window.max(axis=1).sum()) - path_scores(window, gaps, [[column[ch] for ch in known] for known in spelled])
    order = np.argsort(costs)
    if costs[order[0]] > MAX_COST or (len(order) > 1 and costs[order[1]] - costs[order[0]] < MIN_LEAD):
        return None
    return spelled[int(order[0])]


@lru_cache(maxsize=256)
def near_codes(code: str) -> tuple[str, ...]:
    """Known model codes at most MAX_EDITS characters changed, dropped or added from `code`."""
    return tuple(known for known in sorted(model_codes()) if _edits(code, known) <= MAX_EDITS)


@lru_cache(maxsize=256)
def near_makers(wmi: str) -> tuple[str, ...]:
    """Listed maker codes at most MAX_EDITS characters changed from `wmi`."""
    return tuple(listed for listed in sorted(listed_wmis()) if sum(x != y for x, y in zip(wmi, listed, strict=True)) <= MAX_EDITS)


def _edits(a: str, b: str) -> int:
    """Levenshtein distance, giving up past MAX_EDITS (lengths that far apart are not compared)."""
    return MAX_EDITS + 1 if abs(len(a) - len(b)) > MAX_EDITS else levenshtein(a, b)


def path_scores(logp: np.ndarray, gaps: np.ndarray, labels: list[list[int]]) -> np.ndarray:
    """For each label (column indexes), the log-probability of the likeliest CTC path over all of
    `logp`'s steps that spells exactly it, a gap (`gaps`: each step's best blank or separator)
    allowed around and between its characters. All labels at once: shorter ones are padded, and
    each is read off at its own last states."""
    longest = max(len(label) for label in labels)
    padded = np.asarray([label + [label[-1]] * (longest - len(label)) for label in labels])
    states = 2 * longest + 1
    emit = np.full((logp.shape[0], len(labels), states), _NEG)
    emit[:, :, 0::2] = gaps[:, None, None]
    emit[:, :, 1::2] = logp[:, padded]
    skip = np.zeros((len(labels), states), dtype=bool)  # from two states back: past a gap between different characters
    skip[:, 3::2] = padded[:, 1:] != padded[:, :-1]
    score = np.full((len(labels), states), _NEG)
    score[:, :2] = emit[0, :, :2]
    edge = np.full((len(labels), 2), _NEG)
    for t in range(1, logp.shape[0]):
        moved = np.maximum(score, np.hstack((edge[:, :1], score[:, :-1])))
        jumped = np.where(skip, np.hstack((edge, score[:, :-2])), _NEG)
        score = np.maximum(moved, jumped) + emit[t]
    ends = 2 * np.asarray([len(label) for label in labels])
    rows = np.arange(len(labels))
    found: np.ndarray = np.maximum(score[rows, ends], score[rows, ends - 1])
    return found
