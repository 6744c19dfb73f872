"""`orderhub plan`: what the routing engine would do with an order, and why. No side effects."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import click

from adapters import registry
from canonical import Order
from canonical.errors import DocumentError
from hub.context import Context
from hub.netconfig import load_network_file
from hub.opening_stock import current_inventory
from hub.store.nodes import down_set
from routing.explain import format_plan, format_what_if
from routing.planner import plan_batch, plan_order
from routing.whatif import compare


def _orders(files: tuple[Path, ...], context: Context) -> list[tuple[Order, str]]:
    found: list[tuple[Order, str]] = []
    for path in files:
        try:
            reading = registry.read(path.read_bytes(), name=str(path))
        except (DocumentError, OSError) as exc:
            raise click.ClickException(
                exc.one_line() if isinstance(exc, DocumentError) else f"{path}: {exc}"
            ) from exc
        for error in reading.errors:
            click.echo(error.one_line(), err=True)
        partner = context.partners.find(reading.standard, reading.sender)
        if partner is None and reading.ack is not None:
            partner = context.partners.find(reading.ack.standard, reading.ack.sender)
        for doc in reading.documents:
            if isinstance(doc, Order):
                sender = doc.source.sender if doc.source else None
                owner = partner or context.partners.find(reading.standard, sender)
                found.append((doc, owner.id if owner else f"unknown:{sender}"))
    if not found:
        raise click.ClickException("no order in the given file(s)")
    return found


@click.command()
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False, exists=True)
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable plan(s).")
@click.option(
    "--what-if",
    "what_if",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="Replay the orders against this network file too and compare.",
)
@click.option(
    "--together",
    is_flag=True,
    help="Plan the orders as one batch, as the router does with orders that arrive together: "
    "shared stock and capacity, one shipment per node and address.",
)
@click.option(
    "--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="Plan as of this day."
)
def plan(
    files: tuple[Path, ...],
    as_json: bool,
    what_if: Path | None,
    together: bool,
    today: datetime | None,
) -> None:
    """Show what routing would do with the orders in FILES against the configured network
    and inventory, line by line with its reasons. Nothing is reserved or sent."""
    context = Context.open()
    try:
        now = today.replace(tzinfo=UTC) if today else datetime.now(UTC)
        network, rules = context.network, context.rules
        inventory = current_inventory(context.store, network, context.settings.config_dir, now=now)
        with context.store.session() as session:  # nodes out of routing (orderhub node down)
            down = down_set(session)
        orders = _orders(files, context)
        if what_if is not None:
            other = load_network_file(what_if, network.catalog)
            result = compare([o for o, _ in orders], network, other, inventory, rules,
                             customers=[c for _, c in orders], today=now.date())  # fmt: skip
            if as_json:
                click.echo(json.dumps(result.to_dict(), indent=2, default=str))
            else:
                click.echo(format_what_if(result, "the configured network", str(what_if)))
            return
        if together:
            plans = plan_batch([o for o, _ in orders], network, inventory, rules,
                               customers=[c for _, c in orders], today=now.date(), now=now,
                               down=down)  # fmt: skip
        else:
            plans = [
                plan_order(
                    order,
                    network,
                    inventory,
                    rules,
                    customer=customer,
                    today=now.date(),
                    now=now,
                    down=down,
                )  # fmt: skip
                for order, customer in orders
            ]
        if as_json:
            click.echo(json.dumps([p.to_dict() for p in plans], indent=2))
        else:
            click.echo("\n\n".join(format_plan(p) for p in plans))
    finally:
        context.close()
    sys.stdout.flush()
