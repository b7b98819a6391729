"""`python main.py read-photo FILE...`: identifiers read from photos, one JSON line per file."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer


def read_photo(
    files: Annotated[list[str], typer.Argument(help="Photos of a VIN plate, a СТС or a part label.")],
) -> None:
    """Read VIN / frame / part numbers from photos; print one JSON line per file (DESIGN.md §4)."""
    from bot.vision import PHOTO_CONFIDENT
    from bot.vision import read_photo as read

    for file in files:
        reading = read(file)
        found = reading.vin or reading.frame or reading.part_numbers
        line: dict[str, object] = {
            "file": file,  # as typed, so a script can match its lines to its arguments
            "vin": reading.vin,
            "frame": reading.frame,
            "part_numbers": list(reading.part_numbers),
            "confidence": reading.confidence if found else None,
            # what the bot would use without reading it back to the customer
            "confident": bool(reading.vin or reading.frame) and reading.confidence >= PHOTO_CONFIDENT,
        }
        if reading.error:
            line["error"] = reading.error
        sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
        sys.stdout.flush()
