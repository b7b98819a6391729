"""Photo reading: accuracy, precision at PHOTO_CONFIDENT and seconds per photo, against naive tesseract.

    .venv/bin/python -m bench.photos [--count 300] [--seed 7] [--workers 2]

Both readers get the same synthetic phone photos (tests/support/photo_synth.py). "naive" is
`pytesseract.image_to_string` on the whole photo plus a VIN regex; "ours" is bot.vision.
Seconds are per photo inside one worker (one onnxruntime thread per process).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from bot.vision import PHOTO_CONFIDENT
from tests.support.photo_eval import Outcome, by_kind, evaluate, score


def report(name: str, outcomes: list[Outcome], wall: float) -> dict[str, object]:
    result = score(outcomes, PHOTO_CONFIDENT)
    row = {
        "reader": name,
        "photos": len(outcomes),
        "accuracy": round(result.accuracy, 3),
        "confident": result.confident,
        "precision_at_threshold": round(result.precision, 3),
        "median_seconds": round(result.median_seconds, 3),
        "wall_seconds": round(wall, 1),
        "by_kind": {kind: f"{exact}/{total}" for kind, (exact, total) in sorted(by_kind(outcomes).items())},
    }
    print(json.dumps(row, ensure_ascii=False), flush=True)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--dump", type=Path, help="write every reading as JSON lines here")
    args = parser.parse_args()
    print(f"threshold PHOTO_CONFIDENT = {PHOTO_CONFIDENT}")
    rows = {}
    with tempfile.TemporaryDirectory() as folder:
        for name in ("naive", "ours"):
            started = time.perf_counter()
            outcomes = evaluate(Path(folder), args.count, seed=args.seed, reader=name, workers=args.workers)
            rows[name] = report(name, outcomes, time.perf_counter() - started)
            if args.dump and name == "ours":
                with args.dump.open("w", encoding="utf-8") as out:
                    for o in outcomes:
                        out.write(json.dumps({"file": o.sample.path.name, "kind": o.sample.kind, "expected": o.expected,
                                              "vin": o.reading.vin, "frame": o.reading.frame,
                                              "parts": list(o.reading.part_numbers), "want_parts": list(o.sample.part_numbers),
                                              "confidence": o.reading.confidence, "seconds": round(o.seconds, 2)},
                                             ensure_ascii=False) + "\n")
    ours, naive = rows["ours"], rows["naive"]
    print(f"accuracy: ours {ours['accuracy']:.1%} vs naive {naive['accuracy']:.1%}; "
          f"median s/photo: ours {ours['median_seconds']} vs naive {naive['median_seconds']} "
          f"(ratio {ours['median_seconds'] / max(naive['median_seconds'], 1e-9):.1f}x)")


if __name__ == "__main__":
    main()
