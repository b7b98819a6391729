"""Find the parts a customer asks for in a free-text Russian message.

Words are compared by lemma (pymorphy3), so any case or number matches. The
vocabulary lives in ``catalogs/data/parts.toml``; it and the morphological
analyser are created lazily, once per process. A part asked for in other words
("нужен X", "и ещё X", "X тоже", "X, если есть") is returned in the customer's
own wording with ``known=False`` so no request is lost; only the noun group is
taken ("молдинг двери", not "молдинг двери на камри 2015"). Part numbers
(``catalogs.part_numbers``) are attached to the part next to them."""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise, product
from pathlib import Path
from typing import TYPE_CHECKING

from catalogs.cars import car_span, extract_cars, is_car_word
from catalogs.edits import one_typo
from catalogs.makers import AFTERMARKET_MAKERS
from catalogs.morphology import is_known_word
from catalogs.morphology import morph as _morph
from catalogs.part_numbers import PartNumber, locate_part_numbers
from catalogs.part_specs import BARE_COUNT_WORDS, LIGHT_KIND, SPEC_KINDS, count_alone, count_said, find_specs, is_brand, joined

if TYPE_CHECKING:
    from pymorphy3.analyzer import Parse

__all__ = ["PartMention", "extract_parts", "is_known_word"]

_DATA = Path(__file__).parent / "data" / "parts.toml"
_TOKEN_RE = re.compile(r"[a-zа-яё0-9]+", re.IGNORECASE)
_SEP_RE = re.compile(r"[,;.!?\n/|()+:]")
_YEAR_OR_VIN_RE = re.compile(r"19[7-9]\d|20\d\d|(?=\w*\d)(?=\w*[a-zа-я])\w{9,}")  # ends a requested phrase
_GAP = 1  # extra words allowed inside a multi-word synonym
_CONJ = frozenset({"и", "или", "а", "либо", "также", "плюс"})
_WITH = frozenset({"с", "со", "без"})  # with a noun after it that is no «from» («сальник с коленвала»): never in a name


def _with_another(toks: list[_Tok], j: int) -> bool:
    """«с фильтром», «без датчиков»: what comes after is another thing, not where this one is from."""
    if toks[j].text not in _WITH:
        return False
    if toks[j].text == "без" or j + 1 >= len(toks):
        return True
    return _with_it(toks[j + 1].text)


def _with_it(word: str) -> bool:
    """«(с) фильтром»: with it; «(с) коленвала», «коробки», «шруса» (a genitive reading, or no reading): from it."""
    parses = _parses(word) if word.isalpha() else []
    return any("ablt" in p.tag for p in parses) and not any("gent" in p.tag for p in parses)


_OPENERS = frozenset({"и", "плюс"})  # "и X" opening a message adds X ("а X" is as often small talk)
# A requested phrase cannot start with these parts of speech ("надо подумать").
_BAD_HEAD_POS = frozenset({"INFN", "VERB", "NPRO", "ADVB", "PRCL", "CONJ", "PREP", "INTJ", "PRED"})
_NAME_TAGS = frozenset({"Name", "Surn", "Patr", "Geox"})
_SERVICE = frozenset({"то", "техобслуживание"})  # uppercase "ТО" is a service, not the particle


@dataclass(frozen=True)
class PartMention:
    name: str  # normalised Russian name shown to managers, e.g. "колодки тормозные передние"
    words: str  # the customer's own words it came from, e.g. "передние колодки"
    known: bool  # True when matched in the vocabulary, False for the customer's own wording
    number: str | None = None  # the OEM/article number typed next to it, verbatim ("04152-YZZA1")
    spec: str | None = None  # what it is to be, as shops write it: "5W-30, 4 л", "205/55 R16" (part_specs.py)
    denied: bool = False  # said not to be needed: «пружины не нужны», «не надо радиатор», «уберите фильтр»


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
    written: frozenset[str]  # the parts' synonyms as parts.toml writes them (lowercase)
    specs: dict[str, frozenset[str]]  # part name -> the kinds of spec it has («масло моторное»: viscosity, volume)
    sides: frozenset[str]  # the words a side or axle adds to a name («передние», «левая», …)
    senses: tuple[_Sense, ...]  # a bare name meaning another part beside certain parts («диск» by the clutch)
    pieces: frozenset[str]  # parts named in the plural that are also bought one at a time («амортизатор»)
    heads: dict[str, frozenset[str]]  # such a part -> its synonyms' first nouns' keys («дворник», «щётка»)


@dataclass(frozen=True)
class _Sense:
    name: str  # the part the bare words are read as
    words: frozenset[str]  # the bare words
    beside: frozenset[str]  # parts that, named in the same message, make them mean…
    unless: frozenset[str]  # (but not beside these)
    means: str  # …this part


@dataclass
class _Match:
    name: str
    form: str
    pos: tuple[int, ...]  # token indices of the synonym words
    quals: list[int]  # token indices of qualifiers that belong to it


def _norm(word: str) -> str:
    return word.lower().replace("ё", "е")


@lru_cache(maxsize=65536)
def _parses(word: str) -> tuple[Parse, ...]:
    return tuple(_morph().parse(word))


def parses(word: str) -> tuple[Parse, ...]:
    """pymorphy3's readings of a lowercase word, most likely first (cached)."""
    return _parses(word)


@lru_cache(maxsize=65536)
def _lemmas(word: str) -> frozenset[str]:
    """The word and its lemmas; words unlike any vocabulary key are not parsed (speed). A word the
    dictionary does not know, one typo away from a part's word, stands for that word too."""
    if len(word) <= 3:
        return frozenset({word})
    vocab = _vocab()
    lemmas = {word}
    if word[:3] in vocab.prefixes:
        lemmas |= {_norm(p.normal_form) for p in _parses(word)}
        if not lemmas.isdisjoint(vocab.index):
            return frozenset(lemmas)
    typo = _typo_of(word)
    return frozenset(lemmas | {typo} if typo else lemmas)


_CYRILLIC_WORD = re.compile(r"[а-яё]+")
_TYPO_MIN = 5  # letters: shorter words are too near each other to tell a typo from another word


@lru_cache(maxsize=1)
def _typo_keys() -> dict[int, tuple[str, ...]]:
    """The one-word synonyms as parts.toml writes them, by length, those long enough to be recognised
    with a typo (not the words of longer synonyms: «соляри» is Solaris cut short, not «фильтр солярки»)."""
    by_length: dict[int, list[str]] = {}
    for word in _vocab().written:
        if len(word) >= _TYPO_MIN and _CYRILLIC_WORD.fullmatch(word) and word in _vocab().index:
            by_length.setdefault(len(word), []).append(word)
    return {n: tuple(sorted(keys)) for n, keys in by_length.items()}


def _typo_of(word: str) -> str | None:
    """The vocabulary word `word` was meant to be («калотки», «амортизвторы», «генертор»): one letter
    changed, dropped, added or two swapped, the first kept, when neither the dictionary nor the car
    catalogue knows `word` and one vocabulary word is that close, or several of one part."""
    # Cyrillic only: a word in Latin letters is read as Russian typed in them first («filtr»)
    if len(word) < _TYPO_MIN or not _CYRILLIC_WORD.fullmatch(word) or is_known_word(word) or is_car_word(word):
        return None
    keys = _typo_keys()
    near = (k for n in (len(word) - 1, len(word), len(word) + 1) for k in keys.get(n, ()))
    # the first letter is kept («дарова» is a greeting, not «шарова»; «балонный» a wrench, not «салонный»),
    # and in a short word the last too («стопэ» is «стоп», not «стопы»)
    close = [k for k in near if k[0] == word[0] and (len(word) >= 7 or k[-1] == word[-1]) and one_typo(word, k)]
    vocab = _vocab()
    shared = set.intersection(*({vocab.syns[i][0] for i in vocab.index[k]} for k in close)) if close else set()
    return close[0] if len(close) == 1 or shared else None


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


def _first_noun(synonym: str) -> frozenset[str]:
    """The keys of a synonym's first noun: «дворник» of «щетки дворников» is «щетка», of «тормозной диск» «диск»."""
    for tok in _tokenize(synonym):
        if (parses := _parses(tok.text)) and parses[0].tag.POS == "NOUN":
            return _key(tok.text)
    return frozenset()


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
    ends = ("phrase_stop", "filler", "request_verbs", "request_more", "request_after")
    context["phrase_end"] = frozenset().union(*(context[k] for k in ends)) | _CONJ | {"если", "не"}
    quals = {
        kind: _Qualifier(q["group"], re.compile(q["words"]), frozenset(q["bare"]), q["forms"])
        for kind, q in data["qualifier"].items()
    }
    prefixes = frozenset(k[:3] for k in index)
    written = frozenset(_norm(syn) for part in data["part"] for syn in part["syn"])
    specs = {part["name"]: frozenset(part.get("specs", ())) for part in data["part"]}
    sides = frozenset(form for q in quals.values() for form in q.forms.values())
    senses = tuple(
        _Sense(
            sense["name"],
            frozenset(sense["words"]),
            frozenset(sense["beside"]),
            frozenset(sense.get("unless", ())),
            sense["means"],
        )
        for sense in data.get("sense", ())
    )
    pieces = frozenset(part["name"] for part in data["part"] if part.get("piece"))
    heads = {
        name: frozenset().union(*(_first_noun(syn) for syn in part["syn"]))
        for part in data["part"]
        if (name := part["name"]) in pieces
    }
    return _Vocab(
        tuple(syns),
        {k: tuple(v) for k, v in index.items()},
        prefixes,
        context,
        quals,
        written,
        specs,
        sides,
        senses,
        pieces,
        heads,
    )


def _place(keys: tuple[frozenset[str], ...], i: int, toks: list[_Tok], lem: list[frozenset[str]]) -> tuple[int, ...] | None:
    """Positions of a multi-word synonym whose leftmost word is token i, or None."""
    window: list[int] = []
    for j in range(i + 1, min(len(toks), i + len(keys) + _GAP)):
        if toks[j].sep or toks[j].text in _CONJ or _with_another(toks, j):  # «масло с фильтром» is two parts
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


_QUAL_GLUE = frozenset({"и", "на", "тоже", "также", "еще", "нужны", "нужен", "нужна", "нужно", "надо"})
_COUNT = re.compile(r"\d{1,4}|шт|штук[аи]?|пар[аыу]|комплект[аов]*|одн[ау]|один|две|два|четыре|об[аеи]|обоих")


def _glue(word: str) -> bool:
    return word in _QUAL_GLUE or word in _CAR_GLUE or is_brand(word) or _COUNT.fullmatch(word) is not None or is_car_word(word)


# the car said between a part and its side, beyond its make and model: «для …», a body, a trim
_CAR_GLUE = frozenset(
    {"для", "for", "on", "седан", "хэтчбек", "хетчбек", "универсал", "лифтбек", "кроссовер", "прайм", "рестайлинг"}
)


# what a side is denied with: «задние не нужны», «передние не ставить», «не меняем», «не трогаем» (not «не оригинал»)
_DENYING = ("нуж", "над", "треб", "став", "мен", "трог", "бер", "бра", "взя", "заказ")


def _glues(toks: list[_Tok], j: int, stop: int, step: int) -> bool:
    """Glue words from `j` on lead to a qualifier in the same clause: one word of any glue, then
    counts («и 2 задних»); walking forward, up to seven glue words of any kind («нужны и передние»,
    «на гранту 2016 передние», «для киа соренто прайм 2016 и задние»)."""
    for k in range(j, j + (5 if step < 0 else 8) * step, step):
        if k == stop or not 0 <= k < len(toks) or (k != j and toks[k if step > 0 else k + 1].sep):
            return False
        if k != j and _qual(toks[k]):
            denied = k + 2 < len(toks) and toks[k + 1].text == "не" and toks[k + 2].text.startswith(_DENYING)
            if step > 0 and k - j > 3 and denied:
                return False  # «колодки для рио седан 2015 задние не нужны»: the side denied, said of itself
            # walking back over «и» («2 передних и 2 задних»), only to a qualifier no part owns before it
            before = toks[k - 1] if k > 0 else None  # «передняя правая и левая стойка»: a qualifier, no part, before
            return step > 0 or toks[k + 1].text != "и" or before is None or bool(_qual(before)) or not _names_a_part(before.text)
        counts = _COUNT.fullmatch(toks[k].text) or (k != j and toks[k].text == "и" and _COUNT.fullmatch(toks[k - step].text))
        # «газель некст», «ниву 21214»: a word or a model's number after the car
        after_the_car = (
            step > 0 and k > 0 and is_car_word(toks[k - 1].text) and (toks[k].text.isalpha() or toks[k].text.isdigit())
        )
        if not (_glue(toks[k].text) or after_the_car if k == j or step > 0 else counts):
            return False
    return False


def _names_a_part(word: str) -> bool:
    """A word a part's name can be («4» is only in «dot 4»: a count)."""
    return not word.isdigit() and any(lemma in _vocab().index for lemma in _lemmas(word))


def _run(toks: list[_Tok], start: int, stop: int, step: int) -> list[int]:
    """Qualifier tokens walking from start towards stop (exclusive), glued by "и"/"на"."""
    out: list[int] = []
    j = start
    while j != stop and 0 <= j < len(toks):
        if toks[j if step > 0 else j + 1].sep and not (out and step > 0 and toks[j].text == "и" and _glues(toks, j, stop, step)):
            break  # a clause ends the run, unless it goes on «…и передние, и задние»
        word, nxt = toks[j].text, j + step
        if step > 0 and out and word in ("с", "со", "без") and j + 1 != stop and j + 1 < len(toks) and _a_thing(toks[j + 1].text):
            j += 2  # «зеркало левое с подогревом и правое»: what the part is to have, said between its sides
            continue
        bare_ok = step > 0 or (j > 0 and toks[j - 1].text == "на")  # "перед" is also a preposition
        kind = _qual(toks[j])
        if kind and (bare_ok or word not in _vocab().quals[kind].bare):
            out.append(j)
        elif not _glues(toks, j, stop, step):
            break  # glued by «и», «на», «тоже», a brand or a count: «амортизаторы каяба задние», «2 передних и 2 задних»
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
        if a and lead and any(toks[x].text not in _QUAL_GLUE for x in range(lo + 1, lead[0])):  # over a car, year, count
            sided = _norm(a.name) in _vocab().context["sided"]
            lead = [j for j in lead if sided and not (b and _opens(toks, j, hi))]  # not «масло на весту 2 задних амортизатора»
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
        if a and lead and k >= 2 and _goes_with(toks, ms[k - 2], a):
            a = ms[k - 2]  # «колодки передние с датчиком износа и задние»: rear pads, not a rear sensor
        if a:
            a.quals.extend(lead)
        if b:
            b.quals.extend(trail)
    _share_leading(toks, ms)


