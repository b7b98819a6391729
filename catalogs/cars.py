"""Find the customer's car (make, model, year) in a free-text Russian message.

The vocabulary lives in ``catalogs/data/cars.toml`` and is loaded lazily, once.
Declined forms ("соляриса", "на приору", "у тойоты") are generated from the
dictionary forms with a few Russian noun endings, so no morphology library is
needed here.
"""

from __future__ import annotations

import datetime as _dt
import re
import tomllib
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from catalogs.edits import one_typo
from catalogs.makers import AFTERMARKET_MAKERS
from catalogs.morphology import is_known_word

__all__ = ["CarMention", "contradicts", "extract_car", "is_car_word"]

_DATA = Path(__file__).parent / "data" / "cars.toml"
_TOKEN_RE = re.compile(r"[a-zа-я0-9]+")
# Inflection endings per stem type; the stem is the alias minus its last letter
# for vowel/soft endings and the whole alias for hard consonants.
_ENDINGS_A = ("а", "ы", "и", "е", "у", "ой", "ою", "ам", "ами", "ах")
_ENDINGS_YA = ("я", "и", "е", "ю", "ей", "ею")
_ENDINGS_SOFT = ("ь", "й", "я", "ю", "е", "ем", "и", "ей", "ью")
_ENDINGS_HARD = ("", "а", "у", "е", "ом", "ы", "ов", "ам", "ами", "ах")
_VELAR = tuple("гкхжшщч")  # after these the plural ending is "и", not "ы"
# Generated forms that are ordinary Russian words far more often than cars.
_NOT_CARS = frozenset({"вести", "гранты"})
# … which are the car after «для»: «чехлы для гранты»
_CARS_AFTER = {"гранты": "гранта", "вести": "веста"}
_GENITIVE_PREPOSITIONS = frozenset({"для"})  # not «подойдёт ли с гранты на калину»: the donor
_CAR_PREPOSITIONS = frozenset({"на", "для", "под"})
# words a nickname names the car after as well as after «на»: «машина девятка», «авто 2114», «у меня семёрка»
_CAR_NOUNS = frozenset({"машина", "машинка", "авто", "автомобиль", "тачка", "меня"})  # «меня» after «у»
_NEAR = 2  # tokens between a weak alias and the word that confirms it
_YEAR_NEAR = 40  # characters between the car and its year
_YEAR_SUFFIX = r"(?:г\.?\s*в\.?|гв|года|год|г\.?|-?го)"
_YEAR_FULL_RE = re.compile(rf"(?<![\w./-])((?:19|20)\d\d)(?:\s*({_YEAR_SUFFIX}))?(?![\w/-])")
_A_DAY = re.compile(r"\b(?:после|до|с|со|к|ко|по|от|на|около|числа)\s*$")  # before «15го»: a day of the month
_YEAR_SHORT_RE = re.compile(rf"(?<![\w./-])(\d\d)\s*({_YEAR_SUFFIX})(?![\w])")


@dataclass(frozen=True)
class CarMention:
    make: str | None  # "Toyota"
    model: str | None  # "Camry"
    year: int | None  # 2008
    text: str  # human text: "Toyota Camry 2008"
    start: int = field(default=-1, compare=False)  # where the message names it (-1: not from a message)


@dataclass(frozen=True)
class _Alias:
    words: tuple[str, ...]
    make: str
    model: str | None  # None for a make alias
    weak: bool
    after_preposition: bool = False  # a weak alias that counts after «на», «для», «от», «под» («на 2114»)


@dataclass(frozen=True)
class _Hit:
    start: int  # token index
    end: int  # token index after the last token
    alias: _Alias
    char_start: int
    char_end: int


def _normalise(text: str) -> str:
    return text.lower().replace("ё", "е")


def _forms(word: str) -> set[str]:
    """The word plus its declined forms (only for plain Cyrillic words of 4+ letters)."""
    if len(word) < 4 or not re.fullmatch(r"[а-я]+", word):
        return {word}
    last = word[-1]
    if last == "а":
        forms = {word[:-1] + e for e in _ENDINGS_A}
    elif last == "я":
        forms = {word[:-1] + e for e in _ENDINGS_YA}
    elif last in "ьй":
        forms = {word[:-1] + e for e in _ENDINGS_SOFT}
    elif last in "аеиоуыэюя":
        forms = {word}  # indeclinable: "камри", "поло", "рио"
    else:
        plural = "и" if word.endswith(_VELAR) else "ы"
        forms = {word + (plural if e == "ы" else e) for e in _ENDINGS_HARD}
    forms.add(word)
    return forms - (_NOT_CARS - {word})


