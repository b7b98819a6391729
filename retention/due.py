"""Who is due now, and writing to them first.

Due: last purchase ≥ 90 days ago, not opted out, messaging consent, reachable, not contacted in the
last 30 days, no snooze pending, no open deal, and inside messaging hours in the customer's own time
zone. The selection is one indexed query. A customer is claimed with a conditional UPDATE before
anything is sent, so two schedulers (or processes) never write to the same customer twice.
"""

from __future__ import annotations

import secrets
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import SelectOfScalar

from bot.store.models import Conversation, Customer, KeyValue, Lead


@dataclass(frozen=True)
class CampaignRules:
    after_days: int = 90
    contact_cap_days: int = 30
    open_deal_days: int = 0  # an open deal blocks contact; > 0: only one opened in the last N days does
    hours_start: int = 10
    hours_end: int = 20
    max_per_run: int = 50
    channels: tuple[str, ...] = ("web",)  # the channels configured in this shop, in order of preference
    cycles: tuple[tuple[str, int], ...] = ()  # (segment, days) due on their own cycle (retention/segments.py)


@lru_cache(maxsize=1)
def _zones() -> tuple[ZoneInfo, ...]:
    # ZoneInfo keeps only a few zones cached; holding them here makes the per-tick check ~1 ms
    return tuple(ZoneInfo(name) for name in sorted(available_timezones()))


def zones_in_hours(now: datetime, rules: CampaignRules) -> list[str]:
    """IANA zones where the local time is inside messaging hours now (the SQL filters by this list)."""
    return [z.key for z in _zones() if rules.hours_start <= now.astimezone(z).hour < rules.hours_end]


# A MAX bot writes only to people who started it: their MAX conversation is the reach, unless that
# chat stopped the bot or MAX refused it (bot/channels/max/store.py keeps this kv mark).
MAX_BLOCKED = "max.blocked:"  # + conversation id


def max_chats(customer_id: object) -> SelectOfScalar[int | None]:
    """The customer's MAX conversations the campaign may write to (`customer_id`: a number, or the
    customers' id column for the due query)."""
    blocked = select(KeyValue.key).where(col(KeyValue.key) == sa.literal(MAX_BLOCKED) + sa.cast(Conversation.id, sa.String))
    return select(col(Conversation.id)).where(
        col(Conversation.customer_id) == customer_id, Conversation.channel == "max", ~blocked.exists()
    )


async def reachable_on_max(session: AsyncSession, customer_id: int) -> int | None:
    """The MAX conversation to write to (the latest), if any."""
    return (await session.exec(max_chats(customer_id).order_by(col(Conversation.updated_at).desc()).limit(1))).first()


def reachable_clause(channels: tuple[str, ...]) -> sa.ColumnElement[bool]:
    clauses: list[sa.ColumnElement[bool]] = []
    if "max" in channels:
        clauses.append(max_chats(col(Customer.id)).exists())
    if "telegram" in channels:
        clauses.append(sa.and_(col(Customer.telegram_chat_id).is_not(None), col(Customer.telegram_unreachable).is_(False)))
    if "whatsapp" in channels:
        clauses.append(sa.and_(col(Customer.phone).is_not(None), col(Customer.whatsapp_unreachable).is_(False)))
    if "web" in channels:
        clauses.append(sa.true())
    return sa.or_(*clauses) if clauses else sa.false()


def open_deal(now: datetime, rules: CampaignRules) -> sa.Exists:
    """The customer has a request a manager is still working on."""
    deal_conditions: list[sa.ColumnElement[bool]] = [col(Lead.customer_id) == Customer.id, col(Lead.status) == "handed_off"]
    if rules.open_deal_days > 0:  # deals nobody closed for months may be ignored, when the shop says so
        deal_conditions.append(col(Lead.created_at) > now - timedelta(days=rules.open_deal_days))
    return select(Lead.id).where(*deal_conditions).exists()


