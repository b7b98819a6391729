"""Who answers how fast: per manager, the requests they took, the median and 90th percentile of the
working time to take one and to the first reply, how many were overdue first, and the share won; the
requests nobody took; and what customers said after buying (average, distribution, comments).

The same numbers for the dashboard, `stats --json` ("managers", "sla", "feedback") and the owner's /stats.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import col, select

from bot.app.manager_texts import ManagerTexts, duration_text
from bot.config import Settings
from bot.store.engine import SessionFactory
from bot.store.models import Customer, Feedback, Lead, LeadSla, Purchase
from bot.working_hours import WorkingHours

COMMENTS = 20  # the latest comments shown


def percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile (the median is 0.5), None of nothing."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


@dataclass
class ManagerRow:
    manager: str
    taken: int = 0
    take_median_minutes: float | None = None
    take_p90_minutes: float | None = None
    first_reply_median_minutes: float | None = None
    first_reply_p90_minutes: float | None = None
    escalations: int = 0  # requests of theirs that went overdue before they took them
    won: int = 0
    won_share: float | None = None


@dataclass
class ManagersReport:
    managers: list[ManagerRow] = field(default_factory=list)
    handed_off: int = 0
    not_taken: int = 0
    overdue: int = 0
    escalated: int = 0
    feedback: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """`stats --json`'s "managers", "sla" and "feedback"."""
        return {
            "managers": [asdict(row) for row in self.managers],
            "sla": {
                "handed_off": self.handed_off,
                "not_taken": self.not_taken,
                "overdue": self.overdue,
                "escalated": self.escalated,
            },
            "feedback": self.feedback,
        }


async def managers_report(
    sessions: SessionFactory,
    hours: WorkingHours,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    channel: str | None = None,
) -> ManagersReport:
    """Requests handed off in [since, until) (from `channel` only, when given), and the feedback asked then."""
    async with sessions() as session:
        query = select(Lead, LeadSla).join(LeadSla, col(LeadSla.lead_id) == col(Lead.id), isouter=True)
        if since is not None:
            query = query.where(col(Lead.created_at) >= since)
        if until is not None:
            query = query.where(col(Lead.created_at) < until)
        if channel:
            query = query.where(Lead.channel == channel)
        rows = list((await session.exec(query)).all())
        won_refs = set((await session.exec(select(Purchase.external_id).where(col(Purchase.external_id).is_not(None)))).all())
        feedback = await _feedback(session, since, until)
    report = ManagersReport(handed_off=len(rows), feedback=feedback)
    take: dict[str, list[float]] = defaultdict(list)
    reply: dict[str, list[float]] = defaultdict(list)
    by_name: dict[str, ManagerRow] = {}
    for lead, found in rows:
        sla: LeadSla | None = found
        report.overdue += bool(sla and sla.overdue_at)
        report.escalated += bool(sla and sla.escalated_at)
        if sla is None or sla.taken_at is None or sla.taken_by is None:
            report.not_taken += 1
            continue
        row = by_name.setdefault(sla.taken_by, ManagerRow(sla.taken_by))
        row.taken += 1
        row.escalations += bool(sla.overdue_at)
        row.won += bool({f"local:lead:{lead.id}", f"amocrm:lead:{lead.crm_deal_id}"} & won_refs)
        take[sla.taken_by].append(_minutes(hours.between(sla.handed_off_at, sla.taken_at)))
        if sla.first_reply_at is not None:
            reply[sla.taken_by].append(_minutes(hours.between(sla.handed_off_at, sla.first_reply_at)))
    for name, row in by_name.items():
        row.take_median_minutes, row.take_p90_minutes = percentile(take[name], 0.5), percentile(take[name], 0.9)
        row.first_reply_median_minutes, row.first_reply_p90_minutes = percentile(reply[name], 0.5), percentile(reply[name], 0.9)
        row.won_share = round(row.won / row.taken, 3) if row.taken else None
    report.managers = sorted(by_name.values(), key=lambda r: (-r.taken, r.manager))
    return report


def _minutes(span: timedelta) -> float:
    return round(span.total_seconds() / 60, 1)


async def _feedback(session: Any, since: datetime | None, until: datetime | None) -> dict[str, Any]:
    query = select(Feedback, Customer).join(Customer, col(Customer.id) == col(Feedback.customer_id))
    if since is not None:
        query = query.where(col(Feedback.asked_at) >= since)
    if until is not None:
        query = query.where(col(Feedback.asked_at) < until)
    rows = list((await session.exec(query.order_by(col(Feedback.id).desc()))).all())
    ratings = [fb.rating for fb, _ in rows if fb.rating is not None]
    comments = [
        {"rating": fb.rating, "comment": fb.comment, "customer": customer.name, "at": (fb.answered_at or fb.asked_at).isoformat()}
        for fb, customer in rows
        if fb.comment
    ][:COMMENTS]
    return {
        "asked": len(rows),
        "answered": sum(fb.answered_at is not None for fb, _ in rows),
        "average": round(sum(ratings) / len(ratings), 2) if ratings else None,
        "distribution": {str(n): ratings.count(n) for n in range(1, 6)},
        "bad": sum(r <= 3 for r in ratings),
        "comments": comments,
    }


async def build_managers_report(
    sessions: SessionFactory,
    settings: Settings,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    channel: str | None = None,
) -> ManagersReport:
    """The report for the period and channel the owner picked (the dashboard's and `stats`' filters)."""
    return await managers_report(sessions, settings.working_hours(), since=since, until=until, channel=channel)


def report_text(report: ManagersReport, texts: ManagerTexts) -> str:
    """The owner's /stats: a line per manager, the untaken, the feedback."""
    if not report.handed_off and not report.feedback.get("asked"):
        return texts("report_empty")
    lines = [texts("report_title")]
    for row in report.managers:
        lines.append(
            texts(
                "report_line",
                manager=row.manager,
                taken=row.taken,
                take_median=_span(row.take_median_minutes),
                take_p90=_span(row.take_p90_minutes),
                reply_median=_span(row.first_reply_median_minutes),
                escalations=row.escalations,
                won_share=f"{round(100 * row.won_share)}%" if row.won_share is not None else "—",
            )
        )
    lines.append(
        texts(
            "report_untaken",
            not_taken=report.not_taken,
            handed_off=report.handed_off,
            overdue=report.overdue,
            escalated=report.escalated,
        )
    )
    fb = report.feedback
    if fb.get("asked"):
        average = f"{fb['average']:.1f}".replace(".", ",") if fb.get("average") is not None else None
        lines.append(texts("report_feedback", answered=fb["answered"], asked=fb["asked"], average=average, bad=fb["bad"]))
    return "\n".join(lines)


def _span(minutes: float | None) -> str:
    return duration_text(minutes) if minutes is not None else "—"
