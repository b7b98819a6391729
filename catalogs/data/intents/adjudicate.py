"""Settle the held-out labels after two independent reviews against the README's boundaries.

    python -m catalogs.data.intents.adjudicate REVIEW_A.jsonl REVIEW_B.jsonl [REVIEW_A2.jsonl REVIEW_B2.jsonl ...]
    python -m catalogs.data.intents.adjudicate --train REVIEW_A.jsonl REVIEW_B.jsonl ...   # training lines
    python -m catalogs.data.intents.adjudicate --boundaries REVIEW_A.jsonl REVIEW_B.jsonl ...   # a later round

Each reviewer read only the README and the held-out lines (with the label each writer gave), never
the code, the model's readings or the other reviewer's work, and wrote the lines whose labels the
README prescribes otherwise: `{"id": "heldout_3:57", "intents": [...], "rule": "4"}` (id = file
stem : line number). The writer counts as a third annotator, so a label changes only where both
reviewers changed it to the same set — two of three agree. Every line either reviewer changed is
kept in `review_heldout.jsonl` (with the writer's, each reviewer's and the final set), so the
held-out files themselves stay as written and `python -m bench intents --as-written` still reads
them untouched. Prints how often the reviewers agree.

Held-out files written later are reviewed by another pair: the reviews come in pairs, the first of
each pair on the A side, the second on the B side (each line is reviewed by exactly one pair).

`--train` settles training lines the same way (ids `train_writer_k:57`) into `review_train.jsonl`,
which `make_train.py` applies: the lines a model trained without their writer misread, reviewed by
the same task, so the boundaries hold in what the model learns from as in what measures it.

`--boundaries` settles a later round: when the README gains boundary rules, the lines of either
split that a new rule may touch are reviewed again by a new pair, starting from the labels the
earlier rounds settled (the earlier label counts as the third annotator). It writes
`review_boundaries.jsonl`, which overrides both earlier reviews for its lines (held-out and
training alike, `make_train.py` included); its rows' `written` is the label before that round. Its
pairs are settled in turn: a later pair (given lines again after the README made a rule clearer)
starts from what the pairs before it settled.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from bot.dialogue.intents import heldout_by_line, numbered, writer_lines

HERE = Path(__file__).resolve().parent
OUT = HERE / "review_heldout.jsonl"
TRAIN_OUT = HERE / "review_train.jsonl"
BOUNDARIES_OUT = HERE / "review_boundaries.jsonl"


def written_labels(*, train: bool = False) -> dict[str, list[str]]:
    if not train:
        return {key: sorted(e.intents) for key, e in heldout_by_line(as_written=True).items()}
    return {
        f"{path.stem}:{number}": sorted(e.intents)
        for path in sorted(HERE.glob("train_writer_*.jsonl"))
        for number, e in numbered(path)
    }


def settled_labels() -> dict[str, list[str]]:
    """Every line of both splits with the labels the earlier rounds settled (before `--boundaries`)."""
    labels = {key: sorted(e.intents) for key, e in heldout_by_line(before_boundaries=True).items()}
    for path in (HERE / "train_handwritten.jsonl", *sorted(HERE.glob("train_writer_*.jsonl"))):
        labels |= {f"{path.stem}:{number}": sorted(e.intents) for number, e in writer_lines(path, before_boundaries=True)}
    return labels


def review(path: Path, known: dict[str, list[str]]) -> dict[str, list[str]]:
    changes = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            raw = json.loads(line)
            if raw["id"] not in known:
                raise SystemExit(f"{path.name}: unknown id {raw['id']}")
            changes[raw["id"]] = sorted(set(raw["intents"]))
    return changes


def main(pairs: list[tuple[Path, Path]], *, train: bool = False, boundaries: bool = False) -> int:
    if boundaries:
        _write(_in_turn(pairs, settled_labels()), BOUNDARIES_OUT)
        return 0
    written = written_labels(train=train)
    a: dict[str, list[str]] = {}
    b: dict[str, list[str]] = {}
    for first, second in pairs:  # each line is reviewed by one pair
        a |= review(first, written)
        b |= review(second, written)
    rows = []
    for key in sorted(set(a) | set(b), key=_line_order):
        mine, theirs = a.get(key, written[key]), b.get(key, written[key])
        final = mine if mine == theirs else written[key]
        rows.append({"id": key, "intents": final, "written": written[key], "a": mine, "b": theirs})
    changed = _write(rows, TRAIN_OUT if train else OUT)
    if train:  # a review of chosen lines only: no agreement over the whole split
        print(f"training lines: reviewer A changed {len(a)}, reviewer B changed {len(b)}")
        return 0
    total = len(written)
    agree = sum(a.get(k, written[k]) == b.get(k, written[k]) for k in written)
    print(f"{total} held-out lines; reviewer A changed {len(a)}, reviewer B changed {len(b)}")
    print(f"the reviewers' label sets agree on {agree}/{total} = {agree / total:.1%} of lines")
    print(f"the writer's set kept by both reviewers: {total - len(set(a) | set(b))}/{total}")
    print(f"changed: {changed} ({changed / total:.1%})")
    return 0


def _in_turn(pairs: list[tuple[Path, Path]], before: dict[str, list[str]]) -> list[dict[str, object]]:
    """The boundary rounds, pair after pair: a later pair starts from the labels the pairs before it
    settled (a rule the README made clearer is reviewed again), and a label changes where both
    reviewers of a pair changed it alike. Each row keeps the pair that settled it."""
    labels = dict(before)
    rows: dict[str, dict[str, object]] = {}
    for first, second in pairs:
        a, b = review(first, labels), review(second, labels)
        for key in set(a) | set(b):
            mine, theirs = a.get(key, labels[key]), b.get(key, labels[key])
            if mine == theirs:
                labels[key] = mine
            elif key in rows and rows[key]["intents"] != rows[key]["written"]:
                continue  # an earlier pair's change stands
            rows[key] = {"id": key, "intents": labels[key], "written": before[key], "a": mine, "b": theirs}
        print(f"{first.name} / {second.name}: changed {len(a)} / {len(b)}, alike {sum(a.get(k) == b.get(k) for k in a)}")
    return [rows[key] for key in sorted(rows, key=_line_order)]


def _line_order(key: str) -> tuple[str, int]:
    stem, number = key.split(":")
    return stem, int(number)


def _write(rows: list[dict[str, object]], out: Path) -> int:
    """Writes the rows; returns how many changed a label."""
    with out.open("w", encoding="utf-8") as file:
        for row in rows:
            file.write(json.dumps(row, ensure_ascii=False) + "\n")
    changed = sum(row["intents"] != row["written"] for row in rows)
    print(f"changed (both reviewers to the same set): {changed} -> {out.name}")
    return changed


if __name__ == "__main__":
    flags = {arg for arg in sys.argv[1:] if arg.startswith("--")}
    paths = [Path(arg) for arg in sys.argv[1:] if not arg.startswith("--")]
    if not paths or len(paths) % 2 or flags - {"--train", "--boundaries"}:
        raise SystemExit(__doc__)
    pairs = list(zip(paths[::2], paths[1::2], strict=True))
    raise SystemExit(main(pairs, train="--train" in flags, boundaries="--boundaries" in flags))
