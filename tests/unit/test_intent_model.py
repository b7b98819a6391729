"""The intent model's life: trained from examples, saved, loaded by a process that never imports
scikit-learn, and rebuilt when the cache is damaged."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from bot.dialogue import intents
from bot.dialogue.intents import CORPUS_DIR, IntentModel, SparseRows, load, load_weights, save, train

SAMPLE = load(CORPUS_DIR / "train.jsonl")[::4]


def test_a_saved_model_reads_exactly_as_the_trained_one(tmp_path: Path) -> None:
    weights = train(SAMPLE)
    save(weights, tmp_path / "model.npz")
    trained, loaded = IntentModel(weights), IntentModel(load_weights(tmp_path / "model.npz"))
    for example in SAMPLE[:50]:
        (loaded_labels, loaded_sets), (labels, sets) = (
            model.reading(example.text, example.context) for model in (loaded, trained)
        )
        assert loaded_labels == pytest.approx(labels)
        assert loaded_sets == pytest.approx(sets)


def test_the_same_corpus_trains_the_same_model_whatever_the_random_state_of_the_process() -> None:
    small = SAMPLE[::10]
    np.random.seed(1)
    first = train(small)
    np.random.seed(2)
    second = train(small)
    assert np.array_equal(first.coef, second.coef)
    assert np.array_equal(first.set_coef.values, second.set_coef.values)


def test_the_sparse_set_weights_multiply_as_the_dense_matrix() -> None:
    dense = np.array([[0.0, 1.5, 0.0], [0.0, 0.0, 0.0], [2.0, 0.0, -1.0], [0.5, 0.25, 0.0]])
    columns, values = np.array([0, 2, 3]), np.array([1.0, 0.5, 2.0])
    assert SparseRows.of(dense).times(columns, values, 3) == pytest.approx(values @ dense[columns])


def test_short_answers_mean_what_they_answer() -> None:
    model = IntentModel.trained_on(SAMPLE)
    assert "done" in model.meaning("нет", "ask_more") and "done" not in model.meaning("нет", "confirm")


@pytest.mark.heavy
def test_a_process_with_the_model_cached_never_loads_scikit_learn(tmp_path: Path) -> None:
    code = "import sys; from bot.dialogue.intents import default_model; default_model(); print('sklearn' in sys.modules)"
    env = {"PARTSBOT_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    root = Path(__file__).resolve().parents[2]
    first = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True, check=True)
    second = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True, check=True)
    assert (first.stdout.strip(), second.stdout.strip()) == ("True", "False")


def test_a_damaged_cache_is_trained_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARTSBOT_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(intents, "load", lambda path: SAMPLE)
    intents.default_model.cache_clear()
    try:
        intents.default_model()
        [cached] = tmp_path.glob("intents-*.npz")
        cached.write_bytes(b"not a model")
        intents.default_model.cache_clear()
        assert "done" in intents.default_model().meaning("нет, всё", "ask_more")
    finally:
        intents.default_model.cache_clear()
