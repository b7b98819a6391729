"""How amoCRM plugs into the container (called from bot/bootstrap.py when AMOCRM_BASE_URL is set)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from bot.lead_delivery import lead_handlers
from crm_adapters.amocrm import AmoCrm
from crm_adapters.amocrm_webhook import webhook_handlers, webhook_router

if TYPE_CHECKING:
    from bot.bootstrap import Container


def plug_amocrm(container: Container, amocrm: AmoCrm) -> None:
    settings = container.settings
    handlers = container.outbox.handlers
    handlers.update(
        lead_handlers(
            container.sessions,
            amocrm,
            container.clock,
            timezone=settings.timezone,
            persona=settings.persona_name,
            task_due=timedelta(minutes=settings.amocrm_task_minutes),
            hours=settings.working_hours(),
            photo_link=container.media_links.link if container.media_links else str,
        )
    )
    handlers.update(webhook_handlers(container.sessions, amocrm, container.clock))
    if settings.amocrm_webhook_secret:
        secret = settings.amocrm_webhook_secret.get_secret_value()
        container.routers.append(webhook_router(container.sessions, container.clock, secret, container.outbox.wakeup))
    container.closers.append(amocrm.aclose)
