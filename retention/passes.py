"""The retention campaign as a service: write first to the customers who are due, resume snoozed
conversations on their date, and close contacts that got no reply. Used by the scheduler, the CLI
and replay; every pass is safe to run from several processes at once."""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.app.sending import queue_message
from bot.dialogue.replies import Replies
from bot.dialogue.state import CampaignState, DialogueState, Say, Stage
from bot.store.engine import SessionFactory
from bot.store.models import Conversation, Customer, RetentionAssignment, RetentionContact
from retention import due as campaign
from retention import holdout
from retention import segments as cycles
from retention.control import is_paused
from retention.due import CampaignRules


@dataclass(frozen=True)
class Contacted:
    customer_id: int
    name: str | None
    channel: str
    link: str | None  # the web chat link, when the campaign writes through the web chat


@dataclass
class PassResult:
    contacted: list[Contacted] = field(default_factory=list)
    held: list[Contacted] = field(default_factory=list)  # due, in the control group: recorded, not written to
    skipped: Counter[str] = field(default_factory=Counter)
    paused: bool = False


def address_name(full_name: str | None) -> str | None:
    """How the persona addresses the customer: "Иванов Сергей Петрович" -> "Сергей Петрович"."""
    words = (full_name or "").split()
    if len(words) == 3:
        return f"{words[1]} {words[2]}"
    return words[0] if words else None


