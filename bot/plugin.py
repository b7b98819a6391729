"""The plugin shape, one for every adapter (channels, CRMs).

An adapter is a package with a `build(needs: Needs, ...) -> Plugin` function. It gets what it needs
(settings, the stores and ports it uses, and `handle_inbound` — the one door into the core, as in
Rasa's `InputChannel.blueprint(on_new_message)`) and returns what it adds. Only bot/bootstrap.py
calls `build`; it merges every plugin into one container and builds the Core once, complete.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from bot.app.outbox import Handler
from bot.clock import Clock
from bot.config import Settings
from bot.media_links import MediaLinks
from bot.messages import Inbound, Outbound
from bot.ports import ChannelSender, CrmPort
from bot.store.engine import SessionFactory
from bot.store.kv import KvStore

HandleInbound = Callable[[Inbound], Awaitable[list[Outbound]]]
StoreInbound = Callable[[Inbound], Awaitable[int | None]]  # stored message id; None: stored before, or a manager's
AnswerStored = Callable[[int], Awaitable[list[Outbound]]]
Task = Callable[[], Awaitable[None]]
Alert = Callable[[str], Awaitable[None]]


class Alerts:
    """Where the owner hears that something needs them (e.g. amoCRM stopped accepting deals).
    Channels that can reach the owner add a target; any adapter may raise an alert."""

    def __init__(self) -> None:
        self._targets: list[Alert] = []

    def add(self, target: Alert) -> None:
        self._targets.append(target)

    async def __call__(self, text: str) -> None:
        for target in self._targets:
            await target(text)


@dataclass(frozen=True)
class Needs:
    """What every adapter gets."""

    settings: Settings
    sessions: SessionFactory
    clock: Clock
    kv: KvStore
    wake_outbox: asyncio.Event  # set it after enqueuing outbox items so the worker runs them now
    handle_inbound: HandleInbound  # a customer's message in; the replies to send back out
    store_inbound: StoreInbound  # the same in two steps, for channels that gather a turn (bot/app/gathering.py):
    answer_stored: AnswerStored  # store each message at once, answer the chat's last one when it goes quiet
    media_links: MediaLinks
    alerts: Alerts


@dataclass
class Plugin:
    """What an adapter adds to the service."""

    name: str
    crm: CrmPort | None = None  # a CRM adapter: where handed-off leads go
    senders: dict[str, ChannelSender] = field(default_factory=dict)  # channel name -> sender
    campaign_channels: tuple[str, ...] = ()  # channels that deliver a first message (retention writes through them)
    outbox_handlers: dict[str, Handler] = field(default_factory=dict)
    hand_off_kinds: tuple[str, ...] = ()  # outbox kinds enqueued with {"lead_id"} at every hand-off
    forward_kinds: tuple[str, ...] = ()  # outbox kinds for a customer's message while a manager owns the chat
    # outbox kinds enqueued with {"text", "lead_id" (or None), "take"} to tell the managers something: an
    # overdue request (posted again, with «Взять» when "take"), a bad rating after a purchase (bot/app/sla.py)
    notice_kinds: tuple[str, ...] = ()
    # outbox kinds enqueued with {"customer_id", "deals", "contacts"} when a customer's data is erased:
    # a CRM that keeps its own copy asks a manager to delete it there (bot/app/erasure.py)
    erasure_kinds: tuple[str, ...] = ()
    routers: list[Any] = field(default_factory=list)  # FastAPI routers (webhooks), mounted by bot/web/app.py
    background: list[Task] = field(default_factory=list)  # long-running tasks (polling, webhook registration)
    closers: list[Task] = field(default_factory=list)
    alert_targets: list[Alert] = field(default_factory=list)  # ways to reach the owner
