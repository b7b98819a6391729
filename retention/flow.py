"""Answers to the campaign: the customer's reply to the opener (or to the offer) decides the outcome.
"need now" is handed back to the request flow (returns None); everything else is settled here."""

from __future__ import annotations

import re
from datetime import date, timedelta

from bot.dialogue.complaints import asks_after_an_order, complains
from bot.dialogue.discounts import asks_about_discount, discount_answer
from bot.dialogue.hours import hours_answer
from bot.dialogue.humans import asks_for_a_call, asks_for_a_human, buys_wholesale
from bot.dialogue.opt_out import at_some_times, keeps_writing, refuses_only_calls, without_time_limits, written_again_from
from bot.dialogue.state import (
    DialogueState,
    GrantOffer,
    OptOut,
    RecordOutcome,
    Say,
    Stage,
    StepResult,
    TurnContext,
)
from bot.dialogue.understand import Intent, Understanding
from bot.working_hours import on_weekday
from catalogs.part_names import extract_parts
from catalogs.vin import find_frames, find_vins
from retention.dates import resolve, resolve_counted_on
from retention.outcomes import Outcome, classify, puts_off

_MONTHS_GENITIVE = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)


def human_date(day: date, today: date) -> str:
    """ "7 декабря", "в пятницу, 27 ноября" — how a seller names the day."""
    text = f"{day.day} {_MONTHS_GENITIVE[day.month - 1]}"
    if day.year != today.year:
        text += f" {day.year}"
    if (day - today).days <= 7:
        return f"{on_weekday(day)}, {text}"
    return text


UNCLEAR_REPLIES = 4  # replies nobody can read before the campaign stops asking


