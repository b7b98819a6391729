"""A closer look where the text is too small for the detector: a plate far away in a large photo,
a stamped line of 8-10 px capitals. The detector runs on a scaled copy, so such text shrinks to a
few pixels and nothing is found. Printed and stamped characters are sharp, dense edges, unlike a
blurred background, glare or camera noise: the densest patches of fine detail are cut from the
photo itself, enlarged, and searched again.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bot.vision.ocr import TextLine, rapid_lines

MAX_REGIONS = 2  # patches searched again per photo: the plate is among the densest two
REGION_SIDE = 1100  # px: a patch is scaled to this longer side (detection time grows with its area)
MAX_ENLARGE = 4.0  # beyond this, enlarging only blurs
_FINE_SIGMA = 2.0  # detail finer than this (px at the working size) is what letters are made of
_SPREAD_SIGMA = 6.0  # ... summed over a few letters' area
_MARGIN = 0.35  # of the patch's size, added on every side (the detail map blurs the plate's edges)


@dataclass(frozen=True)
class Region:
    left: int
    top: int
    right: int
    bottom: int
    energy: float


def dense_regions(gray: np.ndarray) -> list[Region]:
    """The patches of the grey working image with the most fine detail, densest first."""
    import cv2

    fine = cv2.absdiff(gray, cv2.GaussianBlur(gray, (0, 0), _FINE_SIGMA)).astype(np.float32)
    density = cv2.GaussianBlur(fine, (0, 0), _SPREAD_SIGMA)
    threshold = max(float(np.percentile(density, 99.0)), 2.5 * float(density.mean()))
    count, labels, stats, _ = cv2.connectedComponentsWithStats((density > threshold).astype(np.uint8))
    regions = []
    for i in range(1, count):
        left, top, width, height, area = (int(v) for v in stats[i])
        if area < 40:
            continue
        energy = float(density[labels == i].sum())
        regions.append(Region(left, top, left + width, top + height, energy))
    regions.sort(key=lambda region: region.energy, reverse=True)
    return regions[:MAX_REGIONS]


def zoom_lines(work_gray: np.ndarray, source: np.ndarray, scale: float) -> list[TextLine]:
    """Text lines found in the densest patches of `source` (BGR; `scale` = source size / working
    size), in working-image coordinates like every other line."""
    import cv2

    found: list[TextLine] = []
    for region in dense_regions(work_gray):
        width, height = region.right - region.left, region.bottom - region.top
        grow_x, grow_y = round(width * _MARGIN) + 4, round(height * _MARGIN) + 4
        left = max(0, round((region.left - grow_x) * scale))
        top = max(0, round((region.top - grow_y) * scale))
        right = min(source.shape[1], round((region.right + grow_x) * scale))
        bottom = min(source.shape[0], round((region.bottom + grow_y) * scale))
        patch = source[top:bottom, left:right]
        if patch.shape[0] < 8 or patch.shape[1] < 8:
            continue
        enlarge = min(MAX_ENLARGE, REGION_SIDE / max(patch.shape[:2]))
        big = cv2.resize(patch, None, fx=enlarge, fy=enlarge, interpolation=cv2.INTER_CUBIC)
        for line in rapid_lines(big, big):
            found.append(_to_work(line, enlarge * scale, (left / scale, top / scale)))
    return found


def _to_work(line: TextLine, factor: float, offset: tuple[float, float]) -> TextLine:
    """A line found in an enlarged patch, placed back in the working image."""
    assert line.quad is not None
    quad = tuple((x / factor + offset[0], y / factor + offset[1]) for x, y in line.quad)
    xs, ys = [x for x, _ in quad], [y for _, y in quad]
    box = (int(min(xs)), int(min(ys)), int(max(xs)) + 1, int(max(ys)) + 1)
    return TextLine(line.text, line.score, line.source, box, quad)
