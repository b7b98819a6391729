"""A reply goes to the Bot API as a JSON body (bot/channels/telegram/session.py) carrying what
aiogram's urlencoded form carries: the same fields, nested objects as objects, Cyrillic intact."""

from __future__ import annotations

import json

from aiogram import Bot
from aiogram.methods import SendMessage, SendPhoto
from aiogram.types import BufferedInputFile, KeyboardButton, ReplyKeyboardMarkup

from bot.channels.telegram.session import KeepingSession


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
