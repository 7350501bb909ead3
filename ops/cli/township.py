"""`fieldops township show`: what the database knows about a township."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

import typer

from ops.cli.runtime import reports_errors, runtime

app = typer.Typer(help="乡镇 / townships", no_args_is_help=True)


class Format(StrEnum):
    """Output formats of `township show`."""

    table = "table"
    json = "json"


@app.command("show")
@reports_errors
def show(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="乡镇名称 / township name"),
    fmt: Format = typer.Option(Format.table, "--format", "-f"),
) -> None:
    """Villages, crossings, staff counts by role, people on leave today."""
    from ops.runtime.db import session_scope
    from ops.services.townships import describe_township

    rt = runtime(ctx)
    with session_scope(rt.engine()) as session:
        info = describe_township(session=session, name=name, now=datetime.now(UTC))
    if fmt is Format.json:
        typer.echo(json.dumps(info, ensure_ascii=False, indent=2))
    else:
        print_township(info, tz=rt.settings.tz)


def print_township(info: dict[str, Any], *, tz: Any) -> None:
    """Render `describe_township` output as tables, Chinese first."""
    from rich.table import Table

    from ops.cli.runtime import as_text
    from ops.cli.runtime import console as wide_console
    from ops.models.roles import role_label

    console = wide_console()
    title = as_text(info["township"])
    title.stylize("bold")
    console.print(title)
    villages = Table(title=f"村 villages ({len(info['villages'])})")
    for header in ("编号 code", "名称 name", "面积 km²", "地块 parts"):
        villages.add_column(header)
    for v in info["villages"]:
        villages.add_row(
            as_text(v["code"]), as_text(v["name"]), f"{v['area_km2']:.2f}", str(v["parts"])
        )
    console.print(villages)
    crossings = Table(title=f"路口 crossings ({len(info['crossings'])})")
    for header in ("编号 code", "名称 name", "经度 lon", "纬度 lat", "半径 m"):
        crossings.add_column(header)
    for p in info["crossings"]:
        crossings.add_row(
            as_text(p["code"]),
            as_text(p["name"]),
            f"{p['lon']:.5f}",
            f"{p['lat']:.5f}",
            f"{p['radius_m']:g}",
        )
    console.print(crossings)
    staff = info["staff"]
    roles = Table(title=f"人员 staff: {staff['active']} 在岗 active / {staff['total']}")
    roles.add_column("角色 role")
    roles.add_column("人数 people", justify="right")
    for code, count in staff["by_role"].items():
        roles.add_row(f"{role_label(code)} {code}", str(count))
    console.print(roles)
    leave = Table(title=f"今日请假 on leave today ({len(info['on_leave'])})")
    for header in ("编号 id", "姓名 name", "至 until", "原因 reason"):
        leave.add_column(header)
    for lv in info["on_leave"]:
        until = _last_moment(datetime.fromisoformat(lv["until"]).astimezone(tz))
        leave.add_row(as_text(lv["staff_id"]), as_text(lv["name"]), until, as_text(lv["reason"]))
    console.print(leave)
    console.print(f"班次模板 shift templates: {info['shift_templates']}")


def _last_moment(end: datetime) -> str:
    """Show an exclusive end people's way: midnight ends mean "through the day before"."""
    if end.hour == 0 and end.minute == 0:
        return f"{(end - timedelta(days=1)):%Y-%m-%d}（含 incl.）"
    return f"{end:%Y-%m-%d %H:%M}"
