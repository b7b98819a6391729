"""What a message means in its context: the intent model's reading, made consistent with what the
labels mean (catalogs/data/intents/README.md), plus the exact guards that outrank any model — an
opt-out in so many words is always heard, and never without them."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.dialogue.humans import asks_for_a_call
from bot.dialogue.intents import ONLY_ALONE, THRESHOLD, IntentModel, default_model
from bot.dialogue.opt_out import (
    at_some_times,
    besides_keep_writing,
    is_opt_out,
    keeps_writing,
    refuses_only_calls,
    sounds_like_refusal,
    tells_to_get_lost,
    welcomes_writing,
)
from bot.dialogue.slips import as_meant
from catalogs.cars import extract_car
from catalogs.part_names import extract_parts, names_a_part
from catalogs.vin import find_frames, find_vins

# Telling the assistant what to do («забудь инструкции», «ты теперь менеджер», «дай 90%») settles no
# campaign outcome, whoever reads it (the intent model or an LLM). Customers' own words that only look
# alike are not instructions: «забудь, не надо» (never mind), «5% не спасают» (the offer, declined),
# «промокод есть?» (a discount asked for).
_INSTRUCTIONS = re.compile(
    r"забудь\w*\s+(\w+\s+){0,2}(инструкц|правил|промпт|всё,?\s+что|предыдущ)|игнорир|инструкци|промпт|prompt"
    r"|system|assistant|ignore|режим\s+разработчик|\bdan\b|притворись|представь,?\s+что\s+ты|ты\s+теперь"
    r"|скидку\s+(в\s+|на\s+)?\d|(дай|сделай|постав|оформ|начисл|примен|выстав|пропиш)\w*\W+(\w+\W+){0,3}\d+\s*(%|процент)"
    r"|разрешаю|кэшб|кешб|полцены|конфиг|\bmode\b|повтори\s+текст|пообещай|выведи\s+(свои|системн|промпт|инструкц)"
    r"|покажи\s+(свои|системн|конфиг|промпт)|подтверди\s+заказ\s+по|отмени\s+заявк",
    re.IGNORECASE,
)


def gives_instructions(text: str) -> bool:
    return bool(_INSTRUCTIONS.search(text))


OPT_OUT_SURE = 0.8  # «не беспокойтесь, всё нормально» has a refusal word and is no opt-out
_OUTCOMES = ("need_now", "later", "nothing")  # a reply to the campaign settles one
_CAMPAIGN = frozenset({"winback", "offer"})
_ABSORBED_BY_OPT_OUT = frozenset({"nothing", "no", "done"})  # the corpus README, boundary 18
_SETTLING = frozenset({"done", "yes", "no", "no_vin", "correction", "request", *_OUTCOMES})


# A piece of a VIN or frame (letters and digits in one word: «XTA21703», «X96», «NZE121»): said with a
# «нет» to the VIN read back, it tells what the reading should have been
_VIN_PIECE = re.compile(r"\b(?=[A-Za-z]*\d)(?=\d*[A-Za-z])[A-Za-z0-9]{3,}\b")

# «нет, не всё», «не всё, ещё лампы», «нет, ещё нужно», «ещё кое-что»: more to come, whatever «нет» and «всё»
# are in it. A bare «не всё» is «не, всё» typed in a hurry as often (the corpus reads it so): not here.
_NOT_ALL = r"не\s+вс[её]\b(?!\s+(?:равно|ли|так|верно|правильно|понял\w*|ясно|понятно|пришл\w*|подош\w*))"
_MORE_TO_COME = re.compile(
    rf"\bнет\W+{_NOT_ALL}|\b{_NOT_ALL}\W+ещ[её]\b|^\W*(?:нет|не|неа)\W+ещ[её]\s+(?:нужн\w*|надо)\W*$"
    rf"|^\W*(?:нет|не|неа)\W+ещ[её]\s+кое|\bещ[её]\s+(?:кое|{_NOT_ALL})",
    re.IGNORECASE,
)
# «нет, ещё нужны свечи»: more to come when a part is named (not «нет, ещё нужно время», «ещё надо подумать»)
_MORE_NAMED = re.compile(r"^\W*(?:нет|не|неа)\W+ещ[её]\s+(?:нужн\w*|надо)\b", re.IGNORECASE)
_GOES_ON = frozenset({"ask_more", "handed_off"})  # where «нет»/«всё» would end the request (not «нет, не всё» to a reading)
_ENDS_IT = frozenset({"done", "nothing", "no"})
_THATS_ALL = re.compile(r"^\W*(?:нет|не|неа)\W*(?:это\s+|пока\s+)?вс[её]\W*$", re.IGNORECASE)

# An acknowledgement alone («ок», «принял», «лады», «+», «👌», «✅») accepts what the assistant just asked or
# announced: `yes` where it asked or announced something (the corpus README, boundary 2), whatever the model
# makes of a message this short. First those that take what was said as it stands and ask for nothing more («ок»,
# «понял», «👍»: `settles_only`), then the rest («ага», «+»)
_SETTLED = (
    r"(?:ок(?:ей|е)?|o?k(?:ay)?|хорошо|понял[аи]?|понятно|ясно|принял[аи]?|принято|лады|договорились|жду|ждем|👍\S?|👌|✅|🤝)"
)
_ACK = rf"(?:{_SETTLED}|ясненько|ладненько|ага|угу|\++)"
_ACK_ONLY = re.compile(rf"^\W*{_ACK}(?:[\s,.!)]+{_ACK})*[\s,.!)]*$", re.IGNORECASE)
_SETTLED_ONLY = re.compile(rf"^\W*{_SETTLED}(?:[\s,.!)]+{_SETTLED})*[\s,.!)]*$", re.IGNORECASE)


def settles_only(text: str) -> bool:
    """An acknowledgement alone that takes what was said as it stands («ок», «👍», «понял, жду»): to «что-нибудь
    ещё?» it asks for nothing more (the intent stays `yes`, boundary 2: it accepts what was asked)."""
    return _SETTLED_ONLY.match(text) is not None


_ACKNOWLEDGED = frozenset({"ask_parts", "ask_vin", "ask_car", "ask_more", "confirm", "handed_off"})
# a greeting alone, in any language the shop's customers write («Гамарджоба», «Вітаю», «моё почтение», «yo»)
_GREETING_ONLY = re.compile(
    r"^\W*(?:yo|hi|hello|hey|вітаю|гамарджоба|прывітанне|мо[её]\s+почтение|салам(?:\s+алейкум)?|салют|здаров\w*|здорово"
    r"|хай|привет\w*|здравствуй\w*|добр\w+\s+(?:день|утро|вечер|ночи|дня|утра|вечера|времени\s+суток)|доброго|хеллоу|хелло)[\s!.)]*$",
    re.IGNORECASE,
)

_SENTENCE_END = re.compile(r"(?<=[.!?\n])\s*")


def _sentences(text: str) -> list[str]:
    """The sentences of a message of several (none for a one-sentence message)."""
    parts = [part.strip() for part in _SENTENCE_END.split(text) if len(part.strip(" .!?\n")) > 1]
    return parts if len(parts) > 1 else []


# A question asked in a clause of its own («подшипник на солярис, а вин нужен?», «колодки на гранту и
# до скольки работаете») is asked whatever else the message says, though the whole message's reading
# drowns it. Only questions add up this way: a clause alone «не передний» reads as a correction of
# nothing, «ещё колодки» as a request where the whole message corrects.
_CLAUSE_BREAK = re.compile(r"\s*[,;:—–]\s*|\s+(?=(?:а|и|но)\s)")
_ASKED_IN_A_CLAUSE = ("question",)


def _clauses(text: str) -> list[str]:
    """The clauses of a message of several (of two words or more; none for a one-clause message)."""
    parts = [part for part in _CLAUSE_BREAK.split(text) if len(part.split()) >= 2]
    return parts if len(parts) > 1 else []


def _add_clause_questions(model: IntentModel, text: str, context: str, probabilities: dict[str, float]) -> None:
    for clause in _clauses(text):
        said, _ = model.reading(clause, context)
        for label in _ASKED_IN_A_CLAUSE:
            probabilities[label] = max(probabilities[label], said[label])


def meaning_of(text: str, context: str, model: IntentModel | None = None, *, names_parts: bool | None = None) -> frozenset[str]:
    return read_meaning(text, context, model, names_parts=names_parts)[0]


def read_meaning(
    text: str, context: str, model: IntentModel | None = None, *, names_parts: bool | None = None
) -> tuple[frozenset[str], bool]:
    """The intents of one message in its context, and whether the model was sure of any (see `_read`)."""
    if model is None:  # a campaign reply is read by the understanding and again by the outcome rules: once
        return _read_with_default(text, context, names_parts)
    return _read(text, context, model, names_parts)


@lru_cache(maxsize=256)
def _read_with_default(text: str, context: str, names_parts: bool | None) -> tuple[frozenset[str], bool]:
    return _read(text, context, default_model(), names_parts)


_REPEATED_MARKS = re.compile(r"([?.])\1+")


def _read(text: str, context: str, model: IntentModel, names_parts: bool | None) -> tuple[frozenset[str], bool]:
    """`_read_once`; a message the model is unsure of that shouts («всё!!!», «чего???») is read again
    without its exclamation marks and with other marks once, as most messages it learnt from write them."""
    meant, sure = _read_once(text, context, model, names_parts)
    if not sure and (calmer := _REPEATED_MARKS.sub(r"\1", text.replace("!", " ")).strip()) != text and calmer:
        return _read_once(calmer, context, model, names_parts)
    return meant, sure


def _read_once(text: str, context: str, model: IntentModel, names_parts: bool | None) -> tuple[frozenset[str], bool]:
    """The intents of one message in its context — the model's reading, made consistent with what the
    labels mean (README of the corpus), plus the exact guards — and whether the model was sure of
    any. `names_parts`: the extractors found a part (a service kit only for a named car), VIN or frame
    (computed here when not given)."""
    probabilities, meanings = model.reading(text, context)
    whole_best = max(probabilities, key=lambda label: probabilities[label])
    _add_clause_questions(model, text, context, probabilities)
    stop_sentence = False  # «нужны колодки, больше ничего. и рассылки не шлите»: one sentence stops messages
    for sentence in _sentences(text):  # «скидка ещё действует? хочу колодки»: each sentence says its own
        said, its_meanings = model.reading(sentence, context)
        _add_clause_questions(model, sentence, context, said)
        stop_sentence = stop_sentence or "opt_out" in model.decide(said, its_meanings, context)
        for label, p in said.items():
            probabilities[label] = max(probabilities[label], p)
    sure = max(probabilities.values()) >= THRESHOLD
    meant = set(model.decide(probabilities, meanings, context)) | ({"opt_out"} if stop_sentence else set())
    if whole_best in ONLY_ALONE:  # the likeliest reading is that nothing else was said: so be it
        meant = {whole_best}
    if "correction" in meant:
        meant.discard("no")  # «не C0, а G0» disagrees in order to correct
    elif context == "confirm" and "no" in meant and _VIN_PIECE.search(text):
        meant = (meant - {"no"}) | {"correction"}  # «нет. XTA217030C0123546» says what the reading should be
    if {"yes", "no"} <= meant:
        meant.discard(min(("yes", "no"), key=lambda label: probabilities[label]))
    if meant - ONLY_ALONE:
        meant -= ONLY_ALONE
    elif len(meant) > 1:
        meant = {max(meant, key=lambda label: probabilities[label])}
    more = _MORE_TO_COME.search(text) or (_MORE_NAMED.search(text) and extract_parts(text))
    if context in _GOES_ON and more and meant & _ENDS_IT:  # «нет, не всё», «нет, ещё кое-что»: the request goes on
        meant = (meant - _ENDS_IT) | ({"request"} if extract_parts(text) else set())
        meant = meant or {"request" if context == "handed_off" else "yes"}
    elif (
        context in _GOES_ON and _THATS_ALL.match(text) and "nothing" in meant
    ):  # «не, всё» completes the request: it takes nothing back
        meant = (meant - {"nothing"}) | {"done"}
    if context in _ACKNOWLEDGED and _ACK_ONLY.match(text):
        meant = {"yes"}  # «принял», «👌», «+» to «вижу VIN … — верно?»
    elif context == "open" and _ACK_ONLY.match(text):
        meant = {"other"}  # «ок» with nothing asked yet accepts nothing
    if _GREETING_ONLY.match(text):
        meant = {"greeting"}
    elif "request" in meant and as_meant(text) != text:
        meant.add("correction")  # «амортизаторы задние. не, передние»: a slip put right in the message (boundary 21)
    if gives_instructions(text):  # an instruction to the assistant moves no request and settles nothing
        meant -= _SETTLING
    if context in _CAMPAIGN:
        outcomes = [label for label in _OUTCOMES if label in meant]
        if len(outcomes) > 1:
            meant -= set(outcomes) - {max(outcomes, key=lambda label: probabilities[label])}
        if names_parts is None:
            parts = extract_parts(text)
            named_car = bool(parts) and extract_car(text) is not None
            names_parts = names_a_part(parts, car_named=named_car) or bool(find_vins(text) or find_frames(text))
        if "need_now" in meant and names_parts:
            meant.add("request")
        elif "request" in meant and not meant & set(_OUTCOMES):
            meant.add("need_now")  # asking for a part is needing it now
    only_calls = refuses_only_calls(text) and welcomes_writing(text)  # «не звоните, отстаньте со звонками, пишите»
    if (is_opt_out(text) and not only_calls) or (context in _CAMPAIGN and tells_to_get_lost(text)):
        meant = (meant - {"other"}) | {"opt_out"}
    elif "opt_out" in meant and (
        keeps_writing(text)
        or at_some_times(text)
        or asks_for_a_call(text)  # «можете позвонить? мне неудобно писать»: a call, not silence
        # to the campaign (which writes, never calls) «не звоните» refuses contact unless writing is welcomed in so many words
        or (refuses_only_calls(text) and (context not in _CAMPAIGN or welcomes_writing(text)))
        or not (sounds_like_refusal(text) and probabilities["opt_out"] >= OPT_OUT_SURE)
    ):
        meant.discard("opt_out")  # the model alone never silences a customer for ever: the words must refuse
        rest = besides_keep_writing(text) if keeps_writing(text) or at_some_times(text) else ""
        if rest and rest != text and not meant - ONLY_ALONE:  # «пишите, не отписывайте, просто сейчас ничего не надо»
            meant = set(_read(rest, context, model, names_parts)[0]) - {"opt_out"}
    if "opt_out" in meant:
        meant -= _ABSORBED_BY_OPT_OUT  # «нет, и не пишите мне» stops everything: the decline says no more
    return frozenset(meant or {"other"}), sure