@lru_cache(maxsize=1)
def _index() -> dict[str, tuple[tuple[_Alias, frozenset[str]], ...]]:
    """First-token form -> aliases starting there, with the accepted forms of the last token."""
    with _DATA.open("rb") as fh:
        data = tomllib.load(fh)
    index: dict[str, list[tuple[_Alias, frozenset[str]]]] = {}

    def add(raw: str, make: str, model: str | None, weak: bool, after_preposition: bool = False) -> None:
        words = tuple(_TOKEN_RE.findall(_normalise(raw)))
        if not words:
            return
        alias = _Alias(words, make, model, weak, after_preposition)
        last_forms = frozenset(_forms(words[-1]))
        firsts = last_forms if len(words) == 1 else {words[0]}
        for first in firsts:
            index.setdefault(first, []).append((alias, last_forms))

    for make, spec in data.items():
        for raw in spec.get("aliases", []):
            add(raw, make, None, False)
        for raw in spec.get("weak_aliases", []):
            add(raw, make, None, True)
        for key, weak in (("models", False), ("weak_models", True)):
            for model, aliases in spec.get(key, {}).items():
                for raw in aliases:
                    add(raw, make, model, weak)
        for model, aliases in spec.get("prep_models", {}).items():
            for raw in aliases:
                add(raw, make, model, True, after_preposition=True)
    return {k: tuple(v) for k, v in index.items()}


_TYPO_LENGTH = 5  # a word this long one typo away from a car's own name stands for it («лагус», «октавю»)


@lru_cache(maxsize=1)
def _by_deletion() -> dict[str, frozenset[str]]:
    """Every one-letter deletion of a (Cyrillic, long enough, single-word, strong) alias form -> those forms: with
    the word's own deletions it finds what one letter dropped, added or changed turns the word into."""
    found: dict[str, set[str]] = {}
    for key, entries in _index().items():
        if len(key) < _TYPO_LENGTH or not re.fullmatch(r"[а-я]+", key):
            continue
        if not any(len(alias.words) == 1 and not alias.weak for alias, _ in entries):
            continue
        for variant in {key, *(key[:i] + key[i + 1 :] for i in range(len(key)))}:
            found.setdefault(variant, set()).add(key)
    return {variant: frozenset(keys) for variant, keys in found.items()}


@lru_cache(maxsize=4096)
def _typo_of(word: str) -> str | None:
    """The one car-name form `word` is a typo of («лагус» -> «ларгус»), when the dictionary knows no such word."""
    if len(word) < _TYPO_LENGTH or not re.fullmatch(r"[а-я]+", word) or word in _index():
        return None
    if is_known_word(word):
        return None
    table = _by_deletion()
    keys = {key for variant in {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))} for key in table.get(variant, ())}
    keys = {key for key in keys if one_typo(word, key) and key[0] == word[0]}  # a typo rarely hits the first letter
    cars = {frozenset((alias.make, alias.model) for alias, _ in _index()[key]) for key in keys}
    return min(keys) if len(cars) == 1 else None  # «салярис»: «солярис» and «саларис» are both the Solaris


def _typo_in_place(words: list[str], i: int, hits: list[_Hit]) -> str | None:
    """The car name `words[i]` is a typo of, where a car is expected: after «на», «для», «под» («на лагус»), before
    a year or a generation («прора 2013», «креату 1.6»), or after its maker («хавал джулион») — not «кароч» (короче),
    «в Мурино»."""
    key = _typo_of(words[i])
    if key is None:
        return None
    after_preposition = i > 0 and words[i - 1] in _CAR_PREPOSITIONS
    before_numbers = i + 1 < len(words) and re.fullmatch(r"\d{1,4}|[a-zа-я]\d{1,2}", words[i + 1]) is not None
    makes = {alias.make for alias, _ in _index()[key]}
    after_maker = bool(hits) and hits[-1].end == i and hits[-1].alias.model is None and hits[-1].alias.make in makes
    return key if after_preposition or before_numbers or after_maker else None


def is_car_word(word: str, before: str = "") -> bool:
    """True when a word names or starts a make/model ("камри", "соляриса", "ленд").

    Weak aliases ("6") and one- or two-letter starts ("с" of "с класс") do not count; those that name a
    car after «на» («на семерку», «на 2114») do, and «гранты» after the word `before` it when that is «для», «с».
    """
    word = _normalise(word)
    if word in _CARS_AFTER and _normalise(before) in _GENITIVE_PREPOSITIONS:
        word = _CARS_AFTER[word]
    entries = _index().get(word, ())
    return any((not a.weak or a.after_preposition) and (len(a.words) == 1 or len(word) > 2) for a, _ in entries)


def _tokens(text: str) -> list[re.Match[str]]:
    return list(_TOKEN_RE.finditer(_MULTIPLIER.sub(lambda m: " " * len(m.group()), _normalise(text))))


# «90915-YZZE1 x1»: a count after a part's number (it ends in a digit), not BMW's X1 — blanked, the offsets kept
_MULTIPLIER = re.compile(r"(?<=\d)\s+[xх×*]\s?\d{1,2}\b", re.IGNORECASE)


