"""The owner's view: did win-back pay? Touched vs control (the holdout), the uplift with its interval,
what the campaign earned, the economics beside the reference shop, weekly series and the numbers of
each purchase-cycle segment — one computation behind `stats --json`, /dashboard and /stats.

The unit is an assignment (retention_assignments): a customer a pass found due, in the touched or the
control group. Its orders are the purchases within RETENTION_ATTRIBUTION_DAYS of the date it was due.
"""

from __future__ import annotations

import io
import tomllib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jinja2
from sqlmodel import col, select

from bot.config import Settings
from bot.store.engine import SessionFactory
from bot.store.models import Lead, LlmUsage, Offer, Purchase, RetentionAssignment, RetentionContact
from retention import uplift
from retention.funnel import FunnelStats
from retention.holdout import CONTROL, TOUCHED
from retention.segments import OTHER, parse

# The reference shop's own figures (issue #17; DESIGN.md §5 "Seed benchmark").
REFERENCE_OUTCOMES = {"no_reply": 0.85, "nothing": 0.10, "later": 0.04, "need_now": 0.01}
REFERENCE_COST_PER_DIALOG = 3.0
REFERENCE_MARGIN_PER_ORDER = 2500.0
REFERENCE_DEAL_CONVERSION_BEFORE, REFERENCE_DEAL_CONVERSION = 0.27, 0.42
WON_STAGES = {"won", "успешно реализовано"}  # the built-in board's key and amoCRM's own name for a won deal


@dataclass(frozen=True)
class Economy:
    """What the view needs from the settings."""

    margin_percent: float = 20.0
    attribution_days: int = 30
    channel_costs: dict[str, float] = field(default_factory=dict)
    segments: tuple[tuple[str, int], ...] = ()  # (name, days), OTHER last
    timezone: str = "Europe/Moscow"
    control_percent: float = 10.0

    @classmethod
    def from_settings(cls, settings: Settings) -> Economy:
        segments = parse(settings.retention.segments, settings.retention.after_days)
        costs = {name: settings.channel_cost.of(name) for name in type(settings.channel_cost).model_fields}
        return cls(
            margin_percent=settings.shop_margin_percent,
            attribution_days=settings.retention.attribution_days,
            channel_costs=costs,
            segments=(*segments.cycles(), (OTHER, settings.retention.after_days)),
            timezone=settings.timezone,
            control_percent=settings.retention.control_percent,
        )


@dataclass(frozen=True)
class Filters:
    since: date | None = None
    until: date | None = None  # inclusive
    channel: str | None = None
    segment: str | None = None

    def period(self, timezone: str) -> tuple[datetime | None, datetime | None]:
        """[since, until) as moments: from the first day's start to the end of the last, in the shop's time."""
        zone = ZoneInfo(timezone)
        since = datetime.combine(self.since, time(), zone) if self.since else None
        until = datetime.combine(self.until + timedelta(days=1), time(), zone) if self.until else None
        return since, until

    def as_dict(self) -> dict[str, str | None]:
        return {
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "channel": self.channel,
            "segment": self.segment,
        }


@dataclass
class _Unit:
    """One assignment and what followed it."""

    arm: str
    due_at: datetime
    channel: str
    segment: str
    orders: int = 0
    revenue: float = 0.0
    replied: bool = False
    discount: float = 0.0
    cost: float = 0.0


def _group(units: list[_Unit]) -> dict[str, Any]:
    customers = len(units)
    buyers = sum(1 for u in units if u.orders)
    revenue = round(sum(u.revenue for u in units), 2)
    return {
        "customers": customers,
        "orders": sum(u.orders for u in units),
        "buyers": buyers,
        "revenue": revenue,
        "conversion": round(buyers / customers, 4) if customers else 0.0,
        "revenue_per_customer": round(revenue / customers, 2) if customers else 0.0,
    }