def _goes_with(toks: list[_Tok], head: _Match, extra: _Match) -> bool:
    """Whether `extra` is said as what `head` comes with («колодки с датчиком износа»): a part that has
    no side of its own after «с», beside one that has."""
    sided = _vocab().context["sided"]
    with_ = extra.pos[0] > 0 and toks[extra.pos[0] - 1].text in ("с", "со")
    return with_ and _norm(extra.name) not in sided and _norm(head.name) in sided


def _opens(toks: list[_Tok], j: int, hi: int) -> bool:
    """Whether the qualifier at `j` opens the part at `hi` («… на весту 2 задних амортизатора»): only
    qualifiers and counts between, and no «на»/«в» before it («пыльники на задние стойки» says where)."""
    if not all(_qual(toks[x]) or _COUNT.fullmatch(toks[x].text) for x in range(j, hi)) or any(
        toks[x].sep for x in range(j + 1, hi + 1)
    ):
        return False
    before = j - 1
    while before >= 0 and (_qual(toks[before]) or _COUNT.fullmatch(toks[before].text)):
        before -= 1
    return before < 0 or toks[before].text not in _PLACE_PREPOSITIONS | {"для", "к"}


_SIDES_OF_THEIR_OWN = frozenset({"ШРУС", "пыльник ШРУСа", "привод (полуось)"})  # «передние аммики и граната»: the joint's own


def _share_leading(toks: list[_Tok], ms: list[_Match]) -> None:
    """«задние колодки и диски», «передние амортизаторы и пружины»: sides said before the first of two
    parts joined by «и» are the second's too, when both are parts that have sides and it has none; said after
    the last of them («диски и колодки передние»), the first's too."""
    sided = _vocab().context["sided"]
    for a, b in pairwise(ms):
        leading = [j for j in a.quals if j < a.pos[0]]
        between = range(a.pos[-1] + 1, b.pos[0] + 1)
        joined = [toks[j].text for j in between][:-1] == ["и"] and not any(toks[j].sep for j in between)
        shares = _norm(a.name) in sided and _norm(b.name) in sided and b.name not in _SIDES_OF_THEIR_OWN
        if leading and joined and not b.quals and shares:
            b.quals.extend(leading)
        # «диски и колодки передние»: sides said after the second are the first's too, when it has none
        trailing = [j for j in b.quals if j > b.pos[-1]]
        if trailing and joined and not a.quals and shares and a.name not in _SIDES_OF_THEIR_OWN:
            a.quals.extend(trailing)


def _qualified(toks: list[_Tok], quals: list[int]) -> list[tuple[set[str | None], list[int]]]:
    """The qualifier kinds of each line a match makes, with the qualifiers' tokens: one line per
    combination joined by «и» when each names the same groups («колодки передние и задние», «рычаг
    верхний правый и нижний левый» — two arms, not four); else one set whose combinations `_named`
    spells («фары левая и правая передние»)."""
    lines: list[tuple[set[str | None], list[int]]] = [(set(), [])]
    for previous, j in zip([None, *sorted(quals)], sorted(quals), strict=False):
        if previous is not None and any(toks[k].text == "и" for k in range(previous + 1, j)):
            lines.append((set(), []))
        lines[-1][0].add(_qual(toks[j]))
        lines[-1][1].append(j)
    groups = [[_vocab().quals[kind].group for kind in kinds if kind] for kinds, _ in lines]
    said = Counter(group for line in groups for group in line)
    if all(len(set(line)) == len(line) for line in groups) and all(n in (1, len(lines)) for n in said.values()):
        # a group said once is shared by every line: «фары левая и правая передние», «стойка передняя левая и правая»
        shared = {kind for kinds, _ in lines for kind in kinds if kind and said[_vocab().quals[kind].group] == 1}
        return [(kinds | shared if len(lines) > 1 else kinds, tokens) for kinds, tokens in lines]
    return [({kind for kinds, _ in lines for kind in kinds}, sorted(quals))]


def _named(name: str, form: str, kinds: set[str | None]) -> list[str]:
    """One name per combination: "колодки тормозные передние", "фара передняя левая"."""
    groups: dict[str, list[str]] = {}
    for kind, q in _vocab().quals.items():
        if kind in kinds:
            groups.setdefault(q.group, []).append(q.forms[form])
    return [" ".join([name, *combo]) for combo in product(*groups.values())]


def _named_alone(toks: list[_Tok], m: _Match) -> bool:
    """A part said by one adjective that reads first as a nominative («корзина диск выжимной»: the release bearing,
    not the disc's «выжимной» of a feminine noun)."""
    if len(m.pos) != 1 or m.quals:
        return False
    top = _parses(toks[m.pos[0]].text)[0]
    return top.tag.POS == "ADJF" and "nomn" in top.tag


def _is_gent(tok: _Tok) -> bool:
    """Genitive reading first ("стартера"); adjectives may read as animate accusative too."""
    if not tok.text.isalpha():
        return False
    top = _parses(tok.text)[0]
    return "gent" in top.tag or (top.tag.POS == "ADJF" and any("gent" in p.tag for p in _parses(tok.text)))


# a part declined just before «только X»: what is wanted instead («трубки не надо, только осушитель»)
_DENIED_BEFORE_ONLY = re.compile(r"\bне\s+(?:надо|нужн\w*|нужен|требуется)\W+(?:\w+\W+)?$", re.IGNORECASE)
_PLACE_PREPOSITIONS = frozenset({"в", "во", "на", "под", "над"})
_PLACE_CASES = frozenset({"loct", "loc2", "ablt"})


def _a_place(toks: list[_Tok], first: int, nouns: Sequence[int]) -> bool:
    """«вин на стойке», «на лобовом стекле табличка», «руки в масле», «гремит под капотом»: a part
    in the locative or instrumental after «на», «в», «под» says where, it is not asked for («в стойку»,
    «на стойки», «нуждаюсь в дисках» and «заеду за колодками» are)."""
    at = first if toks[first].text in _PLACE_PREPOSITIONS else first - 1
    if at < 0 or toks[at].text not in _PLACE_PREPOSITIONS or (at < first and toks[first].sep):
        return False
    if at > 0 and _norm(_parses(toks[at - 1].text)[0].normal_form) == "нуждаться":
        return False
    cases = [_noun_cases(toks[i].text) for i in nouns]
    cases = [c for c in cases if c]  # «в коробке масло»: «масло» is asked for, so the mention is no place
    return bool(cases) and all(c & _PLACE_CASES and not c & {"nomn", "accs", "gent"} for c in cases)


def _noun_cases(word: str) -> set[str]:
    """The cases `word` may be in as a noun — or as the adjective said for its noun («на лобовом» for «на лобовом
    стекле»)."""
    parses = _parses(word)
    return {p.tag.case for p in parses if p.tag.POS == "NOUN"} or {p.tag.case for p in parses if p.tag.POS == "ADJF"}


_DESTINATIONS = {"в": "accs", "во": "accs", "на": "accs", "под": "accs", "для": "gent", "к": "datv", "ко": "datv"}
_DESTINATION_GAP = 3  # words between a part and «в …» («лампа H7 2 шт в фару»)
_ASKED_TOO = frozenset({"тоже", "также", "еще", "надо", "нужны", "нужен", "нужна"})
_COUNT_OR_SPEC = re.compile(r"\w*\d\w*|шт|штук[аи]?|пару|пара|одну|одна|две|два|оба|обе|л|литр\w*")


def _a_destination(toks: list[_Tok], lo: int, nouns: Sequence[int], items: list[_Item]) -> bool:
    """«лампа H7 в фару», «свечи в двигатель», «пыльник на шрус», «крышка для бачка»: a part right after
    another, with «в», «на», «под», «для» between, is where that one goes, not asked for itself; also
    «ступица в сборе с подшипником», one part with what it comes with."""
    at = lo - 1
    if at < 1 or toks[lo].sep or not items or not any(p.known for p in items[-1].mentions):
        return False
    prep = toks[at].text
    if prep in ("с", "со") and at >= 2 and (toks[at - 2].text, toks[at - 1].text) == ("в", "сборе"):
        return not toks[at - 2].sep
    after = nouns[-1] + 1
    if prep in ("с", "со") and after + 1 < len(toks) and (toks[after].text, toks[after + 1].text) == ("в", "сборе"):
        return not toks[lo].sep and at - 1 == items[-1].hi  # «ступица с подшипником в сборе»
    if prep not in _DESTINATIONS or not 0 < at - items[-1].hi <= _DESTINATION_GAP + 1:
        return False
    between = toks[items[-1].hi + 1 : at]  # only a spec or a count: «лампа H7 2 шт в фару», not «…и на диски»
    if any(t.sep for t in toks[items[-1].hi + 1 : lo]) or not all(_COUNT_OR_SPEC.fullmatch(t.text) for t in between):
        return False
    if nouns[-1] + 1 < len(toks) and toks[nouns[-1] + 1].text in _ASKED_TOO:  # «колодки 2 шт на диски тоже надо»
        return False
    case = _DESTINATIONS[prep]
    return all(any(p.tag.POS == "NOUN" and p.tag.case == case for p in _parses(toks[i].text)) for i in nouns[:1])


def _words(text: str, toks: list[_Tok], lo: int, hi: int) -> str:
    return " ".join(text[toks[lo].start : toks[hi].end].lower().split())


def _unknown_head(tok: _Tok | None, vocab: _Vocab) -> bool:
    """A noun we do not know in front of a genitive part: "кронштейн глушителя"."""
    if tok is None or len(tok.text) < 3 or not tok.text.isalpha() or _qual(tok) or is_car_word(tok.text):
        return False
    if tok.text in vocab.context["filler"]:  # «пжлст фильтра»: a «please», no part of the filter
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


@dataclass
class _Item:
    lo: int  # first and last token of the customer's words
    hi: int
    mentions: list[PartMention]
    claims: bool  # its words are settled (a known part, or a phrase to ignore); requests cannot take them


def _vocab_item(lo: int, hi: int, mentions: list[PartMention]) -> _Item:
    return _Item(lo, hi, mentions, not mentions or any(p.known for p in mentions))


def _from_vocab(text: str, toks: list[_Tok], vocab: _Vocab) -> list[_Item]:
    ms = _matches(toks, vocab)
    _assign_qualifiers(toks, ms)
    ms = [_sided_drive(toks, m) for m in ms]
    owned = {j for m in ms for j in (*m.pos, *m.quals)}
    items: list[_Item] = []
    places: list[int] = []  # the items that say where, not what
    for m in ms:
        lo, hi = min([m.pos[0], *m.quals]), max([m.pos[-1], *m.quals])
        head_i = lo - 1 if lo > 0 and not toks[lo].sep else -1
        head = toks[head_i] if head_i >= 0 else None
        if head and items and items[-1].hi == head_i and items[-1].mentions and _is_gent(toks[lo]) and not _named_alone(toks, m):
            prev = items[-1]  # "ролик ремня генератора": a modifier of the previous part
            words = _words(text, toks, prev.lo, hi)
            items[-1] = _vocab_item(
                prev.lo, hi, [PartMention(p.name if p.known else words, words, p.known) for p in prev.mentions]
            )
        elif not m.name or (head and _norm(_parses(head.text)[0].normal_form) in vocab.context["head_drop"]):
            items.append(_vocab_item(lo, hi, []))  # "полный привод", "номер двигателя"
        elif places and places[-1] == len(items) - 1 and items[-1].hi == head_i and _is_gent(toks[lo]):
            items[-1] = _vocab_item(items[-1].lo, hi, [])  # "на стойке двери": the door's pillar, still a place
        elif _a_place(toks, lo, m.pos):
            places.append(len(items))
            items.append(_vocab_item(lo, hi, []))  # "вин на стойке", "под капотом"
        elif _a_destination(toks, lo, m.pos, items):
            items.append(_vocab_item(lo, hi, []))  # "лампа в фару": where the lamp goes
        elif head_i not in owned and _unknown_head(head, vocab) and _is_gent(toks[lo]):
            # «кронштейн бампера на рапид правый»: the words of the part and its qualifiers, not the car between
            words = _words(text, toks, head_i, hi)
            if any(is_car_word(toks[j].text) for j in range(m.pos[-1] + 1, hi)):
                words = " ".join([_words(text, toks, head_i, m.pos[-1]), *(toks[j].text for j in m.quals if j > m.pos[-1])])
            items.append(_vocab_item(head_i, hi, [PartMention(words, words, False)]))
        else:
            words = _words(text, toks, lo, hi)
            lines = _qualified(toks, m.quals)
            for i, (kinds, quals) in enumerate(lines):  # each line its own span: a number after it is its own
                first = lo if i == 0 else max(lines[i - 1][1]) + 1
                last = hi if i == len(lines) - 1 else max(max(quals), m.pos[-1] if i == 0 else first)
                names = _named(m.name, m.form, kinds)
                said = words if i == 0 else _words(text, toks, min(quals), max(quals))  # where it was said
                items.append(_vocab_item(first, last, [PartMention(n, said, True) for n in names]))
    return items


def _sided_drive(toks: list[_Tok], m: _Match) -> _Match:
    """«правый передний привод»: a drive said with its side is the drive shaft on that end, not how the car is
    driven («передний привод»)."""
    drive = [i for i in m.pos if toks[i].text == "привод"]
    if m.name or not m.quals or len(m.pos) != 2 or len(drive) != 1:
        return m
    return _Match("привод (полуось)", "m", (drive[0],), sorted([*m.quals, *(i for i in m.pos if i != drive[0])]))


# --- Requests in the customer's own words: "нужен X", "и ещё X", "X тоже", "X, если есть" -----------


@dataclass(frozen=True)
class _Phrase:
    picked: tuple[int, ...]  # tokens of the noun group
    head: int  # its head noun
    stop: int  # the token where reading stopped (len(toks) at the end)


def _head_noun(word: str, ctx: dict[str, frozenset[str]]) -> bool:
    """A thing that can be asked for: an inanimate common noun, not a shop word ("доставка")."""
    parses = _parses(word)
    nouns = [p for p in parses if p.tag.POS == "NOUN"]
    if parses[0].tag.POS != "NOUN" or is_car_word(word) or {word, *(_norm(p.normal_form) for p in nouns)} & ctx["not_parts"]:
        return False
    return any("inan" in p.tag and not _NAME_TAGS & p.tag.grammemes for p in nouns)


def names_a_thing(text: str) -> bool:
    """Whether the words could name a part at all: some inanimate noun that is no shop word
    («бачок гур» could; «мне нужно забрать заказ», «ну давай» cannot)."""
    ctx = _vocab().context
    return any(_head_noun(tok.text, ctx) for tok in _tokenize(text))


