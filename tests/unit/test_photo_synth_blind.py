"""The blind synthetic photo sets (sixth, seventh): each kind carries a valid identifier, and a photo is a pure
function of (index, seed)."""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

import pytest

from catalogs.vin import check_digit_ok, frame_car, model_codes

_NOT_IN_VINS = set("IOQ")
_SETS = ("sixth", "seventh")


def _generator(name: str) -> ModuleType:
    return importlib.import_module(f"tests.support.photo_synth_{name}")


@pytest.mark.parametrize("name", _SETS)
def test_each_kind_carries_its_identifier(tmp_path: Path, name: str) -> None:
    generator = _generator(name)
    kinds = list(generator.KINDS)
    samples = [generator.generate_one(tmp_path, index) for index in range(2 * len(kinds))]

    assert [s.kind for s in samples] == kinds * 2
    for index, s in enumerate(samples):
        assert s.path.exists()
        assert s.path.name == f"{index:04d}_{s.kind}_{name}.jpg"
        assert s.path.read_bytes()[:3] == b"\xff\xd8\xff"  # a JPEG
        if s.kind in ("vin_plate", "sts", "stamped"):
            assert s.vin is not None
            assert len(s.vin) == 17
            assert not _NOT_IN_VINS & set(s.vin)
            assert check_digit_ok(s.vin) is not False
            assert s.frame is None
            assert s.part_numbers == ()
        elif s.kind in ("frame", "sts_jp"):
            assert s.vin is None
            assert s.frame is not None
            code, serial = s.frame.split("-")
            assert code in model_codes()
            assert serial.isdigit()
            assert len(serial) in (6, 7)
            assert s.part_numbers == ()
        else:
            assert s.kind == "part_label"
            assert s.vin is None
            assert s.frame is None
            assert 1 <= len(s.part_numbers) <= 2
            assert all(s.part_numbers)
    frames = [s.frame for s in samples if s.frame is not None]
    assert any(frame_car(frame) is not None for frame in frames)


@pytest.mark.parametrize("name", _SETS)
def test_a_photo_depends_only_on_its_index_and_seed(tmp_path: Path, name: str) -> None:
    generate_one = _generator(name).generate_one
    first = generate_one(tmp_path / "a", 7)
    again = generate_one(tmp_path / "b", 7)
    other_seed = generate_one(tmp_path / "c", 7, seed=20)

    assert first.path.read_bytes() == again.path.read_bytes()
    assert (first.vin, first.frame, first.part_numbers) == (again.vin, again.frame, again.part_numbers)
    assert other_seed.path.read_bytes() != first.path.read_bytes()
