"""OAuth2 with amoCRM: the code is exchanged once, the pair lives in our database, and a refresh
happens once however many workers need it (a spent refresh token is never presented)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from bot.bootstrap import build
from bot.clock import FixedClock
from bot.config import Settings
from bot.ports import CrmAuthExpired
from crm_adapters.amocrm.auth import TOKENS_KEY, OAuthTokens
from tests.support.amocrm import FakeAmo, amo, amo_settings, amocrm_of  # noqa: F401


def oauth_settings(db_url: str, amo: FakeAmo, **overrides: object) -> Settings:
    oauth: dict[str, object] = {
        "amocrm_access_token": None,
        "amocrm_client_id": "client-id",
        "amocrm_client_secret": "client-secret",
        "amocrm_redirect_uri": "https://shop.example/amo",
        "amocrm_auth_code": "auth-code",
    }
    return amo_settings(db_url, amo, **{**oauth, **overrides})


async def test_the_authorization_code_is_exchanged_once_and_the_pair_kept_in_the_database(
    sqlite_url: str, amo: FakeAmo, clock: FixedClock
) -> None:
    first = build(oauth_settings(sqlite_url, amo), clock=clock)
    await amocrm_of(first).client.request("GET", "/api/v4/leads/pipelines")
    await first.close()
    again = build(oauth_settings(sqlite_url, amo), clock=clock)  # a restart: the code is spent, the pair is stored
    try:
        await amocrm_of(again).client.request("GET", "/api/v4/leads/pipelines")
        stored = await amocrm_of(again).kv.get(TOKENS_KEY)
    finally:
        await again.close()
    assert amo.state.grants == ["authorization_code"]
    assert stored is not None and stored["refresh_token"] in amo.state.refresh_tokens


@pytest.mark.backend_matters
async def test_two_workers_with_an_expired_token_refresh_once_and_never_reuse_a_spent_token(
    db_url: str, amo: FakeAmo, clock: FixedClock
) -> None:
    workers = [build(oauth_settings(db_url, amo), clock=clock) for _ in range(2)]
    try:
        await amocrm_of(workers[0]).client.request("GET", "/api/v4/leads/pipelines")
        clock.advance(timedelta(days=1))  # the access token expired for both
        amo.state.token_delay = 0.3  # the first refresh is still in flight when the second worker asks
        calls = [amocrm_of(w).client.request("GET", "/api/v4/leads/pipelines") for w in workers * 2]
        results = await asyncio.gather(*calls)
    finally:
        for worker in workers:
            await worker.close()
    assert all(r["_embedded"]["pipelines"] for r in results)
    assert amo.state.grants == ["authorization_code", "refresh_token"]
    assert amo.state.revoked_uses == 0


async def test_a_rejected_access_token_is_refreshed_once_and_the_call_repeated(
    sqlite_url: str, amo: FakeAmo, clock: FixedClock
) -> None:
    app = build(oauth_settings(sqlite_url, amo), clock=clock)
    try:
        crm = amocrm_of(app)
        await crm.client.request("GET", "/api/v4/leads/pipelines")
        amo.state.access_tokens = {"long-lived-token"}  # amoCRM forgot our access token
        body = await crm.client.request("GET", "/api/v4/leads/pipelines")
        assert isinstance(crm.tokens, OAuthTokens) and crm.tokens.refreshes == 1
    finally:
        await app.close()
    assert body["_embedded"]["pipelines"] and amo.state.grants == ["authorization_code", "refresh_token"]


async def test_without_a_stored_pair_or_a_code_the_owner_is_told_to_log_in(
    sqlite_url: str, amo: FakeAmo, clock: FixedClock
) -> None:
    app = build(oauth_settings(sqlite_url, amo, amocrm_auth_code=None), clock=clock)
    try:
        with pytest.raises(CrmAuthExpired, match="crm login"):
            await amocrm_of(app).client.request("GET", "/api/v4/leads/pipelines")
    finally:
        await app.close()
    assert amo.state.requests == []
