"""What a consumable is to be: «масло 5w30 4 литра» is motor oil 5W-30, 4 л; «резина 205/55 r16»
is tyres 205/55 R16; «акб 60ач обратка» a 60 Ач battery, reverse polarity.

A manager needs these as much as the part's name, so they go on the lead beside it, written the
way shops write them. Each kind of spec belongs to the parts that have it (`specs` in parts.toml):
a «1.6 л» engine next to brake pads is no volume of brake pads.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

_EDGE_BEFORE = r"(?<![\w./-])"
_EDGE_AFTER = r"(?![\w/])"


@dataclass(frozen=True)
class Spec:
    kind: str  # "viscosity", "volume", ...: the kinds a part accepts are listed in parts.toml
    text: str  # as shops write it: "5W-30", "4 л", "205/55 R16"
    start: int
    end: int


def _viscosity(m: re.Match[str]) -> str:
    return f"{m['cold']}W-{m['hot']}"


def _volume(m: re.Match[str]) -> str:
    return f"{m['n'].replace('.', ',')} л"


def _tyre(m: re.Match[str]) -> str:
    return f"{m['w']}/{m['h']} R{m['r']}"


def _radius(m: re.Match[str]) -> str:
    return f"R{m['r']}"


def _capacity(m: re.Match[str]) -> str:
    return f"{m['n']} Ач"


def _polarity(m: re.Match[str]) -> str:
    return "прямая полярность" if (m["which"] or m["after"] or "").lower().startswith("прям") else "обратная полярность"


def _lengths(m: re.Match[str]) -> str:
    """«600 и 400 мм», «650/400», «24 и 16 дюймов» -> «600/400 мм», «24/16″»."""
    sizes = "/".join(n for n in (m["a"], m["b"]) if n)
    return f"{sizes}″" if (m["unit"] or "").startswith(("дюйм", '"', "″")) else f"{sizes} мм"


def _bulb(m: re.Match[str]) -> str:
    return m["code"].upper().replace("Н", "H")


def _antifreeze(m: re.Match[str]) -> str:
    return f"G{m['n']}{m['plus'] or ''}"


def _brake_fluid(m: re.Match[str]) -> str:
    return f"DOT {m['n']}"


def _studs(m: re.Match[str]) -> str:
    return "нешипованные" if m["no"] else "шипованные"


def _season(m: re.Match[str]) -> str:
    word = m.group().lower()
    return "зимние" if word.startswith("зим") else "летние" if word.startswith("лет") else "всесезонные"


def _order(m: re.Match[str]) -> str:
    return "до катализатора" if m.group().lower().startswith("перв") else "после катализатора"  # the first, the second


def _wheel_kind(m: re.Match[str]) -> str:
    kind = m["kind"].lower()
    return "литые" if kind.startswith("лит") else "штампованные" if kind.startswith("штамп") else "кованые"


# new or used, the maker's own or another's: «контрактный», «б/у», «оригинал», «не оригинал», «аналог»
_CONDITION = (
    r"(?P<analogue>не\s?оригинал\w*|аналог(?:и|а|ов|ом|у)?)|(?P<original>оригинал(?:ьн\w*|а|ом|ы)?(?!\w|\s+(?:номер|артикул|код)))"
    r"|(?P<contract>контрактн\w*)|(?P<used>б/у|б\.у\.?|бу(?=\s|$)|бэушн\w*|подержанн\w*|с\s+разбора\b)"
)


def _condition(m: re.Match[str]) -> str:
    if m["analogue"]:
        return "аналог"
    if m["original"]:
        return "оригинал"
    return "контрактный" if m["contract"] else "б/у"


def _build(m: re.Match[str]) -> str:
    return re.sub(r"\s+", " ", m.group().lower())


def _bolt_pattern(m: re.Match[str]) -> str:
    return f"{m['n']}x{m['pcd'].replace(',', '.')}"


# a count in words: «две штуки», «четыре шт», «пару комплектов»
_NUMBER_WORDS = {
    "одн": 1,
    "один": 1,
    "два": 2,
    "две": 2,
    "пар": 2,
    "три": 3,
    "четыре": 4,
    "пять": 5,
    "шесть": 6,
    "семь": 7,
    "восемь": 8,
}
# not the units of «двадцать пять штук» (tens are not read: a count that large is written in digits)
_NUMBER_WORD = r"(?<!дцать\s)(?<!десят\s)(?<!сорок\s)(?<!сто\s)(?<!девяносто\s)(?:один|одн[ау]|два|две|пар[уа]|три|четыре|пять|шесть|семь|восемь)"


# a count in words said with no unit before a part: «две фары» (not «одна», «пару»: no count to write)
BARE_COUNT_WORDS = r"(?:два|две|три|четыре|пять|шесть|семь|восемь)"


def count_said(word: str) -> int:
    """«4», «четыре», «пару» -> the count."""
    said = word.lower()
    return int(said) if said.isdigit() else _NUMBER_WORDS[said if said in _NUMBER_WORDS else said[:3]]


# a sentence that is a count alone, of the part just named: «нужно два», «надо 2 штуки», «две штуки нужно»,
# «мне пару», «4 шт» (not «нужно 2 дня», «2 литра»)
_COUNT_ALONE = re.compile(
    rf"^\W*(?:(?:нужн[оыа]?|надо|мне|возьму|давайте|нужно\s+будет|а\s+лучше)\s+)*(?:(?P<n>[2-9]|1[0-6]|{BARE_COUNT_WORDS}|пару)"
    rf"(?:\s+(?P<unit>шт\w*\.?|штук\w*|комплект\w*|компл\.?))?|(?P<one>одн[ау]|один)\s+(?P<one_unit>шт\w*\.?|штук\w*))"
    r"(?:\s+(?:нужн[оыа]?|надо|будет|пожалуйста|плиз|давайте))*[\s.!)]*$",
    re.IGNORECASE,
)


_NEED = re.compile(r"нужн|надо|мне|возьму|давайте", re.IGNORECASE)


def count_alone(sentence: str) -> str | None:
    """The count a sentence says and nothing else («нужно два» -> «2 шт.», «надо 2 комплекта» -> «2 компл.»), or None."""
    said = _COUNT_ALONE.match(sentence)
    if said is None:
        return None
    if said["one"]:
        return "1 шт."
    if said["n"].isdigit() and not said["unit"] and not _NEED.search(sentence):
        return None  # «2» alone: a generation as likely («фокус» … «2»)
    unit = (said["unit"] or "").lower()
    return f"{count_said(said['n'])} {'компл.' if unit.startswith('компл') else 'шт.'}"


def _count(m: re.Match[str]) -> str:
    n = count_said(m["n"])
    return f"{n} компл." if m["unit"].lower().startswith("компл") else f"{n} шт."


def _both(_: re.Match[str]) -> str:
    return "2 шт."


def _brands() -> dict[str, str]:
    """Spelling -> the brand as shops write it («кастрол» -> «Castrol»), from catalogs/data/brands.toml."""
    with (Path(__file__).parent / "data" / "brands.toml").open("rb") as fh:
        return {spelling: brand for brand, spellings in tomllib.load(fh).items() for spelling in spellings}


_BRANDS = _brands()


def _brand(m: re.Match[str]) -> str:
    return _BRANDS[re.sub(r"\s+", " ", m["brand"].lower().replace("ё", "е"))]


def is_brand(word: str) -> bool:
    """«кастрол», «TRW»: a brand, no part («есть филипс или осрам?» asks which make of bulb)."""
    return word.lower().replace("ё", "е") in _BRANDS


_BRAND = r"(?P<brand>" + "|".join(re.escape(s).replace(r"\ ", r"\s+") for s in sorted(_BRANDS, key=len, reverse=True)) + ")"

LIGHT_KIND = (
    r"(?:с\s+)?(?:би-?)?ксенон(?:ом|ов\w+)?|галоген(?:ов\w+)?|светодиодн\w+|led|лед|линзованн\w+|под\s+(?:би-?)?ксенон\w*"
)


_PATTERNS: tuple[tuple[str, re.Pattern[str], Callable[[re.Match[str]], str]], ...] = tuple(
    (kind, re.compile(_EDGE_BEFORE + "(?:" + pattern + ")" + _EDGE_AFTER, re.IGNORECASE), write)
    for kind, pattern, write in (
        ("viscosity", r"(?P<cold>0|5|10|15|20|70|75|80|85)\s?[wв]\s?[-–]?\s?(?P<hot>[1-6]0|8[05]|90|140)", _viscosity),
        ("volume", r"(?P<n>\d{1,3}(?:[.,]\d)?)\s?(?:л(?!\.?\s?с)|литр\w*|литров|l|ltr|lit\w*)\.?", _volume),
        ("volume", r"(?:литр\w*|литров)\s+(?P<n>\d{1,2})(?![\d.,]|\s*(?:шт|штук|кг|мм|см|л\b|литр))", _volume),  # «литров 4»
        ("tyre_size", r"(?P<w>[1-3]\d5)\s?[/\\ ]\s?(?P<h>[2-8][05])\s?[-\s]?(?:z?[rр]\s?)?(?P<r>1[2-9]|2[0-4])", _tyre),
        ("tyre_size", r"(?:[rр]\s?|радиус\w*\s|радиус\w*\s?-\s?)(?P<r>1[2-9]|2[0-4])", _radius),
        ("capacity", r"(?P<n>\d{2,3})\s?(?:ач|а/ч|а\*ч|ah|a/h|ампер\w*)", _capacity),
        (
            "polarity",
            r"(?:(?P<which>прям\w*|обратн\w*)\s+полярност\w*|полярност\w*\s+(?P<after>прям\w*|обратн\w*)|обратк\w*)",
            _polarity,
        ),
        ("bulb", r"(?P<code>[hн](?:b[1-5]|[1-9]|1[0-9]|27)|d[1-8][sr]|w5w|w21w|p21w|py21w|p21/5w|w21/5w|t10)", _bulb),
        ("antifreeze", r"(?:класс\w*\s)?g\s?-?\s?(?P<n>1[123])(?P<plus>\+{1,2})?", _antifreeze),
        ("brake_fluid", r"(?:dot|дот)\s?-?\s?(?P<n>[345](?:\.1)?)", _brake_fluid),
        # «свечи и катушки, все по 4», «по 2 шт»: the count of each part named before it
        (
            "each",
            rf"(?:(?:все|всех)\s+)?по\s+(?P<n>[1-9]|1[0-6]|{_NUMBER_WORD}|одно\w*)(?:\s?(?P<unit>шт\w*|штук\w*|комплект\w*|компл)\.?)?"
            r"(?=\s*(?:$|[,.!?;)]|\s(?:на|для|и|пожалуйста)\b))",
            lambda m: _count(m) if m["unit"] else f"{count_said(m['n'])} шт.",
        ),
        ("count", rf"(?P<n>\d{{1,3}}|{_NUMBER_WORD})\s?(?P<unit>шт\w*|штук\w*|комплект\w*|компл)\.?", _count),
        # «и отбойники тоже два»: a count after «тоже»
        (
            "count",
            rf"(?:(?<=тоже\s)|(?<=также\s))(?P<n>[2-9]|{BARE_COUNT_WORDS})(?=\s*(?:$|[,.!?;)]))",
            lambda m: f"{count_said(m['n'])} шт.",
        ),
        # canisters, bottles: a count of a fluid only («масло 5w30 и фильтр, две канистры»)
        ("packs", rf"(?P<n>\d{{1,2}}|{_NUMBER_WORD})\s?(?P<unit>канистр\w*|бутыл\w*|флакон\w*)", _count),
        # «наконечники оба», «шаровые обе», «с обеих сторон»: two (not «на обе машины», «оба раза»)
        (
            "count",
            r"(?<!на\s)(?<!за\s)(?<!не\s)(?<!почем\s)(?<!почём\s)(?:оба|обе|с\s+обеих\s+сторон)"
            r"(?!\s*\?|\s+(?:машин\w*|авто\w*|тачк\w*|раз\w*|модел\w*|комплект\w*|вариант\w*|ос[иья]\w*))"
            r"(?![,\s]+(?:и\s+)?(?:лев|прав|передн|задн)\w*\s+и\s+)",  # «фары обе, левую и правую»: a line each
            _both,
        ),
        # with no unit, after the part: «катушку одну на логан», «катушка зажигания одна», «катушки, все 6» (not «одна
        # треснула», «все 6 лет»)
        (
            "one",
            r"(?<=[^\W\d]\s)(?<!ещ[её]\s)(?:одн[ау]|один)(?!\s+(?:и|точка|запятая)\s+(?:ноль|один|два|три|четыре|пять|шесть|семь|восемь|девять)\b)(?=\s*(?:$|[,.!?;)+]|\s(?:на|для|и|только|пожалуйста|плиз)\b))",
            lambda _: "1 шт.",
        ),
        (
            "count",
            rf"(?:(?<=\w,\s)|(?<=\w\s))(?:все|всех)\s+(?P<n>[2-9]|1[0-6]|{_NUMBER_WORD})(?=\s*(?:$|[^\w\s]|\s(?:на|для|и|пожалуйста)\b))",
            lambda m: f"{count_said(m['n'])} шт.",
        ),
        (  # «04152-YZZA1 x2»: a count written as a multiplier after a part's number
            "count",
            r"(?<=[0-9A-Za-z]\s)[xх×*]\s?(?P<n>[1-9]|1\d)(?=\s*(?:$|[,;.!]|\s(?:и|на|для)\b))",
            lambda m: f"{count_said(m['n'])} шт.",
        ),
        ("brand", _BRAND, _brand),
        (
            "wiper_length",
            r"(?P<a>[3-7]\d0|1[2-9]|2[0-8])(?:\s*(?:мм|mm))?(?:\s*(?:и|\+|/|,|на|x|х)\s*(?P<b>[3-7]\d0|1[2-9]|2[0-8]))?"
            r"\s*(?P<unit>мм|mm|дюйм\w*|\"|″)",
            _lengths,
        ),
        ("studs", r"(?P<no>не\s?шипованн\w*|липучк\w*|фрикцион\w*)|шипованн\w*|шипы|с\s+шипами", _studs),
        # «лямбда-зонд первый», «второй датчик кислорода» (not «второй день горит», «первый раз пишу»)
        (
            "order",
            r"(?:перв|втор)(?:ой|ый|ая|ое|ого)(?=\s+(?:датчик|лямбд|зонд|кислород))"
            r"|(?:(?<=зонд\s)|(?<=лямбда\s)|(?<=кислорода\s))(?:перв|втор)(?:ой|ый|ая|ое|ого)",
            _order,
        ),
        (
            "season",
            r"зимн(?:ие|юю|яя|ий|их|ей)|летн(?:ие|юю|яя|ий|их)|всесезонн\w*|(?<=\d\s)(?:зима|лето)\b",  # «r15 зима»
            _season,
        ),  # «шины … зимние», «зимние дворники»
        ("wheel_kind", r"(?P<kind>лит(?:ые|ой|ых|ье|ьё)|штампованн\w*|штамповк\w*|кован(?:ые|ый|ых))", _wheel_kind),
        ("condition", _CONDITION, _condition),
        # how it is built: «ступица в сборе», «пружины усиленные», «помпа электрическая»
        # … its filter medium, and the side told by who sits there (the driver's side is the left one only when the
        # wheel is on the left: «со стороны водителя» is written as said)
        (
            "build",
            r"в\s+сборе|усиленн(?:ые|ый|ая|ое|ую|ых)|электрическ(?:ая|ий|ое|ие|ую)|угольн(?:ый|ые|ого|ых|ую|ая)"
            r"|со\s+стороны\s+(?:водителя|пассажира)|(?:плюсов|минусов)(?:ая|ой|ую|ые|ых|ый)",  # «клемма плюсовая»
            _build,
        ),
        # the colour a body part is to be: «крышка багажника белая», «бампер черный», «в цвет кузова»
        (
            "colour",
            r"(?:бел|черн|ч[её]рн|сер|серебрист|красн|син|зел[её]н|ж[её]лт|бежев|коричнев|оранжев|фиолетов|голуб|графитов|бордов)"
            r"(?:ый|ий|ая|яя|ое|ее|ые|ие|ую|юю|ого|его|ой|ей)(?!\s+(?:списо?к\w*|ящик\w*|рынок|рынк\w*))"
            r"|серебро|графит|мокрый\s+асфальт|в\s+цвет(?:\s+кузова)?|под\s+покраску|в\s+грунте|грунт(?:ованн\w+)?\b",
            _build,
        ),
        ("bolt_pattern", r"(?P<n>[3-6])\s?[xх×*]\s?(?P<pcd>\d{3}(?:[.,]\d)?)", _bolt_pattern),  # «4x100», «5х114.3»
        # a pipe's or a hose's size: «гофра 50х200», «45*250»
        ("size", r"(?P<a>[1-9]\d{1,2})\s?[xх×*]\s?(?P<b>\d{2,4})(?:\s?мм)?", lambda m: f"{m['a']}×{m['b']}"),
        # a gearbox's speeds: «кпп 5 ступка», «5-ступенчатая», «пятиступка»
        ("speeds", r"[4-6]\s?-?\s?(?:ти\s?)?ступ(?:к\w*|енчат\w*|\b)|(?:четыр[её]х|пяти|шести)\s?ступ(?:к\w*|енчат\w*)", _build),
        # what a headlight or a lamp shines with: «фары ксенон», «фара галогеновая», «фонари led»
        ("light", LIGHT_KIND, _build),
    )
)


# the order a part's specs are written in: what it is first, how much last («DOT 4, 1 л»)
SPEC_KINDS = (
    "condition",
    "build",
    "speeds",
    "colour",
    "light",
    "brand",
    "season",
    "order",
    "studs",
    "wheel_kind",
    "viscosity",
    "antifreeze",
    "brake_fluid",
    "tyre_size",
    "bolt_pattern",
    "size",
    "capacity",
    "polarity",
    "bulb",
    "wiper_length",
    "volume",
    "count",
    "each",
    "one",
    "packs",
)


_DENIED = re.compile(r"\bне\s*$", re.IGNORECASE)
_DENIED_AFTER = re.compile(r"\W*не\s+(?:предлага|надо|нужн|хочу|берите|подойд)", re.IGNORECASE)  # «аналоги не предлагайте»


_BARE_WIPER_LENGTH = re.compile(
    r"(?<![\w.,])(?P<a>[3-7]\d[05])(?:\s*(?:и|\+|/|,|x|х)\s*(?P<b>[3-7]\d[05]))?(?P<unit>)(?!\w|[.,]\d|\s*(?:р\b|руб|₽|к\b|тыс|шт|л\b))",
    re.IGNORECASE,
)
_WIPER_BEFORE = re.compile(r"(?:щ[её]тк|дворн|wiper)\w*(?:\s+\w+){0,2}\s*$", re.IGNORECASE)


def find_specs(text: str) -> list[Spec]:
    """Every spec written in the text, in order, but those denied («H7, а не H4»; «не 5w30, а 5w40»;
    «аналоги не предлагайте»);
    where two overlap, the one found first in _PATTERNS («205/55 r16» is a tyre size, not a radius too)."""
    found: list[Spec] = []
    for kind, pattern, write in _PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < s.end and s.start < m.end() for s in found):
                continue
            found.append(Spec(kind, write(m), m.start(), m.end()))
    for m in _BARE_WIPER_LENGTH.finditer(text):  # «щётки 600 и 400»: millimetres without the unit, said of a wiper
        if _WIPER_BEFORE.search(text[max(0, m.start() - 30) : m.start()]) and not any(
            m.start() < s.end and s.start < m.end() for s in found
        ):
            found.append(Spec("wiper_length", _lengths(m), m.start(), m.end()))
    found = [s for s in found if not _DENIED.search(text, max(0, s.start - 5), s.start) and not _DENIED_AFTER.match(text, s.end)]
    found = [s for s in found if not _put_right_after(text, s, found)]
    return sorted(_brands_as_a_choice(text, found), key=lambda s: s.start)


# only a slip owned between two specs of a kind: «2 шт. А нет, 3 шт», «4 л, ой, точнее 5 л»
_SLIP_BETWEEN = re.compile(
    r"\W*(?:(?:а|ой|хотя|ну)\W+)?(?:нет|точнее|вернее|ой|ошибся|ошиблась)(?:\W+(?:точнее|вернее))?\W*", re.IGNORECASE
)


def _put_right_after(text: str, spec: Spec, found: list[Spec]) -> bool:
    """A spec the customer puts right straight after it: the next spec of its kind follows a slip owned."""
    return any(
        other.kind == spec.kind and other.start >= spec.end and _SLIP_BETWEEN.fullmatch(text, spec.end, other.start)
        for other in found
    )


_OR = re.compile(r"\s*(?:,\s*)?(?:или|либо|or)\s+", re.IGNORECASE)


def _brands_as_a_choice(text: str, found: list[Spec]) -> list[Spec]:
    """Brands said as a choice («брембо или ате», «шелл или мобил какое есть») are one spec, «Brembo или ATE»: either
    will do, or the customer asks which — not both wanted."""
    brands = sorted((s for s in found if s.kind == "brand"), key=lambda s: s.start)
    out = [s for s in found if s.kind != "brand"]
    for brand in brands:
        last = out[-1] if out and out[-1].kind == "brand" else None
        if last is not None and _OR.fullmatch(text, last.end, brand.start):
            out[-1] = Spec("brand", f"{last.text} или {brand.text}", last.start, brand.end)
        else:
            out.append(brand)
    return out


def merged(said: str | None, new: list[Spec]) -> str:
    """A part's specs with new ones: a new spec of a kind already said replaces it (the customer's
    latest word: «не 5w30, а 5w40»), others are added — in SPEC_KINDS order."""
    by_kind: dict[str, list[str]] = {}
    for spec in find_specs(said or ""):  # «H7, H1»: a part may have two of a kind
        by_kind.setdefault(spec.kind, []).append(spec.text)
    for kind in {spec.kind for spec in new}:
        by_kind[kind] = list(dict.fromkeys(spec.text for spec in new if spec.kind == kind))
    return ", ".join(text for kind in SPEC_KINDS for text in by_kind.get(kind, ()))


def loose(text: str) -> list[Spec]:
    """The specs a message says of a part it does not name («205/55 r16», «5 литров», «не 5w30, а
    5w40»): the last of each kind. A volume with a decimal point is an engine's («1.6 л»), not a part's;
    a question («а если 10 комплектов?») asks, it does not settle."""
    if "?" in text:
        return []
    last = {spec.kind: spec for spec in find_specs(text) if not (spec.kind == "volume" and re.search(r"[.,]", spec.text))}
    return sorted(last.values(), key=lambda spec: spec.start)


def joined(*specs: str | None) -> str | None:
    """One part's specs said in two places of a message («5W-30» and «5W-30, 4 л»): all of them, once."""
    said = [part for spec in specs if spec for part in spec.split(", ")]
    return ", ".join(dict.fromkeys(said)) or None
