"""amoCRM as a plugin (bot/bootstrap.py builds it when AMOCRM_BASE_URL is set): the CRM handed-off
leads go to, the outbox handlers for its webhook events and for a manager's task when a customer's data
is erased (crm_adapters/amocrm/erasure.py), the webhook route (with
AMOCRM_WEBHOOK_SECRET) and a closer. A blocked account (402/403) raises the owner's alert."""

from __future__ import annotations

from datetime import timedelta

from bot.plugin import Needs, Plugin
from crm_adapters.amocrm import erasure
from crm_adapters.amocrm.adapter import AmoCrm
from crm_adapters.amocrm.webhook import webhook_handlers, webhook_router


def build(needs: Needs) -> Plugin:
    settings = needs.settings
    amocrm = AmoCrm.from_settings(settings, needs.sessions, needs.clock, alert=needs.alerts)
    task_due = timedelta(minutes=settings.amocrm.task_minutes)
    plugin = Plugin(
        name="amocrm",
        crm=amocrm,
        outbox_handlers={
            **webhook_handlers(needs.sessions, amocrm, needs.clock),
            **erasure.erasure_handlers(amocrm, needs.clock, settings.working_hours(), task_due),
        },
        erasure_kinds=(erasure.KIND,),
        closers=[amocrm.aclose],
    )
    if settings.amocrm.webhook_secret:
        secret = settings.amocrm.webhook_secret.get_secret_value()
        plugin.routers.append(webhook_router(needs.sessions, needs.clock, secret, needs.wake_outbox))
    return plugin
