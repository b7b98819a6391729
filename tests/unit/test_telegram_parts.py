"""Small pure pieces of the Telegram channel."""

from __future__ import annotations

from pydantic import SecretStr

from bot.channels.telegram.context import parse_ids
from bot.channels.telegram.sender import MAX_TEXT, split_text
from bot.channels.telegram.webhook import webhook_path, webhook_secret
from bot.config import Settings


def test_a_long_reply_is_cut_at_line_breaks_into_pieces_telegram_accepts() -> None:
    lines = [f"строка {n} " + "х" * 90 for n in range(100)]
    pieces = split_text("\n".join(lines), MAX_TEXT)
    assert len(pieces) > 1 and all(len(p) <= MAX_TEXT for p in pieces)
    assert "\n".join(pieces) == "\n".join(lines)


def test_a_short_reply_is_one_piece() -> None:
    assert split_text("Здравствуйте!", MAX_TEXT) == ["Здравствуйте!"]


def test_owner_ids_are_read_from_a_comma_separated_list_ignoring_junk() -> None:
    assert parse_ids(" 123, 456 ,abc,,-789") == frozenset({123, 456, -789})


def test_the_webhook_listens_on_the_urls_path() -> None:
    assert webhook_path("https://shop.example/tg/hook/") == "/tg/hook"
    assert webhook_path("https://shop.example") == "/webhooks/telegram"


def test_without_a_configured_secret_one_is_derived_from_the_token_in_telegrams_alphabet() -> None:
    settings = Settings(_env_file=None, telegram_bot_token=SecretStr("42:TEST"))  # type: ignore[call-arg]
    secret = webhook_secret(settings)
    assert secret == webhook_secret(settings) and "42:TEST" not in secret
    assert 1 <= len(secret) <= 256 and secret.isalnum()


def test_a_long_paragraph_without_line_breaks_is_cut_between_words() -> None:
    text = " ".join(["колодки"] * 1000)
    pieces = split_text(text, MAX_TEXT)
    assert all(len(p) <= MAX_TEXT for p in pieces) and " ".join(pieces) == text
