"""Find customers' data and secrets in a log, whatever shape they took on the way there.

found = leaks(log_text, phones=["+79161234567"], secrets=[TOKEN], texts=["нужен стартер"])
assert not found, found     # each item: what leaked, and the line it is on
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import quote, unquote_plus

_SEPARATORS = re.compile(r"[\s().+\-]")


def national_digits(phone: str) -> str:
    """The last ten digits: what every written form of a Russian number shares (+7, 8, 7 or none)."""
    return re.sub(r"\D", "", phone)[-10:]


def leaks(log: str, *, phones: Iterable[str] = (), secrets: Iterable[str] = (), texts: Iterable[str] = ()) -> list[str]:
    """Each phone (in any format: spaces, dashes, brackets, +7/8 prefix, percent-encoded), secret
    (verbatim or percent-encoded) and text (case-insensitive) found in a line of `log`."""
    digits = [national_digits(p) for p in phones]
    secret_forms = [(s, {s, quote(s, safe="")}) for s in secrets]
    lowered = [t.lower() for t in texts]
    found: list[str] = []
    for line in log.splitlines():
        plain = unquote_plus(line)
        squeezed = _SEPARATORS.sub("", plain)
        found += [f"phone {d}: {line}" for d in digits if d in squeezed]
        found += [f"secret {s[:4]}…: {line}" for s, forms in secret_forms if any(f in line or f in plain for f in forms)]
        found += [f"text {t[:20]!r}: {line}" for t in lowered if t in plain.lower()]
    return found
