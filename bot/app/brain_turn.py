"""One turn's use of the LLM brain, for service.answer(): the bounded context it sees, the
understanding it may add (validated and merged by bot/dialogue/llm.py) and the phrasing it may
give (post-checked by bot/dialogue/llm_guard.py). Which path each turn took is logged and counted."""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Protocol

from bot.app.uow import Rows
from bot.dialogue.llm import Brain, Context, Turn, Usage, merge, needs_model
from bot.dialogue.llm_guard import check_reply
from bot.dialogue.state import DialogueState, StepResult
from bot.dialogue.understand import Understanding
from bot.store.models import LlmUsage

log = logging.getLogger(__name__)
PATHS_LOG_EVERY = 50


@dataclass(frozen=True)
class ContextLimits:
    turns: int = 6  # the last messages sent as they are
    scan: int = 200  # older messages looked at for the summary (counted, not sent)


@dataclass
class BrainTurn:
    """The brain's part of one turn; `usage` is stored with the turn's commit."""

    brain: Brain
    paths: Counter[str]
    context: Context
    current: str  # the customer's message this turn answers
    usage: list[Usage] = field(default_factory=list)

    async def understand(self, state: DialogueState, u: Understanding, today: date) -> Understanding:
        if not needs_model(state, u, today):
            self._count("understand.rules")
            return u
        answer = await self.brain.understand(u.text, self.context)
        self.usage.extend(answer.usage)
        if answer.value is None:
            self._count("understand.failed")
            return u
        merged = merge(u, answer.value, state, today)
        if merged.rejected:
            log.info("llm proposal rejected in part: %s", ", ".join(r.split(":")[0] for r in merged.rejected))  # kinds
            log.debug("llm proposal rejected: %s", ", ".join(merged.rejected))  # the values: VINs, cars
        self._count("understand.model")
        return merged.understanding

    async def phrase(self, text: str, result: StepResult) -> str:
        if not text:
            return text
        facts = [{"key": say.key, **say.facts} for say in result.says]
        context = replace(self.context, turns=(*self.context.turns, Turn("customer", self.current)))
        answer = await self.brain.rephrase(text, facts, context)
        self.usage.extend(answer.usage)
        if answer.value is None:
            self._count("reply.template" if not answer.failed else "reply.failed")
            return text
        verdict = check_reply(answer.value, text, result.state.draft, keys=frozenset(s.key for s in result.says))
        if not verdict.ok:
            log.info("llm reply rejected (%s): the template is sent", verdict.reason.split(":")[0])
            log.debug("llm reply rejected: %s", verdict.reason)
            self._count("reply.rejected")
            return text
        self._count("reply.model")
        return answer.value

    def rows(self, conversation_id: int, now: datetime) -> list[LlmUsage]:
        return [usage_row(conversation_id, u.purpose, u, now) for u in self.usage]

    def _count(self, path: str) -> None:
        self.paths[path] += 1
        log.debug("brain path %s (so far %s)", path, dict(self.paths))
        if sum(self.paths.values()) % PATHS_LOG_EVERY == 0:  # how often rules, model and fallbacks answer
            log.info("brain paths so far: %s", ", ".join(f"{k}={v}" for k, v in sorted(self.paths.items())))


async def load_context(
    store: Rows, conversation_id: int, before_message_id: int, state: DialogueState, limits: ContextLimits
) -> Context:
    """The last `limits.turns` messages before this one, and a summary of the rest: what code knows."""
    rows = await store.messages_before(conversation_id, before_message_id, limits.scan)
    recent = [Turn("customer" if m.direction == "in" else "bot", m.text) for m in reversed(rows[: limits.turns]) if m.text]
    return Context(
        summary=_summary(state, older=len(rows) - len(recent)),
        turns=tuple(recent),
        stage=state.stage.value,
        asked=state.asked.value if state.asked else None,
    )


def _summary(state: DialogueState, *, older: int) -> str:
    draft = state.draft
    known = [
        f"автомобиль: {draft.car_text}" if draft.car_text else "",
        f"VIN: {draft.vin}" if draft.vin else "",
        f"кузов: {draft.frame}" if draft.frame else "",
        f"запчасти: {', '.join(draft.parts)}" if draft.parts else "",
        "VIN клиент не знает" if draft.vin_declined else "",
    ]
    parts = [f"ранее {older} сообщений" if older > 0 else "", "; ".join(k for k in known if k)]
    return ". ".join(p for p in parts if p)


class ModelSpend(Protocol):
    """What a model call spent (the brain's Usage, a photo reading's ModelCall)."""

    @property
    def model(self) -> str: ...
    @property
    def tokens_in(self) -> int: ...
    @property
    def tokens_out(self) -> int: ...
    @property
    def cost_rub(self) -> float: ...
    @property
    def ok(self) -> bool: ...


def usage_row(conversation_id: int, purpose: str, call: ModelSpend, now: datetime) -> LlmUsage:
    """What one model call spent, as the llm_usage row the cost per dialog is summed from."""
    return LlmUsage(
        conversation_id=conversation_id,
        purpose=purpose,
        model=call.model,
        tokens_in=call.tokens_in,
        tokens_out=call.tokens_out,
        cost_rub=call.cost_rub,
        ok=call.ok,
        created_at=now,
    )
