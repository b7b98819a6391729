"""The photo reader as the service and the CLI use it: real models, real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from bot.vision import VisionReader, engines
from tests.support.photo_synth import generate_one

ROOT = Path(__file__).resolve().parents[2]


async def test_models_load_once_for_many_photos(tmp_path: Path) -> None:
    reader = VisionReader()
    first, second = generate_one(tmp_path, 3), generate_one(tmp_path, 8)  # a frame plate, a frame plate
    readings = [await reader.read(str(first.path)), await reader.read(str(second.path))]
    assert [r.frame for r in readings] == [first.frame, second.frame]
    assert engines.loads["rapid"] == 1


def test_read_photo_prints_one_json_line_per_file_offline(tmp_path: Path) -> None:
    plate = generate_one(tmp_path, 0)  # a VIN plate
    notes = tmp_path / "notes.jpg"
    notes.write_text("not a photo", encoding="utf-8")
    # Any attempt to download a model would go through a proxy that does not exist.
    env = {**os.environ, "HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9", "NO_PROXY": ""}
    typed = f"{tmp_path}/./notes.jpg"  # echoed exactly as typed
    result = subprocess.run([sys.executable, "main.py", "read-photo", str(plate.path), typed], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=120, check=True)
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first["file"] == str(plate.path) and first["vin"] == plate.vin and first["frame"] is None
    assert first["part_numbers"] == [] and 0 < first["confidence"] <= 1
    assert second == {"file": typed, "vin": None, "frame": None, "part_numbers": [], "confidence": None,
                      "error": "not_an_image"}
