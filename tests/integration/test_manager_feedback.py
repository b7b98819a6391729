"""After a won deal (or an imported purchase) the persona asks once, FEEDBACK_AFTER_DAYS later, how it
went; a rating of 1–3 becomes a task and an alert with the transcript, every answer a note on the deal,
and a reply that is a new request is taken as a request. Embedded defaults: web chat and the board."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import col, select

from bot.app.feedback import Asker
from bot.clock import FixedClock
from bot.runtime import Container
from bot.store.models import Consent, Feedback, Lead, LocalNote, LocalTask, Purchase
from bot.store.models import Customer as CustomerRow
from crm_adapters.local import close_local_deal
from tests.conftest import MOSCOW
from tests.support.chat import Customer
from tests.support.managers import bot_messages

MONDAY_11 = datetime(2026, 11, 23, 11, 0, tzinfo=MOSCOW)
WON_AT = MONDAY_11 + timedelta(hours=3)
QUESTION = "Оцените, пожалуйста, от 1 до 5"


async def bought(app: Container) -> Customer:
    """A web chat customer who agreed to messages makes a request; the manager wins the deal on the board."""
    customer = Customer(app)
    await customer.says("нужен стартер на камри, вин JTNBE46K303123456")
    await customer.says("нет, всё")
    await app.outbox.drain()
    async with app.sessions() as session:
        row = (await session.exec(select(CustomerRow))).one()
        row.messaging_consent = True
        session.add(row)
        session.add(Consent(customer_id=row.id, purpose="messaging", granted=True, at=MONDAY_11, source="chat"))
        await session.commit()
    await close_local_deal(app.sessions, 1, won=True, amount=4500, now=WON_AT)
    return customer


def asker(app: Container) -> Asker:
    return Asker.of(app.settings, app.sessions, app.senders, None)


async def asked(app: Container) -> None:
    """Three days after the purchase the question goes out; the customer answers then."""
    assert isinstance(app.clock, FixedClock)
    app.clock.set(WON_AT + timedelta(days=3))
    assert await asker(app).run_once(app.clock.now()) == 1


async def questions(app: Container) -> int:
    return sum(QUESTION in text for text in await bot_messages(app))


async def test_a_won_deal_gets_one_question_three_days_later(container: Container) -> None:
    await bought(container)
    ask = asker(container)
    assert await ask.run_once(WON_AT + timedelta(days=2, hours=23)) == 0
    assert await ask.run_once(WON_AT + timedelta(days=3)) == 1
    assert await ask.run_once(WON_AT + timedelta(days=3, hours=1)) == 0
    assert await ask.run_once(WON_AT + timedelta(days=5)) == 0
    assert await questions(container) == 1


async def test_no_question_without_messaging_consent_or_at_night(container: Container) -> None:
    await bought(container)
    async with container.sessions() as session:
        row = (await session.exec(select(CustomerRow))).one()
        night = datetime.combine((WON_AT + timedelta(days=3)).date(), datetime.min.time(), MOSCOW) + timedelta(hours=23)
        assert await asker(container).run_once(night) == 0, "23:00 in the customer's time zone"
        row.messaging_consent = False
        session.add(row)
        await session.commit()
    assert await asker(container).run_once(WON_AT + timedelta(days=3)) == 0
    assert await questions(container) == 0


async def test_a_two_becomes_a_task_and_an_alert_with_the_transcript_and_a_note(container: Container) -> None:
    customer = await bought(container)
    await asked(container)
    reply = await customer.says("2, долго ждал ответа менеджера")
    assert "старшему менеджеру" in reply
    await container.outbox.drain()
    async with container.sessions() as session:
        feedback = (await session.exec(select(Feedback))).one()
        tasks = [t.text for t in (await session.exec(select(LocalTask))).all()]
        notes = [n.text for n in (await session.exec(select(LocalNote).order_by(col(LocalNote.id)))).all()]
    assert feedback.rating == 2 and feedback.comment == "долго ждал ответа менеджера"
    assert any(t.startswith("Клиент поставил 2 из 5") and "долго ждал" in t for t in tasks)
    assert "2 из 5" in notes[-1] and "долго ждал" in notes[-1]


async def test_a_rating_alone_then_a_comment(container: Container) -> None:
    customer = await bought(container)
    await asked(container)
    assert "пару слов" in await customer.says("5")
    assert "Спасибо за отзыв" in await customer.says("всё пришло вовремя, спасибо")
    async with container.sessions() as session:
        feedback = (await session.exec(select(Feedback))).one()
    assert feedback.rating == 5 and feedback.comment == "всё пришло вовремя, спасибо"


async def test_a_reply_that_is_a_new_request_is_taken_as_a_request(container: Container) -> None:
    customer = await bought(container)
    await asked(container)
    await customer.says("нужны ещё передние колодки на ту же камри")
    await customer.says("нет, всё")
    async with container.sessions() as session:
        leads = (await session.exec(select(Lead).order_by(col(Lead.id)))).all()
        feedback = (await session.exec(select(Feedback))).one()
    assert len(leads) == 2 and "колодки" in " ".join(leads[1].parts)
    assert feedback.rating is None and feedback.answered_at is None


async def test_an_imported_purchase_is_not_asked_about_in_the_web_chat(container: Container) -> None:
    customer = Customer(container)
    await customer.says("здравствуйте")
    async with container.sessions() as session:
        row = (await session.exec(select(CustomerRow))).one()
        row.messaging_consent = True
        session.add(row)
        session.add(Purchase(customer_id=row.id, external_id="order-77", purchased_at=WON_AT, amount=1200, source="import"))
        await session.commit()
    assert await asker(container).run_once(WON_AT + timedelta(days=3)) == 0, "the web chat cannot write first"
