"""Texts of the MAX channel, from prompts/max.toml (Jinja2, like prompts/telegram.toml)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from jinja2 import Environment, StrictUndefined


class MaxTexts:
    def __init__(self, prompts_dir: Path, *, persona: str, shop: str) -> None:
        raw = tomllib.loads((prompts_dir / "max.toml").read_text(encoding="utf-8"))
        env = Environment(undefined=StrictUndefined, autoescape=False)
        self._templates = {key: env.from_string(value) for key, value in raw.items()}
        self._common = {"persona": persona, "shop": shop}

    def __call__(self, key: str, **facts: Any) -> str:
        return self._templates[key].render(**self._common, **facts).strip()
