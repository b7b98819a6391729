"""pymorphy3, loaded once per process, for the catalogs that read Russian words (parts, cars)."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pymorphy3 import MorphAnalyzer


@lru_cache(maxsize=1)
def morph() -> MorphAnalyzer:
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def is_known_word(word: str) -> bool:
    """The dictionary has the (lowercase) word, not a guess from its ending."""
    return bool(morph().word_is_known(word))
