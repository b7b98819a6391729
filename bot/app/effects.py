"""Carries out what a dialogue step asked for, inside the service's transaction: leads and their
CRM delivery, campaign outcomes, granted offers, opt-outs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot.app.customers import set_consent
from bot.app.uow import Rows
from bot.dialogue.state import (
    AppendToLead,
    DialogueState,
    Effect,
    GrantOffer,
    HandOff,
    OptOut,
    RecordFeedback,
    RecordOutcome,
    Stage,
)
from bot.store.models import Conversation, Customer, Feedback, Lead, OutboxItem, RetentionContact, new_row
from retention.offers import OfferPolicy, expiry_text, grant

ERASE = "privacy.erase"  # bot/app/erasure.py
ERASURE_REQUEST = "erasure_request"
FEEDBACK_ANSWERED = "feedback.answered"  # bot/app/feedback.py: the note on the deal; 1–3 a task and an alert
FOLLOW_UP_AT = time(11, 0)  # the hour we write on the agreed day, in the customer's time zone


@dataclass
class EffectContext:
    rows: Rows
    conversation: Conversation
    customer: Customer
    now: datetime
    hand_off_kinds: tuple[str, ...]
    policy: OfferPolicy


async def apply(effects: list[Effect], state: DialogueState, ctx: EffectContext) -> None:
    for effect in effects:
        if isinstance(effect, HandOff):
            state.lead_id = await _hand_off(effect, state, ctx)
        elif isinstance(effect, AppendToLead):
            await _append(effect, state, ctx)
        elif isinstance(effect, RecordOutcome):
            await _record_outcome(effect, state, ctx)
        elif isinstance(effect, GrantOffer):
            contact_id = state.campaign.contact_id if state.campaign else None
            ctx.rows.add(grant(ctx.customer, ctx.policy, ctx.now, contact_id))
        elif isinstance(effect, OptOut):
            await _opt_out(effect, ctx)
        elif isinstance(effect, RecordFeedback):
            await _record_feedback(effect, state, ctx)


def outbox_item(kind: str, payload: dict[str, object], now: datetime) -> OutboxItem:
    return new_row(OutboxItem, kind=kind, payload=payload, next_attempt_at=now, created_at=now)


async def _hand_off(effect: HandOff, state: DialogueState, ctx: EffectContext) -> int:
    draft, conversation = effect.draft, ctx.conversation
    lead = Lead(
        conversation_id=conversation.id,  # type: ignore[arg-type]
        customer_id=conversation.customer_id,
        channel=conversation.channel,
        vin=draft.vin,
        frame=draft.frame,
        car=draft.car_text,
        parts=list(draft.parts),
        hot=draft.hot,
        created_at=ctx.now,
    )
    ctx.rows.add(lead)
    await ctx.rows.flush()
    assert lead.id is not None
    for kind in ("crm.deliver_lead", *ctx.hand_off_kinds):
        ctx.rows.add(outbox_item(kind, {"lead_id": lead.id}, ctx.now))
    notes = (
        [f"С фото прочитан номер {seen} — клиент его не подтвердил: сверьте по фото в переписке."]
        if (seen := draft.unconfirmed_reading)
        else []
    )
    if draft.questions:  # what the bot promised to pass on: on the deal itself, not only in the transcript
        notes.append("Вопросы клиента и пометки к заявке:\n" + "\n".join(f"— {q}" for q in draft.questions))
    for note in notes:
        ctx.rows.add(outbox_item("crm.add_note", {"lead_id": lead.id, "note": note}, ctx.now))
    await _redeem_offer(lead.id, ctx)
    contact = await _campaign_contact(state, ctx)
    if contact is not None:
        contact.lead_id = lead.id
        ctx.rows.add(contact)
    return lead.id


async def _append(effect: AppendToLead, state: DialogueState, ctx: EffectContext) -> None:
    if state.lead_id is None:
        return
    lead = await ctx.rows.get(Lead, state.lead_id)
    if lead is not None:
        lead.parts = list(state.draft.parts)
        lead.vin, lead.frame, lead.car = state.draft.vin, state.draft.frame, state.draft.car_text
        ctx.rows.add(lead)
    ctx.rows.add(outbox_item("crm.add_note", {"lead_id": state.lead_id, "text": effect.text}, ctx.now))


async def _record_outcome(effect: RecordOutcome, state: DialogueState, ctx: EffectContext) -> None:
    contact = await _campaign_contact(state, ctx)
    if contact is None:
        return
    contact.outcome, contact.outcome_at = effect.outcome, ctx.now
    contact.replied_at = contact.replied_at or ctx.now
    customer = ctx.customer
    if effect.next_contact is not None:
        contact.next_contact_at = customer.next_contact_at = follow_up_moment(effect.next_contact, customer.timezone)
    elif effect.outcome != "later":
        contact.next_contact_at = customer.next_contact_at = None  # «через неделю» … «нужны колодки» / «не пишите»
    ctx.rows.add(contact)
    ctx.rows.add(customer)


def follow_up_moment(day: date, zone: str) -> datetime:
    return datetime.combine(day, FOLLOW_UP_AT, tzinfo=ZoneInfo(zone))


async def _opt_out(effect: OptOut, ctx: EffectContext) -> None:
    customer = ctx.customer
    if customer.opted_out_at is None:
        customer.opted_out_at = ctx.now
    customer.next_contact_at = None
    source, text = (ERASURE_REQUEST, None) if effect.erase else ("opt_out", effect.text[:500])
    for purpose in ("messaging", "ads"):
        await set_consent(ctx.rows, customer, purpose, False, ctx.now, source=source, text=text)
    ctx.rows.add(customer)
    if effect.erase:  # at once, by the outbox worker: the reply still reaches the chat it came from
        ctx.rows.add(outbox_item(ERASE, {"customer_id": customer.id, "source": ERASURE_REQUEST}, ctx.now))


async def _record_feedback(effect: RecordFeedback, state: DialogueState, ctx: EffectContext) -> None:
    row = await ctx.rows.get(Feedback, state.feedback_id) if state.feedback_id is not None else None
    if row is None:
        return
    if effect.rating is not None:
        row.rating = effect.rating
    if effect.comment:
        row.comment = f"{row.comment}\n{effect.comment}" if row.comment else effect.comment
    row.answered_at = row.answered_at or ctx.now
    ctx.rows.add(row)
    payload: dict[str, object] = {"feedback_id": row.id, "rating": effect.rating, "comment": effect.comment}
    ctx.rows.add(outbox_item(FEEDBACK_ANSWERED, payload, ctx.now))


async def _redeem_offer(lead_id: int, ctx: EffectContext) -> None:
    """A personal discount still valid when the request is handed off belongs to this request: it is
    marked used (it cannot be claimed twice) and the manager reads it on the deal."""
    offer = await ctx.rows.latest_offer(ctx.customer.id or 0)
    if offer is None or offer.used_at is not None or offer.expires_at <= ctx.now:
        return
    offer.used_at = ctx.now
    ctx.rows.add(offer)
    note = (
        f"Клиенту действует персональная скидка {offer.percent}% (предложена ботом, до "
        f"{expiry_text(offer.expires_at, ctx.customer.timezone)}) — учтите её в предложении."
    )
    ctx.rows.add(outbox_item("crm.add_note", {"lead_id": lead_id, "note": note}, ctx.now))


def settle_snooze(before: DialogueState, after: DialogueState, ctx: EffectContext) -> None:
    """A snoozed customer who writes in by themselves needs no reminder on the agreed date."""
    if before.stage is Stage.SNOOZED and after.stage is not Stage.SNOOZED and ctx.customer.next_contact_at:
        ctx.customer.next_contact_at = None
        ctx.rows.add(ctx.customer)


async def mark_replied(state: DialogueState, ctx: EffectContext) -> None:
    contact = await _campaign_contact(state, ctx)
    if contact is not None and contact.replied_at is None:
        contact.replied_at = ctx.now
        ctx.rows.add(contact)


async def _campaign_contact(state: DialogueState, ctx: EffectContext) -> RetentionContact | None:
    if state.campaign is None or state.campaign.contact_id is None:
        return None
    return await ctx.rows.get(RetentionContact, state.campaign.contact_id)


def customer_today(now: datetime, zone: str) -> date:
    return now.astimezone(ZoneInfo(zone)).date()
