"""Wazzup API v3 over httpx: send a message, register the webhook, fetch a customer's media.

POST  /v3/message   {channelId, chatType, chatId, text, crmMessageId}   (crmMessageId: idempotency)
PATCH /v3/webhooks  {webhooksUri, subscriptions: {messagesAndStatuses: true}}
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from bot.channels.gate import gated_transport
from bot.config import WazzupSettings
from bot.ports import RecipientUnreachable, Rejected, RetryLater

MAX_TEXT = 4096  # WhatsApp Business and Telegram chats; Wazzup's own WhatsApp allows more


@dataclass(frozen=True)
class WazzupChat:
    """A customer's chat as Wazzup names it: which of the shop's channels, which messenger, which chat."""

    channel_id: str
    chat_type: str  # whatsapp | telegram | max | vk | avito | ...
    chat_id: str

    @property
    def key(self) -> str:
        """Our chat id: unique per shop channel and messenger."""
        return f"{self.chat_type}:{self.chat_id}@{self.channel_id}"

    @classmethod
    def parse(cls, key: str) -> WazzupChat:
        kind_and_chat, _, channel = key.rpartition("@")
        chat_type, _, chat_id = kind_and_chat.partition(":")
        return cls(channel, chat_type, chat_id)


class WazzupApi:
    def __init__(self, settings: WazzupSettings, http: httpx.AsyncClient | None = None) -> None:
        assert settings.api_key is not None
        self._http = http or httpx.AsyncClient(
            base_url=settings.api_base.rstrip("/"),
            headers={"Authorization": f"Bearer {settings.api_key.get_secret_value()}"},
            timeout=settings.timeout_seconds,
            transport=gated_transport(wait=settings.timeout_seconds),  # a flood of replies waits its turn in order
        )
        # a photo's contentUri may be on any host (Wazzup's file store): the API key goes to Wazzup's
        # API host only, never along with a download from elsewhere
        self._media = httpx.AsyncClient(
            timeout=settings.timeout_seconds, transport=gated_transport(wait=settings.timeout_seconds)
        )

    async def send_text(self, chat: WazzupChat, text: str, crm_message_id: str | None) -> None:
        body = {"channelId": chat.channel_id, "chatType": chat.chat_type, "chatId": chat.chat_id, "text": text}
        if crm_message_id:
            body["crmMessageId"] = crm_message_id  # the same id twice: Wazzup sends it once
        response = await self._request("POST", "/v3/message", json=body)
        if response.status_code == 400 and "repeat" in response.text.lower():
            return  # crmMessageId seen before: it went out already
        _raise_for(response)

    async def register_webhook(self, url: str) -> None:
        body = {"webhooksUri": url, "subscriptions": {"messagesAndStatuses": True, "contactsAndDealsCreation": False}}
        _raise_for(await self._request("PATCH", "/v3/webhooks", json=body))

    async def download(self, url: str, limit: int) -> bytes | None:
        """A customer's photo by its contentUri (None when it is larger than `limit`). Rejected when
        there is no such photo or the link is not one; RetryLater when Wazzup cannot give it now."""
        try:
            client = self._http if _same_origin(url, self._http.base_url) else self._media
            async with client.stream("GET", url) as response:
                if not response.is_success:
                    await response.aread()  # what Wazzup says is in the body
                    _raise_for(response)
                data = b""
                async for chunk in response.aiter_bytes():
                    data += chunk
                    if len(data) > limit:
                        return None
        except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
            raise Rejected(f"not a link to a photo: {exc}") from exc
        except httpx.HTTPError as exc:
            raise RetryLater(f"Wazzup unreachable: {exc}") from exc
        return data

    async def aclose(self) -> None:
        await self._http.aclose()
        await self._media.aclose()

    async def _request(self, method: str, path: str, **kwargs: object) -> httpx.Response:
        try:
            return await self._http.request(method, path, **kwargs)  # type: ignore[arg-type]
        except httpx.HTTPError as exc:
            raise RetryLater(f"Wazzup unreachable: {exc}") from exc


def _same_origin(url: str, base: httpx.URL) -> bool:
    try:
        target = httpx.URL(url)
    except httpx.InvalidURL:
        return False
    return (target.scheme, target.host, target.port) == (base.scheme, base.host, base.port)


def _raise_for(response: httpx.Response) -> None:
    if response.is_success:
        return
    if response.status_code == 429 or response.status_code >= 500:
        raise RetryLater(f"Wazzup {response.status_code}")
    if response.status_code in (401, 403):
        raise RetryLater(f"Wazzup refused the API key ({response.status_code}): check WAZZUP_API_KEY")
    if "chat" in response.text.lower() and response.status_code in (400, 404):
        raise RecipientUnreachable(f"Wazzup {response.status_code}: {response.text[:200]}")
    raise Rejected(f"Wazzup {response.status_code}: {response.text[:200]}")
