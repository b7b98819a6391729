"""The uplift's arithmetic: differences with a 95% normal-approximation interval, and plain verdicts."""

from __future__ import annotations

import math

import pytest

from retention.uplift import LESS, MIN_GROUP, MORE, TOO_SMALL, UNCLEAR, means, proportions


def test_the_difference_of_conversions_has_the_textbook_wald_interval() -> None:
    difference = proportions(30, 100, 20, 100)  # 30% against 20%
    se = math.sqrt(0.3 * 0.7 / 100 + 0.2 * 0.8 / 100)
    assert difference.value == pytest.approx(0.10)
    assert difference.low == pytest.approx(0.10 - 1.959964 * se, abs=1e-6)
    assert difference.high == pytest.approx(0.10 + 1.959964 * se, abs=1e-6)


def test_the_difference_of_revenue_per_customer_uses_each_groups_own_spread() -> None:
    touched, control = [0.0, 1000.0, 2000.0, 3000.0], [0.0, 0.0, 1000.0, 1000.0]
    difference = means(touched, control)
    se = math.sqrt((1_666_666.67 / 4) + (333_333.33 / 4))
    assert difference.value == pytest.approx(1000.0)
    assert (difference.low, difference.high) == (
        pytest.approx(1000 - 1.959964 * se, rel=1e-4),
        pytest.approx(1000 + 1.959964 * se, rel=1e-4),
    )


def test_groups_under_the_minimum_are_too_small_to_tell_whatever_the_difference() -> None:
    difference = proportions(9, 10, 0, 10)
    assert difference.verdict(10, 10) == TOO_SMALL and MIN_GROUP == 30


def test_an_empty_control_group_gives_no_interval() -> None:
    difference = proportions(5, 50, 0, 0)
    assert (difference.low, difference.high) == (None, None) and difference.verdict(50, 0) == TOO_SMALL


@pytest.mark.parametrize(
    ("touched", "control", "verdict"),
    [((120, 400), (80, 400), MORE), ((80, 400), (120, 400), LESS), ((85, 400), (80, 400), UNCLEAR)],
)
def test_the_verdict_follows_where_the_interval_lies(touched: tuple[int, int], control: tuple[int, int], verdict: str) -> None:
    assert proportions(*touched, *control).verdict(touched[1], control[1]) == verdict
