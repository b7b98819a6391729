"""A handed-off request nobody takes is posted again as overdue after SLA_TAKE_MINUTES of the managers'
working time and the owner hears of it after SLA_ESCALATE_MINUTES — once each, never at night or on a
day off, never for a request taken or closed, and the same after a restart. Embedded defaults: the web
chat and the board; the clock is simulated and the SLA pass is run at chosen moments."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import select

from bot.bootstrap import build
from bot.clock import FixedClock
from bot.runtime import Container
from bot.store.models import Lead
from crm_adapters.local import close_local_deal
from tests.conftest import MOSCOW, make_settings
from tests.support.chat import Customer
from tests.support.managers import board_client, board_tasks, bot_messages, sla_row, sla_watch

MONDAY_11 = datetime(2026, 11, 23, 11, 0, tzinfo=MOSCOW)
STILL_PICKING = "менеджер ещё подбирает"


async def hand_off(app: Container) -> datetime:
    """The customer's request, handed off at the clock's time; returns that moment."""
    assert isinstance(app.clock, FixedClock)
    start = app.clock.now()
    customer = Customer(app)
    await customer.says("нужен стартер на камри, вин JTNBE46K303123456")
    app.clock.set(start)
    await customer.says("нет, всё")
    await app.outbox.drain()
    async with app.sessions() as session:
        assert (await session.exec(select(Lead))).one().created_at == start
    return start


async def test_a_request_nobody_took_is_overdue_at_two_working_hours_and_escalated_at_four_once_each(
    container: Container, clock: FixedClock
) -> None:
    await hand_off(container)
    watch = sla_watch(container)
    assert (await watch.run_once(MONDAY_11 + timedelta(minutes=119))).overdue == []
    at_two = await watch.run_once(MONDAY_11 + timedelta(hours=2))
    assert at_two.overdue == [1] and at_two.escalated == []
    assert (await watch.run_once(MONDAY_11 + timedelta(hours=3))).overdue == [], "once"
    at_four = await watch.run_once(MONDAY_11 + timedelta(hours=4))
    assert at_four.escalated == [1] and at_four.overdue == []
    assert (await watch.run_once(MONDAY_11 + timedelta(hours=7))).escalated == [], "once"
    clock.set(MONDAY_11 + timedelta(hours=7))
    await container.outbox.drain()
    assert [t for t in await board_tasks(container) if t.startswith("Просрочено")], "an overdue task on the deal"
    assert sum(STILL_PICKING in text for text in await bot_messages(container)) == 1, "the customer is told once"


async def test_night_and_the_day_off_do_not_count(container: Container, clock: FixedClock) -> None:
    saturday_18 = datetime(2026, 11, 28, 18, 0, tzinfo=MOSCOW)  # an hour before closing; Sunday is off
    clock.set(saturday_18)
    await hand_off(container)
    watch = sla_watch(container)
    for moment in (saturday_18 + timedelta(hours=2), datetime(2026, 11, 29, 12, 0, tzinfo=MOSCOW)):
        assert (await watch.run_once(moment)).overdue == []
    monday_9_59 = datetime(2026, 11, 30, 9, 59, tzinfo=MOSCOW)
    assert (await watch.run_once(monday_9_59)).overdue == []
    assert (await watch.run_once(monday_9_59 + timedelta(minutes=1))).overdue == [1]
    assert (await watch.run_once(datetime(2026, 11, 30, 11, 59, tzinfo=MOSCOW))).escalated == []
    assert (await watch.run_once(datetime(2026, 11, 30, 12, 0, tzinfo=MOSCOW))).escalated == [1]


async def test_a_request_taken_on_the_board_is_never_escalated(container: Container) -> None:
    await hand_off(container)
    async with board_client(container, "anna") as (web, csrf):
        assert (await web.post("/crm/deals/1/take", data={"csrf": csrf})).status_code == 303
    watch = sla_watch(container)
    for hours in (2, 4, 30):
        result = await watch.run_once(MONDAY_11 + timedelta(hours=hours))
        assert result.overdue == [] and result.escalated == []
    assert STILL_PICKING not in " ".join(await bot_messages(container))


async def test_a_closed_request_is_never_escalated(container: Container) -> None:
    await hand_off(container)
    await close_local_deal(container.sessions, 1, won=False, amount=0, now=MONDAY_11 + timedelta(minutes=30))
    result = await sla_watch(container).run_once(MONDAY_11 + timedelta(hours=5))
    assert result.overdue == [] and result.escalated == []


async def test_escalation_survives_restarts_and_happens_once(db_url: str, clock: FixedClock) -> None:
    first = build(make_settings(db_url), clock=clock)
    await hand_off(first)
    await first.close()
    steps: list[list[int]] = []
    for hours in (2, 2.5, 4, 5):  # a new process each time, as after a restart
        app = build(make_settings(db_url), clock=clock)
        result = await sla_watch(app).run_once(MONDAY_11 + timedelta(hours=hours))
        steps.append(result.overdue + [-lead for lead in result.escalated])
        await app.close()
    assert steps == [[1], [], [-1], []]


async def test_take_on_the_board_records_who_took_it_and_when(container: Container, clock: FixedClock) -> None:
    await hand_off(container)
    clock.set(MONDAY_11 + timedelta(minutes=25))
    async with board_client(container, "boris") as (web, csrf):
        await web.post("/crm/deals/1/take", data={"csrf": csrf})
        board = (await web.get("/crm")).text
    row = await sla_row(container)
    assert row is not None and row.taken_by == "boris" and row.taken_via == "board"
    assert row.taken_at == MONDAY_11 + timedelta(minutes=25)
    assert "Взял(а): boris" in board and 'action="/crm/deals/1/take"' not in board
    async with container.sessions() as session:
        assert (await session.exec(select(Lead))).one().status == "handed_off"
