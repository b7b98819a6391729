"""`python main.py <messenger> link CUSTOMER`: one way for every messenger's deep-link command — find
the customer, ask the messenger for the bot's username when it was not given, print the link that
attaches the customer's chat to them (bot/app/chat_links.py)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import typer

from bot.config import Settings

AskUsername = Callable[[Settings], Awaitable[str | None]]  # the bot's username, asked from the messenger
MakeLink = Callable[[str, str], str]  # (bot username, token) -> the link


def print_link(
    settings: Settings,
    customer: str,
    *,
    channel: str,
    bot_username: str | None,
    token_env: str | None,  # the token's variable when it is not set, else None
    ask_username: AskUsername,
    make_link: MakeLink,
) -> None:
    from bot.store.engine import upgrade

    if bot_username is None and token_env is not None:
        typer.echo(f"{token_env} is not set: set it or pass --bot-username.", err=True)
        raise typer.Exit(2)
    upgrade(settings.database_url)
    url = asyncio.run(_link(settings, customer, channel, bot_username, ask_username, make_link))
    if url is None:
        typer.echo(f"No customer {customer!r}: give the shop's customer number, a phone or our customer id.", err=True)
        raise typer.Exit(1)
    typer.echo(url)


async def _link(
    settings: Settings, who: str, channel: str, bot_username: str | None, ask_username: AskUsername, make_link: MakeLink
) -> str | None:
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
        username = bot_username or await ask_username(settings)
        if not username:
            raise typer.BadParameter(f"{channel} did not give the bot's username: pass --bot-username.")
        token = await create_link_token(KvStore(sessions, SystemClock()), channel, found.id)
    finally:
        await engine.dispose()
    return make_link(username, token)
