"""`orderhub dlq`: the parking lot from the command line: list, show, replay, purge.

Nothing here decides what to do with a message: ``hub.bus.parking`` does the work and
keeps every message it is not told to move; this module only talks to the engineer.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TypeVar

import click
from pika.exceptions import AMQPError

from canonical.errors import OrderhubError
from hub.bus import parking
from hub.cli.opening import opened
from hub.web.parking import body_text, json_safe, parked_json

T = TypeVar("T")


def _broker(work: Callable[[str], T]) -> T:
    """Run ``work(amqp_url)``; a broker that does not answer is one line, not a traceback."""
    with opened() as context:
        url = context.settings.amqp_url
    try:
        return work(url)
    except (AMQPError, OSError) as exc:
        raise click.ClickException(
            f"broker unreachable: {type(exc).__name__} {exc}".rstrip()
        ) from None
    except OrderhubError as exc:
        raise click.ClickException(str(exc)) from None


def _one_line(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


@click.group()
def dlq() -> None:
    """The parking lot: messages the hub gave up on, with why."""


@dlq.command("list")
@click.option("--service", default=None, help="Only messages this service parked.")
@click.option("--limit", default=1000, show_default=True, help="At most this many.")
@click.option("--json", "as_json", is_flag=True, help="A JSON list.")
def list_(service: str | None, limit: int, as_json: bool) -> None:
    """List parked messages, oldest first; nothing is removed."""
    every = _broker(lambda url: parking.list_parked(url, limit=parking.SCAN_LIMIT))
    found = [p for p in every if service is None or p.service == service][:limit]
    if as_json:
        click.echo(json.dumps([parked_json(p) for p in found], indent=2, ensure_ascii=False))
        return
    if not found:
        click.echo("the parking lot is empty" + (f" for {service}" if service else ""))
        return
    for p in found:
        when = p.time.strftime("%Y-%m-%d %H:%M:%S") if p.time else "-"
        click.echo(
            f"{p.id}  {p.service or '-'}  {when}  attempts {p.attempts}  "
            f"{p.original_exchange} {p.original_routing_key}  {p.size} B"
        )
        click.echo(f"    {p.error_class}: {_one_line(p.error, 100)}")
    click.echo(f"{len(found)} parked")


@dlq.command()
@click.argument("message_id")
@click.option("--json", "as_json", is_flag=True, help="Headers and body as one JSON object.")
def show(message_id: str, as_json: bool) -> None:
    """One parked message: why it is there, its headers and its body."""
    found = _broker(lambda url: parking.show(url, message_id))
    if found is None:
        raise click.ClickException(f"no parked message {message_id!r}")
    if as_json:
        click.echo(json.dumps(parked_json(found, with_body=True), indent=2, ensure_ascii=False))
        return
    click.echo(f"id:             {found.id}")
    click.echo(f"service:        {found.service}")
    click.echo(f"error:          {found.error}")
    click.echo(f"error class:    {found.error_class}")
    click.echo(f"attempts:       {found.attempts}")
    click.echo(f"original:       {found.original_exchange} {found.original_routing_key}")
    click.echo(f"parked at:      {found.time.isoformat() if found.time else '-'}")
    click.echo(f"content type:   {found.content_type or '-'}")
    click.echo("headers:")
    for key, value in sorted(json_safe(found.headers).items()):
        shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        click.echo(f"  {key}: {shown}")
    kind, text = body_text(found.body, found.content_type)
    click.echo(f"body ({found.size} bytes, {kind}):")
    click.echo(text)


def _chosen(ids: tuple[str, ...], all_: bool) -> list[str] | None:
    if bool(ids) == all_:
        raise click.UsageError("give message ids or --all (not both)")
    return None if all_ else list(ids)


def _report(done: list[str], wanted: list[str] | None, verb: str) -> None:
    for message_id in done:
        click.echo(f"{verb} {message_id}")
    click.echo(f"{len(done)} {verb}")
    missing = [m for m in wanted or [] if m not in done]
    if missing:
        raise click.ClickException(f"not in the parking lot: {', '.join(missing)}")


@dlq.command()
@click.argument("ids", nargs=-1)
@click.option("--all", "all_", is_flag=True, help="Every parked message (of --service).")
@click.option("--service", default=None, help="Only messages this service parked.")
def replay(ids: tuple[str, ...], all_: bool, service: str | None) -> None:
    """Send parked messages back where they were first published, attempts reset.

    A message leaves the parking lot only once the broker has confirmed it again.
    """
    wanted = _chosen(ids, all_)
    done = _broker(lambda url: parking.replay(url, wanted, service))
    _report(done, wanted, "replayed")


@dlq.command()
@click.argument("ids", nargs=-1)
@click.option("--all", "all_", is_flag=True, help="Every parked message (of --service).")
@click.option("--service", default=None, help="Only messages this service parked.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def purge(ids: tuple[str, ...], all_: bool, service: str | None, yes: bool) -> None:
    """Delete parked messages for good (their raw bytes stay in the archive)."""
    wanted = _chosen(ids, all_)
    what = ", ".join(wanted) if wanted else "every parked message"
    if service:
        what += f" of {service}"
    if not yes:
        click.confirm(f"Delete {what} for good?", abort=True)
    done = _broker(lambda url: parking.purge(url, wanted, service))
    _report(done, wanted, "purged")
