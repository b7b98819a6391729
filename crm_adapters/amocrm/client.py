"""A thin async client for amoCRM API v4: bearer token, rate limit, quick retries, error mapping.

httpx errors and HTTP statuses become our errors here, at the edge (bot/ports.py):

    connect error / pool timeout, 429  -> repeated a few times at once, then CrmUnavailable
    read timeout, other transport, 5xx -> CrmUnavailable (GETs are repeated first; writes are not,
                                          because amoCRM may already have applied them)
    401                                -> one token refresh and one repeat, then CrmAuthExpired
    402, 403                           -> AmoBlocked (a CrmUnavailable): calls stop for a while,
                                          the owner is alerted, queued work stays queued
    400, 404, 422                      -> CrmRejected, naming the field path of validation errors
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any, Protocol

import httpx
from tenacity import AsyncRetrying, retry_if_exception, stop_after_attempt, wait_exponential

from bot.clock import Clock
from bot.ports import CrmAuthExpired, CrmRejected, CrmUnavailable
from bot.store.kv import KvStore
from bot.store.rate import budget

log = logging.getLogger(__name__)

BLOCKED_KEY = "amocrm.blocked"
Alert = Callable[[str], Awaitable[None]]


class AmoBlocked(CrmUnavailable):
    """The account is unpaid (402) or blocked / the token lacks rights (403): we stop calling."""


class NoRights(CrmRejected):
    """403 on a call that may legitimately be forbidden (e.g. creating fields without admin rights)."""


class _Repeatable(CrmUnavailable):
    """Failed before amoCRM applied anything: safe to repeat at once, even for a write."""


class TokenSource(Protocol):
    can_refresh: bool

    async def access_token(self) -> str: ...

    async def refresh(self, stale: str) -> str: ...


MAX_RETRY_AFTER = timedelta(hours=1)  # a longer Retry-After is taken as an hour


def retry_after(response: httpx.Response) -> timedelta | None:
    """The wait a 429 asks for, if its Retry-After names one in seconds (the form amoCRM uses; an
    HTTP date would need the wall clock, and is treated as no header)."""
    value = response.headers.get("retry-after", "").strip()
    return min(timedelta(seconds=int(value)), MAX_RETRY_AFTER) if value.isdigit() else None


class SharedSlots(Protocol):
    async def claim(self) -> int: ...

    async def release(self, slot: int) -> None: ...


class RateLimiter:
    """At most `rate` calls in any one-second window (a sliding log: stricter than a bucket with
    a burst). One instance is shared by every call of one process: `async with limiter.slot(): ...`.

    With `shared` (bot/store/rate.py: slots in the database) the limit holds for every process on
    the database together, counted from each call's end; this log stays the cheap first gate in
    front of it, and the callers take turns at it, so one process polls the database at a time."""

    def __init__(self, rate: float = 7.0, shared: SharedSlots | None = None) -> None:
        self._slots, self._window = budget(rate)  # the margin: network jitter bunches requests up on arrival
        self._shared = shared
        self._sent: collections.deque[float] = collections.deque()
        self._lock = asyncio.Lock()

    @contextlib.asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        async with self._lock:
            while len(self._sent) >= self._slots:
                wait = self._sent[0] + self._window - time.monotonic()
                if wait <= 0:
                    self._sent.popleft()
                else:
                    await asyncio.sleep(wait)
            shared = await self._shared.claim() if self._shared is not None else None
            self._sent.append(time.monotonic())
        try:
            yield
        finally:
            if self._shared is not None and shared is not None:
                await self._shared.release(shared)


class BlockGuard:
    """Remembers in kv that amoCRM refused us for money or rights, so every process pauses.
    `alert` (e.g. a Telegram message to the owner) may be set after construction."""

    def __init__(self, kv: KvStore, clock: Clock, *, pause: timedelta, alert: Alert | None = None) -> None:
        self._kv, self._clock, self._pause = kv, clock, pause
        self.alert = alert

    async def check(self) -> None:
        state = await self._kv.get(BLOCKED_KEY)
        if state and datetime.fromisoformat(state["until"]) > self._clock.now():
            raise AmoBlocked(f"amoCRM answered {state['status']} ({state['detail']}); calls paused until {state['until']}")

    async def clear(self) -> dict[str, Any] | None:
        """Lift the pause now (the owner paid or fixed the rights); returns the pause that was on."""
        state = await self._kv.get(BLOCKED_KEY)
        if state:
            await self._kv.delete(BLOCKED_KEY)
        return state

    async def block(self, status: int, detail: str) -> None:
        until = self._clock.now() + self._pause
        await self._kv.put(BLOCKED_KEY, {"status": status, "detail": detail[:300], "until": until.isoformat()})
        reason = "account unpaid" if status == 402 else "access forbidden or account blocked"
        log.error(
            "amoCRM refused our calls (%s: %s); deals wait in the queue until %s UTC", status, reason, f"{until:%Y-%m-%d %H:%M}"
        )
        if self.alert is not None:
            with contextlib.suppress(Exception):  # an alert must never break the queue
                await self.alert(owner_text(status, until))


def owner_text(status: int, until: datetime) -> str:
    """What the shop owner reads in Telegram when amoCRM stops taking our deals (in Russian)."""
    why = (
        "аккаунт amoCRM не оплачен" if status == 402 else "amoCRM запретил доступ: аккаунт заблокирован или у интеграции нет прав"
    )
    return (
        f"⚠️ amoCRM не принимает новые заявки ({status}): {why}. Ни одна заявка не потеряна — они ждут "
        f"в очереди и уйдут сами, когда amoCRM снова ответит (следующая попытка в {until:%H:%M} UTC). "
        "Проверьте оплату и права интеграции; `python main.py crm check` покажет подробности."
    )


def describe_error(response: httpx.Response) -> str:
    """amoCRM's 400 body in one line: each validation error with its field path."""
    try:
        body = response.json()
    except ValueError:
        return f"HTTP {response.status_code}: {response.text[:200]}"
    if not isinstance(body, dict):
        return f"HTTP {response.status_code}: {str(body)[:200]}"
    parts = [
        f"{error.get('path', '?')}: {error.get('code', '')} {error.get('detail', '')}".strip()
        for item in body.get("validation-errors") or []
        for error in item.get("errors") or []
    ]
    if parts:
        return "validation-errors: " + "; ".join(parts)
    if isinstance(body.get("errors"), dict):
        return "errors: " + "; ".join(f"{k}: {v}" for k, v in body["errors"].items())
    return f"HTTP {response.status_code}: {body.get('title', '')} {body.get('detail', '')}".strip()


