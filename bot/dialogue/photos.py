"""What the persona says about photos: a confident reading is used and named, a less confident one
is confirmed first, nothing readable gets a polite ask. A wrong VIN in a deal is worse than one
more question."""

from __future__ import annotations

from bot.dialogue.state import Asked, DialogueState, Say, TurnContext
from catalogs.edits import levenshtein
from catalogs.vin import decode_vin, describe_car

MAX_SHOWN = 3  # numbers read back to the customer; the manager gets them all
_MISREADS = 4  # characters per misread: readings this close are one printed number read several ways


def read_photos(state: DialogueState, ctx: TurnContext) -> list[Say]:
    readings = [r for r in ctx.photos if r.error != "no_reader"]
    if not readings:
        return [Say("photo_received")]
    best = max(readings, key=lambda r: (bool(r.vin or r.frame), r.confidence))
    draft = state.draft
    if not (best.vin or best.frame):
        parts = sorted({n for r in readings for n in r.part_numbers})
        if parts:
            draft.questions.append("Номера с фото: " + ", ".join(parts))
            draft.part_numbers.extend(n for n in parts if n not in draft.part_numbers)
            return [Say("photo_part_numbers", {"numbers": distinct(parts)[:MAX_SHOWN]})]
        return [Say("photo_unreadable")]
    if best.confidence >= ctx.photo_confident:
        if best.vin:
            draft.vin, draft.frame = best.vin, None
            draft.car_from_vin = describe_car(decode_vin(best.vin))
            return [Say("photo_vin_read", {"vin": best.vin, "car": draft.car_from_vin})]
        if best.frame:
            draft.set_frame(best.frame)
            return [Say("photo_frame_read", {"frame": best.frame, "car": draft.car_from_vin})]
    draft.pending_vin, draft.pending_frame = best.vin, None if best.vin else best.frame
    state.asked = Asked.CONFIRM_PHOTO
    return [Say("photo_confirm", {"vin": best.vin, "frame": best.frame})]


def distinct(numbers: list[str]) -> list[str]:
    """One of each printed number: a line of small print read several ways («K08203-3278442»,
    «K0203-3276442», «R08205-3278442») is shown to the customer once, not as seven numbers."""
    kept: list[str] = []
    for number in numbers:
        if all(levenshtein(number, other) > max(len(number), len(other)) // _MISREADS for other in kept):
            kept.append(number)
    return kept
