"""The `fieldops` command line."""

import typer

app = typer.Typer(help="FieldOps: rosters, check-ins and coverage for township field work.")


def main() -> None:
    """Run the fieldops CLI."""
    app()
