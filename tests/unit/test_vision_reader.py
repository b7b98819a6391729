"""Which first readings send a photo on to the slower looks (bot/vision/reader.py)."""

from __future__ import annotations

import pytest

from bot.vision import reader


@pytest.mark.parametrize(
    "text", ["X96DXAJC9LA776905", "VIN XTA21099 0Y2765432 …", "JMZGG14F5612345", "CBMRETEJBCTBO O PETHCTPAUMN TC"]
)
def test_a_run_of_letters_and_digits_as_long_as_a_vin_may_hold_one(text: str) -> None:
    assert reader._may_hold_identifier(text)


@pytest.mark.parametrize("text", ["3782052472632", "4607001234567 QTY1", "ELEMENTKIT,OILFILTER"])
def test_a_labels_barcode_digits_or_short_words_do_not(text: str) -> None:
    assert not reader._may_hold_identifier(text)