def tells_a_symptom(text: str) -> bool:
    """«там тормоза спереди что-то скрипят», «стучит справа»: what the car does (a verb in the present or
    past), not what to buy — the manager reads it as the customer's words about the fault."""
    tags = [_parses(tok.text)[0].tag for tok in _tokenize(text) if tok.text.isalpha()]
    return any(tag.POS == "VERB" and {"pres", "past"} & tag.grammemes for tag in tags)


# what a car does wrong, told instead of a part: the manager picks the part by it
_FAULT = re.compile(
    r"\b(?:стуч\w*|стук\w*|скрип\w*|гуд(?:ит|ят|ел)|гул\b|во(?:ет|ют)|свист\w*|теч[её]т|текут|потек\w*|подтека\w*"
    r"|тро(?:ит|ят)|д[её]рга\w*|не\s+заводится|глохнет|дым(?:ит|ят)|перегрева\w*|вибрир\w*|тряс[её]т|уводит"
    r"|не\s+крут(?:ит|ят)|щ[её]лка\w*|хруст\w*|пина\w*|мига\w*"
    r"|не\s+(?:гор(?:ит|ят)|работа(?:ет|ют)|включа(?:ется|ются)|гре(?:ет|ют)|ду(?:ет|ют)|тормоз(?:ит|ят))"
    r"|горит\s+(?:чек|ошибк\w*|лампа))",
    re.IGNORECASE,
)
_NOT_TOLD = re.compile(r"\?|\b(?:знаю|помню|понимаю|подскажите|скажите)\b", re.IGNORECASE)


def fault_told(text: str) -> str | None:
    """The clauses of a message that tell what the car does wrong, in the customer's words (no car, no
    question in them), or None."""
    clauses = [c.strip(" .!\n") for c in re.split(r"[,.;!\n]", text)]
    told = [c for c in clauses if _FAULT.search(c) and not _NOT_TOLD.search(c) and not extract_cars(c)]
    return ", ".join(told)[:200] or None


def _modifier(tok: _Tok) -> bool:
    """A word that may follow the head: an adjective, a genitive noun, a code ("гур", "abs")."""
    if tok.text.isascii():
        return tok.text.isalpha()
    parses = _parses(tok.text)
    top = parses[0].tag
    if "Apro" in top:
        return False  # "этот", "любой", "один"
    return top.POS in ("ADJF", "PRTF") or "UNKN" in top or any(p.tag.POS == "NOUN" and p.tag.case == "gent" for p in parses)


def _ends_phrase(tok: _Tok, ctx: dict[str, frozenset[str]]) -> bool:
    word = tok.text
    return word in ctx["phrase_end"] or bool(_YEAR_OR_VIN_RE.fullmatch(word)) or word.isdigit() or is_car_word(word)


def _skipped(tok: _Tok, ctx: dict[str, frozenset[str]]) -> bool:
    """Words before the noun group: "надо 2 заглушки", "нужна любая эмблема", "ещё пару"."""
    return tok.text in ctx["filler"] or tok.text.isdigit() or "Apro" in _parses(tok.text)[0].tag


def _noun_group(toks: list[_Tok], start: int, ctx: dict[str, frozenset[str]]) -> _Phrase | None:
    """Adjectives, a head noun and what follows it ("подкрылок передний левый", "трос ручника")."""
    j = start
    while j < len(toks) and (j == start or not toks[j].sep) and _skipped(toks[j], ctx):
        j += 1
    picked: list[int] = []
    head = -1
    while j < len(toks) and len(picked) < 6 and (j == start or not toks[j].sep) and not _ends_phrase(toks[j], ctx):
        tok = toks[j]
        if head < 0 and _head_noun(tok.text, ctx):
            head = j
        elif not (_qual(tok) or (_modifier(tok) and (head >= 0 or not tok.text.isascii()))):
            break
        picked.append(j)
        j += 1
    return _Phrase(tuple(picked), head, j) if head >= 0 else None  # "нужна левая": no head


def _asking(text: str, toks: list[_Tok], t: int) -> bool:
    """Whether "есть" is asked: a request only in a question ("есть X?", "X есть?", "есть ли X")."""
    rest_of_sentence = re.split(r"[.!\n]", text[toks[t].end :], maxsplit=1)[0]
    return "?" in rest_of_sentence or any(nxt.text == "ли" for nxt in toks[t + 1 : t + 2])


def _phrase_after(toks: list[_Tok], t: int, ctx: dict[str, frozenset[str]]) -> _Phrase | None:
    """The part after a request word: "нужен X", "ищу X", "и ещё X"; "и X" opening a message if X is its clause."""
    if t + 1 >= len(toks) or toks[t + 1].sep:
        return None
    phrase = _noun_group(toks, t + 1, ctx)
    if phrase and toks[t].text in _OPENERS:
        stop = phrase.stop
        return phrase if stop == len(toks) or toks[stop].sep or toks[stop].text in ctx["request_after"] else None
    return phrase


def _phrase_before(toks: list[_Tok], t: int, ctx: dict[str, frozenset[str]]) -> _Phrase | None:
    """The part before a request word: "X тоже", "X нужен", "X есть?", "X, если есть" (X is the whole clause)."""
    breaks = _CONJ | ctx["request_verbs"] | ctx["request_more"] | ctx["request_after"]
    s = t - 1
    while s > 0 and not toks[s].sep and toks[s - 1].text not in breaks:
        s -= 1
    phrase = _noun_group(toks, s, ctx) if s >= 0 else None
    if phrase is None:
        return None
    tail = toks[phrase.stop : t]
    return phrase if all(x.text in ctx["filler"] for x in tail) or tail[0].text in ctx["phrase_stop"] else None


def _and_more(toks: list[_Tok], phrase: _Phrase | None, ctx: dict[str, frozenset[str]]) -> list[_Phrase | None]:
    """The request carries over "и": "нужен молдинг и герметик"."""
    chain = [phrase]
    while phrase and phrase.stop < len(toks) and toks[phrase.stop].text == "и" and not toks[phrase.stop].sep:
        phrase = (
            _noun_group(toks, phrase.stop + 1, ctx) if phrase.stop + 1 < len(toks) and not toks[phrase.stop + 1].sep else None
        )
        chain.append(phrase)
    return chain


def _requested(text: str, toks: list[_Tok], ctx: dict[str, frozenset[str]]) -> list[_Phrase]:
    found: list[_Phrase | None] = []
    opening = _noun_group(toks, 0, ctx) if toks else None
    said = " ".join(toks[k].text for k in opening.picked) if opening is not None else ""
    if opening is not None and not _SOUND.match(toks[opening.head].text) and not extract_cars(said):  # not «е класс»
        # «подрамник задний тигго 7», «клапан егр на транзит»; not «стук спереди справа на приоре»
        listed = _listed_after(toks, opening, ctx)
        if _for_the_car(toks, opening) or (listed and _for_the_car(toks, listed[-1])):
            found += [_with_what_for(toks, phrase) for phrase in (opening, *listed)]
    for t, tok in enumerate(toks):
        word = tok.text
        if (t and toks[t - 1].text == "не") or (word == "есть" and not _asking(text, toks, t)):
            continue
        after = None
        only = word == "только" and _DENIED_BEFORE_ONLY.search(text, 0, tok.start) is not None  # «…не надо, только осушитель»
        if word in ctx["request_verbs"] | ctx["request_more"] or (t == 0 and word in _OPENERS) or only:
            after = _phrase_after(toks, t, ctx)
            found += [_with_what_for(toks, phrase) if phrase else None for phrase in _and_more(toks, after, ctx)]
        if_available = word == "если" and t + 1 < len(toks) and toks[t + 1].text in ctx["if_available"]
        if not after and (word in ctx["request_after"] or if_available):  # "привет, нужен X" is not "привет нужен"
            found.append(_phrase_before(toks, t, ctx))
    return [p for p in found if p]


_PREPOSITIONS = frozenset({"в", "во", "на", "с", "со", "к", "по", "для", "от", "до", "за", "под", "из"})


_COUNT_UNITS = frozenset({"шт", "штук", "штуки", "штука", "пара", "пары", "комплект", "комплекта", "компл"})


def _counted_to(toks: list[_Tok], j: int) -> int:
    """Where a count said after a part ends: «2 шт», «4», «пара» (j when none is; not a frame's digits)."""
    k = j
    if k < len(toks) and not toks[k].sep and toks[k].text.isdigit() and len(toks[k].text) <= 2:
        k += 1
    if k < len(toks) and not toks[k].sep and toks[k].text in _COUNT_UNITS:
        k += 1
    return k


# the case what a thing goes on is said in: «на педали», «под сиденье» (accusative), «к ним» (dative)
_WHAT_FOR = {"на": "accs", "под": "accs", "к": "datv"}


def _with_what_for(toks: list[_Tok], phrase: _Phrase) -> _Phrase:
    """The phrase with what the thing goes on, when that is no car nor a part of its own: «чехлы на сиденья», «гайки
    к ним» (not «крышку на бачок омывателя»: the tank's own name goes on; not «резинка под капотом»: where it is)."""
    k = phrase.stop
    if k + 1 >= len(toks) or toks[k].text not in _WHAT_FOR or toks[k].sep or toks[k + 1].sep:
        return phrase
    after, case = toks[k + 1].text, _WHAT_FOR[toks[k].text]
    if is_car_word(after) or not after.isalpha() or (k + 2 < len(toks) and not toks[k + 2].sep and toks[k + 2].text.isdigit()):
        return phrase  # «крышка зеркала на танк 300»
    if not any(p.tag.POS in ("NOUN", "NPRO") and p.tag.case == case for p in _parses(after)):
        return phrase
    if k + 2 < len(toks) and not toks[k + 2].sep and _a_genitive_noun(toks[k + 2].text):
        return phrase  # «на бачок омывателя», «на педаль тормоза»: a part named in full, its own line
    return _Phrase((*phrase.picked, k, k + 1), phrase.head, k + 2)


def _a_genitive_noun(word: str) -> bool:
    return word.isalpha() and len(word) > 2 and any(p.tag.POS == "NOUN" and p.tag.case == "gent" for p in _parses(word))


_NOT_LISTED = frozenset({"салам", "салют", "привет", "здравствуйте", "здрасте", "день", "утро", "вечер", "кузов", "рама"})


def _listed_after(toks: list[_Tok], first: _Phrase, ctx: dict[str, frozenset[str]]) -> list[_Phrase]:
    """Things listed after the part that opens a message, before the car they are for, each after a comma or «и»
    and with no verb in the message: «болт развала 2 шт, гайки к ним на ниву», «накладки на педали и чехлы на
    сиденья для гранты». Each is a list's item: what it goes on and a count may follow it, then the next item."""
    if toks[first.head].text in _NOT_LISTED or any(
        _parses(tok.text)[0].tag.POS in ("VERB", "INFN") for tok in toks if tok.text not in ctx["request_verbs"]
    ):
        return []
    car = next((k for k, tok in enumerate(toks) if k and is_car_word(tok.text, toks[k - 1].text)), len(toks))
    found: list[_Phrase] = []
    phrase = first
    while True:
        k = _counted_to(toks, _with_what_for(toks, phrase).stop)
        start = k + 1 if k < car and toks[k].text == "и" and not toks[k].sep else k if k < car and toks[k].sep else -1
        phrase = _noun_group(toks, start, ctx) if 0 <= start < car else None  # type: ignore[assignment]
        if phrase is None or toks[phrase.head].text in _NOT_LISTED or _SOUND.match(toks[phrase.head].text):
            return found
        found.append(phrase)


_SOUND = re.compile(r"стук|свист|скрип|гул|вой|хруст|люфт|вибрац|теч|дым|запах|шум")  # a fault heard, not a part


def _for_the_car(toks: list[_Tok], phrase: _Phrase) -> bool:
    """The car follows the words of `phrase`, right after them (two words at least: one word before a model is as
    likely its make misspelt, «геели тугела») or after «на»/«для»/«под» and up to two more words («бобину на третий
    цилиндр опель корса»): what opens the message is a part asked for that car."""
    j = phrase.stop
    if j < len(toks) and not toks[j].sep and is_car_word(toks[j].text):
        return len(phrase.picked) >= 2
    counted = _counted_to(toks, j)
    if counted > j and (counted == len(toks) or toks[counted].sep):  # «болт развала 2 шт, гайки к ним на ниву»
        return any(is_car_word(tok.text) for tok in toks[counted:]) and not _SOUND.match(toks[phrase.head].text)
    if j >= len(toks) or toks[j].text not in ("на", "для", "под") or toks[j].sep:
        return False
    return any(
        is_car_word(toks[k].text, toks[k - 1].text)
        for k in range(j + 1, min(j + 5, len(toks)))  # «чехлы на сиденья для гранты»
        if not any(toks[x].sep for x in range(j + 1, k + 1))
    )


def _beside_known(toks: list[_Tok], items: list[_Item], ctx: dict[str, frozenset[str]]) -> list[_Phrase]:
    """A thing named with «и» after a part the vocabulary knows is asked for with it: «сцепление комплект и
    трамблер», «масло и герметик» (the message asks for parts: understand.py keeps unknown words then only)."""
    found: list[_Phrase] = []
    known = [it for it in items if it.mentions]
    for it in known:
        at = it.hi + 1  # «стойки стабилизатора обе и втулки»: a count between
        while at < len(toks) and not toks[at].sep and _COUNT_OR_SPEC.fullmatch(toks[at].text):
            at += 1
        if at + 1 >= len(toks) or toks[at].text != "и" or toks[at].sep or toks[at + 1].text in _PREPOSITIONS:
            continue  # «масло в мост и в раздатку»: where, not what
        chain = [p for p in _and_more(toks, _noun_group(toks, at + 1, ctx), ctx) if p]
        found += [
            p
            for p in chain
            if not any(k.lo <= p.picked[-1] and p.picked[0] <= k.hi for k in known)
            and "ablt" not in _parses(toks[p.head].text)[0].tag  # «цепь с натяжителем и успокоителем»: with it
        ]
    return found


def _with_requests(text: str, toks: list[_Tok], items: list[_Item], ctx: dict[str, frozenset[str]]) -> list[_Item]:
    """Add requested phrases whose head noun no known part explains; they replace unknown items inside them."""
    claimed = {k for it in items if it.claims for k in range(it.lo, it.hi + 1)}
    for phrase in _requested(text, toks, ctx) + _beside_known(toks, items, ctx):
        if phrase.head in claimed or _a_place(toks, phrase.picked[0], [phrase.head]) or is_brand(toks[phrase.head].text):
            continue  # "нужен масляный фильтр": the vocabulary has it; "ищу в почте": a place; "есть филипс?": a make
        if _counted_sets(toks, phrase.head, items):
            continue  # «нужно 2 комплекта колодок»: how many of a known part, no part of its own
        lo, hi = phrase.picked[0], phrase.picked[-1]
        nxt = next((it for it in items if it.lo == phrase.stop + 1 and it.mentions and it.claims), None)
        if nxt and toks[phrase.stop].text in ctx["part_of"]:
            hi = nxt.hi  # "накладка на бампер" is one part, not a bumper
        inside = [it for it in items if it.lo <= hi and lo <= it.hi]
        if any(it.lo < lo or it.hi > hi or not it.mentions for it in inside):
            continue
        words = _words(text, toks, lo, hi)
        name = " ".join(toks[k].raw.lower() for k in range(lo, hi + 1))
        items = [it for it in items if it not in inside] + [_Item(lo, hi, [PartMention(name, words, False)], True)]
        claimed.update(range(lo, hi + 1))
    return sorted(items, key=lambda it: it.lo)


