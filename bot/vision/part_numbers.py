"""Part numbers (OEM and article numbers) on a photographed label, from its recognised lines.

What a customer types is found by `catalogs.part_numbers` (the same shapes); this module adds what
is special about OCR: a maker's name glued to the number, spaces read in or lost, a zero read as the
letter O, and what else a label prints that must not pass for a part number.
"""

from __future__ import annotations

import re

from bot.vision.codes import latin_upper
from catalogs.part_numbers import find_part_numbers

# Toyota/Nissan/Honda style "04465-33450" (a maker's name may be glued before it) and VAG style
# "1K0 615 301 AA" / "06A 115 561 B" / "JZW 698 151".
_PART_JP = re.compile(r"(?<![0-9])(\d{5})\s?[-–—]\s?([0-9A-Z]{5})(?![A-Z0-9])|(?<![0-9])(\d{5}) (\d{5})(?![0-9])")
_PART_VAG = re.compile(
    r"(?<![A-Z0-9-])([0-9][0-9A-Z]{2}|[A-Z][0-9][0-9A-Z]|JZW|ZVW)\s?(\d{3})\s?(\d{3})(?:\s?([A-Z]{1,3}))?(?![A-Z0-9-])"
)
# On plates and certificates: a Russian registration number (А123ВС77), a weight (1269KG).
_NOT_A_PART = re.compile(r"^[ABEKMHOPCTYX]\d{3}[ABEKMHOPCTYX]{2}\d{2,3}$|\d\s?(?:KG|КГ|KT)\b")


def part_numbers(text: str) -> list[str]:
    upper = latin_upper(text)
    found = []
    for dashed_head, dashed_tail, spaced_head, spaced_tail in _PART_JP.findall(upper):
        tail = dashed_tail or spaced_tail
        if tail[:-1].isdigit() and tail[-1] == "O":  # "3345O": a zero read as the letter
            tail = tail[:-1] + "0"
        found.append(f"{dashed_head or spaced_head}-{tail}")
    for head, mid, tail, suffix in _PART_VAG.findall(upper):
        if head[2] == "O" and head[:2].isalnum():  # "1KO": VAG heads end in a zero, never an O
            head = head[:2] + "0"
        found.append(" ".join(p for p in (head, mid, tail, suffix) if p))
    for number in find_part_numbers(text):  # every other maker's layout a customer may type too
        compact = number.replace(" ", "").replace("-", "")
        if compact.isdigit() and len(compact) in (12, 13):  # the label's barcode (EAN-13, UPC)
            continue
        if _NOT_A_PART.search(number) or (compact == number and len(compact) >= 12):
            continue  # a registration plate, a weight, or a long unbroken run: a misread VIN
        same = compact.replace("O", "0")  # a zero read as the letter: the same number as one found above
        if not any(same == known.replace(" ", "").replace("-", "").replace("O", "0") for known in found):
            found.append(number)
    return found
