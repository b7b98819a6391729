"""A fake OpenAI-compatible server: POST /v1/chat/completions, on loopback, for the real clients.

A request with an image in it is a *photo* call (answered with a function call, like an
understanding); otherwise a request carrying `tools` (or a json_schema `response_format`) is an *understanding* call (answered with a function call), one
without is a *reply* call (answered with plain content). Answers are scripted per kind; when the
script is empty, an understanding reads nothing and a reply echoes the draft it was given.
Misbehaviour on purpose: HTTP errors (500, 429), delays (timeouts) and malformed answers.
Every request is recorded; usage numbers are estimated from the characters (≈3.5 per token,
Russian text under a gpt-4o class tokenizer) and summed per kind.
"""

from __future__ import annotations

import asyncio
import json
import math
import re
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse

CHARS_PER_TOKEN = 3.5
_DRAFT = re.compile(r"<draft>\n(.*?)\n</draft>", re.DOTALL)


@dataclass
class Step:
    args: dict[str, Any] | None = None  # function-call arguments (understanding)
    content: str | None = None  # plain content (reply)
    status: int = 200
    delay: float = 0.0
    malformed: bool = False  # a function call whose arguments are not JSON / an empty reply


@dataclass
class Totals:
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0


@dataclass
class FakeOpenAI:
    requests: list[dict[str, Any]] = field(default_factory=list)
    scripts: dict[str, deque[Step]] = field(default_factory=lambda: {"understand": deque(), "reply": deque(), "photo": deque()})
    totals: dict[str, Totals] = field(default_factory=lambda: {"understand": Totals(), "reply": Totals(), "photo": Totals()})

    # --- programming the fake -------------------------------------------------------------------
    def understands(self, **args: Any) -> None:
        self.scripts["understand"].append(Step(args=args))

    def sees(self, **args: Any) -> None:
        """What the model reads on the next photo: vin=, frame=, part_numbers=[...]."""
        self.scripts["photo"].append(Step(args=args))

    def replies(self, content: str) -> None:
        self.scripts["reply"].append(Step(content=content))

    def fails(self, kind: str, *, status: int = 500, times: int = 1) -> None:
        self.scripts[kind].extend(Step(status=status) for _ in range(times))

    def stalls(self, kind: str, *, seconds: float, times: int = 1) -> None:
        self.scripts[kind].extend(Step(delay=seconds) for _ in range(times))

    def garbles(self, kind: str, *, times: int = 1) -> None:
        self.scripts[kind].extend(Step(malformed=True) for _ in range(times))

    # --- what it saw ----------------------------------------------------------------------------
    def of_kind(self, kind: str) -> list[dict[str, Any]]:
        return [r for r in self.requests if _kind(r) == kind]

    @property
    def tokens(self) -> tuple[int, int]:
        return (sum(t.prompt_tokens for t in self.totals.values()), sum(t.completion_tokens for t in self.totals.values()))

    def app(self) -> FastAPI:
        app = FastAPI()

        @app.get("/healthz")
        async def healthz() -> PlainTextResponse:
            return PlainTextResponse("ok")

        @app.post("/v1/chat/completions")
        async def completions(request: Request) -> Any:
            body = await request.json()
            self.requests.append(body)
            kind = _kind(body)
            script = self.scripts[kind]
            step = script.popleft() if script else Step()
            if step.delay:
                await asyncio.sleep(step.delay)
            if step.status != 200:
                error = {"message": "scripted failure", "type": "server_error", "code": step.status}
                return JSONResponse({"error": error}, status_code=step.status)
            message = self._reply(body, step) if kind == "reply" else self._understanding(body, step)
            prompt = _tokens(json.dumps(body.get("messages", []), ensure_ascii=False) + json.dumps(body.get("tools", [])))
            completion = _tokens(message.get("content") or json.dumps(message.get("tool_calls", []), ensure_ascii=False))
            totals = self.totals[kind]
            totals.calls += 1
            totals.prompt_tokens += prompt
            totals.completion_tokens += completion
            return {
                "id": f"chatcmpl-{len(self.requests)}",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": body.get("model", "fake"),
                "choices": [
                    {
                        "index": 0,
                        "message": message,
                        "logprobs": None,
                        "finish_reason": "tool_calls" if body.get("tools") else "stop",
                    }
                ],
                "usage": {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion},
            }

        return app

    def _understanding(self, body: dict[str, Any], step: Step) -> dict[str, Any]:
        arguments = "{not json" if step.malformed else json.dumps(step.args or {}, ensure_ascii=False)
        if not body.get("tools"):  # response_format json_schema: the answer is the JSON itself
            return {"role": "assistant", "content": arguments}
        name = body["tools"][0]["function"]["name"]
        call = {"id": f"call_{len(self.requests)}", "type": "function", "function": {"name": name, "arguments": arguments}}
        return {"role": "assistant", "content": None, "tool_calls": [call]}

    def _reply(self, body: dict[str, Any], step: Step) -> dict[str, Any]:
        if step.malformed:
            return {"role": "assistant", "content": ""}
        if step.content is not None:
            return {"role": "assistant", "content": step.content}
        found = _DRAFT.search(_last_user(body))
        return {"role": "assistant", "content": found.group(1) if found else ""}


def _kind(body: dict[str, Any]) -> str:
    if any(
        isinstance(m.get("content"), list) and any(p.get("type") == "image_url" for p in m["content"])
        for m in body.get("messages", [])
    ):
        return "photo"
    return "understand" if body.get("tools") or body.get("response_format") else "reply"


def images(body: dict[str, Any]) -> list[str]:
    """The image URLs (data: URLs) a request carried."""
    return [
        p["image_url"]["url"]
        for m in body.get("messages", [])
        if isinstance(m.get("content"), list)
        for p in m["content"]
        if p.get("type") == "image_url"
    ]


def _last_user(body: dict[str, Any]) -> str:
    users = [
        m.get("content") or ""
        for m in body.get("messages", [])
        if m.get("role") == "user" and not isinstance(m.get("content"), list)
    ]
    return users[-1] if users else ""


def system_prompt(body: dict[str, Any]) -> str:
    return "\n".join(m.get("content") or "" for m in body.get("messages", []) if m.get("role") == "system")


def user_prompt(body: dict[str, Any]) -> str:
    return _last_user(body)


def _tokens(text: str) -> int:
    return max(1, math.ceil(len(text) / CHARS_PER_TOKEN))
