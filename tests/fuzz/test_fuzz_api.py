"""The property-based API fuzzer over the whole OpenAPI document, as a hostile client would run it.

schemathesis (pinned in the dev extras) runs every check (`--checks all`, set in the config) with the four phases (examples,
coverage, fuzzing, stateful) against a real `fieldops serve` with a real worker behind it, once
per role — a staff token, a dispatcher, a supervisor, no token — on SQLite and PostgreSQL, within
a bounded number of examples per operation (tests/fuzz/schemathesis.toml, which also holds the
few per-operation check exclusions, each with its reason). Zero failures, and afterwards nothing
the API accepted was refused by the worker.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

from tests.e2e.conftest import wait_for
from tests.e2e.services import Server

# The run grows with the API (four roles, each bounded by its own 600 s below): the suite's
# 300 s default would cut it off on a loaded two-core machine before it reports anything.
pytestmark = [pytest.mark.redis, pytest.mark.worker, pytest.mark.slow, pytest.mark.timeout(2700)]
CONFIG = Path(__file__).with_name("schemathesis.toml")
PHASES = "examples,coverage,fuzzing,stateful"
SEED = os.environ.get("FIELDOPS_FUZZ_SEED", "20261204")
ROLES = ("staff", "dispatcher", "supervisor", "none")
BACKENDS = ("sqlite", "postgres")


def schemathesis_command() -> list[str]:
    """The schemathesis CLI of this environment."""
    return [sys.executable, "-c", "from schemathesis.cli import schemathesis; schemathesis()"]


def seed_of(backend: str, role: str) -> str:
    """Each backend and role fuzzes from a seed of its own (SEED, SEED + 1, ...).

    With one seed for all, the four roles and the two backends sent the same generated requests
    with other tokens; with a seed each, every run draws new ones: eight times `max-examples`
    distinct fuzzed inputs per operation, still reproducible from FIELDOPS_FUZZ_SEED.
    """
    return str(int(SEED) + BACKENDS.index(backend) * len(ROLES) + ROLES.index(role))


def fuzz(base: str, token: str | None, report: Path, seed: str) -> subprocess.CompletedProcess[str]:
    """Run the fuzzer against `base` with `token` (None: no Authorization header)."""
    command = [
        *schemathesis_command(), "--no-color", "--config-file", str(CONFIG), "run",
        f"{base}/openapi.json", "--phases", PHASES, "--seed", seed,
        "--workers", "1", "--request-timeout", "30", "--report", "junit",
        "--report-junit-path", str(report),
    ]  # fmt: skip
    if token:
        command += ["--header", f"Authorization: Bearer {token}"]
    # Run from the report's folder: schemathesis keeps its cache in the working directory.
    return subprocess.run(
        command, capture_output=True, text=True, timeout=600, check=False, cwd=report.parent
    )


@pytest.fixture
def role_tokens(db: Any, township: Any) -> dict[str, str | None]:
    """One token per role the fuzzer runs as (staff SW-001 has duties in the demo roster)."""
    from ops.identity.auth import issue_token

    with Session(db.engine) as session:
        tokens = {
            "staff": issue_token(session=session, role="staff", staff_id="SW-001"),
            "dispatcher": issue_token(session=session, role="dispatcher", name="调度员"),
            "supervisor": issue_token(session=session, role="supervisor", name="督导"),
            "none": None,
        }
    assert tuple(tokens) == ROLES
    return tokens


def test_the_fuzzer_finds_no_failure_for_any_role(
    db: Any,
    role_tokens: dict[str, str | None],
    worker: Any,
    worker_env: dict[str, str],
    tmp_path: Path,
) -> None:
    from ops.models import Rejection

    server = Server(worker_env, tmp_path / "serve.log").start()
    failures = {}
    try:
        for role, token in role_tokens.items():
            report = tmp_path / f"junit-{role}.xml"
            done = fuzz(server.base, token, report, seed_of(db.backend, role))
            if done.returncode != 0:
                failures[role] = done.stdout[-6000:] + done.stderr[-2000:]
    finally:
        server.stop()
    assert not failures, "\n\n".join(f"== {role} ==\n{text}" for role, text in failures.items())

    def queue_drained() -> bool:
        import redis

        client = redis.Redis.from_url(worker_env["FIELDOPS_REDIS_URL"])
        return client.llen(worker_env["FIELDOPS_QUEUE"]) == 0

    wait_for(queue_drained, timeout=120)
    with Session(db.engine) as session:
        refused = session.exec(select(Rejection)).all()
    assert [(r.kind, r.reason) for r in refused] == []  # what the API accepted, the worker stored
