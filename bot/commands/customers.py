"""`python main.py customers forget ID|PHONE` (erasure at the customer's request, 152-FZ) and
`python main.py customers sweep-media` (photos past MEDIA_RETENTION_DAYS)."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from bot.config import Settings

app = typer.Typer(help="Customers' personal data: erase on request, photos past their term.", no_args_is_help=True)
console = Console()
DbOption = Annotated[str | None, typer.Option(help="Database URL (default DATABASE_URL).")]
OWNER_CLI = "owner_cli"


@app.command("forget")
def forget(
    who: Annotated[str, typer.Argument(help="Our customer id (as in `stats`, the CRM board) or their phone, in any writing.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    db: DbOption = None,
) -> None:
    """Erase a customer's data at their request: messages, photos, name, phone, VIN — at once and for good.

    Purchases stay as amounts and dates for the accounts, the request is recorded in the consent
    ledger, their identifiers go on the suppression list (an import never brings them back), and
    with amoCRM a manager gets a task to delete them there too."""
    from bot.bootstrap import build
    from bot.store.engine import upgrade

    settings = Settings().with_database(db)
    upgrade(settings.database_url)

    async def go() -> None:
        from bot.app.erasure import find_customers
        from bot.app.erasure import forget as erase

        container = build(settings)
        try:
            async with container.sessions() as session:
                found = await find_customers(session, who)
                if not found:
                    console.print(f"[red]No customer {who!r}[/] (an id from the CRM board or `stats`, or a phone).")
                    raise typer.Exit(1)
                for customer in found:
                    state = " (erased before)" if customer.forgotten_at else ""
                    console.print(
                        f"customer [bold]{customer.id}[/]{state}: {customer.name or '—'}, {customer.phone or 'no phone'}"
                    )
            if not yes and not await asyncio.to_thread(typer.confirm, f"Erase {len(found)} customer(s) for good?"):
                raise typer.Exit(1)
            kinds = tuple(kind for plugin in container.plugins.values() for kind in plugin.erasure_kinds)
            results = []
            async with container.sessions() as session:
                for customer in found:
                    assert customer.id is not None
                    now = container.clock.now()
                    media = settings.telegram.media_dir
                    erased = await erase(session, customer.id, now, source=OWNER_CLI, media_dir=media, crm_kinds=kinds)
                    if erased is not None:
                        results.append(erased)
                await session.commit()
            await container.outbox.drain()
        finally:
            await container.close()
        crm = "amoCRM" if kinds else "the built-in CRM board"
        for erased in results:
            table = Table(title=f"customer {erased.customer_id}: erased" + (" (again: only made sure)" if erased.already else ""))
            table.add_column("what")
            table.add_column("done")
            table.add_row("messages (texts, attachments)", f"{erased.messages} replaced by a marker")
            table.add_row("photos on disk", f"{erased.photos} deleted")
            table.add_row("conversations", f"{erased.conversations}: chat ids and dialogue state removed")
            table.add_row("requests (leads)", f"{erased.leads}: VIN, frame, car removed")
            table.add_row("name, phone, shop's id, chat ids", "removed; on the suppression list as keyed hashes")
            table.add_row("purchases", f"{erased.purchases} kept as amounts and dates only (accounting)")
            table.add_row("consent ledger", "erasure recorded; consents withdrawn")
            table.add_row("outbox", f"{erased.outbox_dropped} pending items dropped; texts removed from the rest")
            if kinds and (erased.crm_deals or erased.crm_contacts):
                where = ", ".join([*(f"deal {d}" for d in erased.crm_deals), *(f"contact {c}" for c in erased.crm_contacts)])
                table.add_row(crm, f"a manager's task to delete them there ({where})")
            elif kinds:
                table.add_row(crm, "[yellow]nothing of theirs known there: check it by hand[/]")
            else:
                table.add_row(crm, "anonymised here")
            console.print(table)

    asyncio.run(go())


@app.command("sweep-media")
def sweep_media(
    days: Annotated[int | None, typer.Option(help="Delete photos older than this (default MEDIA_RETENTION_DAYS).")] = None,
) -> None:
    """Delete customers' photos older than MEDIA_RETENTION_DAYS now (the service does it daily)."""
    from bot.app.media_retention import sweep_media as sweep
    from bot.clock import SystemClock

    settings = Settings()
    keep_days = settings.media_retention_days if days is None else days
    if keep_days <= 0:
        console.print("MEDIA_RETENTION_DAYS is 0: photos are kept until a customer's data is erased.")
        return
    swept = asyncio.run(sweep(settings.telegram.media_dir, SystemClock().now(), keep_days))
    console.print(
        f"{swept.deleted} photos older than {keep_days} days deleted, {swept.kept} kept ({settings.telegram.media_dir})"
    )
