"""The conversation's state and the vocabulary of the state machine: what it remembers, what it
says (prompt keys + facts), and the effects it asks the service to carry out."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date
from enum import StrEnum
from functools import lru_cache
from typing import Any, TypeVar

from bot.messages import PHOTO_CONFIDENT, PhotoReading
from catalogs.vin import frame_car

T = TypeVar("T")


class Stage(StrEnum):
    NEW = "new"
    COLLECTING = "collecting"
    ASKING_MORE = "asking_more"
    HANDED_OFF = "handed_off"
    RETENTION_OPENED = "retention_opened"  # the campaign wrote first and waits for the answer
    RETENTION_OFFERED = "retention_offered"  # "nothing needed": balance and offer told
    SNOOZED = "snoozed"  # "later": we write again on the agreed date
    RETENTION_CLOSED = "retention_closed"
    CANCELLED = "cancelled"  # the customer took the request back before it was handed off
    OPTED_OUT = "opted_out"
    FEEDBACK_ASKED = "feedback_asked"  # after a purchase: asked for a rating 1–5 and a comment
    FEEDBACK_COMMENT = "feedback_comment"  # the rating came alone; the next message may be the comment
    FEEDBACK_DONE = "feedback_done"


# Stages in which a customer's own message starts a fresh request.
IDLE_STAGES = frozenset({Stage.SNOOZED, Stage.RETENTION_CLOSED, Stage.OPTED_OUT, Stage.FEEDBACK_DONE, Stage.CANCELLED})
FEEDBACK_STAGES = frozenset({Stage.FEEDBACK_ASKED, Stage.FEEDBACK_COMMENT})


class Asked(StrEnum):
    PARTS = "parts"
    VIN = "vin"
    CAR = "car"
    MORE = "more"
    FIX_VIN = "fix_vin"
    CONFIRM_PHOTO = "confirm_photo"
    WHICH_CAR = "which_car"  # the VIN decodes to another car than the customer named
    SAME_CAR = "same_car"  # a returning customer: «на ту же Камри (VIN …)?»


AS_BEFORE = "та же машина, что в прошлых покупках"  # how the lead names a car the customer calls «та же»


@dataclass
class LeadDraft:
    vin: str | None = None
    frame: str | None = None
    car: str | None = None
    car_from_vin: str | None = None  # decoded from the VIN or the frame's model code
    parts: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    vin_declined: bool = False
    vin_asked: int = 0  # times the VIN was asked for: a third time it is not, the car named will do
    hot: bool = False  # came from a retention "need now"
    pending_vin: str | None = None  # read from a photo, waiting for the customer's "да"
    pending_frame: str | None = None
    unconfirmed: str | None = None  # a photo's VIN or frame the customer let pass without «да» or «нет»
    part_numbers: list[str] = field(default_factory=list)  # OEM / article numbers, verbatim
    parts_done: bool = False  # the customer said that is all they need
    car_checked: bool = False  # asked once which car, the VIN's or the named one
    car_conflict: bool = False  # the named car and the VIN's still disagree: the manager sees both
    garage_offered: bool = False  # asked once whether it is for the car of an earlier request
    year_asked: bool = False  # no VIN: asked once for the year (or model) the match by car still needs
    car_as_before: bool = False  # «на ту же машину» with no earlier request to tell which: the manager looks it up
    car_declined: bool = False  # «нет» to the car asked after the VIN: oil, fluids, a part number need none
    human_wanted: bool = False  # «позовите менеджера» before any part: the first part named goes to one at once
    asked_only: bool = False  # handed off with questions or an order asked after, no part: a part next is a new request
    other_cars: list[str] = field(default_factory=list)  # more cars named for parts of their own («и на весту задние»)
    vin_start: str | None = None  # a VIN's beginning sent alone («XTA21703»), waiting for its rest
    cancelled_parts: list[str] = field(default_factory=list)  # a request cancelled, kept for a change of mind
    cancelled_numbers: list[str] = field(default_factory=list)

    @property
    def identified(self) -> bool:
        return bool(self.vin or self.frame)

    @property
    def car_text(self) -> str | None:
        if self.car and self.car_from_vin and self.car_conflict:
            return f"{self.car} (по VIN: {self.car_from_vin})"
        if self.car or self.car_from_vin:
            cars = [self.car or self.car_from_vin or "", *self.other_cars]
            return " и ".join([", ".join(cars[:-1]), cars[-1]]) if len(cars) > 1 else cars[0]
        return AS_BEFORE if self.car_as_before else None

    @property
    def unconfirmed_reading(self) -> str | None:
        """A photo's VIN or frame the customer moved on from without answering «всё верно?», when
        nothing else identifies the car: the manager reads it in a note, never in the VIN field."""
        return None if self.identified else self.unconfirmed

    def set_frame(self, frame: str) -> None:
        """Record the frame number; its known model code names the car when no VIN did."""
        self.frame = frame
        if not self.vin:
            self.car_from_vin = frame_car(frame)


@dataclass
class CampaignState:
    contact_id: int | None = None
    kind: str = "opener"
    outcome: str | None = None
    next_contact: str | None = None  # ISO date
    later_phrase: str | None = None
    bonus_mentioned: bool = False
    discount_offered: bool = False
    opened_on: str | None = None  # ISO date the campaign wrote; a request soon after still counts for it
    introduced_again: bool = False  # «Это Виталий из …» said once more to an unclear reply: not a third time
    unclear_replies: int = 0  # replies that said nothing the campaign could read: the fourth gets a polite stop


@dataclass
class DialogueState:
    stage: Stage = Stage.NEW
    asked: Asked | None = None
    draft: LeadDraft = field(default_factory=LeadDraft)
    lead_id: int | None = None
    greeted: bool = False
    campaign: CampaignState | None = None
    last_question: str | None = None  # the prompt key of the last question asked
    repeats: int = 0  # how many times in a row that question was asked again
    feedback_id: int | None = None  # the after-purchase question being answered (bot/app/feedback.py)

    def to_dict(self) -> dict[str, Any]:
        """As `dataclasses.asdict`, whose generic walk (a deep copy of every value) cost more than
        the rest of saving the state."""
        plain = _plain(self)
        assert isinstance(plain, dict)
        return plain

    def copy(self) -> DialogueState:
        """A deep copy (the step changes its own), built field by field: `copy.deepcopy` cost as much
        as a step's decisions."""
        copied = _copied(self)
        assert isinstance(copied, DialogueState)
        return copied

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DialogueState:
        if not data:
            return cls()
        asked = data.get("asked")
        campaign = data.get("campaign")
        return cls(
            stage=Stage(data.get("stage", Stage.NEW)),
            asked=Asked(asked) if asked else None,
            draft=_known(LeadDraft, data.get("draft", {})),
            lead_id=data.get("lead_id"),
            greeted=data.get("greeted", data.get("stage", "new") != "new"),
            campaign=_known(CampaignState, campaign) if campaign else None,
            last_question=data.get("last_question"),
            repeats=data.get("repeats", 0),
            feedback_id=data.get("feedback_id"),
        )


