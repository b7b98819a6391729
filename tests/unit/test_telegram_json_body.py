"""A reply goes to the Bot API as a JSON body (bot/channels/telegram/session.py) carrying what
aiogram's urlencoded form carries: the same fields, nested objects as objects, Cyrillic intact."""

from __future__ import annotations

import json

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramForbiddenError, TelegramRetryAfter
from aiogram.methods import SendMessage, SendPhoto
from aiogram.types import BufferedInputFile, KeyboardButton, ReplyKeyboardMarkup

from bot.channels.telegram.session import KeepingSession, SentReply


def form_fields(session: KeepingSession, bot: Bot, method: SendMessage) -> dict[str, object]:
    fields = {field[0]["name"]: field[2] for field in session.build_form_data(bot, method)._fields}
    return {name: json.loads(value) if value[:1] in "[{" else value for name, value in fields.items()}


def test_a_reply_carries_the_forms_fields_as_json() -> None:
    session = KeepingSession()
    bot = Bot("42:TEST", session=session)
    keyboard = ReplyKeyboardMarkup(keyboard=[[KeyboardButton(text="1"), KeyboardButton(text="2")]], one_time_keyboard=True)
    reply = SendMessage(chat_id=123, text="Пришлите, пожалуйста, VIN из СТС «Идентификационный номер»", reply_markup=keyboard)

    body = session.json_body(bot, reply)

    assert body is not None
    sent = json.loads(body)
    assert sent == {**form_fields(session, bot, reply), "chat_id": 123}  # the form sends every value as text
    assert sent["reply_markup"]["keyboard"][0][1] == {"text": "2"} and sent["text"].startswith("Пришлите")


def test_a_call_with_a_file_keeps_the_form() -> None:
    session = KeepingSession()
    bot = Bot("42:TEST", session=session)
    assert session.json_body(bot, SendPhoto(chat_id=1, photo=BufferedInputFile(b"jpeg", "p.jpg"))) is None


def test_a_sent_reply_goes_as_a_send_message_and_its_answer_is_read_plainly() -> None:
    session = KeepingSession()
    bot = Bot("42:TEST", session=session)
    keyboard = ReplyKeyboardMarkup(keyboard=[[KeyboardButton(text="1")]], one_time_keyboard=True)
    for markup in (None, keyboard):
        reply = SentReply(chat_id="123", text="Нужен стартер", reply_markup=markup)
        assert reply.__api_method__ == "sendMessage"
        assert session.json_body(bot, reply) == session.json_body(
            bot, SendMessage(chat_id="123", text="Нужен стартер", reply_markup=markup)
        )
    sent = {"ok": True, "result": {"message_id": 5, "date": 0, "chat": {"id": 123, "type": "private"}, "text": "Нужен стартер"}}
    assert session.check_response(bot, reply, 200, json.dumps(sent)).result == sent["result"]
    blocked = {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"}
    with pytest.raises(TelegramForbiddenError):
        session.check_response(bot, reply, 403, json.dumps(blocked))
    flood = {"ok": False, "error_code": 429, "description": "Too Many Requests", "parameters": {"retry_after": 3}}
    with pytest.raises(TelegramRetryAfter):
        session.check_response(bot, reply, 429, json.dumps(flood))
