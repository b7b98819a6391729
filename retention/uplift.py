"""Touched vs control: the difference of conversion (proportions) and of revenue per customer (means),
each with a 95% normal-approximation interval, and a plain verdict — including "the groups are too
small to tell", which is what a small shop will mostly read."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import NormalDist

LEVEL = 0.95
Z = NormalDist().inv_cdf(0.5 + LEVEL / 2)  # 1.96
MIN_GROUP = 30  # below this many customers in either group the normal approximation is not to be trusted

TOO_SMALL, MORE, LESS, UNCLEAR = "too_small", "more", "less", "unclear"


@dataclass(frozen=True)
class Difference:
    """touched − control, with its 95% interval (None when either group is empty)."""

    value: float
    low: float | None
    high: float | None

    def verdict(self, touched_n: int, control_n: int) -> str:
        if min(touched_n, control_n) < MIN_GROUP or self.low is None or self.high is None:
            return TOO_SMALL
        if self.low > 0:
            return MORE
        if self.high < 0:
            return LESS
        return UNCLEAR


def proportions(touched_hits: int, touched_n: int, control_hits: int, control_n: int) -> Difference:
    """Difference of two proportions (Wald interval on the unpooled standard error)."""
    if not touched_n or not control_n:
        p = touched_hits / touched_n if touched_n else 0.0
        return Difference(p, None, None)
    p1, p2 = touched_hits / touched_n, control_hits / control_n
    se = math.sqrt(p1 * (1 - p1) / touched_n + p2 * (1 - p2) / control_n)
    return Difference(p1 - p2, p1 - p2 - Z * se, p1 - p2 + Z * se)


def means(touched: Sequence[float], control: Sequence[float]) -> Difference:
    """Difference of two means (Welch's standard error, normal quantile)."""
    if not touched or not control:
        return Difference(_mean(touched), None, None)
    m1, m2 = _mean(touched), _mean(control)
    se = math.sqrt(_variance(touched) / len(touched) + _variance(control) / len(control))
    return Difference(m1 - m2, m1 - m2 - Z * se, m1 - m2 + Z * se)


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _variance(values: Sequence[float]) -> float:
    if len(values) < 2:
        return 0.0
    mean = _mean(values)
    return sum((v - mean) ** 2 for v in values) / (len(values) - 1)
