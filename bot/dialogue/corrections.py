"""Corrections of what the customer said before: «не передний, а задний», «ой, не королла, а камри»,
«не колодки, а диски». Finds the old and the new words; the state machine applies them to the lead."""

from __future__ import annotations

import re
from dataclasses import dataclass

from catalogs.cars import car_named_alone, extract_car, is_car_word
from catalogs.edits import one_typo
from catalogs.part_names import extract_parts, is_known_word

# «не X, а Y» / «не X а Y» / «не X — Y» / «не X, у меня Y»; X is short (a word or two), Y runs to the end of the clause.
# (a dot between digits is no clause's end: «не 1.6, а 1.8»)
_NOT_BUT = re.compile(
    r"(?:^|[\s,.!(])не\s+(?P<old>(?:[^,.!?;]|(?<=\d)\.(?=\d)){1,30}?)\s*(?:,\s*|\s+|\s*[-—]\s*)(?:а|у\s+меня|у\s+нас)\s+"
    r"(?P<new>(?:[^.!?;]|(?<=\d)\.(?=\d)){1,60})",
    re.I,
)
# «не на гранту, на калину», «не для камри, а для короллы»: the same preposition before both
_NOT_ON = re.compile(
    r"(?:^|[\s,.!(])не\s+(?P<prep>на|для|под)\s+(?P<old>[^,.!?;]{1,30}?)\s*[,—-]\s*(?:а\s+)?(?P=prep)\s+(?P<new>[^.!?;]{1,60})",
    re.I,
)
# «левая нужна, не правая», «задние, а не передние»: the new side first
_BUT_NOT = re.compile(r"^\W*(?P<new>[\wё]+)\s*(?:нужн\w*|надо)?\s*,?\s*(?:а\s+)?не\s+(?P<old>[\wё]+)\W*$", re.I)
# «а нет, правая, левая целая», «правую надо, левая в порядке»: the side needed, the other intact
_OTHER_INTACT = re.compile(
    r"(?P<new>[\wё]+)\s*(?:нужн\w*|надо)?\s*[,.;-]+\s*(?:а\s+)?(?P<old>[\wё]+)\s+"
    r"(?:цел\w*|норм\w*|в\s+порядке|живая|живой|живые|не\s+нужн\w*|не\s+надо)\W*$",
    re.I,
)
# «вместо колодок лучше диски», «диски вместо колодок»: one part for another
_INSTEAD = re.compile(
    r"\bвместо\s+(?P<old>[\wё]+(?:\s+[\wё]*\d[\wё]*)?)[\s,]+(?:(?:лучше|давайте|давай|возьму|нужн\w*|нужен|надо)\s+)*"
    r"(?P<new>[^.!?;,]{1,60})"
    r"|\b(?P<new2>(?:[\wё]+\s+){0,2}[\wё]+)\s+вместо\s+(?P<old2>[\wё]+)",
    re.I,
)
# «ой, задний», «точнее задний», «вернее, на камри», «извините, задний»: the new words only
_RATHER = re.compile(
    r"^\W*(?:(?:стоп|погодите|подождите|блин|упс)\b[\s,!.:-]*)?"  # «стоп, …»
    r"(?:ой|точнее|вернее|то есть|извините|извиняюсь|простите|пардон|ошибся|ошиблась|перепутал\w*|сорри|sorry"
    r"|хотя\s+нет|(?:а|ну)\s*,?\s*нет|в\s+смысле(?=[^?]*$)|(?:не|нет)?[\s,]*наоборот)\b[\s,!.:-]*"
    r"(?:(?:поправка|исправление|уточнение|не\s+то|перепутал\w*|ошибся|ошиблась|нет)\b[\s,!.:-]*)?(?P<new>.{1,60})$",  # «ой, поправка: зеркало левое»
    re.I,
)
# «хотя нет, правая», «а нет, левая», «нет, задние», «не, правая»: a side said again, after a «нет» that takes the first back
_SIDE_WORD = r"(?:(?:передн|задн|лев|прав|верхн|нижн|водительск|пассажирск)[а-яё]*|перед|зад)"
_NO_SIDE = re.compile(
    rf"^\W*(?:(?:а|ой|хотя|ну)\s*,?\s*)?(?:нет\b|неа\b|нее?\s*[,!.:—-])[\s,!.:—-]*(?P<new>{_SIDE_WORD}(?:\s+{_SIDE_WORD})?)\W*$",
    re.I,
)
# «не правая, левая», «а нет, не масляный, топливный»: «не X, Y» without «а», of two sides or two kinds of a part
# (cars also with a dot or a space between, and a year after: «ой, не солярис. рио 2017», «не камри, королла, и год 2010»)
_NOT_COMMA = re.compile(r"(?:^|[\s,.!(])не\s+(?P<old>[\wё]+)\s*[,—-]+\s*(?P<new>[\wё]+(?:\s+[\wё]+)?)\W*$", re.I)
_NOT_CAR = re.compile(
    r"(?:^|[\s,.!(])не\s+(?P<old>[\wё]+)(?P<sep>\s*[,.—-]+\s*|\s+)(?P<new>[\wё]+(?:\s+[\wё]+)?)"
    r"(?:[\s,]+(?:и\s+)?(?:год\w*\s+)?(?P<year>(?:19|20)\d\d)(?:\s*г\w*)?)?\W*$",
    re.I,
)
# a message that opens by taking back what was said: «ой», «хотя нет», «а нет», «точнее», «перепутал»
_SLIP_OPENS = re.compile(
    r"^\W*(?:(?:а|ой|хотя|ну)\s*,?\s*нет|ой|хотя\s+нет|точнее|вернее|в\s+смысле|перепутал\w*|ошиб\w*)\b", re.I
)
_AND_OPENS = re.compile(r"^\W*(?:\w+\W+){0,2}?и\b", re.I)  # «ой, и зеркало правое, левое целое»: one more, not a fix
_BOTH_SAID = re.compile(r"обе|оба", re.I)
_TOO = re.compile(r"^\W*и\b|\b(?:тоже|также|ещ[её]|плюс|добав\w*)\b", re.IGNORECASE)


