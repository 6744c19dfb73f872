"""`orderhub node`: take a node out of routing and back (an outage, a stock-take).

Down: every plan from then on leaves it out, and the tracker moves the work it has not
shipped yet to other nodes (the node gets cancellations; the customer a new response).
Up: plans may use it again; work already moved stays where it went.
"""

from __future__ import annotations

import json
import uuid

import click

from consumers.messages import NODE_DOWN
from hub.bus.publisher import Publisher
from hub.bus.topology import EVENTS
from hub.cli.opening import opened, with_store
from hub.context import Context
from hub.services import declare_all
from hub.store.nodes import node_set, nodes_down


def _known(context: Context, node_id: str) -> None:
    if node_id not in context.network.node_ids():
        known = ", ".join(context.network.node_ids())
        raise click.ClickException(f"no node {node_id!r} in config/network.yaml (nodes: {known})")


@click.group()
def node() -> None:
    """Take a fulfilment node out of routing, give it back, list those out."""


@node.command()
@click.argument("node_id", metavar="NODE")
@click.option("--reason", default="", help="Why: shown in the order's timeline and the list.")
def down(node_id: str, reason: str) -> None:
    """Take NODE out of routing and move its unshipped work elsewhere."""
    with opened() as context:
        _known(context, node_id)
        with_store(context, lambda s: node_set(s, node_id, down=True, reason=reason))
        body = json.dumps({"node": node_id, "reason": reason}).encode()
        try:
            declare_all(context, context.settings.amqp_url)
            with Publisher(context.settings.amqp_url, "orderhub-node") as publisher:
                publisher.publish(EVENTS, NODE_DOWN, body, message_id=f"node-down-{uuid.uuid4()}")
        except Exception as exc:  # the store says down already: new plans avoid it
            raise click.ClickException(
                f"{node_id} is down for new plans, but its work could not be moved: the broker "
                f"did not take the event ({exc}); run the command again once it is up"
            ) from None
    click.echo(f"{node_id} is down: new plans leave it out; its unshipped work is being moved")


@node.command()
@click.argument("node_id", metavar="NODE")
def up(node_id: str) -> None:
    """Give NODE back to routing."""
    with opened() as context:
        _known(context, node_id)
        with_store(context, lambda s: node_set(s, node_id, down=False))
    click.echo(f"{node_id} is up: new plans may use it again")


@node.command(name="list")
def list_down() -> None:
    """The nodes out of routing now, since when and why."""
    with opened() as context:
        found = with_store(context, nodes_down)
    if not found:
        click.echo("every node is in routing")
    for n in found:
        click.echo(f"{n.node:<24} down since {n.since:%Y-%m-%d %H:%M} UTC  {n.reason}".rstrip())
