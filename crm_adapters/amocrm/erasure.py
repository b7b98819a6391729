"""A customer's data was erased in our database (bot/app/erasure.py): amoCRM keeps its own copy, which
we never delete by ourselves — a manager gets a task to delete or anonymise it there. The task is on
each of the customer's deals, or on their contact when they have no deal; it names no one."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from bot.app.outbox import Handler
from bot.clock import Clock
from bot.working_hours import WorkingHours
from crm_adapters.amocrm.adapter import AmoCrm

KIND = "amocrm.erasure_task"
TEXT = (
    "Клиент попросил удалить его персональные данные (152-ФЗ). В базе бота они уже удалены. "
    "Удалите или обезличьте в amoCRM его контакт, сделки, примечания и переписку "
    "(по закону — не позже 30 дней с запроса), затем закройте задачу."
)


def erasure_handlers(amocrm: AmoCrm, clock: Clock, hours: WorkingHours, task_due: timedelta) -> dict[str, Handler]:
    async def add_tasks(payload: dict[str, Any], progress: dict[str, Any], save: Callable[[], Awaitable[None]]) -> None:
        deals = [("leads", str(deal)) for deal in payload.get("deals") or []]
        targets = deals or [("contacts", str(contact)) for contact in payload.get("contacts") or []]
        done: dict[str, str] = progress.setdefault("tasks", {})
        for entity_type, entity_id in targets:
            key = f"{entity_type}:{entity_id}"
            if key not in done:
                due: datetime = hours.due(clock.now(), task_due)
                done[key] = await amocrm.add_entity_task(entity_type, entity_id, TEXT, due)
                await save()

    return {KIND: add_tasks}
