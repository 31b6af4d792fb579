"""`flask --app app esop import-addresses FILE...`: load the official 도로명주소 한글 전체분 files."""
from __future__ import annotations

import click


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
                              progress=lambda n: click.echo(f"  {n:,} rows …"))
    except ImportBusy as exc:
        raise click.ClickException(str(exc))
    click.echo(f"imported {result.rows:,} addresses ({result.terms:,} names) in {result.seconds:.1f}s; "
               f"{result.skipped:,} lines skipped")
    for error in result.errors:
        click.echo(f"  skipped {error}", err=True)


def register(group) -> None:
    group.add_command(import_addresses_cmd)
