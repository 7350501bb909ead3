"""Roster use cases: generate a new version from the township's data, read the one in force."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert
from sqlalchemy import select as sa_select  # more columns than sqlmodel's select types
from sqlmodel import Session, col, func, select

from ops.errors import InputError, NotFoundError, Problem, bilingual
from ops.models import (
    Assignment,
    Leave,
    Post,
    Roster,
    RosterRequest,
    RosterShift,
    ShiftTemplate,
    StaffMember,
    Township,
    Village,
)
from ops.services.calendar import township_calendar
from ops.services.townships import get_township
from ops.translate import ShiftDraft, build_problem, draft_from_stored, expand_templates
from scheduler.model import History, Rules

if TYPE_CHECKING:
    from ops.runtime.settings import Settings
    from scheduler.model import Problem as SchedProblem
    from scheduler.model import SolveResult

HISTORY_DAYS = 28  # earlier weeks counted for fair spread
MAX_ROSTER_DAYS = 62  # the longest roster generate_roster makes


@dataclass(frozen=True)
class RosterDay:
    """The roster in force for one local day: its version and each shift with its people."""

    township: str
    day: date
    roster: Roster | None
    shifts: list[tuple[RosterShift, Post, list[StaffMember]]]


def rules_from(settings: Settings, township_rules: dict[str, Any] | None = None) -> Rules:
    """The hard rules for everybody: the process settings plus the township's own roster rules."""
    pairs = (township_rules or {}).get("forbidden_successions", [])
    return Rules(
        min_rest_hours=settings.min_rest_hours,
        max_shifts_per_day=settings.max_shifts_per_day,
        forbidden_successions=tuple((str(a), str(b)) for a, b in pairs),
    )


def local_day_bounds(day: date, days: int, settings: Settings) -> tuple[datetime, datetime]:
    """UTC instants of local midnight at `day` and `days` later."""
    start = datetime.combine(day, time(0), tzinfo=settings.tz).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=days), time(0), tzinfo=settings.tz).astimezone(UTC)
    return start, end


def load_problem(
    *,
    session: Session,
    township_id: int,
    drafts: list[ShiftDraft],
    start: date,
    days: int,
    settings: Settings,
) -> SchedProblem:
    """Build the scheduler problem for `drafts` from the township's staff, leave, villages and history."""
    begin, end = local_day_bounds(start, days, settings)
    staff = session.exec(
        select(StaffMember).where(
            StaffMember.township_id == township_id, col(StaffMember.active).is_(True)
        )
    ).all()
    ids = [p.id for p in staff]
    leave = session.exec(
        select(Leave).where(
            col(Leave.staff_id).in_(ids), Leave.starts_at < end, Leave.ends_at > begin
        )
    ).all()
    villages = session.exec(select(Village).where(Village.township_id == township_id)).all()
    posts = session.exec(select(Post).where(Post.township_id == township_id)).all()
    requests = session.exec(
        select(RosterRequest).where(
            col(RosterRequest.staff_id).in_(ids),
            col(RosterRequest.day) >= start,
            col(RosterRequest.day) < start + timedelta(days=days),
        )
    ).all()
    township = session.get(Township, township_id)
    return build_problem(
        staff=staff, leave=leave, villages=villages, posts=posts, drafts=drafts,
        history=_history(session, township_id, begin - timedelta(days=HISTORY_DAYS), begin, settings),
        timezone=settings.timezone,
        rules=rules_from(settings, township.roster_rules if township else None), requests=requests,
    )  # fmt: skip


