"""partsbot command line: the service, a terminal chat, scripted replays and the database."""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
import uuid
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from bot.commands import crm as crm_commands
from bot.commands import max as max_commands
from bot.commands import retention as retention_commands
from bot.commands import telegram as telegram_commands
from bot.commands import wazzup as wazzup_commands
from bot.config import Settings

app = typer.Typer(help="partsbot — the first-line seller of an auto-parts shop.", no_args_is_help=True)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(crm_commands.app, name="crm")
app.add_typer(telegram_commands.app, name="telegram")
app.add_typer(wazzup_commands.app, name="wazzup")
app.add_typer(max_commands.app, name="max")
app.add_typer(retention_commands.app, name="retention")
app.command("stats")(retention_commands.stats)
from bot.commands import photos as photos_commands  # noqa: E402

app.command("read-photo")(photos_commands.read_photo)
from bot.commands import imports as import_commands  # noqa: E402

app.add_typer(import_commands.app, name="import")
from bot.commands import outbox as outbox_commands  # noqa: E402

app.add_typer(outbox_commands.app, name="outbox")
from bot.commands import customers as customers_commands  # noqa: E402

app.add_typer(customers_commands.app, name="customers")
from bot.commands import users as users_commands  # noqa: E402

app.add_typer(users_commands.app, name="users")
console = Console()


@app.callback()
def _masked_stderr() -> None:
    from pydantic import ValidationError

    from bot.logs import mask_stderr

    with contextlib.suppress(ValidationError):  # a command that needs the settings says what is wrong with them
        mask_stderr(Settings())  # a warning any command logs is masked as the service's log is (bot/logs.py)


def _settings(db: str | None = None) -> Settings:
    return Settings().with_database(db)


@app.command()
def run(
    host: Annotated[str | None, typer.Option(help="Listen address (env HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (env PORT).")] = None,
) -> None:
    """Start the service: web chat at /, CRM board at /crm, webhooks under /webhooks/."""
    import uvicorn

    from bot.bootstrap import build
    from bot.logs import configure_logging
    from bot.store.engine import upgrade
    from bot.vision.glyphs import prepare_in_background
    from bot.web.app import create_app

    settings = _settings()
    configure_logging(settings)  # masked: no phone, token or secret reaches the log
    upgrade(settings.database_url)
    container = build(settings)
    prepare_in_background()  # the photo reader's glyph classifier: trained once, while nobody waits
    host, port = host or settings.host, port or settings.port
    console.print(f"[bold]partsbot[/] — chat: http://{host}:{port}/   CRM board: http://{host}:{port}/crm")
    console.print("Staff sign in at /login; the first account: [bold]python main.py users add NAME --role owner[/]")
    # log_config=None: uvicorn's loggers propagate to the root's masked handler instead of their own
    uvicorn.run(create_app(container), host=host, port=port, log_level="info", log_config=None)


@app.command()
def chat(
    name: Annotated[str, typer.Option(help="Your name as the customer.")] = "Покупатель",
    session: Annotated[str, typer.Option(help="Conversation id: the same id continues the same conversation.")] = "terminal",
) -> None:
    """Talk to the persona in the terminal as a customer (empty line or Ctrl-D quits)."""
    from bot.app.service import handle_inbound
    from bot.bootstrap import build
    from bot.messages import Inbound
    from bot.store.engine import upgrade

    settings = _settings()
    upgrade(settings.database_url)

    async def loop() -> None:
        container = build(settings)
        console.print(f"[dim]Чат с {settings.persona_name} ({settings.shop_name}). Пустая строка — выход.[/]")
        try:
            while True:
                try:
                    text = console.input("[bold cyan]Вы:[/] ")
                except EOFError:
                    break
                if not text.strip():
                    break
                inbound = Inbound(
                    channel="cli",
                    chat_id=session,
                    external_id=uuid.uuid4().hex,
                    text=text,
                    received_at=container.clock.now(),
                    sender_name=name,
                )
                for reply in await handle_inbound(inbound, container.core):
                    console.print(f"[bold green]{settings.persona_name}:[/] {reply.text}")
                await container.outbox.drain()
        finally:
            await container.close()

    asyncio.run(loop())


@app.command()
def replay(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="Scenarios, one JSON object per line.")],
    db: Annotated[str | None, typer.Option(help="Database URL for all scenarios (default: a fresh one each).")] = None,
) -> None:
    """Run scripted conversations; print one JSON result per scenario (DESIGN.md §4)."""
    from bot.replay import BadScenario, Replayer, load_scenarios

    try:
        scenarios = load_scenarios(file.read_text(encoding="utf-8").splitlines())
    except BadScenario as error:  # «channel: vk»: said before anything runs, not a traceback halfway
        typer.echo(f"{file}: {error}", err=True)
        raise typer.Exit(2) from None
    replayer = Replayer(_settings(), shared_db=Settings(database_url=db).database_url if db else None, base_dir=file.parent)

    async def run_all() -> None:
        for scenario in scenarios:
            result = await replayer.run(scenario)
            sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
            sys.stdout.flush()

    try:
        asyncio.run(run_all())
    finally:
        replayer.close()


@db_app.command("upgrade")
def db_upgrade(db: Annotated[str | None, typer.Option(help="Database URL (default: DATABASE_URL).")] = None) -> None:
    """Apply database migrations up to the newest."""
    from bot.store.engine import upgrade

    settings = _settings(db)
    upgrade(settings.database_url)
    console.print("[green]database is up to date[/]")


if __name__ == "__main__":
    app()
