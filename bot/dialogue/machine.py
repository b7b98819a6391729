"""The persona's state machine. Pure: state + understanding + facts in, replies + effects out.

Request taking: new -> collecting -> asking_more -> handed_off. After the hand-off the persona
stays quiet except to acknowledge, and whatever the customer adds is appended to the lead.
Campaign replies (retention_* stages) are read by retention_flow.py first.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from collections.abc import Sequence
from dataclasses import replace

from bot.dialogue.cancel import cancels, revives, starts_over
from bot.dialogue.complaints import (
    adds_to_an_order,
    asks_after_an_order,
    complains,
    demands_a_refund,
    names_an_order,
    ordered_parts,
    parts_needed_beside,
)
from bot.dialogue.corrections import (
    Fix,
    enough_count,
    find_fix,
    negated_before,
    one_more,
    opposites,
    puts_the_count_right,
    recount,
    replace_words,
    same_word,
    swap_side,
    swap_sides,
)
from bot.dialogue.discounts import asks_about_discount, discount_answer
from bot.dialogue.feedback import on_feedback_reply
from bot.dialogue.hours import hours_answer
from bot.dialogue.humans import (
    asks_for_a_call,
    asks_for_a_call_now,
    asks_for_a_human,
    buys_wholesale,
    talks_business,
    wants_a_human_now,
)
from bot.dialogue.meaning import gives_instructions, settles_only
from bot.dialogue.opt_out import (
    at_some_times,
    denies_the_name,
    is_erasure_request,
    is_opt_out,
    is_wrong_number,
    refuses_only_calls,
    sounds_like_refusal,
    tells_of_a_death,
    the_other_messenger,
    written_again_from,
)
from bot.dialogue.photos import read_photos
from bot.dialogue.state import (
    FEEDBACK_STAGES,
    IDLE_STAGES,
    AppendToLead,
    Asked,
    DialogueState,
    HandOff,
    KnownCar,
    LeadDraft,
    OptOut,
    RecordOutcome,
    Say,
    Stage,
    StepResult,
    TurnContext,
    campaign_recent,
)
from bot.dialogue.understand import Intent, Understanding
from catalogs.cars import (
    CarMention,
    car_details,
    car_named_alone,
    car_span,
    contradicts,
    details_beside_year,
    engine_put_right,
    extract_car,
    extract_cars,
    is_car_word,
    year_spans,
)
from catalogs.part_names import (
    PartMention,
    extract_parts,
    fault_told,
    is_part_name,
    is_variant,
    names_a_thing,
    spec_kinds,
    takes_a_side,
    tells_a_symptom,
)
from catalogs.part_specs import LIGHT_KIND, count_alone, find_specs, joined, merged
from catalogs.vin import VinReading, decode_vin, describe_car, foreign_chars, frame_car
from retention.flow import (
    asks_only_the_balance,
    asks_where_from,
    denies_buying,
    later_kept,
    mourns,
    on_campaign_reply,
    on_need_put_off,
    on_snoozed_put_off,
    on_snoozed_reply,
    sorry_for,
)

_POLITE = frozenset({Intent.THANKS, Intent.NO, Intent.DONE, Intent.YES})
# What moves a request on; questions, discounts and rubbish do not (asked round about them, the
# question changes into a hint rather than the request going to a manager).
_PROGRESS = frozenset({Intent.REQUEST, Intent.CORRECTION, Intent.NO_VIN, Intent.YES, Intent.NO, Intent.DONE, Intent.NOTHING})
_ASKING = frozenset({Intent.REQUEST, Intent.NEED_NOW})  # parts named as wanted, not only mentioned («стоп»)
_WITH_HOURS = frozenset(
    {"hand_off", "hand_off_complaint", "hand_off_order", "hand_off_questions"}
)  # the hand-offs that say when a manager answers
MAX_REPEATS = 2  # the same question is never asked a third time in a row
MAX_BARE_PART_WORDS = 5  # «герметик», «бачок гур»: a short answer to «какие запчасти?» is the part


def step(state: DialogueState, u: Understanding, ctx: TurnContext) -> StepResult:
    state = state.copy()
    if ctx.phone_noted == "callback" and (note := f"Номер для звонка: {ctx.phone_said}") not in state.draft.questions:
        state.draft.questions.append(note)  # the chat's own number stays (WhatsApp); the manager calls this one
    result = _step(state, u, ctx)
    if ctx.managers_back:  # at 23:40 «менеджер пришлёт предложение завтра с 9:00», not «в ближайшее время»
        result.says[:] = [
            replace(say, facts={**say.facts, "back": ctx.managers_back}) if say.key in _WITH_HOURS else say for say in result.says
        ]
    if not ctx.phone_known and any(isinstance(effect, HandOff) for effect in result.effects):
        result.says.append(Say("ask_phone"))  # a manager may want to call; asked once, at the hand-off
    if ctx.phone_noted and (
        "?" not in u.text or ctx.phone_noted == "callback"
    ):  # «меня Вера зовут, тел 8 916 555 44 33»: said back, after the greeting
        at = next((i + 1 for i, say in enumerate(result.says) if say.key == "greeting"), 0)
        facts = {"fixed": ctx.phone_noted == "fixed", "callback": ctx.phone_noted == "callback", "phone": ctx.phone_said}
        result.says.insert(at, Say("phone_noted", facts))
    return result


def _step(state: DialogueState, u: Understanding, ctx: TurnContext) -> StepResult:
    if not u.empty and is_erasure_request(u.text):
        return _erase(state, u)
    in_campaign = state.stage in (Stage.RETENTION_OPENED, Stage.RETENTION_OFFERED, Stage.SNOOZED)
    waits = not in_campaign and at_some_times(u.text) and written_again_from(u.text, ctx.today) is not None
    stranger = _a_stranger(u, ctx, in_campaign=in_campaign) and not u.parts  # «вы ошиблись номером»: never written to again
    # «не пишите мне до весны» in a request waits too
    if not u.empty and (is_opt_out(u.text) or u.means(Intent.OPT_OUT) or waits or stranger):
        asking = (u.parts and u.intents & _ASKING) or asks_for_a_call_now(u.text)  # «не пишите сюда, лучше позвоните»
        if asking and state.stage is not Stage.HANDED_OFF:
            return _request_and_opt_out(state, u, ctx)
        return _opt_out(state, u, ctx)
    return _converse(state, u, ctx)


def _a_stranger(u: Understanding, ctx: TurnContext, *, in_campaign: bool) -> bool:
    """«вы ошиблись номером»; to the campaign, which wrote by name, «я не Андрей» and «Андрея больше нет» too."""
    named = in_campaign and (denies_the_name(u.text, ctx.customer_name) or tells_of_a_death(u.text, ctx.customer_name))
    return is_wrong_number(u.text) or named


def _converse(state: DialogueState, u: Understanding, ctx: TurnContext) -> StepResult:
    if state.stage in FEEDBACK_STAGES:
        answered = on_feedback_reply(state, u)
        if answered is not None:
            return answered
        state.stage, state.asked, state.draft, state.feedback_id = Stage.COLLECTING, None, LeadDraft(), None  # a new request
    if state.stage is Stage.HANDED_OFF and state.draft.asked_only and (u.parts or u.part_numbers) and not names_an_order(u.text):
        state.stage, state.asked, state.draft = Stage.COLLECTING, None, LeadDraft()  # «доставка есть?» … «нужны колодки»
    if state.stage is Stage.HANDED_OFF:
        return _after_hand_off(state, u, ctx)
    says: list[Say] = []
    if state.stage in (Stage.RETENTION_OPENED, Stage.RETENTION_OFFERED):
        handled = on_campaign_reply(state, u, ctx)
        return handled if handled is not None else _campaign_need_now(state, u, ctx)
    recent = state.stage in (Stage.RETENTION_CLOSED, Stage.SNOOZED) and campaign_recent(state, ctx.today)
    snoozed = recent and state.stage is Stage.SNOOZED
    if snoozed and state.draft.parts and _NOW_AFTER_ALL.search(u.text):
        return _campaign_need_now(state, u, ctx)  # «хотя нет, после нового года» … «а, нет, давайте сейчас, камри 2012»
    if snoozed and state.draft.parts and not u.parts and (u.car or u.vins or u.frames):
        return _car_for_later(state, u, ctx)  # … «у меня камри 2012, напомните тогда»: on the request for that day
    if snoozed and u.parts and (put_off := on_snoozed_put_off(state, u, ctx)):
        labels = [part_label(p) for p in u.parts]  # «через месяц» … «колодки нужны, но не сейчас»: kept for the day
        state.draft.parts.extend(label for label in labels if label not in state.draft.parts)
        return put_off
    if recent and (u.parts or u.vins or u.frames):
        return _campaign_need_now(state, u, ctx)  # «ничего не нужно» / «через месяц» … «а вообще нужны колодки»
    if snoozed and (later := on_snoozed_reply(state, u, ctx)):
        return later  # «позже» … «через 3 дня»
    hot = state.stage is Stage.COLLECTING and state.draft.hot and campaign_recent(state, ctx.today)
    if hot and (put_off := on_need_put_off(state, u, ctx)):
        return put_off  # «да, надо колодки» … «хотя нет, после нового года»
    if state.stage is Stage.CANCELLED and state.draft.cancelled_parts and revives(u.text):  # «отмена» … «давайте всё-таки»
        state.stage, state.asked, draft = Stage.COLLECTING, None, state.draft
        draft.parts[:0], draft.part_numbers[:0] = draft.cancelled_parts, draft.cancelled_numbers
        says.append(Say("request_revived", {"what": ", ".join(draft.cancelled_parts)}))
        draft.cancelled_parts, draft.cancelled_numbers = [], []
        u = replace(u, parts=[p for p in u.parts if part_label(p) not in draft.parts])  # «не отмена, нужны сайлентблоки»
        if not u.has_slots:
            return _ask_next(state, says, garage=ctx.garage)
    if state.stage in IDLE_STAGES:
        if not u.has_slots and u.intents and u.intents <= _POLITE and not asks_for_a_call(u.text):  # not «жду звонка»
            return StepResult(state, [Say("you_are_welcome_idle")])
        if (
            state.stage is Stage.OPTED_OUT
            and sounds_like_refusal(u.text)
            and not (u.has_slots or "?" in u.text or asks_for_a_call(u.text))
        ):
            return StepResult(state, [Say("opt_out_kept")])  # «и звонить тоже не надо»: no sales question
        cancelled = state.stage is Stage.CANCELLED  # «нет, не отмена, нужны сайлентблоки»: the car stays
        state.stage, state.asked, state.draft = Stage.COLLECTING, None, state.draft if cancelled else LeadDraft()
        if cancelled:
            state.draft.cancelled_parts, state.draft.cancelled_numbers = [], []
    if not state.greeted:  # to «дайте человека, а не робота» the persona does not call itself a manager
        plain = asks_for_a_human(u.text) or u.means(Intent.BOT_QUESTION)
        says.append(Say("greeting", {"hour": ctx.hour, "plain": plain}))
        state.greeted = True
    if state.stage is Stage.NEW:
        state.stage = Stage.COLLECTING
    return _collect(state, u, ctx, says)


# the need put off is wanted now after all: «а, нет, давайте сейчас», «лучше сейчас оформим»
_NOW_AFTER_ALL = re.compile(r"(?<!не\s)\bсейчас\b(?!\s+не\b)|\bоформля\w*|\bоформ(?:и|ите)\b", re.IGNORECASE)


def _identify(draft: LeadDraft, u: Understanding) -> bool:
    """The VIN (with the car it decodes to) or the frame the message gives, on the request; whether it gave one."""
    if u.vins:
        draft.vin = u.vins[0]
        draft.car_from_vin = describe_car(decode_vin(draft.vin))
    elif u.frames:
        draft.set_frame(u.frames[0])
    return bool(u.vins or u.frames)


def _car_for_later(state: DialogueState, u: Understanding, ctx: TurnContext) -> StepResult:
    """The car (or VIN) told for a request put off: on the request for the day agreed, said back with the day."""
    draft = state.draft
    if not _identify(draft, u) and u.car is not None:
        draft.car = u.car.text
    kept = later_kept(state, u, ctx)
    return StepResult(state, [Say("noted", {"what": draft.car_text}), *kept.says], kept.effects)


def _campaign_need_now(state: DialogueState, u: Understanding, ctx: TurnContext) -> StepResult:
    """The customer the campaign wrote to needs parts: the request is taken as usual, as a hot lead. A
    complaint about the last order («в прошлый раз колодки не подошли») goes to a manager the same way —
    the parts it names are what went wrong, not an order, and nobody says «Отлично, поможем!» to it."""
    complaint = complains(u.text, to_the_campaign=True) or asks_after_an_order(u.text)  # «я месяц жду заказ!»
    if complaint:  # … but a need said besides in words of its own is a request («…но сейчас нужны свечи»)
        needed = parts_needed_beside(u.text)
        kept = [p for p in u.parts if p.name in needed]
        u = replace(u, parts=kept, part_numbers=[p.number for p in kept if p.number])
    says: list[Say] = [] if complaint else [Say("retention_need_now", {"sorry": sorry_for(u.text)})]  # «машину разбил»
    if state.campaign is not None:
        state.campaign.outcome, state.campaign.next_contact = "need_now", None
    state.draft.hot, state.stage = True, Stage.COLLECTING
    if ctx.current_offer and ctx.current_offer.valid:
        says.append(Say("offer_applies", {"percent": ctx.current_offer.percent, "expires": ctx.current_offer.expires}))
    if not complaint and asks_only_the_balance(u):  # «сколько бонусов у меня? нужны колодки»: told, not passed on
        says.append(Say("bonus_balance_asked", {"points": ctx.bonus_points}))
        u = replace(u, intents=u.intents - {Intent.QUESTION})
        if state.campaign is not None and ctx.bonus_points > 0:
            state.campaign.bonus_mentioned = True
    result = _collect(state, u, ctx, says)
    result.effects.insert(0, RecordOutcome("need_now"))
    return result


def _collect(state: DialogueState, u: Understanding, ctx: TurnContext, says: list[Say]) -> StepResult:
    if ctx.unsupported:
        says.append(Say("unsupported_content", {"kind": ctx.unsupported}))
        return _ask_next(state, says, garage=ctx.garage)
    if ctx.photos:
        says.extend(read_photos(state, ctx))
        if state.asked is Asked.CONFIRM_PHOTO:
            return StepResult(state, says)
        if u.empty:
            if (which := _which_car(state.draft)) is not None:  # the photo's VIN is of another car than the one named
                state.asked = Asked.WHICH_CAR
                return StepResult(state, [*says, which])
            return _ask_next(state, says, garage=ctx.garage)
    if u.empty:
        says.append(Say("empty_message"))
        return _ask_next(state, says, garage=ctx.garage)
    # «спасибо», «до свидания», «ничего не надо, просто посмотреть»: no request — said once; a goodbye again gets the
    # question of what is needed, not the same goodbye in a loop
    if state.last_question != _GOODBYE_SAID and _only_goodbye(state.draft, u):
        state.last_question = _GOODBYE_SAID
        state.draft.questions.clear()  # «спасибо, не надо, нашёл в другом месте»: nothing for a manager to answer
        thanks = u.means(Intent.THANKS) and not _NOT_NEEDED_AFTER_ALL.search(u.text)
        return StepResult(state, [*says, Say("you_are_welcome_idle" if thanks else "nothing_asked")])
    if u.truncated:
        says.append(Say("long_message"))

    if cancels(u, asked_more=state.asked is Asked.MORE):  # «отмена, уже купил в другом месте»: no manager
        old = state.draft
        kept = LeadDraft(vin=old.vin, frame=old.frame, car=old.car, car_from_vin=old.car_from_vin)
        kept.cancelled_parts, kept.cancelled_numbers = list(old.parts), list(old.part_numbers)  # «ладно, давайте всё-таки»
        state.stage, state.asked, state.draft = Stage.CANCELLED, None, kept  # the car stays for a next request
        if state.campaign is not None and state.campaign.outcome == "need_now":  # «ой, уже купил вчера, не надо»
            state.campaign.outcome = "nothing"  # no hot lead after all: the funnel counts no need
            return StepResult(state, [*says, Say("request_cancelled")], [RecordOutcome("nothing")])
        return StepResult(state, [*says, Say("request_cancelled")])
    if starts_over(u) and state.draft.parts:  # «всё отменяем, лучше дайте рычаги»: the new parts, not beside the old
        state.draft.parts.clear()
        state.draft.part_numbers.clear()
    draft = state.draft
    if (draft.vin or draft.frame) and not (u.vins or u.frames) and _IDENTIFIER_TAKEN_BACK.search(u.text):
        says.append(Say("vin_withdrawn", {"vin": draft.vin, "frame": draft.frame}))  # «это вин от другой машины»
        draft.vin = draft.frame = draft.car_from_vin = None
        draft.car_checked = draft.car_conflict = False
    if state.asked is Asked.CONFIRM_PHOTO and not u.vins and not u.frames:
        _settle_photo_reading(draft, u, says)
    if state.asked is Asked.SAME_CAR and not (u.vins or u.frames or u.car):
        _settle_same_car(draft, u, ctx.garage)
    state.draft.vin_start = u.vin_start  # «XTA21703»: the rest of the VIN comes in the next message
    typo = _take_identifiers(draft, u, says)
    fix = find_fix(u.meant or u.text)  # a slip the message put right itself is read as meant (slips.py)
    if sides := _sides_put_right(draft, u):  # «ой, фонарь правый, поворотник левый правильно»: each its own side
        fix, u = None, replace(u, parts=[], part_numbers=[])
        says.append(Say("correction_applied", {"what": ", ".join(sides)}))
    if not sides and (both := _both_sides_fixed(draft, fix, says, u.meant or u.text)):  # «ой не левую, а обе надо»
        fix, sides, u = None, both, replace(u, parts=[], part_numbers=[])
    fixed = ", ".join(sides) if sides else _apply_fix(draft, fix, says)
    specified = _specify(draft, u, says) if not fixed else []
    if not fixed and (one := _not_both(draft, u, says)):  # «стойки обе» … «не обе, только левую»
        specified.append(one)
        u = replace(u, parts=[], part_numbers=[])
    if not fixed and (featured := _feature_alone(draft, u, says)):  # «лобовое стекло» … «с датчиком дождя»
        specified.append(featured)
        u = replace(u, parts=[], part_numbers=[])
    if not (u.car or fixed or u.parts) and draft.car and (model := _model_of_the_make(draft.car, u.meant or u.text)):
        u = replace(u, car=model, cars=[model])  # «ваз» … «2114»
    if (
        u.car
        and not fixed
        and (
            not draft.car
            or u.means(Intent.CORRECTION)
            or state.asked in (Asked.WHICH_CAR, Asked.CAR)
            or _refines(draft.car, u.car)
            or (_redates(draft.car, u.car) and not _ANOTHER_YEAR.search(u.text))
        )
    ):
        if draft.car and draft.car != u.car.text and state.asked is not Asked.WHICH_CAR:  # «Записал: Opel Astra 2008»
            says.append(Say("correction_applied" if u.means(Intent.CORRECTION) else "noted", {"what": u.car.text}))
        draft.car = u.car.text
    dated = _date_car(draft, u, says)
    if not (draft.identified or draft.car or u.car or u.vins or u.frames or ctx.garage) and _AS_BEFORE.search(u.text):
        draft.car_as_before = draft.vin_declined = True  # no earlier request says which: the purchases will
        says.append(Say("car_as_before"))
        dated = True
    # «какая? левая», «и левый тоже» (not a side just put right: «ой, внутренний»)
    sided = [] if fixed else _side_alone(draft, u, says) or _other_side_too(draft, u, says)
    specified += sided
    withdrew = _withdraw(draft, u, says)
    others = _other_cars(draft, u, fixed, says)
    new_parts, updated = (_besides_the_fix(draft, u, fix, fixed), []) if fix and fixed else _new_parts(state, u, others)
    if not fixed and (counted := _counted_later(draft, u)) is not None:
        says.append(Say("noted", {"what": counted}))
        specified.append(counted)
    elif not fixed and (fixed := _recounted(draft, u)) is not None:  # «фильтр салона 2 шт» … «одного хватит»
        says.append(Say("correction_applied", {"what": fixed}))
    if not fixed and (fixed := _number_put_right(draft, u)) is not None:  # «ой опечатка, 8200768927»
        new_parts = [line for line in new_parts if u.part_numbers[0] not in line]
        says.append(Say("correction_applied", {"what": fixed}))
    draft.parts.extend(new_parts)
    if u.parts and not (new_parts or updated or fixed or withdrew):  # «алё, я же написал колодки»
        says.append(Say("already_noted", {"what": list(dict.fromkeys(part_label(p) for p in u.parts))}))
    draft.part_numbers.extend(n for n in u.part_numbers if n not in draft.part_numbers)
    if fixed and fix is not None:
        _renumber(draft, fix)

    hours = hours_answer(u, ctx)  # «а вы в воскресенье работаете?»: answered from data, once
    # «вы мне вчера продали не тот фильтр»: on the deal's note, for a manager to sort out
    complained = complains(u.text, to_the_campaign=state.campaign is not None)
    ordered = not complained and asks_after_an_order(u.text)  # «заказывал у вас сцепление, когда привезут?»
    if ordered and len(draft.parts) == len(new_parts):
        del draft.parts[:]  # the order asked after is no new request: on the deal's note, for a manager
        draft.questions.append(u.text.strip())
        return _hand_off(state, says, key="hand_off_order")
    if ordered and not new_parts:  # «нужен стартер» … «и кстати прошлый заказ так и не пришел»: both to a manager, now
        draft.questions.append(u.text.strip())
        return _hand_off(state, [*says, Say("order_noted")])
    if not complained and new_parts and adds_to_an_order(u.text):  # «где мой заказ? добавьте к нему масло»: both, now
        before = ordered_parts(u.text)  # «заказ на стартер … Ещё нужен генератор»: the starter is ordered already
        new_parts = [line for line in new_parts if split_label(line)[0] not in before] or new_parts
        draft.parts[:] = [line for line in draft.parts if line in new_parts or split_label(line)[0] not in before]
        draft.questions.append(u.text.strip())
        return _hand_off(state, [*says, Say("noted", {"what": ", ".join(new_parts)})], key="hand_off_order")
    if complained:
        if u.text.strip() not in draft.questions:
            draft.questions.append(u.text.strip())
        # the complaint is what the message is about, or money is asked back: a manager now; said in the
        # middle of a request («а то в прошлый раз не то прислали»), the request goes on with it on its note
        if demands_a_refund(u.text) or len(draft.parts) == len(new_parts):
            if len(draft.parts) == len(new_parts):  # «пришли не те колодки»: what went wrong, on the note — no order
                needed = parts_needed_beside(u.text)  # … «но сейчас нужны свечи»: that one is
                draft.parts[:] = [line for line in draft.parts if split_label(line)[0] in needed]
                if not draft.parts:
                    draft.part_numbers.clear()
                else:
                    says.append(Say("noted", {"what": ", ".join(draft.parts)}))
            return _hand_off(state, says, complaint=True)
        says.append(Say("complaint_noted"))
    call = asks_for_a_call(u.text)  # «перезвоните мне»: on the deal's note, and the manager calls
    if call and u.text.strip() not in draft.questions:
        draft.questions.append(u.text.strip())
    # asked what to pick, and nothing of a request told («хорошо, жду», «по опту поговорить»): a person, now
    waits = draft.human_wanted and not (new_parts or updated or fixed or specified or u.car or u.vins or u.frames)
    wholesale = buys_wholesale(u.text)  # «интересует опт, нужен прайс»: a manager's business, with or without a list
    if asks_for_a_human(u.text) or call or (draft.human_wanted and draft.parts) or waits or wholesale:  # a person: now
        insists = draft.human_wanted and (asks_for_a_human(u.text) or waits)  # asked what for, and a person again: now
        now = insists or wholesale or talks_business(u.text) or wants_a_human_now(u.text)  # «по прошлому заказу вопрос»
        if draft.parts or call or now:  # a call asks what to pick itself; a fleet has no list
            if wholesale and u.text.strip() not in draft.questions:
                draft.questions.append(u.text.strip())
            if insists and u.text.strip() not in draft.questions:
                draft.questions.append(u.text.strip())  # the manager reads what was asked for
            if u.means(Intent.QUESTION) and not call:  # «позовите менеджера, а доставка в Тверь есть?»: on the deal too
                # the question is on the note either way; with no parts the hand-off itself says it is passed on
                asked = _question(draft, u, hours)
                if asked is not None and (draft.parts or asked.key != "question_for_manager"):
                    says.append(asked)
            return _hand_off(state, says)
        draft.human_wanted = True
        draft.questions.append(u.text.strip())  # «позовите человека, надо обсудить опт»: what for, on the note
        return _ask(state, says, Say("human_asked"), Asked.PARTS)  # it asks what the manager should pick
    if u.means(Intent.BOT_QUESTION):
        says.append(Say("bot_answer"))
    if u.means(Intent.PRICE_QUESTION):
        says.append(Say("price_answer"))
    if asks_about_discount(u, ctx) and not any(say.key == "offer_applies" for say in says):  # said once
        says.append(discount_answer(ctx))
    if u.means(Intent.QUESTION) and not sided:  # asked beside anything else too («это всё, сколько ждать?»): never ignored
        says.extend(q for q in [_question(draft, u, hours)] if q is not None)
    if typo is not None:
        state.asked = Asked.FIX_VIN
        facts = {
            "raw": typo.raw,
            "normalized": typo.normalized,
            "length": len(typo.normalized),
            "bad": foreign_chars(typo.normalized),
        }
        return StepResult(state, [*says, Say("vin_typo", facts)])
    if u.vin_start:  # what else the message said is noted; the question is the VIN's rest
        state.asked = Asked.VIN
        noted = [Say("noted", {"what": ", ".join(new_parts + updated)})] if new_parts or updated else []
        return StepResult(state, [*says, *noted, Say("vin_started", {"start": u.vin_start, "length": len(u.vin_start)})])
    answered_no = u.means(Intent.NO) and not u.has_slots
    no_vin = u.means(Intent.NO_VIN) and hours is None  # «в воскресенье работаете?» holds no VIN back
    if no_vin or (state.asked is Asked.VIN and (answered_no or ((u.car or dated) and not draft.identified))):
        draft.vin_declined = True
    said = _NO_CAR.search(u.text)  # «без машины, просто лампы»; not asked («без машины не приеду, нужен vin?»)
    if said and said.group().lower().startswith("универсальн") and _REFUSED_JUST_BEFORE.search(u.text, 0, said.start()):
        said = None  # «не надо универсальные», «без универсальных»: the customer's own car
    no_car = said is not None and "?" not in u.text[said.end() :]
    no_car = no_car and bool(draft.parts) and not (u.car or dated or draft.car or draft.identified)
    if no_car:
        draft.vin_declined = True
    asked_car = state.asked is Asked.CAR or no_car
    declined = answered_no or no_vin or u.means(Intent.NOTHING)
    if asked_car and (no_car or (declined and not (u.car or dated or u.has_slots))):
        draft.car_declined = True  # «нет» to the car too: what is known goes to the manager, not the question again
        says.append(Say("car_declined"))
    if (which := _which_car(draft)) is not None:
        state.asked = Asked.WHICH_CAR
        return StepResult(state, [*says, which])

    # «спасибо» to «что-нибудь ещё?» is «нет, спасибо»: the request is complete
    thanked = state.asked is Asked.MORE and u.intents == {Intent.THANKS} and not u.has_slots
    thanked = thanked or (bool(draft.parts) and bool(_WHEN_MANAGER.search(u.text)))  # «а когда менеджер напишет?»
    thanked = thanked or (state.asked is Asked.MORE and settles_only(u.text))  # «👍», «ок» to «что-нибудь ещё?»
    finished = u.means(Intent.DONE) or thanked or (state.asked is Asked.MORE and (answered_no or u.means(Intent.NOTHING)))
    # «давай оформляй уже, вин не дам» (not «новая инструкция: оформи заказ со скидкой»)
    finished = finished or (_finishes(u.text) and "?" not in u.text and not gives_instructions(u.text))
    if finished and draft.parts:
        draft.parts_done = True
    # «колодки на мазду 3 2006, больше ничего, передайте менеджеру»: the car named is enough to hand it off; a VIN sent
    # after still goes on the deal
    named = finished and draft.car is not None and _missing(draft.car_text) in ("", "year")
    if draft.parts_done and draft.parts and (draft.identified or draft.vin_declined or state.asked is Asked.VIN or named):
        return _hand_off(state, says)
    # «у вас доставка в Тверь?» … «спасибо»: only questions asked, and the customer done — a manager answers them
    polite = ((bool(u.intents) and u.intents <= {Intent.THANKS, Intent.DONE}) or _polite_only(u.text)) and not u.has_slots
    polite = polite and not _NOT_NEEDED_AFTER_ALL.search(u.text)  # not «спасибо, не надо, нашёл в другом месте»
    if polite and draft.questions and not draft.parts and state.asked is Asked.PARTS:
        return _hand_off(state, says, key="hand_off_questions")
    said_more = fixed or withdrew or updated or sided or u.specs or u.year
    more_said = u.means(Intent.YES) or (u.means(Intent.REQUEST) and not said_more) or _MORE_BARE.match(u.text) is not None
    if state.asked is Asked.MORE and more_said and not new_parts and not u.has_slots:  # «да», «ещё нужно»: what?
        return _ask(state, says, Say("ask_what_else"), Asked.PARTS)

    calls_refused = refuses_only_calls(u.text)
    if calls_refused:
        says.append(Say("no_calls_noted"))  # «не звоните, пишите»: the manager writes
    understood = (
        calls_refused
        or u.has_slots
        or bool(fixed)
        or bool(specified)
        or dated
        or withdrew
        or complained  # apologised for, not «не совсем понял»
        or bool(u.intents - {Intent.QUESTION, Intent.OTHER})
        or state.asked is Asked.CONFIRM_PHOTO
    )
    if not understood and not u.means(Intent.QUESTION) and not _DONT_KNOW.match(u.text):  # «не знаю» the year: fine
        says.append(Say("not_understood"))
    progress = u.has_slots or bool(fixed) or bool(specified) or dated or withdrew or bool(u.intents & _PROGRESS)
    return _ask_next(
        state,
        says,
        noted=new_parts + updated,
        understood=progress and u.sure,
        garage=ctx.garage,
        # «ну», «хм», «эээ» — not a discount asked, not an injection (they move nothing, not even to a manager)
        mumbled=u.intents <= {Intent.OTHER} and not gives_instructions(u.text),
    )


# what else a message asking the hours may ask: «до скольки работаете и можно ли картой?»
_OTHER_ASK = re.compile(r"\bи\s+(?:можно|есть|как|где|сколько|будет)|карт|оплат|доставк|самовывоз|безнал|гарант|адрес", re.I)


def _question(draft: LeadDraft, u: Understanding, hours: Say | None) -> Say | None:
    """A question the persona cannot answer from data is kept for the manager (the hand-off note) and
    said so; the managers' hours (`hours`, when asked) it can."""
    if _WHEN_MANAGER.search(u.text):
        return None  # the hand-off says when
    if _IMPATIENT.search(u.text):
        return Say("sorry_for_the_wait")  # «сколько можно ждать?!»: no question to pass on, an apology
    if hours is not None and not _OTHER_ASK.search(u.text):
        return hours
    draft.questions.append(u.text.strip())
    return Say("question_for_manager") if hours is None else Say("hours_and_question", hours.facts)


