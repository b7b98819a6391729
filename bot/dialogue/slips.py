"""A slip put right in the same message: «амортизаторы задние. не, передние», «рычаг левый, ой правый»,
«альмера 2016, ой нет 2017», «кодиак 2019, нет, карок», «колодки. ой, не колодки, а диски»,
«нужна 8200768913, ой нет, 8200768927». The message as meant (the slipped words replaced by the right
ones, the correction itself gone) is what the extractors read, so the request holds what the customer
meant, not both or the first.

Only a correction of something said earlier in the same message counts: «не передний, а задний»
alone corrects the lead (corrections.py), «колодки передние, не задние» says which, and «ой, ещё
диски» adds a part."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from bot.dialogue.corrections import opposites, same_word
from catalogs.cars import car_span, extract_car, year_spans
from catalogs.part_names import names_a_thing
from catalogs.part_numbers import locate_part_numbers
from catalogs.vin import find_vins

# «ой», «ой нет», «нет», «не,» (said for «нет»), «вернее», «точнее», «то есть», «хотя нет», «извините», «а, стоп»
_MARK = re.compile(
    r"(?:[,.!;…—–]+\s*|\s+)(?:ой+|упс|а)?[\s,!.—–]*(?:нет|неа|не(?=\s*[,.!—-])|вернее|точнее|то\s+есть|хотя\s+(?:нет|стоп)|извините|извиняюсь|пардон|сорри|стоп)?"
    r"[\s,.!:—-]+",
    re.IGNORECASE,
)
_NOT_BUT = re.compile(r"не\s+(?P<old>[^,.!?;]{1,30}?)\s*(?:,\s*|\s+|\s*[-—]\s*)а\s+(?P<new>[^,.!?;]{1,40})", re.IGNORECASE)
_WORD = re.compile(r"[\wё-]+", re.IGNORECASE)
_NOT_SIDE = re.compile(r"не\s+(?P<old>[\wё]+)\s*[,—-]?\s*", re.IGNORECASE)  # «не передние, задние»
_SLIP_WORD = re.compile(r"(?:ой+|упс|нет|неа|не|вернее|точнее|то\s+есть|хотя\s+нет|извините|извиняюсь|пардон|сорри|стоп)\b", re.I)
_ALSO = re.compile(r"^\W*(?:тоже|также|еще|ещё|и)\b", re.IGNORECASE)  # «задние нужны, нет, передние тоже»: both
# what follows the side says something of it, so it corrects nothing: «нет, задние не нужны», «нет, задние у
# меня новые», «нет, задние менял недавно»
_SAID_OF_IT = re.compile(r"\bне\b|\bу\s+(?:меня|нас)\b|\w+(?:ял|ил|ел|ал|ыл)[аи]?\b|\bнов\w*|\bв\s+порядке|\bцел\w*", re.I)
_CLAUSE = re.compile(r"[.,;!?\n]")
_DENIED = re.compile(r"\bне\s*$", re.IGNORECASE)
_FOR = re.compile(r"^(?:на|для|у\s+меня)\s+", re.IGNORECASE)  # «на камри, ой нет, на короллу»


# the word putting a slip right said after the right words: «2007, год 2009 точнее» is «2007, точнее год 2009»
_MARK_AFTER = re.compile(r"(?<=[,;]\s)(?P<what>[^,.;!?]{1,25}?)\s+(?P<mark>точнее|вернее)(?=\s*(?:[,.;!?]|$))", re.IGNORECASE)


@lru_cache(maxsize=256)  # read by the understanding and again by the intents' guards (meaning.py)
def as_meant(text: str) -> str:
    """The message with every slip it corrects itself replaced by what the customer meant."""
    text = _MARK_AFTER.sub(r"\g<mark> \g<what>", text)
    for _ in range(3):  # «левый, ой правый ... 2016, ой 2017»: one slip at a time
        fixed = _one_slip(text)
        if fixed is None:
            return text
        text = fixed
    return text


def _one_slip(text: str) -> str | None:
    for mark in _MARK.finditer(text):
        said, rest = text[: mark.start()], text[mark.end() :]
        if not said.strip() or not rest or not _SLIP_WORD.search(mark.group()):
            continue
        for fix in (_not_but, _side, _year, _vin, _number, _car):
            if (fixed := fix(said, rest)) is not None:
                return fixed
        if _RENAMED.search(mark.group()) and (fixed := _part_renamed(said, rest)) is not None:
            return fixed
    return None


_RENAMED = re.compile(r"\b(?:то\s+есть|вернее|точнее)\b", re.IGNORECASE)  # not a bare «ой»: «колодки, ой, диски» may add
_LAST_WORD = re.compile(r"([\wё-]+)\W*$")


def _part_renamed(said: str, rest: str) -> str | None:
    """«нужна глушилка... то есть глушитель, средняя часть»: the thing named again right after it was named is the
    one meant (the first word goes); not when more follows it before the mark («колодки и диски, точнее …»)."""
    last, first = _LAST_WORD.search(said), _WORD.match(rest)
    if last is None or first is None or _ALSO.match(rest) or opposites(first.group()):
        return None
    if not names_a_thing(last.group(1)) or not names_a_thing(first.group()):
        return None
    return f"{said[: last.start(1)]}{rest}"


def _not_but(said: str, rest: str) -> str | None:
    """«колодки. ой, не колодки, а диски»: «диски» where «колодки» was."""
    match = _NOT_BUT.match(rest)
    if not match:
        return None
    return _replace_last(
        said, lambda word: same_word(word.lower(), match["old"].split()[-1].lower()), match["new"].strip(), rest[match.end() :]
    )


def _side(said: str, rest: str) -> str | None:
    """«рычаг левый, ой правый», «колодки передние. ой, не передние, задние»: the side or end said last
    is the other one."""
    denied = _NOT_SIDE.match(rest)
    if (
        denied
        and (after := _WORD.match(rest[denied.end() :]))
        and denied["old"].lower().replace("ё", "е") in opposites(after.group())
    ):
        rest = rest[denied.end() :]
    first = _WORD.match(rest)
    if not first:
        return None
    wrong = set(opposites(first.group()))
    if not wrong or _ALSO.match(rest[first.end() :]) or _SAID_OF_IT.search(_CLAUSE.split(rest[first.end() :], 1)[0]):
        return None
    return _replace_last(said, lambda word: word.lower().replace("ё", "е") in wrong, first.group(), rest[first.end() :])


def _year(said: str, rest: str) -> str | None:
    """«2016, ой нет 2017»: the year said last is the other one."""
    first = re.match(
        r"(?:(?:год|г\.?)\s*)?(19[7-9]\d|20[0-4]\d)\b(?:\s*(?:год\w*|г\.?)(?!\w))?", rest, re.IGNORECASE
    )  # «год 2009»
    spans = year_spans(said)
    if not first or not spans:
        return None
    start, end = spans[-1]
    return f"{said[:start]}{first.group(1)}{said[end:]}{rest[first.end() :]}"


_VIN_AT_END = re.compile(r"\b[A-HJ-NPR-Z0-9]{17}\W*$", re.IGNORECASE)
_VIN_FIRST = re.compile(r"[A-HJ-NPR-Z0-9]{17}\b", re.IGNORECASE)


def _vin(said: str, rest: str) -> str | None:
    """«XTA21140012345678, ой нет, XTA211400C1234567»: the VIN typed last, right after the slip, is the one."""
    rest = _RIGHT_ONE.sub("", rest)
    old, new = _VIN_AT_END.search(said), _VIN_FIRST.match(rest)
    if not old or not new or not find_vins(old.group()) or not find_vins(new.group()):
        return None
    return f"{said[: old.start()]}{rest}"


_RIGHT_ONE = re.compile(r"^(?:(?:вернее|точнее|то\s+есть|правильн\w*|нужен|нужна|нужно|вин|vin)[\s,:—-]*)+", re.IGNORECASE)


def _number(said: str, rest: str) -> str | None:
    """«8200768913, ой нет, 8200768927»: the part number said last, right after the slip, is the other one."""
    rest = _RIGHT_ONE.sub("", rest)
    first = locate_part_numbers(rest)[:1]
    last = locate_part_numbers(said)[-1:]
    if not first or first[0].start != 0 or not last or said[last[0].end :].strip():
        return None
    return f"{said[: last[0].start]}{rest}"


def _car(said: str, rest: str) -> str | None:
    """«кодиак 2019, нет, карок»: the car named is the other one (its year stays)."""
    rest = rest[len(lead.group()) :] if (lead := _FOR.match(rest)) else rest
    words = " ".join(_WORD.findall(rest)[:2])
    new, old = extract_car(words), extract_car(said)
    span = car_span(said)
    if new is None and old is not None and span is not None and re.fullmatch(r"\d{2,4}", words.split()[0] if words else ""):
        first = words.split()[0]  # «пежо 308 2010, а нет, 408»: the model by its number, its make said before
        said_again = extract_car(f"{said[: span[0]]}{first}")
        if said_again is not None and said_again.model not in (None, old.model):
            return f"{said[: span[0]]}{first}{said[span[1] :]}{rest[_char_after_words(rest, first) :]}"
    if new is None or new.model is None or old is None or old.model is None or span is None or new.model == old.model:
        return None
    named = car_span(words)
    if named is None or named[0] != 0:
        return None
    start, end = span
    return f"{said[:start]}{words[: named[1]]}{said[end:]}{rest[_char_after_words(rest, words[: named[1]]) :]}"


def _char_after_words(rest: str, words: str) -> int:
    """Where `words` (the first words of `rest`, spaced apart by single spaces) end in `rest`."""
    at = 0
    for word in words.split():
        at = rest.lower().index(word.lower(), at) + len(word)
    return at


def _replace_last(said: str, wrong: Callable[[str], bool], right: str, after: str) -> str | None:
    """`said` with its last wrong word replaced by `right`, then `after`; None when there is none, or
    when it was denied already («колодки не передние а задние, извините. Задних надо»)."""
    for match in reversed(list(_WORD.finditer(said))):
        if wrong(match.group()):
            if _DENIED.search(said[: match.start()]):
                return None
            before = said[: match.start()]
            if (last := _WORD.findall(before)[-1:]) and right.lower().startswith(last[0].lower() + " "):
                before = before[: before.lower().rindex(last[0].lower())]  # «ремень ГРМ» -> «ремень генератора»
            return f"{before}{right}{said[match.end() :]}{after}"
    return None
