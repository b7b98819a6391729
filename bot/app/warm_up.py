"""Before a service takes its first customer: load what that customer would otherwise wait for, then
put everything loaded so far out of the garbage collector's sight.

The intent model, the morphological dictionaries and the car and part vocabularies load on first
use (about a second); a customer's first turn should not pay for it. `gc.freeze()` then moves the
objects of startup — frameworks, models, vocabularies: most of the process — to a generation the
collector never scans, so the full collection that comes every few thousand turns walks only what
turns made (83 ms → a few ms in bench/turn_latency.py), as CPython's documentation advises for a
process that forks or serves after a long start."""

from __future__ import annotations

import gc

from bot.dialogue.understand import understand

SAMPLE = "Здравствуйте, нужен стартер и колодки на камри 2015, вин JTNBE46K303123456, меня зовут Андрей"


def warm_up() -> None:
    understand(SAMPLE)
    understand("нет, всё", context="ask_more")
    gc.collect()
    gc.freeze()