# «оформляйте», «давай оформляй уже», «передавайте менеджеру»: the request is complete (not «оформите на ООО»,
# not «можно оформить?»)
_FINISH = re.compile(
    r"\bоформля(?:й|йте)\b(?!\s+на\b)|\bоформи(?:те)?\b(?!\s+на\b)|\bзакругля\w*"
    r"|\b(?:передава|отправля)(?:й|йте)\s+(?:уже\s+)?(?:менеджеру|заявку)"
    r"|^\W*(?:ну\s+)?(?:все|всё\s*,?\s*)?хватит\W*$",  # «хватит» to any question: enough, a manager takes it
    re.IGNORECASE,
)


def _finishes(text: str) -> bool:
    """«давай оформляй уже», «ладно всё», «вин потом скину, пока всё»; not «пока не оформляйте», «это не всё»."""
    said = [*_FINISH.finditer(text), *_ALL_SAID.finditer(text)]
    return any(not negated_before(text, m.start()) for m in said)


# «…, пока всё», «ладно всё!», «и всё», «ок 7л, всё», «всё давай» (not «скину всё», «масло и фильтры все», «это не всё»,
# «сайлентблоки передних рычагов, все»)
_ALL_SAID = re.compile(
    r"(?:^|[\s,.!;])(?:и|вот|пока|ладно|вроде|да|ну|тогда|короче|ок|окей|хорошо|на\s+этом)\s+(?:все|всё)\W*$"
    r"|[,.;!]\s*всё\W*$|^\W*(?:все|всё)\W+давай(?:те)?\W*$",  # «…, все» after parts is as often «all of them»
    re.IGNORECASE,
)


