"""Renders the state machine's Say list into customer-facing text from prompts/replies.toml."""

from __future__ import annotations

import hashlib
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, StrictUndefined, Template

from bot.dialogue.state import Say


@lru_cache(maxsize=8)
def _compiled(source: str) -> dict[str, list[Template]]:
    """Templates compiled once per text of replies.toml (a process builds the app many times in replay)."""
    raw = tomllib.loads(source)
    env = Environment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)
    return {key: [env.from_string(v) for v in (value if isinstance(value, list) else [value])] for key, value in raw.items()}


class Replies:
    """Loads the reply templates once; `render` joins one turn's pieces into one message."""

    def __init__(self, prompts_dir: Path, *, persona: str, shop: str) -> None:
        self._templates = _compiled((prompts_dir / "replies.toml").read_text(encoding="utf-8"))
        self._common = {"persona": persona, "shop": shop}

    def keys(self) -> set[str]:
        return set(self._templates)

    def text(self, say: Say, *, seed: str = "") -> str:
        variants = self._templates[say.key]
        index = int(hashlib.sha1(f"{seed}:{say.key}".encode()).hexdigest(), 16) % len(variants)
        facts: dict[str, Any] = {**self._common, **say.facts}
        return variants[index].render(**facts).strip()

    def render(self, says: list[Say], *, seed: str = "") -> str:
        return " ".join(part for say in says if (part := self.text(say, seed=seed)))
