"""A fake Telegram Bot API server for tests, the bench and trying the bot by hand.

Speaks the real wire format aiogram uses: POST /bot{token}/{method} with form-encoded,
multipart or JSON bodies, answers `{"ok": true, "result": ...}`; GET /file/bot{token}/{path}
serves files. The test side pushes updates (`push_text`, `push_photo`, `push_callback` ...) into
the getUpdates queue, reads what the bot sent (`sent`), and programs failures (`fail`).

State is shared between the server thread and the test thread under one lock.

    python -m tests.fakes.telegram_api --port 8081     # then type messages as a customer
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

BOT_USER = {"id": 42, "is_bot": True, "first_name": "Виталий", "username": "partsbot_fake_bot"}


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float  # time.monotonic()
    status: int = 200
    files: dict[str, bytes] = field(default_factory=dict)
    result: Any = None  # what the fake answered


@dataclass
class Failure:
    status: int
    retry_after: int | None
    description: str
    times: int


class FakeTelegram:
    def __init__(self, token: str = "42:TEST") -> None:
        self.token = token
        self.calls: list[Call] = []
        self._by_method: dict[str, list[Call]] = {}  # the same calls by method: `sent` stays cheap however long the bot polled
        self.webhook: dict[str, Any] | None = None
        self._pending: list[dict[str, Any]] = []
        self._files: dict[str, bytes] = {}
        self._failures: dict[str, list[Failure]] = {}
        self._lock = threading.Lock()
        self._update_ids = itertools.count(1000)
        self._message_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self.app = self._build_app()

    # --- the user's side ------------------------------------------------------------------
    def push(self, update: dict[str, Any]) -> int:
        """Queue an update as is (the same dict twice = Telegram re-sending it)."""
        with self._lock:
            self._pending.append(update)
        return int(update["update_id"])

    def message_update(self, chat_id: int, **message: Any) -> dict[str, Any]:
        user = message.pop("from_user", None) or {"id": chat_id, "is_bot": False, "first_name": "Сергей"}
        chat = {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"}
        with self._lock:
            update_id, message_id = next(self._update_ids), next(self._message_ids)
        body = {"message_id": message_id, "date": int(time.time()), "chat": chat, "from": user, **message}
        return {"update_id": update_id, "message": body}

    def push_text(self, chat_id: int, text: str, **extra: Any) -> dict[str, Any]:
        update = self.message_update(chat_id, text=text, **extra)
        self.push(update)
        return update

    def add_file(self, data: bytes) -> str:
        with self._lock:
            file_id = f"file-{next(self._file_ids)}"
            self._files[file_id] = data
        return file_id

    def push_photo(self, chat_id: int, data: bytes, caption: str | None = None, **extra: Any) -> dict[str, Any]:
        file_id = self.add_file(data)
        sizes = [
            {"file_id": f"{file_id}-thumb", "file_unique_id": f"u{file_id}-t", "width": 90, "height": 90, "file_size": 1},
            {"file_id": file_id, "file_unique_id": f"u{file_id}", "width": 1280, "height": 960, "file_size": len(data)},
        ]
        fields: dict[str, Any] = {"photo": sizes, **extra}
        if caption:
            fields["caption"] = caption
        update = self.message_update(chat_id, **fields)
        self.push(update)
        return update

    def push_callback(self, chat_id: int, message_id: int, data: str, user: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            update_id = next(self._update_ids)
        message = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "supergroup"},
            "from": BOT_USER,
            "text": "card",
        }
        update = {
            "update_id": update_id,
            "callback_query": {"id": f"cb{update_id}", "from": user, "chat_instance": "ci", "data": data, "message": message},
        }
        self.push(update)
        return update

    # --- the test's view --------------------------------------------------------------------
    def sent(self, method: str = "sendMessage", chat_id: int | None = None) -> list[Call]:
        with self._lock:
            return [
                c
                for c in self._by_method.get(method, ())
                if c.status == 200 and (chat_id is None or str(c.params.get("chat_id")) == str(chat_id))
            ]

    def texts(self, chat_id: int) -> list[str]:
        return [str(c.params.get("text", "")) for c in self.sent("sendMessage", chat_id)]

    def attempts(self, method: str) -> list[Call]:
        with self._lock:
            return list(self._by_method.get(method, ()))

    def fail(
        self, method: str, status: int, *, retry_after: int | None = None, times: int = 1, description: str | None = None
    ) -> None:
        """The next `times` calls of `method` fail like Telegram would (429/403/500 ...)."""
        default = {
            429: f"Too Many Requests: retry after {retry_after}",
            403: "Forbidden: bot was blocked by the user",
            500: "Internal Server Error",
        }.get(status, "Bad Request")
        with self._lock:
            self._failures.setdefault(method, []).append(Failure(status, retry_after, description or default, times))

    # --- the server ---------------------------------------------------------------------------
    def _build_app(self) -> FastAPI:
        app = FastAPI(title="fake Telegram Bot API")

        @app.get("/healthz")
        async def health() -> dict[str, str]:
            return {"status": "ok"}

        @app.get("/file/bot{token}/{path:path}")
        async def file(token: str, path: str) -> Response:
            data = self._files.get(path.rsplit("/", 1)[-1]) if token == self.token else None
            return Response(data, media_type="image/jpeg") if data is not None else Response(status_code=404)

        @app.post("/bot{token}/{method}")
        async def call(token: str, method: str, request: Request) -> JSONResponse:
            if token != self.token:
                return _error(401, "Unauthorized")
            params, files = await _read_body(request)
            failure = self._take_failure(method)
            if failure is not None:
                self._record(Call(method, params, time.monotonic(), failure.status, files))
                extra = {"retry_after": failure.retry_after} if failure.retry_after is not None else None
                return _error(failure.status, failure.description, extra)
            call = Call(method, params, time.monotonic(), 200, files)
            self._record(call)
            call.result = await self._get_updates(params) if method == "getUpdates" else self._answer(method, params)
            return _error(404, "Not Found: method not found") if call.result is None else _ok(call.result)

        return app

    def _record(self, call: Call) -> None:
        with self._lock:
            self.calls.append(call)
            self._by_method.setdefault(call.method, []).append(call)

    def _take_failure(self, method: str) -> Failure | None:
        with self._lock:
            queue = self._failures.get(method) or []
            if not queue:
                return None
            queue[0].times -= 1
            return queue.pop(0) if queue[0].times <= 0 else queue[0]

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset, timeout = int(params.get("offset") or 0), float(params.get("timeout") or 0)
        limit = int(params.get("limit") or 100)
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                self._pending = [u for u in self._pending if u["update_id"] >= offset]
                batch = self._pending[:limit]
            if batch or time.monotonic() >= deadline:
                return batch
            await asyncio.sleep(0.005)

    def _answer(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return BOT_USER
        if method in ("setWebhook", "deleteWebhook"):
            with self._lock:
                self.webhook = dict(params) if method == "setWebhook" else None
            return True
        if method in ("answerCallbackQuery", "editMessageReplyMarkup", "setMyCommands", "sendChatAction"):
            return True
        if method == "getFile":
            file_id = str(params["file_id"])
            data = self._files.get(file_id)
            if data is None:
                return None
            return {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_size": len(data), "file_path": f"photos/{file_id}"}
        if method in ("sendMessage", "sendPhoto", "editMessageText", "forwardMessage", "copyMessage"):
            with self._lock:
                message_id = int(params.get("message_id") or 0) if method == "editMessageText" else next(self._message_ids)
            chat_id = params.get("chat_id")
            message: dict[str, Any] = {
                "message_id": message_id,
                "date": int(time.time()),
                "from": BOT_USER,
                "chat": {"id": int(chat_id) if chat_id is not None else 0, "type": "private"},
            }
            if "text" in params:
                message["text"] = params["text"]
            if method == "sendPhoto":
                message["photo"] = [{"file_id": "sent", "file_unique_id": "sent", "width": 1, "height": 1}]
            return {"message_id": message_id} if method == "copyMessage" else message
        return None


async def _read_body(request: Request) -> tuple[dict[str, Any], dict[str, bytes]]:
    params: dict[str, Any] = {}
    files: dict[str, bytes] = {}
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("application/json"):
        body = await request.body()
        return (json.loads(body) if body else {}), files
    form = await request.form()
    for key, value in form.multi_items():
        if isinstance(value, str):
            params[key] = _maybe_json(value)
        else:
            files[key] = await value.read()
            await value.close()
    for key, value in list(params.items()):  # aiogram sends photo="attach://<part>" plus the part
        if isinstance(value, str) and value.startswith("attach://") and value[9:] in files:
            files[key] = files[value[9:]]
    return params, files


def _maybe_json(value: str) -> Any:
    """aiogram sends nested objects (reply_markup, entities) as JSON strings."""
    if value[:1] in "[{":
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value
    return value


def _ok(result: Any) -> JSONResponse:
    return JSONResponse({"ok": True, "result": result})


def _error(status: int, description: str, parameters: dict[str, Any] | None = None) -> JSONResponse:
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if parameters:
        body["parameters"] = parameters
    return JSONResponse(body, status_code=status)


def main() -> None:
    """Serve the fake and let the terminal user play a customer (`/photo FILE` sends a photo)."""
    import uvicorn

    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--token", default="42:TEST")
    parser.add_argument("--chat-id", type=int, default=1001)
    args = parser.parse_args()
    fake = FakeTelegram(args.token)
    server = uvicorn.Server(uvicorn.Config(fake.app, host="127.0.0.1", port=args.port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    stop = threading.Event()

    def show_replies() -> None:
        shown = 0
        while not stop.wait(0.2):
            replies = fake.texts(args.chat_id)
            for text in replies[shown:]:
                print(f"\nбот: {text}\n> ", end="", flush=True)
            shown = len(replies)

    threading.Thread(target=show_replies, daemon=True).start()
    print(f"fake Bot API on http://127.0.0.1:{args.port} (token {args.token}); chat {args.chat_id}.")
    print("Type as the customer; /photo FILE sends a photo; Ctrl-D quits.")
    try:
        while True:
            try:
                line = input("> ").strip()
            except EOFError:
                break
            if line.startswith("/photo "):
                try:
                    with open(line[7:].strip(), "rb") as photo:
                        fake.push_photo(args.chat_id, photo.read())
                except OSError as exc:
                    print(f"cannot read the photo: {exc}")
            elif line:
                fake.push_text(args.chat_id, line)
    finally:
        stop.set()
        server.should_exit = True


if __name__ == "__main__":
    main()