def _hits(tokens: list[re.Match[str]]) -> list[_Hit]:
    """Longest alias match at each position, left to right, without overlaps."""
    index = _index()
    words = [t.group() for t in tokens]
    hits: list[_Hit] = []
    i = 0
    while i < len(words):
        best: list[_Alias] = []
        best_len = 0
        first = words[i] if words[i] in index else _typo_in_place(words, i, hits) or words[i]  # «на лагус»
        if first in _CARS_AFTER and i and words[i - 1] in _GENITIVE_PREPOSITIONS:
            first = _CARS_AFTER[first]  # «для гранты»
        for alias, last_forms in index.get(first, ()):
            n = len(alias.words)
            if n < best_len or i + n > len(words):
                continue
            middle_ok = all(words[i + k] == alias.words[k] for k in range(1, n - 1))
            if not middle_ok or (n > 1 and words[i + n - 1] not in last_forms):
                continue
            if n > best_len:
                best, best_len = [], n
            best.append(alias)
        if not best:
            i += 1
            continue
        # Several makes may share an alias; keep them all, _pick decides. One that counts after a
        # preposition («на семерку») is a model of its own there, and the likeliest of those sharing it.
        if _a_car_after_preposition(words, i, best) or _a_car_by_its_engine(words, i + best_len, best):
            best = [replace(a, weak=False) for a in best if a.after_preposition]
        for alias in best:
            hits.append(_Hit(i, i + best_len, alias, tokens[i].start(), tokens[i + best_len - 1].end()))
        i += best_len
    return hits


def _a_car_after_preposition(words: list[str], i: int, aliases: list[_Alias]) -> bool:
    """«колодки на семерку», «на 2114»; not money, a size or a tool: «скидку на копейку», «ключ на десятку»,
    «на 2106 рублей», «звездочка на 2108 мм»."""
    said = words[i - 1] if i else ""
    introduced = said in _CAR_PREPOSITIONS or (said in _CAR_NOUNS and (said != "меня" or words[i - 2 : i - 1] == ["у"]))
    if not (introduced and any(a.after_preposition for a in aliases)):
        return False
    if re.fullmatch(r"[а-яё]+[ая]х", words[i]):  # «ещё на транзитах» (the plates), not a car: one is «на транзите»
        return False
    after = words[i + 1] if i + 1 < len(words) else ""
    before = words[max(0, i - 3) : i - 1]  # «ключ на десятку», «ключ рожковый на десятку»
    files = any(_FILE_WORK.match(word) for word in words[i + 1 : i + 4])
    # a model's four digits are no tool's size: «болты гбц на 2107» (but «скидку на 2106 рублей» is money)
    tools = any(_NOT_A_CAR_BEFORE.match(word) for word in before if not (words[i].isdigit() and _TOOL.match(word)))
    return not (_NOT_A_CAR_AFTER.match(after) or files or tools)


def _a_car_by_its_engine(words: list[str], after: int, aliases: list[_Alias]) -> bool:
    """«2109 инжектор», «2107 карбюратор», «2114 8кл», «2110 16 клапанов»: a model said with its engine."""
    if not any(a.after_preposition for a in aliases) or after >= len(words):
        return False
    following = " ".join(words[after : after + 2])
    return _ENGINE_AFTER.match(following) is not None


_ENGINE_AFTER = re.compile(r"(?:инжектор|карбюратор|карб\b|моновпрыск|\d{1,2}\s?кл(?:ап\w*)?\b)")
_NOT_A_CAR_AFTER = re.compile(r"руб|р$|тыс|штук|шт$|мм$|см$|год|лет$|больше|меньше|дешевле|дороже|процент|км$")
_NOT_A_CAR_BEFORE = re.compile(
    r"ключ|головк|болт|гайк|дорож|дешев|скидк|цен|стоит|больше|меньше|сдач|накин|скин|перекин|сохран|фото|скан|файл"
)
_TOOL = re.compile(r"ключ|головк|болт|гайк")
# files moved or looked at, a few words on: «на ноут скину фото стс», «вин на ноуте, сейчас посмотрю» — a laptop
_FILE_WORK = re.compile(r"скин|перекин|кин[уе]|пришл|отправл|сохран|посмотр|гляну|загля")


def _near(a: _Hit, b: _Hit) -> bool:
    gap = b.start - a.end if b.start >= a.end else a.start - b.end
    return 0 <= gap <= _NEAR


def _pick(hits: list[_Hit]) -> tuple[str, str | None, _Hit] | None:
    makes = [h for h in hits if h.alias.model is None]
    models = [h for h in hits if h.alias.model is not None]
    named = {h.alias.make for h in makes if not h.alias.weak}
    valid_models = [m for m in models if not m.alias.weak or any(h.alias.make == m.alias.make and _near(h, m) for h in makes)]
    valid_makes = [h for h in makes if not h.alias.weak or any(m.alias.make == h.alias.make and _near(h, m) for m in models)]
    named |= {h.alias.make for h in valid_makes}
    if valid_models:
        first = min(m.start for m in valid_models)
        same_spot = [m for m in valid_models if m.start == first]
        chosen = next((m for m in same_spot if m.alias.make in named), same_spot[0])
        return chosen.alias.make, chosen.alias.model, chosen
    if valid_makes:
        return valid_makes[0].alias.make, None, valid_makes[0]
    return None