def on_campaign_reply(state: DialogueState, u: Understanding, ctx: TurnContext) -> StepResult | None:
    campaign = state.campaign
    assert campaign is not None
    asks = bool(u.parts or u.vins or u.frames)
    context = "offer" if state.stage is Stage.RETENTION_OFFERED else "winback"
    # «в прошлый раз прислали не то», «верните деньги»: a manager, not a discount or a pitch
    if complains(u.text, to_the_campaign=True) or asks_after_an_order(u.text):  # «я месяц жду заказ!»
        campaign.outcome = Outcome.NEED_NOW
        return None
    if _NEVER_BOUGHT.search(u.text) and not asks and state.stage is Stage.RETENTION_OPENED:
        return StepResult(state, [Say("not_our_customer")])  # «Кто это? Я у вас ничего не покупал»: no offer to a stranger
    reading = classify(u.text, today=ctx.today, asks_for_parts=asks, context=context) if not u.empty else None
    if state.stage is Stage.RETENTION_OFFERED:
        # «а скидка на что? на масло тоже?» asks about the offer: answered, not taken for an order of oil
        only_asks = asks_about_discount(u, ctx) and not (u.means(Intent.REQUEST) or u.means(Intent.NEED_NOW))
        if reading is not None and reading.outcome is Outcome.NEED_NOW and not only_asks:
            campaign.outcome = Outcome.NEED_NOW
            return None
        if reading is not None and reading.outcome is Outcome.LATER and reading.next_contact and not _asking(u):
            return _later(state, u, ctx, reading.next_contact)  # «хотя подождите, через месяц напомните про резину»
        if (answer := _answer(state, u, ctx)) is not None:
            return StepResult(state, answer)
        if ctx.current_offer is not None and asks_about_discount(u, ctx):
            return StepResult(state, [discount_answer(ctx)])
        if (question := _question(state, u, ctx)) is not None:  # «а баллы сгорают?»: answered, the offer stands
            return StepResult(state, [question])
        state.stage = Stage.RETENTION_CLOSED
        return StepResult(state, [Say("retention_bye")])

    told = _told_beside_a_question(u.text)
    # the part named only in a question about a service («пока нет, а вы шины храните?»): no need said
    served = reading is not None and reading.outcome is Outcome.NEED_NOW and not _WANTS.search(u.text[len(told) :])
    if reading is not None and told and (reading.outcome is None or (served and not _names_a_part(told))):
        # «машина в порядке, спасибо! а скидки есть?», «пока не нужно, а бонусы сгорают?»: what is told settles it,
        # and the question is answered beside it
        settled = classify(told, today=ctx.today, asks_for_parts=_names_a_part(told), context=context)
        if settled.outcome is Outcome.NOTHING or (settled.outcome is Outcome.LATER and resolve(told, ctx.today)):
            reading = settled  # not the default day of «не знаю, а что у вас есть?»
    called = asks_for_a_call(u.text) and (reading is None or reading.outcome is not Outcome.LATER)  # not «созвонимся в пятницу»
    # «позовите менеджера»: a need, taken as a request (machine.py asks what for); «мы автосервис, можем брать оптом?»
    if asks_for_a_human(u.text) or called or buys_wholesale(u.text):
        campaign.outcome = Outcome.NEED_NOW
        return None
    # «отец скончался, это была его машина», «Муж погиб в аварии.»: a loss told, with no need and no day to write said
    undated = reading is None or reading.outcome is None or (reading.outcome is Outcome.LATER and not resolve(u.text, ctx.today))
    if undated and mourns(u.text) and not asks:
        return _mourned(state, u, ctx)
    if reading is None or reading.outcome is None:
        if (answer := _answer(state, u, ctx)) is not None:
            if answer[0].key == "not_our_customer":  # no pitch to someone who may never have bought here
                return StepResult(state, answer)
            return StepResult(state, [*answer, Say("retention_ask_again")])
        if asks_about_discount(u, ctx):
            return StepResult(state, [discount_answer(ctx), Say("retention_ask_again")])
        if not _WHO.search(u.text) and (question := _question(state, u, ctx)) is not None:  # «а кто это?»: who writes
            return StepResult(state, [question, Say("retention_ask_again")])
        says = [Say("bot_answer")] if u.means(Intent.BOT_QUESTION) else []
        campaign.unclear_replies += 1
        if campaign.unclear_replies >= UNCLEAR_REPLIES and not says:  # «хз» four times: a polite stop, not the round again
            state.stage = Stage.RETENTION_CLOSED
            return StepResult(state, [Say("retention_nothing_to_go_on")])
        # «ага», «👍», «спасибо» (once more, or at all): the question, not the introduction — «кто это?» gets that
        if campaign.introduced_again or says or _acknowledges(u):
            return StepResult(state, [*says, Say("retention_ask_again")])
        campaign.introduced_again = True
        return StepResult(state, [*says, Say("retention_unclear")])
    if reading.outcome is Outcome.NEED_NOW:
        campaign.outcome = Outcome.NEED_NOW
        return None
    if reading.outcome is Outcome.LATER:
        assert reading.next_contact is not None
        return _later(state, u, ctx, reading.next_contact)
    campaign.outcome = Outcome.NOTHING
    # «нет, ничего не надо. а вы шиномонтаж делаете?»: the question is answered too, not dropped
    # … and the balance asked beside it is told with the offer, not passed to a manager («а сколько бонусов у меня?»)
    asks = u.means(Intent.QUESTION) and not _WHO.search(u.text) and not asks_only_the_balance(u)
    question = _question(state, u, ctx, ordering_later=True) if asks else None
    if _asks_the_balance(u) and ctx.bonus_points <= 0:  # none to tell with the offer: «пока нет баллов»
        question = Say("bonus_balance_asked", {"points": 0})
    if u.means(Intent.BOT_QUESTION):  # «ничего, а вы бот?»
        question = Say("bot_answer")
    if mourns(u.text) and question is None:
        return _mourned(state, u, ctx)
    # no bonus or discount to the bereaved, the emigrated, or one with no car now
    pitch = not (mourns(u.text) or _GONE_AWAY.search(u.text) or _NO_CAR_NOW.search(u.text))
    return _nothing_needed(state, ctx, question, sorry=sorry_for(u.text), pitch=pitch)


