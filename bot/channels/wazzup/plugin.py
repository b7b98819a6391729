"""The Wazzup plugin: the "wazzup" sender, /webhooks/wazzup (only with WAZZUP_WEBHOOK_TOKEN: Wazzup
signs nothing, so an unguarded route would take anyone's messages) and a closer."""

from __future__ import annotations

import logging

from bot.app.gathering import TurnGatherer
from bot.app.sending import reply_deliverer
from bot.channels.wazzup.api import WazzupApi
from bot.channels.wazzup.sender import WazzupSender
from bot.channels.wazzup.webhook import CHANNEL, build_webhook_router
from bot.plugin import Needs, Plugin

log = logging.getLogger(__name__)


def build(needs: Needs) -> Plugin:
    api = WazzupApi(needs.settings.wazzup)
    sender = WazzupSender(api)
    deliver = reply_deliverer(sender, needs.sessions, needs.clock, needs.wake_outbox)
    gatherer = TurnGatherer(needs.store_inbound, needs.answer_stored, deliver, debounce=needs.settings.wazzup.debounce_seconds)
    plugin = Plugin(
        name=CHANNEL, senders={CHANNEL: sender}, closers=[api.aclose, gatherer.close]
    )  # closed last to first: the gathered turns go out first
    if needs.settings.wazzup.webhook_token is None:
        log.error("WAZZUP_WEBHOOK_TOKEN is not set: Wazzup's webhook is off (an unguarded route would take anyone's messages)")
    else:
        plugin.routers.append(build_webhook_router(needs, api, gatherer))
    return plugin
