"""`flask --app app esop import-addresses FILE...`: load the official 도로명주소 한글 전체분 files."""
from __future__ import annotations

import sys
import time

import click

from .importer import Progress


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class CliProgress(Progress):
    """Phase lines ("[2/4] reading rows"), then a bar with rows and an ETA: redrawn in place on a
    terminal, one line per 10 % otherwise (a log file or the journal keeps each line)."""

    WIDTH = 30

    def __init__(self, tty: bool | None = None):
        self.tty = sys.stdout.isatty() if tty is None else tty
        self.started = self.phase_started = time.monotonic()
        self.total = 0
        self.shown = -1

    def phase(self, name: str, total_rows: int | None = None) -> None:
        if self.tty and self.total:
            click.echo()
        number = self.PHASES.index(name) + 1
        self.total, self.shown, self.phase_started = total_rows or 0, -1, time.monotonic()
        click.echo(f"[{number}/{len(self.PHASES)}] {name}" + (f" ({self.total:,} lines)" if self.total else "")
                   + f" — {_clock(self.phase_started - self.started)} elapsed")

    def rows(self, done: int) -> None:
        if not self.total:
            return
        share = min(done / self.total, 1.0)
        step = int(share * 100) if self.tty else int(share * 10) * 10
        if step == self.shown:
            return
        self.shown = step
        spent = time.monotonic() - self.phase_started
        eta = _clock(spent / share - spent) if share else "?"
        bar = "#" * int(share * self.WIDTH)
        line = f"  [{bar:<{self.WIDTH}}] {share:4.0%} {done:,}/{self.total:,} rows, ETA {eta}"
        click.echo(("\r" + line) if self.tty else line, nl=not self.tty)


@click.command("import-addresses")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--encoding", type=click.Choice(["auto", "cp949", "utf-8"]), default="auto",
              help="File encoding; auto detects CP949 (older releases) or UTF-8 (newer).")
@click.option("--force", is_flag=True, help="Start even if an earlier import is recorded as running (it crashed).")
def import_addresses_cmd(files, encoding, force):
    """Replace all addresses by FILES (every province's rnaddrkor_*.txt), atomically."""
    from .importer import ImportBusy, import_files
    try:
        result = import_files(list(files), None if encoding == "auto" else encoding, force=force,
                              progress=CliProgress())
    except ImportBusy as exc:
        raise click.ClickException(str(exc))
    click.echo(f"imported {result.rows:,} addresses ({result.terms:,} names) in {result.seconds:.1f}s; "
               f"{result.skipped:,} lines skipped")
    for error in result.errors:
        click.echo(f"  skipped {error}", err=True)


def register(group) -> None:
    group.add_command(import_addresses_cmd)
