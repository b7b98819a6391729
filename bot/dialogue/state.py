"""The conversation's state and the vocabulary of the state machine: what it remembers, what it
says (prompt keys + facts), and the effects it asks the service to carry out."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from bot.messages import PHOTO_CONFIDENT, PhotoReading
from catalogs.vin import frame_car


class Stage(StrEnum):
    NEW = "new"
    COLLECTING = "collecting"
    ASKING_MORE = "asking_more"
    HANDED_OFF = "handed_off"
    RETENTION_OPENED = "retention_opened"  # the campaign wrote first and waits for the answer
    RETENTION_OFFERED = "retention_offered"  # "nothing needed": balance and offer told
    SNOOZED = "snoozed"  # "later": we write again on the agreed date
    RETENTION_CLOSED = "retention_closed"
    OPTED_OUT = "opted_out"


# Stages in which a customer's own message starts a fresh request.
IDLE_STAGES = frozenset({Stage.SNOOZED, Stage.RETENTION_CLOSED, Stage.OPTED_OUT})


class Asked(StrEnum):
    PARTS = "parts"
    VIN = "vin"
    CAR = "car"
    MORE = "more"
    FIX_VIN = "fix_vin"
    CONFIRM_PHOTO = "confirm_photo"


@dataclass
class LeadDraft:
    vin: str | None = None
    frame: str | None = None
    car: str | None = None
    car_from_vin: str | None = None  # decoded from the VIN or the frame's model code
    parts: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    vin_declined: bool = False
    hot: bool = False  # came from a retention "need now"
    pending_vin: str | None = None  # read from a photo, waiting for the customer's "да"
    pending_frame: str | None = None

    @property
    def identified(self) -> bool:
        return bool(self.vin or self.frame)

    @property
    def car_text(self) -> str | None:
        return self.car or self.car_from_vin

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


@dataclass
class DialogueState:
    stage: Stage = Stage.NEW
    asked: Asked | None = None
    draft: LeadDraft = field(default_factory=LeadDraft)
    lead_id: int | None = None
    greeted: bool = False
    campaign: CampaignState | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DialogueState:
        if not data:
            return cls()
        asked = data.get("asked")
        campaign = data.get("campaign")
        return cls(
            stage=Stage(data.get("stage", Stage.NEW)),
            asked=Asked(asked) if asked else None,
            draft=LeadDraft(**data.get("draft", {})),
            lead_id=data.get("lead_id"),
            greeted=data.get("greeted", data.get("stage", "new") != "new"),
            campaign=CampaignState(**campaign) if campaign else None,
        )


@dataclass(frozen=True)
class OfferFacts:
    percent: int
    expires: str  # in the customer's words of time: "24.11 до 11:00"
    valid: bool


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
class GrantOffer:
    percent: int


@dataclass(frozen=True)
class OptOut:
    text: str


Effect = HandOff | AppendToLead | RecordOutcome | GrantOffer | OptOut


@dataclass
class StepResult:
    state: DialogueState
    says: list[Say]
    effects: list[Effect] = field(default_factory=list)
