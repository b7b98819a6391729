"""The customer's answer to the after-purchase question: a rating 1–5 («5», «4, всё пришло вовремя»,
«тройка»), a comment, or — when it is not an answer at all but a new request (a VIN, a part they need)
— None, and the request is taken as usual."""

from __future__ import annotations

import re

from bot.dialogue.state import DialogueState, RecordFeedback, Say, Stage, StepResult
from bot.dialogue.understand import Intent, Understanding

GOOD = 4  # 4 and 5 are good; 1–3 become a task for the senior manager
_POLITE = frozenset({Intent.THANKS, Intent.NO, Intent.DONE, Intent.YES, Intent.GREETING})
_RATING = re.compile(
    r"^\W*(?:(?:оценка|оцениваю|ставлю|на)\s*)?([1-5])(?!\d)(?:\s*(?:/|из)\s*5)?(?![\d.,]\d)(?P<rest>.*)$", re.S | re.I
)
_WORDS = {
    "один": 1,
    "единица": 1,
    "кол": 1,
    "два": 2,
    "двойка": 2,
    "три": 3,
    "тройка": 3,
    "четыре": 4,
    "четверка": 4,
    "пять": 5,
    "пятерка": 5,
}
MAX_COMMENT = 1000
MAX_POLITE_WORDS = 3  # «спасибо», «нет, спасибо»: a courtesy, not a comment


def read_rating(text: str) -> tuple[int | None, str]:
    """(rating, the rest as the comment); (None, text) when the message does not start with a rating."""
    found = _RATING.match(text)
    if found:
        return int(found.group(1)), _comment(found.group("rest"))
    first, _, rest = text.strip().partition(" ")
    word = first.lower().replace("ё", "е").strip(".,!:;-–—()")
    if word in _WORDS:
        return _WORDS[word], _comment(rest)
    return None, _comment(text)


def _comment(text: str) -> str:
    return text.strip().lstrip(".,!:;-–—)( ").strip()[:MAX_COMMENT]


def is_new_request(u: Understanding) -> bool:
    return bool(u.vins or u.frames or u.vin_typos or (u.parts and (u.means(Intent.REQUEST) or u.means(Intent.NEED_NOW))))


def on_feedback_reply(state: DialogueState, u: Understanding) -> StepResult | None:
    if u.empty:
        return None
    rating, comment = read_rating(u.text)
    if rating is None and is_new_request(u):
        return None
    if rating is None and not u.has_slots and u.intents and u.intents <= _POLITE and len(u.text.split()) <= MAX_POLITE_WORDS:
        state.stage = Stage.FEEDBACK_DONE  # «спасибо», «нет»: nothing to record
        return StepResult(state, [Say("feedback_thanks")])
    effects = [RecordFeedback(rating, comment or None)]
    if rating is not None and not comment and state.stage is Stage.FEEDBACK_ASKED:
        state.stage = Stage.FEEDBACK_COMMENT
        return StepResult(state, [Say("feedback_ask_comment" if rating >= GOOD else "feedback_sorry")], list(effects))
    low = rating is not None and rating < GOOD
    if state.stage is Stage.FEEDBACK_COMMENT and rating is None:
        low = False  # the apology went with the rating
    state.stage = Stage.FEEDBACK_DONE
    return StepResult(state, [Say("feedback_sorry" if low else "feedback_thanks")], list(effects))