_SETS = frozenset({"комплект", "набор", "пара"})


def _counted_sets(toks: list[_Tok], head: int, items: list[_Item]) -> bool:
    """«2 комплекта колодок»: a count of sets right before a known part."""
    counted = head > 0 and _COUNT.fullmatch(toks[head - 1].text) is not None
    sets = any(_norm(p.normal_form) in _SETS for p in _parses(toks[head].text))
    return counted and sets and any(it.lo == head + 1 and it.mentions and it.claims for it in items)


# --- Part numbers next to a part: "масляный фильтр 04152-YZZA1", "04152-YZZA1 фильтр" ------------------

_GLUE_BEFORE = re.compile(  # «фильтр масляный. артикул 15208-65F0E»: a new sentence that names its number
    rf"[\s:\-–—№#(]*(?:(?:[.,;]\s*(?:его\s+|е[её]\s+|их\s+)?)?(?:по\s+)?(?:арт\w*|номер\w*|oem|оем|код|кат\w*|{AFTERMARKET_MAKERS})\.?[\s:\-–—№#]*)?",
    re.IGNORECASE,
)
_GLUE_AFTER = re.compile(r"[\s\-–—:)]*(?:это\s+)?", re.IGNORECASE)  # «8200768913 это свечи»


# «стоп, я ошибся», «ой стоп. колодки не передние», «стоп стоп»: «стоп» said to stop is no stop light
# («нужен стоп», «стоп не горит», «стоп-сигнал», «а стоп?» are): at the start of a sentence (or after an
# interjection), and right before a break, another «стоп» or the end
_STOP = re.compile(
    r"(?:^|(?<=[.!?,;:—–]))\s*(?:(?:ой|ой-ой|нет|не|или|а|так|хотя|ну|эээ|блин)[\s,]+)?стоп(?:[\s,!.-]+стоп)*\b"
    r"(?=\s*(?:[,.!…—:;]|$))",
    re.IGNORECASE,
)


_WHEEL_SIDE = re.compile(r"\b(?:прав|лев)(?:ый|ым|ого|ом)\s+рул(?:ь|ем|ём|я)\b", re.IGNORECASE)


def _masked(text: str, numbers: list[PartNumber]) -> str:
    """Numbers become a break, so no phrase runs through them, and a «стоп» said to stop is blanked;
    positions stay the same."""
    for n in numbers:
        text = text[: n.start] + "|" + " " * (n.end - n.start - 1) + text[n.end :]
    text = _WHEEL_SIDE.sub(lambda m: " " * len(m[0]), text)  # «правый руль»: the car's, no part's side
    text = _LIT.sub(lambda m: m["part"] + m["gap"] + " " * len(m["light"]), text)  # «фары ксенон»: no xenon lamps
    return _STOP.sub(lambda m: re.sub("стоп", "    ", m[0], flags=re.IGNORECASE), text)


_Spans = list[tuple[int, int, list[PartMention]]]
_OWNER = re.compile(r"\b(?:на|для|под|от)\b", re.IGNORECASE)
_WORD_RE = re.compile(r"\w+")  # «масло на солярис 1.6 л»: the engine's volume


def _numbered(text: str, spans: _Spans, numbers: list[PartNumber]) -> _Spans:
    """Each number goes to the part just before it, else just after it; a number alone is a part by itself."""
    entries = [(start, end, list(mentions)) for start, end, mentions in spans]
    free = set(range(len(entries)))
    for n in numbers:
        before = [i for i in sorted(free) if entries[i][1] <= n.start and _GLUE_BEFORE.fullmatch(text, entries[i][1], n.start)]
        after = [i for i in sorted(free) if entries[i][0] >= n.end and _GLUE_AFTER.fullmatch(text, n.end, entries[i][0])]
        if before or after:
            i = (before or after)[0]
            free.discard(i)
            entries[i][2][-1] = replace(entries[i][2][-1], number=n.text)
        else:
            entries.append((n.start, n.end, [PartMention(n.text, n.text, False, n.text)]))
    return sorted(entries, key=lambda e: e[0])


# «не надо радиатор», «уберите фильтр» just before a part; «пружины не нужны», «стартер отмена», «колодки уберите» just after it
_DENIED_BEFORE = re.compile(
    r"(?:\bне\s+(?:надо|нуж(?:ен|н\w*)|требуется)|\b(?:убер|удал|вычеркн|отмен)\w*)\s+(?:(?:мне|нам|уже|больше|пока|теперь)\s+)?$",
    re.IGNORECASE,
)
_DENIED_AFTER = re.compile(
    r"^\s*(?:(?:уже|тоже|пока|больше|теперь|вообще|мне|нам)\s+)?(?:не\s+(?:надо|нуж(?:ен|н\w*)|требуется|актуальн\w*)|отмен\w*|отбой|убер\w*|удалит\w*|вычеркн\w*)\b(?!\s+\w+ть\b)",
    re.IGNORECASE,
)
_CLAUSE = re.compile(r"[,.;:!?\n()—–]|\s(?:а|но|зато)\s", re.IGNORECASE)


def _denials(text: str, entries: _Spans) -> _Spans:
    """The parts the customer says are not needed, marked `denied`: the words saying so are right
    before or after the part, in its clause («мне не надо дорогие колодки» still asks for pads)."""
    out: _Spans = []
    for start, end, mentions in entries:
        before = _CLAUSE.split(text[:start])[-1]
        after = _CLAUSE.split(text[end:])[0]
        asked = re.match(r"[^.!?\n]*\?", text[end:])  # «фильтр не надо менять?» asks, it does not take back
        if not asked and (_DENIED_BEFORE.search(before) or _DENIED_AFTER.search(after)):
            mentions = [replace(m, denied=True) for m in mentions]
        out.append((start, end, mentions))
    return out


# «…длинная история… Так вот нужно: подшипник, пыльник и шланги»: the list after the marker is the request
_LIST_MARKER = re.compile(
    r"(?:так\s+вот|итого|в\s+общем|короче)?[\s,]*(?:нужн[оыа]|надо|требуется|нужен)\s*:"
    r"|\b(?:так\s+вот|итого|в\s+общем|короче)[\s,]+(?:мне\s+)?(?:нужн[оыа]|надо|требуется|нужен)\b",  # «…история… В общем нужны»
    re.IGNORECASE,
)
_STORY = 80  # characters of story before the marker for it to say where the request starts


def _after_the_list_marker(text: str, entries: _Spans) -> _Spans:
    """After a story, the parts listed after «нужно:» are the request, not the parts the story names."""
    markers = [m for m in _LIST_MARKER.finditer(text) if m.start() >= _STORY]
    if not markers:
        return entries
    at = markers[-1].end()
    listed = [entry for entry in entries if entry[0] >= at]
    return listed or entries


_SIDE_CLAUSE_FILLER = frozenset(
    {"все", "оба", "обе", "обеих", "обоих", "и", "на", "для", "тоже", "также", "только", "нужны", "нужен", "надо"}
    | {"вроде", "кажется", "наверное", "наверно", "видимо", "походу", "скорее", "всего"}  # «…гудит, передний левый вроде»
)


def _sides_after(text: str, entries: _Spans) -> _Spans:
    """«колодки и диски, все передние», «диски и колодки на W212 2011, передние», «щётки взять. Передние»: a
    clause of qualifiers alone qualifies the parts of the sentence just before it that lack them — not when
    the customer goes on to change their mind («правый... хотя нет, оба», «задний, правый. Погодите, левый»)."""
    out = list(entries)
    every = [(t.start, _qual(t)) for t in _tokenize(text)]  # read once: the qualifiers said after each clause
    at = 0
    for clause in re.split(r"(?<=[,;.!?\n])", text):
        start, at = at, at + len(clause)
        toks = _tokenize(clause)
        kinds = [kind for t in toks if (kind := _qual(t))]
        if not kinds or any(s < at and e > start for s, e, _ in entries):
            continue
        if not all(
            _qual(t) or t.text in _SIDE_CLAUSE_FILLER or any(c.isdigit() for c in t.text) or is_car_word(t.text) for t in toks
        ):
            continue
        groups = {_vocab().quals[kind].group for kind in kinds}
        later = [kind for start, kind in every if start >= at]
        if _CHANGED_MIND.search(text[max(0, start - 12) : start]) or _CHANGED_MIND.search(text[at:]):
            continue
        if any(kind and kind not in kinds and _vocab().quals[kind].group in groups for kind in later):  # another side after
            continue
        before = [i for i, (_, e, _) in enumerate(out) if e <= start]
        if not before:
            continue
        sentence = max(text.rfind(mark, 0, out[before[-1]][0]) for mark in ".!?\n")  # the last part's sentence
        quals = [t.text for t in toks if _qual(t)]
        said = [i for i in before if out[i][0] > sentence]
        several = sum(len(out[i][2]) for i in said) > 1  # «масло и колодки на солярис, передние»: the pads'
        for i in said:
            lines = [_lines_qualified_by(m, quals) if not several or _has_sides(m.name) else [m] for m in out[i][2]]
            out[i] = (out[i][0], out[i][1], [line for group in lines for line in group])
    return out


_CHANGED_MIND = re.compile(r"\b(?:хотя|ой|блин|стоп|погод\w*|вернее|точнее|ошиб\w*|перепут\w*)\b", re.I)


def _qualified_by(mention: PartMention, quals: list[str]) -> PartMention:
    """The mention with the qualifiers said after it, when it has none of their groups and the part takes them."""
    lines = _lines_qualified_by(mention, quals)
    return lines[0] if len(lines) == 1 else mention


def _lines_qualified_by(mention: PartMention, quals: list[str]) -> list[PartMention]:
    """`_qualified_by`, one line for each side said («колодки на солярис, передние и задние»: two)."""
    if not mention.known or mention.denied:
        return [mention]
    if _groups_of(mention.name.split()) & _groups_of(quals):
        return [mention]
    read = extract_parts(f"{mention.name} {' '.join(quals)}")
    if not read or not all(r.known and r.name.startswith(mention.name.split()[0]) for r in read):
        return [mention]
    return [replace(mention, name=r.name) for r in read]


def _groups_of(words: list[str]) -> set[str]:
    """The qualifier groups («axis», «side») the words name."""
    return {_vocab().quals[kind].group for word in words if (kind := _qual_word(word))}


def _qual_word(word: str) -> str | None:
    return next((kind for kind, q in _vocab().quals.items() if q.words.fullmatch(word.lower())), None)


def denied_sides(text: str) -> list[frozenset[str]]:
    """A side or axle said not to be needed without the part («колодки только передние, задние не
    надо»; «не надо левый»): the words it has in part names («задний», «задняя», …), one set per side."""
    found, kept = [], 0
    for clause in _CLAUSE.split(text):
        words = clause.strip().split()
        for q in _vocab().quals.values():
            said = [i for i, w in enumerate(words) if q.words.fullmatch(_norm(w))]
            rest = " ".join(w for i, w in enumerate(words) if i not in said)
            if said and len(words) <= 5 and (_DENIED_AFTER.search(rest) or _DENIED_BEFORE.search(rest + " ")):
                found.append(frozenset(q.forms.values()))
            elif said and "только" not in rest.split():
                kept += 1  # «не нужны передние, нужны задние»: a swap, for the corrections
    return [] if kept or "?" in text else found


_EACH = re.compile(r"\W*(?:каждого|каждой|каждых|каждый|каждую|каждое|of each|each)\b", re.IGNORECASE)


def _specified(text: str, entries: _Spans) -> list[PartMention]:
    """Each spec («5w30», «4 литра», «205/55 r16») goes to the part it belongs to: the one it is written
    in or next to — before it, else after it — among the parts that have that kind of spec. A volume
    after «на»/«для» is the car's engine («масло на солярис 1.6 л»), not the part's."""
    placed = [(start, end, mention) for start, end, mentions in entries for mention in mentions]
    specs: dict[int, list[str]] = {}
    colours: dict[str, int] = {}  # the colours said, and where each ends
    for spec in sorted(find_specs(text), key=lambda s: SPEC_KINDS.index(s.kind)):
        fits = [i for i, (_, _, m) in enumerate(placed) if spec.kind in spec_kinds(m.name)]
        inside = [i for i in fits if placed[i][0] <= spec.start and spec.end <= placed[i][1]]
        before = [i for i in fits if placed[i][1] <= spec.start]
        after = [i for i in fits if placed[i][0] >= spec.end]
        if spec.kind == "light" and not inside:  # «фары ксенон», «фару правую, ксенон»: said right after the part,
            near = [j for j in before if _LIGHT_GAP.fullmatch(text, placed[j][1], spec.start)]
            before, after = (near, []) if near else ([], after) if after else (before, [])  # else before the one it is of
        if (
            spec.kind == "count"
            and after
            and _COUNT_FIRST.search(text[: spec.start])
            and not text[spec.end : placed[after[0]][0]].strip()
        ):
            i = after[0]  # «2 шт 48820-42020 и 1 шт 48815-42090»: a count written before its part, after a break
        elif inside or before:
            i = (inside or before)[-1]
            between = text[placed[i][1] : spec.start]
            canister = re.fullmatch(r"(?:[4-9]|[1-9]\d) л", spec.text) is not None  # «…на кашкай 2.0, 5л»: the oil's, no engine's
            car_between = _OWNER.search(between) or any(map(is_car_word, _WORD_RE.findall(between)))
            if spec.kind == "volume" and car_between and not canister:
                continue  # «масло на солярис 1.6 л», «масло 5w30, гранта 1.6 л»: the engine's volume
        elif after:
            i = after[0]
        else:
            continue
        if spec.kind == "one" and text[placed[i][1] : spec.start].strip():
            continue  # «катушку одну»: said right after the part (not «двигатель 2.0, … кузов у неё один»)
        if (spec.kind == "count" and _EACH.match(text, spec.end)) or (spec.kind == "each" and len(before) > 1):
            for j in fits if spec.kind == "count" else before:  # «… и воздушный, 2 шт каждого», «все по 4»: every part
                if spec.text not in specs.setdefault(j, []):
                    specs[j].append(spec.text)
            continue
        if spec.kind == "colour":  # «антифриз зелёный. ой, красный»: the colour said last (both of «красный или зелёный?»)
            if not any(re.search(r"\bили\b", text[end : spec.start], re.IGNORECASE) for end in colours.values()):
                specs[i] = [said for said in specs.get(i, []) if said not in colours]
            colours[spec.text] = spec.end
        if spec.text not in specs.setdefault(i, []):
            specs[i].append(spec.text)
    counts: set[int] = set()  # each said of one part: «2 передних амортизатора и опорники» counts no mounts
    for i, (start, _, m) in enumerate(placed):  # «нужны 4 катушки»: a count said bare, right before the part
        counted = _BARE_COUNT.search(text, 0, start)
        if not counted or counted.start("n") in counts or not m.known or "count" not in spec_kinds(m.name):
            continue
        counts.add(counted.start("n"))
        if not any(said.endswith((" шт.", " компл.")) for said in specs.get(i, [])):
            specs.setdefault(i, []).append(f"{count_said(counted['n'])} шт.")
    return [
        replace(m, spec=", ".join(_not_in_the_name(m.name, specs[i])) or None) if i in specs else m
        for i, (_, _, m) in enumerate(placed)
    ]


