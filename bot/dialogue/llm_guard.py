"""The post-check on a reply the model phrased. The template text is what code decided; the
model's version may only say the same more naturally. Any doubt -> the template is sent."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.dialogue.state import LeadDraft
from bot.dialogue.understand import fold

_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
# Words that promise money or favours: allowed only when the template itself says them.
_PROMISES = (
    "скидк",
    "акци",
    "промокод",
    "бесплатн",
    "даром",
    "подар",
    "бонус",
    "балл",
    "кэшбэк",
    "кешбэк",
    "гарант",
    "обеща",
    "вернем деньги",
    "возврат",
    "компенс",
    "доставим",
    "привезем",
    "сегодня же",
    "наличи",
    "цен",
    "стоит",
    "стоимост",
    "руб",
    "₽",
    "%",
    "процент",
    "$",
    "€",
    "тысяч",
    "тыс.",
    "дешев",
    "дешёв",
    "уступ",
    "доставк",
    "отправ",
    "склад",
    "завтра",
    "сегодня",
    "срок",
    "бронир",
    "резерв",
)
_ASKS_VIN = re.compile(r"\b(vin|вин\w*|номер\w* кузова|кузов\w*|frame|стс|птс)\b")
_ASKS_PARTS = re.compile(r"(как\w* (запчаст|детал)|что (вам )?(нужно|подобрать|ищете))")
_LEAKS = ("<customer", "</customer", "system", "системн", "промпт", "prompt", "инструкци", "version:", "json")


@dataclass(frozen=True)
class Verdict:
    ok: bool
    reason: str = ""


def check_reply(
    candidate: str, template: str, draft: LeadDraft, *, keys: frozenset[str] = frozenset(), max_ratio: float = 2.0
) -> Verdict:
    """`keys`: the prompt keys the template was rendered from (the hand-off must stay one)."""
    text, base = fold(candidate).strip(), fold(template)
    if not text:
        return Verdict(False, "empty")
    if len(text) > max(len(base) * max_ratio, len(base) + 200):
        return Verdict(False, "too_long")
    allowed_numbers = set(_NUMBER.findall(base))
    invented = [n for n in _NUMBER.findall(text) if n not in allowed_numbers]
    if invented:
        return Verdict(False, f"number:{invented[0]}")
    for word in _PROMISES:
        if word in text and word not in base:
            return Verdict(False, f"promise:{word}")
    for word in _LEAKS:
        if word in text and word not in base:
            return Verdict(False, f"leak:{word}")
    if draft.identified and _ASKS_VIN.search(text) and not _ASKS_VIN.search(base):
        return Verdict(False, "asks_known:vin")
    if draft.parts and _ASKS_PARTS.search(text) and not _ASKS_PARTS.search(base):
        return Verdict(False, "asks_known:parts")
    for identifier in (draft.vin, draft.frame):
        if identifier and fold(identifier) in base and fold(identifier) not in text:
            return Verdict(False, "lost_identifier")
    if "?" in base and "?" not in text:
        return Verdict(False, "lost_question")  # the template asks what code needs next: so must the phrasing
    if "hand_off" in keys and "менеджер" not in text:
        return Verdict(False, "lost_hand_off")
    return Verdict(True)
