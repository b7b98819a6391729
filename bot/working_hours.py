"""The managers' working time: when "30 minutes" for a new deal's task actually runs out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class WorkingHours:
    start: int = 9  # hour the managers start, shop time
    end: int = 19  # hour they leave
    days: frozenset[int] = frozenset({1, 2, 3, 4, 5, 6})  # ISO weekdays they work (Mon-Sat)
    zone: str = "Europe/Moscow"

    def due(self, now: datetime, work: timedelta) -> datetime:
        """`work` of working time after `now`: a request at 18:50 with 30 minutes is due 09:20 the
        next working day, one on Sunday at 09:30 on Monday."""
        if not self.days or not 0 <= self.start < self.end <= 24:
            return now + work  # no hours configured: plain time
        moment, left = now.astimezone(ZoneInfo(self.zone)), work
        for _ in range(800):  # two years of days at most; hours are checked above
            midnight = datetime.combine(moment.date(), time(0), moment.tzinfo)
            opens, closes = midnight + timedelta(hours=self.start), midnight + timedelta(hours=self.end)
            if moment.isoweekday() in self.days and moment < closes:
                moment = max(moment, opens)
                if moment + left <= closes:
                    return moment + left
                left -= closes - moment
            moment = datetime.combine(moment.date() + timedelta(days=1), time(0), moment.tzinfo)
        return now + work

    def between(self, start: datetime, end: datetime) -> timedelta:
        """Working time from `start` to `end` (a request at 18:50 taken at 09:10 next morning: 20 minutes)."""
        if end <= start:
            return timedelta(0)
        if not self.days or not 0 <= self.start < self.end <= 24:
            return end - start
        zone = ZoneInfo(self.zone)
        moment, end = start.astimezone(zone), end.astimezone(zone)
        total = timedelta(0)
        while moment < end:
            midnight = datetime.combine(moment.date(), time(0), zone)
            if moment.isoweekday() in self.days:
                opens, closes = midnight + timedelta(hours=self.start), midnight + timedelta(hours=self.end)
                total += max(min(closes, end) - max(opens, moment), timedelta(0))
            moment = datetime.combine(moment.date() + timedelta(days=1), time(0), zone)
        return total


def parse_days(text: str) -> frozenset[int]:
    """MANAGER_WORK_DAYS: "1-6" or "1,2,3,4,5" (ISO weekdays, Monday = 1)."""
    days: set[int] = set()
    for part in text.replace(" ", "").split(","):
        if "-" in part:
            first, _, last = part.partition("-")
            if first.isdigit() and last.isdigit():
                days.update(range(int(first), int(last) + 1))
        elif part.isdigit():
            days.add(int(part))
    return frozenset(d for d in days if 1 <= d <= 7)


_DAY_NAMES = ("пн", "вт", "ср", "чт", "пт", "сб", "вс")


def describe(hours: WorkingHours) -> str:
    """How a seller says the hours: «пн–сб с 9:00 до 19:00 по Москве» (days in runs, the zone named
    when it is Moscow's)."""
    days = sorted(hours.days)
    runs: list[list[int]] = []
    for day in days:
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    named = ", ".join(
        _DAY_NAMES[run[0] - 1] if len(run) == 1 else f"{_DAY_NAMES[run[0] - 1]}–{_DAY_NAMES[run[-1] - 1]}" for run in runs
    )
    every_day = "ежедневно" if len(days) == 7 else named
    return f"{every_day} с {hours.start}:00 до {hours.end}:00 {_zone_words(hours.zone)}"


# the shop's time zone as said to a customer, who may live in another one
_CITIES = {
    "Europe/Moscow": "по Москве",
    "Europe/Kaliningrad": "по Калининграду",
    "Europe/Samara": "по Самаре",
    "Asia/Yekaterinburg": "по Екатеринбургу",
    "Asia/Omsk": "по Омску",
    "Asia/Novosibirsk": "по Новосибирску",
    "Asia/Krasnoyarsk": "по Красноярску",
    "Asia/Irkutsk": "по Иркутску",
    "Asia/Yakutsk": "по Якутску",
    "Asia/Vladivostok": "по Владивостоку",
    "Asia/Magadan": "по Магадану",
    "Asia/Kamchatka": "по Камчатке",
}


def _zone_words(zone: str) -> str:
    return _CITIES.get(zone, "по времени магазина")


_WEEKDAYS_ACCUSATIVE = ("понедельник", "вторник", "среду", "четверг", "пятницу", "субботу", "воскресенье")


def on_weekday(day: date) -> str:
    """«в пятницу», «во вторник»: the day of the week a seller names."""
    return f"{'во' if day.weekday() == 1 else 'в'} {_WEEKDAYS_ACCUSATIVE[day.weekday()]}"


def back_at(hours: WorkingHours, now: datetime) -> str:
    """When the managers are next at work, as said to a customer outside their hours («завтра с 9:00»,
    «в понедельник с 9:00», «сегодня с 9:00»); "" while they are at work (or no hours are set)."""
    opens = hours.due(now, timedelta(0)).astimezone(ZoneInfo(hours.zone))
    here = now.astimezone(ZoneInfo(hours.zone))
    if opens <= here:
        return ""
    days = (opens.date() - here.date()).days
    day = "сегодня" if days == 0 else "завтра" if days == 1 else on_weekday(opens.date())
    return f"{day} с {opens.hour}:{opens.minute:02d} {_zone_words(hours.zone)}"
