"""The owner's funnel: contacted, replied, outcomes, offers, hand-offs, orders, money, cost."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select

from bot.store.engine import SessionFactory
from bot.store.models import Lead, LlmUsage, Message, Offer, Purchase, RetentionContact

OUTCOMES = ("need_now", "later", "nothing", "no_reply", "opted_out")
ATTRIBUTION = timedelta(days=30)  # a purchase within 30 days of a campaign touch counts for the campaign


@dataclass
class FunnelStats:
    since: str | None
    contacted: int = 0
    replied: int = 0
    outcomes: dict[str, int] = field(default_factory=lambda: dict.fromkeys(OUTCOMES, 0))
    awaiting_reply: int = 0
    offers_made: int = 0
    offers_used: int = 0
    leads_handed_off: int = 0
    orders: int = 0
    revenue: float = 0.0
    cost_total: float = 0.0  # messaging (retention_contacts.cost_rub) + model tokens (llm_usage)
    dialogs: int = 0  # conversations with a message in the period
    leads_total: int = 0  # every hand-off in the period, campaign or not
    llm_tokens_in: int = 0
    llm_tokens_out: int = 0
    llm_cost: float = 0.0
    deal_stages: dict[str, int] = field(default_factory=dict)

    def share(self, count: int) -> float:
        return round(count / self.contacted, 4) if self.contacted else 0.0

    @property
    def cost_per_dialog(self) -> float:
        dialogs = self.dialogs or self.contacted
        return round(self.cost_total / dialogs, 4) if dialogs else 0.0

    @property
    def cost_per_lead(self) -> float:
        return round(self.cost_total / self.leads_total, 4) if self.leads_total else 0.0

    @property
    def revenue_per_100_dialogs(self) -> float:
        return round(self.revenue / self.contacted * 100, 2) if self.contacted else 0.0

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("outcomes")
        data.update(self.outcomes)
        data["shares"] = {name: self.share(n) for name, n in [("replied", self.replied), *self.outcomes.items()]}
        data["cost_per_dialog"] = self.cost_per_dialog
        data["cost_per_lead"] = self.cost_per_lead
        data["revenue_per_100_dialogs"] = self.revenue_per_100_dialogs
        return data


async def compute(
    sessions: SessionFactory,
    *,
    now: datetime,
    since: datetime | None = None,
    until: datetime | None = None,
    channel: str | None = None,
    channel_costs: Mapping[str, float] | None = None,
) -> FunnelStats:
    """`until`: touches before this moment only; `channel_costs`: roubles per campaign message (CHANNEL_COST_*)."""
    start = since or datetime(1970, 1, 1, tzinfo=now.tzinfo)
    stats = FunnelStats(since=since.date().isoformat() if since else None)
    costs = channel_costs or {}
    end = until or datetime(9999, 1, 1, tzinfo=now.tzinfo)
    async with sessions() as session:
        touched = select(RetentionContact).where(
            col(RetentionContact.contacted_at) >= start,
            col(RetentionContact.failed_at).is_(None),  # a message that never arrived touched no one
        )
        if until is not None:
            touched = touched.where(col(RetentionContact.contacted_at) < until)
        if channel:
            touched = touched.where(RetentionContact.channel == channel)
        contacts = list((await session.exec(touched)).all())
        offers = list(
            (await session.exec(select(Offer).where(col(Offer.created_at) >= start, col(Offer.created_at) < end))).all()
        )
        customer_ids = {c.customer_id for c in contacts}
        purchases = (
            list(
                (
                    await session.exec(
                        select(Purchase).where(col(Purchase.customer_id).in_(customer_ids), col(Purchase.purchased_at) >= start)
                    )
                ).all()
            )
            if customer_ids
            else []
        )
        lead_ids = [c.lead_id for c in contacts if c.lead_id]
        stages = (
            (
                await session.exec(
                    select(Lead.crm_stage, sa.func.count()).where(col(Lead.id).in_(lead_ids)).group_by(Lead.crm_stage)
                )
            ).all()
            if lead_ids
            else []
        )
        usage = (
            await session.exec(
                select(
                    sa.func.coalesce(sa.func.sum(LlmUsage.tokens_in), 0),
                    sa.func.coalesce(sa.func.sum(LlmUsage.tokens_out), 0),
                    sa.func.coalesce(sa.func.sum(LlmUsage.cost_rub), 0.0),
                ).where(col(LlmUsage.created_at) >= start, col(LlmUsage.created_at) < end)
            )
        ).one()
        stats.dialogs = (
            await session.exec(
                select(sa.func.count(sa.distinct(col(Message.conversation_id)))).where(
                    col(Message.created_at) >= start, col(Message.created_at) < end
                )
            )
        ).one()
        stats.leads_total = (
            await session.exec(
                select(sa.func.count()).select_from(Lead).where(col(Lead.created_at) >= start, col(Lead.created_at) < end)
            )
        ).one()
    stats.llm_tokens_in, stats.llm_tokens_out, stats.llm_cost = int(usage[0]), int(usage[1]), round(float(usage[2]), 4)
    stats.contacted = len(contacts)
    stats.replied = sum(1 for c in contacts if c.replied_at is not None)
    counted = Counter(c.outcome for c in contacts)
    stats.outcomes = {name: counted.get(name, 0) for name in OUTCOMES}
    stats.awaiting_reply = counted.get(None, 0)
    stats.offers_made = len(offers)
    stats.offers_used = sum(1 for o in offers if o.used_at is not None)
    stats.leads_handed_off = len(lead_ids)
    stats.cost_total = round(sum(c.cost_rub + costs.get(c.channel, 0.0) for c in contacts) + stats.llm_cost, 4)
    stats.deal_stages = {stage or "new": int(n) for stage, n in stages}
    touches: dict[int, list[datetime]] = {}
    for contact in contacts:
        touches.setdefault(contact.customer_id, []).append(contact.contacted_at)
    for purchase in purchases:
        if purchase.retention_contact_id is not None or any(
            t <= purchase.purchased_at <= t + ATTRIBUTION for t in touches.get(purchase.customer_id, [])
        ):
            stats.orders += 1
            stats.revenue += purchase.amount
    stats.revenue = round(stats.revenue, 2)
    return stats


_LABELS = {
    "need_now": "нужно сейчас",
    "later": "позже",
    "nothing": "ничего не нужно",
    "no_reply": "нет ответа",
    "opted_out": "отписались",
}


def _rub(amount: float) -> str:
    return f"{amount:,.0f}".replace(",", " ")  # 12 500, as Russians write money


def as_text(stats: FunnelStats) -> str:
    """The funnel in a few lines, for the owner's Telegram and the terminal."""
    period = f"с {stats.since}" if stats.since else "за всё время"
    lines = [
        f"Возврат клиентов {period}:",
        f"Написали: {stats.contacted}, ответили: {stats.replied} ({stats.share(stats.replied):.0%})",
    ]
    lines += [f"  {_LABELS[k]}: {v} ({stats.share(v):.0%})" for k, v in stats.outcomes.items()]
    lines += [
        f"Скидок предложено: {stats.offers_made}, использовано: {stats.offers_used}",
        f"Заявок менеджерам: {stats.leads_handed_off}, заказов: {stats.orders}, выручка: {_rub(stats.revenue)} ₽",
        f"Модель: токенов {stats.llm_tokens_in} на входе, {stats.llm_tokens_out} на выходе; {stats.llm_cost:.2f} ₽ за {stats.dialogs} диалогов",
        f"Стоимость заявки: {stats.cost_per_lead:.2f} ₽ (заявок всего: {stats.leads_total})",
        f"Стоимость диалога: {stats.cost_per_dialog:.2f} ₽, выручка на 100 диалогов: {_rub(stats.revenue_per_100_dialogs)} ₽",
    ]
    return "\n".join(lines)