def generate_roster(
    *,
    session: Session,
    township_name: str,
    start: date,
    days: int,
    settings: Settings,
    time_limit: float | None,
    by: str | None = None,
) -> tuple[Roster, SolveResult]:
    """Expand templates, solve, and store the roster as a new version (`by`: a console account)."""
    from scheduler.errors import ProblemError
    from scheduler.solve import solve

    if not 1 <= days <= MAX_ROSTER_DAYS:
        raise InputError(
            [Problem("--days", str(days), bilingual("天数应为 1 到 62", "days must be 1 to 62"))]
        )
    township = get_township(session=session, name=township_name)
    assert township.id is not None
    templates = session.exec(
        select(ShiftTemplate).where(ShiftTemplate.township_id == township.id)
    ).all()
    if not templates:
        raise NotFoundError(
            bilingual(
                f"{township.name}还没有班次模板（fieldops import shifts）",
                f"{township.name} has no shift templates",
            )
        )
    posts = {
        p.id or 0: p for p in session.exec(select(Post).where(Post.township_id == township.id))
    }
    calendar = township_calendar(session=session, township_id=township.id, first=start, days=days)
    drafts = expand_templates(
        templates, posts, start=start, days=days, tz=settings.tz, calendar=calendar
    )
    problem = load_problem(
        session=session,
        township_id=township.id,
        drafts=drafts,
        start=start,
        days=days,
        settings=settings,
    )
    try:
        result = solve(problem, time_limit=time_limit)
    except ProblemError as exc:  # e.g. minimum minutes no roster can give: nothing is stored
        raise InputError(
            [Problem(township.name, "", bilingual("排班规则无法同时满足", str(exc)))]
        ) from exc
    roster = store_roster(
        session=session, township_id=township.id, start=start, days=days, drafts=drafts, result=result,
        kind="generate", by=by,
    )  # fmt: skip
    return roster, result


def store_roster(
    *,
    session: Session,
    township_id: int,
    start: date,
    days: int,
    drafts: list[ShiftDraft],
    result: SolveResult,
    kind: str,
    parent_id: int | None = None,
    note: str = "",
    by: str | None = None,
) -> Roster:
    """Save a solve result as the township's next roster version (one transaction)."""
    latest = session.exec(
        select(func.max(Roster.version)).where(Roster.township_id == township_id)
    ).one()
    roster = Roster(
        township_id=township_id, version=(latest or 0) + 1, start_date=start, days=days, kind=kind,
        parent_id=parent_id, status=result.status, shortfall=result.shortfall, max_load=result.max_load,
        penalties=dict(result.penalties), solve_seconds=result.solve_seconds, note=note,
        created_by=by,
    )  # fmt: skip
    session.add(roster)
    session.flush()
    assert roster.id is not None
    unfilled = {u.shift: u for u in result.unfilled}
    rows = []
    for draft in drafts:
        short = unfilled.get(draft.key)
        rows.append({
            "roster_id": roster.id, "key": draft.key, "post_id": draft.post.id or 0, "template_id": draft.template_id,
            "starts_at": draft.starts_at, "ends_at": draft.ends_at, "min_staff": draft.min_staff,
            "max_staff": draft.max_staff, "roles_any": draft.roles_any, "composition": draft.composition,
            "kind": draft.kind, "missing": short.missing if short else 0,
            "reason": short.reason.as_dict() if short else None,
        })  # fmt: skip
    # Core inserts, many rows per statement: a hand edit stores a whole week again, quickly.
    stored: dict[str, int] = {}
    if rows:
        returned = session.execute(
            insert(RosterShift).returning(col(RosterShift.id), col(RosterShift.key)), rows
        )
        stored = {key: shift_id for shift_id, key in returned}
    if result.assignments:
        session.execute(
            insert(Assignment),
            [{"roster_id": roster.id, "roster_shift_id": stored[a.shift], "staff_id": a.staff}
             for a in result.assignments],
        )  # fmt: skip
    session.commit()
    return roster


def roster_in_force(*, session: Session, township_id: int, day: date) -> Roster | None:
    """The newest roster version whose days include `day`."""
    return rosters_in_force(session=session, township_id=township_id, first=day, days=1)[0]


