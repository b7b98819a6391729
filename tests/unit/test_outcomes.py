"""«Не пишите мне» is honoured in every wording, and ordinary sentences that merely look like it are not."""

from __future__ import annotations

import pytest

from bot.dialogue.opt_out import is_opt_out

OPT_OUTS = [
    "не пишите мне",
    "Не пишите мне больше!",
    "не пишите",
    "не надо мне писать",
    "не присылайте ничего",
    "стоп",
    "стоп рассылка",
    "прекратите писать",
    "прекратите мне писать",
    "удалите мои данные",
    "удалите меня из базы",
    "отпишите меня",
    "это спам",
    "хватит писать",
    "не беспокойте",
    "больше не пишите",
    "отстаньте",
    "не пишите, я сам напишу",
    "STOP",
]
LOOK_ALIKES = [
    "не пишите цену, просто скажите есть ли",
    "удалите старый номер, вот новый",
    "не беспокойтесь, всё нормально",
    "отпишусь позже",
    "не присылайте предложение почтой, лучше сюда",
    "нужен стоп сигнал",
    "стоп-сигнал на камри",
    "отписался по вину выше",
    "не беспокоить до завтра",
    "ваше сообщение попало в спам",
    "отстань ручник заедает",
]


@pytest.mark.parametrize("text", OPT_OUTS)
def test_every_way_of_saying_stop_is_an_opt_out(text: str) -> None:
    assert is_opt_out(text)


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_sentences_that_only_look_like_stop_are_not(text: str) -> None:
    assert not is_opt_out(text)