# a year said in words: «две тысячи восьмого года», «двадцать первого», «двухтысячного»
_ORDINAL_STEMS = {
    "одиннадцат": 11, "двенадцат": 12, "тринадцат": 13, "четырнадцат": 14, "пятнадцат": 15, "шестнадцат": 16,
    "семнадцат": 17, "восемнадцат": 18, "девятнадцат": 19, "двадцат": 20, "перв": 1, "втор": 2, "трет": 3,
    "четверт": 4, "пят": 5, "шест": 6, "седьм": 7, "восьм": 8, "девят": 9, "десят": 10,
}  # fmt: skip
_ORDINAL = "(?P<ord>" + "|".join(_ORDINAL_STEMS) + r")(?:ого|ьего|его|ой|ый|ий|ом|ем|ьем)"
_YEAR_WORDS_RE = re.compile(
    rf"(?<!\w)((?:две\s+(?:тысячи|тыщи|тыщ)|2\s*тыс\.?)\s+(?P<twenty>двадцать\s+)?{_ORDINAL}|двухтысячн(?:ого|ый|ом))(?:\s+({_YEAR_SUFFIX}))?(?!\w)"
)


# … its last words alone, with «года» after them: «двадцатого года», «девяносто восьмого года», «восемьдесят девятого»
_YEAR_WORDS_SHORT_RE = re.compile(
    rf"(?<!\w)((?P<decade>восемьдесят\s+|девяносто\s+)?(?P<twenty>двадцать\s+)?{_ORDINAL})\s+((?:год|года|году|г\.?)(?:\s+выпуска)?)(?!\w)"
)


def _year_in_words(m: re.Match[str]) -> int:
    if m["ord"] is None:
        return 2000  # «двухтысячного»
    if m.re is _YEAR_WORDS_SHORT_RE and m["decade"]:  # «девяносто восьмого года»; no year at all past the ninth
        unit = _ORDINAL_STEMS[m["ord"]]
        return (1980 if m["decade"].startswith("вос") else 1990) + unit if unit < 10 else 0
    return 2000 + (20 if m["twenty"] else 0) + _ORDINAL_STEMS[m["ord"]]


def _years(text: str) -> list[tuple[re.Match[str], int]]:
    """The years written in the text, in order: «2008», «08 г.», «15 года», «две тысячи восьмого» (1970 to next year)."""
    top = _dt.date.today().year + 1
    norm = _normalise(text)
    found = [(m, int(m.group(1))) for m in _YEAR_FULL_RE.finditer(norm)]
    said = [(m, _year_in_words(m)) for m in _YEAR_WORDS_RE.finditer(norm)]
    said += [
        (m, _year_in_words(m))
        for m in _YEAR_WORDS_SHORT_RE.finditer(norm)
        if not any(o.start() <= m.start() < o.end() for o, _ in said)
    ]
    found += said
    for m in _YEAR_SHORT_RE.finditer(norm):
        after = norm[m.end() :].lstrip()
        if (_A_DAY.search(norm[: m.start()]) and m.group(2).endswith("го") and not after.startswith("г")) or after.startswith(
            "числ"
        ):
            continue  # «после 15го», «до 20-го числа»: a day of the month, not the car's year
        short = int(m.group(1))
        found.append((m, 2000 + short if short <= top % 100 else 1900 + short))
    return sorted(((m, year) for m, year in found if 1970 <= year <= top), key=lambda pair: pair[0].start())


_YEAR_SAID_BEFORE = re.compile(r"\b(?:год|года|г\.?\s?в\.?)(?:\s+выпуска)?\s*[:\-]?\s*$")


def _year(text: str, car_start: int, car_end: int) -> int | None:
    """The year nearest after the car (then before it); else any year written with "г"/"года"."""
    near: list[tuple[int, int, int]] = []
    explicit: list[int] = []
    norm = _normalise(text)
    for m, year in _years(text):
        if m.start() >= car_end and m.start() - car_end <= _YEAR_NEAR:
            near.append((0, m.start() - car_end, year))
        elif m.end() <= car_start and car_start - m.end() <= _YEAR_NEAR:
            near.append((1, car_start - m.end(), year))
        if m.group(2) or _YEAR_SAID_BEFORE.search(norm, 0, m.start()):  # «2006 г.», «год 2006», «год выпуска: 2006»
            explicit.append(year)
    if near:
        return min(near)[2]
    return explicit[0] if explicit else None


_NOT_THE_CARS = re.compile(r"\?|руб|₽|тыс|\b(?:в|до|за|после|с|от|по)\s+(?:19|20)\d\d", re.IGNORECASE)


_NEGATED = re.compile(r"\bне\s*$")


# a question asked after what is told: «2015 год, а привезти можно к пятнице?», «2015. Доставка есть?»
_QUESTION_ASIDE = re.compile(r"(?:[,;]\s*(?:а|и|но|кстати)\b|[.!]\s)[^.!?]*\?[\s?!]*$", re.IGNORECASE)


