"""Fuzz (issue #19): the photo reader, given images no camera takes (empty, cut short, overwritten,
absurd sizes, decompression and EXIF bombs, odd pixel formats, files that are not images), never
raises, never decodes a bomb, and hands the engines only sane pictures."""

from __future__ import annotations

from pathlib import Path

from bot.vision.reader import WORK_SIDE
from tests.support.fuzz import Tally
from tests.support.fuzz_edges import photo_reader
from tests.support.fuzz_images import IMAGE_KINDS, Images

IMAGES = 40 * len(IMAGE_KINDS)


def test_the_photo_reader_never_raises_on_broken_bombed_or_odd_images(tmp_path: Path, engines: list[tuple[int, ...]]) -> None:
    tally = Tally()
    photo_reader(Images(seed=22), tally, IMAGES, tmp_path)
    assert tally.failures == []
    assert {kind.split()[-1] for kind in tally.tried} == set(IMAGE_KINDS)
    assert all(max(shape[:2]) <= WORK_SIDE for shape in engines)