# «а когда менеджер напишет?», «когда ответите?»: waiting for the manager, so the request is complete
_WHEN_MANAGER = re.compile(r"когда\s+(?:\w+\s+)?(?:менеджер\w*\s+)?(?:напиш|ответ|пришл|позвон|свяж)\w*", re.IGNORECASE)
_IMPATIENT = re.compile(
    r"сколько\s+(?:можно|ещ[её])\s+ждать|(?:долго|когда)\s+(?:ещ[её]\s+)?(?:ждать|ответите)\b|быстр\w*\s+отвеча|где\s+ответ|\bау+\b",
    re.IGNORECASE,
)
_DONT_KNOW = re.compile(r"^\W*(?:да\s+)?(?:не\s+знаю|не\s+помню|хз|без\s+понятия|не\s+в\s+курсе)", re.IGNORECASE)

# «на ту же машину», «на ту же», «на прежнюю» (not «на ту же сумму»)
_AS_BEFORE = re.compile(
    r"\b(?:на|для)\s+ту\s*же\b(?!\s+(?:сумм|цен|дат|врем|детал|запчаст))|\bта\s+же\s+машин|прежн\w+\s+(?:машин|тачк|авто)"
    r"|\bна\s+прежнюю"
    # «вы же знаете мою машину, я у вас уже брал на неё», «машина та же, не менял», «у вас есть мой вин»
    r"|\bзнаете\s+(?:\w+\s+)?(?:мою|мой|какая\s+у\s+меня)\s+(?:машин|тачк|авто|вин|vin)"
    r"|\bмашин\w*\s+(?:у\s+меня\s+)?(?:та\s+же|прежн\w+|не\s+(?:по)?менял\w*)"
    r"|\b(?:у\s+вас|вам)\s+(?:же\s+)?(?:уже\s+)?(?:брал|покупал|заказывал)\w*\s+(?:\w+\s+)?на\s+(?:не[её]|него)\b"
    r"|\bу\s+вас\s+(?:же\s+)?(?:есть|записан\w*)\s+(?:мой|моя|мо[её])\s+(?:вин|vin|машин|авто)",
    re.IGNORECASE,
)

# the words around a part named alone that are no part of its name: «и …», «… ещё», «… тоже, пожалуйста»
_BARE_EDGES = re.compile(
    r"^\W*(?:(?:и|а|ну|ещё|еще|также|тоже|плюс)\b\W*)+|(?:\W*\b(?:ещё|еще|тоже|также|пожалуйста|плиз|надо|нужно|нужен|нужна|нужны))+\W*$",
    re.IGNORECASE,
)


def _new_parts(state: DialogueState, u: Understanding, others: Sequence[CarMention] = ()) -> tuple[list[str], list[str]]:
    """The parts this message adds, named with their numbers (and the other car they are for), and the
    lines it gave new specs; a short answer to «какие запчасти?» that the vocabulary does not know is
    taken in the customer's words."""
    names = _for_other_cars([part_label(p) for p in u.parts], u, others)  # «на весту колодки»: a line of its own
    said_other = u.has_slots or u.year or u.specs or u.withdrawn or u.withdrawn_sides
    if not names and u.means(Intent.REQUEST) and state.asked in (Asked.PARTS, Asked.MORE) and not said_other:
        words = _BARE_EDGES.sub("", u.text).strip(" .,!?\n")  # «и трамблер ещё» -> «трамблер»
        if 0 < len(words.split()) <= MAX_BARE_PART_WORDS and names_a_thing(words):
            names = [f"со слов клиента: {words}" if tells_a_symptom(words) else words]  # «тормоза спереди скрипят»
    unnamed = _UNNAMED.search(u.text) if not names and state.asked in (None, Asked.PARTS, Asked.MORE) else None
    described = u.text[unnamed.end() :].strip(" ,.:;—-!?\n") if unnamed else ""
    if described and _describes(described):  # «не знаю как называется, такая круглая…»
        names = [f"со слов клиента: {described}"]
    if not names and not u.parts and u.intents & {Intent.REQUEST, Intent.NEED_NOW, Intent.QUESTION}:
        fault = fault_told(u.meant or u.text)  # «не знаю что именно, стучит что-то спереди справа, туарег 2011»
        names = [f"со слов клиента: {fault}"] if fault else []
    updated: list[str] = []
    adds = one_more(u.text) and len(u.parts) == 1  # «и диски задние тоже»: another line (not «диски задние, ещё масло»)
    return [name for name in dict.fromkeys(names) if not _merged_into_lead(state.draft, name, updated, adds=adds)], updated


# what is no description of a part: a VIN, a photo, a question, a promise, a car, a price, a phone («вот VIN …», «скину фото»)
_NO_DESCRIPTION = re.compile(
    r"\b[a-z0-9]{17}\b|\?|фото|vin|вин\b|уточн|скину|пришлю|помогите|подобр|сколько|позвон|спрос|мастер|модел|комплектац|срочно"
    r"|стоил|пробег|приеду|заеду|телефон|номер|бензин|дизел",
    re.IGNORECASE,
)
# counts, years and money are no part's looks: «2 шт», «2015 года», «до 3000 руб» (not «5 см», «на 10 ключ»)
_COUNTED = re.compile(r"\d+(?:[.,]\d+)?\s*(?:шт\w*|штук\w*|руб\w*|р\b|тыс\w*|км\b|год\w*|г\b|л\b|литр\w*)?", re.IGNORECASE)


def _describes(words: str) -> bool:
    """Whether what follows «не знаю как называется» describes a part: a thing named, not the car, a year, a count,
    a price or a phone («такая круглая штука 5 см под капотом», not «киа рио 2015 года», «2 шт по 1000 руб»)."""
    if _NO_DESCRIPTION.search(words):
        return False
    rest = " ".join(word for word in _COUNTED.sub(" ", words).split() if not is_car_word(word.lower().strip(",.;:")))
    return names_a_thing(rest)


# a part the customer cannot name, described instead
_UNNAMED = re.compile(r"\bне\s+знаю,?\s+как\s+(?:(?:она|он|оно|они|эта|это)\s+)?(?:называ\w+|зовут\w*)\b", re.IGNORECASE)


