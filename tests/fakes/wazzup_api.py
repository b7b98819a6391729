"""A fake Wazzup API v3 for tests and for trying the bot by hand.

POST /v3/message (Bearer API key) records the message and answers {"messageId": ...}; a repeated
crmMessageId is refused the way Wazzup refuses it; PATCH /v3/webhooks records the registration;
GET /media/{name} serves a customer's photo (a contentUri). The test side reads `sent`, adds
`media`, and programs failures (`fail_next`).

    python -m tests.fakes.wazzup_api --port 8083
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import threading
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

API_KEY = "wazzup-test-key"
CHANNEL_ID = "c0ffee00-0000-4000-8000-000000000001"


class FakeWazzup:
    def __init__(self, api_key: str = API_KEY) -> None:
        self.api_key = api_key
        self.url = ""
        self.sent: list[dict[str, Any]] = []
        self.webhooks: list[dict[str, Any]] = []
        self.media: dict[str, bytes] = {}
        self.media_requests: list[dict[str, str | None]] = []  # each GET /media: the Host it was asked of and its Authorization
        self.failures: list[int] = []
        self.answer_after = 0.0  # seconds each POST /v3/message takes (to see how many are sent at once)
        self.most_at_once = 0  # the most POST /v3/message requests in flight together
        self._at_once = 0
        self._crm_ids: set[str] = set()
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self.app = self._build_app()

    def texts(self, chat_id: str) -> list[str]:
        with self._lock:
            return [m["text"] for m in self.sent if m["chatId"] == chat_id]

    def fail_next(self, status: int) -> None:
        with self._lock:
            self.failures.append(status)

    def _authorized(self, request: Request) -> bool:
        return request.headers.get("authorization") == f"Bearer {self.api_key}"

    def _build_app(self) -> FastAPI:
        app = FastAPI()

        @app.post("/v3/message")
        async def message(request: Request) -> Response:
            if not self._authorized(request):
                return JSONResponse({"error": "UNAUTHORIZED", "description": "wrong api key"}, 401)
            body = await request.json()
            with self._lock:
                self._at_once += 1
                self.most_at_once = max(self.most_at_once, self._at_once)
            try:
                await asyncio.sleep(self.answer_after)
            finally:
                with self._lock:
                    self._at_once -= 1
            with self._lock:
                if self.failures:
                    return JSONResponse({"error": "INTERNAL", "description": "try later"}, self.failures.pop(0))
                crm_id = body.get("crmMessageId")
                if crm_id and crm_id in self._crm_ids:
                    return JSONResponse({"error": "REPEATED_CRM_MESSAGE_ID", "description": "repeated crmMessageId"}, 400)
                if crm_id:
                    self._crm_ids.add(crm_id)
                self.sent.append(body)
                return JSONResponse({"messageId": f"out-{next(self._ids)}", "chatId": body.get("chatId")}, 201)

        @app.patch("/v3/webhooks")
        async def webhooks(request: Request) -> Response:
            if not self._authorized(request):
                return JSONResponse({"error": "UNAUTHORIZED"}, 401)
            with self._lock:
                self.webhooks.append(await request.json())
            return JSONResponse({"ok": True})

        @app.get("/media/{name}")
        async def media(name: str, request: Request) -> Response:
            with self._lock:
                self.media_requests.append(
                    {"host": request.headers.get("host"), "authorization": request.headers.get("authorization")}
                )
                data = self.media.get(name)
            return Response(data, media_type="image/jpeg") if data is not None else Response(status_code=404)

        return app


def main() -> None:
    import uvicorn

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8083)
    args = parser.parse_args()
    fake = FakeWazzup()
    fake.url = f"http://127.0.0.1:{args.port}"
    print(f"fake Wazzup on {fake.url}: WAZZUP_API_BASE={fake.url} WAZZUP_API_KEY={API_KEY}")
    uvicorn.run(fake.app, host="127.0.0.1", port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
