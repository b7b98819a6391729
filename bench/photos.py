"""Photo reading: accuracy, precision at PHOTO_CONFIDENT and seconds per photo, against naive tesseract.

    .venv/bin/python -m bench.photos [--count 300] [--seed 7] [--workers 2] [--reader ours] [--set own|hard|third|heldout|fourth|fifth|sixth|seventh|eighth]

Also checks what issue 7 asks of "ours" (it exits 1 when a bar is missed, so `make bench` fails):
≥ 90% of VINs and frames read exactly, ≥ 97% of the readings used without asking right (and at
least half of the photos with a VIN or frame read that surely), ≥ 80% of part labels give their
numbers, and no part label ever yields a confident VIN or frame. `make test` reads a pinned handful
of the same photos (tests/integration/test_vision_accuracy.py).

Both readers get the same synthetic phone photos: `--set own` (the default) is the team's set
(tests/support/photo_synth.py, seed 7), `--set hard` its harder variant and `--set third` a third
generator written apart from both (tests/support/photo_synth_third.py, seed 5) and `--set fourth` a
fourth written blind to the reader (tests/support/photo_synth_fourth.py, seed 13) and `--set fifth`
a fifth written blind to the reader and to the other generators (tests/support/photo_synth_fifth.py,
seed 17) and `--set sixth` a sixth by another hand, as blind (tests/support/photo_synth_sixth.py, seed 19) and
`--set seventh` a seventh, as blind, most varied on Japanese frame plates (tests/support/photo_synth_seventh.py, seed 23) and
`--set eighth` an eighth, as blind, of look-alike glyphs and single damaged characters (tests/support/photo_synth_eighth.py, seed 29),
all seven for tuning and calibrating; `--set heldout` is an independent set nobody tunes the reader
on (tests/support/photo_synth_heldout.py, seed 11), to see how the reader does on photos it was not
shaped for — look at its score, never at its photos, while changing the reader. "naive" is
`pytesseract.image_to_string` on the whole photo plus a VIN regex; "ours" is bot.vision.
Seconds are per photo inside one worker (one onnxruntime thread per process): wall-clock, and the
reader's own CPU time (what one core spends, whatever else the machine runs); the load average is
printed beside them.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path
from typing import cast

from bot.vision import PHOTO_CONFIDENT
from tests.support.photo_eval import GENERATORS, Outcome, by_kind, evaluate, score

DEFAULT_SEEDS = {
    "own": 7,
    "hard": 7,
    "third": 5,
    "heldout": 11,
    "fourth": 13,
    "fifth": 17,
    "sixth": 19,
    "seventh": 23,
    "eighth": 29,
}


def report(name: str, outcomes: list[Outcome], wall: float) -> dict[str, object]:
    result = score(outcomes, PHOTO_CONFIDENT)
    row = {
        "reader": name,
        "photos": len(outcomes),
        "accuracy": round(result.accuracy, 3),
        "confident": result.confident,
        "precision_at_threshold": round(result.precision, 3),
        "median_seconds": round(result.median_seconds, 3),
        "median_cpu_seconds": round(result.median_cpu_seconds, 3),  # one core, whatever the machine's load
        "load_average": round(os.getloadavg()[0], 1),
        "wall_seconds": round(wall, 1),
        "by_kind": {kind: f"{exact}/{total}" for kind, (exact, total) in sorted(by_kind(outcomes).items())},
        "no_reading": sum(1 for o in outcomes if o.expected and not o.read),  # photos with a VIN or frame, none read
    }
    print(json.dumps(row, ensure_ascii=False), flush=True)
    return row


def _compact(numbers: tuple[str, ...]) -> set[str]:
    """Part numbers as sets to compare: one read with the spaces its label prints («09F 372 013 X», the
    way VAG writes them) is the same number as the label's «09F372013X»."""
    return {number.replace(" ", "").upper() for number in numbers}


