"""LangchainBrain: the `Brain` port over a langchain chat model.

Every provider failure (timeout, 5xx, 429, a malformed answer) is caught here and reported as
`BrainAnswer(failed=True)`: the offline brain answers that turn. A circuit breaker stops calling a
provider that keeps failing. Tokens of every call come back as `Usage` for the llm_usage table.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import httpx
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage

from bot.clock import Clock
from bot.config import Settings
from bot.dialogue.llm import BrainAnswer, Context, Proposal, Usage
from bot.llm.breaker import CircuitBreaker, breaker_from
from bot.llm.prompts import LlmPrompts
from bot.llm.schema import MessageReading

log = logging.getLogger(__name__)


class LangchainBrain:
    def __init__(
        self,
        model: BaseChatModel,
        prompts: LlmPrompts,
        breaker: CircuitBreaker,
        *,
        model_name: str,
        price_in: float,
        price_out: float,
        timeout: float,
        rephrase: bool = True,
        http: httpx.AsyncClient | None = None,
        structured: str = "function_calling",
    ) -> None:
        self._http = http
        self._model = model
        method = "json_schema" if structured.strip().lower() == "json_schema" else "function_calling"
        self._reader = model.with_structured_output(MessageReading, method=method, include_raw=True)
        self.prompts = prompts
        self.breaker = breaker
        self._name = model_name
        self._price = (price_in, price_out)
        self._timeout = timeout
        self._rephrase = rephrase

    async def aclose(self) -> None:
        if self._http is not None:
            await self._http.aclose()

    async def understand(self, text: str, context: Context) -> BrainAnswer[Proposal]:
        if not self._allowed("understand"):
            return BrainAnswer(None, failed=True)
        answer = await self._call("understand", self._reader, self.prompts.understanding(text, context))
        if answer is None:
            return BrainAnswer(None, (self._usage("understand", None, ok=False),), failed=True)
        raw = answer.get("raw")
        parsed = answer.get("parsed")
        if not isinstance(parsed, MessageReading):
            log.warning("llm understand: malformed answer (%s)", answer.get("parsing_error") or "no function call")
            self.breaker.failed()
            return BrainAnswer(None, (self._usage("understand", raw, ok=False),), failed=True)
        self.breaker.succeeded()
        return BrainAnswer(parsed.proposal(), (self._usage("understand", raw),))

    async def rephrase(self, draft: str, facts: list[dict[str, object]], context: Context) -> BrainAnswer[str]:
        if not self._rephrase:
            return BrainAnswer(None)
        if not self._allowed("reply"):
            return BrainAnswer(None, failed=True)
        answer = await self._call("reply", self._model, self.prompts.reply(draft, facts, context))
        if answer is None:
            return BrainAnswer(None, (self._usage("reply", None, ok=False),), failed=True)
        text = answer.content if isinstance(answer, AIMessage) and isinstance(answer.content, str) else ""
        if not text.strip():
            self.breaker.failed()
            return BrainAnswer(None, (self._usage("reply", answer, ok=False),), failed=True)
        self.breaker.succeeded()
        return BrainAnswer(text.strip(), (self._usage("reply", answer),))

    def _allowed(self, purpose: str) -> bool:
        if self.breaker.allow():
            return True
        log.info("llm %s skipped: circuit breaker open", purpose)
        return False

    async def _call(self, purpose: str, runnable: Any, messages: list[tuple[str, str]]) -> Any:
        try:
            return await asyncio.wait_for(runnable.ainvoke(messages), self._timeout + 1)
        except Exception as exc:  # any provider failure: the offline brain answers this turn
            log.warning("llm %s failed: %s", purpose, type(exc).__name__)
            self.breaker.failed()
            return None

    def _usage(self, purpose: str, message: Any, *, ok: bool = True) -> Usage:
        meta = getattr(message, "usage_metadata", None) or {}
        tokens_in, tokens_out = int(meta.get("input_tokens", 0)), int(meta.get("output_tokens", 0))
        cost = (tokens_in * self._price[0] + tokens_out * self._price[1]) / 1_000_000
        return Usage(purpose, self._name, tokens_in, tokens_out, round(cost, 6), ok)


def build_brain(settings: Settings, clock: Clock) -> LangchainBrain:
    """The brain LLM_PROVIDER names (bot/bootstrap.py calls this only when it is not "none")."""
    from bot.llm.providers import chat_model, model_name

    prompts = LlmPrompts(
        settings.prompts_dir,
        persona=settings.persona_name,
        shop=settings.shop_name,
        mask=settings.llm.mask_phones,
        turn_chars=settings.llm.turn_chars,
    )
    breaker = breaker_from(settings, clock)
    http = httpx.AsyncClient(timeout=settings.llm.timeout_seconds)
    return LangchainBrain(
        chat_model(settings, http),
        prompts,
        breaker,
        http=http,
        model_name=model_name(settings),
        price_in=settings.llm.price_in_rub_per_1m,
        price_out=settings.llm.price_out_rub_per_1m,
        timeout=settings.llm.timeout_seconds,
        rephrase=settings.llm.rephrase,
        structured=settings.llm.structured_output,
    )
