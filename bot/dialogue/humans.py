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


# «позвоните мне», «перезвоните, голосом удобнее», «можно по телефону?», «наберите меня»: a person's call asked
# for; not «не звоните», «я позвоню сам», «позвонить вам можно?»
_CALL = re.compile(
    r"\b(?:по|пере)звони(?:те)?\s+(?:мне|нам|пожалуйста|голосом|по\s+номеру)|\bперезвоните\b|\bперезвони\b"
    r"|\bнаберите\s+(?:меня|мне|нас)|\b(?:можно|можете|давайте|удобнее)\s+(?:\w+\s+){0,2}?(?:по\s+телефону|голосом|созвонит\w*)"
    r"|\bсозвонимся\b|\b(?:можете|сможете)\s+(?:\w+\s+){0,2}?(?:по|пере)?звонить",
    re.IGNORECASE,
)


def asks_for_a_human(text: str) -> bool:
    """Not «мне не нужен менеджер», «не хочу ждать менеджера»."""
    return any(not _denied(text, m) for m in _HUMAN.finditer(text))


def asks_for_a_call(text: str) -> bool:
    """«позвоните мне», «перезвоните», «можно по телефону?»; not «не звоните мне»."""
    return any(not _denied(text, m) for m in _CALL.finditer(text))


def _denied(text: str, m: re.Match[str]) -> bool:
    return bool(re.search(r"\bне\s+$", text[: m.start()], re.I))
