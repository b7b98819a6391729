"""LLM_PROVIDER -> a langchain chat model: openai (and any OpenAI-compatible server), gigachat, yandex."""

from __future__ import annotations

from typing import Any

import httpx
from langchain_core.language_models.chat_models import BaseChatModel
from pydantic import SecretStr

from bot.config import Settings

PROVIDERS = ("openai", "gigachat", "yandex")


class LlmConfigError(ValueError):
    """The LLM settings cannot work (unknown provider, missing key)."""


def model_name(settings: Settings) -> str:
    if settings.llm.model:
        return settings.llm.model
    if settings.llm.provider == "gigachat":
        return "GigaChat"
    if settings.llm.provider == "yandex":
        return f"gpt://{settings.yandex.folder_id}/yandexgpt-lite/latest"
    return "gpt-4o-mini"


def chat_model(settings: Settings, http: httpx.AsyncClient) -> BaseChatModel:
    """`http`: the async HTTP client the OpenAI-compatible providers use (the caller closes it)."""
    provider = settings.llm.provider.strip().lower()
    common: dict[str, Any] = {"temperature": settings.llm.temperature, "max_tokens": settings.llm.max_tokens}
    if provider == "openai":
        from langchain_openai import ChatOpenAI

        key = settings.openai.api_key or SecretStr("not-needed")  # local servers need no key
        return ChatOpenAI(
            model=model_name(settings),
            api_key=key,
            base_url=settings.openai.base_url,
            timeout=settings.llm.timeout_seconds,
            max_retries=0,
            http_async_client=http,
            **common,
        )
    if provider == "gigachat":
        if settings.gigachat.credentials is None:
            raise LlmConfigError("LLM_PROVIDER=gigachat needs GIGACHAT_CREDENTIALS")
        from langchain_gigachat import GigaChat

        return GigaChat(
            credentials=settings.gigachat.credentials.get_secret_value(),
            scope=settings.gigachat.scope,
            model=model_name(settings),
            verify_ssl_certs=settings.gigachat.verify_ssl_certs,
            timeout=settings.llm.timeout_seconds,
            max_retries=0,
            **common,
        )
    if provider == "yandex":
        if settings.yandex.api_key is None or not (settings.yandex.folder_id or settings.llm.model):
            raise LlmConfigError("LLM_PROVIDER=yandex needs YANDEX_API_KEY and YANDEX_FOLDER_ID (or LLM_MODEL)")
        from langchain_openai import ChatOpenAI

        # Yandex Cloud AI Studio speaks the OpenAI chat API; the folder goes in OpenAI-Project.
        return ChatOpenAI(
            model=model_name(settings),
            api_key=settings.yandex.api_key,
            base_url=settings.yandex.base_url,
            timeout=settings.llm.timeout_seconds,
            max_retries=0,
            default_headers={"OpenAI-Project": settings.yandex.folder_id or ""},
            http_async_client=http,
            **common,
        )
    raise LlmConfigError(f"unknown LLM_PROVIDER {settings.llm.provider!r}: use none, {', '.join(PROVIDERS)}")
