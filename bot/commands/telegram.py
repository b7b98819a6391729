"""`python main.py telegram ...` commands."""

from __future__ import annotations

from typing import Annotated

import typer

from bot.commands.deep_links import print_link
from bot.config import Settings

app = typer.Typer(help="Telegram: deep links for customers.", no_args_is_help=True)


@app.command()
def link(
    customer: Annotated[str, typer.Argument(help="The customer: the shop's customer number, a phone, or our id.")],
    bot_username: Annotated[
        str | None, typer.Option(help="The bot's @username (default: asked from Telegram with the bot token).")
    ] = None,
) -> None:
    """Print a https://t.me/<bot>?start=<token> link that attaches the customer's Telegram to them."""
    settings = Settings()
    print_link(
        settings,
        customer,
        channel="telegram",
        bot_username=bot_username,
        token_env="TELEGRAM_BOT_TOKEN" if settings.telegram.bot_token is None else None,
        ask_username=_username,
        make_link=lambda username, token: f"https://t.me/{username}?start={token}",
    )


async def _username(settings: Settings) -> str | None:
    from bot.channels.telegram.plugin import build_bot  # aiogram loads only to ask for the name

    bot = build_bot(settings)
    try:
        return (await bot.me()).username
    finally:
        await bot.session.close()
