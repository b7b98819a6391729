"""Scripted conversations (DESIGN.md §4 "Replay"): scenarios in, one result object per scenario out."""

from __future__ import annotations

import shutil
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import select

from bot.bootstrap import Container, build
from bot.clock import FixedClock
from bot.config import Settings
from bot.db import upgrade_async
from bot.dialogue.states import DialogueState, Stage
from bot.messages import Inbound, Photo
from bot.models import Conversation, Lead, LocalContact, LocalDeal
from bot.service import handle_inbound

TURN_GAP = timedelta(minutes=1)


class ScenarioCustomer(BaseModel):
    model_config = ConfigDict(extra="ignore")
    name: str | None = None
    phone: str | None = None
    last_purchase: str | None = None
    bonus_points: int = 0
    consent: dict[str, bool] = Field(default_factory=dict)


class Scenario(BaseModel):
    model_config = ConfigDict(extra="ignore")
    id: str
    kind: str = "lead"
    channel: str = "web"
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
            assert isinstance(app.clock, FixedClock)
            run_id = uuid.uuid4().hex[:8]
            chat_id = f"replay:{scenario.id}:{run_id}"
            replies: list[list[str]] = []
            for number, turn in enumerate(scenario.turns):
                inbound = self._inbound(scenario, turn, chat_id, f"{chat_id}:{number}", app.clock.now())
                sent = await handle_inbound(inbound, app.core)
                replies.append([m.text for m in sent])
                app.clock.advance(TURN_GAP)
            await app.outbox.drain()
            lead, crm = await _outcome(app, scenario.channel, chat_id)
        return {
            "id": scenario.id,
            "opening": [],
            "replies": replies,
            "lead": lead,
            "retention": empty_retention(),
            "crm": crm,
        }

    def _inbound(
        self, scenario: Scenario, turn: str | dict[str, Any], chat_id: str, external_id: str, now: datetime
    ) -> Inbound:
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


def load_scenarios(lines: Iterable[str]) -> list[Scenario]:
    return [Scenario.model_validate_json(line) for line in lines if line.strip() and not line.lstrip().startswith("#")]
