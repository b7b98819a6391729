"""The team's harder tuning set, as a generator module for the photo bench (`--set hard`): the own
set's plates and cards with capitals 8-40 px, JPEG 25-60, dot-matrix print, faded ink, ±15° tilt and
more glare (tests/support/photo_synth.py, `generate_one_hard`). Tune on this and on the own set;
the held-out set (photo_synth_heldout.py) only reports."""

from tests.support.photo_synth import KINDS, Sample
from tests.support.photo_synth import generate_one_hard as generate_one

__all__ = ["KINDS", "Sample", "generate_one"]