# between a headlight and what it shines with: its side, its count, «с», «под», brackets
_LIGHT_GAP = re.compile(r"(?:[\s,()-]|\b(?:лев|прав|передн|задн)\w*|\b(?:с|со|обе|оба|две|2|шт|пара)\b\.?)*", re.IGNORECASE)
# a headlight, a fog light or a tail light and what it shines with, right after it
_LIT = re.compile(
    rf"(?P<part>\b(?:фар|фонар|противотуманк|туманк|птф|headlight|headlamp)\w*)(?P<gap>{_LIGHT_GAP.pattern})"
    rf"(?P<light>(?<![\w-])(?:{LIGHT_KIND})(?![\w/]))",
    re.IGNORECASE,
)


_COUNT_FIRST = re.compile(r"(?:^|[,;:]|\bи|\bплюс|\bещ[её]|\bнужн\w*|\bнадо)\s*$", re.IGNORECASE)


def _not_in_the_name(name: str, specs: list[str]) -> list[str]:
    """The specs the part's name does not say already: «колёса в сборе» need no «в сборе», «рессоры усиленные» no «усиленные»."""
    return [spec for spec in specs if len(word := spec.split()[-1]) < 4 or word[:6].lower() not in name.lower()]


# a count said with no unit right before the part, after a break or a word of need, not after a car's
# generation («фокус 2 фары»): «нужны 4 катушки», «и 2 стойки», «две фары»
_BARE_COUNT = re.compile(
    rf"(?:^|(?<!\d)[,.;:!?]\s*|\b(?:нужн\w*|надо|и|ещ[её]|плюс|также|тоже|мне|возьму|закажу|хочу|дайте)\s+)(?P<n>[2-9]|1[0-2]|{BARE_COUNT_WORDS})\s+$",
    re.IGNORECASE,
)


# parts named generally and by their kind in one breath: «резина … зимняя», «гранатка на девятку, левая наружка»
_NAMED_BY_KIND = ("шины", "ШРУС")


def _kinds_once(mentions: list[PartMention]) -> list[PartMention]:
    """«резина 215 60 17 зимняя шипы 4 шт» is one set of tyres, «шины зимние (215/60 R17, 4 шт.)», not
    «шины» and «шины зимние»; «гранатка на девятку, левая наружка» one joint, «ШРУС наружный левый» (tyres
    and joints are named generally and by kind in one breath; a general «фара» beside «фара противотуманная»
    is another part)."""
    for general_name in _NAMED_BY_KIND:
        kinds = [m for m in mentions if m.known and not m.number and m.name.startswith(general_name + " ")]
        general = [m for m in mentions if m.known and not m.number and m.name == general_name]
        if len(kinds) != 1 or not general:
            continue
        spec = kinds[0].spec
        for m in general:
            spec = joined(m.spec, spec)
        merged = replace(kinds[0], spec=spec)
        mentions = [merged if m is kinds[0] else m for m in mentions if m not in general]
    return mentions


def _unique(text: str, mentions: list[PartMention]) -> list[PartMention]:
    """Each part once; a repeat that brings a number fills it in, a different number is another part; the
    part again close after it without its side is the same one."""
    out: list[PartMention] = []
    for m in _kinds_once(mentions):
        same = [i for i, o in enumerate(out) if o.name == m.name and o.number in (None, m.number)]
        if not same and out and not m.number and not m.denied and is_variant(out[-1].name, m.name) and _close(text, out[-1], m):
            same = [len(out) - 1]  # «передние пыльники и отбойники», «щётка на задний дворник»: the same part again
        if not same:
            out.append(m)
        elif m.number and not out[same[0]].number:
            out[same[0]] = replace(m, spec=joined(out[same[0]].spec, m.spec))
        elif m.spec:
            out[same[0]] = replace(out[same[0]], spec=joined(out[same[0]].spec, m.spec))
    if _PUT_RIGHT_OR_APART.search(text):
        return out
    return [m for i, m in enumerate(out) if not _said_fuller(m, out[i + 1 :])]


# a message that puts something right or keeps two requests apart: a bare name in it may be a part of its own
_PUT_RIGHT_OR_APART = re.compile(
    r"\bне\b|\bа\b|\bили\b|вместо|\bой\b|хотя|вернее|точнее|короче|\bещ[её]\b|\d\s*[.)]|оси|комплект", re.IGNORECASE
)


def _said_fuller(m: PartMention, after: list[PartMention]) -> bool:
    """«Жена поцарапала зеркало. Нужно зеркало левое»: a part named bare, then once more with its side in the same
    message (only once: not «фара левая и правая»): the fuller one is the part asked for."""
    if not m.known or m.spec or m.number or m.denied:
        return False
    fuller = [o for o in after if o.name != m.name and not o.denied and is_variant(o.name, m.name)]
    return len(fuller) == 1


_APART = re.compile(r"[.!?;]|\b(?:а|но|или|на|для|под|ещ[её])\b", re.IGNORECASE)  # not «…на солярис и колодки на рио»


def _close(text: str, first: PartMention, then: PartMention) -> bool:
    """Whether `then` is said within three words after `first`, in the same breath (no «а», no full stop)."""
    lowered = text.lower()
    at = lowered.find(first.words.lower())
    end = lowered.find(then.words.lower(), at + len(first.words)) if at >= 0 else -1
    gap = lowered[at + len(first.words) : end] if end >= 0 else "."
    return len(gap.split()) <= 3 and not _APART.search(gap)


def is_variant(line: str, name: str) -> bool:
    """Whether a lead line is this part with only a side or axle added («колодки тормозные задние» of
    «колодки тормозные»; «фара противотуманная» is another part than «фара»)."""
    rest = line.removeprefix(name + " ").split() if line.startswith(name + " ") else None
    return rest is not None and all(word in _vocab().sides for word in rest)


def is_part_name(name: str) -> bool:
    """Whether this is a vocabulary part's name as such, without a side or axle («колодки тормозные»)."""
    return name in _vocab().specs


def spec_kinds(label: str) -> frozenset[str]:
    """The kinds of spec the part a lead line names can have («масло моторное (5W-30)»: viscosity, volume, count)."""
    specs = _vocab().specs
    name = max((n for n in specs if label == n or label.startswith(n + " ")), key=len, default=None)
    kinds = specs[name] if name else frozenset()
    return kinds | {"count", "each", "one", "brand", "condition", "build", "colour"} | ({"packs"} if "volume" in kinds else set())


SERVICE_KITS = frozenset({"комплект ТО"})  # «что-нибудь к ТО», «расходники»: which parts is still to be asked


def _has_sides(name: str) -> bool:
    """Whether the part named, with any sides it has already («суппорт передний»), comes by side or axle."""
    words = name.split()
    return any(takes_a_side(" ".join(words[:k])) for k in range(1, len(words) + 1))


def takes_a_side(name: str) -> bool:
    """Whether the part comes by side or axle («колодки тормозные», «фара»; not «масло моторное»)."""
    return _norm(name) in _vocab().context["sided"]


def names_a_part(parts: list[PartMention], *, car_named: bool) -> bool:
    """Whether the parts say what to find: any part but a service kit, or a kit for a named car
    («расходники к ТО» alone names nothing yet; «комплект ТО на весту» does)."""
    return any(part.name not in SERVICE_KITS for part in parts) or (bool(parts) and car_named)


_ALL_ROUND = re.compile(r"\b(?:вкруг|в\s+круг|по\s+кругу|на\s+круг)\b", re.IGNORECASE)
_PLUS = re.compile(r"(?<=[а-яё])\s*\+\s*(?=[а-яё])", re.IGNORECASE)


# A grade of oil said with no oil named is the oil: «Zic 5w30 4л 2 канистры», «фильтр масляный и 5w30 4 литра»,
# «75w90 2 литра на ниву». Not in a question («5w40 подойдёт?») nor of what is in the engine («залито 5w30»).
_OIL_NAMED = re.compile(
    r"\b(?:масл(?:о|а|у|е|ом|ами|ам|ах)|масел|маслиц\w*|oil|синтетик\w*|полусинтетик\w*|трансмиссионк\w*|atf|атф)\b",
    re.IGNORECASE,
)
_GRADE_CLAUSE = re.compile(r"(?:[,;.!\n]|\s(?:и|а|плюс)\s)\s*", re.IGNORECASE)  # where a clause ends
_GRADE_DENIED = re.compile(r"\bне\s+(?:0|5|10|15|20|70|75|80|85)\s?[wв]", re.IGNORECASE)
_IN_THE_CAR = re.compile(r"\b(?:залит\w*|залил\w*|заливал\w*|заливаю|лью|лил\w*|стоял\w*|было|был)\b", re.IGNORECASE)


def _oil_of_its_grade(text: str) -> str:
    """The oil named before a grade said alone, at the start of its clause: «zic 5w30 4л» -> «масло zic 5w30 4л»,
    «75w90 1л» -> «масло трансмиссионное 75w90 1л»."""
    grade = next((spec for spec in find_specs(text) if spec.kind == "viscosity"), None)  # «5W-30», «75W-90»
    if grade is None or "?" in text or _OIL_NAMED.search(text) or _GRADE_DENIED.search(text):
        return text  # «не 5w40, а 5w30»: the grade of the oil asked for put right
    before = text[: grade.start]
    ends = list(_GRADE_CLAUSE.finditer(before))
    start = ends[-1].end() if ends else 0
    clause = _GRADE_CLAUSE.split(text[start:], maxsplit=1)[0]
    if _IN_THE_CAR.search(clause):
        return text
    gear = int(grade.text.partition("W")[0]) >= 70  # a gearbox's grade: 70W and up
    oil = "масло " if not gear or re.search(r"трансмиссионн", clause, re.IGNORECASE) else "масло трансмиссионное "
    return f"{text[:start]}{oil}{text[start:]}"


def extract_parts(text: str) -> list[PartMention]:
    """Parts the customer asks for, in the order written, without duplicates.

    Vocabulary parts come back with ``known=True`` and a normalised name plus
    qualifiers ("колодки тормозные передние"). Parts asked for in other words
    ("нужен X", "и ещё X", "X тоже", "X, если есть", "X есть?") come back as the
    customer wrote them, with ``known=False``. A part number next to a part is put
    in its ``number``; a number alone is a part named by the number. Greetings,
    price questions, VIN-only or car-only messages give an empty list.
    """
    return _extract(text, pairs=True)


def _extract(text: str, *, pairs: bool) -> list[PartMention]:
    said = text
    text = _oil_of_its_grade(_PLUS.sub(" и ", text))  # «колодки перед+зад», «5w30 4л»
    text = _ALL_ROUND.sub("перед и зад", text)  # «колодки вкруг»: front and rear
    text = _pronoun_named(text, pairs=pairs)  # «стабилизатор и 2 стойки к нему»
    numbers = locate_part_numbers(text, short_articles=True)
    masked = _masked(text, numbers)
    toks = _tokenize(masked)
    vocab = _vocab()
    items = _with_requests(masked, toks, _from_vocab(masked, toks, vocab), vocab.context)
    spans = [(toks[it.lo].start, toks[it.hi].end, it.mentions) for it in items if it.mentions]
    entries = _sides_after(masked, _denials(text, _numbered(text, spans, numbers)))
    entries = _after_the_list_marker(masked, entries)
    mentions = _in_sense(_specified(text, entries))
    paired = _touching_dropped(text, _of_the_one_before(mentions)) if pairs else mentions
    found = _features(text, _fault_subjects_dropped(text, _units_told_of(text, paired)))
    found = _counted_sides(text, _sides_of_their_part(text, _elliptic(found)))
    found = _general_dropped(_systems_dropped(_kits_listed(_features_told(text, found))))
    found = _gear_oil(text, _count_shared(text, _unique(text, found))) or _tyres_unnamed(text)
    # «шины зимние» said with «шины … зимние» in one breath: the season once
    found = [replace(m, spec=", ".join(_not_in_the_name(m.name, m.spec.split(", "))) or None) if m.spec else m for m in found]
    found = _axle_shared(said, _counted_apart(text, _counted_per_spec(text, _filter_sets(text, found))))
    return _one_piece(text, found)


# a pair or a set said of the part: not one piece though its name is said in the singular
_NOT_ONE = re.compile(
    r"\b(?:обе|оба|обеих|обоих|пар[аыуе]|парой|комплект\w*|компл|набор\w*|все|всех|круг\w*|вкруг)\b|\b[LR]\s*(?:и|\+|,|/|&)\s*[LR]\b",
    re.IGNORECASE,
)


# nouns naming a kind, not a piece: «хочу поставить ксенон» is a pair of lamps
_KINDS = frozenset({"ксенон", "галоген", "биксенон", "светодиод"})


def _one_piece(text: str, mentions: list[PartMention]) -> list[PartMention]:
    """«задний амортизатор правый», «катушка зажигания», «свечу накала»: a part named in the plural
    («амортизаторы») that is also bought one at a time, said in the singular with no count, is one
    piece: «1 шт.» on it, so the manager does not quote a pair. Not «колодка» (always a set), nor a
    singular after a number («два амортизатора» is counted already) or beside «обе», «пара», «комплект»."""
    vocab = _vocab()
    if _NOT_ONE.search(text):
        return mentions
    out: list[PartMention] = []
    one_of: set[str] = set()  # «амортизатор передний левый и правый»: the right one is one piece too
    for m in mentions:
        base = " ".join(w for w in m.name.split() if w not in vocab.sides)
        counted = m.spec is not None and re.search(r"\b(?:шт|компл)\.", m.spec)
        heads = vocab.heads.get(base, frozenset())
        said = _said_singular(m.words, heads) if not _number_after(text, m.words) else False
        if m.known and not m.denied and not counted and base in vocab.pieces and (said or (said is None and base in one_of)):
            m = replace(m, spec=joined(m.spec, "1 шт."))
            one_of.add(base)
        out.append(m)
    return out


