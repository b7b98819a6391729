"""Logs without secrets or customers' phone numbers.

One filter on every handler of the root logger (uvicorn's loggers propagate there, see main.py `run`)
rewrites each record before it is formatted: the message with its arguments and the exception text
(an httpx error carries its URL, a driver error its parameters) pass through `Masker.mask`, which
hides

- phone numbers: +7 912 345-67-89, 8 (912) 345-67-89, 89123456789, 79123456789 (a WhatsApp id),
  912 345-67-89, any +E.164, also percent-encoded in a URL;
- Telegram bot tokens (`123456789:AA…`, also inside a Bot API URL `/bot<token>/getUpdates`), JWTs;
- `Bearer …`/`Basic …`, `Authorization: …`, `…token=`, `…secret=`, `…key=`, `password=`, `code=`
  in query strings, JSON and headers; the password in `scheme://user:password@host`;
- the capabilities in our own links: `/c/<token>` chat links and `/media/<signature>/…` photo links;
- every secret value configured in Settings (SecretStr), verbatim and percent-encoded.

Message texts, names and VINs cannot be recognised this way: log calls never pass them at INFO and
above (ids, counts and lengths instead). Usage:

    configure_logging(settings)                                  # main.py run
    Masker(["s3cret-value"]).mask("key s3cret-value")  -> "key ***"
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from urllib.parse import quote

from pydantic import BaseModel, SecretStr

from bot.config import Settings

MASK = "***"
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
QUIET_LOGGERS = ("httpx", "httpcore")  # one INFO line per request, its URL included: WARNING and above only
MIN_SECRET_CHARS = 6  # shorter configured "secrets" (test values, «1234») would mask half of every line

_SEP = r"(?:[\s().+\-]|%2[0389dD]){0,2}"  # between a phone's digits: space, dash, bracket, dot, %20, + (a form's space)
_REPLACEMENTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?<!\d)\d{6,}:[A-Za-z0-9_-]{30,}"), MASK),  # Telegram bot token
    (re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+"), MASK),  # JWT (amoCRM tokens)
    (re.compile(r"(?i)\b(bearer|basic)(\s+|%20)[A-Za-z0-9._~+/=-]+"), rf"\1\2{MASK}"),
    (re.compile(r"(?i)(authorization[\"']?\s*[:=]\s*[\"']?)(?!bearer\b|basic\b)[^\s\"',;]+"), rf"\1{MASK}"),
    (
        re.compile(
            r"(?i)([\w.-]*(?:token|secret|password|passwd|api[_-]?key|apikey|credentials|signature)[\"']?"
            r"\s*(?:=|:|%3D)\s*[\"']?)[^\s&\"',;}]+"
        ),
        rf"\1{MASK}",
    ),
    (re.compile(r"(?i)([?&;]code=)[^\s&\"']+"), rf"\1{MASK}"),  # an OAuth authorisation code
    (re.compile(r"(://[^/\s:@]+:)[^@\s/]+@"), rf"\1{MASK}@"),  # scheme://user:password@host
    (re.compile(r"(/c/)[A-Za-z0-9_-]{6,}"), rf"\1{MASK}"),  # chat link: whoever has it reads the chat
    (re.compile(r"(/media/)[^\s\"'?]+"), rf"\1{MASK}"),  # signed photo link, the chat id in its path
    (re.compile(rf"(?:\+|%2[bB])\d(?:{_SEP}\d){{7,14}}(?!\d)"), MASK),  # +E.164, also percent-encoded
    (re.compile(rf"(?<![A-Za-z0-9+])[78](?:{_SEP}\d){{10}}(?!\d)"), MASK),  # 8 912 345-67-89, 79123456789
    (re.compile(r"(?<![A-Za-z0-9+])\(?9\d\d\)?[\s-]\d{3}[\s-]?\d\d[\s-]?\d\d(?!\d)"), MASK),  # 912 345-67-89
)


class Masker:
    """Hides phones, tokens and the given secret values in a piece of text (see the module docstring)."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        values = {s for s in secrets if len(s) >= MIN_SECRET_CHARS}
        values |= {quote(s, safe="") for s in values}
        alternatives = sorted(values, key=len, reverse=True)
        self._secrets = re.compile("|".join(map(re.escape, alternatives))) if alternatives else None

    @classmethod
    def from_settings(cls, settings: Settings) -> Masker:
        return cls(_secret_values(settings))

    def mask(self, text: str) -> str:
        if self._secrets is not None:
            text = self._secrets.sub(MASK, text)
        for pattern, replacement in _REPLACEMENTS:
            text = pattern.sub(replacement, text)
        return text


class MaskingFilter(logging.Filter):
    """A handler filter: the record's message, exception and stack text masked, in place (so every
    formatter after it, uvicorn's included, sees only masked text). It never drops a record."""

    _formatter = logging.Formatter()

    def __init__(self, masker: Masker) -> None:
        super().__init__()
        self.masker = masker

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not lose the record (nor show its raw arguments)
            message = str(record.msg)
        record.msg, record.args = self.masker.mask(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.masker.mask(record.exc_text)
        if record.stack_info:
            record.stack_info = self.masker.mask(record.stack_info)
        return True


def configure_logging(settings: Settings, level: int = logging.INFO) -> MaskingFilter:
    """The service's logging: INFO and above to stderr, masked; httpx's per-request lines off.

    Runs once at start, before uvicorn (started with `log_config=None`, so that its loggers propagate
    to the root handler here). Python's last-resort handler is masked as well."""
    logging.basicConfig(level=level, format=FORMAT)
    masking = MaskingFilter(Masker.from_settings(settings))
    install(masking)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(max(level, logging.WARNING))
    return masking


def mask_stderr(settings: Settings) -> MaskingFilter:
    """For the other commands: whatever reaches stderr through logging (warnings, by the last-resort
    handler) is masked the same way; levels and handlers stay as they are."""
    masking = MaskingFilter(Masker.from_settings(settings))
    install(masking)
    return masking


def install(masking: MaskingFilter) -> None:
    """Put the filter on every handler that may write a record: the root's, uvicorn's, the last resort.
    A filter installed before is replaced (a command run twice in one process adds one, not two)."""
    handlers = [*logging.getLogger().handlers]
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        handlers.extend(logging.getLogger(name).handlers)
    if logging.lastResort is not None:
        handlers.append(logging.lastResort)
    for handler in handlers:
        for earlier in [f for f in handler.filters if isinstance(f, MaskingFilter)]:
            handler.removeFilter(earlier)
        handler.addFilter(masking)


def _secret_values(model: BaseModel) -> list[str]:
    values: list[str] = []
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, SecretStr):
            values.append(value.get_secret_value())
        elif isinstance(value, BaseModel):
            values.extend(_secret_values(value))
    return values
