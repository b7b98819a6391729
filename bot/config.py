"""One Settings object, built once in main and passed down. Values come from the environment / .env."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.working_hours import WorkingHours, parse_days

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
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore", env_ignore_empty=True)  # «KEY=» in .env means "default"

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
    llm_temperature: float = 0.3
    llm_timeout_seconds: float = 8.0
    llm_max_tokens: int = 400
    llm_price_in_rub_per_1m: float = 15.0  # roubles per 1M input tokens (gpt-4o-mini class)
    llm_price_out_rub_per_1m: float = 60.0  # roubles per 1M output tokens
    llm_context_turns: int = 6  # last messages sent as they are; older ones only as a summary
    llm_turn_chars: int = 400  # each message sent to the model is cut to this length
    llm_mask_phones: bool = True  # phone numbers never reach the model
    llm_structured_output: str = "function_calling"  # or json_schema, for servers that support it
    llm_vision: bool = False  # the model reads photos too (only for models that accept images)
    llm_rephrase: bool = True  # let the model phrase replies (templates otherwise)
    llm_breaker_failures: int = 3  # this many failures in a row open the circuit breaker
    llm_breaker_open_seconds: float = 120.0  # ... and the provider is not called for this long
    gigachat_credentials: SecretStr | None = None
    gigachat_scope: str = "GIGACHAT_API_PERS"
    gigachat_verify_ssl_certs: bool = True
    yandex_api_key: SecretStr | None = None
    yandex_folder_id: str | None = None
    yandex_base_url: str = "https://llm.api.cloud.yandex.net/v1"

    telegram_bot_token: SecretStr | None = None
    telegram_api_base: str | None = None
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: SecretStr | None = None
    telegram_managers_chat_id: int | None = None
    telegram_manager_crm_users: str = ""  # "telegram id:CRM user id, ...": who «Взять» makes responsible
    owner_telegram_ids: str = ""
    telegram_debounce_seconds: float = Field(default=1.5, description="quick messages in a row become one turn")
    telegram_polling_timeout: int = 25
    telegram_media_dir: Path = Path("data/media")
    telegram_max_photo_bytes: int = 10_000_000
    telegram_chat_interval_seconds: float = 1.0  # ≈1 message/s per chat
    telegram_messages_per_second: float = 30.0  # overall sending rate

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
    amocrm_bonus_field: str = "Бонусы"  # contact field read as the bonus balance by `crm sync`
    amocrm_task_minutes: int = 30  # the manager's task is due this much working time after the hand-off
    amocrm_rate_per_second: float = 7.0  # amoCRM allows 7 requests/s per integration
    amocrm_timeout_seconds: float = 10.0
    amocrm_retry_seconds: float = 0.5  # first pause of the quick retries inside one call
    amocrm_blocked_pause_minutes: int = 15  # after 402/403, calls pause this long before a new try

    manager_hours_start: int = 9  # managers' working hours (shop time zone): when a task's minutes run
    manager_hours_end: int = 19
    manager_work_days: str = "1-6"  # ISO weekdays, Monday = 1: "1-5", "1,2,3,4,5,6"
    public_base_url: str | None = Field(default=None, description="how customers reach /c/{token} links")

    retention_enabled: bool = True
    retention_after_days: int = 90
    retention_contact_cap_days: int = 30
    retention_open_deal_days: int = 0
    retention_hours_start: int = 10
    retention_hours_end: int = 20
    retention_max_per_run: int = 50
    retention_send_rate_per_second: float = 1.0
    retention_reply_wait_hours: int = 72
    retention_tick_seconds: int = 300
    retention_discount_percent: int = 5
    retention_offer_hours: int = 24
    retention_offer_period_days: int = 90

    outbox_poll_seconds: float = 1.0
    outbox_max_attempts: int = 20

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        return normalize_database_url(value)

    @field_validator("llm_provider")
    @classmethod
    def _provider_name(cls, value: str) -> str:
        return value.strip().lower() or "none"  # «OpenAI», « openai » and «» all mean what they say

    def working_hours(self) -> WorkingHours:
        return WorkingHours(
            self.manager_hours_start, self.manager_hours_end, parse_days(self.manager_work_days), self.timezone
        )

    def with_database(self, url: str | None) -> Settings:
        """These settings on another database (a command's `--db`, in DATABASE_URL's forms)."""
        return self.model_copy(update={"database_url": normalize_database_url(url)}) if url else self