@contextlib.asynccontextmanager
async def amo_errors() -> AsyncIterator[None]:
    try:
        yield
    except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
        raise _Repeatable(f"amoCRM unreachable: {type(exc).__name__}") from exc
    except httpx.TransportError as exc:
        raise CrmUnavailable(f"amoCRM did not answer: {type(exc).__name__}") from exc


class AmoClient:
    """`await client.request("GET", "/api/v4/contacts", params=...)` -> parsed JSON, or None for 204."""

    def __init__(
        self,
        base_url: str,
        tokens: TokenSource,
        limiter: RateLimiter,
        guard: BlockGuard,
        *,
        timeout: float = 10.0,
        attempts: int = 3,
        retry_seconds: float = 0.5,
    ) -> None:
        self._http = httpx.AsyncClient(base_url=base_url.rstrip("/"), timeout=timeout, headers={"User-Agent": "partsbot"})
        self._tokens, self._limiter, self.guard = tokens, limiter, guard
        self._attempts, self._retry_seconds = attempts, retry_seconds

    async def aclose(self) -> None:
        await self._http.aclose()

    async def request(
        self, method: str, path: str, *, params: dict[str, Any] | None = None, json: Any = None, forbidden_ok: bool = False
    ) -> Any:
        def repeatable(exc: BaseException) -> bool:
            if isinstance(exc, _Repeatable):
                return True
            told_to_wait = isinstance(exc, CrmUnavailable) and exc.after is not None  # a Retry-After: not at once
            return method == "GET" and isinstance(exc, CrmUnavailable) and not isinstance(exc, AmoBlocked) and not told_to_wait

        retrying = AsyncRetrying(
            stop=stop_after_attempt(self._attempts),
            wait=wait_exponential(multiplier=self._retry_seconds, max=8 * self._retry_seconds),
            retry=retry_if_exception(repeatable),
            reraise=True,
        )
        async for attempt in retrying:
            with attempt:
                return await self._once(method, path, params, json, forbidden_ok)
        raise AssertionError("unreachable")  # pragma: no cover

    async def pages(self, path: str, key: str, params: dict[str, Any] | None = None) -> AsyncIterator[list[dict[str, Any]]]:
        """Each page's `_embedded[key]` until there is no `_links.next` (or a 204)."""
        page = 1
        while True:
            body = await self.request("GET", path, params={**(params or {}), "page": page})
            if not body:
                return
            yield list(body.get("_embedded", {}).get(key) or [])
            if not body.get("_links", {}).get("next"):
                return
            page += 1

    async def _once(self, method: str, path: str, params: Any, json: Any, forbidden_ok: bool) -> Any:
        await self.guard.check()
        token = await self._tokens.access_token()
        response = await self._send(method, path, token, params, json)
        if response.status_code == 401 and self._tokens.can_refresh:
            token = await self._tokens.refresh(stale=token)
            response = await self._send(method, path, token, params, json)
        return await self._result(response, forbidden_ok)

    async def _send(self, method: str, path: str, token: str, params: Any, json: Any) -> httpx.Response:
        async with self._limiter.slot(), amo_errors():
            response = await self._http.request(
                method, path, params=params, json=json, headers={"Authorization": f"Bearer {token}"}
            )
        log.debug("amoCRM %s %s -> %s", method, path, response.status_code)
        return response

    async def _result(self, response: httpx.Response, forbidden_ok: bool) -> Any:
        status = response.status_code
        if status == 204 or (200 <= status < 300 and not response.content):
            return None
        if 200 <= status < 300:
            try:
                return response.json()
            except ValueError:
                return None  # 202 may carry a non-JSON body
        if status == 401:
            log.error("amoCRM rejected our access token (401); deals wait in the outbox")
            raise CrmAuthExpired("amoCRM rejected the access token: issue a new one or run `python main.py crm login`")
        if status == 403 and forbidden_ok:
            raise NoRights(describe_error(response))
        if status in (402, 403):
            await self.guard.block(status, describe_error(response))
            raise AmoBlocked(f"amoCRM answered {status}")
        if status == 429:
            wait = retry_after(response)
            if wait is not None and wait > timedelta(seconds=self._retry_seconds * 8):
                raise CrmUnavailable(f"amoCRM rate limit (429), asked to wait {wait}", after=wait)  # the outbox waits
            raise _Repeatable("amoCRM rate limit (429)")
        if status >= 500:
            raise CrmUnavailable(f"amoCRM server error {status}")
        raise CrmRejected(describe_error(response))