_SENTENCE = re.compile(r"[^.!?]+[.!?]*")
# a question that wants a part: its price, whether it is there, ordering it
_WANTS = re.compile(r"сколько|поч[её]м|\bцен|стои|наличи|\bесть\b|прода[её]т|привез|закаж|подбер|достав", re.IGNORECASE)


def _names_a_part(text: str) -> bool:
    return bool(extract_parts(text) or find_vins(text) or find_frames(text))


_QUESTION_OPENS = re.compile(
    r"[,;—-]\s*(?:а|и|но|кстати|хотя|правда|только|(?=(?:\w+\s+)?(?:бонус|балл|скидк)))\b", re.IGNORECASE
)


def _told_beside_a_question(text: str) -> str:
    """The message without what it asks («машина в порядке, спасибо! а скидки есть?» -> «машина в порядке,
    спасибо!»; «пока не нужно, а бонусы сгорают?» -> «пока не нужно»); "" when it asks nothing or tells nothing."""
    if "?" not in text and _BONUS.search(text) and _ASKED_PLAINLY.search(text):
        text += "?"  # «пока ничего, а баланс бонусов подскажите»
    if "?" not in text:
        return ""
    told = []
    for sentence in _SENTENCE.findall(text):
        if not sentence.rstrip().endswith("?"):
            told.append(sentence)
        elif opens := list(_QUESTION_OPENS.finditer(sentence)):
            told.append(sentence[: opens[-1].start()])
    return " ".join(part.strip() for part in told if part.strip())


def _later(state: DialogueState, u: Understanding, ctx: TurnContext, day: date) -> StepResult:
    campaign = state.campaign
    assert campaign is not None
    campaign.outcome = Outcome.LATER
    campaign.next_contact = day.isoformat()
    campaign.later_phrase = u.text.strip()[:200]
    state.stage = Stage.SNOOZED
    asked = _answer(state, u, ctx) or []  # «сколько у меня баллов? и напишите через неделю»: both
    return StepResult(
        state, [*asked, Say("retention_later", {"date": human_date(day, ctx.today)})], [RecordOutcome("later", day)]
    )


def on_snoozed_reply(state: DialogueState, u: Understanding, ctx: TurnContext) -> StepResult | None:
    """«позже» … «через 3 дня», «в пятницу»: a day said soon after the campaign was told *later* is the
    day to write on, not a new request. None when the message is no such day."""
    campaign = state.campaign
    if campaign is None or campaign.outcome != Outcome.LATER or u.has_slots:
        return None
    if (answer := _answer(state, u, ctx)) is not None and not u.means(Intent.OPT_OUT):  # «а сколько у меня баллов?»
        return StepResult(state, answer)
    if campaign.next_contact and _acknowledges(u):  # «хорошо», «👍», «да, хорошо»: the day stands
        kept = human_date(date.fromisoformat(campaign.next_contact), ctx.today)
        return StepResult(state, [Say("retention_later_kept", {"date": kept})])
    if u.intents & _NOT_A_DAY_ONLY:
        return None
    # «в выходные не пишите»: that is no day to write on; «не пишите до весны»: spring is
    limited = at_some_times(u.text)
    if limited:
        day = written_again_from(u.text, ctx.today)
    else:  # «хотя нет, лучше через два»: in the unit said before
        day = resolve_counted_on(u.text, campaign.later_phrase or "", ctx.today) or resolve(u.text, ctx.today)
    if limited and day is None:
        booked = date.fromisoformat(campaign.next_contact) if campaign.next_contact else None
        if booked is None or not (_WEEKEND.search(u.text) and booked.weekday() >= 5):
            return StepResult(state, [Say("times_noted")])
        day = booked + timedelta(days=7 - booked.weekday())  # «в выходные не пишите»: the Monday after
        campaign.next_contact = day.isoformat()
        moved = Say("retention_later", {"date": human_date(day, ctx.today)})  # the day it moved to, said
        return StepResult(state, [moved], [RecordOutcome("later", day)])
    if day is None and u.intents and u.intents <= _NO_THANKS and not asks_for_a_call(u.text):  # «нет, спасибо»
        return StepResult(state, [Say("you_are_welcome_idle")])
    if day is None or day <= ctx.today:
        return None
    return _later(state, u, ctx, day)