def _merged_into_lead(draft: LeadDraft, label: str, updated: list[str], *, adds: bool = False) -> bool:
    """Whether the lead has this part already: «только амортизаторы, 4 штуки» after «амортизаторы» gives
    the line its new specs instead of a second line (said back as noted); «колодки» after the front and
    rear pads adds nothing."""
    head, said = split_label(label)
    for i, line in enumerate(draft.parts):
        there, before = split_label(line)
        sides = head.removeprefix(f"{there} ").split() if head.startswith(f"{there} ") else []
        unsided = not any(opposites(word) for word in there.split())
        if sides and not adds and all(opposites(word) for word in sides) and unsided:
            draft.parts[i] = line = f"{head} ({merged(before, find_specs(said or ''))})" if before or said else head
            updated.append(line)  # «диски тормозные» … «диски задние»: which ones, not a second line
            return True
        if " " not in there and head.startswith(f"{there} ") and not adds and not before and is_part_name(there):
            draft.parts[i] = line = label  # «фильтр» … «масляный»: which filter, not a second line
            updated.append(line)
            return True
        if there == head or (is_part_name(head) and is_variant(there, head)):
            # «опорники тоже 2» after «опора амортизатора передняя»: the one line of that part takes the count
            only = there == head or sum(is_variant(split_label(other)[0], head) for other in draft.parts) == 1
            if said and only and (new := f"{there} ({merged(before, find_specs(said))})") != line:
                draft.parts[i] = line = new
                updated.append(line)
            return True
    # «только фильтр» after «фильтр масляный»: the one line that word begins, not a second, vaguer one
    return not adds and not said and " " not in head and len(_lines_begun_by(draft, head)) == 1


def _lines_begun_by(draft: LeadDraft, word: str) -> list[str]:
    """The lead's lines whose part's name begins with this one word and says more («ремень приводной» of «ремень»)."""
    return [line for line in draft.parts if split_label(line)[0].startswith(f"{word} ")]


def part_label(part: PartMention) -> str:
    """How a part is written on the lead: its name and, when the customer gave them, its number and
    what it is to be, in brackets, so a list of parts still reads («масло моторное (5W-30, 4 л), фильтр»)."""
    label = f"{part.name} {part.number}" if part.number and part.number not in part.name else part.name
    return f"{label} ({part.spec})" if part.spec else label


def split_label(label: str) -> tuple[str, str | None]:
    """A lead line's part and its specs: «масло моторное (5W-30, 4 л)» -> «масло моторное», «5W-30, 4 л»
    («колесо запасное (докатка)» has no specs: its brackets are its name's)."""
    head, _, tail = label.rpartition(" (")
    said = tail.removesuffix(")")
    return (head, said) if head and tail.endswith(")") and said and merged(said, []) == said else (label, None)


def _withdraw(draft: LeadDraft, u: Understanding, says: list[Say]) -> bool:
    """«пружины не нужны», «не надо радиатор», «уберите фильтр»: off the lead, said back. A part named
    without a side or axle takes every line of it off («колодки не нужны»); «задние колодки не нужны» the
    rear ones only."""
    gone: list[str] = []
    numbered = {n: line for line in draft.parts for n in draft.part_numbers if n in line}
    for part in u.withdrawn:
        named = part_label(replace(part, spec=None, number=None))
        bare = is_part_name(named) or not part.known
        for line in list(draft.parts):
            head = _unnumbered(split_label(line)[0], draft.part_numbers)
            if head == named or (bare and is_variant(head, named)):
                draft.parts.remove(line)
                gone.append(line)
        if not gone and " " not in named and len(begun := _lines_begun_by(draft, named)) == 1:  # «ремень не надо»
            draft.parts.remove(begun[0])  # of «ремень приводной», the only belt
            gone.append(begun[0])
    for forms in u.withdrawn_sides:  # «колодки только передние, задние не надо»
        for line in list(draft.parts):
            if forms & set(split_label(line)[0].split()):
                draft.parts.remove(line)
                gone.append(line)
    if gone:
        says.append(Say("withdrawn", {"what": gone}))
        draft.part_numbers[:] = [n for n in draft.part_numbers if numbered.get(n) not in gone]
    return bool(gone)


def _unnumbered(head: str, numbers: list[str]) -> str:
    """A lead line's part without the number written after it («колодки тормозные передние 04465-33450»)."""
    return next((head.removesuffix(" " + n) for n in numbers if head.endswith(" " + n)), head)


# a year given anew with a word that puts it right: «ой нет 2015» (read as «no VIN» when the VIN was asked)
_PUT_RIGHT = re.compile(
    r"ошиб|перепут|опечат|\bне\s+(?:19|20)\d\d|вернее|точнее|поправ|исправ|\bвру\b|\bне\s+тот\b"
    r"|оказывается|оказалось|на\s+самом\s+деле",  # «у меня 2019 оказывается»
    re.IGNORECASE,
)
_PUT_RIGHT_SHORT = re.compile(r"\bой\b|извин|прости", re.IGNORECASE)  # only in a short message: «2015 год, извините»
# «у жены тоже солярис 2015», «а на 2015 такие же подойдут?»: another car, or a question — no year put right
_ANOTHER_YEAR = re.compile(
    r"тоже|также|ещ[её]|подойд|подходят|так(?:ие|ой|ая)\s+же|\bу\s+(?:жены|мужа|брата|сестры|отца|сына|дочери|т[её]щи|друга)|\?",
    re.IGNORECASE,
)


def _puts_year_right(text: str) -> bool:
    if _ANOTHER_YEAR.search(text):
        return False
    return bool(_PUT_RIGHT.search(text) or (_PUT_RIGHT_SHORT.search(text) and len(text.split()) <= 5))


def _date_car(draft: LeadDraft, u: Understanding, says: list[Say]) -> bool:
    """«2014», «год 2017» said after the car: its year, said back («Записал: Nissan Almera 2014»); never a part.
    A year put right («ой нет 2015», «год не 2015 а 2016», «перепутал, 2013 год») replaces the year said."""
    if u.year is None and draft.car and not (u.car or u.parts or u.part_numbers) and (told := _told_of_the_car(draft.car, u)):
        draft.car = told  # «это 150 кузов, 1.6, механика», «ой, то есть на 1.4»
        says.append(Say("noted", {"what": draft.car}))
        return True
    if u.year is None or not draft.car:
        return False
    had = _year_of(draft.car)
    if had is None:  # «2018 2.0»: the engine said with the year goes on the car too
        draft.car = " ".join(filter(None, (draft.car, details_beside_year(u.text), str(u.year))))
        says.append(Say("noted", {"what": draft.car}))
        return True
    corrected = (u.means(Intent.CORRECTION) and not _ANOTHER_YEAR.search(u.text)) or _puts_year_right(u.text)
    if had == u.year or not corrected or not draft.car.endswith(str(had)):
        return False
    draft.car = f"{draft.car.removesuffix(str(had))}{u.year}"
    says.append(Say("correction_applied", {"what": draft.car}))
    return True


def _told_of_the_car(car: str, u: Understanding) -> str | None:
    """The car with the details a message says alone put on it, before its year (an engine said again replaces
    the one it had: «ой, то есть на 1.4»); None when the message says more, or nothing new."""
    if (engine := engine_put_right(car, u.text)) is not None:
        return engine
    details = [word for word in car_details(u.text).split() if word.lower() not in car.lower().split()]
    if not details:
        return None
    year = _year_of(car)
    head = car.removesuffix(f" {year}") if year is not None and car.endswith(f" {year}") else car
    return " ".join([head, *details, *([str(year)] if head != car else [])])


def _specify(draft: LeadDraft, u: Understanding, says: list[Say]) -> list[str]:
    """«205/55 r16», «5 литров», «не 5w30, а 5w40» said of no part: they go to the latest part on the
    lead that has that kind of spec, a spec of a kind already there replacing it; said back once.
    The lines changed."""
    changed: dict[int, bool] = {}  # line -> a spec was replaced
    for spec in u.specs:
        i = next((i for i in reversed(range(len(draft.parts))) if spec.kind in spec_kinds(draft.parts[i])), None)
        if i is not None:
            head, said = split_label(draft.parts[i])
            replaced = any(s.kind == spec.kind for s in find_specs(said or ""))
            draft.parts[i] = f"{head} ({merged(said, [spec])})"
            changed[i] = changed.get(i, False) or replaced
    for i, replaced in sorted(changed.items()):
        says.append(Say("correction_applied" if replaced else "noted", {"what": draft.parts[i]}))
    return [draft.parts[i] for i in sorted(changed)]


# a side put right, part by part: «ой, зеркало правое, ручка левая», «ой наоборот, тяга левая, наконечник правый»
_SIDES_FIXED = re.compile(r"\bой\b|наоборот|правильн|перепута|ошиб|не\s+так|исправ|перепиш", re.IGNORECASE)
_SIDE_WORD = re.compile(r"\b(?P<stem>лев|прав)(?P<end>ый|ая|ое|ые|ую|ого|ой|ых)?\b", re.IGNORECASE)
_ONE_MORE_SIDE = re.compile(r"\bтоже\b|\bещ[её]\b|\bтакже\b|\bплюс\b|добав|\bоба\b|\bобе\b|\bзабыл", re.IGNORECASE)
_NO_HEAD = frozenset(
    {"ой", "наоборот", "правильно", "нет", "не", "так", "а", "и", "вот", "тогда", "там", "нужен", "нужна", "нужны"}
)


def _sides_put_right(draft: LeadDraft, u: Understanding) -> list[str]:
    """Each part named again with its side, after a word that puts things right, gets that side on its own line
    (the line whose part begins with the word the customer names it by: «ручка» -> «ручка двери левая»); nothing
    unless every part so named is one line of the lead and some side changes. The lines changed."""
    text = (u.meant or u.text).lower().replace("ё", "е")
    if not draft.parts or u.vins or u.frames or u.car or not (_SIDES_FIXED.search(text) or u.means(Intent.CORRECTION)):
        return []
    if _ONE_MORE_SIDE.search(text):  # «ой, и зеркало правое тоже»: one more, not put right
        return []
    wanted: dict[int, str] = {}
    for clause in re.split(r"[,;.!]|\s(?:и|а)\s", text):
        if (side := _SIDE_WORD.search(clause)) is None:
            continue
        words = [w for w in re.findall(r"[а-яa-z]+", clause) if w not in _NO_HEAD and not _SIDE_WORD.fullmatch(w)]
        if not words:
            return []
        lines = _lines_named(words[0], draft.parts)
        if len(lines) != 1 or lines[0] in wanted:
            return []
        wanted[lines[0]] = side["stem"]
    changed = []
    for i, stem in wanted.items():
        old = _SIDE_WORD.search(draft.parts[i])
        if old is None or old["stem"].lower() == stem:
            continue
        draft.parts[i] = f"{draft.parts[i][: old.start('stem')]}{stem}{draft.parts[i][old.end('stem') :]}"
        changed.append(draft.parts[i])
    return changed


def _lines_named(word: str, lines: list[str]) -> list[int]:
    """The lines a word names: «ручка» «ручка двери левая», «поворотник» «указатель поворота левый» (by the vocabulary)."""
    read = [p for p in extract_parts(word)[:1] if p.known]
    return [
        i
        for i, line in enumerate(lines)
        if (len(word) >= 4 and line.split()[0].lower()[:4] == word[:4]) or (read and line.startswith(read[0].name))
    ]


_GOODBYE_SAID = "goodbye"


def _only_goodbye(draft: LeadDraft, u: Understanding) -> bool:
    """Thanks, goodbye or no need in so many words and nothing else («спасибо», «до свиданья», «спасибо, всё, пока»,
    «ничего не надо, просто посмотреть»), before any part was asked for; after questions only when the customer
    needs nothing after all («спасибо, не надо, нашёл в другом месте»)."""
    if draft.parts or draft.car or draft.identified or draft.hot or u.has_slots or u.means(Intent.QUESTION):
        return False
    if not _polite_only(u.text) or (draft.questions and not _NOT_NEEDED_AFTER_ALL.search(u.text)):
        return False  # «доставка есть?» … «спасибо»: the questions go to a manager
    return not (complains(u.text) or asks_after_an_order(u.text) or asks_for_a_human(u.text) or asks_for_a_call(u.text))


def _polite_only(text: str) -> bool:
    """Polite words and nothing else — a word at least: «👍», «????» alone are no goodbye."""
    lowered = text.lower()
    return bool(re.search(r"[а-яёa-z]{2,}", lowered)) and not re.findall(r"[а-яёa-z]{2,}", _POLITE_WORDS.sub(" ", lowered))


# what a goodbye, a thanks or «nothing needed» is made of: a message of these words alone is one
_POLITE_WORDS = re.compile(
    # a message sent here by mistake: «ошибся чатом», «не туда написал», «извините, случайно»
    r"\b(?:ошиб\w*\s+(?:чатом|адресом|номером|контактом|диалогом|окном)|не\s+(?:туда|тому|в\s+тот\s+чат)\b|спасибо|спс|благодарю|до\s+свидан\w*|пока|подумаю|подумать|всего\s+(?:доброго|хорошего)|до\s+встречи|бывай|ок|окей|ok|ладно"
    r"|хорошо|понятно|ясно|понял[аи]?|нет|неа|не|ничего|надо|нужно|нужен|нужны|вс[её]|просто|посмотреть|смотрю|гляну|глянуть"
    r"|интересуюсь|интересовался|уже|нашел|нашёл|нашла|в\s+другом\s+месте|дешевле|большое|вам|вы|мне|так|а|и|да|ну"
    r"|случайно|написал\w*|отправил\w*|нажал\w*|попал\w*|извините|простите|сорри|пардон)\b"
    r"|[^\w\s]",
    re.IGNORECASE,
)


