"""`orderhub run` and `orderhub submit`: the hub as services, and files handed to it."""

from __future__ import annotations

import logging
import signal
import sys
import threading
from pathlib import Path

import click

from hub.bus.publisher import Publisher
from hub.context import Context
from hub.ingest import Received, ingest_many
from hub.services import Hub, declare_all, service_names


@click.command()
@click.argument("services", nargs=-1)
@click.option(
    "--drop",
    "drop",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Watch this folder for inbound files (default: <var>/inbox).",
)
@click.option("--no-drop", is_flag=True, help="Do not watch a drop folder.")
@click.option(
    "--replicas", default=1, show_default=True, help="Runners per service in this process."
)
@click.option("-v", "--verbose", is_flag=True)
def run(
    services: tuple[str, ...], drop: Path | None, no_drop: bool, replicas: int, verbose: bool
) -> None:
    """Run SERVICES (all by default) until SIGTERM or Ctrl-C."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(asctime)s %(name)s %(message)s",
    )
    context = Context.open()
    names = list(services) or service_names()
    folder = None if no_drop else (drop or context.settings.var_dir / "inbox")
    hub = Hub(context, names, context.settings.amqp_url, replicas=replicas, drop_folder=folder)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    hub.start()
    port = context.settings.metrics.port
    if port:
        from hub.web.server import serve

        host = context.settings.metrics.host
        serve(context, host, port, stop, metrics=hub.metrics)
        click.echo(f"dashboard and /metrics on http://{host}:{port}/", err=True)
    click.echo(
        f"orderhub running: {', '.join(names)}" + (f"; drop folder {folder}" if folder else ""),
        err=True,
    )
    try:
        stop.wait()
    finally:
        hub.stop()
        context.close()


@click.command()
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False, exists=True)
)
@click.option(
    "--partner",
    default=None,
    help="The partner the files come from (default: read from the envelope).",
)
def submit(files: tuple[Path, ...], partner: str | None) -> None:
    """Hand FILES to the running hub as if a channel had received them."""
    context = Context.open()
    if partner is not None:
        context.partners.get(partner)  # refuse an unknown partner before sending anything
    try:
        received = [Received(path.name, path.read_bytes(), partner) for path in files]
        declare_all(context, context.settings.amqp_url)  # so the files wait if the hub is down
        with Publisher(context.settings.amqp_url, "orderhub-submit") as publisher:
            ids = ingest_many(context.store, publisher, received, channel="submit")
        for path, raw_id in zip(files, ids, strict=True):
            click.echo(f"{path}: accepted as {raw_id}")
    finally:
        context.close()


@click.command()
@click.option(
    "--timeout", default=50.0, show_default=True, help="Seconds to wait for every order to settle."
)
def demo(timeout: float) -> None:
    """Run the whole flow on the bundled samples with simulated partners, and report."""
    from hub.demo.run import run_demo

    repo = Path.cwd()
    if not (repo / "samples").is_dir() or not (repo / "config").is_dir():
        raise click.ClickException(
            "run the demo from the orderhub checkout (samples/ and config/ are needed)"
        )
    logging.basicConfig(level=logging.ERROR)
    sys.exit(run_demo(repo, click.echo, timeout=timeout))
