"""LlmPhotoReader: a vision-capable model reads the photo too, as a second opinion.

The image goes to the model as a downscaled JPEG data URL; the answer is a function call
(`PhotoText`). Nothing the model reads is trusted as such: a VIN must pass `catalogs/vin.py`, a
frame must parse as one, a part number must match our part-number patterns. On its own a model's
reading stays below the confidence threshold (the customer is asked); `VisionReader.reconcile`
makes it confident only when the OCR engines read the same thing.
"""

from __future__ import annotations

import asyncio
import base64
import io
import logging
import re
from dataclasses import replace
from pathlib import Path

import httpx
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import BaseModel, Field

from bot.clock import Clock
from bot.config import Settings
from bot.llm.breaker import CircuitBreaker, breaker_from
from bot.messages import PHOTO_CONFIDENT, ModelCall, PhotoReading
from bot.vision.images import NotAnImage, fit, open_upright
from bot.vision.part_numbers import part_numbers
from catalogs.vin import find_frames, is_valid_vin, normalize_vin

log = logging.getLogger(__name__)

IMAGE_SIDE = 1280  # enough for a VIN plate; more only costs tokens
MODEL_ALONE = PHOTO_CONFIDENT - 0.1  # a reading nobody else confirmed is confirmed with the customer
_VERSION = re.compile(r"^version:\s*\S+\s*\n", re.IGNORECASE)


class PhotoText(BaseModel):
    """Номера, видные на фото."""

    vin: str | None = Field(default=None, description="VIN, 17 знаков, если виден")
    frame: str | None = Field(default=None, description="номер кузова японского авто, если виден")
    part_numbers: list[str] | None = Field(default=None, description="номера деталей с этикетки")


class LlmPhotoReader:
    """A `PhotoReader` over a langchain chat model that accepts images."""

    def __init__(
        self,
        model: BaseChatModel,
        prompt: str,
        breaker: CircuitBreaker,
        *,
        timeout: float,
        name: str = "",
        price: tuple[float, float] = (0.0, 0.0),  # roubles per 1M tokens in, out
    ) -> None:
        self._reader = model.with_structured_output(PhotoText, method="function_calling", include_raw=True)
        self._prompt = _VERSION.sub("", prompt, count=1).strip()
        self.breaker = breaker
        self._timeout = timeout
        self._name, self._price = name, price

    async def read(self, path: str) -> PhotoReading:
        if not self.breaker.allow():
            return PhotoReading(error="llm_unavailable")
        try:
            image_url = await asyncio.to_thread(_data_url, path)
        except NotAnImage:
            return PhotoReading(error="not_an_image")
        message = HumanMessage(
            content=[
                {"type": "text", "text": "Прочитай номера на этом фото."},
                {"type": "image_url", "image_url": {"url": image_url}},
            ]
        )
        try:
            answer = await asyncio.wait_for(self._reader.ainvoke([SystemMessage(self._prompt), message]), self._timeout + 1)
        except Exception as exc:  # the OCR engines' reading stands on its own
            log.warning("llm photo reading failed: %s", type(exc).__name__)
            self.breaker.failed()
            return PhotoReading(error="llm_failed", calls=(self._call(None, ok=False),))
        raw, parsed = (answer.get("raw"), answer.get("parsed")) if isinstance(answer, dict) else (None, None)
        if not isinstance(parsed, PhotoText):
            self.breaker.failed()
            return PhotoReading(error="llm_failed", calls=(self._call(raw, ok=False),))
        self.breaker.succeeded()
        return replace(checked(parsed), calls=(self._call(raw),))

    def _call(self, message: object, *, ok: bool = True) -> ModelCall:
        meta = getattr(message, "usage_metadata", None) or {}
        tokens_in, tokens_out = int(meta.get("input_tokens", 0)), int(meta.get("output_tokens", 0))
        cost = (tokens_in * self._price[0] + tokens_out * self._price[1]) / 1_000_000
        return ModelCall(self._name, tokens_in, tokens_out, round(cost, 6), ok)


def checked(text: PhotoText) -> PhotoReading:
    """What of the model's reading passes our own checks."""
    vin = normalize_vin(text.vin or "")
    frames = find_frames(text.frame or "") if text.frame else []
    numbers = tuple(dict.fromkeys(n for raw in (text.part_numbers or [])[:10] for n in part_numbers(raw[:40])))
    reading = PhotoReading(
        vin=vin if is_valid_vin(vin) else None,
        frame=frames[0].frame if frames and not is_valid_vin(vin) else None,
        part_numbers=numbers,
    )
    found = reading.vin or reading.frame or reading.part_numbers
    return PhotoReading(reading.vin, reading.frame, reading.part_numbers, MODEL_ALONE if found else 0.0)


def _data_url(path: str) -> str:
    image = fit(open_upright(path), IMAGE_SIDE)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def build_photo_reader(settings: Settings, clock: Clock, http: httpx.AsyncClient) -> LlmPhotoReader:
    """The photo reader for LLM_PROVIDER (bot/bootstrap.py calls this when LLM_VISION is on)."""
    from bot.llm.providers import chat_model, model_name

    breaker = breaker_from(settings, clock)
    prompt = (Path(settings.prompts_dir) / "llm" / "photo.md").read_text(encoding="utf-8")
    price = (settings.llm.price_in_rub_per_1m, settings.llm.price_out_rub_per_1m)
    return LlmPhotoReader(
        chat_model(settings, http), prompt, breaker, timeout=settings.llm.timeout_seconds, name=model_name(settings), price=price
    )
