"""The fifth photo generator (written blind to the reader): its truths are valid identifiers, and a
photo is the same bytes every time it is made, so the bench's readings can be compared run to run."""

from __future__ import annotations

from pathlib import Path

from catalogs.vin import check_digit_ok, frame_car, model_codes
from tests.support.photo_synth_fifth import KINDS, generate_one


def test_each_kind_carries_its_identifier_and_vins_keep_the_alphabet_and_the_check_digit(tmp_path: Path) -> None:
    samples = [generate_one(tmp_path, index) for index in range(len(KINDS))]
    assert [s.kind for s in samples] == list(KINDS)
    for s in samples:
        if s.kind in ("vin_plate", "sts", "stamped"):
            assert s.vin and len(s.vin) == 17 and not set(s.vin) & set("IOQ") and check_digit_ok(s.vin) is not False
        elif s.kind in ("frame", "sts_jp"):
            code, _, serial = (s.frame or "").partition("-")
            assert code in model_codes() and serial.isdigit() and len(serial) in (6, 7)
        else:
            assert s.part_numbers and not (s.vin or s.frame)
    assert any(frame_car(s.frame) for s in samples if s.frame)


def test_a_photo_is_the_same_bytes_every_time(tmp_path: Path) -> None:
    first, again = generate_one(tmp_path / "a", 7), generate_one(tmp_path / "b", 7)
    assert first.path.read_bytes() == again.path.read_bytes()
    assert generate_one(tmp_path / "c", 7, seed=18).path.read_bytes() != first.path.read_bytes()
