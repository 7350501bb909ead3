"""`fieldops demo` from nothing: the embedded Redis, a real worker and API, a whole week, the summary."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.worker, pytest.mark.slow]


def clean_env(data_dir: Path) -> dict[str, str]:
    """A machine with nothing configured: no database URL, no Redis URL."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FIELDOPS_")}
    return env | {"FIELDOPS_DATA_DIR": str(data_dir)}


def test_demo_runs_a_week_on_embedded_services_and_writes_the_summary(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "ops", "demo"],
        env=clean_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    folder = Path(re.search(r"weekly summary folder: (\S+)", done.stdout)[1])
    assert folder.is_relative_to(tmp_path)
    for name in ("summary.html", "summary.xlsx", "summary.json", "coverage.geojson", "wechat.txt"):
        assert (folder / name).stat().st_size > 0, name
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    kpis = summary["kpis"]
    assert kpis["patrols_planned"] > 0 and 0 < kpis["patrols_done"] <= kpis["patrols_planned"]
    assert kpis["no_shows"] > 0 and kpis["late"] > 0  # the simulation has both
    assert kpis["hazards_reported"] > 0 and kpis["people_reached"] > 0
    assert 0 < kpis["mean_village_coverage"] <= 1
    assert "every item stored exactly once" in done.stdout
    refused = re.search(r"Redis 中断期间 503 应答 (\d+) 次", done.stdout)
    assert refused and int(refused[1]) >= 3, done.stdout[-3000:]  # phones really saw the outage
    assert "准时率" in done.stdout  # the headline table
    assert not (tmp_path / "demo" / "redis.socket").exists()  # the demo's own Redis, on a port
    assert folder.parent.name.startswith("20") and folder.name == "色务乡"  # where the clock writes
    year = Path(re.search(r"this year's figures to date: (\S+)", done.stdout)[1])
    figures = json.loads((year / "figures.json").read_text(encoding="utf-8"))["figures"]
    # the demo's year reads like the township's own report (sized to the days of the year so far)
    assert figures["visits"]["visits"] >= 10 and figures["disputes"]["cases"] >= 1
    assert figures["petitions"]["satisfaction_rate"] == 1.0 and figures["publicity"]["events"] >= 4
    assert figures["traffic"]["persuaders_max"] >= 4 and figures["patrols"]["done"] > 0
    assert "入户走访排查各类纠纷等" in done.stdout and (year / "figures.docx").stat().st_size > 0
    signins_work(done.stdout)


def test_demo_load_only_shows_the_township(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "ops", "demo", "--load-only"],
        env=clean_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "色务村" in done.stdout and "安置点东路口" in done.stdout and "示意数据" in done.stdout
    signins_work(done.stdout)


def signins_work(stdout: str) -> None:
    """The demo ends with the console's address and two sign-ins that the database accepts."""
    from datetime import UTC, datetime

    from sqlmodel import Session

    from ops.identity.accounts import check_signin
    from ops.runtime.db import make_engine
    from ops.runtime.settings import load_settings

    tail = stdout.strip().splitlines()[-3:]
    assert "http://127.0.0.1:8000/console/" in tail[0]
    found = [re.search(r"账号 name (\S+)  密码 password (\S+)", line) for line in tail[1:]]
    assert [m[1] for m in found if m] == ["sewu-dispatcher", "sewu-supervisor"]
    url = re.search(r"(?:demo database: )(\S+)", stdout)[1]  # type: ignore[index]
    engine = make_engine(load_settings(database_url=url))
    with Session(engine) as session:
        roles = [check_signin(session=session, name=m[1], password=m[2], now=datetime.now(UTC)).role
                 for m in found if m]  # fmt: skip
    engine.dispose()
    assert roles == ["dispatcher", "supervisor"]
