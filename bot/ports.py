"""The ports the core owns: what it needs from a CRM, a messenger and a photo reader, over core types.
Adapters implement them; the core never imports an adapter.

Errors every adapter raises so the outbox knows what to do (vendor exceptions never leave an adapter):

    RetryLater            the other side is down or not ready  -> wait as long as it takes
     ├── CrmUnavailable   network down, timeout, 429, 5xx
     └── CrmAuthExpired   token rejected                       -> refresh, retry later
    Rejected              the other side refused the data      -> park for a human
     └── CrmRejected      the CRM refused the data itself (400)
    (CrmUnavailable, CrmAuthExpired and CrmRejected are also CrmError.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from bot.messages import Outbound, PhotoReading


class RetryLater(Exception):
    """Not now: the other side is down, rate-limited or not ready (the deal a note is for is not made yet).
    `after`: how long the other side asked us to wait (a Retry-After), when it said."""

    def __init__(self, *args: object, after: timedelta | None = None) -> None:
        super().__init__(*args)
        self.after = after


class Rejected(Exception):
    """The other side refused the data itself; trying again would not help."""


class CrmError(Exception):
    pass


class CrmUnavailable(CrmError, RetryLater):
    pass


class CrmAuthExpired(CrmError, RetryLater):
    pass


class CrmRejected(CrmError, Rejected):
    pass


@dataclass(frozen=True)
class ContactCard:
    key: str  # our stable id for the customer, e.g. "customer:17"
    name: str | None
    phone: str | None
    vin: str | None = None
    frame: str | None = None


@dataclass(frozen=True)
class DealCard:
    key: str  # our stable id for the lead, e.g. "lead:42": lets an adapter find a deal it already made
    title: str
    parts: list[str]
    car: str | None
    source: str  # channel the customer came from
    tags: list[str] = field(default_factory=list)


class CrmPort(Protocol):
    async def upsert_contact(self, contact: ContactCard) -> str:
        """Find the contact (by key or phone) or create it; returns the CRM's contact id."""

    async def find_deal(self, key: str) -> str | None:
        """The deal made earlier for this key, if any (for exactly-once after a lost answer)."""

    async def create_deal(self, deal: DealCard, contact_id: str) -> str: ...

    async def add_note(self, deal_id: str, text: str) -> str: ...

    async def add_task(self, deal_id: str, text: str, due: datetime, *, responsible: str | None = None) -> str:
        """A task on the deal, for the CRM user `responsible` (None: the CRM's default; ignored where there are no users)."""

    async def set_responsible(self, deal_id: str, user_id: str) -> None:
        """Make the CRM user `user_id` the deal's responsible manager (a no-op where there are no users)."""


class PhotoReader(Protocol):
    async def read(self, path: str) -> PhotoReading: ...


class ChannelSender(Protocol):
    """Sends a message the core decided to send on its own (campaigns, relays, reminders)."""

    async def send(self, outbound: Outbound) -> None: ...


class RecipientUnreachable(Exception):
    """The platform refuses to deliver to this customer (blocked the bot, never started it, no number)."""
