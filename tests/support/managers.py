"""The managers' discipline (#18) driven by hand, as the service's scheduler drives it: an SLA pass at a
chosen moment, the outbox drained, a manager signed in to the board (an async httpx client on the app).

    watch = sla_watch(app); await watch.run_once(at)         # what is overdue/escalated at `at`
    async with board_client(app, "anna") as (web, csrf): await web.post("/crm/deals/1/take", data={"csrf": csrf})
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

import httpx
from sqlmodel import select

from bot.app import staff
from bot.app.sla import SlaWatch
from bot.runtime import Container
from bot.store.models import LeadSla, LocalTask, Message
from bot.web.app import create_app
from tests.support.staff import PASSWORD, csrf_of


def sla_watch(app: Container) -> SlaWatch:
    kinds = tuple(kind for plugin in app.plugins.values() for kind in plugin.notice_kinds)
    return SlaWatch.of(app.settings, app.sessions, kinds)


@contextlib.asynccontextmanager
async def board_client(app: Container, manager: str) -> AsyncIterator[tuple[httpx.AsyncClient, str]]:
    """A manager's browser signed in to the board; yields it and the board's CSRF token."""
    if manager not in {user.name for user in await staff.users(app.sessions)}:
        await staff.add_user(app.sessions, manager, "manager", PASSWORD, now=app.clock.now())
    transport = httpx.ASGITransport(app=create_app(app, background=False))
    async with httpx.AsyncClient(transport=transport, base_url="http://shop") as web:
        form = await web.get("/login")
        data = {"name": manager, "password": PASSWORD, "csrf": csrf_of(form.text), "next": ""}
        assert (await web.post("/login", data=data)).status_code == 303
        yield web, csrf_of((await web.get("/crm")).text)


async def sla_row(app: Container) -> LeadSla | None:
    async with app.sessions() as session:
        return (await session.exec(select(LeadSla))).first()


async def board_tasks(app: Container) -> list[str]:
    async with app.sessions() as session:
        return [task.text for task in (await session.exec(select(LocalTask))).all()]


async def bot_messages(app: Container) -> list[str]:
    async with app.sessions() as session:
        return [m.text for m in (await session.exec(select(Message).where(Message.direction == "out"))).all()]
