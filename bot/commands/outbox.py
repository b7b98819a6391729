"""`python main.py outbox ...`: what waits to reach the CRM or a customer, and what needs a human."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from sqlmodel import col, func, select

from bot.config import Settings
from bot.store.models import OutboxItem

app = typer.Typer(help="The outbox: deals, notes and messages on their way out.", no_args_is_help=True)
console = Console()
DbOption = Annotated[str | None, typer.Option(help="Database URL (default DATABASE_URL).")]
KINDS = {
    "crm.deliver_lead": "deal to the CRM",
    "crm.add_note": "note on a deal",
    "channel.send": "message to a customer",
    "telegram.manager_card": "card for the managers' chat",
    "amocrm.webhook": "amoCRM event",
    "privacy.erase": "erasing a customer's data",
    "amocrm.erasure_task": "erasure task for a manager",
}


@app.command("list")
def list_items(
    parked: Annotated[bool, typer.Option("--parked", help="Only the items parked for a human.")] = False,
    db: DbOption = None,
) -> None:
    """Counts by status, then the items still waiting or parked, with their last error."""
    rows, counts = asyncio.run(_load(Settings().with_database(db), parked))
    console.print("  ".join(f"{status}: {n}" for status, n in sorted(counts.items())) or "the outbox is empty")
    if not rows:
        return
    table = Table("id", "what", "status", "attempts", "next attempt", "last error")
    for item in rows:
        table.add_row(
            str(item.id),
            KINDS.get(item.kind, item.kind),
            item.status,
            str(item.attempts),
            f"{item.next_attempt_at:%Y-%m-%d %H:%M}" if item.status == "pending" else "",
            (item.last_error or "")[:120],
        )
    console.print(table)


@app.command()
def retry(
    item_id: Annotated[int | None, typer.Argument(help="The item's id (from `outbox list`).")] = None,
    all_parked: Annotated[bool, typer.Option("--all-parked", help="Every parked item.")] = False,
    db: DbOption = None,
) -> None:
    """Put parked items back in the queue (after fixing what was wrong, e.g. a field in amoCRM)."""
    if item_id is None and not all_parked:
        raise typer.BadParameter("name an item id or pass --all-parked")
    count = asyncio.run(_retry(Settings().with_database(db), item_id))
    console.print(f"{count} item(s) back in the queue; the running service picks them up within a minute")


async def _load(settings: Settings, parked: bool) -> tuple[list[OutboxItem], dict[str, int]]:
    from bot.store.engine import create_engine, session_factory, upgrade_async

    await upgrade_async(settings.database_url)
    engine = create_engine(settings.database_url)
    try:
        async with session_factory(engine)() as session:
            counts = dict((await session.exec(select(OutboxItem.status, func.count()).group_by(OutboxItem.status))).all())
            wanted = ["parked"] if parked else ["parked", "pending"]
            query = select(OutboxItem).where(col(OutboxItem.status).in_(wanted)).order_by(col(OutboxItem.id)).limit(200)
            return list((await session.exec(query)).all()), counts
    finally:
        await engine.dispose()


async def _retry(settings: Settings, item_id: int | None) -> int:
    from bot.clock import SystemClock
    from bot.store.engine import create_engine, session_factory, upgrade_async

    await upgrade_async(settings.database_url)
    engine = create_engine(settings.database_url)
    try:
        async with session_factory(engine)() as session:
            query = select(OutboxItem).where(OutboxItem.status == "parked")
            if item_id is not None:
                query = query.where(OutboxItem.id == item_id)
            items = list((await session.exec(query)).all())
            for item in items:
                item.status, item.attempts, item.next_attempt_at = "pending", 0, SystemClock().now()
                session.add(item)
            await session.commit()
            return len(items)
    finally:
        await engine.dispose()
