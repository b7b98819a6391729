"""Configuration: every setting is documented, and the documented file works as it stands."""

from __future__ import annotations

import re
from pathlib import Path

from bot.config import Settings

ENV_EXAMPLE = Path(__file__).resolve().parents[2] / ".env.example"


def documented_names() -> set[str]:
    return set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", ENV_EXAMPLE.read_text(encoding="utf-8"), re.MULTILINE))


def test_every_setting_is_documented_in_env_example() -> None:
    missing = Settings.env_names() - documented_names()
    assert not missing, f"add to .env.example with a comment: {sorted(missing)}"


def test_env_example_names_only_real_settings() -> None:
    unknown = documented_names() - Settings.env_names()
    assert not unknown, f"not read by Settings: {sorted(unknown)}"


def test_env_example_copied_as_is_gives_the_embedded_defaults(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    for name in documented_names():
        monkeypatch.delenv(name, raising=False)
    settings = Settings(_env_file=ENV_EXAMPLE)  # type: ignore[call-arg]
    defaults = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.llm.provider == defaults.llm.provider
    assert settings.telegram.bot_token is None and settings.amocrm.base_url is None
    assert settings.prompts_dir == defaults.prompts_dir and settings.prompts_dir.is_dir()
    assert settings.retention.open_deal_days == 0 and settings.outbox.max_attempts == 20


def test_the_llm_provider_name_is_read_in_any_case() -> None:
    assert Settings(_env_file=None, llm_provider=" OpenAI ").llm.provider == "openai"  # type: ignore[call-arg]
    assert Settings(_env_file=None, llm_provider="").llm.provider == "none"  # type: ignore[call-arg]


def test_flat_environment_names_fill_the_groups(monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "42:FROM-ENV")
    monkeypatch.setenv("OWNER_TELEGRAM_IDS", "111, 222")
    monkeypatch.setenv("RETENTION_AFTER_DAYS", "60")
    dotenv = tmp_path / ".env"
    dotenv.write_text("MANAGER_WORK_DAYS=1-5\nAMOCRM_TASK_MINUTES=45\nRETENTION_AFTER_DAYS=30\n", encoding="utf-8")
    settings = Settings(_env_file=dotenv)  # type: ignore[call-arg]
    assert settings.telegram.bot_token is not None and settings.telegram.bot_token.get_secret_value() == "42:FROM-ENV"
    assert settings.telegram.owner_ids == "111, 222"
    assert settings.retention.after_days == 60  # the environment wins over .env, as before
    assert settings.managers.work_days == "1-5" and settings.amocrm.task_minutes == 45


def test_code_may_pass_flat_names_or_groups_alike() -> None:
    flat = Settings(_env_file=None, telegram_debounce_seconds=0.2, retention_enabled=False)  # type: ignore[call-arg]
    nested = Settings(_env_file=None, telegram={"debounce_seconds": 0.2}, retention={"enabled": False})  # type: ignore[call-arg]
    assert flat == nested and flat.telegram.debounce_seconds == 0.2 and not flat.retention.enabled
