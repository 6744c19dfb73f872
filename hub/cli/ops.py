"""The integration engineer's commands: `orderhub trace`, `status`, `web` (and `dlq`).

Every failure is one line on stderr and a non-zero exit: a database or broker that
does not answer is named as such, never shown as a traceback.
"""

from __future__ import annotations

import json
import signal
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import click

from canonical.errors import OrderhubError
from hub.cli.dlq import dlq
from hub.cli.opening import opened, with_store
from hub.cli.tracetext import trace_lines
from hub.store import archive_get
from hub.web.status import (
    broker_json,
    broker_status,
    known_services,
    queue_names,
    store_status,
)
from hub.web.trace import trace as gather_trace


@click.command()
@click.argument("text", metavar="PO_OR_ID")
@click.option("--json", "as_json", is_flag=True, help="One machine-readable JSON object.")
@click.option("--raw", is_flag=True, help="PO_OR_ID is an archive id: print its raw bytes.")
def trace(text: str, as_json: bool, raw: bool) -> None:
    """The order's timeline and every message in and out for it.

    PO_OR_ID is a PO number or an order id; several customers may share a PO number and
    each of their orders is shown. When no order matches, the archived messages that
    do (by control number, file name or archive id) are shown instead, so a document
    that never became an order can still be found. With --raw, PO_OR_ID is an archive
    id and its bytes are written to stdout as they were received or sent.
    """
    with opened() as context:
        if raw:
            record = with_store(context, lambda s: archive_get(s, text.strip()))
            if record is None:
                raise click.ClickException(f"no archived message {text!r}")
            sys.stdout.flush()
            sys.stdout.buffer.write(record.content or b"")
            sys.stdout.buffer.flush()
            return
        result = with_store(context, lambda s: gather_trace(s, text))
    found = bool(result["orders"] or result["messages"])
    if as_json:
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
    elif found:
        click.echo("\n".join(trace_lines(text, result)).rstrip())
    if not found:
        raise click.ClickException(f"nothing matches {text!r}: no order, no archived message")


def _status_lines(
    broker: dict[str, Any], store: dict[str, Any] | None, db_error: str | None
) -> Iterator[str]:
    if broker["reachable"]:
        yield "broker: reachable"
        for q in broker["queues"]:
            depth = "not declared" if q["messages"] is None else f"{q['messages']} ready"
            consumers = "" if q["consumers"] is None else f", {q['consumers']} consumers"
            yield f"  {q['queue']:<28} {depth}{consumers}"
        yield f"parking lot: {broker['parked'] if broker['parked'] is not None else '-'}"
    else:
        yield f"broker: UNREACHABLE ({broker['error']})"
    if store is None:
        yield f"database: UNREACHABLE ({db_error})"
        return
    yield "database: reachable"
    states = store["orders_per_state"]
    yield "orders: " + (", ".join(f"{k} {v}" for k, v in sorted(states.items())) or "none")
    recent = store["archive_last_24h"]
    yield "archive, last 24 h: " + (
        ", ".join(f"{k} {v}" for k, v in sorted(recent.items())) or "none"
    )
    overdue = store["overdue_acks"]
    yield f"overdue acknowledgements: {len(overdue)}"
    for ack in overdue:
        yield f"  {ack['partner']} interchange {ack['interchange_control']} due {ack['due_at']}"
    down = store["nodes_down"]
    yield f"nodes out of routing: {len(down)}"
    for n in down:
        yield f"  {n['node']} since {n['since']} {n['reason']}".rstrip()


@click.command()
@click.option("--json", "as_json", is_flag=True, help="One machine-readable JSON object.")
def status(as_json: bool) -> None:
    """Broker and queues, parking lot, orders per state, last 24 h of messages, overdue acks.

    Exits 1 when the broker or the database does not answer, saying which.
    """
    with opened() as context:
        settings = context.settings
        names = queue_names(known_services(), settings.bus.retry_tiers)
        broker = broker_json(broker_status(settings.amqp_url, names))
        store: dict[str, Any] | None = None
        db_error: str | None = None
        try:
            store = with_store(context, lambda s: store_status(s, datetime.now(UTC)))
        except click.ClickException as exc:
            db_error = exc.message.removeprefix("database unreachable: ")
    if as_json:
        report = {"broker": broker, "database": {"reachable": store is not None, "error": db_error}}
        click.echo(json.dumps({**report, **(store or {})}, indent=2))
    else:
        click.echo("\n".join(_status_lines(broker, store, db_error)))
    down = [name for name, up in (("broker", broker["reachable"]), ("database", store)) if not up]
    if down:
        click.echo(f"orderhub: {' and '.join(down)} unreachable", err=True)
        raise SystemExit(1)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=None, help="Default: metrics.port.")
def web(host: str, port: int | None) -> None:
    """Serve the dashboard, the HTTP API and /metrics until Ctrl-C."""
    from hub.web import serve

    with opened() as context:
        port = port or context.settings.metrics.port or 9464
        stop = threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
        try:
            thread = serve(context, host, port, stop)
        except OrderhubError as exc:
            raise click.ClickException(str(exc)) from None
        click.echo(f"orderhub web on http://{host}:{port}/", err=True)
        while thread.is_alive():
            thread.join(0.5)


__all__ = ["dlq", "status", "trace", "web"]
