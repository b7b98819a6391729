"""One Settings object, built once in main and passed down. Values come from the environment / .env.

Settings are grouped per concern (`settings.telegram.bot_token`, `settings.retention.after_days`…)
while the environment keeps its flat names (TELEGRAM_BOT_TOKEN, RETENTION_AFTER_DAYS — the contract
in DESIGN.md §4 and .env.example): a group's variables are its prefix plus the field name, unless
the group names one otherwise (OWNER_TELEGRAM_IDS). Code may pass the flat names too:
`Settings(telegram_bot_token=…)` is `Settings(telegram={"bot_token": …})`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict
from pydantic_settings.sources import EnvSettingsSource

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


class Group(BaseModel):
    """Settings of one concern; its environment names are ENV_PREFIX + field (or ENV_NAMES[field])."""

    model_config = ConfigDict(extra="forbid")
    ENV_PREFIX: ClassVar[str] = ""
    ENV_NAMES: ClassVar[dict[str, str]] = {}

    @classmethod
    def flat_names(cls) -> dict[str, str]:
        """flat name (lowercase env variable) -> field name."""
        return {cls.ENV_NAMES.get(name, cls.ENV_PREFIX + name): name for name in cls.model_fields}


class LlmSettings(Group):
    ENV_PREFIX = "llm_"
    provider: str = "none"
    model: str | None = None
    temperature: float = 0.3
    timeout_seconds: float = 8.0
    max_tokens: int = 400
    price_in_rub_per_1m: float = 15.0  # roubles per 1M input tokens (gpt-4o-mini class)
    price_out_rub_per_1m: float = 60.0  # roubles per 1M output tokens
    daily_budget_rub: float | None = None  # past it (shop's day) the offline brain answers; the owner is alerted
    context_turns: int = 6  # last messages sent as they are; older ones only as a summary
    turn_chars: int = 400  # each message sent to the model is cut to this length
    mask_phones: bool = True  # phone numbers never reach the model
    structured_output: str = "function_calling"  # or json_schema, for servers that support it
    vision: bool = False  # the model reads photos too (only for models that accept images)
    rephrase: bool = True  # let the model phrase replies (templates otherwise)
    breaker_failures: int = 3  # this many failures in a row open the circuit breaker
    breaker_open_seconds: float = 120.0  # ... and the provider is not called for this long

    @field_validator("provider")
    @classmethod
    def _provider_name(cls, value: str) -> str:
        return value.strip().lower() or "none"  # «OpenAI», « openai » and «» all mean what they say


class OpenAiSettings(Group):
    ENV_PREFIX = "openai_"
    api_key: SecretStr | None = None
    base_url: str | None = None


class GigaChatSettings(Group):
    ENV_PREFIX = "gigachat_"
    credentials: SecretStr | None = None
    scope: str = "GIGACHAT_API_PERS"
    verify_ssl_certs: bool = True


class YandexSettings(Group):
    ENV_PREFIX = "yandex_"
    api_key: SecretStr | None = None
    folder_id: str | None = None
    base_url: str = "https://llm.api.cloud.yandex.net/v1"


class TelegramSettings(Group):
    ENV_PREFIX = "telegram_"
    ENV_NAMES = {"owner_ids": "owner_telegram_ids"}
    bot_token: SecretStr | None = None
    api_base: str | None = None
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    managers_chat_id: int | None = None
    manager_crm_users: str = ""  # "telegram id:CRM user id, ...": who «Взять» makes responsible
    owner_ids: str = ""
    debounce_seconds: float = Field(default=1.5, description="quick messages in a row become one turn")
    polling_timeout: int = 25
    media_dir: Path = Path("data/media")  # customers' photos of every channel are kept here
    max_photo_bytes: int = 10_000_000
    chat_interval_seconds: float = 1.0  # ≈1 message/s per chat
    messages_per_second: float = 30.0  # overall sending rate


class WhatsAppSettings(Group):
    ENV_PREFIX = "whatsapp_"
    token: SecretStr | None = None
    phone_number_id: str | None = None
    app_secret: SecretStr | None = None
    verify_token: SecretStr | None = None
    api_base: str | None = None  # default https://graph.facebook.com; another: a proxy, or the fake Graph API in tests
    api_version: str = "23.0"
    timeout_seconds: float = 20.0
    # An approved template for anything sent outside the 24-hour window (win-back openers and
    # follow-ups); its body takes {{1}} = the customer's name, {{2}} = the shop. Without one the
    # campaign does not write through WhatsApp.
    template_name: str | None = None
    template_language: str = "ru"
    debounce_seconds: float = 1.5  # quick messages in a row and album photos become one turn


class WazzupSettings(Group):
    ENV_PREFIX = "wazzup_"
    api_key: SecretStr | None = None
    api_base: str = "https://api.wazzup24.com"
    webhook_token: SecretStr | None = None  # Wazzup sends it as "Authorization: Bearer <token>" with every webhook
    timeout_seconds: float = 20.0
    debounce_seconds: float = 1.5  # quick messages in a row and album photos become one turn


class MaxSettings(Group):
    ENV_PREFIX = "max_"
    bot_token: SecretStr | None = None
    api_base: str = "https://platform-api2.max.ru"  # another: our fake MAX Bot API in tests
    webhook_url: str | None = None  # unset: long polling (development; MAX delivers one way at a time)
    webhook_secret: SecretStr | None = None  # MAX sends it back as X-Max-Bot-Api-Secret with every update
    timeout_seconds: float = 60.0  # a request to the Bot API (the long poll itself waits up to 30 s)
    debounce_seconds: float = 1.5  # quick messages in a row become one turn
    chat_interval_seconds: float = 0.5  # MAX: 2 messages/s per chat
    messages_per_second: float = 30.0  # MAX: 30 requests/s overall


class AmoCrmSettings(Group):
    ENV_PREFIX = "amocrm_"
    base_url: str | None = None
    access_token: SecretStr | None = None
    client_id: str | None = None
    client_secret: SecretStr | None = None
    redirect_uri: str | None = None
    auth_code: SecretStr | None = None
    pipeline: str | None = None
    stage: str | None = None
    webhook_secret: SecretStr | None = None
    bonus_field: str = "Бонусы"  # contact field read as the bonus balance by `crm sync`
    task_minutes: int = 30  # the manager's task is due this much working time after the hand-off
    rate_per_second: float = 7.0  # amoCRM allows 7 requests/s per integration
    timeout_seconds: float = 10.0
    retry_seconds: float = 0.5  # first pause of the quick retries inside one call
    blocked_pause_minutes: int = 15  # after 402/403, calls pause this long before a new try


class ManagerSettings(Group):
    ENV_PREFIX = "manager_"
    hours_start: int = 9  # managers' working hours (shop time zone): when a task's minutes run
    hours_end: int = 19
    work_days: str = "1-6"  # ISO weekdays, Monday = 1: "1-5", "1,2,3,4,5,6"


class SlaSettings(Group):
    """How long a handed-off request may wait for a manager (working time, MANAGER_HOURS_*/MANAGER_WORK_DAYS)."""

    ENV_PREFIX = "sla_"
    take_minutes: int = 120  # not taken by then: posted again as overdue, a task for the senior, the customer told
    escalate_minutes: int = 240  # still not taken by then: the owner is alerted (OWNER_TELEGRAM_IDS)
    senior_amocrm_user: str | None = None  # amoCRM user id the overdue and bad-feedback tasks are for


class FeedbackSettings(Group):
    ENV_PREFIX = "feedback_"
    after_days: int = 3  # days after a won deal or an imported purchase the persona asks how it went; 0: never


class RetentionSettings(Group):
    ENV_PREFIX = "retention_"
    enabled: bool = True
    after_days: int = 90
    contact_cap_days: int = 30
    open_deal_days: int = 0
    hours_start: int = 10
    hours_end: int = 20
    max_per_run: int = 50
    send_rate_per_second: float = 1.0
    reply_wait_hours: int = 72
    tick_seconds: int = 300
    discount_percent: int = 5
    offer_hours: int = 24
    offer_period_days: int = 90
    # the holdout: this share of the customers due in a pass (by a stable hash of their id) is recorded
    # as the control group and never written to; both groups' orders are followed alike
    control_percent: float = Field(default=10.0, ge=0, le=50)
    attribution_days: int = 30  # orders within this many days of the date a customer was due count for the pass
    # purchase cycles (retention/segments.py): "name:days:word,word,<=amount; ..."; the rest: after_days
    segments: str = "расходники:150:масл,фильтр,колодк,свеч,антифриз,тормозн жидк,щетк,дворник,<=2500"


class ChannelCostSettings(Group):
    """What one campaign message costs the shop, in roubles, per channel (stats: the campaign's cost)."""

    ENV_PREFIX = "channel_cost_"
    web: float = 0.0
    telegram: float = 0.0
    max: float = 0.0
    whatsapp: float = 6.0  # a marketing template message (Meta charges per delivered template; set your own price)

    def of(self, channel: str) -> float:
        return float(getattr(self, channel, 0.0)) if channel in type(self).model_fields else 0.0


class WebChatSettings(Group):
    ENV_PREFIX = "web_chat_"
    messages_per_minute: int = 20  # per conversation: more is a script, not a customer
    new_conversations_per_hour: int = 10  # per client address: each one may cost an LLM dialog
    photos_per_hour: int = 20  # per conversation: each photo is kept on disk and read by OCR (or the LLM)
    embed_origins: str = ""  # the shop's sites that may embed the chat in a frame: "https://shop.ru https://www.shop.ru"

    def embed_origin_list(self) -> list[str]:
        return [origin for origin in self.embed_origins.replace(",", " ").split() if origin.startswith("https://")]


class StaffSettings(Group):
    ENV_PREFIX = "staff_"
    session_days: int = 14  # a signed-in browser stays signed in this long
    login_attempts: int = 5  # failed sign-ins per 15 minutes, per client address and per name


class OutboxSettings(Group):
    ENV_PREFIX = "outbox_"
    poll_seconds: float = 1.0
    max_attempts: int = 20
    lease_seconds: float = 300.0
    reply_lease_seconds: float = 60.0


class _FlatNames(PydanticBaseSettingsSource):
    """Reads a group's flat variables (TELEGRAM_BOT_TOKEN) from the environment or .env as found by
    pydantic-settings' own source; the Settings validator nests them."""

    def __init__(self, settings_cls: type[BaseSettings], source: EnvSettingsSource) -> None:
        super().__init__(settings_cls)
        self._vars: Mapping[str, str | None] = source.env_vars

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        names = {flat for group in _groups(self.settings_cls).values() for flat in group.flat_names()}
        found = {key.lower(): value for key, value in self._vars.items() if key.lower() in names}
        return {key: value for key, value in found.items() if value is not None}


def _groups(settings_cls: type[BaseModel]) -> dict[str, type[Group]]:
    return {
        name: field.annotation
        for name, field in settings_cls.model_fields.items()
        if isinstance(field.annotation, type) and issubclass(field.annotation, Group)
    }


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", env_ignore_empty=True
    )  # «KEY=» in .env means "default"

    database_url: str = DEFAULT_DATABASE_URL
    host: str = "127.0.0.1"
    port: int = 8080
    public_base_url: str | None = Field(default=None, description="how customers reach /c/{token} links")
    dashboard_token: SecretStr | None = None
    persona_name: str = "Виталий"
    shop_name: str = "АвтоДеталь"
    timezone: str = "Europe/Moscow"
    prompts_dir: Path = Path(__file__).resolve().parent.parent / "prompts"
    max_understood_chars: int = Field(default=1000, description="longer messages are stored whole, read in part")
    media_retention_days: int = Field(default=180, description="customers' photos older than this are deleted; 0: kept")
    shop_margin_percent: float = Field(default=20.0, description="the shop's margin on revenue (stats: incremental margin)")

    llm: LlmSettings = Field(default_factory=LlmSettings)
    openai: OpenAiSettings = Field(default_factory=OpenAiSettings)
    gigachat: GigaChatSettings = Field(default_factory=GigaChatSettings)
    yandex: YandexSettings = Field(default_factory=YandexSettings)
    telegram: TelegramSettings = Field(default_factory=TelegramSettings)
    whatsapp: WhatsAppSettings = Field(default_factory=WhatsAppSettings)
    wazzup: WazzupSettings = Field(default_factory=WazzupSettings)
    max: MaxSettings = Field(default_factory=MaxSettings)
    amocrm: AmoCrmSettings = Field(default_factory=AmoCrmSettings)
    managers: ManagerSettings = Field(default_factory=ManagerSettings)
    sla: SlaSettings = Field(default_factory=SlaSettings)
    feedback: FeedbackSettings = Field(default_factory=FeedbackSettings)
    retention: RetentionSettings = Field(default_factory=RetentionSettings)
    channel_cost: ChannelCostSettings = Field(default_factory=ChannelCostSettings)
    outbox: OutboxSettings = Field(default_factory=OutboxSettings)
    web_chat: WebChatSettings = Field(default_factory=WebChatSettings)
    staff: StaffSettings = Field(default_factory=StaffSettings)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        assert isinstance(env_settings, EnvSettingsSource) and isinstance(dotenv_settings, EnvSettingsSource)
        return (
            init_settings,
            env_settings,
            _FlatNames(settings_cls, env_settings),
            dotenv_settings,
            _FlatNames(settings_cls, dotenv_settings),
            file_secret_settings,
        )

    @model_validator(mode="before")
    @classmethod
    def _nest_flat_names(cls, data: Any) -> Any:
        """TELEGRAM_BOT_TOKEN (environment) or telegram_bot_token=… (code) -> telegram.bot_token."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        for group_name, group in _groups(cls).items():
            given = data.get(group_name)
            nested: dict[str, Any] = dict(given) if isinstance(given, dict) else {}
            for flat, field in group.flat_names().items():
                if flat in data:
                    nested.setdefault(field, data.pop(flat))
            if nested and not isinstance(given, Group):
                data[group_name] = nested
        return data

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        return normalize_database_url(value)

    @classmethod
    def env_names(cls) -> set[str]:
        """Every environment variable the service reads (upper case)."""
        flat = {name for group in _groups(cls).values() for name in group.flat_names()}
        top = {name for name in cls.model_fields if name not in _groups(cls)}
        return {name.upper() for name in flat | top}

    def working_hours(self) -> WorkingHours:
        return WorkingHours(
            self.managers.hours_start, self.managers.hours_end, parse_days(self.managers.work_days), self.timezone
        )

    def base_url(self) -> str:
        """How customers and managers reach this service (links in deals and campaign messages)."""
        return self.public_base_url or f"http://{self.host}:{self.port}"

    def with_database(self, url: str | None) -> Settings:
        """These settings on another database (a command's `--db`, in DATABASE_URL's forms)."""
        return self.model_copy(update={"database_url": normalize_database_url(url)}) if url else self