def _compare(touched: list[_Unit], control: list[_Unit], economy: Economy, texts: Texts) -> dict[str, Any]:
    conversion = uplift.proportions(
        sum(1 for u in touched if u.orders), len(touched), sum(1 for u in control if u.orders), len(control)
    )
    per_customer = uplift.means([u.revenue for u in touched], [u.revenue for u in control])
    verdict = conversion.verdict(len(touched), len(control))
    verdict_text = texts.verdict("no_control") if not control and economy.control_percent <= 0 else texts.verdict(verdict)
    discounts = round(sum(u.discount for u in touched), 2)
    cost = round(sum(u.cost for u in touched), 2)
    comparable = bool(touched and control)
    incremental_revenue = round(per_customer.value * len(touched), 2) if comparable else None
    incremental_margin = round(incremental_revenue * economy.margin_percent / 100, 2) if incremental_revenue is not None else None
    control_buyers = sum(1 for u in control if u.orders) / len(control) if control else 0.0
    return {
        "conversion_pp": round(conversion.value * 100, 2),
        "revenue_per_customer": round(per_customer.value, 2),
        "interval": {
            "level": uplift.LEVEL,
            "conversion_pp": _bounds(conversion, 100),
            "revenue_per_customer": _bounds(per_customer, 1),
        },
        "verdict": verdict,
        "verdict_text": verdict_text,
        "enough_data": verdict != uplift.TOO_SMALL,
        "min_group": uplift.MIN_GROUP,
        "incremental_orders": round(sum(1 for u in touched if u.orders) - control_buyers * len(touched), 2)
        if comparable
        else None,
        "incremental_revenue": incremental_revenue,
        "incremental_margin": incremental_margin,
        "discounts": discounts,
        "messaging_cost": cost,
        "campaign_profit": round(incremental_margin - discounts - cost, 2) if incremental_margin is not None else None,
    }


def _bounds(difference: uplift.Difference, scale: float) -> list[float] | None:
    if difference.low is None or difference.high is None:
        return None
    return [round(difference.low * scale, 2), round(difference.high * scale, 2)]


class Texts:
    """prompts/stats.toml."""

    def __init__(self, prompts_dir: Path) -> None:
        raw = tomllib.loads((prompts_dir / "stats.toml").read_text(encoding="utf-8"))
        self._env = jinja2.Environment(autoescape=False, keep_trailing_newline=False, undefined=jinja2.StrictUndefined)
        self.stages: dict[str, str] = raw["stages"]
        self._raw = raw

    def render(self, section: str, key: str, **facts: Any) -> str:
        return self._env.from_string(self._raw[section][key]).render(**facts, **FORMATS)

    def verdict(self, key: str) -> str:
        return self.render("verdicts", key, min_group=uplift.MIN_GROUP)

    def stage(self, stage: str | None) -> str:
        return self.stages.get(stage or "new", stage or "")


def _rub(amount: float | None) -> str:
    return f"{amount or 0:,.0f}".replace(",", " ")


def _signed_rub(amount: float | None) -> str:
    value = amount or 0
    return ("+" if value > 0 else "−" if value < 0 else "") + _rub(abs(value))


def _pp(value: float | None) -> str:
    value = value or 0
    return ("+" if value > 0 else "−" if value < 0 else "") + f"{abs(value):.1f}".replace(".", ",")


FORMATS: dict[str, Callable[[float | None], str]] = {  # the numbers as the owner reads them (texts, page)
    "rub": _rub,
    "signed_rub": _signed_rub,
    "pp": _pp,
    "pct": lambda v: f"{100 * (v or 0):.0f}%",
    "money": lambda v: f"{v or 0:.2f}".replace(".", ","),
}


@dataclass
class OwnerView:
    filters: Filters
    control: dict[str, Any]
    touched: dict[str, Any]
    uplift: dict[str, Any]
    economics: dict[str, Any]
    weekly: list[dict[str, Any]]
    segments: list[dict[str, Any]]
    channels: list[str]
    attribution_days: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "filters": self.filters.as_dict(),
            "attribution_days": self.attribution_days,
            "control": self.control,
            "touched": self.touched,
            "uplift": self.uplift,
            "economics": self.economics,
            "weekly": self.weekly,
            "segments": self.segments,
            "channels": self.channels,
        }