class Campaigns:
    def __init__(
        self,
        sessions: SessionFactory,
        replies: Replies,
        rules: CampaignRules,
        *,
        base_url: str,
        send_rate_per_second: float = 1.0,
        reply_wait: timedelta = timedelta(hours=72),
        wake_outbox: asyncio.Event | None = None,
        control_percent: float = 0.0,
        segments: cycles.Segments | None = None,
    ) -> None:
        self._sessions = sessions
        self._replies = replies
        self.rules = rules
        self._base_url = base_url.rstrip("/")
        self._gap = timedelta(seconds=1 / send_rate_per_second) if send_rate_per_second > 0 else timedelta(0)
        self._reply_wait = reply_wait
        self._wake = wake_outbox
        self.control_percent = control_percent
        self.segments = segments

    async def run_once(self, now: datetime, *, dry_run: bool = False, limit: int | None = None) -> PassResult:
        async with self._sessions() as session:
            if await is_paused(session):
                return PassResult(paused=True)
            if self.segments is not None:  # a derived column: a dry run may bring it up to date too
                try:
                    await cycles.refresh(session, self.segments, now)
                    await session.commit()
                except sa.exc.DBAPIError:  # another process refreshed them at the same moment: theirs stands
                    await session.rollback()
            if dry_run:
                report = await campaign.explain(session, now, self.rules, limit)
                arms = await holdout.earlier_arms(session, (c.id or 0 for c in report.due))
                result = PassResult(skipped=report.skipped)
                for c in report.due:
                    would = Contacted(c.id or 0, c.name, await self._channel(session, c) or "-", None)
                    in_control = holdout.arm_for(c.id or 0, self.control_percent, arms.get(c.id or 0)) == holdout.CONTROL
                    (result.held if in_control else result.contacted).append(would)
                return result
            due = await campaign.select_due(session, now, self.rules, limit)
            arms = await holdout.earlier_arms(session, (c.id or 0 for c in due))
        result = PassResult()
        for customer in due:
            segment = customer.retention_segment or cycles.OTHER
            if holdout.arm_for(customer.id or 0, self.control_percent, arms.get(customer.id or 0)) == holdout.CONTROL:
                held = await self._hold(customer.id or 0, now, segment)
                if held is None:
                    result.skipped["claimed by another run"] += 1
                else:
                    result.held.append(held)
                continue
            opened = await self._open(customer.id or 0, now, send_at=now + self._gap * len(result.contacted), segment=segment)
            if opened is None:
                result.skipped["claimed by another run"] += 1
            else:
                result.contacted.append(opened)
        self._kick()
        return result

    async def _hold(self, customer_id: int, now: datetime, segment: str) -> Contacted | None:
        """A due customer of the control group: claimed like the others (so that they are due again on
        the same terms) and recorded with the channel they would have been written through — and nothing
        else: no conversation, no message."""
        async with self._sessions() as session:
            customer = await session.get(Customer, customer_id)
            if customer is None or not await campaign.claim(session, customer_id, now, self.rules):
                await session.rollback()
                return None
            channel = await self._channel(session, customer) or "web"
            session.add(
                RetentionAssignment(customer_id=customer_id, arm=holdout.CONTROL, due_at=now, channel=channel, segment=segment)
            )
            await session.commit()
        return Contacted(customer_id, customer.name, channel, None)

    async def open_for(self, customer_id: int, now: datetime, *, channel: str | None = None) -> Contacted | None:
        """Write the opener to one customer now, whatever the schedule says (replay, manual runs)."""
        return await self._open(customer_id, now, send_at=now, force=True, channel=channel)

    async def resume_snoozed(self, now: datetime) -> int:
        """Write again to customers whose agreed date has come (inside their messaging hours)."""
        async with self._sessions() as session:
            if await is_paused(session):
                return 0
            query = select(Customer).where(
                col(Customer.next_contact_at) <= now,
                col(Customer.opted_out_at).is_(None),
                col(Customer.messaging_consent).is_(True),
                col(Customer.timezone).in_(campaign.zones_in_hours(now, self.rules)),
                ~campaign.open_deal(now, self.rules),
            )
            customers = list((await session.exec(query.limit(self.rules.max_per_run))).all())
        resumed = 0
        for customer in customers:
            resumed += await self._follow_up(customer, now)
        self._kick()
        return resumed

    async def close_silent(self, now: datetime) -> int:
        """Contacts with no answer after the wait window become `no_reply` (they stay in the funnel)."""
        async with self._sessions() as session:
            result = await session.exec(
                sa.update(RetentionContact)
                .where(
                    col(RetentionContact.outcome).is_(None),
                    col(RetentionContact.replied_at).is_(None),
                    col(RetentionContact.contacted_at) <= now - self._reply_wait,
                )
                .values(outcome="no_reply", outcome_at=now)
            )
            await session.commit()
            return int(result.rowcount or 0)

    async def _open(
        self,
        customer_id: int,
        now: datetime,
        *,
        send_at: datetime,
        force: bool = False,
        channel: str | None = None,
        segment: str | None = None,
    ) -> Contacted | None:
        """`segment`: the customer was found due by a pass (the touched group of the holdout comparison)."""
        async with self._sessions() as session:
            customer = await session.get(Customer, customer_id)
            if customer is None:
                return None
            channel = channel or await self._channel(session, customer) or "web"
            if force:
                customer.last_contacted_at = now
                session.add(customer)
            elif not await campaign.claim(session, customer_id, now, self.rules):
                await session.rollback()
                return None
            token = campaign.web_token() if channel == "web" else None
            conversation = await _conversation(session, customer, channel, token, now)
            contact = RetentionContact(
                customer_id=customer_id, conversation_id=conversation.id, channel=channel, contacted_at=now, web_token=token
            )
            session.add(contact)
            await session.flush()
            if segment is not None:
                session.add(
                    RetentionAssignment(
                        customer_id=customer_id,
                        arm=holdout.TOUCHED,
                        due_at=now,
                        channel=channel,
                        segment=segment,
                        contact_id=contact.id,
                    )
                )
            text = self._replies.text(
                Say("retention_opener", {"name": address_name(customer.name)}), seed=f"{channel}:{conversation.chat_id}"
            )
            await self._start(session, conversation, contact, text, now, send_at)
            await session.commit()
        link = f"{self._base_url}/c/{token}" if token else None
        return Contacted(customer_id, customer.name, channel, link)

    async def _channel(self, session: AsyncSession, customer: Customer) -> str | None:
        on_max = "max" in self.rules.channels and await campaign.reachable_on_max(session, customer.id or 0) is not None
        return campaign.channel_for(customer, self.rules, on_max=on_max)

    async def _follow_up(self, customer: Customer, now: datetime) -> int:
        async with self._sessions() as session:
            claimed = await session.exec(
                sa.update(Customer)
                .where(col(Customer.id) == customer.id, col(Customer.next_contact_at) == customer.next_contact_at)
                .values(next_contact_at=None, last_contacted_at=now)
            )
            if claimed.rowcount != 1:
                await session.rollback()
                return 0
            previous = (
                await session.exec(
                    select(RetentionContact)
                    .where(RetentionContact.customer_id == customer.id, RetentionContact.outcome == "later")
                    .order_by(col(RetentionContact.id).desc())
                )
            ).first()
            conversation = await session.get(Conversation, previous.conversation_id) if previous else None
            state = DialogueState.from_dict(conversation.state) if conversation else None
            if previous is None or conversation is None or state is None or state.stage is not Stage.SNOOZED:
                await session.commit()  # the customer came back by themselves meanwhile: nothing to resume
                return 0
            contact = RetentionContact(
                customer_id=customer.id or 0,
                conversation_id=conversation.id,
                channel=conversation.channel,
                kind="follow_up",
                contacted_at=now,
            )
            session.add(contact)
            await session.flush()
            agreed = previous.outcome_at or previous.contacted_at
            facts = {
                "name": address_name(customer.name),
                "phrase": state.campaign.later_phrase if state.campaign else None,
                "agreed": f"{agreed.astimezone(ZoneInfo(customer.timezone)):%d.%m}",
            }
            text = self._replies.text(Say("retention_follow_up", facts), seed=f"{conversation.channel}:{conversation.chat_id}")
            await self._start(session, conversation, contact, text, now, now, kind="follow_up")
            await session.commit()
            return 1

    async def _start(
        self,
        session: AsyncSession,
        conversation: Conversation,
        contact: RetentionContact,
        text: str,
        now: datetime,
        send_at: datetime,
        kind: str = "opener",
    ) -> None:
        state = DialogueState.from_dict(conversation.state)
        state.stage, state.asked, state.greeted = Stage.RETENTION_OPENED, None, True
        state.campaign = CampaignState(contact_id=contact.id, kind=kind, opened_on=now.date().isoformat())
        conversation.state, conversation.stage, conversation.updated_at = state.to_dict(), state.stage.value, now
        session.add(conversation)
        await queue_message(session, conversation, text, now, send_at=send_at)

    def _kick(self) -> None:
        if self._wake is not None:
            self._wake.set()


async def _conversation(
    session: AsyncSession, customer: Customer, channel: str, token: str | None, now: datetime
) -> Conversation:
    if channel == "max":  # the chat the customer started the bot in
        found_id = await campaign.reachable_on_max(session, customer.id or 0)
        found_max = await session.get(Conversation, found_id) if found_id is not None else None
        if found_max is None:
            raise ValueError(f"customer {customer.id} has no MAX chat to write to")
        return found_max
    chat_id = {"web": f"c-{token}", "telegram": customer.telegram_chat_id, "whatsapp": (customer.phone or "").lstrip("+")}[
        channel
    ]
    assert chat_id
    found = (
        await session.exec(select(Conversation).where(Conversation.channel == channel, Conversation.chat_id == chat_id))
    ).first()
    if found is not None:
        return found
    conversation = Conversation(customer_id=customer.id or 0, channel=channel, chat_id=chat_id, created_at=now, updated_at=now)
    session.add(conversation)
    await session.flush()
    return conversation
