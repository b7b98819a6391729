"""Understanding = intents + extracted slots. This module is the offline (rules) brain.

Deterministic extractors (VIN, frame, parts, car) always run; the intent rules below read the
short conversational answers ("нет, всё", "ты бот?", "сколько стоит?").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from catalogs.cars import CarMention, extract_car
from catalogs.part_names import PartMention, extract_parts
from catalogs.vin import VinReading, find_frames, find_vins


class Intent(StrEnum):
    GREETING = "greeting"
    YES = "yes"
    NO = "no"
    DONE = "done"
    PRICE_QUESTION = "price_question"
    BOT_QUESTION = "bot_question"
    NO_VIN = "no_vin"
    THANKS = "thanks"
    QUESTION = "question"
    DISCOUNT_REQUEST = "discount_request"


@dataclass(frozen=True)
class Understanding:
    text: str
    vins: list[str] = field(default_factory=list)
    vin_typos: list[VinReading] = field(default_factory=list)
    frames: list[str] = field(default_factory=list)
    parts: list[PartMention] = field(default_factory=list)
    car: CarMention | None = None
    intents: frozenset[Intent] = frozenset()
    truncated: bool = False

    @property
    def empty(self) -> bool:
        return not self.text.strip()

    @property
    def has_slots(self) -> bool:
        return bool(self.vins or self.vin_typos or self.frames or self.parts or self.car)

    def means(self, intent: Intent) -> bool:
        return intent in self.intents


def _rx(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


# Patterns work on lowercased text with ё folded to е.
_RULES: dict[Intent, re.Pattern[str]] = {
    Intent.GREETING: _rx(r"^\W*(здравствуй\w*|привет\w*|добр\w+ (день|утро|вечер)|здрасьте|хай|салют|доброго)\b"),
    Intent.YES: _rx(r"^\W*(да|ага|угу|конечно|верно|все верно|правильно|yes|ок|окей|хорошо|давайте|точно|есть)\b"),
    Intent.NO: _rx(r"^\W*(нет|неа|не-а|не надо|не нужно|no|нету)\b"),
    Intent.DONE: _rx(
        r"\b(это )?вс[её]\b\s*[.!)]*\s*$",
        r"^\W*(нет,?\s*)?(пока |на этом |это )?вс[её]\b",
        r"больше ничего",
        r"больше не (надо|нужно)",
        r"^\W*ничего( больше| не надо| не нужно)?\W*$",
        r"^\W*(хватит|достаточно)\b",
        r"^\W*(нет,?\s*)?спасибо\W*$",
        r"оформля\w+",
    ),
    Intent.PRICE_QUESTION: _rx(
        r"сколько\s+(это\s+|он\s+|она\s+|они\s+|будет\s+)?(стоит|стоят|стоить|будет|по деньгам)",
        r"\bцен[аыуе]\b",
        r"\bпочем\b",
        r"\bпо чем\b",
        r"\bстоимост\w*",
        r"\bв наличии\b",
        r"\bналичи\w+",
    ),
    Intent.BOT_QUESTION: _rx(
        r"\bты\s+(-\s*)?(бот|робот|человек|живой|нейросеть|ии|ai)\b",
        r"\bвы\s+(-\s*)?(бот|робот|человек|живой|нейросеть)\b",
        r"\bэто\s+(бот|робот)\b",
        r"\b(бот|робот)\s+(или|ли)\b",
        r"\bс\s+(ботом|роботом|человеком)\b",
        r"\bживой\s+человек\b",
    ),
    Intent.NO_VIN: _rx(
        r"не\s+(знаю|помню|найду|могу найти)\b",
        r"\b(вина|vin|вин|птс|стс)\s+(нет|не)\b",
        r"нет\s+(вина|vin|вин|птс|стс|документов)",
        r"нет под рукой",
        r"без\s+(вина|vin|вин)",
        r"\bпотом\b.*\b(вин|vin)",
    ),
    Intent.THANKS: _rx(r"\bспасиб\w*", r"\bблагодар\w+", r"\bсенкс\b", r"\bthanks?\b"),
    Intent.DISCOUNT_REQUEST: _rx(r"\bскидк\w*", r"\bдешевле\b", r"\bакци\w+", r"\bпромокод\w*"),
}


def fold(text: str) -> str:
    return text.lower().replace("ё", "е")


def detect_intents(text: str) -> frozenset[Intent]:
    folded = fold(text).strip()
    found = {intent for intent, rule in _RULES.items() if rule.search(folded)}
    if folded.endswith("?") and not found & {Intent.PRICE_QUESTION, Intent.BOT_QUESTION}:
        found.add(Intent.QUESTION)
    return frozenset(found)


def understand(text: str, *, max_chars: int = 1000) -> Understanding:
    """Read one customer message. Only the first `max_chars` are read; the whole text is stored elsewhere."""
    truncated = len(text) > max_chars
    head = text[:max_chars]
    vin_readings = find_vins(head)
    vins = [r.vin for r in vin_readings if r.vin]
    typos = [r for r in vin_readings if r.vin is None]
    frames = [] if vins else [f.frame for f in find_frames(head)]
    return Understanding(
        text=head,
        vins=vins,
        vin_typos=typos if not vins else [],
        frames=frames,
        parts=extract_parts(head),
        car=extract_car(head),
        intents=detect_intents(head),
        truncated=truncated,
    )