async def compute_view(
    sessions: SessionFactory,
    *,
    now: datetime,
    economy: Economy,
    texts: Texts,
    funnel: FunnelStats,
    filters: Filters = Filters(),
) -> OwnerView:
    zone = ZoneInfo(economy.timezone)
    window = timedelta(days=economy.attribution_days)
    async with sessions() as session:
        query = select(RetentionAssignment)
        if filters.since:
            query = query.where(col(RetentionAssignment.due_at) >= datetime.combine(filters.since, time(), zone))
        if filters.until:
            query = query.where(
                col(RetentionAssignment.due_at) < datetime.combine(filters.until + timedelta(days=1), time(), zone)
            )
        if filters.channel:
            query = query.where(RetentionAssignment.channel == filters.channel)
        if filters.segment:
            query = query.where(RetentionAssignment.segment == filters.segment)
        assignments = list((await session.exec(query.order_by(col(RetentionAssignment.due_at)))).all())
        every_channel = sorted(set((await session.exec(select(RetentionAssignment.channel).distinct())).all()))
        customer_ids = {a.customer_id for a in assignments}
        contact_ids = [a.contact_id for a in assignments if a.contact_id is not None]
        first = min((a.due_at for a in assignments), default=now)
        purchases = (
            list(
                (
                    await session.exec(
                        select(Purchase).where(col(Purchase.customer_id).in_(customer_ids), col(Purchase.purchased_at) >= first)
                    )
                ).all()
            )
            if customer_ids
            else []
        )
        contacts = (
            list(
                (
                    await session.exec(
                        select(RetentionContact).where(
                            col(RetentionContact.customer_id).in_(customer_ids), col(RetentionContact.contacted_at) >= first
                        )
                    )
                ).all()
            )
            if customer_ids
            else []
        )
        offers = (
            list(
                (
                    await session.exec(
                        select(Offer).where(col(Offer.customer_id).in_(customer_ids), col(Offer.used_at).is_not(None))
                    )
                ).all()
            )
            if customer_ids
            else []
        )
        conversations = {c.conversation_id for c in contacts if c.conversation_id is not None}
        usage = (
            list(
                (
                    await session.exec(
                        select(LlmUsage.conversation_id, LlmUsage.created_at, LlmUsage.cost_rub).where(
                            col(LlmUsage.conversation_id).in_(conversations), col(LlmUsage.created_at) >= first
                        )
                    )
                ).all()
            )
            if conversations
            else []
        )
        leads = (
            list(
                (
                    await session.exec(
                        select(Lead).where(
                            col(Lead.id).in_(
                                select(RetentionContact.lead_id).where(
                                    col(RetentionContact.id).in_(contact_ids), col(RetentionContact.lead_id).is_not(None)
                                )
                            )
                        )
                    )
                ).all()
            )
            if contact_ids
            else []
        )
    units = _follow(assignments, purchases, contacts, offers, usage, window, economy)
    touched = [u for u in units if u.arm == TOUCHED]
    control = [u for u in units if u.arm == CONTROL]
    comparison = _compare(touched, control, economy, texts)
    economics = _economics(funnel, touched, leads, economy, texts)
    weekly = _weekly(units, zone)
    segments = []
    for name, days in economy.segments:
        mine_t = [u for u in touched if u.segment == name]
        mine_c = [u for u in control if u.segment == name]
        compared = _compare(mine_t, mine_c, economy, texts)
        segments.append(
            {
                "segment": name,
                "days": days,
                "control": _group(mine_c),
                "touched": _group(mine_t),
                "conversion_pp": compared["conversion_pp"],
                "interval": compared["interval"]["conversion_pp"],
                "verdict": compared["verdict"],
                "incremental_revenue": compared["incremental_revenue"],
                "campaign_profit": compared["campaign_profit"],
            }
        )
    return OwnerView(
        filters=filters,
        control=_group(control),
        touched=_group(touched),
        uplift=comparison,
        economics=economics,
        weekly=weekly,
        segments=segments,
        channels=every_channel,
        attribution_days=economy.attribution_days,
    )


