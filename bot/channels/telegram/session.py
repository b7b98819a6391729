"""aiogram's HTTP session, with the response types of the calls made kept alive and replies sent
as JSON.

aiogram reads every answer as `Response[<the method's result type>]`, a pydantic generic class it
asks for on each call. pydantic caches such classes weakly (pydantic/_internal/_generics.py,
`_GENERIC_TYPES_CACHE` is a WeakValueDictionary) and a class is garbage in a reference cycle, so
after a garbage collection the next call builds `Response[Message]` again: 5-20 ms of CPU, tens of
times a minute under load (bench/telegram_throughput.py). Here each one built is held — at most
one per result type of the Bot API methods called.

aiogram posts every call as an urlencoded form: a reply's Cyrillic text is percent-encoded byte by
byte in Python (urllib.parse.quote), six characters a letter, which the Bot API then decodes again.
`sendMessage` — every reply a customer gets — goes as a JSON body instead, which the Bot API takes
for any call without files ("application/json", https://core.telegram.org/bots/api#making-requests),
encoded in C; the other calls keep aiogram's form. A persona reply is sent as `SentReply`, whose
answer is read as a plain dict rather than validated into aiogram's Message: 42 -> 8 us a reply.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.exceptions import TelegramNetworkError
from aiogram.methods import Response, SendMessage, TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import ReplyKeyboardMarkup
from aiohttp import ClientError, ClientTimeout

JSON_METHODS = frozenset({"sendMessage"})
JSON_HEADERS = {"Content-Type": "application/json"}


class SentReply(SendMessage):
    """`sendMessage` whose answer is read as a plain dict: the sender needs only whether the message
    went (or which error came back, read as for any call), and validating the sent message back into
    aiogram's Message — its user, chat and whole text — cost more than building and posting it."""

    __returning__ = dict[str, Any]

    if TYPE_CHECKING:  # the fields this sender sets (SendMessage's own signature is not inherited by the type checker)

        def __init__(
            self, *, chat_id: int | str, text: str, reply_markup: ReplyKeyboardMarkup | None = None, **kwargs: Any
        ) -> None: ...


class KeepingSession(AiohttpSession):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._response_types: dict[object, type[Response[Any]]] = {}

    def check_response(
        self, bot: Bot, method: TelegramMethod[TelegramType], status_code: int, content: str
    ) -> Response[TelegramType]:
        returning = method.__returning__
        if returning not in self._response_types:
            self._response_types[returning] = Response[returning]  # type: ignore[valid-type]
        return super().check_response(bot, method, status_code, content)

    async def make_request(
        self,
        bot: Bot,
        method: TelegramMethod[TelegramType],
        timeout: int | None = None,  # noqa: ASYNC109 (aiogram's signature)
    ) -> TelegramType:
        body = self.json_body(bot, method) if method.__api_method__ in JSON_METHODS else None
        if body is None:
            return await super().make_request(bot, method, timeout)
        session = await self.create_session()
        url = self.api.api_url(token=bot.token, method=method.__api_method__)
        try:  # as aiogram's own make_request, but for the body
            async with session.post(
                url, data=body, headers=JSON_HEADERS, timeout=ClientTimeout(total=self.timeout if timeout is None else timeout)
            ) as resp:
                raw_result = await resp.text()
        except TimeoutError as e:
            raise TelegramNetworkError(method=method, message="Request timeout error") from e
        except ClientError as e:
            raise TelegramNetworkError(method=method, message=f"{type(e).__name__}: {e}") from e
        response = self.check_response(bot=bot, method=method, status_code=resp.status, content=raw_result)
        return cast(TelegramType, response.result)

    def json_body(self, bot: Bot, method: TelegramMethod[TelegramType]) -> bytes | None:
        """The call's fields as one JSON object (nested objects as objects); None when it sends a file."""
        files: dict[str, Any] = {}
        fields: dict[str, Any] = {}
        for key, value in method.model_dump(warnings=False, exclude_none=True).items():  # None: left out anyway
            prepared = self.prepare_value(value, bot=bot, files=files, _dumps_json=False)
            if prepared is not None and prepared != "":  # what aiogram's form leaves out
                fields[key] = prepared
        return None if files else self.json_dumps(fields).encode()