def one_more(words: str) -> bool:
    """«и левый тоже», «ещё воздушный», «добавьте задние»: one more said, nothing put right."""
    return bool(_TOO.search(words))


_STEM = 4  # letters that name a word across its endings: «передний» / «переднего»


@dataclass(frozen=True)
class Fix:
    old: str | None  # the words replaced, when the customer said them («передний»)
    new: str  # the words that replace them («задний»)
    about: str | None = None  # the words before «не» in the clause («колодки не передние, а задние»)


_CLAUSES = re.compile(r"[,.!?;:\n]")
_NEED = re.compile(r"\s*\b(?:мне|нам|нужн\w*|нужен|надо)\b\s*", re.IGNORECASE)  # «не передние нужны, а задние»


_NOT_BEFORE = re.compile(r"\bне\s*$", re.IGNORECASE)
_TAKEN_BACK = re.compile(r"\bне\s+(?:надо|нуж\w*|требу\w*)|\bубер\w*|\bотмен\w*", re.IGNORECASE)


def negated_before(text: str, at: int) -> bool:
    """Whether «не» stands right before position `at` («не оформляйте», «не звоните»)."""
    return bool(_NOT_BEFORE.search(text, 0, at))


def _a_part_or_side(words: str) -> bool:
    return bool(opposites(words) or any(p.known for p in extract_parts(words)))


# «шевроле нива, не 21214»: the car, then the one it is not (a VAZ factory index, «21214», «2121», names a LADA)
_VAZ_INDEX = re.compile(r"21\d{2,3}")
_CAR_NOT = re.compile(r"^\W*(?P<new>[\wё-]+(?:\s+[\wё-]+){0,2})\s*,\s*(?:а\s+)?не\s+(?P<old>[\wё-]+)\W*$", re.I)


