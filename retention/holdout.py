"""The control group (holdout): of the customers due in a pass, RETENTION_CONTROL_PERCENT — chosen by a
stable hash of the customer id — are recorded as `control` and never written to. A customer found due
again keeps the group of their first assignment, so the comparison is never contaminated."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.store.models import RetentionAssignment

TOUCHED, CONTROL = "touched", "control"
_SALT = b"partsbot.holdout:"
_BUCKETS = 10_000


def hashed_control(customer_id: int, percent: float) -> bool:
    """The same customer id gives the same answer in every process and every run."""
    digest = hashlib.sha256(_SALT + str(customer_id).encode()).digest()
    return int.from_bytes(digest[:8], "big") % _BUCKETS < round(percent * _BUCKETS / 100)


async def earlier_arms(session: AsyncSession, customer_ids: Iterable[int]) -> dict[int, str]:
    """The group each of these customers was first assigned to, if they were."""
    ids = list(customer_ids)
    if not ids:
        return {}
    rows = await session.exec(
        select(RetentionAssignment.customer_id, RetentionAssignment.arm)
        .where(col(RetentionAssignment.customer_id).in_(ids))
        .order_by(col(RetentionAssignment.id).desc())
    )
    return dict(rows.all())  # the first assignment wins: it is the last one written into the dict


def arm_for(customer_id: int, percent: float, earlier: str | None) -> str:
    """No holdout (0%): everybody is written to. Otherwise a customer keeps the group they were first put in."""
    if percent <= 0:
        return TOUCHED
    if earlier is not None:
        return earlier
    return CONTROL if hashed_control(customer_id, percent) else TOUCHED