_SCALARS = (str, int, float, bool, type(None))  # immutable (our enums are str): shared, not copied


@lru_cache(maxsize=16)
def _names(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(kind))


def _plain(value: Any) -> Any:
    """`value` as `dataclasses.asdict` gives it: dataclasses as dicts, containers rebuilt, the rest copied."""
    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, list | tuple):
        return type(value)(_plain(item) for item in value)
    if isinstance(value, dict):
        return {_plain(key): _plain(item) for key, item in value.items()}
    if is_dataclass(value) and not isinstance(value, type):
        return {name: _plain(getattr(value, name)) for name in _names(type(value))}
    return copy.deepcopy(value)


def _copied(value: Any) -> Any:
    """A deep copy of state: dataclasses copied attribute by attribute, lists of scalars copied,
    scalars shared; anything else by `copy.deepcopy`."""
    if isinstance(value, _SCALARS):
        return value
    if type(value) is list and all(isinstance(item, _SCALARS) for item in value):
        return value.copy()
    if is_dataclass(value) and not isinstance(value, type) and hasattr(value, "__dict__"):
        copied = object.__new__(type(value))
        copied.__dict__.update({name: _copied(item) for name, item in value.__dict__.items()})
        return copied
    return copy.deepcopy(value)


def _known(kind: type[T], data: dict[str, Any]) -> T:
    """The dataclass from stored state, ignoring fields it does not have (state written by a newer
    version, read after a rollback, must not stop the conversation)."""
    names = {f.name for f in fields(kind)}  # type: ignore[arg-type]
    return kind(**{k: v for k, v in data.items() if k in names})


