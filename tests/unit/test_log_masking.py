"""What the log masker hides (phones in every shape, tokens, configured secrets, capability links),
what it leaves alone (ids, times, counts), and that the handler filter masks arguments and exception
text too. The scanner the log tests rely on is checked here against unmasked lines, so a scan that
finds nothing means something."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import httpx
import pytest
from pydantic import SecretStr

from bot.config import Settings
from bot.logs import FORMAT, MASK, Masker, MaskingFilter, mask_stderr
from tests.support.log_scan import leaks

PHONE = "+79161234567"
TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0"
SECRET = "wz-7f3a9c-webhook-secret"
JWT = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJhbW8tYWNjZXNzIn0.c2lnbmF0dXJlLWhlcmU"  # amoCRM's tokens

PHONE_FORMS = [
    "+79161234567",
    "+7 916 123-45-67",
    "+7 (916) 123-45-67",
    "+7(916)1234567",
    "8 916 123 45 67",
    "8 (916) 123-45-67",
    "8-916-123-45-67",
    "89161234567",
    "79161234567",  # a WhatsApp id
    "916 123-45-67",
    "(916) 123-45-67",
    "%2B79161234567",  # in a query string
    "+7%20916%20123-45-67",
    "%2B7+916+123-45-67",  # a form-encoded query: spaces as +
]

SECRET_LINES = [
    f"POST http://127.0.0.1:8081/bot{TOKEN}/getUpdates",
    f"token {TOKEN} refused",
    "Authorization: Bearer amo-access-0123456789",
    "headers={'Authorization': 'Bearer amo-access-0123456789'}",
    "GET /webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=amo-access-0123456789&hub.challenge=7",
    '{"access_token": "amo-access-0123456789", "token_type": "Bearer"}',
    "/oauth?code=amo-access-0123456789&state=x",
    "postgresql+asyncpg://partsbot:amo-access-0123456789@db:5432/partsbot",
    f"refresh failed for {JWT}",
]

KEPT = [
    "telegram turn of chat 1234567890 (updates [1001, 1002]) failed",
    "group -1001234567890 at 2026-11-23T11:00:00+03:00, took 8.5 s",
    'uvicorn.access: 127.0.0.1:54321 - "POST /api/chat/messages HTTP/1.1" 200',
    "outbox item 42 parked: amoCRM answered 400 (status_code=400)",
    "photo AgADBAADr6cxG-unique skipped: 12000000 bytes > 10000000",
]


@pytest.mark.parametrize("phone", PHONE_FORMS)
def test_the_scanner_finds_a_phone_in_any_shape_and_the_masker_removes_it(phone: str) -> None:
    line = f"GET /healthz?ref={phone} customer wrote from {phone}"
    assert leaks(line, phones=[PHONE])  # the scan can fail: it sees this shape
    masked = Masker().mask(line)
    assert MASK in masked and not leaks(masked, phones=[PHONE]), masked


@pytest.mark.parametrize("line", SECRET_LINES)
def test_tokens_in_urls_headers_json_and_query_strings_are_masked(line: str) -> None:
    secret = next(s for s in (TOKEN, JWT, "amo-access-0123456789") if s in line)
    masked = Masker().mask(line)  # no configured secrets: the shapes alone give them away
    assert leaks(line, secrets=[secret]) and not leaks(masked, secrets=[secret]), masked


def test_configured_secrets_are_masked_verbatim_and_percent_encoded_wherever_they_appear() -> None:
    odd = "s3cret with/slash"
    masker = Masker([SECRET, odd, "1234"])  # too short to mask without ruining every line: left alone
    line = f"webhook says {SECRET}; url ?x={odd.replace(' ', '%20').replace('/', '%2F')} and {odd}; pin 1234"
    masked = masker.mask(line)
    assert not leaks(masked, secrets=[SECRET, odd]) and masked.endswith("pin 1234"), masked


def test_capability_links_lose_their_token_and_signature() -> None:
    masked = Masker().mask('"GET /c/Zx81kLmNq0pRsTuV HTTP/1.1" 200 and /media/9f8e7d6c5b4a/whatsapp/79161234567/a.jpg')
    assert "Zx81kLmNq0pRsTuV" not in masked and "9f8e7d6c5b4a" not in masked and "79161234567" not in masked
    assert "/c/***" in masked and "/media/***" in masked


@pytest.mark.parametrize("line", KEPT)
def test_ids_times_and_counts_are_left_as_they_are(line: str) -> None:
    assert Masker([SECRET]).mask(line) == line


def test_every_secret_in_the_settings_is_collected() -> None:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        telegram_bot_token=TOKEN,
        amocrm_access_token="amo-long-lived-token",
        amocrm_client_secret="amo-client-secret",
        whatsapp_app_secret="meta-app-secret",
        wazzup_webhook_token=SECRET,
        dashboard_token="owner-dashboard-token",
    )
    line = " ".join(value.get_secret_value() for value in _secrets(settings))
    assert Masker.from_settings(settings).mask(line) == " ".join([MASK] * 6)


def _secrets(settings: Settings) -> Iterator[SecretStr]:
    yield from (settings.telegram.bot_token, settings.amocrm.access_token, settings.amocrm.client_secret)  # type: ignore[misc]
    yield from (settings.whatsapp.app_secret, settings.wazzup.webhook_token, settings.dashboard_token)  # type: ignore[misc]


@pytest.fixture
def logger() -> Iterator[tuple[logging.Logger, io.StringIO]]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(MaskingFilter(Masker([SECRET])))
    log = logging.getLogger("tests.log_masking")
    log.addHandler(handler)
    log.setLevel(logging.DEBUG)
    log.propagate = False
    yield log, stream
    log.removeHandler(handler)
    log.propagate = True


def test_the_filter_masks_arguments_exceptions_and_stacks(logger: tuple[logging.Logger, io.StringIO]) -> None:
    log, stream = logger
    log.warning("reply to chat %s not sent (%s)", "79161234567", f"Bearer {SECRET}")
    try:
        request = httpx.Request("POST", f"http://127.0.0.1:9/bot{TOKEN}/sendMessage?phone=%2B79161234567")
        raise httpx.ConnectError("connection refused", request=request)
    except httpx.ConnectError as exc:
        log.exception("send failed: %s", exc.request.url)
    log.error("wrong format %s %s", PHONE)  # a broken call still logs, masked, without its raw arguments
    log.info("where from", stack_info=True)
    output = stream.getvalue()
    assert "Traceback" in output and "ConnectError" in output and "bot***/sendMessage" in output
    assert not leaks(output, phones=[PHONE], secrets=[TOKEN, SECRET]), output


def test_without_the_filter_the_same_records_would_leak() -> None:
    """The control for the test above: its records carry the data, the filter is what removes it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    log = logging.getLogger("tests.log_masking.unfiltered")
    log.addHandler(handler)
    log.propagate = False
    try:
        log.warning("reply to chat %s not sent (%s)", "79161234567", f"Bearer {SECRET}")
    finally:
        log.removeHandler(handler)
    assert leaks(stream.getvalue(), phones=[PHONE], secrets=[SECRET])


def test_what_a_command_logs_to_stderr_is_masked_by_one_filter(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert logging.lastResort is not None
    monkeypatch.setattr(logging.getLogger(), "handlers", [])  # as in a command: no handler, the last resort writes
    monkeypatch.setattr(logging.lastResort, "filters", [])
    settings = Settings(_env_file=None, wazzup_webhook_token=SECRET)  # type: ignore[call-arg]
    mask_stderr(settings)
    mask_stderr(settings)  # the command group's callback runs once per invocation; in one process, many
    logging.getLogger("tests.log_masking_command").warning("webhook %s refused for %s", SECRET, "89161234567")
    assert [type(f) for f in logging.lastResort.filters] == [MaskingFilter]
    err = capsys.readouterr().err
    assert "webhook *** refused for ***" in err and not leaks(err, phones=[PHONE], secrets=[SECRET])
