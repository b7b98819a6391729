"""`python main.py max ...` commands."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer

from bot.config import Settings

app = typer.Typer(help="MAX: deep links for customers.", no_args_is_help=True)


@app.command()
def link(
    customer: Annotated[str, typer.Argument(help="The customer: the shop's customer number, a phone, or our id.")],
    bot_username: Annotated[
        str | None, typer.Option(help="The bot's username (default: asked from MAX with the bot token).")
    ] = None,
) -> None:
    """Print a https://max.ru/<bot>?start=<token> link that attaches the customer's MAX chat to them."""
    from bot.store.engine import upgrade

    settings = Settings()
    if bot_username is None and settings.max.bot_token is None:
        typer.echo("MAX_BOT_TOKEN is not set: set it or pass --bot-username.", err=True)
        raise typer.Exit(2)
    upgrade(settings.database_url)
    url = asyncio.run(_link(settings, customer, bot_username))
    if url is None:
        typer.echo(f"No customer {customer!r}: give the shop's customer number, a phone or our customer id.", err=True)
        raise typer.Exit(1)
    typer.echo(url)


async def _link(settings: Settings, who: str, bot_username: str | None) -> str | None:
    from maxapi.utils.deep_linking import create_start_link

    from bot.app.chat_links import create_link_token
    from bot.app.customers import find_customer, normalize_phone
    from bot.clock import SystemClock
    from bot.store.engine import create_engine, session_factory
    from bot.store.kv import KvStore
    from bot.store.models import Customer

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
            from bot.channels.max.plugin import build_bot  # maxapi's client loads only to ask for the name

            bot = build_bot(settings)
            try:
                bot_username = (await bot.get_me()).username
            finally:
                await bot.close_session()
            if not bot_username:
                raise typer.BadParameter("MAX did not give the bot's username: pass --bot-username.")
        token = await create_link_token(KvStore(sessions, SystemClock()), "max", found.id)
    finally:
        await engine.dispose()
    return create_start_link(bot_username, token)
