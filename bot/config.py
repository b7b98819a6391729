"""One Settings object, built once in main and passed down. Values come from the environment / .env."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./data/partsbot.db"


def normalize_database_url(url: str) -> str:
    """Map the plain `sqlite:///` and `postgresql://` forms to the async drivers we use."""
    for plain, driver in (
        ("sqlite://", "sqlite+aiosqlite://"),
        ("postgresql://", "postgresql+asyncpg://"),
        ("postgres://", "postgresql+asyncpg://"),
    ):
        if url.startswith(plain):
            return driver + url[len(plain) :]
    return url


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = DEFAULT_DATABASE_URL
    host: str = "127.0.0.1"
    port: int = 8080
    dashboard_token: SecretStr | None = None

    persona_name: str = "Виталий"
    shop_name: str = "АвтоДеталь"
    timezone: str = "Europe/Moscow"
    prompts_dir: Path = Path(__file__).resolve().parent.parent / "prompts"
    max_understood_chars: int = Field(default=1000, description="longer messages are stored whole, read in part")

    llm_provider: str = "none"
    llm_model: str | None = None
    openai_api_key: SecretStr | None = None
    openai_base_url: str | None = None

    telegram_bot_token: SecretStr | None = None
    telegram_api_base: str | None = None
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: SecretStr | None = None
    telegram_managers_chat_id: int | None = None
    owner_telegram_ids: str = ""

    whatsapp_token: SecretStr | None = None
    whatsapp_phone_number_id: str | None = None
    whatsapp_app_secret: SecretStr | None = None
    whatsapp_verify_token: SecretStr | None = None
    whatsapp_api_base: str | None = None

    amocrm_base_url: str | None = None
    amocrm_access_token: SecretStr | None = None
    amocrm_client_id: str | None = None
    amocrm_client_secret: SecretStr | None = None
    amocrm_redirect_uri: str | None = None
    amocrm_auth_code: SecretStr | None = None
    amocrm_pipeline: str | None = None
    amocrm_stage: str | None = None
    amocrm_webhook_secret: SecretStr | None = None

    outbox_poll_seconds: float = 1.0
    outbox_max_attempts: int = 20

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        return normalize_database_url(value)
