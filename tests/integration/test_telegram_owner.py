"""Owner commands: /stats, /pause, /resume for OWNER_TELEGRAM_IDS only."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.app.manager_report import build_managers_report
from bot.app.manager_report import report_text as managers_text
from bot.app.manager_texts import ManagerTexts
from bot.clock import FixedClock
from bot.runtime import Container
from bot.store.models import Customer, RetentionContact
from retention import report as owner_view
from retention.control import is_paused
from tests.fakes.telegram_api import FakeTelegram
from tests.support.telegram import (
    eventually,
    fake_answers,
    quiet,
    running_bot,
)

OWNER = 777
STRANGER = 5005


@pytest.fixture
async def app(sqlite_url: str, fake: FakeTelegram, clock: FixedClock, tmp_path: Path) -> AsyncIterator[Container]:
    async with running_bot(sqlite_url, fake, clock, tmp_path, owner_telegram_ids=f"{OWNER}, 778") as container:
        yield container


async def a_campaign_touch(app: Container) -> None:
    now = app.clock.now()
    async with app.sessions() as session:
        customer = Customer(name="Ольга", phone="+79160000001", created_at=now - timedelta(days=200))
        session.add(customer)
        await session.flush()
        assert customer.id is not None
        session.add(RetentionContact(customer_id=customer.id, channel="telegram", contacted_at=now - timedelta(days=1)))
        await session.commit()


async def test_the_owner_gets_the_funnel_and_the_uplift_as_text_and_a_chart(app: Container, fake: FakeTelegram) -> None:
    await a_campaign_touch(app)
    fake.push_text(OWNER, "/stats")
    [photo] = await eventually(lambda: fake.sent("sendPhoto", OWNER))  # the chart goes last
    text, managers = fake.texts(OWNER)  # the funnel, then who answers how fast
    report = await owner_view.build_report(app.sessions, app.settings, now=app.clock.now())
    expected = owner_view.report_text(report, owner_view.Texts(app.settings.prompts_dir))
    assert text == expected and "Написали: 1" in text and "Контрольная группа" in text
    managers_report = await build_managers_report(app.sessions, app.settings)
    assert managers == managers_text(managers_report, ManagerTexts(app.settings.prompts_dir))
    assert photo.files["photo"].startswith(b"\x89PNG")


async def test_stats_for_anybody_else_is_just_a_message_to_the_persona(app: Container, fake: FakeTelegram) -> None:
    await a_campaign_touch(app)
    fake.push_text(STRANGER, "/stats")
    [answer] = await fake_answers(fake, STRANGER, 1)
    await quiet()
    assert "Виталий" in answer and "Написали" not in answer
    assert fake.sent("sendPhoto") == []


async def test_the_owner_pauses_and_resumes_campaigns(app: Container, fake: FakeTelegram) -> None:
    fake.push_text(OWNER, "/pause")
    [paused] = await fake_answers(fake, OWNER, 1)
    async with app.sessions() as session:
        assert await is_paused(session)
    fake.push_text(OWNER, "/resume")
    await fake_answers(fake, OWNER, 2)
    async with app.sessions() as session:
        assert not await is_paused(session)
    assert "приостановлены" in paused


async def test_pause_from_anybody_else_changes_nothing(app: Container, fake: FakeTelegram) -> None:
    fake.push_text(STRANGER, "/pause")
    await fake_answers(fake, STRANGER, 1)
    async with app.sessions() as session:
        assert not await is_paused(session)
    assert all("приостановлены" not in text for text in fake.texts(STRANGER))


async def test_amocrm_refusing_the_account_is_reported_to_every_owner(
    sqlite_url: str, fake: FakeTelegram, clock: FixedClock, tmp_path: Path
) -> None:
    amo = {"amocrm_base_url": "https://shop.amocrm.ru", "amocrm_access_token": "long-lived-token-for-tests"}
    async with running_bot(sqlite_url, fake, clock, tmp_path, owner_telegram_ids=f"{OWNER}, 778", **amo) as app:
        guard = app.crm.client.guard  # type: ignore[attr-defined]
        await guard.alert("amoCRM не принимает сделки: аккаунт не оплачен")
        for owner in (OWNER, 778):
            [text] = await fake_answers(fake, owner, 1)
            assert "не оплачен" in text
