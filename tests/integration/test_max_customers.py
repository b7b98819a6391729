"""MAX customers' dialogs over long polling, against the fake MAX Bot API with the real maxapi client:
the persona answers, photos are downloaded at once and read, quick messages and albums are one turn,
what cannot be read gets a polite answer, a message MAX delivers again is answered once, and chats
are kept apart."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest
from sqlmodel import select

from bot.clock import FixedClock
from bot.store.models import Conversation, Lead
from tests.fakes.max_api import FakeMax
from tests.support.max import QUIET, ReadsVin, inbound_messages, max_answers, running_max
from tests.support.telegram import quiet

CHAT, OTHER = 7001, 7002
VIN = "JTNBE46K303123456"
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 2048 + b"\xff\xd9"


async def test_a_customer_is_answered_by_the_persona_in_their_own_chat(
    sqlite_url: str, max_api: FakeMax, clock: FixedClock, tmp_path: Path
) -> None:
    async with running_max(sqlite_url, max_api, clock, tmp_path):
        max_api.push_text(CHAT, "Здравствуйте, нужен стартер на камри")
        [answer] = await max_answers(max_api, CHAT, 1)
    assert "Виталий" in answer and "VIN" in answer
    [sent] = max_api.sent(CHAT)
    assert sent.params == {"chat_id": str(CHAT)} and max_api.attempts("GET /updates")


async def test_a_photo_is_downloaded_at_once_and_read(
    sqlite_url: str, max_api: FakeMax, clock: FixedClock, tmp_path: Path
) -> None:
    reader = ReadsVin(VIN)
    async with running_max(sqlite_url, max_api, clock, tmp_path / "media", photo_reader=reader) as app:
        max_api.push_text(CHAT, "нужен стартер на камри")
        await max_answers(max_api, CHAT, 1)
        max_api.push_photo(CHAT, JPEG)
        answers = await max_answers(max_api, CHAT, 2)
        [_, photo_message] = await inbound_messages(app)
    assert VIN in answers[1]
    [attachment] = photo_message.attachments
    stored = Path(attachment["path"])
    assert stored.read_bytes() == JPEG and stored.is_relative_to(tmp_path / "media" / "max" / str(CHAT))
    assert reader.paths == [str(stored)]


async def test_an_album_is_one_turn_with_every_photo(
    sqlite_url: str, max_api: FakeMax, clock: FixedClock, tmp_path: Path
) -> None:
    async with running_max(sqlite_url, max_api, clock, tmp_path, photo_reader=ReadsVin(VIN)) as app:
        max_api.push_photo(CHAT, JPEG, JPEG + b"2", JPEG + b"3", caption="вот СТС, нужен генератор")
        [answer] = await max_answers(max_api, CHAT, 1)
        await quiet(QUIET)
        [message] = await inbound_messages(app)
    assert len(max_api.texts(CHAT)) == 1 and VIN in answer
    assert message.text == "вот СТС, нужен генератор" and [a["type"] for a in message.attachments] == ["photo"] * 3


async def test_a_photo_on_another_host_is_fetched_without_the_bots_token(
    sqlite_url: str, max_api: FakeMax, clock: FixedClock, tmp_path: Path
) -> None:
    reader = ReadsVin(VIN)
    async with running_max(sqlite_url, max_api, clock, tmp_path / "media", photo_reader=reader):
        image = max_api.image(JPEG)
        image["payload"]["url"] = image["payload"]["url"].replace("127.0.0.1", "localhost")  # MAX's file store, not its API
        max_api.push(max_api.message_update(CHAT, None, [image]))
        [answer] = await max_answers(max_api, CHAT, 1)
    assert VIN in answer
    [fetch] = max_api.file_requests
    assert fetch["host"] and fetch["host"].startswith("localhost") and fetch["authorization"] is None


async def test_quick_messages_in_a_row_are_one_turn_with_one_answer(
    sqlite_url: str, max_api: FakeMax, clock: FixedClock, tmp_path: Path
) -> None:
    async with running_max(sqlite_url, max_api, clock, tmp_path, max_debounce_seconds=0.3) as app:
        for text in ("нужен стартер", "на камри", f"вин {VIN}"):
            max_api.push_text(CHAT, text)
        [answer] = await max_answers(max_api, CHAT, 1)
        await quiet(QUIET)
        async with app.sessions() as session:
            state = (await session.exec(select(Conversation))).one().state
    assert len(max_api.texts(CHAT)) == 1 and VIN in answer and "стартер" in answer
    assert len(await inbound_messages(app)) == 3 and state


async def test_voice_stickers_and_files_get_a_polite_answer(
    sqlite_url: str, max_api: FakeMax, clock: FixedClock, tmp_path: Path
) -> None:
    chats = {7011: "audio", 7012: "sticker", 7013: "file", 7014: "video"}
    async with running_max(sqlite_url, max_api, clock, tmp_path):
        for chat, kind in chats.items():
            max_api.push_attachment(chat, kind, filename="заказ.pdf") if kind == "file" else max_api.push_attachment(chat, kind)
        answers = {chat: (await max_answers(max_api, chat, 1))[0] for chat in chats}
    assert "Голосовые сообщения я пока не слушаю" in answers[7011]
    assert "Стикер получил" in answers[7012]
    assert "Такие вложения я пока не читаю" in answers[7013] and "Такие вложения я пока не читаю" in answers[7014]
    assert all("напишите, пожалуйста, текстом или пришлите фото" in answer for answer in answers.values())


async def test_a_photo_that_cannot_be_fetched_is_answered_as_such(
    sqlite_url: str, max_api: FakeMax, clock: FixedClock, tmp_path: Path
) -> None:
    async with running_max(sqlite_url, max_api, clock, tmp_path):
        image = max_api.image(JPEG)
        image["payload"]["url"] = f"{max_api.url}/files/expired"
        max_api.push(max_api.message_update(CHAT, None, [image]))
        [answer] = await max_answers(max_api, CHAT, 1)
    assert "Фото не получилось открыть" in answer


async def test_a_message_max_delivers_again_is_answered_once(
    sqlite_url: str, max_api: FakeMax, clock: FixedClock, tmp_path: Path
) -> None:
    async with running_max(sqlite_url, max_api, clock, tmp_path) as app:
        update = max_api.push_text(CHAT, "нужен генератор на гранту")
        max_api.push(update)  # in the same batch
        await max_answers(max_api, CHAT, 1)
        max_api.push(update)  # and later, after the answer
        await quiet(QUIET)
        assert len(await inbound_messages(app)) == 1
    assert len(max_api.texts(CHAT)) == 1


async def test_two_chats_are_kept_apart(sqlite_url: str, max_api: FakeMax, clock: FixedClock, tmp_path: Path) -> None:
    async with running_max(sqlite_url, max_api, clock, tmp_path) as app:
        max_api.push_text(CHAT, f"нужен стартер на камри, вин {VIN}")
        max_api.push_text(OTHER, "нужны тормозные колодки на гранту")
        [first], [second] = await asyncio.gather(max_answers(max_api, CHAT, 1), max_answers(max_api, OTHER, 1))
        max_api.push_text(CHAT, "нет, всё")
        await max_answers(max_api, CHAT, 2)
        async with app.sessions() as session:
            conversations = {c.chat_id: c for c in (await session.exec(select(Conversation))).all()}
            [lead] = (await session.exec(select(Lead))).all()
    assert "стартер" in first and VIN in first and "Granta" in second and VIN not in second and "стартер" not in second
    assert set(conversations) == {str(CHAT), str(OTHER)}
    assert conversations[str(CHAT)].customer_id != conversations[str(OTHER)].customer_id
    assert lead.channel == "max" and lead.conversation_id == conversations[str(CHAT)].id and lead.parts == ["стартер"]
    assert len(max_api.texts(OTHER)) == 1


async def test_an_update_maxapi_cannot_read_is_passed_over_without_its_words_in_the_log(
    sqlite_url: str, max_api: FakeMax, clock: FixedClock, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    secret_words = "мой номер 89161234567, нужен стартер"
    async with running_max(sqlite_url, max_api, clock, tmp_path):
        with caplog.at_level(logging.DEBUG):
            max_api.push({"update_type": "message_created", "timestamp": 1, "text": secret_words})  # no message in it
            max_api.push({"update_type": "poll_voted", "timestamp": 2, "text": secret_words})  # a kind maxapi does not know
            max_api.push_text(CHAT, "нужен генератор")
            await max_answers(max_api, CHAT, 1)  # polling goes on past them
    assert secret_words not in caplog.text
    assert "89161234567" not in caplog.text
