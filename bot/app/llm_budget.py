"""The LLM's daily budget (LLM_DAILY_BUDGET_RUB): once the day's calls have cost that much, the
offline brain answers until midnight in the shop's time zone, and the owner hears it once a day.
A web chat anyone can open must not be a bill anyone can run up."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, time
from zoneinfo import ZoneInfo

from bot.app.uow import Rows
from bot.store.models import KeyValue

log = logging.getLogger(__name__)
Alert = Callable[[str], Awaitable[None]]


class LlmBudget:
    def __init__(self, rub_per_day: float, timezone: str, alert: Alert | None = None) -> None:
        self._limit, self._zone, self._alert = rub_per_day, ZoneInfo(timezone), alert

    async def allows(self, rows: Rows, now: datetime) -> bool:
        """Whether the model may be called now; the first refusal of a day alerts the owner."""
        local = now.astimezone(self._zone)
        midnight = datetime.combine(local.date(), time(0), tzinfo=self._zone)
        spent = await rows.llm_spent_since(midnight)
        if spent < self._limit:
            return True
        key = f"llm.budget_reached:{local.date().isoformat()}"
        if await rows.get(KeyValue, key) is None:
            rows.add(KeyValue(key=key, value={"spent_rub": round(spent, 2)}, updated_at=now))
            text = f"LLM: дневной бюджет {self._limit:g} ₽ исчерпан ({spent:.2f} ₽) — до полуночи отвечает офлайн-мозг."
            log.warning(text)
            if self._alert is not None:
                await self._alert(text)
        return False
