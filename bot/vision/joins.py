"""Lines the detector broke at a wide gap, joined again.

A frame number stamped as «V25W - 5156761» or printed «ZRT261   3182799», a VIN punched in groups:
the detector ends a line where the gap between two groups is wider than the gaps between letters,
and gives two boxes. Read apart, neither holds an identifier — the model code alone is even too
short a box to be read (ocr._MIN_LINE_RATIO). Boxes that sit on one line (the same height and
tilt, one starting where the other's line goes on, a few letters' gap between them) are joined
into one box as well, which is read beside its parts, when one of them is too short to be read alone.
"""

from __future__ import annotations

import numpy as np

# Gap between two parts of one line, in line heights: a frame's «-» spaced out, or a column of
# stamped groups, is one to three letters wide (a letter is some 0.6 of the line's height).
MAX_GAP = 3.0
MAX_OFFSET = 0.35  # of the line's height: how far the second part's middle may sit off the first's line
SAME_HEIGHT = 1.5  # the taller part at most this many times the shorter
SAME_TILT = 0.12  # sine of the angle between the two parts' directions (~7°)
# A part this many heights wide already holds a whole VIN or frame: it is read as it is and never
# joined (a СТС's «Кузов (кабина, прицеп) №» beside the VIN is running text beside an identifier).
WHOLE = 8.0
MAX_JOINED = 4  # joined lines per photo: each costs one more reading


def joined(boxes: list[np.ndarray], unread: float) -> list[np.ndarray]:
    """The boxes (four corners each: top-left, top-right, bottom-right, bottom-left) that chains of
    parts of one line make when joined, each chain once; the parts themselves are not returned. Only
    chains with a part too short to be read alone (narrower than `unread` heights) are joined: two
    parts each read anyway are two columns of a document more often than one line broken."""
    quads = [np.asarray(box, dtype=np.float32) for box in boxes]
    short = [i for i, quad in enumerate(quads) if _width(quad) < WHOLE * _height(quad)]
    following: dict[int, int] = {}
    for i in short:
        nearest = min(((gap, j) for j in short if j != i and (gap := _gap_to(quads[i], quads[j])) is not None), default=None)
        if nearest is not None:
            following[i] = nearest[1]
    preceded = set(following.values())
    found = []
    for start in following:
        if start in preceded:
            continue
        chain = [start]
        while chain[-1] in following and following[chain[-1]] not in chain:
            chain.append(following[chain[-1]])
        if all(_width(quads[i]) >= unread * _height(quads[i]) for i in chain):
            continue
        first, last = quads[chain[0]], quads[chain[-1]]
        found.append(np.asarray([first[0], last[1], last[2], first[3]], dtype=np.float32))
    return found[:MAX_JOINED]


def _gap_to(left: np.ndarray, right: np.ndarray) -> float | None:
    """The gap from the end of `left` to the start of `right`, in line heights, when `right` goes
    on `left`'s line; None when it does not."""
    height_l, height_r = _height(left), _height(right)
    if max(height_l, height_r) > SAME_HEIGHT * min(height_l, height_r):
        return None
    along = (left[1] - left[0]) / max(_width(left), 1e-6)
    other = (right[1] - right[0]) / max(_width(right), 1e-6)
    if abs(_cross(along, other)) > SAME_TILT:
        return None
    height = max(height_l, height_r)
    step = (right[0] + right[3]) / 2 - (left[1] + left[2]) / 2
    gap = float(np.dot(step, along)) / height
    if not -0.3 <= gap <= MAX_GAP or abs(_cross(along, step)) > MAX_OFFSET * height:
        return None
    return gap


def _width(quad: np.ndarray) -> float:
    return float(np.linalg.norm(quad[1] - quad[0]))


def _height(quad: np.ndarray) -> float:
    return float(np.linalg.norm(quad[3] - quad[0]))


def _cross(a: np.ndarray, b: np.ndarray) -> float:
    return float(a[0] * b[1] - a[1] * b[0])
