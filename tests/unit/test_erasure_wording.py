"""«Удалите мои данные» is a request to erase (and an opt-out); «удалите меня из рассылки» only unsubscribes."""

from __future__ import annotations

import pytest

from bot.dialogue.opt_out import is_erasure_request, is_opt_out


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


@pytest.mark.parametrize("text", ["удалите старый фильтр из заказа", "удалите пожалуйста сообщение выше", "сотрите ржавчину"])
def test_deleting_something_else_is_neither(text: str) -> None:
    assert not is_erasure_request(text) and not is_opt_out(text)