def spec_misses(outcomes: list[Outcome], *, detail: bool = True) -> list[str]:
    """The bars of issue 7 that `outcomes` miss (an empty list: all met); without `detail` (the
    held-out set, which nobody looks at photo by photo) only counts, never a photo or its reading."""
    result = score(outcomes, PHOTO_CONFIDENT)
    labels = [o for o in outcomes if o.sample.kind == "part_label"]
    labels_read = sum(_compact(o.sample.part_numbers) <= _compact(o.reading.part_numbers) for o in labels)
    wrong = [
        (o.sample.path.name, o.expected, o.read, o.reading.confidence)
        for o in outcomes
        if o.read and o.reading.confidence >= PHOTO_CONFIDENT and not o.exact
    ]
    confident_labels = [o.sample.path.name for o in labels if o.read and o.reading.confidence >= PHOTO_CONFIDENT]
    wrong_shown: object = wrong if detail else f"{len(wrong)} photos"
    labels_shown: object = confident_labels if detail else f"{len(confident_labels)} photos"
    checks = [
        (result.identifiers >= 0.8 * len(outcomes), f"only {result.identifiers} photos with a VIN or frame"),
        (result.accuracy >= 0.90, f"{result.accuracy:.1%} of VINs and frames read exactly (< 90%): {by_kind(outcomes)}"),
        (
            result.precision >= 0.97,
            f"{result.precision:.1%} of {result.confident} confident readings right (< 97%): {wrong_shown}",
        ),
        (result.confident >= result.identifiers // 2, f"only {result.confident} confident of {result.identifiers}"),
        (labels_read >= 0.8 * len(labels), f"{labels_read} of {len(labels)} part labels read (< 80%)"),
        (not confident_labels, f"part labels with a confident VIN or frame: {labels_shown}"),
    ]
    return [message for ok, message in checks if not ok]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument(
        "--seed",
        type=int,
        help="the set's seed (own, hard: 7, third: 5, heldout: 11, fourth: 13, fifth: 17, sixth: 19, seventh: 23, eighth: 29)",
    )
    parser.add_argument("--set", dest="photo_set", choices=tuple(GENERATORS), default="own", help="whose photos (default own)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--dump", type=Path, help="write every reading as JSON lines here")
    parser.add_argument("--reader", choices=("both", "ours"), default="both", help="skip the naive baseline")
    args = parser.parse_args()
    if args.dump and args.photo_set == "heldout":
        parser.error("the held-out set is measured, never looked at photo by photo: no --dump")
    seed = args.seed if args.seed is not None else DEFAULT_SEEDS[args.photo_set]
    generator = GENERATORS[args.photo_set]
    print(f"threshold PHOTO_CONFIDENT = {PHOTO_CONFIDENT}")
    if args.photo_set != "own":
        print(f"photo set: {args.photo_set} ({generator}, seed {seed})")
    rows = {}
    misses: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        for name in ("naive", "ours") if args.reader == "both" else ("ours",):
            started = time.perf_counter()
            outcomes = evaluate(Path(folder), args.count, seed=seed, reader=name, workers=args.workers, generator=generator)
            rows[name] = report(name, outcomes, time.perf_counter() - started)
            if name == "ours":
                misses = spec_misses(outcomes, detail=args.photo_set != "heldout")
            if args.dump and name == "ours":
                with args.dump.open("w", encoding="utf-8") as out:
                    for o in outcomes:
                        out.write(
                            json.dumps(
                                {
                                    "file": o.sample.path.name,
                                    "kind": o.sample.kind,
                                    "expected": o.expected,
                                    "vin": o.reading.vin,
                                    "frame": o.reading.frame,
                                    "parts": list(o.reading.part_numbers),
                                    "want_parts": list(o.sample.part_numbers),
                                    "confidence": o.reading.confidence,
                                    "seconds": round(o.seconds, 2),
                                    "cpu_seconds": round(o.cpu_seconds, 2),
                                },
                                ensure_ascii=False,
                            )
                            + "\n"
                        )
    ours = rows["ours"]
    if "naive" in rows:
        naive = rows["naive"]
        print(
            f"accuracy: ours {ours['accuracy']:.1%} vs naive {naive['accuracy']:.1%}; "
            f"median s/photo: ours {ours['median_seconds']} vs naive {naive['median_seconds']} "
            f"(ratio {cast(float, ours['median_seconds']) / max(cast(float, naive['median_seconds']), 1e-9):.1f}x)"
        )
    print("issue 7 bars: " + ("all met" if not misses else "MISSED\n  " + "\n  ".join(misses)), flush=True)
    if misses:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
