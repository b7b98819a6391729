"""Many WhatsApp customers writing at once, each about a request of their own, for the flood test
(tests/integration/test_whatsapp_flood.py) and the bench (bench/flood.py):

    updates = [flood_update(n) for n in range(1000)]         # customer n: their own part and VIN
    ... post them all at once to /webhooks/whatsapp, signed ...
    assert mixed_up(replies_by_chat(graph), 1000) == []
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from tests.fakes.graph_api import FakeGraph
from tests.support.whatsapp import text_update

# (what the customer writes, the part as the bot records it and names it back)
ASKS = [
    ("нужен стартер", "стартер"),
    ("нужен генератор", "генератор"),
    ("нужна помпа", "помпа"),
    ("нужен ремень ГРМ", "ремень ГРМ"),
    ("нужны свечи зажигания", "свечи зажигания"),
    ("нужна фара", "фара"),
    ("нужен термостат", "термостат"),
    ("нужны тормозные колодки", "колодки тормозные"),
]
VIN_PATTERN = re.compile(r"\b[A-HJ-NPR-Z0-9]{17}\b")


def wa_id(n: int) -> str:
    return f"7926{n:07d}"


def vin(n: int) -> str:
    """Customer n's own VIN: a LADA's (XTA…) with n as its serial number."""
    return f"XTA210990Y2{n:06d}"


def part(n: int) -> str:
    return ASKS[n % len(ASKS)][1]


def flood_update(n: int) -> dict[str, Any]:
    return text_update(wa_id(n), f"Здравствуйте, {ASKS[n % len(ASKS)][0]}, вин {vin(n)}", f"wamid.FLOOD{n}", name=f"Клиент {n}")


def replies_by_chat(graph: FakeGraph) -> dict[str, list[str]]:
    """Every text the bot sent, by recipient (one pass: `graph.texts` per chat is quadratic)."""
    by_chat: dict[str, list[str]] = defaultdict(list)
    for message in list(graph.sent):
        if message.get("type") == "text":
            by_chat[str(message.get("to"))].append(message["text"]["body"])
    return by_chat


def mixed_up(replies: dict[str, list[str]], count: int) -> list[str]:
    """What is wrong with the answers of customers 0…count-1: none, more than one, or one about
    someone else's request (another VIN, or not their part). [] when every customer got exactly
    one answer about their own request."""
    wrong = []
    for n in range(count):
        got = replies.get(wa_id(n), [])
        if len(got) != 1:
            wrong.append(f"{wa_id(n)}: {len(got)} answers")
        elif VIN_PATTERN.findall(got[0]) != [vin(n)] or part(n) not in got[0]:
            wrong.append(f"{wa_id(n)} asked for {part(n)} on {vin(n)}, got: {got[0]!r}")
    return wrong
