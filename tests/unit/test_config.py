"""Configuration: every setting is documented, and the documented file works as it stands."""

from __future__ import annotations

import re
from pathlib import Path

from bot.config import Settings

ENV_EXAMPLE = Path(__file__).resolve().parents[2] / ".env.example"


def documented_names() -> set[str]:
    return set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", ENV_EXAMPLE.read_text(encoding="utf-8"), re.MULTILINE))


def test_every_setting_is_documented_in_env_example() -> None:
    missing = {name.upper() for name in Settings.model_fields} - documented_names()
    assert not missing, f"add to .env.example with a comment: {sorted(missing)}"


def test_env_example_names_only_real_settings() -> None:
    unknown = documented_names() - {name.upper() for name in Settings.model_fields}
    assert not unknown, f"not read by Settings: {sorted(unknown)}"


def test_env_example_copied_as_is_gives_the_embedded_defaults(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    for name in documented_names():
        monkeypatch.delenv(name, raising=False)
    settings = Settings(_env_file=ENV_EXAMPLE)  # type: ignore[call-arg]
    defaults = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.llm_provider == defaults.llm_provider
    assert settings.telegram_bot_token is None and settings.amocrm_base_url is None
    assert settings.prompts_dir == defaults.prompts_dir and settings.prompts_dir.is_dir()
    assert settings.retention_open_deal_days == 0 and settings.outbox_max_attempts == 20


def test_the_llm_provider_name_is_read_in_any_case() -> None:
    assert Settings(_env_file=None, llm_provider=" OpenAI ").llm_provider == "openai"  # type: ignore[call-arg]
    assert Settings(_env_file=None, llm_provider="").llm_provider == "none"  # type: ignore[call-arg]
