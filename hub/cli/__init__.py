"""`orderhub`: the command line and the composition root.

This is the one place that wires settings, store, bus, adapters and consumers
together. Every command turns the hub's own errors into one line on stderr and a
non-zero exit; a traceback is a bug.
"""

from __future__ import annotations

import sys

import click

from canonical.errors import OrderhubError
from hub.cli.bench import bench
from hub.cli.documents import ack, parse, schema
from hub.cli.nodes import node
from hub.cli.ops import dlq, status, trace, web
from hub.cli.partners import partners
from hub.cli.planning import plan
from hub.cli.running import demo, run, submit


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="orderhub")
def cli() -> None:
    """orderhub: B2B orders in every standard, one canonical order, every partner in its own format."""


for command in (
    parse,
    ack,
    schema,
    partners,
    node,
    plan,
    run,
    submit,
    demo,
    trace,
    dlq,
    status,
    web,
    bench,
):
    cli.add_command(command)


def main() -> None:
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except OrderhubError as exc:
        click.echo(f"orderhub: {exc}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
