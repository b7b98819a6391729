"""What crosses the boundary between channels and the core: plain values, no platform types."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import datetime

# NUL and the other C0 controls but tab, newline and return; DEL; lone UTF-16 surrogates (a str
# from JSON may hold one: it is not text, cannot be encoded as UTF-8, and PostgreSQL refuses NUL).
_NOT_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Text every store and every platform accepts: what is not text is dropped."""
    return _NOT_TEXT.sub("", text)


@dataclass(frozen=True)
class Photo:
    """A photo the customer sent: where we stored it, and the platform's id for it."""

    path: str
    file_id: str | None = None


@dataclass(frozen=True)
class Inbound:
    channel: str  # "web" | "telegram" | "whatsapp" | "cli"
    chat_id: str
    external_id: str  # unique per channel: the dedup key
    text: str
    received_at: datetime
    photos: tuple[Photo, ...] = ()
    sender_name: str | None = None
    sender_phone: str | None = None
    unsupported: str | None = None  # "sticker", "voice", ... when the platform sent something we cannot read
    platform_ids: tuple[str, ...] = ()  # the platform's ids of the messages gathered into this turn

    def __post_init__(self) -> None:
        """Cleaned once, here at the edge, whatever the channel: a NUL or a lone surrogate from any
        platform must not become a 500 on a webhook (a poison update the platform re-sends)."""
        for item in fields(self):
            value = getattr(self, item.name)
            if isinstance(value, str):
                object.__setattr__(self, item.name, clean_text(value))


@dataclass(frozen=True)
class Outbound:
    channel: str
    chat_id: str
    text: str
    message_id: int | None = None  # our stored message id
    meta: dict[str, str] = field(default_factory=dict)
    delivery_id: int | None = None  # its outbox item, settled by whoever sends it straight away


# Readings at or above this confidence are used without asking the customer; below it the bot
# confirms first. Chosen so that precision on the synthetic set is >= 97% (bench/photos.py).
PHOTO_CONFIDENT = 0.85


@dataclass(frozen=True)
class ModelCall:
    """What one call to a paid model spent (a vision model reading a photo): counted in llm_usage."""

    model: str
    tokens_in: int
    tokens_out: int
    cost_rub: float
    ok: bool = True


@dataclass(frozen=True)
class PhotoReading:
    """What a photo said: identifiers read from it, and how sure the reader is (0..1)."""

    vin: str | None = None
    frame: str | None = None
    part_numbers: tuple[str, ...] = ()
    confidence: float = 0.0
    error: str | None = None  # "not_an_image", "too_large" ... when nothing could be read
    calls: tuple[ModelCall, ...] = ()  # the paid model calls this reading took (the cost per dialog counts them)
