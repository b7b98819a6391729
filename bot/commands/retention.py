"""`python main.py retention run-once` and `python main.py stats`."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from bot.config import Settings

app = typer.Typer(help="Win customers back: write first to those who have not bought for a while.", no_args_is_help=True)
console = Console()


def _moment(value: str | None) -> datetime | None:
    if value is None:
        return None
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _settings(db: str | None) -> Settings:
    return Settings().with_database(db)


@app.command("run-once")
def run_once(
    now: Annotated[str | None, typer.Option(help="Pretend it is this moment (ISO 8601, e.g. 2026-11-23T11:00+03:00).")] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Only show who would be contacted and why others are skipped.")
    ] = False,
    limit: Annotated[int | None, typer.Option(help="At most this many customers (default RETENTION_MAX_PER_RUN).")] = None,
    db: Annotated[str | None, typer.Option(help="Database URL (default DATABASE_URL).")] = None,
) -> None:
    """One campaign pass: write the opener to every customer who is due now."""
    from bot.bootstrap import build
    from bot.store.engine import upgrade

    settings = _settings(db)
    upgrade(settings.database_url)

    async def go() -> None:
        container = build(settings)
        assert container.campaigns is not None
        moment = _moment(now) or container.clock.now()
        try:
            reasons = await container.campaigns.run_once(moment, dry_run=True, limit=limit)
            result = reasons if dry_run else await container.campaigns.run_once(moment, limit=limit)
            if not dry_run:
                result.skipped.update(reasons.skipped)
                await container.campaigns.resume_snoozed(moment)
                await container.outbox.drain()
        finally:
            await container.close()
        if result.paused:
            console.print("[yellow]Campaigns are paused by the owner (/resume in Telegram to restart).[/]")
            return
        verb = "Would contact" if dry_run else "Contacted"
        table = Table(title=f"{verb}: {len(result.contacted)}")
        for column in ("customer", "name", "channel"):
            table.add_column(column)
        for c in result.contacted:
            table.add_row(str(c.customer_id), c.name or "", c.channel)
        console.print(table)
        if result.held:
            held = "Would hold back" if dry_run else "Held back"
            console.print(f"{held} (the control group, not written to): {len(result.held)}")
        links = [c for c in result.contacted if c.link]
        if links:
            console.print("Personal chat links (open one and answer as that customer):")
            for c in links:
                typer.echo(f"  {c.name or c.customer_id}: {c.link}")
        if result.skipped:
            skipped = Table(title="Not contacted now")
            skipped.add_column("reason")
            skipped.add_column("customers", justify="right")
            for reason, count in result.skipped.most_common():
                skipped.add_row(reason, str(count))
            console.print(skipped)

    asyncio.run(go())


def stats(
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object instead of a table.")] = False,
    png: Annotated[Path | None, typer.Option(help="Also draw the funnel and the uplift into this PNG file.")] = None,
    since: Annotated[str | None, typer.Option(help="Only from this date (YYYY-MM-DD, the shop's time zone).")] = None,
    until: Annotated[str | None, typer.Option(help="Only up to this date, inclusive (YYYY-MM-DD).")] = None,
    channel: Annotated[str | None, typer.Option(help="Only this channel (web, telegram, whatsapp, max).")] = None,
    segment: Annotated[str | None, typer.Option(help="Only this purchase-cycle segment (RETENTION_SEGMENTS).")] = None,
    db: Annotated[str | None, typer.Option(help="Database URL (default DATABASE_URL).")] = None,
) -> None:
    """Funnel, control group and uplift, economics against the reference, weekly series, segments."""
    from bot.app.manager_report import build_managers_report
    from bot.app.manager_report import report_text as managers_text
    from bot.app.manager_texts import ManagerTexts
    from bot.clock import SystemClock
    from bot.store.engine import create_engine, session_factory, upgrade
    from retention.report import Filters, Texts, build_report, report_png, report_text

    settings = _settings(db)
    upgrade(settings.database_url)
    try:
        filters = Filters(
            since=date.fromisoformat(since[:10]) if since else None,
            until=date.fromisoformat(until[:10]) if until else None,
            channel=channel,
            segment=segment,
        )
    except ValueError as exc:
        raise typer.BadParameter(f"a date is YYYY-MM-DD ({exc})") from exc

    async def go() -> None:
        engine = create_engine(settings.database_url)
        try:
            report = await build_report(session_factory(engine), settings, now=SystemClock().now(), filters=filters)
            since_at, until_at = filters.period(settings.timezone)  # the same period and channel: bot/app/manager_report.py
            managers = await build_managers_report(
                session_factory(engine), settings, since=since_at, until=until_at, channel=filters.channel
            )
        finally:
            await engine.dispose()
        texts = Texts(settings.prompts_dir)
        if as_json:
            typer.echo(json.dumps({**report.to_dict(), **managers.to_dict()}, ensure_ascii=False))
        else:
            typer.echo(report_text(report, texts))
            typer.echo("\n" + managers_text(managers, ManagerTexts(settings.prompts_dir)))
        if png is not None:
            image = report_png(report, texts)
            if image is None:
                console.print("[dim]Nobody was contacted yet: no chart.[/]")
            else:
                png.write_bytes(image)

    asyncio.run(go())