_NOT_NEEDED_AFTER_ALL = re.compile(r"\bне\s+(?:надо|нужн\w*)|\bнаш[её]л|\bкупил|\bпередумал|\bотбой|\bотмен", re.IGNORECASE)
_REFUSED_JUST_BEFORE = re.compile(r"\b(?:не|без)\b(?:\W+\w+)?\W*$", re.IGNORECASE)


# what the part is to have, said alone after it: «с датчиком дождя», «без подогрева», «и с обогревом»
_FEATURE_ALONE = re.compile(
    rf"^\W*(?:(?:и|а|ну|да|только|можно|желательно|лучше|нужно|надо)\W+)*(?:(?:с|со|без)\s+\w|(?:{LIGHT_KIND})\W*$)",
    re.IGNORECASE,
)  # «с датчиком дождя», «ксенон» (a headlight's)


def _feature_alone(draft: LeadDraft, u: Understanding, says: list[Say]) -> str | None:
    """«лобовое стекло» … «с датчиком дождя»: a feature said alone goes on the latest part, as if said with it —
    when the part vocabulary reads it so («стекло лобовое» + «с датчиком дождя»); not «с фильтром тоже»: a part.
    The line changed."""
    if not draft.parts or u.vins or u.frames or u.car or not _FEATURE_ALONE.match(u.text):
        return None
    head, said = split_label(draft.parts[-1])
    read = extract_parts(f"{head} {u.text.strip()}")
    if len(read) != 1 or read[0].name != head or not read[0].spec or read[0].number:
        return None
    draft.parts[-1] = f"{head} ({', '.join(x for x in (said, read[0].spec) if x)})"
    says.append(Say("noted", {"what": draft.parts[-1]}))
    return draft.parts[-1]


_SIDE = (
    r"(?:передн\w*|перед|задн\w*|зад|лев\w*|прав\w*|верхн\w*|нижн\w*|водительск\w*|пассажирск\w*|внутренн\w*|наружн\w*|внешн\w*)"
)
# «не обе, только левую», «нет, не оба, один правый», «одну только, левую», «только левый надо, не оба», «не 2,
# одну левую»: the two said before were too many — words of these kinds only, a two denied or one said with a side
_NOT_BOTH_WORDS = {
    "no": re.compile(r"не"),
    "two": re.compile(r"обе|оба|2|две|два|двух|пару|пара"),
    "one": re.compile(r"одн\w*|один|1|только|лишь"),
    "side": re.compile(_SIDE, re.IGNORECASE),
    "filler": re.compile(r"нет|ой|а|и|надо|нужн\w*|мне|просто|извините|сорри|штук\w*|шт|все|всё|так|же|ошибся|ошиблась"),
}
_TWO = "2 шт."


def _not_both(draft: LeadDraft, u: Understanding, says: list[Say]) -> str | None:
    """«стойки обе» … «не обе, только левую»: the latest line counted two loses the count and takes the side said."""
    sides = _one_not_two(u.meant or u.text)
    if sides is None:
        return None
    for i in reversed(range(len(draft.parts))):
        head, said = split_label(draft.parts[i])
        if _TWO not in (said or "").split(", "):
            continue
        if sides and len(read := extract_parts(f"{head} {sides}")) == 1:
            head = read[0].name
        rest = ", ".join(spec for spec in (said or "").split(", ") if spec != _TWO)
        draft.parts[i] = f"{head} ({rest})" if rest else head
        says.append(Say("correction_applied", {"what": draft.parts[i]}))
        return draft.parts[i]
    return None


def _one_not_two(text: str) -> str | None:
    """The sides said (maybe none) when `text` takes back a count of two («не обе, только левую»); None when it does not."""
    words = re.findall(r"\w+", text.lower())
    kinds = [next((kind for kind, word in _NOT_BOTH_WORDS.items() if word.fullmatch(w)), None) for w in words]
    if not words or None in kinds:
        return None
    denied = any(a == "no" and b == "two" for a, b in itertools.pairwise(kinds))
    if not (denied or ("one" in kinds and "side" in kinds)) or ("two" in kinds and not denied):
        return None
    return " ".join(w for w, kind in zip(words, kinds, strict=True) if kind == "side")


# «левая», «какая? левая», «перед», «передние и задние», «наружный левый наверно»: a side said alone, answering which one
_SIDE_ALONE = re.compile(
    rf"^\W*(?:(?:ну|а|да|так|там|нужн\w*|надо|как\w*|на|и|ок|окей|тогда|оформ\w*|давай\w*|возьм\w*|беру)\W+)*"
    rf"(?P<side>{_SIDE}(?:\W+(?:и\s+)?{_SIDE})*)"
    r"(?:\W+(?:давай\w*|пожалуйста|плиз|нужн\w*|надо|возьму|беру|наверн\w*|вроде|кажется|видимо|походу|скорее\s+всего))*\W*$",
    re.IGNORECASE,
)
# «передние оба», «оба передних», «передние, с обеих сторон»: both of the pair, as the side already says
_BOTH = re.compile(r"\b(?:обе|оба|обеих|обоих)(?:\s+сторон\w*)?\b|\bс\s+обеих\s+сторон\b|\bпар[ау]\b", re.IGNORECASE)


def _without_the_car(u: Understanding) -> str:
    """The message without the VIN, frame, car and year it gives: what else it says."""
    text = u.meant or u.text
    for code in (*u.vins, *u.frames):
        text = re.sub(re.escape(code), " ", text, flags=re.IGNORECASE)
    if u.car is not None and (span := car_span(text)) is not None:
        words = text[: span[0]].split()
        while words and (is_car_word(words[-1]) or words[-1].lower() in ("на", "для", "под")):
            words.pop()  # «передние на калину», «для бмв ф30»: the make said before the model too
        before = " ".join(words)
        text = f"{before} {_DETAILS_AFTER.sub(' ', text[span[1] :], count=1)}"
    for start, end in reversed(year_spans(text)):
        text = f"{text[:start]} {text[end:]}"
    return re.sub(r"\b(?:vin|вин|г\.?|года?)\b", " ", text, flags=re.IGNORECASE)


# the body or generation said right after the model («королла е150 передние»)
_DETAILS_AFTER = re.compile(r"^(?:\s*,?\s*(?:[\w.-]{1,5}\d[\w.-]{0,4}|\d{1,3})(?=\s|$|,))+")  # «а7 1.6 2016»


def _side_alone(draft: LeadDraft, u: Understanding, says: list[Say]) -> list[str]:
    """«фара» … «какая? левая»: the side goes to the latest part on the lead that has none («фара левая»),
    read by the part vocabulary as if said with it («колодки» + «перед» -> «колодки тормозные передние»);
    a part with a side of that kind already is a correction's business («ой, задние»)."""
    said = _without_the_car(u)
    match = _SIDE_ALONE.match(_BOTH.sub(" ", said))  # «Королла 2011 передние», «VIN … передние»
    if u.parts or u.part_numbers or not match or not draft.parts:
        return []
    pair = _BOTH.search(said) is not None  # «на обе стороны, передние»: a line for one part, two of it
    side, done = match["side"], list[str]()
    # «колодки и диски» … «передние»: a side in the plural goes on each of the latest lines that take it
    several = all(word.endswith(("ие", "ые")) for word in re.findall(r"\w+", side.lower()) if word != "и")
    # «колодки и масло» … «передние»: the pads', the latest lines of parts with no sides passed over
    sided = [i for i, line in enumerate(draft.parts) if takes_a_side(split_label(line)[0])]
    last = sided[-1] if sided else len(draft.parts) - 1
    for i in reversed(range(last + 1)):
        lines = _sided(draft, draft.parts[i], side)
        if not lines or (done and not takes_a_side(split_label(draft.parts[i])[0])):
            break
        if pair and len(lines) == 1 and "(" not in lines[0]:
            lines = [f"{lines[0]} (2 шт.)"]
        draft.parts[i : i + 1] = lines
        done[:0] = lines
        if not several:
            break
    if done:
        says.append(Say("noted", {"what": ", ".join(done)}))
    return done


_NAME_BRACKETS = re.compile(r"\s*\([^)]*\)")  # what a part's name says in brackets, not read with a side after it


def _sided(draft: LeadDraft, line: str, side: str) -> list[str]:
    """The line with the side said on it, read by the part vocabulary («колодки» + «перед» -> «колодки
    тормозные передние»; «амортизаторы» + «передние и задние»: two lines); [] when it takes none."""
    head, said = split_label(line)
    if any(n in head for n in draft.part_numbers) or set(opposites(side)) & set(head.lower().split()):
        return []
    read = [p.name for p in extract_parts(f"{_NAME_BRACKETS.sub('', head)} {side}")]  # «датчик кислорода (лямбда-зонд)»
    if not read or head in read or not all(name.startswith(head.split()[0]) for name in read):
        return []
    return [f"{name} ({said})" if said else name for name in read]


# «и левый тоже», «и ещё левую», «левый тоже нужен», «нет, задние тоже нужны»: the other side of a line as well
_SIDE_TOO = re.compile(
    rf"^\W*(?:(?:и|а|ну|да|ой|нет|неа|не)\W+)*(?P<also>(?:ещ[её]|также)\W+)?(?P<side>{_SIDE}(?:\W+{_SIDE})?)"
    r"(?P<too>(?:\W+(?:тоже|также|ещ[её]|нужен|нужна|нужно|нужны|надо|давай|давайте|пожалуйста|плиз))*)\W*$",
    re.IGNORECASE,
)


def _other_side_too(draft: LeadDraft, u: Understanding, says: list[Say]) -> list[str]:
    """«датчик ABS задний правый» … «и левый тоже»: a line for the other side, beside the first."""
    match = _SIDE_TOO.match(u.meant or u.text)
    joined = re.match(r"^\W*(?:ой\W+)?и\s", u.meant or u.text) is not None  # «и задние», «ой, и левый»
    if u.has_slots or not match or not (joined or match["also"] or re.search(r"тоже|также|ещ[её]", match["too"])):
        return []
    return _line_for_the_other_side(draft, match["side"], says)


def _both_sides_fixed(draft: LeadDraft, fix: Fix | None, says: list[Say], text: str) -> list[str]:
    """«стойку стабилизатора левую» … «ой не левую, а обе надо» (or «не, оба давай», «хотя давайте обе»): the other side's line beside the
    first, as «и правую тоже» would add it."""
    if (fix is None or fix.old is None) and _NO_BOTH.match(text) and draft.parts:  # the latest line's side taken back
        said = [word for word in split_label(draft.parts[-1])[0].lower().split() if word.startswith(("лев", "прав"))]
        fix = Fix(said[-1], "обе") if said else None
    if fix is None or fix.old is None or not _BOTH.fullmatch(_NEED_WORDS.sub("", fix.new).strip(" ,.!")):
        return []
    other = opposites(fix.old)
    return _line_for_the_other_side(draft, other[0], says) if other else []


# the VIN or frame sent taken back: «это вин от другой машины», «вин не тот, скинул не от той машины»
_IDENTIFIER_TAKEN_BACK = re.compile(
    r"\b(?:вин|vin|номер\s+кузова|кузов)\w*\s+(?:\w+\s+){0,2}?(?:от|с)\s+(?:друг\w+|не\s+т\w+|чуж\w+)\s+(?:машин|авто|тачк)\w*"
    r"|\bне\s+(?:тот|мой|тот\s+самый)\s+(?:вин|vin)\b|\b(?:вин|vin)\s+(?:не\s+тот|не\s+мой|неправильн\w*|ошибочн\w*|не\s+от\s+(?:этой|моей|той))"
    r"|\b(?:вин|vin)\w*\s+(?:\w+\s+){0,2}?не\s+(?:учитывайте|смотрите|считайте)",
    re.IGNORECASE,
)


# «не, оба давай», «нет, обе надо»: both sides, not the one said
_NO_BOTH = re.compile(
    r"^\W*(?:не|нет|ой|точнее|вернее|хотя)\W+(?:(?:давай\w*|надо|нужн\w*|возьму)\s+)?(?:обе|оба|обоих)\b"
    r"(?:\W+(?:передн\w*|задн\w*|давай\w*|надо|нужн\w*|нужен|лев\w*|прав\w*|и))*\W*$",
    re.IGNORECASE,
)  # «точнее оба передних», «хотя давайте обе, левую и правую»


_NEED_WORDS = re.compile(r"\b(?:нужн\w*|надо|нужен|давайте|пожалуйста)\b", re.IGNORECASE)


