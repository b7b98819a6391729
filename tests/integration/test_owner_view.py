"""The owner's view on the example shop after a simulated month (tests/support/simulated_month.py), and
the holdout's promise: a control customer is never written to and stays control."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import col, select

from bot.clock import FixedClock
from bot.runtime import Container
from bot.store.models import Conversation, Message, Purchase, RetentionAssignment, RetentionContact
from retention.holdout import CONTROL, TOUCHED, hashed_control
from retention.report import Texts, build_report, report_png, report_text
from tests.conftest import make_settings
from tests.support.population import add_customer
from tests.support.simulated_month import shared_simulated_shop


@pytest.fixture(scope="module")
def month_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, FixedClock]:
    """The example shop after a simulated month, made once for the run."""
    return shared_simulated_shop(tmp_path_factory)


@pytest.fixture
async def shop(month_db: tuple[Path, FixedClock], tmp_path: Path) -> AsyncIterator[Container]:
    """A copy of that shop of this test's own, its clock at the end of the month."""
    from bot.bootstrap import build

    source, clock = month_db
    shutil.copyfile(source, tmp_path / "shop.db")
    app = build(make_settings(f"sqlite+aiosqlite:///{tmp_path / 'shop.db'}"), clock=FixedClock(clock.now()))
    yield app
    await app.close()


async def test_a_month_on_the_example_shop_shows_control_against_touched_with_uplift_profit_and_weekly_series(
    shop: Container,
) -> None:
    data = (await build_report(shop.sessions, shop.settings, now=shop.clock.now())).to_dict()

    control, touched, uplift = data["control"], data["touched"], data["uplift"]
    assert control["customers"] >= 5 and touched["customers"] >= 50
    assert control["orders"] > 0 and touched["orders"] > control["orders"]
    assert touched["conversion"] > control["conversion"] and uplift["conversion_pp"] > 0
    low, high = uplift["interval"]["conversion_pp"]
    assert low < uplift["conversion_pp"] < high
    assert uplift["verdict"] == "too_small" and "мало" in uplift["verdict_text"]  # ~10 control customers: said plainly
    assert uplift["campaign_profit"] == round(uplift["incremental_margin"] - uplift["discounts"] - uplift["messaging_cost"], 2)
    assert uplift["incremental_margin"] == round(uplift["incremental_revenue"] * 0.20, 2)
    weeks = data["weekly"]
    assert len(weeks) >= 4 and sum(w["touches"] for w in weeks) == touched["customers"]
    assert sum(w["control"] for w in weeks) == control["customers"] and sum(w["replies"] for w in weeks) > 0
    assert data["contacted"] >= touched["customers"]  # the funnel is still there, follow-ups included


async def test_the_economics_stand_beside_the_reference_shop_with_deal_stages_by_their_crm_names(
    shop: Container,
) -> None:
    economics = (await build_report(shop.sessions, shop.settings, now=shop.clock.now())).to_dict()["economics"]

    assert economics["cost_per_dialog"]["reference"] == 3.0 and economics["margin_per_order"]["reference"] == 2500.0
    assert {k: v["reference"] for k, v in economics["outcomes"].items()} == {
        "no_reply": 0.85,
        "nothing": 0.10,
        "later": 0.04,
        "need_now": 0.01,
    }
    assert economics["outcomes"]["no_reply"]["value"] > 0.5
    stages = {row["stage"] for row in economics["deal_stages"]}
    assert stages <= {"Выиграна", "Новая заявка"} and "Выиграна" in stages and "won" not in stages
    conversion = economics["deal_conversion"]
    assert (conversion["reference_before"], conversion["reference"]) == (0.27, 0.42)
    assert 0 < conversion["value"] <= 1 and conversion["won"] >= 1


async def test_each_segment_has_its_own_numbers_and_consumables_wait_for_their_cycle(
    shop: Container,
) -> None:
    app = shop
    data = (await build_report(app.sessions, app.settings, now=app.clock.now())).to_dict()
    segments = {row["segment"]: row for row in data["segments"]}

    assert list(segments) == ["расходники", "остальные"] and segments["расходники"]["days"] == 150
    assert sum(row["touched"]["customers"] for row in segments.values()) == data["touched"]["customers"]
    async with app.sessions() as session:
        due = (await session.exec(select(RetentionAssignment))).all()
        bought = (await session.exec(select(Purchase.customer_id, Purchase.purchased_at))).all()
    last_before = {a.id: max(at for who, at in bought if who == a.customer_id and at < a.due_at) for a in due}
    consumables = [a for a in due if a.segment == "расходники"]
    assert consumables and all(a.due_at - last_before[a.id] >= timedelta(days=150) for a in consumables)
    others = [a for a in due if a.segment == "остальные"]
    assert any(a.due_at - last_before[a.id] < timedelta(days=150) for a in others)  # due at 90 days