def _cars(old: str, new: str) -> bool:
    """«не королла, камри»: a car put right for another."""
    return is_car_word(old) and is_car_word(new.split()[0])


def _two_cars(old: str, new: str) -> bool:
    """«не королла камри»: two cars side by side, not one car in two words («не нива шевроле»)."""
    first, second = extract_car(old), extract_car(new)
    return bool(first and second and first.model and second.model and first.model != second.model)


# the new words, and the slip owned after them: «стоп, левая нужна, перепутал», «задние, ошибся»
_RATHER_OWNED = re.compile(
    r"^\W*(?:(?:стоп|погодите|подождите|блин|упс|ой)\b[\s,!.:-]*)?(?P<new>[^.!?]{1,40}?)[\s,!.:-]+"
    r"(?:я\s+)?(?:перепутал\w*|ошибся|ошиблась|ошибочка|неправильно\s+написал\w*)\W*$",
    re.I,
)


_FIRST_SENTENCE = re.compile(r"^(?P<first>[^.!?]+)[.!?]+\s*(?P<rest>\S.*)$", re.DOTALL)


def find_fix(text: str) -> Fix | None:
    fix = _find_fix(text)
    if fix is None and (sentences := _FIRST_SENTENCE.match(text.strip())) is not None and one_more(sentences["rest"]):
        fix = _find_fix(sentences["first"])  # «нет, левая. и ещё пыльник шруса»: the side put right, one more besides
        return fix if fix is not None and opposites(fix.new) else None
    return fix


def _find_fix(text: str) -> Fix | None:
    match = _NOT_BUT.search(text) or _NOT_ON.search(text)
    if match:
        old, new = (_NEED.sub(" ", match[group]).strip(" ,") for group in ("old", "new"))
        side, _, rest = new.partition(",")
        if rest and opposites(side) and len(side.split()) == 1:
            new = side.strip()  # «не передние а задние, диски передние оставить»: the side, the rest says more
        about = _CLAUSES.split(text[: match.start()])[-1].strip(" ,") or None  # the words before «не …»
        if old and new:
            return Fix(old, new, about)
    if (no_side := _NO_SIDE.match(text)) is not None:
        return Fix(None, no_side["new"])
    comma = _NOT_COMMA.search(text)
    if comma is not None and (
        comma["old"].lower() in opposites(comma["new"])
        or (_a_part_or_side(comma["old"]) and _a_part_or_side(comma["new"]))
        or _cars(comma["old"], comma["new"])
        or (opposites(comma["old"]) and _BOTH_SAID.fullmatch(_NEED.sub(" ", comma["new"]).strip()))  # «ой не правый, оба надо»
    ):
        return Fix(comma["old"], comma["new"])
    car = _NOT_CAR.search(text)
    if car is not None and _cars(car["old"], car["new"]) and (car["sep"].strip() or _two_cars(car["old"], car["new"])):
        return Fix(car["old"], " ".join(filter(None, (car["new"], car["year"]))))
    if (but_not := _BUT_NOT.match(text)) is not None and but_not["old"].lower() in opposites(but_not["new"]):
        return Fix(but_not["old"], but_not["new"])  # «левая нужна, не правая»
    car_not = _CAR_NOT.match(text)
    if (
        car_not is not None
        and extract_car(car_not["new"])
        and (car_named_alone(car_not["old"]) or _VAZ_INDEX.fullmatch(car_not["old"]))
    ):
        return Fix(car_not["old"], car_not["new"])  # «шевроле нива, не 21214»
    intact = _OTHER_INTACT.search(text)
    if (
        intact is not None
        and intact["old"].lower() in opposites(intact["new"])
        and (not extract_parts(text) or (_SLIP_OPENS.match(text) and not one_more(text) and not _AND_OPENS.match(text)))
    ):  # «а нет, правая, левая целая», «хотя нет зеркало правое, левое целое» (not «и подкрылок правый, левый целый»)
        return Fix(intact["old"], intact["new"])
    if (instead := _INSTEAD.search(text)) is not None:
        old, new = instead["old"] or instead["old2"], _NEED.sub(" ", instead["new"] or _named_before(instead["new2"])).strip(" ,")
        if new and _a_part_or_side(old) and _a_part_or_side(new):  # not «звоните вместо того чтобы писать»
            return Fix(old.strip(), new)
    match = _RATHER.search(text.strip()) or _RATHER_OWNED.search(text.strip())
    if match is None:
        return None
    if one_more(match["new"]):
        return None  # «ой, и левый тоже», «ой, задние тоже»: one more, nothing put right
    if _TAKEN_BACK.search(match["new"]):
        return None  # «ой, задние не надо»: a line taken back, not put right
    if puts_the_count_right(text):
        return None  # «точнее 2 диска»: a count put right (`enough_count`), not the part renamed
    new = _NEED.sub(" ", match["new"]).strip(" ,")  # «ой, перепутал, правый нужен»
    new = re.sub(r"^(?:только|лишь)\s+", "", new, flags=re.IGNORECASE)  # «ой, только передние»
    side, _, rest = new.partition(",")
    if rest and opposites(side) and len(side.split()) == 1:
        new = side.strip()  # «точнее задние, передние менял в том году»
    return Fix(None, new) if new else None


