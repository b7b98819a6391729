"""`crm sync`: amoCRM contacts with phones and their won deals become customers and purchases,
page by page, resumable after an interruption, each imported once."""

from __future__ import annotations

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from bot.ports import CrmUnavailable
from bot.runtime import Container
from bot.store.models import Customer, Purchase
from crm_adapters.amocrm.sync import SyncProgress, sync_history
from main import app as cli
from tests.fakes.amocrm import AmoState
from tests.support.amocrm import FakeAmo, amo, amo_app, amocrm_of  # noqa: F401

CLOSED_AT = 1_760_000_000  # 2025-10-09


def has_phone(n: int) -> bool:
    return n % 5 != 4


def is_won(n: int) -> bool:
    return n % 3 == 0


def seed_history(state: AmoState, contacts: int = 200) -> tuple[int, int]:
    """Returns (contacts with phones, their won deals)."""
    state.add_field("contacts", "Бонусы", "numeric")
    with_phone = won = 0
    for n in range(contacts):
        phone = f"8 916 {n:07d}" if has_phone(n) else None
        cid = state.seed_contact(f"Клиент {n}", phone, Бонусы=str(n))
        with_phone += phone is not None
        if is_won(n):
            state.seed_lead(cid, status_id=142, price=1000 + n, closed_at=CLOSED_AT + n)
            won += phone is not None
        if n % 4 == 0:
            state.seed_lead(cid, status_id=4002)  # still open: not a purchase
    return with_phone, won


async def counts(app: Container) -> tuple[int, int]:
    async with app.sessions() as session:
        return len((await session.exec(select(Customer))).all()), len((await session.exec(select(Purchase))).all())


async def test_an_interrupted_sync_resumes_where_it_stopped_and_imports_each_once(amo_app: Container, amo: FakeAmo) -> None:
    with_phone, won = seed_history(amo.state)
    crm = amocrm_of(amo_app)

    def fail_after_first_page(progress: SyncProgress) -> None:
        if progress.page == 1:
            amo.state.down = 503

    with pytest.raises(CrmUnavailable):
        await sync_history(crm, amo_app.sessions, amo_app.clock, on_page=fail_after_first_page, page_size=80)
    first_page = [n for n in range(80) if has_phone(n)]
    assert await counts(amo_app) == (len(first_page), len([n for n in first_page if is_won(n)]))
    amo.state.down = None
    result = await sync_history(crm, amo_app.sessions, amo_app.clock, page_size=80)
    assert result.resumed_from == 2 and result.finished and result.page == 2
    assert await counts(amo_app) == (with_phone, won)
    first_pages = [url for url in amo.state.urls if "/api/v4/contacts?" in url and "page=1&" in url]
    assert len(first_pages) == 1  # the resumed run started at page 2

    again = await sync_history(crm, amo_app.sessions, amo_app.clock, page_size=80)  # a later full pass
    assert (again.customers, again.purchases) == (0, 0) and await counts(amo_app) == (with_phone, won)


async def test_synced_customers_carry_phone_name_bonus_and_last_purchase(amo_app: Container, amo: FakeAmo) -> None:
    seed_history(amo.state, contacts=7)
    await sync_history(amocrm_of(amo_app), amo_app.sessions, amo_app.clock)
    async with amo_app.sessions() as session:
        customer = (await session.exec(select(Customer).where(Customer.phone == "+79160000003"))).one()
        purchases = (await session.exec(select(Purchase).where(Purchase.customer_id == customer.id))).all()
    assert (customer.name, customer.bonus_points) == ("Клиент 3", 3)
    assert [(p.amount, p.source) for p in purchases] == [(1003.0, "amocrm")]
    assert customer.last_purchase_at is not None and int(customer.last_purchase_at.timestamp()) == CLOSED_AT + 3


def test_crm_sync_command_imports_and_reports(sqlite_url: str, amo: FakeAmo) -> None:
    with_phone, won = seed_history(amo.state, contacts=30)
    env = {"DATABASE_URL": sqlite_url, "AMOCRM_BASE_URL": amo.url, "AMOCRM_ACCESS_TOKEN": "long-lived-token"}
    result = CliRunner().invoke(cli, ["crm", "sync"], env=env)
    assert result.exit_code == 0, result.output
    assert f"новых или обновлённых клиентов {with_phone}, новых покупок {won}" in result.output


def test_crm_check_says_what_was_found_created_and_missing(sqlite_url: str, amo: FakeAmo) -> None:
    amo.state.add_field("leads", "Автомобиль")
    env = {
        "DATABASE_URL": sqlite_url,
        "AMOCRM_BASE_URL": amo.url,
        "AMOCRM_ACCESS_TOKEN": "long-lived-token",
        "AMOCRM_PIPELINE": "Нет такой",
    }
    result = CliRunner().invoke(cli, ["crm", "check"], env=env)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Воронка «Нет такой» не найдена" in out and "воронку «Воронка»" in out and "этап «Первичный контакт»" in out
    assert "«VIN» — VIN клиента: создано сейчас" in out and "✓ «Автомобиль» — автомобиль\n" in out
    assert "«Бонусы» — бонусный баланс (для `crm sync`): не найдено" in out


async def test_a_bonus_field_added_after_the_first_deals_is_still_read(amo_app: Container, amo: FakeAmo) -> None:
    crm = amocrm_of(amo_app)
    await crm.mapping()  # the first deal cached the field map before the shop had a «Бонусы» field
    seed_history(amo.state, contacts=7)
    await sync_history(crm, amo_app.sessions, amo_app.clock)
    async with amo_app.sessions() as session:
        customer = (await session.exec(select(Customer).where(Customer.phone == "+79160000003"))).one()
    assert customer.bonus_points == 3