def funnel_bars(stats: FunnelStats) -> list[tuple[str, int]]:
    return (
        [("Написали", stats.contacted), ("Ответили", stats.replied)]
        + [(_LABELS[k].capitalize(), v) for k, v in stats.outcomes.items()]
        + [("Заказы", stats.orders)]
    )


def chart_png(stats: FunnelStats) -> bytes | None:
    """A horizontal bar chart of the funnel; None when nobody was contacted yet."""
    if not stats.contacted:
        return None
    from PIL import Image, ImageDraw, ImageFont  # imported here: only the chart needs Pillow

    bars = funnel_bars(stats)
    width, row, left = 900, 46, 230
    image = Image.new("RGB", (width, row * len(bars) + 70), "white")
    draw = ImageDraw.Draw(image)
    font = _font(ImageFont, 22)
    draw.text((20, 18), "Воронка возврата клиентов", fill="#1f2328", font=font)
    top = max(value for _, value in bars) or 1
    for index, (label, value) in enumerate(bars):
        y = 60 + index * row
        length = int((width - left - 110) * value / top)
        draw.text((20, y + 8), label, fill="#444", font=font)
        draw.rectangle((left, y + 6, left + max(length, 2), y + row - 8), fill="#d9480f" if index else "#24292f")
        draw.text((left + length + 10, y + 8), str(value), fill="#1f2328", font=font)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _font(image_font: Any, size: int) -> Any:
    for path in (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    ):
        try:
            return image_font.truetype(path, size)
        except OSError:
            continue
    return image_font.load_default(size=size)
