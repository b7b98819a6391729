"""A first name is taken from a chat only where the customer introduces themselves."""

from __future__ import annotations

import pytest

from catalogs.names import find_name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Здравствуйте, меня зовут Андрей, нужен стартер на камри", "Андрей"),
        ("меня зовут андрей петров", "Андрей Петров"),
        ("Моё имя: Марина", "Марина"),
        ("зовут меня Лёша", "Лёша"),
        ("Это Ольга, нужны колодки", "Ольга"),
        ("на связи Сергей", "Сергей"),
        ("я Саша, нужен фильтр", "Саша"),
    ],
)
def test_a_customer_introducing_themselves_gives_their_name(text: str, name: str) -> None:
    assert find_name(text) == name


@pytest.mark.parametrize(
    "text",
    [
        "как зовут менеджера?",
        "меня зовут",
        "это Камри 2015",
        "Здравствуйте, это Лада Гранта 2018",
        "это стартер?",
        "я хочу колодки",
        "я из Москвы",
        "нужен стартер на камри",
    ],
)
def test_no_name_where_the_customer_did_not_introduce_themselves(text: str) -> None:
    assert find_name(text) is None