def on_snoozed_put_off(state: DialogueState, u: Understanding, ctx: TurnContext) -> StepResult | None:
    """«колодки нужны, но не сейчас», «в марте буду менять резину» soon after the day to write was agreed: a
    part put off again is no request now. The day said moves the contact; none said keeps the agreed one.
    None when the message asks for the part now."""
    campaign = state.campaign
    if campaign is None or campaign.outcome != Outcome.LATER or not campaign.next_contact:
        return None
    # put off in so many words, or a day with no need said («в марте буду менять резину, тогда и напишите») —
    # not «нужны колодки, через неделю заберу»
    said_later = classify(u.text, today=ctx.today, asks_for_parts=True).outcome is Outcome.LATER and not _NEED.search(u.text)
    future = _NEEDED_THEN.search(u.text) is not None and not _NOW_SAID.search(u.text)  # «да, масло и фильтры будут нужны»
    if not (puts_off(u.text, ctx.today) or said_later or future):
        return None
    return later_kept(state, u, ctx)


def later_kept(state: DialogueState, u: Understanding, ctx: TurnContext) -> StepResult:
    """The day to write on once *later* was agreed: the one this message says, else the agreed one, said back."""
    campaign = state.campaign
    assert campaign is not None and campaign.next_contact
    said = resolve(without_time_limits(u.text), ctx.today)
    if said is not None and said > ctx.today:
        return _later(state, u, ctx, said)
    kept = human_date(date.fromisoformat(campaign.next_contact), ctx.today)
    return StepResult(state, [Say("retention_later_kept", {"date": kept})])


# the need itself put off: «хотя нет», «ой, давайте лучше…», «передумал», «подождёт», «напишите после…»
_TAKEN_BACK = re.compile(
    r"\bхотя\b|\bой\b|\bлучше\b|передума|\bподожд|\bпозже\b|\bпотом\b|(?<!не\s)\b(?:на)?пиш(?:ите|и)\b|\bнапомн"
    r"|\bне\s+сейчас|\bпока\s+не\b",
    re.IGNORECASE,
)
_NOT_NEEDED = re.compile(r"\bне\s+(?:надо|нужн\w*)", re.IGNORECASE)
# a day said of the request under way, not of the need: when the VIN comes, the parts are fetched or paid for
_ABOUT_THE_REQUEST = re.compile(
    r"\bвин|\bvin|кузов|\bсртс|\bстс|фото|\bскин|\bпришл|\bотправл|\bзабер|\bзаед|\bприед|достав|\bпривез|\bоплач|\bсам\b",
    re.IGNORECASE,
)


def on_need_put_off(state: DialogueState, u: Understanding, ctx: TurnContext) -> StepResult | None:
    """«да, надо колодки» … «хотя нет, после нового года»: the need the campaign found, put off before the request
    is handed off, is *later* after all — the day said is the day to write on, the parts stay on the request for
    then. None when the message is no such putting off."""
    campaign = state.campaign
    needed = _NEED.search(_NOT_NEEDED.sub("", u.text))  # «пока не надо, после зарплаты» says no need
    if campaign is None or campaign.outcome != Outcome.NEED_NOW or u.vins or u.frames or needed:
        return None
    if not _TAKEN_BACK.search(u.text) or _ABOUT_THE_REQUEST.search(u.text):  # not «вин скину завтра», «заберу в пятницу»
        return None
    reading = classify(u.text, today=ctx.today, asks_for_parts=bool(u.parts))
    if reading.outcome is not Outcome.LATER or reading.next_contact is None:
        return None
    result = _later(state, u, ctx, reading.next_contact)
    named = ", ".join(state.draft.parts)
    campaign.later_phrase = (f"{named} — {u.text.strip()}" if named else u.text.strip())[:200]
    return result