def _line_for_the_other_side(draft: LeadDraft, side: str, says: list[Say]) -> list[str]:
    """A line for `side` beside the latest part said with the opposite one («стойки стабилизатора левые» + «правый»)."""
    wrong = set(opposites(side))
    for i in reversed(range(len(draft.parts))):
        head, said = split_label(draft.parts[i])
        if not wrong & {word.lower() for word in head.split()}:
            continue
        bare = " ".join(word for word in head.split() if word.lower() not in wrong)
        read = [p.name for p in extract_parts(f"{bare} {side}")]
        if len(read) != 1 or read[0] in draft.parts or not read[0].startswith(head.split()[0]):
            return []
        line = f"{read[0]} ({said})" if said else read[0]
        draft.parts.insert(i + 1, line)
        says.append(Say("noted", {"what": line}))
        return [line]
    if not draft.parts:
        return []
    head = split_label(draft.parts[-1])[0]  # «дворники» … «и задний тоже»: the latest part, said with no side, on this one too
    read = [p.name for p in extract_parts(f"{head} {side}")]
    if any(opposites(word) for word in head.split()) or not takes_a_side(head) or len(read) != 1 or read[0] in draft.parts:
        return []
    draft.parts.append(read[0])
    says.append(Say("noted", {"what": read[0]}))
    return [read[0]]


def _besides_the_fix(draft: LeadDraft, u: Understanding, fix: Fix, fixed: str) -> list[str]:
    """«не левая а правая, и ещё птф левую»: the parts a correction names besides the one it puts right."""

    def kind(line: str) -> frozenset[str]:
        return frozenset(word for word in split_label(line)[0].lower().split() if not opposites(word))

    if not opposites(fix.new) or extract_parts(fix.new):  # only a side put right leaves room for others
        return []
    put_right = kind(fixed)
    return [label for p in u.parts if not p.denied and (label := part_label(p)) not in draft.parts and kind(label) != put_right]


def _model_number_of_its_make(draft: LeadDraft, words: str) -> CarMention | None:
    """«ВАЗ 2114» … «ой не 2114 а 2115»: a model said by its number alone is the lead's make's."""
    had = extract_car(draft.car) if draft.car else None
    car = car_named_alone(words) if had else None
    return car if car is not None and had is not None and car.make == had.make else None


def _apply_fix(draft: LeadDraft, fix: Fix | None, says: list[Say]) -> str | None:
    """«не передний, а задний», «не королла, а камри», «ой, задний»: change the lead, say so once."""
    if fix is None:
        return None
    fixed: str | None = None
    car = extract_car(fix.new) or _model_number_of_its_make(draft, fix.new)
    if car is not None and (draft.car or draft.identified):
        had = extract_car(draft.car) if draft.car else None  # «стартер на гранту 2017» … «не гранта а калина»: same make
        year = had.year if had and car.year is None and car.model and had.make == car.make else None
        draft.car = fixed = f"{car.text} {year}" if year else car.text
    elif draft.car and fix.old and (detail := _car_detail_fixed(draft, fix.old, fix.new)) is not None:
        draft.car = fixed = detail  # «камри 70» … «не 70, а 50»
    elif draft.car and not fix.old and (engine := engine_put_right(draft.car, fix.new)) is not None:
        draft.car = fixed = engine  # «гранта 2015 8 клапанов» … «хотя нет, 16 клапанов»
    elif draft.parts:
        fixed = _fix_part(draft, fix.old, fix.new, _lines_about(draft, fix.about))
    if fixed is not None:
        says.append(Say("correction_applied", {"what": fixed}))
    return fixed


# a part number put right with no «не X, а Y»: «ой опечатка, 8200768927», «ошибся, правильный 04152-YZZA2»
_NUMBER_SLIP = re.compile(r"опечат|ошиб|перепута|правильн|вернее|точнее|\bой\b", re.IGNORECASE)


# more to come, nothing named: «а ещё», «и ещё», «ещё есть»
_MORE_BARE = re.compile(r"^\W*(?:(?:а|и|да|ну|так)\W+)?ещ[её](?:\W+(?:есть|кое-?что|нужно|надо))?\W*$", re.IGNORECASE)
# no car to pick for: «без машины, просто лампы», «машина не важна», «универсальные» (not «не универсальные, а под
# мою машину»), «машина? без разницы», «любая машина»
_NO_CAR = re.compile(
    r"\bбез\s+(?:машины|авто|машинки|привязки)|\bне\s+(?:для|под)\s+(?:машину|машины|авто)|\bмашина\s+(?:тут\s+)?не\s+(?:важн|имеет)"
    r"|\b(?:для|на|под)\s+любую\s+машин|\bбез\s+разницы\s+(?:какая|на\s+какую)\s+машин|(?<!не\s)\bуниверсальн(?!\w*\s+не\b)"
    r"|\bлюбая\s+машин|\bмашин\w*\W{1,3}(?:\w+\W+)?без\s+разницы",
    re.IGNORECASE,
)


def _number_put_right(draft: LeadDraft, u: Understanding) -> str | None:
    """The lead's latest part number replaced by the one a slip-marked message gives; the line it is on."""
    if len(u.part_numbers) != 1 or not draft.part_numbers or not _NUMBER_SLIP.search(u.text) or one_more(u.text):
        return None
    old, new = draft.part_numbers[-1], u.part_numbers[0]
    at = next((i for i in reversed(range(len(draft.parts))) if old in draft.parts[i]), None)
    if new == old or new in draft.part_numbers or at is None:
        return None
    draft.parts[at] = draft.parts[at].replace(old, new)
    draft.part_numbers[-1] = new
    return draft.parts[at]


_LINE_COUNT = re.compile(r"\((\d+) шт\.\)")


_COUNTED_ONE = re.compile(r"(?:^|,\s*)1 шт\.")  # «(1 шт.)» the part said in the singular got (part_names)


def _counted_later(draft: LeadDraft, u: Understanding) -> str | None:
    """«есть диск 1K0615301AA?» … «нужно два»: a count alone counts the line just named, if it has none; the line."""
    alone = None if u.parts or not draft.parts or enough_count(u.text) else count_alone(u.text)
    head, spec = split_label(draft.parts[-1]) if alone else ("", None)
    one = spec is not None and _COUNTED_ONE.search(spec) is not None  # «есть диск …?» read as one: «нужно два» counts it
    if alone is None or (spec is not None and _COUNT_OR_UNIT.search(spec) and not one):
        return None
    if spec is not None:
        spec = _COUNTED_ONE.sub("", spec).strip(", ") or None
    draft.parts[-1] = f"{head} ({joined(spec, alone)})"
    return draft.parts[-1]


def _recounted(draft: LeadDraft, u: Understanding) -> str | None:
    """The latest line with a count, put to the count the message says will do («одного хватит»); the line."""
    count = enough_count(u.text)
    # «ой, свечей 6 шт» names its part: the part's own count (but «точнее 2 диска» puts the count right)
    if count is None or (u.parts and not puts_the_count_right(u.text)):
        return None
    for i in reversed(range(len(draft.parts))):
        said = _LINE_COUNT.search(draft.parts[i])
        if said and said.group(1) != count:
            draft.parts[i] = recount(draft.parts[i], said.group(1), count) or draft.parts[i]
            return draft.parts[i]
    # «шланг тормозной передний левый» … «ой все 4 шланга давайте»: the line the message names by its head, counted
    words = re.findall(r"\w+", u.text.lower())
    for i in reversed(range(len(draft.parts))):
        head, spec = split_label(draft.parts[i])
        if any(same_word(word, head.split()[0].lower()) for word in words):
            if spec is not None or count == "1":
                return None
            if "все" in words:  # «все 4»: every one of them, on whatever side
                head = " ".join(word for word in head.split() if not opposites(word))
            draft.parts[i] = f"{head} ({count} шт.)"
            return draft.parts[i]
    return None


def _renumber(draft: LeadDraft, fix: Fix) -> None:
    """«не 06J115403Q, а 06J115403C»: the number put right leaves the lead's numbers with the line it left;
    the new one joins them though no maker was said again («KYB 334811» … «не 334811 а 334812»)."""
    old, new = (fix.old or "").strip(), fix.new.strip()
    if old not in draft.part_numbers or any(old in line for line in draft.parts):
        return
    draft.part_numbers.remove(old)
    if new.isalnum() and new not in draft.part_numbers and any(new in line for line in draft.parts):
        draft.part_numbers.append(new)


_COUNT_OR_UNIT = re.compile(r"\d+[.,]?\d*\s*(?:шт|штук|компл|комплект|пар|л|литр|мм|см|кг|pcs?|mm)\w*\.?", re.IGNORECASE)


def _car_detail_fixed(draft: LeadDraft, old: str, new: str) -> str | None:
    """The car with a word said after its model (a generation, an engine, a body, its year) put right
    («Toyota Camry 70», «не 70, а 50» -> «Toyota Camry 50»); None when the word is not there, names a
    part, or is a part line's too («не 2, а 4» of «колодки 2 шт.» is a count)."""
    assert draft.car is not None
    had = extract_car(draft.car)
    named = f"{had.make} {had.model}" if had and had.model else None
    if named is None or not draft.car.startswith(named) or len(new.split()) != 1 or opposites(new) or extract_parts(new):
        return None  # «не 2, а 4 штуки», «не 40, а 5 литров», «не j11, а передние»: the part's, not the car's
    if _COUNT_OR_UNIT.fullmatch(new):
        return None  # «не 2, а 4шт»
    said = draft.car[len(named) :].split()
    in_a_line = re.compile(rf"(?<![\w.]){re.escape(old)}(?![\w.])", re.IGNORECASE)
    if old.lower() not in (word.lower() for word in said) or any(in_a_line.search(line) for line in draft.parts):
        return None
    return " ".join([named, *(new if word.lower() == old.lower() else word for word in said)])


def _lines_about(draft: LeadDraft, about: str | None) -> list[int]:
    """The lines of the part named before the correction («колодки не передние, а задние»: the pads'
    lines, not the discs'); every line when it names none of them."""
    named = {p.name.split()[0] for p in extract_parts(about)} if about else set()
    lines = [i for i, line in enumerate(draft.parts) if line.split()[0] in named]
    return lines or list(range(len(draft.parts)))


def _fix_part(draft: LeadDraft, old: str | None, new: str, lines: list[int] | None = None) -> str | None:
    if old is None and (both := _both_sides(draft, new)) is not None:
        return both
    named = extract_parts(new)
    if old is not None and named and [p.name for p in extract_parts(old)] == [p.name for p in named]:
        named = []  # «не 5w40, а 5w30»: the same oil, its grade put right
    for i in reversed(lines if lines is not None else range(len(draft.parts))):
        part = draft.parts[i]
        if old is None:
            # «крыло левое переднее» … «а нет, крыло правое»: the part named again, its side put right
            replaced = swap_sides(part, _its_sides(part, new)) or next(
                (r for o in opposites(new) if (r := replace_words(part, o, new)) is not None), None
            )
        elif (swapped := swap_side(part, old, new) or recount(part, old, new)) is not None:
            replaced = swapped  # «ой, не левая, а правая» of «амортизаторы передние левые»; «не 2, а 4»
        elif named and named[0].known and (words := replace_words(part, old, new)) is not None:
            # «не мсаляный, а воздушный фильтр»: the part the vocabulary names; «ремень ГРМ» … «не грм, а генератора»:
            # the line's own head with the new word («ремень генератора»), not the alternator
            reread = extract_parts(words)
            kept = len(reread) == 1 and reread[0].known and reread[0].name.split()[0] == part.split()[0]
            # «передний левый амортизатор» … «ой не амортизатор, а пружина»: the new part on the old one's side
            sided = len(reread) == 1 and reread[0].known and reread[0].name.startswith(named[0].name + " ")
            replaced = reread[0].name if kept or sided else named[0].name
        elif old is not None and (requalified := _requalified(part, old, new)) is not None:
            replaced = requalified  # «ремень генератора» (the line «ремень приводной») … «не генератора, а ГРМ»
        else:
            replaced = replace_words(part, old, new)
        if replaced is not None:
            # «датчик ABS передний левый» … «не передний, а задний правый»: «левый» goes with «передний»
            said = {word.lower() for word in new.split()}
            contradicted = set(opposites(new)) - said
            replaced = " ".join(word for word in replaced.split() if word.lower() not in contradicted)
            if replaced in draft.parts[:i] + draft.parts[i + 1 :]:
                del draft.parts[i]  # «передние и задние» … «ой, только передние»: the other line goes
            else:
                draft.parts[i] = replaced
            return replaced
    # «ремень генератора» … «не генератора, а ремень ГРМ»; «масляный фильтр» … «ой, воздушный»
    other_kind = old is not None or not one_more(new)  # not «ой, и воздушный тоже»
    if other_kind and len(named) == 1 and named[0].known:
        head = named[0].name.split()[0]
        for i in reversed(lines if lines is not None else range(len(draft.parts))):
            if draft.parts[i].split()[0] == head and draft.parts[i] != named[0].name:
                draft.parts[i] = named[0].name
                return named[0].name
    if old is None and (refined := _refined_line(draft, new, lines)) is not None:
        return refined
    return _side_given(draft, new) if old is None or opposites(old) else None


def _its_sides(line: str, new: str) -> str:
    """The sides `new` says when its other words are the line's own («крыло правое» of «крыло переднее левое»), else `new`."""
    words = new.split()
    sides = [word for word in words if opposites(word)]
    named = [word for word in words if not opposites(word)]
    mine = line.lower().split()
    if sides and named and all(any(same_word(word.lower(), own) for own in mine) for word in named):
        return " ".join(sides)
    return new