async def test_the_owners_text_and_chart_carry_the_uplift(shop: Container) -> None:
    report = await build_report(shop.sessions, shop.settings, now=shop.clock.now())
    texts = Texts(shop.settings.prompts_dir)

    text = report_text(report, texts)

    data = report.to_dict()
    assert f"Контрольная группа (не писали): {data['control']['customers']} клиентов" in text
    assert f"Группа рассылки: {data['touched']['customers']} клиентов" in text
    assert "Прирост конверсии" in text and "95%" in text and "кампания заработала" in text
    assert "ориентир" in text
    assert (report_png(report, texts) or b"").startswith(b"\x89PNG")


@pytest.mark.backend_matters
async def test_a_control_customer_is_never_written_to_and_stays_control_across_passes(
    container: Container, clock: FixedClock
) -> None:
    assert container.campaigns is not None
    ids = [await add_customer(container, f"Клиент {n}") for n in range(25)]
    held_back = [i for i in ids if hashed_control(i, container.settings.retention.control_percent)]
    assert held_back, "the population must hold a control customer"

    for _ in range(3):  # a pass, then again each time the contact cap has passed
        result = await container.campaigns.run_once(clock.now())
        assert sorted(c.customer_id for c in result.held) == held_back
        assert not {c.customer_id for c in result.contacted} & set(held_back)
        clock.advance(timedelta(days=container.settings.retention.contact_cap_days + 1))

    async with container.sessions() as session:
        arms = (
            await session.exec(
                select(RetentionAssignment.customer_id, RetentionAssignment.arm).where(
                    col(RetentionAssignment.customer_id).in_(held_back)
                )
            )
        ).all()
        written = (await session.exec(select(RetentionContact).where(col(RetentionContact.customer_id).in_(held_back)))).all()
        chats = (await session.exec(select(Conversation).where(col(Conversation.customer_id).in_(held_back)))).all()
        sent = (
            await session.exec(
                select(Message).join(Conversation).where(col(Conversation.customer_id).in_(held_back))  # type: ignore[arg-type]
            )
        ).all()
        others = (
            await session.exec(select(RetentionAssignment.arm).where(col(RetentionAssignment.customer_id).not_in(held_back)))
        ).all()
    assert len(arms) == 3 * len(held_back) and {arm for _, arm in arms} == {CONTROL}  # due in each pass, control each time
    assert written == [] and chats == [] and sent == []
    assert set(others) == {TOUCHED}


async def test_the_channel_filter_counts_that_channels_customers_and_their_messages_cost(db_url: str, clock: FixedClock) -> None:
    from dataclasses import replace

    from bot.bootstrap import build
    from retention.report import Filters

    app = build(make_settings(db_url, channel_cost_telegram=2.5, retention_control_percent=0), clock=clock)
    try:
        assert app.campaigns is not None
        app.campaigns.rules = replace(app.campaigns.rules, channels=("telegram", "web"))
        for n in range(3):
            await add_customer(app, f"В телеграме {n}", telegram_chat_id=f"{5000 + n}")
            await add_customer(app, f"В веб-чате {n}")
        await app.campaigns.run_once(clock.now())

        telegram = (
            await build_report(app.sessions, app.settings, now=clock.now(), filters=Filters(channel="telegram"))
        ).to_dict()
        web = (await build_report(app.sessions, app.settings, now=clock.now(), filters=Filters(channel="web"))).to_dict()
    finally:
        await app.close()
    assert (telegram["touched"]["customers"], telegram["contacted"], telegram["channels"]) == (3, 3, ["telegram", "web"])
    assert telegram["uplift"]["messaging_cost"] == 7.5 and telegram["cost_total"] == 7.5
    assert (web["touched"]["customers"], web["uplift"]["messaging_cost"]) == (3, 0.0)
    assert web["uplift"]["verdict_text"].startswith("Контрольной группы нет")


async def test_a_discount_used_on_an_order_is_taken_off_what_the_campaign_earned(db_url: str, clock: FixedClock) -> None:
    from bot.app.deals import close_lead
    from bot.bootstrap import build
    from bot.store.models import Lead
    from tests.support.chat import Customer as Chat

    app = build(make_settings(db_url, retention_control_percent=50, shop_margin_percent=25), clock=clock)
    try:
        assert app.campaigns is not None
        for name in ("Первый", "Второй"):
            await add_customer(app, name)
        result = await app.campaigns.run_once(clock.now())
        assert len(result.held) == 1 and len(result.contacted) == 1 and result.contacted[0].link
        chat = Chat(app, chat_id="c-" + result.contacted[0].link.rsplit("/", 1)[1])
        for text in ("ничего не нужно", "хотя нет, нужен стартер", "VIN JTNBE46K303123456", "нет, всё"):
            await chat.says(text)  # the 5% offered for «nothing» is redeemed by the request
        clock.advance(timedelta(days=2))
        async with app.sessions() as session:
            [lead] = (await session.exec(select(Lead))).all()
            await close_lead(session, lead, won=True, amount=10_000.0, at=clock.now(), external_id="crm:1", source="crm")
            await session.commit()

        uplift = (await build_report(app.sessions, app.settings, now=clock.now())).to_dict()["uplift"]
    finally:
        await app.close()
    assert uplift["discounts"] == 500.0  # 5% of the order it was used on
    assert (uplift["incremental_revenue"], uplift["incremental_margin"]) == (10_000.0, 2_500.0)
    assert uplift["campaign_profit"] == 2_000.0