def rosters_in_force(
    *, session: Session, township_id: int, first: date, days: int
) -> list[Roster | None]:
    """The roster in force on each local day of [first, first + days), in one query."""
    rosters = session.exec(
        select(Roster)
        .where(Roster.township_id == township_id, Roster.start_date < first + timedelta(days=days))
        .where(Roster.start_date > first - timedelta(days=MAX_ROSTER_DAYS))
        .order_by(col(Roster.version).desc())
    ).all()
    found: list[Roster | None] = [None] * days
    for roster in reversed(rosters):  # oldest version first: newer ones overwrite its days
        start = (roster.start_date - first).days
        for offset in range(max(0, start), min(days, start + roster.days)):
            found[offset] = roster
    return found


def roster_day(*, session: Session, township_name: str, day: date, settings: Settings) -> RosterDay:
    """The shifts starting on local `day` in the roster in force, with their people."""
    township = get_township(session=session, name=township_name)
    assert township.id is not None
    roster = roster_in_force(session=session, township_id=township.id, day=day)
    if roster is None:
        return RosterDay(township.name, day, None, [])
    begin, end = local_day_bounds(day, 1, settings)
    return RosterDay(township.name, day, roster, _shifts_with_people(session, roster, begin, end))


def _shifts_with_people(
    session: Session, roster: Roster, begin: datetime, end: datetime
) -> list[tuple[RosterShift, Post, list[StaffMember]]]:
    """The roster's shifts starting in [begin, end), with the people on each."""
    rows = session.exec(
        select(RosterShift, Post)
        .where(
            RosterShift.roster_id == roster.id,
            RosterShift.starts_at >= begin,
            RosterShift.starts_at < end,
        )
        .where(RosterShift.post_id == Post.id)
        .order_by(col(RosterShift.starts_at), col(Post.code))
    ).all()
    people = session.exec(
        select(Assignment.roster_shift_id, StaffMember)
        .where(Assignment.roster_id == roster.id, Assignment.staff_id == StaffMember.id)
        .where(col(Assignment.roster_shift_id).in_([shift.id for shift, _ in rows]))
        .order_by(col(StaffMember.id))
    ).all()
    by_shift: dict[int, list[StaffMember]] = {}
    for shift_id, person in people:
        by_shift.setdefault(shift_id, []).append(person)
    return [(shift, post, by_shift.get(shift.id or 0, [])) for shift, post in rows]


def stored_drafts(session: Session, roster: Roster) -> list[ShiftDraft]:
    """The roster's shifts as drafts (to solve them again)."""
    rows = session.exec(
        select(RosterShift, Post).where(
            RosterShift.roster_id == roster.id, RosterShift.post_id == Post.id
        )
    ).all()
    return sorted((draft_from_stored(s, p) for s, p in rows), key=lambda d: (d.starts_at, d.key))


def stored_assignments(session: Session, roster: Roster) -> list[tuple[str, str]]:
    """(shift key, staff id) pairs of a roster."""
    rows = session.exec(
        select(RosterShift.key, Assignment.staff_id).where(
            Assignment.roster_id == roster.id, Assignment.roster_shift_id == RosterShift.id
        )
    ).all()
    return [(key, staff) for key, staff in rows]


def _history(
    session: Session, township_id: int, begin: datetime, end: datetime, settings: Settings
) -> dict[str, History]:
    """What each person worked in [begin, end) by the rosters in force then: shift and weekend
    counts, the run of days worked up to the day before `end`, and their last shift."""
    counts: Counter[str] = Counter()
    weekends: Counter[str] = Counter()
    worked: dict[str, set[date]] = defaultdict(set)
    last_shift: dict[str, RosterShift] = {}
    first = begin.astimezone(settings.tz).date()
    last = end.astimezone(settings.tz).date()
    found = shifts_in_period(
        session=session, township_id=township_id, first=first, days=(last - first).days,
        settings=settings,
    )  # fmt: skip
    for shift, _post, people in found:
        day = shift.starts_at.astimezone(settings.tz).date()
        for person in people:
            counts[person.id] += 1
            weekends[person.id] += day.isoweekday() >= 6
            worked[person.id].add(day)
            if person.id not in last_shift or shift.ends_at > last_shift[person.id].ends_at:
                last_shift[person.id] = shift
    return {
        sid: History(
            shifts=counts[sid],
            weekend_shifts=weekends[sid],
            consecutive_days=_run_before(worked[sid], last),
            last_shift_end=last_shift[sid].ends_at,
            last_shift_kind=last_shift[sid].kind,
        )
        for sid in counts
    }


