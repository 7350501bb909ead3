"""The shape of each record as it is sent, checked item by item at the door (ops.intake.fields).

A visit comes from the visitor's phone (its staff_id and GPS, like a check-in); cases, petitions
and events are entered by the township's office and name their township.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal
from uuid import UUID

from pydantic import Field, Strict, ValidationInfo, field_validator, model_validator

from ops.intake.fields import (
    INT32_MAX,
    Count,
    Day,
    Lat,
    Lon,
    LongText,
    Metres,
    Name,
    RecordTime,
    RowId,
    _Text,
)
from ops.intake.schemas import _Item, _Record

VisitPurpose = Literal[
    "dispute_check", "safety_check", "petition_followup", "policy_publicity", "other"
]
DisputeCategory = Literal[
    "grassland", "neighbour", "family", "debt", "labour", "livestock", "land", "other"
]
DisputeStep = Literal["found", "mediating", "mediated", "failed", "referred"]
Satisfaction = Literal["satisfied", "basically_satisfied", "unsatisfied"]
EventKind = Literal["publicity", "training", "study"]
Yuan = Annotated[int, Strict(), Field(ge=0, le=INT32_MAX, description="whole yuan")]
Flag = Annotated[bool, Strict()]


Short = Annotated[_Text, Field(max_length=200)]
Parties = Annotated[_Text, Field(max_length=500)]
Subject = Annotated[_Text, Field(min_length=1, max_length=500)]
Theme = Annotated[_Text, Field(max_length=64)]


def _not_before(earlier: str, value: date | None, info: ValidationInfo) -> date | None:
    """A later step's day may not come before an earlier one's (named in the message)."""
    first = info.data.get(earlier)
    if value is not None and isinstance(first, date) and value < first:
        raise ValueError(f"早于 {earlier} / before {earlier}")
    return value


class VisitItem(_Item):
    """One household visit (入户走访) as the visitor's phone sends it."""

    visited_at: RecordTime
    village_id: RowId | None = None
    household: Name = Field(default="", description="the household's name or number")
    purpose: VisitPurpose
    findings: LongText = ""
    disputes_found: Count = 0
    lon: Lon | None = None  # a visit without location permission still counts
    lat: Lat | None = None
    accuracy_m: Metres | None = None

    @model_validator(mode="after")
    def _household_or_village(self) -> VisitItem:
        if not self.household and self.village_id is None:
            raise ValueError(
                "须填写户名或村 / name a household or a village (household, village_id)"
            )
        return self


class _OfficeRecord(_Record):
    township_id: RowId = Field(description="the township the record belongs to")


class DisputeItem(_OfficeRecord):
    """A dispute case (矛盾纠纷): parties optional, steps with their days."""

    village_id: RowId | None = None
    category: DisputeCategory
    parties: Parties = Field(default="", description="optional (privacy)")
    summary: LongText = ""
    amount_yuan: Yuan = 0
    status: DisputeStep = "found"
    found_on: Day
    mediating_on: Day | None = None
    closed_on: Day | None = Field(default=None, validate_default=True)
    mediator: Name = ""
    hazard_id: UUID | None = Field(default=None, description="the `dispute` report it came from")

    @field_validator("mediating_on", "closed_on")
    @classmethod
    def _after_found(cls, value: date | None, info: ValidationInfo) -> date | None:
        return _not_before("found_on", value, info)

    @field_validator("closed_on")
    @classmethod
    def _closed_when_closed(cls, value: date | None, info: ValidationInfo) -> date | None:
        step = info.data.get("status")
        if step in ("mediated", "failed", "referred") and value is None:
            raise ValueError("已结案须填写结案日期 / a closed case needs closed_on")
        if step in ("found", "mediating") and value is not None:
            raise ValueError("未结案不应有结案日期 / an open case has no closed_on")
        return value


class PetitionItem(_OfficeRecord):
    """A petition (信访事项): received, handled, resolved, satisfaction."""

    received_on: Day
    subject: Subject
    handled_on: Day | None = None
    resolved_on: Day | None = None
    satisfaction: Satisfaction | None = None

    @field_validator("handled_on")
    @classmethod
    def _after_received(cls, value: date | None, info: ValidationInfo) -> date | None:
        return _not_before("received_on", value, info)

    @field_validator("resolved_on")
    @classmethod
    def _after_handled(cls, value: date | None, info: ValidationInfo) -> date | None:
        if value is not None and info.data.get("handled_on") is None:
            raise ValueError("化解前须先办理 / resolved needs handled_on")
        return _not_before("handled_on", value, info)

    @field_validator("satisfaction")
    @classmethod
    def _only_when_resolved(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None and info.data.get("resolved_on") is None:
            raise ValueError("化解后才有满意度 / satisfaction only once resolved")
        return value


class EventItem(_OfficeRecord):
    """A law-publicity event, a training or a study session, with what it reached."""

    kind: EventKind
    held_on: Day
    theme: Theme = Field(default="", description="a theme day of the township's list, or empty")
    title: Short = ""
    place: Short = ""
    online: Flag = False
    people_reached: Count = 0
    items_given: Count = Field(default=0, description="leaflets and publicity items")
    banners: Count = 0
    questions_answered: Count = 0


RECORD_ITEMS = (VisitItem, DisputeItem, PetitionItem, EventItem)
