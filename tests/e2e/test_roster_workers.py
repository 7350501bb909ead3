"""Roster generation in real worker processes, and the county fan-out over a Celery group."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ops.runtime.queue import ROSTER_GENERATE, send
from tests.conftest import DEMO_DATA

pytestmark = [pytest.mark.worker, pytest.mark.redis]


def load_township(fieldops, tmp_path: Path, name: str, prefix: str) -> None:
    """Load the demo township under `name`, with staff ids renamed so townships do not collide."""
    for kind, file in (
        ("geo", "sewu.geojson"),
        ("staff", "staff.csv"),
        ("shifts", "shifts.csv"),
        ("leave", "leave.csv"),
    ):
        path = DEMO_DATA / file
        if kind in ("staff", "leave"):
            path = tmp_path / f"{prefix}-{file}"
            path.write_text(
                (DEMO_DATA / file).read_text(encoding="utf-8-sig").replace("SW-", f"{prefix}-"),
                encoding="utf-8",
            )
        result = fieldops("import", kind, path, "-t", name)
        assert result.exit_code == 0, result.output


def test_worker_generates_and_stores_a_roster(db, fieldops, tmp_path, worker, client):
    load_township(fieldops, tmp_path, "色务乡", "SW")
    summary = send(client, ROSTER_GENERATE, "色务乡", "2026-11-30", 7).get(timeout=120)
    assert summary["township"] == "色务乡" and summary["version"] == 1
    assert summary["shortfall"] == 0 and summary["assignments"] == 165
    shown = json.loads(
        fieldops("roster", "show", "-t", "色务乡", "-d", "2026-12-01", "-f", "json").stdout
    )
    assert shown["version"] == 1 and len(shown["shifts"]) == 15


def test_county_fan_out_runs_one_task_per_township_and_gathers_them(
    db, fieldops, tmp_path, worker, worker_env
):
    from typer.testing import CliRunner

    from ops.cli import app

    for name, prefix in (("色务乡", "SW"), ("帕那镇", "PN"), ("扎曲乡", "ZQ")):
        load_township(fieldops, tmp_path, name, prefix)
    result = CliRunner().invoke(
        app,
        ["roster", "generate", "--county", "--start", "2026-11-30", "--days", "7"],
        env=worker_env,
    )
    assert result.exit_code == 0, result.output
    assert "全县 3 个乡镇" in result.stdout
    for name in ("色务乡", "帕那镇", "扎曲乡"):
        assert f"{name} v1" in result.stdout
    assert db.count("roster") == 3