_WORD_STEM = 5  # letters two names of a part share when they are about one thing: «рейка рулевая», «рулевая колонка»


def _words_of(name: str) -> list[str]:
    return [word for word in name.lower().split() if len(word) >= _WORD_STEM and word.isalpha()]


def _refined_line(draft: LeadDraft, new: str, lines: list[int] | None) -> str | None:
    """«рейка рулевая» … «точнее рулевая колонка», «в смысле рулевая колонка»: the part the customer meant,
    said to put a line right, replaces the line it shares a word with (not a side: «ой, зеркало правое»)."""
    if one_more(new):
        return None
    read = extract_parts(f"нужна {new}")
    if len(read) != 1 or read[0].denied:
        return None
    if read[0].number:
        return None  # «ошибся, правильный 04152-YZZA6»: a number put right (`_number_put_right`)
    stems = {word[:_WORD_STEM] for word in _words_of(read[0].name) if not opposites(word)}
    for i in reversed(lines if lines is not None else range(len(draft.parts))):
        head = split_label(draft.parts[i])[0]
        if head != read[0].name and stems & {word[:_WORD_STEM] for word in _words_of(head)}:
            draft.parts[i] = read[0].name
            return read[0].name
    return None


def _requalified(line: str, old: str, new: str) -> str | None:
    """The line's part with `new` for `old` when the vocabulary named it from its head and `old` («ремень» +
    «генератора» is «ремень приводной»), the words said gone from its name: «ремень» + «ГРМ» -> «ремень ГРМ»."""
    name = split_label(line)[0]
    head = name.split()[0]
    if [p.name for p in extract_parts(f"{head} {old}")] != [name]:
        return None
    read = extract_parts(f"{head} {new}")
    if len(read) != 1 or not read[0].known or read[0].name == name:  # «не 5w30, а 0w20»: the same oil, its spec put right
        return None
    return read[0].name if read[0].name.split()[0] == head else None


def _side_given(draft: LeadDraft, side: str) -> str | None:
    """«не передние, а задние» (or «стоп, задние») to a line that has no side yet: the side goes on it."""
    match = _SIDE_ALONE.match(side)
    if match is None or len(draft.parts) != 1:  # which of several lines is not said: the manager asks
        return None
    head, said = split_label(draft.parts[-1])
    if set(opposites(match["side"])) & set(head.lower().split()):
        return None
    read = [p.name for p in extract_parts(f"{head} {match['side']}")]
    if not read or head in read or not all(name.startswith(head.split()[0]) for name in read):
        return None
    lines = [f"{name} ({said})" if said else name for name in read]
    draft.parts[-1:] = lines
    return ", ".join(lines)


def _both_sides(draft: LeadDraft, new: str) -> str | None:
    """«ступица передняя левая» … «ой, левая и правая обе»: the latest line with a side becomes one line
    for each side said («ступица передняя левая, ступица передняя правая»)."""
    match = _SIDE_ALONE.match(re.sub(r"\b(?:обе|оба|обеих|обоих)\b", " ", new))
    if match is None or not re.search(r"\bи\b", match["side"]):
        return None
    sides = set(opposites(match["side"])) | set(match["side"].lower().split())
    for i in reversed(range(len(draft.parts))):
        head, said = split_label(draft.parts[i])
        bare = " ".join(w for w in head.split() if w.lower() not in sides)
        if bare == head:
            continue
        read = [p.name for p in extract_parts(f"{bare} {match['side']}")]
        if len(read) < 2 or not all(name.startswith(bare.split()[0]) for name in read):
            return None
        lines = [f"{name} ({said})" if said else name for name in read]
        draft.parts[i : i + 1] = lines
        return ", ".join(lines)
    return None


def _which_car(draft: LeadDraft) -> Say | None:
    """Once per request: the VIN decodes to another car than the one the customer named."""
    if not (draft.vin and draft.car) or draft.car_checked:
        draft.car_conflict = _contradicts(draft)
        return None
    draft.car_checked = True
    draft.car_conflict = _contradicts(draft)
    if not draft.car_conflict:
        return None
    return Say("which_car", {"vin_car": draft.car_from_vin, "named": draft.car})


def _contradicts(draft: LeadDraft) -> bool:
    if not (draft.vin and draft.car):
        return False
    named = extract_car(draft.car)
    info = decode_vin(draft.vin)
    return named is not None and contradicts(named, info.make, info.model)


def _settle_same_car(draft: LeadDraft, u: Understanding, garage: tuple[KnownCar, ...]) -> None:
    """The customer answers «На ту же Камри (VIN …)?»: yes takes that car, anything else asks as usual."""
    if garage and u.means(Intent.YES) and not u.means(Intent.NO):
        known = garage[0]
        draft.car = known.car
        if known.vin:
            draft.vin, draft.car_from_vin = known.vin, describe_car(decode_vin(known.vin))
        elif known.frame:
            draft.set_frame(known.frame)


def _settle_photo_reading(draft: LeadDraft, u: Understanding, says: list[Say]) -> None:
    """The customer answers "Вижу VIN … — всё верно?"."""
    if u.means(Intent.YES):
        if draft.pending_vin:
            draft.vin, draft.frame = draft.pending_vin, None
            draft.car_from_vin = describe_car(decode_vin(draft.vin))
        elif draft.pending_frame:
            draft.set_frame(draft.pending_frame)
        says.append(Say("photo_confirmed"))
    elif u.means(Intent.NO):
        says.append(Say("photo_rejected"))
    draft.unconfirmed = None if u.means(Intent.YES) or u.means(Intent.NO) else draft.pending_vin or draft.pending_frame
    draft.pending_vin = draft.pending_frame = None


def _take_identifiers(draft: LeadDraft, u: Understanding, says: list[Say]) -> VinReading | None:
    """Apply VIN / frame readings. Returns the near-miss when the VIN must be asked again."""
    if u.vins:
        vin = u.vins[0]
        car = describe_car(decode_vin(vin))
        key = "vin_corrected" if draft.vin and draft.vin != vin else "vin_received"
        if draft.vin != vin:
            says.append(Say(key, {"vin": vin, "car": car}))
        draft.vin, draft.car_from_vin, draft.frame = vin, car, None
        return None
    if u.vin_typos:
        return u.vin_typos[0]
    if u.frames:
        frame = u.frames[0]
        if draft.frame != frame:
            says.append(Say("frame_received", {"frame": frame, "car": frame_car(frame)}))
        draft.set_frame(frame)
    return None


def _ask_next(
    state: DialogueState,
    says: list[Say],
    noted: list[str] | None = None,
    *,
    understood: bool = False,
    garage: tuple[KnownCar, ...] = (),
    mumbled: bool = False,
) -> StepResult:
    """The next question, never the same one a third time in a row. When the customer's messages
    were understood and the conversation still went round, the request goes to a manager with what
    is known (a dead end costs the customer; a manager does not); when they were not (rubbish, an
    injection), the question changes into a hint how to go on."""
    question = _next_question(state, noted, garage)
    if noted and question.key != "ask_more":  # «и противотуманка ещё» while the VIN is asked: said back too
        says = [*says, Say("noted", {"what": ", ".join(noted)})]
    asked_id: str | None = _question_id(question)
    ready = bool(state.draft.parts) and (state.draft.identified or state.draft.vin_declined)
    if state.last_question == f"hint:{asked_id}" and ready and mumbled:  # after the hint too: a manager takes it
        return _hand_off(state, [say for say in says if say.key != "not_understood"])
    if state.last_question == f"hint:{asked_id}" and mumbled and not (state.draft.parts or state.draft.car_text):
        state.last_question = _GOODBYE_SAID  # «хз» after the hint, nothing known: a polite stop, not the round again
        return StepResult(state, [*[say for say in says if say.key != "not_understood"], Say("nothing_to_go_on")])
    if asked_id == state.last_question and state.repeats + 1 >= MAX_REPEATS:
        if understood:
            return _hand_off(state, says)
        question = Say("ask_again_hint", {"asked": question.key})
        asked_id = f"hint:{asked_id}"
    elif question.key == "ask_vin" and (state.last_question or "").startswith("ask_vin:"):
        question = Say("ask_vin_again", question.facts)  # asked again: in short, not the whole paragraph
    return _ask(state, says, question, state.asked, asked_id)


def _ask(state: DialogueState, says: list[Say], question: Say, asked: Asked | None, asked_id: str | None = None) -> StepResult:
    """`asked_id`: the question's `_question_id`, when the caller has it."""
    asked_id = asked_id or _question_id(question)
    state.repeats = state.repeats + 1 if asked_id == state.last_question else 0
    state.last_question, state.asked = asked_id, asked
    return StepResult(state, [*says, question])


def _refines(car: str, said: CarMention) -> bool:
    """«Opel», then «астра h 2008»: the same make, said more fully."""
    known = extract_car(car)
    return known is not None and known.make == said.make and known.model is None and said.model is not None


def _model_of_the_make(car: str, text: str) -> CarMention | None:
    """«ваз», then «2114» or «2107 карбюратор 2003»: a model that names the car only beside its make («2114»
    alone may be anything), said on its own after the make alone."""
    known = extract_car(car)
    if known is None or known.make is None or known.model is not None:
        return None
    prefix = f"{known.make} "
    said = extract_car(prefix + text)
    span = car_span(prefix + text)
    if said is None or said.make != known.make or said.model is None or span is None or span[0] != len(prefix):
        return None
    rest = (prefix + text)[span[1] :]
    for start, end in reversed(year_spans(rest)):
        rest = rest[:start] + rest[end:]
    if _ANYTHING_ELSE.search(rest):  # «3 штуки», «2107 рублей»: the number is no model
        return None
    return replace(said, start=0)


_ANYTHING_ELSE = re.compile(
    r"\b(?!(?:г|гв|года?|выпуска|инжектор\w*|карб\w*|кл\w*|клапан\w*|наверно\w*|вроде|кажется)\b)[а-яa-z]{2,}", re.I
)


def _redates(written: str, said: CarMention) -> bool:
    """«солярис 2012», then «солярис 2015»: the same car said again with another year — that year."""
    had = _year_of(written)
    return bool(said.year) and had is not None and had != said.year and _same_car(written, said)


def _dates(written: str, said: CarMention) -> bool:
    """«солярис», then «солярис 2017»: the same car as the lead writes it, now with its year."""
    return bool(said.year) and _same_car(written, said) and _year_of(written) is None


def _same_car(written: str, car: CarMention) -> bool:
    """Whether a car as the lead writes it («UAZ 452 Bukhanka 2015») is the car named («буханку»)."""
    folded = written.lower()
    return all(name.lower() in folded for name in (car.make, car.model) if name)


def _other_cars(draft: LeadDraft, u: Understanding, fixed: str | None, says: list[Say]) -> list[CarMention]:
    """«на камри колодки, и на ларгус фильтр», «и ещё на рио мужу колодки»: another car named for parts of
    its own goes beside the first on the deal, never in its place; «гранта 2019, веста 2020» dates each.
    A correction («не королла, а камри») or a comparison («колодки как на солярис, только на рио», «от калины
    подойдут?») is no second car. The cars other than the first this message names."""
    if not draft.car or extract_car(draft.car) is None or fixed or u.means(Intent.CORRECTION):
        return []
    if find_fix(u.meant or u.text) is not None or _COMPARES.search(u.text):
        return []
    others: list[CarMention] = []
    dated = False
    for car in u.cars:
        if _same_car(draft.car, car):
            if _dates(draft.car, car):
                draft.car, dated = car.text, True  # «гранта 2019, …», «камри 2015»
            continue
        others.append(car)
        at = next((i for i, known in enumerate(draft.other_cars) if _same_car(known, car)), None)
        if at is not None:
            if _dates(draft.other_cars[at], car):
                draft.other_cars[at], dated = car.text, True
        elif u.parts or len(u.cars) > 1:  # named for parts, or beside the first car
            draft.other_cars.append(car.text)
    if dated:
        says.append(Say("noted", {"what": draft.car_text}))
    return others


# «как на солярис», «как у соляриса», «от калины подойдут», «одинаковые», «такие же»: another car compared
_COMPARES = re.compile(r"\bкак\s+(?:на|для|у|в|от)\b|подойд|подходят|одинаков|\bтак(?:ие|ой|ая|ое)\s+же\b|\bкак\s+и\b", re.I)


_FOR_ALL_CARS = re.compile(r"\b(?:на|для)\s+(?:обе|обеих|все|всех)\b(?!\s+сторон)|\bобеим\b|\bна\s+каждую\b", re.IGNORECASE)


def _for_other_cars(labels: list[str], u: Understanding, others: Sequence[CarMention]) -> list[str]:
    """The new lines of a message that names another car, marked with the car they are for («колодки
    тормозные передние (для Kia Rio)»): by where each car is named (`_named_beside`), or all for the
    only car named."""
    if not others or not labels or _FOR_ALL_CARS.search(u.text):  # «ларгус и веста, на обе нужны свечи»: each car's
        return labels
    text = (u.meant or u.text).lower()
    marked = []
    owner: CarMention | None = None
    for label in labels:
        part = next((p for p in u.parts if part_label(p) == label), None)
        at = text.find(part.words.lower()) if part is not None else -1
        end = at + len(part.words) if part is not None else -1
        owner = u.cars[0] if len(u.cars) == 1 else _named_beside(text, at, end, u.cars, owner)
        named = next((c for c in others if c is owner), None)
        marked.append(f"{label} (для {' '.join(filter(None, (named.make, named.model)))})" if named else label)
    return marked


