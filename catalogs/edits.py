"""How far apart two spellings are: what a typo or a misread can make of a word or a code."""

from __future__ import annotations


def levenshtein(a: str, b: str) -> int:
    """Characters changed, dropped or added to make `a` into `b`."""
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (x != y))
    return row[-1]


def one_typo(a: str, b: str) -> bool:
    """At most one letter changed, dropped or added, or two neighbours swapped, turns `a` into `b`."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) != len(b):
        short, long = sorted((a, b), key=len)
        return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))
    diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    swapped = len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    return len(diff) <= 1 or swapped