@dataclass(frozen=True)
class OfferFacts:
    percent: int
    expires: str  # in the customer's words of time: "24.11 до 11:00"
    valid: bool


@dataclass(frozen=True)
class KnownCar:
    """A car the customer asked for before (their garage), newest first in TurnContext.garage."""

    car: str | None
    vin: str | None = None
    frame: str | None = None


@dataclass(frozen=True)
class TurnContext:
    """Facts code decided before the step: the calendar, the customer's balance, what policy allows."""

    today: date
    bonus_points: int = 0
    offer_percent_allowed: int | None = None  # the discount policy would grant now (None: it would not)
    new_offer_expires: str = ""
    current_offer: OfferFacts | None = None
    photos: tuple[PhotoReading, ...] = ()
    photo_confident: float = PHOTO_CONFIDENT
    unsupported: str | None = None
    garage: tuple[KnownCar, ...] = ()
    phone_known: bool = True  # False: the customer wrote from a chat without a number (web chat, a WhatsApp username)
    phone_noted: str = ""  # "new", "fixed" or "callback" (another number to call, the chat keeps its own): said back
    phone_said: str = ""  # that number, as said back («+7 926 111-22-33»)
    hours: str = ""  # the managers' working hours as said to a customer («пн–сб с 9:00 до 19:00 по Москве»)
    hour: int = 12  # the customer's local hour: «Добрый вечер» at 19:30, not «Добрый день»
    managers_back: str = ""  # outside the managers' hours, when they are back («завтра с 9:00»); "" at work
    messenger: str = ""  # the messenger this chat is in («Telegram», «WhatsApp», «MAX»); "" for the web chat or an aggregator
    customer_name: str = ""  # the name the shop calls the customer by («Андрей»): «я не Андрей» is a wrong number


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


@dataclass(frozen=True)
class RecordOutcome:
    outcome: str
    next_contact: date | None = None


@dataclass(frozen=True)
class RecordFeedback:
    rating: int | None  # 1–5, None: a comment alone
    comment: str | None = None


@dataclass(frozen=True)
class GrantOffer:
    percent: int


@dataclass(frozen=True)
class OptOut:
    text: str
    erase: bool = False  # «удалите мои данные»: everything identifying goes too (bot/app/erasure.py)


Effect = HandOff | AppendToLead | RecordOutcome | GrantOffer | OptOut | RecordFeedback


@dataclass
class StepResult:
    state: DialogueState
    says: list[Say]
    effects: list[Effect] = field(default_factory=list)


_ASKED_CONTEXT = {
    Asked.PARTS: "ask_parts",
    Asked.VIN: "ask_vin",
    Asked.FIX_VIN: "ask_vin",
    Asked.CAR: "ask_car",
    Asked.MORE: "ask_more",
    Asked.CONFIRM_PHOTO: "confirm",
    Asked.WHICH_CAR: "ask_car",
    Asked.SAME_CAR: "confirm",
}
_STAGE_CONTEXT = {
    Stage.HANDED_OFF: "handed_off",
    Stage.RETENTION_OPENED: "winback",
    Stage.RETENTION_OFFERED: "offer",
}


CAMPAIGN_WINDOW_DAYS = 30  # a request this soon after "nothing needed" is still the campaign's hot lead


def campaign_recent(state: DialogueState, today: date) -> bool:
    """Whether the campaign's touch is recent enough for a reply to count as an answer to it."""
    opened = state.campaign.opened_on if state.campaign else None
    return opened is not None and (today - date.fromisoformat(opened)).days <= CAMPAIGN_WINDOW_DAYS


def context_of(state: DialogueState, today: date | None = None) -> str:
    """What the assistant asked last, as the intent model knows it (bot/dialogue/intents.py CONTEXTS). A
    campaign told *later* a short while ago is still being answered («нет, лучше через три недели»)."""
    if state.stage in _STAGE_CONTEXT:
        return _STAGE_CONTEXT[state.stage]
    if state.stage is Stage.SNOOZED and today is not None and campaign_recent(state, today):
        return "winback"
    if state.stage in IDLE_STAGES or state.asked is None:
        return "open"
    return _ASKED_CONTEXT[state.asked]