_NOT_NAMED = frozenset({"а", "и", "но", "да", "нет", "мне", "нам", "лучше", "можно", "тогда", "давайте", "давай", "возьму"})


def _named_before(words: str) -> str:
    """The part named right before «вместо», in up to three words: «тогда модуль зажигания вместо катушки» ->
    «модуль зажигания» (the most words that name a part, else the last word)."""
    said = [w for w in words.split() if w.lower() not in _NOT_NAMED]
    for k in range(len(said)):
        if extract_parts(" ".join(said[k:])):
            return " ".join(said[k:])
    return said[-1] if said else ""


_PAIRS = (
    ("передн", "задн"),
    ("лев", "прав"),
    ("верхн", "нижн"),
    ("внутрен", "наружн"),
    ("внешн", "внутрен"),
    ("водительск", "пассажирск"),
)
_FORMS = {
    "передн": ("передний", "передняя", "переднее", "передние", "переднего", "переднюю"),
    "задн": ("задний", "задняя", "заднее", "задние", "заднего", "заднюю"),
    "лев": ("левый", "левая", "левое", "левые", "левого", "левую"),
    "прав": ("правый", "правая", "правое", "правые", "правого", "правую"),
    "верхн": ("верхний", "верхняя", "верхнее", "верхние"),
    "нижн": ("нижний", "нижняя", "нижнее", "нижние"),
    "внутрен": ("внутренний", "внутренняя", "внутреннее", "внутренние"),
    "наружн": ("наружный", "наружная", "наружное", "наружные"),
    "внешн": ("внешний", "внешняя", "внешнее", "внешние"),
    "водительск": ("водительский", "водительская", "водительское", "водительские"),
    "пассажирск": ("пассажирский", "пассажирская", "пассажирское", "пассажирские"),
}


_SHORT = {"перед": "передние", "зад": "задние"}  # «ой, не перед, а зад»


def _full(words: str) -> str:
    return " ".join(_SHORT.get(word, word) for word in words.lower().replace("ё", "е").split())


def opposites(new: str) -> list[str]:
    """The words «ой, задний» corrects: «передний» and its forms (a side, an end, a position)."""
    folded = _full(new)
    found: list[str] = []
    for a, b in _PAIRS:
        for mine, other in ((a, b), (b, a)):
            if any(word.startswith(mine) for word in folded.split()):
                found.extend(_FORMS[other])
    return found


