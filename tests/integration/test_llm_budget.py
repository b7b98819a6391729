"""The LLM's daily budget: past LLM_DAILY_BUDGET_RUB the offline brain answers until the shop's
midnight (the fake OpenAI server is not called again), the day is recorded once, and the model is
back the next day."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlmodel import select

from bot.clock import FixedClock
from bot.runtime import Container
from bot.store.models import KeyValue, LlmUsage
from tests.support.chat import Customer
from tests.support.llm import FakeLlm, llm_container


@pytest.fixture
async def app(sqlite_url: str, llm: FakeLlm, clock: FixedClock) -> AsyncIterator[Container]:
    async with llm_container(sqlite_url, llm, clock, llm_daily_budget_rub=0.00001) as container:
        yield container


async def test_past_the_daily_budget_the_offline_brain_answers_until_the_next_day(
    app: Container, llm: FakeLlm, clock: FixedClock
) -> None:
    customer = Customer(app)
    await customer.says("у меня с утра не крутит, только щёлкает")  # unread by the rules: the model is asked
    asked = len(llm.fake.requests)
    async with app.sessions() as session:
        assert sum(u.cost_rub for u in (await session.exec(select(LlmUsage))).all()) > 0.00001
    answer = await customer.says("а ещё что-то стучит спереди, когда еду по кочкам")
    assert answer and len(llm.fake.requests) == asked  # answered, and the model was not called
    async with app.sessions() as session:
        [reached] = (await session.exec(select(KeyValue).where(KeyValue.key.startswith("llm.budget_reached:")))).all()  # type: ignore[attr-defined]
    assert reached.key.endswith(clock.now().date().isoformat())
    clock.advance(timedelta(days=1))
    await customer.says("и ещё гул какой-то при разгоне, непонятно откуда")
    assert len(llm.fake.requests) > asked
