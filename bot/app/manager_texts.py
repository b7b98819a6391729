"""Texts of the managers' discipline from prompts/managers.toml (Jinja2, like prompts/replies.toml)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from jinja2 import Environment, StrictUndefined


class ManagerTexts:
    def __init__(self, prompts_dir: Path, *, persona: str = "", shop: str = "") -> None:
        raw = tomllib.loads((prompts_dir / "managers.toml").read_text(encoding="utf-8"))
        env = Environment(undefined=StrictUndefined, autoescape=False)
        self._templates = {key: env.from_string(value) for key, value in raw.items()}
        self._common = {"persona": persona, "shop": shop}

    def __call__(self, key: str, **facts: Any) -> str:
        return self._templates[key].render(**{**self._common, **facts}).strip()


def duration_text(minutes: float) -> str:
    """120 -> "2 ч", 90 -> "1 ч 30 мин", 45 -> "45 мин"."""
    hours, rest = divmod(round(minutes), 60)
    if hours and rest:
        return f"{hours} ч {rest} мин"
    return f"{hours} ч" if hours else f"{rest} мин"
