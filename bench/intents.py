"""Intent accuracy on the held-out split: overall, per intent, per context, and a confusion table.

    python -m bench intents                  # train on train.jsonl, measure on heldout*.jsonl (reviewed labels)
    python -m bench intents --as-written     # the held-out labels as each writer gave them
    python -m bench intents --cv 5 --errors 40   # 5-fold cross-validation on the TRAINING split, with errors
    python -m bench intents --by-writer          # each train_writer_* file read by a model trained without it

The held-out split was written by someone who never saw the code or the training split; nothing
is tuned on it, so its misread messages are never listed — only counts. To look at mistakes, use
cross-validation on the training split. Exact match = the set of intents is exactly the labelled set.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter

from rich.console import Console
from rich.table import Table

from bot.dialogue.intents import CORPUS_DIR, Example, IntentModel, heldout_by_line, load, writer_file
from bot.dialogue.intents import heldout as held_out
from bot.dialogue.meaning import meaning_of


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cv", type=int, default=0, help="k-fold cross-validation on the training split instead")
    parser.add_argument("--errors", type=int, default=0, help="with --cv or --by-writer: list this many misread messages")
    parser.add_argument("--by-writer", action="store_true", help="leave one writer out: the closest to the held-out split")
    parser.add_argument("--as-written", action="store_true", help="held-out labels as each writer gave them, without the review")
    args = parser.parse_args()
    console = Console()
    train = load(CORPUS_DIR / "train.jsonl")
    if args.by_writer:
        by_writer(console, train, args.errors)
        return
    if args.cv:
        cross_validate(console, train, args.cv, args.errors)
        return
    lines = heldout_by_line(as_written=args.as_written)
    heldout = list(lines.values())
    started = time.perf_counter()
    model = IntentModel.trained_on(train)
    trained = time.perf_counter() - started
    started = time.perf_counter()
    predicted = [meaning_of(e.text, e.context, model) for e in heldout]
    per_message_ms = (time.perf_counter() - started) / max(1, len(heldout)) * 1000
    report(console, heldout, predicted, "held-out as written" if args.as_written else "held-out")
    if not args.as_written:
        written = held_out(as_written=True)
        hits = sum(p == e.intents for e, p in zip(written, predicted, strict=True))
        console.print(f"held-out as written (before the review): {hits}/{len(written)} = {hits / len(written):.1%}")
    by_file(console, list(lines), heldout, predicted)
    annotators(console, lines, dict(zip(lines, predicted, strict=True)))
    console.print(f"trained on {len(train)} in {trained:.1f} s; {per_message_ms:.2f} ms per message")


def by_file(console: Console, keys: list[str], examples: list[Example], predicted: list[frozenset[str]]) -> None:
    """Exact match per held-out file: each was written by another writer, some later than others."""
    table = Table("file", "n", "exact", title="per held-out file")
    for stem in dict.fromkeys(key.split(":")[0] for key in keys):
        pairs = [(e, p) for k, e, p in zip(keys, examples, predicted, strict=True) if k.split(":")[0] == stem]
        table.add_row(stem, str(len(pairs)), _share(sum(p == e.intents for e, p in pairs), len(pairs)))
    console.print(table)


def annotators(console: Console, truth: dict[str, Example], predicted: dict[str, frozenset[str]]) -> None:
    """How careful people agree with the same labels: annotators who labelled held-out lines blind
    (only the README and the texts, agreement/blind_*.jsonl) — the ceiling the labels allow — and
    the model on the same lines beside them."""
    table = Table("annotator", "lines", "annotator agrees", "model agrees", title="blind annotators against the labels")
    for path in sorted((CORPUS_DIR / "agreement").glob("blind_*.jsonl")):
        theirs = {row["id"]: frozenset(row["intents"]) for row in map(json.loads, path.read_text().splitlines())}
        people = sum(truth[key].intents == labels for key, labels in theirs.items())
        model = sum(truth[key].intents == predicted[key] for key in theirs)
        name = path.stem.removeprefix("blind_")
        table.add_row(name, str(len(theirs)), _share(people, len(theirs)), _share(model, len(theirs)))
    console.print(table)


def cross_validate(console: Console, examples: list[Example], folds: int, show: int) -> None:
    predicted: list[frozenset[str]] = [frozenset()] * len(examples)
    for fold in range(folds):
        model = IntentModel.trained_on([e for i, e in enumerate(examples) if i % folds != fold])
        for i, e in enumerate(examples):
            if i % folds == fold:
                predicted[i] = meaning_of(e.text, e.context, model)
    report(console, examples, predicted, f"{folds}-fold cross-validation on train")
    errors(console, examples, predicted, show)


def by_writer(console: Console, examples: list[Example], show: int) -> None:
    """Each independent writer's training file read by a model trained on everything else: like the
    held-out split, the messages come from a voice the model never learnt from."""
    written: list[Example] = []
    predicted: list[frozenset[str]] = []
    for path in sorted(CORPUS_DIR.glob("train_writer_*.jsonl")):
        theirs = writer_file(path)
        own = {(e.context, e.text) for e in theirs}
        model = IntentModel.trained_on([e for e in examples if (e.context, e.text) not in own])
        written += theirs
        predicted += [meaning_of(e.text, e.context, model) for e in theirs]
        hits = sum(p == e.intents for e, p in zip(theirs, predicted[-len(theirs) :], strict=True))
        console.print(f"{path.stem}: {hits}/{len(theirs)} = {hits / len(theirs):.1%}")
    report(console, written, predicted, "leave one writer out")
    errors(console, written, predicted, show)


def report(console: Console, examples: list[Example], predicted: list[frozenset[str]], split: str = "held-out") -> None:
    exact = sum(p == e.intents for e, p in zip(examples, predicted, strict=True))
    console.print(f"[bold]{split} exact match: {exact}/{len(examples)} = {exact / len(examples):.1%}[/bold]")
    table = Table("intent", "n", "recall", "precision", title=f"per intent ({split})")
    labels = sorted({label for e in examples for label in e.intents} | {label for p in predicted for label in p})
    for label in labels:
        truth = [label in e.intents for e in examples]
        guess = [label in p for p in predicted]
        hits = sum(t and g for t, g in zip(truth, guess, strict=True))
        table.add_row(label, str(sum(truth)), _share(hits, sum(truth)), _share(hits, sum(guess)))
    console.print(table)
    by_context = Table("context", "n", "exact", title=f"per context ({split})")
    for context in sorted({e.context for e in examples}):
        pairs = [(e, p) for e, p in zip(examples, predicted, strict=True) if e.context == context]
        by_context.add_row(context, str(len(pairs)), _share(sum(p == e.intents for e, p in pairs), len(pairs)))
    console.print(by_context)
    confusion = Counter(
        (",".join(sorted(e.intents)), ",".join(sorted(p))) for e, p in zip(examples, predicted, strict=True) if p != e.intents
    )
    table = Table("labelled", "read as", "times", title=f"confusions ({split})")
    for (labelled, read_as), times in confusion.most_common(25):
        table.add_row(labelled, read_as, str(times))
    console.print(table)


def errors(console: Console, examples: list[Example], predicted: list[frozenset[str]], limit: int) -> None:
    wrong = [(e, p) for e, p in zip(examples, predicted, strict=True) if p != e.intents]
    for e, p in wrong[:limit]:
        console.print(f"[{e.context}] {e.text!r}: {sorted(e.intents)} → {sorted(p)}", markup=False)


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else "—"


if __name__ == "__main__":
    main()