def _number_after(text: str, words: str) -> bool:
    """A number right after the part on its line («сайлентблок рычага задний — 2», «стойка x2»): a count
    the specs did not read, so the part is not said to be one."""
    at = text.lower().find(words.lower())
    after = text[at + len(words) :]
    return (
        at >= 0
        and re.match(r"[ \t]*[—–:,-]?[ \t]*[xх×*]?[ \t]*\d{1,2}\b(?![.,]\d|\s*(?:см|мм|м|л|литр|кг|%|-?[йяе]|-?го)\b)", after)
        is not None
    )


def _said_singular(words: str, heads: frozenset[str]) -> bool | None:
    """Whether the customer's words name one piece: the part's own noun (one of `heads`, else the first
    noun) is singular, in the nominative or accusative («амортизатор», «свечу»; not «амортизатора», said
    after a number), and no adjective is plural («щётка задняя и передние»); None when they name no noun
    but a side («правый» after «амортизатор передний левый и», «зад» after «втулки перед и»)."""
    nouns: list[tuple[_Tok, list[Parse]]] = []
    for tok in _tokenize(words):
        parses = _parses(tok.text)
        said = [p for p in parses if p.tag.POS in {"NOUN", "ADJF", "PRTF"}]
        if not parses or parses[0] not in said:  # not «и», read as an abbreviation
            continue
        if said[0].tag.POS != "NOUN":
            if any("plur" in p.tag and {"nomn", "accs"} & set(p.tag.grammemes) for p in said):
                return False
        elif _qual(tok) is None:  # not «перед», «зад»
            nouns.append((tok, said))
    if not nouns:
        return None
    head = next((said for tok, said in nouns if _key(tok.text) & heads), nouns[0][1])
    plural = any("plur" in p.tag and {"nomn", "accs"} & set(p.tag.grammemes) for p in head)
    one = any("sing" in p.tag and {"nomn", "accs"} & set(p.tag.grammemes) for p in head)
    return one and not plural and _norm(head[0].normal_form) not in _KINDS


# parts of one axle's brakes, suspension, stabiliser, hubs: «диски передние + колодки» are the front pads too
_ONE_AXLE = (
    frozenset({"колодки тормозные", "диски тормозные"}),
    frozenset({"амортизаторы", "пружины подвески", "опора амортизатора", "пыльник амортизатора", "отбойники амортизатора"}),
    frozenset({"стойки стабилизатора", "втулки стабилизатора"}),
    frozenset({"подшипник ступицы", "ступица"}),
)
_AXLE_WORD = re.compile(r"\b(?:передн|задн)\w*")


def _axle_shared(said: str, mentions: list[PartMention]) -> list[PartMention]:
    """«Диски тормозные передние + колодки», «амортизаторы задние + пружины»: the axle said after the first of two
    parts of one axle's brakes or suspension, added with «+» right after it, is the second's too (not «… и
    диски», which may be followed by «диски задние»)."""
    lowered = said.lower()
    out = list(mentions)
    for i in range(1, len(out)):
        a, b = out[i - 1], out[i]
        axle = _AXLE_WORD.search(a.name)
        plain = " ".join(_SIDE_WORDS.sub("", a.name).split())
        if not (axle and a.known and b.known and not b.number and any({plain, b.name} <= kit for kit in _ONE_AXLE)):
            continue
        if not re.search(rf"\b(?:передн|задн)\w*\s*\+\s*{re.escape(b.words.lower())}", lowered):
            continue
        read = [p.name for p in _extract(f"{b.name} {axle.group()}", pairs=False)]
        if len(read) == 1 and read[0] != b.name:
            out[i] = replace(b, name=read[0])
    return out


def _counted_apart(text: str, found: list[PartMention]) -> list[PartMention]:
    """«есть диск 1K0615301AA? нужно два»: a sentence that is a count alone counts the one part named."""
    if len(found) != 1 or (found[0].spec and _COUNTED.search(found[0].spec)):
        return found
    counts = [said for sentence in _SENTENCES.split(text)[1:] if (said := count_alone(sentence))]
    if len(counts) != 1:
        return found
    return [replace(found[0], spec=joined(found[0].spec, counts[0]))]


_SENTENCES = re.compile(r"(?<=[?!;\n])\s*|(?<=\.)\s+")  # not inside «1.6»
_COUNTED = re.compile(r"\b(?:шт|компл)\.|\bл$|\bкг$")


# «все фильтры», «фильтра все», «комплект фильтров», «набор фильтров»: every filter the car has, one line
_ALL_FILTERS = re.compile(
    r"\bвс(?:е|ех)\s+фильтр\w*|\bфильтр(?:ы|а|ов)\s+вс[её]\b(?!-)|\b(?:комплект|набор)\s+фильтр(?:ов|а)\b", re.IGNORECASE
)
FILTER_SET = "комплект фильтров"


def _filter_sets(text: str, mentions: list[PartMention]) -> list[PartMention]:
    """The filter named with no kind, said as all of them («нужны все фильтры для ТО», «комплект фильтров на RAV4»), is
    the set of the car's filters — no service kit beside it."""

    def bare(m: PartMention) -> bool:  # «масло и все фильтры»: read as the oil's filter beside the oil, not said so
        return m.known and m.name.startswith("фильтр") and m.words.lower().split()[-1].startswith("фильтр")

    if not _ALL_FILTERS.search(text) or not any(bare(m) for m in mentions):
        return mentions
    return [replace(m, name=FILTER_SET) if bare(m) else m for m in mentions if m.name not in SERVICE_KITS]


_SIDE_STEM = r"(?:передн|задн|лев|прав)\w*"
# «4 амортизатора (2 передних, 2 задних)», «амортизаторы 2 передних, 2 задних»: a count for each side
_COUNTED_SIDES = re.compile(
    rf"\b(?P<n>\d{{1,2}})\s+(?P<a>{_SIDE_STEM}(?:\s+{_SIDE_STEM})?)\s*(?:,|и|\+|/)\s*(?P<m>\d{{1,2}})\s+"
    rf"(?P<b>{_SIDE_STEM}(?:\s+{_SIDE_STEM})?)",  # «2 передних и 1 задний левый»
    re.I,
)


def _counted_per_spec(text: str, mentions: list[PartMention]) -> list[PartMention]:
    """«лампа h7 2 шт и h1 2 шт»: the one part in two kinds, each with its own count — a line for each («лампы (H7,
    2 шт.)», «лампы (H1, 2 шт.)»), not both kinds with one count."""
    if len(mentions) != 1 or not mentions[0].spec:
        return mentions
    specs = find_specs(text)
    pairs = [
        (spec, after)
        for spec, after in pairwise(specs)
        if spec.kind not in ("count", "one") and after.kind == "count" and not text[spec.end : after.start].strip()
    ]
    if len(pairs) < 2 or len({spec.kind for spec, _ in pairs}) != 1:
        return mentions
    m = mentions[0]
    kind = pairs[0][0].kind
    others = [spec.text for spec in specs if spec.kind not in (kind, "count", "one")]
    return [replace(m, spec=", ".join([*others, spec.text, count.text])) for spec, count in pairs]


def _counted_sides(text: str, mentions: list[PartMention]) -> list[PartMention]:
    """The one sided part of the message, a line for each side counted after it, with its count."""
    said = _COUNTED_SIDES.search(text)
    sided = [i for i, m in enumerate(mentions) if m.known and _has_sides(m.name)]
    if said is None or len(sided) != 1:
        return mentions
    m = mentions[sided[0]]
    bare = replace(m, name=" ".join(word for word in m.name.split() if not _qual_word(word)))
    lines: list[PartMention] = []
    for side, count in ((said["a"], said["n"]), (said["b"], said["m"])):
        read = _lines_qualified_by(bare, side.lower().split())
        if len(read) != 1 or read[0].name == bare.name:
            return mentions
        others = [spec for spec in (m.spec or "").split(", ") if spec and not spec.endswith("шт.")]
        lines.append(replace(read[0], spec=", ".join([*others, f"{count} шт."])))
    return [*mentions[: sided[0]], *lines, *mentions[sided[0] + 1 :]]


# «колодки к ним», «шаровая к нему», «2 шт. к ним»: said of the part before it
_OF_THE_ONE_BEFORE = re.compile(r"^\W*(?:\d+\s*(?:шт\w*\.?)?\s*)?(?:к|для)\s+(?P<word>\w+)", re.I)
_OF_ITS_OWN = re.compile(r"\s(?:к|для)\s+(?P<word>\w+)\s*$", re.I)  # «стойки к стабилизатору» (its words, `_pronoun_named`)
_PRONOUNS = frozenset({"нему", "ней", "ним", "него", "нее", "неё", "них"})


def _sides_of_their_part(text: str, mentions: list[PartMention]) -> list[PartMention]:
    """A part said of the one before it takes that one's side: «диски тормозные передние и колодки к ним» (front
    pads), «рычаг передний левый нижний и шаровая к нему» (the front left lower ball joint)."""
    out = list(mentions)
    for i in range(1, len(out)):
        m, before = out[i], out[i - 1]
        at = text.lower().find(m.words.lower())
        said = _OF_ITS_OWN.search(m.words) or (_OF_THE_ONE_BEFORE.match(text[at + len(m.words) :]) if at >= 0 else None)
        if said is None or not _has_sides(m.name):
            continue
        word, head = said["word"].lower(), before.words.split()[0].lower()
        if word not in _PRONOUNS and word[:5] != head[:5]:  # «стойки к нему» is read «стойки к стабилизатору»
            continue
        quals = [word for word in before.name.split() if _qual_word(word)]
        if quals:
            out[i] = _qualified_by(m, quals)
    return out


# tyres named by their maker or line alone: «Nokian Nordman 7 205/55 R16 нужно 4 шт», «Primacy 4 комплект»
_TYRE_MAKERS = frozenset(
    {"Michelin", "Nokian", "Bridgestone", "Pirelli", "Yokohama", "Hankook", "Kumho", "Cordiant", "Toyo", "Dunlop", "Goodyear"}
    | {"Gislaved", "Viatti", "Nordman", "Matador"}
)
_TYRE_LINES = re.compile(
    r"\b(?:hakka\w*|хакк?а\w*|primacy|праймаси|pilot\s+sport|пилот\s+спорт|x-?ice|ice\s+zero|айс\s+зеро|turanza|туранза|blizzak"
    r"|близз?ак|ecopia|экопия|cinturato|чинтурато|ventus|вентус|winter\s*drive|sottozero|ice\s*contact|айс\s*контакт)\b",
    re.IGNORECASE,
)


def _tyres_unnamed(text: str) -> list[PartMention]:
    """No part named, but a tyre's full size («205/55 R16»), maker («мишлен») or line («Primacy 4»): tyres."""
    specs = find_specs(text)
    said = [s for s in specs if (s.kind == "tyre_size" and "/" in s.text) or (s.kind == "brand" and s.text in _TYRE_MAKERS)]
    line = _TYRE_LINES.search(text)
    if not said and line is None:
        return []
    words = text[said[0].start : said[0].end] if said else line.group() if line else ""
    kinds = spec_kinds("шины")
    spec = ", ".join(s.text for s in sorted(specs, key=lambda s: SPEC_KINDS.index(s.kind)) if s.kind in kinds)
    return [PartMention(name="шины", words=words, known=True, spec=spec or None)]


_GEAR_GRADE = re.compile(r"^(?:7[05]|8[05])W-\d+")  # a gearbox's or an axle's grade: 70W and up


def _gear_oil(text: str, mentions: list[PartMention]) -> list[PartMention]:
    """«масло 75w90 в мост»: oil of a gear grade is gear oil, wherever «масло» alone would be the engine's; «фильтр
    акпп и масло», «масло и фильтр вариатора»: oil alone beside a gearbox's part is that gearbox's."""
    cvt = _CVT.search(text) is not None  # «вариатор пинается, какое масло нужно?», «масло лучше лить в вариатор»
    beside = cvt or any(m.name in _GEARBOX_PARTS for m in mentions)
    kind = "масло для вариатора (CVT)" if cvt else "масло для DSG" if _DSG.search(text) else "масло трансмиссионное"
    out: list[PartMention] = []
    for m in mentions:
        if m.name == "масло моторное" and m.spec and _GEAR_GRADE.match(m.spec):
            m = replace(m, name="масло трансмиссионное")
        elif m.name == "масло моторное" and beside and m.words.lower() == "масло":
            if any(o.name == kind for o in mentions):
                continue  # «масло ATF …, и фильтр АКПП»: the gearbox's oil named already
            m = replace(m, name=kind)
        out.append(m)
    if cvt and any(m.name == kind for m in out):  # the oil's gearbox, said of it, is no gearbox asked for
        out = [m for m in out if not (m.name == "вариатор" and not m.spec)]
    return out


_GEARBOX_PARTS = frozenset({"фильтр АКПП", "поддон вариатора", "прокладка поддона вариатора", "прокладка поддона АКПП"})
_CVT = re.compile(r"вариатор|\bcvt\b", re.IGNORECASE)
_DSG = re.compile(r"\b(?:dsg|дсг)\b", re.IGNORECASE)


_ONE_COUNT = re.compile(r"^(?P<n>\d+) шт\.$")
_EACH_SAID = re.compile(r"\bкажд\w*|\bпо\s+(?:\d|одн|две|два|пар)", re.IGNORECASE)
_SIDE_WORDS = re.compile(r"\b(?:передн|задн|лев|прав)\w*", re.IGNORECASE)


def _count_shared(text: str, mentions: list[PartMention]) -> list[PartMention]:
    """«амортизаторы на гранту 4 шт перед и зад»: a count said once for the sides the part is split into is their
    total — 2 front and 2 rear, not 4 of each (when it divides evenly)."""
    counts = [spec for spec in find_specs(text) if spec.kind == "count"]
    if len(counts) != 1 or not (said := _ONE_COUNT.match(counts[0].text)):
        return mentions
    if _EACH_SAID.search(text):  # «2 шт каждого», «по 2 штуки»: the count is each one's
        return mentions
    sharing = [i for i, m in enumerate(mentions) if m.spec and counts[0].text in m.spec.split(", ")]
    heads = {" ".join(_SIDE_WORDS.sub("", mentions[i].name).split()) for i in sharing}  # the same part, by side
    total = int(said["n"])
    if len(sharing) < 2 or len(heads) != 1 or total % len(sharing) or len({mentions[i].name for i in sharing}) != len(sharing):
        return mentions
    each = f"{total // len(sharing)} шт."
    out = list(mentions)
    for i in sharing:
        specs = (mentions[i].spec or "").split(", ")
        out[i] = replace(mentions[i], spec=", ".join(each if part == counts[0].text else part for part in specs))
    return out


