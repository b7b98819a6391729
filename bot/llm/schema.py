"""The structured output the model fills for one customer message (a function call)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field, field_validator

from bot.dialogue.llm import Proposal, ProposedPart


class PartItem(BaseModel):
    name: str = Field(description="нормальное название запчасти")
    words: str = Field(description="слова клиента из сообщения, дословно")


class MessageReading(BaseModel):
    """Что клиент написал в одном сообщении."""

    intents: list[str] = Field(default_factory=list)
    vins: list[str] = Field(default_factory=list)
    frames: list[str] = Field(default_factory=list)
    parts: list[PartItem] = Field(default_factory=list)
    car: str | None = None
    outcome: str | None = Field(default=None, description="need_now | later | nothing | null")
    date_phrase: str | None = None
    opt_out: bool = False
    question_for_manager: str | None = None

    @field_validator("intents", "vins", "frames", "parts", mode="before")
    @classmethod
    def _a_list(cls, value: Any) -> Any:
        """Small models write null for "none" and a bare string for "one": both mean the obvious."""
        if value is None:
            return []
        return [value] if isinstance(value, str | dict) else value

    @field_validator("opt_out", mode="before")
    @classmethod
    def _a_flag(cls, value: Any) -> Any:
        return False if value is None else value

    def proposal(self) -> Proposal:
        return Proposal(
            intents=frozenset(i.strip().lower() for i in self.intents[:10]),
            vins=tuple(v[:40] for v in self.vins[:3]),
            frames=tuple(f[:40] for f in self.frames[:3]),
            parts=tuple(ProposedPart(p.name[:80], p.words[:120]) for p in self.parts[:10]),
            car=self.car[:80] if self.car else None,
            outcome=self.outcome.strip().lower() if self.outcome else None,
            date_phrase=self.date_phrase[:120] if self.date_phrase else None,
            opt_out=self.opt_out,
            question=self.question_for_manager[:300] if self.question_for_manager else None,
        )