def _follow(
    assignments: list[RetentionAssignment],
    purchases: list[Purchase],
    contacts: list[RetentionContact],
    offers: list[Offer],
    usage: list[tuple[int, datetime, float]],
    window: timedelta,
    economy: Economy,
) -> list[_Unit]:
    bought: dict[int, list[Purchase]] = defaultdict(list)
    for purchase in purchases:
        bought[purchase.customer_id].append(purchase)
    touches: dict[int, list[RetentionContact]] = defaultdict(list)
    for contact in contacts:
        touches[contact.customer_id].append(contact)
    used: dict[int, list[Offer]] = defaultdict(list)
    for offer in offers:
        used[offer.customer_id].append(offer)
    spent: dict[int, list[tuple[datetime, float]]] = defaultdict(list)
    for conversation_id, at, cost in usage:
        spent[conversation_id].append((at, cost))
    units = []
    for a in assignments:
        end = a.due_at + window
        unit = _Unit(a.arm, a.due_at, a.channel, a.segment)
        mine = sorted((p for p in bought[a.customer_id] if a.due_at <= p.purchased_at < end), key=lambda p: p.purchased_at)
        unit.orders, unit.revenue = len(mine), sum(p.amount for p in mine)
        if a.arm == TOUCHED:
            reached = [
                c for c in touches[a.customer_id] if a.due_at <= c.contacted_at < end and c.failed_at is None
            ]  # the opener and any follow-up inside the window
            unit.replied = any(c.replied_at is not None for c in reached)
            unit.cost = sum(economy.channel_costs.get(c.channel, 0.0) + c.cost_rub for c in reached)
            for conversation_id in {c.conversation_id for c in reached if c.conversation_id is not None}:
                unit.cost += sum(cost for at, cost in spent[conversation_id] if a.due_at <= at < end)
            for offer in used[a.customer_id]:
                if offer.used_at is not None and a.due_at <= offer.used_at < end:
                    after = [p.amount for p in mine if p.purchased_at >= offer.used_at]
                    unit.discount += offer.percent / 100 * (after[0] if after else 0.0)  # the order it was used on
        units.append(unit)
    return units


def _economics(funnel: FunnelStats, touched: list[_Unit], leads: list[Lead], economy: Economy, texts: Texts) -> dict[str, Any]:
    orders = sum(u.orders for u in touched)
    revenue = sum(u.revenue for u in touched)
    margin = revenue * economy.margin_percent / 100
    stages: dict[str, int] = defaultdict(int)
    won = 0
    for lead in leads:
        stages[texts.stage(lead.crm_stage)] += 1
        won += (lead.crm_stage or "").strip().lower() in WON_STAGES
    return {
        "cost_per_dialog": {"value": funnel.cost_per_dialog, "reference": REFERENCE_COST_PER_DIALOG},
        "revenue_per_100_dialogs": {
            "value": funnel.revenue_per_100_dialogs,
            # the reference: 1 order per 100 dialogs, at ~2,500 ₽ of margin, i.e. this revenue at our margin
            "reference": round(REFERENCE_MARGIN_PER_ORDER / (economy.margin_percent / 100), 2)
            if economy.margin_percent
            else None,
        },
        "margin_per_order": {
            "value": round(margin / orders, 2) if orders else 0.0,
            "reference": REFERENCE_MARGIN_PER_ORDER,
        },
        "outcomes": {
            name: {"value": funnel.share(funnel.outcomes.get(name, 0)), "reference": share}
            for name, share in REFERENCE_OUTCOMES.items()
        },
        "deal_stages": [
            {"stage": name, "deals": n, "share": round(n / len(leads), 4)}
            for name, n in sorted(stages.items(), key=lambda item: -item[1])
        ],
        "deal_conversion": {
            "value": round(won / len(leads), 4) if leads else 0.0,
            "deals": len(leads),
            "won": won,
            "reference_before": REFERENCE_DEAL_CONVERSION_BEFORE,
            "reference": REFERENCE_DEAL_CONVERSION,
        },
    }


