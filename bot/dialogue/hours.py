"""«А вы в воскресенье работаете?», «до скольки работаете?»: answered from the managers' working hours
(MANAGER_HOURS_*, MANAGER_WORK_DAYS), in the request flow and the campaign alike."""

from __future__ import annotations

import re

from bot.dialogue.state import Say, TurnContext
from bot.dialogue.understand import Understanding

_HOURS = re.compile(
    r"работаете|работает\s+магазин|до\s+скольк|во\s+сколько\s+(?:открыва|закрыва|работ)|график|часы\s+работы"
    r"|режим\s+работы|открыты|выходн\w*\s+(?:работ|дни)",
    re.IGNORECASE,
)


def hours_answer(u: Understanding, ctx: TurnContext) -> Say | None:
    """The hours, when the message asks them and the shop has them; None otherwise."""
    return Say("hours_answer", {"hours": ctx.hours}) if ctx.hours and _HOURS.search(u.text) else None
