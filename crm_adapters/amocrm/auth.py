"""amoCRM access tokens: a long-lived token from settings, or an OAuth2 pair kept in our database.

The OAuth refresh token is single-use: a spent one answers 401 "Token has been revoked" and the
owner must log in again. So a refresh runs under a cross-process lock (KvStore.locked_change), first
re-reads the stored pair (another worker may have refreshed already), and commits the new pair
before anyone uses it.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

import httpx

from bot.clock import Clock
from bot.ports import CrmAuthExpired, CrmUnavailable
from bot.store.kv import KvStore
from crm_adapters.amocrm.client import RateLimiter, amo_errors, describe_error

log = logging.getLogger(__name__)

TOKENS_KEY = "amocrm.tokens"
EARLY = timedelta(minutes=5)  # refresh this long before the access token expires
RELOGIN = "run `python main.py crm login` to authorise partsbot again"


class LongLivedToken:
    """A token made on the integration's "Keys" tab; nothing to refresh."""

    can_refresh = False

    def __init__(self, token: str) -> None:
        self._token = token

    async def access_token(self) -> str:
        return self._token

    async def refresh(self, stale: str) -> str:
        raise CrmAuthExpired("amoCRM rejected the long-lived token: make a new one and set AMOCRM_ACCESS_TOKEN")


class OAuthTokens:
    can_refresh = True

    def __init__(
        self,
        kv: KvStore,
        clock: Clock,
        limiter: RateLimiter,
        *,
        base_url: str,
        client_id: str,
        client_secret: str,
        redirect_uri: str,
        auth_code: str | None = None,
        timeout: float = 10.0,
    ) -> None:
        self._kv, self._clock, self._limiter = kv, clock, limiter
        self._client = {"client_id": client_id, "client_secret": client_secret, "redirect_uri": redirect_uri}
        self._auth_code = auth_code
        self._http = httpx.AsyncClient(base_url=base_url.rstrip("/"), timeout=timeout)
        self.refreshes = 0  # how many refresh grants this process sent (tests, `crm check`)

    async def aclose(self) -> None:
        await self._http.aclose()

    async def stored(self) -> dict[str, Any] | None:
        pair = await self._kv.get(TOKENS_KEY)
        return pair if pair and pair.get("access_token") else None

    async def access_token(self) -> str:
        pair = await self.stored()
        if pair is None:
            if not self._auth_code:
                raise CrmAuthExpired(f"partsbot holds no amoCRM token yet: {RELOGIN}")
            pair = await self._kv.locked_change(TOKENS_KEY, self._exchange_unless_done)
            assert pair is not None
        if datetime.fromisoformat(pair["expires_at"]) - EARLY <= self._clock.now():
            return await self.refresh(stale=pair["access_token"])
        return str(pair["access_token"])

    async def refresh(self, stale: str) -> str:
        async def change(current: dict[str, Any] | None) -> dict[str, Any] | None:
            if current and current.get("access_token") != stale and not self._expiring(current):
                return None  # another worker refreshed while we waited for the lock
            if not current or not current.get("refresh_token"):
                raise CrmAuthExpired(f"no amoCRM refresh token: {RELOGIN}")
            self.refreshes += 1
            return await self._grant({"grant_type": "refresh_token", "refresh_token": current["refresh_token"]})

        pair = await self._kv.locked_change(TOKENS_KEY, change)
        assert pair is not None
        return str(pair["access_token"])

    async def exchange(self, code: str) -> dict[str, Any]:
        """The authorization-code grant (`crm login`); the new pair replaces any stored one."""

        async def change(_: dict[str, Any] | None) -> dict[str, Any]:
            return await self._grant({"grant_type": "authorization_code", "code": code})

        pair = await self._kv.locked_change(TOKENS_KEY, change)
        assert pair is not None
        return pair

    async def _exchange_unless_done(self, current: dict[str, Any] | None) -> dict[str, Any] | None:
        if current and current.get("access_token"):
            return None
        assert self._auth_code is not None
        return await self._grant({"grant_type": "authorization_code", "code": self._auth_code})

    def _expiring(self, pair: dict[str, Any]) -> bool:
        return datetime.fromisoformat(pair["expires_at"]) - EARLY <= self._clock.now()

    async def _grant(self, grant: dict[str, str]) -> dict[str, Any]:
        async with self._limiter.slot(), amo_errors():
            response = await self._http.post("/oauth2/access_token", json={**self._client, **grant})
        if response.status_code in (400, 401, 403):
            log.error("amoCRM refused the %s grant: %s", grant["grant_type"], describe_error(response))
            raise CrmAuthExpired(f"amoCRM refused the {grant['grant_type']} grant ({response.status_code}): {RELOGIN}")
        if response.status_code != 200:
            raise CrmUnavailable(f"amoCRM token endpoint answered {response.status_code}")
        body = response.json()
        expires_at = self._clock.now() + timedelta(seconds=int(body.get("expires_in", 86400)))
        log.info("amoCRM %s grant succeeded; token pair saved", grant["grant_type"])
        return {
            "access_token": body["access_token"],
            "refresh_token": body["refresh_token"],
            "expires_at": expires_at.isoformat(),
        }