def _named_beside(text: str, at: int, end: int, cars: Sequence[CarMention], before: CarMention | None) -> CarMention:
    """The car a part is for, by where it is named: in the part's own clause, before it («На крету масло,
    на аутлендер колодки») or after it («колодки на рио и диски на солярис»); else the car of the part
    it follows in a list (`before`: «на рио колодки и фильтр, на солярис диски»); else the first car
    after it in its sentence («масло и фильтр на крету»); else the last car named before it."""
    if at >= 0:
        named = [*extract_cars(_CLAUSE_BREAK.split(text[:at])[-1])[-1:], *extract_cars(_CLAUSE_BREAK.split(text[end:])[0])[:1]]
        if not named and before is None:
            named = extract_cars(_SENTENCE_BREAK.split(text[end:])[0])[:1]
        found = next((c for c in cars for n in named if (c.make, c.model) == (n.make, n.model)), None)
        if found is not None:
            return found
        if before is not None:
            return before
    return next((c for c in reversed(cars) if 0 <= c.start <= at), cars[0])


_CLAUSE_BREAK = re.compile(r"[,.;!?\n]|\s(?:и|а|плюс)\s")
_SENTENCE_BREAK = re.compile(r"[.;!?\n]")


def _missing(car: str | None) -> str:
    """What a match by car still needs when there is no VIN: «make_model_year», «model_year», «year» or «»."""
    named = extract_car(car) if car else None
    if named is None:
        return "make_model_year"
    if named.model is None:
        return "model_year"
    return "" if named.year else "year"


def _year_of(car: str) -> int | None:
    """The year of a car as the lead writes it («Toyota Camry 2008»)."""
    named = extract_car(car)
    return named.year if named else None


def _question_id(question: Say) -> str:
    """The same question with the same facts: asking «что-нибудь ещё?» after a new part is progress."""
    facts = json.dumps(question.facts, sort_keys=True, ensure_ascii=False, default=str)
    return f"{question.key}:{hashlib.sha1(facts.encode()).hexdigest()[:12]}"


_VIN_ASKS = 2


def _next_question(state: DialogueState, noted: list[str] | None = None, garage: tuple[KnownCar, ...] = ()) -> Say:
    draft = state.draft
    car = draft.car_text
    known = garage[0] if garage and not (draft.identified or draft.car or draft.garage_offered or draft.vin_declined) else None
    if known is not None and draft.parts:
        draft.garage_offered = True  # once: «на ту же Камри?» — a returning customer is not asked for the car again
        state.asked = Asked.SAME_CAR
        return Say("same_car", {"car": known.car, "vin": known.vin, "frame": known.frame, "parts": draft.parts})
    if not draft.parts:
        state.asked = Asked.PARTS
        return Say("ask_parts_for_car" if car or draft.identified else "ask_parts", {"car": car})
    if not draft.identified and not draft.vin_declined and draft.vin_asked >= _VIN_ASKS:
        draft.vin_declined = True  # asked twice and answered with more parts: not a third time (the car is, once)
    if not draft.identified and not draft.vin_declined:
        draft.vin_asked += 1
        state.asked = Asked.VIN
        return Say("ask_vin", {"car": car, "parts": draft.parts, "missing": _missing(car)})
    if not draft.identified and not car and not draft.car_declined:
        state.asked = Asked.CAR
        return Say("ask_car")
    state.asked = Asked.MORE
    state.stage = Stage.ASKING_MORE
    missing = "" if draft.identified or draft.year_asked else _missing(car)
    if missing in ("year", "model_year"):  # once, beside the question: «нет» still ends the request
        draft.year_asked = True
        return Say("ask_more", {"parts": draft.parts, "noted": noted or [], "car": car, "missing": missing})
    return Say("ask_more", {"parts": draft.parts, "noted": noted or []})


def _hand_off(state: DialogueState, says: list[Say], *, complaint: bool = False, key: str | None = None) -> StepResult:
    state.stage = Stage.HANDED_OFF
    state.asked, state.last_question, state.repeats = None, None, 0
    draft = state.draft
    call = any(asks_for_a_call(q) for q in draft.questions)  # «перезвоните мне»: the manager calls
    facts = {
        "parts": draft.parts,
        "car": draft.car_text,
        "vin": draft.vin,
        "frame": draft.frame,
        "call": call,
        "questions": len(draft.questions),
        # no VIN given nor refused («…, это всё»): one sent after the hand-off still goes on the deal
        "vin_welcome": bool(draft.parts and draft.car and not (draft.identified or draft.vin_declined)),
    }
    # stuck before any part: a manager asks, by the transcript
    key = key or ("hand_off_complaint" if complaint else "hand_off" if draft.parts else "hand_off_unclear")
    draft.asked_only = key in ("hand_off_questions", "hand_off_order") and not draft.parts
    return StepResult(state, [*says, Say(key, facts)], [HandOff(draft)])


def _opt_out(state: DialogueState, u: Understanding, ctx: TurnContext) -> StepResult:
    if state.stage is Stage.OPTED_OUT:
        return StepResult(state, [])  # confirmed once already: a second «стоп» gets silence, not another message
    other = the_other_messenger(u.text)  # «не пишите в ватсап, в телегу пишите»
    if other is not None and other == ctx.messenger:  # said here, in Telegram: this chat is the one to write in
        return StepResult(state, [Say("opt_out_write_here", {"where": other})])
    effects: list[RecordOutcome | OptOut] = [OptOut(u.text.strip())]
    # «да, нужны колодки» … «а знаете, не пишите мне больше»: the campaign's answer is the opt-out
    taken_back = state.stage is Stage.COLLECTING and state.draft.hot and campaign_recent(state, ctx.today)
    if state.campaign is not None and (
        taken_back or state.stage in (Stage.RETENTION_OPENED, Stage.RETENTION_OFFERED, Stage.SNOOZED)
    ):
        effects.insert(0, RecordOutcome("opted_out"))  # «через неделю» … «не пишите мне больше»: no reminder either
        state.campaign.outcome, state.campaign.next_contact = "opted_out", None
    if state.stage is not Stage.HANDED_OFF:
        state.stage, state.asked = Stage.OPTED_OUT, None
    stranger = denies_buying(u.text)  # «я у вас ничего не покупал, не пишите»: no «вы покупали у нас» to argue
    where_from = asks_where_from(u.text) and not stranger  # «откуда мой номер? не пишите»
    told = [Say("where_from", {"stopping": True})] if where_from else []
    confirmed = Say("opt_out_elsewhere", {"where": other}) if other else Say("opt_out_confirmed")
    if tells_of_a_death(u.text, ctx.customer_name) or mourns(u.text):  # «папа скончался, пожалуйста, уберите номер»
        confirmed = Say("condolences")  # the family: no «номер уберём», no offer
    elif stranger or _a_stranger(u, ctx, in_campaign=True):
        confirmed = Say("wrong_number")  # a stranger: sorry, and no «если понадобятся запчасти»
    return StepResult(state, [*told, confirmed], list(effects))


def _request_and_opt_out(state: DialogueState, u: Understanding, ctx: TurnContext) -> StepResult:
    """«нужны колодки на гранту, больше ничего, и рекламу мне не присылайте»: the parts asked for are
    the customer's own request, taken as complete (whoever asks not to be written to is not asked
    «что-нибудь ещё?»), and nothing is sent unasked again. Without a part named, an opt-out stops the
    conversation."""
    request = replace(u, intents=(u.intents - {Intent.OPT_OUT}) | {Intent.DONE})
    state.draft.vin_declined = True  # nothing more is asked of whoever asks not to be written to
    if state.stage in (Stage.RETENTION_OPENED, Stage.RETENTION_OFFERED):
        result = _campaign_need_now(state, request, ctx)  # parts named: the campaign found a need
    else:
        result = _converse(state, request, ctx)
    result.effects.insert(0, OptOut(u.text.strip()))
    result.says.insert(max(len(result.says) - 1, 0), Say("opt_out_noted"))  # before the hand-off or question
    return result


def _erase(state: DialogueState, u: Understanding) -> StepResult:
    """«Удалите мои данные»: an opt-out, and everything identifying is erased (whatever the stage,
    also after an earlier «стоп»: that one silenced the persona, this one is a legal request)."""
    effects: list[RecordOutcome | OptOut] = [OptOut(u.text.strip(), erase=True)]
    if state.campaign is not None and state.stage in (Stage.RETENTION_OPENED, Stage.RETENTION_OFFERED, Stage.SNOOZED):
        effects.insert(0, RecordOutcome("opted_out"))  # «через неделю» … «не пишите мне больше»: no reminder either
        state.campaign.outcome, state.campaign.next_contact = "opted_out", None
    state.stage, state.asked = Stage.OPTED_OUT, None
    return StepResult(state, [Say("erasure_confirmed")], list(effects))


def _after_hand_off(state: DialogueState, u: Understanding, ctx: TurnContext) -> StepResult:
    if ctx.unsupported:
        return StepResult(state, [Say("unsupported_content", {"kind": ctx.unsupported})])
    if ctx.photos and u.empty:
        return StepResult(state, [Say("added_to_request")], [AppendToLead(f"Фото: {len(ctx.photos)} шт.")])
    if u.empty:
        return StepResult(state, [])
    draft = state.draft
    _identify(draft, u)
    if u.car and not draft.identified and (not draft.car or _refines(draft.car, u.car) or _dates(draft.car, u.car)):
        draft.car = u.car.text  # «ниссан альмера g15 2015» after the hand-off: on the deal, not only in its note
    dated = bool(u.year and draft.car and _year_of(draft.car) is None and not u.car)
    if dated:
        draft.car = f"{draft.car} {u.year}"  # «2007»: the car's year, on the deal
    says: list[Say] = []
    _apply_fix(draft, find_fix(u.meant or u.text), says)  # «ой, правая, не левая!»: on the deal, not only in its note
    if not (draft.asked_only and names_an_order(u.text)):  # «номер 51234, колодки на рио»: what was ordered, on the note
        draft.parts.extend(label for p in u.parts if (label := part_label(p)) not in draft.parts)
        draft.part_numbers.extend(n for n in u.part_numbers if n not in draft.part_numbers)
    withdrew = _withdraw(draft, u, says)  # «пружины не нужны»: off the deal too, and the manager reads it in the note
    if u.means(Intent.BOT_QUESTION):
        says.append(Say("bot_answer"))
    if u.means(Intent.PRICE_QUESTION):
        says.append(Say("price_after_hand_off"))
    if asks_about_discount(u, ctx):
        says.append(discount_answer(ctx))
    only_thanks = u.means(Intent.THANKS) and not u.has_slots
    if only_thanks:
        return StepResult(state, [*says, Say("you_are_welcome")])
    photos = f" (фото: {len(ctx.photos)} шт.)" if ctx.photos else ""
    noted = AppendToLead(u.text.strip() + photos)  # whatever the customer writes, the manager reads on the deal
    if withdrew and not (u.parts or ctx.photos):
        return StepResult(state, says, [noted])  # «Убрал из заявки: стартер.» says it all
    reply = Say(_reply_after_hand_off(u, bool(says), bool(ctx.photos)), {"parts": bool(draft.parts)})  # no offer to a complaint
    if reply.key == "request_withdrawn":  # «а знаете, отмена, не нужно»: the manager sees it first thing on the deal
        noted = AppendToLead(f"{CANCELLED_NOTE}: {noted.text}")
    return StepResult(state, [*says, reply], [noted])


CANCELLED_NOTE = "ОТМЕНА — клиенту заявка больше не нужна"


def _reply_after_hand_off(u: Understanding, answered: bool, photos: bool) -> str:
    """What to say to a message after the hand-off that is more than thanks (`answered`: a question in
    it was answered already)."""
    if not answered and not photos and not u.has_slots and u.intents and u.intents <= {Intent.YES, Intent.DONE}:
        return "hand_off_acknowledged"  # «ок», «👍», «всё»: nothing taken back
    if not answered and _withdraws_request(u):
        return "request_withdrawn"
    if u.has_slots or u.year or answered or photos or find_fix(u.text) is not None:  # «ой, не передний, а задний» too
        return "added_to_request"
    if u.intents & {Intent.REQUEST, Intent.CORRECTION}:  # «и ещё кое-что нужно», «вин другой»: what?
        return "ask_what_to_add"
    # «а когда ответите?», «ау»: nothing added — the manager reads it beside the request
    return "question_forwarded" if u.means(Intent.QUESTION) else "manager_will_write"


def _withdraws_request(u: Understanding) -> bool:
    """After the hand-off, «уже не надо, купил в другом месте», «передумал, отмените»: the request is no
    longer needed — `nothing` there, as the corpus labels it (its README, §17). «всё», «больше ничего»
    (`done`) say the request is complete, and a «нет» answers nothing here: neither takes it back."""
    if u.has_slots or u.intents & {Intent.QUESTION, Intent.REQUEST, Intent.CORRECTION}:
        return False
    return u.means(Intent.NOTHING)
