"""`flask --app app esop import-jobs FILE --revision 8 --source "…"`: load a 한국표준직업분류 revision
from its official table (issue 16 defect 12), checked whole before anything is stored."""
from __future__ import annotations

from pathlib import Path

import click

from ..models import jobs as stored
from ..rules import ksco
from .jobs import forget


def read_table(path: Path) -> str:
    """UTF-8 (with or without BOM), else CP949: the two encodings Statistics Korea's files come in."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp949")


def import_jobs(text: str, revision: str, source: str) -> str:
    """Check and store one revision; the sentence to print. TableError / RevisionConflict / ValueError
    when refused (nothing stored)."""
    if not source.strip():
        raise ValueError("--source must say where the file came from (the official notice and file)")
    tree = ksco.parse_table(text, revision)
    stored_now = stored.load_revision(tree, source.strip())
    forget(revision)
    counts = "/".join(str(sum(1 for o in tree.rows if o.level == n)) for n in (1, 2, 3))
    return (f"{tree.label}: {'loaded' if stored_now else 'already loaded, unchanged'} "
            f"({counts} major/sub-major/minor groups)")


@click.command("import-jobs")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--revision", required=True, help="The revision number the file is (7, 8).")
@click.option("--source", required=True, help="Provenance: the 통계청 notice and the file it came from.")
def import_jobs_cmd(file, revision, source):
    """Load a 한국표준직업분류 revision from FILE (CSV code,name,level,parent); running it again is harmless."""
    try:
        click.echo(import_jobs(read_table(file), revision.strip(), source))
    except ValueError as exc:  # TableError, RevisionConflict, no source: nothing was stored
        raise click.ClickException(f"{file.name}: {exc}") from None


def register(group) -> None:
    group.add_command(import_jobs_cmd)