# a part said by a pronoun for the one before: «стабилизатор и 2 стойки к нему», «мотор и прокладки для него»
_PRONOUN_OF_PART = re.compile(r"\b(?P<prep>к|для)\s+(?P<pron>нему|ней|ним|него|нее|неё|них)\b", re.IGNORECASE)
_PRONOUN_CASE = {"к": "datv", "для": "gent"}


def _pronoun_named(text: str, *, pairs: bool) -> str:
    """The pronoun after a part replaced by the part named before it («стойки к нему» -> «стойки к
    стабилизатору»), when so the part it is said of gets a fuller name of its own."""
    said = _PRONOUN_OF_PART.search(text)
    if said is None:
        return text
    before = _extract(text[: said.start()], pairs=pairs)
    if len(before) < 2 or not before[-2].known:
        return text
    head = before[-2].words.split()[0]
    parse = next((p for p in _parses(head) if p.tag.POS == "NOUN"), None)
    number = "plur" if said["pron"].lower() in ("ним", "них") else "sing"
    form = parse.inflect({_PRONOUN_CASE[said["prep"].lower()], number}) if parse else None
    if form is None:
        return text
    named = f"{text[: said.start('pron')]}{form.word}{text[said.end('pron') :]}"
    after = _extract(named[: said.start("pron") + len(form.word)], pairs=pairs)
    if len(after) != len(before) or len(after[-1].name.split()) <= len(before[-1].name.split()):
        return text
    return named


def _genitive(word: str) -> bool:
    return any("gent" in p.tag for p in _parses(word.lower())) if word.isalpha() else False


def _nominative(word: str) -> bool:
    return any("nomn" in p.tag for p in _parses(word.lower())) if word.isalpha() else True


def _elliptic(mentions: list[PartMention]) -> list[PartMention]:
    """«фильтр масла и воздуха и салона»: a word alone the vocabulary does not know (or knows, in the genitive
    as the part before it says its own), after a part it knows, is that part's head said once for both
    («фильтр воздуха», «фильтр салона», «трос сцепления») when so it names a part."""
    out = list(mentions)
    heads: dict[int, str] = {}  # the head word each known mention was said with («фильтр»)
    same: set[int] = set()  # words that name the part before once more
    for i in range(1, len(out)):
        m, before = out[i], out[i - 1]
        head = heads.get(i - 1) or (before.words.split()[0] if len(before.words.split()) > 1 else None)
        if m.number or len(m.words.split()) != 1 or not before.known or head is None:
            continue
        # a word the vocabulary knows, in the genitive as the part before it says its own: «трос ручника и
        # сцепления», «датчик коленвала и распредвала» (not «ремень генератора и помпа»)
        if m.known and not (_genitive(m.words) and len(before.words.split()) == 2 and _genitive(before.words.split()[1])):
            continue
        read = extract_parts(f"{head} {m.words}")
        bare = {p.name for p in extract_parts(head)}  # «пыльник» + «хомуты» reads «пыльник»: the word names nothing
        if (
            len(read) == 1
            and read[0].known
            and read[0].name.split()[0][:5] == before.name.split()[0][:5]  # «коврики» … «коврик в багажник»
            and read[0].name not in bare | {before.name}
        ):
            out[i], heads[i] = replace(m, name=read[0].name, known=True), head
        elif m.known and len(read) == 1 and read[0].name == before.name and not _nominative(m.words):
            same.add(i)  # «ремень кондиционера и генератора»: one belt for both, not the alternator
    return [m for i, m in enumerate(out) if i not in same]


# «с датчиком (дождя)», «с поворотником»: what the part is to have; a sensor named («датчик износа») is bought too
_HAD_WITH = frozenset({"датчики", "указатель поворота"})
# between the part and its feature: the car at most («зеркало левое на фит GE6 с поворотником»), and another
# feature said before it («с подогревом и поворотником»)
_FEATURE_GAP = re.compile(r"[^.!?;\n]{0,30}?(?<!\w)(?P<prep>без|с|со)\s+(?:[а-яё]+\s+и\s+)?")
_FEATURE_TAIL = re.compile(r"^(?:\s+(?!(?:на|для|под|и|а|или|от|к|в)\b)[а-яё]+){0,2}")


def _a_feature(m: PartMention, prep: str, *, joined: bool) -> bool:
    """«без датчиков» right after the part, «(без подогрева и) поворотника»; «с датчиком», «(с подогревом и)
    поворотником» in the instrumental — not «без подогрева и фара», «с абс и датчик»: another part asked for."""
    if prep == "без":
        return not joined or _of_it(m.words.split()[0].lower())
    if m.words.lower() in _POWER_STEERING:  # «рейка рулевая с гур»: a rack for power steering, not the pump
        return True
    return m.name in _HAD_WITH and _with_it(m.words.split()[0].lower())


_POWER_STEERING = frozenset({"гур", "эур", "гидроусилителем", "электроусилителем"})


def _of_it(word: str) -> bool:
    """«(без) поворотника», «подогрева»: a genitive reading and no nominative one."""
    parses = _parses(word) if word.isalpha() else []
    return any("gent" in p.tag for p in parses) and not any("nomn" in p.tag for p in parses)


# what a part is to have or not, in words that name no part: «с подогревом», «без камеры», «с абс»,
# «с электроскладыванием», «с подогревом щёток» — said right after it or after the car
_FEATURE_TOLD = re.compile(
    r"(?P<gap>[^.!?;\n—]{0,30}?)(?<!\w)(?P<prep>без|с|со)\s+(?P<word>[а-яёa-z]+)(?:\s+(?P<of>(?!и\b)[а-яё]+))?"
    r"(?:\s+и\s+(?P<more_prep>(?:без|с|со)\s+)?(?P<more>[а-яё]+))?"
)


def _features_told(text: str, mentions: list[PartMention]) -> list[PartMention]:
    """Each part with what it is to have or not (`_FEATURE_TOLD`) on it beside any spec it has, up to the
    next part named; a word after the feature that names a part it is of («с подогревом щёток») is no part
    asked for."""
    lowered = text.lower()
    places = _said_at(lowered, mentions)
    kept: list[PartMention] = []
    skip: set[int] = set()
    for i, (m, at) in enumerate(zip(mentions, places, strict=True)):
        if i in skip:
            continue
        if at < 0 or m.number:
            kept.append(m)
            continue
        start = at + len(m.words)
        stop = next((p for p in places[i + 1 :] if p >= start), len(lowered))
        told = _FEATURE_TOLD.match(lowered, start)
        feature = _feature_words(told, stop) if told else None
        if (
            feature is None and m.known and (inner := _SAID_WITHIN.search(lowered, at + 1, start))
        ):  # «зеркало левое с подогревом и правое»
            told = _FEATURE_TOLD.match(lowered, inner.start())
            named = told is not None and any(o.words.lower().startswith(told["word"]) for o in mentions if o is not m)
            feature = _feature_words(told, start) if told and not named else None  # not «с датчиком износа»: asked for
        if told is None or feature is None or (m.spec and lowered[told.start("prep") : feature[0]] in m.spec.lower()):
            kept.append(m)
            continue
        end, of_next = feature
        if of_next:  # «с подогревом щёток»: the next part is what the feature is of
            skip.add(i + 1)
        begin = told.start("prep")
        spec_at = lowered.find(m.spec.lower(), begin) if m.spec else -1
        if m.spec and 0 <= spec_at <= end + len(" и "):  # a feature `_features` read, said with this one: one span
            spec = text[begin : max(end, spec_at + len(m.spec))]
        else:
            spec = f"{m.spec}, {text[begin:end]}" if m.spec else text[begin:end]
        kept.append(replace(m, spec=spec))
    return _sides_share_features(kept)


_SAID_WITHIN = re.compile(r"(?<!\w)(?:без|с|со)\s")


def _sides_share_features(mentions: list[PartMention]) -> list[PartMention]:
    """«зеркало левое и правое с подогревом»: the lines one phrase gave, one per side, are to have the same."""
    out = list(mentions)
    for i in range(1, len(out)):
        a, b = out[i - 1], out[i]
        one_phrase = b.words != a.words and a.words.endswith(b.words) and a.name.split()[0] == b.name.split()[0]
        if one_phrase and a.known and b.known and bool(a.spec) != bool(b.spec):
            out[i - 1], out[i] = replace(a, spec=a.spec or b.spec), replace(b, spec=a.spec or b.spec)
    return out


def _feature_words(told: re.Match[str], stop: int) -> tuple[int, bool] | None:
    """Where the feature `told` says ends, and whether its genitive word is the next part named; None when
    what follows the preposition is no feature (a part: «с фильтром» asks for a filter; the wrong case)."""
    word, prep = told["word"], told["prep"]
    if told.start("word") >= stop or not _a_thing(word) or not _in_its_case(word, prep):
        return None
    if any(_parses(w)[0].tag.POS in _NOT_BETWEEN for w in _WORD_RE.findall(told["gap"])):
        return None  # «…, сколько с учётом», «вы с Почтой России работаете»: said of something else
    end, of_next = told.end("word"), False
    of = told["of"]
    if of and _a_noun_of(of) and _of_it(of) and told.start("of") <= stop:
        of_next = told.start("of") == stop
        if of_next or not _names_a_part(of):
            end = told.end("of")
    more, more_prep = told["more"], (told["more_prep"] or prep).strip()
    adjoins = not of_next and told.start("more") < stop and (end == told.end("of") or not of) if more else False
    if adjoins and _a_thing(more) and _in_its_case(more, more_prep):  # «… и без поворотника»
        end = told.end("more")
    return end, of_next


# between a part and what it is to have: its car, its side, «в сборе» — no verb, pronoun or question word
_NOT_BETWEEN = frozenset({"VERB", "INFN", "NPRO", "PRED", "CONJ", "PRCL", "ADVB"})


def _a_thing(word: str) -> bool:
    """A noun that may be a feature, as the vocabulary lists them (`features` in parts.toml: «подогрев»,
    «камера», «ABS») — not «(с) мужем», «уважением», «учётом», «заменой», «доставкой»."""
    return bool({_norm(word), *(_norm(p.normal_form) for p in _parses(word))} & _vocab().context["features"])


def _a_noun_of(word: str) -> bool:
    """A noun the feature may be of («(с подогревом) щёток», «(с датчиком) дождя»): not a pronoun or a name."""
    if word.isascii():
        return word.isalpha()
    top = _parses(word)[0]
    return top.tag.POS == "NOUN" and not {"Name", "Surn", "Patr", "Geox", "Orgn"} & set(top.tag.grammemes)


def _in_its_case(word: str, prep: str) -> bool:
    """«без» + the genitive, «с» + the instrumental (or a word that does not decline: «с ABS», «с абс»)."""
    tags = [p.tag for p in _parses(word)] if word.isalpha() else []
    return word.isascii() or any({"Fixd", "UNKN"} & set(t.grammemes) or ("gent" if prep == "без" else "ablt") in t for t in tags)


def _features(text: str, mentions: list[PartMention]) -> list[PartMention]:
    """«зеркало левое без датчиков», «лобовое стекло с датчиком дождя», «зеркало с подогревом и поворотником»:
    a part said with «без» — or a sensor of no kind the vocabulary knows or a turn signal said with «с» —
    right after another part tells what that part
    is to be, on it in brackets; it is no part asked for («масло с фильтром», «колодки с датчиком
    износа» ask for both)."""
    if len(mentions) < 2:
        return mentions
    lowered, at = text.lower(), 0
    end: int | None = None
    kept: list[PartMention] = []
    for m in mentions:
        found = lowered.find(m.words.lower(), at)
        if found < 0:
            kept.append(m)
            continue
        gap = _FEATURE_GAP.fullmatch(lowered, end, found) if kept and end is not None else None
        at = found + len(m.words)
        if gap is not None and not m.number and _a_feature(m, gap["prep"], joined=gap.group().rstrip().endswith(" и")):
            tail = _FEATURE_TAIL.match(lowered[at:])
            at += tail.end() if tail else 0
            feature = text[gap.start("prep") : at].strip()
            before = kept[-1]
            kept[-1] = replace(before, spec=f"{before.spec}, {feature}" if before.spec else feature)
        else:
            kept.append(m)
        end = at
    return kept


_UNITS = frozenset(
    {"АКПП", "вариатор", "МКПП", "коробка передач", "двигатель", "карбюратор"}
)  # told of to describe the car («солярис 2018 АКПП»)
_GEARBOXES = frozenset({"АКПП", "вариатор", "МКПП", "коробка передач"})
_OF_THE_GEARBOX = re.compile(r"\S+\s+(?:АКПП|МКПП|КПП|вариатора|первичного вала|вторичного вала)|кулиса")  # a part of it, named
# what shows a unit describes the car or the trouble: «с АКПП», «2018 АКПП», «1.6 BSE МКПП», «двигатель троит»
_DESCRIBES_BEFORE = re.compile(r"(?:\bс|\bна|\d|[a-z]{2,})\s*$", re.IGNORECASE)
_TROUBLE_AFTER = re.compile(
    r"^\s*(?:у\s+меня\s+)?(?:троит|стучит|пинается|дергается|дёргается|не\s+заводится|глохнет|дымит|греется|гудит|теч[её]т|воет"
    r"|барахлит|не\s+тянет|плавают)",
    re.IGNORECASE,
)


# «это вариатор, если что», «у меня автомат», «там механика»: what the car has, told, nothing asked
# the engine's size or code right after it: «двигатель 1.8 турбо», «двигатель 1ZZ-FE» — which car, not a part
_VOLUME_AFTER = re.compile(
    r"\s*(?:[0-6][.,]\d\b|v\d\b|(?=[\w-]*\d)(?=[\w-]*[a-z])[a-z0-9]{2,6}(?:-[a-z]{2,3})?\b"
    r"|(?:один|два|три|четыре|пять|шесть)\s+(?:и|точка|запятая|ноль)\s+(?:ноль|один|два|три|четыре|пять|шесть|семь|восемь|девять)\b)",  # «два и пять»
    re.IGNORECASE,
)
_POWER_AFTER = re.compile(r"\s*[0-6][.,]\d\s*(?:л\.?\s*)?,?\s*\d{2,3}\s*(?:л\.?\s?с|сил|лс|hp)", re.IGNORECASE)  # «1.6 110 сил»
_SAYS_WHAT_IT_HAS = re.compile(
    r"\b(?:это|у\s+меня|у\s+нас|там|стоит)\s+(?:акпп|мкпп|вариатор\w*|автомат\w*|механик\w*|робот\w*)\b(?=\s*(?:$|[,.!)]|если\s+что|кстати))"
    r"|\b(?:акпп|мкпп|вариатор\w*|автомат\w*|механик\w*|робот\w*)\b(?=\s*,?\s*(?:если\s+что|кстати))",
    re.IGNORECASE,
)