def year_alone(text: str) -> int | None:
    """A year said without a car, in a message that is little more than the year («2014», «год 2017»,
    «2012 г 2.5», «вин не знаю, 2008 год 2.4»), a question asked after it aside («2015 год, а доставка есть?»):
    the car's, once it is known. Not a sum («до 2000 рублей»), a time («менял в 2019 году») or a question
    («а на 2017 подойдут?»)."""
    found = _year_alone(text)
    if found is None and (aside := _QUESTION_ASIDE.search(text)):
        found = _year_alone(text[: aside.start()])
    return found


# the year looked up in the car's papers: «по стс посмотрел», «в птс глянул»
_LOOKED_UP = re.compile(r"\b(?:по|в)\s+(?:стс|птс|документ\w*|техпаспорт\w*|паспорт\w*|свидетельств\w*)\b", re.IGNORECASE)


def _year_alone(text: str) -> int | None:
    years = _years(text)
    longest = 10 if _LOOKED_UP.search(text) else 6  # «ой по стс посмотрел у меня 2019 оказывается»
    if (
        not years
        or len(text.split()) > longest
        or _NOT_THE_CARS.search(_YEAR_WORDS_SHORT_RE.sub(" ", _YEAR_WORDS_RE.sub(" ", _normalise(text))))
    ):
        return None
    norm = _normalise(text)
    meant = [(m, year) for m, year in years if not _NEGATED.search(norm[: m.start()])] or years  # «не 2014, а 2015»
    return next((year for m, year in meant if m.group(2)), meant[0][1])


def car_span(text: str) -> tuple[int, int] | None:
    """Where the text names the car `extract_car` reads (its model, else its make), in characters."""
    picked = _pick(_hits(_tokens(text)))
    return None if picked is None else (picked[2].char_start, picked[2].char_end)


def year_spans(text: str) -> list[tuple[int, int]]:
    """Where the text writes a year (its digits), in order."""
    return [m.span(1) for m, _ in _years(text)]


def extract_car(text: str) -> CarMention | None:
    """The first car named in the message, or None when no make or model is found.

    A model implies its make; a bare year is not a car.
    """
    return _first(text, _hits(_tokens(text)))


def car_named_alone(words: str) -> CarMention | None:
    """The car a short answer names by a nickname or number that counts only after «на» («2112», «пятнашка 2008»,
    «десятка»): read as if said «на 2112». For answers to «which car?» and cars put right, not for any message."""
    return extract_car(f"на {words}")


def _first(text: str, hits: list[_Hit]) -> CarMention | None:
    picked = _pick(hits)
    if picked is None:
        return None
    make, model, hit = picked
    return _mention(text, make, model, hit)


# the engine told by its valves («8кл», «16 клапанов», «16V») or its volume («1.6»)
_VALVES = r"\d{1,2}\s?(?:кл|клап\w*|V)\b"
_VOLUME = r"(?<![\d.,])[1-6][.,]\d(?!\d|[.,]\d)"
_ENGINE_DETAILS = (re.compile(rf"\b{_VALVES}", re.IGNORECASE), re.compile(_VOLUME))


_ENGINE_NAMED = re.compile(
    r"^\W*(?:(?:то\s+есть|точнее|вернее)\s+)?(?:на\s+|(?:двигатель|двиг|движок|мотор|объ[её]м)\s+(?:у\s+меня\s+|стоит\s+)?)",
    re.IGNORECASE,
)  # «двигатель 2.4», «то есть на 1.4»


def engine_put_right(car: str, words: str) -> str | None:
    """The car with its valves or volume put right when the words say only them («хотя нет, 16 клапанов»):
    replaced where the car had them, added where it had none; None when the words say more than that."""
    words = _ENGINE_NAMED.sub("", words)  # «двигатель 2.4», «мотор 16 клапанов»
    for detail in _ENGINE_DETAILS:
        said = detail.fullmatch(words.strip(" .!,"))
        if said is None:
            continue
        had = detail.search(car)
        if had is None:
            return f"{car} {said.group()}"
        return None if had.group() == said.group() else f"{car[: had.start()]}{said.group()}{car[had.end() :]}"
    return None


_ENGINE_WORD = r"(?:двигатель|двиг|движок|мотор|двс)"  # «солярис двигатель G4FC»: the engine's code follows
_ENGINE_MAKERS = r"умз|змз|ymz|zmz"  # Russian engines named by their works: «умз 4216», «змз 406»


