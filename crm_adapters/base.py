"""The CRM port: what the core needs from any CRM, over core types.

Errors, as every adapter must raise them (vendor exceptions never leave an adapter):

    CrmError
     ├── CrmUnavailable   network down, timeout, 429, 5xx      -> retry later
     ├── CrmAuthExpired   token rejected                       -> refresh, retry later
     └── CrmRejected      the CRM refused the data itself (400) -> park for a human
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol


class CrmError(Exception):
    pass


class CrmUnavailable(CrmError):
    pass


class CrmAuthExpired(CrmError):
    pass


class CrmRejected(CrmError):
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

    async def add_task(self, deal_id: str, text: str, due: datetime) -> str: ...

    async def set_responsible(self, deal_id: str, user_id: str) -> None:
        """Make the CRM user `user_id` the deal's responsible manager (a no-op where there are no users)."""
