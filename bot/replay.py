"""Scripted conversations (DESIGN.md §4 "Replay"): scenarios in, one result object per scenario out."""

from __future__ import annotations

import shutil
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from sqlmodel import col, select

from bot.app.customers import CustomerRecord, normalize_phone, record_purchase, upsert_customer
from bot.app.service import handle_inbound
from bot.bootstrap import build
from bot.clock import FixedClock
from bot.config import Settings
from bot.dialogue.state import DialogueState, Stage
from bot.messages import Inbound, Photo
from bot.runtime import Container
from bot.store.engine import upgrade_async
from bot.store.models import (
    Conversation,
    Customer,
    Lead,
    LocalContact,
    LocalDeal,
    Message,
    Offer,
    OutboxItem,
    RetentionContact,
)

TURN_GAP = timedelta(minutes=1)
RETRY_HORIZON = timedelta(hours=6)  # the outbox parks an item after ~2 h of backoff; replay follows it this far


class ScenarioCustomer(BaseModel):
    model_config = ConfigDict(extra="ignore")
    name: str | None = None
    phone: str | None = None
    last_purchase: str | None = None
    bonus_points: int = 0
    consent: dict[str, bool] = Field(default_factory=dict)
    timezone: str | None = None  # IANA name, e.g. "Asia/Vladivostok" (default: the zone `now` is written in, see _zone_written)


CAMPAIGN_CHANNELS = ("telegram", "whatsapp", "web", "max")


class Scenario(BaseModel):
    model_config = ConfigDict(extra="ignore")
    id: str
    kind: Literal["lead", "retention"] = "lead"
    channel: str = "web"  # a lead may come from any channel; the campaign writes first only where CAMPAIGN_CHANNELS

    @model_validator(mode="after")
    def _campaign_can_write_there(self) -> Scenario:
        if self.kind == "retention" and self.channel not in CAMPAIGN_CHANNELS:
            raise ValueError(f"channel {self.channel!r}: the campaign writes first only in {', '.join(CAMPAIGN_CHANNELS)}")
        return self

    now: datetime
    customer: ScenarioCustomer = Field(default_factory=ScenarioCustomer)
    turns: list[str | dict[str, Any]] = Field(default_factory=list)


def empty_retention() -> dict[str, Any]:
    return {"outcome": None, "next_contact": None, "discount_offered": False, "bonus_points_mentioned": False}


class Replayer:
    """Runs scenarios against fresh databases (or one given database), with the clock at each `now`."""

    def __init__(self, settings: Settings, *, shared_db: str | None = None, base_dir: Path | None = None) -> None:
        self._settings = settings
        self._shared_db = shared_db
        self._base_dir = base_dir or Path.cwd()
        self._tmp = Path(tempfile.mkdtemp(prefix="partsbot-replay-"))
        self._template: Path | None = None
        self._migrated_shared = False

    def close(self) -> None:
        shutil.rmtree(self._tmp, ignore_errors=True)

    async def run(self, scenario: Scenario) -> dict[str, Any]:
        async with self._container(scenario) as app:
            assert isinstance(app.clock, FixedClock) and app.campaigns is not None
            run_id = uuid.uuid4().hex[:8]
            chat_id = f"replay:{scenario.id}:{run_id}"
            opening: list[str] = []
            if scenario.kind == "retention":
                customer_id = await _seed_customer(app, scenario, chat_id)
                contacted = await app.campaigns.open_for(customer_id, app.clock.now(), channel=scenario.channel)
                assert contacted is not None
                chat_id = await _chat_of(app, customer_id)
                opening = await _new_bot_messages(app, scenario.channel, chat_id, after=0)
            replies: list[list[str]] = []
            seen = await _last_message_id(app)
            for number, turn in enumerate(scenario.turns):
                if isinstance(turn, dict) and ("wait_days" in turn or "wait_until" in turn):
                    await _wait(app, turn)
                    replies.append(await _new_bot_messages(app, scenario.channel, chat_id, after=seen))
                else:
                    inbound = self._inbound(scenario, turn, chat_id, f"{chat_id}:{number}", app.clock.now())
                    replies.append([m.text for m in await handle_inbound(inbound, app.core)])
                    app.clock.advance(TURN_GAP)
                seen = await _last_message_id(app)
            if scenario.kind == "retention":
                await app.outbox.drain()  # what the replies wrote reaches the CRM now, as the running service's would
                app.clock.advance(timedelta(hours=app.settings.retention.reply_wait_hours, minutes=1))
                await app.campaigns.close_silent(app.clock.now())
            undelivered = await _drain_like_production(app)
            lead, crm = await _outcome(app, scenario.channel, chat_id)
            retention = (
                await _retention_outcome(app, scenario.channel, chat_id) if scenario.kind == "retention" else empty_retention()
            )
        result: dict[str, Any] = {
            "id": scenario.id,
            "opening": opening,
            "replies": replies,
            "lead": lead,
            "retention": retention,
            "crm": crm,
        }
        if undelivered:  # only when something never got through: what production would show as parked
            result["undelivered"] = undelivered
        return result

    def _inbound(self, scenario: Scenario, turn: str | dict[str, Any], chat_id: str, external_id: str, now: datetime) -> Inbound:
        text, photos = (turn, ()) if isinstance(turn, str) else (str(turn.get("text", "")), self._photos(turn))
        return Inbound(
            channel=scenario.channel,
            chat_id=chat_id,
            external_id=external_id,
            text=text,
            received_at=now,
            photos=photos,
            sender_name=scenario.customer.name,
            sender_phone=scenario.customer.phone,
            unsupported=turn.get("unsupported") if isinstance(turn, dict) else None,
        )

    def _photos(self, turn: dict[str, Any]) -> tuple[Photo, ...]:
        paths = turn.get("photos") or ([turn["photo"]] if "photo" in turn else [])
        return tuple(Photo(path=str((self._base_dir / p).resolve())) for p in paths)

    @asynccontextmanager
    async def _container(self, scenario: Scenario) -> AsyncIterator[Container]:
        url = self._shared_db or await self._fresh_sqlite()
        if self._shared_db and not self._migrated_shared:
            await upgrade_async(url)
            self._migrated_shared = True
        settings = self._settings.model_copy(update={"database_url": url})
        app = build(settings, clock=FixedClock(scenario.now))
        try:
            yield app
        finally:
            await app.close()

    async def _fresh_sqlite(self) -> str:
        """A copy of a once-migrated template: every scenario starts from the real schema, quickly."""
        if self._template is None:
            self._template = self._tmp / "template.db"
            await upgrade_async(f"sqlite+aiosqlite:///{self._template}")
        target = self._tmp / f"{uuid.uuid4().hex}.db"
        shutil.copyfile(self._template, target)
        return f"sqlite+aiosqlite:///{target}"


