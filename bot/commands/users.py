"""`python main.py users add|list|password|disable`: who may sign in to /crm and /dashboard."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from bot.app import staff
from bot.clock import SystemClock
from bot.config import Settings
from bot.store.engine import SessionFactory, create_engine, session_factory, upgrade

app = typer.Typer(help="Staff accounts: managers see the CRM board, the owner also the dashboard.", no_args_is_help=True)
console = Console(soft_wrap=True)
T = TypeVar("T")

NameArgument = Annotated[str, typer.Argument(help="Login name: letters, digits, '.', '-', '@'.")]
DbOption = Annotated[str | None, typer.Option(help="Database URL (default: DATABASE_URL).")]
StdinOption = Annotated[
    bool, typer.Option("--password-stdin", help="Read the password from standard input (scripts) instead of a prompt.")
]
ROLE_NAMES = {"owner": "владелец", "manager": "менеджер"}


def _with_sessions(db: str | None, work: Callable[[SessionFactory], Awaitable[T]]) -> T:
    settings = Settings().with_database(db)
    upgrade(settings.database_url)

    async def run() -> T:
        engine = create_engine(settings.database_url)
        try:
            return await work(session_factory(engine))
        finally:
            await engine.dispose()

    try:
        return asyncio.run(run())
    except staff.StaffError as error:
        console.print(f"[red]{error}[/]")
        raise typer.Exit(1) from None


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(typer.prompt("Пароль", hide_input=True, confirmation_prompt="Ещё раз"))


@app.command()
def add(
    name: NameArgument,
    role: Annotated[str, typer.Option(help="owner (board and dashboard) or manager (board).")] = "manager",
    password_stdin: StdinOption = False,
    db: DbOption = None,
) -> None:
    """Create a staff account; asks for its password (at least 8 characters)."""
    if role not in staff.ROLES:
        console.print(f"[red]Роль должна быть одной из: {', '.join(staff.ROLES)}[/]")
        raise typer.Exit(2)
    password = _password(password_stdin)
    created = _with_sessions(db, lambda sessions: staff.add_user(sessions, name, role, password, now=SystemClock().now()))
    settings = Settings()
    place = "/crm и /dashboard" if created.role == "owner" else "/crm"
    console.print(
        f"[green]Готово:[/] {created.name} ({ROLE_NAMES[created.role]}) входит на {settings.base_url()}/login → {place}"
    )


@app.command("list")
def list_users(db: DbOption = None) -> None:
    """Every staff account, its role and whether it may sign in."""
    rows = _with_sessions(db, staff.users)
    if not rows:
        console.print("Пользователей нет. Создайте владельца: [bold]python main.py users add ИМЯ --role owner[/]")
        return
    table = Table("Имя", "Роль", "Создан", "Статус")
    for user in rows:
        status = "[red]отключён[/]" if user.disabled_at else "[green]активен[/]"
        table.add_row(user.name, ROLE_NAMES.get(user.role, user.role), f"{user.created_at:%Y-%m-%d}", status)
    console.print(table)


@app.command()
def password(name: NameArgument, password_stdin: StdinOption = False, db: DbOption = None) -> None:
    """Set a new password; the account's open sessions are signed out."""
    new = _password(password_stdin)
    _with_sessions(db, lambda sessions: staff.set_password(sessions, name, new))
    console.print(f"[green]Пароль изменён[/]: {name} должен войти заново на всех устройствах.")


@app.command()
def disable(name: NameArgument, db: DbOption = None) -> None:
    """Stop an account from signing in (the person left); its sessions end at once."""
    _with_sessions(db, lambda sessions: staff.disable_user(sessions, name, now=SystemClock().now()))
    console.print(f"[green]Отключён[/]: {name} больше не войдёт.")
