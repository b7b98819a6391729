"""`python main.py crm ...` commands."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from bot.config import Settings

if TYPE_CHECKING:  # the adapter loads when a command runs
    from bot.runtime import Container
    from crm_adapters.amocrm.adapter import AmoCrm
    from crm_adapters.amocrm.fields import Mapping

app = typer.Typer(help="amoCRM: log in, check the mapping, register the webhook, sync history.", no_args_is_help=True)
console = Console(soft_wrap=True)  # long Russian lines stay whole (and testable)

ROLES = {
    "vin": "VIN клиента",
    "frame": "номер кузова",
    "bonus": "бонусный баланс (для `crm sync`)",
    "parts": "список запчастей",
    "car": "автомобиль",
    "source": "откуда пришёл клиент",
    "key": "служебный номер заявки (защита от дублей)",
}
WHY = {
    "not_found": "не найдено",
    "no_rights": "не найдено, а создать не хватает прав (нужен администратор)",
    "not_created": "не удалось создать",
}


def _run(work: Callable[[AmoCrm, Container], Awaitable[None]]) -> None:
    from bot.bootstrap import build
    from bot.ports import CrmAuthExpired, CrmError, CrmRejected
    from bot.store.engine import upgrade
    from bot.store.kv import KvBusy
    from crm_adapters.amocrm.adapter import AmoCrm

    settings = Settings()
    if not settings.amocrm.base_url:
        console.print(
            "[red]AMOCRM_BASE_URL не задан[/]: укажите адрес аккаунта, например https://shop.amocrm.ru (см. .env.example)."
        )
        raise typer.Exit(2)
    upgrade(settings.database_url)

    async def main() -> None:
        container = build(settings)
        try:
            assert isinstance(container.crm, AmoCrm)
            await work(container.crm, container)
        finally:
            await container.close()

    try:
        asyncio.run(main())
    except CrmAuthExpired as exc:
        console.print(f"[red]amoCRM не принял доступ.[/] {exc}")
        raise typer.Exit(1) from None
    except CrmRejected as exc:
        console.print(f"[red]amoCRM отказал:[/] {exc}")
        raise typer.Exit(1) from None
    except (CrmError, KvBusy) as exc:
        console.print(f"[red]amoCRM сейчас недоступен:[/] {exc}. Попробуйте позже — данные не потеряны.")
        raise typer.Exit(1) from None


@app.command()
def login(
    code: Annotated[str | None, typer.Option(help="Authorization code (default: AMOCRM_AUTH_CODE or a prompt).")] = None,
) -> None:
    """Exchange an authorization code for tokens (OAuth integrations); they are stored and refreshed automatically."""
    from crm_adapters.amocrm.auth import OAuthTokens

    settings = Settings()
    if settings.amocrm.access_token:
        console.print(
            "Задан долгосрочный токен AMOCRM_ACCESS_TOKEN — входить не нужно. Проверка: [bold]python main.py crm check[/]"
        )
        return
    missing = [
        n
        for n in ("amocrm_client_id", "amocrm_client_secret", "amocrm_redirect_uri")
        if not getattr(settings.amocrm, n.removeprefix("amocrm_"))
    ]
    if missing:
        console.print("[red]Не хватает настроек:[/] " + ", ".join(n.upper() for n in missing))
        console.print("Их показывает amoCRM: Настройки → Интеграции → ваша интеграция → «Ключи и доступы».")
        raise typer.Exit(2)
    if code is None and settings.amocrm.auth_code:
        code = settings.amocrm.auth_code.get_secret_value()
    if code is None:
        url = f"https://www.amocrm.ru/oauth?client_id={settings.amocrm.client_id}&state={secrets.token_hex(8)}&mode=post_message"
        console.print("1. Откройте amoCRM: Настройки → Интеграции → ваша интеграция → «Ключи и доступы»")
        console.print("   и скопируйте «Код авторизации» (он действует 20 минут),")
        console.print(f"   или откройте {url} и возьмите параметр code из адреса, куда вас вернёт amoCRM.")
        code = typer.prompt("2. Вставьте код сюда")

    async def exchange(crm: AmoCrm, _: Container) -> None:
        assert isinstance(crm.tokens, OAuthTokens)
        pair = await crm.tokens.exchange(code.strip())
        console.print(
            f"[green]Вход выполнен.[/] Ключи сохранены в базе и будут обновляться сами (текущий до {pair['expires_at'][:16]} UTC)."
        )

    _run(exchange)


@app.command()
def check() -> None:
    """Show which pipeline, stage and fields new deals use, and what is missing."""

    async def show(crm: AmoCrm, container: Container) -> None:
        paused = await crm.client.guard.clear()  # the owner fixed payment or rights: check right now
        if paused:
            console.print(f"Пауза после ответа amoCRM {paused['status']} снята — проверяю доступ заново.")
        mapping = await crm.mapping(fresh=True)
        console.print(f"[green]Связь с amoCRM есть[/] ({container.settings.amocrm.base_url}).")
        _print_mapping(mapping, container.settings)

    _run(show)


def _print_mapping(mapping: Mapping, settings: Settings) -> None:
    how = (
        "как указано в AMOCRM_PIPELINE"
        if settings.amocrm.pipeline and settings.amocrm.pipeline.strip().casefold() == mapping.pipeline_name.casefold()
        else "по умолчанию"
    )
    if settings.amocrm.pipeline and how == "по умолчанию":
        console.print(f"[yellow]Воронка «{settings.amocrm.pipeline}» не найдена[/] — проверьте AMOCRM_PIPELINE.")
    console.print(f"Новые сделки попадают в воронку «{mapping.pipeline_name}» ({how}), этап «{mapping.status_name}».")
    if settings.amocrm.stage and settings.amocrm.stage.strip().casefold() != mapping.status_name.casefold():
        console.print(f"[yellow]Этап «{settings.amocrm.stage}» не найден[/] — проверьте AMOCRM_STAGE.")
    problems = 0
    for entity, title in (("contacts", "Поля контакта"), ("leads", "Поля сделки")):
        console.print(f"{title}:")
        for role, name in _names(settings, entity):
            label = f"{entity}:{name}"
            if label in mapping.created:
                console.print(f"  [green]✓[/] «{name}» — {ROLES[role]}: создано сейчас")
            elif role in mapping.fields:
                console.print(f"  [green]✓[/] «{name}» — {ROLES[role]}")
            else:
                why = mapping.missing.get(label, "not_found")
                text = WHY.get(why, f"есть, но тип «{why.removeprefix('type:')}», а нужен текстовый")
                console.print(f"  [red]✗[/] «{name}» — {ROLES[role]}: {text}")
                problems += role != "bonus"
    if problems:
        console.print(
            f"[yellow]Сделки создаются, но без {problems} пол(ей).[/] Создайте их в amoCRM (Настройки → Поля) "
            "или дайте интеграции права администратора, затем снова запустите crm check."
        )
    else:
        console.print("[green]Всё готово:[/] заявки будут приходить в amoCRM со всеми полями.")


def _names(settings: Settings, entity: str) -> list[tuple[str, str]]:
    from crm_adapters.amocrm.fields import field_specs

    return [(s.role, s.name) for s in field_specs(settings.amocrm.bonus_field) if s.entity == entity]


@app.command("webhook-register")
def webhook_register(
    url: Annotated[str, typer.Argument(help="The service's public HTTPS address, e.g. https://bot.shop.ru")],
) -> None:
    """Ask amoCRM to report deal stage changes to this service (needs AMOCRM_WEBHOOK_SECRET)."""
    settings = Settings()
    if not settings.amocrm.webhook_secret:
        console.print(
            "[red]Сначала задайте AMOCRM_WEBHOOK_SECRET[/] — длинную случайную строку, например: " + secrets.token_urlsafe(24)
        )
        raise typer.Exit(2)
    secret = settings.amocrm.webhook_secret.get_secret_value()
    base = url.split("/webhooks/amocrm/")[0].rstrip("/")
    destination = f"{base}/webhooks/amocrm/{secret}"

    async def register(crm: AmoCrm, _: Container) -> None:
        from crm_adapters.amocrm.client import NoRights

        try:  # a 403 here means this token may not manage webhooks, not that the account is blocked
            hooks = {"destination": destination, "settings": ["status_lead", "responsible_lead"]}
            await crm.client.request("POST", "/api/v4/webhooks", json=hooks, forbidden_ok=True)
        except NoRights:
            console.print(
                "[red]amoCRM не дал прав на вебхуки.[/] Войдите под администратором аккаунта "
                "(`python main.py crm login`) или добавьте вебхук вручную: Настройки → Интеграции → Webhooks."
            )
            raise typer.Exit(1) from None
        console.print(
            f"[green]Вебхук зарегистрирован:[/] {base}/webhooks/amocrm/*** — amoCRM будет сообщать о смене этапа "
            "и ответственного сделок."
        )

    _run(register)


@app.command()
def sync() -> None:
    """Import amoCRM contacts with phones and their won deals as customers and purchases (resumable)."""
    from crm_adapters.amocrm.sync import SyncProgress, sync_history

    async def run(crm: AmoCrm, container: Container) -> None:
        columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
        with Progress(*columns, console=console) as bar:
            task = bar.add_task("Загружаю контакты из amoCRM…", total=None)

            def on_page(p: SyncProgress) -> None:
                text = f"страниц: {p.page}, контактов: {p.contacts}, клиентов: {p.customers}, покупок: {p.purchases}"
                bar.update(task, description=text, advance=1)

            result = await sync_history(crm, container.sessions, container.clock, on_page=on_page)
        start = f" (продолжено со страницы {result.resumed_from})" if result.resumed_from > 1 else ""
        console.print(
            f"[green]Готово{start}:[/] новых или обновлённых клиентов {result.customers}, новых покупок {result.purchases}."
        )

    _run(run)
