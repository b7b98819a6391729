"""A discount asked for: the offer the policy granted, restated with its end, or that there is none to
give — never a number of the model's own. Shared by the request flow and the campaign."""

from __future__ import annotations

import re

from bot.dialogue.state import Say, TurnContext
from bot.dialogue.understand import Intent, Understanding

_OFFER_WORDS = re.compile(r"скидк|акци|промо", re.IGNORECASE)  # not «бонус»: the balance is no offer (asked: a manager answers)


def asks_about_discount(u: Understanding, ctx: TurnContext) -> bool:
    """Asks for a discount — or, with an offer made, asks anything about it («а скидка ещё действует?»)."""
    about_offer = ctx.current_offer is not None and u.means(Intent.QUESTION) and bool(_OFFER_WORDS.search(u.text))
    return u.means(Intent.DISCOUNT_REQUEST) or about_offer


def discount_answer(ctx: TurnContext) -> Say:
    offer = ctx.current_offer
    if offer is None:
        return Say("discount_answer")
    return Say("offer_valid" if offer.valid else "offer_expired", {"percent": offer.percent, "expires": offer.expires})
