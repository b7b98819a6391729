"""`python main.py chat`: the persona in a terminal, continuing the same conversation across runs.

The first run is the real process (the entry-point smoke test of `chat`); the run after the
"restart" is in-process, a new container on the same database."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.cli import invoke, main_py

pytestmark = pytest.mark.heavy  # seconds each: scheduled first (tests/conftest.py)


def test_a_request_typed_in_the_terminal_is_taken_and_survives_a_restart(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'terminal.db'}"
    first = main_py("chat", "--session", "shop-counter", input="Нужен стартер на камри\n\n", env={"DATABASE_URL": database})
    assert "Виталий" in first and "VIN" in first
    second = invoke(
        "chat", "--session", "shop-counter", input="вин JTNBE46K303123456\nнет, всё\n\n", env={"DATABASE_URL": database}
    )
    assert "Заявка принята" in second and "Виталий:" in second
    assert "Меня зовут" not in second  # the same conversation goes on: no second greeting
