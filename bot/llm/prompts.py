"""The model's prompts: files in prompts/llm/ (each starts with a `version:` line), put together
with a bounded context. Customer text is always fenced as data, never given as instructions."""

from __future__ import annotations

import json
import re
from pathlib import Path

from jinja2 import Environment, StrictUndefined

from bot.dialogue.llm import Context, mask_phones

Messages = list[tuple[str, str]]
_VERSION = re.compile(r"^version:\s*(\S+)\s*\n", re.IGNORECASE)
_STAGES = {
    "new": "начало разговора",
    "collecting": "собираем заявку",
    "asking_more": "спросили, нужно ли что-то ещё",
    "handed_off": "заявка у менеджера",
    "cancelled": "клиент отменил заявку",
    "retention_opened": "мы предложили подобрать запчасти постоянному клиенту",
    "retention_offered": "мы предложили скидку постоянному клиенту",
}
_ASKED = {
    "parts": "какие запчасти нужны",
    "vin": "VIN или номер кузова",
    "car": "марку, модель и год",
    "more": "нужно ли что-то ещё",
    "fix_vin": "исправить VIN",
    "confirm_photo": "верно ли прочитан номер с фото",
}


def fence(text: str) -> str:
    """Customer text inside its tags; angle brackets are neutralised so it cannot close them."""
    return "<customer_message>\n" + text.replace("<", "‹").replace(">", "›") + "\n</customer_message>"


class LlmPrompts:
    def __init__(self, prompts_dir: Path, *, persona: str, shop: str, mask: bool = True, turn_chars: int = 400) -> None:
        env = Environment(undefined=StrictUndefined, autoescape=False)
        self._files = {
            name: (prompts_dir / "llm" / f"{name}.md").read_text(encoding="utf-8")
            for name in ("persona", "rules", "examples", "understand")
        }
        self.versions = {name: m.group(1) for name, text in self._files.items() if (m := _VERSION.match(text))}
        self._templates = {name: env.from_string(_VERSION.sub("", text, count=1)) for name, text in self._files.items()}
        self._common = {"persona": persona, "shop": shop}
        self._mask = mask
        self._turn_chars = turn_chars

    def understanding(self, text: str, context: Context) -> Messages:
        system = self._templates["understand"].render(
            **self._common, stage=_STAGES.get(context.stage, context.stage), asked=_ASKED.get(context.asked or "", "")
        )
        user = f"{self._history(context)}Сообщение клиента:\n{fence(self._cut(text))}"
        return [("system", system.strip()), ("user", self._clean(user))]

    def reply(self, draft: str, facts: list[dict[str, object]], context: Context) -> Messages:
        system = "\n\n".join(self._templates[name].render(**self._common).strip() for name in ("persona", "rules", "examples"))
        user = (
            f"{self._history(context)}"
            f"Факты (решены системой, менять нельзя): {json.dumps(facts, ensure_ascii=False, default=str)}\n"
            f"Черновик ответа:\n<draft>\n{draft}\n</draft>\nНапиши ответ клиенту."
        )
        return [("system", system), ("user", self._clean(user))]

    def _history(self, context: Context) -> str:
        lines = []
        if context.summary:
            lines.append(f"Кратко о разговоре: {context.summary}")
        if context.turns:
            lines.append("Последние сообщения:")
            for turn in context.turns:
                text = self._cut(turn.text)
                lines.append(f"клиент: {fence(text)}" if turn.role == "customer" else f"{self._common['persona']}: {text}")
        return "\n".join(lines) + "\n\n" if lines else ""

    def _cut(self, text: str) -> str:
        return text if len(text) <= self._turn_chars else text[: self._turn_chars] + "…"

    def _clean(self, text: str) -> str:
        return mask_phones(text) if self._mask else text
