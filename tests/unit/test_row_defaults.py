"""A new row's JSON columns start empty and its own (#19): the default factories of the tables are
called for every row built, so building one must not inspect them each time — pydantic asks for a
default factory's signature at every construction, and a builtin's (list, dict) is parsed from
text: a third of the cost of building a Message, three times a turn."""

from __future__ import annotations

import inspect
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.store.models import Conversation, Lead, Message, OutboxItem

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def test_each_new_row_gets_its_own_empty_json_values() -> None:
    first = Message(conversation_id=1, channel="telegram", direction="out", text="a", created_at=NOW)
    second = Message(conversation_id=1, channel="telegram", direction="out", text="b", created_at=NOW)
    first.attachments.append({"type": "photo"})

    assert second.attachments == []
    assert OutboxItem(kind="channel.send", next_attempt_at=NOW, created_at=NOW).progress == {}
    assert Conversation(customer_id=1, channel="web", chat_id="c", created_at=NOW, updated_at=NOW).state == {}
    assert Lead(conversation_id=1, customer_id=1, channel="web", created_at=NOW).parts == []


def test_building_a_row_parses_no_signature(monkeypatch: pytest.MonkeyPatch) -> None:
    def parsed(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a default factory's signature was parsed from text")

    monkeypatch.setattr(inspect, "_signature_fromstr", parsed)

    Message(conversation_id=1, channel="telegram", direction="in", text="нужен стартер", created_at=NOW)
    OutboxItem(kind="channel.send", payload={"message_id": 1}, next_attempt_at=NOW, created_at=NOW)
