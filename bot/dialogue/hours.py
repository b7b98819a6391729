"""«А вы в воскресенье работаете?», «до скольки работаете?»: answered from the managers' working hours
(MANAGER_HOURS_*, MANAGER_WORK_DAYS), in the request flow and the campaign alike."""

from __future__ import annotations

import re

from bot.dialogue.state import Say, TurnContext
from bot.dialogue.understand import Understanding

_DAY = r"(?:сегодня|завтра|(?:в|по)\s+(?:выходн\w*|праздн\w*|понедельник\w*|вторник\w*|сред[уа]\w*|четверг\w*|пятниц\w*|суббот\w*|воскресень\w*))"
# a time or a day with «работаете»: «по безналу работаете?», «с юрлицами работаете?» are not about hours
_HOURS = re.compile(
    rf"(?:когда|до\s+скольк\w*|во\s+сколько|{_DAY})\s+(?:\w+\s+)?работает\w*|работает\w*\s+(?:ли\s+)?(?:{_DAY}|до\s+скольк|круглосуточно)"
    r"|до\s+скольк\w*\s+(?:вы\s+)?открыт|во\s+сколько\s+(?:открыва|закрыва)|график\w*\s+работы|часы\s+работы|режим\s+работы"
    r"|работает\s+магазин|вы\s+открыты",
    re.IGNORECASE,
)


def hours_answer(u: Understanding, ctx: TurnContext) -> Say | None:
    """The hours, when the message asks them and the shop has them; None otherwise."""
    return Say("hours_answer", {"hours": ctx.hours}) if ctx.hours and _HOURS.search(u.text) else None