_NOT_NEEDED = r"(?!\s+(?:нуж\w*|надо|ищу|куп\w*))"  # «дизель нужен», «автомат надо»: the thing wanted, not the car
# The car's kind in words: its fuel, engine, gearbox, air conditioning, body («дастер 2016 дизель», «solaris mt»,
# «ларгус с кондиционером»: which starter, radiator or gearbox part fits), also said after its year
_CAR_WORDS = (
    rf"(?:(?:инжектор|карбюратор|дизель|дизеле|бензин|бензине|бенз|diesel|petrol|турбо|турбодизель|атмосферник)\b{_NOT_NEEDED}"
    r"|(?:4wd|awd|2wd|4x4|4х4|4matic|xdrive|quattro|кватро|полноприводн\w+|полный\s+привод)(?![\w-])"  # the drive
    r"|полный(?=\s*(?:$|[,;!?\n)]|\.(?!\d)))"  # «спортейдж 4 2017 2.0 полный»: all-wheel drive
    r"|(?:hdi|tdi|dci|crdi|cdi|tsi|tfsi|gdi|mpi|thp|vti|tce|vvt-?i|тси|тфси|тди|црди)(?![\w-])"  # «308 1.6 hdi», «1.4 тси»
    rf"|(?:mt|at|cvt|dsg|акпп|мкпп|мт|ат|механика|автомат|вариатор|робот)(?![\w-]){_NOT_NEEDED}"
    r"|(?:с|без)\s+(?:кондиционер(?:ом|а)|конде(?:ем|я))\b"
    r"|[2-5]-?х?\s?(?:дв(?:ерн\w*|\.)?|д)(?![\w.])"  # «цивик 4д», «5дв», «3-х дверный»: the body by its doors
    r"|седан|хэтчбек|хетчбек|универсал|лифтбек|купе|(?:до)?рестайл\w*|рест|дорест"
    r"|touring|combi|комби|avant|авант|wagon|sportback|спортбэк|кабриолет|фургон|пикап|минивэн|минивен)(?![\w-])"
)


# What the customer tells of the car right after its model — the generation, body, engine, gearbox — which a
# manager picks parts by: «камри 50 2.5», «мазда 3 BM», «фит GE6», «поло седан 1.6 CFNA», «калина 8кл»
_DETAIL = re.compile(
    rf"\s*(?:,\s*)?(?:{_ENGINE_WORD}\s+)?(?P<detail>(?:0[.,][6-9]|[1-6][.,]\d)(?:\s?(?:T|TSI|TFSI)\b)?(?!\s*(?:л\b|l\b|литр|тыс|т\.?\s?р|к\b|k\b|руб|р\b|₽|%|мм|см|кг))"  # 1.6, 1.4T — not 4.5 л, 2.5 тыс
    rf"|{_VALVES}"  # 8кл, 16 клапанов, 16V
    r"|(?-i:[A-Z]{1,4}\d{0,3}[A-Z]?\d?(?:-[A-Z]{2,3})?|\d[A-Z]{2,3}(?:-[A-Z]{2,3})?|[A-Z]\d\d[A-Z]{3}|[A-Z]\d[A-Z]{2})(?![\w-])"  # BM, GE6, E150, K4M, CFNA, 2ZR-FE, Z16XER, G4FC
    r"|(?-i:(?=[a-z]*\d)(?:[a-z]{1,2}\d{1,2}[a-z]\d?|\d[a-z]{2,3}|[a-z]\d{2,3}|[a-z]\d\d[a-z]{3})(?:-[a-z]{2,3})?)(?![\w-])"  # k4m, f16d3, 2az, 1zz-fe, j11, w212, z16xer
    r"|\d{3}(?:i|d|xi|xd|ci|td|tdi)(?![\w-])"  # «е90 320i», «530d»: BMW's model and its engine
    rf"|(?:{_ENGINE_MAKERS})[\s-]?\d{{3}}(?:\d{{1,2}})?(?:[.,]\d{{1,2}})?(?![\w-])|камминз|cummins"  # «газель умз 4216», «змз 406»
    rf"|\d{{3,5}}(?=\s+{_ENGINE_WORD}\b)"  # «газель бизнес 4216 двигатель»: the engine named by its number
    r"|(?-i:[АБСаб][3-9])(?![\w]|[.,]\d)"  # «октавия а7», «пассат б8,», «А6 С7»: a generation in Cyrillic letters
    r"|(?-i:(?![вВсС]\d)[а-яА-Я]\d{2,3})(?![\w.,:-])"  # «х-трейл т31», «королла е150» typed in Cyrillic (not «в10 утра»)
    r"|(?-i:[a-z]{1,2}|[хХ])(?=\s*(?:$|[,;!?\n)]|\.(?!\d)|(?:19|20)\d\d\b|[1-6][.,]\d))"  # «астра h 1.6», «лансер х,», «мазда 6 gj 2015»: a generation's letters
    rf"|{_CAR_WORDS})(?![\w.,]\d)",
    re.IGNORECASE,
)
_GENERATION = re.compile(r"\s*(?P<detail>\d{1,3})\b(?![.,]\d)")  # «камри 50», «логан 2», «фокус 3»: before more details
# … or where the car's words end: its year, or the need said after it («на мой лансер 10 ещё нужны колодки»)
_CLAUSE_ENDS = re.compile(r"\s*(?:$|[,;!?\n)]|\.(?!\d)|(?:19|20)\d\d\b|(?:ещ[её]|тоже|нужн\w*|нужен|надо)\b)")
# words in capitals that are no car's: a system, a label, a side, a bulb, a tyre, a part's maker («камри 40 TRW колодки»)
_NOT_DETAILS = re.compile(
    rf"vin|abs|srs|esp|led|dot|oem?|ok|std|ptf|[lr]h?|[fr][lr]|[lr][fr]|h\d+|hb\d|d\d[sr]|r\d\d|x\d|fag|nk|{AFTERMARKET_MAKERS}"
    r"|p?[wy]?\d{1,2}w|py\d+w?|t(?:4|5|10|20)w?|g1[123]\+*|\d+(?:pk|pcs?|mm|cm|din)",  # bulbs (w5w, p21w, t10), antifreeze (g12), belts (6pk), counts
    re.IGNORECASE,
)
_RUSSIAN_ENGINE = re.compile(_ENGINE_MAKERS, re.IGNORECASE)
_NUMBER_OF_AN_ENGINE = re.compile(rf"\s+{_ENGINE_WORD}\b", re.IGNORECASE)
_CODE_DIGITS = 3  # a car's code has at most this many digits («E150», «F16D3»); «GDB3393» is a part number


