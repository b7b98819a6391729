"""The persona's state machine for taking a request. Pure: state + understanding in, replies + effects out.

Stages: new -> collecting -> asking_more -> handed_off. After the hand-off the persona stays quiet
except to acknowledge, and whatever the customer adds is appended to the lead.
"""

from __future__ import annotations

import copy
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from bot.dialogue.understand import Intent, Understanding
from catalogs.vin import VinReading, decode_vin, describe_car


class Stage(StrEnum):
    NEW = "new"
    COLLECTING = "collecting"
    ASKING_MORE = "asking_more"
    HANDED_OFF = "handed_off"


class Asked(StrEnum):
    PARTS = "parts"
    VIN = "vin"
    CAR = "car"
    MORE = "more"
    FIX_VIN = "fix_vin"


@dataclass
class LeadDraft:
    vin: str | None = None
    frame: str | None = None
    car: str | None = None
    car_from_vin: str | None = None
    parts: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    vin_declined: bool = False

    @property
    def identified(self) -> bool:
        return bool(self.vin or self.frame)

    @property
    def car_text(self) -> str | None:
        return self.car or self.car_from_vin


@dataclass
class DialogueState:
    stage: Stage = Stage.NEW
    asked: Asked | None = None
    draft: LeadDraft = field(default_factory=LeadDraft)
    lead_id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DialogueState:
        if not data:
            return cls()
        asked = data.get("asked")
        return cls(
            stage=Stage(data.get("stage", Stage.NEW)),
            asked=Asked(asked) if asked else None,
            draft=LeadDraft(**data.get("draft", {})),
            lead_id=data.get("lead_id"),
        )


@dataclass(frozen=True)
class Say:
    """One piece of a reply: a prompt key and the facts it needs. Rendering is replies.py's job."""

    key: str
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class HandOff:
    draft: LeadDraft


@dataclass(frozen=True)
class AppendToLead:
    text: str


Effect = HandOff | AppendToLead


@dataclass
class StepResult:
    state: DialogueState
    says: list[Say]
    effects: list[Effect] = field(default_factory=list)


def step(
    state: DialogueState, u: Understanding, *, photos: int = 0, unsupported: str | None = None
) -> StepResult:
    state = copy.deepcopy(state)
    if state.stage is Stage.HANDED_OFF:
        return _after_hand_off(state, u, photos, unsupported)
    says: list[Say] = []
    if state.stage is Stage.NEW:
        says.append(Say("greeting"))
        state.stage = Stage.COLLECTING
    if unsupported:
        says.append(Say("unsupported_content", {"kind": unsupported}))
        return StepResult(state, says + [_next_question(state)])
    if photos:
        says.append(Say("photo_received"))
        if u.empty:
            return StepResult(state, says + [_next_question(state)])
    if u.empty:
        says.append(Say("empty_message"))
        return StepResult(state, says + [_next_question(state)])
    if u.truncated:
        says.append(Say("long_message"))

    draft = state.draft
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
        says.append(Say("discount_answer"))
    answered_no = u.means(Intent.NO) and not u.has_slots
    if typo is not None:
        state.asked = Asked.FIX_VIN
        facts = {"raw": typo.raw, "normalized": typo.normalized, "length": len(typo.normalized)}
        return StepResult(state, says + [Say("vin_typo", facts)])
    if u.means(Intent.NO_VIN) or (state.asked is Asked.VIN and (answered_no or (u.car and not draft.identified))):
        draft.vin_declined = True

    finished = u.means(Intent.DONE) or (state.asked is Asked.MORE and answered_no)
    if finished and not new_parts and draft.parts:
        return _hand_off(state, says)
    if state.asked is Asked.MORE and u.means(Intent.YES) and not new_parts and not u.has_slots:
        state.asked = Asked.PARTS
        return StepResult(state, says + [Say("ask_what_else")])

    understood = u.has_slots or bool(u.intents - {Intent.QUESTION})
    if u.means(Intent.QUESTION) and not understood:
        draft.questions.append(u.text.strip())
        says.append(Say("question_for_manager"))
    elif not understood:
        says.append(Say("not_understood"))
    return StepResult(state, says + [_next_question(state, noted=new_parts)])


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
            says.append(Say("frame_received", {"frame": frame}))
        draft.frame = frame
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
    return StepResult(state, says + [Say("hand_off", facts)], [HandOff(draft)])


def _after_hand_off(state: DialogueState, u: Understanding, photos: int, unsupported: str | None) -> StepResult:
    if unsupported:
        return StepResult(state, [Say("unsupported_content", {"kind": unsupported})])
    if photos and u.empty:
        return StepResult(state, [Say("added_to_request")], [AppendToLead(f"Фото: {photos} шт.")])
    if u.empty:
        return StepResult(state, [])
    draft = state.draft
    if u.vins:
        draft.vin = u.vins[0]
        draft.car_from_vin = describe_car(decode_vin(draft.vin))
    elif u.frames:
        draft.frame = u.frames[0]
    draft.parts.extend(p.name for p in u.parts if p.name not in draft.parts)
    says: list[Say] = []
    if u.means(Intent.BOT_QUESTION):
        says.append(Say("bot_answer"))
    if u.means(Intent.PRICE_QUESTION):
        says.append(Say("price_after_hand_off"))
    only_thanks = u.means(Intent.THANKS) and not u.has_slots
    if only_thanks:
        return StepResult(state, says + [Say("you_are_welcome")])
    return StepResult(state, says + [Say("added_to_request")], [AppendToLead(u.text.strip())])
