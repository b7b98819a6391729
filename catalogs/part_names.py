"""Find the parts a customer asks for in a free-text Russian message.

Words are compared by lemma (pymorphy3), so any case or number matches. The
vocabulary lives in ``catalogs/data/parts.toml``; it and the morphological
analyser are created lazily, once per process. When nothing from the vocabulary
is found but the message is plainly a request ("нужен X", "ищу X"), the
customer's own wording is returned with ``known=False`` so no request is lost.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from itertools import product
from pathlib import Path
from typing import TYPE_CHECKING

from catalogs.cars import is_car_word

if TYPE_CHECKING:
    from pymorphy3 import MorphAnalyzer
    from pymorphy3.analyzer import Parse

__all__ = ["PartMention", "extract_parts"]

_DATA = Path(__file__).parent / "data" / "parts.toml"
_TOKEN_RE = re.compile(r"[a-zа-яё0-9]+", re.IGNORECASE)
_SEP_RE = re.compile(r"[,;.!?\n/|()+:]")
_YEAR_OR_VIN_RE = re.compile(r"19[7-9]\d|20\d\d|(?=\w*\d)(?=\w*[a-zа-я])\w{9,}")  # ends a requested phrase
_GAP = 1  # extra words allowed inside a multi-word synonym
_CONJ = frozenset({"и", "или", "а", "либо", "также", "плюс"})
# A requested phrase cannot start with these parts of speech ("надо подумать").
_BAD_HEAD_POS = frozenset({"INFN", "VERB", "NPRO", "ADVB", "PRCL", "CONJ", "PREP", "INTJ", "PRED"})
_NAME_TAGS = frozenset({"Name", "Surn", "Patr", "Geox"})
_SERVICE = frozenset({"то", "техобслуживание"})  # uppercase "ТО" is a service, not the particle


@dataclass(frozen=True)
class PartMention:
    name: str  # normalised Russian name shown to managers, e.g. "колодки тормозные передние"
    words: str  # the customer's own words it came from, e.g. "передние колодки"
    known: bool  # True when matched in the vocabulary, False for the fallback (customer's wording)


@dataclass(frozen=True)
class _Tok:
    text: str  # lowercase, "ё" -> "е"
    raw: str
    start: int
    end: int
    sep: bool  # a punctuation break between this token and the previous one


@dataclass(frozen=True)
class _Qualifier:
    group: str  # "axis" or "side": kinds of one group exclude each other in a name
    words: re.Pattern[str]
    bare: frozenset[str]  # count only after the part or after "на"
    forms: dict[str, str]  # part form -> word shown to managers


@dataclass(frozen=True)
class _Vocab:
    syns: tuple[tuple[str, str, tuple[frozenset[str], ...]], ...]  # (name, form, keys); name "" = ignore
    index: dict[str, tuple[int, ...]]  # lemma -> synonym indices
    prefixes: frozenset[str]  # first 3 letters of every key, to skip parsing other words
    context: dict[str, frozenset[str]]  # word lists from [context] in parts.toml
    quals: dict[str, _Qualifier]  # kind ("front") -> qualifier, in name order


@dataclass
class _Match:
    name: str
    form: str
    pos: tuple[int, ...]  # token indices of the synonym words
    quals: list[int]  # token indices of qualifiers that belong to it


def _norm(word: str) -> str:
    return word.lower().replace("ё", "е")


@lru_cache(maxsize=1)
def _morph() -> MorphAnalyzer:
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=65536)
def _parses(word: str) -> tuple[Parse, ...]:
    return tuple(_morph().parse(word))


@lru_cache(maxsize=65536)
def _lemmas(word: str) -> frozenset[str]:
    """The word and its lemmas; words unlike any vocabulary key are not parsed (speed)."""
    if len(word) <= 3 or word[:3] not in _vocab().prefixes:
        return frozenset({word})
    return frozenset({word} | {_norm(p.normal_form) for p in _parses(word)})


def _key(word: str) -> frozenset[str]:
    """Lemmas a vocabulary word stands for: its nominative readings (else all readings)."""
    parses = _parses(word)
    nominal = {p.normal_form for p in parses if "nomn" in p.tag or p.word == p.normal_form}
    return frozenset({word} | {_norm(w) for w in (nominal or {p.normal_form for p in parses})})


def _tokenize(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    for m in _TOKEN_RE.finditer(text):
        sep = bool(toks) and bool(_SEP_RE.search(text, toks[-1].end, m.start()))
        toks.append(_Tok(_norm(m.group()), m.group(), m.start(), m.end(), sep))
    return toks


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    with _DATA.open("rb") as fh:
        data = tomllib.load(fh)
    groups = [(p["name"], p["form"], p["syn"]) for p in data["part"]] + [("", "pl", data["ignore"]["phrases"])]
    syns: list[tuple[str, str, tuple[frozenset[str], ...]]] = []
    index: dict[str, list[int]] = {}
    for name, form, synonyms in groups:
        for syn in synonyms:
            keys = tuple(_key(t.text) if len(t.text) > 3 else frozenset({t.text}) for t in _tokenize(syn))
            for lemma in set().union(*keys):
                index.setdefault(lemma, []).append(len(syns))
            syns.append((name, form, keys))
    context = {k: frozenset(_norm(w) for w in v) for k, v in data["context"].items()}
    quals = {
        kind: _Qualifier(q["group"], re.compile(q["words"]), frozenset(q["bare"]), q["forms"])
        for kind, q in data["qualifier"].items()
    }
    prefixes = frozenset(k[:3] for k in index)
    return _Vocab(tuple(syns), {k: tuple(v) for k, v in index.items()}, prefixes, context, quals)


def _place(keys: tuple[frozenset[str], ...], i: int, toks: list[_Tok], lem: list[frozenset[str]]) -> tuple[int, ...] | None:
    """Positions of a multi-word synonym whose leftmost word is token i, or None."""
    window: list[int] = []
    for j in range(i + 1, min(len(toks), i + len(keys) + _GAP)):
        if toks[j].sep or toks[j].text in _CONJ:
            break
        window.append(j)
    for first, key in enumerate(keys):
        if not key & lem[i]:
            continue
        used = [i]
        for other in keys[:first] + keys[first + 1 :]:
            spot = next((j for j in window if j not in used and other & lem[j]), None)
            if spot is None:
                break
            used.append(spot)
        else:
            return tuple(sorted(used))
    return None


def _matches(toks: list[_Tok], vocab: _Vocab) -> list[_Match]:
    lem = [_SERVICE if t.raw == "ТО" else _lemmas(t.text) for t in toks]
    found: list[tuple[int, tuple[int, ...]]] = []  # (synonym id, positions)
    for i in range(len(toks)):
        ids = {sid for lemma in lem[i] for sid in vocab.index.get(lemma, ())}
        for sid in sorted(ids):
            keys = vocab.syns[sid][2]
            if pos := (i,) if len(keys) == 1 else _place(keys, i, toks, lem):
                found.append((sid, pos))
    found.sort(key=lambda f: (-len(f[1]), f[1][-1] - f[1][0], f[1][0], f[0]))
    taken: set[int] = set()
    chosen: list[_Match] = []
    for sid, pos in found:
        if taken.isdisjoint(pos):
            taken.update(pos)
            chosen.append(_Match(*vocab.syns[sid][:2], pos, []))
    return sorted(chosen, key=lambda m: m.pos[0])


def _qual(tok: _Tok) -> str | None:
    return next((kind for kind, q in _vocab().quals.items() if q.words.fullmatch(tok.text)), None)


def _run(toks: list[_Tok], start: int, stop: int, step: int) -> list[int]:
    """Qualifier tokens walking from start towards stop (exclusive), glued by "и"/"на"."""
    out: list[int] = []
    j = start
    while j != stop and 0 <= j < len(toks):
        if toks[j if step > 0 else j + 1].sep:
            break
        word, nxt = toks[j].text, j + step
        bare_ok = step > 0 or (j > 0 and toks[j - 1].text == "на")  # "перед" is also a preposition
        kind = _qual(toks[j])
        if kind and (bare_ok or word not in _vocab().quals[kind].bare):
            out.append(j)
        elif not (word in ("и", "на") and nxt != stop and 0 <= nxt < len(toks) and _qual(toks[nxt])):
            break
        j = nxt
    return out


def _assign_qualifiers(toks: list[_Tok], ms: list[_Match]) -> None:
    """Give each match the qualifiers inside it and next to it ("передние колодки", "фара левая")."""
    for m in ms:
        m.quals.extend(j for j in range(m.pos[0], m.pos[-1]) if j not in m.pos and _qual(toks[j]))
    for k in range(len(ms) + 1):
        a = ms[k - 1] if k else None
        b = ms[k] if k < len(ms) else None
        lo = a.pos[-1] if a else -1
        hi = b.pos[0] if b else len(toks)
        lead = _run(toks, lo + 1, hi, 1) if a else []
        trail = _run(toks, hi - 1, lo, -1) if b else []
        if a and set(lead) & set(trail):  # only qualifiers between two parts
            glue = [j for j in range(lo + 1, hi) if toks[j].text == "и"]
            if glue:  # "колодки передние и задние диски"
                split = glue[-1]
            elif any(q < a.pos[0] for q in a.quals):  # "передние колодки задние диски"
                split = lo + 1
            else:  # "колодки передние диски задние"
                split = hi
            lead = [j for j in lead if j < split]
            trail = [j for j in trail if j > split or (j == split and not glue)]
        if a:
            a.quals.extend(lead)
        if b:
            b.quals.extend(trail)


def _named(name: str, form: str, kinds: set[str | None]) -> list[str]:
    """One name per combination: "колодки тормозные передние", "фара передняя левая"."""
    groups: dict[str, list[str]] = {}
    for kind, q in _vocab().quals.items():
        if kind in kinds:
            groups.setdefault(q.group, []).append(q.forms[form])
    return [" ".join([name, *combo]) for combo in product(*groups.values())]


def _is_gent(tok: _Tok) -> bool:
    """Genitive reading first ("стартера"); adjectives may read as animate accusative too."""
    if not tok.text.isalpha():
        return False
    top = _parses(tok.text)[0]
    return "gent" in top.tag or (top.tag.POS == "ADJF" and any("gent" in p.tag for p in _parses(tok.text)))


def _words(text: str, toks: list[_Tok], lo: int, hi: int) -> str:
    return " ".join(text[toks[lo].start : toks[hi].end].lower().split())


def _unknown_head(tok: _Tok | None, vocab: _Vocab) -> bool:
    """A noun we do not know in front of a genitive part: "кронштейн глушителя"."""
    if tok is None or len(tok.text) < 3 or not tok.text.isalpha() or _qual(tok) or is_car_word(tok.text):
        return False
    parses = _parses(tok.text)
    skip = vocab.context["head_keep"] | vocab.context["not_parts"]
    return parses[0].tag.POS == "NOUN" and any(
        p.tag.POS == "NOUN"
        and p.tag.case in ("nomn", "accs")
        and _norm(p.normal_form) not in skip
        and not _NAME_TAGS & p.tag.grammemes
        for p in parses
    )


def _from_vocab(text: str, toks: list[_Tok], vocab: _Vocab) -> list[PartMention]:
    ms = _matches(toks, vocab)
    _assign_qualifiers(toks, ms)
    owned = {j for m in ms for j in (*m.pos, *m.quals)}
    items: list[tuple[int, int, list[PartMention]]] = []  # (first token, last token, mentions)
    for m in ms:
        lo, hi = min([m.pos[0], *m.quals]), max([m.pos[-1], *m.quals])
        head_i = lo - 1 if lo > 0 and not toks[lo].sep else -1
        head = toks[head_i] if head_i >= 0 else None
        if head and items and items[-1][1] == head_i and items[-1][2] and _is_gent(toks[lo]):
            first, _, prev = items[-1]  # "ролик ремня генератора": a modifier of the previous part
            words = _words(text, toks, first, hi)
            items[-1] = (first, hi, [PartMention(p.name if p.known else words, words, p.known) for p in prev])
        elif not m.name or (head and _norm(_parses(head.text)[0].normal_form) in vocab.context["head_drop"]):
            items.append((lo, hi, []))  # "полный привод", "номер двигателя"
        elif head_i not in owned and _unknown_head(head, vocab) and _is_gent(toks[lo]):
            words = _words(text, toks, head_i, hi)
            items.append((head_i, hi, [PartMention(words, words, False)]))
        else:
            words = _words(text, toks, lo, hi)
            names = _named(m.name, m.form, {_qual(toks[j]) for j in m.quals})
            items.append((lo, hi, [PartMention(n, words, True) for n in names]))
    return [p for _, _, mentions in items for p in mentions]


def _request_phrase(text: str, toks: list[_Tok], start: int, ctx: dict[str, frozenset[str]]) -> PartMention | None:
    """The customer's phrase after a request verb, up to the car, VIN or sentence end."""
    j = start
    while j < len(toks) and not toks[j].sep and (toks[j].text in ctx["filler"] or toks[j].text.isdigit()):
        j += 1
    picked: list[int] = []
    while j < len(toks) and len(picked) < 6 and not toks[j].sep:
        word = toks[j].text
        if word in ctx["phrase_stop"] or _YEAR_OR_VIN_RE.fullmatch(word) or is_car_word(word):
            break
        picked.append(j)
        j += 1
    while picked and toks[picked[-1]].text in ctx["filler"] | _CONJ:
        picked.pop()
    if not picked:
        return None
    first = _parses(toks[picked[0]].text)[0]
    if first.tag.POS in _BAD_HEAD_POS or {_norm(first.normal_form), toks[picked[0]].text} & ctx["not_parts"]:
        return None
    if not any(_parses(toks[k].text)[0].tag.POS in ("NOUN", None) for k in picked):
        return None  # "нужна левая", "нужен новый"
    words = _words(text, toks, picked[0], picked[-1])
    return PartMention(" ".join(toks[k].raw.lower() for k in picked), words, False)


def _fallback(text: str, toks: list[_Tok], ctx: dict[str, frozenset[str]]) -> list[PartMention]:
    for t, tok in enumerate(toks):
        if tok.text not in ctx["request_verbs"]:
            continue
        asking = "?" in text or any(nxt.text == "ли" for nxt in toks[t + 1 : t + 2])
        if tok.text == "есть" and not asking:  # "есть" is a request only in a question
            continue
        mention = _request_phrase(text, toks, t + 1, ctx)
        if mention:
            return [mention]
    return []


def extract_parts(text: str) -> list[PartMention]:
    """Parts the customer asks for, in the order written, without duplicates.

    Vocabulary parts come back with ``known=True`` and a normalised name plus
    qualifiers ("колодки тормозные передние"). When none is found but the message
    is a request ("нужен X", "ищу X", "есть X?"), X itself is returned with
    ``known=False``. Greetings, price questions, VIN-only or car-only messages
    give an empty list.
    """
    toks = _tokenize(text)
    if not toks:
        return []
    vocab = _vocab()
    found: dict[str, PartMention] = {}
    for mention in _from_vocab(text, toks, vocab):
        found.setdefault(mention.name, mention)
    return list(found.values()) or _fallback(text, toks, vocab.context)
