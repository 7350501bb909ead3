"""The roster board API's bodies: the board, versions, edits, sick calls, publishing, jobs."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from ops.intake.fields import OfficeTime, RowId, StaffId

ShiftKey = Annotated[str, Field(min_length=1, max_length=80, description="a shift's key")]


class RosterBoard(BaseModel):
    """Posts (crossings first) × 7 days, each cell its shifts with names; loads, leave, versions."""

    township: dict[str, Any]
    week: str
    days: list[str]
    today: str
    previous_week: str
    next_week: str
    versions: list[dict[str, Any]]
    rows: list[dict[str, Any]]
    load: list[dict[str, Any]]
    leave: list[dict[str, Any]]
    unfilled: int


class RosterVersion(BaseModel):
    """One stored version: its days, kind (generate, repair, edit), who made it, if published."""

    version: int
    start_date: str
    days: int
    kind: str
    status: str
    shortfall: int
    max_load: int
    note: str
    created_at: str
    created_by: str | None
    published_at: str | None
    published_by: str | None
    parent_version: int | None = None


class Versions(BaseModel):
    """Every version meeting the week, newest first."""

    items: list[RosterVersion]


class EditRequest(BaseModel):
    """Put a person on a shift or take them off, in the version the caller saw."""

    version: RowId = Field(description="the version shown when the change was made")
    shift: ShiftKey
    staff_id: StaffId
    action: Literal["add", "remove"]


class PersonRef(BaseModel):
    """A person named by staff id (a name may come along)."""

    id: StaffId
    name: str | None = Field(default=None, max_length=100)


class ChangeIn(BaseModel):
    """One previewed change: the shift, who leaves it, who joins it."""

    key: ShiftKey
    removed: list[PersonRef] = Field(default_factory=list, max_length=100)
    added: list[PersonRef] = Field(default_factory=list, max_length=100)


class RepairRequest(BaseModel):
    """A sick call: who cannot come, from when; `changes` (to save) are the previewed ones."""

    version: RowId = Field(description="the version shown when the repair was asked")
    staff_id: StaffId
    from_time: OfficeTime = Field(alias="from", description="ISO time with offset")
    changes: list[ChangeIn] | None = Field(
        default=None, max_length=500, description="the preview's changes; a different repair is 409"
    )


class RepairPreview(BaseModel):
    """Who moves where, what stays unfilled and why, the message to forward."""

    version: int
    absent: dict[str, str]
    from_: str = Field(alias="from")
    changes: list[dict[str, Any]]
    unfilled: list[dict[str, Any]]
    shortfall: int
    message: dict[str, str]


class RepairSaved(RosterVersion):
    """The repair's new version, with what it changed (as previewed)."""

    changes: list[dict[str, Any]]
    unfilled: list[dict[str, Any]]
    message: dict[str, str]


class PublishRequest(BaseModel):
    """The version to publish."""

    version: RowId


class RosterJob(BaseModel):
    """Where a generate job stands: queued → running → done (version) | failed (message)."""

    id: str
    state: str
    step: int
    steps: int
    township_id: int
    start: str
    days: int
    version: int | None
    shortfall: int | None
    message: str | None = None
