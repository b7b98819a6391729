"""`python main.py chat`: the persona in a terminal, continuing the same conversation across runs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.support.server import ROOT


def chat(database: str, *lines: str) -> str:
    run = subprocess.run(
        [sys.executable, "main.py", "chat", "--session", "shop-counter"],
        cwd=ROOT, input="\n".join(lines) + "\n\n", capture_output=True, text=True, timeout=120,
        env={**os.environ, "DATABASE_URL": database, "COLUMNS": "200"},
    )
    assert run.returncode == 0, run.stderr
    return run.stdout


def test_a_request_typed_in_the_terminal_is_taken_and_survives_a_restart(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'terminal.db'}"
    first = chat(database, "Нужен стартер на камри")
    assert "Виталий" in first and "VIN" in first
    second = chat(database, "вин JTNBE46K303123456", "нет, всё")
    assert "Заявка принята" in second and "Виталий:" in second
    assert "Меня зовут" not in second  # the same conversation goes on: no second greeting
