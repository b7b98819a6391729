"""Reading a VIN from the recogniser's per-step probabilities (bot/vision/ctc.py)."""

from __future__ import annotations

import numpy as np

from bot.vision.ctc import Grammar, reread_serials, reread_vins
from tests.support.ctc_steps import CHARACTERS, matrix


def spelled(text: str) -> list[dict[str, float]]:
    """Each character for two steps, a blank between characters."""
    steps: list[dict[str, float]] = []
    for ch in text:
        steps += [{ch: 0.9}, {ch: 0.9}, {"blank": 0.9}]
    return steps


def greedy(logp: np.ndarray) -> tuple[str, np.ndarray]:
    index = logp.argmax(axis=1)
    chosen = np.ones(len(index), dtype=bool)
    chosen[1:] = index[1:] != index[:-1]
    chosen &= index != 0
    return "".join(CHARACTERS[i] for i in index[chosen]), np.flatnonzero(chosen)


def read(steps: list[dict[str, float]]) -> str:
    logp = matrix(steps)
    text, at = greedy(logp)
    alnum = np.asarray([len(ch) == 1 and ch.isalnum() for ch in CHARACTERS])
    gaps = np.asarray([i for i, ch in enumerate(CHARACTERS) if i == 0 or ch in " -."])
    return reread_vins(text, at, logp, alnum, gaps, Grammar(CHARACTERS))


def test_a_vin_greedy_decoding_read_right_is_left_as_it_is() -> None:
    assert read(spelled("VIN XTA21703080123456")) == "VIN XTA21703080123456"


def test_a_repeated_digit_merged_by_greedy_decoding_is_split_where_a_blank_was_likely() -> None:
    steps = [*spelled("TMBYKJW9TM98"), {"8": 0.9}, {"8": 0.55, "blank": 0.4}, {"8": 0.9}, {"blank": 0.9}, *spelled("881")]
    assert read(steps) == "TMBYKJW9TM9888881"


def test_a_letter_a_vin_never_holds_is_read_as_its_likeliest_allowed_neighbour() -> None:
    steps = [*spelled("XTA"), {"Q": 0.6, "G": 0.35}, {"Q": 0.6, "G": 0.35}, {"blank": 0.9}, *spelled("1703080123456")]
    assert read(steps) == "XTAG1703080123456"  # not the 0 that Q is usually taken for


def test_a_vin_ends_in_four_digits() -> None:
    steps = [*spelled("1HGCM82633A00435"), {"B": 0.5, "2": 0.45}, {"B": 0.5, "2": 0.45}, {"blank": 0.9}]
    assert read(steps) == "1HGCM82633A004352"


def test_a_toyota_serial_read_with_six_digits_gets_the_repeated_one_back() -> None:
    steps = [*spelled("SV30-57"), {"4": 0.9}, {"4": 0.5, "blank": 0.45}, {"4": 0.9}, {"blank": 0.9}, *spelled("563")]
    logp = matrix(steps)
    text, at = greedy(logp)
    assert text == "SV30-574563"
    alnum = np.asarray([len(ch) == 1 and ch.isalnum() for ch in CHARACTERS])
    gaps = np.asarray([i for i, ch in enumerate(CHARACTERS) if i == 0 or ch in " -."])
    assert reread_serials(text, at, logp, alnum, gaps, Grammar(CHARACTERS, 7, digits_only=True)) == "SV30-5744563"


def test_a_letter_seen_clearly_among_the_last_four_is_left_for_the_candidates_to_weigh() -> None:
    """The grammar would put the likeliest digit there, far less likely than the letter seen."""
    steps = [*spelled("VSSZZZDV58ZL37"), {"T": 0.9, "7": 0.02}, {"T": 0.9, "7": 0.02}, {"blank": 0.9}, *spelled("33")]
    assert read(steps) == "VSSZZZDV58ZL37T33"