async def _drain_like_production(app: Container) -> list[dict[str, Any]]:
    """Follow the outbox's retries through virtual time, as the running service would in real time:
    run what is due, then move the clock to the next retry of an item that failed, until nothing is
    left to retry or RETRY_HORIZON has passed. Returns what was not delivered (parked or given up)."""
    assert isinstance(app.clock, FixedClock)
    horizon = app.clock.now() + RETRY_HORIZON
    while True:
        await app.outbox.drain()
        async with app.sessions() as session:
            soonest = select(sa.func.min(OutboxItem.next_attempt_at)).where(
                OutboxItem.status == "pending", col(OutboxItem.attempts) > 0
            )
            retry_at = (await session.exec(soonest)).first()
        if retry_at is None or retry_at > horizon:
            break
        app.clock.set(max(retry_at, app.clock.now()))
    async with app.sessions() as session:
        query = (
            select(OutboxItem)
            .where(col(OutboxItem.status).in_(("parked", "pending")), col(OutboxItem.attempts) > 0)
            .order_by(col(OutboxItem.id))
        )
        left = (await session.exec(query)).all()
    return [{"kind": item.kind, "status": item.status, "attempts": item.attempts, "error": item.last_error} for item in left]


async def _outcome(app: Container, channel: str, chat_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    async with app.sessions() as session:
        query = select(Conversation).where(Conversation.channel == channel, Conversation.chat_id == chat_id)
        conversation = (await session.exec(query)).first()
        state = DialogueState.from_dict(conversation.state if conversation else {})
        draft = state.draft
        lead = {
            "vin": draft.vin,
            "frame": draft.frame,
            "car": draft.car_text,
            "parts": list(draft.parts),
            "part_numbers": list(draft.part_numbers),
            "handed_off": state.stage is Stage.HANDED_OFF,
        }
        crm: dict[str, Any] = {}
        if state.lead_id is not None:
            row = await session.get(Lead, state.lead_id)
            deal = (await session.exec(select(LocalDeal).where(LocalDeal.key == f"lead:{state.lead_id}"))).first()
            if deal is not None:
                contact = await session.get(LocalContact, deal.contact_id)
                crm = {
                    "deal": deal.model_dump(mode="json"),
                    "contact": contact.model_dump(mode="json") if contact else None,
                }
            elif row is not None and row.crm_deal_id:
                crm = {"deal": {"id": row.crm_deal_id}, "contact": None}
    return lead, crm


def _problem(where: tuple[int | str, ...], what: str) -> str:
    what = what.removeprefix("Value error, ")
    return f"{'.'.join(map(str, where))}: {what}" if where else what


class BadScenario(ValueError):
    """A scenario line that cannot be run, with where it is and why («line 3: channel: Input should be …»)."""


def load_scenarios(lines: Iterable[str]) -> list[Scenario]:
    scenarios = []
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            scenarios.append(Scenario.model_validate_json(line))
        except ValidationError as error:
            problems = "; ".join(_problem(e["loc"], e["msg"]) for e in error.errors())
            raise BadScenario(f"line {number}: {problems}") from None
    return scenarios


# Russia's zones by their offset from UTC (none keeps summer time)
_RUSSIAN_ZONES = {
    2: "Europe/Kaliningrad",
    3: "Europe/Moscow",
    4: "Europe/Samara",
    5: "Asia/Yekaterinburg",
    6: "Asia/Omsk",
    7: "Asia/Novosibirsk",
    8: "Asia/Irkutsk",
    9: "Asia/Yakutsk",
    10: "Asia/Vladivostok",
    11: "Asia/Magadan",
    12: "Asia/Kamchatka",
}


def _zone_written(now: datetime, shop_zone: str) -> str | None:
    """The zone of a customer whose case names none, by the offset its `now` is written with: «08:10+07:00» is
    morning in Novosibirsk — greeted «Доброе утро», its «завтра» Novosibirsk's. None (the shop's zone) when the offset
    is the shop's or no Russian zone's."""
    offset = now.utcoffset()
    if offset is None or offset == now.astimezone(ZoneInfo(shop_zone)).utcoffset():
        return None
    hours = offset / timedelta(hours=1)
    return _RUSSIAN_ZONES.get(int(hours)) if hours.is_integer() else None


async def _seed_customer(app: Container, scenario: Scenario, chat_id: str) -> int:
    """The scenario's customer as an import would have left them: purchase, balance, consents."""
    person, now = scenario.customer, app.clock.now()
    record = CustomerRecord(
        external_ref=None,
        name=person.name,
        phone=normalize_phone(person.phone),
        bonus_points=person.bonus_points,
        messaging_consent=person.consent.get("messaging", True),
        ads_consent=person.consent.get("ads", True),
        telegram_chat_id=chat_id if scenario.channel == "telegram" else None,
        timezone=person.timezone or _zone_written(scenario.now, app.settings.timezone),
    )
    async with app.sessions() as session:
        customer, _ = await upsert_customer(session, record, now, source="replay")
        if scenario.channel == "max":  # the customer started the bot in MAX before: the chat the campaign writes to
            session.add(
                Conversation(customer_id=customer.id or 0, channel="max", chat_id=chat_id, created_at=now, updated_at=now)
            )
        if person.last_purchase:
            bought = datetime.combine(date.fromisoformat(person.last_purchase), time(12), tzinfo=ZoneInfo(customer.timezone))
            await record_purchase(session, customer, purchased_at=bought, amount=0.0, external_id=None, source="replay")
        await session.commit()
        assert customer.id is not None
        return customer.id


async def _chat_of(app: Container, customer_id: int) -> str:
    async with app.sessions() as session:
        query = select(Conversation).where(Conversation.customer_id == customer_id).order_by(col(Conversation.id).desc())
        return (await session.exec(query)).first().chat_id  # type: ignore[union-attr]


async def _last_message_id(app: Container) -> int:
    async with app.sessions() as session:
        return int((await session.exec(select(sa.func.max(Message.id)))).one() or 0)


async def _new_bot_messages(app: Container, channel: str, chat_id: str, *, after: int) -> list[str]:
    async with app.sessions() as session:
        query = (
            select(Message.text)
            .join(Conversation, col(Conversation.id) == col(Message.conversation_id))
            .where(Conversation.channel == channel, Conversation.chat_id == chat_id)
            .where(Message.direction == "out", col(Message.id) > after)
            .order_by(col(Message.id))
        )
        return list((await session.exec(query)).all())


async def _wait(app: Container, turn: dict[str, Any]) -> None:
    """A pause in the script: the clock moves on and the scheduler's passes run."""
    assert isinstance(app.clock, FixedClock) and app.campaigns is not None
    if "wait_until" in turn:
        app.clock.set(datetime.fromisoformat(turn["wait_until"]))
    else:
        app.clock.advance(timedelta(days=float(turn["wait_days"])))
    now = app.clock.now()
    await app.campaigns.close_silent(now)
    await app.campaigns.resume_snoozed(now)


async def _retention_outcome(app: Container, channel: str, chat_id: str) -> dict[str, Any]:
    async with app.sessions() as session:
        conversation = (
            await session.exec(select(Conversation).where(Conversation.channel == channel, Conversation.chat_id == chat_id))
        ).first()
        if conversation is None:  # «удалите мой номер»: the conversation was erased with the customer's data
            return {**empty_retention(), "outcome": "opted_out"}
        customer = await session.get(Customer, conversation.customer_id)
        contacts = list(
            (
                await session.exec(
                    select(RetentionContact)
                    .where(RetentionContact.conversation_id == conversation.id)
                    .order_by(col(RetentionContact.id))
                )
            ).all()
        )
        offered = (await session.exec(select(Offer).where(Offer.customer_id == conversation.customer_id))).first()
    assert customer is not None
    state = DialogueState.from_dict(conversation.state)
    later = next((c for c in reversed(contacts) if c.next_contact_at is not None), None)
    return {
        "outcome": contacts[-1].outcome if contacts else None,
        "next_contact": later.next_contact_at.astimezone(ZoneInfo(customer.timezone)).date().isoformat()
        if later and later.next_contact_at
        else None,
        "discount_offered": offered is not None,
        "bonus_points_mentioned": bool(state.campaign and state.campaign.bonus_mentioned),
    }
