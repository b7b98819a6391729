"""Exact-match accuracy and precision of photo reading on a fixed synthetic set (issue 7).

300 phone-like photos (tests/support/photo_synth.py, seed 7) are generated and read once per run
by two worker processes; the assertions below share that one pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.vision import PHOTO_CONFIDENT
from tests.support.photo_eval import Outcome, by_kind, evaluate, score

COUNT = 300


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> list[Outcome]:
    folder: Path = tmp_path_factory.mktemp("photos")
    return evaluate(folder, COUNT, seed=7, workers=2)


def test_at_least_90_percent_of_vins_and_frames_are_read_exactly(outcomes: list[Outcome]) -> None:
    result = score(outcomes, PHOTO_CONFIDENT)
    assert result.identifiers >= 240
    assert result.accuracy >= 0.90, f"{result.accuracy:.1%} exact; by kind: {by_kind(outcomes)}"


def test_readings_used_without_asking_are_at_least_97_percent_right(outcomes: list[Outcome]) -> None:
    result = score(outcomes, PHOTO_CONFIDENT)
    wrong = [(o.sample.path.name, o.expected, o.read, o.reading.confidence)
             for o in outcomes if o.read and o.reading.confidence >= PHOTO_CONFIDENT and not o.exact]
    assert result.precision >= 0.97, f"{result.precision:.1%} of {result.confident} confident readings; wrong: {wrong}"
    assert result.confident >= result.identifiers // 2  # the threshold still lets most good photos through


def test_part_labels_give_their_part_numbers(outcomes: list[Outcome]) -> None:
    labels = [o for o in outcomes if o.sample.kind == "part_label"]
    found = sum(set(o.sample.part_numbers) <= set(o.reading.part_numbers) for o in labels)
    assert found >= 0.8 * len(labels), f"{found} of {len(labels)} part labels read"


def test_part_labels_never_yield_a_confident_vin_or_frame(outcomes: list[Outcome]) -> None:
    labels = [o for o in outcomes if o.sample.kind == "part_label"]
    assert not [o.sample.path.name for o in labels if o.read and o.reading.confidence >= PHOTO_CONFIDENT]