def _run_before(days: set[date], first: date) -> int:
    """Return how many days in a row up to the day before `first` are in `days`."""
    run = 0
    while first - timedelta(days=run + 1) in days:
        run += 1
    return run


def shifts_in_period(
    *, session: Session, township_id: int, first: date, days: int, settings: Settings
) -> list[tuple[RosterShift, Post, list[StaffMember]]]:
    """Every shift of the rosters in force on local days [first, first + days), with its people."""
    found: list[tuple[RosterShift, Post, list[StaffMember]]] = []
    for roster, begin, end in _runs_in_force(session, township_id, first, days, settings):
        found.extend(_shifts_with_people(session, roster, begin, end))
    return found


@dataclass(frozen=True)
class Duty:
    """A shift of the roster in force, lean: for counting a long period (a year) quickly."""

    shift_id: int
    starts_at: datetime
    ends_at: datetime
    post_kind: str
    post_name: str
    staff_ids: tuple[str, ...]


def duties_in_period(
    *, session: Session, township_id: int, first: date, days: int, settings: Settings
) -> list[Duty]:
    """`shifts_in_period` as plain values (no ORM rows): one query per roster version in force."""
    found: list[Duty] = []
    posts = {
        pid: (kind, name)
        for pid, kind, name in session.exec(
            select(Post.id, Post.kind, Post.name).where(Post.township_id == township_id)
        ).all()
    }
    for roster, begin, end in _runs_in_force(session, township_id, first, days, settings):
        window = (
            col(RosterShift.roster_id) == roster.id,
            col(RosterShift.starts_at) >= begin,
            col(RosterShift.starts_at) < end,
        )
        shifts = session.execute(
            sa_select(col(RosterShift.id), col(RosterShift.starts_at), col(RosterShift.ends_at),
                      col(RosterShift.post_id))
            .where(*window)
            .order_by(col(RosterShift.starts_at), col(RosterShift.key))
        ).all()  # fmt: skip
        people: dict[int, list[str]] = defaultdict(list)
        for shift_id, staff_id in session.execute(
            sa_select(col(Assignment.roster_shift_id), col(Assignment.staff_id))
            .join(RosterShift, col(RosterShift.id) == col(Assignment.roster_shift_id))
            .where(*window)
            .order_by(col(Assignment.staff_id))
        ).all():
            people[shift_id].append(staff_id)
        found += [
            Duty(sid, starts, ends, *posts[post], tuple(people[sid]))
            for sid, starts, ends, post in shifts
        ]
    return found


def _runs_in_force(
    session: Session, township_id: int, first: date, days: int, settings: Settings
) -> list[tuple[Roster, datetime, datetime]]:
    """Consecutive local days under the same roster version, as (roster, UTC begin, UTC end)."""
    runs: list[tuple[Roster, date, date]] = []
    in_force = rosters_in_force(session=session, township_id=township_id, first=first, days=days)
    for offset, roster in enumerate(in_force):
        day = first + timedelta(days=offset)
        if roster is None:
            continue
        if runs and runs[-1][0].id == roster.id and runs[-1][2] == day - timedelta(days=1):
            runs[-1] = (roster, runs[-1][1], day)
        else:
            runs.append((roster, day, day))
    return [
        (roster, *local_day_bounds(start, (last - start).days + 1, settings))
        for roster, start, last in runs
    ]
