"""The photo reader as the service and the CLI use it: real models, real files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.vision import PHOTO_CONFIDENT, VisionReader, read_photo
from bot.vision import ocr as engines
from tests.support import photo_synth_fourth, photo_synth_third
from tests.support.cli import main_py
from tests.support.photo_synth import generate_one

pytestmark = pytest.mark.heavy  # seconds each: scheduled first (tests/conftest.py)


async def test_models_load_once_for_many_photos(tmp_path: Path) -> None:
    reader = VisionReader()
    first, second = generate_one(tmp_path, 3), generate_one(tmp_path, 8)  # a frame plate, a frame plate
    readings = [await reader.read(str(first.path)), await reader.read(str(second.path))]
    assert [r.frame for r in readings] == [first.frame, second.frame]
    assert engines.loads["rapid"] == 1
    assert engines.loads["v6"] == 1  # PP-OCRv6 too, once (both plates were read again)


def test_a_plate_the_first_recogniser_misreads_is_read_right_with_pp_ocr_v6s_votes(tmp_path: Path) -> None:
    plate = photo_synth_fourth.generate_one(tmp_path, 30, 13)  # a VIN plate of the fourth tuning set
    assert plate.vin == "LVV2N1TL2GN682744", "the fourth set changed: pin another photo"
    reading = read_photo(str(plate.path))  # PP-OCRv4 alone: LVU2N1TL2GH682744 (V as U, N as H)
    assert reading.vin == plate.vin
    assert reading.confidence < PHOTO_CONFIDENT  # the two disagree on it: the customer confirms


def test_a_j_the_first_recogniser_reads_as_1_is_read_right_with_pp_ocr_v6s_votes(tmp_path: Path) -> None:
    plate = photo_synth_third.generate_one(tmp_path, 54, 5)  # a VIN plate of the third tuning set
    assert plate.vin == "JTBZJV554BE294372", "the third set changed: pin another photo"
    reading = read_photo(str(plate.path))  # PP-OCRv4 alone (and with PP-OCRv5's votes): JTBZ1V554BE294372
    assert reading.vin == plate.vin
    assert reading.confidence < PHOTO_CONFIDENT  # small print, readings that differ: the customer confirms


def test_a_certificate_line_the_first_detector_misses_is_found_by_pp_ocr_v6s_detector(tmp_path: Path) -> None:
    sts = photo_synth_third.generate_one(tmp_path, 209, 5)  # a Japanese car's СТС of the third tuning set
    assert sts.frame == "GB3-4698975", "the third set changed: pin another photo"
    reading = read_photo(str(sts.path))  # PP-OCRv4's detector alone: no frame, only pieces as part numbers
    assert reading.frame == sts.frame
    assert reading.confidence < PHOTO_CONFIDENT  # found only on that last look: the customer confirms


def test_read_photo_prints_one_json_line_per_file_offline(tmp_path: Path) -> None:
    plate = generate_one(tmp_path, 12)  # a VIN plate (read surely, quickly)
    notes = tmp_path / "notes.jpg"
    notes.write_text("not a photo", encoding="utf-8")
    # Any attempt to download a model would go through a proxy that does not exist.
    env = {"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9", "NO_PROXY": ""}
    typed = f"{tmp_path}/./notes.jpg"  # echoed exactly as typed
    out = main_py("read-photo", str(plate.path), typed, env=env)  # the real process: the smoke test of `read-photo`
    first, second = (json.loads(line) for line in out.splitlines())
    assert first["file"] == str(plate.path) and first["vin"] == plate.vin and first["frame"] is None
    assert first["part_numbers"] == [] and 0 < first["confidence"] <= 1 and first["confident"] is True
    assert second == {
        "file": typed,
        "vin": None,
        "frame": None,
        "part_numbers": [],
        "confidence": None,
        "confident": False,
        "error": "not_an_image",
    }