def _side_stem(word: str) -> str | None:
    folded = _full(word)
    return next((stem for stem in _FORMS if folded.startswith(stem)), None) if " " not in folded.strip() else None


def swap_side(phrase: str, old: str, new: str) -> str | None:
    """`phrase` with the side `old` names swapped for the side `new` names, in the phrase's own form
    («амортизаторы передние левые», «не левая, а правая» -> «амортизаторы передние правые»); None
    when the two are no pair of opposite sides or the phrase has no such side."""
    mine, other = _side_stem(old), _side_stem(new)
    if mine is None or other is None or ((mine, other) not in _PAIRS and (other, mine) not in _PAIRS):
        return None
    words = phrase.split()
    for i, word in enumerate(words):
        if word.lower() in _FORMS[mine]:
            words[i] = _FORMS[other][_FORMS[mine].index(word.lower())]
            return " ".join(words)
    return None


def swap_sides(phrase: str, new: str) -> str | None:
    """`phrase` with each side `new` says put for its opposite, in the phrase's own form («стеклоподъёмник
    передний правый», «ой, передний левый» -> «стеклоподъёмник передний левый»; «колодки тормозные
    передние», «зад» -> «… задние»); None when the phrase has none of the opposites."""
    if not all(opposites(word) for word in new.split()):
        return None  # «ой, правое с подогревом»: more than sides, put as said
    swapped = phrase
    for said in new.split():
        theirs = set(opposites(said))
        mine = next((word for word in swapped.split() if word.lower() in theirs), None)
        if mine is not None:
            swapped = swap_side(swapped, mine, said) or swapped
    return swapped if swapped != phrase else None


_COUNTS = {"один": "1", "одна": "1", "одну": "1", "одно": "1", "два": "2", "две": "2", "три": "3", "четыре": "4"}
_COUNTS |= {"пять": "5", "шесть": "6", "семь": "7", "восемь": "8", "девять": "9", "десять": "10"}


_COUNT_WORD = r"\d{1,2}|одн(?:ого|ой|а|у|им)|один|дв(?:ух|а|е)|тр(?:ех|ёх|и)|четыр(?:ех|ёх|е)"
# «одного хватит», «хватит двух», «двух будет достаточно»: fewer than recorded will do
_ENOUGH = re.compile(
    rf"^\W*(?:(?:да|ну|ой|хотя|нет)\W+|не\s*,\s*)*(?:(?P<n>{_COUNT_WORD})\s+(?:шт\w*\.?\s+)?(?:хватит|достаточно|будет\s+достаточно)"
    rf"|(?:хватит|достаточно)\s+(?:и\s+)?(?P<m>{_COUNT_WORD}))(?:\s+(?:штук\w*|шт\.?))?\W*$",
    re.IGNORECASE,
)
# «нет, один, второй нормальный», «не, одну только», «нет, 1 шт»: fewer than recorded, said as a bare count denied
_ONLY = re.compile(
    rf"^\W*(?:нет|не|неа|ой)\W+(?:только\s+)?(?P<n>{_COUNT_WORD})(?:\s+(?:штук\w*|шт\.?))?(?:\s+только)?"
    r"(?:\W+(?:втор\w+|друг\w+)\s+(?:норм\w*|цел\w*|жив\w*|не\s+нуж\w*|в\s+порядке|хорош\w*|оставлю|есть)\b.*)?\W*$",
    re.IGNORECASE,
)