def _details(text: str, end: int) -> str:
    """The generation, body, engine and gearbox said right after the model (see _DETAIL), as written."""
    found: list[str] = []
    at = end
    first = _GENERATION.match(text, at)
    if first and (_CLAUSE_ENDS.match(text, first.end()) or _DETAIL.match(text, first.end())):  # not «логан 2 колодки»
        found.append(first["detail"])
        at = first.end()
    past_the_year = False
    while len(found) < 4:
        m = _detail_at(text, at)
        if m is None and not past_the_year and (year := _YEAR_BETWEEN.match(text, at)) is not None:
            at, past_the_year = year.end(), True  # «гранта 2015 8 клапанов»: the engine told after the year
            continue
        if m is None:
            break
        found.append(m["detail"])
        at = m.end()
    return " ".join(found)


_HAS_DIGIT = re.compile(r"\d")
_CAR_WORDS_RE = re.compile(_CAR_WORDS, re.IGNORECASE)


def _names_the_car(detail: str) -> bool:
    """A detail that can only be the car's: with a digit («2.4», «G4FC») or a word of its kind («механика»), not
    capitals alone («NO», «I»)."""
    return _HAS_DIGIT.search(detail) is not None or _CAR_WORDS_RE.fullmatch(detail) is not None


def _detail_at(text: str, at: int) -> re.Match[str] | None:
    """The car's detail written at `at` (see _DETAIL): not a word of no car's, a year or a part's number."""
    m = _DETAIL.match(text, at)
    if m is None or _NOT_DETAILS.fullmatch(m["detail"]) or _YEAR_FULL_RE.fullmatch(m["detail"]):
        return None
    if "," in text[at : m.start("detail")] and not _names_the_car(m["detail"]):
        return None  # after a comma only a number's detail or a word of the car's kind: «камри 40, 2.4» (not «rio, I made»)
    # «умз 4216», «4216 двигатель»: its four digits are its name
    russian_engine = (
        _RUSSIAN_ENGINE.match(m["detail"]) is not None or _NUMBER_OF_AN_ENGINE.match(text, m.end("detail")) is not None
    )
    if sum(ch.isdigit() for ch in m["detail"]) > _CODE_DIGITS and not russian_engine:
        return None
    return m


def details_beside_year(text: str) -> str:
    """The car's details a message gives beside its year and nothing else («2018 2.0», «2016, дизель, механика»),
    as written; "" when it says anything more («2015, колодки ещё») or has no year."""
    return car_details(text) if len(list(_YEAR_FULL_RE.finditer(text))) == 1 else ""


# words a message of the car's details may have besides them: «это 150 кузов, 1.6, механика», «год 2016 1.4 тси»
_DETAIL_WORDS = re.compile(r"\b(?:это|у\s+меня|кузов|года?|г|выпуска|ну|там|а)\b\.?", re.IGNORECASE)
_BODY_NUMBER = re.compile(r"\b(?P<n>\d{2,3})\s*(?:-?м|-?й)?\s+кузов\w*|\bкузов\w*\s+(?P<m>\d{2,3})\b", re.IGNORECASE)


def car_details(text: str) -> str:
    """The car's details a message gives and nothing else but its year («2018 2.0», «это 150 кузов, 1.6, механика»),
    as written; "" when it says anything more («2015, колодки ещё») or no detail."""
    found = list(_YEAR_FULL_RE.finditer(text))
    if len(found) > 1:
        return ""
    rest = f"{text[: found[0].start()]} {text[found[0].end() :]}" if found else text
    body = _BODY_NUMBER.search(rest)  # «150 кузов»: the generation
    details = [body["n"] or body["m"]] if body else []
    rest = _DETAIL_WORDS.sub(" ", _BODY_NUMBER.sub(" ", rest)).replace(",", " ").strip(" .!")
    at = 0
    while at < len(rest):
        m = _detail_at(rest, at)
        if m is None:
            return ""
        details.append(m["detail"])
        at = m.end()
        at += len(rest[at:]) - len(rest[at:].lstrip())
    if not found and not any(map(_names_the_car, details)):
        return ""  # «NO», «THX» alone: capitals, no car's detail
    return " ".join(details)