def _units_told_of(text: str, mentions: list[PartMention]) -> list[PartMention]:
    """«Солярис 2018 АКПП, нужен фильтр акпп», «колодки на поло с АКПП», «двигатель троит, нужны свечи»: a
    gearbox or an engine beside other parts, said to describe the car or the trouble, is no part asked for."""
    others = any(m.known and m.name not in _UNITS for m in mentions)
    if not any(m.name in _UNITS for m in mentions):
        return mentions
    lowered, kept = text.lower(), []
    for m, found in zip(mentions, _said_at(lowered, mentions), strict=True):
        told_of = (
            found >= 0
            and (
                (others and _DESCRIBES_BEFORE.search(lowered[max(0, found - 12) : found]))
                or (others and _after_a_car(lowered[:found]))  # «генератор на ниссан ноут вариатор»
                or (others and _TROUBLE_AFTER.search(lowered[found + len(m.words) :]))
                or (
                    m.name == "двигатель"
                    and _VOLUME_AFTER.match(lowered, found + len(m.words)) is not None
                    and (others or _POWER_AFTER.match(lowered, found + len(m.words)) is not None)
                    and not _ASKS.search(_clause_of(lowered, found))
                )  # «2017 год, мотор 1.6 110 сил»: the car's engine told, nothing asked
                # «кпп на ниву, подшипник первичного вала»
                or (m.name in _GEARBOXES and any(_OF_THE_GEARBOX.search(o.name) for o in mentions))
                or _after_the_car_told(lowered, found)  # «солярис 2018 акпп», «ваз 2109 карб»: the car's, told
                or (
                    not _ASKS.search(_clause_of(lowered, found))
                    and _SAYS_WHAT_IT_HAS.search(lowered[max(0, found - 12) : found + len(m.words) + 12])
                )
            )
        )
        if m.name in _UNITS and m.spec in (None, "в сборе") and not m.number and told_of:  # «… МКПП 2008 в сборе»: the clutch
            continue
        kept.append(m)
    return kept


_FOR_A_CAR = re.compile(r"\b(?:на|для|под)\s+\S+(?:\s+\S+)?\s*$")  # «на 2107 карбюратор»: for the car, asked


def _after_the_car_told(lowered: str, found: int) -> bool:
    """A unit said right after the car or its year, with no word of need and no «на»: «солярис 2018 акпп»."""
    before, span = lowered[:found], car_span(lowered)
    right_after = _after_a_car(before) or _YEAR_OR_NUMBER_BEFORE.search(before) is not None
    return right_after and not _FOR_A_CAR.search(before) and not _ASKS.search(lowered) and span is not None and span[0] < found


_YEAR_OR_NUMBER_BEFORE = re.compile(r"\d\s*(?:г\.?|год\w*)?\s*,?\s*$")  # «2018 акпп», «1997 года, карбюратор»


def _after_a_car(before: str) -> bool:
    """The word right before names the car («ноут вариатор»): a unit said after it is which car."""
    span = car_span(before)
    return span is not None and span[1] == len(before.rstrip())


def _said_at(lowered: str, mentions: list[PartMention]) -> list[int]:
    """Where in the (lowercased) message each mention's words are, in order (-1: not found as said)."""
    at, places = 0, []
    for m in mentions:
        found = lowered.find(m.words.lower(), at)
        places.append(found)
        at = found + len(m.words) if found >= 0 else at
    return places


# a clause that asks for a part («нужна лампа», «надо подшипник») or guesses which one it is («сальник наверное»)
_ASKS = re.compile(
    r"\b(?:нуж(?:ен|на|ны|но)|надо|требу\w+|ищу|закаж\w+|куп(?:лю|ить)|подбер\w+|наверн\w*|может|видимо|похоже)\b",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r"[,.;!?\n]|(?=\b(?:нуж(?:ен|на|ны|но)|надо)\b)")  # «фара не горит нужна лампа»: two clauses


def _clause_of(lowered: str, at: int) -> str:
    """The clause of `lowered` around position `at`, between punctuation marks."""
    start = max((m.end() for m in _CLAUSE_END.finditer(lowered, 0, at)), default=0)
    end = _CLAUSE_END.search(lowered, at)
    return lowered[start : end.start() if end else len(lowered)]


_NEED_NEXT = re.compile(r"\s*(?:нуж(?:ен|на|ны|но)|надо)\b")


def _needed_next(lowered: str, at: int) -> bool:
    """The words of need come right after the part's clause: «…, прокладку надо» (the need opens a clause of its own)."""
    end = _CLAUSE_END.search(lowered, at)
    return end is not None and _NEED_NEXT.match(lowered, end.start()) is not None


def _fault_subjects_dropped(text: str, mentions: list[PartMention]) -> list[PartMention]:
    """«не горит фара, нужна лампа», «мигает поворотник, нужна лампочка», «масло течёт, сальник наверное»: a part
    that a clause tells the fault of (or tells to be fine, or bought or changed already: «граната в порядке», «брал
    колодки в прошлом месяце, теперь нужны диски»), beside a clause that asks for (or guesses at) another part, is no part
    asked for — the fault reaches the manager on the note (`fault_told`). Asked for by its own head word
    («гудит подшипник ступицы, нужен новый подшипник», «течёт бачок гур, нужен бачок») it is the part asked
    for, by its fuller name; said to be wanted too («течёт помпа, её тоже поменять») it stays."""
    if len(mentions) < 2 or _TOO.search(text):
        return mentions
    lowered = text.lower()
    fault: list[bool] = []
    asked: list[bool] = []
    fine: list[bool] = []
    for m, found in zip(mentions, _said_at(lowered, mentions), strict=True):
        clause = _clause_of(lowered, found) if found >= 0 else ""
        tells = bool(_FAULT.search(clause) or _DONE.search(clause))
        asks = bool(_ASKS.search(clause)) or (not tells and found >= 0 and _needed_next(lowered, found))
        fault.append(tells and not asks and not m.number and not m.denied)
        asked.append(asks and not tells)
        fine.append(bool(_FINE.search(clause)) and not asks and not m.number)
    if any(fine) and not all(fine):  # «пыльник шруса наружный, граната в порядке»: the one said to be fine is no need
        mentions = [m for m, told in zip(mentions, fine, strict=True) if not told]
        fault = [f for f, told in zip(fault, fine, strict=True) if not told]
        asked = [a for a, told in zip(asked, fine, strict=True) if not told]
    if not any(asked) or not any(fault):
        return mentions
    subjects = [f for f, told in zip(mentions, fault, strict=True) if told]
    kept: list[PartMention] = []
    for m, told, wanted in zip(mentions, fault, asked, strict=True):
        if told:
            continue
        same = next((f for f in subjects if _by_its_head(m, f)), None) if wanted else None
        if same is not None:  # by the faulty one's name, with what the asking said of it
            m = replace(same, spec=m.spec or same.spec, number=m.number or same.number)
        kept.append(m)
    return kept


# a part told to be fine or seen to already, no fault and no need: «граната в порядке», «колодки новые стоят», «брал у
# вас колодки в прошлом месяце», «свечи менял недавно»
_FINE = re.compile(
    r"\bв\s+порядке\b|\bцел(?:ый|ая|ое|ые|а|о|ы)\b|\bнормальн(?:ый|ая|ое|ые)\b(?!\s+\w)|\bжив(?:ой|ая|ое|ые|а|о|ы)\b"
    r"|\bнов(?:ый|ая|ое|ые)\s+(?:уже\s+)?(?:стоит|стоят|поставил\w*)",
    re.IGNORECASE,
)
_DONE = re.compile(
    r"\b(?:брал|взял|купил|покупал|менял|поменял|ставил|поставил|заменил|меняли|поменяли|поставили|заменили)(?:а|и)?\b",
    re.IGNORECASE,
)
# the faulty part is wanted too: «её тоже поменять», «его тоже посчитайте», «заодно и помпу»
_TOO = re.compile(
    r"\b(?:е[её]|его|их|она|он|они)\s+(?:тоже|также)\b|\bзаодно\b|\bтоже\s+(?:помен|замен|возьм|посчита|нуж|надо)", re.IGNORECASE
)


def _by_its_head(asked: PartMention, fault: PartMention) -> bool:
    """The part asked for is named by the faulty part's head word alone («бачок» for «бачок гур», «новый
    подшипник» for «подшипник ступицы»), nothing in its words naming another part."""
    heads = [_lemmas(w) for w in _WORD_RE.findall(fault.words.lower().replace("ё", "е")) if _names_a_part(w)]
    if not heads:
        return False
    words = [_lemmas(w) for w in _WORD_RE.findall(asked.words.lower().replace("ё", "е")) if _names_a_part(w)]
    return bool(words) and all(word & heads[0] for word in words)


@lru_cache(maxsize=1024)
def _read_pair(text: str) -> tuple[PartMention, ...]:
    return tuple(_extract(text, pairs=False))  # a pair's reading looks at no pairs again


_PAIRED_BY_HEAD = frozenset({"масло моторное"})  # «масло и фильтр» is the oil filter


def _of_the_one_before(mentions: list[PartMention]) -> list[PartMention]:
    """«стойки стабилизатора и втулки», «амортизаторы и пыльники», «амортизаторы с опорами»: a part named by
    its head word alone, right after another, is that one's («втулки стабилизатора», «пыльник
    амортизатора», «опора амортизатора») when the vocabulary knows the pair — on the side said of either
    («передние амортизаторы и пыльники»: the front shocks' boots)."""
    out = list(mentions)
    for i in range(1, len(out)):
        bare, before = out[i], out[i - 1]
        own = [w for w in bare.name.split() if not _qual_word(w)]
        if not (before.known and len(own) == 1 and not bare.denied and not bare.number):
            continue
        words = [w for w in before.name.split() if not _qual_word(w)]
        heads = words[:1] if len(words) == 1 or before.name in _PAIRED_BY_HEAD else []  # not «масло трансмиссионное»
        for word in [*words[1:], *heads]:
            read = _read_pair(f"{own[0]} {word}") if word != own[0] else ()
            if (
                len(read) == 1
                and read[0].known
                and read[0].name.startswith(own[0])
                and read[0].name != own[0]
                and not before.name.startswith(read[0].name)  # «противотуманка целая. Только фару»: another one
            ):
                sides = [w for w in bare.name.split() if _qual_word(w)] or [w for w in before.name.split() if _qual_word(w)]
                paired = replace(bare, name=read[0].name)
                sided = sides and _norm(read[0].name) in _vocab().context["sided"]
                out[i] = _qualified_by(paired, sides) if sided else paired
                break
    return out


_ONLY_BESIDE = frozenset({"опора"})  # a part the vocabulary knows only as another one's («амортизаторы с опорами»)


def _touching_dropped(text: str, mentions: list[PartMention]) -> list[PartMention]:
    """A bare «опора» left unpaired that touches another part's words («шарова опора», «подвесная опора
    кардана», «опора КПП») is a word of that part, not a part of its own, and so is one said with «с» («рычаг
    с опорой»); before a word of no part («опора глушителя», «опора балки») it is the customer's part in
    their words; said apart («и опоры тоже») it is the customer's word."""
    others = {w for m in mentions if m.name not in _ONLY_BESIDE for w in _WORD_RE.findall(m.words.lower())}
    lowered = text.lower()
    kept = []
    for m in mentions:
        if m.name in _ONLY_BESIDE:
            words = re.escape(m.words.lower())
            before = re.search(rf"(\w+)[ \t]+{words}\b", lowered)
            after = re.search(rf"\b{words}[ \t]+(\w+)", lowered)
            if any(found and found[1] in others for found in (before, after)) or (before and before[1] in ("с", "со")):
                continue  # «рычаг с опорой»: what the arm comes with, as before
            of_what = after[1] if after and after[1].isalpha() else ""
            if of_what and " " not in m.words.strip() and any(p.tag.POS == "NOUN" and "gent" in p.tag for p in _parses(of_what)):
                m = replace(m, words=f"{m.words} {of_what}")  # «опора балки»: the genitive after it is its own
            if " " in m.words.strip():  # «опора глушителя»: in the customer's words
                m = replace(m, name=m.words, known=False)
        kept.append(m)
    return kept


# a system named in general words, not a part: «надо бы тормоза поменять, колодки вкруг», «ходовую перебрать: …»
_SYSTEMS = re.compile(r"(?:тормоз(?:а|ов|ами)?|ходов(?:ая|ую|ой)|подвеск[аиу]|электрик[аиу])", re.IGNORECASE)


def _systems_dropped(mentions: list[PartMention]) -> list[PartMention]:
    """A system said in the customer's words beside the parts of it the vocabulary knows: the parts are the request."""
    if not any(m.known for m in mentions):
        return mentions
    return [m for m in mentions if m.known or not _SYSTEMS.fullmatch(m.words.strip())]


def _general_dropped(mentions: list[PartMention]) -> list[PartMention]:
    """«надо фильтры: масляный, воздушный, салонный»: a part named generally, then two or more of its kinds, is
    those kinds — no line of its own."""
    out = list(mentions)
    for m in mentions:
        later = out[out.index(m) + 1 :] if m in out else []
        kinds = [o for o in later if o.known and o.name.startswith(m.name + " ")]
        if m.known and not (m.spec or m.number or m.denied) and len(kinds) >= 2:
            out.remove(m)
    return out


def _kits_listed(mentions: list[PartMention]) -> list[PartMention]:
    """«на ТО нужно: масло, фильтр масляный, …»: the parts listed are the service kit, no kit beside them
    («фильтры на ТО» keeps it: which filters is the kit's)."""
    listed = [m for m in mentions if m.known and m.name not in SERVICE_KITS]
    if any(m.name in SERVICE_KITS for m in mentions) and len(listed) >= 2:
        return [m for m in mentions if m.name not in SERVICE_KITS]
    return mentions


def _unnumbered_words(m: PartMention) -> str:
    """The customer's words for the part without its number («фильтр W712/95» -> «фильтр»)."""
    return " ".join(m.words.replace(m.number, " ").split()) if m.number else m.words


def _in_sense(mentions: list[PartMention]) -> list[PartMention]:
    """A bare name read as the part it means beside the others («корзина, диск, выжимной»: the clutch disc)."""
    names = {m.name for m in mentions}

    def named(parts: frozenset[str]) -> bool:  # «колодки тормозные передние» names «колодки тормозные»
        return any(n == part or n.startswith(part + " ") for n in names for part in parts)

    for sense in _vocab().senses:
        if named(sense.beside) and not named(sense.unless):
            mentions = [
                replace(m, name=sense.means) if m.name == sense.name and _norm(_unnumbered_words(m)) in sense.words else m
                for m in mentions
            ]
    return mentions
