"""`flask --app app esop …`: operator commands (migrations, demo data, rosters, unlocks)."""
from __future__ import annotations

import csv
from pathlib import Path

import click
from flask.cli import AppGroup, with_appcontext

from .db import db

# Commands that must run before (or without) the schema being current, and touch nothing else.
NO_START = {"migrate", "check-config", "version"}


def _version() -> str:
    from . import __version__
    return __version__


@click.group("esop", cls=AppGroup, invoke_without_command=False)
@click.version_option(_version(), "--version", prog_name="esop", message="%(prog)s %(version)s")
@click.pass_context
@with_appcontext
def esop_cli(ctx):
    """esop operator commands."""
    # Runs only when a command runs (never for --help): the app was built without side effects.
    if ctx.invoked_subcommand not in NO_START:
        from flask import current_app

        from . import start
        from .migrations import SchemaNotReady
        try:
            start(current_app._get_current_object(), serving=False)
        except SchemaNotReady as exc:
            raise click.ClickException(str(exc)) from None


@esop_cli.command("migrate")
def migrate_cmd():
    """Apply pending schema migrations (the release step; one process at a time)."""
    from flask import current_app

    from .config import save_instance_secrets
    from .migrations import migrate
    save_instance_secrets(Path(current_app.instance_path), current_app.config.pop("UNSAVED_SECRETS", {}))
    with db.connection_context():
        applied = migrate()
    click.echo("applied: " + (", ".join(applied) if applied else "nothing (up to date)"))


@esop_cli.command("version")
def version_cmd():
    """Print esop's version."""
    click.echo(f"esop {_version()}")


@esop_cli.command("check-config")
def check_config_cmd():
    """Print the effective settings (secrets masked); reaching this line means they are valid."""
    from flask import current_app

    from .config import effective_settings
    for name, value in effective_settings(current_app.config):
        click.echo(f"{name} = {value}")


@esop_cli.command("demo")
def demo_cmd():
    """Create the demo union, roster and member (idempotent); refused on a production database."""
    from flask import current_app

    from . import demo
    if current_app.config["PRODUCTION"]:
        # The demo member's password is printed in README.md: it must never exist in production.
        raise click.ClickException("refusing to create demo members with ESOP_ENV=production (their password "
                                   "is published in README.md).")
    for line in demo.ensure_demo_data():
        click.echo(line)


@esop_cli.command("rotate-keys")
def rotate_keys_cmd():
    """Re-encrypt personal data under the first key of ESOP_DATA_KEYS (keep old keys listed until done)."""
    from .security.rotation import rotate
    for table, count in rotate().items():
        click.echo(f"{table}: {count} rows re-encrypted")


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


@esop_cli.command("purge")
@click.option("--days", default=None, type=int,
              help="keep access records this many days (default: ESOP_ACCESS_RECORD_DAYS, 730; at least 730: "
                   "2 years for access records of RRN processing)")
@click.option("--dry-run", is_flag=True, help="count what would be deleted, delete nothing")
def purge_cmd(days, dry_run):
    """Delete what has ended (sessions, flows, codes, challenges, throttle counters) and access records
    (audit and security events) older than the retention period (README). Run it on a timer."""
    import datetime as dt

    from flask import current_app

    from .models.audit import AuditEvent
    from .mypage.withdrawal import ACCESS_RECORD_DAYS, purge_access_records
    from .purge import purge_ended
    days = current_app.config["ACCESS_RECORD_DAYS"] if days is None else days
    if days < ACCESS_RECORD_DAYS:
        raise click.ClickException(f"--days must be at least {ACCESS_RECORD_DAYS} (2 years)")
    verb = "would delete" if dry_run else "deleted"
    with db.connection_context():
        for table, count in purge_ended(dry_run=dry_run).items():
            click.echo(f"{table}: {verb} {count} ended rows")
        if dry_run:
            cutoff = dt.datetime.now() - dt.timedelta(days=days)
            count = AuditEvent.select().where(AuditEvent.created_at < cutoff).count()
            click.echo(f"would delete {count} audit records older than {cutoff:%Y-%m-%d %H:%M}")
            return
        result = purge_access_records(days)
    click.echo(f"deleted {result['audit_events']} audit records and {result['security_events']} security "
               f"events older than {result['cutoff']:%Y-%m-%d %H:%M}")


@esop_cli.command("worker")
@click.option("--once", is_flag=True, help="send what is due, then exit (tests, cron)")
@click.option("--poll", default=1.0, show_default=True, help="seconds between looks at the outbox")
def worker_cmd(once, poll):
    """Send the outbox (보안 알림, notices) with retries until SIGTERM; several may run at once."""
    from .outbox import run
    run(once=once, poll=poll)


@esop_cli.command("outbox")
@click.option("--failed", "only_failed", is_flag=True, help="list only messages that were given up on")
@click.option("--limit", default=50, show_default=True)
def outbox_cmd(only_failed, limit):
    """Counts by status and the latest messages not yet sent — never their text, numbers masked."""
    from .models.outbox import OutboxMessage
    from .outbox import summary
    from .rules.phone import mask_phone
    with db.connection_context():
        click.echo(" ".join(f"{status}={n}" for status, n in summary().items()))
        wanted = ["failed"] if only_failed else ["pending", "sending", "failed"]
        for row in (OutboxMessage.select().where(OutboxMessage.status.in_(wanted))
                    .order_by(OutboxMessage.id.desc()).limit(limit)):
            click.echo(f"#{row.id} {row.status} {row.purpose} to {mask_phone(row.to)} tries={row.attempts} "
                       f"queued {row.created_at:%Y-%m-%d %H:%M:%S} next {row.next_attempt_at:%H:%M:%S}"
                       + (f" last error: {row.last_error}" if row.last_error else ""))


def init_app(app) -> None:
    from .address.cli import register as register_address_commands
    register_address_commands(esop_cli)
    from .verify.cli import register as register_verify_commands
    register_verify_commands(esop_cli)
    from .lookup.jobs_cli import register as register_job_commands
    register_job_commands(esop_cli)
    app.cli.add_command(esop_cli)

    @app.shell_context_processor
    def _ctx():
        return {"db": db}
