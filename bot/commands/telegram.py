"""`python main.py telegram ...` commands."""

from __future__ import annotations

import asyncio
from typing import Annotated, Optional

import typer

from bot.config import Settings

app = typer.Typer(help="Telegram: deep links for customers.", no_args_is_help=True)


@app.command()
def link(
    customer: Annotated[str, typer.Argument(help="The customer: the shop's customer number, a phone, or our id.")],
    bot_username: Annotated[
        Optional[str], typer.Option(help="The bot's @username (default: asked from Telegram with the bot token).")
    ] = None,
) -> None:
    """Print a https://t.me/<bot>?start=<token> link that attaches the customer's Telegram to them."""
    from bot.db import upgrade

    settings = Settings()
    if bot_username is None and settings.telegram_bot_token is None:
        typer.echo("TELEGRAM_BOT_TOKEN is not set: set it or pass --bot-username.", err=True)
        raise typer.Exit(2)
    upgrade(settings.database_url)
    url = asyncio.run(_link(settings, customer, bot_username))
    if url is None:
        typer.echo(f"No customer {customer!r}: give the shop's customer number, a phone or our customer id.", err=True)
        raise typer.Exit(1)
    typer.echo(url)


async def _link(settings: Settings, who: str, bot_username: str | None) -> str | None:
    from bot.channels.telegram import build_bot
    from bot.channels.telegram_start import create_link_token
    from bot.clock import SystemClock
    from bot.customers import find_customer, normalize_phone
    from bot.db import create_engine, session_factory
    from bot.models import Customer

    engine = create_engine(settings.database_url)
    try:
        sessions = session_factory(engine)
        async with sessions() as session:
            found = await find_customer(session, external_ref=who, phone=normalize_phone(who))
            if found is None and who.isdigit():
                found = await session.get(Customer, int(who))
        if found is None or found.id is None:
            return None
        if bot_username is None:
            bot = build_bot(settings)
            try:
                bot_username = (await bot.me()).username
            finally:
                await bot.session.close()
        token = await create_link_token(sessions, found.id, SystemClock().now())
    finally:
        await engine.dispose()
    return f"https://t.me/{bot_username}?start={token}"
