"""`python main.py max ...` commands."""

from __future__ import annotations

from typing import Annotated

import typer

from bot.commands.deep_links import print_link
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
    settings = Settings()
    print_link(
        settings,
        customer,
        channel="max",
        bot_username=bot_username,
        token_env="MAX_BOT_TOKEN" if settings.max.bot_token is None else None,
        ask_username=_username,
        make_link=_start_link,
    )


async def _username(settings: Settings) -> str | None:
    from bot.channels.max.plugin import build_bot  # maxapi's client loads only to ask for the name

    bot = build_bot(settings)
    try:
        return (await bot.get_me()).username
    finally:
        await bot.close_session()


def _start_link(username: str, token: str) -> str:
    from maxapi.utils.deep_linking import create_start_link

    return create_start_link(username, token)
