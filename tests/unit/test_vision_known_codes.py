"""Reading a frame number's model code from the recogniser's per-step probabilities
(bot/vision/known_codes.py)."""

from __future__ import annotations

import numpy as np

from bot.vision.known_codes import reread_codes, reread_makers
from tests.support.ctc_steps import CHARACTERS, matrix


def spelled(text: str) -> list[dict[str, float]]:
    """Each character for one step, a blank after it."""
    steps: list[dict[str, float]] = []
    for ch in text:
        steps += [{ch: 0.9}, {"blank": 0.9}]
    return steps


def read(steps: list[dict[str, float]], *, makers: bool = False) -> str:
    logp = matrix(steps)
    index = logp.argmax(axis=1)
    chosen = np.ones(len(index), dtype=bool)
    chosen[1:] = index[1:] != index[:-1]
    chosen &= index != 0
    text = "".join(CHARACTERS[i] for i in index[chosen])
    gaps = np.asarray([i for i, ch in enumerate(CHARACTERS) if i == 0 or ch in " -."])
    reread = reread_makers if makers else reread_codes
    return reread(text, np.flatnonzero(chosen), logp, CHARACTERS, gaps)


def test_an_unknown_code_is_read_as_the_known_one_the_probabilities_still_favour() -> None:
    steps = [*spelled("FRAME GR"), {"7": 0.55, "X": 0.35}, {"blank": 0.9}, *spelled("120-2554419")]
    assert read(steps) == "FRAME GRX120-2554419"


def test_a_known_code_the_probabilities_do_not_support_is_not_forced() -> None:
    steps = [*spelled("FRAME GR"), {"7": 0.9}, {"blank": 0.9}, *spelled("120-2554419")]
    assert read(steps) == "FRAME GR7120-2554419"


def test_a_maker_code_nobody_was_issued_is_read_as_the_listed_one_the_probabilities_still_favour() -> None:
    steps = [{"H": 0.6, "W": 0.3}, {"blank": 0.9}, *spelled("DDAL93Z1CYE62052")]
    assert read(steps, makers=True) == "WDDAL93Z1CYE62052"
