"""A fake WhatsApp Cloud API (Graph API) server for tests and for trying the bot by hand.

Speaks the wire format pywa uses: POST /v{version}/{phone_id}/messages (Bearer token) answers
`{"messages": [{"id": "wamid..."}]}`; GET /v{version}/{media_id} answers the media's short-lived
URL, and GET /media/{media_id} (Bearer token too) its bytes. The test side adds media (`add_media`),
reads what the bot sent (`sent`, `texts`) and programs errors (`fail_next`). Updates are signed and
posted to the bot's webhook by tests/support/whatsapp.py.

    python -m tests.fakes.graph_api --port 8082
"""

from __future__ import annotations

import argparse
import itertools
import threading
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

TOKEN = "wa-test-token"
PHONE_ID = "106540352242922"


class FakeGraph:
    def __init__(self, token: str = TOKEN, phone_id: str = PHONE_ID) -> None:
        self.token, self.phone_id = token, phone_id
        self.url = ""  # set by whoever serves the app
        self.sent: list[dict[str, Any]] = []
        self.media: dict[str, bytes] = {}
        self.failures: list[dict[str, Any]] = []
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self.app = self._build_app()

    def add_media(self, media_id: str, data: bytes) -> None:
        with self._lock:
            self.media[media_id] = data

    def fail_next(self, code: int, message: str = "error", status: int = 400) -> None:
        with self._lock:
            self.failures.append({"code": code, "message": message, "status": status})

    def texts(self, to: str) -> list[str]:
        with self._lock:
            mine = [m for m in self.sent if to in (m.get("to"), m.get("recipient"))]
            return [
                m["text"]["body"] if m.get("type") == "text" else m["interactive"]["body"]["text"]
                for m in mine
                if m.get("type") == "text" or (m.get("type") == "interactive" and "body" in m.get("interactive", {}))
            ]

    def _authorized(self, request: Request) -> bool:
        return request.headers.get("authorization") == f"Bearer {self.token}"

    def _build_app(self) -> FastAPI:
        app = FastAPI()

        @app.post("/v{version}/{phone_id}/messages")
        async def messages(version: str, phone_id: str, request: Request) -> Response:
            if not self._authorized(request) or phone_id != self.phone_id:
                return JSONResponse(
                    {"error": {"message": "Invalid OAuth access token", "type": "OAuthException", "code": 190}}, 401
                )
            body = await request.json()
            with self._lock:
                if self.failures:
                    failure = self.failures.pop(0)
                    error = {"message": failure["message"], "type": "OAuthException", "code": failure["code"]}
                    return JSONResponse({"error": error}, failure["status"])
                self.sent.append(body)
                wamid = f"wamid.out.{next(self._ids)}"
            to = body.get("to")
            return JSONResponse(
                {"messaging_product": "whatsapp", "contacts": [{"input": to, "wa_id": to}], "messages": [{"id": wamid}]}
            )

        @app.get("/v{version}/{media_id}")
        async def media_url(version: str, media_id: str, request: Request) -> Response:
            with self._lock:
                data = self.media.get(media_id)
            if not self._authorized(request) or data is None:
                return JSONResponse(
                    {"error": {"message": "Unsupported get request", "type": "GraphMethodException", "code": 100}}, 400
                )
            return JSONResponse(
                {
                    "messaging_product": "whatsapp",
                    "url": f"{self.url}/media/{media_id}",
                    "mime_type": "image/jpeg",
                    "sha256": "0" * 64,
                    "file_size": len(data),
                    "id": media_id,
                }
            )

        @app.get("/media/{media_id}")
        async def media_bytes(media_id: str, request: Request) -> Response:
            with self._lock:
                data = self.media.get(media_id)
            if not self._authorized(request) or data is None:
                return Response(status_code=404)
            return Response(data, media_type="image/jpeg")

        return app


def main() -> None:
    import uvicorn

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8082)
    args = parser.parse_args()
    fake = FakeGraph()
    fake.url = f"http://127.0.0.1:{args.port}"
    print(
        f"fake Graph API on {fake.url}: WHATSAPP_API_BASE={fake.url} WHATSAPP_TOKEN={TOKEN} WHATSAPP_PHONE_NUMBER_ID={PHONE_ID}"
    )
    uvicorn.run(fake.app, host="127.0.0.1", port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
