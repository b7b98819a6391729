"""The eighth synthetic photo set: one photo of each kind, labelled right, and the same bytes every time."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from PIL import Image

from catalogs.vin import check_digit_ok, listed_wmis, model_codes
from tests.support import photo_synth_eighth as eighth
from tests.support.photo_synth import Sample

VIN_ALPHABET = set("ABCDEFGHJKLMNPRSTUVWXYZ0123456789")


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> list[Sample]:
    return eighth.generate(tmp_path_factory.mktemp("eighth"), len(eighth.KINDS))


def test_one_photo_of_each_kind_is_a_phone_sized_jpeg(samples: list[Sample]) -> None:
    assert [s.kind for s in samples] == list(eighth.KINDS)
    for sample in samples:
        with Image.open(sample.path) as im:
            assert im.format == "JPEG"
            assert im.mode == "RGB"
            width, height = im.size
        assert min(width, height) >= 720 and max(width, height) <= 4032
        assert 1.3 <= max(width, height) / min(width, height) <= 1.8


def test_labels_fit_the_kind(samples: list[Sample]) -> None:
    codes = model_codes()
    for sample in samples:
        if sample.kind in ("vin_plate", "sts", "stamped"):
            vin = sample.vin
            assert vin is not None and sample.frame is None and sample.part_numbers == ()
            assert len(vin) == 17 and set(vin) <= VIN_ALPHABET
            assert vin[:3] in listed_wmis()
            assert check_digit_ok(vin) is not False  # right for North American and Chinese VINs, None elsewhere
        elif sample.kind in ("frame", "sts_jp"):
            frame = sample.frame
            assert frame is not None and sample.vin is None and sample.part_numbers == ()
            code, serial = frame.split("-")
            assert code in codes and serial.isdigit() and len(serial) in (6, 7)
        else:
            assert sample.vin is None and sample.frame is None
            assert len(sample.part_numbers) == 1 and len(sample.part_numbers[0]) >= 8


def test_vins_with_a_check_digit_get_it_right() -> None:
    for i in range(300):
        vin, _ = eighth._make_vin(random.Random(f"check:{i}"))
        assert len(vin) == 17 and set(vin) <= VIN_ALPHABET
        if vin[0] in "12345L":
            assert check_digit_ok(vin) is True


def test_the_same_index_and_seed_give_the_same_bytes(tmp_path: Path, samples: list[Sample]) -> None:
    again = eighth.generate_one(tmp_path, 2)
    assert again.path.read_bytes() == samples[2].path.read_bytes()
    assert again == Sample(again.path, samples[2].kind, vin=samples[2].vin)
    assert len({s.path.read_bytes() for s in samples}) == len(samples)
