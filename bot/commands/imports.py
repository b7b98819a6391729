"""`python main.py import customers|purchases FILE [--db URL]`: the shop's spreadsheets in."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from bot.app.importer import ImportFileError, ImportResult, import_customers, import_purchases
from bot.clock import SystemClock
from bot.config import Settings
from bot.store.engine import SessionFactory, create_engine, session_factory, upgrade

app = typer.Typer(help="Import customers and purchases from CSV or XLSX (columns: see README).", no_args_is_help=True)
console = Console()

SHOWN_BAD_ROWS = 20
PROGRESS_FROM_ROWS = 1000  # smaller files finish before a bar is worth drawing

FileArgument = Annotated[Path, typer.Argument(help="A .csv (UTF-8 or Windows-1251, ',' or ';') or .xlsx file.")]
DbOption = Annotated[str | None, typer.Option(help="Database URL (default: DATABASE_URL).")]
Importer = Callable[..., Awaitable[ImportResult]]


@app.command("customers")
def customers(file: FileArgument, db: DbOption = None) -> None:
    """Customers: id, name, phone, bonus points, time zone, consents, Telegram chat id."""
    _import("customers", file, db, import_customers)


@app.command("purchases")
def purchases(file: FileArgument, db: DbOption = None) -> None:
    """Purchases: order number, customer id or phone, date, amount."""
    _import("purchases", file, db, import_purchases)


def _import(what: str, file: Path, db: str | None, importer: Importer) -> None:
    settings = Settings().with_database(db)
    upgrade(settings.database_url)
    now = SystemClock().now()

    async def run() -> ImportResult:
        engine = create_engine(settings.database_url)
        try:
            return await _with_progress(what, file, importer, session_factory(engine), now, settings.timezone)
        finally:
            await engine.dispose()

    started = time.perf_counter()
    try:
        result = asyncio.run(run())
    except ImportFileError as error:
        console.print(f"[red]cannot import:[/] {error}")
        raise typer.Exit(1) from None
    _report(what, file, result, time.perf_counter() - started)


async def _with_progress(
    what: str, file: Path, importer: Importer, sessions: SessionFactory, now: datetime, timezone: str
) -> ImportResult:
    columns = (TextColumn(f"importing {what}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(what, total=None, visible=False)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total, visible=total >= PROGRESS_FROM_ROWS)

        return await importer(sessions, file, now, default_timezone=timezone, progress=progress)


def _report(what: str, file: Path, result: ImportResult, seconds: float) -> None:
    table = Table(title=f"{file.name}: {what}")
    table.add_column("rows")
    table.add_column("count", justify="right")
    for label, count in (
        ("created", result.created),
        ("updated", result.updated),
        ("unchanged", result.unchanged),
        ("bad (skipped)", len(result.bad)),
    ):
        table.add_row(label, str(count))
    if result.erased:
        table.add_row("erased at the customer's request (skipped)", str(result.erased))
    if result.customers_created:
        table.add_row("customers created from purchases", str(result.customers_created))
    console.print(table)
    speed = result.rows / seconds if seconds > 0 else 0.0
    console.print(f"{result.rows} rows in {seconds:.1f} s ({speed:.0f} rows/s)")
    if result.ignored_columns:
        console.print("[yellow]columns not used:[/] " + ", ".join(result.ignored_columns))
    for line, reason in result.bad[:SHOWN_BAD_ROWS]:
        console.print(f"[red]line {line}:[/] {reason}", highlight=False)
    if len(result.bad) > SHOWN_BAD_ROWS:
        console.print(f"[red]… and {len(result.bad) - SHOWN_BAD_ROWS} more bad rows[/]")