_NEEDED_THEN = re.compile(r"\bбуд(?:ут|ет)\s+(?:\w+\s+)?нужн|\bпонадоб(?:ит|ят|ится|ятся)", re.IGNORECASE)
_NOW_SAID = re.compile(r"(?<!не\s)\bсейчас\b|\bсрочно|\bсегодня", re.IGNORECASE)
_NEED = re.compile(
    r"\bнуж(?:ен|на|ны|но|да)\b|\bнадо\b|\bтребуется\b|\bзакаж|\bподбер|\bпривез|\bзабер|\bпришлите|\bскиньте"
    r"|(?<!не\s)\bсейчас\b(?!\s+не\b)",
    re.IGNORECASE,
)


# a word or sign of assent and nothing more: «хорошо», «ладно», «👍», «договорились», «ок, спасибо, до свидания»
_ASSENT = re.compile(
    r"^(?:[\W_]*\b(?:ок|окей|ok|okay|хорошо|ладно|договорились|понял|поняла|понятно|ясно|принято|добро|угу|ага|да"
    r"|давайте|давай|отлично|супер|годится|идёт|идет|согласен|согласна|жду|ждём|ждем|буду\s+ждать|напишите|пишите"
    r"|спасибо|спс|благодарю|до\s+свидания|всего\s+доброго|пока)\b)+[\W_]*$|^[^\w?]+$",
    re.IGNORECASE,
)
_NO_THANKS = frozenset({Intent.NOTHING, Intent.NO, Intent.THANKS, Intent.DONE})


def _acknowledges(u: Understanding) -> bool:
    return _ASSENT.match(u.text.strip()) is not None and not asks_for_a_call(u.text)


# «машину разбил», «угнали», «попал в аварию»: sympathy before anything else
_MISHAP = re.compile(r"разбил|разбили|угнал|авари|\bдтп\b|сгорел|утопил|в\s+хлам|тотал", re.IGNORECASE)
# a death in the family or someone in hospital told («жена умерла», «похоронили друга», «Андрей в больнице») — not asked
# about, denied or joked («он погиб? нет, жив», «не умер, не дождётесь», «чуть не умер от ваших цен», «умерла бы со смеху»)
_KIN_WORDS = r"(?:жен\w*|муж\w*|мам\w*|мать|матери|отец|отца|пап\w*|брат\w*|сестр\w*|сын\w*|доч\w*|бабушк\w*|дедушк\w*|друг\w*|т[её]щ\w*|свекр\w*)"
_BEREAVED = re.compile(
    rf"\b{_KIN_WORDS}\s+(?:\w+\s+)?(?:умер\w*|погиб\w*|скончал\w*)\b|\b(?:умер\w*|погиб\w*|скончал\w*)\s+{_KIN_WORDS}"
    rf"|похорон\w*\s+(?:\w+\s+)?{_KIN_WORDS}|\b{_KIN_WORDS}\s+не\s+стало"
    r"|\b(?:он|она)\s+(?:уже\s+|недавно\s+|давно\s+|в\s+\w+\s+)?(?:умер\w*|погиб\w*|скончал\w*)|\b(?:его|е[её])\s+не\s+стало"  # «номер отца, он скончался»
    rf"|(?:(?-i:\b[А-ЯЁ][а-яё]+)|\b{_KIN_WORDS}|\bон|\bона|\bлежит|\bпопал\w*)\s+(?:сейчас\s+|лежит\s+)?в\s+(?:больниц|реанимац)",
    re.IGNORECASE,
)
_NO_LOSS = re.compile(r"\?|\bжив|\bне\s+(?:умер|погиб|в\s+больниц)|\bбы\b|смех|чуть\s+не|\bбыл\w*\s+в\s+больниц", re.IGNORECASE)


def sorry_for(text: str) -> bool:
    """Whether the reply tells of a mishap or a loss the shop says it is sorry for."""
    return bool(_MISHAP.search(text) or (_BEREAVED.search(text) and not _NO_LOSS.search(text)))


def mourns(text: str) -> bool:
    """A death in the family told («папа умер в августе, машину продали»): sympathy, and no bonus or discount
    pitched beside it."""
    return any(_DEATH.search(m.group()) for m in _BEREAVED.finditer(text)) and not _NO_LOSS.search(text)