_YEAR_BETWEEN = re.compile(
    rf"\s*,?\s*(?:19|20)\d\d(?:\s*{_YEAR_SUFFIX})?(?![\w/.-])(?=\s*,?\s*(?:{_VALVES}|{_VOLUME}\b|(?:{_ENGINE_MAKERS})\b|{_CAR_WORDS}|{_ENGINE_WORD}\s+\w*\d))",
    re.IGNORECASE,
)


_NUMBER_AFTER = re.compile(r"\s+(\d{4,5})\b(?![.,]\d)")


def _numbered_model(text: str, make: str, end: int) -> re.Match[str] | None:
    """The make's model number right after the model's name: «газель 3302», «нива 21214» (its words go on the car)."""
    after = _NUMBER_AFTER.match(text, end)
    if after is None:
        return None
    number = after.group(1)
    return after if any(alias.make == make and alias.words == (number,) for alias, _ in _index().get(number, ())) else None


def _mention(text: str, make: str, model: str | None, hit: _Hit) -> CarMention:
    year = _year(text, hit.char_start, hit.char_end)
    numbered = _numbered_model(text, make, hit.char_end) if model else None
    details = _details(text, numbered.end() if numbered else hit.char_end) if model else ""
    details = " ".join(filter(None, (numbered.group(1) if numbered else None, details)))
    label = " ".join(part for part in (make, model, details, str(year) if year else None) if part)
    return CarMention(make=make, model=model, year=year, text=label, start=hit.char_start)


def extract_cars(text: str) -> list[CarMention]:
    """Every car the message names, the first one as `extract_car` reads it, then each other model named
    in so many words (not a weak alias: «6», «семерка», unless by its maker's name: «ситроен с4»), in order: «на камри
    колодки, и на ларгус фильтр»."""
    hits = _hits(_tokens(text))
    first = _first(text, hits)
    if first is None:
        return []
    cars = [first]
    makes = [h for h in hits if h.alias.model is None and not h.alias.weak]
    for hit in hits:
        model = hit.alias.model
        # a weak alias counts right after its maker's name, not the first car's: «пежо 308 и ситроен с4»
        weak = hit.alias.weak and not any(
            h.alias.make == hit.alias.make and h.end == hit.start and all(c.start < h.char_start for c in cars) for h in makes
        )
        if model is None or weak or any((c.make, c.model) == (hit.alias.make, model) for c in cars):
            continue
        before = max((c for c in cars if c.start < hit.char_start), key=lambda c: c.start, default=None)
        if before is not None and not text[before.start : hit.char_start].split()[1:]:
            continue  # «крузак прадо 120»: one car said in two words, nothing between them
        if any(c.start > hit.char_start for c in cars):
            continue
        cars.append(_mention(text, hit.alias.make, model, hit))
    cars.sort(key=lambda c: c.start)
    for i in range(1, len(cars)):  # «солярис 2017 колодки, а мне на х-трейл масло»: the one year is the Solaris's
        year = cars[i].year
        said = list(re.finditer(rf"(?<!\d){year}(?!\d)", text)) if year and year == cars[i - 1].year else []
        between = text[cars[i - 1].start : cars[i].start]
        if len(said) == 1 and cars[i - 1].start < said[0].start() < cars[i].start and not _SAME_YEAR.search(between):
            cars[i] = replace(cars[i], year=None, text=cars[i].text.removesuffix(f" {year}"))
    return cars


# between two cars, words that make the year said between them both's: a slip put right («i40 2013 ой нет i30»)
_SAME_YEAR = re.compile(r"\bой\b|\bнет\b|\bне\b|вернее|точнее|перепут|ошиб|\bстоп\b|то\s+есть|\bхотя\b|\bоб[еа]\b", re.I)


def _maker_names(make: str) -> set[str]:
    """ "Volkswagen/Škoda" -> {"volkswagen", "skoda"}; "Hyundai/Kia" -> both."""
    folded = make.lower().replace("š", "s").replace("ë", "e").replace("-", " ")
    return {name.strip() for name in folded.split("/") if name.strip()}


def contradicts(named: CarMention, make: str | None, model: str | None) -> bool:
    """Whether the car the customer named cannot be the car a VIN decodes to (make or model differ).
    Unknown on either side is no contradiction: a VIN often tells the make only."""
    if named.make and make and not _maker_names(named.make) & _maker_names(make):
        return True
    return bool(named.model and model and not _same_model(named.model, model))


_MODEL_GENERATION = re.compile(r"(?:\s+(?:[ivx]+|\d))+$")  # «Megan II», «Megane 2»: the model's generation


def _same_model(named: str, decoded: str) -> bool:
    """«Megane» and the decoder's «Megan II», «Logan» and «Logan II»: one model, said with or without its generation
    and as the decoder spells it (one a start of the other)."""
    a, b = (_MODEL_GENERATION.sub("", m.lower().replace("-", " ")).strip() for m in (named, decoded))
    if a == b:
        return True
    shorter, longer = sorted((a, b), key=len)
    return len(shorter) >= 4 and longer.startswith(shorter)
