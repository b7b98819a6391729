"""The persona's state machine. Pure: state + understanding + facts in, replies + effects out.

Request taking: new -> collecting -> asking_more -> handed_off. After the hand-off the persona
stays quiet except to acknowledge, and whatever the customer adds is appended to the lead.
Campaign replies (retention_* stages) are read by retention_flow.py first.
"""

from __future__ import annotations

import copy
from datetime import date

from bot.dialogue.photos import read_photos
from bot.dialogue.state import (
    IDLE_STAGES,
    AppendToLead,
    Asked,
    DialogueState,
    HandOff,
    LeadDraft,
    OptOut,
    RecordOutcome,
    Say,
    Stage,
    StepResult,
    TurnContext,
)
from bot.dialogue.understand import Intent, Understanding
from catalogs.vin import VinReading, decode_vin, describe_car, frame_car
from retention.flow import on_campaign_reply
from retention.outcomes import is_opt_out

_POLITE = frozenset({Intent.THANKS, Intent.NO, Intent.DONE, Intent.YES})
CAMPAIGN_WINDOW_DAYS = 30  # a request this soon after "nothing needed" is still the campaign's hot lead


def step(state: DialogueState, u: Understanding, ctx: TurnContext) -> StepResult:
    state = copy.deepcopy(state)
    if not u.empty and is_opt_out(u.text):
        return _opt_out(state, u)
    if state.stage is Stage.HANDED_OFF:
        return _after_hand_off(state, u, ctx)
    says: list[Say] = []
    if state.stage in (Stage.RETENTION_OPENED, Stage.RETENTION_OFFERED):
        handled = on_campaign_reply(state, u, ctx)
        return handled if handled is not None else _campaign_need_now(state, u, ctx)
    if state.stage is Stage.RETENTION_CLOSED and _campaign_recent(state, ctx) and (u.parts or u.vins or u.frames):
        return _campaign_need_now(state, u, ctx)  # "ничего не нужно" ... "а вообще нужны колодки"
    if state.stage in IDLE_STAGES:
        if not u.has_slots and u.intents and u.intents <= _POLITE:
            return StepResult(state, [Say("you_are_welcome_idle")])
        state.stage, state.asked, state.draft = Stage.COLLECTING, None, LeadDraft()
    if not state.greeted:
        says.append(Say("greeting"))
        state.greeted = True
    if state.stage is Stage.NEW:
        state.stage = Stage.COLLECTING
    return _collect(state, u, ctx, says)


def _campaign_need_now(state: DialogueState, u: Understanding, ctx: TurnContext) -> StepResult:
    """The customer the campaign wrote to needs parts: the request is taken as usual, as a hot lead."""
    says: list[Say] = [Say("retention_need_now")]
    if state.campaign is not None:
        state.campaign.outcome = "need_now"
    state.draft.hot, state.stage = True, Stage.COLLECTING
    if ctx.current_offer and ctx.current_offer.valid:
        says.append(Say("offer_applies", {"percent": ctx.current_offer.percent, "expires": ctx.current_offer.expires}))
    result = _collect(state, u, ctx, says)
    result.effects.insert(0, RecordOutcome("need_now"))
    return result


def _campaign_recent(state: DialogueState, ctx: TurnContext) -> bool:
    """Whether the campaign's touch is recent enough for a request to count as its result."""
    opened = state.campaign.opened_on if state.campaign else None
    return opened is not None and (ctx.today - date.fromisoformat(opened)).days <= CAMPAIGN_WINDOW_DAYS