_DEATH = re.compile(r"умер|погиб|скончал|похорон|не\s+стало", re.IGNORECASE)


_WEEKEND = re.compile(r"выходн|суббот|воскресен", re.IGNORECASE)
_NOT_A_DAY_ONLY = frozenset({Intent.REQUEST, Intent.NEED_NOW, Intent.OPT_OUT, Intent.QUESTION, Intent.PRICE_QUESTION})


_BONUS = re.compile(r"бонус|балл", re.IGNORECASE)
# «а откуда у вас мой номер?», «откуда номер?», «кто дал мой телефон» — not «откуда взять номер кузова»
_WHERE_FROM = re.compile(
    r"\b(?:откуда|кто\s+(?:вам\s+)?дал|где\s+(?:вы\s+)?взял\w*)\b(?:(?!кузов|vin|вин|детал|запчаст|двигател)[^.?!])*?"
    r"\b(?:номер|телефон|контакт)\w*(?!\s+(?:кузов|двигател|vin|вин|детал|заказ))",
    re.IGNORECASE,
)
# «я ничего у вас не покупала», «вы ошиблись номером»: the number may have reached the card by mistake
_NEVER_BOUGHT = re.compile(
    r"(?:ничего|никогда|ни\s*разу)\s+(?:\w+\s+){0,2}не\s+(?:покупал|брал|заказывал)"
    r"|не\s+(?:покупал|брал|заказывал)\w*\s+(?:\w+\s+){0,2}(?:ничего|никогда|ни\s*разу)"
    r"|ошиблись\s+номером|не\s+туда\s+попали|не\s+ваш\s+(?:клиент|покупатель)|впервые\s+(?:слышу|вижу)"
    r"|первый\s+раз\s+(?:слышу|вижу)(?!\s+(?:про|что|о|об|как)\b)|не\s+знаю\s+никак(?:ой|ого|ую|их)\b",  # «не знаю никакой АвтоДеталь»
    re.IGNORECASE,
)
# moved abroad for good: «я уехал из России», «переехал в другую страну», «живу теперь в Германии»
# abroad: a country or a capital of one, or just «за границей»
_ABROAD = (
    r"(?:за\s+границ\w*|за\s+рубеж\w*|в\s+другой\s+стране|не\s+в\s+(?:россии|рф)|(?:в|во)\s+(?:казахстан|беларус|белорусс|узбекистан"
    r"|киргиз|кыргыз|таджикистан|туркмен|азербайджан|армени|грузи|молдов|украин|латви|литв|эстони|германи|израил|сша|америк|канад"
    r"|турци|польш|финлянд|чехи|испани|итали|франци|сербии|европ|эмират|оаэ|дубае|дубай|таиланд|тайланд|китае|корее|япони"
    r"|минск|алмат|астан|ташкент|бишкек|ереван|тбилиси|баку|кишин[её]в|риг[еу]|вильнюс|таллин|берлин|тель-авив|варшав|праг)\w*)"
)
_LIVING = r"(?:уехал\w*|переехал\w*|живу|живем|живём|проживаю|нахожусь|обосновал\w*|эмигрировал\w*)"
_GONE_AWAY = re.compile(
    rf"\b(?:уехал\w*|переехал\w*)\s+из\s+(?:россии|рф|страны)|\bэмигрир\w*|\b{_LIVING}\s+(?:\w+\s+)?{_ABROAD}"
    rf"|\b(?:теперь|сейчас|давно|уже)\s+(?:я\s+)?{_ABROAD}|{_ABROAD}\s+(?:\w+\s+)?(?:теперь\s+|сейчас\s+|уже\s+)?{_LIVING}|{_ABROAD}\s+(?:теперь|сейчас)\b",
    re.IGNORECASE,
)
# no car now, said so: «теперь без машины», «машины больше нет», «на метро езжу» (not «машину продал» alone: the
# bonus is for the next car too)
_NO_CAR_NOW = re.compile(
    r"\b(?:машин\w*|авто|тачк\w*)\s+(?:больше\s+|уже\s+|теперь\s+|сейчас\s+)?нет\b|\bнет\s+(?:больше\s+|уже\s+|теперь\s+)?(?:машин\w*|авто\b)"
    r"|\bбез\s+(?:машин\w*|авто\w*|колес)\b|\bнов\w+\s+(?:пока\s+|ещ[её]\s+)?не\s+(?:купил|взял)\w*|\b(?:теперь|сейчас)\s+(?:только\s+)?(?:на\s+(?:такси|метро|автобус\w*|велосипед\w*|велик\w*|самокат\w*|электричк\w*|общественн\w+)|пешком)"
    r"|\b(?:машин\w*|авто|тачк\w*)\s+(?:\w+\s+)?(?:сгорел\w*|угнал\w*|утонул\w*|под\s+списание)|\bугнали\b|\bв\s+хлам\b|\bтотал\w*"
    r"|\bна\s+(?:метро|автобусе|общественн\w+|такси|самокате|велике|велосипеде)\s+(?:теперь\s+|сейчас\s+)?(?:езжу|катаюсь|передвигаюсь|хожу)"
    r"|\b(?:езжу|катаюсь|передвигаюсь)\s+(?:теперь\s+|сейчас\s+)?на\s+(?:метро|автобусе|общественн\w+|такси)"
    r"|\b(?:больше|уже|давно|сам\w*)\s+(?:\w+\s+)?не\s+(?:вожу|езжу|сажусь\s+за\s+руль)\b",  # «я больше не вожу»
    re.IGNORECASE,
)
_NO_CALLS = re.compile(r"\bне\s+(?:звоните|звонить|надо\s+звонить)", re.IGNORECASE)
# «а кто это?», «вы кто?», «что за магазин?», «откуда вы?»: answered by the introduction
_WHO = re.compile(r"\bкто\b|\bчто\s+за\b|откуда\s+вы\b", re.IGNORECASE)
# «сколько у меня бонусов?», «какой баланс баллов?» — not «а бонусы сгорают?»
_BALANCE = re.compile(r"сколько|скока|баланс|остал|остат|накопил|мои\s+(?:бонус|балл)|у\s+меня", re.IGNORECASE)
# asked without a question mark: «сколько у меня бонусов», «баланс бонусов подскажите»
_ASKED_PLAINLY = re.compile(r"\b(?:сколько|скока|подскажите|скажите|уточните)\b", re.IGNORECASE)


