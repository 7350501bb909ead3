"""`fieldops import ...` and `fieldops template ...`: files in, blank templates out."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from ops.cli.runtime import CoordinateSystem, reports_errors, runtime

import_app = typer.Typer(
    help="导入数据（全部成功或全部不写入）/ import files, all-or-nothing", no_args_is_help=True
)

FILE = typer.Argument(..., help="the file to import", show_default=False)
TOWNSHIP = typer.Option(..., "--township", "-t", help="乡镇名称 / township name")


def _print_report(report: object) -> None:
    from ops.importing.upsert import ImportReport

    assert isinstance(report, ImportReport)
    for warning in report.warnings:
        typer.echo(f"注意 / warning: {warning}", err=True)
    typer.echo(report.summary())


def run_import(
    ctx: typer.Context, importer: str, file: Path, township: str, **extra: object
) -> None:
    """Run one importer (`ops.importing.<importer>`) in a session and print its report."""
    import importlib

    from ops.runtime.db import session_scope

    run = getattr(importlib.import_module(f"ops.importing.{importer}"), f"import_{importer}")
    rt = runtime(ctx)
    with session_scope(rt.engine()) as session:
        report = run(
            session=session, path=file, township_name=township, settings=rt.settings, **extra
        )
    _print_report(report)


@import_app.command("geo")
@reports_errors
def import_geo(
    ctx: typer.Context,
    file: Path = FILE,
    township: str = TOWNSHIP,
    repair: bool = typer.Option(
        False, "--repair", help="fix self-intersecting polygons (make_valid)"
    ),
    crs: CoordinateSystem | None = typer.Option(
        None,
        "--crs",
        case_sensitive=False,
        show_default=False,
        help="坐标系 / the file's coordinate system: wgs84 (default; cgcs2000 is the same), "
        "gcj02 (Amap/高德, Tencent, WeChat), bd09 (Baidu); stored as WGS84",
    ),
) -> None:
    """Villages (Polygon/MultiPolygon) and crossings (Point, kind=intersection) from GeoJSON."""
    run_import(ctx, "geo", file, township, repair=repair, crs=crs.value if crs else None)


@import_app.command("staff")
@reports_errors
def import_staff(ctx: typer.Context, file: Path = FILE, township: str = TOWNSHIP) -> None:
    """Staff list (.xlsx/.csv): 编号 姓名 电话 角色 所属村 每周最多班次."""
    run_import(ctx, "staff", file, township)


@import_app.command("leave")
@reports_errors
def import_leave(ctx: typer.Context, file: Path = FILE, township: str = TOWNSHIP) -> None:
    """Leave (.xlsx/.csv): 编号 开始 结束 原因 (dates or local date-times)."""
    run_import(ctx, "leave", file, township)


@import_app.command("shifts")
@reports_errors
def import_shifts(ctx: typer.Context, file: Path = FILE, township: str = TOWNSHIP) -> None:
    """Shift templates (.xlsx/.csv): 岗位 星期 开始 结束 最少人数 最多人数 角色 构成."""
    run_import(ctx, "shifts", file, township)


@import_app.command("disputes")
@reports_errors
def import_disputes(ctx: typer.Context, file: Path = FILE, township: str = TOWNSHIP) -> None:
    """Dispute cases (.xlsx/.csv): 村 类别 当事人 涉及金额（元） 状态 发现日期 调解日期 结案日期 调解员."""
    run_import(ctx, "records", file, township, kind="disputes")


@import_app.command("petitions")
@reports_errors
def import_petitions(ctx: typer.Context, file: Path = FILE, township: str = TOWNSHIP) -> None:
    """Petitions (.xlsx/.csv): 受理日期 事项 办理日期 化解日期 满意度."""
    run_import(ctx, "records", file, township, kind="petitions")


@import_app.command("events")
@reports_errors
def import_events(ctx: typer.Context, file: Path = FILE, township: str = TOWNSHIP) -> None:
    """Publicity, training, study events (.xlsx/.csv): 类型 日期 主题日 地点 线上线下 受教育人数 ..."""
    run_import(ctx, "records", file, township, kind="events")


class TemplateKind(StrEnum):
    """Which import a template is for."""

    staff = "staff"
    leave = "leave"
    shifts = "shifts"
    disputes = "disputes"
    petitions = "petitions"
    events = "events"


@reports_errors
def template(
    kind: TemplateKind = typer.Argument(
        ..., help="staff | leave | shifts | disputes | petitions | events"
    ),
    out: Path = typer.Option(..., "--out", "-o", help="where to write the .xlsx"),
) -> None:
    """Write a blank .xlsx template with Chinese headers and one example row."""
    from ops.importing.templates import write_template

    write_template(kind.value, out)
    typer.echo(f"已写入模板 {out} / template written to {out}")
