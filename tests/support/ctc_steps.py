"""Recogniser output for tests of reading from per-step probabilities (bot/vision/ctc.py, known_codes.py)."""

from __future__ import annotations

import numpy as np

CHARACTERS = ["blank", *"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", " ", "-", ".", "(", ")"]


def matrix(steps: list[dict[str, float]]) -> np.ndarray:
    """Log-probabilities: each step's listed characters, the rest sharing what is left."""
    out = np.full((len(steps), len(CHARACTERS)), 0.0)
    for t, step in enumerate(steps):
        rest = (1.0 - sum(step.values())) / (len(CHARACTERS) - len(step))
        out[t] = rest
        for ch, p in step.items():
            out[t, CHARACTERS.index(ch)] = p
    logp: np.ndarray = np.log(out)
    return logp