def denies_buying(text: str) -> bool:
    """«я у вас ничего не покупал», «впервые слышу»: not the shop's customer, by their word."""
    return _NEVER_BOUGHT.search(text) is not None


def asks_where_from(text: str) -> bool:
    """«а откуда у вас мой номер?», «кто дал мой телефон»."""
    return _WHERE_FROM.search(text) is not None


def _asking(u: Understanding) -> bool:
    return bool(u.intents & {Intent.QUESTION, Intent.PRICE_QUESTION, Intent.DISCOUNT_REQUEST}) or "?" in u.text


def _asks_the_balance(u: Understanding) -> bool:
    asking = _asking(u) or _ASKED_PLAINLY.search(u.text) is not None
    return asking and bool(_BONUS.search(u.text) and _BALANCE.search(u.text))


def asks_only_the_balance(u: Understanding) -> bool:
    """The balance is all that is asked: not «сколько бонусов у меня? и когда сгорят?» (a manager answers that)."""
    questions = re.findall(r"[^?]+\?", u.text)
    return _asks_the_balance(u) and all(_BONUS.search(q) and _BALANCE.search(q) for q in questions)


def _answer(state: DialogueState, u: Understanding, ctx: TurnContext) -> list[Say] | None:
    """What the campaign can answer from its own data: the bonus balance asked for («а сколько у меня
    бонусов?»), where the shop has the number from. None when the message asks neither."""
    if _NEVER_BOUGHT.search(u.text):
        return [Say("not_our_customer")]
    if refuses_only_calls(u.text) or (_NO_CALLS.search(u.text) and keeps_writing(u.text)):  # «не звоните мне, пишите лучше сюда»
        state.draft.questions.append(u.text.strip())  # on the note of a request that follows: the manager writes
        return [Say("no_calls_noted")]
    if _WHERE_FROM.search(u.text):
        return [Say("where_from")]
    if _asks_the_balance(u):
        if state.campaign is not None and ctx.bonus_points > 0:
            state.campaign.bonus_mentioned = True  # told once: not again with the offer
        return [Say("bonus_balance_asked", {"points": ctx.bonus_points})]
    return None