_COUNT_PUT_RIGHT = re.compile(
    r"^\W*(?:точнее|вернее|ой|хотя\s+нет|а\s+нет)\W+(?P<e>\d{1,2}|два|две|три|четыре)\s+[а-яё]{3,}\W*$", re.IGNORECASE
)
# a new count said with a slip owned: «ой, их 16 надо», «ой, возьму комплект 8», «точнее 6 шт»
_NEW_COUNT = re.compile(
    r"\b(?:их|нужно|надо|возьму|давайте|нужны)\s+(?:комплект\s+|все\s+)?(?P<a>\d{1,2})\b(?![.,]\d)"
    r"(?!\s*(?:клап|кл\b|цил|л\b|литр|мин|час|дн|дня|дней|числ|недел|месяц|год|лет|тыс|км|руб|р\b|%|tdi|tsi))"
    r"|\b(?P<b>\d{1,2})\s*(?:шт\w*|штук\w*)"
    r"|(?<![.,])\b(?P<c>\d{1,2})\s+(?:надо|нужно|нужн[ыа])\b"  # «ой, там 6 надо, V6 же»
    r"|\bвсе\s+(?P<d>\d{1,2})\b(?![.,]\d|\s*(?:л\b|литр|тыс|руб|р\b|%))",  # «ой все 4 шланга давайте»
    re.IGNORECASE,
)


def puts_the_count_right(text: str) -> bool:
    """«точнее 2 диска», «ой, две стойки»: a slip owned, then only a count and the part it counts (not «хотя нет,
    16 клапанов», the car's engine)."""
    return _count_put_right(text) is not None


def _count_put_right(text: str) -> str | None:
    """The count of `puts_the_count_right`, as digits."""
    said = _COUNT_PUT_RIGHT.match(text.strip())
    if said is None or not extract_parts(text.strip()[said.start("e") :]):
        return None
    return _COUNTS.get(said["e"].lower(), said["e"])


def enough_count(text: str) -> str | None:
    """The count a message says will do («одного хватит» -> "1», «ой, их 16 надо» -> "16"), or None."""
    said = _ENOUGH.match(text.strip()) or _ONLY.match(text.strip())
    if said is None and (put_right := _count_put_right(text)) is not None:  # «точнее 2 диска»
        return put_right
    if said is None:
        counted = _NEW_COUNT.search(text) if _SLIP_OPENS.match(text) and not one_more(text) else None
        return (counted["a"] or counted["b"] or counted["c"] or counted["d"]) if counted else None
    word = str(said["n"] or said.groupdict().get("m") or "").lower()
    return (
        word
        if word.isdigit()
        else next(n for stem, n in (("од", "1"), ("дв", "2"), ("тр", "3"), ("че", "4")) if word.startswith(stem))
    )


def recount(phrase: str, old: str, new: str) -> str | None:
    """«свечи зажигания (2 шт.)», «не 2, а 4» -> «свечи зажигания (4 шт.)» («не одна, а четыре» too); None
    when no count is put right."""
    old, new = _COUNTS.get(old.lower(), old), _COUNTS.get(new.lower(), new)
    if not (old.isdigit() and new.isdigit()) or f"({old} шт.)" not in phrase:
        return None
    return phrase.replace(f"({old} шт.)", f"({new} шт.)")


def replace_words(phrase: str, old: str, new: str) -> str | None:
    """`phrase` with the word(s) matching `old` replaced by `new` («бампер передний», «передний»,
    «задний» -> «бампер задний»); None when `old` is not in it."""
    words = phrase.split()
    olds = old.lower().split()
    for i in range(len(words) - len(olds) + 1):
        window = [w.lower() for w in words[i : i + len(olds)]]
        if all(same_word(a, b) for a, b in zip(window, olds, strict=True)):
            return " ".join([*words[:i], new, *words[i + len(olds) :]])
    return None


def same_word(word: str, other: str) -> bool:
    """One word in another of its forms («передний» / «переднего») or with one slip («мсаляный»)."""
    a, b = word.replace("ё", "е"), other.replace("ё", "е")
    typo = min(len(a), len(b)) >= 5 and a[0] == b[0] and one_typo(a, b)
    if typo and not (is_known_word(a) and is_known_word(b)):  # «не мсаляный» is the «масляный» said; «балка» no «банка»
        return True
    return a == b or (min(len(a), len(b)) >= _STEM and a[:_STEM] == b[:_STEM] and abs(len(a) - len(b)) <= 3)
