"""Named crash points for the crash-safety tests (tests/e2e/test_crash_safety.py).

With `PARTSBOT_CRASH_AT=<point>` in its environment the process kills itself with SIGKILL — as
`kill -9` would, nothing flushed, nothing closed — the first time it reaches that point. Unset (every
real run) a point costs one string comparison. The points:

- `turn.stored`   the customer's message is committed, nothing answered yet (bot/app/service.py)
- `turn.answered` the answer, the new state and the outbox items are committed, nothing sent yet
- `crm.deal_made` the CRM created the deal, our record of it is not saved yet (bot/app/lead_delivery.py)
"""

from __future__ import annotations

import os
import signal

ARMED = os.environ.get("PARTSBOT_CRASH_AT", "")


def crash_point(name: str) -> None:
    if ARMED and name == ARMED:
        os.kill(os.getpid(), signal.SIGKILL)