def _question(state: DialogueState, u: Understanding, ctx: TurnContext, *, ordering_later: bool = False) -> Say | None:
    """A question the campaign has no data for («а вы доставляете в Тверь?», «до скольки работаете?»,
    «почём масло?»): kept for the manager with the request it may lead to (the hand-off note), and
    said so. None when the message asks nothing."""
    if u.means(Intent.PRICE_QUESTION):
        return Say("price_answer")
    if not (u.means(Intent.QUESTION) or "?" in u.text) or u.means(Intent.BOT_QUESTION):
        return None
    if (hours := hours_answer(u, ctx)) is not None:
        return hours
    state.draft.questions.append(u.text.strip())
    return Say("retention_question", {"offered": ordering_later or state.stage is Stage.RETENTION_OFFERED})


# the one who died named by a bare pronoun, opening the reply: the one the campaign wrote to, whatever the name on the
# account («Он умер в прошлом месяце» to «Оксана»: the husband's number)
_THE_ADDRESSEE_DIED = re.compile(
    r"^\W*(?:(?:он|она)\s+(?:\w+\s+)?(?:умер(?:ла)?|скончал(?:ся|ась)|погиб(?:ла)?)|(?:его|е[её])\s+(?:больше\s+)?не\s+стало)\b",
    re.IGNORECASE,
)


def _mourned(state: DialogueState, u: Understanding, ctx: TurnContext) -> StepResult:
    """«жена умерла в августе, машину продали»: sympathy and no pitch. «Он умер в прошлом месяце»: the one written to
    has died — the campaign writes to the number no more (an opt-out of what is sent unasked; the family may still
    write in)."""
    result = _nothing_needed(state, ctx, sorry=True, pitch=False)
    if not _THE_ADDRESSEE_DIED.search(u.text):
        return result
    assert state.campaign is not None
    state.campaign.outcome = Outcome.OPTED_OUT
    return StepResult(state, result.says, [RecordOutcome("opted_out"), OptOut(u.text.strip())])


def _nothing_needed(
    state: DialogueState, ctx: TurnContext, question: Say | None = None, *, sorry: bool = False, pitch: bool = True
) -> StepResult:
    """*Nothing needed*: the bonus balance and the day's discount — or, after a death told (`pitch` False), a
    quiet goodbye."""
    campaign = state.campaign
    assert campaign is not None
    says = [Say("retention_nothing", {"sorry": sorry})]
    if question is not None:
        says.append(question)
    if not pitch:
        state.stage = Stage.RETENTION_CLOSED
        return StepResult(state, [*says, Say("retention_bye_quiet")], [RecordOutcome("nothing")])
    if ctx.bonus_points > 0 and not campaign.bonus_mentioned:
        says.append(Say("bonus_balance", {"points": ctx.bonus_points}))
        campaign.bonus_mentioned = True
    effects: list[RecordOutcome | GrantOffer] = [RecordOutcome("nothing")]
    if ctx.offer_percent_allowed:
        campaign.discount_offered = True
        also = any(say.key == "bonus_balance" for say in says)  # «А ещё…» only after the balance
        says.append(Say("offer_made", {"percent": ctx.offer_percent_allowed, "expires": ctx.new_offer_expires, "also": also}))
        effects.append(GrantOffer(ctx.offer_percent_allowed))
        state.stage = Stage.RETENTION_OFFERED
    else:
        says.append(Say("retention_bye"))
        state.stage = Stage.RETENTION_CLOSED
    return StepResult(state, says, list(effects))