def bought_long_ago(now: datetime, rules: CampaignRules) -> sa.ColumnElement[bool]:
    """The last purchase is older than the customer's purchase cycle (RETENTION_AFTER_DAYS by default)."""
    if not rules.cycles:
        return col(Customer.last_purchase_at) <= now - timedelta(days=rules.after_days)
    names = [name for name, _ in rules.cycles]
    shortest = min([rules.after_days, *(days for _, days in rules.cycles)])
    return sa.and_(
        col(Customer.last_purchase_at) <= now - timedelta(days=shortest),  # the index's range
        sa.or_(
            *(
                sa.and_(col(Customer.retention_segment) == name, col(Customer.last_purchase_at) <= now - timedelta(days=days))
                for name, days in rules.cycles
            ),
            sa.and_(
                sa.or_(col(Customer.retention_segment).is_(None), col(Customer.retention_segment).not_in(names)),
                col(Customer.last_purchase_at) <= now - timedelta(days=rules.after_days),
            ),
        ),
    )


def due_conditions(now: datetime, rules: CampaignRules) -> list[sa.ColumnElement[bool]]:
    return [
        bought_long_ago(now, rules),
        sa.or_(
            col(Customer.last_contacted_at).is_(None),
            col(Customer.last_contacted_at) <= now - timedelta(days=rules.contact_cap_days),
        ),
        col(Customer.opted_out_at).is_(None),
        col(Customer.messaging_consent).is_(True),
        col(Customer.next_contact_at).is_(None),
        reachable_clause(rules.channels),
        col(Customer.timezone).in_(zones_in_hours(now, rules)),
        ~open_deal(now, rules),
    ]


async def select_due(session: AsyncSession, now: datetime, rules: CampaignRules, limit: int | None = None) -> list[Customer]:
    query = (
        select(Customer)
        .where(*due_conditions(now, rules))
        .order_by(col(Customer.last_purchase_at))
        .limit(limit or rules.max_per_run)
    )
    return list((await session.exec(query)).all())


async def claim(session: AsyncSession, customer_id: int, now: datetime, rules: CampaignRules) -> bool:
    """Atomically mark the customer contacted; False when another run got there first. Caller commits."""
    cutoff = now - timedelta(days=rules.contact_cap_days)
    result = await session.exec(
        sa.update(Customer)
        .where(
            col(Customer.id) == customer_id,
            sa.or_(col(Customer.last_contacted_at).is_(None), col(Customer.last_contacted_at) <= cutoff),
        )
        .values(last_contacted_at=now)
    )
    return bool(result.rowcount == 1)


def channel_for(customer: Customer, rules: CampaignRules, *, on_max: bool = False) -> str | None:
    """`on_max`: the customer has a MAX chat to write to (`reachable_on_max`)."""
    for channel in rules.channels:
        if channel == "max" and on_max:
            return channel
        if channel == "telegram" and customer.telegram_chat_id and not customer.telegram_unreachable:
            return channel
        if channel == "whatsapp" and customer.phone and not customer.whatsapp_unreachable:
            return channel
        if channel == "web":
            return channel
    return None


def web_token() -> str:
    return secrets.token_urlsafe(18)


@dataclass
class SkipReport:
    """Why customers were not contacted now (for `retention run-once --dry-run`)."""

    due: list[Customer] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)


async def explain(session: AsyncSession, now: datetime, rules: CampaignRules, limit: int | None = None) -> SkipReport:
    """Counts per reason, in the order the rules apply (a customer is counted under the first rule it fails)."""
    reasons = [
        f"no purchase for {rules.after_days} days yet" + (" (or their segment's own cycle)" if rules.cycles else ""),
        f"contacted in the last {rules.contact_cap_days} days",
        "opted out",
        "no messaging consent",
        "follow-up already scheduled",
        "not reachable on a configured channel",
        "outside messaging hours in their time zone",
        "has an open deal",
    ]
    report = SkipReport(due=await select_due(session, now, rules, limit))
    passed: list[sa.ColumnElement[bool]] = []
    remaining = await _count(session, passed)
    checks = [
        ("never bought anything", col(Customer.last_purchase_at).is_not(None)),
        *zip(reasons, due_conditions(now, rules), strict=True),
    ]
    for reason, condition in checks:
        passed.append(condition)
        left = await _count(session, passed)
        if remaining - left:
            report.skipped[reason] = remaining - left
        remaining = left
    if remaining > len(report.due):
        report.skipped[f"due, but over this pass's limit of {limit or rules.max_per_run} (next pass)"] = remaining - len(
            report.due
        )
    return report


async def _count(session: AsyncSession, conditions: list[sa.ColumnElement[bool]]) -> int:
    query = select(sa.func.count()).select_from(Customer).where(*conditions)
    return int((await session.exec(query)).one())
