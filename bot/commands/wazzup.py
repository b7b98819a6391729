"""`python main.py wazzup ...` commands."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer

from bot.config import Settings

app = typer.Typer(help="Wazzup: the messaging aggregator.", no_args_is_help=True)


@app.command("webhook-register")
def webhook_register(
    url: Annotated[str, typer.Argument(help="The public URL of /webhooks/wazzup, e.g. https://shop.example/webhooks/wazzup")],
) -> None:
    """Tell Wazzup where to deliver the customers' messages (PATCH /v3/webhooks)."""
    from bot.channels.wazzup.api import WazzupApi

    settings = Settings()
    if settings.wazzup.api_key is None:
        typer.echo("WAZZUP_API_KEY is not set.", err=True)
        raise typer.Exit(2)
    if settings.wazzup.webhook_token is None:
        typer.echo("WAZZUP_WEBHOOK_TOKEN is not set: the webhook would refuse every request.", err=True)
        raise typer.Exit(2)

    async def register() -> None:
        api = WazzupApi(settings.wazzup)
        try:
            await api.register_webhook(url)
        finally:
            await api.aclose()

    asyncio.run(register())
    typer.echo(f"Wazzup delivers messages to {url}")
