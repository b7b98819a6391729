"""Customers talk to the persona in Telegram: the real aiogram client polls our fake Bot API server."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlmodel import select

from bot.clock import FixedClock
from bot.store.models import Lead, Message
from tests.fakes.telegram_api import FakeTelegram
from tests.support.telegram import BURST_DEBOUNCE, DEBOUNCE, fake_answers, quiet, running_bot, short_album_wait

VIN = "JTNBE46K303123456"
CHAT = 1001
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 2048 + b"\xff\xd9"


async def inbound_messages(app_sessions: object) -> list[Message]:
    async with app_sessions() as session:  # type: ignore[operator]
        query = select(Message).where(Message.direction == "in").order_by(Message.id)  # type: ignore[arg-type]
        return list((await session.exec(query)).all())


async def test_a_request_with_a_photo_is_taken_end_to_end(
    sqlite_url: str, fake: FakeTelegram, clock: FixedClock, tmp_path: Path
) -> None:
    async with running_bot(sqlite_url, fake, clock, tmp_path / "media") as app:
        fake.push_text(CHAT, "Здравствуйте, нужен стартер на камри")
        [first] = await fake_answers(fake, CHAT, 1)
        assert "Виталий" in first and "VIN" in first

        fake.push_photo(CHAT, JPEG)
        answers = await fake_answers(fake, CHAT, 2)
        assert "фото поближе" in answers[1].lower()  # a photo with no number on it: a polite ask

        fake.push_text(CHAT, f"вин {VIN}")
        answers = await fake_answers(fake, CHAT, 3)
        assert VIN in answers[2]

        fake.push_text(CHAT, "нет, всё")
        answers = await fake_answers(fake, CHAT, 4)
        assert "менеджер" in answers[3].lower() and "стартер" in answers[3]

        async with app.sessions() as session:
            [lead] = (await session.exec(select(Lead))).all()
        assert lead.channel == "telegram" and lead.vin == VIN and lead.parts == ["стартер"]
        photo_message = (await inbound_messages(app.sessions))[1]
        [attachment] = photo_message.attachments
        assert Path(attachment["path"]).read_bytes() == JPEG
        assert Path(attachment["path"]).is_relative_to(tmp_path / "media")
        assert fake.attempts("getFile")[0].params["file_id"] == attachment["file_id"]


async def test_an_album_is_one_turn_with_every_photo(
    sqlite_url: str, fake: FakeTelegram, clock: FixedClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running_bot(sqlite_url, fake, clock, tmp_path / "media", **short_album_wait(monkeypatch)) as app:
        for n in range(3):
            fake.push_photo(CHAT, JPEG + bytes([n]), caption="вот СТС" if n == 0 else None, media_group_id="album-1")
        await fake_answers(fake, CHAT, 1)
        await quiet()
        assert len(fake.texts(CHAT)) == 1
        [message] = await inbound_messages(app.sessions)
        assert message.text == "вот СТС"
        assert [Path(a["path"]).read_bytes()[-1] for a in message.attachments] == [0, 1, 2]


async def test_an_album_uploading_slowly_is_still_one_turn(
    sqlite_url: str, fake: FakeTelegram, clock: FixedClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running_bot(sqlite_url, fake, clock, tmp_path / "media", **short_album_wait(monkeypatch)) as app:
        for n in range(3):  # parts further apart than the debounce (not the album wait): a big album on a slow phone
            fake.push_photo(CHAT, JPEG + bytes([n]), caption="вот СТС" if n == 0 else None, media_group_id="album-2")
            await asyncio.sleep(DEBOUNCE * 3)  # well under ALBUM_WAIT
        await fake_answers(fake, CHAT, 1)
        await quiet()
        assert len(fake.texts(CHAT)) == 1
        [message] = await inbound_messages(app.sessions)
        assert len(message.attachments) == 3


async def test_a_burst_of_three_texts_gets_one_answer(
    sqlite_url: str, fake: FakeTelegram, clock: FixedClock, tmp_path: Path
) -> None:
    async with running_bot(sqlite_url, fake, clock, tmp_path / "media", telegram_debounce_seconds=BURST_DEBOUNCE) as app:
        first = fake.push_text(CHAT, "нужен стартер")
        fake.push_text(CHAT, "на камри")
        fake.push_text(CHAT, f"вин {VIN}")
        [answer] = await fake_answers(fake, CHAT, 1)
        await quiet()
        assert fake.texts(CHAT) == [answer]
        assert VIN in answer and "стартер" in answer
        [message] = await inbound_messages(app.sessions)
        assert message.text == f"нужен стартер\nна камри\nвин {VIN}"
        assert message.external_id == str(first["update_id"])


async def test_a_re_sent_update_is_answered_once(sqlite_url: str, fake: FakeTelegram, clock: FixedClock, tmp_path: Path) -> None:
    async with running_bot(sqlite_url, fake, clock, tmp_path / "media", telegram_debounce_seconds=BURST_DEBOUNCE):
        update = fake.push_text(CHAT, "нужен генератор")
        await fake_answers(fake, CHAT, 1)
        fake.push(update)  # Telegram did not see our acknowledgement and sends it again
        second = fake.push_text(CHAT, "на камри")
        fake.push(second)  # ... and this one twice within the same burst
        await fake_answers(fake, CHAT, 2)
        await quiet()
        assert len(fake.texts(CHAT)) == 2


async def test_an_update_of_a_kind_from_a_newer_bot_api_is_passed_over_without_repeating_it(
    sqlite_url: str, fake: FakeTelegram, clock: FixedClock, tmp_path: Path, recwarn: pytest.WarningsRecorder
) -> None:
    async with running_bot(sqlite_url, fake, clock, tmp_path / "media"):
        fake.push({"update_id": 777001, "future_message": {"text": "нужен стартер, мой номер +7 916 123-45-67"}})
        fake.push_text(CHAT, "нужен генератор")
        await fake_answers(fake, CHAT, 1)  # polling goes on past it
    assert not [w for w in recwarn if "нужен стартер" in str(w.message)]  # aiogram's warning quoted the whole update


async def test_a_voice_message_gets_a_polite_answer_about_what_the_bot_reads(
    sqlite_url: str, fake: FakeTelegram, clock: FixedClock, tmp_path: Path
) -> None:
    async with running_bot(sqlite_url, fake, clock, tmp_path / "media"):
        fake.push(fake.message_update(CHAT, voice={"file_id": "v1", "file_unique_id": "uv1", "duration": 3}))
        [answer] = await fake_answers(fake, CHAT, 1)
        assert "голосовые" in answer.lower() and "текстом" in answer.lower()


async def test_group_chats_other_than_the_managers_are_ignored(
    sqlite_url: str, fake: FakeTelegram, clock: FixedClock, tmp_path: Path
) -> None:
    async with running_bot(sqlite_url, fake, clock, tmp_path / "media") as app:
        fake.push_text(-500, "всем привет")
        fake.push_text(CHAT, "нужен стартер")
        await fake_answers(fake, CHAT, 1)
        await quiet()
        assert fake.texts(-500) == []
        assert [m.text for m in await inbound_messages(app.sessions)] == ["нужен стартер"]
