"""«Удалите мои данные» is a request to erase (and an opt-out); «удалите меня из рассылки» only unsubscribes."""

from __future__ import annotations

import pytest

from bot.dialogue.opt_out import is_erasure_request, is_opt_out, the_other_messenger


@pytest.mark.parametrize(
    "text",
    [
        "удалите мои данные",
        "Удалите, пожалуйста, мои персональные данные",
        "удалите меня из базы",
        "сотрите мою переписку",
        "прошу удалить мой номер",
        "удалить все данные обо мне",
        "отзываю согласие на обработку персональных данных",
    ],
)
def test_a_request_to_erase_is_read_as_erasure_and_as_an_opt_out(text: str) -> None:
    assert is_erasure_request(text) and is_opt_out(text)


def test_remove_me_from_the_mailing_only_unsubscribes() -> None:
    text = "удалите меня из рассылки"
    assert is_opt_out(text) and not is_erasure_request(text)


@pytest.mark.parametrize(
    "text",
    [
        "удалите старый фильтр из заказа",
        "удалите пожалуйста сообщение выше",
        "сотрите ржавчину",
        "мастер сказал менять шаровые",  # «ма-стер … меня-ть»: read as «сотрите меня», the customer's data erased
        "на дастер нужны колодки",
    ],
)
def test_deleting_something_else_is_neither(text: str) -> None:
    assert not is_erasure_request(text) and not is_opt_out(text)


@pytest.mark.parametrize(
    ("text", "messenger"),
    [
        ("не пишите в ватсап, в телегу пишите", "Telegram"),
        ("не пишите на ватсап пишите на тг", "Telegram"),
        ("не пишите мне в вотсап, напишите в телеграм", "Telegram"),
        ("не пишите мне в телегу", None),  # where not to write
        ("отпишите меня", None),
    ],
)
def test_the_messenger_an_opt_out_asks_to_be_written_in_instead(text: str, messenger: str | None) -> None:
    assert the_other_messenger(text) == messenger


@pytest.mark.parametrize(
    "text",
    [
        "в телегу лучше не пишите",
        "не пишите больше. в тг только спам",
        "не пишите мне, я только в телеге сижу",
        "отстаньте, в ватсап лучше вообще не пишите",
        "не пишите мне сюда. пишите в телеграм",  # this chat refused: it stops
        "рассылку не присылайте, пишите в телегу только по заказу",
        "давайте на макс скидку",
    ],
)
def test_an_opt_out_that_only_names_a_messenger_points_nowhere(text: str) -> None:
    assert the_other_messenger(text) is None
