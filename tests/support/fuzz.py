"""Seeded garbage for the fuzz tests (tests/fuzz/) and `python -m bench.fuzz`: texts no keyboard
types, bodies no platform sends, updates of the wrong shape. Every draw names its kind, so a run can
say how many of each it tried; the same seed draws the same inputs. Images: tests/support/fuzz_images.py.

    inputs = Inputs(seed=19)
    kind, text = inputs.text()                 # "surrogate", "\u0441\u0442\u0430\ud800\u0440\u0442\u0435\u0440"
    kind, raw = inputs.body(example)           # bytes for a JSON endpoint: not JSON, cut short, nested 50,000 deep…
    kind, value = inputs.reshaped(example)     # the example with a part replaced, dropped or added
"""

from __future__ import annotations

import json
import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

HUGE_CHARS = 100_000

# What customers do write, as the base that noise is mixed into: the extractors see near-misses too.
PHRASES = (
    "нужен стартер на камри",
    "колодки передние гранта 2019",
    "VIN JTNBE46K303123456",
    "XTAGFL113KY123456 нужен термостат",
    "кузов NZE121-0123456, фара левая",
    "мой телефон +7 916 123-45-67",
    "сколько стоит? а доставка есть?",
    "не пишите мне больше",
    "удалите мои данные",
    "04152-YZZA1 и 90915-YZZE1",
    "да",
    "нет, всё",
    "спасибо 👍",
)
SPACES = " \t\n\r\u00a0\u1680\u2000\u2003\u2007\u200a\u200b\u2028\u2029\u202f\u205f\u3000\ufeff"
CONTROLS = [chr(c) for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)]]
BIDI = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
RTL_WORDS = ("مرحبا", "قطع غيار", "שלום", "חלקים", "١٢٣٤٥٦٧٨٩٠")
EMOJI = (
    "👍",
    "🚗",
    "🔧",
    "👨\u200d👩\u200d👧\u200d👦",
    "🏳\ufe0f\u200d🌈",
    "🇷🇺",
    "👋🏽",
    "1\ufe0f\u20e3",
    "❤\ufe0f",
    "\U0001fae0",
    "\U000e0067",  # a tag character
)
# Letters a VIN or a phone may be typed in that are not ASCII: fullwidth, mathematical, Cyrillic,
# superscript and other scripts' digits (str.isdigit() is true for most of them, int() is not for all).
LOOKALIKES = {
    "0": ("０", "𝟎", "٠", "०", "⁰", "₀", "О"),
    "1": ("１", "𝟏", "١", "¹", "①", "I"),
    "2": ("２", "²", "২", "𝟐"),
    "3": ("３", "³", "३"),
    "4": ("４", "٤", "₄"),
    "5": ("５", "𝟓", "۵"),
    "6": ("６", "⁶"),
    "7": ("７", "𝟕", "७"),
    "8": ("８", "٨"),
    "9": ("９", "⁹"),
    "A": ("Ａ", "А", "𝐀", "Ⓐ"),
    "E": ("Е", "Ｅ", "𝐄"),
    "K": ("К", "Ｋ", "K"),  # the last is the Kelvin sign
    "T": ("Т", "Ｔ", "𝐓"),
    "X": ("Х", "Ｘ", "✕"),
}
TEXT_KINDS = (
    "empty",
    "blank",
    "control",
    "surrogate",
    "bidi",
    "emoji",
    "combining",
    "any_codepoint",
    "lookalike",
    "shop_noise",
    "huge",
    "many_lines",
)


