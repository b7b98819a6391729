"""«Позовите живого менеджера», «соедините с оператором», «хочу поговорить с человеком»: a customer
asking for a person, in the request flow and the campaign alike."""

from __future__ import annotations

import re

# «позовите живого менеджера», «соедините с оператором», «хочу поговорить с человеком», «дайте менеджера»;
# not «вы живой человек?» (asked, answered by bot_answer)
_HUMAN = re.compile(
    r"\b(?:позов|позвать|соедин|переключ|дайте|хочу|можно|нужен|нужна|давайте)\w*\s+"
    r"(?:(?!как\b|что\w*\b|чтоб\w*\b|ждать\b|где\b|когда\b|советова\w*\b)\w+\s+){0,3}?"
    r"(?:живо\w+|менеджер\w*|оператор\w*|человек\w*|консультант\w*|сотрудник\w*|продавц\w*)",
    re.IGNORECASE,
)


def asks_for_a_human(text: str) -> bool:
    """Not «мне не нужен менеджер», «не хочу ждать менеджера»."""
    return any(not re.search(r"\bне\s+$", text[: m.start()], re.I) for m in _HUMAN.finditer(text))
