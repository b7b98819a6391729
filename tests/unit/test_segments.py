"""Purchase-cycle segments: RETENTION_SEGMENTS read, and a customer's last purchases classified."""

from __future__ import annotations

import pytest

from bot.config import Settings
from retention.holdout import CONTROL, TOUCHED, arm_for, hashed_control
from retention.segments import OTHER, parse

SPEC = "расходники:150:масл,фильтр,колодк,<=2500; шины:300:шин"


def test_the_setting_names_each_segment_its_days_words_and_amount() -> None:
    segments = parse(SPEC, default_days=90)
    assert segments.names == ("расходники", "шины", OTHER)
    assert segments.cycles() == (("расходники", 150), ("шины", 300))
    assert segments.days("шины") == 300 and segments.days(OTHER) == 90 and segments.days(None) == 90


def test_the_default_setting_gives_consumables_their_own_cycle() -> None:
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    segments = parse(settings.retention.segments, settings.retention.after_days)
    assert segments.classify([("Масло моторное 5W-30 4л; Фильтр масляный", 4200.0)]) == "расходники"
    assert segments.days("расходники") > settings.retention.after_days


def test_every_line_must_be_a_consumable_for_the_purchase_to_be_one() -> None:
    segments = parse(SPEC, default_days=90)
    assert segments.classify([("Колодки тормозные передние", 3100.0)]) == "расходники"
    assert segments.classify([("Колодки тормозные передние\nСтартер", 14100.0)]) == OTHER
    assert segments.classify([("МАСЛО 5W-40", 2900.0), ("Шины зимние", 24000.0)]) == OTHER


def test_a_purchase_without_lines_is_judged_by_its_amount() -> None:
    segments = parse(SPEC, default_days=90)
    assert segments.classify([(None, 2400.0)]) == "расходники"
    assert segments.classify([(None, 2600.0)]) == OTHER
    assert segments.classify([]) == OTHER


@pytest.mark.parametrize("spec", ["расходники:масл", "x:много:масл", "остальные:60:масл", "a:1:x; a:2:y"])
def test_a_setting_that_cannot_be_read_is_refused_with_its_reason(spec: str) -> None:
    with pytest.raises(ValueError, match="RETENTION_SEGMENTS"):
        parse(spec, default_days=90)


def test_the_control_group_is_the_configured_share_of_customers_by_a_stable_hash() -> None:
    held = [i for i in range(1, 10_001) if hashed_control(i, 10)]
    assert 900 < len(held) < 1100
    assert held == [i for i in range(1, 10_001) if hashed_control(i, 10)]  # the same answer every time


def test_a_customer_keeps_the_group_they_were_first_put_in() -> None:
    assert arm_for(23, 10, None) == CONTROL and arm_for(1, 10, None) == TOUCHED
    assert arm_for(1, 10, CONTROL) == CONTROL and arm_for(23, 50, TOUCHED) == TOUCHED
    assert arm_for(23, 0, CONTROL) == TOUCHED  # no holdout: everybody is written to
