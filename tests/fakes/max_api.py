"""A fake MAX Bot API server for tests and for trying the bot by hand.

Speaks the wire format maxapi uses: the token in the `Authorization` header (401 otherwise);
GET /me; GET /updates?marker=&limit=&timeout= (long polling: `{"updates": [...], "marker": n}`,
the marker acknowledging everything before it); POST /messages?chat_id= (texts of 4,000 characters
or more refused as MAX refuses them); GET, POST and DELETE /subscriptions; POST /uploads?type= and the
upload URL it gives; GET /files/{token} serves the customers' attachments (the `payload.url` of an
image). The test side pushes updates (`push_text`, `push_photo`, `push_started`, `push_contact`; the
same dict twice = MAX delivering it again), reads what the bot sent (`texts`, `sent`), programs
failures (`fail`), and builds the webhook request MAX would make (`webhook_headers`).

State is shared between the server thread and the test thread under one lock.

    python -m tests.fakes.max_api --port 8084     # then type messages as a customer
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

TOKEN = "max-test-token"
BOT_ID = 900
BOT_USER = {"user_id": BOT_ID, "first_name": "Виталий", "username": "partsbot_fake_bot", "is_bot": True, "last_activity_time": 0}
SECRET_HEADER = "X-Max-Bot-Api-Secret"
LONG_POLL = 30.0  # MAX's default `timeout` of GET /updates
MAX_TEXT = 4000  # MAX refuses a text this long or longer


@dataclass
class Call:
    method: str  # "GET /updates", "POST /messages" ...
    params: dict[str, Any]
    body: Any
    at: float  # time.monotonic()
    status: int = 200


@dataclass
class Failure:
    status: int
    code: str
    times: int


@dataclass
class _Pending:
    seq: int
    update: dict[str, Any]


@dataclass
class FakeMax:
    token: str = TOKEN
    url: str = ""  # where the fake is served: attachment links point here
    calls: list[Call] = field(default_factory=list)
    subscriptions: list[dict[str, Any]] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    file_requests: list[dict[str, str | None]] = field(default_factory=list)  # each GET /files: its Host and Authorization
    poll_timeout: float = LONG_POLL

    def __post_init__(self) -> None:
        self._pending: list[_Pending] = []
        self._acked = 0
        self._failures: dict[str, list[Failure]] = {}
        self._lock = threading.Lock()
        self._seq = itertools.count(1)
        self._ids = itertools.count(1)
        self.app = self._build_app()

    # --- the customer's side ----------------------------------------------------------------------
    def push(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue an update for GET /updates as it is (the same dict twice = MAX delivering it again)."""
        with self._lock:
            self._pending.append(_Pending(next(self._seq), update))
        return update

    @staticmethod
    def user(chat_id: int, name: str = "Сергей") -> dict[str, Any]:
        """The customer writing in dialog `chat_id` (their user id differs from the chat's, as in MAX)."""
        return {"user_id": chat_id + 500_000, "first_name": name, "last_name": None, "is_bot": False, "last_activity_time": 0}

    def message_update(
        self, chat_id: int, text: str | None = None, attachments: list[dict[str, Any]] | None = None
    ) -> dict[str, Any]:
        with self._lock:
            number = next(self._ids)
        now = int(time.time() * 1000)
        body: dict[str, Any] = {"mid": f"mid.{chat_id}.{number}", "seq": number, "text": text, "attachments": attachments or []}
        message = {
            "sender": self.user(chat_id),
            "recipient": {"chat_id": chat_id, "chat_type": "dialog", "user_id": BOT_ID},
            "timestamp": now,
            "body": body,
        }
        return {"update_type": "message_created", "timestamp": now, "message": message, "user_locale": "ru"}

    def push_text(self, chat_id: int, text: str) -> dict[str, Any]:
        return self.push(self.message_update(chat_id, text))

    def image(self, data: bytes) -> dict[str, Any]:
        """An image attachment as MAX puts it in a message; its url serves `data`."""
        with self._lock:
            number = next(self._ids)
            token = f"img{number}"
            self.files[token] = data
        return {"type": "image", "payload": {"photo_id": number, "token": token, "url": f"{self.url}/files/{token}"}}

    def push_photo(self, chat_id: int, *photos: bytes, caption: str | None = None) -> dict[str, Any]:
        """One message with these images (MAX sends an album as one message)."""
        return self.push(self.message_update(chat_id, caption, [self.image(data) for data in photos]))

    def push_attachment(self, chat_id: int, kind: str, **payload: Any) -> dict[str, Any]:
        """A voice message ("audio"), a "sticker", a "file", a "video", a "location" ..."""
        attachment: dict[str, Any] = {"type": kind, "payload": {"url": f"{self.url}/files/none", "token": "t", **payload}}
        if kind == "sticker":
            attachment["payload"] = {"url": f"{self.url}/files/none", "code": "smile"}
        if kind == "location":
            attachment = {"type": "location", "latitude": 55.75, "longitude": 37.62}
        return self.push(self.message_update(chat_id, None, [attachment]))

    def started_update(self, chat_id: int, payload: str | None = None) -> dict[str, Any]:
        now = int(time.time() * 1000)
        return {
            "update_type": "bot_started",
            "timestamp": now,
            "chat_id": chat_id,
            "user": self.user(chat_id),
            "payload": payload,
        }

    def push_started(self, chat_id: int, payload: str | None = None) -> dict[str, Any]:
        """The customer pressed «Начать» (through a deep link when `payload` is given)."""
        return self.push(self.started_update(chat_id, payload))

    def push_stopped(self, chat_id: int) -> dict[str, Any]:
        now = int(time.time() * 1000)
        return self.push({"update_type": "bot_stopped", "timestamp": now, "chat_id": chat_id, "user": self.user(chat_id)})

    def push_contact(self, chat_id: int, phone: str, *, own: bool = True) -> dict[str, Any]:
        """What the request_contact button sends: the customer's own contact (or, `own=False`, someone else's)."""
        owner = self.user(chat_id) if own else self.user(chat_id + 1, "Другой")
        vcf = f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{owner['first_name']}\r\nTEL;TYPE=cell:{phone}\r\nEND:VCARD"
        contact = {"type": "contact", "payload": {"vcf_info": vcf, "max_info": owner}}
        return self.push(self.message_update(chat_id, None, [contact]))

    # --- the test's view ----------------------------------------------------------------------------
    def sent(self, chat_id: int | None = None) -> list[Call]:
        """Messages the bot sent (accepted ones), to one chat or to all."""
        with self._lock:
            return [
                c
                for c in self.calls
                if c.method == "POST /messages"
                and c.status == 200
                and (chat_id is None or c.params.get("chat_id") == str(chat_id))
            ]

    def texts(self, chat_id: int) -> list[str]:
        return [str(c.body.get("text") or "") for c in self.sent(chat_id)]

    def attempts(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def fail(self, method: str, status: int, *, code: str | None = None, times: int = 1) -> None:
        """The next `times` calls of `method` ("POST /messages") fail as MAX fails them (429, 403, 500 ...)."""
        default = {403: "chat.denied", 404: "chat.not.found", 429: "too.many.requests"}.get(status, "internal.error")
        with self._lock:
            self._failures.setdefault(method, []).append(Failure(status, code or default, times))

    def webhook_headers(self) -> dict[str, str]:
        """The headers MAX sends with an update to the subscribed URL (the subscription's secret)."""
        with self._lock:
            secret = self.subscriptions[-1].get("secret") if self.subscriptions else None
        return {SECRET_HEADER: secret} if secret else {}

    def deliver(self, update: dict[str, Any], *, headers: dict[str, str] | None = None, timeout: float = 30.0) -> int:
        """POST an update to the subscribed URL as MAX would (from a test's thread); the status answered."""
        with self._lock:
            url = self.subscriptions[-1]["url"]
        given = self.webhook_headers() if headers is None else headers
        return httpx.post(url, json=update, headers=given, timeout=timeout).status_code

    # --- the server -----------------------------------------------------------------------------------
    def _build_app(self) -> FastAPI:
        app = FastAPI(title="fake MAX Bot API")

        @app.get("/healthz")
        async def health() -> dict[str, str]:
            return {"status": "ok"}

        @app.get("/files/{token}")
        async def file(token: str, request: Request) -> Response:
            with self._lock:
                self.file_requests.append(
                    {"host": request.headers.get("host"), "authorization": request.headers.get("authorization")}
                )
            data = self.files.get(token)
            return Response(data, media_type="image/jpeg") if data is not None else JSONResponse({"code": "not.found"}, 404)

        @app.post("/upload/{token}")
        async def upload(token: str, request: Request) -> JSONResponse:
            form = await request.form()
            part = form.get("data")
            if part is None or isinstance(part, str):
                return JSONResponse({"code": "bad.request", "message": "no data"}, 400)
            with self._lock:
                self.files[token] = await part.read()
            return JSONResponse({"token": token})

        @app.api_route("/{path:path}", methods=["GET", "POST", "DELETE", "PUT", "PATCH"])
        async def call(path: str, request: Request) -> Response:
            method = f"{request.method} /{path}"
            params = dict(request.query_params)
            raw = await request.body()
            body = await request.json() if raw else None
            if request.headers.get("authorization") != self.token:
                self._record(Call(method, params, body, time.monotonic(), 401))
                return JSONResponse({"code": "verify.token", "message": "Invalid access_token"}, 401)
            failure = self._take_failure(method)
            if failure is not None:
                self._record(Call(method, params, body, time.monotonic(), failure.status))
                return JSONResponse({"code": failure.code, "message": f"fake failure {failure.status}"}, failure.status)
            call = Call(method, params, body, time.monotonic())
            if method == "GET /updates":
                self._record(call)
                return JSONResponse(await self._updates(params, request))
            status, answer = self._answer(method, params, body)
            call.status = status
            self._record(call)
            return JSONResponse(answer, status)

        return app

    def _record(self, call: Call) -> None:
        with self._lock:
            self.calls.append(call)

    def _take_failure(self, method: str) -> Failure | None:
        with self._lock:
            queue = self._failures.get(method) or []
            if not queue:
                return None
            queue[0].times -= 1
            return queue.pop(0) if queue[0].times <= 0 else queue[0]

    async def _updates(self, params: dict[str, str], request: Request) -> dict[str, Any]:
        limit = int(params.get("limit") or 100)
        timeout = float(params["timeout"]) if "timeout" in params else self.poll_timeout
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                start = int(params["marker"]) if "marker" in params else self._acked
                self._acked = max(self._acked, start)
                self._pending = [p for p in self._pending if p.seq >= start]
                batch = self._pending[:limit]
            if batch or time.monotonic() >= deadline or await request.is_disconnected():
                marker = batch[-1].seq + 1 if batch else start
                return {"updates": [p.update for p in batch], "marker": marker}
            await asyncio.sleep(0.005)

    def _answer(self, method: str, params: dict[str, str], body: Any) -> tuple[int, Any]:
        if method == "GET /me":
            return 200, BOT_USER
        if method == "GET /subscriptions":
            with self._lock:
                return 200, {"subscriptions": [{k: v for k, v in s.items() if k != "secret"} for s in self.subscriptions]}
        if method == "POST /subscriptions":
            with self._lock:
                self.subscriptions = [s for s in self.subscriptions if s["url"] != body["url"]]
                self.subscriptions.append({**body, "time": int(time.time() * 1000)})
            return 200, {"success": True}
        if method == "DELETE /subscriptions":
            with self._lock:
                self.subscriptions = [s for s in self.subscriptions if s["url"] != params.get("url")]
            return 200, {"success": True}
        if method == "POST /uploads":
            with self._lock:
                token = f"up{next(self._ids)}"
            return 200, {"url": f"{self.url}/upload/{token}", "token": token}
        if method == "POST /messages":
            return self._message(params, body or {})
        return 404, {"code": "not.found", "message": f"no method {method}"}

    def _message(self, params: dict[str, str], body: dict[str, Any]) -> tuple[int, Any]:
        text = body.get("text") or ""
        if len(text) >= MAX_TEXT:
            return 400, {"code": "text.too.long", "message": f"text must be shorter than {MAX_TEXT} characters"}
        chat_id = int(params.get("chat_id") or 0)
        with self._lock:
            number = next(self._ids)
        message = {
            "sender": BOT_USER,
            "recipient": {"chat_id": chat_id, "chat_type": "dialog", "user_id": int(params.get("user_id") or 0) or None},
            "timestamp": int(time.time() * 1000),
            "body": {"mid": f"mid.bot.{number}", "seq": number, "text": text, "attachments": body.get("attachments") or []},
        }
        return 200, {"message": message}


def main() -> None:
    """Serve the fake and let the terminal user play a customer: /start [payload], /photo FILE, /contact PHONE.
    Once the service subscribed a webhook, updates are delivered to it (as MAX does); else they wait for GET /updates."""
    import uvicorn

    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--port", type=int, default=8084)
    parser.add_argument("--token", default=TOKEN)
    parser.add_argument("--chat-id", type=int, default=1001)
    args = parser.parse_args()
    fake = FakeMax(args.token, url=f"http://127.0.0.1:{args.port}")
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

    def send(update: dict[str, Any]) -> None:
        if fake.subscriptions:
            try:
                fake.deliver(update)
            except httpx.HTTPError as exc:
                print(f"the webhook did not take it: {exc}")
        else:
            fake.push(update)

    threading.Thread(target=show_replies, daemon=True).start()
    print(f"fake MAX Bot API on http://127.0.0.1:{args.port}; chat {args.chat_id}. Start the service with")
    print(f"  MAX_BOT_TOKEN={args.token} MAX_API_BASE=http://127.0.0.1:{args.port} make run")
    print("Type as the customer; /start [payload], /photo FILE, /contact PHONE; Ctrl-D quits.")
    try:
        while True:
            try:
                line = input("> ").strip()
            except EOFError:
                break
            if line.startswith("/start"):
                send(fake.started_update(args.chat_id, line[6:].strip() or None))
            elif line.startswith("/photo "):
                try:
                    with open(line[7:].strip(), "rb") as photo:
                        send(fake.message_update(args.chat_id, None, [fake.image(photo.read())]))
                except OSError as exc:
                    print(f"cannot read the photo: {exc}")
            elif line.startswith("/contact "):
                user = fake.user(args.chat_id)
                vcf = f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{user['first_name']}\r\nTEL;TYPE=cell:{line[9:].strip()}\r\nEND:VCARD"
                send(
                    fake.message_update(args.chat_id, None, [{"type": "contact", "payload": {"vcf_info": vcf, "max_info": user}}])
                )
            elif line:
                send(fake.message_update(args.chat_id, line))
    finally:
        stop.set()
        server.should_exit = True


if __name__ == "__main__":
    main()
