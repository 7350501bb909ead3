"""Domain tables (SQLModel). Import this package to register every table on the metadata."""

from ops.models.roster import Assignment, Roster, RosterShift
from ops.models.shifts import ShiftTemplate
from ops.models.staff import Leave, StaffMember
from ops.models.township import POST_KINDS, Post, Township, Village

__all__ = [
    "POST_KINDS",
    "Assignment",
    "Leave",
    "Post",
    "Roster",
    "RosterShift",
    "ShiftTemplate",
    "StaffMember",
    "Township",
    "Village",
]
