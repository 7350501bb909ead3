"""The authorization matrix: who may reach what, for every /api/v1 and /console route.

Two townships: 色务乡 (the demo, "T") and 邻乡 ("O", one person and one report). The actors:

    none        no token, no session
    staff       SW-001 of T (a bearer token)
    disp_T      a dispatcher of T          (a console session, so writes carry its CSRF token)
    disp_O      a dispatcher of O          (a console session)
    super_T     a supervisor of T          (a console session)
    county      a county-wide dispatcher   (a console session; sees every township)

A route's row says what each actor gets. Out-of-scope reads are 404 (as if the record did not
exist); out-of-scope writes 403; supervisors read everything in scope and change nothing.
Each `tests/e2e/test_scope_*.py` declares its `ROWS` (a `Row` per route) and walks them;
`test_scope_matrix_is_complete.py` checks that no route of the app is missing from any of them.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

ACTORS = ("none", "staff", "disp_T", "disp_O", "super_T", "county")


@dataclass(frozen=True)
class Row:
    """One route's expectations: its method, path template, a concrete path, and each actor's status.

    `path` may name world ids in braces ("{hazard_T}"); `request` holds extra request arguments
    (json=..., files=..., params=...) with the same placeholders in string values.
    """

    method: str
    template: str
    path: str
    expected: dict[str, int | frozenset[int]]
    request: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """How pytest names the row."""
        return f"{self.method} {self.template}"


def row(method: str, template: str, expected: dict[str, int | set[int]], *, path: str | None = None,
        **request: Any) -> Row:  # fmt: skip
    """A Row; `path` defaults to the template."""
    frozen = {k: frozenset(v) if isinstance(v, set) else v for k, v in expected.items()}
    return Row(method, template, path or template, frozen, request)


@dataclass
class Actor:
    """How one actor calls the app."""

    name: str
    headers: dict[str, str] = field(default_factory=dict)
    cookies: dict[str, str] = field(default_factory=dict)


@dataclass
class World:
    """The two townships and the ids the rows fill their paths with."""

    actors: dict[str, Actor]
    ids: dict[str, Any]


def sign_in(client: Any, name: str, password: str) -> tuple[str, str]:
    """A console session for an account: (cookie value, CSRF token)."""
    page = client.get("/console/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    answer = client.post(
        "/console/login",
        data={
            "username": name,
            "password": password,
            "csrf_token": token,
            "next": "/console/roster",
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    cookie = answer.cookies.get("fieldops_session") or client.cookies.get("fieldops_session")
    client.cookies.clear()
    me = client.get("/api/v1/me", headers={"Cookie": f"fieldops_session={cookie}"})
    client.cookies.clear()
    return cookie, me.json()["csrf_token"]


def build_world(db: Any, client: Any) -> World:
    """Accounts, tokens and a little data in a second township; the demo township must be loaded."""
    from sqlmodel import Session, select

    from ops.identity.accounts import add_account
    from ops.identity.auth import issue_token
    from ops.models import Assignment, Hazard, StaffMember, Township

    with Session(db.engine) as session:
        other = Township(name="邻乡")
        session.add(other)
        session.commit()
        session.add(
            StaffMember(id="O-001", township_id=other.id or 0, name="邻乡人", roles=["patrol"])
        )
        session.commit()
        now = datetime.now(UTC)
        hazard_t, hazard_o = str(uuid.uuid4()), str(uuid.uuid4())
        for hid, who in ((hazard_t, "SW-001"), (hazard_o, "O-001")):
            session.add(
                Hazard(id=hid, staff_id=who, category="safety", recorded_at=now, description="x")
            )
        session.commit()
        staff_token = issue_token(session=session, role="staff", staff_id="SW-001")
        for name, role, township in (
            ("disp_T", "dispatcher", "色务乡"), ("disp_O", "dispatcher", "邻乡"),
            ("super_T", "supervisor", "色务乡"), ("county", "dispatcher", None),
        ):  # fmt: skip
            add_account(
                session=session,
                name=name,
                role=role,
                township=township,
                password="password-" + name,
            )
        assignment = session.exec(select(Assignment).where(Assignment.staff_id == "SW-003")).first()
        township_t = session.exec(select(Township).where(Township.name == "色务乡")).one()
        ids = {
            "hazard_T": hazard_t, "hazard_O": hazard_o, "township_T": township_t.id,
            "township_O": session.exec(select(Township).where(Township.name == "邻乡")).one().id,
            "assignment_T": assignment.id if assignment else 1, "today": datetime.now(UTC).date().isoformat(),
        }  # fmt: skip
    actors = {
        "none": Actor("none"),
        "staff": Actor("staff", headers={"Authorization": f"Bearer {staff_token}"}),
    }
    for name in ("disp_T", "disp_O", "super_T", "county"):
        cookie, csrf = sign_in(client, name, "password-" + name)
        actors[name] = Actor(
            name, headers={"X-CSRF-Token": csrf}, cookies={"fieldops_session": cookie}
        )
    return World(actors, ids)


def call(client: Any, actor: Actor, method: str, path: str, **kwargs: Any) -> Any:
    """One request as `actor` (no redirects followed)."""
    client.cookies.clear()
    headers = actor.headers | kwargs.pop("headers", {})
    if actor.cookies:  # as a header: per-request cookies are not sent by every client version
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in actor.cookies.items())
    return client.request(method, path, headers=headers, follow_redirects=False, **kwargs)


def _fill(value: Any, ids: dict[str, Any]) -> Any:
    if isinstance(value, str):
        whole = re.fullmatch(r"\{(\w+)\}", value)
        if whole:  # a lone placeholder keeps its value's type (an id stays an int)
            return ids[whole.group(1)]
        return value.format(**ids) if "{" in value else value
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, ids) for v in value]
    return value


def walk(client: Any, world: World, entry: Row) -> None:
    """Call the row's route as every actor and compare each status with the row."""
    assert set(entry.expected) == set(ACTORS), f"{entry.label}: the row must name every actor"
    wrong = {}
    for name in ACTORS:
        want = entry.expected[name]
        actor = world.actors[name]
        own = world.ids | {
            "csrf": actor.headers.get("X-CSRF-Token", "")
        }  # "{csrf}": the actor's own
        answer = call(
            client, actor, entry.method, entry.path.format(**own), **_fill(entry.request, own)
        )
        allowed = want if isinstance(want, frozenset) else {want}
        if answer.status_code not in allowed:
            wrong[name] = (answer.status_code, sorted(allowed), answer.text[:200])
    assert not wrong, f"{entry.label}: {wrong}"