def _weekly(units: list[_Unit], zone: ZoneInfo) -> list[dict[str, Any]]:
    weeks: dict[date, list[_Unit]] = defaultdict(list)
    for unit in units:
        day = unit.due_at.astimezone(zone).date()
        weeks[day - timedelta(days=day.weekday())].append(unit)
    series = []
    for monday in sorted(weeks):
        touched = [u for u in weeks[monday] if u.arm == TOUCHED]
        control = [u for u in weeks[monday] if u.arm == CONTROL]
        t, c = _group(touched), _group(control)
        series.append(
            {
                "week": monday.isoformat(),
                "touches": t["customers"],
                "replies": sum(1 for u in touched if u.replied),
                "orders": t["orders"],
                "revenue": t["revenue"],
                "control": c["customers"],
                "control_orders": c["orders"],
                "control_revenue": c["revenue"],
                "uplift_pp": round((t["conversion"] - c["conversion"]) * 100, 2) if touched and control else None,
            }
        )
    return series


@dataclass
class Report:
    """Everything `stats --json` prints: the funnel as before, and the owner's view beside it."""

    funnel: FunnelStats
    view: OwnerView

    def to_dict(self) -> dict[str, Any]:
        return {**self.funnel.to_dict(), **self.view.to_dict()}


async def build_report(sessions: SessionFactory, settings: Settings, *, now: datetime, filters: Filters = Filters()) -> Report:
    from retention.funnel import compute

    economy = Economy.from_settings(settings)
    since, until = filters.period(economy.timezone)
    funnel = await compute(
        sessions, now=now, since=since, until=until, channel=filters.channel, channel_costs=economy.channel_costs
    )
    texts = Texts(settings.prompts_dir)
    view = await compute_view(sessions, now=now, economy=economy, texts=texts, funnel=funnel, filters=filters)
    return Report(funnel, view)


def report_text(report: Report, texts: Texts) -> str:
    """The funnel, the uplift and the economics in a few lines: the terminal and the owner's /stats."""
    from retention.funnel import as_text

    data = report.view.to_dict()
    uplift_text = texts.render("text", "uplift", c=data["control"], t=data["touched"], u=data["uplift"])
    economics_text = texts.render("text", "economics", e=data["economics"])
    return "\n".join([as_text(report.funnel), uplift_text, economics_text])


def report_png(report: Report, texts: Texts) -> bytes | None:
    """The funnel chart with the uplift below it: control vs touched conversion, the difference with its
    interval, the verdict and what the campaign earned. None when nobody was contacted yet."""
    from retention.funnel import _font, chart_png

    funnel = chart_png(report.funnel)
    if funnel is None:
        return None
    from PIL import Image, ImageDraw, ImageFont

    top = Image.open(io.BytesIO(funnel))
    data = report.view.to_dict()
    lines = texts.render("text", "uplift", c=data["control"], t=data["touched"], u=data["uplift"]).splitlines()
    width, row = max(top.width, 1280), 44
    panel = 70 + 2 * row + 34 * len(lines) + 20
    image = Image.new("RGB", (width, top.height + panel), "white")
    image.paste(top, (0, 0))
    draw = ImageDraw.Draw(image)
    font, small = _font(ImageFont, 22), _font(ImageFont, 18)
    y = top.height + 10
    draw.text((20, y), texts.render("chart", "uplift_title", days=data["attribution_days"]), fill="#1f2328", font=font)
    y += 46
    groups = [(texts.render("chart", "control"), data["control"]), (texts.render("chart", "touched"), data["touched"])]
    peak = max(g["conversion"] for _, g in groups) or 1
    left = 230
    for index, (label, group) in enumerate(groups):
        length = int((width - left - 160) * group["conversion"] / peak)
        draw.text((20, y + 8), label, fill="#444", font=font)
        draw.rectangle((left, y + 6, left + max(length, 2), y + row - 8), fill="#2f9e44" if index else "#868e96")
        draw.text((left + length + 10, y + 8), f"{100 * group['conversion']:.1f}%", fill="#1f2328", font=font)
        y += row
    y += 10
    for line in lines:
        draw.text((20, y), line, fill="#1f2328", font=small)
        y += 34
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
