"""`fieldops user ...`: office accounts that sign in to the console (/console/)."""

from __future__ import annotations

import sys
from enum import StrEnum

import typer

from ops.cli.runtime import reports_errors, runtime
from ops.errors import InputError, Problem, bilingual

app = typer.Typer(help="控制台账号 / office console accounts", no_args_is_help=True)


class Role(StrEnum):
    """Office roles."""

    dispatcher = "dispatcher"
    supervisor = "supervisor"


def _read_password(from_stdin: bool) -> tuple[str, bool]:
    """The password from standard input (first line), or a generated one; and whether generated."""
    from ops.identity.accounts import new_password

    if not from_stdin:
        return new_password(), True
    line = sys.stdin.readline().rstrip("\r\n")
    return line, False


@app.command("add")
@reports_errors
def add(
    ctx: typer.Context,
    name: str = typer.Option(..., "--name", help="the sign-in name"),
    role: Role = typer.Option(..., "--role", help="dispatcher | supervisor"),
    township: str | None = typer.Option(None, "--township", "-t", help="the account's township"),
    county: bool = typer.Option(False, "--county", help="a county account: every township"),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="read the password from standard input (else generated)"
    ),
) -> None:
    """Create an office account held to one township (--township) or the county (--county)."""
    from ops.identity.accounts import add_account
    from ops.runtime.db import session_scope

    if bool(township) == county:
        raise InputError(
            [
                Problem(
                    "--township/--county",
                    "",
                    bilingual(
                        "请给出 --township 或 --county 之一", "give one of --township or --county"
                    ),
                )
            ]
        )
    password, generated = _read_password(password_stdin)
    with session_scope(runtime(ctx).engine()) as session:
        account = add_account(
            session=session, name=name, role=role.value, township=township, password=password
        )
    scope = account.township or "全县 county"
    typer.echo(f"已创建 {account.name}（{account.role}，{scope}）/ account created", err=True)
    if generated:
        typer.echo("密码只显示这一次 / the password is shown once:", err=True)
        typer.echo(password)


@app.command("list")
@reports_errors
def list_(ctx: typer.Context) -> None:
    """Every office account: name, role, township, and whether it is disabled."""
    from ops.identity.accounts import list_accounts
    from ops.runtime.db import session_scope

    with session_scope(runtime(ctx).engine()) as session:
        accounts = list_accounts(session=session)
    for a in accounts:
        state = "停用 disabled" if a.disabled else "启用 active"
        typer.echo(f"{a.name}\t{a.role}\t{a.township or '全县 county'}\t{state}")


@app.command("disable")
@reports_errors
def disable(ctx: typer.Context, name: str = typer.Option(..., "--name")) -> None:
    """Disable an account: it can no longer sign in, and its sessions end at once."""
    from ops.identity.accounts import disable_account
    from ops.runtime.db import session_scope

    with session_scope(runtime(ctx).engine()) as session:
        ended = disable_account(session=session, name=name)
    typer.echo(f"已停用 {name}，结束 {ended} 个登录 / disabled, {ended} session(s) ended")


@app.command("password")
@reports_errors
def password(
    ctx: typer.Context,
    name: str = typer.Option(..., "--name"),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="read it from standard input"
    ),
) -> None:
    """Give an account a new password (generated and printed once, unless read from stdin)."""
    from ops.identity.accounts import set_password
    from ops.runtime.db import session_scope

    new, generated = _read_password(password_stdin)
    with session_scope(runtime(ctx).engine()) as session:
        set_password(session=session, name=name, password=new)
    typer.echo(f"{name} 的密码已更新 / password changed", err=True)
    if generated:
        typer.echo(new)
