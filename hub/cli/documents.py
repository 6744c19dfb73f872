"""Commands on documents alone: parse, ack, schema. No broker needed."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import click

from adapters import registry
from canonical.errors import DocumentError
from canonical.schema import json_schemas
from hub.context import Context
from hub.outbound import render_ack


def _read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise click.ClickException(f"{path}: {exc.strerror or exc}") from exc


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--compact", is_flag=True, help="One document per line instead of an indented list.")
def parse(files: tuple[Path, ...], compact: bool) -> None:
    """Print the canonical documents in FILES as JSON.

    A document that cannot be read is named on stderr with its position and the
    standard's error code, and the exit status is 1; the documents that could be read
    are still printed.
    """
    documents: list[dict] = []
    failed = False
    for path in files:
        try:
            reading = registry.read(_read_file(path), name=str(path))
        except DocumentError as exc:
            click.echo(exc.one_line(), err=True)
            failed = True
            continue
        for error in reading.errors:
            click.echo(error.one_line(), err=True)
            failed = True
        documents += [doc.model_dump(mode="json", exclude_none=True) for doc in reading.documents]
    if compact:
        for doc in documents:
            click.echo(json.dumps(doc, ensure_ascii=False))
    else:
        click.echo(json.dumps(documents, indent=2, ensure_ascii=False))
    if failed:
        sys.exit(1)


@click.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
def ack(file: Path) -> None:
    """Print the functional acknowledgement the hub sends for FILE (CONTRL, 997, 999 or TA1)."""
    data = _read_file(file)
    try:
        reading = registry.read(data, name=str(file))
    except DocumentError as exc:
        click.echo(exc.one_line(), err=True)
        sys.exit(1)
    if reading.ack is None:
        click.echo(f"{file}: {reading.standard} has no functional acknowledgement", err=True)
        sys.exit(1)
    context = Context.open()
    try:
        with context.store.session() as session:
            rendered = render_ack(session, context.partners, reading.ack, now=datetime.now(UTC))
    finally:
        context.close()
    sys.stdout.buffer.write(rendered.content)
    sys.stdout.flush()
    for error in reading.errors:
        click.echo(error.one_line(), err=True)


@click.command()
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("var/schema"),
    show_default=True,
    help="Folder to write one <type>.schema.json per canonical document.",
)
def schema(out: Path) -> None:
    """Write the JSON Schemas of every canonical document."""
    out.mkdir(parents=True, exist_ok=True)
    for name, body in json_schemas().items():
        path = out / f"{name}.schema.json"
        path.write_text(json.dumps(body, indent=2) + "\n", encoding="utf-8")
        click.echo(str(path))
