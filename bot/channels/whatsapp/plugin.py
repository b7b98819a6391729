"""The WhatsApp Cloud API plugin: the "whatsapp" sender, the /webhooks/whatsapp route, a closer, and
WhatsApp as a campaign channel when a template for the first message is configured.

Without WHATSAPP_APP_SECRET no update can be authenticated, so the webhook is not mounted and the
owner is told; sending still works (e.g. a manager's reply to an earlier customer)."""

from __future__ import annotations

import logging

from bot.app.gathering import TurnGatherer
from bot.app.sending import reply_deliverer
from bot.channels.whatsapp.client import build_client
from bot.channels.whatsapp.sender import WhatsAppSender
from bot.channels.whatsapp.statuses import RESEND_AS_TEMPLATE
from bot.channels.whatsapp.webhook import CHANNEL, build_webhook_router
from bot.plugin import Needs, Plugin

log = logging.getLogger(__name__)


def build(needs: Needs) -> Plugin:
    settings = needs.settings
    client, session = build_client(settings)
    sender = WhatsAppSender(client, needs.sessions, needs.clock, settings.whatsapp, settings.shop_name)
    # The campaign writes first only with an approved template (outside the 24-hour window nothing else goes)
    campaigns = (CHANNEL,) if settings.whatsapp.template_name else ()
    gatherer = TurnGatherer(
        needs.store_inbound,
        needs.answer_stored,
        reply_deliverer(sender, needs.sessions, needs.clock, needs.wake_outbox),
        debounce=settings.whatsapp.debounce_seconds,
    )
    plugin = Plugin(
        name=CHANNEL,
        senders={CHANNEL: sender},
        campaign_channels=campaigns,
        outbox_handlers={RESEND_AS_TEMPLATE: sender.resend_handler()},
        closers=[session.aclose, gatherer.close],  # closed last to first: what is gathered is answered, then the client closes
    )
    if needs.settings.whatsapp.app_secret is None:
        log.error("WHATSAPP_APP_SECRET is not set: WhatsApp updates cannot be verified, the webhook is off")
    else:
        plugin.routers.append(build_webhook_router(needs, client, gatherer))
    return plugin
