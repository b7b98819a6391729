"""What a fuzz run sends to the web app's own edges and what each must answer: the web chat API (messages,
history, photo uploads) and the other public routes. The webhooks: tests/support/fuzz_webhooks.py.

Every response is checked as it comes: never a 500 (nor an exception out of the app, which is a 500 in
production), a 4xx says why and never sends back what was sent (`MARKER` rides in every request), and
an accepted message is answered with words. `stored_whole` checks the database once the service is idle.

    tally = Tally()
    http = InProcess(container)
    await web_chat_garbage(http, Inputs(19), tally, count=2000)
    assert tally.failures == [] and await stored_whole(container.sessions) == []
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import httpx
from sqlmodel import col, func, select

from bot.app.ownership import owner_of
from bot.config import TelegramSettings
from bot.messages import clean_text
from bot.store.engine import SessionFactory
from bot.store.models import Conversation, Customer, Message
from bot.vision import read_photo
from bot.web.app import create_app
from bot.web.auth import LOGIN_COOKIE
from tests.support.fuzz import Inputs, Tally
from tests.support.fuzz_images import IMAGE_KINDS, Images

MARKER = "fuzz-echo-7Q3"  # in every request: no refusal may contain it
CHAT = "/api/chat/messages"
PHOTOS = "/api/chat/photos"
WEB_CHAT_MAX_TEXT = 20_000
PHOTO_LIMIT = TelegramSettings.model_fields["max_photo_bytes"].default  # the fuzz runs keep the default
JSON = {"content-type": "application/json"}

if TYPE_CHECKING:
    from bot.runtime import Container


class InProcess:
    """The service's app called in process as uvicorn calls it, for a fuzz run's thousands of requests:
    httpx builds each request (body, form, headers), the app gets it straight (an httpx client's own
    machinery doubles what a refusal costs). An exception out of the app is raised, as with
    tests/support/server.py `asgi_client`; no background worker runs."""

    def __init__(self, container: Container) -> None:
        self.app = create_app(container, background=False)

    async def request(self, method: str, url: str, **request: Any) -> httpx.Response:
        built = httpx.Request(method, f"http://shop{url}", **request)
        body = built.read()
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": method,
            "scheme": "http",
            "path": built.url.path,
            "raw_path": built.url.raw_path.split(b"?")[0],
            "query_string": built.url.query,
            "root_path": "",
            "headers": [(name.lower(), value) for name, value in built.headers.raw],
            "client": ("127.0.0.1", 40000),
            "server": ("shop", 80),
        }
        messages = [{"type": "http.request", "body": body, "more_body": False}]
        started: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def receive() -> dict[str, Any]:
            if messages:
                return messages.pop()
            await asyncio.Event().wait()  # the client never hangs up
            raise AssertionError

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                started.update(message)
            else:
                chunks.append(message.get("body", b""))

        await self.app(scope, receive, send)
        return httpx.Response(started["status"], headers=started.get("headers", []), content=b"".join(chunks), request=built)


Client = httpx.AsyncClient | InProcess


async def send(http: Client, tally: Tally, edge: str, kind: str, method: str, url: str, **request: Any) -> httpx.Response | None:
    """One request, counted and checked: no 500, no exception; a refusal says why, and never with the input."""
    tally.count(edge, kind)
    try:
        response = await http.request(method, url, **request)
    except Exception as exc:  # raised out of the app: uvicorn would have answered 500
        tally.fail(edge, kind, f"raised {type(exc).__name__}: {str(exc)[:200]}")
        return None
    if response.status_code >= 500:
        tally.fail(edge, kind, f"HTTP {response.status_code}: {response.text[:200]}")
    elif response.status_code >= 400 and MARKER in response.text:
        tally.fail(edge, kind, f"HTTP {response.status_code} echoed the input: {response.text[:200]}")
    elif response.status_code >= 400 and not response.text.strip():
        tally.fail(edge, kind, f"HTTP {response.status_code} without a word of why")
    return response


def raw_json(value: Any) -> bytes:
    """JSON as a browser or a platform writes it: non-ASCII escaped, so a lone surrogate travels as \\ud800."""
    return json.dumps(value).encode()


def answers(response: httpx.Response) -> list[str]:
    return [m["text"] for m in response.json()["messages"] if m["direction"] == "out"]


def new_id() -> str:
    return uuid.uuid4().hex[:16]


# --- the web chat --------------------------------------------------------------------------------


def web_chat_settings(media: Path) -> dict[str, object]:
    """No rate limits: a fuzz run is one client opening thousands of conversations."""
    unlimited = {f"web_chat_{name}": 10**9 for name in ("messages_per_minute", "new_conversations_per_hour", "photos_per_hour")}
    return {"telegram_media_dir": media, "retention_enabled": False, **unlimited}


# The garbage's base request: once it is stored, a request that is still a message after all is its
# re-delivery (answered once, then cheap); messages of every kind of text: `web_chat_messages`.
GARBAGE_REQUEST = {
    "session": "fuzz-garbage-1",
    "id": "fuzz-garbage-message-1",
    "text": f"мой телефон 89161234567 {MARKER}",
    "name": MARKER,
}


async def web_chat_messages(http: Client, inputs: Inputs, tally: Tally, count: int) -> None:
    """Messages of every kind of text (the sender's name too), each in a well-formed request: answered,
    or 422 when too long."""
    for kind, text in inputs.texts(count):
        body = {"session": f"fuzz-{new_id()}", "id": new_id(), "text": text, "name": inputs.short_text()[1][:100]}
        response = await send(http, tally, "web_chat_message", kind, "POST", CHAT, content=raw_json(body), headers=JSON)
        if response is None or response.status_code >= 500:
            continue
        if len(clean_text(text)) > WEB_CHAT_MAX_TEXT:
            if response.status_code != 422:
                tally.fail("web_chat_message", kind, f"{len(text)} characters: HTTP {response.status_code}, not 422")
        elif response.status_code != 200 or not any(a.strip() for a in answers(response)):
            tally.fail("web_chat_message", kind, f"not answered: HTTP {response.status_code} {response.text[:200]}")


async def web_chat_garbage(http: Client, inputs: Inputs, tally: Tally, count: int, *, sign_ins: bool = False) -> None:
    """Bodies that are not JSON, requests of the wrong shape, odd fields and content types, on every
    route of the chat API and the other public routes: a 4xx, or a 200 when it was a message after all.
    `sign_ins`: some sign-in forms pass the CSRF check and reach the password check (0.2 s each: argon2)."""
    edge = "web_chat_garbage"
    for _ in range(count):
        roll = inputs.random.random()
        if roll < 0.35:
            kind, raw = inputs.body(GARBAGE_REQUEST)
            _, content_type = inputs.content_type() if inputs.random.random() < 0.3 else ("", b"application/json")
            response = await send(
                http, tally, edge, "messages " + kind, "POST", CHAT, content=raw, headers={"content-type": content_type}
            )
        elif roll < 0.6:
            kind, value = inputs.reshaped(GARBAGE_REQUEST)
            response = await send(http, tally, edge, "messages " + kind, "POST", CHAT, content=raw_json(value), headers=JSON)
        elif roll < 0.7:
            body = {
                key: inputs.short_text()[1] + MARKER if inputs.random.random() < 0.5 else value
                for key, value in GARBAGE_REQUEST.items()
            }
            response = await send(http, tally, edge, "messages fields", "POST", CHAT, content=raw_json(body), headers=JSON)
        elif roll < 0.8:
            params = {
                "session": inputs.random.choice([inputs.short_text()[1], f"fuzz-{new_id()}"]),
                "after": str(inputs.value(0)),
            }
            response = await send(http, tally, edge, "history params", "GET", CHAT, params=_encodable(params))
        elif roll < 0.9:
            response = await _photo_form(http, inputs, tally, edge)
        else:
            response = await _other_route(http, inputs, tally, edge, sign_ins)
        taken = response is not None and response.status_code == 200 and response.request.url.path == CHAT
        if taken and not isinstance(response.json().get("messages"), list):  # what the page reads
            tally.fail(edge, "accepted", f"not the chat's answer: {response.text[:200]}")


def _encodable(params: Mapping[str, str]) -> dict[str, str]:
    return {k: v.encode("utf-8", "surrogatepass").decode("utf-8", "replace") for k, v in params.items()}


async def _photo_form(http: Client, inputs: Inputs, tally: Tally, edge: str) -> httpx.Response | None:
    """A photo upload whose form is wrong: a field missing, the photo as text, odd ids, a JSON body."""
    fields = {"session": "fuzz-garbage-1", "id": "fuzz-garbage-photo-1"}
    if inputs.random.random() < 0.5:
        fields[inputs.random.choice(["session", "id"])] = inputs.short_text()[1] + MARKER
    choice = inputs.random.choice(["no_photo", "photo_as_text", "json", "odd_fields", "no_fields"])
    fields = _encodable(fields)
    if choice == "no_photo":
        return await send(http, tally, edge, "photos " + choice, "POST", PHOTOS, data=fields)
    if choice == "photo_as_text":
        return await send(http, tally, edge, "photos " + choice, "POST", PHOTOS, data={**fields, "photo": MARKER})
    if choice == "json":
        return await send(
            http, tally, edge, "photos " + choice, "POST", PHOTOS, content=raw_json({**fields, "photo": MARKER}), headers=JSON
        )
    if choice == "no_fields":
        return await send(
            http, tally, edge, "photos " + choice, "POST", PHOTOS, files={"photo": ("a.jpg", b"\xff\xd8", "image/jpeg")}
        )
    files = {"photo": ("a.jpg", b"\xff\xd8" + MARKER.encode(), "image/jpeg")}
    return await send(http, tally, edge, "photos " + choice, "POST", PHOTOS, data=fields, files=files)


async def _other_route(http: Client, inputs: Inputs, tally: Tally, edge: str, sign_ins: bool) -> httpx.Response | None:
    """The campaign link, the managers' photo links and the sign-in form, with what no link holds."""
    junk = quote(inputs.short_text()[1].encode("utf-8", "surrogatepass"), safe="") + MARKER
    choice = inputs.random.choice(["campaign_link", "media_link", "login"])
    if choice == "campaign_link":
        return await send(http, tally, edge, choice, "GET", f"/c/{junk}")
    if choice == "media_link":
        return await send(http, tally, edge, choice, "GET", f"/media/{junk}/{junk}")
    # the name typed is shown again on the refused form (escaped), as sign-in forms do; the password never
    form = {"name": inputs.short_text()[1], "password": MARKER + inputs.short_text()[1], "csrf": inputs.short_text()[1]}
    headers = {"content-type": "application/x-www-form-urlencoded"}
    if sign_ins and inputs.random.random() < 0.2:
        form["csrf"], choice, headers["cookie"] = "fuzz-csrf-token", "login checked", f"{LOGIN_COOKIE}=fuzz-csrf-token"
    raw = "&".join(f"{quote(key)}={quote(value.encode('utf-8', 'surrogatepass'))}" for key, value in form.items())
    return await send(http, tally, edge, choice, "POST", "/login", content=raw, headers=headers)


async def web_chat_photos(http: Client, images: Images, tally: Tally, count: int) -> None:
    """Broken, bombed and odd images uploaded as a customer's photo: each answered with words about it."""
    for index in range(count):
        kind, data, filename = images.image(IMAGE_KINDS[index % len(IMAGE_KINDS)])
        content_type = images.random.choice(["image/jpeg", "image/png", "application/octet-stream", "text/html", "image/svg+xml"])
        form = {"session": f"fuzz-{new_id()}", "id": new_id()}
        files = {"photo": (filename, data, content_type)}
        response = await send(http, tally, "web_chat_photo", kind, "POST", PHOTOS, data=form, files=files)
        if response is None or response.status_code >= 500:
            continue
        if not filename and response.status_code == 422:
            continue  # a part without a file name is a form field, not a file: no photo was sent
        if len(data) > PHOTO_LIMIT and response.status_code == 413:
            continue  # refused whole, with words («до 10 МБ»)
        if response.status_code != 200 or not any("фото" in a.lower() for a in answers(response)):
            tally.fail("web_chat_photo", kind, f"no word about the photo: HTTP {response.status_code} {response.text[:200]}")


# --- the photo reader on its own -------------------------------------------------------------------


def photo_reader(images: Images, tally: Tally, count: int, folder: Path) -> None:
    """`read_photo` on each image: never raises; what is not a picture is `not_an_image`."""
    for index in range(count):
        kind, data, _ = images.image(IMAGE_KINDS[index % len(IMAGE_KINDS)])
        tally.count("photo_reader", kind)
        path = folder / f"{index}.img"
        path.write_bytes(data)
        try:
            reading = read_photo(str(path))
        except Exception as exc:
            tally.fail("photo_reader", kind, f"raised {type(exc).__name__}: {str(exc)[:200]}")
            continue
        finally:
            path.unlink()
        if kind in ("zero_byte", "wrong_content", "decompression_bomb") and reading.error != "not_an_image":
            tally.fail("photo_reader", kind, f"read as {reading}")


# --- the database, once the service is idle --------------------------------------------------------------


async def stored_whole(sessions: SessionFactory, *, links: bool = True) -> list[str]:
    """What is stored half: an inbound message not answered, a conversation whose last customer message
    has no answer after it (unless a manager has the conversation: then it went to the manager), text
    that is not text; and unless `links` is False (Telegram's /start and
    shared contacts link chats and customers before or without any message) a conversation without
    messages or a customer without a conversation."""
    problems = []
    async with sessions() as db:
        unprocessed = (
            await db.exec(select(Message.id).where(Message.direction == "in", col(Message.processed_at).is_(None)))
        ).all()
        problems += [f"inbound message {i} never answered" for i in unprocessed]
        last_in = func.max(Message.id).filter(Message.direction == "in")
        last_out = func.max(Message.id).filter(Message.direction == "out")
        rows = (await db.exec(select(Message.conversation_id, last_in, last_out).group_by(col(Message.conversation_id)))).all()
        unanswered = [(c, i) for c, i, o in rows if i is not None and (o is None or o < i)]
        problems += [f"conversation {c}: message {i} has no answer after it" for c, i in unanswered if not await owner_of(db, c)]
        empty = select(Conversation.id).where(~select(Message.id).where(Message.conversation_id == Conversation.id).exists())
        problems += [f"conversation {c} without messages" for c in (await db.exec(empty)).all() if links]
        lonely = select(Customer.id).where(~select(Conversation.id).where(Conversation.customer_id == Customer.id).exists())
        problems += [f"customer {c} without a conversation" for c in (await db.exec(lonely)).all() if links]
        texts = (await db.exec(select(Message.id, Message.text))).all()
        problems += [f"message {i} stores what is not text" for i, text in texts if clean_text(text) != text]
    return problems
