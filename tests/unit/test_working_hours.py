"""A manager's task is due after working time, not wall-clock time."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.working_hours import WorkingHours, back_at, describe, parse_days

MSK = ZoneInfo("Europe/Moscow")
HOURS = WorkingHours(start=9, end=19, days=parse_days("1-6"), zone="Europe/Moscow")
HALF_HOUR = timedelta(minutes=30)


def test_inside_working_hours_the_task_is_due_in_thirty_minutes() -> None:
    assert HOURS.due(datetime(2026, 11, 23, 11, 0, tzinfo=MSK), HALF_HOUR) == datetime(2026, 11, 23, 11, 30, tzinfo=MSK)


def test_late_in_the_day_the_rest_runs_next_morning() -> None:
    assert HOURS.due(datetime(2026, 11, 23, 18, 50, tzinfo=MSK), HALF_HOUR) == datetime(2026, 11, 24, 9, 20, tzinfo=MSK)


def test_at_night_and_on_the_day_off_it_counts_from_the_next_opening() -> None:
    assert HOURS.due(datetime(2026, 11, 24, 2, 0, tzinfo=MSK), HALF_HOUR) == datetime(2026, 11, 24, 9, 30, tzinfo=MSK)
    sunday = datetime(2026, 11, 29, 12, 0, tzinfo=MSK)
    assert HOURS.due(sunday, HALF_HOUR) == datetime(2026, 11, 30, 9, 30, tzinfo=MSK)


def test_work_days_are_read_as_ranges_or_lists() -> None:
    assert parse_days("1-5") == {1, 2, 3, 4, 5} and parse_days("1,3, 7") == {1, 3, 7} and parse_days("x,9") == set()


def test_a_shop_open_until_midnight_is_read_as_such() -> None:
    late = WorkingHours(start=10, end=24, days=parse_days("1-7"), zone="Europe/Moscow")
    assert late.due(datetime(2026, 11, 23, 23, 45, tzinfo=MSK), HALF_HOUR) == datetime(2026, 11, 24, 10, 15, tzinfo=MSK)


def test_the_hours_are_said_as_a_seller_says_them() -> None:
    assert describe(WorkingHours(9, 19, frozenset({1, 2, 3, 4, 5, 6}))) == "пн–сб с 9:00 до 19:00 по Москве"
    assert (
        describe(WorkingHours(10, 20, frozenset(range(1, 8)), "Asia/Yekaterinburg"))
        == "ежедневно с 10:00 до 20:00 по Екатеринбургу"
    )
    assert describe(WorkingHours(9, 18, frozenset({1, 3, 5}))) == "пн, ср, пт с 9:00 до 18:00 по Москве"


def test_when_the_managers_are_back_is_said_as_a_seller_says_it() -> None:
    hours = WorkingHours(9, 19, frozenset({1, 2, 3, 4, 5, 6}))
    moscow = ZoneInfo("Europe/Moscow")
    assert back_at(hours, datetime(2026, 12, 7, 23, 40, tzinfo=moscow)) == "завтра с 9:00 по Москве"  # Monday night
    assert back_at(hours, datetime(2026, 12, 8, 7, 0, tzinfo=moscow)) == "сегодня с 9:00 по Москве"
    assert back_at(hours, datetime(2026, 12, 12, 20, 0, tzinfo=moscow)) == "в понедельник с 9:00 по Москве"  # Saturday evening
    assert back_at(hours, datetime(2026, 12, 8, 11, 0, tzinfo=moscow)) == ""