def _collect(state: DialogueState, u: Understanding, ctx: TurnContext, says: list[Say]) -> StepResult:
    if ctx.unsupported:
        says.append(Say("unsupported_content", {"kind": ctx.unsupported}))
        return StepResult(state, [*says, _next_question(state)])
    if ctx.photos:
        says.extend(read_photos(state, ctx))
        if state.asked is Asked.CONFIRM_PHOTO or u.empty:
            return StepResult(state, says if state.asked is Asked.CONFIRM_PHOTO else [*says, _next_question(state)])
    if u.empty:
        says.append(Say("empty_message"))
        return StepResult(state, [*says, _next_question(state)])
    if u.truncated:
        says.append(Say("long_message"))

    draft = state.draft
    if state.asked is Asked.CONFIRM_PHOTO and not u.vins and not u.frames:
        _settle_photo_reading(draft, u, says)
    typo = _take_identifiers(draft, u, says)
    if u.car and not draft.car:
        draft.car = u.car.text
    new_parts = [p.name for p in u.parts if p.name not in draft.parts]
    draft.parts.extend(new_parts)

    if u.means(Intent.BOT_QUESTION):
        says.append(Say("bot_answer"))
    if u.means(Intent.PRICE_QUESTION):
        says.append(Say("price_answer"))
    if u.means(Intent.DISCOUNT_REQUEST):
        says.append(_discount_answer(ctx))
    if typo is not None:
        state.asked = Asked.FIX_VIN
        facts = {"raw": typo.raw, "normalized": typo.normalized, "length": len(typo.normalized)}
        return StepResult(state, [*says, Say("vin_typo", facts)])
    answered_no = u.means(Intent.NO) and not u.has_slots
    if u.means(Intent.NO_VIN) or (state.asked is Asked.VIN and (answered_no or (u.car and not draft.identified))):
        draft.vin_declined = True

    finished = u.means(Intent.DONE) or (state.asked is Asked.MORE and answered_no)
    if finished and not new_parts and draft.parts:
        return _hand_off(state, says)
    if state.asked is Asked.MORE and u.means(Intent.YES) and not new_parts and not u.has_slots:
        state.asked = Asked.PARTS
        return StepResult(state, [*says, Say("ask_what_else")])

    understood = u.has_slots or bool(u.intents - {Intent.QUESTION}) or state.asked is Asked.CONFIRM_PHOTO
    if u.means(Intent.QUESTION) and not understood:
        draft.questions.append(u.text.strip())
        says.append(Say("question_for_manager"))
    elif not understood:
        says.append(Say("not_understood"))
    return StepResult(state, [*says, _next_question(state, noted=new_parts)])


def _discount_answer(ctx: TurnContext) -> Say:
    offer = ctx.current_offer
    if offer is None:
        return Say("discount_answer")
    return Say("offer_valid" if offer.valid else "offer_expired", {"percent": offer.percent, "expires": offer.expires})


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


def _next_question(state: DialogueState, noted: list[str] | None = None) -> Say:
    draft = state.draft
    car = draft.car_text
    if not draft.parts:
        state.asked = Asked.PARTS
        return Say("ask_parts_for_car" if car or draft.identified else "ask_parts", {"car": car})
    if not draft.identified and not draft.vin_declined:
        state.asked = Asked.VIN
        return Say("ask_vin", {"car": car, "parts": draft.parts})
    if not draft.identified and not car:
        state.asked = Asked.CAR
        return Say("ask_car")
    state.asked = Asked.MORE
    state.stage = Stage.ASKING_MORE
    return Say("ask_more", {"parts": draft.parts, "noted": noted or []})


def _hand_off(state: DialogueState, says: list[Say]) -> StepResult:
    state.stage = Stage.HANDED_OFF
    state.asked = None
    draft = state.draft
    facts = {"parts": draft.parts, "car": draft.car_text, "vin": draft.vin, "frame": draft.frame}
    return StepResult(state, [*says, Say("hand_off", facts)], [HandOff(draft)])


def _opt_out(state: DialogueState, u: Understanding) -> StepResult:
    if state.stage is Stage.OPTED_OUT:
        return StepResult(state, [])  # confirmed once already: a second «стоп» gets silence, not another message
    effects: list[RecordOutcome | OptOut] = [OptOut(u.text.strip())]
    if state.campaign is not None and state.stage in (Stage.RETENTION_OPENED, Stage.RETENTION_OFFERED):
        effects.insert(0, RecordOutcome("opted_out"))
        state.campaign.outcome = "opted_out"
    if state.stage is not Stage.HANDED_OFF:
        state.stage, state.asked = Stage.OPTED_OUT, None
    return StepResult(state, [Say("opt_out_confirmed")], list(effects))


def _after_hand_off(state: DialogueState, u: Understanding, ctx: TurnContext) -> StepResult:
    if ctx.unsupported:
        return StepResult(state, [Say("unsupported_content", {"kind": ctx.unsupported})])
    if ctx.photos and u.empty:
        return StepResult(state, [Say("added_to_request")], [AppendToLead(f"Фото: {len(ctx.photos)} шт.")])
    if u.empty:
        return StepResult(state, [])
    draft = state.draft
    if u.vins:
        draft.vin = u.vins[0]
        draft.car_from_vin = describe_car(decode_vin(draft.vin))
    elif u.frames:
        draft.set_frame(u.frames[0])
    draft.parts.extend(p.name for p in u.parts if p.name not in draft.parts)
    says: list[Say] = []
    if u.means(Intent.BOT_QUESTION):
        says.append(Say("bot_answer"))
    if u.means(Intent.PRICE_QUESTION):
        says.append(Say("price_after_hand_off"))
    if u.means(Intent.DISCOUNT_REQUEST):
        says.append(_discount_answer(ctx))
    only_thanks = u.means(Intent.THANKS) and not u.has_slots
    if only_thanks:
        return StepResult(state, [*says, Say("you_are_welcome")])
    return StepResult(state, [*says, Say("added_to_request")], [AppendToLead(u.text.strip())])
