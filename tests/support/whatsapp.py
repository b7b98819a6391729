"""Signed WhatsApp Cloud API webhook updates, as Meta posts them, for tests:

update = text_update("79161234567", "нужен стартер", "wamid.1")
await client.post(PATH, content=body(update), headers=signed(body(update)))
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from tests.fakes.graph_api import PHONE_ID, TOKEN

APP_SECRET = "wa-app-secret"
VERIFY_TOKEN = "wa-verify-token"
WABA_ID = "102290129340398"


def cloud_api_settings(api_base: str, *, debounce: float = 0.0) -> dict[str, object]:
    """Settings (field names) of a shop on the WhatsApp Cloud API at `api_base` (the fake Graph API)."""
    return {
        "whatsapp_token": TOKEN,
        "whatsapp_phone_number_id": PHONE_ID,
        "whatsapp_app_secret": APP_SECRET,
        "whatsapp_verify_token": VERIFY_TOKEN,
        "whatsapp_api_base": api_base,
        "whatsapp_debounce_seconds": debounce,
    }


def as_env(settings: dict[str, object]) -> dict[str, str]:
    """The same settings as a process's environment (flat upper-case names)."""
    return {name.upper(): str(value) for name, value in settings.items()}


def body(update: dict[str, Any]) -> bytes:
    return json.dumps(update, ensure_ascii=True).encode()  # Meta escapes non-ASCII; the signature covers these bytes


def signed(raw: bytes, secret: str = APP_SECRET) -> dict[str, str]:
    digest = hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()
    return {"X-Hub-Signature-256": f"sha256={digest}", "Content-Type": "application/json"}


def _update(wa_id: str, name: str, message: dict[str, Any]) -> dict[str, Any]:
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550000000", "phone_number_id": PHONE_ID},
        "contacts": [{"profile": {"name": name}, "wa_id": wa_id, "user_id": f"US.{wa_id}"}],
        "messages": [{"from": wa_id, "timestamp": "1763884800", **message}],
    }
    return {"object": "whatsapp_business_account", "entry": [{"id": WABA_ID, "changes": [{"field": "messages", "value": value}]}]}


def text_update(wa_id: str, text: str, wamid: str, name: str = "Сергей") -> dict[str, Any]:
    return _update(wa_id, name, {"id": wamid, "type": "text", "text": {"body": text}})


def button_update(wa_id: str, title: str, wamid: str, replying_to: str = "wamid.out.1") -> dict[str, Any]:
    """A tap on a reply button under one of our messages."""
    interactive = {"type": "button_reply", "button_reply": {"id": f"btn-{title}", "title": title}}
    context = {"from": "15550000000", "id": replying_to}
    return _update(wa_id, "Сергей", {"id": wamid, "type": "interactive", "interactive": interactive, "context": context})


def list_update(wa_id: str, row_id: str, title: str, wamid: str, replying_to: str = "wamid.out.1") -> dict[str, Any]:
    """A tap on a row of a list under one of our messages."""
    interactive = {"type": "list_reply", "list_reply": {"id": row_id, "title": title}}
    context = {"from": "15550000000", "id": replying_to}
    return _update(wa_id, "Сергей", {"id": wamid, "type": "interactive", "interactive": interactive, "context": context})


def username_text_update(bsuid: str, text: str, wamid: str, name: str = "Гость") -> dict[str, Any]:
    """A user with a WhatsApp username: a business-scoped id and no phone number (2026)."""
    update = _update("", name, {"id": wamid, "type": "text", "text": {"body": text}})
    value = update["entry"][0]["changes"][0]["value"]
    value["contacts"] = [{"profile": {"name": name}, "user_id": bsuid}]
    value["messages"][0].pop("from")
    value["messages"][0]["from_user_id"] = bsuid
    return update


def image_update(wa_id: str, media_id: str, wamid: str, caption: str | None = None, name: str = "Сергей") -> dict[str, Any]:
    image = {"id": media_id, "mime_type": "image/jpeg", "sha256": "0" * 64, **({"caption": caption} if caption else {})}
    return _update(wa_id, name, {"id": wamid, "type": "image", "image": image})


def document_update(wa_id: str, media_id: str, wamid: str, mime_type: str = "image/jpeg") -> dict[str, Any]:
    """A photo sent as a file (full quality), or any other document."""
    document = {"id": media_id, "mime_type": mime_type, "sha256": "0" * 64, "filename": "IMG_2041.JPG"}
    return _update(wa_id, "Сергей", {"id": wamid, "type": "document", "document": document})


def sticker_update(wa_id: str, wamid: str) -> dict[str, Any]:
    sticker = {"id": "st-1", "mime_type": "image/webp", "sha256": "0" * 64, "animated": False}
    return _update(wa_id, "Сергей", {"id": wamid, "type": "sticker", "sticker": sticker})


def status_update(wamid: str, status: str, wa_id: str, error: int | None = None) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": wamid,
        "status": status,
        "timestamp": "1763884900",
        "recipient_id": wa_id,
        "recipient_user_id": f"US.{wa_id}",
    }
    if error is not None:
        entry["errors"] = [{"code": error, "title": "failed", "message": "failed", "error_data": {"details": "failed"}}]
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550000000", "phone_number_id": PHONE_ID},
        "contacts": [{"profile": {"name": "Сергей"}, "wa_id": wa_id, "user_id": f"US.{wa_id}"}],  # since the 2026 BSUID change
        "statuses": [entry],
    }
    return {"object": "whatsapp_business_account", "entry": [{"id": WABA_ID, "changes": [{"field": "messages", "value": value}]}]}
