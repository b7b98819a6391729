"""The SQL unit of work keeps the rows it reads without an ORM session (bot/store/uow.py), and
behaves as the ORM's did: a change to a row read is saved at commit — only what changed —, a row
added is inserted, a row read twice is one object, nothing stays without a commit. SQLite and
PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from sqlmodel import select

from bot.app.uow import Duplicate
from bot.store.engine import SessionFactory, create_engine, session_factory
from bot.store.models import Conversation, Customer, KeyValue, Lead, Message, Offer, new_row
from bot.store.uow import SqlUnitOfWork
from tests.support.rows import a_web_chat

pytestmark = pytest.mark.backend_matters
WHEN = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


@pytest.fixture
async def sessions(db_url: str) -> AsyncIterator[SessionFactory]:
    engine = create_engine(db_url)
    yield session_factory(engine)
    await engine.dispose()


async def stored_customer(sessions: SessionFactory, customer_id: int) -> Customer:
    async with sessions() as session:
        customer = await session.get(Customer, customer_id)
    assert customer is not None
    return customer


async def test_a_change_to_a_row_read_is_saved_at_commit_and_only_what_changed(sessions: SessionFactory) -> None:
    customer_id, _ = await a_web_chat(sessions, WHEN)
    async with SqlUnitOfWork(sessions) as uow:
        customer = await uow.get(Customer, customer_id)
        assert customer is not None
        customer.phone = "+79161234567"
        async with sessions() as other:  # meanwhile another writer changes another column
            again = await other.get(Customer, customer_id)
            assert again is not None
            again.bonus_points = 1200
            other.add(again)
            await other.commit()
        await uow.commit()

    stored = await stored_customer(sessions, customer_id)
    assert (stored.phone, stored.bonus_points, stored.name) == ("+79161234567", 1200, "Сергей")


async def test_rows_added_are_inserted_in_order_and_get_their_ids_at_flush(sessions: SessionFactory) -> None:
    customer_id, conversation_id = await a_web_chat(sessions, WHEN)
    async with SqlUnitOfWork(sessions) as uow:
        lead = Lead(conversation_id=conversation_id, customer_id=customer_id, channel="web", parts=["стартер"], created_at=WHEN)
        uow.add(lead)
        uow.add(lead)  # twice is once
        uow.add(KeyValue(key="manager.owner:1", value={"lead_id": 1}, updated_at=WHEN))
        await uow.flush()
        assert lead.id is not None
        lead.hot = True  # a row inserted is then as one read: its changes are saved at commit
        await uow.commit()

    async with sessions() as session:
        [stored] = (await session.exec(select(Lead))).all()
        record = await session.get(KeyValue, "manager.owner:1")
    assert (stored.id, stored.parts, stored.hot) == (lead.id, ["стартер"], True)
    assert record is not None and record.value == {"lead_id": 1}


async def test_a_row_read_twice_is_one_object_and_a_read_for_update_reads_it_again(sessions: SessionFactory) -> None:
    _, conversation_id = await a_web_chat(sessions, WHEN)
    async with SqlUnitOfWork(sessions) as uow:
        conversation = await uow.get(Conversation, conversation_id)
        assert conversation is not None
        assert await uow.get(Conversation, conversation_id) is conversation
        conversation.stage = "collecting"  # not saved yet: a plain read again keeps it
        assert (await uow.get(Conversation, conversation_id)).stage == "collecting"  # type: ignore[union-attr]
        assert await uow.conversation_id_of_chat("web", "c1") == conversation_id
        await uow.update(Conversation, [conversation_id], {"state": {"n": 1}})
        assert conversation.state == {"n": 1}  # the rows read show what update() wrote
        locked = await uow.get(Conversation, conversation_id, for_update=True)  # the change is saved first
        assert locked is conversation and (locked.stage, locked.state) == ("collecting", {"n": 1})
        await uow.commit()


async def test_nothing_is_saved_without_a_commit(sessions: SessionFactory) -> None:
    customer_id, conversation_id = await a_web_chat(sessions, WHEN)
    async with SqlUnitOfWork(sessions) as uow:
        customer = await uow.get(Customer, customer_id)
        assert customer is not None
        customer.name = "Андрей"
        await uow.insert(new_row(Message, conversation_id=conversation_id, channel="web", direction="in", created_at=WHEN))
        uow.add(new_row(Message, conversation_id=conversation_id, channel="web", direction="out", created_at=WHEN))
        await uow.flush()

    async with sessions() as session:
        assert (await session.exec(select(Message))).all() == []
    assert (await stored_customer(sessions, customer_id)).name == "Сергей"


async def test_a_clashing_unique_key_is_a_duplicate_and_the_unit_of_work_goes_on(sessions: SessionFactory) -> None:
    _, conversation_id = await a_web_chat(sessions, WHEN)
    said = {"conversation_id": conversation_id, "channel": "web", "external_id": "c1:1", "direction": "in", "created_at": WHEN}
    async with SqlUnitOfWork(sessions) as uow:
        await uow.insert(new_row(Message, **said))
        await uow.commit()
    async with SqlUnitOfWork(sessions) as uow:
        with pytest.raises(Duplicate):
            await uow.insert(new_row(Message, **said))
        assert await uow.message_by_external_id("web", "c1:1") is not None  # a new transaction
        await uow.insert(new_row(Message, **{**said, "external_id": "c1:2"}))
        await uow.commit()

    async with sessions() as session:
        assert [m.external_id for m in (await session.exec(select(Message))).all()] == ["c1:1", "c1:2"]


async def test_a_row_deleted_is_gone_at_commit(sessions: SessionFactory) -> None:
    async with SqlUnitOfWork(sessions) as uow:
        uow.add(KeyValue(key="manager.owner:7", value={"lead_id": 3}, updated_at=WHEN))
        await uow.commit()
    async with SqlUnitOfWork(sessions) as uow:
        record = await uow.get(KeyValue, "manager.owner:7")
        assert record is not None
        await uow.delete(record)
        assert await uow.get(KeyValue, "manager.owner:7") is None
        await uow.commit()

    async with sessions() as session:
        assert await session.get(KeyValue, "manager.owner:7") is None


async def test_a_row_read_in_another_unit_of_work_is_saved_whole_when_added(sessions: SessionFactory) -> None:
    customer_id, _ = await a_web_chat(sessions, WHEN)
    async with SqlUnitOfWork(sessions) as first:
        customer = await first.get(Customer, customer_id)
    assert customer is not None
    customer.name = "Андрей"
    async with SqlUnitOfWork(sessions) as second:
        second.add(customer)
        await second.commit()

    assert (await stored_customer(sessions, customer_id)).name == "Андрей"


async def _requests_and_offers(sessions: SessionFactory, customer_id: int, conversation_id: int, count: int) -> None:
    async with SqlUnitOfWork(sessions) as uow:
        for number in range(count):
            uow.add(
                new_row(
                    Lead,
                    conversation_id=conversation_id,
                    customer_id=customer_id,
                    channel="web",
                    car=f"car {number}",
                    created_at=WHEN,
                )
            )
            uow.add(new_row(Offer, customer_id=customer_id, percent=5 + number, created_at=WHEN, expires_at=WHEN))
        for number in range(2):
            uow.add(
                new_row(
                    Message,
                    conversation_id=conversation_id,
                    channel="web",
                    external_id=f"{conversation_id}-{number}",
                    direction="in",
                    text=f"m{number}",
                    created_at=WHEN,
                )
            )
        await uow.commit()


async def _reads(uow: SqlUnitOfWork, conversation_id: int, up_to: int) -> tuple[object, ...]:
    conversation = await uow.get(Conversation, conversation_id, for_update=True)
    assert conversation is not None
    customer = await uow.get(Customer, conversation.customer_id)
    assert customer is not None
    offer = await uow.latest_offer(customer.id or 0)
    leads = await uow.past_leads(customer.id or 0, 3)
    unanswered = await uow.unanswered_of(conversation_id, up_to)
    return (
        conversation.chat_id,
        customer.name,
        offer.percent if offer else None,
        [lead.car for lead in leads],
        [message.text for message in unanswered],
    )


async def test_rows_read_ahead_for_several_turns_are_the_rows_each_turn_would_read(sessions: SessionFactory) -> None:
    """Group commit reads the turns' rows at once (read_ahead): each read gets what it would have
    read alone, and a write here to what was read ahead is seen by the reads after it."""
    chats = [await a_web_chat(sessions, WHEN, chat_id=f"c{number}") for number in range(3)]
    for number, (customer_id, conversation_id) in enumerate(chats):
        await _requests_and_offers(sessions, customer_id, conversation_id, count=number * 3)  # none, 3, 6 (limit 3)
    async with SqlUnitOfWork(sessions) as uow:
        alone = [await _reads(uow, conversation_id, 10**9) for _, conversation_id in chats]
        up_to_first = await uow.unanswered_of(chats[2][1], 0)
    async with SqlUnitOfWork(sessions) as uow:
        await uow.read_ahead([conversation_id for _, conversation_id in chats], 3)
        assert await _reads(uow, chats[0][1], 10**9) == alone[0]
        customer_id, conversation_id = chats[1]
        await uow.forget()
        # written here after the read-ahead: the next reads see it
        await uow.insert(
            new_row(Lead, conversation_id=conversation_id, customer_id=customer_id, channel="web", car="new", created_at=WHEN)
        )
        await uow.insert(new_row(Offer, customer_id=customer_id, percent=50, created_at=WHEN, expires_at=WHEN))
        await uow.insert(
            new_row(
                Message,
                conversation_id=conversation_id,
                channel="web",
                external_id="late",
                direction="in",
                text="late",
                created_at=WHEN,
            )
        )
        await uow.update(Customer, [customer_id], {"name": "Пётр"})
        chat, _, offer_before, leads, texts = alone[1]
        assert offer_before == 7 and leads == ["car 2", "car 1", "car 0"]
        assert await _reads(uow, conversation_id, 10**9) == (chat, "Пётр", 50, ["new", *leads[:2]], [*texts, "late"])
        assert await uow.unanswered_of(chats[2][1], 0) == up_to_first == []
        assert await _reads(uow, chats[2][1], 10**9) == alone[2]  # its unanswered list was read ahead and handed out once
