"""The discount policy: a personal discount valid 24 hours, one per customer per period, only with
advertising consent (38-FZ art. 18). The model never grants one; this module does."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.dialogue.state import OfferFacts
from bot.store.models import Customer, Offer


@dataclass(frozen=True)
class OfferPolicy:
    percent: int = 5
    valid_hours: int = 24
    period_days: int = 90


def expiry_text(moment: datetime, zone: str) -> str:
    """ "24.11 11:00" in the customer's time zone."""
    local = moment.astimezone(ZoneInfo(zone))
    return f"{local:%d.%m} {local:%H:%M}"


def allowed_percent(customer: Customer, policy: OfferPolicy, now: datetime, last: Offer | None) -> int | None:
    """The percent policy grants this customer now (their latest offer was `last`), or None."""
    if policy.percent <= 0 or not customer.ads_consent or customer.opted_out_at is not None:
        return None
    if last is not None and last.created_at > now - timedelta(days=policy.period_days):
        return None
    return policy.percent


def facts(offer: Offer, now: datetime, zone: str) -> OfferFacts:
    valid = offer.used_at is None and offer.expires_at > now
    return OfferFacts(percent=offer.percent, expires=expiry_text(offer.expires_at, zone), valid=valid)


def grant(customer: Customer, policy: OfferPolicy, now: datetime, contact_id: int | None) -> Offer:
    assert customer.id is not None
    return Offer(
        customer_id=customer.id,
        retention_contact_id=contact_id,
        percent=policy.percent,
        created_at=now,
        expires_at=now + timedelta(hours=policy.valid_hours),
    )