class Inputs:
    """One seeded stream of fuzz inputs; `big` is the size of the big bodies (the bench sends megabytes)."""

    def __init__(self, seed: int, *, big: int = 100_000) -> None:
        self.random = random.Random(seed)
        self.big = big

    # --- texts ----------------------------------------------------------------------------------
    def text(self, kind: str | None = None) -> tuple[str, str]:
        kind = kind or self.random.choice(TEXT_KINDS)
        return kind, getattr(self, f"_text_{kind}")()

    def texts(self, count: int) -> list[tuple[str, str]]:
        """`count` texts, every kind in turn (so a short run still has them all)."""
        return [self.text(TEXT_KINDS[index % len(TEXT_KINDS)]) for index in range(count)]

    def short_text(self) -> tuple[str, str]:
        """Any kind but the 100 KB ones (for fields that are not a message)."""
        return self.text(self.random.choice([k for k in TEXT_KINDS if k not in ("huge", "many_lines")]))

    def _phrase(self) -> str:
        return self.random.choice(PHRASES)

    def _sprinkle(self, base: str, pool: str | list[str] | tuple[str, ...], share: float = 0.3) -> str:
        out = []
        for char in base:
            out.append(char)
            while self.random.random() < share:
                out.append(self.random.choice(pool))
        return "".join(out)

    def _text_empty(self) -> str:
        return ""

    def _text_blank(self) -> str:
        return "".join(self.random.choice(SPACES) for _ in range(self.random.randint(1, 40)))

    def _text_control(self) -> str:
        text = self._sprinkle(self._phrase(), CONTROLS)
        return self.random.choice(["\x00", "", "\x1b[31m"]) + text

    def _text_surrogate(self) -> str:
        surrogates = [chr(self.random.randint(0xD800, 0xDFFF)) for _ in range(8)]
        return self._sprinkle(self._phrase(), surrogates, 0.2) + self.random.choice(["\ud800", "\udfff", "\ud83d"])

    def _text_bidi(self) -> str:
        words = [self._phrase(), self.random.choice(RTL_WORDS), "JTNBE46K303123456"]
        self.random.shuffle(words)
        return self._sprinkle(" ".join(words), BIDI, 0.15)

    def _text_emoji(self) -> str:
        return (
            self._sprinkle(self._phrase(), EMOJI, 0.2)
            if self.random.random() < 0.6
            else "".join(self.random.choices(EMOJI, k=30))
        )

    def _text_combining(self) -> str:
        marks = [chr(c) for c in [*range(0x300, 0x370), *range(0x1AB0, 0x1AC0), *range(0x20D0, 0x20F0)]]
        base = self._phrase()
        return "".join(char + "".join(self.random.choices(marks, k=self.random.randint(0, 60))) for char in base)

    def _text_any_codepoint(self) -> str:
        pieces = []
        for limit in self.random.choices((0x7F, 0xFFFF, 0x10FFFF), k=3):  # ASCII, the BMP, all planes
            pieces.append("".join(map(chr, self.random.choices(range(limit + 1), k=self.random.randint(0, 100)))))
        return "".join(pieces) or "\U0010ffff"

    def _text_lookalike(self) -> str:
        text = self.random.choice(["VIN XTAGFL113KY123456", "JTNBE46K303123456", "+7 916 123 45 67", "10 000 руб", "2019 год"])
        return "".join(self.random.choice(LOOKALIKES[c]) if c in LOOKALIKES and self.random.random() < 0.5 else c for c in text)

    def _text_shop_noise(self) -> str:
        noise = [
            *CONTROLS[:3],
            *BIDI[:3],
            *EMOJI[:3],
            "\ud800",
            "\u0301",
            "\ufffd",
            "\uffff",
            "\U0010ffff",
            "'",
            '"',
            "\\",
            "%s",
            "{0}",
        ]
        return self._sprinkle(" ".join(self.random.choices(PHRASES, k=3)), noise, 0.1)

    def _text_huge(self) -> str:
        kind = self.random.choice(("control", "surrogate", "emoji", "combining", "any_codepoint", "shop_noise", "plain"))
        piece = "колодки " if kind == "plain" else getattr(self, f"_text_{kind}")()
        return (piece * (HUGE_CHARS // max(1, len(piece)) + 1))[:HUGE_CHARS]

    def _text_many_lines(self) -> str:
        return self.random.choice(["\n", "\r\n", "\r", "\u2028", "\x85"]).join(
            self.random.choices(PHRASES, k=self.random.randint(100, 3000))
        )

    # --- JSON values and bodies ----------------------------------------------------------------------
    def value(self, depth: int = 2) -> Any:
        """Any JSON value (a few levels deep), of any type."""
        roll = self.random.random()
        if depth <= 0 or roll < 0.5:
            return self.random.choice(
                [
                    None,
                    True,
                    False,
                    0,
                    -1,
                    2**63,
                    -(2**64),
                    10**30,
                    1.5,
                    -0.0,
                    1e308,
                    self.short_text()[1],
                    "",
                    "12345",
                    "2026-11-23T08:00:00Z",
                ]
            )
        if roll < 0.75:
            return [self.value(depth - 1) for _ in range(self.random.randint(0, 4))]
        return {self.short_text()[1][:20]: self.value(depth - 1) for _ in range(self.random.randint(0, 4))}

    def body(self, example: dict[str, Any]) -> tuple[str, bytes]:
        """A request body that is not the JSON object `example` is: each kind a way a body goes wrong."""
        good = json.dumps(example, ensure_ascii=False).encode()
        kind = self.random.choice(
            (
                "empty_body",
                "not_json",
                "truncated_json",
                "invalid_utf8",
                "deep_nesting",
                "json_scalar",
                "big_numbers",
                "odd_encoding",
                "big_body",
            )
        )
        if kind == "empty_body":
            return kind, self.random.choice([b"", b" ", b"\n", b"\x00"])
        if kind == "not_json":
            return kind, self.random.choice(
                [
                    self.random.randbytes(self.random.randint(1, 500)),
                    self.short_text()[1].encode("utf-8", "surrogatepass"),
                    b"<xml><message>hi</message></xml>",
                    b"message=hi&session=x",
                    b"{'single': 'quotes'}",
                    b'{"a": 1,}',
                ]
            )
        if kind == "truncated_json":
            return kind, good[: self.random.randint(1, max(1, len(good) - 1))]
        if kind == "invalid_utf8":
            bad = self.random.choice([b"\xff", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\x80"])
            at = self.random.randint(0, len(good))
            return kind, good[:at] + bad + good[at:]
        if kind == "deep_nesting":
            depth = self.random.choice([100, 1_000, 10_000, 100_000])
            opener, closer = self.random.choice([(b"[", b"]"), (b'{"a":', b"}")])
            return kind, opener * depth + b"1" + closer * (depth if self.random.random() < 0.5 else 0)
        if kind == "json_scalar":
            return kind, self.random.choice([b"null", b"true", b"0", b'"text"', b"[]", b"{}", b"[{}]", b"[" + good + b"]"])
        if kind == "big_numbers":
            number = self.random.choice([b"1e999999", b"-0", b"NaN", b"Infinity", b"-Infinity", b"9" * 5000, b"1" + b"0" * 400])
            return kind, good.replace(b"{", b'{"n": ' + number + b", ", 1)
        if kind == "odd_encoding":
            text = json.dumps(example, ensure_ascii=False)
            encoded = self.random.choice(
                [text.encode("utf-16"), text.encode("utf-32"), b"\xef\xbb\xbf" + good, text.encode("cp1251", "replace")]
            )
            return kind, encoded
        # big_body: a valid object made big, or duplicate keys many times over
        if self.random.random() < 0.5:
            return kind, json.dumps({**example, "padding": "x" * self.big}).encode()
        return kind, b"{" + b'"k": 1, ' * (self.big // 8) + good[1:]

    def content_type(self) -> tuple[str, bytes]:
        return "content_type", self.random.choice(
            [
                b"application/json",
                b"text/plain",
                b"application/x-www-form-urlencoded",
                b"multipart/form-data; boundary=xyz",
                b"multipart/form-data",
                b"application/xml",
                b"",
                b"application/json; charset=utf-16",
                b"image/jpeg",
                b"application/json; charset=\xff\xfe",
                b"*/*;;;",
            ]
        )

    # --- wrong shapes -------------------------------------------------------------------------------
    def reshaped(self, example: Any) -> tuple[str, Any]:
        """`example` (a real update or request) with one to three parts of the wrong shape."""
        value = json.loads(json.dumps(example))  # a copy, five times quicker than copy.deepcopy
        kinds = []
        for _ in range(self.random.randint(1, 3)):
            kind, value = self._reshape_once(value)
            kinds.append(kind)
        return "shape:" + kinds[0], value

    def _reshape_once(self, value: Any) -> tuple[str, Any]:
        paths = list(_paths(value))
        kinds, weights = (("replace", "drop", "add", "wrap"), (5, 2, 1, 2)) if paths else (("wrap",), (1,))
        kind = self.random.choices(kinds, weights)[0]
        if kind == "wrap":
            return kind, self.random.choice([[value], {"data": value}, json.dumps(value)])
        path = self.random.choice(paths)
        parent = value
        for step in path[:-1]:
            parent = parent[step]
        last = path[-1]
        if kind == "replace":
            parent[last] = self.value()
        elif kind == "drop":
            del parent[last]
        elif isinstance(parent, dict):
            parent[self.short_text()[1][:30]] = self.value()
        else:
            parent.append(self.value())
        return kind, value


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place inside a JSON value: dict keys and list indexes, depth first."""
    found: list[tuple[Any, ...]] = []
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in items:
        found.append((*prefix, key))
        found.extend(_paths(child, (*prefix, key)))
    return found


@dataclass
class Tally:
    """What a fuzz run tried, per edge and kind, and what went wrong (each with the input's kind)."""

    tried: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)

    def count(self, edge: str, kind: str) -> None:
        self.tried[f"{edge} {kind}"] += 1

    def fail(self, edge: str, kind: str, what: str) -> None:
        """`what` may quote the input: kept printable (a lone surrogate cannot be written to a terminal)."""
        self.failures.append(f"{edge} {kind}: {what}".encode("utf-8", "backslashreplace").decode("utf-8"))

    @property
    def total(self) -> int:
        return sum(self.tried.values())

    def merge(self, other: Tally) -> None:
        self.tried.update(other.tried)
        self.failures.extend(other.failures)

    def report(self) -> str:
        lines = [f"{name:<48} {count:>7}" for name, count in sorted(self.tried.items())]
        lines.append(f"{'total':<48} {self.total:>7}")
        lines += [f"FAILED {failure}" for failure in self.failures[:50]]
        if len(self.failures) > 50:
            lines.append(f"... and {len(self.failures) - 50} more failures")
        return "\n".join(lines)
