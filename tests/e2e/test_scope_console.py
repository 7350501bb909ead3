"""The authorization matrix of the console's own pages (see tests/e2e/scope.py for the actors)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.scope import World, build_world, row, walk

pytestmark = pytest.mark.redis
SIGNED_IN = {"none": 303, "staff": 303, "disp_T": 200, "disp_O": 200, "super_T": 200, "county": 200}
PUBLIC_PAGE = dict.fromkeys(SIGNED_IN, 200)

ROWS = [
    row("GET", "/console/login", PUBLIC_PAGE),
    # A wrong password (the name is no account): refused the same for everyone, no session made.
    row("POST", "/console/login", dict.fromkeys(SIGNED_IN, 403), data={"username": "x", "password": "y"}),
    row("GET", "/console/lang", dict.fromkeys(SIGNED_IN, 303), path="/console/lang?to=en"),
    row("GET", "/console/", SIGNED_IN | {"disp_T": 303, "disp_O": 303, "super_T": 303, "county": 303}),
    # Choosing a township: a county account may pick any; a township account stays on its own.
    row("POST", "/console/township", SIGNED_IN | {k: 303 for k in ("disp_T", "disp_O", "super_T", "county")},
        data={"township_id": "{township_T}", "csrf_token": "{csrf}"}),
    row("POST", "/console/logout", {"none": 303, "staff": 303, "disp_T": 403, "disp_O": 403, "super_T": 403,
                                    "county": 403}, data={"csrf_token": "not-the-token"}),
]  # fmt: skip


@pytest.fixture
def world(db: Any, township: Any, api: Any) -> World:
    """The two townships and their actors."""
    return build_world(db, api)


@pytest.mark.parametrize("entry", ROWS, ids=[r.label for r in ROWS])
def test_each_page_answers_each_actor_as_the_matrix_says(
    api: Any, world: World, entry: Any
) -> None:
    walk(api, world, entry)
