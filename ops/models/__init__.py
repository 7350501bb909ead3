"""Domain tables (SQLModel). Import this package to register every table on the metadata."""

from ops.models.calendar import OFFICE_DAY_KINDS, OfficeDay, RosterRequest
from ops.models.coverage import CellEffort
from ops.models.intake import (
    ApiToken,
    CheckIn,
    Hazard,
    HazardPhoto,
    HazardTransition,
    Rejection,
    TrackChunk,
)
from ops.models.office import OfficeSession, OfficeUser, SigninAttempt
from ops.models.records import (
    DisputeCase,
    EventTheme,
    LawEvent,
    Petition,
    RecordFile,
    Visit,
)
from ops.models.roster import Assignment, Roster, RosterShift
from ops.models.shifts import ShiftTemplate
from ops.models.signin import SigninCode
from ops.models.staff import Leave, StaffMember
from ops.models.township import POST_KINDS, Post, Township, Village

__all__ = [
    "OFFICE_DAY_KINDS",
    "POST_KINDS",
    "ApiToken",
    "Assignment",
    "CellEffort",
    "CheckIn",
    "DisputeCase",
    "EventTheme",
    "Hazard",
    "HazardPhoto",
    "HazardTransition",
    "LawEvent",
    "Leave",
    "OfficeDay",
    "OfficeSession",
    "OfficeUser",
    "Petition",
    "Post",
    "RecordFile",
    "Rejection",
    "Roster",
    "RosterRequest",
    "RosterShift",
    "ShiftTemplate",
    "SigninAttempt",
    "SigninCode",
    "StaffMember",
    "Township",
    "TrackChunk",
    "Village",
    "Visit",
]
