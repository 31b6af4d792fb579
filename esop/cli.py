"""`flask --app app esop …`: operator commands (migrations, demo data, rosters, unlocks)."""
from __future__ import annotations

import csv

import click
from flask.cli import AppGroup

from .db import db

esop_cli = AppGroup("esop", help="esop operator commands.")


@esop_cli.command("migrate")
def migrate_cmd():
    """Apply pending schema migrations."""
    from .migrations import migrate
    applied = migrate()
    click.echo("applied: " + (", ".join(applied) if applied else "nothing (up to date)"))


@esop_cli.command("demo")
def demo_cmd():
    """Create the demo union, roster and member (idempotent)."""
    from . import demo
    for line in demo.ensure_demo_data():
        click.echo(line)


@esop_cli.command("unlock")
@click.argument("user_id")
def unlock_cmd(user_id):
    """Lift a login lockout after the member's identity was checked at a branch or by phone."""
    from .account.service import unlock
    from .models.member import member_by_user_id
    member = member_by_user_id(user_id)
    if member is None:
        raise click.ClickException(f"no member with ID {user_id!r}")
    unlock(member)
    click.echo(f"unlocked {member.user_id}")


@esop_cli.command("load-roster")
@click.argument("union_name")
@click.argument("csv_file", type=click.File("r", encoding="utf-8-sig"))
def load_roster_cmd(union_name, csv_file):
    """Load a union roster from CSV with columns 성명,주민등록번호[,사번]; re-loading replaces it."""
    from .rosters import load_roster
    try:
        count, skipped = load_roster(union_name, csv.reader(csv_file))
    except ValueError as exc:
        raise click.ClickException(str(exc))
    click.echo(f"{union_name}: {count} members loaded, {len(skipped)} lines skipped")
    for line_no, reason in skipped:
        click.echo(f"  line {line_no}: {reason}", err=True)


def init_app(app) -> None:
    from .addresses_cli import register as register_address_commands
    register_address_commands(esop_cli)
    from .verify.cli import register as register_verify_commands
    register_verify_commands(esop_cli)
    app.cli.add_command(esop_cli)

    @app.shell_context_processor
    def _ctx():
        return {"db": db}
